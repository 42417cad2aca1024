"""Backups staff make from the menu: a checked, complete copy that never overwrites a file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from support import count_rows, fetch_all, valid_form

from desktop.models import database as database_module
from desktop.models.database import backup_file as real_backup_file
from desktop.services.backup import (
    BackupDamaged,
    BackupRefusal,
    BackupRefused,
    BackupService,
)
from desktop.services.requests import RequestService
from desktop.services.workspace import Workspace


@pytest.fixture
def three_requests(request_service: RequestService) -> None:
    for code in ("SKD", "SKTM", "SKU"):
        request_service.register(valid_form(service_code=code))


def test_a_backup_holds_every_request_and_opens_on_its_own(
    tmp_path: Path, workspace: Workspace, three_requests: None
) -> None:
    out = tmp_path / "cadangan.sqlite3"

    result = BackupService(workspace).backup(out)

    assert result.path == out and result.size == out.stat().st_size > 0
    with sqlite3.connect(f"{out.as_uri()}?mode=ro", uri=True) as copy:
        assert copy.execute("SELECT count(*) FROM service_request").fetchone() == (3,)
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cadangan.sqlite3", "sewaka-home"]


def test_a_backup_is_audited_without_personal_data(
    tmp_path: Path, workspace: Workspace, three_requests: None
) -> None:
    BackupService(workspace).backup(tmp_path / "cadangan.sqlite3")

    audit = fetch_all(workspace, "SELECT * FROM audit_log WHERE action = 'data.backed_up'")
    assert len(audit) == 1
    assert audit[0]["actor"] == "petugas-uji"
    assert "Siti" not in str(audit[0]) and "3273055708900003" not in str(audit[0])


def test_an_existing_file_is_never_overwritten(
    tmp_path: Path, workspace: Workspace, three_requests: None
) -> None:
    out = tmp_path / "cadangan.sqlite3"
    out.write_bytes(b"cadangan kemarin")

    with pytest.raises(BackupRefused) as refused:
        BackupService(workspace).backup(out)

    assert refused.value.reason is BackupRefusal.EXISTS
    assert out.read_bytes() == b"cadangan kemarin"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cadangan.sqlite3", "sewaka-home"]


def test_a_missing_folder_is_refused_not_created(tmp_path: Path, workspace: Workspace) -> None:
    out = tmp_path / "usb" / "cadangan.sqlite3"

    with pytest.raises(BackupRefused) as refused:
        BackupService(workspace).backup(out)

    assert refused.value.reason is BackupRefusal.MISSING_FOLDER
    assert not out.parent.exists()


def test_a_copy_that_fails_its_check_never_takes_the_name(
    tmp_path: Path, workspace: Workspace, three_requests: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def damaged_copy(source: Path, destination: Path) -> Path:
        """The real copy, then garbage over the request table's first page (a failing disk)."""
        real_backup_file(source, destination)
        with sqlite3.connect(destination) as conn:
            page_size = conn.execute("PRAGMA page_size").fetchone()[0]
            root = conn.execute(
                "SELECT rootpage FROM sqlite_master WHERE name = 'service_request'"
            ).fetchone()[0]
        conn.close()
        with destination.open("r+b") as handle:
            handle.seek((root - 1) * page_size)
            handle.write(bytes(range(256)) * 2)
        return destination

    monkeypatch.setattr(database_module, "backup_file", damaged_copy)
    out = tmp_path / "cadangan.sqlite3"

    with pytest.raises(BackupDamaged):
        BackupService(workspace).backup(out)

    assert sorted(p.name for p in tmp_path.iterdir()) == ["sewaka-home"]
    assert not fetch_all(workspace, "SELECT * FROM audit_log WHERE action = 'data.backed_up'")


def test_a_backup_does_not_disturb_the_counter(
    tmp_path: Path, workspace: Workspace, request_service: RequestService, three_requests: None
) -> None:
    before = count_rows(workspace, ("service_request",))
    BackupService(workspace).backup(tmp_path / "a.sqlite3")

    request_service.register(valid_form(service_code="SKD"))  # the live file still takes writes

    assert count_rows(workspace, ("service_request",))["service_request"] == (
        before["service_request"] + 1
    )


def test_a_file_where_the_folder_should_be_cannot_be_written(
    tmp_path: Path, workspace: Workspace
) -> None:
    not_a_folder = tmp_path / "catatan.txt"
    not_a_folder.write_text("bukan folder", encoding="utf-8")

    with pytest.raises(NotADirectoryError):
        BackupService(workspace).backup(not_a_folder / "cadangan.sqlite3")

    assert not_a_folder.read_text(encoding="utf-8") == "bukan folder"
