"""Starting the window stays lean: no printing, QR, migration or spreadsheet library loads.

`sewaka --smoke-test` runs in a subprocess under `python -X importtime`, which lists every
module imported; the heavy ones must load only when a document is printed, a receipt is
checked, a migration is due or an export is made.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

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
    "qrcode",
    "PIL",
)
_IMPORTED = re.compile(r"^import time:\s+\d+ \|\s+\d+ \|\s*([\w.]+)\s*$")


def start_window(home: Path) -> set[str]:
    """Run the smoke test on ``home``; return the top-level packages it imported."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SEWAKA_HOME=str(home))
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "desktop", "--smoke-test"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "main window shown" in result.stdout
    return {
        found.group(1).split(".")[0]
        for line in result.stderr.splitlines()
        if (found := _IMPORTED.match(line))
    }


def test_starting_the_window_imports_no_heavy_library(tmp_path: Path) -> None:
    home = tmp_path / "home"
    first = start_window(home)  # a new data folder: the schema is made (Alembic may load)
    assert "PySide6" in first and "sqlalchemy" in first  # the check really sees imports
    assert not first & (set(HEAVY) - {"alembic"})

    again = start_window(home)  # an existing, current database: no migration is due
    assert not again & set(HEAVY), sorted(again & set(HEAVY))
