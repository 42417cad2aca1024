"""Queue numbers: a per-service prefix and a number that restarts every office day."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PREFIX = re.compile(r"^[A-Z]{1,3}$")


def valid_prefix(prefix: str) -> bool:
    return bool(_PREFIX.match(prefix))


@dataclass(frozen=True, order=True)
class QueueNumber:
    prefix: str
    number: int

    def __post_init__(self) -> None:
        if not valid_prefix(self.prefix):
            raise ValueError(f"queue prefix must be 1-3 capital letters, not {self.prefix!r}")
        if self.number < 1:
            raise ValueError("queue numbers start at 1")

    def __str__(self) -> str:
        """``A-001``; past 999 the number simply grows (``A-1000``)."""
        return f"{self.prefix}-{self.number:03d}"

    @classmethod
    def parse(cls, text: str) -> QueueNumber:
        prefix, _, number = text.strip().upper().partition("-")
        return cls(prefix, int(number))


def next_number(last_issued: int | None) -> int:
    """The number after ``last_issued`` today (``None`` when none was issued yet today)."""
    return 1 if last_issued is None else last_issued + 1


# "D-001", "d1", "D1", "d 001", "d.1", "D001": letters, an optional separator, digits.
_SPOKEN = re.compile(r"^\s*([A-Za-z]{1,3})\s*[-.\s]?\s*(\d{1,5})\s*$")


def parse_spoken(text: str) -> QueueNumber | None:
    """The queue number a resident says or a clerk types quickly, or ``None``.

    ``"d1"``, ``"D 001"`` and ``"D-001"`` are all ``D-001``; text that is not a
    queue number (a name, a NIK, a tracking code) gives ``None``.
    """
    match = _SPOKEN.match(text)
    if match is None:
        return None
    prefix, digits = match.groups()
    number = int(digits)
    if number < 1:
        return None
    return QueueNumber(prefix.upper(), number)
