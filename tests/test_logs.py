"""The log file rolls over by size and keeps five older files, like the stdlib handler."""

from __future__ import annotations

import logging
from pathlib import Path

from desktop.logs import RotatingFile


def test_the_log_rolls_over_when_full_and_keeps_five_older_files(tmp_path: Path) -> None:
    handler = RotatingFile(tmp_path / "sewaka.log", max_bytes=200, backups=5)
    handler.setFormatter(logging.Formatter("%(message)s"))
    log = logging.getLogger("test_logs")
    log.propagate = False
    log.addHandler(handler)
    try:
        for number in range(60):
            log.warning("line %02d %s", number, "x" * 40)
    finally:
        log.removeHandler(handler)
        handler.close()

    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == [f"sewaka.log{suffix}" for suffix in ("", ".1", ".2", ".3", ".4", ".5")]
    assert all(path.stat().st_size <= 200 for path in tmp_path.iterdir())
    assert "line 59" in (tmp_path / "sewaka.log").read_text(encoding="utf-8")
    assert (
        (tmp_path / "sewaka.log.1")
        .read_text(encoding="utf-8")
        .splitlines()[-1]
        .startswith("line 55")
    )  # the lines just before, nothing lost between the files
