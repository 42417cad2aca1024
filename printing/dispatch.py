"""Getting rendered bytes onto paper or disk: PDF files, CUPS queues, raw thermal devices.

Every function here takes bytes the caller already holds and either delivers them or raises
:class:`PrintError`; nothing is consumed or deleted on failure, so the caller can offer
"try again", another printer or "save as PDF" with the very same document.

CUPS is driven through its command-line tools (``lp``, ``lpstat``) with ``LC_ALL=C`` so
their messages can be recognised; each call has a time limit so a hung print service cannot
hang the counter. The Qt print dialog path lives in ``desktop.ui``, not here.
"""

from __future__ import annotations

import contextlib
import enum
import errno
import os
import re
import select
import stat
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

LP_TIMEOUT = 30.0  # seconds for lp to hand a job to the scheduler
LPSTAT_TIMEOUT = 10.0
DEVICE_TIMEOUT = 20.0  # seconds a thermal printer may refuse data before we give up
CUPS_PREFIX = "cups:"  # send_escpos("cups:POS58") sends to a raw CUPS queue

_REQUEST_ID = re.compile(r"request id is (\S+)")
# A CUPS destination: printable, no space, slash, backslash, quote or hash; optionally
# "/instance". Not starting with "-", so a name can never be taken for an option.
_NAME = r"[^\s/\\'\"#-][^\s/\\'\"#]{0,126}"
_QUEUE_NAME = re.compile(rf"{_NAME}(?:/{_NAME})?")
_NOT_FOUND = (
    "does not exist",
    "unknown destination",
    "invalid destination",
    "no such destination",
    "not found",
)
_NO_SCHEDULER = ("unable to connect", "scheduler is not running", "connection refused")


class PrintErrorKind(enum.StrEnum):
    NO_PRINTER = "no_printer"  # no queue or device configured, or nothing at the device path
    PRINTER_NOT_FOUND = "printer_not_found"  # CUPS has no destination of that name
    PERMISSION_DENIED = "permission_denied"  # e.g. the user is not in the "lp" group
    CUPS_ERROR = "cups_error"  # the print service refused the job or is not running
    PRINTER_GONE = "printer_gone"  # the device disappeared or failed while writing
    PRINTER_BUSY = "printer_busy"  # another program (often CUPS itself) holds the device
    OUT_OF_PAPER = "out_of_paper"
    TIMEOUT = "timeout"  # the printer or the print service did not answer in time
    TOOL_MISSING = "tool_missing"  # lp / lpstat are not installed
    SAVE_FAILED = "save_failed"  # the PDF file could not be written


class PrintError(Exception):
    """Printing failed; ``kind`` says what to tell the clerk, ``detail`` says what happened.

    The document was not lost: the caller still holds the bytes and may retry.
    """

    def __init__(self, kind: PrintErrorKind, detail: str) -> None:
        super().__init__(f"{kind.value}: {detail}")
        self.kind = kind
        self.detail = detail


class JobState(enum.StrEnum):
    QUEUED = "queued"  # waiting, held or printing
    FINISHED = "finished"  # left the queue: printed, cancelled or aborted (lpstat cannot tell)
    UNKNOWN = "unknown"  # not known to the scheduler (or it forgot finished jobs)


@dataclass(frozen=True)
class _Run:
    returncode: int
    stdout: str
    stderr: str


# --- files -----------------------------------------------------------------------------


def write_atomically(content: bytes, path: str | os.PathLike[str]) -> Path:
    """Write ``content`` to ``path`` atomically: readers see the old file or the whole new
    one, never half of it (temporary file in the same folder, fsync, ``os.replace``).

    Raises :class:`OSError`; the temporary file is removed on failure.
    """
    target = Path(path)
    folder = target.parent
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mode = 0o666 & ~_umask()
    fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        _remove_quietly(temp)
        raise
    _fsync_folder(folder)
    return target


def save_pdf(pdf_bytes: bytes, path: str | os.PathLike[str]) -> Path:
    """:func:`write_atomically`, failing with :class:`PrintError` (``SAVE_FAILED``)."""
    try:
        return write_atomically(pdf_bytes, path)
    except OSError as exc:
        raise PrintError(
            PrintErrorKind.SAVE_FAILED, f"cannot save {path}: {exc.strerror or exc}"
        ) from exc


def _umask() -> int:
    """The process umask, without changing it (Linux); 022 elsewhere."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return 0o022


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # not possible on every platform; the data itself is already synced
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove_quietly(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


# --- CUPS ------------------------------------------------------------------------------


def list_cups_queues() -> list[str]:
    """The names of the CUPS destinations (queues and instances), sorted."""
    run = _cups(["lpstat", "-e"], LPSTAT_TIMEOUT)
    if run.returncode != 0 and "no destinations" not in _message(run).lower():
        raise _cups_error(_message(run), "the list of printers")
    names = sorted({line.strip() for line in run.stdout.splitlines() if line.strip()})
    if not names and not scheduler_running():
        raise _not_running("the list of printers")
    return names


def scheduler_running(timeout: float = LPSTAT_TIMEOUT) -> bool:
    """Whether the CUPS scheduler answers (``lpstat -r``)."""
    run = _cups(["lpstat", "-r"], timeout)
    return "scheduler is running" in run.stdout.lower()


def print_pdf_cups(
    pdf_bytes: bytes,
    queue: str,
    title: str,
    options: dict[str, str] | None = None,
    timeout: float = LP_TIMEOUT,
) -> str:
    """Queue ``pdf_bytes`` on the CUPS destination ``queue``; return the job id
    (``"SewakaPDF-12"``), or ``""`` if ``lp`` accepted the job without naming it."""
    return _lp(pdf_bytes, queue, title, options or {}, timeout)


def job_state(job_id: str, timeout: float = LPSTAT_TIMEOUT) -> JobState:
    """Where a CUPS job is: still queued, finished, or unknown to the scheduler."""
    for which, state in (("not-completed", JobState.QUEUED), ("completed", JobState.FINISHED)):
        run = _cups(["lpstat", "-W", which, "-o"], timeout)
        if run.returncode != 0:
            raise _cups_error(_message(run), f"the state of job {job_id}")
        if any(line.split()[:1] == [job_id] for line in run.stdout.splitlines()):
            return state
    return JobState.UNKNOWN


def queue_problem(queue: str, timeout: float = LPSTAT_TIMEOUT) -> PrintError | None:
    """What stops ``queue`` from printing (missing, disabled, out of paper), or None."""
    _check_queue_name(queue)
    run = _cups(["lpstat", "-l", "-p", queue], timeout)
    if run.returncode != 0:
        error = _cups_error(_message(run), f"printer {queue!r}")
        if error.kind is PrintErrorKind.PRINTER_NOT_FOUND and not scheduler_running():
            return _not_running(f"printer {queue!r}")
        return error
    text = run.stdout.lower()
    if "media-empty" in text or "media-needed" in text:
        return PrintError(PrintErrorKind.OUT_OF_PAPER, f"printer {queue!r} is out of paper")
    first = text.splitlines()[0] if text else ""
    if "disabled" in first:
        return PrintError(
            PrintErrorKind.CUPS_ERROR, f"printer {queue!r} is stopped: {run.stdout.strip()}"
        )
    return None


def _lp(data: bytes, queue: str, title: str, options: dict[str, str], timeout: float) -> str:
    _check_queue_name(queue)
    args = ["lp", "-d", queue, "-t", _title(title)]
    for key, value in options.items():
        if not key or "=" in key or key.startswith("-") or any(c.isspace() for c in key):
            raise ValueError(f"not a CUPS option name: {key!r}")
        args += ["-o", f"{key}={value}" if value else key]
    args.append("-")
    run = _cups(args, timeout, data, what=f"printer {queue!r}")
    if run.returncode != 0:
        error = _cups_error(_message(run), f"printer {queue!r}")
        # Without a scheduler, lp says every printer "does not exist".
        if error.kind is PrintErrorKind.PRINTER_NOT_FOUND and not scheduler_running():
            raise _not_running(f"printer {queue!r}")
        raise error
    found = _REQUEST_ID.search(run.stdout)
    return found.group(1) if found else ""


def _check_queue_name(queue: str) -> None:
    if not queue.strip():
        raise PrintError(PrintErrorKind.NO_PRINTER, "no printer was chosen")
    if not _QUEUE_NAME.fullmatch(queue):
        raise PrintError(PrintErrorKind.PRINTER_NOT_FOUND, f"not a CUPS printer name: {queue!r}")


def _title(title: str) -> str:
    """A job title the tools accept: one line, not starting with '-'."""
    clean = " ".join(title.split())[:200]
    return clean.lstrip("-").strip() or "Sewaka"


def _cups(
    args: list[str], timeout: float, stdin: bytes | None = None, what: str = "the print service"
) -> _Run:
    env = dict(os.environ, LC_ALL="C", LANG="C", LANGUAGE="C")
    try:
        done = subprocess.run(
            args,
            input=stdin if stdin is not None else b"",
            capture_output=True,
            timeout=timeout,
            env=env,
            check=False,
        )
    except FileNotFoundError as exc:
        raise PrintError(
            PrintErrorKind.TOOL_MISSING,
            f"{args[0]} is not installed (install the CUPS client tools, cups-client)",
        ) from exc
    except subprocess.TimeoutExpired as exc:
        raise PrintError(
            PrintErrorKind.TIMEOUT,
            f"{args[0]} did not finish within {timeout:g} s for {what}; "
            "check the print queue before printing again",
        ) from exc
    except OSError as exc:
        raise PrintError(
            PrintErrorKind.TOOL_MISSING, f"cannot run {args[0]}: {exc.strerror or exc}"
        ) from exc
    return _Run(
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
    )


def _message(run: _Run) -> str:
    text = (run.stderr.strip() or run.stdout.strip()).replace("\n", " ")
    return text or f"exit status {run.returncode}"


def _not_running(what: str) -> PrintError:
    return PrintError(PrintErrorKind.CUPS_ERROR, f"{what}: the print service (CUPS) is not running")


def _cups_error(message: str, what: str) -> PrintError:
    lower = message.lower()
    if any(phrase in lower for phrase in _NOT_FOUND):
        return PrintError(PrintErrorKind.PRINTER_NOT_FOUND, f"{what}: {message}")
    if any(phrase in lower for phrase in _NO_SCHEDULER):
        return PrintError(
            PrintErrorKind.CUPS_ERROR, f"{what}: the print service (CUPS) is not running: {message}"
        )
    if "forbidden" in lower or "not authorized" in lower or "permission" in lower:
        return PrintError(PrintErrorKind.PERMISSION_DENIED, f"{what}: {message}")
    return PrintError(PrintErrorKind.CUPS_ERROR, f"{what}: {message}")


# --- raw ESC/POS -----------------------------------------------------------------------


def send_escpos(
    raw: bytes, device: str | os.PathLike[str], timeout: float = DEVICE_TIMEOUT
) -> None:
    """Send ESC/POS bytes to a thermal printer.

    ``device`` is a device path (``/dev/usb/lp0``, ``/dev/ttyUSB0``), a file path (the bytes
    are written to the file), or ``"cups:QUEUE"`` for a raw CUPS queue (``lp -o raw``).
    A device path is never created: if the printer is unplugged there is nothing there, and
    writing a regular file in its place would swallow every later receipt.
    """
    name = os.fspath(device)
    if not name.strip():
        raise PrintError(PrintErrorKind.NO_PRINTER, "no thermal printer was chosen")
    if name.startswith(CUPS_PREFIX):
        queue = name[len(CUPS_PREFIX) :]
        _lp(raw, queue, "Sewaka receipt", {"raw": ""}, LP_TIMEOUT)
        return
    _write_device(raw, Path(name), timeout)


def _write_device(raw: bytes, path: Path, timeout: float) -> None:
    try:
        existing: os.stat_result | None = path.stat()
    except FileNotFoundError:
        existing = None
    except OSError as exc:
        raise _device_error(exc, path, opening=True) from exc

    if existing is None and _is_device_folder(path):
        raise PrintError(
            PrintErrorKind.NO_PRINTER,
            f"{path} does not exist: the printer is unplugged, switched off or not yet "
            "recognised by the system",
        )
    if existing is None and not path.parent.is_dir():
        raise PrintError(PrintErrorKind.NO_PRINTER, f"the folder {path.parent} does not exist")
    regular = existing is None or stat.S_ISREG(existing.st_mode)
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0)
    if regular:
        flags |= os.O_CREAT | os.O_TRUNC
    else:
        flags |= getattr(os, "O_NONBLOCK", 0)  # so a stalled printer cannot hang us
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as exc:
        raise _device_error(exc, path, opening=True) from exc
    try:
        _write_all(fd, raw, path, None if regular else timeout)
    finally:
        with contextlib.suppress(OSError):
            os.close(fd)


def _write_all(fd: int, raw: bytes, path: Path, timeout: float | None) -> None:
    """Write everything; with a timeout, give up when the device takes nothing for that long."""
    view = memoryview(raw)
    sent = 0
    patience = DEVICE_TIMEOUT if timeout is None else timeout
    deadline = time.monotonic() + patience
    while sent < len(view):
        try:
            sent += os.write(fd, view[sent:])
            deadline = time.monotonic() + patience
            continue
        except BlockingIOError:
            pass
        except OSError as exc:
            raise _device_error(exc, path, opening=False, sent=sent, total=len(raw)) from exc
        left = deadline - time.monotonic()
        if left <= 0:
            raise PrintError(
                PrintErrorKind.TIMEOUT,
                f"{path} took no data for {patience:g} s ({sent} of {len(raw)} bytes sent): "
                "the printer may be out of paper, open or offline",
            )
        try:
            select.select([], [fd], [], min(left, 0.5))
        except (OSError, ValueError):
            time.sleep(min(left, 0.05))  # a device select() does not support: just wait


def _is_device_folder(path: Path) -> bool:
    return path.is_absolute() and path.parts[:2] == ("/", "dev")


def _device_error(
    exc: OSError, path: Path, *, opening: bool, sent: int = 0, total: int = 0
) -> PrintError:
    reason = exc.strerror or str(exc)
    code = exc.errno
    partly = "" if opening else f" after {sent} of {total} bytes"
    if code in (errno.EACCES, errno.EPERM):
        return PrintError(
            PrintErrorKind.PERMISSION_DENIED,
            f"no permission to write to {path} ({reason}); on Linux the user must be in the "
            "group that owns it (usually lp)",
        )
    if code == errno.ENOSPC and not _is_regular(path):
        return PrintError(PrintErrorKind.OUT_OF_PAPER, f"{path}: out of paper{partly}")
    if opening and code in (errno.ENOENT, errno.ENXIO, errno.ENODEV, errno.ENOTDIR):
        return PrintError(
            PrintErrorKind.NO_PRINTER, f"no printer at {path} ({reason}): is it plugged in?"
        )
    if code in (errno.EAGAIN, errno.EBUSY) and opening:
        return PrintError(
            PrintErrorKind.PRINTER_BUSY,
            f"{path} is in use by another program, often CUPS itself ({reason}); print to "
            "its CUPS queue instead, or remove that queue",
        )
    return PrintError(
        PrintErrorKind.PRINTER_GONE,
        f"writing to {path} failed{partly} ({reason}): the printer was unplugged, switched "
        "off or failed",
    )


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False
