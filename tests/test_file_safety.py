"""Files Sewaka writes for the user (exports, reports, receipts, backups) under crashes, a
failing audit and targets that are not plain files (issue 7).

- A write killed half-way leaves its temporary files only beside the target, under a name that
  says Sewaka made them, and the next write there or the next start removes them: never an
  ``openpyxl.*`` file full of NIKs in the system's temp folder for good.
- A file takes its name only after its audit entry is committed: when the audit cannot be
  written (database disk full), no file appears.
- A link, device node, FIFO or folder at the target is refused, untouched, with a clear
  Indonesian message (exit 4); a write error is an error, never a success.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError
from support import configure_office, valid_form

from desktop.cli import EXIT_FAILED, EXIT_OK, main
from desktop.services.backup import BackupService
from desktop.services.export import export_requests
from desktop.services.printing import PrintService
from desktop.services.receipts import ReceiptService
from desktop.services.reports import ReportService
from desktop.services.requests import RequestService
from desktop.services.workspace import DatabaseProblem, Workspace, open_workspace
from printing import dispatch
from printing.dispatch import PrintError
from printing.paper import Paper

REPO = Path(__file__).resolve().parents[1]
# The audit's error as the caller sees it: raw, or as the workspace words a full disk.
AUDIT_FAILED = (OperationalError, DatabaseProblem)
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX files and signals")


def sewaka_leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".sewaka-"))


# --- a real export killed half-way ----------------------------------------------------

KILLED_EXPORT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from desktop.services import export
    from desktop.services.workspace import open_workspace

    export._PROGRESS_STEP = 20  # report often, so the kill lands in the middle
    home, out = Path(sys.argv[1]), Path(sys.argv[2])
    workspace = open_workspace(home)

    def progress(done, total):
        if 0 < done < total and done >= total // 2:
            print("half", flush=True)
            time.sleep(60)  # killed here, rows half written

    export.export_requests(workspace, out, progress=progress)
    """
)


@pytest.fixture(scope="module")
def big_office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with 200 demo requests (full NIKs and names), made once."""
    from desktop.services.demo import seed_demo

    home = tmp_path_factory.mktemp("big") / "home"
    workspace = open_workspace(home)
    try:
        seed_demo(workspace, requests=200, days=2, seed=7)
    finally:
        workspace.close()
    return home


@pytest.fixture
def office_copy(big_office: Path, tmp_path: Path) -> Path:
    home = tmp_path / "home"
    shutil.copytree(big_office, home)
    return home


def left_anywhere(folder: Path, system_temp: Path) -> list[str]:
    """What a killed export left: beside its target or in the system's temp folder."""
    return sewaka_leftovers(folder) + sorted(p.name for p in system_temp.iterdir())


def kill_mid_export(home: Path, out: Path, system_temp: Path) -> None:
    """Run an export in a real process and SIGKILL it with half the rows written."""
    system_temp.mkdir(exist_ok=True)
    env = dict(os.environ, TMPDIR=str(system_temp), TEMP=str(system_temp), TMP=str(system_temp))
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_EXPORT, str(home), str(out)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert child.stdout is not None
        ready, _, _ = select.select([child.stdout], [], [], 60)
        line = child.stdout.readline() if ready else b""
        assert line.strip() == b"half", child.stderr.read() if child.stderr else ""
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait(10)
    assert child.returncode == -signal.SIGKILL


@posix_only
@pytest.mark.parametrize("name", ["permohonan.xlsx", "permohonan.csv"])
def test_an_export_killed_half_way_leaves_nothing_in_the_system_temp_folder(
    office_copy: Path, tmp_path: Path, name: str
) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    system_temp = tmp_path / "system-temp"

    kill_mid_export(office_copy, folder / name, system_temp)

    assert not (folder / name).exists()  # no half file under the name
    # Nothing (an openpyxl.* sheet full of NIKs) in the system's temp folder, where nobody
    # would ever find it again...
    assert list(system_temp.iterdir()) == []
    # ...but beside the target, named as Sewaka's (found again), and private.
    leftovers = sewaka_leftovers(folder)
    assert leftovers
    for leftover in leftovers:
        if leftover.endswith(name + ".tmp"):  # the file itself: for this user's eyes only
            assert stat.S_IMODE((folder / leftover).stat().st_mode) & 0o077 == 0


@posix_only
def test_the_next_export_to_that_folder_removes_what_a_killed_one_left(
    office_copy: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    system_temp = tmp_path / "system-temp"
    kill_mid_export(office_copy, folder / "permohonan.xlsx", system_temp)
    assert left_anywhere(folder, system_temp)

    # The next run, a real process again, writing to the same folder.
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop",
            "--data-dir",
            str(office_copy),
            "export",
            "requests",
            "--out",
            str(folder / "ulang.csv"),
        ],
        cwd=REPO,
        capture_output=True,
        timeout=60,
        check=False,
    )

    assert done.returncode == EXIT_OK, done.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["ulang.csv"]
    assert left_anywhere(folder, system_temp) == []


@posix_only
def test_the_next_start_removes_what_a_killed_export_left_anywhere(
    office_copy: Path, tmp_path: Path
) -> None:
    from desktop.services.application import Application

    folder = tmp_path / "dokumen"
    folder.mkdir()
    (folder / "surat.txt").write_text("punya orang lain")
    system_temp = tmp_path / "system-temp"
    kill_mid_export(office_copy, folder / "permohonan.xlsx", system_temp)
    assert left_anywhere(folder, system_temp)

    # The window's start: the workspace opens after the window shows, then the sweep runs.
    application = Application.starting(office_copy, None)
    application.preload()
    application.close()  # waits for the background opening (and the sweep after it)

    assert sorted(p.name for p in folder.iterdir()) == ["surat.txt"]
    assert left_anywhere(folder, system_temp) == []


def test_a_running_write_is_never_taken_for_a_leftover(tmp_path: Path) -> None:
    target = tmp_path / "laporan.pdf"
    with dispatch.AtomicFile(target) as running:
        running.file.write(b"%PDF-1.4 half")
        # Another Sewaka writing into the same folder meanwhile cleans up: not this one.
        dispatch.write_atomically(b"lain", tmp_path / "lain.pdf")
        assert running.temp.exists()
        running.commit()
    assert target.read_bytes() == b"%PDF-1.4 half"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lain.pdf", "laporan.pdf"]


@posix_only
def test_a_write_killed_while_saving_is_removed_by_the_next_write(tmp_path: Path) -> None:
    """Killed inside the atomic writer itself (the data written, not yet renamed)."""
    script = textwrap.dedent(
        """
        import os, sys, time
        from printing import dispatch

        def stuck(fd):
            print("syncing", flush=True)
            time.sleep(60)

        dispatch.os.fsync = stuck
        dispatch.write_atomically(b"3273055708900003;Siti\\n" * 1000, sys.argv[1])
        """
    )
    out = tmp_path / "permohonan.csv"
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(out)], cwd=REPO, stdout=subprocess.PIPE
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == b"syncing"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait(10)
    assert [p for p in tmp_path.iterdir() if p.name != "permohonan.csv"]  # a leftover

    dispatch.write_atomically(b"baru", tmp_path / "lain.csv")

    assert sorted(p.name for p in tmp_path.iterdir()) == ["lain.csv"]


# --- the audit comes first --------------------------------------------------------------


@pytest.fixture
def registered(workspace: Workspace) -> str:
    configure_office(workspace)
    return RequestService(workspace).register(valid_form()).tracking_code


@pytest.fixture
def audit_fails(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    """The database disk fills up just as a file is about to leave the PC: its audit entry
    cannot be written (what comes before, e.g. making the office's signing key, still can)."""
    real = workspace.audit

    def full(session: object, action: str, *args: object, **kwargs: object) -> None:
        if action in ("requests.exported", "report.daily_saved", "receipt.saved", "data.backed_up"):
            raise OperationalError(
                "INSERT INTO audit_log", {}, sqlite3.OperationalError("database or disk is full")
            )
        real(session, action, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(workspace, "audit", full)


@pytest.mark.usefixtures("registered", "audit_fails")
@pytest.mark.parametrize(
    ("name", "save"),
    [
        ("permohonan.csv", lambda ws, out: export_requests(ws, out)),
        ("permohonan.xlsx", lambda ws, out: export_requests(ws, out)),
        ("laporan.pdf", lambda ws, out: ReportService(ws).save_daily(out, Paper.A4)),
        ("laporan-cetak.pdf", lambda ws, out: PrintService(ws).save_report(out)),
        ("cadangan.sqlite3", lambda ws, out: BackupService(ws).backup(out)),
    ],
)
def test_no_file_appears_when_its_audit_cannot_be_written(
    workspace: Workspace, tmp_path: Path, name: str, save: object
) -> None:
    folder = tmp_path / "keluar"
    folder.mkdir()

    with pytest.raises(AUDIT_FAILED):
        save(workspace, folder / name)  # type: ignore[operator]

    assert list(folder.iterdir()) == []  # nothing left the PC unrecorded, no temp either


def test_no_receipt_appears_when_its_audit_cannot_be_written(
    workspace: Workspace, registered: str, audit_fails: None, tmp_path: Path
) -> None:
    folder = tmp_path / "keluar"
    folder.mkdir()

    with pytest.raises(AUDIT_FAILED):
        PrintService(workspace).save_receipt(registered, folder / "struk.pdf")
    with pytest.raises(AUDIT_FAILED):
        ReceiptService(workspace).save_pdf(registered, Paper.ROLL_58, folder / "struk-58.pdf")

    assert list(folder.iterdir()) == []


def test_a_receipt_saved_by_the_receipt_service_is_audited(
    workspace: Workspace, registered: str, tmp_path: Path
) -> None:
    from support import fetch_all

    ReceiptService(workspace).save_pdf(registered, Paper.ROLL_58, tmp_path / "struk.pdf")

    saved = fetch_all(workspace, "SELECT * FROM audit_log WHERE action = 'receipt.saved'")
    assert [(row["entity_id"], row["details"]) for row in saved] == [(registered, "pdf")]


# --- targets that are not plain files -------------------------------------------------


@pytest.fixture
def device_node(tmp_path: Path) -> Path:
    """/dev/full, or (as root, who could replace the real one) a node of the same device."""
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    if os.geteuid() != 0:
        return Path("/dev/full")
    node = tmp_path / "full"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    except OSError as exc:
        pytest.skip(f"cannot make a device node: {exc}")
    return node


def unsafe_kind(error: BaseException) -> str:
    found = error.__cause__ if isinstance(error, PrintError) else error
    assert isinstance(found, dispatch.UnsafeTarget), repr(error)
    return str(found.kind)


@posix_only
def test_a_device_node_is_refused_not_replaced(
    workspace: Workspace, registered: str, device_node: Path
) -> None:
    before = device_node.lstat()
    for save in (
        lambda: dispatch.write_atomically(b"3273055708900003", device_node),
        lambda: dispatch.save_pdf(b"%PDF", device_node),
        lambda: ReceiptService(workspace).save_pdf(registered, Paper.ROLL_58, device_node),
        lambda: ReportService(workspace).save_daily(device_node, Paper.A4),
        lambda: export_requests(workspace, device_node, fmt="csv"),
    ):
        with pytest.raises((OSError, PrintError)) as raised:
            save()
        assert unsafe_kind(raised.value) == "device"
        after = device_node.lstat()
        assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    assert sewaka_leftovers(device_node.parent) == []


@posix_only
def test_a_symlink_is_refused_and_neither_it_nor_its_target_changes(
    workspace: Workspace, registered: str, tmp_path: Path
) -> None:
    real = tmp_path / "data-penting.csv"
    real.write_text("jangan diubah")
    link = tmp_path / "permohonan.csv"
    link.symlink_to(real)
    dangling = tmp_path / "laporan.pdf"
    dangling.symlink_to(tmp_path / "tidak-ada.pdf")

    with pytest.raises(OSError) as raised:
        export_requests(workspace, link)
    assert unsafe_kind(raised.value) == "symlink"
    with pytest.raises(PrintError) as failed:
        PrintService(workspace).save_report(dangling)
    assert unsafe_kind(failed.value) == "symlink"

    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == "jangan diubah"
    assert dangling.is_symlink() and not (tmp_path / "tidak-ada.pdf").exists()


@posix_only
def test_a_fifo_is_refused_without_waiting_for_a_reader(
    workspace: Workspace, registered: str, tmp_path: Path
) -> None:
    fifo = tmp_path / "struk.pdf"
    os.mkfifo(fifo)
    started = time.monotonic()

    with pytest.raises(PrintError) as raised:
        PrintService(workspace).save_receipt(registered, fifo)

    assert unsafe_kind(raised.value) == "fifo"
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert time.monotonic() - started < 10


def test_a_folder_is_refused_by_name(workspace: Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "permohonan.csv"
    folder.mkdir()
    (folder / "isi.txt").write_text("x")

    with pytest.raises(OSError) as raised:
        export_requests(workspace, folder)

    assert unsafe_kind(raised.value) == "directory"
    assert [p.name for p in folder.iterdir()] == ["isi.txt"]


# --- the command line says so, and fails ------------------------------------------------


@pytest.fixture
def cli_home(workspace: Workspace, registered: str) -> Iterator[Path]:
    home = workspace.home
    workspace.close()
    yield home


def run_cli(home: Path, *words: str) -> int:
    return main(["--data-dir", str(home), *words])


pytest_cli = pytest.mark.usefixtures("qapp")


@posix_only
@pytest_cli
def test_export_to_dev_full_is_an_error_and_dev_full_stays(
    cli_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")

    code = run_cli(cli_home, "export", "requests", "--out", "/dev/full", "--format", "csv")

    assert code == EXIT_FAILED
    assert "perangkat, bukan berkas" in capsys.readouterr().err
    assert stat.S_ISCHR(Path("/dev/full").lstat().st_mode)


@posix_only
@pytest_cli
def test_the_command_line_refuses_a_symlink_clearly(
    cli_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = tmp_path / "lain.pdf"
    real.write_bytes(b"milik orang lain")
    link = tmp_path / "laporan.pdf"
    link.symlink_to(real)

    assert run_cli(cli_home, "report", "daily", "--out", str(link)) == EXIT_FAILED
    assert "tautan (symlink)" in capsys.readouterr().err
    assert run_cli(cli_home, "export", "requests", "--out", str(tmp_path)) != EXIT_OK

    assert link.is_symlink() and real.read_bytes() == b"milik orang lain"


@pytest_cli
def test_a_full_disk_while_writing_is_an_error_not_a_success(
    cli_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(dispatch.os, "fsync", full)
    out = tmp_path / "permohonan.csv"

    assert run_cli(cli_home, "export", "requests", "--out", str(out)) == EXIT_FAILED

    assert "disk penuh, berkas tidak disimpan" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sewaka-home"]


def test_the_journal_forgets_a_folder_only_when_its_leftovers_are_gone(tmp_path: Path) -> None:
    journal = tmp_path / "home" / "tmp"
    journal.mkdir(parents=True)
    usb = tmp_path / "usb"
    usb.mkdir()
    # What two killed writes left: one on a stick still plugged in, one on a stick gone.
    (usb / ".sewaka-0123456789ab-permohonan.csv.tmp").write_text("3273055708900003;Siti")
    (usb / ".sewaka-0123456789ab-1.xml").write_text("<row>3273055708900003</row>")
    (usb / ".sewakan-bukan-milik-kami.tmp").write_text("x")  # not Sewaka's name: kept
    (journal / "0123456789ab-folder").write_bytes(os.fsencode(str(usb)))
    (journal / "ba9876543210-folder").write_bytes(os.fsencode(str(tmp_path / "dicabut")))
    now = time.time()

    assert dispatch.sweep_journal(journal, now=now + 120) == 2

    assert sorted(p.name for p in usb.iterdir()) == [".sewakan-bukan-milik-kami.tmp"]
    # The unplugged stick is remembered (its leftovers go when it is back), for a while.
    assert sorted(p.name for p in journal.iterdir()) == ["ba9876543210-folder"]
    dispatch.sweep_journal(journal, now=now + 31 * 24 * 3600)
    assert list(journal.iterdir()) == []
