"""The application object: one workspace and the services that work on it.

The GUI and the tests build the main window from an :class:`Application`;
features (pages, dialogs) reach every service through it, so a new feature
needs no new constructor arguments anywhere. Function-style services (export,
backup, demo data) take ``app.workspace``.

Start-up builds the first window before SQLAlchemy has even loaded
(``docs/ARCHITECTURE.md``, "Start-up"): :meth:`Application.starting` takes the
data folder and the :class:`~desktop.services.startup.Snapshot` read with
sqlite3, and the workspace opens later, on the first thread that needs it:

* :meth:`preload` opens it on a background thread (the GUI calls it right
  after the window is shown);
* :attr:`workspace` (and :meth:`open`) blocks until it is open, opening it
  itself if nobody has started to; a lock makes sure it is opened once;
* the services (``app.requests``, ``app.settings``, ...) are handed out at
  once as stand-ins that import and build the real service on first use. The
  UI only uses them inside ``desktop.ui.operations.run`` (pool threads), so a
  call made before the workspace is open simply waits for it there.

If opening fails (a locked or damaged file), each call raises the same error
(:class:`~desktop.services.startup.DatabaseProblem`, say) to its caller, which
shows it; the next call tries again.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from desktop.services.printing_types import SystemPrinter
from desktop.services.startup import Snapshot

if TYPE_CHECKING:
    from desktop.services.printing import PrintService
    from desktop.services.receipts import ReceiptService
    from desktop.services.reports import ReportService
    from desktop.services.requests import RequestService
    from desktop.services.settings import SettingsService
    from desktop.services.sync import SyncService
    from desktop.services.workspace import Workspace

log = logging.getLogger(__name__)
S = TypeVar("S")
Opener = Callable[[Path], "Workspace"]


class ApplicationClosed(RuntimeError):
    """The application was closed; its workspace is not opened again."""


class _Deferred:
    """Stands in for a service until first used; then builds it (once) and forwards to it.

    Building imports the service's module (SQLAlchemy) and opens the workspace, so it
    happens on the thread that first calls the service: a pool thread in the GUI.
    """

    def __init__(self, make: Callable[[], object]) -> None:
        self._make = make
        self._target: object | None = None
        self._lock = threading.Lock()

    def _resolve(self) -> object:
        target = self._target
        if target is None:
            with self._lock:
                if self._target is None:
                    self._target = self._make()
                target = self._target
        return target

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self._resolve(), name)

    def built(self) -> object | None:
        """The real service if it was built, else None (never builds it)."""
        return self._target


def _open_workspace(home: Path) -> Workspace:
    from desktop.services.workspace import open_workspace

    return open_workspace(home)


class Application:
    """Hands out the services of one workspace.

    ``Application(workspace)`` wraps a workspace that is already open (tests, the
    CLI); :meth:`starting` makes one whose workspace opens when first needed.
    """

    def __init__(
        self,
        workspace: Workspace | None = None,
        *,
        system_printer: SystemPrinter | None = None,
        home: Path | None = None,
        snapshot: Snapshot | None = None,
        opener: Opener | None = None,
    ) -> None:
        if workspace is None and home is None:
            raise TypeError("Application needs an open workspace or a home folder")
        self._workspace = workspace
        self._home = home if home is not None else cast("Workspace", workspace).home
        self._snapshot = snapshot
        self._opener = opener or _open_workspace
        self._system_printer = system_printer
        self._lock = threading.Lock()
        self._services_lock = threading.Lock()
        self._services: dict[str, object] = {}
        self._preloader: threading.Thread | None = None
        self._closed = False
        self.open_seconds: float | None = None  # how long opening the workspace took

    @classmethod
    def starting(
        cls,
        home: Path,
        snapshot: Snapshot | None,
        *,
        system_printer: SystemPrinter | None = None,
        opener: Opener | None = None,
    ) -> Application:
        """An application whose workspace is not open yet (see the module docstring)."""
        return cls(home=home, snapshot=snapshot, system_printer=system_printer, opener=opener)

    # -- the workspace -----------------------------------------------------------------------

    @property
    def home(self) -> Path:
        return self._home

    @property
    def is_open(self) -> bool:
        return self._workspace is not None

    @property
    def workspace(self) -> Workspace:
        """The open workspace; blocks until it is open (opening it if nobody has started)."""
        workspace = self._workspace
        return workspace if workspace is not None else self.open()

    def open(self) -> Workspace:
        """Open the workspace unless it is open; raises what opening raised (e.g. locked)."""
        with self._lock:
            if self._workspace is None:
                if self._closed:
                    raise ApplicationClosed("the application was closed")
                import time

                started = time.perf_counter()
                self._workspace = self._opener(self._home)
                self.open_seconds = time.perf_counter() - started
                log.info("workspace opened in %.3f s", self.open_seconds)
            return self._workspace

    def preload(self) -> None:
        """Start opening the workspace on a background thread (returns at once)."""
        if self._workspace is not None or self._preloader is not None:
            return

        def run() -> None:
            opened = False
            try:
                self.open()
                opened = True
            except Exception as exc:  # the next service call raises it again to its caller
                log.warning("opening the workspace in the background failed: %s", exc)
            from desktop.services.files import sweep_leftovers

            # What exports, reports and receipts killed half-way left (full NIKs, sometimes):
            # after the window is up, on this thread, never slowing the first window.
            sweep_leftovers(self._home)
            if opened:
                self.start_sync()

        self._preloader = threading.Thread(target=run, name="workspace-open", daemon=True)
        self._preloader.start()

    @property
    def snapshot(self) -> Snapshot:
        """What the first window shows: from start-up, or read now through the services."""
        if self._snapshot is None:
            self._snapshot = Snapshot(
                settings=self.settings.load(),
                services=tuple(self.requests.services()),
                today=self.requests.today(),
            )
        return self._snapshot

    def use_snapshot(self, snapshot: Snapshot) -> None:
        """What the window is (re)built from, e.g. after the first-run setup saved the office."""
        self._snapshot = snapshot

    # -- services ----------------------------------------------------------------------------

    def _service(self, name: str, make: Callable[[Workspace], S]) -> S:
        with self._services_lock:
            service = self._services.get(name)
            if service is None:
                service = _Deferred(lambda: make(self.workspace))
                self._services[name] = service
        return cast(S, service)

    @property
    def requests(self) -> RequestService:
        return self._service("requests", _requests)

    @property
    def settings(self) -> SettingsService:
        return self._service("settings", _settings)

    @property
    def printing(self) -> PrintService:
        """Printing policy; the system printer driver is the UI's (Qt) painter."""
        system_printer = self._system_printer
        return self._service("printing", lambda ws: _printing(ws, system_printer))

    @property
    def receipts(self) -> ReceiptService:
        return self._service("receipts", _receipts)

    @property
    def reports(self) -> ReportService:
        return self._service("reports", _reports)

    @property
    def sync(self) -> SyncService:
        """Enrolment, sync rounds, the background runner, what the sync page shows."""
        return self._service("sync", _sync)

    def start_sync(self) -> None:
        """Sync in the background from now on, once the PC is enrolled (the GUI calls this
        after the workspace opened; a folder that is not enrolled loads no sync code)."""
        if self._closed:
            return
        try:
            self.sync.start()
        except Exception as exc:  # the window works without sync; the sync page says why
            log.warning("background sync not started: %s", exc)

    def close(self) -> None:
        """Wait for a background open to finish, stop background sync, then close the
        workspace (if it opened)."""
        if self._preloader is not None:
            self._preloader.join()
        with self._services_lock:
            sync = self._services.get("sync")
        built = sync.built() if isinstance(sync, _Deferred) else None
        if built is not None:
            # A round in progress is not waited for long: its transactions are atomic.
            cast("SyncService", built).stop(timeout=2.0)
        with self._lock:
            self._closed = True
            workspace, self._workspace = self._workspace, None
        if workspace is not None:
            workspace.close()


# The real services, imported on the thread that first uses them.


def _requests(workspace: Workspace) -> RequestService:
    from desktop.services.requests import RequestService

    return RequestService(workspace)


def _settings(workspace: Workspace) -> SettingsService:
    from desktop.services.settings import SettingsService

    return SettingsService(workspace)


def _printing(workspace: Workspace, system_printer: SystemPrinter | None) -> PrintService:
    from desktop.services.printing import PrintService

    return PrintService(workspace, system_printer)


def _receipts(workspace: Workspace) -> ReceiptService:
    from desktop.services.receipts import ReceiptService

    return ReceiptService(workspace)


def _reports(workspace: Workspace) -> ReportService:
    from desktop.services.reports import ReportService

    return ReportService(workspace)


def _sync(workspace: Workspace) -> SyncService:
    from desktop.services.sync import SyncService

    return SyncService(workspace)
