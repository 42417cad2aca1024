"""``sewaka server export requests``: what the server holds for one office, as CSV.

The same columns as the desktop's export (:mod:`desktop.domain.export_columns`), headers and
statuses in Indonesian, times in the office's time zone, ``;`` between fields, UTF-8 with a
byte-order mark so Excel reads names right. Rows are the newest version of each request the
office pushed (deleted ones left out), with the phone number from the applicant's person row.
The file is written under a temporary name and renamed into place (:class:`printing.dispatch.
AtomicFile`): a failed export leaves the previous file as it was.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.export_columns import COLUMNS, CSV_DATETIME_FORMAT, headers
from printing import i18n as paper_words
from printing.dispatch import AtomicFile
from server.db import Database
from server.tables import Current, Office, Service
from sync import wire

LANGUAGE = "id"
DELIMITER = ";"


class UnknownOffice(LookupError):
    pass


def export_requests(database: Database, office_code: str, out: Path) -> int:
    """Write the office's requests to ``out``; return how many rows were written.

    Raises :class:`UnknownOffice`, :class:`printing.dispatch.UnsafeTarget` (a link, folder or
    device at ``out``) or :class:`OSError`.
    """
    with database.reading() as session:
        office = session.execute(
            select(Office).where(Office.code == office_code.strip())
        ).scalar_one_or_none()
        if office is None:
            raise UnknownOffice(office_code)
        rows = sorted(_rows(session, office), key=lambda row: (row["_order"], row["_id"]))
    with AtomicFile(out) as target:
        text = io.TextIOWrapper(target.file, encoding="utf-8-sig", newline="")
        writer = csv.writer(text, delimiter=DELIMITER)
        writer.writerow(headers(LANGUAGE, office.timezone))
        for row in rows:
            writer.writerow([_cell(row[key]) for key, *_ in COLUMNS])
        text.flush()
        text.detach()
        target.commit()
    return len(rows)


def _cell(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime(CSV_DATETIME_FORMAT)
    return str(value)


def _rows(session: Session, office: Office) -> Iterator[dict[str, Any]]:
    zone = ZoneInfo(office.timezone)
    words = paper_words.status_words(LANGUAGE)
    services = {code: name for code, name in session.execute(select(Service.code, Service.name))}
    phones: dict[str, str] = {}
    for entity_id, payload in session.execute(
        select(Current.entity_id, Current.payload).where(
            Current.office_id == office.id,
            Current.entity == wire.Entity.PERSON.value,
            Current.deleted.is_(False),
        )
    ):
        phones[entity_id] = str(json.loads(payload).get("phone", ""))
    for (payload,) in session.execute(
        select(Current.payload).where(
            Current.office_id == office.id,
            Current.entity == wire.Entity.SERVICE_REQUEST.value,
            Current.deleted.is_(False),
        )
    ):
        request = json.loads(payload)
        created = dt.datetime.fromisoformat(request["created_at"])
        code = request["service_code"]
        yield {
            "_order": created.astimezone(dt.UTC),
            "_id": request["id"],
            "tracking_code": request["tracking_code"],
            "queue_number": request["queue_number"],
            "service": code,
            "service_name": services.get(code, code),
            "status": words.get(request["status"], request["status"]),
            "created_at": created.astimezone(zone).replace(tzinfo=None),
            "queue_day": request["queue_day"],
            "expected_date": request["expected_date"],
            "nik": request["nik"],
            "name": request["name"],
            "phone": phones.get(request["person_id"], ""),
        }
