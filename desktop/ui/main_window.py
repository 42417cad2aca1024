"""The main window: a shell of tabs and menus built from the pages and actions features register.

Nothing here knows about intake, the request list or reports: each feature
module registers its pages and menu actions (``desktop.ui.features``), and the
window builds tabs, a View-menu entry per page, and the menus in a fixed order
(Berkas, Tampilan, Alat, Bantuan), each only when it has actions. Actions whose
``order`` falls in a different hundred from the previous one get a separator.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence

from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QTabWidget, QVBoxLayout, QWidget

from desktop import __version__, messages
from desktop.services.application import Application
from desktop.services.request_types import ServiceInfo
from desktop.services.settings_types import Settings
from desktop.services.startup import DatabaseProblem
from desktop.ui import operations, style
from desktop.ui.registry import ActionSpec, Menu, PageSpec, Registry
from desktop.ui.widgets import named

_SHORTCUT_SUFFIX = re.compile(r"\s*\([^()]*\)\s*$")
log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """The window every feature lives in; implements :class:`desktop.ui.registry.Shell`."""

    def __init__(
        self,
        app: Application,
        features: Sequence[Callable[[Registry], None]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.app = app
        if features is None:
            from desktop.ui.features import FEATURES

            features = FEATURES
        registry = Registry()
        for register in features:
            register(registry)
        self.tabs = named(QTabWidget(), "tabs")
        # A line above the tabs for what the clerk must know: office data missing, or a
        # database that could not be opened.
        self.banner = named(QLabel(), "banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(style.BANNER)
        self.banner.hide()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.office_label = named(QLabel(), "officeLabel")
        self.statusBar().addPermanentWidget(self.office_label)
        self._pages: dict[str, QWidget] = {}
        for spec in registry.pages:
            self._add_page(spec)
        for position, bar_spec in enumerate(registry.bars, start=1):
            bar = bar_spec.build(self)  # under the banner, above the tabs: on every page
            bar.setObjectName(bar_spec.key)
            layout.insertWidget(position, bar)
        for position, status_spec in enumerate(registry.status_widgets):
            status = status_spec.build(self)  # left of the office label
            status.setObjectName(status_spec.key)
            self.statusBar().insertPermanentWidget(position, status)
        self._build_menus(registry)
        self._database_problem = ""
        self._show_settings(app.snapshot.settings)  # read at start-up: building reads nothing
        self.resize(1100, 720)

    # -- Shell ---------------------------------------------------------------------------

    def widget(self) -> QWidget:
        return self

    def show_message(self, text: str, msecs: int = 8000) -> None:
        self.statusBar().showMessage(text, msecs)

    def page(self, key: str) -> QWidget:
        return self._pages[key]

    def show_page(self, key: str) -> None:
        page = self._pages[key]
        self.tabs.setCurrentWidget(page)
        page.setFocus()

    def catalogue_changed(self) -> None:
        requests = self.app.requests
        operations.run(self, lambda: requests.services(), self._offer_services, self._unread)

    def _offer_services(self, services: list[ServiceInfo]) -> None:
        for page in self._pages.values():
            reload = getattr(page, "reload_services", None)
            if callable(reload):
                reload(services)

    def _unread(self, error: Exception) -> None:
        log.warning("the service catalogue could not be read again: %s", type(error).__name__)

    def settings_changed(self) -> None:
        settings = self.app.settings  # a stand-in: ``.load`` would open the workspace here
        operations.run(self, lambda: settings.load(), self._show_settings, self._settings_unread)

    # -- building ------------------------------------------------------------------------

    def _add_page(self, spec: PageSpec) -> None:
        page = spec.build(self)
        page.setObjectName(spec.key)
        self._pages[spec.key] = page
        self.tabs.addTab(page, spec.title)

    def _page_action(self, spec: PageSpec) -> ActionSpec:
        text = _SHORTCUT_SUFFIX.sub("", spec.title) or spec.title
        key = spec.key

        def show(shell: object) -> None:
            self.show_page(key)

        return ActionSpec(f"show_{key}", Menu.VIEW, text, show, spec.shortcut, spec.order)

    def _build_menus(self, registry: Registry) -> None:
        titles = {
            Menu.FILE: self.tr("&Berkas"),
            Menu.VIEW: self.tr("&Tampilan"),
            Menu.TOOLS: self.tr("&Alat"),
            Menu.HELP: self.tr("Ba&ntuan"),
        }
        for menu_kind in Menu:
            specs = registry.actions(menu_kind)
            if menu_kind is Menu.VIEW:
                specs = sorted(
                    [self._page_action(page) for page in registry.pages] + specs,
                    key=lambda spec: spec.order,
                )
            if not specs:
                continue
            menu = self.menuBar().addMenu(titles[menu_kind])
            menu.setObjectName(f"menu_{menu_kind.value}")
            self._fill_menu(menu, specs)

    def _fill_menu(self, menu: QMenu, specs: list[ActionSpec]) -> None:
        group: int | None = None
        for spec in specs:
            if group is not None and spec.order // 100 != group:
                menu.addSeparator()
            group = spec.order // 100
            action = QAction(spec.text, self)
            action.setObjectName(spec.key)
            if spec.shortcut:
                action.setShortcut(QKeySequence(spec.shortcut))
            trigger = spec.trigger
            action.triggered.connect(lambda _checked=False, trigger=trigger: trigger(self))
            menu.addAction(action)
            self.addAction(action)  # its shortcut works wherever the focus is in the window

    def _show_settings(self, settings: Settings) -> None:
        self._office_missing = (
            ""
            if settings.configured or settings.training
            else self.tr(
                "Data kantor belum diisi: struk, laporan dan ekspor ditolak sampai diisi "
                "lewat Berkas → Data kantor."
            )
        )
        self._show_banner()
        place = f"{settings.unit_kind} {settings.office_name}".strip()
        if getattr(settings, "training", False):
            self.setWindowTitle(self.tr("Sewaka — {place} — LATIHAN").format(place=place))
            self.office_label.setText(
                self.tr("LATIHAN · {place} · Sewaka {version}").format(
                    place=place, version=__version__
                )
            )
            self.office_label.setStyleSheet(style.TRAINING)
        else:
            self.setWindowTitle(self.tr("Sewaka — {place}").format(place=place))
            self.office_label.setText(f"{place} · Sewaka {__version__}")
            self.office_label.setStyleSheet("")

    def workspace_ready(self) -> None:
        """The database is open (start-up opens it after the window is shown)."""
        if self._database_problem:
            self._database_problem = ""
            self._show_banner()

    def workspace_failed(self, error: Exception) -> None:
        """Opening the database failed: say so above the tabs; what was typed stays."""
        if isinstance(error, DatabaseProblem):
            self._database_problem = messages.database_problem(error)
        else:
            self._database_problem = self.tr(
                "Data Sewaka belum dapat dibuka; Sewaka mencobanya lagi sebentar lagi. Bila "
                "tetap gagal, tutup program lain yang memakai folder data yang sama."
            )
        self._show_banner()

    def _show_banner(self) -> None:
        lines = [line for line in (self._database_problem, self._office_missing) if line]
        self.banner.setText("\n".join(lines))
        self.banner.setVisible(bool(lines))

    def _settings_unread(self, error: Exception) -> None:
        self.show_message(self.tr("Pengaturan tidak dapat dibaca."), 10000)

    def closeEvent(self, event: QCloseEvent) -> None:
        operations.wait_for_all()  # never drop a registration that is being saved
        super().closeEvent(event)
