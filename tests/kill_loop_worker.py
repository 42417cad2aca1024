"""The workload that tests/test_kill_loop.py kills: walk-ins registered in a loop.

Run as ``python tests/kill_loop_worker.py HOME``. The process loads the application once,
prints ``loaded``, then for every ``go`` line on stdin forks a worker that opens the data
folder like a fresh start and works until it is killed: it registers walk-ins through
``RequestService`` (some of them people who came before, so their person row gets a new
version), calls and serves some of them, and prints one line per acknowledged
registration, flushed, after its transaction committed::

    ack <tracking code> <service code> <office day> <queue number>

Each worker first prints ``worker <pid>`` (the test kills that pid); when it has died the
loader prints ``ended <wait status>``. Forking after the imports keeps each round to the
cost of opening the database, so the test can kill 30+ times in seconds.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import traceback
from pathlib import Path

from desktop.domain import nik as nik_rules
from desktop.domain.intake import IntakeForm, format_date
from desktop.domain.status import Status
from desktop.services.requests import RequestService
from desktop.services.workspace import open_workspace

SERVICES = ("SKD", "SKTM", "SKU")
NAMES = (
    "Siti Rahmawati",
    "Budi Santoso",
    "Ni Luh Putu Ayu",
    "Bambang Wahyudi",
    "Sri Wahyuni",
    "Agus Salim",
    "Dewi Lestari",
    "Made Wirawan",
    "Rina Marlina",
    "Joko Susilo",
    "Yohana Maria",
)


def form(i: int) -> IntakeForm:
    person = i % len(NAMES)  # people come back: their person row is updated, not duplicated
    sex = nik_rules.Sex.FEMALE if person % 2 else nik_rules.Sex.MALE
    birth = dt.date(1960 + person, 1 + person % 12, 1 + person)
    return IntakeForm(
        nik=nik_rules.compose("327305", birth, sex, 1 + person),
        name=NAMES[person],
        sex=sex.value,
        birth_date=format_date(birth),
        address=f"Jl. Merdeka No. {i}",  # changes each visit: a new person version
        rt="3",
        rw="5",
        hamlet="Dusun Krajan",
        phone="0812-3456-7890",
        service_code=SERVICES[i % len(SERVICES)],
        documents=(),
        notes="",
    )


def work(home: Path, first: int) -> None:
    print(f"worker {os.getpid()}", flush=True)
    workspace = open_workspace(home, actor="uji-bunuh")
    service = RequestService(workspace)
    i = first
    while True:
        row = service.register(form(i))
        day = row.queue_day.isoformat() if row.queue_day else "-"
        print(f"ack {row.tracking_code} {row.service_code} {day} {row.queue_number}", flush=True)
        if i % 3 == 0:
            called = service.call_next(None)
            if called is not None and i % 2 == 0:
                service.change_status(called.id, Status.SERVING)
        i += 1


def main() -> None:
    home = Path(sys.argv[1])
    print("loaded", flush=True)
    for round_, line in enumerate(sys.stdin, start=1):
        if line.strip() != "go":
            break
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            try:
                work(home, round_ * 100_000)
            except BaseException:
                traceback.print_exc()  # the test shows stderr when a worker ends by itself
            os._exit(1)
        _, status = os.waitpid(pid, 0)
        print(f"ended {status}", flush=True)


if __name__ == "__main__":
    main()
