"""Sync for the UI and the command line: enrolment, rounds, the runner, what staff see.

Two classes:

- :class:`SqlStore` is the engine's :class:`sync.engine.LocalStore` over a workspace: it
  hands out pending outbox entries (``service_code`` added to requests: the catalogue's
  stable key), records the server's answers, applies pulled changes and the new cursor in
  one transaction, and computes this device's day summaries for reconciliation;
- :class:`SyncService` is what ``app.sync`` gives: :meth:`~SyncService.status`,
  :meth:`~SyncService.records`, :meth:`~SyncService.enrol`, :meth:`~SyncService.sync_once`,
  :meth:`~SyncService.start` / :meth:`~SyncService.stop` of the background runner,
  :meth:`~SyncService.nudge` and :meth:`~SyncService.requeue_attention`.

The wire models (pydantic), the engine and the HTTP client are imported only when a round,
an enrolment or a pull needs them, so building this service (the sync page reads
:meth:`~SyncService.status` every few seconds) loads neither pydantic nor requests.

What is kept in ``sync_state`` (key -> text): ``server_url``, ``device_token`` (never
logged), ``office_id``, ``office_code``, ``office_name``, ``enrolled_at``, ``pull_cursor``,
and after each round ``last_attempt_at``, ``last_problem``, ``reconciled``,
``last_confirmed_at``, ``server_time``, ``clock_skew_seconds``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import re
import socket
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import orjson
from sqlalchemy import delete, event, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from desktop.domain import text as text_rules
from desktop.domain.status import Status, TransitionError, check_collector, check_transition
from desktop.models.database import DatabaseProblem
from desktop.models.outbox import (
    OutboxState,
    applying_server_rows,
    payload_checksum,
    restamp_office,
)
from desktop.models.tables import (
    Service,
    ServiceRequest,
    StatusChange,
    Synced,
    SyncState,
)
from desktop.services.settings import SettingsService
from desktop.services.sync_types import (
    Enrolment,
    EnrolProblem,
    EnrolRefused,
    RecordState,
    SyncProblem,
    SyncRecord,
    SyncReport,
    SyncStatus,
)
from desktop.services.workspace import Workspace

if TYPE_CHECKING:
    from typing import Protocol

    from sync import wire
    from sync.engine import Counts, Outgoing, Result, RoundReport, SyncEngine, Transport
    from sync.runner import SyncRunner

    class ServerClient(Transport, Protocol):
        """A transport that can also enrol (``sync.transport.HttpTransport``)."""

        def enrol(self, request: wire.EnrolRequest) -> wire.EnrolResponse: ...


log = logging.getLogger(__name__)

SYNCED_TABLES = ("person", "service_request", "status_change", "request_correction")
PENDING = OutboxState.PENDING.value
CONFIRMED = OutboxState.CONFIRMED.value
QUARANTINED = OutboxState.QUARANTINED.value

# sync_state keys
SERVER_URL = "server_url"
TOKEN = "device_token"
OFFICE_ID = "office_id"
OFFICE_CODE = "office_code"
OFFICE_NAME = "office_name"
ENROLLED_AT = "enrolled_at"
CURSOR = "pull_cursor"
LAST_ATTEMPT = "last_attempt_at"
LAST_PROBLEM = "last_problem"
RECONCILED = "reconciled"
LAST_CONFIRMED = "last_confirmed_at"
SERVER_TIME = "server_time"
CLOCK_SKEW = "clock_skew_seconds"
CATALOGUE_VERSION = "catalogue_version"

_QUIET = "sewaka.sync.quiet"  # a session of the sync store itself: its commits nudge nobody
_WROTE_SYNCED = "sewaka.sync.wrote"

TransportFactory = Callable[[str, str | None], "ServerClient"]


BATCH_ENV = "SEWAKA_SYNC_BATCH"


def batch_size() -> int:
    """Entries per push: ``SEWAKA_SYNC_BATCH`` (1 to ``sync.wire.MAX_BATCH``), else the most
    the server takes. A smaller batch suits a link so poor that a big one rarely gets
    through whole (docs/OPERATIONS.md)."""
    from sync import wire

    text = os.environ.get(BATCH_ENV, "").strip()
    if not text:
        return wire.MAX_BATCH
    if text.isascii() and text.isdigit() and 1 <= int(text) <= wire.MAX_BATCH:
        return int(text)
    log.warning("%s=%r is not 1..%s; using the most", BATCH_ENV, text[:20], wire.MAX_BATCH)
    return wire.MAX_BATCH


# -- the store -----------------------------------------------------------------------------


class SqlStore:
    """:class:`sync.engine.LocalStore` over a workspace; each method one transaction."""

    def __init__(self, workspace: Workspace) -> None:
        self._ws = workspace

    @contextmanager
    def _writing(self) -> Iterator[Session]:
        from sync.engine import LocalStoreError

        try:
            with self._ws.transaction() as session:
                session.info[_QUIET] = True
                yield session
        except (DatabaseProblem, SQLAlchemyError) as exc:
            raise LocalStoreError(_what(exc)) from exc

    @contextmanager
    def _reading(self) -> Iterator[Session]:
        from sync.engine import LocalStoreError

        try:
            with self._ws.reading() as session:
                yield session
        except (DatabaseProblem, SQLAlchemyError) as exc:
            raise LocalStoreError(_what(exc)) from exc

    @property
    def device_id(self) -> str:
        return self._ws.sync.device_id

    # -- push ------------------------------------------------------------------------------

    def pending(self, after_seq: int, limit: int) -> list[Outgoing]:
        from sync.engine import Outgoing

        with self._reading() as session:
            rows = _fetch(
                session,
                "SELECT seq, entity, entity_id, version, operation, hlc,"
                " CAST(payload AS BLOB), checksum FROM outbox"
                " WHERE state = ? AND seq > ? ORDER BY seq LIMIT ?",
                (PENDING, after_seq, limit),
            )
            found: list[Outgoing] = []
            damaged: list[tuple[int, str]] = []
            service_ids: set[str] = set()
            for seq, entity, entity_id, version, operation, hlc, raw, checksum in rows:
                payload = _payload(raw)
                if payload is None:
                    damaged.append((seq, "damaged: unreadable"))
                    continue
                if checksum is not None and not _verified(raw, payload, checksum):
                    damaged.append((seq, "damaged: checksum"))
                    continue
                if entity == "service_request" and operation != "delete":
                    service_ids.add(str(payload.get("service_id")))
                found.append(
                    Outgoing(seq, entity, entity_id, version, operation, str(hlc), payload)
                )
            codes: dict[str, str] = {
                service_id: code
                for service_id, code in session.execute(
                    select(Service.id, Service.code).where(Service.id.in_(service_ids))
                )
            }
        if damaged:
            self._quarantine(damaged)
        for item in found:
            if item.entity == "service_request" and item.operation != "delete":
                code = codes.get(str(item.payload.get("service_id")))
                if code is not None:
                    item.payload["service_code"] = code
        return found

    def _quarantine(self, damaged: Sequence[tuple[int, str]]) -> None:
        with self._writing() as session:
            connection = session.connection()
            for seq, reason in damaged:
                connection.exec_driver_sql(
                    "UPDATE outbox SET state = ?, last_error = ? WHERE seq = ? AND state = ?",
                    (QUARANTINED, reason, seq, PENDING),
                )
                self._ws.audit(session, "outbox.quarantined", "outbox", str(seq), reason)
        for seq, reason in damaged:
            log.warning("outbox entry %s not sent: %s", seq, reason)

    def mark_attempted(self, seqs: Sequence[int]) -> None:
        with self._writing() as session:
            _in_chunks(
                session,
                "UPDATE outbox SET attempts = attempts + 1 WHERE seq IN ({marks})",
                seqs,
            )

    def record_results(self, results: Sequence[Result]) -> None:
        from sync import wire

        confirmed = [r.seq for r in results if r.outcome is not wire.Outcome.REJECTED]
        rejected = [r for r in results if r.outcome is wire.Outcome.REJECTED]
        with self._writing() as session:
            _in_chunks(
                session,
                f"UPDATE outbox SET state = '{CONFIRMED}', last_error = NULL,"
                f" attempts = attempts + 1 WHERE state = '{PENDING}' AND seq IN ({{marks}})",
                confirmed,
            )
            connection = session.connection()
            for result in rejected:
                row = connection.exec_driver_sql(
                    "SELECT entity, entity_id, version FROM outbox WHERE seq = ?", (result.seq,)
                ).first()
                changed = connection.exec_driver_sql(
                    "UPDATE outbox SET state = ?, last_error = ?, attempts = attempts + ?"
                    " WHERE seq = ? AND state = ?",
                    (QUARANTINED, result.reason[:500], int(result.sent), result.seq, PENDING),
                ).rowcount
                if changed and row is not None:
                    entity, entity_id, version = row
                    self._ws.audit(
                        session,
                        "outbox.quarantined",
                        str(entity)[:40],
                        str(entity_id)[:36],
                        f"seq {result.seq} v{version} {_code(result.reason)}",
                    )

    def counts(self) -> Counts:
        from sync.engine import Counts

        with self._reading() as session:
            pending, quarantined = _state_counts(session, (PENDING, QUARANTINED))
        return Counts(pending=pending, quarantined=quarantined)

    # -- pull ------------------------------------------------------------------------------

    def cursor(self) -> str | None:
        with self._reading() as session:
            return _get(session, CURSOR)

    def apply_pull(self, changes: Sequence[wire.Change], cursor: str) -> int:
        """One page and its cursor in one transaction (a failure keeps neither)."""
        from sync import wire

        applied = 0
        catalogue: dict[str, Service] | None = None  # by code, read once per page
        services_changed = False
        with self._writing() as session:
            for change in changes:
                if change.kind is wire.ChangeKind.SERVICE:
                    if catalogue is None:
                        catalogue = {s.code: s for s in session.scalars(select(Service))}
                    done = self._apply_service(session, catalogue, change)
                    services_changed = services_changed or bool(done)
                    applied += done
                elif change.kind is wire.ChangeKind.OFFICE:
                    applied += self._apply_office(session, change)
                elif change.kind is wire.ChangeKind.STATUS_CHANGE:
                    applied += self._apply_status_change(session, change)
            if services_changed:  # open forms see one new catalogue version per page
                version = int(_get(session, CATALOGUE_VERSION) or 0)
                _put(session, CATALOGUE_VERSION, str(version + 1))
            _put(session, CURSOR, cursor)
        return applied

    def _apply_service(
        self, session: Session, catalogue: dict[str, Service], change: wire.Change
    ) -> int:
        """One catalogue entry upserted by its code; ``catalogue`` (this PC's services by
        code, as this page has left them so far) is kept up to date."""
        from pydantic import ValidationError

        from sync import wire

        try:
            data = wire.ServiceData.model_validate(change.data)
        except ValidationError:
            log.warning("pulled service %s is not valid: skipped", change.key[:16])
            return 0
        clash = next(
            (
                s
                for s in catalogue.values()
                if s.queue_prefix == data.queue_prefix and s.code != data.code
            ),
            None,
        )
        if clash is not None:
            log.warning(
                "pulled service %s: queue prefix %s is %s's here: skipped",
                data.code,
                data.queue_prefix,
                clash.code,
            )
            return 0
        service = catalogue.get(data.code)
        if service is None:
            from desktop.domain.ids import uuid7

            service = Service(id=str(uuid7()), code=data.code)
            session.add(service)
            catalogue[data.code] = service
        service.name = data.name
        service.name_en = data.name_en
        service.queue_prefix = data.queue_prefix
        service.standard_days = data.standard_days
        service.requirements = list(data.requirements)
        service.active = data.active
        service.position = data.position
        # Now, not with the page: a prefix another service gave up earlier in the page
        # must be free in the database before this one takes it.
        session.flush()
        return 1

    def _apply_office(self, session: Session, change: wire.Change) -> int:
        from pydantic import ValidationError

        from sync import wire

        try:
            data = wire.OfficeData.model_validate(change.data)
        except ValidationError:
            log.warning("pulled office details are not valid: skipped")
            return 0
        ours = _get(session, OFFICE_ID)
        if ours is not None and data.office_id != ours:
            log.warning("pulled details of another office: skipped")
            return 0
        _put(session, OFFICE_CODE, data.code)
        _put(session, OFFICE_NAME, data.name)
        return 1

    def _apply_status_change(self, session: Session, change: wire.Change) -> int:
        """A status change made at the back office: the event as it came, then the request
        moved through its normal path (a new version, pushed back) if that move is allowed."""
        from pydantic import ValidationError

        from sync import wire

        try:
            row = wire.StatusChangeRow.model_validate(change.data)
        except ValidationError:
            log.warning("pulled status change %s is not valid: skipped", change.key[:36])
            return 0
        if session.get(StatusChange, row.id) is not None:
            return 0  # applied before (a page pulled again after a crash)
        request = session.get(ServiceRequest, row.request_id)
        if request is None:
            log.warning("pulled status change %s: request %s not here", row.id, row.request_id)
            return 0
        with applying_server_rows(session):
            session.add(
                StatusChange(
                    id=row.id,
                    office_id=row.office_id,
                    device_id=row.device_id,
                    created_at=row.created_at,
                    updated_at=row.updated_at,
                    version=row.version,
                    hlc=row.hlc,
                    request_id=row.request_id,
                    from_status=row.from_status.value if row.from_status else None,
                    to_status=row.to_status.value,
                    at=row.at,
                    actor=row.actor,
                    reason=row.reason,
                    collected_by=row.collected_by,
                )
            )
        current = Status(request.status)
        target = Status(row.to_status)
        try:
            check_transition(current, target, row.reason)
            check_collector(current, target, row.collected_by)
        except TransitionError as refused:
            log.info(
                "central status change %s kept as history; request stays %s (%s)",
                row.id,
                current,
                refused.problem,
            )
            return 1
        request.status = target.value
        self._ws.audit(
            session, "request.status_changed", request.id, f"{current} -> {target} (central)"
        )
        return 1

    # -- reconcile -------------------------------------------------------------------------

    def day_summaries(self, days: Collection[dt.date] | None = None) -> list[wire.DaySummary]:
        """Per (UTC day of created_at, entity): this device's rows at their newest versions,
        tombstones included. ``days``: only those days (None: all)."""
        from sync import wire

        wanted = None if days is None else sorted({d.isoformat() for d in days})
        # The ``id:version`` lines are written by SQLite: a PC holds tens of thousands.
        groups: dict[tuple[str, str], list[str]] = defaultdict(list)
        with self._reading() as session:
            for entity in SYNCED_TABLES:
                for day, line in _rows_of(
                    session,
                    f"SELECT substr(created_at, 1, 10), id || ':' || version FROM {entity}"
                    " WHERE device_id = ?",
                    (self.device_id,),
                    wanted,
                ):
                    groups[(day, entity)].append(line)
            for day, entity, line in _rows_of(
                session,
                "SELECT substr(created_at, 1, 10), entity, entity_id || ':' || version"
                " FROM tombstone WHERE device_id = ?",
                (self.device_id,),
                wanted,
            ):
                groups[(day, entity)].append(line)
        summaries = []
        for (day, entity), lines in sorted(groups.items()):
            try:
                kind = wire.Entity(entity)
                when = dt.date.fromisoformat(day)
            except ValueError:
                continue
            summaries.append(
                wire.DaySummary(
                    day=when, entity=kind, count=len(lines), digest=wire.lines_digest(lines)
                )
            )
        return summaries

    def requeue(self, day: dt.date, entity: wire.Entity) -> int:
        """The newest confirmed entry of each of this device's rows of that day: pending."""
        table = entity.value
        if table not in SYNCED_TABLES:
            return 0
        with self._writing() as session:
            return (
                session.connection()
                .exec_driver_sql(
                    f"UPDATE outbox SET state = '{PENDING}' WHERE seq IN ("
                    " SELECT o.seq FROM outbox AS o JOIN ("
                    f"  SELECT id AS rid, version AS v FROM {table}"
                    "   WHERE device_id = ? AND substr(created_at, 1, 10) = ?"
                    "  UNION ALL SELECT entity_id, version FROM tombstone"
                    "   WHERE entity = ? AND device_id = ? AND substr(created_at, 1, 10) = ?"
                    " ) AS r ON o.entity = ? AND o.entity_id = r.rid AND o.version = r.v"
                    f" WHERE o.state = '{CONFIRMED}')",
                    (
                        self.device_id,
                        day.isoformat(),
                        table,
                        self.device_id,
                        day.isoformat(),
                        table,
                    ),
                )
                .rowcount
            )

    # -- the round -------------------------------------------------------------------------

    def record_round(self, report: RoundReport) -> None:
        with self._writing() as session:
            now = report.finished_at or self._ws.now()
            _put(session, LAST_ATTEMPT, now.isoformat())
            _put(session, LAST_PROBLEM, report.problem.value if report.problem else "")
            _put(session, RECONCILED, "true" if report.reconciled else "false")
            if report.reconciled:
                _put(session, LAST_CONFIRMED, now.isoformat())
            if report.server_time is not None:
                _put(session, SERVER_TIME, report.server_time.isoformat())
            if report.clock_skew is not None:
                _put(session, CLOCK_SKEW, f"{report.clock_skew.total_seconds():.3f}")


# -- the service ---------------------------------------------------------------------------


class SyncService:
    """Sync as the UI and the command line see it (``app.sync``)."""

    def __init__(
        self,
        workspace: Workspace,
        *,
        transport_factory: TransportFactory | None = None,
        runner_options: dict[str, Any] | None = None,
    ) -> None:
        self._ws = workspace
        self._settings = SettingsService(workspace)
        self._transport_factory = transport_factory or _http_transport
        self._runner_options = runner_options or {}
        self._lock = threading.RLock()
        self._engine: SyncEngine | None = None
        self._engine_key: tuple[str, str] | None = None
        self._runner: SyncRunner | None = None
        self._wanted = False  # start() was called: run in the background once enrolled
        self._listening = False
        self._rounds_running = 0
        self._listeners: list[Callable[[SyncReport], None]] = []
        self.last_report: SyncReport | None = None

    # -- what staff see --------------------------------------------------------------------

    def status(self) -> SyncStatus:
        runner = self._runner
        if runner is not None:
            runner.watchdog()
        with self._ws.reading() as session:
            state = _all_state(session)
            pending, quarantined, confirmed = _state_counts(
                session, (PENDING, QUARANTINED, CONFIRMED)
            )
            sent = (
                session.connection()
                .exec_driver_sql(
                    "SELECT count(*) FROM outbox WHERE state = ? AND attempts > 0", (PENDING,)
                )
                .scalar_one()
            )
        enrolled = bool(state.get(TOKEN))
        problem = _stored_problem(state.get(LAST_PROBLEM, ""))
        if self._training():
            problem = SyncProblem.TRAINING
        elif not enrolled:
            problem = SyncProblem.NOT_ENROLLED
        last_attempt = _time(state.get(LAST_ATTEMPT))
        online: bool | None = None
        if enrolled and last_attempt is not None:
            online = problem not in (SyncProblem.OFFLINE, SyncProblem.SERVER_ERROR)
        skew = state.get(CLOCK_SKEW)
        return SyncStatus(
            enrolled=enrolled,
            server_url=state.get(SERVER_URL, ""),
            office_code=state.get(OFFICE_CODE, ""),
            office_name=state.get(OFFICE_NAME, ""),
            online=online,
            syncing=self._rounds_running > 0 or (runner is not None and runner.syncing),
            pending=pending - int(sent),
            sent=int(sent),
            confirmed=confirmed,
            attention=quarantined,
            reconciled=enrolled and state.get(RECONCILED) == "true" and not pending,
            last_confirmed_at=_time(state.get(LAST_CONFIRMED)),
            last_attempt_at=last_attempt,
            next_attempt_at=runner.next_attempt_at if runner is not None else None,
            problem=problem,
            clock_skew=dt.timedelta(seconds=float(skew)) if skew else None,
            catalogue_version=int(state.get(CATALOGUE_VERSION) or 0),
        )

    def records(self, state: RecordState | None = None, limit: int = 500) -> list[SyncRecord]:
        """The newest queued changes (in that state), newest first. Labels hold a queue
        number and tracking code, never a NIK or a name."""
        where = {
            None: f"o.state IN ('{PENDING}', '{CONFIRMED}', '{QUARANTINED}')",
            RecordState.PENDING: f"o.state = '{PENDING}' AND o.attempts = 0",
            RecordState.SENT: f"o.state = '{PENDING}' AND o.attempts > 0",
            RecordState.CONFIRMED: f"o.state = '{CONFIRMED}'",
            RecordState.ATTENTION: f"o.state = '{QUARANTINED}'",
        }[state]
        with self._ws.reading() as session:
            rows = (
                session.connection()
                .exec_driver_sql(
                    "SELECT o.seq, o.entity, o.entity_id, o.version, o.operation, o.state,"
                    " o.attempts, o.last_error, o.created_at, r.queue_number, r.tracking_code"
                    " FROM outbox AS o LEFT JOIN service_request AS r ON r.id = CASE"
                    " WHEN o.entity = 'service_request' THEN o.entity_id"
                    " WHEN o.entity IN ('status_change', 'request_correction')"
                    "  THEN json_extract(CASE WHEN json_valid(o.payload) THEN o.payload END,"
                    "   '$.request_id') END"
                    f" WHERE {where} ORDER BY o.seq DESC LIMIT ?",
                    (max(0, limit),),
                )
                .all()
            )
        records = []
        for (
            seq,
            entity,
            entity_id,
            version,
            operation,
            stored_state,
            attempts,
            last_error,
            created_at,
            queue_number,
            tracking_code,
        ) in rows:
            if stored_state == QUARANTINED:
                shown = RecordState.ATTENTION
            elif stored_state == CONFIRMED:
                shown = RecordState.CONFIRMED
            else:
                shown = RecordState.SENT if attempts else RecordState.PENDING
            label = str(entity)
            if queue_number or tracking_code:
                label = " · ".join(_printable(str(v)) for v in (queue_number, tracking_code) if v)
            records.append(
                SyncRecord(
                    seq=int(seq),
                    entity=str(entity),
                    entity_id=str(entity_id),
                    version=int(version),
                    operation=str(operation),
                    state=shown,
                    label=label,
                    queued_at=_stored_time(created_at),
                    attempts=int(attempts or 0),
                    reason=_shown_reason(last_error) if shown is RecordState.ATTENTION else "",
                )
            )
        return records

    # -- enrolment -------------------------------------------------------------------------

    def enrol(self, server_url: str, code: str, device_name: str = "") -> Enrolment:
        """Trade a one-time code for this PC's token; re-stamp the provisional office.

        Raises :class:`EnrolRefused`. Nothing is saved unless the server enrolled the PC;
        the URL, token and office are saved and the rows re-stamped in ONE transaction.
        """
        from sync.transport import (
            BadServerUrl,
            RateLimited,
            Refused,
            TransportError,
            Unauthorized,
            check_server_url,
        )

        if self._training():
            raise EnrolRefused(EnrolProblem.TRAINING)
        try:
            url = check_server_url(server_url)
        except BadServerUrl as exc:
            raise EnrolRefused(EnrolProblem.BAD_URL, str(exc)) from None
        clean_code = normalize_code(code)
        if clean_code is None:
            raise EnrolRefused(EnrolProblem.BAD_CODE)
        from sync import wire

        request = wire.EnrolRequest(
            code=clean_code,
            device_id=self._ws.sync.device_id,
            device_name=_device_name(device_name),
        )
        transport = self._transport_factory(url, None)
        try:
            answer = transport.enrol(request)
        except TransportError as exc:
            problem = EnrolProblem.OFFLINE if exc.kind == "offline" else EnrolProblem.SERVER_ERROR
            raise EnrolRefused(problem, str(exc)) from None
        except RateLimited as exc:
            raise EnrolRefused(EnrolProblem.SERVER_ERROR, str(exc)) from None
        except Unauthorized as exc:
            raise EnrolRefused(EnrolProblem.UNKNOWN_CODE, exc.problem_code) from None
        except Refused as exc:
            raise EnrolRefused(
                _enrol_problem(exc.status, exc.problem_code), exc.problem_code
            ) from None
        finally:
            _close(transport)
        if answer.device_id != self._ws.sync.device_id:
            raise EnrolRefused(EnrolProblem.SERVER_ERROR, "device id differs")
        office = answer.office
        with self._ws.transaction() as session:
            state = _all_state(session)
            if state.get(TOKEN) and state.get(OFFICE_ID) not in (None, office.office_id):
                raise EnrolRefused(EnrolProblem.ALREADY_ENROLLED)
            if state.get(SERVER_URL) not in (None, url):
                # Another server: its cursor means nothing here.
                session.execute(delete(SyncState).where(SyncState.key == CURSOR))
            _put(session, SERVER_URL, url)
            _put(session, TOKEN, answer.token)
            _put(session, OFFICE_ID, office.office_id)
            _put(session, OFFICE_CODE, office.code)
            _put(session, OFFICE_NAME, office.name)
            _put(session, ENROLLED_AT, self._ws.now().isoformat())
            _put(session, LAST_PROBLEM, "")
            _put(session, RECONCILED, "false")
            if answer.server_time is not None:
                skew = answer.server_time - self._ws.now()
                _put(session, SERVER_TIME, answer.server_time.isoformat())
                _put(session, CLOCK_SKEW, f"{skew.total_seconds():.3f}")
            restamped = restamp_office(session, office.office_id)
            self._ws.audit(session, "sync.enrolled", "office", office.office_id, office.code)
        log.info("enrolled with office %s at %s; %s rows re-stamped", office.code, url, restamped)
        with self._lock:
            self._engine = None  # a new token: a new engine
            if self._wanted:
                self._start_runner()
                if self._runner is not None:
                    self._runner.resume()
        return Enrolment(
            server_url=url,
            office_id=office.office_id,
            office_code=office.code,
            office_name=office.name,
            restamped_rows=restamped,
        )

    # -- rounds ----------------------------------------------------------------------------

    def sync_once(self) -> SyncReport:
        """One full round now (reconciliation always checked): "sync now", ``sewaka sync``."""
        report = self._round(reconcile=True)
        runner = self._runner
        if runner is not None and runner.paused and report.problem is not SyncProblem.UNAUTHORIZED:
            runner.resume()
        return report

    def _round(self, reconcile: bool | None) -> SyncReport:
        refusal = self._refusal()
        if refusal is not None:
            return self._not_run(refusal)
        engine = self._engine_now()
        if engine is None:
            return self._not_run(SyncProblem.NOT_ENROLLED)
        with self._lock:
            self._rounds_running += 1
        try:
            round_ = engine.sync_once(reconcile=reconcile)
        finally:
            with self._lock:
                self._rounds_running -= 1
        report = _as_sync_report(round_)
        self.last_report = report
        return report

    def _background_round(self) -> RoundReport:
        """The runner's round: reconciliation only when due (see SyncEngine.sync_once)."""
        from sync.engine import Problem, RoundReport

        refusal = self._refusal()
        engine = self._engine_now() if refusal is None else None
        if engine is None:
            # Not enrolled any more, or a training folder: nothing to do; "unauthorized"
            # pauses the runner until the PC is enrolled again.
            return RoundReport(0, 0, 0, 0, 0, False, 0, 0, None, None, Problem.UNAUTHORIZED)
        with self._lock:
            self._rounds_running += 1
        try:
            round_ = engine.sync_once()
        finally:
            with self._lock:
                self._rounds_running -= 1
        report = _as_sync_report(round_)
        self.last_report = report
        for listener in list(self._listeners):
            try:
                listener(report)
            except Exception:
                log.exception("sync round listener failed")
        return round_

    def listen(self, callback: Callable[[SyncReport], None]) -> None:
        """Call ``callback`` (on the runner's thread) after every background round."""
        self._listeners.append(callback)

    def _refusal(self) -> SyncProblem | None:
        if self._training():
            return SyncProblem.TRAINING
        return None

    def _not_run(self, problem: SyncProblem) -> SyncReport:
        try:
            with self._ws.reading() as session:
                pending, quarantined = _state_counts(session, (PENDING, QUARANTINED))
        except DatabaseProblem:
            pending = quarantined = 0
        return SyncReport(
            pushed=0,
            duplicates=0,
            rejected=0,
            pulled=0,
            resent=0,
            reconciled=False,
            pending=pending,
            quarantined=quarantined,
            server_time=None,
            clock_skew=None,
            problem=problem,
        )

    def _engine_now(self) -> SyncEngine | None:
        with self._ws.reading() as session:
            state = _all_state(session)
        url, token = state.get(SERVER_URL), state.get(TOKEN)
        if not url or not token:
            return None
        with self._lock:
            if self._engine is None or self._engine_key != (url, token):
                from sync.engine import SyncEngine

                if self._engine is not None:
                    _close(self._engine.transport)
                self._engine = SyncEngine(
                    SqlStore(self._ws),
                    self._transport_factory(url, token),
                    self._ws.now,
                    progress=self._progress,
                    batch_size=batch_size(),
                )
                self._engine_key = (url, token)
            return self._engine

    def _progress(self) -> None:
        runner = self._runner
        if runner is not None:
            runner.beat()

    # -- the runner ------------------------------------------------------------------------

    def start(self) -> None:
        """Sync in the background from now on (once enrolled; never in a training folder)."""
        with self._lock:
            self._wanted = True
            self._start_runner()

    def _start_runner(self) -> None:
        if self._runner is not None and self._runner.started:
            return
        if self._training() or not self.enrolled():
            return
        from sync.runner import SyncRunner

        self._runner = SyncRunner(self._background_round, **self._runner_options)
        self._runner.start()
        self._listen()
        log.info("background sync started")

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the background runner; a round in progress is waited for ``timeout`` s."""
        with self._lock:
            self._wanted = False
            runner, self._runner = self._runner, None
            self._unlisten()
        if runner is not None:
            runner.stop(timeout)
        with self._lock:
            engine, self._engine = self._engine, None
        if engine is not None:
            _close(engine.transport)

    @property
    def running(self) -> bool:
        runner = self._runner
        return runner is not None and runner.started

    def nudge(self) -> None:
        """Sync soon (a local change was saved, or a record was queued again)."""
        runner = self._runner
        if runner is not None:
            runner.nudge()

    def enrolled(self) -> bool:
        with self._ws.reading() as session:
            token = session.get(SyncState, TOKEN)
            return token is not None and bool(token.value)

    def requeue_attention(self, seq: int) -> None:
        """IT sends a quarantined entry again (after fixing the server's catalogue, say)."""
        with self._ws.transaction() as session:
            changed = (
                session.connection()
                .exec_driver_sql(
                    "UPDATE outbox SET state = ?, last_error = NULL, attempts = 0"
                    " WHERE seq = ? AND state = ?",
                    (PENDING, seq, QUARANTINED),
                )
                .rowcount
            )
            if changed:
                self._ws.audit(session, "outbox.requeued", "outbox", str(seq))
        if not changed:
            raise LookupError(f"outbox entry {seq} is not waiting for attention")
        self.nudge()

    # -- local changes nudge the runner ----------------------------------------------------

    def _listen(self) -> None:
        if self._listening:
            return
        event.listen(Session, "after_flush", self._after_flush)
        event.listen(Session, "after_commit", self._after_commit)
        self._listening = True

    def _unlisten(self) -> None:
        if not self._listening:
            return
        event.remove(Session, "after_flush", self._after_flush)
        event.remove(Session, "after_commit", self._after_commit)
        self._listening = False

    def _after_flush(self, session: Session, flush_context: object) -> None:
        if session.info.get(_QUIET) or session.bind is not self._ws.engine:
            return
        if any(isinstance(o, Synced) for o in (*session.new, *session.dirty, *session.deleted)):
            session.info[_WROTE_SYNCED] = True

    def _after_commit(self, session: Session) -> None:
        if session.info.pop(_WROTE_SYNCED, False):
            self.nudge()

    def _training(self) -> bool:
        return self._settings.load().training


# -- helpers -------------------------------------------------------------------------------

_CODE_CHARS = re.compile(r"[^A-Z0-9]")


def normalize_code(text: str) -> str | None:
    """An enrolment code as typed or scanned (spaces, dashes, lower case) in its wire
    form ``XXXX-XXXX-XXXX-XXXX``; None when it cannot be one."""
    letters = _CODE_CHARS.sub("", text.strip().upper())
    if len(letters) != 16 or not letters.isascii():
        return None
    return "-".join(letters[i : i + 4] for i in range(0, 16, 4))


def _device_name(name: str) -> str:
    """What the server's device list shows: the name given, else this PC's host name."""
    text = text_rules.one_line(name) or text_rules.one_line(_hostname())
    return "".join(ch for ch in text if text_rules.is_printable(ch))[:100]


def _hostname() -> str:
    try:
        return socket.gethostname()
    except OSError:
        return ""


def _http_transport(url: str, token: str | None) -> ServerClient:
    from sync.transport import HttpTransport

    return HttpTransport(url, token)


def _close(transport: object) -> None:
    close = getattr(transport, "close", None)
    if callable(close):
        close()


def _enrol_problem(status: int, code: str) -> EnrolProblem:
    known = {
        "enrolment_code_unknown": EnrolProblem.UNKNOWN_CODE,
        "enrolment_code_expired": EnrolProblem.UNKNOWN_CODE,
        "enrolment_code_used": EnrolProblem.CODE_USED,
        "device_revoked": EnrolProblem.REVOKED,
        "device_enrolled_elsewhere": EnrolProblem.ALREADY_ENROLLED,
    }
    if code in known:
        return known[code]
    if status == 404:
        return EnrolProblem.UNKNOWN_CODE
    if status == 409:
        return EnrolProblem.CODE_USED
    if status == 422:
        return EnrolProblem.BAD_CODE
    return EnrolProblem.SERVER_ERROR


def _as_sync_report(round_: RoundReport) -> SyncReport:
    return SyncReport(
        pushed=round_.pushed,
        duplicates=round_.duplicates,
        rejected=round_.rejected,
        pulled=round_.pulled,
        resent=round_.resent,
        reconciled=round_.reconciled,
        pending=round_.pending,
        quarantined=round_.quarantined,
        server_time=round_.server_time,
        clock_skew=round_.clock_skew,
        problem=SyncProblem(round_.problem.value) if round_.problem else None,
    )


def _what(exc: BaseException) -> str:
    kind = getattr(exc, "kind", None)
    return f"{type(exc).__name__}{f' ({kind})' if kind else ''}"


def _verified(raw: bytes | str, payload: dict[str, Any], checksum: str) -> bool:
    """The entry's checksum holds. The triggers store the payload's canonical text itself
    (sorted keys, no spaces), so the sha256 of the stored bytes usually is the checksum and
    nothing needs writing again; when it is not (an entry written before the keys were
    sorted, or text SQLite escapes differently), the payload is written canonically."""
    stored = raw.encode("utf-8") if isinstance(raw, str) else raw
    return hashlib.sha256(stored).hexdigest() == checksum or payload_checksum(payload) == checksum


def _payload(raw: bytes | str | None) -> dict[str, Any] | None:
    if raw is None:
        return None
    try:
        value = orjson.loads(raw)  # a fifth of json.loads' time, for every entry sent
    except orjson.JSONDecodeError:
        # What orjson does not read (NaN, an integer beyond 64 bits, a lone surrogate):
        # the standard library decides.
        try:
            text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            value = json.loads(text)
        except (UnicodeDecodeError, ValueError):
            return None
    return value if isinstance(value, dict) else None


def _in_chunks(session: Session, sql: str, seqs: Sequence[int], size: int = 500) -> None:
    connection = session.connection()
    for start in range(0, len(seqs), size):
        chunk = [int(s) for s in seqs[start : start + size]]
        connection.exec_driver_sql(sql.format(marks=", ".join("?" * len(chunk))), tuple(chunk))


def _state_counts(session: Session, states: Sequence[str]) -> list[int]:
    connection = session.connection()
    return [
        int(
            connection.exec_driver_sql(
                "SELECT count(*) FROM outbox WHERE state = ?", (state,)
            ).scalar_one()
        )
        for state in states
    ]


def _fetch(session: Session, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    """Rows as plain tuples from the session's own sqlite3 connection, in its transaction.

    For the sync's bulk reads (thousands of rows a batch): SQLAlchemy's result rows cost
    more than the query. The connection's text factory still decodes text as everywhere.
    """
    connection = session.connection().connection.driver_connection
    assert connection is not None
    factory = connection.text_factory
    try:
        # Text decoded by sqlite3 itself (a Python call per value costs more than the query);
        # a value that is not UTF-8 makes it refuse, and the rows are read again as the
        # connection reads everything else (undecodable bytes as U+FFFD).
        connection.text_factory = str
        try:
            return connection.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            if "decode" not in str(exc):
                raise
        connection.text_factory = factory
        return connection.execute(sql, params).fetchall()
    except sqlite3.Error as exc:  # what SQLAlchemy would have wrapped: the store's failure
        from sync.engine import LocalStoreError

        raise LocalStoreError(_what(exc)) from exc
    finally:
        connection.text_factory = factory


def _rows_of(
    session: Session, sql: str, params: tuple[Any, ...], days: list[str] | None
) -> Iterator[tuple[Any, ...]]:
    if days is None:
        yield from _fetch(session, sql, params)
        return
    for start in range(0, len(days), 200):
        chunk = days[start : start + 200]
        yield from _fetch(
            session,
            f"{sql} AND substr(created_at, 1, 10) IN ({', '.join('?' * len(chunk))})",
            (*params, *chunk),
        )


def _all_state(session: Session) -> dict[str, str]:
    return {row.key: row.value for row in session.scalars(select(SyncState))}


def _get(session: Session, key: str) -> str | None:
    row = session.get(SyncState, key)
    return row.value if row is not None else None


def _put(session: Session, key: str, value: str) -> None:
    session.merge(SyncState(key=key, value=value))


def _stored_problem(value: str) -> SyncProblem | None:
    try:
        return SyncProblem(value) if value else None
    except ValueError:
        return None


def _time(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _stored_time(value: object) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    moment = _time(str(value))
    return moment if moment is not None else dt.datetime.min.replace(tzinfo=dt.UTC)


def _code(reason: str) -> str:
    """The wire code of a stored reason ("rejected: conflict: ..." -> "conflict")."""
    shown = _shown_reason(reason)
    return shown.split(":", 1)[0].strip()[:40]


def _shown_reason(last_error: str | None) -> str:
    """What the sync page words: "conflict", "invalid: payload.nik: ...", "damaged: ..."."""
    text = last_error or ""
    return text[len("rejected: ") :] if text.startswith("rejected: ") else text


def _printable(text: str) -> str:
    return "".join(ch for ch in text if ch.isprintable())
