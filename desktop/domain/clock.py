"""Time as the office sees it, and the hybrid logical clock that orders changes.

Village PCs often have wrong clocks; a hybrid logical clock (HLC) keeps the
order of changes made on one device correct even when its wall clock jumps
backwards, and later lets the server merge devices' orderings.
"""

from __future__ import annotations

import datetime as dt
import json
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


# The encoded form is ``<wall ms, 15 digits>-<counter, 5 digits>`` (21 characters, the
# width of the ``hlc`` columns). Every value an Hlc can take fits: the counter is capped,
# and a tick that would pass the cap moves the wall on by one millisecond instead (a
# drift of 1 ms per 100,000 events made within one millisecond of wall time).
MAX_WALL_MS = 10**15 - 1  # the year 33658
MAX_COUNTER = 10**5 - 1
HLC_WIDTH = 21


def _next(wall_ms: int, counter: int) -> Hlc:
    if counter > MAX_COUNTER:
        return Hlc(wall_ms + 1, 0)
    return Hlc(wall_ms, counter)


@dataclass(frozen=True, order=True)
class Hlc:
    """A hybrid logical clock timestamp: wall milliseconds plus a counter."""

    wall_ms: int
    counter: int = 0

    def tick(self, now_ms: int) -> Hlc:
        """The next timestamp for a local event happening at ``now_ms``."""
        if now_ms > self.wall_ms:
            return Hlc(now_ms, 0)
        return _next(self.wall_ms, self.counter + 1)

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
        return _next(wall, counter)

    def moment(self) -> dt.datetime:
        """The wall time of this timestamp (the newest wall time the device had seen)."""
        return dt.datetime.fromtimestamp(self.wall_ms / 1000, dt.UTC)

    def encode(self) -> str:
        """Fixed width, so encoded values sort (as text) like the clocks they encode."""
        if not (0 <= self.wall_ms <= MAX_WALL_MS and 0 <= self.counter <= MAX_COUNTER):
            raise ValueError(f"HLC out of range: {self.wall_ms}, {self.counter}")
        return f"{self.wall_ms:015d}-{self.counter:05d}"

    @classmethod
    def decode(cls, text: str) -> Hlc:
        """Read an encoded value, also one written before the counter was capped.

        Releases before the cap could write a counter of six or more digits; such a
        value decodes as it is, and the next tick after it moves the wall on.
        """
        wall, counter = text.split("-")
        return cls(int(wall), int(counter))


def hlc_moment(text: str) -> dt.datetime:
    """The wall time of an encoded HLC value."""
    return Hlc.decode(text).moment()


# -- a PC clock that is behind -------------------------------------------------------------

CLOCK_TOLERANCE = dt.timedelta(minutes=5)
"""How far the PC clock may be behind the newest recorded time before staff are warned."""


CONFIRMATION_SETTING = "clock_confirmation"
"""The ``setting`` key a confirmation is stored under (:meth:`ClockConfirmation.to_text`)."""


@dataclass(frozen=True)
class ClockConfirmation:
    """Someone said the PC clock is right although it was behind what was recorded."""

    confirmed_at: dt.datetime  # the PC clock when it was confirmed
    newest_then: dt.datetime  # the newest recorded time at that moment

    def to_text(self) -> str:
        return json.dumps(
            {
                "confirmed_at": self.confirmed_at.isoformat(),
                "newest_then": self.newest_then.isoformat(),
            }
        )

    @classmethod
    def from_text(cls, text: str | None) -> ClockConfirmation | None:
        """The stored confirmation; ``None`` if there is none or it cannot be read."""
        if not text:
            return None
        try:
            stored = json.loads(text)
            confirmation = cls(
                confirmed_at=dt.datetime.fromisoformat(stored["confirmed_at"]),
                newest_then=dt.datetime.fromisoformat(stored["newest_then"]),
            )
        except (ValueError, KeyError, TypeError):
            return None
        if confirmation.confirmed_at.tzinfo is None or confirmation.newest_then.tzinfo is None:
            return None
        return confirmation


@dataclass(frozen=True)
class ClockCheck:
    """The PC clock compared with the newest time this device has recorded."""

    now: dt.datetime
    newest: dt.datetime  # what the clock must not be behind (see ``reference_time``)
    confirmed: bool = False  # a confirmation covers the newest recorded time

    @property
    def behind_by(self) -> dt.timedelta:
        return max(self.newest - self.now, dt.timedelta(0))

    @property
    def is_behind(self) -> bool:
        return self.behind_by > CLOCK_TOLERANCE


def reference_time(newest: dt.datetime, confirmation: ClockConfirmation | None) -> dt.datetime:
    """The time the PC clock must not be behind.

    ``newest`` is the newest wall time recorded on this device (its HLC's wall time,
    which never goes back). A confirmation made when the newest recorded time was
    ``newest`` vouches for the clock as it read then: the reference becomes that
    reading, until something newer than the confirmed time is recorded.
    """
    if confirmation is not None and newest <= confirmation.newest_then:
        return confirmation.confirmed_at
    return newest


def check_clock(
    now: dt.datetime, newest: dt.datetime, confirmation: ClockConfirmation | None = None
) -> ClockCheck:
    confirmed = confirmation is not None and newest <= confirmation.newest_then
    return ClockCheck(now=now, newest=reference_time(newest, confirmation), confirmed=confirmed)


def office_day(check: ClockCheck, timezone: str = DEFAULT_TIMEZONE) -> dt.date:
    """The office day to issue queue numbers in.

    The PC clock's day, but never a day before the newest recorded one (numbers would
    be issued again in a day that is over, and the report would file today's arrivals
    under it), also when the clock is only a minute behind across midnight. After a
    confirmation the newest recorded time is the confirmed clock reading, so numbers
    follow the clock again.
    """
    return max(business_day(check.now, timezone), business_day(check.newest, timezone))


def trustworthy_time(
    at: dt.datetime, stamp: str, confirmation: ClockConfirmation | None = None
) -> bool:
    """False when an event's wall time ``at`` was taken by a clock that was behind.

    The event's HLC ``stamp`` carries the newest wall time seen before it; an ``at``
    further behind that than :data:`CLOCK_TOLERANCE` came from a clock set back, and
    durations measured from it are not real. Times read after someone confirmed the
    clock (``confirmation``) are trusted.
    """
    if hlc_moment(stamp) - at <= CLOCK_TOLERANCE:
        return True
    return confirmation is not None and at >= confirmation.confirmed_at - CLOCK_TOLERANCE
