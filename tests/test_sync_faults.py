"""Network faults between a PC and the real central server (docs/SYNC.md, "Failure cases").

The server is a real process (``sewaka server run``, SQLite in ``tmp_path``); the PC's sync
talks to it through the fault-injecting proxy (``tests/faultproxy.py``, one mode per HTTP
request). The PC is an office folder with its sync service in this process (a round takes
a fraction of a second, a ``sewaka sync`` process two), except one test that runs the real
``sewaka sync --once --json`` to see its exit codes.

For each fault: the round that meets it ends with the problem staff would see, no entry is
marked confirmed unless the server really holds it, and once the network is good again the
next round ends reconciled with every record on the server exactly once. Where the server
had committed before the answer was lost, the retry is answered "duplicate" for that batch.
Last, a server restored from an older backup: the PC finds the days the server lost and
sends them again, and a change made at the back office after the restore still reaches it
(the feed hands out sequence numbers again that the PC's cursor had passed).
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from faultproxy import FaultProxy
from support import FakeClock
from sync_fixtures import SMALL_BATCH
from sync_support import (
    NORMAL_READ,
    Central,
    Pc,
    assert_confirmed_only_if_held,
    assert_held_once,
    central_server,
    device_rows,
    held_keys,
    make_records,
    new_pc,
    outbox_states,
    report,
    server_export,
    sewaka,
    wait_until,
)

from desktop.services.sync_types import SyncProblem

BATCH = SMALL_BATCH  # the engine's batch size here (SEWAKA_SYNC_BATCH)
WALK_INS = 4  # 3 entries each: person, request, its first status change
PEOPLE = 1000  # one entry each: with the walk-ins, three push batches (500, 500, 12)
ENTRIES = 3 * WALK_INS + PEOPLE
SHORT_READ = 1.0  # for the round that meets a held or missing answer


# Every test here: batches of SMALL_BATCH (three pushes a round), through a fresh proxy to
# this module's server (tests/sync_fixtures.py).
pytestmark = pytest.mark.usefixtures("small_batches")


@pytest.fixture
def pc(central: Central, proxy: FaultProxy, blank: Path, tmp_path: Path) -> Iterator[Pc]:
    made = new_pc(blank, tmp_path / "kantor", proxy.url)
    try:
        made.add(WALK_INS, PEOPLE)
        made.enrol(central.new_office().enrolment_code)
        yield made
    finally:
        made.close()


# (fault, its options, which request of the round meets it, the problem staff see, entries
# the server committed although the PC heard nothing: answered "duplicate" next time)
#
# A round here is: push 1, push 2, push 3 (500, 500, 12 entries), pull, reconcile.
FAULTS = [
    pytest.param("offline", {}, 0, SyncProblem.OFFLINE, 0, id="offline"),
    pytest.param("reset_request", {}, 1, SyncProblem.OFFLINE, 0, id="reset-mid-request"),
    pytest.param("lose_response", {}, 0, SyncProblem.OFFLINE, BATCH, id="reply-lost"),
    pytest.param("truncate_response", {}, 1, SyncProblem.OFFLINE, BATCH, id="reply-cut-short"),
    pytest.param("garbage_response", {}, 3, SyncProblem.OFFLINE, 0, id="garbage-to-pull"),
    pytest.param("http_500", {}, 4, SyncProblem.SERVER_ERROR, 0, id="500-to-reconcile"),
    pytest.param("http_500", {}, 2, SyncProblem.SERVER_ERROR, 0, id="500-to-push"),
    pytest.param("delay", {"seconds": 5.0}, 0, SyncProblem.OFFLINE, BATCH, id="timeout"),
    pytest.param("blackhole", {}, 0, SyncProblem.OFFLINE, 0, id="no-answer-ever"),
]


@pytest.mark.parametrize(("mode", "options", "position", "problem", "committed"), FAULTS)
def test_a_fault_fails_one_round_and_the_next_one_reconciles_every_record_once(
    central: Central,
    proxy: FaultProxy,
    pc: Pc,
    mode: str,
    options: dict[str, Any],
    position: int,
    problem: SyncProblem,
    committed: int,
) -> None:
    if mode == "offline":
        proxy.set("offline")
    else:
        proxy.fail_next(position, "pass")  # the requests before it go through
        proxy.fail_next(1, mode, **options)
    if mode in ("delay", "blackhole"):
        pc.timeouts(SHORT_READ)

    failed = pc.sync.sync_once()

    assert proxy.stats.get(mode, 0) >= 1, "the fault never happened"
    assert failed.problem is problem
    assert failed.reconciled is False
    pushed_before = position * BATCH if position < 3 else ENTRIES  # answered before it
    # The server holds what it answered for and, where the answer was lost, that whole batch
    # (held back by the proxy, the answer may come after the PC gave up: waited for).
    device = pc.workspace.sync.device_id
    assert wait_until(lambda: len(held_keys(central.url, device)) >= pushed_before + committed)
    assert len(held_keys(central.url, device)) == pushed_before + committed  # never half one
    states = assert_confirmed_only_if_held(central.url, pc.home)
    assert states["confirmed"] == pushed_before  # only what the server answered for
    status = pc.sync.status()
    assert status.problem is problem and status.reconciled is False
    # The batch on the wire was sent and never answered: "terkirim", not confirmed (the
    # PC cannot know whether the server stored it).
    assert status.sent == (min(BATCH, ENTRIES - pushed_before) if position < 3 else 0)

    proxy.set("pass")
    pc.timeouts(NORMAL_READ)
    again = pc.sync.sync_once()

    assert again.problem is None, again
    assert again.reconciled is True
    assert again.duplicates == committed  # a lost reply is not an error
    assert again.pushed + again.duplicates == ENTRIES - pushed_before
    assert again.pending == 0 and again.quarantined == 0
    assert len(assert_held_once(central.url, pc.home)) == ENTRIES
    assert pc.sync.status().reconciled is True


def test_sewaka_sync_exits_11_on_a_lost_reply_and_0_once_the_retry_is_answered(
    central: Central, proxy: FaultProxy, tmp_path: Path
) -> None:
    home = tmp_path / "kantor"
    codes = make_records(home, 6, people=600)  # 618 entries: two batches
    office = central.new_office()
    done = sewaka(home, "enrol", "--server", proxy.url, "--code", office.enrolment_code)
    assert done.code == 0, done
    proxy.fail_next(1, "pass")  # the first batch goes through
    proxy.fail_next(1, "lose_response")  # the server stores the second; its answer is lost

    lost = sewaka(home, "sync", "--once", "--json")

    assert lost.code == 11, lost  # not reconciled: the server could not be heard
    first = report(lost)
    assert first["problem"] == "offline" and first["reconciled"] is False
    assert first["pushed"] == BATCH and first["pending"] == 618 - BATCH
    assert "Tersinkron penuh" not in lost.stdout

    retried = sewaka(home, "sync", "--once", "--json")

    assert retried.code == 0, retried
    second = report(retried)
    assert second["problem"] is None and second["reconciled"] is True
    assert (second["pushed"], second["duplicates"]) == (0, 618 - BATCH)
    assert len(assert_held_once(central.url, home)) == 618
    exported = server_export(central.url, central.home, office.code, tmp_path / "server.csv")
    assert sorted(row[0] for row in exported) == sorted(codes)


# -- a server restored from an older backup ----------------------------------------------------


def backup(database: Path, to: Path) -> None:
    """An online copy of the server's SQLite file, as a nightly backup job makes it."""
    source = sqlite3.connect(database)
    target = sqlite3.connect(to)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def day_counts(url: str, device: str) -> dict[str, int]:
    from sync_support import server_rows

    rows = server_rows(
        url,
        "SELECT day, count(*) FROM current WHERE device_id = :device GROUP BY day",
        device=device,
    )
    return {str(day): int(n) for day, n in rows}


@pytest.fixture
def own_central(tmp_path: Path) -> Iterator[Central]:
    """A server of the test's own: it is stopped and its database replaced."""
    folder = tmp_path / "central"
    folder.mkdir()
    with central_server(folder) as started:
        yield started


def restart_from(central: Central, copy: Path) -> None:
    """Stop the server, put ``copy`` in place of its database, start it again."""
    central.server.terminate()
    central.database.dispose()  # this process's pooled connections: to the replaced file
    database = central.home / "server.sqlite3"
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(copy, database)
    central.server.start()


def test_a_server_restored_from_an_older_backup_gets_the_lost_days_again(
    own_central: Central, blank: Path, tmp_path: Path
) -> None:
    central = own_central
    clock = FakeClock()  # Tuesday 10 March 2026, 09:00 WIB
    pc = new_pc(blank, tmp_path / "kantor", central.server.url, clock)
    try:
        pc.add(3, 40)
        clock.advance(days=1)
        pc.add(3, 40, first=100)
        pc.enrol(central.new_office().enrolment_code)
        assert pc.sync.sync_once().reconciled
        device = pc.workspace.sync.device_id
        before = day_counts(central.url, device)
        backup(central.home / "server.sqlite3", tmp_path / "nightly.sqlite3")

        # The next days: more on the last day the backup holds, then two new days; a person
        # from the first day comes back (a new version of a row of a day the backup holds).
        pc.add(2, 10, first=200)
        clock.advance(days=1)
        pc.add(3, 20, first=300)
        clock.advance(days=1)
        pc.add(1, 0, first=0)
        assert pc.sync.sync_once().reconciled
        everything = len(outbox_states(pc.home))
        assert len(day_counts(central.url, device)) == 4 > len(before)

        restart_from(central, tmp_path / "nightly.sqlite3")
        assert day_counts(central.url, device) == before  # two days lost, and more

        after = pc.sync.sync_once()

        assert after.problem is None, after
        assert after.reconciled is True
        assert after.resent > 0 and after.pushed > 0
        assert len(assert_held_once(central.url, pc.home)) == everything
    finally:
        pc.close()


def test_a_central_change_made_after_a_restore_still_reaches_the_pc(
    own_central: Central, blank: Path, tmp_path: Path
) -> None:
    from server import feed

    central = own_central
    pc = new_pc(blank, tmp_path / "kantor", central.server.url)
    try:
        pc.add(2, 0)
        office = central.new_office()
        pc.enrol(office.enrolment_code)
        assert pc.sync.sync_once().reconciled
        backup(central.home / "server.sqlite3", tmp_path / "nightly.sqlite3")
        first, second = [
            str(row[0])
            for row in device_rows(pc.home, "SELECT id FROM service_request ORDER BY id")
        ]
        with central.database.writing() as session:  # the back office calls the first
            feed.record_central_status_change(session, office.office_id, first, "called", "kab")
        assert pc.sync.sync_once().pulled == 1

        restart_from(central, tmp_path / "nightly.sqlite3")
        with central.database.writing() as session:  # after the restore: the second
            feed.record_central_status_change(session, office.office_id, second, "called", "kab")
        pc.sync.sync_once()

        statuses = dict(device_rows(pc.home, "SELECT id, status FROM service_request"))
        assert statuses[second] == "called"
    finally:
        pc.close()
