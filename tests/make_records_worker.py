"""Make records in an office's data folder, as a separate process (the sync process tests).

    python tests/make_records_worker.py HOME COUNT [--first N] [--days D] [--day0 YYYY-MM-DD]
                                        [--people P]

Opens the folder like the application does (configuring the office on first use, as the
first-run setup would), then registers ``COUNT`` walk-ins through ``RequestService``: each
queues a person entry (a new person, or a new version of one who came before) and a request
entry. ``--first`` numbers them (so two runs make different people and addresses);
``--days`` spreads them over that many office days starting at ``--day0`` (09:00 WIB, one
second apart), so reconciliation has several days to compare. ``--people P`` first adds
``P`` people in bulk (one transaction per day, as an import would): one entry each, the
quick way to fill an outbox with thousands. Prints one line of JSON:
``{"registered": COUNT, "people": P, "tracking_codes": [...]}``.

Forms are made here, not read from a test module, so that this runs with only the project
root on ``sys.path``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from support import configure_office

from desktop.domain import nik as nik_rules
from desktop.domain.intake import IntakeForm, format_date
from desktop.models.tables import Person
from desktop.services.requests import RequestService
from desktop.services.settings import SettingsService
from desktop.services.workspace import open_workspace

WIB = ZoneInfo("Asia/Jakarta")
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
)


def form(i: int) -> IntakeForm:
    """Walk-in number ``i``: one of a few hundred people (some come back), any service."""
    person = i % 400
    sex = nik_rules.Sex.FEMALE if person % 2 else nik_rules.Sex.MALE
    birth = dt.date(1950 + person % 50, 1 + person % 12, 1 + person % 28)
    return IntakeForm(
        nik=nik_rules.compose("327305", birth, sex, 1 + person),
        name=NAMES[person % len(NAMES)],
        sex=sex.value,
        birth_date=format_date(birth),
        address=f"Jl. Merdeka No. {i}",
        rt="3",
        rw="5",
        hamlet="Dusun Krajan",
        phone="0812-3456-7890",
        service_code=SERVICES[i % len(SERVICES)],
        documents=(),
        notes="",
    )


def person(i: int) -> Person:
    """Someone added in bulk (never one of ``form``'s walk-ins: another region code)."""
    sex = nik_rules.Sex.FEMALE if i % 2 else nik_rules.Sex.MALE
    birth = dt.date(1950, 1, 1) + dt.timedelta(days=i % 20_000)
    return Person(
        nik=nik_rules.compose("330202", birth, sex, i // 20_000 + 1),
        name=NAMES[i % len(NAMES)],
        sex=sex.value,
        birth_date=birth,
        address=f"Jl. Mawar No. {i % 200}",
        rt=f"{i % 20 + 1:03d}",
        rw=f"{i % 9 + 1:03d}",
        hamlet="Dusun Krajan",
        phone=f"0812{i:07d}",
    )


def _spread(count: int, days: int) -> list[range]:
    per_day = -(-count // days)
    return [range(d * per_day, min(count, (d + 1) * per_day)) for d in range(days)]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("home", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--first", type=int, default=0)
    parser.add_argument("--days", type=int, default=1)
    parser.add_argument("--day0", type=dt.date.fromisoformat, default=None)
    parser.add_argument("--people", type=int, default=0)
    args = parser.parse_args(argv)

    fixed = args.day0 is not None  # else the PC's own clock
    moment = [dt.datetime.combine(args.day0, dt.time(9, 0), WIB) if fixed else dt.datetime.now(WIB)]

    def clock() -> dt.datetime:
        return moment[0] if fixed else dt.datetime.now(WIB)

    workspace = open_workspace(args.home, clock=clock, actor="uji-sinkron")
    try:
        if not SettingsService(workspace).load().configured:
            configure_office(workspace)
        service = RequestService(workspace)
        days = max(1, args.days)
        walk_ins = _spread(args.count, days)
        bulk = _spread(args.people, days)
        codes: list[str] = []
        start = moment[0]
        for day in range(days):
            at = start + dt.timedelta(days=day)
            for n in walk_ins[day]:
                moment[0] = at + dt.timedelta(seconds=len(codes))
                codes.append(service.register(form(args.first + n)).tracking_code)
            if bulk[day]:
                moment[0] = at + dt.timedelta(hours=8)
                with workspace.transaction() as session:  # the triggers queue one entry a row
                    session.add_all(person(args.first + n) for n in bulk[day])
    finally:
        workspace.close()
    print(json.dumps({"registered": len(codes), "people": args.people, "tracking_codes": codes}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
