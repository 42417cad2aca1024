"""Ids made on the device (UUIDv7, tracking codes) and time as the office sees it."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import time
import uuid

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from support import WIB

from desktop.domain.clock import HLC_WIDTH, MAX_COUNTER, MAX_WALL_MS, Hlc, business_day
from desktop.domain.ids import (
    new_tracking_code,
    normalize_tracking_code,
    uuid7,
    uuid7_time_ms,
)

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TRACKING_CODE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]$")

# -- UUIDv7 -----------------------------------------------------------------------------------


def test_uuid7_is_version_7_with_the_rfc_variant_and_the_time_it_was_made() -> None:
    before_ms = time.time_ns() // 1_000_000
    value = uuid7()
    after_ms = time.time_ns() // 1_000_000

    assert value.version == 7
    assert value.variant == uuid.RFC_4122
    assert str(value)[14] == "7"  # the version nibble as it appears in the text form
    assert before_ms <= uuid7_time_ms(value) <= after_ms


def test_uuid7_made_in_a_burst_sort_in_creation_order() -> None:
    ids = [uuid7() for _ in range(2000)]  # many within the same millisecond
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)
    assert [str(i) for i in ids] == sorted(str(i) for i in ids)  # also as stored text


def test_uuid7_stays_ordered_when_the_wall_clock_goes_back() -> None:
    first = uuid7()
    later = uuid7(now_ms=uuid7_time_ms(first) - 60_000)  # PC clock corrected a minute back
    assert later > first


# -- tracking codes ---------------------------------------------------------------------------


def test_new_tracking_codes_look_right_and_validate() -> None:
    codes = {new_tracking_code() for _ in range(500)}

    assert len(codes) == 500
    for code in codes:
        assert TRACKING_CODE.match(code), code
        assert normalize_tracking_code(code) == code


tracking_bodies = st.text(alphabet=CROCKFORD, min_size=8, max_size=8)


def code_for(body: str) -> str:
    """The valid code for a body: the one check character that validates."""
    for check in CROCKFORD:
        code = f"{body[:4]}-{body[4:]}-{check}"
        if normalize_tracking_code(code) == code:
            return code
    raise AssertionError(f"no check character validates {body}")


@given(tracking_bodies)
def test_tracking_code_typed_casually_is_still_found(body: str) -> None:
    code = code_for(body)
    casual = code.lower().replace("-", "").replace("0", "o").replace("1", "l")

    assert normalize_tracking_code(casual) == code
    assert normalize_tracking_code(code.replace("-", " ")) == code


# The check is a weighted sum modulo 31 over a 32-letter alphabet, so 0 and Z (values 0 and
# 31) are the one pair it cannot tell apart; every other slip must be caught.
INDISTINGUISHABLE = {"0", "Z"}


@given(tracking_bodies, st.integers(0, 7), st.sampled_from(CROCKFORD))
def test_one_mistyped_character_is_caught(body: str, position: int, typo: str) -> None:
    code = code_for(body)
    assume(typo != body[position] and {typo, body[position]} != INDISTINGUISHABLE)
    wrong = body[:position] + typo + body[position + 1 :]

    assert normalize_tracking_code(f"{wrong}{code[-1]}") is None


@given(tracking_bodies, st.integers(0, 6))
def test_two_swapped_neighbours_are_caught(body: str, position: int) -> None:
    code = code_for(body)
    pair = {body[position], body[position + 1]}
    assume(len(pair) == 2 and pair != INDISTINGUISHABLE)
    swapped = body[:position] + body[position + 1] + body[position] + body[position + 2 :]

    assert normalize_tracking_code(f"{swapped}{code[-1]}") is None


def test_a_mistyped_check_character_is_caught() -> None:
    code = new_tracking_code()
    for other in CROCKFORD:
        if other != code[-1]:
            assert normalize_tracking_code(code[:-1] + other) is None


@pytest.mark.parametrize("typed", ["", "ABCD-EFGH", "ABCD-EFGH-JK", "ABCU-EFGH-J", "327305031x"])
def test_things_that_are_not_tracking_codes_are_refused(typed: str) -> None:
    assert normalize_tracking_code(typed) is None


# -- the office day ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "day"),
    [
        (dt.datetime(2026, 3, 10, 16, 59, tzinfo=dt.UTC), dt.date(2026, 3, 10)),  # 23:59 WIB
        (dt.datetime(2026, 3, 10, 17, 0, tzinfo=dt.UTC), dt.date(2026, 3, 11)),  # 00:00 WIB
        (dt.datetime(2026, 3, 10, 23, 30, tzinfo=dt.UTC), dt.date(2026, 3, 11)),  # 06:30 WIB
        (dt.datetime(2026, 3, 11, 0, 1, tzinfo=WIB), dt.date(2026, 3, 11)),
    ],
)
def test_business_day_is_the_office_calendar_day(moment: dt.datetime, day: dt.date) -> None:
    assert business_day(moment) == day


def test_business_day_follows_the_office_timezone() -> None:
    moment = dt.datetime(2026, 3, 10, 16, 30, tzinfo=dt.UTC)
    assert business_day(moment, "Asia/Jakarta") == dt.date(2026, 3, 10)  # 23:30 WIB
    assert business_day(moment, "Asia/Makassar") == dt.date(2026, 3, 11)  # 00:30 WITA
    assert business_day(moment, "Asia/Jayapura") == dt.date(2026, 3, 11)  # 01:30 WIT


def test_business_day_refuses_a_naive_datetime() -> None:
    with pytest.raises(ValueError):
        business_day(dt.datetime(2026, 3, 10, 9, 0))


# -- hybrid logical clock ---------------------------------------------------------------------

wall_times = st.integers(0, 10**13)


@given(st.lists(wall_times, min_size=1, max_size=50))
def test_hlc_increases_even_when_the_wall_clock_jumps_back(readings: list[int]) -> None:
    clock = Hlc(0)
    stamps = []
    for now_ms in readings:
        clock = clock.tick(now_ms)
        stamps.append(clock)
    assert all(a < b for a, b in itertools.pairwise(stamps))
    assert all(a.encode() < b.encode() for a, b in itertools.pairwise(stamps))


@given(wall_times, st.integers(0, 999), wall_times, st.integers(0, 999), wall_times)
def test_hlc_after_receiving_is_later_than_both_clocks(
    local_ms: int, local_n: int, remote_ms: int, remote_n: int, now_ms: int
) -> None:
    local, remote = Hlc(local_ms, local_n), Hlc(remote_ms, remote_n)
    merged = local.receive(remote, now_ms)
    assert merged > local and merged > remote
    assert merged.wall_ms >= now_ms


@given(wall_times, st.integers(0, 99_999))
def test_hlc_text_form_round_trips(wall_ms: int, counter: int) -> None:
    stamp = Hlc(wall_ms, counter)
    assert Hlc.decode(stamp.encode()) == stamp
    assert len(stamp.encode()) == 21  # fits the hlc column


# Every value an Hlc can take: any wall time the 15 digits hold, any counter up to the cap.
any_wall = st.integers(0, MAX_WALL_MS)
any_counter = st.integers(0, MAX_COUNTER)
any_hlc = st.builds(Hlc, any_wall, any_counter)
edge_walls = st.sampled_from([0, 1, 10**13, MAX_WALL_MS - 1, MAX_WALL_MS - 1])
edge_counters = st.sampled_from([0, 1, 9, 10, 99_999, MAX_COUNTER - 1, MAX_COUNTER])


@given(
    st.one_of(any_hlc, st.builds(Hlc, edge_walls, edge_counters)),
    st.one_of(any_hlc, st.builds(Hlc, edge_walls, edge_counters)),
)
def test_hlc_text_sorts_like_the_clock_over_its_whole_range(a: Hlc, b: Hlc) -> None:
    assert len(a.encode()) == len(b.encode()) == HLC_WIDTH  # fits String(21)
    assert Hlc.decode(a.encode()) == a
    assert (a.encode() < b.encode()) == ((a.wall_ms, a.counter) < (b.wall_ms, b.counter))
    assert (a.encode() == b.encode()) == (a == b)


@given(st.integers(0, 10**14), st.integers(MAX_COUNTER - 3, MAX_COUNTER), st.integers(1, 20))
def test_hlc_ticks_past_the_counter_cap_stay_fixed_width_and_ordered(
    wall_ms: int, counter: int, ticks: int
) -> None:
    clock = Hlc(wall_ms, counter)
    stamps = [clock]
    for _ in range(ticks):
        clock = clock.tick(wall_ms - 60_000)  # the wall clock set back: only the counter moves
        stamps.append(clock)
    texts = [s.encode() for s in stamps]
    assert all(len(t) == HLC_WIDTH for t in texts)
    assert texts == sorted(texts)
    assert len(set(texts)) == len(texts)


@given(any_hlc, any_hlc, st.integers(0, 10**14))
def test_hlc_received_at_the_cap_is_later_than_both_and_encodes(
    local: Hlc, remote: Hlc, now_ms: int
) -> None:
    assume(max(local.wall_ms, remote.wall_ms) < MAX_WALL_MS)
    merged = local.receive(remote, now_ms)
    assert merged > local and merged > remote
    assert len(merged.encode()) == HLC_WIDTH


def test_an_hlc_written_before_the_cap_still_decodes_and_the_next_tick_sorts_after_it() -> None:
    legacy = Hlc.decode("001741572000000-100000")  # a six-digit counter, as old releases wrote
    assert legacy == Hlc(1_741_572_000_000, 100_000)
    after = legacy.tick(0)
    assert after > legacy
    assert len(after.encode()) == HLC_WIDTH
    assert after.encode() > "001741572000000-100000"
