"""The life of a service request: statuses, allowed moves, and the periods they make.

A request is a chain of periods (bcgov TheQ): each status change closes the
previous period and opens the next, so wait and service times fall out of
the history exactly. Status changes are append-only events; periods are
computed from them, never edited.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass

from desktop.domain import text as text_rules


class Status(enum.StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    ON_HOLD = "on_hold"
    READY = "ready"  # done, ready for pickup
    PICKED_UP = "picked_up"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


TERMINAL = frozenset({Status.PICKED_UP, Status.REJECTED, Status.CANCELLED})
NEEDS_REASON = frozenset({Status.REJECTED, Status.CANCELLED, Status.ON_HOLD})
OPEN = frozenset(set(Status) - TERMINAL)

ALLOWED: dict[Status, frozenset[Status]] = {
    Status.WAITING: frozenset({Status.CALLED, Status.CANCELLED}),
    # A called person who does not come forward goes back to the queue.
    Status.CALLED: frozenset({Status.SERVING, Status.WAITING, Status.CANCELLED}),
    Status.SERVING: frozenset({Status.ON_HOLD, Status.READY, Status.REJECTED, Status.CANCELLED}),
    Status.ON_HOLD: frozenset({Status.SERVING, Status.REJECTED, Status.CANCELLED}),
    Status.READY: frozenset({Status.PICKED_UP}),
    Status.PICKED_UP: frozenset(),
    Status.REJECTED: frozenset(),
    Status.CANCELLED: frozenset(),
}


class TransitionProblem(enum.StrEnum):
    NOT_ALLOWED = "not_allowed"
    REASON_REQUIRED = "reason_required"
    REASON_TOO_LONG = "reason_too_long"
    COLLECTOR_TOO_LONG = "collector_too_long"
    # A control, bidi, zero-width or private-use character (desktop.domain.text).
    REASON_UNPRINTABLE = "reason_unprintable"
    COLLECTOR_UNPRINTABLE = "collector_unprintable"


MAX_REASON_LENGTH = 500
MAX_COLLECTOR_LENGTH = 100


class TransitionError(ValueError):
    def __init__(self, problem: TransitionProblem, current: Status, target: Status) -> None:
        super().__init__(f"{problem.value}: {current.value} -> {target.value}")
        self.problem = problem
        self.current = current
        self.target = target


def check_transition(current: Status, target: Status, reason: str | None) -> None:
    """Raise :class:`TransitionError` unless ``current -> target`` may happen now."""
    if target not in ALLOWED[current]:
        raise TransitionError(TransitionProblem.NOT_ALLOWED, current, target)
    if target in NEEDS_REASON and not (reason and reason.strip()):
        raise TransitionError(TransitionProblem.REASON_REQUIRED, current, target)
    if reason and len(reason) > MAX_REASON_LENGTH:
        raise TransitionError(TransitionProblem.REASON_TOO_LONG, current, target)
    if reason and text_rules.unprintable(reason) is not None:
        raise TransitionError(TransitionProblem.REASON_UNPRINTABLE, current, target)


def clean_reason(reason: str) -> str:
    """A typed reason as it is stored: NFC, one line, single spaces (see ``check_transition``
    for what is refused)."""
    return text_rules.one_line(reason)


def check_collector(current: Status, target: Status, collected_by: str) -> str:
    """Who collected a finished document, cleaned; ``""`` means the applicant did.

    Only a pickup records a collector; raise :class:`TransitionError` if the name is too long.
    """
    name = text_rules.one_line(collected_by)
    if target is not Status.PICKED_UP:
        return ""
    if text_rules.unprintable(collected_by) is not None:
        raise TransitionError(TransitionProblem.COLLECTOR_UNPRINTABLE, current, target)
    if len(name) > MAX_COLLECTOR_LENGTH:
        raise TransitionError(TransitionProblem.COLLECTOR_TOO_LONG, current, target)
    return name


@dataclass(frozen=True)
class StatusChange:
    status: Status
    at: dt.datetime


@dataclass(frozen=True)
class Period:
    status: Status
    start: dt.datetime
    end: dt.datetime | None  # None while the request is still in this status

    def duration(self, now: dt.datetime) -> dt.timedelta:
        # Never negative, even if the PC clock was set back during the period.
        return max((self.end or now) - self.start, dt.timedelta(0))


def periods(changes: Sequence[StatusChange]) -> list[Period]:
    """Turn the ordered status changes of a request into contiguous periods.

    The last period of a request in a terminal status is closed at its own
    start: a picked-up document does not keep accruing time.
    """
    result: list[Period] = []
    for i, change in enumerate(changes):
        if i + 1 < len(changes):
            end: dt.datetime | None = changes[i + 1].at
        elif change.status in TERMINAL:
            end = change.at
        else:
            end = None
        result.append(Period(change.status, change.at, end))
    return result


@dataclass(frozen=True)
class Timings:
    wait: dt.timedelta  # from arrival until service first began (waiting + called)
    service: dt.timedelta  # time actually being served
    on_hold: dt.timedelta


def timings(changes: Sequence[StatusChange], now: dt.datetime) -> Timings:
    wait = service = hold = dt.timedelta(0)
    served = False
    for period in periods(changes):
        length = period.duration(now)
        if period.status is Status.SERVING:
            served = True
            service += length
        elif period.status is Status.ON_HOLD:
            hold += length
        elif period.status in (Status.WAITING, Status.CALLED) and not served:
            wait += length
    return Timings(wait=wait, service=service, on_hold=hold)
