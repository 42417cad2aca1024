"""What the renderers print: plain data, already fit for paper (the NIK is masked here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class OfficeHeader:
    """Who issues the document: the office details from the settings."""

    unit_kind: str  # Desa / Kelurahan / Banjar ...
    name: str
    address: str = ""
    district: str = ""  # kecamatan
    regency: str = ""  # kabupaten/kota, with its word: "Kabupaten Bandung"
    phone: str = ""
    logo: Path | None = None  # an image file, printed on A4 documents
    training: bool = False  # a training folder: every document says LATIHAN

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
    # A reprint is marked as one, with when it was printed and the request's status now.
    reprinted_at: dt.datetime | None = None  # aware, in the office's time zone
    status: str = ""  # the status value (waiting, ..., rejected, cancelled)

    @property
    def closed_without_document(self) -> bool:
        """Rejected or cancelled: no completion date may be promised any more."""
        return self.status in ("rejected", "cancelled")


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
    # Requests registered on earlier office days and still open: not part of today's figures.
    backlog: tuple[BacklogFigures, ...] = ()
    language: str = "id"
    status_labels: dict[str, str] = field(default_factory=dict)  # status value -> words
    signatures: Signatures | None = None


@dataclass(frozen=True)
class BacklogFigures:
    """Open requests of one service registered before the report's day."""

    code: str
    name: str
    by_status: dict[str, int]  # status value -> count
    oldest_day: dt.date

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


@dataclass(frozen=True)
class Signatures:
    """The signature block of a report: who made it, and who acknowledges it."""

    clerk: str  # Petugas
    head_title: str  # Kepala Desa, Lurah, ...
    head_name: str
    place: str = ""  # the office's village/kelurahan name, before the date
