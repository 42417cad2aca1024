"""Signed tracking payloads: the text inside a receipt's QR code.

A receipt carries ``SWK1.<payload>.<signature>``:

* ``SWK1`` names the format and its version;
* ``<payload>`` is base64url (no padding) of compact JSON
  ``{"o": office id, "r": request id, "t": tracking code, "i": issued, UTC ISO}``;
* ``<signature>`` is base64url of the Ed25519 signature of the ASCII text
  ``SWK1.<payload>`` (the version is signed too, and no JSON canonicalisation is needed).

Anyone holding the office's public key can check a receipt offline; only the
office's counter PC, which holds the private key, can make one. Keys travel as
base64url of their 32 raw bytes.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import enum
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

FORMAT = "SWK"
VERSION = 1
PREFIX = f"{FORMAT}{VERSION}"
MAX_TEXT = 2048  # far more than a receipt's ~270 characters; refuse walls of text early

_B64 = re.compile(r"[A-Za-z0-9_-]*")
_HEADER = re.compile(rf"{FORMAT}(\d{{1,4}})")
_SIGNATURE_BYTES = 64
_KEY_BYTES = 32


class Reason(enum.StrEnum):
    """Why a text is not a valid receipt of this office."""

    UNREADABLE = "unreadable"  # not our format at all: garbage, not UTF-8, cut short
    WRONG_VERSION = "wrong_version"  # our format, but a version this program does not know
    TAMPERED = "tampered"  # the signature does not match: changed or forged
    OTHER_OFFICE = "other_office"  # made by (or claiming to be from) another office


class ReceiptInvalid(ValueError):
    """The text is not a genuine receipt of this office; ``reason`` says why."""

    def __init__(self, reason: Reason, detail: str = "", office_id: str | None = None) -> None:
        super().__init__(f"{reason.value}: {detail}" if detail else reason.value)
        self.reason = reason
        self.detail = detail
        self.office_id = office_id  # the office the receipt names, when it could be read


class InvalidKey(ValueError):
    """A key given as text is not a base64url Ed25519 key."""


@dataclass(frozen=True)
class TrackingPayload:
    """What a receipt's QR code vouches for."""

    office_id: str
    request_id: str
    tracking_code: str
    issued_at: dt.datetime  # aware; signed in UTC to the second


@dataclass(frozen=True)
class VerifiedReceipt(TrackingPayload):
    """A payload whose signature was checked with a trusted key."""

    public_key: str = ""  # the key (base64url) that the signature matched


# -- keys ------------------------------------------------------------------------------


def generate_keypair() -> tuple[str, str]:
    """A new Ed25519 key pair as ``(private, public)``, each base64url of 32 raw bytes."""
    private = Ed25519PrivateKey.generate()
    return _b64encode(_private_raw(private)), public_key_of(private)


def public_key_of(private: Ed25519PrivateKey | str) -> str:
    key = load_private_key(private) if isinstance(private, str) else private
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return _b64encode(raw)


def load_private_key(text: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(_key_bytes(text))


def load_public_key(text: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(_key_bytes(text))


def _private_raw(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def _key_bytes(text: str) -> bytes:
    raw = _b64decode(text.strip()) if isinstance(text, str) else None
    if raw is None or len(raw) != _KEY_BYTES:
        raise InvalidKey("not a base64url Ed25519 key")
    return raw


# -- signing ---------------------------------------------------------------------------


def sign(payload: TrackingPayload, private_key: str | Ed25519PrivateKey) -> str:
    """The QR text for ``payload``. Ed25519 is deterministic: a reprint gives the same text."""
    if payload.issued_at.tzinfo is None:
        raise ValueError("issued_at must be an aware datetime")
    for name in ("office_id", "request_id", "tracking_code"):
        value = getattr(payload, name)
        if not value or "\x00" in value:
            raise ValueError(f"{name} must be a non-empty string")
    body = {
        "o": payload.office_id,
        "r": payload.request_id,
        "t": payload.tracking_code,
        "i": _utc_text(payload.issued_at),
    }
    encoded = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    signed = f"{PREFIX}.{_b64encode(encoded)}"
    key = load_private_key(private_key) if isinstance(private_key, str) else private_key
    signature = key.sign(signed.encode("ascii"))
    return f"{signed}.{_b64encode(signature)}"


# -- verifying -------------------------------------------------------------------------


def verify(
    text: str | bytes,
    public_keys: str | Iterable[str],
    *,
    office_id: str | None = None,
    other_offices: Mapping[str, str] | None = None,
) -> VerifiedReceipt:
    """Check a receipt's QR text; raise :class:`ReceiptInvalid` with the reason if it fails.

    ``public_keys``: this office's key (or keys, after a key change).
    ``office_id``: this office's id; a receipt naming another office is refused.
    ``other_offices``: office id -> public key of offices known to exist; a receipt
    signed by one of them is reported as :attr:`Reason.OTHER_OFFICE`.

    A signature that matches no known key is :attr:`Reason.TAMPERED`, unless the
    receipt names an office other than ``office_id``: it may then be a genuine receipt
    of an office whose key is not known here (:attr:`Reason.OTHER_OFFICE`).
    """
    keys = [public_keys] if isinstance(public_keys, str) else list(public_keys)
    trusted = [(k, load_public_key(k)) for k in keys]
    others = [(o, load_public_key(k)) for o, k in (other_offices or {}).items()]

    signed, signature = _split(text)
    for key_text, key in trusted:
        if _matches(key, signature, signed):
            claims = _claims(signed)
            if claims is None:
                raise ReceiptInvalid(Reason.UNREADABLE, "signed payload is not readable")
            if office_id is not None and claims.office_id != office_id:
                raise ReceiptInvalid(
                    Reason.OTHER_OFFICE, "signed for another office", claims.office_id
                )
            return VerifiedReceipt(
                office_id=claims.office_id,
                request_id=claims.request_id,
                tracking_code=claims.tracking_code,
                issued_at=claims.issued_at,
                public_key=key_text,
            )
    claims = _claims(signed)
    claimed_office = claims.office_id if claims else None
    for other_office, key in others:
        if _matches(key, signature, signed):
            raise ReceiptInvalid(Reason.OTHER_OFFICE, "signed by another office", other_office)
    if claims is not None and office_id is not None and claims.office_id != office_id:
        raise ReceiptInvalid(Reason.OTHER_OFFICE, "names another office", claimed_office)
    raise ReceiptInvalid(Reason.TAMPERED, "signature does not match", claimed_office)


def _split(text: str | bytes) -> tuple[bytes, bytes]:
    """``(signed part as ASCII bytes, raw signature)``, or :class:`ReceiptInvalid`."""
    if isinstance(text, bytes | bytearray | memoryview):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError:
            raise ReceiptInvalid(Reason.UNREADABLE, "not UTF-8 text") from None
    if not isinstance(text, str):
        raise ReceiptInvalid(Reason.UNREADABLE, "not text")
    text = text.strip()
    if len(text) > MAX_TEXT:
        raise ReceiptInvalid(Reason.UNREADABLE, "too long")
    parts = text.split(".")
    header = _HEADER.fullmatch(parts[0])
    if header is None:
        raise ReceiptInvalid(Reason.UNREADABLE, "not a Sewaka receipt")
    if parts[0] != PREFIX:
        raise ReceiptInvalid(Reason.WRONG_VERSION, f"version {header.group(1)}")
    if len(parts) != 3:
        raise ReceiptInvalid(Reason.UNREADABLE, "expected three parts")
    body, signature = _b64decode(parts[1]), _b64decode(parts[2])
    if body is None or signature is None or not body:
        raise ReceiptInvalid(Reason.UNREADABLE, "not base64url")
    if len(signature) != _SIGNATURE_BYTES:
        raise ReceiptInvalid(Reason.UNREADABLE, "signature has the wrong length")
    if _b64encode(signature) != parts[2].rstrip("="):
        # Same bytes, other spare bits in the last character: not the text that was issued.
        raise ReceiptInvalid(Reason.TAMPERED, "signature text was altered")
    return f"{parts[0]}.{parts[1]}".encode("ascii"), signature


def _matches(key: Ed25519PublicKey, signature: bytes, signed: bytes) -> bool:
    try:
        key.verify(signature, signed)
    except InvalidSignature:
        return False
    return True


def _claims(signed: bytes) -> TrackingPayload | None:
    """The payload's fields, or ``None`` when they cannot be read (checked or not)."""
    body = _b64decode(signed.split(b".", 1)[1].decode("ascii"))
    try:
        fields = json.loads(body or b"")
        issued = dt.datetime.fromisoformat(fields["i"])
        claims = TrackingPayload(
            office_id=fields["o"],
            request_id=fields["r"],
            tracking_code=fields["t"],
            issued_at=issued.astimezone(dt.UTC),
        )
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None
    texts = (claims.office_id, claims.request_id, claims.tracking_code)
    if issued.tzinfo is None or not all(isinstance(v, str) and v for v in texts):
        return None
    return claims


# -- encoding --------------------------------------------------------------------------


def _utc_text(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes | None:
    """Strict base64url without padding (padding tolerated); ``None`` if it is not that."""
    text = text.rstrip("=")
    if not _B64.fullmatch(text) or len(text) % 4 == 1:
        return None
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None
