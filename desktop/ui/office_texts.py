"""Words for the office settings: field names, problems, time zones, logo refusals.

QtCore only (no widgets), so the command line uses the same sentences as the
first-run wizard and the settings dialog.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.domain.office import MAX_LENGTH, OfficeProblem
from desktop.services.demo_types import RealData, RealDataPresent
from desktop.services.settings_types import (
    LOGO_MAX_BYTES,
    LOGO_MAX_PIXELS,
    LogoProblem,
    LogoRejected,
    SettingsInvalid,
)


def field_name(key: str) -> str:
    """The name of a setting as staff know it."""
    names = {
        "language": QCoreApplication.translate("office", "Bahasa"),
        "unit_kind": QCoreApplication.translate("office", "Sebutan wilayah"),
        "office_name": QCoreApplication.translate("office", "Nama desa/kelurahan"),
        "district": QCoreApplication.translate("office", "Kecamatan"),
        "regency": QCoreApplication.translate("office", "Kabupaten/kota"),
        "office_address": QCoreApplication.translate("office", "Alamat kantor"),
        "office_phone": QCoreApplication.translate("office", "Telepon kantor"),
        "timezone": QCoreApplication.translate("office", "Zona waktu"),
        "head_name": QCoreApplication.translate("office", "Nama kepala desa/lurah"),
        "head_title": QCoreApplication.translate("office", "Jabatan kepala"),
        "logo": QCoreApplication.translate("office", "Logo"),
        "receipt_footer": QCoreApplication.translate("office", "Catatan kaki struk"),
        "training": QCoreApplication.translate("office", "Folder latihan"),
        "configured": QCoreApplication.translate("office", "Data kantor lengkap"),
    }
    return names.get(key, key)


def timezone_name(zone: str) -> str:
    """``WIB (Waktu Indonesia Barat, UTC+7)`` and so on."""
    names = {
        "Asia/Jakarta": QCoreApplication.translate(
            "office", "WIB — Waktu Indonesia Barat (UTC+7): Sumatra, Jawa, Kalbar, Kalteng"
        ),
        "Asia/Makassar": QCoreApplication.translate(
            "office", "WITA — Waktu Indonesia Tengah (UTC+8): Bali, Nusa Tenggara, Sulawesi, Kaltim"
        ),
        "Asia/Jayapura": QCoreApplication.translate(
            "office", "WIT — Waktu Indonesia Timur (UTC+9): Maluku, Papua"
        ),
    }
    return names.get(zone, zone)


def problem_text(key: str, problem: OfficeProblem) -> str:
    """One sentence for what is wrong with one setting."""
    field = field_name(key)
    if problem is OfficeProblem.REQUIRED:
        return QCoreApplication.translate("office", "{field} wajib diisi.").format(field=field)
    if problem is OfficeProblem.TOO_LONG:
        return QCoreApplication.translate(
            "office", "{field} terlalu panjang (paling banyak {n} huruf)."
        ).format(field=field, n=MAX_LENGTH.get(key, 0))
    if problem is OfficeProblem.BAD_PHONE:
        return QCoreApplication.translate(
            "office",
            "{field} hanya berisi angka (boleh dengan spasi, tanda -, + atau kurung), "
            "contoh (022) 7801234.",
        ).format(field=field)
    if problem is OfficeProblem.UNKNOWN_TIMEZONE:
        return QCoreApplication.translate(
            "office",
            "Zona waktu harus Asia/Jakarta (WIB), Asia/Makassar (WITA) atau Asia/Jayapura (WIT).",
        )
    if problem is OfficeProblem.UNKNOWN_LANGUAGE:
        return QCoreApplication.translate(
            "office", "Bahasa harus id (Bahasa Indonesia) atau en (English)."
        )
    if problem is OfficeProblem.UNPRINTABLE:
        return QCoreApplication.translate(
            "office",
            "{field} berisi karakter yang tidak dapat dicetak (karakter kendali atau tak "
            "terlihat, biasanya terbawa saat menempel teks). Hapus lalu ketik ulang.",
        ).format(field=field)
    if problem is OfficeProblem.NOT_YES_NO:
        return QCoreApplication.translate("office", "{field} harus ya atau tidak.").format(
            field=field
        )
    return QCoreApplication.translate("office", "{field} harus satu baris.").format(field=field)


def invalid_text(invalid: SettingsInvalid) -> str:
    """Every problem, one per line."""
    return "\n".join(problem_text(k, p) for k, p in invalid.problems.items())


def logo_text(rejected: LogoRejected) -> str:
    if rejected.problem is LogoProblem.MISSING:
        return QCoreApplication.translate(
            "office", "Berkas logo tidak ditemukan atau tidak dapat dibaca."
        )
    if rejected.problem is LogoProblem.TOO_LARGE:
        return QCoreApplication.translate(
            "office", "Berkas logo terlalu besar (paling besar {mb} MB)."
        ).format(mb=LOGO_MAX_BYTES // (1024 * 1024))
    if rejected.problem is LogoProblem.TOO_MANY_PIXELS:
        return QCoreApplication.translate(
            "office", "Gambar logo terlalu besar (paling besar {px} x {px} piksel)."
        ).format(px=LOGO_MAX_PIXELS)
    return QCoreApplication.translate("office", "Berkas logo bukan gambar PNG atau JPEG yang utuh.")


def not_configured_text() -> str:
    return QCoreApplication.translate(
        "office",
        "Data kantor belum diisi. Isi lewat Berkas → Data kantor, atau `sewaka settings set ...`.",
    )


def real_data_text(refused: RealDataPresent) -> str:
    """Why demo data may not go into this folder, and what to do instead."""
    if refused.reason is RealData.REQUESTS:
        head = QCoreApplication.translate(
            "office",
            "Folder data ini berisi %n permohonan sungguhan; data latihan tidak dicampur "
            "dengan data sungguhan.",
            "",
            refused.requests,
        )
    else:
        head = QCoreApplication.translate(
            "office",
            "Folder data ini milik kantor yang sudah diatur untuk pelayanan sungguhan; "
            "data latihan tidak dicampur dengan data sungguhan.",
        )
    return (
        head
        + "\n"
        + QCoreApplication.translate(
            "office",
            "Buat folder latihan tersendiri, misalnya: "
            "sewaka --data-dir ~/sewaka-latihan seed-demo",
        )
    )
