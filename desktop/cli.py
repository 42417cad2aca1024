"""The ``sewaka`` command: the GUI by default, plus subcommands for staff and IT.

Every message goes through Qt's translation so it appears in the office's
language; a :class:`QCoreApplication` is created for that even when no
window is shown.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop import __version__, i18n, paths
from desktop.logs import setup_logging

if TYPE_CHECKING:
    from desktop.services.export import ExportRefused
    from desktop.services.receipts import ReceiptFileTooLarge
    from desktop.services.workspace import Workspace

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_DATABASE = 3
EXIT_FAILED = 4
EXIT_TAMPERED = 5  # verify-receipt: the signature does not match
EXIT_OTHER_OFFICE = 6  # verify-receipt: issued by another office
EXIT_UNREADABLE = 7  # verify-receipt: no Sewaka receipt could be read
EXIT_NOT_IN_RECORDS = 8  # verify-receipt: signed with this office's key, code not in its data
EXIT_DAMAGED_RECORDS = 9  # check: records damaged inside the file (quarantined, not sent)
EXIT_NOT_ENROLLED = 10  # sync: this PC is not enrolled with a server (or is a training folder)
EXIT_NOT_RECONCILED = 11  # sync --once: not fully in step (server unreachable, records waiting
#                           or needing attention); enrol: the server could not be reached
EXIT_UNAUTHORIZED = 12  # sync: the server no longer accepts this PC's token (enrol it again)

log = logging.getLogger("sewaka")


def build_parser() -> argparse.ArgumentParser:
    # argparse's own words ("usage:", "error:", "invalid int value"...) in the office's
    # language, and a usage error logged before it is printed (desktop/cli_words.py).
    from desktop.cli_words import Parser, whole_number

    parser = Parser(
        prog="sewaka",
        description="Sewaka: layanan loket kantor desa/kelurahan (luring lebih dulu).",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"sewaka {__version__}",
        help="tampilkan nomor versi program lalu keluar",
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=f"folder data (bawaan: ${paths.ENV_HOME} atau folder data pengguna)",
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="buka jendela utama, tunggu sampai siap, lalu keluar (untuk pemasangan dan CI)",
    )
    sub = parser.add_subparsers(dest="command", metavar="PERINTAH")

    seed = sub.add_parser("seed-demo", help="isi basis data dengan data latihan")
    number = whole_number("bilangan bulat")
    seed.add_argument("--requests", type=number, default=200, metavar="N")
    seed.add_argument("--days", type=number, default=5, metavar="HARI")
    seed.add_argument("--seed", type=number, default=None, help=argparse.SUPPRESS)

    office = sub.add_parser("settings", help="lihat atau ubah pengaturan kantor")
    office_sub = office.add_subparsers(dest="action", metavar="AKSI", required=True)
    show = office_sub.add_parser("show", help="tampilkan semua pengaturan (kunci = nilai)")
    show.add_argument("--json", action="store_true", help="sebagai JSON")
    change = office_sub.add_parser(
        "set", help="ubah satu pengaturan (diperiksa dan dicatat di log audit)"
    )
    change.add_argument("key", metavar="KUNCI")
    change.add_argument("value", metavar="NILAI")

    export = sub.add_parser("export", help="ekspor data ke berkas")
    export_sub = export.add_subparsers(dest="what", metavar="JENIS", required=True)
    export_requests = export_sub.add_parser(
        "requests", help="permohonan layanan sebagai Excel (.xlsx) atau CSV"
    )
    export_requests.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="bawaan: semua")
    export_requests.add_argument(
        "--format", choices=("xlsx", "csv"), help="bawaan: menurut akhiran nama berkas"
    )
    export_requests.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx")

    backup = sub.add_parser(
        "backup", help="cadangkan data ke berkas baru (diperiksa; tidak pernah menimpa)"
    )
    backup.add_argument("--out", type=Path, required=True, metavar="FILE.sqlite3")

    report = sub.add_parser("report", help="cetak laporan ke PDF")
    report_sub = report.add_subparsers(dest="what", metavar="JENIS", required=True)
    daily = report_sub.add_parser("daily", help="laporan harian pelayanan")
    daily.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="bawaan: hari ini")
    daily.add_argument("--paper", choices=("a4", "58", "80"), default="a4", help="bawaan: a4")
    daily.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")

    receipt = sub.add_parser("receipt", help="simpan struk (tanda terima) permohonan ke PDF")
    receipt.add_argument("tracking_code", metavar="KODE_LACAK")
    receipt.add_argument("--paper", choices=("58", "80", "a4"), default="58", help="bawaan: 58")
    receipt.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    receipt.add_argument("--language", choices=("id", "en"), help="bawaan: bahasa kantor")
    verify = sub.add_parser(
        "verify-receipt", help="periksa keaslian struk dari teks QR, gambar, atau PDF"
    )
    verify.add_argument("source", metavar="TEKS_ATAU_GAMBAR")
    verify.add_argument(
        "--public-key", metavar="KUNCI", help="kunci publik kantor penerbit (bawaan: kantor ini)"
    )
    sub.add_parser("receipt-key", help="tampilkan kunci publik kantor untuk memeriksa struk")
    sub.add_parser(
        "check",
        help="periksa keutuhan berkas data dan antrean kirim; keluar bukan 0 bila ada yang rusak",
    )
    clock = sub.add_parser(
        "clock",
        help="bandingkan jam PC dengan data terakhir yang tercatat; keluar 4 bila jam PC mundur",
    )
    clock.add_argument(
        "action",
        nargs="?",
        choices=("confirm",),
        help="confirm: nyatakan jam PC sudah benar (dicatat di log audit)",
    )
    enrol = sub.add_parser(
        "enrol", help="daftarkan PC ini ke server kabupaten/kota dengan kode sekali pakai"
    )
    enrol.add_argument("--server", required=True, metavar="URL", help="alamat server")
    enrol.add_argument(
        "--code", required=True, metavar="KODE", help="kode pendaftaran, mis. K7QM-2XPA-9FJD-LC4T"
    )
    enrol.add_argument("--name", default="", metavar="NAMA", help="nama PC ini di server")
    sync = sub.add_parser(
        "sync", help="kirim dan ambil data dari server (terus berjalan sampai dihentikan)"
    )
    sync.add_argument(
        "--once",
        action="store_true",
        help="satu putaran saja; keluar 0 bila PC dan server sudah sama persis",
    )
    sync.add_argument(
        "--json", action="store_true", help="hasil tiap putaran sebagai satu baris JSON"
    )
    return parser


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        from desktop.cli_words import own_words

        raise argparse.ArgumentTypeError(
            own_words(
                "cli",
                QT_TRANSLATE_NOOP("cli", "tanggal tidak valid: {text!r} (gunakan YYYY-MM-DD)"),
            ).format(text=text)
        ) from None


def _exit_now(code: int) -> NoReturn:
    """End the GUI process without tearing down every Python and Qt object one by one.

    ``run_gui`` returns only after every pending operation has finished and the
    workspace is closed (engine disposed), so nothing is left to save; logs and
    stdout are flushed here. Skipping the teardown saves about 0.1 s on every exit.
    """
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _gui_arguments(argv: Sequence[str]) -> argparse.Namespace | None:
    """``sewaka [--data-dir DIR] [--smoke-test]`` read without building the whole parser.

    Starting the window is the common case and every millisecond before it counts;
    anything else (a subcommand, --help, a typo) returns None and goes to argparse.
    """
    data_dir: str | None = None
    smoke_test = False
    words = list(argv)
    while words:
        word = words.pop(0)
        if word == "--smoke-test":
            smoke_test = True
        elif word == "--data-dir" and words and not words[0].startswith("-"):
            data_dir = words.pop(0)
        elif word.startswith("--data-dir=") and len(word) > len("--data-dir="):
            data_dir = word.split("=", 1)[1]
        else:
            return None
    return argparse.Namespace(data_dir=data_dir, smoke_test=smoke_test, command=None)


def _server_command(words: list[str]) -> list[str] | None:
    """The server's own words when the command is ``[--data-dir D] server ...``, else None.

    ``--data-dir`` before ``server`` names the folder of the server's default SQLite file,
    as it names the office folder for every other command.
    """
    rest = list(words)
    folder: str | None = None
    if rest[:1] == ["--data-dir"] and len(rest) > 2:
        folder, rest = rest[1], rest[2:]
    elif rest[:1] and rest[0].startswith("--data-dir=") and len(rest) > 1:
        folder, rest = rest[0].split("=", 1)[1], rest[1:]
    if rest[:1] != ["server"]:
        return None
    if folder:
        os.environ[paths.ENV_HOME] = str(Path(folder).expanduser())
    return rest[1:]


# Options whose value may begin with "-": a public key is URL-safe base64, and one in 64
# starts with a dash, which argparse takes for an option ("--public-key: perlu satu nilai").
_FREE_VALUES = ("--public-key",)


def _joined_values(words: Sequence[str]) -> list[str]:
    """``--public-key -Abc`` as ``--public-key=-Abc``, which argparse reads as its value."""
    joined: list[str] = []
    pending = iter(words)
    for word in pending:
        if word in _FREE_VALUES:
            value = next(pending, None)
            joined.append(word if value is None else f"{word}={value}")
        else:
            joined.append(word)
    return joined


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    server_words = _server_command(words)
    if server_words is not None:  # the central server: its own commands, no workspace
        from server.cli import main as server_main

        return server_main(server_words)
    args = _gui_arguments(words)
    if args is None:
        from desktop.cli_words import use_command_line

        use_command_line(words)  # the office language of the folder it names, before parsing
        args = build_parser().parse_args(_joined_values(words))
    home = paths.data_dir(args.data_dir)
    setup_logging(paths.log_dir(home))

    if args.command is None:
        # Start-up: the database check runs on a thread while Qt, SQLAlchemy and the window
        # load (nothing here imports them before this line).
        from desktop.models.database import begin_check

        begin_check(paths.database_path(home))
        from desktop.ui.app import run_gui  # Qt widgets only when a window is wanted

        _exit_now(run_gui(home, smoke_test=args.smoke_test))

    from desktop import messages
    from desktop.services.settings import SettingsService
    from desktop.services.workspace import DatabaseProblem, open_workspace

    app = QCoreApplication.instance() or QCoreApplication([sys.argv[0]])
    try:
        workspace = open_workspace(home)
    except DatabaseProblem as problem:
        log.error("database refused: %s", problem.kind)
        print(messages.database_problem(problem), file=sys.stderr)
        return EXIT_DATABASE
    from desktop.services.files import sweep_leftovers

    sweep_leftovers(home)  # what exports, reports, receipts killed half-way left behind
    try:
        i18n.install(SettingsService(workspace).load().language)
        code = _run_command(args, workspace)
        if code != EXIT_OK:
            _log_refusal(args, code)
        return code
    except DatabaseProblem as problem:  # locked by another Sewaka too long, or a full disk
        log.error("database refused: %s", problem.kind)
        print(messages.database_problem(problem), file=sys.stderr)
        return EXIT_DATABASE
    except BrokenPipeError:
        # The reader went away (`sewaka settings show | head -3`): stop quietly, and keep
        # Python from complaining again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    finally:
        workspace.close()
        del app


def _log_refusal(args: argparse.Namespace, code: int) -> None:
    """A refused or failed command in the Sewaka log: which command and its exit code,
    never the paths, codes or values typed (they may name a person)."""
    from desktop.cli_words import log_refusal

    words = [args.command, getattr(args, "what", None), getattr(args, "action", None)]
    kinds = {
        EXIT_USAGE: "refused",
        EXIT_FAILED: "failed",
        EXIT_TAMPERED: "tampered receipt",
        EXIT_OTHER_OFFICE: "other office's receipt",
        EXIT_UNREADABLE: "unreadable input",
        EXIT_NOT_IN_RECORDS: "receipt not in records",
        EXIT_NOT_ENROLLED: "not enrolled",
        EXIT_NOT_RECONCILED: "not reconciled",
        EXIT_UNAUTHORIZED: "unauthorized",
    }
    log_refusal(
        " ".join(["sewaka", *(w for w in words if w)]),
        kinds.get(code, "failed"),
        f"exit {code}",
    )


def _run_command(args: argparse.Namespace, workspace: Workspace) -> int:
    if args.command == "seed-demo":
        if args.requests < 1:
            print(
                QCoreApplication.translate("cli", "Jumlah permohonan harus lebih dari 0."),
                file=sys.stderr,
            )
            return EXIT_USAGE
        if args.days < 1:
            print(
                QCoreApplication.translate("cli", "Jumlah hari harus lebih dari 0."),
                file=sys.stderr,
            )
            return EXIT_USAGE
        return _seed_demo(args, workspace)
    if args.command == "settings":
        return _settings_command(args, workspace)
    if args.command == "export" and args.what == "requests":
        from desktop.services.export import ExportRefused, export_requests
        from desktop.services.settings import OfficeNotConfigured

        try:
            count = export_requests(workspace, args.out, args.date, args.format)
        except ExportRefused as refused:
            print(_export_refused(refused), file=sys.stderr)
            return EXIT_USAGE
        except OfficeNotConfigured:
            print(_office_not_configured(), file=sys.stderr)
            return EXIT_FAILED
        except OSError as exc:
            return _cannot_write(args.out, exc)
        print(
            QCoreApplication.translate("cli", "{n} permohonan diekspor ke {path}").format(
                n=count, path=args.out
            )
        )
        return EXIT_OK
    if args.command == "backup":
        return _backup(workspace, args.out)
    if args.command == "report" and args.what == "daily":
        from desktop.services.reports import ReportService
        from desktop.services.requests import RequestService
        from desktop.services.settings import OfficeNotConfigured
        from printing.paper import Paper

        today = RequestService(workspace).today()
        if args.date is not None and args.date > today:
            print(
                QCoreApplication.translate(
                    "cli",
                    "Tanggal {date} belum tiba (hari ini {today}). "
                    "Laporan harian hanya untuk hari ini atau hari yang sudah lewat.",
                ).format(date=args.date.isoformat(), today=today.isoformat()),
                file=sys.stderr,
            )
            return EXIT_USAGE
        out_problem = _pdf_out_refused(args.out)
        if out_problem:
            print(out_problem, file=sys.stderr)
            return EXIT_USAGE
        try:
            data = ReportService(workspace).save_daily(args.out, Paper(args.paper), args.date)
        except OfficeNotConfigured:
            print(_office_not_configured(), file=sys.stderr)
            return EXIT_FAILED
        except OSError as exc:
            return _cannot_write(args.out, exc)
        print(
            QCoreApplication.translate("cli", "Laporan harian {date} disimpan ke {path}").format(
                date=data.day.isoformat(), path=args.out
            )
        )
        return EXIT_OK
    if args.command in ("receipt", "verify-receipt", "receipt-key"):
        return _receipt_command(args, workspace)
    if args.command == "check":
        return _check_command(workspace)
    if args.command == "clock":
        return _clock_command(args, workspace)
    if args.command == "enrol":
        return _enrol_command(args, workspace)
    if args.command == "sync":
        return _sync_command(args, workspace)
    return EXIT_USAGE


def _seed_demo(args: argparse.Namespace, workspace: Workspace) -> int:
    """Training data into an empty (or training) folder only, with progress on stderr."""
    from desktop.services.demo import RealDataPresent, seed_demo
    from desktop.ui.office_texts import real_data_text

    shown = [-1]

    def progress(done: int, total: int) -> None:
        tenth = done * 10 // total
        if tenth != shown[0]:
            shown[0] = tenth
            print(
                QCoreApplication.translate("cli", "Membuat data latihan… {p}%").format(
                    p=tenth * 10
                ),
                file=sys.stderr,
                flush=True,
            )

    try:
        summary = seed_demo(
            workspace, requests=args.requests, days=args.days, seed=args.seed, progress=progress
        )
    except RealDataPresent as refused:
        print(real_data_text(refused), file=sys.stderr)
        return EXIT_USAGE
    print(
        QCoreApplication.translate(
            "cli", "Data latihan dibuat: {n} permohonan selama {d} hari."
        ).format(n=summary.requests, d=summary.days)
    )
    return EXIT_OK


def _settings_command(args: argparse.Namespace, workspace: Workspace) -> int:
    """``settings show`` and ``settings set KEY VALUE`` for IT staff and provisioning scripts."""
    import json

    from desktop.services.settings import (
        KEYS,
        LogoRejected,
        SettingsInvalid,
        SettingsService,
        UnknownSetting,
    )
    from desktop.ui.office_texts import invalid_text, logo_text

    service = SettingsService(workspace)
    if args.action == "show":
        values = service.as_text()
        if args.json:
            shown: dict[str, object] = {
                k: (v == "true") if k in ("training", "configured") else v
                for k, v in values.items()
            }
            print(json.dumps(shown, ensure_ascii=False, indent=2))
        else:
            for key, value in values.items():
                print(f"{key} = {value}")
        return EXIT_OK
    was_configured = service.load().configured
    try:
        settings = service.set(args.key, args.value)
    except UnknownSetting:
        settable = ", ".join(k for k in KEYS if k not in ("training", "configured"))
        print(
            QCoreApplication.translate(
                "cli", "Pengaturan {key} tidak dikenal atau tidak dapat diubah. Kunci: {keys}"
            ).format(key=args.key, keys=settable),
            file=sys.stderr,
        )
        return EXIT_USAGE
    except SettingsInvalid as invalid:
        print(invalid_text(invalid), file=sys.stderr)
        return EXIT_USAGE
    except LogoRejected as rejected:
        print(logo_text(rejected), file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        return _cannot_write(workspace.home, exc)
    print(QCoreApplication.translate("cli", "Pengaturan {key} disimpan.").format(key=args.key))
    if settings.configured and not was_configured:
        print(
            QCoreApplication.translate("cli", "Data kantor lengkap: {place} siap melayani.").format(
                place=settings.place
            )
        )
    elif not settings.configured:
        from desktop.ui.office_texts import field_name

        print(
            QCoreApplication.translate("cli", "Data kantor yang belum diisi: {fields}").format(
                fields=", ".join(f"{field_name(k)} ({k})" for k in settings.missing())
            )
        )
    return EXIT_OK


def _backup(workspace: Workspace, out: Path) -> int:
    from desktop.services.backup import BackupDamaged, BackupRefusal, BackupRefused, BackupService

    try:
        result = BackupService(workspace).backup(out)
    except BackupRefused as refused:
        if refused.reason is BackupRefusal.EXISTS:
            message = QCoreApplication.translate(
                "cli", "Berkas {path} sudah ada dan tidak ditimpa. Pilih nama lain."
            ).format(path=out)
        else:
            message = QCoreApplication.translate(
                "cli", "Folder {folder} tidak ada. Buat foldernya dulu atau pilih folder lain."
            ).format(folder=out.parent)
        print(message, file=sys.stderr)
        return EXIT_USAGE
    except BackupDamaged:
        print(
            QCoreApplication.translate(
                "cli", "Salinan gagal diperiksa dan tidak disimpan. Coba lagi."
            ),
            file=sys.stderr,
        )
        return EXIT_FAILED
    except OSError as exc:
        return _cannot_write(out, exc)
    print(QCoreApplication.translate("cli", "Data dicadangkan ke {path}").format(path=result.path))
    return EXIT_OK


def _export_refused(refused: ExportRefused) -> str:
    from desktop.services.export import Refusal

    if refused.reason is Refusal.MISSING_FOLDER:
        return QCoreApplication.translate(
            "cli", "Folder {folder} tidak ada. Buat foldernya dulu atau pilih folder lain."
        ).format(folder=refused.path.parent)
    if refused.reason is Refusal.FORMAT_MISMATCH and refused.format is not None:
        return QCoreApplication.translate(
            "cli",
            "Format {format} tidak cocok dengan nama berkas {name}. "
            "Beri nama berkas berakhiran .{format} atau pilih format lain.",
        ).format(format=refused.format.value, name=refused.path.name)
    return QCoreApplication.translate(
        "cli",
        "Format berkas {name} tidak dikenal. "
        "Beri nama berakhiran .xlsx atau .csv, atau pilih --format xlsx atau csv.",
    ).format(name=refused.path.name)


def _pdf_out_refused(out: Path) -> str:
    """Why ``--out`` cannot take a PDF ("" if it can): a name is never changed behind the
    user's back, and a mistyped folder is never created."""
    if out.suffix.lower() != ".pdf":
        return QCoreApplication.translate(
            "cli", "Nama berkas {name} tidak berakhiran .pdf. Beri nama berkas berakhiran .pdf."
        ).format(name=out.name)
    if not out.parent.exists():
        return QCoreApplication.translate(
            "cli", "Folder {folder} tidak ada. Buat foldernya dulu atau pilih folder lain."
        ).format(folder=out.parent)
    return ""


def _office_not_configured() -> str:
    return QCoreApplication.translate(
        "cli",
        "Data kantor belum diisi. Isi lewat Berkas → Data kantor, atau `sewaka settings set ...`.",
    )


def _cannot_write(path: Path, error: OSError) -> int:
    """Why ``path`` was not written (exit 4); nothing was left under its name."""
    from desktop.messages import cannot_write

    print(cannot_write(path, error), file=sys.stderr)
    return EXIT_FAILED


def _too_large(refused: ReceiptFileTooLarge) -> str:
    """A photo or PDF refused unread because its header says it is huge."""
    from printing.qr import MAX_FILE_BYTES, MAX_PIXELS

    if refused.width and refused.height:
        size = QCoreApplication.translate("cli", "{w} x {h} piksel").format(
            w=refused.width, h=refused.height
        )
    elif refused.pixels:
        size = QCoreApplication.translate("cli", "{mp} juta piksel").format(
            mp=refused.pixels // 1_000_000
        )
    else:
        size = QCoreApplication.translate("cli", "{mb} MB").format(
            mb=round((refused.file_bytes or 0) / 1_000_000, 1)
        )
    return QCoreApplication.translate(
        "cli",
        "Berkas terlalu besar untuk diperiksa ({size}); paling besar {mp} juta piksel "
        "dan {max_mb} MB. Foto atau pindai ulang struknya dengan resolusi lebih kecil, "
        "atau potong bagian kode QR-nya.",
    ).format(size=size, mp=MAX_PIXELS // 1_000_000, max_mb=MAX_FILE_BYTES // (1024 * 1024))


def _receipt_command(args: argparse.Namespace, workspace: Workspace) -> int:
    from desktop.services.receipts import (
        Reason,
        ReceiptFileTooLarge,
        ReceiptInvalid,
        ReceiptNotFound,
        ReceiptService,
    )
    from desktop.services.settings import OfficeNotConfigured
    from printing import i18n as paper_i18n
    from printing.paper import Paper
    from printing.signing import InvalidKey

    receipts = ReceiptService(workspace)
    if args.command == "receipt-key":
        print(receipts.public_key())
        return EXIT_OK
    if args.command == "receipt":
        out_problem = _pdf_out_refused(args.out)
        if out_problem:
            print(out_problem, file=sys.stderr)
            return EXIT_USAGE
        from desktop.services.printing import PrintService
        from printing.dispatch import PrintError

        try:
            # Through the print service, like the window's Simpan PDF: audited, and marked as a
            # reprint when this receipt was printed or saved before.
            PrintService(workspace).save_receipt(
                args.tracking_code, args.out, Paper(args.paper), args.language
            )
        except PrintError as error:
            cause = error.__cause__
            return _cannot_write(args.out, cause if isinstance(cause, OSError) else OSError(error))
        except OfficeNotConfigured:
            print(_office_not_configured(), file=sys.stderr)
            return EXIT_FAILED
        except ReceiptNotFound:
            print(
                QCoreApplication.translate("cli", "Kode lacak tidak ditemukan: {code}").format(
                    code=args.tracking_code
                ),
                file=sys.stderr,
            )
            return EXIT_FAILED
        except OSError as exc:
            return _cannot_write(args.out, exc)
        print(
            QCoreApplication.translate("cli", "Struk {code} disimpan ke {path}").format(
                code=args.tracking_code.strip().upper(), path=args.out
            )
        )
        return EXIT_OK

    try:
        checked = receipts.check(args.source, args.public_key)
    except InvalidKey:
        print(QCoreApplication.translate("cli", "Kunci publik tidak valid."), file=sys.stderr)
        return EXIT_USAGE
    except ReceiptFileTooLarge as too_large:
        print(_too_large(too_large), file=sys.stderr)
        return EXIT_UNREADABLE
    except ReceiptInvalid as invalid:
        if invalid.reason is Reason.TAMPERED:
            message = QCoreApplication.translate(
                "cli",
                "Struk TIDAK SAH: tanda tangan tidak cocok. "
                "Struk ini palsu atau isinya telah diubah.",
            )
            code = EXIT_TAMPERED
        elif invalid.reason is Reason.OTHER_OFFICE:
            message = QCoreApplication.translate(
                "cli",
                "Struk ini diterbitkan oleh kantor lain ({office}), bukan kantor ini. "
                "Periksa di kantor yang menerbitkannya.",
            ).format(office=invalid.office_id or "?")
            code = EXIT_OTHER_OFFICE
        elif invalid.reason is Reason.WRONG_VERSION:
            message = QCoreApplication.translate(
                "cli",
                "Struk ini dibuat oleh versi Sewaka yang tidak dikenal. "
                "Perbarui aplikasi Sewaka lalu periksa lagi.",
            )
            code = EXIT_UNREADABLE
        else:
            message = QCoreApplication.translate(
                "cli",
                "Tidak terbaca sebagai struk Sewaka: tidak ada kode QR struk "
                "pada teks, gambar, atau PDF ini.",
            )
            code = EXIT_UNREADABLE
        print(message, file=sys.stderr)
        return code
    from desktop.services.settings import SettingsService

    settings = SettingsService(workspace).load()
    office = checked.receipt.office_id
    if checked.ours:
        office = f"{settings.unit_kind} {settings.office_name} ({office})"
    issued = paper_i18n.timestamp(checked.issued_at)  # office time, like the screens
    tracking = checked.tracking_code
    if checked.ours and not checked.in_records:
        print(
            QCoreApplication.translate(
                "cli",
                "Tanda tangan struk cocok, tetapi kode lacak {code} tidak ada dalam data "
                "kantor ini. Jangan layani berdasarkan struk ini; tanyakan operator TI "
                "(mungkin data dipulihkan dari cadangan lama).",
            ).format(code=tracking),
            file=sys.stderr,
        )
        print(QCoreApplication.translate("cli", "Diterbitkan: {time}").format(time=issued))
        return EXIT_NOT_IN_RECORDS
    if checked.status == "rejected":
        headline = QCoreApplication.translate(
            "cli", "Struk SAH, tetapi permohonan ini DITOLAK. Kode lacak: {code}"
        )
    elif checked.status == "cancelled":
        headline = QCoreApplication.translate(
            "cli", "Struk SAH, tetapi permohonan ini DIBATALKAN. Kode lacak: {code}"
        )
    else:
        headline = QCoreApplication.translate("cli", "Struk SAH. Kode lacak: {code}")
    print(headline.format(code=tracking))
    if checked.status is not None:
        print(
            QCoreApplication.translate("cli", "Status permohonan: {status}").format(
                status=paper_i18n.status_word(checked.status)
            )
        )
    print(QCoreApplication.translate("cli", "Kantor: {office}").format(office=office))
    print(QCoreApplication.translate("cli", "Diterbitkan: {time}").format(time=issued))
    return EXIT_OK


def _check_command(workspace: Workspace) -> int:
    """``sewaka check``: the file's full integrity check, then every queued change and row.

    Damaged queued changes are quarantined (never sent); exit 9 while any is.
    """
    from desktop import messages
    from desktop.services.integrity import Damage, check_file, verify_outbox

    problem = check_file(workspace)
    if problem is not None:
        print(messages.database_problem(problem), file=sys.stderr)
        return EXIT_DATABASE
    print(QCoreApplication.translate("cli", "Berkas data utuh (PRAGMA integrity_check: ok)."))
    result = verify_outbox(workspace)
    print(
        QCoreApplication.translate(
            "cli",
            "Antrean kirim: {entries} entri menunggu diperiksa, {rows} baris data dibandingkan.",
        ).format(entries=result.checked, rows=result.rows)
    )
    if result.ok:
        print(QCoreApplication.translate("cli", "Tidak ada data yang rusak."))
        return EXIT_OK
    reasons = {
        Damage.UNREADABLE: QCoreApplication.translate("cli", "isi entri tidak terbaca"),
        Damage.NO_CHECKSUM: QCoreApplication.translate(
            "cli", "isi entri sudah tidak terbaca sebelum diberi checksum"
        ),
        Damage.CHECKSUM: QCoreApplication.translate(
            "cli", "isi entri tidak cocok dengan checksum-nya"
        ),
        Damage.ENTRY_MISMATCH: QCoreApplication.translate(
            "cli", "kolom entri tidak cocok dengan isinya"
        ),
        Damage.NO_ROW: QCoreApplication.translate(
            "cli", "baris data yang dijelaskan entri ini tidak ada"
        ),
        Damage.ROW_DIFFERS: QCoreApplication.translate(
            "cli", "baris data berbeda dari versi yang tercatat"
        ),
        Damage.MISSING_VERSIONS: QCoreApplication.translate(
            "cli", "ada versi baris data yang tidak tercatat di antrean kirim"
        ),
    }
    if result.findings:
        print(QCoreApplication.translate("cli", "DATA RUSAK ditemukan:"))
    for finding in result.findings:
        version = "-" if finding.version is None else str(finding.version)
        line = QCoreApplication.translate(
            "cli", "- {entity} {id} versi {version}: {reason}"
        ).format(
            entity=finding.entity,
            id=finding.entity_id,
            version=version,
            reason=reasons[finding.damage],
        )
        if finding.columns:
            line += QCoreApplication.translate("cli", " (kolom: {columns})").format(
                columns=", ".join(finding.columns)
            )
        print(line)
    if result.quarantined:
        print(
            QCoreApplication.translate(
                "cli", "{n} entri antrean kirim dikarantina: tidak akan dikirim ke server."
            ).format(n=result.quarantined)
        )
    if result.quarantined_before:
        print(
            QCoreApplication.translate(
                "cli", "{n} entri sudah dikarantina oleh pemeriksaan sebelumnya."
            ).format(n=result.quarantined_before)
        )
    print(
        QCoreApplication.translate(
            "cli",
            "Pulihkan dari cadangan terakhir yang baik (folder 'backups') atau hubungi "
            "operator TI kecamatan; jangan hapus berkas data.",
        ),
        file=sys.stderr,
    )
    return EXIT_DAMAGED_RECORDS


def _clock_command(args: argparse.Namespace, workspace: Workspace) -> int:
    """``clock``: is the PC clock behind what was recorded? ``clock confirm``: it is right."""
    from zoneinfo import ZoneInfo

    from desktop.services.clock_check import ClockService
    from desktop.services.settings import SettingsService
    from desktop.ui.texts import duration

    office_zone = ZoneInfo(SettingsService(workspace).load().timezone)

    def shown(moment: dt.datetime) -> str:
        return moment.astimezone(office_zone).strftime("%d-%m-%Y %H:%M")

    clocks = ClockService(workspace)
    if args.action == "confirm":
        before = clocks.check()
        clocks.confirm()
        print(
            QCoreApplication.translate(
                "cli",
                "Jam PC dikonfirmasi benar ({now}); nomor antrean kembali mengikuti jam PC. "
                "Konfirmasi ini dicatat.",
            ).format(now=shown(before.now))
        )
        return EXIT_OK
    check = clocks.check()
    if not check.is_behind:
        print(QCoreApplication.translate("cli", "Jam PC tidak tertinggal dari data tercatat."))
        return EXIT_OK
    print(
        QCoreApplication.translate(
            "cli",
            "Jam PC ({now}) tertinggal {behind} dari waktu data terakhir yang tercatat "
            "({newest}). Nomor antrean tetap diberikan pada hari data terakhir. Betulkan jam "
            "PC; bila jam PC memang benar, jalankan: sewaka clock confirm",
        ).format(
            now=shown(check.now),
            behind=duration(check.behind_by),
            newest=shown(check.newest),
        ),
        file=sys.stderr,
    )
    return EXIT_FAILED


def _enrol_command(args: argparse.Namespace, workspace: Workspace) -> int:
    """``enrol --server URL --code CODE [--name NAME]``: this PC joins its office's server."""
    from desktop.services.sync import SyncService
    from desktop.services.sync_types import EnrolProblem, EnrolRefused
    from desktop.ui.texts import enrol_problem

    try:
        enrolment = SyncService(workspace).enrol(args.server, args.code, args.name)
    except EnrolRefused as refused:
        print(enrol_problem(refused.problem), file=sys.stderr)
        if refused.problem in (EnrolProblem.BAD_URL, EnrolProblem.BAD_CODE, EnrolProblem.TRAINING):
            return EXIT_USAGE
        if refused.problem in (EnrolProblem.OFFLINE, EnrolProblem.SERVER_ERROR):
            return EXIT_NOT_RECONCILED
        return EXIT_FAILED
    print(
        QCoreApplication.translate(
            "cli", "PC ini terdaftar ke {office} ({code}) di server {url}."
        ).format(office=enrolment.office_name, code=enrolment.office_code, url=enrolment.server_url)
    )
    if enrolment.restamped_rows:
        print(
            QCoreApplication.translate(
                "cli", "{n} data yang dicatat sebelum pendaftaran kini tercatat atas kantor ini."
            ).format(n=enrolment.restamped_rows)
        )
    print(QCoreApplication.translate("cli", "Kirim data sekarang dengan: sewaka sync --once"))
    return EXIT_OK


def _sync_command(args: argparse.Namespace, workspace: Workspace) -> int:
    """``sync [--once] [--json]``: one round, or rounds until SIGINT/SIGTERM."""
    from desktop.services.sync import SyncService
    from desktop.services.sync_types import SyncProblem, SyncReport

    service = SyncService(workspace)
    if args.once:
        report = service.sync_once()
        _print_round(report, args.json, once=True)
        return _sync_exit(report.problem, report.reconciled)

    import signal
    import threading

    first = service.sync_once()  # not enrolled, training, a revoked token: said at once
    _print_round(first, args.json, once=False)
    if first.problem in (SyncProblem.NOT_ENROLLED, SyncProblem.TRAINING):
        return EXIT_NOT_ENROLLED
    if first.problem is SyncProblem.UNAUTHORIZED:
        return EXIT_UNAUTHORIZED
    stop = threading.Event()
    revoked = threading.Event()

    def ask_to_stop(signum: int, frame: object) -> None:
        stop.set()

    def round_done(report: SyncReport) -> None:
        _print_round(report, args.json, once=False)
        if report.problem is SyncProblem.UNAUTHORIZED:  # retrying a revoked token is pointless
            revoked.set()
            stop.set()

    previous = {sig: signal.signal(sig, ask_to_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    service.listen(round_done)
    service.start()
    try:
        while not stop.wait(0.5):
            pass
    finally:
        service.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if revoked.is_set():
        return EXIT_UNAUTHORIZED
    print(QCoreApplication.translate("cli", "Sinkronisasi dihentikan."), file=sys.stderr)
    return EXIT_OK


def _sync_exit(problem: object, reconciled: bool) -> int:
    from desktop.services.sync_types import SyncProblem

    if problem in (SyncProblem.NOT_ENROLLED, SyncProblem.TRAINING):
        return EXIT_NOT_ENROLLED
    if problem is SyncProblem.UNAUTHORIZED:
        return EXIT_UNAUTHORIZED
    return EXIT_OK if reconciled else EXIT_NOT_RECONCILED


def _print_round(report: object, as_json: bool, *, once: bool) -> None:
    """One round in words (what was sent, received, refused; in step or not); with
    ``as_json`` the round's JSON object is the last line."""
    import json

    from desktop.services.sync_types import SyncReport
    from desktop.ui.texts import sync_problem

    assert isinstance(report, SyncReport)
    if not once:
        print(dt.datetime.now().astimezone().strftime("%H:%M:%S"), end=" ")
    print(
        QCoreApplication.translate(
            "cli",
            "Dikirim: {pushed} (sudah ada di server: {duplicates}), ditolak: {rejected}, "
            "diambil dari server: {pulled}, dikirim ulang: {resent}.",
        ).format(
            pushed=report.pushed,
            duplicates=report.duplicates,
            rejected=report.rejected,
            pulled=report.pulled,
            resent=report.resent,
        )
    )
    print(
        QCoreApplication.translate(
            "cli", "Menunggu dikirim: {pending}, perlu perhatian: {quarantined}."
        ).format(pending=report.pending, quarantined=report.quarantined)
    )
    if report.reconciled:
        print(
            QCoreApplication.translate(
                "cli", "Tersinkron penuh: server memegang persis data PC ini."
            )
        )
    else:
        print(QCoreApplication.translate("cli", "Belum tersinkron penuh."))
    if report.problem is not None:
        print(sync_problem(report.problem), file=sys.stderr)
    if report.quarantined:
        print(
            QCoreApplication.translate(
                "cli",
                "Ada data yang perlu perhatian: lihat halaman Sinkronisasi atau hubungi "
                "petugas IT.",
            ),
            file=sys.stderr,
        )
    skew = report.clock_skew
    if skew is not None and abs(skew) > dt.timedelta(minutes=5):
        minutes = round(abs(skew).total_seconds() / 60)
        if skew > dt.timedelta(0):
            text = QCoreApplication.translate(
                "cli", "Jam PC ini tertinggal {minutes} menit dari jam server. Betulkan jam PC."
            )
        else:
            text = QCoreApplication.translate(
                "cli", "Jam PC ini lebih cepat {minutes} menit dari jam server. Betulkan jam PC."
            )
        print(text.format(minutes=minutes), file=sys.stderr)
    if as_json:
        print(json.dumps(report.as_json(), ensure_ascii=False), flush=True)
    else:
        sys.stdout.flush()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
