"""A registering workload killed again and again (SIGKILL at random points), like a power cut.

After every kill and at the end: the file passes SQLite's full integrity check, the outbox
mirrors every synced row version by version (and ``verify_outbox`` finds nothing), no queue
number is held twice within (service, office day), the queue counters never fall behind the
numbers issued, and every registration the worker acknowledged (printed after its commit)
is there with its queue number.
"""

from __future__ import annotations

import contextlib
import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from support import assert_outbox_mirrors_every_synced_row, fetch_all

from desktop import paths
from desktop.models.database import integrity_problem
from desktop.services.integrity import verify_outbox
from desktop.services.workspace import Workspace, open_workspace

WORKER = Path(__file__).with_name("kill_loop_worker.py")
KILLS = 32
TIME_LIMIT = 40.0  # seconds for the whole loop; it takes about 10 on two busy cores
LINE_TIMEOUT = 15.0


class Worker:
    """The loader process of kill_loop_worker.py and the lines it prints."""

    def __init__(self, home: Path, errors: Path) -> None:
        self._stderr = errors.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER), str(home)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            bufsize=1,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put("")  # the loader has gone

    def next_line(self) -> str:
        line = self.lines.get(timeout=LINE_TIMEOUT)
        assert line, "the worker's loader ended unexpectedly"
        return line

    def go(self) -> int:
        assert self.process.stdin is not None
        self.process.stdin.write("go\n")
        self.process.stdin.flush()
        line = self.next_line()
        assert line.startswith("worker "), line
        return int(line.split()[1])

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
        self._stderr.close()


def check_everything(workspace: Workspace, acknowledged: dict[str, tuple[str, str, str]]) -> None:
    path = paths.database_path(workspace.home)
    assert integrity_problem(path) is None
    assert_outbox_mirrors_every_synced_row(workspace)
    found = verify_outbox(workspace)
    assert found.findings == () and found.ok, found

    doubled = fetch_all(
        workspace,
        "SELECT service_id, queue_day, queue_seq, count(*) AS n FROM service_request"
        " GROUP BY service_id, queue_day, queue_seq HAVING n > 1",
    )
    assert doubled == []
    behind = fetch_all(
        workspace,
        "SELECT r.service_id, r.queue_day, max(r.queue_seq) AS issued, c.last_number"
        " FROM service_request r LEFT JOIN queue_counter c"
        " ON c.service_id = r.service_id AND c.day = r.queue_day"
        " GROUP BY r.service_id, r.queue_day"
        " HAVING c.last_number IS NULL OR issued > c.last_number",
    )
    assert behind == []

    stored = {
        str(r["tracking_code"]): (str(r["code"]), str(r["queue_day"]), str(r["queue_number"]))
        for r in fetch_all(
            workspace,
            "SELECT tracking_code, s.code, queue_day, queue_number"
            " FROM service_request r JOIN service s ON s.id = r.service_id",
        )
    }
    lost = {code: ack for code, ack in acknowledged.items() if stored.get(code) != ack}
    assert lost == {}, "acknowledged registrations lost or changed"


@pytest.mark.slow
def test_registering_survives_sigkill_at_random_points(tmp_path: Path) -> None:
    home = tmp_path / "sewaka-home"
    open_workspace(home, actor="uji-bunuh").close()  # the data folder exists, as in an office
    seed = int(time.time())
    chance = random.Random(seed)
    worker = Worker(home, tmp_path / "worker-stderr.txt")
    workspace: Workspace | None = None
    acknowledged: dict[str, tuple[str, str, str]] = {}
    started = time.monotonic()
    try:
        assert worker.next_line() == "loaded"
        workspace = open_workspace(home, actor="uji-periksa")
        kills = 0
        while kills < KILLS:
            pid = worker.go()
            # From "before the database is even open" to "a few dozen registrations in".
            time.sleep(chance.uniform(0.0, 0.25))
            with contextlib.suppress(ProcessLookupError):  # ended by itself: reported below
                os.kill(pid, signal.SIGKILL)
            kills += 1
            while True:
                line = worker.next_line()
                cut, ended, rest = line.partition("ended ")
                parts = cut.split()
                # A line the kill cut short (no newline: it runs into "ended ...") was never
                # acknowledged; only whole "ack" lines count.
                if not ended and len(parts) == 5 and parts[0] == "ack":
                    _, code, service, day, number = parts
                    acknowledged[code] = (service, day, number)
                if ended:
                    status = int(rest.split()[0])
                    break
            assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, (
                f"the worker ended by itself (seed {seed}): "
                + (tmp_path / "worker-stderr.txt").read_text()
            )
            check_everything(workspace, acknowledged)
            assert time.monotonic() - started < TIME_LIMIT, f"too slow: {kills} kills"
    finally:
        worker.close()
        if workspace is not None:
            workspace.close()

    # The end: the data folder opens as after a power cut, and everything is still there.
    workspace = open_workspace(home, actor="uji-periksa")
    try:
        check_everything(workspace, acknowledged)
    finally:
        workspace.close()
    assert len(acknowledged) >= KILLS  # the workload really ran between the kills
