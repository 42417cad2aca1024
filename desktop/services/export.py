"""CSV export of requests: what supervisors send to the kecamatan."""

from __future__ import annotations

import csv
import datetime as dt
import os
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from desktop.models.tables import Service, ServiceRequest
from desktop.services.settings import SettingsService
from desktop.services.workspace import Workspace

COLUMNS = (
    "tracking_code",
    "queue_number",
    "service",
    "service_name",
    "status",
    "created_at",
    "queue_day",
    "expected_date",
    "nik",
    "name",
)


def export_requests(workspace: Workspace, out: Path, day: dt.date | None = None) -> int:
    """Write the requests of ``day`` (all days if ``None``) to ``out``; return the row count.

    The file is written next to ``out`` and renamed into place, so a failed
    export never leaves half a file behind. Times are in the office's timezone.
    """
    tz = ZoneInfo(SettingsService(workspace).load().timezone)
    stmt = (
        select(ServiceRequest, Service)
        .join(Service, ServiceRequest.service_id == Service.id)
        .order_by(ServiceRequest.created_at, ServiceRequest.id)
    )
    if day is not None:
        stmt = stmt.where(ServiceRequest.queue_day == day)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".export-", suffix=".csv", dir=out.parent)
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(COLUMNS)
            with workspace.reading() as session:
                for request, service in session.execute(stmt):
                    writer.writerow(
                        (
                            request.tracking_code,
                            request.queue_number,
                            service.code,
                            service.name,
                            request.status,
                            request.created_at.astimezone(tz).isoformat(timespec="seconds"),
                            request.queue_day.isoformat(),
                            request.expected_date.isoformat(),
                            request.nik,
                            request.name,
                        )
                    )
                    count += 1
        os.replace(tmp_name, out)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    with workspace.transaction() as session:
        workspace.audit(
            session,
            "requests.exported",
            "service_request",
            "",
            f"day={day.isoformat() if day else 'all'} rows={count}",
        )
    return count
