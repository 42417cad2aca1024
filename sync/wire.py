"""The sync contract: what a device and the central server say to each other (protocol 1).

Both sides import this module, so a payload the device sends is checked by exactly the rules
the server checks it with (NIK structure included). It holds no I/O: pydantic models, limits,
and the two functions every idempotency and reconciliation decision rests on,
:func:`payload_hash` and :func:`day_digest`. docs/SYNC.md describes the protocol around it.

Times on the wire are ISO 8601 with an offset; ids are the UUIDs the device made; an entry is
identified by (entity, entity id, version), and the server treats that as its idempotency key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated, Any, Literal

import orjson
import pydantic
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)

from desktop.domain import nik as nik_rules
from desktop.domain.canonical import canonical_json
from desktop.domain.status import Status

PROTOCOL: Literal[1] = 1
API_PREFIX = "/api/v1"

# Limits both sides know. The server refuses more (413/422); the client never sends more.
MAX_BATCH = 2000  # entries in one push
MAX_BODY_BYTES = 4 * 1024 * 1024  # a request body as sent (gzip or not)
MAX_INFLATED_BYTES = 32 * 1024 * 1024  # a gzip body once inflated (no "zip bombs")
MAX_PULL = 1000  # changes in one pull answer
CLOCK_SKEW_WARNING = dt.timedelta(minutes=5)

TOKEN_HEADER = "Authorization"  # "Bearer <token>"
SERVER_TIME_HEADER = "X-Sewaka-Server-Time"

UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
HLC_PATTERN = r"^[0-9]{15}-[0-9]{5}$"  # desktop.domain.clock.Hlc.encode()
OFFICE_CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$"
ENROLMENT_CODE_PATTERN = r"^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$"  # e.g. K7QM-2XPA-9FJD-LC4T

Uuid = Annotated[str, Field(pattern=UUID_PATTERN)]
Hlc = Annotated[str, Field(pattern=HLC_PATTERN)]


# No control characters: not the C0 controls but tab and line feed, not DEL, not the C1
# controls (U+0000-U+0008, U+000B-U+001F, U+007F-U+009F); a one-line field takes no tab or
# line feed either. Patterns, so pydantic checks them in its compiled core (a server checks
# every text field of every pushed row: a Python call per field was a third of its time).
# tests/test_sync_fast_paths.py holds them to the rule for every character.
PARAGRAPH_PATTERN = r"^[^\x00-\x08\x0b-\x1f\x7f-\x9f]*$"
LINE_PATTERN = r"^[^\x00-\x1f\x7f-\x9f]*$"


Line = Annotated[str, StringConstraints(pattern=LINE_PATTERN)]
Paragraph = Annotated[str, StringConstraints(pattern=PARAGRAPH_PATTERN)]


class _Today:
    """Today's date, looked up at most once a minute: ``date.today()`` asks the C library
    for local time, which is slow under load, and a server checks a NIK in every row."""

    def __init__(self) -> None:
        self._until = 0.0
        self._date = dt.date.min

    def __call__(self) -> dt.date:
        moment = time.monotonic()
        if moment >= self._until:
            self._date, self._until = dt.date.today(), moment + 60.0
        return self._date


_today = _Today()


def _valid_nik(text: str) -> str:
    """The NIK rules past the pattern (16 ASCII digits, checked before this runs)."""
    problem = nik_rules.check(text, _today())
    if problem is not None:
        raise ValueError(f"NIK is not valid ({problem.value})")
    return text


Nik = Annotated[str, StringConstraints(pattern=r"^[0-9]{16}$"), AfterValidator(_valid_nik)]

# A time with its UTC offset, checked in pydantic's core ("timezone_aware" when it is not).
AwareDatetime = pydantic.AwareDatetime


class Entity(StrEnum):
    """The tables that leave the PC."""

    PERSON = "person"
    SERVICE_REQUEST = "service_request"
    STATUS_CHANGE = "status_change"
    REQUEST_CORRECTION = "request_correction"


class Operation(StrEnum):
    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"  # a tombstone: the row is gone on the device


class _Row(BaseModel):
    """The columns every synced row has."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Uuid
    office_id: Uuid
    device_id: Uuid
    created_at: AwareDatetime
    updated_at: AwareDatetime
    version: int = Field(ge=1)
    hlc: Hlc


class PersonRow(_Row):
    nik: Nik
    name: Line = Field(min_length=1, max_length=100)
    sex: Literal["M", "F"]
    birth_date: dt.date
    address: Line = Field(max_length=200)
    rt: str = Field(pattern=r"^[0-9]{0,3}$")
    rw: str = Field(pattern=r"^[0-9]{0,3}$")
    hamlet: Line = Field(max_length=60)
    phone: str = Field(pattern=r"^[0-9+]{0,15}$")


class ServiceRequestRow(_Row):
    tracking_code: str = Field(pattern=r"^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$")
    service_id: Uuid
    # The catalogue's stable key: service ids are made on each PC, codes are the same
    # everywhere (SKD, SKTM...). The device adds it when it sends; the server maps by it.
    service_code: str = Field(pattern=r"^[A-Z0-9_-]{1,16}$")
    person_id: Uuid
    queue_day: dt.date
    queue_seq: int = Field(ge=1, le=99_999)
    queue_number: Line = Field(min_length=1, max_length=12)
    nik: Nik
    name: Line = Field(min_length=1, max_length=100)
    documents: list[Line] = Field(max_length=50)
    notes: Paragraph = Field(max_length=2000)
    status: Status
    expected_date: dt.date
    identity_override: Paragraph = Field(default="", max_length=500)


class StatusChangeRow(_Row):
    request_id: Uuid
    from_status: Status | None
    to_status: Status
    at: AwareDatetime
    actor: Line = Field(min_length=1, max_length=100)
    reason: Paragraph = Field(default="", max_length=500)
    collected_by: Line = Field(default="", max_length=100)


class RequestCorrectionRow(_Row):
    request_id: Uuid
    fields: list[Line] = Field(min_length=1, max_length=30)
    reason: Paragraph = Field(default="", max_length=500)
    actor: Line = Field(min_length=1, max_length=100)
    at: AwareDatetime


ROW_MODELS: dict[Entity, type[_Row]] = {
    Entity.PERSON: PersonRow,
    Entity.SERVICE_REQUEST: ServiceRequestRow,
    Entity.STATUS_CHANGE: StatusChangeRow,
    Entity.REQUEST_CORRECTION: RequestCorrectionRow,
}


class Tombstone(BaseModel):
    """What a delete carries: which row, whose, and when it went."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Uuid
    office_id: Uuid
    device_id: Uuid
    created_at: AwareDatetime
    updated_at: AwareDatetime  # when it was deleted
    version: int = Field(ge=2)
    hlc: Hlc
    deleted: Literal[True] = True


# -- push ------------------------------------------------------------------------------------


class Entry(BaseModel):
    """One outbox entry: a full snapshot of a row at one version (or its tombstone)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    entity: Entity
    entity_id: Uuid
    version: int = Field(ge=1)
    operation: Operation
    hlc: Hlc
    payload: dict[str, Any]

    @classmethod
    def checked(
        cls,
        entity: Entity,
        entity_id: str,
        version: int,
        operation: Operation,
        hlc: str,
        payload: dict[str, Any],
    ) -> Entry:
        """An entry from values the quick checks passed (:func:`entry`):
        what ``model_construct`` makes, at a third of its cost (both sides make one per row;
        a test holds the two equal)."""
        made = cls.__new__(cls)
        setattr_ = object.__setattr__
        setattr_(
            made,
            "__dict__",
            {
                "entity": entity,
                "entity_id": entity_id,
                "version": version,
                "operation": operation,
                "hlc": hlc,
                "payload": payload,
            },
        )
        setattr_(made, "__pydantic_fields_set__", _ENTRY_FIELDS)
        setattr_(made, "__pydantic_extra__", None)
        setattr_(made, "__pydantic_private__", None)
        return made


_ENTRY_FIELDS = frozenset(("entity", "entity_id", "version", "operation", "hlc", "payload"))


_UUID = re.compile(UUID_PATTERN)
_HLC = re.compile(HLC_PATTERN)
_ENTITIES = {entity.value: entity for entity in Entity}
_OPERATIONS = {operation.value: operation for operation in Operation}


def entry(
    entity: str, entity_id: str, version: int, operation: str, hlc: str, payload: dict[str, Any]
) -> Entry | None:
    """``Entry(...)``, or None where it would raise: what a PC does for each entry it sends.

    The envelope is checked with the same patterns as :class:`Entry`, but directly (half the
    time of a validated model: a PC sends thousands); values of any other type go through
    the model itself. A test holds both paths to the same answer.
    """
    kind = _ENTITIES.get(entity) if type(entity) is str else None
    how = _OPERATIONS.get(operation) if type(operation) is str else None
    if (
        kind is not None
        and how is not None
        and type(entity_id) is str
        and type(version) is int
        and type(hlc) is str
        and type(payload) is dict
    ):
        if version < 1 or _UUID.fullmatch(entity_id) is None or _HLC.fullmatch(hlc) is None:
            return None
        return Entry.checked(kind, entity_id, version, how, hlc, payload)
    try:
        return Entry(
            entity=entity,  # type: ignore[arg-type]
            entity_id=entity_id,
            version=version,
            operation=operation,  # type: ignore[arg-type]
            hlc=hlc,
            payload=payload,
        )
    except (ValidationError, ValueError):
        return None


class PushRequest(BaseModel):
    """``POST /api/v1/push`` (body may be gzip: ``Content-Encoding: gzip``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    protocol: Literal[1] = PROTOCOL
    entries: list[Entry] = Field(min_length=1, max_length=MAX_BATCH)


def encode_push(request: PushRequest) -> bytes:
    """``request.model_dump_json()``, written by orjson (several times faster for a batch
    of hundreds); a value orjson cannot write (a version beyond 64 bits) takes the model's
    own way."""
    try:
        return orjson.dumps(
            {
                "protocol": request.protocol,
                "entries": [
                    {
                        "entity": item.entity,
                        "entity_id": item.entity_id,
                        "version": item.version,
                        "operation": item.operation,
                        "hlc": item.hlc,
                        "payload": item.payload,
                    }
                    for item in request.entries
                ],
            }
        )
    except orjson.JSONEncodeError:
        return request.model_dump_json().encode("utf-8")


class Outcome(StrEnum):
    ACCEPTED = "accepted"  # stored now
    DUPLICATE = "duplicate"  # already held with the same content: nothing to do, not an error
    REJECTED = "rejected"  # will never be accepted as it is: quarantine it, see ``reason``


class Reason(StrEnum):
    """Why an entry was rejected (the client shows a sentence for each)."""

    INVALID = "invalid"  # the payload breaks the wire schema (``detail`` says where)
    CONFLICT = "conflict"  # same (entity, id, version), different content
    WRONG_OFFICE = "wrong_office"  # the row names another office than the token's
    WRONG_DEVICE = "wrong_device"  # the row was made by another device
    MISMATCH = "mismatch"  # entity/id/version/hlc of the entry disagree with its payload
    UNKNOWN_SERVICE = "unknown_service"  # service_code not in the server's catalogue


class EntryResult(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    entity: Entity
    entity_id: str
    version: int
    outcome: Outcome
    reason: Reason | None = None
    detail: str = ""  # for IT staff; never holds a NIK or a name


class PushResponse(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    server_time: AwareDatetime
    results: list[EntryResult]


# -- pull ------------------------------------------------------------------------------------


class ChangeKind(StrEnum):
    SERVICE = "service"  # a catalogue entry (keyed by its code)
    OFFICE = "office"  # the office's own details as the server holds them
    STATUS_CHANGE = "status_change"  # a status change made at the back office


class ServiceData(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=r"^[A-Z0-9_-]{1,16}$")
    name: Line = Field(min_length=1, max_length=120)
    name_en: Line = Field(max_length=120)
    queue_prefix: str = Field(pattern=r"^[A-Z]{1,3}$")
    standard_days: int = Field(ge=0, le=365)
    requirements: list[Line] = Field(max_length=30)
    active: bool
    position: int = Field(ge=0)


class OfficeData(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    office_id: Uuid
    code: str = Field(pattern=OFFICE_CODE_PATTERN)
    name: Line = Field(min_length=1, max_length=120)


class Change(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: ChangeKind
    key: str = Field(min_length=1, max_length=64)  # service code, office id or row id
    data: dict[str, Any]


class PullResponse(BaseModel):
    """``GET /api/v1/pull?cursor=...``: changes after the cursor, oldest first.

    The cursor is opaque to the client: it stores it after applying ``changes`` and sends it
    back next time. ``more`` says another page is waiting.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    server_time: AwareDatetime
    cursor: str = Field(max_length=200)
    more: bool
    changes: list[Change] = Field(max_length=MAX_PULL)


# -- reconciliation --------------------------------------------------------------------------


class DaySummary(BaseModel):
    """What one side holds of one entity for one day: how many rows and which versions."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    day: dt.date  # the UTC date of the row's created_at
    entity: Entity
    count: int = Field(ge=0)
    digest: str = Field(pattern=r"^[0-9a-f]{64}$")


class ReconcileResponse(BaseModel):
    """``GET /api/v1/reconcile``: per (day, entity), what the server holds from this device."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    server_time: AwareDatetime
    days: list[DaySummary]


def day_digest(pairs: Iterable[tuple[str, int]]) -> str:
    """sha256 of the sorted ``id:version`` lines: equal on both sides exactly when they hold
    the same rows at the same (newest) versions. Tombstones count with their version."""
    return lines_digest(f"{row_id}:{version}" for row_id, version in pairs)


def lines_digest(lines: Iterable[str]) -> str:
    """:func:`day_digest` of ``id:version`` lines already written (a PC's database writes
    them itself)."""
    return hashlib.sha256("\n".join(sorted(lines)).encode("ascii")).hexdigest()


# -- enrolment and health --------------------------------------------------------------------


class EnrolRequest(BaseModel):
    """``POST /api/v1/enrol``: a one-time code traded for a device token.

    Retrying with the same code and the same device id (the reply was lost) gives that device
    a fresh token for the same enrolment; any other device is refused.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=ENROLMENT_CODE_PATTERN)
    device_id: Uuid
    device_name: Line = Field(default="", max_length=100)

    @field_validator("code", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.strip().upper() if isinstance(value, str) else value


class EnrolResponse(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    office: OfficeData
    device_id: Uuid
    token: str = Field(min_length=20, max_length=200)
    server_time: AwareDatetime


class Problem(BaseModel):
    """Every 4xx/5xx body: a stable code for programs, a sentence for people."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str
    message: str


class Health(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    status: Literal["ok"]
    database: Literal["ok"]
    server_time: AwareDatetime
    protocol: int = PROTOCOL


# -- payload checks and hashing -----------------------------------------------------------------


def validate_entry(entry: Entry) -> _Row | Tombstone:
    """The entry's payload checked against its entity's schema, and against the entry.

    Raises :class:`PayloadProblem` (with the first field at fault, never its value).
    """
    model: type[_Row] | type[Tombstone]
    model = Tombstone if entry.operation is Operation.DELETE else ROW_MODELS[entry.entity]
    try:
        row = model.model_validate(entry.payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ())) or "payload"
        raise PayloadProblem(Reason.INVALID, f"{where}: {first.get('type', 'invalid')}") from exc
    if (row.id, row.version, row.hlc) != (entry.entity_id, entry.version, entry.hlc):
        raise PayloadProblem(Reason.MISMATCH, "id, version or hlc differ from the entry")
    return row


class PayloadProblem(ValueError):
    def __init__(self, reason: Reason, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


# The one byte form of a payload (sorted keys, no spaces, UTF-8): the same bytes the PC's
# outbox checksum covers.
canonical = canonical_json


def payload_hash(entry: Entry) -> str:
    """sha256 over what makes an entry what it is: same key and same hash is a duplicate,
    same key and another hash a conflict."""
    head = f"{entry.entity}\n{entry.entity_id}\n{entry.version}\n{entry.operation}\n".encode()
    return hashlib.sha256(head + canonical(entry.payload)).hexdigest()


def row_day(created_at: str | dt.datetime) -> dt.date:
    """The reconciliation day of a row: the UTC date of its ``created_at``."""
    if isinstance(created_at, str):
        created_at = dt.datetime.fromisoformat(created_at)
    if created_at.tzinfo is None:
        created_at = created_at.replace(tzinfo=dt.UTC)
    return created_at.astimezone(dt.UTC).date()
