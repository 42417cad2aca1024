"""Registering walk-ins and finding them again, through the service the UI and CLI use."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from support import (
    BUDI_NIK,
    MORNING,
    SITI_NIK,
    WIB,
    FakeClock,
    assert_outbox_mirrors_every_synced_row,
    count_rows,
    fetch_all,
    person_form,
    valid_form,
)

from desktop.domain import nik as nik_rules
from desktop.domain.ids import normalize_tracking_code
from desktop.domain.intake import Field, FieldProblem, Problem
from desktop.domain.nik import NikProblem, Sex
from desktop.domain.status import Status
from desktop.services.requests import (
    IntakeRejected,
    OpenRequestExists,
    Page,
    PageKey,
    RequestQuery,
    RequestRow,
    RequestService,
)
from desktop.services.workspace import Workspace

BUDI = {"nik": BUDI_NIK, "name": "Budi Santoso", "sex": "M", "birth_date": "05-01-1985"}

# -- registering --------------------------------------------------------------------------------


def test_register_gives_queue_number_and_a_valid_tracking_code(
    request_service: RequestService,
) -> None:
    row = request_service.register(valid_form())

    assert row.queue_number == "A-001"
    assert normalize_tracking_code(row.tracking_code) == row.tracking_code
    assert row.status is Status.WAITING
    assert row.service_code == "SKD"
    assert row.service_name == "Surat Keterangan Domisili"
    assert row.name == "Siti Rahmawati"
    assert row.nik_masked == "327305********03"
    assert row.created_at == MORNING
    # SKD is promised in one working day: registered on Tuesday, ready on Wednesday.
    assert row.expected_date == dt.date(2026, 3, 11)


def test_promised_date_skips_the_weekend(request_service: RequestService, clock: FakeClock) -> None:
    clock.set(dt.datetime(2026, 3, 13, 14, 0, tzinfo=WIB))  # Friday afternoon
    assert request_service.register(valid_form(service_code="SKD")).expected_date == dt.date(
        2026, 3, 16
    )  # Monday
    assert request_service.register(valid_form(service_code="PINDAH")).expected_date == dt.date(
        2026, 3, 18
    )  # three working days: Wednesday


def test_tracking_codes_are_all_different(request_service: RequestService) -> None:
    codes = {request_service.register(valid_form()).tracking_code for _ in range(30)}
    assert len(codes) == 30


def test_only_documents_the_service_asks_for_are_recorded(request_service: RequestService) -> None:
    row = request_service.register(
        valid_form(documents=("Surat pengantar RT/RW", "Foto tempat usaha"), notes="Berkas lengkap")
    )
    detail = request_service.detail(row.id)
    assert detail.documents == ("Surat pengantar RT/RW",)  # SKD does not need a shop photo
    assert detail.notes == "Berkas lengkap"


def test_nik_typed_with_spaces_or_dots_is_stored_as_sixteen_digits(
    workspace: Workspace, request_service: RequestService
) -> None:
    request_service.register(valid_form(nik="3273 0557 0890 0003"))
    request_service.register(valid_form(nik="3273.0557.0890.0003"))

    with workspace.engine.connect() as conn:
        stored = {r[0] for r in conn.exec_driver_sql("SELECT nik FROM service_request")}
        people = conn.exec_driver_sql("SELECT count(*) FROM person").scalar_one()
    assert stored == {SITI_NIK}
    assert people == 1  # the same person, however the number was typed


def test_a_known_nik_fills_in_the_person(request_service: RequestService) -> None:
    assert request_service.find_person(SITI_NIK) is None
    request_service.register(valid_form())

    for typed in (SITI_NIK, "3273 0557 0890 0003", "3273.0557.0890.0003"):
        person = request_service.find_person(typed)
        assert person is not None
        assert person.name == "Siti Rahmawati"
        assert person.sex == "F"
        assert person.birth_date == dt.date(1990, 8, 17)
        assert (person.address, person.rt, person.rw) == ("Jl. Merdeka No. 12", "003", "005")
        assert person.hamlet == "Dusun Krajan"
        assert person.phone == "081234567890"

    assert request_service.find_person(SITI_NIK[:12]) is None  # not typed out yet
    assert request_service.find_person(BUDI_NIK) is None


def test_the_latest_details_are_remembered_but_old_requests_keep_theirs(
    request_service: RequestService, clock: FakeClock
) -> None:
    first = request_service.register(valid_form())
    clock.advance(days=30)
    request_service.register(valid_form(name="Siti Rahmawati Putri", address="Jl. Melati 3"))

    person = request_service.find_person(SITI_NIK)
    assert person is not None
    assert (person.name, person.address) == ("Siti Rahmawati Putri", "Jl. Melati 3")
    assert request_service.detail(first.id).row.name == "Siti Rahmawati"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"nik": "3273055708900"}, [FieldProblem(Field.NIK, NikProblem.TOO_SHORT)]),
        ({"nik": "9973055708900003"}, [FieldProblem(Field.NIK, NikProblem.BAD_PROVINCE)]),
        ({"name": ""}, [FieldProblem(Field.NAME, Problem.REQUIRED)]),
        (
            {"nik": "3273055506260003", "birth_date": "15-06-2026"},
            [FieldProblem(Field.BIRTH_DATE, Problem.DATE_IN_FUTURE)],
        ),
        ({"notes": "x" * 5000}, [FieldProblem(Field.NOTES, Problem.TOO_LONG, 2000)]),
        ({"service_code": "PASPOR"}, [FieldProblem(Field.SERVICE, Problem.UNKNOWN_SERVICE)]),
        (
            {"nik": "3273 0557 0890 00O3", "name": "", "notes": "x" * 5000},
            [
                FieldProblem(Field.NIK, NikProblem.NOT_DIGITS),
                FieldProblem(Field.NAME, Problem.REQUIRED),
                FieldProblem(Field.NOTES, Problem.TOO_LONG, 2000),
            ],
        ),
    ],
)
def test_bad_input_is_rejected_with_its_problems_and_nothing_is_saved(
    workspace: Workspace,
    request_service: RequestService,
    changes: dict[str, str],
    expected: list[FieldProblem],
) -> None:
    request_service.register(valid_form(**BUDI))  # something already stored
    before = count_rows(workspace)

    with pytest.raises(IntakeRejected) as raised:
        request_service.register(valid_form(**changes))

    assert raised.value.problems == expected
    assert count_rows(workspace) == before
    assert request_service.find_person(SITI_NIK) is None


def test_the_catalogue_lists_every_service_with_its_queue_letter(
    request_service: RequestService,
) -> None:
    services = request_service.services()
    assert [s.code for s in services][:3] == ["SKD", "SKTM", "SKCK"]
    assert len({s.queue_prefix for s in services}) == len(services) == 10
    assert all(s.requirements and s.standard_days >= 1 for s in services)


# -- finding requests ---------------------------------------------------------------------------

PEOPLE = [
    ("Sri Wahyuni", dt.date(1970, 2, 3), Sex.FEMALE, "SKD"),
    ("Sri Rahayu", dt.date(1982, 11, 30), Sex.FEMALE, "SKTM"),
    ("Bambang Wahyudi", dt.date(1965, 7, 9), Sex.MALE, "SKD"),
    ("Ni Luh Putu Ayu", dt.date(2001, 5, 21), Sex.FEMALE, "SKCK"),
    ("Dédé Sunarya", dt.date(1990, 12, 1), Sex.MALE, "SKD"),
]


@pytest.fixture
def people(request_service: RequestService, clock: FakeClock) -> dict[str, RequestRow]:
    rows = {}
    for serial, (name, birth, sex, code) in enumerate(PEOPLE, start=1):
        rows[name] = request_service.register(
            person_form(name, birth, sex, serial, service_code=code)
        )
        clock.advance(minutes=5)
    return rows


def names(service: RequestService, text: str = "", **filters: object) -> list[str]:
    return [r.name for r in service.search(RequestQuery(text=text, **filters)).rows]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("sri wah", ["Sri Wahyuni"]),
        ("SRI", ["Sri Rahayu", "Sri Wahyuni"]),
        ("wahyu", ["Bambang Wahyudi", "Sri Wahyuni"]),
        ("wah sri", ["Sri Wahyuni"]),  # word order does not matter
        ("putu ayu", ["Ni Luh Putu Ayu"]),
        ("dede", ["Dédé Sunarya"]),  # accents ignored
        ("ahyuni", []),  # only beginnings of words
        ("Joko", []),
        ("?!", []),  # nothing searchable typed
    ],
)
def test_search_by_name_matches_word_beginnings_in_any_case(
    request_service: RequestService, people: dict[str, RequestRow], typed: str, found: list[str]
) -> None:
    assert sorted(names(request_service, typed)) == found


def test_search_by_nik_prefix(
    request_service: RequestService, people: dict[str, RequestRow]
) -> None:
    nik = nik_rules.compose("327305", dt.date(1970, 2, 3), Sex.FEMALE, 1)  # Sri Wahyuni's

    assert len(names(request_service, "3273")) == len(PEOPLE)  # everyone is from Bandung
    assert names(request_service, nik) == ["Sri Wahyuni"]
    assert names(request_service, nik[:10]) == ["Sri Wahyuni"]
    assert names(request_service, "3273 0543 02") == ["Sri Wahyuni"]
    assert names(request_service, "3274") == []


def test_search_by_tracking_code_as_people_type_it(
    request_service: RequestService, people: dict[str, RequestRow]
) -> None:
    code = people["Ni Luh Putu Ayu"].tracking_code
    for typed in (code, code.lower(), code.replace("-", "").lower(), f" {code[:4]} {code[5:]} "):
        assert names(request_service, typed) == ["Ni Luh Putu Ayu"], typed


def test_a_nik_prefix_that_looks_like_a_tracking_code_still_finds_the_person(
    request_service: RequestService,
) -> None:
    # About one 9-digit prefix in 31 passes the tracking code's check character by chance.
    birth = dt.date(1980, 1, 1)
    while normalize_tracking_code(nik_rules.compose("327305", birth, Sex.MALE, 1)[:9]) is None:
        birth += dt.timedelta(days=1)
    nik = nik_rules.compose("327305", birth, Sex.MALE, 1)
    request_service.register(person_form("Eko Prasetyo", birth, Sex.MALE, 1))

    assert names(request_service, nik[:9]) == ["Eko Prasetyo"]


def test_a_name_that_looks_like_a_tracking_code_is_still_found(
    request_service: RequestService,
) -> None:
    first = ["Ade", "Eka", "Ani", "Tri", "Dwi", "Eko", "Rita", "Sari", "Yani", "Rina", "Dewi"]
    last = ["Rahmat", "Hasan", "Santi", "Jaya", "Hakim", "Karim", "Hamid", "Bahar", "Sapari"]
    lookalikes = [f"{a} {b}" for a in first for b in last if normalize_tracking_code(f"{a} {b}")]
    assert lookalikes, "precondition: some name passes the tracking code check"
    name = lookalikes[0]
    request_service.register(valid_form(name=name))

    assert names(request_service, name) == [name]


def test_filters_by_day_status_and_service(
    request_service: RequestService, clock: FakeClock, people: dict[str, RequestRow]
) -> None:
    clock.advance(days=1)
    tomorrow = request_service.register(valid_form(**BUDI, service_code="SKD"))
    request_service.change_status(people["Sri Wahyuni"].id, Status.CALLED)
    today, next_day = dt.date(2026, 3, 10), dt.date(2026, 3, 11)

    assert len(names(request_service, day=today)) == len(PEOPLE)
    assert names(request_service, day=next_day) == [tomorrow.name]
    assert names(request_service, status=Status.CALLED) == ["Sri Wahyuni"]
    assert sorted(names(request_service, service_code="SKD", day=today)) == [
        "Bambang Wahyudi",
        "Dédé Sunarya",
        "Sri Wahyuni",
    ]
    assert names(request_service, "sri", service_code="SKTM") == ["Sri Rahayu"]
    assert names(request_service, "sri", status=Status.WAITING) == ["Sri Rahayu"]
    assert names(request_service, "budi", day=today) == []
    assert request_service.count(RequestQuery(service_code="SKD")) == 4
    assert request_service.count(RequestQuery(text="sri", status=Status.CALLED)) == 1


def test_search_lists_newest_first(
    request_service: RequestService, people: dict[str, RequestRow]
) -> None:
    assert names(request_service) == [p[0] for p in reversed(PEOPLE)]


# -- paging through many requests ---------------------------------------------------------------


def all_pages(service: RequestService, query: RequestQuery, limit: int) -> Iterator[Page]:
    after: PageKey | None = None
    for _ in range(1000):
        page = service.search(query, after=after, limit=limit)
        yield page
        if page.next_key is None:
            return
        after = page.next_key
    raise AssertionError("paging never ended")


@pytest.fixture
def many(request_service: RequestService, clock: FakeClock) -> list[RequestRow]:
    """23 requests, several registered in the same instant (the clock does not always move)."""
    rows = []
    for i in range(23):
        code = ("SKD", "SKTM", "SKU")[i % 3]
        rows.append(request_service.register(valid_form(service_code=code)))
        if i % 4 == 0:
            clock.advance(minutes=1)
    return rows


@pytest.mark.parametrize("limit", [1, 4, 5, 23, 100])
def test_paging_returns_every_request_once_newest_first(
    request_service: RequestService, many: list[RequestRow], limit: int
) -> None:
    pages = list(all_pages(request_service, RequestQuery(), limit))
    seen = [row for page in pages for row in page.rows]

    assert all(len(page.rows) <= limit for page in pages)
    assert [r.id for r in seen] == [r.id for r in reversed(many)]
    assert len({r.id for r in seen}) == len(many)
    assert [r.created_at for r in seen] == sorted((r.created_at for r in seen), reverse=True)


def test_paging_with_a_filter_keeps_to_the_filter(
    request_service: RequestService, many: list[RequestRow]
) -> None:
    query = RequestQuery(service_code="SKTM")
    seen = [row for page in all_pages(request_service, query, 3) for row in page.rows]

    expected = [r.id for r in reversed(many) if r.service_code == "SKTM"]
    assert [r.id for r in seen] == expected
    assert request_service.count(query) == len(expected)


def test_new_requests_during_paging_do_not_shift_later_pages(
    request_service: RequestService, many: list[RequestRow], clock: FakeClock
) -> None:
    first = request_service.search(RequestQuery(), limit=10)
    clock.advance(minutes=5)
    request_service.register(valid_form(**BUDI))  # arrives while the clerk scrolls
    second = request_service.search(RequestQuery(), after=first.next_key, limit=10)

    assert [r.id for r in second.rows] == [r.id for r in reversed(many)][10:20]


# -- the intake's second pass: saving anyway, and the same person twice -----------------------


def test_a_birth_date_and_sex_that_disagree_with_the_nik_are_saved_with_the_clerks_reason(
    workspace: Workspace, request_service: RequestService
) -> None:
    with pytest.raises(IntakeRejected):  # without a reason it is still refused
        request_service.register(valid_form(sex="M", birth_date="18-08-1990"))

    row = request_service.register(
        valid_form(sex="M", birth_date="18-08-1990", identity_override="KTP lama salah cetak")
    )

    assert request_service.detail(row.id).identity_override == "KTP lama salah cetak"
    person = request_service.find_person(SITI_NIK)
    assert person is not None
    assert (person.sex, person.birth_date) == ("M", dt.date(1990, 8, 18))  # as typed
    audit = fetch_all(
        workspace,
        "SELECT entity_id, details FROM audit_log WHERE action = 'request.identity_override'",
    )
    assert audit == [{"entity_id": row.id, "details": "birth_date,sex"}]
    everything = fetch_all(workspace, "SELECT * FROM audit_log")
    assert SITI_NIK not in repr(everything) and "Siti" not in repr(everything)
    assert_outbox_mirrors_every_synced_row(workspace)


def test_a_request_that_agrees_with_the_nik_has_no_override(
    request_service: RequestService,
) -> None:
    row = request_service.register(valid_form(identity_override="tidak perlu"))
    assert request_service.detail(row.id).identity_override == ""


def test_open_requests_of_the_same_person_and_service_today_are_found(
    request_service: RequestService, clock: FakeClock
) -> None:
    yesterday = request_service.register(valid_form())
    clock.advance(days=1)
    assert request_service.open_requests_today(SITI_NIK, "SKD") == []  # yesterday's is not today's

    first = request_service.register(valid_form())
    request_service.register(valid_form(service_code="SKTM"))
    request_service.register(valid_form(**BUDI))
    found = request_service.open_requests_today("3273 0557 0890 0003", "SKD")

    assert [r.queue_number for r in found] == [first.queue_number]
    assert yesterday.id not in {r.id for r in found}
    assert request_service.open_requests_today(BUDI_NIK, "SKTM") == []


@pytest.mark.parametrize(
    ("steps", "still_open"),
    [
        ((), True),
        ((Status.CALLED,), True),
        ((Status.CALLED, Status.SERVING), True),
        ((Status.CALLED, Status.SERVING, Status.ON_HOLD), True),
        ((Status.CALLED, Status.SERVING, Status.READY), False),
        ((Status.CALLED, Status.SERVING, Status.READY, Status.PICKED_UP), False),
        ((Status.CALLED, Status.SERVING, Status.REJECTED), False),
        ((Status.CANCELLED,), False),
    ],
)
def test_only_unfinished_requests_count_as_open(
    request_service: RequestService, steps: tuple[Status, ...], still_open: bool
) -> None:
    row = request_service.register(valid_form())
    for step in steps:
        request_service.change_status(row.id, step, "alasan")
    assert bool(request_service.open_requests_today(SITI_NIK, "SKD")) is still_open


def test_register_can_refuse_a_second_open_request_and_saves_it_when_confirmed(
    workspace: Workspace, request_service: RequestService
) -> None:
    first = request_service.register(valid_form())
    before = count_rows(workspace)

    with pytest.raises(OpenRequestExists) as raised:
        request_service.register(valid_form(), allow_open_duplicate=False)

    assert [r.queue_number for r in raised.value.existing] == [first.queue_number]
    assert count_rows(workspace) == before  # nothing written, no queue number used
    second = request_service.register(valid_form(), allow_open_duplicate=True)
    assert second.queue_number == "A-002"
    audit = fetch_all(
        workspace,
        "SELECT entity_id, details FROM audit_log WHERE action = 'request.open_duplicate'",
    )
    assert audit == [{"entity_id": second.id, "details": first.id}]
