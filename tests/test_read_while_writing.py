"""Searching the list must not wait for, or block, a registration in progress."""

from __future__ import annotations

import sqlite3
import tempfile
import time
from pathlib import Path

from desktop.services.requests import RequestQuery, RequestService
from desktop.services.workspace import open_workspace


def test_search_answers_while_another_writer_holds_the_lock():
    home = Path(tempfile.mkdtemp(prefix="sewaka-lock-"))
    workspace = open_workspace(home)
    try:
        writer = sqlite3.connect(home / "sewaka.sqlite3", isolation_level=None)
        writer.execute("BEGIN IMMEDIATE")  # e.g. the counter PC saving a walk-in
        try:
            started = time.monotonic()
            assert RequestService(workspace).count(RequestQuery()) == 0
            assert RequestService(workspace).search(RequestQuery()).rows == []
            # busy_timeout is 10 s: a reader that took the write lock would wait that long.
            assert time.monotonic() - started < 2
        finally:
            writer.execute("ROLLBACK")
            writer.close()
    finally:
        workspace.close()
