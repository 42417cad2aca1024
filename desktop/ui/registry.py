"""Pages and menu actions, registered by feature; the main window is built from them.

A feature module (intake, request list, reports, screening, visitor log, ...)
has one function, ``register(registry)``, that adds its pages and actions.
The main window only iterates the features (``desktop.ui.features.FEATURES``)
and never needs editing when a feature is added or removed.

What a feature sees of the window is the small :class:`Shell` protocol: the
application object (the services), a parent widget for dialogs, the status
bar, and the other pages by key.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from desktop.services.application import Application


class Menu(enum.StrEnum):
    """The menus, made in this order (Berkas, Tampilan, Alat, Bantuan) when they have actions."""

    FILE = "file"
    VIEW = "view"
    TOOLS = "tools"
    HELP = "help"


class Shell(Protocol):
    """What a feature sees of the main window."""

    app: Application  # the application object (services)

    def widget(self) -> QWidget:
        """The parent for dialogs."""
        ...

    def show_message(self, text: str, msecs: int = 8000) -> None:
        """A line in the status bar."""
        ...

    def page(self, key: str) -> QWidget:
        """The page registered under ``key`` (KeyError if there is none)."""
        ...

    def show_page(self, key: str) -> None:
        """Bring the page forward and give it the keyboard focus."""
        ...

    def catalogue_changed(self) -> None:
        """The service catalogue changed (a pull from the server): every page that offers
        services reads it again, off the UI thread."""
        ...

    def settings_changed(self) -> None:
        """Reload the window title and office label after a settings change."""
        ...


@dataclass(frozen=True)
class PageSpec:
    key: str  # objectName of the page widget, e.g. "intake"
    title: str  # already translated; the tab text
    shortcut: str  # e.g. "F2"; also a View-menu action
    build: Callable[[Shell], QWidget]
    order: int = 100


@dataclass(frozen=True)
class ActionSpec:
    key: str  # objectName of the QAction
    menu: Menu
    text: str  # already translated, with an & mnemonic
    trigger: Callable[[Shell], None]
    shortcut: str | None = None
    order: int = 100


@dataclass(frozen=True)
class BarSpec:
    """A bar above the tabs, on every page (a warning such as a PC clock that is behind).

    ``build`` makes the widget; it shows and hides itself as its state changes.
    """

    key: str  # objectName of the bar widget
    build: Callable[[Shell], QWidget]
    order: int = 100


@dataclass(frozen=True)
class StatusSpec:
    """A permanent widget in the status bar, left of the office label (sync at a glance).

    ``build`` makes the widget; it keeps itself up to date.
    """

    key: str  # objectName of the widget
    build: Callable[[Shell], QWidget]
    order: int = 100


@dataclass
class Registry:
    """Collects what the features register; the window reads it once, in order."""

    _pages: list[PageSpec] = field(default_factory=list)
    _actions: list[ActionSpec] = field(default_factory=list)
    _bars: list[BarSpec] = field(default_factory=list)
    _status: list[StatusSpec] = field(default_factory=list)

    def add_page(self, spec: PageSpec) -> None:
        if any(page.key == spec.key for page in self._pages):
            raise ValueError(f"page {spec.key!r} is registered twice")
        self._pages.append(spec)

    def add_action(self, spec: ActionSpec) -> None:
        if any(action.key == spec.key for action in self._actions):
            raise ValueError(f"action {spec.key!r} is registered twice")
        self._actions.append(spec)

    def add_bar(self, spec: BarSpec) -> None:
        if any(bar.key == spec.key for bar in self._bars):
            raise ValueError(f"bar {spec.key!r} is registered twice")
        self._bars.append(spec)

    def add_status(self, spec: StatusSpec) -> None:
        if any(status.key == spec.key for status in self._status):
            raise ValueError(f"status widget {spec.key!r} is registered twice")
        self._status.append(spec)

    @property
    def status_widgets(self) -> list[StatusSpec]:
        """Status-bar widgets by ``order``, then in the order they were registered."""
        return sorted(self._status, key=lambda status: status.order)

    @property
    def bars(self) -> list[BarSpec]:
        """Bars by ``order``, then in the order they were registered."""
        return sorted(self._bars, key=lambda bar: bar.order)

    @property
    def pages(self) -> list[PageSpec]:
        """Pages by ``order``, then in the order they were registered."""
        return sorted(self._pages, key=lambda page: page.order)

    def actions(self, menu: Menu) -> list[ActionSpec]:
        """One menu's actions by ``order``, then in the order they were registered."""
        return sorted(
            (action for action in self._actions if action.menu is menu),
            key=lambda action: action.order,
        )


Feature = Callable[[Registry], None]
