"""The plain data the request service hands out and the exceptions it raises.

No SQLAlchemy here: the UI imports these at start-up, before the database is
open (``desktop.services.requests`` re-exports every name).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from desktop.domain import correction as correction_rules
from desktop.domain.intake import FieldProblem
from desktop.domain.status import Period, Status, Timings


class IntakeRejected(Exception):
    """The form has problems; nothing was saved."""

    def __init__(self, problems: list[FieldProblem], today: dt.date | None = None) -> None:
        super().__init__(", ".join(f"{p.field.value}:{p.problem.value}" for p in problems))
        self.problems = problems
        self.today = today  # the office day the form was checked against


class OpenRequestExists(Exception):
    """The applicant already has an unfinished request for this service today; nothing saved.

    Raised by :meth:`RequestService.register` only when asked to
    (``allow_open_duplicate=False``); the clerk may confirm and register again.
    """

    def __init__(self, existing: list[RequestRow]) -> None:
        super().__init__(", ".join(r.queue_number for r in existing))
        self.existing = existing


class RequestNotFound(LookupError):
    pass


class CorrectionRejected(Exception):
    """A correction was refused; nothing was saved."""

    def __init__(
        self,
        problems: list[FieldProblem],
        reason_problem: correction_rules.ReasonProblem | None = None,
        nothing_changed: bool = False,
    ) -> None:
        super().__init__(
            ", ".join(f"{p.field.value}:{p.problem.value}" for p in problems)
            or (f"reason:{reason_problem.value}" if reason_problem else "nothing changed")
        )
        self.problems = problems
        self.reason_problem = reason_problem
        self.nothing_changed = nothing_changed

    @property
    def reason_missing(self) -> bool:
        return self.reason_problem is correction_rules.ReasonProblem.REQUIRED


@dataclass(frozen=True)
class ServiceInfo:
    code: str
    name: str
    name_en: str
    queue_prefix: str
    standard_days: int
    requirements: tuple[str, ...]


@dataclass(frozen=True)
class PersonInfo:
    nik: str
    name: str
    sex: str
    birth_date: dt.date
    address: str
    rt: str
    rw: str
    hamlet: str
    phone: str


@dataclass(frozen=True)
class RequestRow:
    id: str
    tracking_code: str
    queue_number: str
    service_code: str
    service_name: str
    status: Status
    created_at: dt.datetime
    name: str
    nik_masked: str
    expected_date: dt.date
    queue_day: dt.date | None = None  # the office day the queue number belongs to
    service_name_en: str = ""
    damaged: bool = False  # some stored text could not be read (a damaged file): "data rusak"


@dataclass(frozen=True)
class CorrectionEntry:
    """One correction in a request's history: field names, never the values."""

    fields: tuple[str, ...]
    reason: str
    actor: str
    at: dt.datetime


@dataclass(frozen=True)
class CorrectionValues:
    """What the correction dialog starts from."""

    queue_number: str
    nik_masked: str
    name: str
    address: str
    rt: str
    rw: str
    hamlet: str
    phone: str
    documents: tuple[str, ...]
    notes: str
    requirements: tuple[str, ...]


@dataclass(frozen=True)
class RequestDetail:
    row: RequestRow
    documents: tuple[str, ...]
    notes: str
    periods: tuple[Period, ...]
    timings: Timings
    reasons: tuple[str, ...]
    collected_by: str = ""  # who collected the document when not the applicant
    corrections: tuple[CorrectionEntry, ...] = ()
    identity_override: str = ""  # why a birth date/sex disagreeing with the NIK was kept
    as_of: dt.datetime | None = None  # the office clock when read (open periods run until it)


@dataclass(frozen=True)
class RequestQuery:
    """Filters of the request list; empty fields do not filter."""

    day: dt.date | None = None
    status: Status | None = None
    service_code: str | None = None
    text: str = ""


@dataclass(frozen=True)
class PageKey:
    """Keyset pagination: the last row of the previous page."""

    created_at: dt.datetime
    id: str
    hlc: str = ""  # what one office day's list is ordered by (RequestService.search)


@dataclass(frozen=True)
class Page:
    rows: list[RequestRow]
    next_key: PageKey | None = field(default=None)
