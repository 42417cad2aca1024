"""Walk-in service requests: register, move through statuses, call next, find.

Every public method is one transaction. The outbox hook adds an outbox
entry for every synced row written here; this module adds the audit entry.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable
from typing import TypeVar

from sqlalchemy import SQLColumnExpression, and_, column, func, or_, select, table
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement, Select, TextClause

from desktop.domain import correction as correction_rules
from desktop.domain import intake as intake_rules
from desktop.domain import nik as nik_rules
from desktop.domain.catalogue import expected_completion
from desktop.domain.clock import office_day
from desktop.domain.correction import Correctable, Correction
from desktop.domain.ids import new_tracking_code, normalize_tracking_code
from desktop.domain.intake import IntakeForm
from desktop.domain.queue import QueueNumber, next_number, parse_spoken
from desktop.domain.status import (
    Status,
    check_collector,
    check_transition,
    clean_reason,
    periods,
    timings,
)
from desktop.domain.status import StatusChange as StatusEvent
from desktop.models.database import DAMAGED_TEXT
from desktop.models.tables import (
    Person,
    QueueCounter,
    RequestCorrection,
    Service,
    ServiceRequest,
    StatusChange,
)
from desktop.services.clock_check import check_in
from desktop.services.request_types import (
    CorrectionEntry,
    CorrectionRejected,
    CorrectionValues,
    IntakeRejected,
    OpenRequestExists,
    Page,
    PageKey,
    PersonInfo,
    RequestDetail,
    RequestNotFound,
    RequestQuery,
    RequestRow,
    ServiceInfo,
)
from desktop.services.settings import SettingsService
from desktop.services.workspace import Workspace


class RequestService:
    def __init__(self, workspace: Workspace) -> None:
        self._ws = workspace
        self._settings = SettingsService(workspace)

    # -- catalogue and people -------------------------------------------------

    def services(self) -> list[ServiceInfo]:
        with self._ws.reading() as session:
            rows = session.scalars(
                select(Service).where(Service.active).order_by(Service.position, Service.code)
            ).all()
            return [_service_info(s) for s in rows]

    def find_person(self, nik: str) -> PersonInfo | None:
        """The details given last time by the holder of ``nik``, to fill the form."""
        normalized = nik_rules.normalize(nik)
        if len(normalized) != nik_rules.NIK_LENGTH:
            return None
        with self._ws.reading() as session:
            person = session.scalars(select(Person).where(Person.nik == normalized)).first()
            return None if person is None else _person_info(person)

    # -- registering ------------------------------------------------------------

    def today(self) -> dt.date:
        """The office day numbers are issued in: the clock's, never before the newest
        recorded day while the PC clock is behind (see :mod:`desktop.services.clock_check`)."""
        timezone = self._settings.load().timezone
        with self._ws.reading() as session:
            return office_day(check_in(session, self._ws), timezone)

    def register(self, form: IntakeForm, *, allow_open_duplicate: bool = True) -> RequestRow:
        """Check the form and register the request; raise :class:`IntakeRejected` if wrong.

        With ``allow_open_duplicate=False``, raise :class:`OpenRequestExists` (and save
        nothing) when the applicant already has an unfinished request for the same service
        today; the clerk confirms and calls again with ``True``.
        """
        timezone = self._settings.load().timezone
        with self._ws.transaction() as session:
            now = self._ws.now()
            today = office_day(check_in(session, self._ws), timezone)
            services = {s.code: s for s in session.scalars(select(Service).where(Service.active))}
            intake, problems = intake_rules.validate(form, frozenset(services), today)
            if intake is None:
                raise IntakeRejected(problems, today)
            service = services[intake.service_code]
            open_before = _unfinished_today(session, intake.nik, service, today)
            if open_before and not allow_open_duplicate:
                raise OpenRequestExists(open_before)
            person = self._remember_person(session, intake)

            seq = self._next_queue_seq(session, service.id, today)
            queue = QueueNumber(service.queue_prefix, seq)
            request = ServiceRequest(
                tracking_code=self._unused_tracking_code(session),
                service_id=service.id,
                person_id=person.id,
                queue_day=today,
                queue_seq=seq,
                queue_number=str(queue),
                nik=intake.nik,
                name=intake.name,
                documents=[d for d in intake.documents if d in service.requirements],
                notes=intake.notes,
                status=Status.WAITING.value,
                expected_date=expected_completion(today, service.standard_days),
                identity_override=intake.identity_override,
            )
            session.add(request)
            session.flush()
            session.add(
                StatusChange(
                    request_id=request.id,
                    from_status=None,
                    to_status=Status.WAITING.value,
                    at=now,
                    actor=self._ws.actor,
                    reason="",
                )
            )
            self._audit(session, "request.registered", request.id, f"{queue} {service.code}")
            if intake.overridden:
                # Which fields disagree with the NIK; never the NIK, the values or the reason.
                fields = ",".join(f.value for f in intake.overridden)
                self._audit(session, "request.identity_override", request.id, fields)
            if open_before:
                earlier = ",".join(r.id for r in open_before)
                self._audit(session, "request.open_duplicate", request.id, earlier)
            return _row(request, service)

    def open_requests_today(self, nik: str, service_code: str) -> list[RequestRow]:
        """The unfinished requests of ``nik`` for ``service_code`` on today's office day."""
        normalized = nik_rules.normalize(nik)
        if len(normalized) != nik_rules.NIK_LENGTH:
            return []
        today = self.today()
        with self._ws.reading() as session:
            service = session.scalars(select(Service).where(Service.code == service_code)).first()
            if service is None:
                return []
            return _unfinished_today(session, normalized, service, today)

    def _remember_person(self, session: Session, intake: intake_rules.Intake) -> Person:
        person = session.scalars(select(Person).where(Person.nik == intake.nik)).first()
        if person is None:
            person = Person(nik=intake.nik)
            session.add(person)
        person.name = intake.name
        person.sex = intake.sex.value
        person.birth_date = intake.birth_date
        person.address = intake.address
        person.rt = intake.rt
        person.rw = intake.rw
        person.hamlet = intake.hamlet
        person.phone = intake.phone
        session.flush()
        return person

    def _next_queue_seq(self, session: Session, service_id: str, day: dt.date) -> int:
        counter = session.get(QueueCounter, (service_id, day))
        if counter is None:
            counter = QueueCounter(service_id=service_id, day=day, last_number=next_number(None))
            session.add(counter)
        else:
            counter.last_number = next_number(counter.last_number)
        return counter.last_number

    def _unused_tracking_code(self, session: Session) -> str:
        while True:
            code = new_tracking_code()
            taken = session.scalar(
                select(ServiceRequest.id).where(ServiceRequest.tracking_code == code)
            )
            if taken is None:
                return code

    # -- statuses ---------------------------------------------------------------

    def change_status(
        self, request_id: str, target: Status, reason: str = "", collected_by: str = ""
    ) -> RequestRow:
        """Move a request on; raises :class:`~desktop.domain.status.TransitionError`.

        ``collected_by``: on pickup, who collected the document ("" = the applicant).
        """
        with self._ws.transaction() as session:
            request = session.get(ServiceRequest, request_id)
            if request is None:
                raise RequestNotFound(request_id)
            self._move(session, request, target, clean_reason(reason), collected_by)
            service = session.get(Service, request.service_id)
            assert service is not None
            return _row(request, service)

    def call_next(self, service_code: str | None) -> RequestRow | None:
        """Call the next person waiting in today's queue; ``None`` if nobody is waiting.

        With a service: the lowest queue number of the current office day (numbers, not
        the PC clock, give the order; earlier days' leftovers are not today's queue).
        With ``None`` (all services): whoever registered first today, of any service, in
        the order the hybrid logical clock of their registration gives.
        """
        today = self.today()
        with self._ws.transaction() as session:
            stmt = _row_select().where(
                ServiceRequest.queue_day == today,
                ServiceRequest.status == Status.WAITING.value,
            )
            if service_code is not None:
                stmt = stmt.where(Service.code == service_code).order_by(ServiceRequest.queue_seq)
            else:
                registered = (
                    select(StatusChange.hlc)
                    .where(
                        StatusChange.request_id == ServiceRequest.id,
                        StatusChange.from_status.is_(None),
                    )
                    .limit(1)
                    .scalar_subquery()
                )
                stmt = stmt.order_by(registered, ServiceRequest.id)
            found = session.execute(stmt.limit(1)).first()
            if found is None:
                return None
            request, service = found
            self._move(session, request, Status.CALLED, "")
            return _row(request, service)

    def _move(
        self,
        session: Session,
        request: ServiceRequest,
        target: Status,
        reason: str,
        collected_by: str = "",
    ) -> None:
        current = Status(request.status)
        check_transition(current, target, reason)
        collector = check_collector(current, target, collected_by)
        request.status = target.value
        session.add(
            StatusChange(
                request_id=request.id,
                from_status=current.value,
                to_status=target.value,
                at=self._ws.now(),
                actor=self._ws.actor,
                reason=reason,
                collected_by=collector,
            )
        )
        self._audit(session, "request.status_changed", request.id, f"{current} -> {target}")

    # -- corrections ------------------------------------------------------------

    def correction_values(self, request_id: str) -> CorrectionValues:
        """The stored values a correction starts from (the dialog is filled with these)."""
        with self._ws.reading() as session:
            request = session.get(ServiceRequest, request_id)
            if request is None:
                raise RequestNotFound(request_id)
            person = session.get(Person, request.person_id)
            service = session.get(Service, request.service_id)
            assert person is not None and service is not None
            current = _correctable(request, person)
            return CorrectionValues(
                queue_number=request.queue_number,
                nik_masked=nik_rules.mask(request.nik),
                name=current.name,
                address=current.address,
                rt=current.rt,
                rw=current.rw,
                hamlet=current.hamlet,
                phone=current.phone,
                documents=current.documents,
                notes=current.notes,
                requirements=tuple(service.requirements),
            )

    def correct(self, request_id: str, correction: Correction) -> RequestRow:
        """Correct a saved request; raise :class:`CorrectionRejected` (nothing saved) if wrong.

        The name lives on the request (its snapshot) and on the person; address, RT/RW,
        hamlet and phone on the person; documents and notes on the request. Each changed
        row gets a new version that syncs like any change; a ``RequestCorrection`` row
        records which fields changed and why, and the audit log the field names only.
        """
        with self._ws.transaction() as session:
            request = session.get(ServiceRequest, request_id)
            if request is None:
                raise RequestNotFound(request_id)
            person = session.get(Person, request.person_id)
            service = session.get(Service, request.service_id)
            assert person is not None and service is not None
            checked = correction_rules.check(
                correction, _correctable(request, person), tuple(service.requirements)
            )
            if checked.problems or checked.reason_problem is not None:
                raise CorrectionRejected(checked.problems, checked.reason_problem)
            if not checked.changes:
                raise CorrectionRejected([], nothing_changed=True)
            for name, value in checked.changes.items():
                if name == "name":
                    request.name = str(value)
                    person.name = str(value)
                elif name == "documents":
                    request.documents = list(value)
                elif name == "notes":
                    request.notes = str(value)
                else:
                    setattr(person, name, value)
            fields = tuple(checked.changes)
            session.add(
                RequestCorrection(
                    request_id=request.id,
                    fields=list(fields),
                    reason=checked.reason,
                    actor=self._ws.actor,
                    at=self._ws.now(),
                )
            )
            self._audit(session, "request.corrected", request.id, ",".join(fields))
            session.flush()
            return _row(request, service)

    # -- reading ----------------------------------------------------------------

    def detail(self, request_id: str) -> RequestDetail:
        with self._ws.reading() as session:
            request = session.get(ServiceRequest, request_id)
            if request is None:
                raise RequestNotFound(request_id)
            service = session.get(Service, request.service_id)
            assert service is not None
            changes = session.scalars(
                select(StatusChange)
                .where(StatusChange.request_id == request_id)
                # The hybrid logical clock, not the wall clock: a PC clock set back
                # must not reorder the history.
                .order_by(StatusChange.hlc, StatusChange.id)
            ).all()
            events = [StatusEvent(Status(c.to_status), c.at) for c in changes]
            corrections = session.scalars(
                select(RequestCorrection)
                .where(RequestCorrection.request_id == request_id)
                .order_by(RequestCorrection.hlc, RequestCorrection.id)
            ).all()
            pickups = [c for c in changes if c.to_status == Status.PICKED_UP.value]
            row = _row(request, service)
            history = [c.reason for c in changes] + [c.collected_by for c in changes]
            history += [c.reason for c in corrections] + [c.actor for c in changes]
            if not row.damaged and _unreadable(history):
                row = dataclasses.replace(row, damaged=True)
            return RequestDetail(
                row=row,
                documents=tuple(request.documents),
                notes=request.notes,
                periods=tuple(periods(events)),
                timings=timings(events, self._ws.now()),
                reasons=tuple(c.reason for c in changes if c.reason),
                collected_by=pickups[-1].collected_by if pickups else "",
                corrections=tuple(
                    CorrectionEntry(tuple(c.fields), c.reason, c.actor, c.at) for c in corrections
                ),
                identity_override=request.identity_override or "",
                as_of=self._ws.now(),
            )

    def search(self, query: RequestQuery, after: PageKey | None = None, limit: int = 100) -> Page:
        """Newest first, ``limit`` rows after ``after`` (keyset pagination stays fast deep down).

        One office day's list (``query.day``) is ordered by the hybrid logical clock, so a
        request registered while the PC clock was set back still comes above earlier ones
        (a day is a few hundred rows: sorting them costs nothing). Across days the order is
        ``created_at``, whose index keeps the hundredth page as fast as the first.
        """
        with self._ws.reading() as session:
            broad = _text_matches(session, query.text) > BROAD_MATCHES
            stmt = _apply_filters(_row_select(), query, broad=broad)
            if query.day is not None:
                if after is not None:
                    stmt = stmt.where(
                        or_(
                            ServiceRequest.hlc < after.hlc,
                            and_(ServiceRequest.hlc == after.hlc, ServiceRequest.id < after.id),
                        )
                    )
                stmt = stmt.order_by(ServiceRequest.hlc.desc(), ServiceRequest.id.desc())
            else:
                if after is not None:
                    stmt = stmt.where(
                        or_(
                            ServiceRequest.created_at < after.created_at,
                            and_(
                                ServiceRequest.created_at == after.created_at,
                                ServiceRequest.id < after.id,
                            ),
                        )
                    )
                stmt = stmt.order_by(ServiceRequest.created_at.desc(), ServiceRequest.id.desc())
            found = session.execute(stmt.limit(limit)).all()
            rows = [_row(r, s) for r, s in found]
            last = found[-1][0] if found else None
        next_key = (
            PageKey(last.created_at, last.id, last.hlc)
            if last is not None and len(rows) == limit
            else None
        )
        return Page(rows, next_key)

    def count(self, query: RequestQuery) -> int:
        stmt = select(func.count()).select_from(ServiceRequest)
        if query.service_code:  # the join costs a lookup per row; only the code needs it
            stmt = stmt.join(Service)
        stmt = _apply_filters(stmt, query)
        with self._ws.reading() as session:
            return int(session.scalar(stmt) or 0)

    def _audit(self, session: Session, action: str, entity_id: str, details: str) -> None:
        self._ws.audit(session, action, "service_request", entity_id, details)


# The FTS5 index made by migration 0002 (not an ORM table: triggers fill it).
_search_table = table("request_search", column("request_id"), column("name"))

_S = TypeVar("_S", Select[ServiceRequest, Service], Select[int])

# A typed NIK prefix or name matching more requests than this is searched by walking
# the newest-first index and checking each row: a page is found after about
# 100 / (share of rows matching) rows. Fewer matches are fetched through their own
# index and sorted. SQLite has no statistics to tell the two apart, so search()
# counts the matches first (indexes only: under 7 ms at 200,000 requests).
BROAD_MATCHES = 1000

_WORD = re.compile(r"\w+", re.UNICODE)


def name_match_expression(text: str) -> str | None:
    """An FTS5 query matching names that have a word starting with each typed word."""
    words = _WORD.findall(text)
    if not words:
        return None
    return " AND ".join(f'"{w}"*' for w in words)


def _row_select() -> Select[ServiceRequest, Service]:
    return select(ServiceRequest, Service).join(Service, ServiceRequest.service_id == Service.id)


def _nik_prefix(nik: SQLColumnExpression[str], digits: str) -> ColumnElement[bool]:
    """NIK prefix as a range: nik >= '3273' AND nik < '3274' (usable by the index)."""
    upper = digits[:-1] + chr(ord(digits[-1]) + 1)
    return and_(nik >= digits, nik < upper)


def _names_matching(match: str) -> TextClause:
    return sql_text("request_search MATCH :match").bindparams(match=match)


def _text_matches(session: Session, text: str) -> int:
    """How many requests the typed NIK prefix or name alone matches (indexes only)."""
    digits = nik_rules.normalize(text.strip())
    if digits.isdigit():
        stmt = select(func.count()).where(_nik_prefix(ServiceRequest.nik, digits))
    elif (match := name_match_expression(text)) is not None:
        # count(*) alone never reads the stored request ids: 0.5 ms for 5,000 matches.
        stmt = select(func.count()).select_from(_search_table).where(_names_matching(match))
    else:
        return 0
    return int(session.scalar(stmt) or 0)


def _apply_filters(stmt: _S, query: RequestQuery, broad: bool = False) -> _S:
    """``broad``: the text matches many rows; keep its columns' indexes out of the plan."""
    if query.day is not None:
        stmt = stmt.where(ServiceRequest.queue_day == query.day)
    if query.status is not None:
        stmt = stmt.where(ServiceRequest.status == query.status.value)
    if query.service_code:
        stmt = stmt.where(Service.code == query.service_code)
    text = query.text.strip()
    if not text:
        return stmt
    tracking = normalize_tracking_code(text)
    digits = nik_rules.normalize(text)
    found: ColumnElement[bool] | None = None
    # "x || ''" is SQLite's way of saying "not through the index on x".
    nik = ServiceRequest.nik.concat("") if broad else ServiceRequest.nik
    request_id = ServiceRequest.id.concat("") if broad else ServiceRequest.id
    if digits.isdigit():
        found = _nik_prefix(nik, digits)
    elif (match := name_match_expression(text)) is not None:
        found = request_id.in_(select(_search_table.c.request_id).where(_names_matching(match)))
    if (queue := parse_spoken(text)) is not None:
        # "d1", "D 001": the queue number as a resident says it.
        by_queue = ServiceRequest.queue_number == str(queue)
        found = by_queue if found is None else or_(by_queue, found)
    if tracking is not None:
        # Nine digits or letters (the start of a NIK, a short name) can pass the
        # check character by chance: match those as well as the tracking code.
        by_code = ServiceRequest.tracking_code == tracking
        found = by_code if found is None else or_(by_code, found)
    if found is None:
        return stmt.where(ServiceRequest.id.is_(None))  # nothing searchable typed
    return stmt.where(found)


def _unfinished_today(
    session: Session, nik: str, service: Service, day: dt.date
) -> list[RequestRow]:
    requests = session.scalars(
        select(ServiceRequest)
        .where(
            ServiceRequest.nik == nik,
            ServiceRequest.service_id == service.id,
            ServiceRequest.queue_day == day,
            ServiceRequest.status.in_([s.value for s in intake_rules.UNFINISHED]),
        )
        .order_by(ServiceRequest.queue_seq)
    ).all()
    return [_row(r, service) for r in requests]


def _service_info(s: Service) -> ServiceInfo:
    return ServiceInfo(
        code=s.code,
        name=s.name,
        name_en=s.name_en,
        queue_prefix=s.queue_prefix,
        standard_days=s.standard_days,
        requirements=tuple(s.requirements),
    )


def _person_info(p: Person) -> PersonInfo:
    return PersonInfo(
        nik=p.nik,
        name=p.name,
        sex=p.sex,
        birth_date=p.birth_date,
        address=p.address,
        rt=p.rt,
        rw=p.rw,
        hamlet=p.hamlet,
        phone=p.phone,
    )


def _row(r: ServiceRequest, s: Service) -> RequestRow:
    return RequestRow(
        id=r.id,
        tracking_code=r.tracking_code,
        queue_number=r.queue_number,
        service_code=s.code,
        service_name=s.name,
        status=Status(r.status),
        created_at=r.created_at,
        name=r.name,
        nik_masked=nik_rules.mask(r.nik),
        expected_date=r.expected_date,
        queue_day=r.queue_day,
        service_name_en=s.name_en,
        damaged=_unreadable(
            (r.name, r.nik, r.tracking_code, r.queue_number, r.notes, r.identity_override)
        )
        or _unreadable(r.documents if isinstance(r.documents, list) else [DAMAGED_TEXT])
        or _unreadable((s.name, s.name_en)),
    )


def _unreadable(values: Iterable[object]) -> bool:
    """True if a stored text had bytes that are not UTF-8 (read as U+FFFD: a damaged file)."""
    return any(isinstance(v, str) and DAMAGED_TEXT in v for v in values)


def _correctable(r: ServiceRequest, p: Person) -> Correctable:
    return Correctable(
        name=r.name,
        address=p.address,
        rt=p.rt,
        rw=p.rw,
        hamlet=p.hamlet,
        phone=p.phone,
        documents=tuple(r.documents),
        notes=r.notes,
    )
