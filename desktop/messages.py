"""Messages shared by the GUI and the command line, in the user's language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.services.startup import DatabaseProblem, ProblemKind


def database_problem(problem: DatabaseProblem) -> str:
    """What is wrong with the database file and what to do, for staff without IT training."""
    path = str(problem.path)
    if problem.kind is ProblemKind.BUSY:
        return QCoreApplication.translate(
            "DatabaseProblem",
            "Sewaka lain sedang memakai data ini; coba lagi sebentar lagi.\n"
            "Bila tetap begini, tutup Sewaka lain yang memakai folder data ini "
            "(atau mulai ulang komputer). Tidak ada data yang diubah: {path}",
        ).format(path=path)
    if problem.kind is ProblemKind.DISK_FULL:
        return QCoreApplication.translate(
            "DatabaseProblem",
            "Disk penuh: Sewaka tidak dapat menyimpan. Data yang sudah tersimpan aman; "
            "yang terakhir ini tidak disimpan.\n"
            "Kosongkan ruang di disk (hapus berkas yang tidak perlu) lalu coba lagi, "
            "atau hubungi operator TI kecamatan. Folder data: {path}",
        ).format(path=str(problem.path.parent))
    if problem.kind is ProblemKind.EMPTIED:
        head = QCoreApplication.translate(
            "DatabaseProblem",
            "Berkas data Sewaka kosong atau hilang, padahal folder ini sudah pernah dipakai "
            "(ada sisa catatan atau cadangan di sebelahnya). Sewaka tidak membuat data baru "
            "di atasnya agar sisa data tidak hilang.",
        )
    elif problem.kind is ProblemKind.DAMAGED:
        head = QCoreApplication.translate(
            "DatabaseProblem",
            "Berkas data Sewaka rusak dan tidak dibuka agar tidak bertambah rusak.",
        )
    elif problem.kind is ProblemKind.NOT_A_DATABASE:
        head = QCoreApplication.translate("DatabaseProblem", "Berkas ini bukan berkas data Sewaka.")
    elif problem.kind is ProblemKind.TOO_NEW:
        head = QCoreApplication.translate(
            "DatabaseProblem",
            "Berkas data ini dibuat oleh Sewaka versi yang lebih baru. "
            "Perbarui aplikasi Sewaka di komputer ini.",
        )
    elif problem.kind is ProblemKind.MIGRATION_FAILED:
        head = QCoreApplication.translate(
            "DatabaseProblem",
            "Berkas data tidak dapat diperbarui ke versi aplikasi ini. Tidak ada data yang diubah.",
        )
    else:
        head = QCoreApplication.translate(
            "DatabaseProblem", "Berkas data Sewaka tidak dapat dibuka."
        )
    advice = QCoreApplication.translate(
        "DatabaseProblem",
        "Berkas tidak diubah: {path}\n"
        "Pulihkan dari cadangan terakhir (folder 'backups' di sebelahnya) "
        "atau hubungi operator TI kecamatan.",
    ).format(path=path)
    return f"{head}\n{advice}"


def cannot_write(path: object, error: OSError) -> str:
    """Why ``path`` was not written, for the command line and the screens alike.

    A link, a folder, a device or a pipe is refused before anything is written (Sewaka never
    replaces one or writes through it); a full disk leaves nothing under the name.
    """
    import errno

    from printing.dispatch import TargetKind, UnsafeTarget

    if isinstance(error, UnsafeTarget):
        if error.kind is TargetKind.SYMLINK:
            message = QCoreApplication.translate(
                "cli",
                "Tidak dapat menulis {path}: itu tautan (symlink), bukan berkas biasa. Sewaka "
                "tidak menulis lewat tautan dan tidak menggantinya. Pilih nama berkas lain.",
            )
        elif error.kind is TargetKind.DIRECTORY:
            message = QCoreApplication.translate(
                "cli",
                "Tidak dapat menulis {path}: itu sebuah folder. Beri nama berkas di dalam "
                "folder itu.",
            )
        elif error.kind is TargetKind.DEVICE:
            message = QCoreApplication.translate(
                "cli",
                "Tidak dapat menulis {path}: itu perangkat, bukan berkas. Sewaka hanya "
                "menyimpan ke berkas biasa. Pilih nama berkas lain.",
            )
        else:
            message = QCoreApplication.translate(
                "cli",
                "Tidak dapat menulis {path}: itu bukan berkas biasa (misalnya pipa atau "
                "soket). Sewaka hanya menyimpan ke berkas biasa. Pilih nama berkas lain.",
            )
        return message.format(path=path)
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return QCoreApplication.translate(
            "cli",
            "Tidak dapat menulis {path}: disk penuh, berkas tidak disimpan. Kosongkan "
            "ruang disk atau simpan ke tempat lain, lalu coba lagi.",
        ).format(path=path)
    return QCoreApplication.translate("cli", "Tidak dapat menulis {path}: {error}").format(
        path=path, error=error.strerror or error
    )
