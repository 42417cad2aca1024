"""The one byte form of a sync payload: sorted keys, no spaces, UTF-8.

The PC's outbox checksum (``desktop.models``), the text the triggers store, and the server's
payload hash (``sync.wire``) are all taken over these bytes, so both sides import this one
definition rather than each keeping its own.

The bytes are those of the standard library's ``json`` with ``sort_keys=True``,
``separators=(",", ":")`` and ``ensure_ascii=False``, for every payload a PC makes (text,
integers, booleans, null, lists and objects of them: tests/test_sync_fast_paths.py holds the
two equal). orjson writes them about ten times faster, which is most of what a server spends
on a pushed row; what orjson cannot write (an integer beyond 64 bits, a lone surrogate) goes
to the standard library, which writes it or raises ValueError.

Floating-point numbers are not part of any sync payload (the wire schema has no such field,
and the PC's synced tables no such column). Should one come, it is written as orjson spells
it (``1e16`` where ``json`` says ``1e+16``); NaN and infinity, which orjson would write as
``null``, raise ValueError as before.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

import orjson

# One encoder for the fallback (json.dumps with these options would build one per call).
_ENCODER = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
)
_SORTED = orjson.OPT_SORT_KEYS


def canonical_json(payload: Mapping[str, Any]) -> bytes:
    """``payload`` in its canonical form. Raises ValueError (UnicodeError for a lone
    surrogate) when it has none."""
    try:
        text = orjson.dumps(payload, option=_SORTED)
    except orjson.JSONEncodeError:
        return _ENCODER.encode(payload).encode("utf-8")
    if b"null" in text and _not_finite(payload):  # NaN and infinity come out as null
        raise ValueError("NaN or infinity in a payload")
    return text


def _not_finite(value: Any) -> bool:
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, Mapping):
        return any(_not_finite(item) for item in value.values())
    if isinstance(value, list | tuple):
        return any(_not_finite(item) for item in value)
    return False
