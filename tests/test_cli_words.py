"""The command line's own words: argparse's messages in the office's language, and every
refusal written to the Sewaka log without what was typed."""

from __future__ import annotations

import argparse
import gettext
import os
import subprocess
import sys
from pathlib import Path

import pytest
from support import SITI_NIK

from desktop.cli import EXIT_USAGE, main
from desktop.services.settings import SettingsService
from desktop.services.workspace import open_workspace

ROOT = Path(__file__).resolve().parent.parent
ENGLISH_WORDS = (
    "usage:",
    "error:",
    "invalid int value",
    "the following arguments are required",
    "show this help message and exit",
    "invalid choice",
    "positional arguments",
    "options:",
)


def refused(home: Path, *words: str) -> int:
    """Run ``sewaka --data-dir HOME WORDS...`` in this process, which argparse ends: its code."""
    with pytest.raises(SystemExit) as raised:
        main(["--data-dir", str(home), *words])
    return int(raised.value.code or 0)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (("seed-demo", "--requests", "abc"), "argumen --requests: bukan bilangan bulat: 'abc'"),
        (("settings", "set"), "argumen berikut wajib diisi: KUNCI, NILAI"),
        (("report", "daily", "--paper", "99", "--out", "x.pdf"), "pilihan tidak valid: '99'"),
        (("export", "requests"), "argumen berikut wajib diisi: --out"),
        (("receipt-key", "--lebih"), "argumen tidak dikenal: --lebih"),
    ],
)
def test_usage_errors_are_in_indonesian(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], words: tuple[str, ...], expected: str
) -> None:
    code = refused(tmp_path, *words)
    said = capsys.readouterr().err

    assert code == EXIT_USAGE
    assert said.startswith("penggunaan: sewaka")
    assert "galat: " in said and expected in said
    for english in ENGLISH_WORDS:
        assert english not in said


def test_help_is_in_indonesian(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = refused(tmp_path, "export", "requests", "--help")
    shown = capsys.readouterr().out

    assert code == 0
    assert shown.startswith("penggunaan: sewaka export requests")
    assert "opsi:" in shown and "tampilkan bantuan ini lalu keluar" in shown
    for english in ENGLISH_WORDS:
        assert english not in shown


def test_argparse_is_left_as_it_was(tmp_path: Path) -> None:
    refused(tmp_path, "settings", "set")

    assert argparse._ is gettext.gettext  # type: ignore[attr-defined]
    assert argparse.ngettext is gettext.ngettext  # type: ignore[attr-defined]


def test_an_english_office_gets_argparse_in_english(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workspace = open_workspace(tmp_path)
    try:
        SettingsService(workspace).set("language", "en")
    finally:
        workspace.close()

    code = refused(tmp_path, "settings", "set")
    said = capsys.readouterr().err

    assert code == EXIT_USAGE
    assert said.startswith("usage: sewaka settings set")
    assert "error: the following arguments are required: KUNCI, NILAI" in said


def sewaka(home: Path, *words: str) -> subprocess.CompletedProcess[str]:
    """A real ``sewaka`` process (the log is set up as in the field, not by a test)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "desktop.cli", "--data-dir", str(home), *words],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.slow
def test_refusals_are_logged_without_what_was_typed(tmp_path: Path) -> None:
    home = tmp_path / "data"
    usage = sewaka(home, "receipt", SITI_NIK, "--paper", "99", "--out", "siti.pdf")
    no_folder = sewaka(home, "receipt", SITI_NIK, "--out", str(tmp_path / "tidak-ada" / "a.pdf"))
    bad_value = sewaka(home, "settings", "set", "office_name", "Suka\u202emaju")

    assert usage.returncode == no_folder.returncode == bad_value.returncode == EXIT_USAGE
    assert "pilihan tidak valid" in usage.stderr
    log = (home / "logs" / "sewaka.log").read_text("utf-8")
    refusals = [line for line in log.splitlines() if "command line refused" in line]
    assert len(refusals) == 3, log
    assert "sewaka receipt (usage: invalid choice" in refusals[0]
    assert "sewaka receipt (refused: exit 2)" in refusals[1]
    assert "sewaka settings set (refused: exit 2)" in refusals[2]
    # The messages, without the time stamp in front (its milliseconds can read "199").
    messages = "\n".join(line[line.index("command line refused") :] for line in refusals)
    for private in (SITI_NIK, "siti.pdf", "tidak-ada", "Suka", "99"):
        assert private not in messages
