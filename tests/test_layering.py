"""Only desktop.ui may import Qt's widget and GUI modules.

import-linter (pyproject.toml) enforces the other layering rules; it cannot
name sub-packages of an external package, so this one is checked here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import desktop

PACKAGE = Path(desktop.__file__).parent
GUI_MODULES = ("PySide6.QtWidgets", "PySide6.QtGui")


def gui_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found += [n for n in names if n.startswith(GUI_MODULES)]
    return found


def test_only_the_ui_package_imports_qt_widgets():
    offenders = {
        str(path.relative_to(PACKAGE)): gui_imports(path)
        for path in PACKAGE.rglob("*.py")
        if "ui" not in path.relative_to(PACKAGE).parts[:1] and gui_imports(path)
    }
    assert offenders == {}


def test_the_check_would_notice_a_widget_import(tmp_path: Path):
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtWidgets import QLabel\nimport PySide6.QtGui\n")
    assert gui_imports(bad) == ["PySide6.QtWidgets", "PySide6.QtGui"]
