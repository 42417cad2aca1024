"""User-visible words for domain codes, in the user's language (through Qt's translation)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication

from desktop.domain.intake import Field, FieldProblem, Problem
from desktop.domain.nik import NikInfo, NikProblem, Sex
from desktop.domain.status import Status, TransitionError, TransitionProblem
from desktop.domain.text import describe


def status_name(status: Status) -> str:
    return {
        Status.WAITING: QCoreApplication.translate("texts", "Menunggu"),
        Status.CALLED: QCoreApplication.translate("texts", "Dipanggil"),
        Status.SERVING: QCoreApplication.translate("texts", "Dilayani"),
        Status.ON_HOLD: QCoreApplication.translate("texts", "Ditunda"),
        Status.READY: QCoreApplication.translate("texts", "Selesai, siap diambil"),
        Status.PICKED_UP: QCoreApplication.translate("texts", "Sudah diambil"),
        Status.REJECTED: QCoreApplication.translate("texts", "Ditolak"),
        Status.CANCELLED: QCoreApplication.translate("texts", "Dibatalkan"),
    }[status]


def status_action(status: Status) -> str:
    """The button that moves a request into ``status``."""
    return {
        Status.WAITING: QCoreApplication.translate("texts", "Kembalikan ke antrean"),
        Status.CALLED: QCoreApplication.translate("texts", "Panggil"),
        Status.SERVING: QCoreApplication.translate("texts", "Layani"),
        Status.ON_HOLD: QCoreApplication.translate("texts", "Tunda"),
        Status.READY: QCoreApplication.translate("texts", "Selesai"),
        Status.PICKED_UP: QCoreApplication.translate("texts", "Diambil pemohon"),
        Status.REJECTED: QCoreApplication.translate("texts", "Tolak"),
        Status.CANCELLED: QCoreApplication.translate("texts", "Batalkan"),
    }[status]


def sex_name(sex: Sex) -> str:
    return (
        QCoreApplication.translate("texts", "Laki-laki")
        if sex is Sex.MALE
        else QCoreApplication.translate("texts", "Perempuan")
    )


def nik_problem(problem: NikProblem) -> str:
    return {
        NikProblem.EMPTY: QCoreApplication.translate("texts", "NIK wajib diisi."),
        NikProblem.NOT_DIGITS: QCoreApplication.translate("texts", "NIK hanya berisi angka."),
        NikProblem.TOO_SHORT: QCoreApplication.translate("texts", "NIK harus 16 angka."),
        NikProblem.TOO_LONG: QCoreApplication.translate(
            "texts", "NIK harus 16 angka; yang diketik lebih panjang."
        ),
        NikProblem.BAD_PROVINCE: QCoreApplication.translate(
            "texts", "Dua angka pertama NIK bukan kode provinsi."
        ),
        NikProblem.BAD_REGENCY: QCoreApplication.translate(
            "texts", "Kode kabupaten/kota pada NIK (angka 3-4) tidak boleh 00."
        ),
        NikProblem.BAD_DISTRICT: QCoreApplication.translate(
            "texts", "Kode kecamatan pada NIK (angka 5-6) tidak boleh 00."
        ),
        NikProblem.BAD_BIRTH_DATE: QCoreApplication.translate(
            "texts", "Tanggal lahir pada NIK (angka 7-12) tidak ada di kalender."
        ),
        NikProblem.BIRTH_DATE_IN_FUTURE: QCoreApplication.translate(
            "texts", "Tanggal lahir pada NIK ada di masa depan."
        ),
        NikProblem.BAD_SERIAL: QCoreApplication.translate(
            "texts", "Nomor urut NIK (4 angka terakhir) tidak boleh 0000."
        ),
    }[problem]


def nik_summary(info: NikInfo) -> str:
    """What the NIK says: ``Perempuan · lahir 17-08-1985 · Bandung, Jawa Barat``."""
    parts = [
        sex_name(info.sex),
        QCoreApplication.translate("texts", "lahir {date}").format(
            date=info.birth_date.strftime("%d-%m-%Y")
        ),
    ]
    if info.temporary:
        parts.append(QCoreApplication.translate("texts", "NIK sementara"))
    else:
        place = ", ".join(p for p in (info.regency_name, info.province_name) if p)
        parts.append(
            place
            or QCoreApplication.translate("texts", "wilayah {code}").format(code=info.region_code)
        )
    return " · ".join(parts)


def field_problem(problem: FieldProblem) -> str:
    if isinstance(problem.problem, NikProblem):
        return nik_problem(problem.problem)
    p = problem.problem
    if p is Problem.REQUIRED:
        if problem.field is Field.SEX:
            return QCoreApplication.translate("texts", "Pilih jenis kelamin.")
        if problem.field is Field.SERVICE:
            return QCoreApplication.translate("texts", "Pilih layanan.")
        return QCoreApplication.translate("texts", "Wajib diisi.")
    if p is Problem.TOO_LONG:
        return QCoreApplication.translate(
            "texts", "Terlalu panjang: paling banyak {n} karakter."
        ).format(n=problem.limit)
    if p is Problem.UNPRINTABLE:
        return unprintable(problem.character)
    if p is Problem.OVERRIDE_REASON_UNPRINTABLE:
        return QCoreApplication.translate(
            "texts",
            "Alasan beda dengan NIK berisi karakter yang tidak dapat dicetak ({char}). "
            "Hapus lalu ketik ulang.",
        ).format(char=describe(problem.character or "\ufffd"))
    messages = {
        Problem.BAD_CHARACTERS: QCoreApplication.translate(
            "texts", "Nama hanya boleh berisi huruf, spasi, titik, koma, - dan '."
        ),
        Problem.BAD_DATE: QCoreApplication.translate(
            "texts", "Tanggal tidak valid. Tulis seperti 17-08-1985."
        ),
        Problem.DATE_IN_FUTURE: QCoreApplication.translate(
            "texts", "Tanggal lahir tidak boleh di masa depan."
        ),
        Problem.DATE_TOO_OLD: QCoreApplication.translate(
            "texts", "Tahun lahir terlalu lama; periksa kembali."
        ),
        Problem.BAD_RT_RW: QCoreApplication.translate("texts", "Isi dengan angka 1-999."),
        Problem.BAD_PHONE: QCoreApplication.translate(
            "texts", "Nomor telepon tidak valid. Contoh: 0812-3456-7890."
        ),
        Problem.UNKNOWN_SERVICE: QCoreApplication.translate("texts", "Layanan tidak dikenal."),
        Problem.NIK_BIRTH_DATE_MISMATCH: QCoreApplication.translate(
            "texts", "Tidak sesuai dengan tanggal lahir pada NIK."
        ),
        Problem.NIK_SEX_MISMATCH: QCoreApplication.translate(
            "texts", "Tidak sesuai dengan jenis kelamin pada NIK."
        ),
        Problem.OVERRIDE_REASON_TOO_LONG: QCoreApplication.translate(
            "texts", "Alasan beda dengan NIK terlalu panjang: paling banyak {n} karakter."
        ).format(n=problem.limit),
    }
    return messages[p]


def unprintable(character: str = "") -> str:
    """A field holding a control, bidi, zero-width or private-use character (usually pasted)."""
    if not character:
        return QCoreApplication.translate(
            "texts",
            "Berisi karakter yang tidak dapat ditampilkan atau dicetak, biasanya "
            "terbawa saat menempel teks. Hapus lalu ketik ulang.",
        )
    return QCoreApplication.translate(
        "texts",
        "Berisi karakter yang tidak dapat ditampilkan atau dicetak ({char}), biasanya "
        "terbawa saat menempel teks. Hapus lalu ketik ulang.",
    ).format(char=describe(character))


def transition_problem(error: TransitionError) -> str:
    if error.problem is TransitionProblem.REASON_REQUIRED:
        return QCoreApplication.translate(
            "texts", "Alasan wajib diisi untuk status \u201c{status}\u201d."
        ).format(status=status_name(error.target))
    if error.problem is TransitionProblem.REASON_TOO_LONG:
        return QCoreApplication.translate("texts", "Alasan terlalu panjang.")
    if error.problem is TransitionProblem.REASON_UNPRINTABLE:
        return QCoreApplication.translate(
            "texts",
            "Alasan berisi karakter yang tidak dapat dicetak (karakter kendali atau tak "
            "terlihat). Hapus lalu ketik ulang.",
        )
    if error.problem is TransitionProblem.COLLECTOR_UNPRINTABLE:
        return QCoreApplication.translate(
            "texts",
            "Nama pengambil berisi karakter yang tidak dapat dicetak (karakter kendali atau "
            "tak terlihat). Hapus lalu ketik ulang.",
        )
    if error.problem is TransitionProblem.COLLECTOR_TOO_LONG:
        return QCoreApplication.translate(
            "texts", "Nama pengambil terlalu panjang: paling banyak 100 karakter."
        )
    return QCoreApplication.translate(
        "texts",
        "Permohonan berstatus \u201c{current}\u201d tidak dapat diubah "
        "menjadi \u201c{target}\u201d.",
    ).format(current=status_name(error.current), target=status_name(error.target))


def duration(length: dt.timedelta) -> str:
    """A readable length of time: ``1 jam 20 menit``, ``2 hari 3 jam``, ``0 menit``."""
    minutes = max(int(length.total_seconds() // 60), 0)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = []
    if days:
        parts.append(QCoreApplication.translate("texts", "%n hari", "", days))
    if hours:
        parts.append(QCoreApplication.translate("texts", "%n jam", "", hours))
    if not days and (minutes or not hours):
        parts.append(QCoreApplication.translate("texts", "%n menit", "", minutes))
    return " ".join(parts)


def correction_field(name: str) -> str:
    """The label of a corrected field (the names ``RequestCorrection.fields`` holds)."""
    labels = {
        "name": QCoreApplication.translate("texts", "nama"),
        "address": QCoreApplication.translate("texts", "alamat"),
        "rt": QCoreApplication.translate("texts", "RT"),
        "rw": QCoreApplication.translate("texts", "RW"),
        "hamlet": QCoreApplication.translate("texts", "dusun"),
        "phone": QCoreApplication.translate("texts", "telepon"),
        "documents": QCoreApplication.translate("texts", "berkas"),
        "notes": QCoreApplication.translate("texts", "catatan"),
    }
    return labels.get(name, name)


def service_name(name: str, name_en: str, language: str) -> str:
    """A service's name in the UI language (the English name when there is one)."""
    return name_en if language == "en" and name_en else name
