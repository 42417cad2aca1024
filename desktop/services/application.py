"""The application object: one open workspace and the services that work on it.

The GUI and the tests build the main window from an :class:`Application`;
features (pages, dialogs) reach every service through it, so a new feature
needs no new constructor arguments anywhere. Function-style services (export,
backup, demo data) take ``app.workspace``. Services are made on first use:
those that render or decode (receipts, reports, printing) load their heavy
libraries only then, so start-up stays fast.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.services.printing import PrintService, SystemPrinter
from desktop.services.requests import RequestService
from desktop.services.settings import SettingsService
from desktop.services.workspace import Workspace

if TYPE_CHECKING:
    from desktop.services.receipts import ReceiptService
    from desktop.services.reports import ReportService


class Application:
    """Hands out the services of one workspace; the caller closes the workspace."""

    def __init__(
        self, workspace: Workspace, *, system_printer: SystemPrinter | None = None
    ) -> None:
        self.workspace = workspace
        self._system_printer = system_printer

    @property
    def home(self) -> Path:
        return self.workspace.home

    @cached_property
    def requests(self) -> RequestService:
        return RequestService(self.workspace)

    @cached_property
    def settings(self) -> SettingsService:
        return SettingsService(self.workspace)

    @cached_property
    def printing(self) -> PrintService:
        """Printing policy; the system printer driver is the UI's (Qt) painter."""
        return PrintService(self.workspace, self._system_printer)

    @cached_property
    def receipts(self) -> ReceiptService:
        from desktop.services.receipts import ReceiptService

        return ReceiptService(self.workspace)

    @cached_property
    def reports(self) -> ReportService:
        from desktop.services.reports import ReportService

        return ReportService(self.workspace)

    def close(self) -> None:
        self.workspace.close()
