"""User-visible words for domain codes, in the user's language (through Qt's translation)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.domain.intake import Field, FieldProblem, Problem
from desktop.domain.nik import NikInfo, NikProblem, Sex
from desktop.domain.status import Status, TransitionError, TransitionProblem


def _t(text: str) -> str:
    return QCoreApplication.translate("texts", text)


def status_name(status: Status) -> str:
    return {
        Status.WAITING: _t("Menunggu"),
        Status.CALLED: _t("Dipanggil"),
        Status.SERVING: _t("Dilayani"),
        Status.ON_HOLD: _t("Ditunda"),
        Status.READY: _t("Selesai, siap diambil"),
        Status.PICKED_UP: _t("Sudah diambil"),
        Status.REJECTED: _t("Ditolak"),
        Status.CANCELLED: _t("Dibatalkan"),
    }[status]


def status_action(status: Status) -> str:
    """The button that moves a request into ``status``."""
    return {
        Status.WAITING: _t("Kembalikan ke antrean"),
        Status.CALLED: _t("Panggil"),
        Status.SERVING: _t("Layani"),
        Status.ON_HOLD: _t("Tunda"),
        Status.READY: _t("Selesai"),
        Status.PICKED_UP: _t("Diambil pemohon"),
        Status.REJECTED: _t("Tolak"),
        Status.CANCELLED: _t("Batalkan"),
    }[status]


def sex_name(sex: Sex) -> str:
    return _t("Laki-laki") if sex is Sex.MALE else _t("Perempuan")


def nik_problem(problem: NikProblem) -> str:
    return {
        NikProblem.EMPTY: _t("NIK wajib diisi."),
        NikProblem.NOT_DIGITS: _t("NIK hanya berisi angka."),
        NikProblem.TOO_SHORT: _t("NIK harus 16 angka."),
        NikProblem.TOO_LONG: _t("NIK harus 16 angka; yang diketik lebih panjang."),
        NikProblem.BAD_PROVINCE: _t("Dua angka pertama NIK bukan kode provinsi."),
        NikProblem.BAD_REGENCY: _t("Kode kabupaten/kota pada NIK (angka 3-4) tidak boleh 00."),
        NikProblem.BAD_DISTRICT: _t("Kode kecamatan pada NIK (angka 5-6) tidak boleh 00."),
        NikProblem.BAD_BIRTH_DATE: _t("Tanggal lahir pada NIK (angka 7-12) tidak ada di kalender."),
        NikProblem.BIRTH_DATE_IN_FUTURE: _t("Tanggal lahir pada NIK ada di masa depan."),
        NikProblem.BAD_SERIAL: _t("Nomor urut NIK (4 angka terakhir) tidak boleh 0000."),
    }[problem]


def nik_summary(info: NikInfo) -> str:
    """What the NIK says: ``Perempuan · lahir 17-08-1985 · Bandung, Jawa Barat``."""
    parts = [
        sex_name(info.sex),
        _t("lahir {date}").format(date=info.birth_date.strftime("%d-%m-%Y")),
    ]
    if info.temporary:
        parts.append(_t("NIK sementara"))
    else:
        place = ", ".join(p for p in (info.regency_name, info.province_name) if p)
        parts.append(place or _t("wilayah {code}").format(code=info.region_code))
    return " · ".join(parts)


def field_problem(problem: FieldProblem) -> str:
    if isinstance(problem.problem, NikProblem):
        return nik_problem(problem.problem)
    p = problem.problem
    if p is Problem.REQUIRED:
        if problem.field is Field.SEX:
            return _t("Pilih jenis kelamin.")
        if problem.field is Field.SERVICE:
            return _t("Pilih layanan.")
        return _t("Wajib diisi.")
    if p is Problem.TOO_LONG:
        return _t("Terlalu panjang: paling banyak {n} karakter.").format(n=problem.limit)
    messages = {
        Problem.BAD_CHARACTERS: _t("Nama hanya boleh berisi huruf, spasi, titik, koma, - dan '."),
        Problem.BAD_DATE: _t("Tanggal tidak valid. Tulis seperti 17-08-1985."),
        Problem.DATE_IN_FUTURE: _t("Tanggal lahir tidak boleh di masa depan."),
        Problem.DATE_TOO_OLD: _t("Tahun lahir terlalu lama; periksa kembali."),
        Problem.BAD_RT_RW: _t("Isi dengan angka 1-999."),
        Problem.BAD_PHONE: _t("Nomor telepon tidak valid. Contoh: 0812-3456-7890."),
        Problem.UNKNOWN_SERVICE: _t("Layanan tidak dikenal."),
        Problem.NIK_BIRTH_DATE_MISMATCH: _t("Tidak sesuai dengan tanggal lahir pada NIK."),
        Problem.NIK_SEX_MISMATCH: _t("Tidak sesuai dengan jenis kelamin pada NIK."),
    }
    return messages[p]


def transition_problem(error: TransitionError) -> str:
    if error.problem is TransitionProblem.REASON_REQUIRED:
        return _t("Alasan wajib diisi untuk status \u201c{status}\u201d.").format(
            status=status_name(error.target)
        )
    if error.problem is TransitionProblem.REASON_TOO_LONG:
        return _t("Alasan terlalu panjang.")
    return _t(
        "Permohonan berstatus \u201c{current}\u201d tidak dapat diubah "
        "menjadi \u201c{target}\u201d."
    ).format(current=status_name(error.current), target=status_name(error.target))
