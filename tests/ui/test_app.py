"""The whole application: it starts, speaks the chosen language, and refuses bad files."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.services.printing import PrintService
from desktop.services.requests import RequestService
from desktop.services.settings import Settings, SettingsService
from desktop.ui.main_window import MainWindow


def run_sewaka(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SEWAKA_HOME=str(home))
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_smoke_test_starts_the_full_gui_and_exits_zero(tmp_path: Path):
    result = run_sewaka("--smoke-test", home=tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert "main window shown" in result.stdout
    assert (tmp_path / "home" / "sewaka.sqlite3").exists()


def test_smoke_test_on_a_damaged_file_says_so_and_leaves_it(tmp_path: Path):
    home = tmp_path / "home"
    home.mkdir()
    database = home / "sewaka.sqlite3"
    database.write_bytes(b"this is not a database at all" * 100)
    before = hashlib.sha256(database.read_bytes()).hexdigest()

    result = run_sewaka("--smoke-test", home=home)

    assert result.returncode == 3
    assert "bukan berkas data Sewaka" in result.stderr
    assert "cadangan" in result.stderr  # tells how to restore
    assert hashlib.sha256(database.read_bytes()).hexdigest() == before


def test_main_window_title_uses_the_local_unit_name(
    qtbot: QtBot, requests_service: RequestService, settings_service: SettingsService
):
    settings_service.save(Settings(unit_kind="Kelurahan", office_name="Cempaka Putih"))
    window = MainWindow(requests_service, settings_service, PrintService(requests_service._ws))
    qtbot.addWidget(window)
    assert window.windowTitle() == "Sewaka — Kelurahan Cempaka Putih"
    assert window.tabs.tabText(0) == "Pendaftaran (F2)"


@pytest.fixture
def english():
    assert i18n.install("en"), "run `make translations` to build sewaka_en.qm"
    yield
    i18n.install("id")


def test_english_is_available(
    qtbot: QtBot, requests_service: RequestService, settings_service: SettingsService, english
):
    window = MainWindow(requests_service, settings_service, PrintService(requests_service._ws))
    qtbot.addWidget(window)
    assert window.tabs.tabText(0) == "Registration (F2)"
    assert window.intake.save_button.text().startswith("Save")
    assert window.requests.status.itemText(1) == "Waiting"
