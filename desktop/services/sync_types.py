"""What the sync service tells the UI and the command line (no SQLAlchemy, no HTTP).

The sync page, the status bar and ``sewaka sync --json`` read these; they never see an
outbox row or a wire model.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass


class RecordState(enum.StrEnum):
    """Where one queued change is, as staff see it."""

    PENDING = "pending"  # waiting to be sent
    SENT = "sent"  # sent at least once, no answer yet (the reply may have been lost)
    CONFIRMED = "confirmed"  # the server holds it
    ATTENTION = "attention"  # rejected or damaged: quarantined, see ``reason``


class SyncProblem(enum.StrEnum):
    """Why the last attempt did not finish (the UI turns each into a sentence)."""

    NOT_ENROLLED = "not_enrolled"  # this PC has no server yet
    TRAINING = "training"  # a training folder (LATIHAN) never syncs
    OFFLINE = "offline"  # no connection, reset, timeout, truncated or garbled answer
    SERVER_ERROR = "server_error"  # 5xx: retried with backoff
    RATE_LIMITED = "rate_limited"  # 429: retried after the server's Retry-After
    UNAUTHORIZED = "unauthorized"  # token revoked or unknown: IT must enrol the PC again
    REFUSED = "refused"  # another 4xx: the server refuses this client (e.g. protocol)
    DATABASE = "database"  # the local database was busy or failed


class EnrolProblem(enum.StrEnum):
    BAD_URL = "bad_url"  # not an http(s) URL
    BAD_CODE = "bad_code"  # not the shape of an enrolment code
    UNKNOWN_CODE = "unknown_code"  # the server does not know the code, or it expired
    CODE_USED = "code_used"  # the code already enrolled another PC
    OFFLINE = "offline"  # the server could not be reached
    SERVER_ERROR = "server_error"
    ALREADY_ENROLLED = "already_enrolled"  # this PC is enrolled with another office
    REVOKED = "revoked"  # the server revoked this PC: IT must lift it or use another PC
    TRAINING = "training"


class EnrolRefused(Exception):
    def __init__(self, problem: EnrolProblem, detail: str = "") -> None:
        super().__init__(problem.value if not detail else f"{problem.value}: {detail}")
        self.problem = problem
        self.detail = detail


@dataclass(frozen=True)
class Enrolment:
    """The result of enrolling this PC."""

    server_url: str
    office_id: str
    office_code: str
    office_name: str
    restamped_rows: int  # rows made before enrolment that now carry the real office id


@dataclass(frozen=True)
class SyncStatus:
    """The state of sync at a glance: the status bar and the head of the sync page."""

    enrolled: bool
    server_url: str
    office_code: str
    office_name: str
    online: bool | None  # None: not tried yet
    syncing: bool
    pending: int
    sent: int
    confirmed: int
    attention: int
    reconciled: bool  # the server held exactly what this PC holds at the last check
    last_confirmed_at: dt.datetime | None  # the end of the last sync that was fully confirmed
    last_attempt_at: dt.datetime | None
    next_attempt_at: dt.datetime | None
    problem: SyncProblem | None
    clock_skew: dt.timedelta | None  # server time minus this PC's time, at the last answer
    # Grows each time a pull changes the service catalogue: open pages offer the new one.
    catalogue_version: int = 0

    @property
    def clock_warning(self) -> bool:
        return self.clock_skew is not None and abs(self.clock_skew) > dt.timedelta(minutes=5)


@dataclass(frozen=True)
class SyncRecord:
    """One queued change, for the sync page's list. Never a NIK or a name."""

    seq: int
    entity: str
    entity_id: str
    version: int
    operation: str
    state: RecordState
    label: str  # what staff recognise: a queue number and tracking code, or the entity kind
    queued_at: dt.datetime
    attempts: int
    reason: str  # why it needs attention ('' otherwise): a wire Reason code or damage kind


@dataclass(frozen=True)
class SyncReport:
    """One sync round, as ``sewaka sync --json`` prints it."""

    pushed: int  # accepted by the server in this round
    duplicates: int  # the server already held them (a lost reply, a retry): not an error
    rejected: int  # quarantined in this round
    pulled: int  # changes applied from the server
    resent: int  # entries queued again because reconciliation found them missing
    reconciled: bool
    pending: int
    quarantined: int
    server_time: dt.datetime | None
    clock_skew: dt.timedelta | None
    problem: SyncProblem | None

    def as_json(self) -> dict[str, object]:
        return {
            "pushed": self.pushed,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "pulled": self.pulled,
            "resent": self.resent,
            "reconciled": self.reconciled,
            "pending": self.pending,
            "quarantined": self.quarantined,
            "server_time": self.server_time.isoformat() if self.server_time else None,
            "clock_skew_seconds": (
                round(self.clock_skew.total_seconds(), 3) if self.clock_skew is not None else None
            ),
            "problem": self.problem.value if self.problem else None,
        }
