"""The whole application: it starts, speaks the chosen language, and refuses bad files."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMenu, QWidget
from pytestqt.qtbot import QtBot
from support import configure_office

from desktop import i18n
from desktop.services.application import Application
from desktop.services.settings import Settings, SettingsService
from desktop.services.workspace import open_workspace
from desktop.ui.intake_page import IntakePage
from desktop.ui.main_window import MainWindow
from desktop.ui.registry import ActionSpec, Menu, PageSpec, Registry, Shell
from desktop.ui.requests_page import RequestsPage


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
    home = tmp_path / "home"
    first = run_sewaka("--smoke-test", home=home)  # a new folder: the first-run setup first
    assert first.returncode == 0, first.stderr
    assert "setup wizard shown" in first.stdout
    assert (home / "sewaka.sqlite3").exists()
    workspace = open_workspace(home)
    configure_office(workspace)
    workspace.close()

    result = run_sewaka("--smoke-test", home=home)

    assert result.returncode == 0, result.stderr
    assert "main window shown" in result.stdout
    assert "workspace opened in" in result.stdout  # the database opened after the window


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
    qtbot: QtBot, gui_app: Application, settings_service: SettingsService
):
    settings_service.save(Settings(unit_kind="Kelurahan", office_name="Cempaka Putih"))
    window = MainWindow(gui_app)
    qtbot.addWidget(window)
    assert window.windowTitle() == "Sewaka — Kelurahan Cempaka Putih"
    assert window.tabs.tabText(0) == "Pendaftaran (F2)"
    assert "LATIHAN" not in window.office_label.text()


def test_a_training_folder_says_latihan_in_the_title_and_the_status_bar(
    qtbot: QtBot, gui_app: Application, monkeypatch: pytest.MonkeyPatch
):
    real_load = gui_app.settings.load

    def training() -> Settings:
        settings = real_load()
        if "training" in {f.name for f in dataclasses.fields(settings)}:
            return dataclasses.replace(settings, training=True)  # type: ignore[call-arg,unused-ignore]
        return SimpleNamespace(**dataclasses.asdict(settings), training=True)  # type: ignore[return-value]

    monkeypatch.setattr(gui_app.settings, "load", training)
    window = MainWindow(gui_app)
    qtbot.addWidget(window)
    assert "LATIHAN" in window.windowTitle()
    assert "LATIHAN" in window.office_label.text()


@pytest.fixture
def english():
    assert i18n.install("en"), "run `make translations` to build sewaka_en.qm"
    yield
    i18n.install("id")


def test_english_is_available(qtbot: QtBot, gui_app: Application, english):
    window = MainWindow(gui_app)
    qtbot.addWidget(window)
    assert window.tabs.tabText(0) == "Registration (F2)"
    intake = window.page("intake")
    assert isinstance(intake, IntakePage)
    assert intake.save_button.text().startswith("Save")
    requests = window.page("requests")
    assert isinstance(requests, RequestsPage)
    assert requests.status.itemText(1) == "Waiting"


# -- the window is built from what features register ---------------------------------------------


def menus_of(window: MainWindow) -> list[QMenu]:
    return [a.menu() for a in window.menuBar().actions() if isinstance(a.menu(), QMenu)]


def mnemonic(text: str) -> str | None:
    found = re.search(r"&([^&])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def test_no_two_items_of_a_menu_share_a_mnemonic(main_window: MainWindow):
    titles = [a.text() for a in main_window.menuBar().actions()]
    keys = [mnemonic(t) for t in titles if mnemonic(t)]
    assert len(keys) == len(set(keys)), titles
    for menu in menus_of(main_window):
        texts = [a.text() for a in menu.actions() if not a.isSeparator()]
        keys = [mnemonic(t) for t in texts if mnemonic(t)]
        assert len(keys) == len(set(keys)), (menu.title(), texts)


def test_menus_come_in_a_fixed_order_and_only_with_actions(qtbot: QtBot, gui_app: Application):
    def tools_and_file(registry: Registry) -> None:
        registry.add_action(ActionSpec("b", Menu.TOOLS, "&Alat uji", lambda shell: None))
        registry.add_action(ActionSpec("a", Menu.FILE, "&Berkas uji", lambda shell: None))

    window = MainWindow(gui_app, features=[tools_and_file])
    qtbot.addWidget(window)
    assert [a.text() for a in window.menuBar().actions()] == ["&Berkas", "&Alat"]


def test_a_feature_plugs_in_a_page_and_an_action_without_touching_the_window(
    qtbot: QtBot, gui_app: Application
):
    triggered: list[str] = []

    def build(shell: Shell) -> QWidget:
        page = QLineEdit()
        page.setPlaceholderText(shell.app.settings.load().office_name)
        return page

    def visitors(registry: Registry) -> None:
        registry.add_page(PageSpec("visitors", "Buku tamu (F6)", "F6", build, order=50))
        registry.add_action(
            ActionSpec(
                "greet",
                Menu.TOOLS,
                "&Sapa",
                lambda shell: (triggered.append("sapa"), shell.show_message("Halo")),
                "Ctrl+G",
            )
        )

    window = MainWindow(gui_app, features=[visitors])
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitActive(window):
        window.activateWindow()
    assert window.tabs.tabText(0) == "Buku tamu (F6)"
    assert window.page("visitors").objectName() == "visitors"

    qtbot.keyClick(window, Qt.Key.Key_F6)
    assert window.tabs.currentWidget() is window.page("visitors")
    qtbot.keyClick(window, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert triggered == ["sapa"]
    assert window.statusBar().currentMessage() == "Halo"
    view = next(m for m in menus_of(window) if m.objectName() == "menu_view")
    assert [a.text() for a in view.actions()] == ["Buku tamu"]


def test_f2_and_f3_switch_between_intake_and_the_list(qtbot: QtBot, main_window: MainWindow):
    main_window.show()
    with qtbot.waitActive(main_window):
        main_window.activateWindow()
    qtbot.keyClick(main_window, Qt.Key.Key_F3)
    assert main_window.tabs.currentWidget() is main_window.page("requests")
    qtbot.keyClick(main_window, Qt.Key.Key_F2)
    intake = main_window.page("intake")
    assert main_window.tabs.currentWidget() is intake
    assert isinstance(intake, IntakePage)
    qtbot.waitUntil(lambda: intake.nik.hasFocus())
