"""Fixtures for GUI tests: a real workspace on a temporary SQLite file, offscreen Qt."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import configure_office

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.services.requests import RequestService
from desktop.services.settings import SettingsService
from desktop.services.workspace import Workspace, open_workspace
from desktop.ui import operations


class Clock:
    """A settable clock: 09:00 WIB on a working day unless moved."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def gui_clock() -> Clock:
    return Clock()


@pytest.fixture
def gui_workspace(tmp_path: Path, gui_clock: Clock) -> Iterator[Workspace]:
    workspace = open_workspace(tmp_path / "home", clock=gui_clock, actor="petugas-uji")
    configure_office(workspace)  # printing and exports refuse an office without its details
    yield workspace
    operations.wait_for_all()
    workspace.close()


@pytest.fixture
def requests_service(gui_workspace: Workspace) -> RequestService:
    return RequestService(gui_workspace)


@pytest.fixture
def settings_service(gui_workspace: Workspace) -> SettingsService:
    return SettingsService(gui_workspace)
