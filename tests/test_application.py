"""The application object opens its workspace once, when first needed, from any thread."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import cast

import pytest

from desktop.services.application import Application, ApplicationClosed
from desktop.services.workspace import Workspace


class FakeWorkspace:
    def __init__(self, home: Path) -> None:
        self.home = home
        self.closed = False

    def close(self) -> None:
        self.closed = True


class Opener:
    """Counts the opens; slow enough that callers overlap; fails while ``failing`` is set."""

    def __init__(self) -> None:
        self.opened: list[FakeWorkspace] = []
        self.failing = threading.Event()

    def __call__(self, home: Path) -> Workspace:
        time.sleep(0.05)
        if self.failing.is_set():
            raise sqlite3.OperationalError("database is locked")
        workspace = FakeWorkspace(home)
        self.opened.append(workspace)
        return cast(Workspace, workspace)


def test_the_workspace_opens_once_however_many_threads_ask(tmp_path: Path) -> None:
    opener = Opener()
    app = Application.starting(tmp_path, None, opener=opener)
    assert not app.is_open

    app.preload()  # in the background, as the GUI does after showing the window
    seen: list[Workspace] = []
    askers = [threading.Thread(target=lambda: seen.append(app.workspace)) for _ in range(5)]
    for thread in askers:
        thread.start()
    for thread in askers:
        thread.join()

    assert len(opener.opened) == 1
    assert all(workspace is opener.opened[0] for workspace in seen)
    assert app.is_open and app.open_seconds is not None


def test_a_failed_open_reaches_the_caller_and_the_next_call_tries_again(tmp_path: Path) -> None:
    opener = Opener()
    opener.failing.set()
    app = Application.starting(tmp_path, None, opener=opener)
    app.preload()

    with pytest.raises(sqlite3.OperationalError):
        app.open()
    opener.failing.clear()

    assert app.workspace is opener.opened[0]


def test_services_are_handed_out_at_once_and_built_on_first_use(tmp_path: Path) -> None:
    opener = Opener()
    app = Application.starting(tmp_path, None, opener=opener)

    settings = app.settings  # what pages are given while the window is built

    assert opener.opened == []  # nothing was opened (or imported) for that
    assert app.settings is settings


def test_close_waits_for_the_background_open_then_closes_it(tmp_path: Path) -> None:
    opener = Opener()
    app = Application.starting(tmp_path, None, opener=opener)
    app.preload()

    app.close()

    assert len(opener.opened) == 1 and opener.opened[0].closed
    with pytest.raises(ApplicationClosed):
        app.open()
