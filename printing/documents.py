"""What the renderers print: plain data, already fit for paper (the NIK is masked here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class OfficeHeader:
    unit_kind: str  # Desa / Kelurahan / Banjar ...
    name: str
    address: str = ""

    @property
    def title(self) -> str:
        return f"{self.unit_kind} {self.name}".strip()


@dataclass(frozen=True)
class ReceiptData:
    """A receipt / queue ticket for one walk-in request."""

    office: OfficeHeader
    queue_number: str
    service_name: str
    applicant_name: str
    nik_masked: str  # never the full NIK: the renderer cannot leak what it is not given
    issued_at: dt.datetime  # aware, in the office's time zone
    documents: tuple[str, ...]
    expected_date: dt.date
    tracking_code: str
    qr_payload: str  # the signed tracking payload (printing.signing)
    footer: str = ""
    language: str = "id"


@dataclass(frozen=True)
class ServiceFigures:
    code: str
    name: str
    by_status: dict[str, int]  # status value -> count of requests registered that day
    average_wait_minutes: float | None
    average_service_minutes: float | None

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


@dataclass(frozen=True)
class OverdueRequest:
    queue_number: str
    tracking_code: str
    service_name: str
    applicant_name: str
    expected_date: dt.date
    days_late: int


@dataclass(frozen=True)
class DailyReportData:
    """The laporan harian of one office day."""

    office: OfficeHeader
    day: dt.date
    generated_at: dt.datetime
    services: tuple[ServiceFigures, ...]
    overdue: tuple[OverdueRequest, ...]
    # Screening and visitor figures arrive with the door/screening issue; None until then.
    screening: dict[str, int] | None = None
    visitors: dict[str, int] | None = None
    language: str = "id"
    status_labels: dict[str, str] = field(default_factory=dict)  # status value -> words
