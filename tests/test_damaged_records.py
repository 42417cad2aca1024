"""Damage inside records, which ``PRAGMA integrity_check`` cannot see.

A bad sector or a stray write changes bytes inside a row: the file's structure stays sound,
so SQLite's own checks pass. ``sewaka check`` finds a queued change whose payload no longer
matches its checksum, or a row that no longer matches its newest queued version, says so in
Indonesian, quarantines the entry (it is never sent) and exits non-zero. Text that is not
UTF-8 any more is shown as damaged, never a crash.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from support import (
    FakeClock,
    configure_office,
    outside_sewaka,
    person_form,
    sqlite,
    valid_form,
)

from desktop import paths
from desktop.cli import EXIT_DAMAGED_RECORDS, EXIT_OK, main
from desktop.domain import nik as nik_rules
from desktop.domain.nik import Sex
from desktop.domain.status import Status
from desktop.models.outbox import payload_checksum
from desktop.services.integrity import Damage, verify_outbox
from desktop.services.requests import RequestService
from desktop.services.workspace import Workspace, open_workspace

pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture
def office(home: Path) -> dict[str, str]:
    """A data folder with three registrations, one of them called; closed again."""
    workspace = open_workspace(home, clock=FakeClock(), actor="petugas-uji")
    try:
        configure_office(workspace)
        service = RequestService(workspace)
        siti = service.register(valid_form())
        budi = service.register(person_form("Budi Santoso", dt.date(1985, 1, 5), Sex.MALE, 12))
        service.change_status(budi.id, Status.CALLED)
        ayu = service.register(person_form("Ayu Lestari", dt.date(2001, 5, 21), Sex.FEMALE, 3))
    finally:
        workspace.close()
    return {"siti": siti.id, "budi": budi.id, "ayu": ayu.id}


def check(home: Path) -> int:
    return main(["--data-dir", str(home), "check"])


def database(home: Path) -> Path:
    return paths.database_path(home)


def entries(home: Path) -> list[tuple[int, str, str, int, str, str | None]]:
    with sqlite(database(home)) as conn:
        return conn.execute(
            "SELECT seq, entity, entity_id, version, state, last_error FROM outbox ORDER BY seq"
        ).fetchall()


def newest_entry(home: Path, entity: str, entity_id: str) -> int:
    with sqlite(database(home)) as conn:
        row = conn.execute(
            "SELECT seq FROM outbox WHERE entity = ? AND entity_id = ? ORDER BY version DESC",
            (entity, entity_id),
        ).fetchone()
    return int(row[0])


def quarantined(home: Path) -> dict[int, str]:
    return {seq: str(error) for seq, *_, state, error in entries(home) if state == "quarantined"}


# -- the check on clean data ----------------------------------------------------------------


def test_clean_data_passes_the_check_and_nothing_is_quarantined(
    home: Path, office: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert check(home) == EXIT_OK

    out = capsys.readouterr().out
    assert "integrity_check: ok" in out
    # 3 people, 3 requests and their first status; Budi's request called: version 2 + 1 status
    assert "11 entri menunggu diperiksa, 10 baris data dibandingkan" in out
    assert "Tidak ada data yang rusak." in out
    assert quarantined(home) == {}


# -- a payload changed inside the file ------------------------------------------------------


def test_a_flipped_byte_in_a_payload_is_quarantined_and_reported(
    home: Path, office: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    seq = newest_entry(home, "service_request", office["siti"])
    with sqlite(database(home)) as conn:  # one letter of the name, as a bad sector would
        conn.execute(
            "UPDATE outbox SET payload = replace(payload, 'Siti Rahmawati', 'Siti Rahmawatj')"
            " WHERE seq = ?",
            (seq,),
        )
    pending_before = len(entries(home))

    assert check(home) == EXIT_DAMAGED_RECORDS

    captured = capsys.readouterr()
    assert "DATA RUSAK" in captured.out
    assert f"service_request {office['siti']} versi 1" in captured.out
    assert "tidak cocok dengan checksum" in captured.out
    assert "1 entri antrean kirim dikarantina" in captured.out
    assert "cadangan" in captured.err  # what IT does about it
    assert "Siti" not in captured.out + captured.err  # ids only, never a name
    assert quarantined(home) == {seq: "damaged: checksum"}
    assert len(entries(home)) == pending_before  # nothing deleted

    # Run again: still not sent, still reported, not quarantined twice.
    assert check(home) == EXIT_DAMAGED_RECORDS
    assert "1 entri sudah dikarantina" in capsys.readouterr().out
    assert quarantined(home) == {seq: "damaged: checksum"}


def test_a_payload_that_is_not_utf8_or_json_any_more_is_quarantined(
    home: Path, office: dict[str, str]
) -> None:
    person = newest_entry(home, "person", office_person(home, "Budi Santoso"))
    request = newest_entry(home, "service_request", office["ayu"])
    with sqlite(database(home)) as conn:
        conn.execute(
            "UPDATE outbox SET payload = CAST(x'7b22ff223a317d' AS TEXT) WHERE seq = ?", (person,)
        )
        conn.execute("UPDATE outbox SET payload = substr(payload, 2) WHERE seq = ?", (request,))

    assert check(home) == EXIT_DAMAGED_RECORDS

    assert quarantined(home) == {person: "damaged: unreadable", request: "damaged: unreadable"}


def test_an_entry_whose_version_column_changed_is_quarantined(
    home: Path, office: dict[str, str]
) -> None:
    seq = newest_entry(home, "service_request", office["budi"])  # version 2 (called)
    with sqlite(database(home)) as conn:
        conn.execute("UPDATE outbox SET version = 3 WHERE seq = ?", (seq,))

    assert check(home) == EXIT_DAMAGED_RECORDS

    assert quarantined(home) == {seq: "damaged: entry_mismatch"}


# -- a synced row changed inside the file ---------------------------------------------------


def test_a_row_that_differs_from_its_queued_version_is_reported_and_not_sent(
    home: Path, office: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    with outside_sewaka(database(home)) as conn:
        conn.execute(
            "UPDATE service_request SET notes = 'x', queue_number = 'A-00' WHERE id = ?",
            (office["budi"],),
        )
    seq = newest_entry(home, "service_request", office["budi"])

    assert check(home) == EXIT_DAMAGED_RECORDS

    out = capsys.readouterr().out
    assert f"service_request {office['budi']} versi 2" in out
    assert "baris data berbeda" in out and "(kolom: notes, queue_number)" in out
    assert quarantined(home) == {seq: "damaged: row_differs: notes,queue_number"}


def test_the_service_finds_each_kind_of_damage_once(
    workspace: Workspace, request_service: RequestService
) -> None:
    row = request_service.register(valid_form())
    path = paths.database_path(workspace.home)
    assert verify_outbox(workspace).ok
    with outside_sewaka(path) as conn:
        conn.execute(
            "UPDATE person SET phone = '0812' WHERE nik = ?",
            (nik_rules.normalize(valid_form().nik),),
        )
        conn.execute("UPDATE outbox SET entity_id = 'nobody' WHERE entity = 'status_change'")

    result = verify_outbox(workspace)

    assert sorted((f.damage, f.entity) for f in result.findings) == [
        (Damage.ENTRY_MISMATCH, "status_change"),
        (Damage.MISSING_VERSIONS, "status_change"),
        (Damage.ROW_DIFFERS, "person"),
    ]
    assert result.quarantined == 2 and not result.ok
    assert row.id not in {f.entity_id for f in result.findings}  # the request is intact


def test_a_row_damaged_after_its_changes_were_sent_is_still_found(
    workspace: Workspace, request_service: RequestService
) -> None:
    row = request_service.register(valid_form())
    path = paths.database_path(workspace.home)
    with sqlite(path) as conn:  # the server confirmed everything
        conn.execute("UPDATE outbox SET state = 'confirmed'")
    with outside_sewaka(path) as conn:
        conn.execute("UPDATE service_request SET notes = 'x' WHERE id = ?", (row.id,))

    result = verify_outbox(workspace)

    assert [(f.damage, f.entity, f.columns) for f in result.findings] == [
        (Damage.ROW_DIFFERS, "service_request", ("notes",))
    ]
    assert result.checked == 0 and result.quarantined == 0  # nothing left to hold back
    assert not result.ok


def test_entries_the_server_rejected_are_not_damage(
    workspace: Workspace, request_service: RequestService
) -> None:
    request_service.register(valid_form())
    with sqlite(paths.database_path(workspace.home)) as conn:
        conn.execute(
            "UPDATE outbox SET state = 'quarantined', last_error = 'invalid: nik'"
            " WHERE entity = 'person'"
        )

    result = verify_outbox(workspace)

    assert result.ok and result.findings == ()
    assert (result.rejected, result.quarantined_before) == (1, 0)


# -- entries queued before the checksum existed ---------------------------------------------


def test_the_migration_gives_queued_entries_their_checksum(
    home: Path, office: dict[str, str]
) -> None:
    path = database(home)
    with sqlite(path) as conn:  # the same data as a Sewaka of revision 0003 left it
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%sewaka%'"
            " OR name = 'sync_guard_one_row'"
        ).fetchall():
            conn.execute(f"DROP TRIGGER {name}")
        for table in ("sync_state", "sync_guard", "tombstone"):  # made by 0005
            conn.execute(f"DROP TABLE {table}")
        conn.execute("ALTER TABLE outbox DROP COLUMN checksum")
        conn.execute("UPDATE alembic_version SET version_num = '0003'")
        broken = conn.execute("SELECT max(seq) FROM outbox").fetchone()[0]
        conn.execute(
            "UPDATE outbox SET payload = CAST(x'7b22ff223a317d' AS TEXT) WHERE seq = ?", (broken,)
        )

    workspace = open_workspace(home, clock=FakeClock(), actor="petugas-uji")
    try:
        with sqlite(path) as conn:
            rows = conn.execute(
                "SELECT seq, CAST(payload AS BLOB), checksum FROM outbox"
            ).fetchall()
        for seq, payload, checksum in rows:
            if seq == broken:
                assert checksum is None
            else:
                assert checksum == payload_checksum(json.loads(payload.decode()))
        # The entry that was already unreadable is not blessed: the check quarantines it.
        result = verify_outbox(workspace)
        assert [(f.seq, f.damage) for f in result.findings if f.seq is not None] == [
            (broken, Damage.UNREADABLE)
        ]
    finally:
        workspace.close()


def office_person(home: Path, name: str) -> str:
    with sqlite(database(home)) as conn:
        return str(conn.execute("SELECT id FROM person WHERE name = ?", (name,)).fetchone()[0])


# -- text that is not UTF-8 any more --------------------------------------------------------

# "Siti Rahm" + a byte that is not UTF-8 + "wati": what one flipped bit in a name looks like.
DAMAGED_NAME_SQL = "CAST(x'53697469205261686dff77617469' AS TEXT)"


@pytest.fixture
def damaged(workspace: Workspace, request_service: RequestService) -> dict[str, str]:
    """Two registrations; Siti's name and Budi's notes damaged inside the file."""
    siti = request_service.register(valid_form())
    budi = request_service.register(person_form("Budi Santoso", dt.date(1985, 1, 5), Sex.MALE, 12))
    request_service.change_status(budi.id, Status.CALLED, "")
    with outside_sewaka(paths.database_path(workspace.home)) as conn:
        conn.execute(
            f"UPDATE service_request SET name = {DAMAGED_NAME_SQL} WHERE id = ?", (siti.id,)
        )
        conn.execute(
            "UPDATE service_request SET notes = CAST(x'c328' AS TEXT) WHERE id = ?", (budi.id,)
        )
    return {"siti": siti.id, "budi": budi.id}


def test_undecodable_rows_are_listed_and_detailed_as_damaged(
    request_service: RequestService, damaged: dict[str, str]
) -> None:
    from desktop.services.requests import RequestQuery

    ayu = request_service.register(
        person_form("Ayu Lestari", dt.date(2001, 5, 21), Sex.FEMALE, 3)
    ).id
    rows = {r.id: r for r in request_service.search(RequestQuery()).rows}
    assert rows[damaged["siti"]].damaged and rows[damaged["budi"]].damaged
    assert not rows[ayu].damaged and not request_service.detail(ayu).row.damaged
    assert rows[damaged["siti"]].name == "Siti Rahm\ufffdwati"  # the rest is still readable

    detail = request_service.detail(damaged["budi"])  # raised "Could not decode to UTF-8"
    assert detail.row.damaged and detail.notes == "\ufffd("
    assert request_service.find_person(valid_form().nik) is not None


def test_export_report_and_receipt_do_not_crash_on_a_damaged_row(
    workspace: Workspace, damaged: dict[str, str], tmp_path: Path
) -> None:
    from desktop.services.export import export_requests
    from desktop.services.receipts import ReceiptService
    from desktop.services.reports import ReportService

    out = tmp_path / "permohonan.csv"
    assert export_requests(workspace, out, None, "csv") == 2
    assert "Siti Rahm\ufffdwati" in out.read_text(encoding="utf-8-sig")  # visibly damaged

    report = ReportService(workspace).daily()
    assert report.day == dt.date(2026, 3, 10)
    receipt = ReceiptService(workspace).receipt_data(damaged["siti"])
    assert receipt.queue_number == "A-001"


def test_the_request_list_says_data_rusak_and_the_detail_opens(
    qtbot: QtBot, request_service: RequestService, damaged: dict[str, str]
) -> None:
    from PySide6.QtCore import Qt

    from tests.ui.test_requests_page import make_page, settle

    page = make_page(qtbot, request_service)
    model = page.model
    names = [model.index(r, 3).data() for r in range(model.rowCount())]
    assert names == ["⚠ data rusak · Budi Santoso", "⚠ data rusak · Siti Rahm\ufffdwati"]
    assert "sewaka check" in model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)

    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Down)  # Siti, whose name cannot all be read
    settle(qtbot, page)
    assert "Data rusak: sebagian data permohonan ini tidak terbaca" in page.detail.text()
    assert "A-001" in page.detail.text()
    qtbot.keyClick(page.table, Qt.Key.Key_Up)  # Budi: damaged notes, history still shown
    settle(qtbot, page)
    assert "A-002" in page.detail.text() and "Riwayat" in page.detail.text()
    assert "Data rusak" in page.detail.text()
