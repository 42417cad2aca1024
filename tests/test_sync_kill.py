"""SIGKILL in the middle of a sync, with real processes (docs/SYNC.md, "PC killed during
push or pull", "server killed mid-request").

The server is a real process (``sewaka server run``, SQLite); ``sewaka sync --once`` runs as a
real process through a fault proxy that only passes requests on and counts them, so each kill
lands at a chosen request of the round plus a random delay: while the server stores a batch,
while the PC records its answer, while it applies a pull page. After every kill: nothing is
marked confirmed that the server does not hold. After the last: one clean ``sewaka sync``
ends reconciled, every record is on the server exactly once, and ``sewaka check`` finds the
PC's data intact.

The random points come from a seed shown in every assertion message (``SEWAKA_KILL_SEED``
repeats a run).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from faultproxy import FaultProxy
from processes import Run, start_sewaka
from sync_fixtures import SMALL_BATCH
from sync_support import (
    Central,
    assert_confirmed_only_if_held,
    assert_held_once,
    device_id,
    device_rows,
    held_keys,
    new_pc,
    outbox_states,
    report,
    sewaka,
)

SEED = int(os.environ.get("SEWAKA_KILL_SEED") or random.SystemRandom().randrange(2**32))
PEOPLE = 3000  # with the walk-ins, seven push batches of BATCH
BATCH = SMALL_BATCH  # SEWAKA_SYNC_BATCH here: more batch boundaries for a kill to land between
WALK_INS = 5


pytestmark = pytest.mark.usefixtures("small_batches")  # tests/sync_fixtures.py


@pytest.fixture
def rng(request: pytest.FixtureRequest) -> random.Random:
    return random.Random(f"{SEED}-{request.node.name}")


def enrolled_pc(
    blank: Path,
    home: Path,
    central: Central,
    proxy: FaultProxy,
    walk_ins: int,
    people: int,
    *,
    synced: bool = False,
) -> str:
    """An office folder with records, enrolled through the proxy (and ``synced`` once);
    its office id."""
    pc = new_pc(blank, home, proxy.url)
    try:
        pc.add(walk_ins, people)
        office = central.new_office()
        pc.enrol(office.enrolment_code)
        if synced:
            assert pc.sync.sync_once().reconciled
        return office.office_id
    finally:
        pc.close()


@dataclass
class Kill:
    request: int  # the request of the round the kill waited for
    delay: float  # then this long
    code: int | None  # the process's exit: -9 when the kill landed
    states: dict[str, int]  # the PC's entries by state afterwards
    applied: int = 0  # central changes the PC had applied by then (the pull test)

    @property
    def landed(self) -> bool:
        return self.code == -signal.SIGKILL


def reached(process: subprocess.Popen[str], proxy: FaultProxy, count: int) -> bool:
    """Wait until the proxy has seen ``count`` requests (True), or the process ended."""
    deadline = time.monotonic() + 90
    while not proxy.wait_for("pass", count, timeout=0.02):
        if process.poll() is not None or time.monotonic() > deadline:
            return False
    return True


def sync_killed(home: Path, proxy: FaultProxy, request: int, delay: float) -> int | None:
    """Start ``sewaka sync --once``; SIGKILL it ``delay`` s after the proxy saw its
    ``request``-th request. Its exit code (-9 if the kill landed before it ended)."""
    seen = proxy.stats.get("pass", 0)
    process = start_sewaka(["sync", "--once", "--json"], home)
    try:
        if reached(process, proxy, seen + request):
            try:
                process.wait(delay)  # the random point: it may end first
            except subprocess.TimeoutExpired:
                process.send_signal(signal.SIGKILL)
        process.communicate(timeout=90)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    return process.returncode


def applied_from(home: Path, device: str) -> int:
    """Status changes in the PC's database that the server made (its own device id)."""
    rows = device_rows(home, "SELECT count(*) FROM status_change WHERE device_id = ?", device)
    return int(rows[0][0])


def clean_sync_is_reconciled(home: Path, url: str, why: str) -> dict[str, object]:
    done = sewaka(home, "sync", "--once", "--json")
    assert done.code == 0, f"{why}\n{done}"
    final = report(done)
    assert final["reconciled"] is True and final["problem"] is None, why
    assert_held_once(url, home)
    checked = sewaka(home, "check")
    assert checked.code == 0, f"{why}\n{checked}"
    return final


def test_the_pc_killed_during_a_push_loses_and_doubles_nothing(
    central: Central, proxy: FaultProxy, blank: Path, tmp_path: Path, rng: random.Random
) -> None:
    home = tmp_path / "kantor"
    enrolled_pc(blank, home, central, proxy, WALK_INS, PEOPLE)
    total = len(outbox_states(home))
    kills: list[Kill] = []

    for attempt in range(5):
        # Seven batches, each sent the moment the one before is answered; the third goes out
        # only after the first one's answers are recorded, and four are still to come. The
        # first kill lands there, within 15 ms of the third; the others anywhere.
        request = 3 if attempt == 0 else rng.randint(1, 4)
        delay = rng.uniform(0.0, 0.015 if attempt == 0 else 0.4)
        code = sync_killed(home, proxy, request, delay)
        states = dict(assert_confirmed_only_if_held(central.url, home))
        kills.append(Kill(request, delay, code, states))

    why = f"seed {SEED}: {kills}"
    assert any(k.landed and 0 < k.states.get("confirmed", 0) < total for k in kills), (
        f"no kill landed mid-push; {why}"
    )
    final = clean_sync_is_reconciled(home, central.url, why)
    assert len(outbox_states(home)) == total, why  # the kills made or lost no entries
    assert final["pending"] == 0 and final["quarantined"] == 0, why


FLIPS = 41  # central status changes per request: called, waiting, called, ... called


def test_the_pc_killed_while_applying_a_pull_applies_each_central_change_once(
    central: Central, proxy: FaultProxy, blank: Path, tmp_path: Path, rng: random.Random
) -> None:
    from server import feed

    home = tmp_path / "kantor"
    office_id = enrolled_pc(blank, home, central, proxy, 10, 0, synced=True)
    requests = [str(row[0]) for row in device_rows(home, "SELECT id FROM service_request")]
    # The back office moves each request back and forth: one pull page of 410 changes, and
    # each change the PC applies is a new version of its request, pushed back.
    with central.database.writing() as session:
        for flip in range(FLIPS):
            for request_id in requests:
                status = "called" if flip % 2 == 0 else "waiting"
                feed.record_central_status_change(session, office_id, request_id, status, "kab")
    central_device = feed.server_device_id(office_id)
    total = FLIPS * len(requests)
    kills: list[Kill] = []

    for attempt in range(3):
        # The round's first request is the pull until its page is applied (applying 410
        # changes takes about a second or more here): the first kill comes soon after it,
        # so that one surely lands in the pull; the others anywhere in the round.
        delay = rng.uniform(0.0, 0.3 if attempt == 0 else 2.5)
        code = sync_killed(home, proxy, 1, delay)
        states = dict(assert_confirmed_only_if_held(central.url, home))
        kills.append(Kill(1, delay, code, states, applied_from(home, central_device)))
        # A page is applied whole with its cursor, or not at all.
        assert kills[-1].applied in (0, total), f"seed {SEED}: {kills}"

    why = f"seed {SEED}: {kills}"
    assert any(k.landed and k.applied < total for k in kills), (
        f"no kill landed before the pull was applied; {why}"
    )
    clean_sync_is_reconciled(home, central.url, why)
    assert applied_from(home, central_device) == total, why
    assert device_rows(home, "SELECT count(DISTINCT id) = count(*) FROM status_change") == [(1,)], (
        why
    )
    statuses = device_rows(home, "SELECT DISTINCT status FROM service_request")
    assert statuses == [("called",)], why  # the last change of each, applied in order


def test_the_server_killed_during_a_push_keeps_whole_batches_and_the_pc_catches_up(
    central: Central, proxy: FaultProxy, blank: Path, tmp_path: Path, rng: random.Random
) -> None:
    home = tmp_path / "kantor"
    enrolled_pc(blank, home, central, proxy, WALK_INS, PEOPLE)
    total = len(outbox_states(home))
    # Killed within 20 ms of the first or second of the seven batches reaching the server:
    # the next batch leaves the moment one is answered, and the five or more left take far
    # longer than that, even on a machine several times faster than this one.
    request, delay = rng.randint(1, 2), rng.uniform(0.0, 0.02)
    seen = proxy.stats.get("pass", 0)
    process = start_sewaka(["sync", "--once", "--json"], home)
    try:
        assert reached(process, proxy, seen + request)
        try:
            process.wait(delay)
        except subprocess.TimeoutExpired:
            central.server.kill()  # SIGKILL: a power cut at the kabupaten
        out, err = process.communicate(timeout=90)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
        if not central.server.running():
            central.server.start()
    why = f"seed {SEED}: request {request} + {delay:.3f} s"
    assert process.returncode == 11, f"{why}\n{out}\n{err}"  # the server went away mid-round
    assert report(Run(11, out, err))["problem"] == "offline", why
    assert_confirmed_only_if_held(central.url, home)
    held = len(held_keys(central.url, device_id(home)))
    assert held % BATCH == 0 and held < total, f"{why}: {held} held"  # whole batches only

    clean_sync_is_reconciled(home, central.url, why)
    assert len(outbox_states(home)) == total, why
