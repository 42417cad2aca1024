"""The laporan harian: what the counter did on one office day, as plain data for printing.

Figures are read in one read transaction: the day's requests through the
``queue_day`` index, their status histories through ``(request_id, at)``, and
the overdue requests through ``(status, created_at)`` (only open requests can
be overdue). Statuses are the requests' statuses when the report is made.
Wait and service times come from the status history
(:func:`desktop.domain.status.timings`), so they are exact: the average wait
is over the requests whose service has begun, the average service time over
those whose service has ended (not being served or on hold any more). A request
with a time read off a PC clock that was behind (``domain.clock.trustworthy_time``)
is counted but left out of both averages: its times are not real.

No NIK is read: the report names applicants only in the overdue list.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from desktop.domain.clock import trustworthy_time
from desktop.domain.status import Status, timings
from desktop.domain.status import StatusChange as StatusEvent
from desktop.models.tables import Service, ServiceRequest, StatusChange
from desktop.services.clock_check import load_confirmation
from desktop.services.receipts import office_header
from desktop.services.requests import RequestService
from desktop.services.settings import SettingsService
from desktop.services.workspace import Workspace
from printing import i18n as paper_i18n
from printing.dispatch import write_atomically
from printing.documents import (
    BacklogFigures,
    DailyReportData,
    OverdueRequest,
    ServiceFigures,
    Signatures,
)
from printing.paper import Paper

# A request in one of these is finished as far as the promise to the applicant goes.
DONE = frozenset({Status.READY, Status.PICKED_UP, Status.REJECTED, Status.CANCELLED})
NOT_DONE = tuple(s.value for s in Status if s not in DONE)
UNFINISHED_SERVICE = frozenset({Status.SERVING, Status.ON_HOLD})

# Open: the request still waits for something from the office (ready waits for pickup).
OPEN = tuple(
    s.value for s in Status if s not in (Status.PICKED_UP, Status.REJECTED, Status.CANCELLED)
)


def status_labels(language: str | None = None) -> dict[str, str]:
    """Status value -> words, in the order of the request's life (the report's columns)."""
    return paper_i18n.status_words(language)


@dataclass
class _Tally:
    by_status: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    waits: list[dt.timedelta] = field(default_factory=list)
    services: list[dt.timedelta] = field(default_factory=list)


class ReportService:
    def __init__(self, workspace: Workspace) -> None:
        self._ws = workspace
        self._settings = SettingsService(workspace)

    def daily(self, day: dt.date | None = None, language: str | None = None) -> DailyReportData:
        """The figures of office day ``day`` (today if ``None``), worded in ``language``
        (the session's if ``None``).

        Raises :class:`~desktop.services.settings.OfficeNotConfigured` until the office's
        details are filled in: a report never goes out under a made-up office name.
        """
        settings = self._settings.require_configured()
        language = language or paper_i18n.session_language()
        if day is None:
            day = RequestService(self._ws).today()
        now = self._ws.now()
        english = language == "en"
        with self._ws.reading() as session:
            catalogue = {
                s.id: s
                for s in session.scalars(select(Service).order_by(Service.position, Service.code))
            }
            todays = session.execute(
                select(ServiceRequest.id, ServiceRequest.service_id, ServiceRequest.status).where(
                    ServiceRequest.queue_day == day
                )
            ).all()
            history: dict[str, list[StatusEvent]] = defaultdict(list)
            confirmation = load_confirmation(session)
            clock_behind: set[str] = set()  # requests with a time read off a clock set back
            changes = session.execute(
                select(
                    StatusChange.request_id,
                    StatusChange.to_status,
                    StatusChange.at,
                    StatusChange.hlc,
                )
                .join(ServiceRequest, StatusChange.request_id == ServiceRequest.id)
                .where(ServiceRequest.queue_day == day)
                # The hybrid logical clock orders a request's history, as in detail().
                .order_by(StatusChange.request_id, StatusChange.hlc, StatusChange.id)
            )
            for request_id, to_status, at, stamp in changes:
                history[request_id].append(StatusEvent(Status(to_status), at))
                if not trustworthy_time(at, stamp, confirmation):
                    clock_behind.add(request_id)
            late = session.execute(
                select(
                    ServiceRequest.queue_number,
                    ServiceRequest.tracking_code,
                    ServiceRequest.service_id,
                    ServiceRequest.name,
                    ServiceRequest.expected_date,
                )
                .where(
                    ServiceRequest.status.in_(NOT_DONE),
                    ServiceRequest.expected_date < day,
                    ServiceRequest.queue_day <= day,
                )
                .order_by(
                    ServiceRequest.expected_date,
                    ServiceRequest.queue_day,
                    ServiceRequest.queue_number,
                )
            ).all()
            earlier = session.execute(
                select(
                    ServiceRequest.service_id,
                    ServiceRequest.status,
                    func.count(),
                    func.min(ServiceRequest.queue_day),
                )
                .where(ServiceRequest.status.in_(OPEN), ServiceRequest.queue_day < day)
                .group_by(ServiceRequest.service_id, ServiceRequest.status)
            ).all()

        tallies: dict[str, _Tally] = defaultdict(_Tally)
        for request_id, service_id, status in todays:
            tally = tallies[service_id]
            tally.by_status[status] += 1
            events = history[request_id]
            if not any(e.status is Status.SERVING for e in events):
                continue  # still waiting (or gone before service): no times yet
            if request_id in clock_behind:
                # A time read off a PC clock set back would make up a wait of a day.
                continue
            spent = timings(events, now)
            tally.waits.append(spent.wait)  # complete once service has begun
            if Status(status) not in UNFINISHED_SERVICE:
                # Only finished services: one left "serving" overnight would swamp the rest.
                tally.services.append(spent.service)

        def name(service: Service) -> str:
            return (service.name_en or service.name) if english else service.name

        figures = tuple(
            ServiceFigures(
                code=service.code,
                name=name(service),
                by_status=dict(tallies[service.id].by_status),
                average_wait_minutes=_average_minutes(tallies[service.id].waits),
                average_service_minutes=_average_minutes(tallies[service.id].services),
            )
            for service in catalogue.values()
            if service.id in tallies
        )
        overdue = tuple(
            OverdueRequest(
                queue_number=queue_number,
                tracking_code=tracking_code,
                service_name=name(catalogue[service_id]),
                applicant_name=applicant,
                expected_date=expected,
                days_late=(day - expected).days,
            )
            for queue_number, tracking_code, service_id, applicant, expected in late
        )
        left_over: dict[str, dict[str, int]] = defaultdict(dict)
        oldest: dict[str, dt.date] = {}
        for service_id, status, count, first_day in earlier:
            left_over[service_id][status] = count
            oldest[service_id] = min(first_day, oldest.get(service_id, first_day))
        backlog = tuple(
            BacklogFigures(
                code=service.code,
                name=name(service),
                by_status=left_over[service.id],
                oldest_day=oldest[service.id],
            )
            for service in catalogue.values()
            if service.id in left_over
        )
        return DailyReportData(
            office=office_header(settings, self._settings.logo_path()),
            day=day,
            generated_at=now.astimezone(ZoneInfo(settings.timezone)),
            services=figures,
            overdue=overdue,
            backlog=backlog,
            language=language,
            status_labels=status_labels(language),
            signatures=Signatures(
                clerk=self._ws.actor,
                head_title=settings.head_title,
                head_name=settings.head_name,
                place=settings.office_name,
            ),
        )

    def save_daily(
        self,
        out: Path,
        paper: Paper,
        day: dt.date | None = None,
        language: str | None = None,
    ) -> DailyReportData:
        """Render the report of ``day`` as a PDF at ``out``; raise :class:`OSError` if unwritable.

        The file is written next to ``out`` and renamed into place, so a failure never
        leaves half a PDF; the folder is not created. The report names applicants, so
        saving it is audited, before the file takes its name: if the audit fails, no file.
        A link, device, FIFO or folder at ``out`` is refused (``dispatch.UnsafeTarget``).
        """
        from desktop.services.files import journal_dir
        from printing.report import render_daily_report  # reportlab: loaded when first used

        data = self.daily(day, language)
        pdf = render_daily_report(data, paper)

        def audit() -> None:
            with self._ws.transaction() as session:
                self._ws.audit(
                    session,
                    "report.daily_saved",
                    "report",
                    "",
                    f"day={data.day.isoformat()} paper={paper.value}",
                )

        write_atomically(pdf, out, before_rename=audit, journal=journal_dir(self._ws.home))
        return data


def _average_minutes(spans: list[dt.timedelta]) -> float | None:
    if not spans:
        return None
    return sum(s.total_seconds() for s in spans) / len(spans) / 60
