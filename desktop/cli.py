"""The ``sewaka`` command: the GUI by default, plus subcommands for staff and IT.

Every message goes through Qt's translation so it appears in the office's
language; a :class:`QCoreApplication` is created for that even when no
window is shown.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from desktop import __version__, i18n, messages, paths
from desktop.logs import setup_logging
from desktop.models.database import DatabaseProblem
from desktop.services.settings import SettingsService
from desktop.services.workspace import Workspace, open_workspace

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_DATABASE = 3
EXIT_FAILED = 4

log = logging.getLogger("sewaka")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sewaka",
        description="Sewaka: layanan loket kantor desa/kelurahan (luring lebih dulu).",
    )
    parser.add_argument("--version", action="version", version=f"sewaka {__version__}")
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
    seed.add_argument("--requests", type=int, default=200, metavar="N")
    seed.add_argument("--days", type=int, default=5, metavar="HARI")
    seed.add_argument("--seed", type=int, default=None, help=argparse.SUPPRESS)

    export = sub.add_parser("export", help="ekspor data ke berkas")
    export_sub = export.add_subparsers(dest="what", metavar="JENIS", required=True)
    export_requests = export_sub.add_parser("requests", help="permohonan layanan sebagai CSV")
    export_requests.add_argument("--date", type=_date, metavar="YYYY-MM-DD")
    export_requests.add_argument("--out", type=Path, required=True, metavar="FILE.csv")
    return parser


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"tanggal tidak valid: {text!r} (gunakan YYYY-MM-DD)"
        ) from None


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    home = paths.data_dir(args.data_dir)
    setup_logging(paths.log_dir(home))

    if args.command is None:
        from desktop.ui.app import run_gui  # Qt widgets only when a window is wanted

        return run_gui(home, smoke_test=args.smoke_test)

    app = QCoreApplication.instance() or QCoreApplication([sys.argv[0]])
    try:
        workspace = open_workspace(home)
    except DatabaseProblem as problem:
        print(messages.database_problem(problem), file=sys.stderr)
        return EXIT_DATABASE
    try:
        i18n.install(SettingsService(workspace).load().language)
        return _run_command(args, workspace)
    finally:
        workspace.close()
        del app


def _run_command(args: argparse.Namespace, workspace: Workspace) -> int:
    if args.command == "seed-demo":
        from desktop.services.demo import seed_demo

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
        summary = seed_demo(workspace, requests=args.requests, days=args.days, seed=args.seed)
        print(
            QCoreApplication.translate(
                "cli", "Data latihan dibuat: {n} permohonan selama {d} hari."
            ).format(n=summary.requests, d=summary.days)
        )
        return EXIT_OK
    if args.command == "export" and args.what == "requests":
        from desktop.services.export import export_requests

        try:
            count = export_requests(workspace, args.out, args.date)
        except OSError as exc:
            print(
                QCoreApplication.translate("cli", "Tidak dapat menulis {path}: {error}").format(
                    path=args.out, error=exc.strerror or exc
                ),
                file=sys.stderr,
            )
            return EXIT_FAILED
        print(
            QCoreApplication.translate("cli", "{n} permohonan diekspor ke {path}").format(
                n=count, path=args.out
            )
        )
        return EXIT_OK
    return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
