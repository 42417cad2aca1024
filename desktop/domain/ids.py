"""Identifiers made on the device: UUIDv7 (RFC 9562) and tracking codes."""

from __future__ import annotations

import os
import secrets
import threading
import time
import uuid

_lock = threading.Lock()
_last_ms = 0
_last_rand = 0


def uuid7(now_ms: int | None = None) -> uuid.UUID:
    """A time-ordered UUID (version 7), monotonic within this process.

    Within one millisecond the 74 random bits are incremented instead of
    redrawn, so ids made in a burst still sort in creation order.
    """
    global _last_ms, _last_rand
    with _lock:
        ms = time.time_ns() // 1_000_000 if now_ms is None else now_ms
        if ms <= _last_ms:
            ms = _last_ms
            rand = (_last_rand + 1) & ((1 << 74) - 1)
        else:
            rand = int.from_bytes(os.urandom(10), "big") >> 6
        _last_ms, _last_rand = ms, rand
    rand_a = rand >> 62  # 12 bits
    rand_b = rand & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= rand_a << 64
    value |= 0b10 << 62
    value |= rand_b
    return uuid.UUID(int=value)


def uuid7_time_ms(value: uuid.UUID) -> int:
    return value.int >> 80


# Crockford's base32: no I, L, O, U, so codes read aloud over a counter survive.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# Prime: catches any single wrong character and any swap of neighbours, except
# between 0 and Z, whose values (0 and 31) are the same modulo 31.
_CHECK_MODULUS = 31
_CONFUSABLE = str.maketrans("OIL", "011")


def new_tracking_code() -> str:
    """Eight random Crockford characters plus a check character: ``7K3M-Q9TX-4``."""
    body = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return f"{body[:4]}-{body[4:]}-{_check_char(body)}"


def normalize_tracking_code(text: str) -> str | None:
    """Return the canonical form of a typed tracking code, or ``None`` if it is not one.

    Case, separators and the usual confusions (O/0, I/L/1) are forgiven; the
    check character catches a mistyped character or two swapped ones.
    """
    raw = text.upper().replace("-", "").replace(" ", "")
    raw = raw.translate(_CONFUSABLE)
    if len(raw) != 9:
        return None
    body, check = raw[:8], raw[8]
    if any(ch not in _ALPHABET for ch in body) or _check_char(body) != check:
        return None
    return f"{body[:4]}-{body[4:]}-{check}"


def _check_char(body: str) -> str:
    """Position-weighted sum modulo a prime, written with the same alphabet as the body."""
    value = sum((i + 1) * _ALPHABET.index(ch) for i, ch in enumerate(body))
    return _ALPHABET[value % _CHECK_MODULUS]
