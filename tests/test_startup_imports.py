"""Starting the window stays lean: no printing, QR, migration or spreadsheet library loads,
and the first window is shown before SQLAlchemy is imported.

`sewaka --smoke-test` runs in a subprocess under `python -X importtime`, which lists every
module imported (on stderr, in order); the heavy ones must load only when a document is
printed, a receipt is checked, a migration is due or an export is made. The smoke test
writes ``sewaka: first window shown`` to stderr when the first window is up: what was
imported before that line is what the clerk waited for.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from support import configure_office

from desktop.services.workspace import open_workspace

HEAVY = (
    "reportlab",
    "cv2",
    "numpy",
    "pypdfium2",
    "escpos",
    "alembic",
    "openpyxl",
    "babel",
    "requests",
    "pydantic",  # the sync engine and wire contract: only an enrolled PC's sync loads them
    "qrcode",
    "PIL",
)
MARKER = "sewaka: first window shown"
_IMPORTED = re.compile(r"^import time:\s+\d+ \|\s+\d+ \|\s*([\w.]+)\s*$")


def start_window(home: Path, shown: str = "main window shown") -> tuple[set[str], set[str]]:
    """Run the smoke test on ``home``: the top-level packages imported (before, after) the
    first window was shown."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SEWAKA_HOME=str(home))
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "desktop", "--smoke-test"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert shown in result.stdout
    before: set[str] = set()
    after: set[str] = set()
    seen = before
    for line in result.stderr.splitlines():
        if line.strip() == MARKER:
            seen = after
        elif found := _IMPORTED.match(line):
            seen.add(found.group(1).split(".")[0])
    assert seen is after, "the smoke test never said the first window was shown"
    return before, after


def configured_folder(home: Path) -> None:
    workspace = open_workspace(home)
    configure_office(workspace)
    workspace.close()


def test_starting_the_window_imports_no_heavy_library(tmp_path: Path) -> None:
    home = tmp_path / "home"
    before, after = start_window(home, "setup wizard shown")  # a new folder: schema is made
    first = before | after
    assert "PySide6" in first and "sqlalchemy" in first  # the check really sees imports
    assert not first & (set(HEAVY) - {"alembic"})

    configured_folder(home)
    before, after = start_window(home)  # an existing, current database: no migration is due
    again = before | after
    assert not again & set(HEAVY), sorted(again & set(HEAVY))


def test_the_first_window_is_shown_before_sqlalchemy_loads(tmp_path: Path) -> None:
    home = tmp_path / "home"
    configured_folder(home)

    before, after = start_window(home)

    assert "PySide6" in before  # the window really was built before the marker
    assert "sqlalchemy" not in before, "SQLAlchemy was imported before the first window"
    assert "sqlalchemy" in after  # the workspace opened after it, before the smoke test ended


def test_no_ui_module_imports_sqlalchemy() -> None:
    """Every page and dialog takes its data types from SQLAlchemy-free modules, so a
    feature added later cannot pull the ORM in front of the first window by accident."""
    ui = Path(__file__).resolve().parents[1] / "desktop" / "ui"
    modules = sorted(f"desktop.ui.{path.stem}" for path in ui.glob("*.py"))
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "    assert 'sqlalchemy' not in sys.modules, name\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
