"""Secrets the server hands out and the hashes it keeps of them.

Enrolment codes and device tokens are random (``secrets``); only their sha256 is stored, so
a copy of the database lets nobody enrol a PC or act as one. Both carry enough entropy (a
code about 78 bits, a token 256) that a plain sha256 is the right hash: there is nothing to
guess.
"""

from __future__ import annotations

import hashlib
import secrets

# No 0/O, 1/I/L, U: a code read aloud or typed from paper survives.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
TOKEN_PREFIX = "swk1_"  # recognisable to secret scanners and in logs (which never hold one)


def new_enrolment_code() -> str:
    """``K7QM-2XPA-9FJD-RC4T``: four groups of four (matches ``ENROLMENT_CODE_PATTERN``)."""
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(16))
    return "-".join(chars[i : i + 4] for i in range(0, 16, 4))


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """The stored form of a code or token."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()
