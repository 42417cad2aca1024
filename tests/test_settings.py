"""The office's own details: first-run configuration, validation, logo, time zone."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from support import TEST_OFFICE, WIB, FakeClock, fetch_all, sqlite, valid_form

from desktop import paths
from desktop.domain import office
from desktop.domain.office import OfficeProblem
from desktop.services.requests import RequestService
from desktop.services.settings import (
    LOGO_MAX_BYTES,
    LogoProblem,
    LogoRejected,
    OfficeNotConfigured,
    Settings,
    SettingsInvalid,
    SettingsService,
    UnknownSetting,
)
from desktop.services.workspace import Workspace, open_workspace


@pytest.fixture
def fresh(home: Path, clock: FakeClock) -> Iterator[Workspace]:
    """A data folder opened for the first time: nobody has filled in the office yet."""
    ws = open_workspace(home, clock=clock, actor="petugas-uji")
    yield ws
    ws.close()


def stored(workspace: Workspace) -> dict[str, str]:
    return {str(r["key"]): str(r["value"]) for r in fetch_all(workspace, "SELECT * FROM setting")}


def audit(workspace: Workspace) -> list[dict[str, object]]:
    return fetch_all(workspace, "SELECT * FROM audit_log WHERE action = 'settings.changed'")


def png(path: Path, size: tuple[int, int] = (120, 120)) -> Path:
    Image.new("RGB", size, (20, 90, 160)).save(path, "PNG")
    return path


# -- configuration ---------------------------------------------------------------------------


def test_a_new_folder_is_not_configured_and_has_no_made_up_office(fresh: Workspace) -> None:
    service = SettingsService(fresh)
    settings = service.load()

    assert not settings.configured and not settings.training
    assert settings.office_name == "" and settings.place == ""
    with pytest.raises(OfficeNotConfigured) as refused:
        service.require_configured()
    assert "office_name" in refused.value.missing and "head_name" in refused.value.missing


def test_an_older_database_with_the_old_default_name_is_not_configured(
    home: Path, clock: FakeClock
) -> None:
    """Folders from before this release stored office details but never completed a setup."""
    ws = open_workspace(home, clock=clock)
    ws.close()
    with sqlite(paths.database_path(home)) as conn:
        conn.execute("INSERT INTO setting (key, value) VALUES ('office_name', 'Sukamaju')")
        conn.execute("INSERT INTO setting (key, value) VALUES ('language', 'en')")
    ws = open_workspace(home, clock=clock)
    try:
        settings = SettingsService(ws).load()
        assert (settings.office_name, settings.language) == ("Sukamaju", "en")
        assert settings.configured is False
        with pytest.raises(OfficeNotConfigured):
            SettingsService(ws).require_configured()
    finally:
        ws.close()


def test_completing_the_setup_stores_the_office_and_configures_it(fresh: Workspace) -> None:
    service = SettingsService(fresh)
    office_details = dataclasses.replace(
        TEST_OFFICE, configured=False, office_name="  Sukamaju   Kidul ", timezone="Asia/Makassar"
    )

    service.complete_setup(office_details)

    settings = service.require_configured()
    assert settings.place == "Desa Sukamaju Kidul"  # spaces as typed are tidied
    assert settings.timezone_label == "WITA"
    assert stored(fresh)["configured"] == "true"  # yes/no as text in the settings table
    [entry] = audit(fresh)
    assert "office_name" in str(entry["details"]) and "Sukamaju" not in str(entry["details"])
    assert "Suryana" not in str(entry["details"])


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [
        ({"office_name": ""}, "office_name", OfficeProblem.REQUIRED),
        ({"head_name": "   "}, "head_name", OfficeProblem.REQUIRED),
        ({"office_phone": "telp. 022-123"}, "office_phone", OfficeProblem.BAD_PHONE),
        ({"office_phone": "12"}, "office_phone", OfficeProblem.BAD_PHONE),
        ({"timezone": "Europe/Berlin"}, "timezone", OfficeProblem.UNKNOWN_TIMEZONE),
        ({"office_name": "X" * 81}, "office_name", OfficeProblem.TOO_LONG),
        ({"language": "jv"}, "language", OfficeProblem.UNKNOWN_LANGUAGE),
    ],
)
def test_bad_office_details_are_refused_and_nothing_is_stored(
    fresh: Workspace, change: dict[str, str], field: str, problem: OfficeProblem
) -> None:
    service = SettingsService(fresh)
    before = stored(fresh)

    with pytest.raises(SettingsInvalid) as refused:
        service.complete_setup(dataclasses.replace(TEST_OFFICE, **change))  # type: ignore[arg-type]

    assert refused.value.problems == {field: problem}
    assert stored(fresh) == before
    assert not service.load().configured


def test_a_configured_office_cannot_lose_a_required_detail(workspace: Workspace) -> None:
    service = SettingsService(workspace)
    with pytest.raises(SettingsInvalid) as refused:
        service.save(dataclasses.replace(service.load(), regency=""))
    assert refused.value.problems == {"regency": OfficeProblem.REQUIRED}
    assert service.require_configured().regency == "Kabupaten Bandung"


def test_language_and_footer_can_be_saved_before_the_setup(fresh: Workspace) -> None:
    service = SettingsService(fresh)
    service.save(dataclasses.replace(service.load(), language="en", receipt_footer="Terima kasih"))
    assert (service.load().language, service.load().receipt_footer) == ("en", "Terima kasih")
    assert not service.load().configured


# -- one key at a time (sewaka settings set) -------------------------------------------------


def test_setting_every_required_detail_key_by_key_configures_the_office(
    fresh: Workspace,
) -> None:
    service = SettingsService(fresh)
    required = [name for name in office.REQUIRED if name not in ("unit_kind", "timezone")]
    for name in required[:-1]:
        service.set(name, str(getattr(TEST_OFFICE, name)))
        assert not service.load().configured
    last = required[-1]

    service.set(last, str(getattr(TEST_OFFICE, last)))

    assert service.require_configured().place == "Desa Sukamaju"
    assert audit(fresh)[-1]["details"] == f"{last},configured"


def test_set_refuses_unknown_keys_and_the_flags_it_computes(fresh: Workspace) -> None:
    service = SettingsService(fresh)
    for key in ("kepala", "configured", "training"):
        with pytest.raises(UnknownSetting):
            service.set(key, "true")
    with pytest.raises(SettingsInvalid):
        service.set("timezone", "WIB")
    assert stored(fresh) == {}


# -- logo --------------------------------------------------------------------------------------


def test_a_logo_is_copied_into_the_data_folder(workspace: Workspace, tmp_path: Path) -> None:
    service = SettingsService(workspace)
    source = png(tmp_path / "logo kabupaten.png")

    service.set_logo(source)
    source.unlink()  # the office's copy does not depend on the chosen file

    path = service.logo_path()
    assert path is not None and path.parent == workspace.home
    with Image.open(path) as image:
        assert image.size == (120, 120)


def test_a_new_logo_replaces_the_old_file_and_an_empty_one_removes_it(
    workspace: Workspace, tmp_path: Path
) -> None:
    service = SettingsService(workspace)
    service.set_logo(png(tmp_path / "a.png"))
    first = service.logo_path()
    service.set("logo", str(png(tmp_path / "b.png", (200, 100))))
    second = service.logo_path()
    assert first is not None and second is not None and first != second
    assert not first.exists()

    service.set("logo", "")

    assert service.logo_path() is None and not second.exists()


def write_truncated_png(path: Path) -> Path:
    png(path, (400, 400))
    path.write_bytes(path.read_bytes()[:200])
    return path


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda p: p / "tidak-ada.png", LogoProblem.MISSING),
        (lambda p: (p / "surat.png").write_text("bukan gambar") and p / "surat.png", None),
        (lambda p: png(p / "besar.png", (2400, 300)), LogoProblem.TOO_MANY_PIXELS),
        (lambda p: write_truncated_png(p / "rusak.png"), LogoProblem.NOT_AN_IMAGE),
    ],
)
def test_a_bad_logo_is_refused_and_the_old_one_stays(
    workspace: Workspace, tmp_path: Path, make: object, problem: LogoProblem | None
) -> None:
    service = SettingsService(workspace)
    service.set_logo(png(tmp_path / "lama.png"))
    before = service.logo_path()

    with pytest.raises(LogoRejected) as refused:
        service.set_logo(make(tmp_path))  # type: ignore[operator]

    assert refused.value.problem is (problem or LogoProblem.NOT_AN_IMAGE)
    assert service.logo_path() == before


def test_a_logo_file_over_two_megabytes_is_refused(workspace: Workspace, tmp_path: Path) -> None:
    big = tmp_path / "foto.jpg"
    Image.effect_noise((1900, 1900), 90).convert("RGB").save(big, "JPEG", quality=100)
    assert big.stat().st_size > LOGO_MAX_BYTES
    with pytest.raises(LogoRejected) as refused:
        SettingsService(workspace).set_logo(big)
    assert refused.value.problem is LogoProblem.TOO_LARGE


def test_a_logo_chosen_in_a_setup_that_is_refused_is_not_stored(
    fresh: Workspace, tmp_path: Path
) -> None:
    service = SettingsService(fresh)
    with pytest.raises(SettingsInvalid):
        service.complete_setup(
            dataclasses.replace(TEST_OFFICE, head_name=""), png(tmp_path / "logo.png")
        )
    assert service.logo_path() is None
    assert not list(fresh.home.glob("logo*"))


# -- time zone ---------------------------------------------------------------------------------


def test_the_office_day_follows_the_time_zone_setting(
    workspace: Workspace, clock: FakeClock
) -> None:
    """23:30 WIB is already 00:30 the next day in Bali (WITA): a new queue day there."""
    settings = SettingsService(workspace)
    requests = RequestService(workspace)
    clock.set(dt.datetime(2026, 3, 10, 23, 30, tzinfo=WIB))
    assert requests.register(valid_form()).queue_number == "A-001"

    settings.set("timezone", "Asia/Makassar")

    second = requests.register(valid_form())
    assert second.queue_number == "A-001"  # a new office day, so the queue starts again
    assert second.created_at.astimezone(WIB).date() == dt.date(2026, 3, 10)


# -- the pure rules ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phone", ["", "(022) 7801234", "0361-222333", "+62 22 780 1234", "0812.3456.7890"]
)
def test_office_phones_as_offices_write_them(phone: str) -> None:
    assert office.phone_problem(phone) is None


@pytest.mark.parametrize("phone", ["1234", "022-abc", "62+22123456", "0" * 16])
def test_phone_numbers_that_are_not(phone: str) -> None:
    assert office.phone_problem(phone) is OfficeProblem.BAD_PHONE


def test_time_zone_labels_and_yes_no_words() -> None:
    assert [office.timezone_label(z) for z in office.TIMEZONES] == ["WIB", "WITA", "WIT"]
    assert [office.parse_bool(w) for w in ("ya", "TRUE", "0", "tidak", "mungkin")] == [
        True,
        True,
        False,
        False,
        None,
    ]


def test_settings_defaults_are_not_configured() -> None:
    assert Settings().missing() == (
        "office_name",
        "district",
        "regency",
        "office_address",
        "head_name",
        "head_title",
    )


def test_a_backup_is_named_in_office_time(workspace: Workspace, clock: FakeClock) -> None:
    """The PC may be set to UTC; the file name follows the office's clock (here WIT)."""
    from desktop.services.backup import BackupService

    SettingsService(workspace).set("timezone", "Asia/Jayapura")
    clock.set(dt.datetime(2026, 3, 10, 23, 30, tzinfo=WIB))  # 01:30 WIT on 11 March

    assert BackupService(workspace).suggested_name().startswith("sewaka-cadangan-20260311-0130")
