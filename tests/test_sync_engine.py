"""The sync engine, its backoff and its runner, against an in-memory server and store.

The fake server keeps the promises of docs/SYNC.md (idempotent on (entity, id, version),
per-entry outcomes, pull pages with a cursor, day summaries), and can lose a reply after
committing, fail, forget a day (restored from an older backup) and so on. The fake store
keeps an outbox like the PC's. What is checked is what an operator would see: what the
server holds, what the PC shows as pending/confirmed/quarantined, and the round's report.
"""

from __future__ import annotations

import datetime as dt
import random
import threading
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any

import pytest

from desktop.services.sync_types import SyncProblem
from sync import wire
from sync.engine import (
    Counts,
    LocalStoreError,
    Outgoing,
    Problem,
    Result,
    RoundReport,
    SyncEngine,
)
from sync.runner import Backoff, SyncRunner
from sync.transport import RateLimited, Refused, TransportError, Unauthorized

OFFICE = "0196a000-0000-7000-8000-000000000001"
DEVICE = "0196a000-0000-7000-8000-000000000002"
NOW = dt.datetime(2026, 3, 10, 2, 0, tzinfo=dt.UTC)
DAY1 = dt.datetime(2026, 3, 9, 3, 0, tzinfo=dt.UTC)
DAY2 = dt.datetime(2026, 3, 10, 1, 0, tzinfo=dt.UTC)


def row_id(n: int) -> str:
    return f"0196a000-0000-7000-8000-{n:012x}"


def status_payload(n: int, version: int = 1, created: dt.datetime = DAY2) -> dict[str, Any]:
    hlc = f"{int(created.timestamp() * 1000) + n:015d}-{version:05d}"
    return {
        "id": row_id(1000 + n),
        "office_id": OFFICE,
        "device_id": DEVICE,
        "created_at": created.isoformat(),
        "updated_at": created.isoformat(),
        "version": version,
        "hlc": hlc,
        "request_id": row_id(5000 + n),
        "from_status": None,
        "to_status": "waiting",
        "at": created.isoformat(),
        "actor": "petugas",
        "reason": "",
        "collected_by": "",
    }


# -- the fake PC ---------------------------------------------------------------------------


@dataclass
class Stored:
    seq: int
    entity: str
    entity_id: str
    version: int
    operation: str
    hlc: str
    payload: dict[str, Any]
    state: str = "pending"
    attempts: int = 0
    reason: str = ""


class FakeStore:
    def __init__(self) -> None:
        self.entries: dict[int, Stored] = {}
        self.saved_cursor: str | None = None
        self.applied: list[wire.Change] = []
        self.fail_apply = False
        self.rounds: list[RoundReport] = []
        self.summary_calls: list[set[dt.date] | None] = []

    def add(self, payload: dict[str, Any], entity: str = "status_change") -> int:
        seq = len(self.entries) + 1
        self.entries[seq] = Stored(
            seq, entity, payload["id"], payload["version"], "insert", payload["hlc"], payload
        )
        return seq

    def state(self, state: str) -> list[Stored]:
        return [e for e in self.entries.values() if e.state == state]

    # LocalStore
    def pending(self, after_seq: int, limit: int) -> list[Outgoing]:
        found = sorted(
            (e for e in self.entries.values() if e.state == "pending" and e.seq > after_seq),
            key=lambda e: e.seq,
        )[:limit]
        return [
            Outgoing(e.seq, e.entity, e.entity_id, e.version, e.operation, e.hlc, e.payload)
            for e in found
        ]

    def mark_attempted(self, seqs: Sequence[int]) -> None:
        for seq in seqs:
            self.entries[seq].attempts += 1

    def record_results(self, results: Sequence[Result]) -> None:
        for result in results:
            entry = self.entries[result.seq]
            entry.attempts += int(result.sent)
            if result.outcome is wire.Outcome.REJECTED:
                entry.state, entry.reason = "quarantined", result.reason
            else:
                entry.state = "confirmed"

    def cursor(self) -> str | None:
        return self.saved_cursor

    def apply_pull(self, changes: Sequence[wire.Change], cursor: str) -> int:
        if self.fail_apply:
            raise LocalStoreError("database is locked")
        self.applied.extend(changes)
        self.saved_cursor = cursor
        return len(changes)

    def _newest(self) -> dict[tuple[str, str], Stored]:
        newest: dict[tuple[str, str], Stored] = {}
        for e in self.entries.values():
            key = (e.entity, e.entity_id)
            if key not in newest or newest[key].version < e.version:
                newest[key] = e
        return newest

    def day_summaries(self, days: Collection[dt.date] | None = None) -> list[wire.DaySummary]:
        self.summary_calls.append(None if days is None else set(days))
        return summaries(
            (e.entity, e.entity_id, e.version, e.payload["created_at"])
            for e in self._newest().values()
            if days is None or wire.row_day(e.payload["created_at"]) in days
        )

    def requeue(self, day: dt.date, entity: wire.Entity) -> int:
        queued = 0
        for e in self._newest().values():
            if (
                e.entity == entity.value
                and wire.row_day(e.payload["created_at"]) == day
                and e.state == "confirmed"
            ):
                e.state = "pending"
                queued += 1
        return queued

    def counts(self) -> Counts:
        return Counts(len(self.state("pending")), len(self.state("quarantined")))

    def record_round(self, report: RoundReport) -> None:
        self.rounds.append(report)


def summaries(rows: Any) -> list[wire.DaySummary]:
    groups: dict[tuple[dt.date, str], list[tuple[str, int]]] = {}
    for entity, entity_id, version, created_at in rows:
        groups.setdefault((wire.row_day(created_at), entity), []).append((entity_id, version))
    return [
        wire.DaySummary(
            day=day, entity=wire.Entity(entity), count=len(pairs), digest=wire.day_digest(pairs)
        )
        for (day, entity), pairs in sorted(groups.items())
    ]


# -- the fake server -----------------------------------------------------------------------


class FakeServer:
    """Idempotent push, paged pull, day summaries; faults on demand."""

    def __init__(self) -> None:
        self.held: dict[tuple[str, str, int], tuple[str, str]] = {}  # key -> (hash, created)
        self.feed: list[wire.Change] = []
        self.page = 2
        self.faults: list[Exception] = []  # raised (in order) before handling a call
        self.lose_next_reply = False  # commit, then fail as if the reply was lost
        self.reject: set[str] = set()  # entity ids answered unknown_service
        self.silent: set[str] = set()  # entity ids left unanswered
        self.max_entries: int | None = None  # more in one push: refused as too_large
        self.too_large = Refused(413, "too_large")
        self.calls: list[str] = []
        self.pushed_sizes: list[int] = []
        self.extra: list[tuple[str, str, int, str]] = []  # rows only the server holds

    def _fault(self, name: str) -> None:
        self.calls.append(name)
        if self.faults:
            raise self.faults.pop(0)

    def push(self, request: wire.PushRequest) -> wire.PushResponse:
        self._fault("push")
        if self.max_entries is not None and len(request.entries) > self.max_entries:
            raise self.too_large
        self.pushed_sizes.append(len(request.entries))
        results = []
        for entry in request.entries:
            if entry.entity_id in self.silent:
                continue
            key = (entry.entity.value, entry.entity_id, entry.version)
            outcome, reason, detail = wire.Outcome.ACCEPTED, None, ""
            try:
                wire.validate_entry(entry)  # the server's own check, entry by entry
            except wire.PayloadProblem as problem:
                outcome, reason, detail = wire.Outcome.REJECTED, problem.reason, problem.detail
            if reason is None and entry.entity_id in self.reject:
                outcome, reason = wire.Outcome.REJECTED, wire.Reason.UNKNOWN_SERVICE
            elif reason is None and key in self.held:
                same = self.held[key][0] == wire.payload_hash(entry)
                outcome = wire.Outcome.DUPLICATE if same else wire.Outcome.REJECTED
                reason = None if same else wire.Reason.CONFLICT
            elif reason is None:
                self.held[key] = (wire.payload_hash(entry), entry.payload["created_at"])
            results.append(
                wire.EntryResult(
                    entity=entry.entity,
                    entity_id=entry.entity_id,
                    version=entry.version,
                    outcome=outcome,
                    reason=reason,
                    detail=detail,
                )
            )
        if self.lose_next_reply:
            self.lose_next_reply = False
            raise TransportError("offline", "connection reset after commit")
        return wire.PushResponse(server_time=NOW, results=results)

    def pull(self, cursor: str | None) -> wire.PullResponse:
        self._fault("pull")
        start = int(cursor or 0)
        changes = self.feed[start : start + self.page]
        end = start + len(changes)
        return wire.PullResponse(
            server_time=NOW, cursor=str(end), more=end < len(self.feed), changes=changes
        )

    def reconcile(self) -> wire.ReconcileResponse:
        self._fault("reconcile")
        newest: dict[tuple[str, str], tuple[int, str]] = {}
        for (entity, entity_id, version), (_, created) in self.held.items():
            if newest.get((entity, entity_id), (0, ""))[0] < version:
                newest[(entity, entity_id)] = (version, created)
        rows = [(e, i, v, c) for (e, i), (v, c) in newest.items()] + self.extra
        return wire.ReconcileResponse(server_time=NOW, days=summaries(rows))

    def ids(self) -> list[str]:
        return sorted(entity_id for _, entity_id, _ in self.held)

    def forget_day(self, day: dt.date) -> None:
        """A restore from an older backup: the rows of that day are gone."""
        for key, (_, created) in list(self.held.items()):
            if wire.row_day(created) == day:
                del self.held[key]


def pc_clock() -> dt.datetime:
    return NOW - dt.timedelta(minutes=7)  # this PC is 7 minutes behind the server


def engine(store: FakeStore, server: FakeServer, **kwargs: Any) -> SyncEngine:
    return SyncEngine(store, server, pc_clock, **kwargs)


def change(n: int) -> wire.Change:
    data = {
        "code": f"S{n}",
        "name": f"Layanan {n}",
        "name_en": "",
        "queue_prefix": "Q",
        "standard_days": 1,
        "requirements": [],
        "active": True,
        "position": n,
    }
    return wire.Change(kind=wire.ChangeKind.SERVICE, key=f"S{n}", data=data)


# -- push ----------------------------------------------------------------------------------


def test_a_round_sends_everything_once_and_says_reconciled() -> None:
    store, server = FakeStore(), FakeServer()
    for n in range(7):
        store.add(status_payload(n, created=DAY1 if n < 3 else DAY2))

    report = engine(store, server, batch_size=3).sync_once()

    assert report.problem is None
    assert (report.pushed, report.duplicates, report.rejected) == (7, 0, 0)
    assert report.reconciled and report.checked
    assert report.pending == 0 and report.quarantined == 0
    assert server.pushed_sizes == [3, 3, 1]  # ordered batches of the size asked for
    assert server.ids() == sorted(row_id(1000 + n) for n in range(7))
    assert len(store.state("confirmed")) == 7
    assert report.clock_skew == dt.timedelta(minutes=7)  # the server's clock minus the PC's
    assert store.rounds == [report]  # the round is remembered for the sync page


def test_a_reply_lost_after_the_server_committed_ends_as_duplicates_not_errors() -> None:
    store, server = FakeStore(), FakeServer()
    for n in range(4):
        store.add(status_payload(n))
    server.lose_next_reply = True

    first = engine(store, server).sync_once()

    assert first.problem is Problem.OFFLINE and not first.reconciled
    assert len(store.state("pending")) == 4  # nothing confirmed without an answer
    assert all(e.attempts == 1 for e in store.entries.values())  # shown as "sent"

    second = engine(store, server).sync_once()

    assert second.problem is None and second.reconciled
    assert (second.pushed, second.duplicates, second.rejected) == (0, 4, 0)
    assert len(store.state("confirmed")) == 4
    assert len(server.held) == 4  # each row held once


def test_a_rejected_entry_is_quarantined_and_does_not_block_the_rest() -> None:
    store, server = FakeStore(), FakeServer()
    for n in range(6):
        store.add(status_payload(n))
    server.reject = {row_id(1000 + 1)}

    report = engine(store, server, batch_size=2).sync_once()

    assert report.problem is None
    assert (report.pushed, report.rejected) == (5, 1)
    quarantined = store.state("quarantined")
    assert [e.entity_id for e in quarantined] == [row_id(1001)]
    assert quarantined[0].reason == "rejected: unknown_service"
    assert len(store.state("confirmed")) == 5
    assert report.quarantined == 1
    assert not report.reconciled  # something needs attention: never "fully synced"


def test_an_entry_that_breaks_the_wire_schema_is_quarantined_and_the_rest_goes_on() -> None:
    store, server = FakeStore(), FakeServer()
    store.add(status_payload(0))
    bad = status_payload(1)
    bad["actor"] = "petugas\x07"  # a control character the server refuses
    store.add(bad)
    store.add(status_payload(2))
    broken = status_payload(3)
    store.add(broken)
    store.entries[4].hlc = "yesterday"  # an envelope the server would refuse whole batches for

    report = engine(store, server).sync_once()

    assert report.rejected == 2 and report.pushed == 2
    reasons = {e.entity_id: e.reason for e in store.state("quarantined")}
    assert reasons[row_id(1001)].startswith("rejected: invalid: actor")
    assert reasons[row_id(1003)] == "rejected: invalid: entry"
    assert store.entries[4].attempts == 0  # never sent
    assert server.ids() == [row_id(1000), row_id(1002)]


def test_a_conflict_same_key_other_content_is_quarantined_not_swallowed() -> None:
    store, server = FakeStore(), FakeServer()
    payload = status_payload(0)
    server.held[("status_change", payload["id"], 1)] = ("0" * 64, payload["created_at"])
    store.add(payload)

    report = engine(store, server).sync_once()

    assert report.rejected == 1 and report.duplicates == 0
    assert store.state("quarantined")[0].reason == "rejected: conflict"


def test_an_entry_the_server_leaves_unanswered_waits_for_the_next_round() -> None:
    store, server = FakeStore(), FakeServer()
    for n in range(3):
        store.add(status_payload(n))
    server.silent = {row_id(1001)}

    report = engine(store, server).sync_once(reconcile=False)

    assert report.problem is None and report.pending == 1 and not report.reconciled
    assert server.calls.count("push") == 1  # no loop over the unanswered entry
    server.silent = set()
    assert engine(store, server).sync_once().reconciled


@pytest.mark.parametrize(
    "refusal",
    [
        Refused(413, "too_large"),  # too many bytes
        Refused(422, "batch_too_large"),  # too many entries: a server that takes fewer
    ],
)
def test_a_batch_too_large_for_the_server_is_split(refusal: Refused) -> None:
    store, server = FakeStore(), FakeServer()
    for n in range(10):
        store.add(status_payload(n))
    server.max_entries = 3
    server.too_large = refusal

    report = engine(store, server, batch_size=8).sync_once()

    assert report.problem is None and report.reconciled
    assert max(server.pushed_sizes) <= 3 and sum(server.pushed_sizes) == 10


@pytest.mark.parametrize(
    ("fault", "problem"),
    [
        (TransportError("offline", "connection refused"), Problem.OFFLINE),
        (TransportError("server_error", "status 500"), Problem.SERVER_ERROR),
        (Unauthorized("revoked"), Problem.UNAUTHORIZED),
        (Refused(400, "protocol"), Problem.REFUSED),
    ],
)
def test_a_failed_call_ends_the_round_with_its_problem_and_confirms_nothing(
    fault: Exception, problem: Problem
) -> None:
    store, server = FakeStore(), FakeServer()
    store.add(status_payload(0))
    server.faults = [fault]

    report = engine(store, server).sync_once()

    assert report.problem is problem
    assert not report.reconciled and report.pending == 1
    assert store.state("confirmed") == []


def test_the_next_batch_goes_out_when_the_one_before_is_answered_without_the_pcs_thread() -> None:
    # The PC's thread is held up right after the first answer (its progress call): the
    # second batch, read and handed over while the first was on the wire, goes out anyway.
    store, server = FakeStore(), FakeServer()
    for n in range(6):
        store.add(status_payload(n))
    second_sent = threading.Event()
    pushed = server.push

    def push(request: wire.PushRequest) -> wire.PushResponse:
        if server.pushed_sizes:
            second_sent.set()
        return pushed(request)

    server.push = push  # type: ignore[method-assign]
    waited: list[bool] = []
    sync = engine(store, server, batch_size=2, progress=lambda: waited.append(second_sent.wait(5)))

    report = sync.sync_once()

    assert report.problem is None and report.reconciled
    assert waited[0] is True  # the second push did not wait for the PC's thread
    assert server.pushed_sizes == [2, 2, 2]  # still one batch after another, in order
    assert server.ids() == sorted(row_id(1000 + n) for n in range(6))


def test_after_a_failed_push_the_batch_handed_over_behind_it_is_not_sent() -> None:
    store, server = FakeStore(), FakeServer()
    for n in range(6):
        store.add(status_payload(n))
    server.faults = [TransportError("server_error", "status 500")]

    failed = engine(store, server, batch_size=2).sync_once()

    assert failed.problem is Problem.SERVER_ERROR
    assert server.calls == ["push"]  # the next batch was ready and never went out
    assert server.held == {} and len(store.state("pending")) == 6

    again = engine(store, server, batch_size=2).sync_once()

    assert again.problem is None and again.reconciled
    assert (again.pushed, again.duplicates) == (6, 0)
    assert server.pushed_sizes == [2, 2, 2]


def test_an_unreadable_answer_is_found_after_the_next_batch_left_and_both_show_as_sent() -> None:
    # A transport that reads answers on the engine's thread (as HttpTransport does): the
    # first answer turns out to be garbage once the second batch is already on the wire.
    store, server = FakeStore(), FakeServer()
    for n in range(6):
        store.add(status_payload(n))
    garbage = [TransportError("offline", "answer is not JSON")]
    second_out = threading.Event()

    def send_push(request: wire.PushRequest) -> Callable[[], wire.PushResponse]:
        answer = server.push(request)
        if garbage:
            failure = garbage.pop()

            def unreadable() -> wire.PushResponse:
                second_out.wait(5)  # read while the next batch is on the wire
                raise failure

            return unreadable
        second_out.set()
        return lambda: answer

    server.send_push = send_push  # type: ignore[attr-defined]

    failed = engine(store, server, batch_size=2).sync_once()

    assert failed.problem is Problem.OFFLINE and not failed.reconciled
    assert len(server.held) == 4  # the batch behind the unreadable answer went out too
    attempts = [e.attempts for e in sorted(store.entries.values(), key=lambda e: e.seq)]
    assert attempts == [1, 1, 1, 1, 0, 0]  # both shown as sent, the third never left
    assert store.state("confirmed") == []

    again = engine(store, server, batch_size=2).sync_once()

    assert again.reconciled and (again.pushed, again.duplicates) == (2, 4)
    assert len(server.held) == 6


def test_rate_limited_carries_the_servers_wait_and_its_clock() -> None:
    store, server = FakeStore(), FakeServer()
    store.add(status_payload(0))
    server.faults = [RateLimited(42.0, server_time=NOW)]

    report = engine(store, server).sync_once()

    assert report.problem is Problem.RATE_LIMITED and report.retry_after == 42.0
    assert report.clock_skew == dt.timedelta(minutes=7)  # read from the refusal too


def test_the_engines_problems_are_the_ones_the_ui_words() -> None:
    assert {p.value for p in Problem} <= {p.value for p in SyncProblem}


# -- pull ----------------------------------------------------------------------------------


def test_pull_applies_every_page_and_keeps_the_last_cursor() -> None:
    store, server = FakeStore(), FakeServer()
    server.feed = [change(n) for n in range(5)]

    report = engine(store, server).sync_once()

    assert report.pulled == 5 and report.reconciled
    assert [c.key for c in store.applied] == [f"S{n}" for n in range(5)]
    assert store.saved_cursor == "5"
    again = engine(store, server).sync_once()
    assert again.pulled == 0  # the cursor is kept: nothing is applied twice


def test_the_cursor_does_not_move_when_applying_a_page_fails() -> None:
    store, server = FakeStore(), FakeServer()
    server.feed = [change(n) for n in range(3)]
    store.fail_apply = True

    report = engine(store, server).sync_once()

    assert report.problem is Problem.DATABASE and not report.reconciled
    assert store.saved_cursor is None and store.applied == []

    store.fail_apply = False
    report = engine(store, server).sync_once()
    assert report.pulled == 3 and store.saved_cursor == "3"


def test_a_server_that_says_more_without_moving_its_cursor_cannot_hold_the_pc() -> None:
    store, server = FakeStore(), FakeServer()

    def stuck(cursor: str | None) -> wire.PullResponse:
        server.calls.append("pull")
        return wire.PullResponse(server_time=NOW, cursor="7", more=True, changes=[change(1)])

    server.pull = stuck  # type: ignore[method-assign]
    store.saved_cursor = "7"

    engine(store, server).sync_once()

    assert server.calls.count("pull") == 1


# -- reconcile -----------------------------------------------------------------------------


def test_reconcile_finds_a_day_the_server_lost_and_sends_it_again() -> None:
    store, server = FakeStore(), FakeServer()
    for n in range(3):
        store.add(status_payload(n, created=DAY1))
    for n in range(3, 5):
        store.add(status_payload(n, created=DAY2))
    assert engine(store, server).sync_once().reconciled
    server.forget_day(DAY1.date())  # restored from a backup older than that day

    report = engine(store, server).sync_once(reconcile=True)

    assert report.resent == 3 and report.pushed == 3
    assert report.reconciled
    assert len(server.held) == 5


def test_reconcile_resends_the_newest_version_the_server_lacks() -> None:
    store, server = FakeStore(), FakeServer()
    store.add(status_payload(0, version=1))
    assert engine(store, server).sync_once().reconciled
    seq = store.add(status_payload(0, version=2))
    store.entries[seq].state = "confirmed"  # the PC thinks v2 arrived; the server lost it

    report = engine(store, server).sync_once(reconcile=True)

    assert report.resent == 1 and report.reconciled
    assert ("status_change", row_id(1000), 2) in server.held


def test_rows_only_the_server_holds_mean_not_reconciled() -> None:
    store, server = FakeStore(), FakeServer()
    store.add(status_payload(0))
    server.extra = [("status_change", row_id(9999), 1, DAY1.isoformat())]

    report = engine(store, server).sync_once()

    assert report.problem is None and report.pushed == 1
    assert not report.reconciled and report.resent == 0
    assert server.calls.count("reconcile") == 1  # nothing to re-send: no pointless rounds


def test_a_round_that_sent_nothing_skips_the_check_until_it_is_due() -> None:
    store, server = FakeStore(), FakeServer()
    store.add(status_payload(0))
    sync = engine(store, server, reconcile_every=dt.timedelta(hours=1))
    assert sync.sync_once().checked

    quiet = sync.sync_once()

    assert not quiet.checked and quiet.reconciled  # the last check still stands
    store.add(status_payload(1, created=DAY1))
    sent = sync.sync_once()
    assert sent.checked and sent.reconciled  # something was sent: its day checked again
    assert store.summary_calls == [None, {DAY1.date()}]  # not every row of the file


def test_a_full_check_sums_the_pc_once_while_the_last_batch_is_out() -> None:
    store, server = FakeStore(), FakeServer()
    for n in range(5):
        store.add(status_payload(n))

    report = engine(store, server, batch_size=2).sync_once()

    assert report.reconciled and report.pushed == 5 and report.resent == 0
    assert store.summary_calls == [None]  # one read of every row, not one per step


def test_a_pull_that_moves_a_row_here_makes_the_check_sum_again_not_resend() -> None:
    """The sums taken while the last batch was out are stale once the pull moved a row here
    (its new version goes in the same round): taken again, they match, nothing is resent."""
    store, server = FakeStore(), FakeServer()
    for n in range(3):
        store.add(status_payload(n))
    server.feed = [change(1)]
    apply = store.apply_pull

    def moving(changes: Sequence[wire.Change], cursor: str) -> int:
        applied = apply(changes, cursor)
        if changes:  # a central status change: the request's next version is queued
            store.add(status_payload(0, version=2))
        return applied

    store.apply_pull = moving  # type: ignore[method-assign]

    report = engine(store, server).sync_once()

    assert report.pulled == 1 and report.pushed == 4
    assert report.reconciled and report.resent == 0
    assert store.summary_calls == [None, None]  # before the pull, and again after it


def test_the_pull_and_the_check_follow_the_last_batch_without_waiting_for_the_pc() -> None:
    # The PC's thread is held up summing its rows while the last batch is out: the pull and
    # the check still reach the server, right behind that batch.
    store, server = FakeStore(), FakeServer()
    for n in range(4):
        store.add(status_payload(n))
    checked = threading.Event()
    reconcile, summed = server.reconcile, store.day_summaries

    def asked() -> wire.ReconcileResponse:
        checked.set()
        return reconcile()

    waited: list[bool] = []

    def slow_sum(days: Collection[dt.date] | None = None) -> list[wire.DaySummary]:
        waited.append(checked.wait(5))
        return summed(days)

    server.reconcile = asked  # type: ignore[method-assign]
    store.day_summaries = slow_sum  # type: ignore[method-assign]

    report = engine(store, server, batch_size=2).sync_once()

    assert report.reconciled and report.pushed == 4 and report.resent == 0
    assert waited == [True]  # asked for while the PC summed, and summed once
    assert server.calls == ["push", "push", "pull", "reconcile"]


def test_a_check_that_fails_behind_the_last_batch_leaves_the_pull_pages_to_come() -> None:
    store, server = FakeStore(), FakeServer()
    for n in range(2):
        store.add(status_payload(n))
    server.feed, server.page = [change(1), change(2)], 1  # two pull pages
    reconcile = server.reconcile
    failing = [TransportError("server_error", "status 500")]

    def check() -> wire.ReconcileResponse:
        if failing:
            raise failing.pop()
        return reconcile()

    server.reconcile = check  # type: ignore[method-assign]

    report = engine(store, server).sync_once()

    assert report.problem is Problem.SERVER_ERROR and not report.reconciled
    assert report.pushed == 2 and report.pulled == 2  # the second page still came
    assert server.calls == ["push", "pull", "pull"]  # (the failed check raised before it)
    assert engine(store, server).sync_once().reconciled


def test_a_last_batch_too_large_sends_no_pull_or_check_before_its_halves() -> None:
    store, server = FakeStore(), FakeServer()
    for n in range(4):
        store.add(status_payload(n))
    server.max_entries = 2

    report = engine(store, server, batch_size=4).sync_once()

    assert report.reconciled and report.pushed == 4 and report.resent == 0
    # the refused batch, its halves, then the pull and a check that sees both halves
    assert server.calls == ["push", "push", "push", "pull", "reconcile"]
    assert server.pushed_sizes == [2, 2]


def test_a_quick_check_looks_at_the_utc_days_of_the_rows_just_sent() -> None:
    store, server = FakeStore(), FakeServer()
    store.add(status_payload(0, created=DAY1))
    sync = engine(store, server)
    assert sync.sync_once(reconcile=True).reconciled
    wib = dt.timezone(dt.timedelta(hours=7))
    store.add(status_payload(1, created=DAY2))
    store.add(status_payload(2, created=DAY2 + dt.timedelta(minutes=5)))
    # 05:00 in Jakarta on the 11th is still the 10th in UTC
    store.add(status_payload(3, created=dt.datetime(2026, 3, 11, 5, 0, tzinfo=wib)))

    report = sync.sync_once()  # a background round: the full check is not due

    assert report.reconciled and report.pushed == 3
    assert store.summary_calls[-1] == {dt.date(2026, 3, 10)}


def test_a_day_lost_by_the_server_is_found_by_the_next_full_check() -> None:
    store, server = FakeStore(), FakeServer()
    store.add(status_payload(0, created=DAY1))
    sync = engine(store, server, reconcile_every=dt.timedelta(0))
    assert sync.sync_once().reconciled
    server.forget_day(DAY1.date())

    report = sync.sync_once()  # a background round: the full check is due

    assert report.resent == 1 and report.reconciled and len(server.held) == 1


# -- backoff -------------------------------------------------------------------------------


def test_backoff_grows_with_jitter_up_to_its_cap_and_starts_again_after_success() -> None:
    backoff = Backoff(base=2.0, cap=60.0, floor=1.0, rng=random.Random(7))
    ceilings = []
    delays = []
    for _ in range(12):
        ceilings.append(backoff.ceiling())
        delays.append(backoff.next_delay())

    assert ceilings[:6] == [2.0, 4.0, 8.0, 16.0, 32.0, 60.0]
    assert ceilings[6:] == [60.0] * 6  # capped, and never "given up"
    assert all(1.0 <= d <= c for d, c in zip(delays, ceilings, strict=True))
    assert len({round(d, 3) for d in delays[5:]}) == len(delays[5:])  # jittered, not fixed
    backoff.reset()
    assert backoff.ceiling() == 2.0


def test_backoff_waits_at_least_what_the_server_asked() -> None:
    backoff = Backoff(base=1.0, cap=5.0, rng=random.Random(1))
    assert backoff.next_delay(retry_after=120.0) == 120.0


# -- the runner ----------------------------------------------------------------------------


def quick_report(problem: Problem | None = None, retry_after: float | None = None) -> RoundReport:
    return RoundReport(
        pushed=0,
        duplicates=0,
        rejected=0,
        pulled=0,
        resent=0,
        reconciled=problem is None,
        pending=0,
        quarantined=0,
        server_time=None,
        clock_skew=None,
        problem=problem,
        retry_after=retry_after,
    )


class Rounds:
    """A round function that counts calls and answers from a script."""

    def __init__(self, script: Callable[[int], RoundReport] | None = None) -> None:
        self.count = 0
        self.script = script or (lambda n: quick_report())
        self.called = threading.Condition()

    def __call__(self) -> RoundReport:
        with self.called:
            self.count += 1
            n = self.count
            self.called.notify_all()
        return self.script(n)

    def wait_for(self, n: int, timeout: float = 5.0) -> bool:
        with self.called:
            return self.called.wait_for(lambda: self.count >= n, timeout)


def fast_backoff() -> Backoff:
    return Backoff(base=0.01, cap=0.05, floor=0.0, rng=random.Random(3))


def test_the_runner_syncs_at_start_and_soon_after_a_nudge() -> None:
    rounds = Rounds()
    runner = SyncRunner(rounds, interval=30.0, debounce=0.05, watchdog_every=0)
    runner.start()
    try:
        assert rounds.wait_for(1)
        time.sleep(0.1)
        assert rounds.count == 1  # then it waits for the interval
        runner.nudge()
        assert rounds.wait_for(2)
        assert runner.next_attempt_at is not None
    finally:
        runner.stop()
    assert not runner.alive


def test_the_runner_retries_failures_with_backoff_and_never_gives_up() -> None:
    rounds = Rounds(lambda n: quick_report(Problem.OFFLINE if n < 6 else None))
    backoff = fast_backoff()
    runner = SyncRunner(rounds, interval=30.0, backoff=backoff, watchdog_every=0)
    runner.start()
    try:
        assert rounds.wait_for(6)
        time.sleep(0.05)
        assert backoff.failures == 0  # the round that worked reset it
        assert runner.last_report is not None and runner.last_report.problem is None
    finally:
        runner.stop()


def test_a_round_that_raises_is_logged_and_retried(caplog: pytest.LogCaptureFixture) -> None:
    def script(n: int) -> RoundReport:
        if n == 1:
            raise RuntimeError("bug")
        return quick_report()

    rounds = Rounds(script)
    runner = SyncRunner(rounds, backoff=fast_backoff(), watchdog_every=0)
    runner.start()
    try:
        assert rounds.wait_for(2)
    finally:
        runner.stop()
    assert "sync round failed" in caplog.text


def test_a_revoked_token_pauses_the_runner_until_sync_now() -> None:
    rounds = Rounds(lambda n: quick_report(Problem.UNAUTHORIZED if n == 1 else None))
    runner = SyncRunner(rounds, backoff=fast_backoff(), debounce=0.01, watchdog_every=0)
    runner.start()
    try:
        assert rounds.wait_for(1)
        runner.nudge()  # a local change does not hammer a server that refuses us
        time.sleep(0.2)
        assert rounds.count == 1 and runner.paused
        runner.nudge(force=True)  # "sync now" (or enrolled again)
        assert rounds.wait_for(2)
    finally:
        runner.stop()


class Death(BaseException):
    """Something no round should raise, that ends the thread."""


def test_the_watchdog_restarts_a_loop_whose_thread_died(caplog: pytest.LogCaptureFixture) -> None:
    def script(n: int) -> RoundReport:
        if n == 1:
            raise Death
        return quick_report()

    rounds = Rounds(script)
    runner = SyncRunner(rounds, interval=30.0, watchdog_every=0.05)
    runner.start()
    try:
        assert rounds.wait_for(1)
        assert rounds.wait_for(2)  # the watchdog thread noticed and started a new loop
        assert runner.restarts == 1 and runner.alive
    finally:
        runner.stop()
    assert "sync loop died" in caplog.text
    assert "sync loop thread ended" in caplog.text


def test_the_watchdog_restarts_a_loop_that_stopped_beating() -> None:
    release = threading.Event()

    def script(n: int) -> RoundReport:
        if n == 1:
            release.wait(5)  # stuck inside a round, never beating
        return quick_report()

    rounds = Rounds(script)
    runner = SyncRunner(rounds, interval=30.0, stale_after=0.2, watchdog_every=0)
    runner.start()
    try:
        assert rounds.wait_for(1)
        assert not runner.watchdog()  # fresh: nothing to do
        time.sleep(0.3)
        assert runner.watchdog()  # stale: a new loop
        assert rounds.wait_for(2)
        release.set()
        time.sleep(0.1)
        assert rounds.count == 2  # the old loop ended when it woke; no double rounds
    finally:
        release.set()
        runner.stop()


def test_a_real_engine_under_the_runner_ends_reconciled() -> None:
    store, server = FakeStore(), FakeServer()
    for n in range(5):
        store.add(status_payload(n))
    server.faults = [TransportError("offline", "down"), TransportError("server_error", "500")]
    reports: list[RoundReport] = []
    sync = engine(store, server)
    runner = SyncRunner(
        sync.sync_once, backoff=fast_backoff(), on_report=reports.append, watchdog_every=0
    )
    runner.start()
    try:
        deadline = time.monotonic() + 5
        while not (reports and reports[-1].reconciled) and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        runner.stop()
    assert [r.problem for r in reports[:2]] == [Problem.OFFLINE, Problem.SERVER_ERROR]
    assert reports[-1].reconciled and len(server.held) == 5
