"""The fast paths that make sync fast give exactly the answers of the plain rules.

A fast path that disagreed with the rules would let a bad NIK or a control character into the
central database, or reject a good row: each is held here against a reference written the
slow, obvious way, for any text hypothesis can make.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError
from sqlalchemy import delete
from support import BUDI_NIK, FakeClock, fetch_all, sqlite, valid_form

from desktop import paths
from desktop.domain import nik as nik_rules
from desktop.domain.correction import Correction
from desktop.domain.ids import uuid7
from desktop.domain.status import Status
from desktop.models.outbox import canonical_json, restamp_office
from desktop.models.tables import StatusChange
from desktop.services.requests import RequestService
from desktop.services.sync import SqlStore
from desktop.services.workspace import Workspace
from sync import wire


def reference_check(text: str, today: dt.date | None = None) -> nik_rules.NikProblem | None:
    """The NIK rules the slow way: :func:`nik_rules.parse` raising."""
    try:
        nik_rules.parse(text, today)
    except nik_rules.NikError as exc:
        return exc.problem
    return None


def reference_unprintable(text: str) -> bool:
    return any((ord(ch) < 32 and ch not in "\n\t") or 0x7F <= ord(ch) < 0xA0 for ch in text)


DIGITS = st.text(alphabet="0123456789", min_size=16, max_size=16)
# Near-valid NIKs: real provinces, 00 regencies and districts, day fields around 0, 31, 40
# and 71, month 0 and 13, serial 0000, and years on both sides of "today".
NEAR_VALID = st.builds(
    lambda province, rest, day, month, year, serial: (
        f"{province}{rest}{day:02d}{month:02d}{year:02d}{serial:04d}"
    ),
    st.sampled_from([*nik_rules.PROVINCES, "00", "01", "10", "99", "20"]),
    st.sampled_from(["0101", "0001", "0100", "0000", "7371"]),
    st.integers(0, 99),
    st.integers(0, 13),
    st.integers(0, 99),
    st.integers(0, 9999),
)
DAYS = st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31))


@settings(max_examples=400, deadline=None)
@given(st.one_of(DIGITS, NEAR_VALID), st.one_of(st.none(), DAYS))
def test_nik_check_of_sixteen_digits_matches_the_rules(text: str, today: dt.date | None) -> None:
    assert nik_rules.check(text, today) == reference_check(text, today)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=24), st.one_of(st.none(), DAYS))
def test_nik_check_of_any_text_matches_the_rules(text: str, today: dt.date | None) -> None:
    assert nik_rules.check(text, today) == reference_check(text, today)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=24))
def test_nik_normalize_of_any_text_is_unchanged(text: str) -> None:
    slow = "".join(ch for ch in nik_rules.ascii_digits(text) if ch not in nik_rules.SEPARATORS)
    assert nik_rules.normalize(text) == slow


def test_nik_fast_path_answers_each_problem() -> None:
    today = dt.date(2024, 6, 1)
    cases = {
        "3201014506900001": None,
        "0000004506900001": None,  # temporary: region not checked
        "1001014506900001": nik_rules.NikProblem.BAD_PROVINCE,
        "3200014506900001": nik_rules.NikProblem.BAD_REGENCY,
        "3201004506900001": nik_rules.NikProblem.BAD_DISTRICT,
        "3201013202900001": nik_rules.NikProblem.BAD_BIRTH_DATE,
        "3201010101250001": None,  # 2025 is in the future: 1925
        "3201014506900000": nik_rules.NikProblem.BAD_SERIAL,
    }
    for text, problem in cases.items():
        assert nik_rules.check(text, today) is problem, text


LINE, PARAGRAPH = TypeAdapter(wire.Line), TypeAdapter(wire.Paragraph)


def passes(adapter: TypeAdapter[str], text: str) -> bool:
    try:
        adapter.validate_python(text)
    except ValidationError:
        return False
    return True


def test_line_and_paragraph_patterns_match_the_rule_for_every_character() -> None:
    """The text fields are patterns checked in pydantic's core; the rule is written out
    above the slow way. A character one lets through and the other refuses would be a hole."""
    refused = []
    for code in range(0x110000):
        text = f"Jl. Mawar{chr(code)}No. 5"
        if 0xD800 <= code < 0xE000:  # a lone surrogate is no text at all: both refuse it
            assert not passes(LINE, text) and not passes(PARAGRAPH, text)
            continue
        printable = not reference_unprintable(chr(code))
        assert passes(PARAGRAPH, text) is printable, hex(code)
        assert passes(LINE, text) is (printable and chr(code) not in "\n\t"), hex(code)
        if not printable:
            refused.append(code)
    assert len(refused) == 30 + 1 + 32  # C0 but tab and line feed, DEL, C1
    assert passes(PARAGRAPH, "baris\nkedua\n") and not passes(LINE, "satu\n")
    assert passes(LINE, "") and passes(PARAGRAPH, "")


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=40))
def test_line_and_paragraph_patterns_match_the_rule_for_any_text(text: str) -> None:
    printable = not reference_unprintable(text)
    assert passes(PARAGRAPH, text) is printable
    assert passes(LINE, text) is (printable and "\n" not in text and "\t" not in text)


def test_stored_payloads_are_their_own_canonical_text(
    workspace: Workspace, request_service: RequestService, clock: FakeClock
) -> None:
    """The triggers store sorted keys: the stored bytes hash to the checksum, so sending
    need not write each payload again (rows, updates, corrections, tombstones, restamps)."""
    siti = request_service.register(valid_form())
    clock.set(clock.now + dt.timedelta(minutes=3, microseconds=500_007))
    request_service.change_status(siti.id, Status.CALLED)
    budi = request_service.register(
        valid_form(
            nik=BUDI_NIK,
            name="Budi Ñandú Santoso",
            sex="M",
            birth_date="05-01-1985",
            service_code="SKTM",
            notes='Baris\nkedua ✓ "kutip" \\ garis',
        )
    )
    request_service.correct(budi.id, Correction(phone="0813-1111-2222", reason="Salah ketik"))
    with workspace.transaction() as session:
        session.execute(delete(StatusChange).where(StatusChange.request_id == siti.id))
    with workspace.transaction() as session:
        restamp_office(session, str(uuid7()))

    rows = fetch_all(
        workspace, "SELECT operation, CAST(payload AS BLOB) AS raw, checksum FROM outbox"
    )
    assert {r["operation"] for r in rows} == {"insert", "update", "delete"}
    for r in rows:
        raw = r["raw"]
        assert isinstance(raw, bytes)
        assert raw == canonical_json(json.loads(raw))
        assert hashlib.sha256(raw).hexdigest() == r["checksum"]


def test_a_payload_stored_in_another_key_order_is_still_verified_and_sent(
    workspace: Workspace, request_service: RequestService
) -> None:
    """An entry queued before the keys were sorted (or written by another tool in another
    form) takes the slow path: still verified, still sent; a damaged one is still refused."""
    request_service.register(valid_form())
    with sqlite(paths.database_path(workspace.home)) as conn:
        first, second = [
            seq for (seq,) in conn.execute("SELECT seq FROM outbox ORDER BY seq LIMIT 2")
        ]
        for seq in (first, second):
            (text,) = conn.execute("SELECT payload FROM outbox WHERE seq = ?", (seq,)).fetchone()
            payload = json.loads(text)
            reordered = json.dumps(dict(reversed(list(payload.items()))), ensure_ascii=False)
            if seq == second:
                reordered = reordered.replace('"version": 1', '"version": 7')
            conn.execute("UPDATE outbox SET payload = ? WHERE seq = ?", (reordered, seq))

    found = SqlStore(workspace).pending(0, 100)

    assert first in {item.seq for item in found}
    assert second not in {item.seq for item in found}
    states = {
        r["seq"]: r for r in fetch_all(workspace, "SELECT seq, state, last_error FROM outbox")
    }
    assert (states[second]["state"], states[second]["last_error"]) == (
        "quarantined",
        "damaged: checksum",
    )


# Everything a PC's payload can hold: text, integers (beyond 64 bits too), booleans, null.
PAYLOAD_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.text(), PAYLOAD_VALUES, max_size=8))
def test_canonical_is_json_dumps_with_the_canonical_options(payload: dict[str, object]) -> None:
    """The payload hash (idempotency on the server) and the checksums already stored on PCs
    rest on these bytes never changing: the fast encoder writes exactly what ``json`` did."""
    try:
        expected: bytes | type[Exception] = json.dumps(
            payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
        ).encode("utf-8")
    except (ValueError, UnicodeError) as exc:
        expected = type(exc)
    try:
        got: bytes | type[Exception] = wire.canonical(payload)
    except (ValueError, UnicodeError) as exc:
        got = type(exc)
    assert got == expected


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(), JSON_VALUES, max_size=8))
def test_canonical_of_any_json_is_stable_and_refuses_nan(payload: dict[str, object]) -> None:
    """No payload carries a float, but one that did still gets one stable text that reads
    back as itself, and NaN or infinity is refused rather than written as null."""
    try:
        json.dumps(payload, allow_nan=False)
    except ValueError:
        with pytest.raises(ValueError):
            wire.canonical(payload)
        return
    except UnicodeError:
        return
    try:
        text = wire.canonical(payload)
    except UnicodeError:  # a lone surrogate
        return
    assert text == wire.canonical(json.loads(text))
    assert json.loads(text) == payload


def reference_century(day: int, month: int, yy: int, today: dt.date) -> dt.date | None:
    """The most recent century in which the date exists and is not after today (if none is,
    the 2000s), the slow way."""
    candidates = []
    for century in (2000, 1900):
        try:
            candidates.append(dt.date(century + yy, month, day))
        except ValueError:
            continue
    past = [d for d in candidates if d <= today]
    return past[0] if past else (candidates[0] if candidates else None)


@settings(max_examples=500, deadline=None)
@given(st.integers(0, 40), st.integers(0, 13), st.integers(0, 99), DAYS)
def test_birth_century_fast_path_matches_the_rule(
    day: int, month: int, yy: int, today: dt.date
) -> None:
    assert nik_rules._resolve_century(day, month, yy, today) == reference_century(
        day, month, yy, today
    )


VALID_ID = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"
VALID_HLC = "001732780000000-00001"
# Envelope values: the valid ones, their near misses, and JSON values of every other type.
ENVELOPE = st.one_of(
    st.sampled_from(
        [
            "person",
            "service_request",
            "status_change",
            "request_correction",
            "Person",
            "insert",
            "update",
            "delete",
            "DELETE",
            VALID_ID,
            VALID_ID.upper(),
            VALID_ID + "\n",
            VALID_ID[:-1],
            VALID_HLC,
            VALID_HLC + "\n",
            "1",
            "",
        ]
    ),
    st.text(max_size=24),
    st.integers(-3, 2**65),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.lists(st.integers(), max_size=2),
)
GOOD = {
    "entity": "person",
    "entity_id": VALID_ID,
    "version": 1,
    "operation": "insert",
    "hlc": VALID_HLC,
    "payload": {"id": VALID_ID, "name": "Siti"},
}


def model_or_none(build: object) -> dict[str, object] | None:
    try:
        made = build() if callable(build) else None
    except ValidationError:
        return None
    return made.model_dump() if made is not None else None


@settings(max_examples=500, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["entity", "entity_id", "version", "operation", "hlc"]),
        ENVELOPE,
        max_size=5,
    ),
    st.one_of(st.dictionaries(st.text(max_size=5), st.integers(), max_size=2), ENVELOPE),
)
def test_quick_entry_matches_the_model(changes: dict[str, object], payload: object) -> None:
    """What a PC sends is built by the quick checks; an envelope they pass the model passes,
    and one they refuse the model refuses, with the same result."""
    item = {**GOOD, **changes, "payload": payload}
    expected = model_or_none(lambda: wire.Entry.model_validate(item))
    got = wire.entry(**item)  # type: ignore[arg-type]
    assert (got.model_dump() if got is not None else None) == expected


def test_an_entry_from_checked_values_is_the_model_itself() -> None:
    quick = wire.Entry.checked(
        wire.Entity.PERSON, VALID_ID, 3, wire.Operation.UPDATE, VALID_HLC, {"id": VALID_ID}
    )
    slow = wire.Entry(
        entity="person",
        entity_id=VALID_ID,
        version=3,
        operation="update",
        hlc=VALID_HLC,
        payload={"id": VALID_ID},
    )
    assert quick == slow and slow == quick
    assert quick.model_fields_set == slow.model_fields_set
    assert quick.model_dump_json() == slow.model_dump_json()
    assert wire.PushRequest(entries=[quick]) == wire.PushRequest(entries=[slow])
    with pytest.raises(ValidationError):  # as frozen as the model
        quick.version = 4  # type: ignore[misc]
