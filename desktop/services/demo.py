"""Realistic demo data for training: people, NIKs with valid structure, statuses over days.

Demo data never mixes with real data: it goes only into an empty data folder (or one
seeded before), which then becomes a *training* folder with a demo office, so that
everything (receipts, reports, exports) works there at once and says LATIHAN.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select

from desktop.domain import nik as nik_rules
from desktop.domain.intake import IntakeForm, format_date
from desktop.domain.status import ALLOWED, NEEDS_REASON, TERMINAL, Status
from desktop.models.tables import ServiceRequest
from desktop.services.demo_types import RealData, RealDataPresent
from desktop.services.requests import RequestService
from desktop.services.settings import Settings, SettingsService
from desktop.services.workspace import Workspace

Progress = Callable[[int, int], None]
"""Called with (requests made so far, requests asked for) while seeding."""

# The office of a training folder: clearly not a real one, complete enough to print.
DEMO_OFFICE = Settings(
    unit_kind="Desa",
    office_name="Latihan Sukamaju",
    district="Cileunyi",
    regency="Kabupaten Bandung",
    office_address="Jl. Raya Latihan No. 1",
    office_phone="(022) 7800000",
    head_name="H. Ahmad Suryana (contoh)",
    head_title="Kepala Desa",
    training=True,
    configured=True,
)

FIRST_MALE = (
    "Budi",
    "Agus",
    "Bambang",
    "Slamet",
    "Joko",
    "Ahmad",
    "Wayan",
    "Made",
    "Ketut",
    "Dedi",
    "Eko",
    "Hendra",
    "Rizky",
    "Yusuf",
    "Teguh",
    "Putu",
    "Andi",
    "Fajar",
    "Imam",
    "Nyoman",
)
FIRST_FEMALE = (
    "Siti",
    "Sri",
    "Dewi",
    "Nur",
    "Ayu",
    "Wulan",
    "Ratna",
    "Endang",
    "Rina",
    "Kadek",
    "Lestari",
    "Fitri",
    "Indah",
    "Ni Luh",
    "Yuliani",
    "Aisyah",
    "Rahmawati",
    "Komang",
)
FAMILY = (
    "Santoso",
    "Wijaya",
    "Saputra",
    "Hidayat",
    "Setiawan",
    "Kurniawan",
    "Pratama",
    "Susanto",
    "Lestari",
    "Wahyuni",
    "Sudirman",
    "Nugroho",
    "Suryani",
    "Halim",
    "Gunawan",
    "Purnomo",
    "Yulianti",
    "Rahayu",
    "Hartono",
    "Sasmita",
)
STREETS = ("Jl. Merdeka", "Jl. Raya Desa", "Jl. Melati", "Gg. Kenanga", "Jl. Pahlawan")
HAMLETS = ("Dusun Krajan", "Dusun Sukamulya", "Dusun Cibodas", "Banjar Tengah", "Dusun Wetan")
# Real district codes (Bandung, Denpasar, Sleman, Malang).
REGIONS = ("327305", "510304", "340409", "350708")
NOTES = ("", "", "", "Mohon dipercepat", "Berkas lengkap", "Untuk keperluan sekolah anak")
REASONS = {
    Status.ON_HOLD: "Menunggu tanda tangan lurah",
    Status.REJECTED: "Berkas tidak lengkap",
    Status.CANCELLED: "Pemohon membatalkan",
}


class SteppingClock:
    """A clock the seeder moves through office hours of past days."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now


@dataclass(frozen=True)
class DemoSummary:
    requests: int
    days: int


def check_can_seed(workspace: Workspace) -> None:
    """Raise :class:`RealDataPresent` unless the folder is empty or already a training folder."""
    settings = SettingsService(workspace).load()
    if settings.training:
        return
    with workspace.reading() as session:
        count = session.scalar(select(func.count()).select_from(ServiceRequest)) or 0
    if count:
        raise RealDataPresent(RealData.REQUESTS, count)
    if settings.configured:
        raise RealDataPresent(RealData.OFFICE)


def seed_demo(
    workspace: Workspace,
    requests: int = 200,
    days: int = 5,
    seed: int | None = None,
    progress: Progress | None = None,
) -> DemoSummary:
    """Register ``requests`` walk-ins spread over the last ``days`` office days.

    Only into an empty data folder or a training folder (else :class:`RealDataPresent`,
    and nothing is written); the folder becomes a training folder with the demo office
    (its language and time zone are kept). Everything goes through the real services,
    so the demo data has queue numbers, status histories, outbox and audit entries
    exactly like real use.
    """
    check_can_seed(workspace)
    settings = SettingsService(workspace)
    current = settings.load()
    if not current.training:
        settings.save(
            dataclasses.replace(
                DEMO_OFFICE,
                language=current.language,
                timezone=current.timezone,
                receipt_footer=current.receipt_footer,
            )
        )
    rng = random.Random(seed)
    real_clock = workspace.clock
    end = real_clock()
    clock = SteppingClock(end - dt.timedelta(days=days - 1))
    workspace.clock = clock
    workspace.sync.clock = clock
    try:
        service = RequestService(workspace)
        catalogue = service.services()
        made = 0
        for day_index in range(days):
            day_start = (end - dt.timedelta(days=days - 1 - day_index)).replace(
                hour=1, minute=0, second=0, microsecond=0
            )  # 08:00 WIB
            # An even share of the total, so exactly ``requests`` are made even when
            # there are fewer requests than days.
            todays = requests * (day_index + 1) // days - made
            for i in range(todays):
                clock.now = day_start + dt.timedelta(seconds=int(i * 7 * 3600 / max(todays, 1)))
                clock.now = min(clock.now, end)
                offering = rng.choice(catalogue)
                form = _walk_in(rng, offering.code, offering.requirements, clock.now.date())
                row = service.register(form)
                made += 1
                _advance(rng, service, row.id, clock, end, last_day=day_index == days - 1)
                if progress is not None:
                    progress(made, requests)
        return DemoSummary(requests=made, days=days)
    finally:
        workspace.clock = real_clock
        workspace.sync.clock = real_clock


def _walk_in(
    rng: random.Random, code: str, requirements: tuple[str, ...], today: dt.date
) -> IntakeForm:
    sex = rng.choice((nik_rules.Sex.MALE, nik_rules.Sex.FEMALE))
    first = rng.choice(FIRST_MALE if sex is nik_rules.Sex.MALE else FIRST_FEMALE)
    name = f"{first} {rng.choice(FAMILY)}"
    birth = today - dt.timedelta(days=rng.randint(17 * 365, 80 * 365))
    nik = nik_rules.compose(rng.choice(REGIONS), birth, sex, rng.randint(1, 9999))
    brought = tuple(r for r in requirements if rng.random() < 0.8)
    return IntakeForm(
        nik=nik,
        name=name,
        sex=sex.value,
        birth_date=format_date(birth),
        address=f"{rng.choice(STREETS)} No. {rng.randint(1, 120)}",
        rt=str(rng.randint(1, 12)),
        rw=str(rng.randint(1, 6)),
        hamlet=rng.choice(HAMLETS),
        phone=f"08{rng.randint(11, 59)}{rng.randint(1000000, 99999999)}",
        service_code=code,
        documents=brought,
        notes=rng.choice(NOTES),
    )


def _advance(
    rng: random.Random,
    service: RequestService,
    request_id: str,
    clock: SteppingClock,
    end: dt.datetime,
    last_day: bool,
) -> None:
    """Walk a request along a plausible path; today's requests may stay open."""
    status = Status.WAITING
    happy = [Status.CALLED, Status.SERVING, Status.READY, Status.PICKED_UP]
    steps = rng.randint(0, 4) if last_day else 4
    for target in happy[:steps]:
        if rng.random() < 0.05 and status is Status.SERVING:
            target = rng.choice((Status.ON_HOLD, Status.REJECTED))
        elif rng.random() < 0.02 and Status.CANCELLED in ALLOWED[status]:
            target = Status.CANCELLED
        clock.now += dt.timedelta(minutes=rng.randint(2, 25))
        if clock.now > end:  # nothing happens in the future
            clock.now = end
            return
        reason = REASONS[target] if target in NEEDS_REASON else ""
        service.change_status(request_id, target, reason)
        status = target
        if status in TERMINAL or status is Status.ON_HOLD:
            return
