"""The columns of a requests export, shared by the desktop export and the central server's.

Pure data: which fields, in which order, their headers in Indonesian and English, and their
width in Excel characters. The kecamatan gets the same columns whichever side wrote the file.
"""

from __future__ import annotations

from desktop.domain.office import timezone_label

# Column key, Indonesian header, English header, width in Excel characters.
COLUMNS: tuple[tuple[str, str, str, int], ...] = (
    ("tracking_code", "Kode lacak", "Tracking code", 13),
    ("queue_number", "No. antrean", "Queue number", 12),
    ("service", "Kode layanan", "Service code", 13),
    ("service_name", "Layanan", "Service", 36),
    ("status", "Status", "Status", 22),
    ("created_at", "Waktu daftar ({zone})", "Registered ({zone})", 18),
    ("queue_day", "Tanggal antrean", "Queue day", 15),
    ("expected_date", "Perkiraan selesai", "Expected completion", 18),
    ("nik", "NIK", "NIK", 19),
    ("name", "Nama", "Name", 30),
    ("phone", "No. HP", "Phone", 16),
)
TEXT_COLUMNS = frozenset({"tracking_code", "queue_number", "nik", "phone"})
"""Columns that stay text in a spreadsheet (no 3.27E+15, no lost leading 0)."""

CSV_DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"
"""How a CSV export writes a time (office time; the zone is in the header)."""


def headers(language: str, timezone: str) -> list[str]:
    """The header row in ``language`` (``en`` or Indonesian), naming the office's zone."""
    zone = timezone_label(timezone)
    index = 2 if language == "en" else 1
    return [str(column[index]).format(zone=zone) for column in COLUMNS]
