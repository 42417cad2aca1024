"""printing.dispatch without a real printer: files, FIFOs, /dev/full and fake CUPS tools.

The real CUPS round trip is in test_cups_e2e.py.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from support import SITI_NIK, configure_office, valid_form

from desktop.models.tables import AuditEntry
from desktop.services.printing import (
    DocumentKind,
    PrinterSetup,
    PrintOutcome,
    PrintService,
    Target,
)
from desktop.services.requests import RequestService
from desktop.services.workspace import Workspace
from printing import dispatch
from printing.dispatch import JobState, PrintError, PrintErrorKind

PDF = b"%PDF-1.4\n% a document the clerk must not lose\n%%EOF\n"
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX devices and tools")


# --- save_pdf --------------------------------------------------------------------------


def test_save_pdf_writes_the_bytes(tmp_path: Path) -> None:
    target = tmp_path / "tanda-terima.pdf"
    assert dispatch.save_pdf(PDF, target) == target
    assert target.read_bytes() == PDF
    assert [p.name for p in tmp_path.iterdir()] == ["tanda-terima.pdf"]  # no temp left


def test_save_pdf_replaces_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "tanda-terima.pdf"
    target.write_bytes(b"old receipt")
    target.chmod(0o640)
    seen: dict[str, bytes] = {}
    real_replace = os.replace

    def spy(src: str, dst: os.PathLike[str]) -> None:
        # At the moment of the swap the new content is complete in the temporary file
        # (same folder, so the rename is atomic) and the old file is still whole.
        assert Path(src).parent == tmp_path
        seen["temp"] = Path(src).read_bytes()
        seen["target"] = Path(dst).read_bytes()
        real_replace(src, dst)

    monkeypatch.setattr(dispatch.os, "replace", spy)
    dispatch.save_pdf(PDF, target)
    assert seen == {"temp": PDF, "target": b"old receipt"}
    assert target.read_bytes() == PDF
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # the file keeps its permissions
    assert len(list(tmp_path.iterdir())) == 1


def test_a_failed_save_keeps_the_old_file_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "tanda-terima.pdf"
    target.write_bytes(b"old receipt")

    def broken(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(dispatch.os, "replace", broken)
    with pytest.raises(PrintError) as caught:
        dispatch.save_pdf(PDF, target)
    assert caught.value.kind is PrintErrorKind.SAVE_FAILED
    assert "No space left" in caught.value.detail
    assert target.read_bytes() == b"old receipt"
    assert [p.name for p in tmp_path.iterdir()] == ["tanda-terima.pdf"]


def test_save_pdf_into_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(PrintError) as caught:
        dispatch.save_pdf(PDF, tmp_path / "tidak-ada" / "x.pdf")
    assert caught.value.kind is PrintErrorKind.SAVE_FAILED
    assert "tidak-ada" in caught.value.detail


@posix_only
def test_a_new_pdf_gets_the_usual_permissions(tmp_path: Path) -> None:
    target = dispatch.save_pdf(PDF, tmp_path / "baru.pdf")
    mode = stat.S_IMODE(target.stat().st_mode)
    assert mode & 0o600 == 0o600
    assert mode == 0o666 & ~dispatch._umask()


# --- send_escpos to files and devices ---------------------------------------------------


def test_send_escpos_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "struk.bin"
    target.write_bytes(b"an older, longer receipt")
    dispatch.send_escpos(b"\x1b@hello\n", target)
    assert target.read_bytes() == b"\x1b@hello\n"


def test_send_escpos_into_a_missing_folder_raises(tmp_path: Path) -> None:
    raw = b"\x1b@hello\n"
    with pytest.raises(PrintError) as caught:
        dispatch.send_escpos(raw, tmp_path / "tidak-ada" / "lp0")
    assert caught.value.kind is PrintErrorKind.NO_PRINTER
    assert "tidak-ada" in caught.value.detail
    assert raw == b"\x1b@hello\n"  # the caller's bytes are untouched, ready for a retry


@posix_only
def test_an_unplugged_device_is_never_created() -> None:
    missing = Path("/dev/sewaka-test-no-such-printer")
    assert not missing.exists()
    with pytest.raises(PrintError) as caught:
        dispatch.send_escpos(b"x", missing)
    assert caught.value.kind is PrintErrorKind.NO_PRINTER
    assert str(missing) in caught.value.detail
    assert not missing.exists()


def test_no_device_chosen() -> None:
    with pytest.raises(PrintError) as caught:
        dispatch.send_escpos(b"x", "  ")
    assert caught.value.kind is PrintErrorKind.NO_PRINTER


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_device_that_takes_no_more_is_out_of_paper() -> None:
    # /dev/full answers every write with ENOSPC, as the Linux usblp driver does when the
    # printer reports paper out.
    with pytest.raises(PrintError) as caught:
        dispatch.send_escpos(b"\x1b@hello\n", "/dev/full")
    assert caught.value.kind is PrintErrorKind.OUT_OF_PAPER


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("needs FIFOs")
    path = tmp_path / "printer"
    os.mkfifo(path)
    return path


def test_a_device_with_nobody_listening_is_no_printer(fifo: Path) -> None:
    with pytest.raises(PrintError) as caught:
        dispatch.send_escpos(b"x", fifo)
    assert caught.value.kind is PrintErrorKind.NO_PRINTER


@contextlib.contextmanager
def _reader(fifo: Path, handle: Callable[[int], None]) -> Iterator[None]:
    """A printer on the other end of ``fifo``: ``handle`` gets the open read end."""
    ready = threading.Event()

    def run() -> None:
        fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        ready.set()
        try:
            handle(fd)
        finally:
            os.close(fd)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    ready.wait(5)
    try:
        yield
    finally:
        thread.join(10)


def test_send_escpos_to_a_character_device_delivers_everything(fifo: Path) -> None:
    raw = bytes(range(256)) * 2048  # more than a pipe holds: several writes
    received = bytearray()

    def drain(fd: int) -> None:
        import select

        while True:
            select.select([fd], [], [], 5)
            chunk = os.read(fd, 65536)
            if not chunk:
                return
            received.extend(chunk)

    with _reader(fifo, drain):
        dispatch.send_escpos(raw, fifo, timeout=5)
    assert bytes(received) == raw


def test_a_stalled_printer_times_out_instead_of_hanging(fifo: Path) -> None:
    stop = threading.Event()
    with _reader(fifo, lambda fd: stop.wait(10)):  # holds the device open, reads nothing
        try:
            with pytest.raises(PrintError) as caught:
                dispatch.send_escpos(b"x" * 1_000_000, fifo, timeout=0.3)
        finally:
            stop.set()
    assert caught.value.kind is PrintErrorKind.TIMEOUT
    assert "of 1000000 bytes sent" in caught.value.detail


def test_a_printer_that_goes_away_mid_job(fifo: Path) -> None:
    def read_a_little_then_vanish(fd: int) -> None:
        import select

        select.select([fd], [], [], 5)
        os.read(fd, 1000)

    with _reader(fifo, read_a_little_then_vanish), pytest.raises(PrintError) as caught:
        dispatch.send_escpos(b"x" * 1_000_000, fifo, timeout=5)
    assert caught.value.kind is PrintErrorKind.PRINTER_GONE
    assert "bytes" in caught.value.detail


# --- CUPS tools, faked ------------------------------------------------------------------


@pytest.fixture
def fake_cups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of fake ``lp`` / ``lpstat`` scripts that comes first on PATH."""
    if sys.platform == "win32":
        pytest.skip("shell scripts")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setenv("FAKE_CUPS_LOG", str(tmp_path))
    return bin_dir


def tool(bin_dir: Path, name: str, body: str) -> None:
    script = bin_dir / name
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(0o755)


LP_OK = """\
printf '%s\\n' "$@" > "$FAKE_CUPS_LOG/lp.args"
cat > "$FAKE_CUPS_LOG/lp.stdin"
echo "request id is SewakaPDF-42 (0 file(s))"
"""
LP_MISSING = """\
cat >/dev/null
echo 'lp: Error - The printer or class does not exist.' >&2
exit 1
"""
LPSTAT_RUNNING = """\
case "$*" in
  "-r") echo "scheduler is running" ;;
  "-e") ;;
  *) exit 1 ;;
esac
"""


def test_print_pdf_cups_hands_the_bytes_to_lp(fake_cups: Path) -> None:
    tool(fake_cups, "lp", LP_OK)
    job = dispatch.print_pdf_cups(
        PDF, "SewakaPDF", "Tanda terima A-001", {"media": "A4", "fit-to-page": ""}
    )
    assert job == "SewakaPDF-42"
    log = fake_cups.parent
    args = (log / "lp.args").read_text().splitlines()
    assert args == [
        *("-d", "SewakaPDF", "-t", "Tanda terima A-001"),
        *("-o", "media=A4", "-o", "fit-to-page", "-"),
    ]
    assert (log / "lp.stdin").read_bytes() == PDF


def test_lp_runs_in_the_c_locale(fake_cups: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "id_ID.UTF-8")
    tool(fake_cups, "lp", 'echo "$LC_ALL $LANG" > "$FAKE_CUPS_LOG/lp.env"\n' + LP_OK)
    dispatch.print_pdf_cups(PDF, "SewakaPDF", "t")
    assert (fake_cups.parent / "lp.env").read_text().split() == ["C", "C"]


def test_a_missing_queue_is_printer_not_found(fake_cups: Path) -> None:
    tool(
        fake_cups,
        "lp",
        "cat >/dev/null\necho 'lp: Error - The printer or class does not exist.' >&2\nexit 1\n",
    )
    tool(fake_cups, "lpstat", LPSTAT_RUNNING)
    with pytest.raises(PrintError) as caught:
        dispatch.print_pdf_cups(PDF, "Hilang", "t")
    assert caught.value.kind is PrintErrorKind.PRINTER_NOT_FOUND
    assert "Hilang" in caught.value.detail


def test_without_a_scheduler_every_queue_looks_missing(fake_cups: Path) -> None:
    tool(
        fake_cups,
        "lp",
        "cat >/dev/null\necho 'lp: Error - The printer or class does not exist.' >&2\nexit 1\n",
    )
    tool(fake_cups, "lpstat", 'echo "scheduler is not running"\n')
    with pytest.raises(PrintError) as caught:
        dispatch.print_pdf_cups(PDF, "SewakaPDF", "t")
    assert caught.value.kind is PrintErrorKind.CUPS_ERROR
    assert "not running" in caught.value.detail


def test_a_refused_job_is_a_cups_error(fake_cups: Path) -> None:
    message = 'lp: Error - Destination "SewakaPDF" is not accepting jobs.'
    tool(fake_cups, "lp", f"cat >/dev/null\necho '{message}' >&2\nexit 1\n")
    with pytest.raises(PrintError) as caught:
        dispatch.print_pdf_cups(PDF, "SewakaPDF", "t")
    assert caught.value.kind is PrintErrorKind.CUPS_ERROR
    assert "not accepting jobs" in caught.value.detail


def test_a_hung_print_service_times_out(fake_cups: Path) -> None:
    tool(fake_cups, "lp", "exec sleep 30\n")
    with pytest.raises(PrintError) as caught:
        dispatch.print_pdf_cups(PDF, "SewakaPDF", "t", timeout=0.5)
    assert caught.value.kind is PrintErrorKind.TIMEOUT


def test_lp_not_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # nothing in it
    with pytest.raises(PrintError) as caught:
        dispatch.print_pdf_cups(PDF, "SewakaPDF", "t")
    assert caught.value.kind is PrintErrorKind.TOOL_MISSING
    with pytest.raises(PrintError) as caught:
        dispatch.list_cups_queues()
    assert caught.value.kind is PrintErrorKind.TOOL_MISSING


@pytest.mark.parametrize("queue", ["", "-o", "two words", "a/b/c", "/x", "a/-o", "x'y"])
def test_queue_names_cannot_smuggle_options(queue: str, fake_cups: Path) -> None:
    tool(fake_cups, "lp", LP_OK)
    with pytest.raises(PrintError) as caught:
        dispatch.print_pdf_cups(PDF, queue, "t")
    assert caught.value.kind in (PrintErrorKind.NO_PRINTER, PrintErrorKind.PRINTER_NOT_FOUND)
    assert not (fake_cups.parent / "lp.args").exists()


def test_option_names_are_checked(fake_cups: Path) -> None:
    tool(fake_cups, "lp", LP_OK)
    with pytest.raises(ValueError):
        dispatch.print_pdf_cups(PDF, "SewakaPDF", "t", {"-d": "x"})


def test_list_cups_queues(fake_cups: Path) -> None:
    tool(
        fake_cups,
        "lpstat",
        'case "$*" in "-e") printf "Zebra\\nSewakaPDF\\nPOS58/raw\\n" ;; esac\n',
    )
    assert dispatch.list_cups_queues() == ["POS58/raw", "SewakaPDF", "Zebra"]


def test_no_queues_at_all(fake_cups: Path) -> None:
    tool(fake_cups, "lpstat", LPSTAT_RUNNING)  # -e prints nothing, -r says running
    assert dispatch.list_cups_queues() == []


def test_job_state(fake_cups: Path) -> None:
    tool(
        fake_cups,
        "lpstat",
        """\
case "$*" in
  "-W not-completed -o") echo "SewakaPDF-7   root   1024   Sat 01 Mar 2025" ;;
  "-W completed -o") echo "SewakaPDF-6   root   1024   Sat 01 Mar 2025" ;;
esac
""",
    )
    assert dispatch.job_state("SewakaPDF-7") is JobState.QUEUED
    assert dispatch.job_state("SewakaPDF-6") is JobState.FINISHED
    assert dispatch.job_state("SewakaPDF-5") is JobState.UNKNOWN


def test_queue_problem_out_of_paper(fake_cups: Path) -> None:
    tool(
        fake_cups,
        "lpstat",
        'echo "printer POS58 is idle.  enabled since today"\n'
        'printf "\\tAlerts: media-empty-error\\n"\n',
    )
    problem = dispatch.queue_problem("POS58")
    assert problem is not None and problem.kind is PrintErrorKind.OUT_OF_PAPER


def test_send_escpos_to_a_raw_cups_queue(fake_cups: Path) -> None:
    tool(fake_cups, "lp", LP_OK)
    dispatch.send_escpos(b"\x1b@hello\n", "cups:POS58")
    log = fake_cups.parent
    args = (log / "lp.args").read_text().splitlines()
    assert args[:2] == ["-d", "POS58"]
    assert args[4:6] == ["-o", "raw"]
    assert (log / "lp.stdin").read_bytes() == b"\x1b@hello\n"


# --- the print service: one place decides, dispatches and audits ------------------------


class SystemPrinter:
    """A fake system printer driver (the GUI's is Qt); never a real printer."""

    def __init__(self, *known: str) -> None:
        self.known = set(known)
        self.jobs: list[tuple[str, str, bytes]] = []

    def __call__(self, pdf: bytes, printer_name: str, title: str) -> str:
        if printer_name not in self.known:
            raise PrintError(PrintErrorKind.PRINTER_NOT_FOUND, printer_name)
        self.jobs.append((printer_name, title, pdf))
        return printer_name


def audit_trail(workspace: Workspace) -> list[tuple[str, str, str]]:
    with workspace.reading() as session:
        rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id))
        return [
            (r.action, r.entity_id, r.details)
            for r in rows
            if r.action.startswith(("receipt.print", "receipt.reprint", "receipt.saved", "report."))
        ]


@pytest.fixture
def registered(workspace: Workspace) -> str:
    configure_office(workspace)
    return RequestService(workspace).register(valid_form()).tracking_code


def test_a_system_printer_receipt_is_printed_by_the_driver_and_audited(
    workspace: Workspace, registered: str
) -> None:
    driver = SystemPrinter("Loket-1")
    service = PrintService(workspace, driver)
    service.save_setup(DocumentKind.RECEIPT, PrinterSetup(Target.SYSTEM, "Loket-1"))

    outcome = service.print_receipt(registered)

    assert outcome == PrintOutcome(DocumentKind.RECEIPT, Target.SYSTEM, "Loket-1")
    assert len(driver.jobs) == 1 and driver.jobs[0][2].startswith(b"%PDF")
    assert audit_trail(workspace) == [("receipt.printed", registered, "system Loket-1")]
    assert SITI_NIK not in str(audit_trail(workspace))


def test_the_second_print_is_a_reprint_and_says_so_on_paper(
    workspace: Workspace, registered: str, tmp_path: Path
) -> None:
    device = tmp_path / "lp0"
    device.write_bytes(b"")
    service = PrintService(workspace)
    service.save_setup(DocumentKind.RECEIPT, PrinterSetup(Target.ESCPOS, str(device)))

    assert not service.print_receipt(registered).reprint
    first = device.read_bytes()
    again = service.print_receipt(registered)

    assert again.reprint
    assert b"CETAK ULANG" not in first and b"CETAK ULANG" in device.read_bytes()
    assert [a for a, _, _ in audit_trail(workspace)] == ["receipt.printed", "receipt.reprinted"]


def test_without_a_driver_or_with_save_only_nothing_prints(
    workspace: Workspace, registered: str, tmp_path: Path
) -> None:
    service = PrintService(workspace)  # no system printer driver (the command line)
    with pytest.raises(PrintError) as raised:
        service.print_receipt(registered)
    assert raised.value.kind is PrintErrorKind.NO_PRINTER

    service.save_setup(DocumentKind.RECEIPT, PrinterSetup(Target.PDF))
    assert not service.auto_print_receipts()
    with pytest.raises(PrintError):
        service.print_receipt(registered)
    saved = service.save_receipt(registered, tmp_path / "struk.pdf")
    assert Path(saved.where).read_bytes().startswith(b"%PDF")
    assert [a for a, _, _ in audit_trail(workspace)] == ["receipt.saved"]


def test_the_daily_report_printed_and_saved_is_audited_and_its_printer_remembered(
    workspace: Workspace, registered: str, tmp_path: Path
) -> None:
    driver = SystemPrinter("Kantor-A4")
    service = PrintService(workspace, driver)

    service.print_report("Kantor-A4")
    service.save_report(tmp_path / "laporan.pdf")

    assert driver.jobs[0][0] == "Kantor-A4"
    assert service.system_printer_name(DocumentKind.REPORT) == "Kantor-A4"
    assert service.system_printer_name(DocumentKind.RECEIPT) == ""
    actions = [a for a, _, _ in audit_trail(workspace)]
    assert "report.daily_printed" in actions and "report.daily_saved" in actions
