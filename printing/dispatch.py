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
import secrets
import select
import stat
import subprocess
import time
from collections.abc import Callable
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
#
# Every file Sewaka writes for the user (exports, reports, receipts saved as PDF) is written
# under a temporary name in the target's folder and renamed into place once complete. The
# temporary names start with TEMP_PREFIX and a random token, so what a killed process left
# behind is recognised: each write first removes the dead leftovers of its folder, and
# ``sweep_journal`` (run after start-up) removes those of every folder written to before. A
# writer holds an exclusive lock (flock) on its temporary file while it works, which is how a
# leftover is told from the work of a Sewaka that is still running.

TEMP_PREFIX = ".sewaka-"
TEMP_SUFFIX = ".tmp"
_TOKEN_CHARS = 12  # hex digits after TEMP_PREFIX; a "-" follows them
JOURNAL_SETTLE_SECONDS = 60  # a journal entry younger than this is never dropped
JOURNAL_KEEP_SECONDS = 30 * 24 * 3600  # a folder not seen (USB stick) for this long is forgotten
BeforeRename = Callable[[], object]


class TargetKind(enum.StrEnum):
    """What a path that is not a regular file is: Sewaka never replaces nor writes through it."""

    SYMLINK = "symlink"
    DIRECTORY = "directory"
    DEVICE = "device"
    FIFO = "fifo"
    SOCKET = "socket"
    OTHER = "other"


class UnsafeTarget(OSError):
    """Refused before anything was written: ``path`` is not a regular file (``kind``)."""

    def __init__(self, kind: TargetKind, path: Path) -> None:
        code = errno.EISDIR if kind is TargetKind.DIRECTORY else errno.EPERM
        super().__init__(code, f"not a regular file ({kind.value})", str(path))
        self.kind = kind
        self.path = path


def check_target(path: str | os.PathLike[str]) -> None:
    """Raise :class:`UnsafeTarget` unless ``path`` is missing or a regular file (not a link)."""
    target = Path(path)
    try:
        found = target.lstat()
    except FileNotFoundError:
        return
    mode = found.st_mode
    if stat.S_ISREG(mode):
        return
    if stat.S_ISLNK(mode):
        kind = TargetKind.SYMLINK
    elif stat.S_ISDIR(mode):
        kind = TargetKind.DIRECTORY
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = TargetKind.DEVICE
    elif stat.S_ISFIFO(mode):
        kind = TargetKind.FIFO
    elif stat.S_ISSOCK(mode):
        kind = TargetKind.SOCKET
    else:
        kind = TargetKind.OTHER
    raise UnsafeTarget(kind, target)


class AtomicFile:
    """A file written under a temporary name beside ``path`` and renamed into place by
    :meth:`commit`: readers see the old file or the whole new one, and a failure (or a
    ``with`` block left without commit) leaves no file behind.

    ``path`` must be missing or a regular file (:class:`UnsafeTarget` otherwise). With
    ``journal`` (a folder of Sewaka's own), the target's folder is noted there so that
    :func:`sweep_journal` finds this write's leftovers if the process is killed.
    """

    def __init__(
        self, path: str | os.PathLike[str], *, journal: str | os.PathLike[str] | None = None
    ) -> None:
        self.target = Path(path)
        self.folder = self.target.parent
        check_target(self.target)
        if not self.folder.is_dir():
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(self.folder))
        try:
            self._mode = stat.S_IMODE(self.target.stat().st_mode)
        except OSError:
            self._mode = 0o666 & ~_umask()
        clean_leftovers(self.folder)
        self._extras: list[Path] = []
        self._done = False
        self._entry: Path | None = None
        token = secrets.token_hex(_TOKEN_CHARS // 2)
        if journal is not None:
            self._entry = _note_in_journal(Path(journal), token, self.folder)
        try:
            fd, self.temp = _create_locked(self.folder, token, self.target.name)
        except BaseException:
            self._forget()
            raise
        self._token = token
        self.file = os.fdopen(fd, "w+b")

    def extra_path(self, suffix: str = TEMP_SUFFIX) -> Path:
        """Another temporary path of this write (e.g. for a library's scratch file): in the
        same folder, removed with this write and recognised as its leftover."""
        path = self.folder / f"{TEMP_PREFIX}{self._token}-{len(self._extras) + 1}{suffix}"
        self._extras.append(path)
        return path

    def commit(self, before_rename: BeforeRename | None = None) -> Path:
        """Sync the data, call ``before_rename`` (e.g. commit an audit entry: if it raises,
        nothing takes the target's name), rename into place, sync the folder."""
        if self._done:
            raise ValueError("this file was already committed or discarded")
        self.file.flush()
        os.fsync(self.file.fileno())
        os.chmod(self.temp, self._mode)
        check_target(self.target)  # nothing unsafe has taken the name meanwhile
        if before_rename is not None:
            before_rename()
        if os.name == "nt":
            self.file.close()  # Windows renames no open file
        os.replace(self.temp, self.target)
        self._done = True
        _fsync_folder(self.folder)
        self._finish()
        return self.target

    def discard(self) -> None:
        """Remove everything this write made (idempotent)."""
        self._done = True
        self._finish()
        _remove_quietly(str(self.temp))

    def _finish(self) -> None:
        with contextlib.suppress(OSError):
            self.file.close()
        for extra in self._extras:
            _remove_quietly(str(extra))
        self._forget()

    def _forget(self) -> None:
        if self._entry is not None:
            _remove_quietly(str(self._entry))
            self._entry = None

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(self, *exc: object) -> None:
        if not self._done:
            self.discard()


def write_atomically(
    content: bytes,
    path: str | os.PathLike[str],
    *,
    before_rename: BeforeRename | None = None,
    journal: str | os.PathLike[str] | None = None,
) -> Path:
    """Write ``content`` to ``path`` through :class:`AtomicFile`: the old file or the whole
    new one, never half; ``before_rename`` runs when the data is on disk, before it takes
    the name (if it raises, the file is not written).

    Raises :class:`OSError` (:class:`UnsafeTarget` for a link, device, FIFO or folder).
    """
    with AtomicFile(path, journal=journal) as out:
        out.file.write(content)
        return out.commit(before_rename)


def save_pdf(
    pdf_bytes: bytes,
    path: str | os.PathLike[str],
    *,
    before_rename: BeforeRename | None = None,
    journal: str | os.PathLike[str] | None = None,
) -> Path:
    """:func:`write_atomically`, failing with :class:`PrintError` (``SAVE_FAILED``; the
    :class:`OSError` is its ``__cause__``). What ``before_rename`` raises passes unchanged."""
    try:
        return write_atomically(pdf_bytes, path, before_rename=before_rename, journal=journal)
    except OSError as exc:
        raise PrintError(
            PrintErrorKind.SAVE_FAILED, f"cannot save {path}: {exc.strerror or exc}"
        ) from exc


def clean_leftovers(folder: str | os.PathLike[str]) -> int:
    """Remove the temporary files that dead Sewaka writes left in ``folder``; return how many.

    Cheap (one directory listing) and safe beside a running Sewaka: a write whose process is
    alive holds a lock on its temporary file and is left alone.
    """
    groups: dict[str, list[Path]] = {}
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                token = _token_of(entry.name)
                if token is not None:
                    groups.setdefault(token, []).append(Path(entry.path))
    except OSError:
        return 0
    removed = 0
    for members in groups.values():
        removed += _remove_if_dead(members)
    return removed


def sweep_journal(journal: str | os.PathLike[str], *, now: float | None = None) -> int:
    """Remove the leftovers of every write noted in ``journal`` whose process died (run it
    once after start-up, off the UI thread); return how many files were removed."""
    folder = Path(journal)
    moment = time.time() if now is None else now
    removed = clean_leftovers(folder)
    try:
        entries = [p for p in folder.iterdir() if _token_of(TEMP_PREFIX + p.name) is not None]
    except OSError:
        return removed
    for entry in entries:
        try:
            written = Path(os.fsdecode(entry.read_bytes()))
            age = moment - entry.stat().st_mtime
        except OSError:
            continue
        token = entry.name[:_TOKEN_CHARS]
        if written.is_dir():
            removed += clean_leftovers(written)
            # A fresh entry may belong to a write that has not made its file yet.
            settled = age > JOURNAL_SETTLE_SECONDS
            if settled and not any(_token_of(name) == token for name in _names(written)):
                _remove_quietly(str(entry))
        elif age > JOURNAL_KEEP_SECONDS:
            _remove_quietly(str(entry))
    return removed


def _note_in_journal(journal: Path, token: str, folder: Path) -> Path | None:
    """Note ``folder`` for ``token`` in the journal (best effort: the folder's own clean-up
    at its next write still applies if this fails)."""
    entry = journal / f"{token}-folder"
    try:
        journal.mkdir(parents=True, exist_ok=True)
        entry.write_bytes(os.fsencode(str(folder.resolve())))
    except OSError:
        return None
    return entry


def _create_locked(folder: Path, token: str, name: str) -> tuple[int, Path]:
    """Create and lock a new temporary file; retried if a clean-up removed it before the
    lock was taken (it then looked dead)."""
    temp = folder / f"{TEMP_PREFIX}{token}-{name[:100]}{TEMP_SUFFIX}"
    for _attempt in range(10):
        flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        fd = os.open(temp, flags, 0o600)  # private while written: it may hold NIKs
        try:
            _lock(fd, wait=True)
            if os.path.samestat(os.fstat(fd), os.stat(temp)):
                return fd, temp
        except FileNotFoundError:
            pass
        except BaseException:
            os.close(fd)
            _remove_quietly(str(temp))
            raise
        os.close(fd)
    raise OSError(errno.EAGAIN, "cannot create a temporary file", str(folder))


def _token_of(name: str) -> str | None:
    if not name.startswith(TEMP_PREFIX):
        return None
    token = name[len(TEMP_PREFIX) : len(TEMP_PREFIX) + _TOKEN_CHARS]
    rest = name[len(TEMP_PREFIX) + _TOKEN_CHARS :]
    if len(token) != _TOKEN_CHARS or not rest.startswith("-"):
        return None
    if any(c not in "0123456789abcdef" for c in token):
        return None
    return token


def _names(folder: Path) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError:
        return []


def _remove_if_dead(members: list[Path]) -> int:
    """Remove a write's files if no process holds a lock on any of them."""
    held: list[int] = []
    try:
        for member in members:
            try:
                if not stat.S_ISREG(member.lstat().st_mode):
                    return 0  # not something Sewaka made
                fd = os.open(member, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            except FileNotFoundError:
                continue
            except OSError:
                return 0  # not ours to judge (permissions): leave it
            held.append(fd)
            if not _lock(fd, wait=False):
                return 0  # its writer is alive
        removed = 0
        for member in members:
            try:
                member.unlink()
                removed += 1
            except OSError:
                pass  # in use (Windows) or gone
        return removed
    finally:
        for fd in held:
            with contextlib.suppress(OSError):
                os.close(fd)


def _lock(fd: int, *, wait: bool) -> bool:
    """Take an exclusive lock on ``fd``; False if another process holds it (``wait=False``).
    Without flock (Windows) an open file cannot be deleted anyway: always True."""
    try:
        import fcntl
    except ImportError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


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
