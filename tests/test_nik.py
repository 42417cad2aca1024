"""NIK structure rules: what the counter accepts, what it refuses and why."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from support import SITI_NIK

from desktop.domain import nik as nik_rules
from desktop.domain.nik import NikError, NikMismatch, NikProblem, Sex

TODAY = dt.date(2026, 3, 10)

# Province codes as Kemendagri writes them, typed out here rather than taken from the code.
REAL_PROVINCES = "11 12 31 32 33 34 35 36 51 52 53 61 64 65 71 73 81 82 91 92 93 94 95 96".split()  # noqa: SIM905

regions = st.builds(
    lambda province, regency, district: f"{province}{regency:02d}{district:02d}",
    st.sampled_from(REAL_PROVINCES),
    st.integers(1, 99),
    st.integers(1, 99),
)
# A NIK holds two digits of the year, so only people younger than 100 round-trip exactly.
birth_dates = st.dates(min_value=dt.date(TODAY.year - 99, 1, 1), max_value=TODAY)
sexes = st.sampled_from([Sex.MALE, Sex.FEMALE])
serials = st.integers(1, 9999)
# What people type or paste between digits: spaces, dots, dashes, no-break spaces.
separators = st.text(alphabet=" .-\u00a0", max_size=2)


@given(regions, birth_dates, sexes, serials)
def test_composed_nik_parses_back_to_its_parts(
    region: str, birth: dt.date, sex: Sex, serial: int
) -> None:
    nik = nik_rules.compose(region, birth, sex, serial)

    info = nik_rules.parse(nik, today=TODAY)

    assert len(nik) == 16 and nik.isdigit()
    assert info.nik == nik
    assert info.province_code + info.regency_code + info.district_code == region
    assert info.birth_date == birth
    assert info.sex is sex
    assert int(info.serial) == serial
    assert not info.temporary


@given(regions, birth_dates, serials)
def test_women_have_forty_added_to_the_birth_day(region: str, birth: dt.date, serial: int) -> None:
    woman = nik_rules.compose(region, birth, Sex.FEMALE, serial)
    man = nik_rules.compose(region, birth, Sex.MALE, serial)

    assert int(woman[6:8]) == birth.day + 40
    assert int(man[6:8]) == birth.day
    assert woman[8:] == man[8:]


@given(regions, birth_dates, sexes, serials, st.lists(separators, min_size=17, max_size=17))
def test_separators_between_digits_are_tolerated(
    region: str, birth: dt.date, sex: Sex, serial: int, gaps: list[str]
) -> None:
    nik = nik_rules.compose(region, birth, sex, serial)
    typed = "".join(gap + digit for gap, digit in zip(gaps, nik, strict=False)) + gaps[16]

    assert nik_rules.parse(typed, today=TODAY) == nik_rules.parse(nik, today=TODAY)
    assert nik_rules.check(typed, today=TODAY) is None


@pytest.mark.parametrize(
    "typed",
    ["3273 0557 0890 0003", "3273.0557.0890.0003", "3273-0557-0890-0003", " 3273055708900003 "],
)
def test_usual_ways_of_writing_a_nik_are_accepted(typed: str) -> None:
    assert nik_rules.parse(typed, today=TODAY).nik == SITI_NIK


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", NikProblem.EMPTY),
        (" - . ", NikProblem.EMPTY),
        ("327305570890000", NikProblem.TOO_SHORT),
        ("3273", NikProblem.TOO_SHORT),
        ("32730557089000031", NikProblem.TOO_LONG),
        ("3273055708900O03", NikProblem.NOT_DIGITS),  # letter O instead of zero
        ("3273055708900003a", NikProblem.NOT_DIGITS),
        ("3273055708900003³", NikProblem.NOT_DIGITS),  # a superscript is not a digit
        ("327305570890000④", NikProblem.NOT_DIGITS),  # nor is a circled number
        ("1073055708900003", NikProblem.BAD_PROVINCE),  # 10 is not a province
        ("2073055708900003", NikProblem.BAD_PROVINCE),
        ("9973055708900003", NikProblem.BAD_PROVINCE),
        ("3200055708900003", NikProblem.BAD_REGENCY),
        ("3273005708900003", NikProblem.BAD_DISTRICT),
        ("3273053102900003", NikProblem.BAD_BIRTH_DATE),  # 31 February
        ("3273057102900003", NikProblem.BAD_BIRTH_DATE),  # 31 February, a woman
        ("3273057201900003", NikProblem.BAD_BIRTH_DATE),  # day 72 = 32 January
        ("3273050001900003", NikProblem.BAD_BIRTH_DATE),  # day 00
        ("3273054001900003", NikProblem.BAD_BIRTH_DATE),  # day 40 = a woman's day 0
        ("3273051513900003", NikProblem.BAD_BIRTH_DATE),  # month 13
        ("3273052902010003", NikProblem.BAD_BIRTH_DATE),  # 29 February 2001 / 1901
        ("3273055708900000", NikProblem.BAD_SERIAL),
    ],
)
def test_wrong_niks_are_rejected_with_the_reason(typed: str, problem: NikProblem) -> None:
    with pytest.raises(NikError) as raised:
        nik_rules.parse(typed, today=TODAY)

    assert raised.value.problem is problem
    assert nik_rules.check(typed, today=TODAY) is problem


@pytest.mark.parametrize(
    "zero",
    [
        0xFF10,  # full-width digits (a CJK input method)
        0x0660,  # Arabic-Indic digits (an Arabic keyboard layout)
        0x0966,  # Devanagari digits
    ],
)
def test_decimal_digits_of_other_scripts_are_read_as_ascii_digits(zero: int) -> None:
    # Each is a Unicode decimal digit with one certain value: the NIK is converted to
    # ASCII (what is stored, searched and synced), not refused.
    typed = "".join(chr(zero + int(d)) for d in "3273055708900003")
    assert nik_rules.parse(typed, today=TODAY).nik == "3273055708900003"


@pytest.mark.parametrize(
    ("nik", "today"),
    [
        ("3273052902000003", dt.date(2000, 2, 1)),  # 29-02-00 only exists in 2000
        ("3273051506600003", dt.date(1950, 1, 1)),  # neither 1960 nor 2060 has happened
    ],
)
def test_birth_date_in_the_future_is_rejected(nik: str, today: dt.date) -> None:
    assert nik_rules.check(nik, today=today) is NikProblem.BIRTH_DATE_IN_FUTURE
    # The same number is fine once that day has passed.
    assert nik_rules.check(nik, today=dt.date(2026, 3, 10)) is None


@pytest.mark.parametrize(
    ("nik", "born"),
    [
        ("3273050501050003", dt.date(2005, 1, 5)),
        ("3273050501850003", dt.date(1985, 1, 5)),
        ("3273051506260003", dt.date(1926, 6, 15)),  # 15-06-2026 has not come yet
        ("3273050101260003", dt.date(2026, 1, 1)),  # a baby born this year
    ],
)
def test_two_digit_year_means_the_most_recent_past_century(nik: str, born: dt.date) -> None:
    assert nik_rules.parse(nik, today=TODAY).birth_date == born


@given(st.text(alphabet="0123456789", min_size=1, max_size=40))
def test_digit_strings_of_the_wrong_length_are_rejected_for_length(digits: str) -> None:
    assume(len(digits) != 16)
    expected = NikProblem.TOO_SHORT if len(digits) < 16 else NikProblem.TOO_LONG
    assert nik_rules.check(digits, today=TODAY) is expected


@given(st.integers(0, 15), st.characters(exclude_categories=["Nd", "Zs", "Cc"]))
def test_any_non_digit_in_a_nik_is_rejected(position: int, intruder: str) -> None:
    assume(intruder not in ".-")
    typed = SITI_NIK[:position] + intruder + SITI_NIK[position + 1 :]
    assert nik_rules.check(typed, today=TODAY) is NikProblem.NOT_DIGITS


@given(st.text(alphabet="0123456789", min_size=2, max_size=2))
def test_unknown_province_codes_are_rejected(province: str) -> None:
    assume(province not in nik_rules.PROVINCES and province[0] != "0")
    assert nik_rules.check(province + SITI_NIK[2:], today=TODAY) is NikProblem.BAD_PROVINCE


def test_real_nik_names_its_province_and_regency() -> None:
    info = nik_rules.parse(SITI_NIK, today=TODAY)

    assert info.region_code == "32.73.05"
    assert info.province_name == "Jawa Barat"
    assert info.regency_name is not None and "Bandung" in info.regency_name


@pytest.mark.parametrize("region", ["001234", "000000", "099999", "012345"])
def test_temporary_nik_with_leading_zero_skips_the_region_check(region: str) -> None:
    info = nik_rules.parse(region + "5708900003", today=TODAY)

    assert info.temporary
    assert info.birth_date == dt.date(1990, 8, 17)
    assert info.sex is Sex.FEMALE
    assert info.province_name is None and info.regency_name is None


@pytest.mark.parametrize(
    ("nik", "problem"),
    [
        ("0012343102900003", NikProblem.BAD_BIRTH_DATE),
        ("0012345708900000", NikProblem.BAD_SERIAL),
        ("001234570890003", NikProblem.TOO_SHORT),
    ],
)
def test_temporary_nik_still_needs_a_real_date_and_serial(nik: str, problem: NikProblem) -> None:
    assert nik_rules.check(nik, today=TODAY) is problem


@given(st.text(alphabet="0123456789", min_size=5, max_size=5), birth_dates, sexes, serials)
def test_any_temporary_nik_with_valid_date_and_serial_is_accepted(
    region_tail: str, birth: dt.date, sex: Sex, serial: int
) -> None:
    nik = nik_rules.compose("0" + region_tail, birth, sex, serial)
    info = nik_rules.parse(nik, today=TODAY)
    assert info.temporary and info.birth_date == birth and info.sex is sex


# -- cross-checking the NIK against the rest of the form -------------------------------------


def test_cross_check_accepts_matching_details() -> None:
    info = nik_rules.parse(SITI_NIK, today=TODAY)
    assert nik_rules.cross_check(info, dt.date(1990, 8, 17), Sex.FEMALE) == []
    assert nik_rules.cross_check(info, None, None) == []  # nothing typed yet


@pytest.mark.parametrize(
    ("birth", "sex", "mismatches"),
    [
        (dt.date(1990, 8, 18), Sex.FEMALE, [NikMismatch.BIRTH_DATE]),
        (dt.date(1990, 9, 17), Sex.FEMALE, [NikMismatch.BIRTH_DATE]),
        (dt.date(1991, 8, 17), Sex.FEMALE, [NikMismatch.BIRTH_DATE]),
        (dt.date(1990, 8, 17), Sex.MALE, [NikMismatch.SEX]),
        (dt.date(1980, 1, 1), Sex.MALE, [NikMismatch.BIRTH_DATE, NikMismatch.SEX]),
        (None, Sex.MALE, [NikMismatch.SEX]),
        (dt.date(1990, 8, 1), None, [NikMismatch.BIRTH_DATE]),
    ],
)
def test_cross_check_finds_birth_date_and_sex_mismatches(
    birth: dt.date | None, sex: Sex | None, mismatches: list[NikMismatch]
) -> None:
    info = nik_rules.parse(SITI_NIK, today=TODAY)
    assert nik_rules.cross_check(info, birth, sex) == mismatches


@given(regions, birth_dates, sexes, serials, st.integers(1, 36_000))
def test_cross_check_catches_any_other_birth_date(
    region: str, birth: dt.date, sex: Sex, serial: int, days_off: int
) -> None:
    info = nik_rules.parse(nik_rules.compose(region, birth, sex, serial), today=TODAY)
    typed = birth - dt.timedelta(days=days_off)
    assume(typed.year % 100 != birth.year % 100 or typed.timetuple()[1:3] != birth.timetuple()[1:3])

    assert NikMismatch.BIRTH_DATE in nik_rules.cross_check(info, typed, sex)
    assert nik_rules.cross_check(info, birth, sex) == []


# -- masking: what receipts, lists and logs may show --------------------------------------


def test_mask_shows_region_and_last_two_digits_only() -> None:
    assert nik_rules.mask(SITI_NIK) == "327305********03"
    assert nik_rules.mask("3273 0557 0890 0003") == "327305********03"


@given(st.text(alphabet="0123456789 .-", max_size=30))
def test_mask_never_shows_more_than_first_six_and_last_two_digits(typed: str) -> None:
    digits = nik_rules.normalize(typed)
    masked = nik_rules.mask(typed)

    assert len(masked) == len(digits)
    shown = [i for i, ch in enumerate(masked) if ch != "*"]
    assert len(shown) <= 8
    assert all(i < 6 or i >= len(masked) - 2 for i in shown)
    assert all(masked[i] == digits[i] for i in shown)
    if len(digits) <= 8:  # too short to hide anything by position: hide it all
        assert set(masked) <= {"*"}


@given(st.text(max_size=40))
def test_mask_hides_the_middle_of_any_input(typed: str) -> None:
    masked = nik_rules.mask(typed)
    revealed = sum(1 for ch in masked if ch != "*")
    assert revealed <= 8
    if len(masked) > 8:
        assert set(masked[6:-2]) == {"*"}


@given(regions, birth_dates, sexes, serials)
def test_masked_nik_hides_birth_date_and_serial(
    region: str, birth: dt.date, sex: Sex, serial: int
) -> None:
    nik = nik_rules.compose(region, birth, sex, serial)
    assert nik_rules.mask(nik) == nik[:6] + "*" * 8 + nik[14:]
