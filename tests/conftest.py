"""Fixtures of the non-GUI tests: a fake office clock and a workspace on a temporary SQLite
file. Helpers that tests import live in ``support.py``."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from support import FakeClock, configure_office

from desktop.services.requests import RequestService
from desktop.services.workspace import Workspace, open_workspace

# The fixtures of the tests that sync real processes (central server, proxy, small batches).
pytest_plugins = ["sync_fixtures"]

# Deterministic property tests: the same examples on every machine and every run.
settings.register_profile(
    "sewaka", max_examples=200, derandomize=True, deadline=None, database=None
)
settings.load_profile("sewaka")


@pytest.fixture(autouse=True)
def documents_in_the_source_language() -> Iterator[None]:
    """Every test starts (and leaves) documents worded in Indonesian, with the real
    translation files available for a test that asks for another language."""
    from desktop import i18n

    i18n.install_documents("id")
    yield
    i18n.install_documents("id")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "sewaka-home"


@pytest.fixture
def workspace(home: Path, clock: FakeClock) -> Iterator[Workspace]:
    ws = open_workspace(home, clock=clock, actor="petugas-uji")
    configure_office(ws)  # printing and exports refuse an office without its details
    yield ws
    ws.close()


@pytest.fixture
def request_service(workspace: Workspace) -> RequestService:
    return RequestService(workspace)
