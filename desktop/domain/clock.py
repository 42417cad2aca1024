"""Time as the office sees it, and the hybrid logical clock that orders changes.

Village PCs often have wrong clocks; a hybrid logical clock (HLC) keeps the
order of changes made on one device correct even when its wall clock jumps
backwards, and later lets the server merge devices' orderings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

Clock = Callable[[], dt.datetime]
"""Returns the current time as an aware datetime."""

DEFAULT_TIMEZONE = "Asia/Jakarta"


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def business_day(moment: dt.datetime, timezone: str = DEFAULT_TIMEZONE) -> dt.date:
    """The office's calendar day of ``moment`` (queue numbers reset on it)."""
    if moment.tzinfo is None:
        raise ValueError("business_day needs an aware datetime")
    return moment.astimezone(ZoneInfo(timezone)).date()


@dataclass(frozen=True, order=True)
class Hlc:
    """A hybrid logical clock timestamp: wall milliseconds plus a counter."""

    wall_ms: int
    counter: int = 0

    def tick(self, now_ms: int) -> Hlc:
        """The next timestamp for a local event happening at ``now_ms``."""
        if now_ms > self.wall_ms:
            return Hlc(now_ms, 0)
        return Hlc(self.wall_ms, self.counter + 1)

    def receive(self, remote: Hlc, now_ms: int) -> Hlc:
        """The next timestamp after seeing ``remote`` from another node."""
        wall = max(self.wall_ms, remote.wall_ms, now_ms)
        if wall == self.wall_ms == remote.wall_ms:
            counter = max(self.counter, remote.counter) + 1
        elif wall == self.wall_ms:
            counter = self.counter + 1
        elif wall == remote.wall_ms:
            counter = remote.counter + 1
        else:
            counter = 0
        return Hlc(wall, counter)

    def encode(self) -> str:
        """Fixed width, so encoded values sort like the clocks they encode."""
        return f"{self.wall_ms:015d}-{self.counter:05d}"

    @classmethod
    def decode(cls, text: str) -> Hlc:
        wall, counter = text.split("-")
        return cls(int(wall), int(counter))
