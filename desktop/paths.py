"""Where Sewaka keeps its files: the platform's user data directory unless told otherwise."""

from __future__ import annotations

import os
from pathlib import Path

ENV_HOME = "SEWAKA_HOME"
DATABASE_NAME = "sewaka.sqlite3"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """``--data-dir`` wins, then ``SEWAKA_HOME``, then the platform's user data directory."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path  # not needed (nor loaded) when a folder is given

    return user_data_path("Sewaka", appauthor=False)


def database_path(home: Path) -> Path:
    return home / DATABASE_NAME


def backup_dir(home: Path) -> Path:
    return home / "backups"


def log_dir(home: Path) -> Path:
    return home / "logs"
