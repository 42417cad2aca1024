"""``sewaka server ...``: run the central server and the commands IT staff use on it.

    sewaka server [--database-url URL] run [--host H] [--port P]
    sewaka server [--database-url URL] create-office --code CODE --name NAME [--json]
    sewaka server [--database-url URL] list-devices [--json]
    sewaka server [--database-url URL] revoke-device DEVICE_ID
    sewaka server [--database-url URL] export requests --office CODE --out FILE.csv

The database URL also comes from ``SEWAKA_SERVER_DATABASE_URL``; without either, a SQLite file
in the data folder. Every command brings the schema up to date first (safe when several
instances start at once). Messages are in Bahasa Indonesia, the language of the IT staff of
the kabupaten; exit codes follow the desktop's (0 ok, 2 usage, 3 database, 4 failed).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import io
import json
import logging
import signal
import socket
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop import paths
from desktop.domain.clock import DEFAULT_TIMEZONE
from server.db import Database

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_DATABASE = 3
EXIT_FAILED = 4

GC_THRESHOLD = 50_000  # tracked objects made and not yet freed before a young collection

log = logging.getLogger("sewaka.server")


def build_parser() -> argparse.ArgumentParser:
    from server.config import DEFAULT_HOST, DEFAULT_PORT, ENV_DATABASE_URL

    parser = argparse.ArgumentParser(
        prog="sewaka server",
        description="Server pusat Sewaka untuk kabupaten/kota.",
    )
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help=f"basis data (juga dari {ENV_DATABASE_URL}); bawaan: berkas SQLite di folder data",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="PERINTAH")

    run = commands.add_parser("run", help="menjalankan server HTTP")
    run.add_argument("--host", default=DEFAULT_HOST, help=f"alamat (bawaan {DEFAULT_HOST})")
    run.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (bawaan {DEFAULT_PORT})")

    office = commands.add_parser(
        "create-office", help="membuat kantor dan kode pendaftaran sekali pakai untuk satu PC"
    )
    office.add_argument("--code", required=True, help="kode kantor, mis. kode desa")
    office.add_argument("--name", required=True, help="nama kantor")
    office.add_argument(
        "--timezone", default=DEFAULT_TIMEZONE, help=f"zona waktu (bawaan {DEFAULT_TIMEZONE})"
    )
    office.add_argument("--qr", type=Path, metavar="BERKAS.png", help="tempat gambar QR kode")
    office.add_argument("--json", action="store_true", help="satu baris JSON")

    devices = commands.add_parser("list-devices", help="daftar PC yang terdaftar")
    devices.add_argument("--json", action="store_true", help="satu baris JSON")

    revoke = commands.add_parser("revoke-device", help="mencabut akses satu PC")
    revoke.add_argument("device_id", metavar="DEVICE_ID")

    export = commands.add_parser("export", help="mengekspor data yang dipegang server")
    what = export.add_subparsers(dest="what", required=True, metavar="DATA")
    requests = what.add_parser("requests", help="permohonan satu kantor, sebagai CSV")
    requests.add_argument("--office", required=True, metavar="KODE", help="kode kantor")
    requests.add_argument("--out", required=True, type=Path, metavar="BERKAS.csv")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    try:
        args = build_parser().parse_args(words)
    except SystemExit as exit:
        return int(exit.code or 0)

    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    from server.config import SettingsError, load_settings
    from server.db import migrate

    try:
        settings = load_settings(args.database_url)
        where = make_url(settings.database_url).render_as_string(hide_password=True)
        database = Database(settings)
    except SettingsError as exc:
        print(f"Nilai tidak sah pada variabel lingkungan {exc}.", file=sys.stderr)
        return EXIT_USAGE
    except (ArgumentError, ValueError):
        print("URL basis data tidak sah (PostgreSQL atau SQLite).", file=sys.stderr)
        return EXIT_USAGE
    try:
        migrate(database)
        if args.command == "run":
            return _run(database, args.host, args.port)
        if args.command == "create-office":
            return _create_office(database, args)
        if args.command == "list-devices":
            return _list_devices(database, args.json)
        if args.command == "revoke-device":
            return _revoke(database, args.device_id)
        return _export(database, args.office, args.out)
    except SQLAlchemyError as exc:
        print(
            f"Basis data server tidak dapat dipakai ({where}): {type(exc).__name__}.",
            file=sys.stderr,
        )
        return EXIT_DATABASE
    finally:
        database.dispose()


def listening_socket(host: str, port: int) -> socket.socket:
    """The server's socket, bound (uvicorn listens on it).

    Made as IPPROTO_TCP, not protocol 0: asyncio turns Nagle's algorithm off (TCP_NODELAY)
    only on connections whose socket says it is TCP, and with Nagle on, every answer written
    as headers then body waited about 40 ms for the client's delayed ACK.
    """
    family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    listener = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, port))
    except OSError:
        listener.close()
        raise
    return listener


def _run(database: Database, host: str, port: int) -> int:
    import uvicorn

    from server.app import create_app

    try:
        listener = listening_socket(host, port)
    except OSError as exc:
        print(f"Tidak dapat memakai {host}:{port}: {exc.strerror or exc}.", file=sys.stderr)
        return EXIT_FAILED
    bound = listener.getsockname()[1]
    app = create_app(database.settings, database)
    # Everything loaded so far (FastAPI, pydantic's schemas, SQLAlchemy) lives as long as the
    # process: out of the collector's sight, a full collection walks only what requests
    # made (a push of 2,000 rows makes tens of thousands of objects that trigger them).
    gc.collect()
    gc.freeze()
    # A push of 2,000 rows holds tens of thousands of objects at once, all freed by reference
    # counting when it ends: with the default threshold (700) the collector walked them about
    # thirty times a push, a twentieth of the server's time, to find nothing.
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
    config = uvicorn.Config(app, log_level="info", lifespan="on", timeout_graceful_shutdown=10)
    shown = f"[{host}]" if ":" in host else host
    print(f"Server Sewaka berjalan di http://{shown}:{bound} (hentikan dengan Ctrl+C).", flush=True)
    # On SIGTERM or SIGINT uvicorn stops accepting, finishes open requests, then raises the
    # signal again once it is done: ours ends the process normally from there.
    signal.signal(signal.SIGTERM, _stop)
    with contextlib.suppress(KeyboardInterrupt, _Stopped):
        uvicorn.Server(config).run(sockets=[listener])
    print("Server Sewaka berhenti.", flush=True)
    return EXIT_OK


class _Stopped(Exception):
    pass


def _stop(_signum: int, _frame: object) -> None:
    raise _Stopped()


def _create_office(database: Database, args: argparse.Namespace) -> int:
    from server.offices import OfficeInputError, create_office

    try:
        issued = create_office(
            database, args.code, args.name, args.timezone, database.settings.enrolment_days
        )
    except OfficeInputError as exc:
        print(_OFFICE_INPUT[exc.field], file=sys.stderr)
        return EXIT_USAGE
    qr_path = args.qr or _default_qr_path(issued.office_code, issued.enrolment_code)
    try:
        _write_qr(issued.enrolment_code, qr_path)
        qr: str | None = str(qr_path)
    except OSError as exc:
        qr = None
        print(
            f"Gambar QR tidak dapat ditulis ke {qr_path}: {exc.strerror or exc}.", file=sys.stderr
        )
    if args.json:
        print(
            json.dumps(
                {
                    "office_id": issued.office_id,
                    "office_code": issued.office_code,
                    "enrolment_code": issued.enrolment_code,
                    "expires_at": issued.expires_at.isoformat(),
                    "new_office": issued.new_office,
                    "qr": qr,
                }
            )
        )
        return EXIT_OK
    if issued.new_office:
        print(f"Kantor baru dibuat: {issued.office_code} – {issued.office_name}.")
    else:
        print(
            f"Kantor {issued.office_code} sudah ada: kode pendaftaran baru dibuat untuk PC "
            "berikutnya (kode yang lama tetap berlaku sampai kedaluwarsa)."
        )
        if issued.renamed:
            print(f"Nama kantor diubah menjadi {issued.office_name}.")
    print(f"ID kantor: {issued.office_id}")
    expires = issued.expires_at.strftime("%Y-%m-%d %H:%M UTC")
    print(f"Kode pendaftaran (sekali pakai, untuk satu PC, berlaku sampai {expires}):")
    print(f"    {issued.enrolment_code}")
    if qr:
        print(f"Gambar QR kode ini: {qr}")
    print("Di PC kantor: sewaka enrol --server URL --code KODE (atau halaman Pengaturan).")
    return EXIT_OK


_OFFICE_INPUT = {
    "code": "Kode kantor tidak sah: huruf, angka, titik, garis bawah atau tanda hubung, "
    "paling banyak 40.",
    "name": "Nama kantor harus diisi (paling banyak 120 karakter, tanpa karakter kendali).",
    "timezone": "Zona waktu tidak dikenal (mis. Asia/Jakarta, Asia/Makassar, Asia/Jayapura).",
}


def _default_qr_path(office_code: str, code: str) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    return paths.data_dir() / "enrolment-codes" / f"{office_code}-{stamp}-{code[:4]}.png"


def _write_qr(code: str, path: Path) -> None:
    import qrcode

    from printing.dispatch import write_atomically

    image = qrcode.make(code)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(buffer.getvalue(), path)


def _time(value: dt.datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "-"


def _list_devices(database: Database, as_json: bool) -> int:
    from server.offices import list_devices

    devices = list_devices(database)
    if as_json:
        print(
            json.dumps(
                [
                    {
                        "device_id": d.device_id,
                        "office_code": d.office_code,
                        "name": d.name,
                        "enrolled_at": d.enrolled_at.isoformat(),
                        "last_seen_at": d.last_seen_at.isoformat() if d.last_seen_at else None,
                        "revoked_at": d.revoked_at.isoformat() if d.revoked_at else None,
                    }
                    for d in devices
                ],
                ensure_ascii=False,
            )
        )
        return EXIT_OK
    if not devices:
        print("Belum ada PC yang terdaftar.")
        return EXIT_OK
    head = ("ID PC", "KANTOR", "NAMA", "TERDAFTAR", "TERAKHIR TERLIHAT", "STATUS")
    lines = [
        (
            d.device_id,
            d.office_code,
            d.name or "-",
            _time(d.enrolled_at),
            _time(d.last_seen_at),
            "dicabut" if d.revoked_at else "aktif",
        )
        for d in devices
    ]
    widths = [max(len(str(row[i])) for row in (head, *lines)) for i in range(len(head))]
    for row in (head, *lines):
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))
    return EXIT_OK


def _revoke(database: Database, device_id: str) -> int:
    from server.offices import revoke_device

    done = revoke_device(database, device_id)
    if done is None:
        print(f"PC {device_id} tidak dikenal.", file=sys.stderr)
        return EXIT_FAILED
    if done:
        print(f"Akses PC {device_id} dicabut: permintaan berikutnya darinya ditolak.")
    else:
        print(f"Akses PC {device_id} sudah dicabut sebelumnya.")
    return EXIT_OK


def _export(database: Database, office_code: str, out: Path) -> int:
    from printing.dispatch import UnsafeTarget
    from server.export import UnknownOffice, export_requests

    try:
        count = export_requests(database, office_code, out)
    except UnknownOffice:
        print(f"Kantor {office_code} tidak dikenal.", file=sys.stderr)
        return EXIT_FAILED
    except UnsafeTarget:
        print(f"Tujuan {out} bukan berkas biasa; tidak ditimpa.", file=sys.stderr)
        return EXIT_FAILED
    except FileNotFoundError:
        print(f"Folder tujuan {out.parent} tidak ada.", file=sys.stderr)
        return EXIT_FAILED
    except OSError as exc:
        print(f"Tidak dapat menulis {out}: {exc.strerror or exc}.", file=sys.stderr)
        return EXIT_FAILED
    print(f"{count} permohonan diekspor ke {out}.")
    return EXIT_OK
