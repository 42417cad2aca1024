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

CONTEXT = "office"


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def field_name(key: str) -> str:
    """The name of a setting as staff know it."""
    names = {
        "language": _t("Bahasa"),
        "unit_kind": _t("Sebutan wilayah"),
        "office_name": _t("Nama desa/kelurahan"),
        "district": _t("Kecamatan"),
        "regency": _t("Kabupaten/kota"),
        "office_address": _t("Alamat kantor"),
        "office_phone": _t("Telepon kantor"),
        "timezone": _t("Zona waktu"),
        "head_name": _t("Nama kepala desa/lurah"),
        "head_title": _t("Jabatan kepala"),
        "logo": _t("Logo"),
        "receipt_footer": _t("Catatan kaki struk"),
        "training": _t("Folder latihan"),
        "configured": _t("Data kantor lengkap"),
    }
    return names.get(key, key)


def timezone_name(zone: str) -> str:
    """``WIB (Waktu Indonesia Barat, UTC+7)`` and so on."""
    names = {
        "Asia/Jakarta": _t("WIB — Waktu Indonesia Barat (UTC+7): Sumatra, Jawa, Kalbar, Kalteng"),
        "Asia/Makassar": _t(
            "WITA — Waktu Indonesia Tengah (UTC+8): Bali, Nusa Tenggara, Sulawesi, Kaltim"
        ),
        "Asia/Jayapura": _t("WIT — Waktu Indonesia Timur (UTC+9): Maluku, Papua"),
    }
    return names.get(zone, zone)


def problem_text(key: str, problem: OfficeProblem) -> str:
    """One sentence for what is wrong with one setting."""
    field = field_name(key)
    if problem is OfficeProblem.REQUIRED:
        return _t("{field} wajib diisi.").format(field=field)
    if problem is OfficeProblem.TOO_LONG:
        return _t("{field} terlalu panjang (paling banyak {n} huruf).").format(
            field=field, n=MAX_LENGTH.get(key, 0)
        )
    if problem is OfficeProblem.BAD_PHONE:
        return _t(
            "{field} hanya berisi angka (boleh dengan spasi, tanda -, + atau kurung), "
            "contoh (022) 7801234."
        ).format(field=field)
    if problem is OfficeProblem.UNKNOWN_TIMEZONE:
        return _t(
            "Zona waktu harus Asia/Jakarta (WIB), Asia/Makassar (WITA) atau Asia/Jayapura (WIT)."
        )
    if problem is OfficeProblem.UNKNOWN_LANGUAGE:
        return _t("Bahasa harus id (Bahasa Indonesia) atau en (English).")
    if problem is OfficeProblem.NOT_YES_NO:
        return _t("{field} harus ya atau tidak.").format(field=field)
    return _t("{field} harus satu baris.").format(field=field)


def invalid_text(invalid: SettingsInvalid) -> str:
    """Every problem, one per line."""
    return "\n".join(problem_text(k, p) for k, p in invalid.problems.items())


def logo_text(rejected: LogoRejected) -> str:
    if rejected.problem is LogoProblem.MISSING:
        return _t("Berkas logo tidak ditemukan atau tidak dapat dibaca.")
    if rejected.problem is LogoProblem.TOO_LARGE:
        return _t("Berkas logo terlalu besar (paling besar {mb} MB).").format(
            mb=LOGO_MAX_BYTES // (1024 * 1024)
        )
    if rejected.problem is LogoProblem.TOO_MANY_PIXELS:
        return _t("Gambar logo terlalu besar (paling besar {px} x {px} piksel).").format(
            px=LOGO_MAX_PIXELS
        )
    return _t("Berkas logo bukan gambar PNG atau JPEG yang utuh.")


def not_configured_text() -> str:
    return _t(
        "Data kantor belum diisi. Isi lewat Berkas → Data kantor, atau `sewaka settings set ...`."
    )


def real_data_text(refused: RealDataPresent) -> str:
    """Why demo data may not go into this folder, and what to do instead."""
    if refused.reason is RealData.REQUESTS:
        head = QCoreApplication.translate(
            CONTEXT,
            "Folder data ini berisi %n permohonan sungguhan; data latihan tidak dicampur "
            "dengan data sungguhan.",
            "",
            refused.requests,
        )
    else:
        head = _t(
            "Folder data ini milik kantor yang sudah diatur untuk pelayanan sungguhan; "
            "data latihan tidak dicampur dengan data sungguhan."
        )
    return (
        head
        + "\n"
        + _t(
            "Buat folder latihan tersendiri, misalnya: sewaka --data-dir ~/sewaka-latihan seed-demo"
        )
    )
