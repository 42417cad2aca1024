"""Small widget helpers shared by the pages."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QObject

W = TypeVar("W", bound=QObject)


def named(widget: W, name: str) -> W:
    """Give a widget the object name tests and style sheets find it by."""
    widget.setObjectName(name)
    return widget
