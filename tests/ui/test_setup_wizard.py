"""The first-run setup as an office clerk meets it: keyboard only, Bahasa Indonesia."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget, QWizard
from pytestqt.qtbot import QtBot

from desktop.services.settings import SettingsService
from desktop.services.workspace import Workspace, open_workspace
from desktop.ui import operations
from desktop.ui.registry import Menu, Registry
from desktop.ui.setup_wizard import SetupWizard, register


@pytest.fixture
def first_start(tmp_path: Path, gui_clock: object) -> Iterator[SettingsService]:
    """A data folder opened for the first time: the office is not known yet."""
    workspace: Workspace = open_workspace(
        tmp_path / "baru",
        clock=gui_clock,  # type: ignore[arg-type]
        actor="petugas-uji",
    )
    yield SettingsService(workspace)
    operations.wait_for_all()
    workspace.close()


@pytest.fixture
def wizard(qtbot: QtBot, first_start: SettingsService) -> SetupWizard:
    dialog = SetupWizard(first_start.load(), first_start)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def type_into(qtbot: QtBot, wizard: SetupWizard, name: str, text: str) -> None:
    widget = wizard.findChild(QWidget, name)
    assert widget is not None, name
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    qtbot.keyClicks(widget, text)


def press_enter(qtbot: QtBot) -> None:
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, Qt.Key.Key_Return)


def problems_shown(wizard: SetupWizard) -> str:
    label = wizard.currentPage().findChild(QLabel, "setupProblems")
    assert label is not None
    return label.text() if label.isVisible() else ""


def fill_office_page(qtbot: QtBot, wizard: SetupWizard) -> None:
    type_into(qtbot, wizard, "unitKind", "Banjar")
    type_into(qtbot, wizard, "officeName", "Tegal Sari")
    type_into(qtbot, wizard, "district", "Denpasar Barat")
    type_into(qtbot, wizard, "regency", "Kota Denpasar")
    type_into(qtbot, wizard, "officeAddress", "Jl. Gunung Agung No. 5")
    type_into(qtbot, wizard, "officePhone", "(0361) 484123")


def fill_head_page(qtbot: QtBot, wizard: SetupWizard) -> None:
    type_into(qtbot, wizard, "headName", "I Made Sudarma")
    type_into(qtbot, wizard, "headTitle", "Kelian Banjar")
    zone = wizard.findChild(QWidget, "timezone")
    zone.setFocus()
    qtbot.keyClick(zone, Qt.Key.Key_Down)  # WIB -> WITA, as Bali is


def test_a_new_folder_needs_the_setup_and_a_configured_one_does_not(
    first_start: SettingsService, settings_service: SettingsService
) -> None:
    # What start-up reads (the snapshot's settings) to decide on the first-run setup.
    assert not first_start.load().configured
    assert settings_service.load().configured  # the test office is configured


def test_a_clerk_completes_the_setup_with_the_keyboard(
    qtbot: QtBot, wizard: SetupWizard, first_start: SettingsService, tmp_path: Path
) -> None:
    fill_office_page(qtbot, wizard)
    press_enter(qtbot)
    assert wizard.currentPage() is wizard.head_page
    fill_head_page(qtbot, wizard)
    press_enter(qtbot)
    assert wizard.currentPage() is wizard.logo_page
    logo = tmp_path / "logo.png"
    Image.new("RGB", (300, 300), (200, 30, 30)).save(logo)
    type_into(qtbot, wizard, "logoPath", str(logo))
    press_enter(qtbot)  # Finish

    qtbot.waitUntil(lambda: wizard.result() == QWizard.DialogCode.Accepted)
    office = first_start.require_configured()
    assert office.place == "Banjar Tegal Sari"
    assert (office.district, office.regency) == ("Denpasar Barat", "Kota Denpasar")
    assert (office.head_name, office.head_title) == ("I Made Sudarma", "Kelian Banjar")
    assert (office.timezone, office.timezone_label) == ("Asia/Makassar", "WITA")
    assert office.office_phone == "(0361) 484123"
    path = first_start.logo_path()
    assert path is not None and path.name.startswith("logo-")  # copied into the data folder
    with Image.open(path) as copied:
        assert copied.size == (300, 300)


def test_a_missing_field_keeps_the_page_open_with_its_reason(
    qtbot: QtBot, wizard: SetupWizard
) -> None:
    fill_office_page(qtbot, wizard)
    type_into(qtbot, wizard, "district", "")
    type_into(qtbot, wizard, "officePhone", "kantor desa")

    press_enter(qtbot)

    assert wizard.currentPage() is wizard.office_page
    shown = problems_shown(wizard)
    assert "Kecamatan wajib diisi." in shown
    assert "Telepon kantor hanya berisi angka" in shown
    assert QApplication.focusWidget() is wizard.district  # straight to the first problem
    assert wizard.office_name.text() == "Tegal Sari"  # nothing typed is lost


def test_a_picture_that_is_not_a_logo_is_refused_before_finish(
    qtbot: QtBot, wizard: SetupWizard, first_start: SettingsService, tmp_path: Path
) -> None:
    fill_office_page(qtbot, wizard)
    press_enter(qtbot)
    fill_head_page(qtbot, wizard)
    press_enter(qtbot)
    huge = tmp_path / "spanduk.png"
    Image.new("RGB", (2500, 400), (0, 0, 0)).save(huge)
    type_into(qtbot, wizard, "logoPath", str(huge))

    press_enter(qtbot)

    assert "terlalu besar (paling besar 2000 x 2000 piksel)" in problems_shown(wizard)
    assert wizard.isVisible() and not first_start.load().configured

    type_into(qtbot, wizard, "logoPath", "")  # the logo is optional
    press_enter(qtbot)
    qtbot.waitUntil(lambda: wizard.result() == QWizard.DialogCode.Accepted)
    assert first_start.require_configured().logo == ""


def test_an_abandoned_setup_stores_nothing(
    qtbot: QtBot, wizard: SetupWizard, first_start: SettingsService
) -> None:
    fill_office_page(qtbot, wizard)
    press_enter(qtbot)
    fill_head_page(qtbot, wizard)

    qtbot.keyClick(wizard, Qt.Key.Key_Escape)

    assert wizard.result() == QWizard.DialogCode.Rejected
    settings = first_start.load()
    assert not settings.configured
    assert (settings.office_name, settings.head_name) == ("", "")


def test_the_file_menu_opens_the_same_wizard_prefilled(
    qtbot: QtBot, settings_service: SettingsService, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry = Registry()
    register(registry)
    [action] = registry.actions(Menu.FILE)
    assert action.text.replace("&", "") == "Data kantor…"
    seen: list[SetupWizard] = []
    messages: list[str] = []

    def exec_(self: SetupWizard) -> int:
        seen.append(self)
        assert self.office_name.text() == "Sukamaju"
        assert self.head_name.text() == "H. Ahmad Suryana"
        self.office_name.setText("Sukamaju Kidul")
        self.next()
        self.next()
        self.accept()
        qtbot.waitUntil(lambda: self.saved is not None)
        return QWizard.DialogCode.Accepted.value

    monkeypatch.setattr(SetupWizard, "exec", exec_)
    parent = QWidget()
    qtbot.addWidget(parent)
    changed: list[bool] = []
    shell = SimpleNamespace(
        app=SimpleNamespace(settings=settings_service),
        widget=lambda: parent,
        settings_changed=lambda: changed.append(True),
        show_message=lambda text, msecs=8000: messages.append(text),
    )

    action.trigger(shell)  # type: ignore[arg-type]

    qtbot.waitUntil(lambda: bool(messages))  # read off the UI thread, then the wizard opens
    assert seen and changed and messages == ["Data kantor disimpan."]
    assert settings_service.require_configured().place == "Desa Sukamaju Kidul"
