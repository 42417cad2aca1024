"""The one byte form of a sync payload: sorted keys, no spaces, UTF-8, no NaN.

The PC's outbox checksum (``desktop.models``), the text the triggers store, and the server's
payload hash (``sync.wire``) are all taken over these bytes, so both sides import this one
definition rather than each keeping its own.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

# One encoder for every payload (json.dumps with these options would build a new one per call).
_ENCODER = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
)


def canonical_json(payload: Mapping[str, Any]) -> bytes:
    """``payload`` in its canonical form. Raises ValueError for NaN or infinity."""
    return _ENCODER.encode(payload).encode("utf-8")
