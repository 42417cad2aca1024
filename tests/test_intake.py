"""Checking the intake form: every problem is reported next to its field, nothing raises."""

from __future__ import annotations

import datetime as dt

import pytest
from support import SITI_NIK, valid_form

from desktop.domain.intake import (
    MAX_OVERRIDE_REASON,
    Field,
    FieldProblem,
    Problem,
    can_override,
    parse_date,
    validate,
)
from desktop.domain.nik import NikProblem, Sex

TODAY = dt.date(2026, 3, 10)
CODES = frozenset({"SKD", "SKTM"})


def problems_of(**changes: object) -> list[FieldProblem]:
    intake, problems = validate(valid_form(**changes), CODES, TODAY)
    assert (intake is None) == bool(problems)
    return problems


def test_valid_form_gives_a_clean_intake() -> None:
    intake, problems = validate(valid_form(), CODES, TODAY)

    assert problems == []
    assert intake is not None
    assert intake.nik == SITI_NIK
    assert intake.name == "Siti Rahmawati"
    assert intake.sex is Sex.FEMALE
    assert intake.birth_date == dt.date(1990, 8, 17)
    assert (intake.rt, intake.rw) == ("003", "005")  # written with three digits
    assert intake.phone == "081234567890"
    assert intake.nik_info.province_code == "32"


def test_typed_values_are_tidied() -> None:
    intake, _ = validate(
        valid_form(
            nik="3273 0557.0890-0003",
            name="  Siti   Rahmawati ",
            address=" Jl.  Merdeka   No. 12 ",
            phone="+62 812 3456 7890",
            notes="  Mohon dipercepat \n",
        ),
        CODES,
        TODAY,
    )

    assert intake is not None
    assert intake.nik == SITI_NIK
    assert intake.name == "Siti Rahmawati"
    assert intake.address == "Jl. Merdeka No. 12"
    assert intake.phone == "081234567890"
    assert intake.notes == "Mohon dipercepat"


def test_empty_form_reports_every_required_field_at_once() -> None:
    _, problems = validate(
        valid_form(
            **dict.fromkeys(("nik", "name", "sex", "birth_date", "address", "service_code"), "")
        ),
        CODES,
        TODAY,
    )

    assert set(problems) == {
        FieldProblem(Field.NIK, NikProblem.EMPTY),
        FieldProblem(Field.NAME, Problem.REQUIRED),
        FieldProblem(Field.SEX, Problem.REQUIRED),
        FieldProblem(Field.BIRTH_DATE, Problem.REQUIRED),
        FieldProblem(Field.ADDRESS, Problem.REQUIRED),
        FieldProblem(Field.SERVICE, Problem.REQUIRED),
    }


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"nik": "327305570890000"}, FieldProblem(Field.NIK, NikProblem.TOO_SHORT)),
        ({"nik": "3273053102900003"}, FieldProblem(Field.NIK, NikProblem.BAD_BIRTH_DATE)),
        ({"name": "   "}, FieldProblem(Field.NAME, Problem.REQUIRED)),
        ({"name": "Siti " + "a" * 100}, FieldProblem(Field.NAME, Problem.TOO_LONG, 100)),
        ({"name": "Siti R4hmawati"}, FieldProblem(Field.NAME, Problem.BAD_CHARACTERS)),
        ({"name": "Siti <b>"}, FieldProblem(Field.NAME, Problem.BAD_CHARACTERS)),
        ({"birth_date": "31-02-1990"}, FieldProblem(Field.BIRTH_DATE, Problem.BAD_DATE)),
        ({"birth_date": "1990-08-17"}, FieldProblem(Field.BIRTH_DATE, Problem.BAD_DATE)),
        ({"address": "x" * 201}, FieldProblem(Field.ADDRESS, Problem.TOO_LONG, 200)),
        ({"rt": "0"}, FieldProblem(Field.RT, Problem.BAD_RT_RW)),
        ({"rw": "1000"}, FieldProblem(Field.RW, Problem.BAD_RT_RW)),
        ({"rt": "3a"}, FieldProblem(Field.RT, Problem.BAD_RT_RW)),
        ({"hamlet": "D" * 61}, FieldProblem(Field.HAMLET, Problem.TOO_LONG, 60)),
        ({"phone": "12345"}, FieldProblem(Field.PHONE, Problem.BAD_PHONE)),
        ({"phone": "0812-3456-7890-1234"}, FieldProblem(Field.PHONE, Problem.BAD_PHONE)),
        ({"phone": "0812 abc"}, FieldProblem(Field.PHONE, Problem.BAD_PHONE)),
        ({"service_code": "PASPOR"}, FieldProblem(Field.SERVICE, Problem.UNKNOWN_SERVICE)),
        ({"notes": "n" * 5000}, FieldProblem(Field.NOTES, Problem.TOO_LONG, 2000)),
    ],
)
def test_each_bad_field_is_reported_alone(changes: dict[str, str], expected: FieldProblem) -> None:
    assert problems_of(**changes) == [expected]


def test_birth_date_in_the_future_is_refused() -> None:
    # The NIK's 15-06-26 reads as 1926; the typed 2026 date has not happened yet.
    problems = problems_of(nik="3273055506260003", birth_date="15-06-2026")
    assert problems == [FieldProblem(Field.BIRTH_DATE, Problem.DATE_IN_FUTURE)]


def test_birth_before_1900_is_refused() -> None:
    problems = problems_of(nik="3273055708990003", birth_date="17-08-1899")
    assert problems == [FieldProblem(Field.BIRTH_DATE, Problem.DATE_TOO_OLD)]


def test_nik_disagreeing_with_typed_birth_date_and_sex_is_flagged_on_those_fields() -> None:
    problems = problems_of(sex="M", birth_date="18-08-1990")

    assert set(problems) == {
        FieldProblem(Field.BIRTH_DATE, Problem.NIK_BIRTH_DATE_MISMATCH),
        FieldProblem(Field.SEX, Problem.NIK_SEX_MISMATCH),
    }


@pytest.mark.parametrize(
    "name", ["Ni Luh Putu Ayu", "Muh. Yusuf", "I Gusti Ngurah Rai", "Nur'aini", "Dédé Sunarya"]
)
def test_indonesian_names_are_accepted(name: str) -> None:
    assert problems_of(name=name) == []


@pytest.mark.parametrize("rt", ["", "7", "07", "007", "999"])
def test_rt_may_be_empty_or_a_small_number(rt: str) -> None:
    assert problems_of(rt=rt) == []


@pytest.mark.parametrize("phone", ["", "081234567890", "+6281234567890", "62 812 3456 789"])
def test_phone_may_be_empty_or_an_indonesian_number(phone: str) -> None:
    assert problems_of(phone=phone) == []


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("17-08-1985", dt.date(1985, 8, 17)),
        ("17/8/1985", dt.date(1985, 8, 17)),
        ("17.08.1985", dt.date(1985, 8, 17)),
        (" 1-1-2000 ", dt.date(2000, 1, 1)),
        ("29-02-2001", None),
        ("08-17-1985", None),
        ("17-08-85", None),
        ("", None),
    ],
)
def test_birth_dates_are_read_day_first(typed: str, expected: dt.date | None) -> None:
    assert parse_date(typed) == expected


# -- saving anyway when the KTP disagrees with its own NIK ---------------------------------


def test_a_reason_lets_a_birth_date_and_sex_that_disagree_with_the_nik_through() -> None:
    intake, problems = validate(
        valid_form(sex="M", birth_date="18-08-1990", identity_override="  KTP lama,  salah cetak "),
        CODES,
        TODAY,
    )

    assert problems == []
    assert intake is not None
    assert intake.identity_override == "KTP lama, salah cetak"
    assert set(intake.overridden) == {Field.BIRTH_DATE, Field.SEX}
    assert intake.birth_date == dt.date(1990, 8, 18)  # what the clerk typed, not the NIK
    assert intake.sex is Sex.MALE


def test_a_reason_does_not_excuse_other_problems() -> None:
    problems = problems_of(birth_date="18-08-1990", name="", identity_override="KTP lama")
    assert problems == [FieldProblem(Field.NAME, Problem.REQUIRED)]


def test_a_blank_reason_overrides_nothing() -> None:
    problems = problems_of(sex="M", identity_override="   ")
    assert problems == [FieldProblem(Field.SEX, Problem.NIK_SEX_MISMATCH)]


def test_a_reason_is_not_kept_when_nothing_disagrees() -> None:
    intake, problems = validate(valid_form(identity_override="KTP lama"), CODES, TODAY)
    assert problems == [] and intake is not None
    assert intake.identity_override == ""
    assert intake.overridden == ()


def test_an_overlong_reason_is_refused_next_to_the_field_it_excuses() -> None:
    problems = problems_of(
        birth_date="18-08-1990", identity_override="x" * (MAX_OVERRIDE_REASON + 1)
    )
    assert problems == [
        FieldProblem(Field.BIRTH_DATE, Problem.OVERRIDE_REASON_TOO_LONG, MAX_OVERRIDE_REASON)
    ]


def test_only_disagreements_with_the_nik_can_be_overridden() -> None:
    mismatch = problems_of(sex="M", birth_date="18-08-1990")
    assert can_override(mismatch)
    assert not can_override([*mismatch, FieldProblem(Field.NAME, Problem.REQUIRED)])
    assert not can_override(problems_of(nik="3273053102900003"))  # a NIK that cannot exist
    assert not can_override([])
