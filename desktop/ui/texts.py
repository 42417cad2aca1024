"""User-visible words for domain codes, in the user's language (through Qt's translation)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication

from desktop.domain.intake import Field, FieldProblem, Problem
from desktop.domain.nik import NikInfo, NikProblem, Sex
from desktop.domain.status import Status, TransitionError, TransitionProblem
from desktop.domain.text import describe
from desktop.services.sync_types import EnrolProblem, RecordState, SyncProblem


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


# -- sync --------------------------------------------------------------------------------------


def record_state(state: RecordState) -> str:
    """Where one queued change is, as the sync page lists it."""
    return {
        RecordState.PENDING: QCoreApplication.translate("texts", "Menunggu dikirim"),
        RecordState.SENT: QCoreApplication.translate("texts", "Terkirim, belum dikonfirmasi"),
        RecordState.CONFIRMED: QCoreApplication.translate("texts", "Ada di server"),
        RecordState.ATTENTION: QCoreApplication.translate("texts", "Perlu perhatian"),
    }[state]


def sync_entity(entity: str) -> str:
    """The kind of a synced row in words (the wire's entity names)."""
    names = {
        "person": QCoreApplication.translate("texts", "Data penduduk"),
        "service_request": QCoreApplication.translate("texts", "Permohonan"),
        "status_change": QCoreApplication.translate("texts", "Perubahan status"),
        "request_correction": QCoreApplication.translate("texts", "Koreksi permohonan"),
    }
    return names.get(entity, entity)


def sync_operation(operation: str) -> str:
    names = {
        "insert": QCoreApplication.translate("texts", "baru"),
        "update": QCoreApplication.translate("texts", "diubah"),
        "delete": QCoreApplication.translate("texts", "dihapus"),
    }
    return names.get(operation, operation)


def sync_problem(problem: SyncProblem) -> str:
    """Why the last sync did not finish, and what happens or what to do about it."""
    return {
        SyncProblem.NOT_ENROLLED: QCoreApplication.translate(
            "texts",
            "PC ini belum terdaftar ke server. Data tetap tersimpan di PC ini dan dikirim "
            "setelah PC didaftarkan.",
        ),
        SyncProblem.TRAINING: QCoreApplication.translate(
            "texts", "Ini folder latihan (LATIHAN): datanya tidak pernah dikirim ke server."
        ),
        SyncProblem.OFFLINE: QCoreApplication.translate(
            "texts",
            "Server tidak dapat dihubungi. Data tetap tersimpan di PC ini dan dikirim "
            "otomatis setelah sambungan kembali.",
        ),
        SyncProblem.SERVER_ERROR: QCoreApplication.translate(
            "texts", "Server sedang bermasalah. Sewaka mencoba lagi otomatis."
        ),
        SyncProblem.RATE_LIMITED: QCoreApplication.translate(
            "texts",
            "Server sedang sibuk dan meminta PC ini menunggu. Sewaka mencoba lagi otomatis.",
        ),
        SyncProblem.UNAUTHORIZED: QCoreApplication.translate(
            "texts",
            "Server tidak lagi mengenali PC ini (pendaftarannya dicabut atau tidak dikenal). "
            "Data tetap tersimpan di PC ini. Minta petugas IT mendaftarkan PC ini lagi.",
        ),
        SyncProblem.REFUSED: QCoreApplication.translate(
            "texts",
            "Server menolak permintaan PC ini (mungkin versi Sewaka di PC ini terlalu lama). "
            "Hubungi petugas IT.",
        ),
        SyncProblem.DATABASE: QCoreApplication.translate(
            "texts",
            "Data Sewaka di PC ini sedang sibuk atau tidak dapat dibaca; Sewaka mencoba lagi "
            "sebentar lagi.",
        ),
    }[problem]


def enrol_problem(problem: EnrolProblem) -> str:
    """Why enrolling this PC with the server was refused, and what to do."""
    return {
        EnrolProblem.BAD_URL: QCoreApplication.translate(
            "texts",
            "Alamat server tidak valid. Tulis lengkap dengan http:// atau https://, "
            "mis. https://sewaka.kabupaten.go.id",
        ),
        EnrolProblem.BAD_CODE: QCoreApplication.translate(
            "texts",
            "Kode pendaftaran tidak sesuai bentuknya: 16 huruf/angka dalam 4 kelompok, "
            "mis. K7QM-2XPA-9FJD-LC4T.",
        ),
        EnrolProblem.UNKNOWN_CODE: QCoreApplication.translate(
            "texts",
            "Server tidak mengenal kode ini, atau kodenya sudah kedaluwarsa. Periksa "
            "ketikannya, atau minta kode baru ke petugas IT kabupaten/kota.",
        ),
        EnrolProblem.CODE_USED: QCoreApplication.translate(
            "texts",
            "Kode ini sudah dipakai untuk mendaftarkan PC lain. Satu kode hanya untuk satu "
            "PC: minta kode baru ke petugas IT kabupaten/kota.",
        ),
        EnrolProblem.REVOKED: QCoreApplication.translate(
            "texts",
            "Server telah mencabut akses PC ini. Hubungi petugas IT kabupaten/kota: PC yang "
            "dicabut tidak dapat didaftarkan lagi dengan kode baru.",
        ),
        EnrolProblem.OFFLINE: QCoreApplication.translate(
            "texts",
            "Server tidak dapat dihubungi. Periksa alamat server dan sambungan internet, "
            "lalu coba lagi.",
        ),
        EnrolProblem.SERVER_ERROR: QCoreApplication.translate(
            "texts", "Server sedang bermasalah. Coba lagi beberapa saat lagi."
        ),
        EnrolProblem.ALREADY_ENROLLED: QCoreApplication.translate(
            "texts",
            "PC ini sudah terdaftar ke kantor lain. Data kantor itu tidak boleh tercampur: "
            "hubungi petugas IT.",
        ),
        EnrolProblem.TRAINING: QCoreApplication.translate(
            "texts", "Folder latihan (LATIHAN) tidak dapat didaftarkan ke server."
        ),
    }[problem]


def sync_reason(reason: str) -> str:
    """Why a queued change needs attention, from its reason code.

    ``reason`` is a wire rejection code (``conflict``, ``invalid: payload.nik: ...``) or a
    damage found by ``sewaka check`` (``damaged: row_differs: name,address``); what follows
    the code is for IT (field and column names, never a value).
    """
    code, _, rest = reason.partition(":")
    code = code.strip()
    if code == "damaged":
        code, _, rest = rest.strip().partition(":")
        code = code.strip()
        damaged = True
    else:
        damaged = False
    detail = rest.strip()
    sentences = {
        # rejected by the server (sync.wire.Reason)
        "invalid": QCoreApplication.translate(
            "texts",
            "Server menolak data ini: isiannya tidak memenuhi aturan. Hubungi petugas IT.",
        ),
        "conflict": QCoreApplication.translate(
            "texts",
            "Server sudah menyimpan versi data ini dengan isi yang berbeda. Hubungi petugas IT.",
        ),
        "wrong_office": QCoreApplication.translate(
            "texts",
            "Data ini tercatat atas kantor lain, bukan kantor tempat PC ini terdaftar. "
            "Hubungi petugas IT.",
        ),
        "wrong_device": QCoreApplication.translate(
            "texts",
            "Data ini dibuat oleh PC lain; server hanya menerimanya dari PC pembuatnya.",
        ),
        "mismatch": QCoreApplication.translate(
            "texts",
            "Keterangan data ini (versi atau waktunya) tidak sesuai dengan isinya. "
            "Hubungi petugas IT.",
        ),
        "unknown_service": QCoreApplication.translate(
            "texts",
            "Layanan permohonan ini belum dikenal server. Setelah petugas IT menambahkannya "
            "di server, tekan Kirim ulang.",
        ),
        # damaged on this PC (services.integrity.Damage)
        "unreadable": QCoreApplication.translate(
            "texts", "Data rusak di PC ini: isinya tidak terbaca. Tidak dikirim."
        ),
        "no_checksum": QCoreApplication.translate(
            "texts",
            "Data rusak di PC ini: sudah tidak terbaca sebelum diberi tanda periksa. "
            "Tidak dikirim.",
        ),
        "checksum": QCoreApplication.translate(
            "texts",
            "Data rusak di PC ini: isinya tidak cocok dengan tanda periksanya. Tidak dikirim.",
        ),
        "entry_mismatch": QCoreApplication.translate(
            "texts",
            "Data rusak di PC ini: keterangan versi atau waktunya tidak cocok dengan isinya. "
            "Tidak dikirim.",
        ),
        "no_row": QCoreApplication.translate(
            "texts", "Data rusak di PC ini: data yang dimaksud tidak ada lagi. Tidak dikirim."
        ),
        "row_differs": QCoreApplication.translate(
            "texts",
            "Data rusak di PC ini: berbeda dari versi yang tercatat untuk dikirim. Tidak dikirim.",
        ),
        "missing_versions": QCoreApplication.translate(
            "texts",
            "Data rusak di PC ini: ada versi yang tidak tercatat untuk dikirim. Tidak dikirim.",
        ),
    }
    sentence = sentences.get(code)
    if sentence is None:
        sentence = (
            QCoreApplication.translate("texts", "Data rusak di PC ini. Tidak dikirim.")
            if damaged
            else QCoreApplication.translate("texts", "Perlu diperiksa petugas IT.")
        )
        detail = ": ".join(part for part in (code, detail) if part)
    if detail:
        sentence += " " + QCoreApplication.translate("texts", "(Untuk IT: {detail})").format(
            detail=detail
        )
    return sentence
