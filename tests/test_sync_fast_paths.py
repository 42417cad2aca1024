"""The fast paths that make sync fast give exactly the answers of the plain rules.

A fast path that disagreed with the rules would let a bad NIK or a control character into the
central database, or reject a good row: each is held here against a reference written the
slow, obvious way, for any text hypothesis can make.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain import nik as nik_rules
from sync import wire


def reference_check(text: str, today: dt.date | None = None) -> nik_rules.NikProblem | None:
    """The NIK rules the slow way: :func:`nik_rules.parse` raising."""
    try:
        nik_rules.parse(text, today)
    except nik_rules.NikError as exc:
        return exc.problem
    return None


def reference_unprintable(text: str) -> bool:
    return any((ord(ch) < 32 and ch not in "\n\t") or 0x7F <= ord(ch) < 0xA0 for ch in text)


DIGITS = st.text(alphabet="0123456789", min_size=16, max_size=16)
# Near-valid NIKs: real provinces, 00 regencies and districts, day fields around 0, 31, 40
# and 71, month 0 and 13, serial 0000, and years on both sides of "today".
NEAR_VALID = st.builds(
    lambda province, rest, day, month, year, serial: (
        f"{province}{rest}{day:02d}{month:02d}{year:02d}{serial:04d}"
    ),
    st.sampled_from([*nik_rules.PROVINCES, "00", "01", "10", "99", "20"]),
    st.sampled_from(["0101", "0001", "0100", "0000", "7371"]),
    st.integers(0, 99),
    st.integers(0, 13),
    st.integers(0, 99),
    st.integers(0, 9999),
)
DAYS = st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31))


@settings(max_examples=400, deadline=None)
@given(st.one_of(DIGITS, NEAR_VALID), st.one_of(st.none(), DAYS))
def test_nik_check_of_sixteen_digits_matches_the_rules(text: str, today: dt.date | None) -> None:
    assert nik_rules.check(text, today) == reference_check(text, today)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=24), st.one_of(st.none(), DAYS))
def test_nik_check_of_any_text_matches_the_rules(text: str, today: dt.date | None) -> None:
    assert nik_rules.check(text, today) == reference_check(text, today)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=24))
def test_nik_normalize_of_any_text_is_unchanged(text: str) -> None:
    slow = "".join(ch for ch in nik_rules.ascii_digits(text) if ch not in nik_rules.SEPARATORS)
    assert nik_rules.normalize(text) == slow


def test_nik_fast_path_answers_each_problem() -> None:
    today = dt.date(2024, 6, 1)
    cases = {
        "3201014506900001": None,
        "0000004506900001": None,  # temporary: region not checked
        "1001014506900001": nik_rules.NikProblem.BAD_PROVINCE,
        "3200014506900001": nik_rules.NikProblem.BAD_REGENCY,
        "3201004506900001": nik_rules.NikProblem.BAD_DISTRICT,
        "3201013202900001": nik_rules.NikProblem.BAD_BIRTH_DATE,
        "3201010101250001": None,  # 2025 is in the future: 1925
        "3201014506900000": nik_rules.NikProblem.BAD_SERIAL,
    }
    for text, problem in cases.items():
        assert nik_rules.check(text, today) is problem, text


def test_printable_matches_the_rule_for_every_character() -> None:
    refused = []
    for code in range(0x110000):
        try:
            wire._printable(f"Jl. Mawar{chr(code)}No. 5")
        except ValueError:
            refused.append(code)
    assert refused == [c for c in range(0x110000) if reference_unprintable(chr(c))]
    assert len(refused) == 30 + 1 + 32  # C0 but tab and line feed, DEL, C1


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=40))
def test_one_line_matches_the_rule(text: str) -> None:
    if reference_unprintable(text):
        expected: str | None = "unprintable character"
    elif "\n" in text or "\t" in text:
        expected = "line break in a one-line field"
    else:
        expected = None
    try:
        got = wire._one_line(text)
    except ValueError as exc:
        assert str(exc) == expected
    else:
        assert expected is None and got == text
