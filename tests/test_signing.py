"""Signed tracking payloads: what a receipt's QR code holds and how anyone checks it offline."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from printing import signing
from printing.signing import (
    InvalidKey,
    Reason,
    ReceiptInvalid,
    TrackingPayload,
    VerifiedReceipt,
    generate_keypair,
    sign,
    verify,
)

OFFICE = "0195c0de-0000-7000-8000-000000000001"
OTHER_OFFICE = "0195c0de-0000-7000-8000-000000000002"
REQUEST = "0195c0de-0000-7000-8000-0000000000aa"
ISSUED = dt.datetime(2026, 3, 10, 9, 0, 41, 123456, tzinfo=dt.timezone(dt.timedelta(hours=7)))
OUR_PRIVATE, OUR_PUBLIC = generate_keypair()
THEIR_PRIVATE, THEIR_PUBLIC = generate_keypair()
B64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def payload(office: str = OFFICE, code: str = "7K3M-Q9TX-4") -> TrackingPayload:
    return TrackingPayload(office, REQUEST, code, ISSUED)


def reason(text: str | bytes, **kwargs: object) -> Reason:
    with pytest.raises(ReceiptInvalid) as raised:
        verify(text, OUR_PUBLIC, **kwargs)  # type: ignore[arg-type]
    return raised.value.reason


def flip(text: str, at: int) -> str:
    """``text`` with the base64url character at ``at`` replaced by another one."""
    replacement = B64_ALPHABET[(B64_ALPHABET.index(text[at]) + 1) % 64]
    return text[:at] + replacement + text[at + 1 :]


def test_a_signed_payload_verifies_with_the_office_public_key() -> None:
    text = sign(payload(), OUR_PRIVATE)

    verified = verify(text, OUR_PUBLIC, office_id=OFFICE)

    assert verified == VerifiedReceipt(
        office_id=OFFICE,
        request_id=REQUEST,
        tracking_code="7K3M-Q9TX-4",
        issued_at=dt.datetime(2026, 3, 10, 2, 0, 41, tzinfo=dt.UTC),  # UTC, to the second
        public_key=OUR_PUBLIC,
    )


def test_the_text_is_compact_qr_friendly_and_the_same_on_every_reprint() -> None:
    text = sign(payload(), OUR_PRIVATE)

    assert text == sign(payload(), OUR_PRIVATE)  # Ed25519 is deterministic
    prefix, body, signature = text.split(".")
    assert prefix == "SWK1"
    assert set(body + signature) <= set(B64_ALPHABET)
    fields = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    assert fields == {"o": OFFICE, "r": REQUEST, "t": "7K3M-Q9TX-4", "i": "2026-03-10T02:00:41Z"}
    assert len(text) < 300  # a version-12 QR code at 15% error correction


def test_public_key_is_derived_from_the_private_key() -> None:
    assert signing.public_key_of(OUR_PRIVATE) == OUR_PUBLIC
    assert len(OUR_PUBLIC) == 43 and set(OUR_PUBLIC) <= set(B64_ALPHABET)


def test_a_changed_tracking_code_with_the_old_signature_is_tampered() -> None:
    prefix, body, signature = sign(payload(), OUR_PRIVATE).split(".")
    fields = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    fields["t"] = "7K3M-Q9TX-5"
    forged_body = base64.urlsafe_b64encode(json.dumps(fields).encode()).rstrip(b"=").decode()

    assert reason(f"{prefix}.{forged_body}.{signature}", office_id=OFFICE) is Reason.TAMPERED


def test_every_single_character_flip_in_the_payload_is_caught() -> None:
    text = sign(payload(), OUR_PRIVATE)
    start = text.index(".") + 1
    end = text.rindex(".")
    for at in range(start, end):
        flipped = flip(text, at)
        assert reason(flipped) is Reason.TAMPERED, at
        with pytest.raises(ReceiptInvalid) as raised:
            verify(flipped, OUR_PUBLIC, office_id=OFFICE)
        # A flip inside the office id makes it name another office; anything else: tampered.
        if raised.value.reason is Reason.OTHER_OFFICE:
            assert raised.value.office_id not in (None, OFFICE)
        else:
            assert raised.value.reason is Reason.TAMPERED, at


def test_every_single_character_flip_in_the_signature_is_caught() -> None:
    text = sign(payload(), OUR_PRIVATE)
    for at in range(text.rindex(".") + 1, len(text)):
        assert reason(flip(text, at), office_id=OFFICE) is Reason.TAMPERED, at


def test_a_receipt_signed_by_another_office_is_reported_as_such() -> None:
    theirs = sign(payload(office=OTHER_OFFICE), THEIR_PRIVATE)

    with pytest.raises(ReceiptInvalid) as raised:
        verify(theirs, OUR_PUBLIC, office_id=OFFICE)
    assert raised.value.reason is Reason.OTHER_OFFICE
    assert raised.value.office_id == OTHER_OFFICE

    # With the other office's key known, it is theirs for certain...
    with pytest.raises(ReceiptInvalid) as raised:
        verify(theirs, OUR_PUBLIC, other_offices={OTHER_OFFICE: THEIR_PUBLIC})
    assert raised.value.reason is Reason.OTHER_OFFICE
    # ...and with their key it verifies.
    assert verify(theirs, THEIR_PUBLIC).office_id == OTHER_OFFICE


def test_another_key_claiming_to_be_this_office_is_a_forgery() -> None:
    forged = sign(payload(office=OFFICE), THEIR_PRIVATE)

    assert reason(forged, office_id=OFFICE) is Reason.TAMPERED


def test_this_office_key_signing_for_another_office_id_is_refused() -> None:
    text = sign(payload(office=OTHER_OFFICE), OUR_PRIVATE)

    assert reason(text, office_id=OFFICE) is Reason.OTHER_OFFICE
    assert verify(text, OUR_PUBLIC).office_id == OTHER_OFFICE  # no office given: key decides


def test_any_of_several_office_keys_may_have_signed() -> None:
    text = sign(payload(), OUR_PRIVATE)

    verified = verify(text, [THEIR_PUBLIC, OUR_PUBLIC], office_id=OFFICE)

    assert verified.public_key == OUR_PUBLIC


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "hello",
        "https://cek.sewaka.id/t/7K3M-Q9TX-4",
        "7K3M-Q9TX-4",
        "SWK1",
        "SWK1.",
        "SWK1..",
        "SWK1.abc",
        "SWK1.a.b.c",
        "SWK1.!!!!.AAAA",
        "SWK1.eyJvIjoxfQ.AAAA",  # signature too short
        "SWK1.eyJvIjoxfQ." + "A" * 85,  # impossible base64 length
        "SWK1." + "A" * 5000 + ".x",
        b"\xff\xfe\x00SWK1",
        b"SWK1.\xc3\x28.AAAA",
        "SWK1.eyJv\x00IjoxfQ.AAAA",
        "swk1.eyJvIjoxfQ." + "A" * 86,
    ],
)
def test_garbage_is_unreadable(text: str | bytes) -> None:
    assert reason(text) is Reason.UNREADABLE


def test_a_newer_format_version_is_named_as_such() -> None:
    body_and_signature = sign(payload(), OUR_PRIVATE).split(".", 1)[1]

    assert reason(f"SWK2.{body_and_signature}") is Reason.WRONG_VERSION


def test_surrounding_whitespace_from_a_scanner_is_forgiven() -> None:
    text = sign(payload(), OUR_PRIVATE)

    assert verify(f"  {text}\r\n", OUR_PUBLIC).tracking_code == "7K3M-Q9TX-4"
    assert verify(text.encode("ascii"), OUR_PUBLIC).tracking_code == "7K3M-Q9TX-4"


@given(st.one_of(st.binary(max_size=400), st.text(max_size=400)))
def test_no_input_makes_verify_fail_other_than_with_a_reason(text: str | bytes) -> None:
    with pytest.raises(ReceiptInvalid) as raised:
        verify(text, OUR_PUBLIC, office_id=OFFICE)
    assert raised.value.reason in Reason


@given(st.text(alphabet=B64_ALPHABET, min_size=1, max_size=300))
def test_random_bodies_in_our_format_never_verify(body: str) -> None:
    signature = sign(payload(), OUR_PRIVATE).rsplit(".", 1)[1]
    with pytest.raises(ReceiptInvalid):
        verify(f"SWK1.{body}.{signature}", OUR_PUBLIC)


@pytest.mark.parametrize("key", ["", "abc", "A" * 43 + "!", base64.b64encode(b"x" * 31).decode()])
def test_a_malformed_key_is_refused_as_a_key_problem(key: str) -> None:
    with pytest.raises(InvalidKey):
        verify(sign(payload(), OUR_PRIVATE), key)
    with pytest.raises(InvalidKey):
        sign(payload(), key)


def test_signing_needs_an_aware_time_and_real_ids() -> None:
    with pytest.raises(ValueError):
        sign(
            TrackingPayload(OFFICE, REQUEST, "7K3M-Q9TX-4", ISSUED.replace(tzinfo=None)),
            OUR_PRIVATE,
        )
    with pytest.raises(ValueError):
        sign(TrackingPayload(OFFICE, "", "7K3M-Q9TX-4", ISSUED), OUR_PRIVATE)
