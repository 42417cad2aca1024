"""One sync round, as pure logic: push until nothing is pending, pull until the server has
nothing more, reconcile (docs/SYNC.md, "The engine").

The engine knows no database and no HTTP library: it talks to a :class:`LocalStore` (the
outbox, the pull cursor, the local day summaries; ``desktop.services.sync.SqlStore`` in the
application, a dict in the tests) and a :class:`Transport` (``sync.transport.HttpTransport``
or a fake). What it promises:

- an entry is confirmed only after the server answered for it (``accepted`` or
  ``duplicate``: a retry after a lost reply is not an error); a rejected entry is
  quarantined with its reason and the rest of the queue goes on;
- an entry whose envelope (entity, id, version, clock) breaks the wire schema is
  quarantined here, before it is sent, so one bad row never makes the server refuse a whole
  batch; a payload that breaks it is rejected by the server for that entry alone;
- a pull page and its cursor are stored in one transaction by the store: the cursor moves
  only when the page is applied;
- ``reconciled`` is true only when nothing is pending, nothing is quarantined and the
  server holds, day by day and entity by entity, exactly the rows and versions this PC does.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import gc
import logging
import threading
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol, TypeVar

from sync import wire
from sync.transport import RateLimited, Refused, TransportError, TransportFailure, Unauthorized

log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]

# Re-send rounds after the first reconciliation check, at most.
RECONCILE_ROUNDS = 2
# A round that pushed nothing re-checks the server's day summaries at most this often.
RECONCILE_EVERY = dt.timedelta(minutes=15)
# Pull pages in one round, at most (a server that keeps saying "more" cannot hold a PC).
MAX_PULL_PAGES = 10_000


class Problem(enum.StrEnum):
    """Why a round did not finish. The values are those of
    ``desktop.services.sync_types.SyncProblem`` (a test keeps them equal)."""

    OFFLINE = "offline"
    SERVER_ERROR = "server_error"
    RATE_LIMITED = "rate_limited"
    UNAUTHORIZED = "unauthorized"
    REFUSED = "refused"
    DATABASE = "database"


class LocalStoreError(Exception):
    """The local database could not be read or written (busy, full, failed)."""


class Outgoing(NamedTuple):
    """A pending outbox entry as the store hands it over (``payload`` ready to send). A
    tuple: a store makes thousands per round."""

    seq: int
    entity: str
    entity_id: str
    version: int
    operation: str
    hlc: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class Result:
    """What became of one entry: confirmed (accepted, duplicate) or quarantined (rejected)."""

    seq: int
    outcome: wire.Outcome
    reason: str = ""  # for a rejection: "rejected: <wire Reason>[: detail]"
    sent: bool = True  # False: refused here, never sent (its attempts are not counted)


@dataclass(frozen=True)
class Counts:
    pending: int
    quarantined: int


class LocalStore(Protocol):
    """What the engine needs of the PC's database. Every method is one transaction."""

    def pending(self, after_seq: int, limit: int) -> list[Outgoing]:
        """Pending entries with ``seq > after_seq``, in seq order, at most ``limit``."""
        ...

    def mark_attempted(self, seqs: Sequence[int]) -> None:
        """These entries were sent and no usable answer came (the UI shows them as *sent*)."""
        ...

    def record_results(self, results: Sequence[Result]) -> None:
        """Accepted/duplicate: confirmed. Rejected: quarantined with the reason. Each
        result that was ``sent`` counts one attempt."""
        ...

    def cursor(self) -> str | None: ...

    def apply_pull(self, changes: Sequence[wire.Change], cursor: str) -> int:
        """Apply one pull page and store ``cursor``, in ONE transaction; how many applied."""
        ...

    def day_summaries(self, days: Collection[dt.date] | None = None) -> list[wire.DaySummary]:
        """Per (day, entity): the rows this device made, with their newest versions
        (tombstones too). ``days``: only those days; None: every day."""
        ...

    def requeue(self, day: dt.date, entity: wire.Entity) -> int:
        """The newest entry of each of this device's rows of that day back to pending."""
        ...

    def counts(self) -> Counts: ...

    def record_round(self, report: RoundReport) -> None:
        """Remember the round (last attempt, problem, clock skew, reconciled)."""
        ...


class Transport(Protocol):
    """The server as the engine sees it. A transport may also have ``prepare(request)``, to
    encode a push ahead of :meth:`push` (``HttpTransport`` does; fakes need not)."""

    def push(self, request: wire.PushRequest) -> wire.PushResponse: ...

    def pull(self, cursor: str | None) -> wire.PullResponse: ...

    def reconcile(self) -> wire.ReconcileResponse: ...


@dataclass(frozen=True)
class RoundReport:
    """One round; ``desktop.services.sync`` turns it into a ``SyncReport``."""

    pushed: int
    duplicates: int
    rejected: int
    pulled: int
    resent: int
    reconciled: bool
    pending: int
    quarantined: int
    server_time: dt.datetime | None
    clock_skew: dt.timedelta | None
    problem: Problem | None
    retry_after: float | None = None  # with RATE_LIMITED: what the server asked for
    checked: bool = False  # the server's day summaries were compared in this round
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None


@dataclass(frozen=True)
class _Batch:
    """A batch read from the outbox and made ready to send."""

    items: Sequence[Outgoing]
    ready: list[tuple[int, wire.Entry]]
    refused: list[Result]
    request: wire.PushRequest | None  # None: nothing in it can be sent
    days: set[dt.date]  # the days of its rows (reconciliation looks at these)


class _Answered(NamedTuple):
    """A batch and the server's answer to it, read into results only when recorded."""

    ready: Sequence[tuple[int, wire.Entry]]
    answer: wire.PushResponse


# What the server said and the outbox does not know yet.
Unrecorded = Sequence[Result] | _Answered


@dataclass
class _Tally:
    pushed: int = 0
    duplicates: int = 0
    rejected: int = 0
    pulled: int = 0
    resent: int = 0
    checked: bool = False
    full: bool = False  # every day was compared
    matched: bool = False
    server_time: dt.datetime | None = None
    skew: dt.timedelta | None = None
    mismatched: list[tuple[dt.date, wire.Entity]] = field(default_factory=list)
    days: set[dt.date] = field(default_factory=set)  # the days of the rows sent


class SyncEngine:
    """Runs rounds; one at a time (a second caller waits for the first to finish)."""

    def __init__(
        self,
        store: LocalStore,
        transport: Transport,
        clock: Clock,
        *,
        progress: Callable[[], None] | None = None,
        reconcile_every: dt.timedelta = RECONCILE_EVERY,
        batch_size: int = wire.MAX_BATCH,
    ) -> None:
        self.store = store
        self.transport = transport
        self.clock = clock
        self.progress = progress or (lambda: None)
        self.reconcile_every = reconcile_every
        self.batch_size = max(1, min(batch_size, wire.MAX_BATCH))
        self._lock = threading.Lock()
        self._reconciled = False  # the last check matched
        self._checked_at: float | None = None  # time.monotonic() of that check

    def sync_once(self, *, reconcile: bool | None = None) -> RoundReport:
        """One round. ``reconcile``: True compares every day with the server's day
        summaries, False none; None (the background runner) every day when the last full
        check did not match or is older than ``reconcile_every``, else only the days of the
        rows this round sent."""
        with self._lock, _collector_settled():
            return self._round(reconcile)

    # -- the round -------------------------------------------------------------------------

    def _round(self, reconcile: bool | None) -> RoundReport:
        started = self.clock()
        tally = _Tally()
        problem: Problem | None = None
        retry_after: float | None = None
        try:
            due = (
                not self._reconciled
                or self._checked_at is None
                or time.monotonic() - self._checked_at > self.reconcile_every.total_seconds()
            )
            full = bool(reconcile or (reconcile is None and due))
            check_follows = full or reconcile is None
            # A full check reads every row of the file: done while the last batch is on
            # the wire, and again only if the push after the pull sent anything (a synced
            # row never changes here without an outbox entry, so a pull that changes one
            # of this PC's rows queues it for that push).
            early: list[wire.DaySummary] = []
            ahead = _Ahead()

            def last_batch_out() -> None:
                # The pull and the check go out the moment the last batch is answered (the
                # server's sums only change with this PC's pushes); this thread sums here.
                ahead.pull = courier.call(self.transport.pull, self.store.cursor())
                if check_follows:
                    ahead.check = courier.call(self.transport.reconcile)
                    ahead.pushes = courier.pushes
                if full:
                    early.extend(self.store.day_summaries(None))

            with _Courier() as courier:
                # Push first: what the PC holds reaches the server even when a pull cannot.
                # The last batch's answers are recorded while the next request is out (the
                # pull only ever queues entries after them).
                last, unrecorded = self._push_all(tally, courier, meanwhile=last_batch_out)
                try:
                    self._pull_all(tally, courier, ahead.pull)
                except BaseException:
                    self._record(tally, unrecorded)
                    raise
                # What the pull changed here (a central status change moves a request).
                after, unrecorded = self._push_all(tally, courier, last, unrecorded)
                if after != last:
                    early.clear()
                check = ahead.check if courier.pushes == ahead.pushes else None
                if full:
                    self._reconcile(tally, courier, None, unrecorded, early or None, check)
                elif reconcile is None and tally.days:
                    # The last full check matched and is recent: the days just sent are all
                    # that can have changed here (a full check reads every row of the file).
                    self._reconcile(tally, courier, tally.days, unrecorded, asked=check)
                elif unrecorded:
                    self._record(tally, unrecorded)
        except Unauthorized as exc:
            problem = Problem.UNAUTHORIZED
            self._saw_failure(tally, exc)
        except RateLimited as exc:
            problem, retry_after = Problem.RATE_LIMITED, exc.retry_after
            self._saw_failure(tally, exc)
        except Refused as exc:
            problem = Problem.REFUSED
            self._saw_failure(tally, exc)
        except TransportError as exc:
            problem = Problem.OFFLINE if exc.kind == "offline" else Problem.SERVER_ERROR
            self._saw_failure(tally, exc)
        except LocalStoreError as exc:
            problem = Problem.DATABASE
            log.warning("sync round: local database: %s", exc)
        if problem is not None:
            self._reconciled = False
            log.info("sync round ended early: %s", problem)
        counts = self._counts()
        if counts is None and problem is None:
            problem = Problem.DATABASE
        if tally.checked:
            self._reconciled = tally.matched
            if tally.full:
                self._checked_at = time.monotonic()
        matched = tally.matched if tally.checked else self._reconciled
        report = RoundReport(
            pushed=tally.pushed,
            duplicates=tally.duplicates,
            rejected=tally.rejected,
            pulled=tally.pulled,
            resent=tally.resent,
            reconciled=(
                problem is None
                and matched
                and counts is not None
                and counts.pending == 0
                and counts.quarantined == 0
            ),
            pending=counts.pending if counts else 0,
            quarantined=counts.quarantined if counts else 0,
            server_time=tally.server_time,
            clock_skew=tally.skew,
            problem=problem,
            retry_after=retry_after,
            checked=tally.checked,
            started_at=started,
            finished_at=self.clock(),
        )
        try:
            self.store.record_round(report)
        except LocalStoreError as exc:
            log.warning("sync round could not be recorded: %s", exc)
        return report

    def _counts(self) -> Counts | None:
        try:
            return self.store.counts()
        except LocalStoreError as exc:
            log.warning("sync round: counting the outbox failed: %s", exc)
            return None

    def _saw(self, tally: _Tally, server_time: dt.datetime | None) -> None:
        if server_time is None:
            return
        tally.server_time = server_time
        tally.skew = server_time - self.clock()

    def _saw_failure(self, tally: _Tally, exc: TransportFailure) -> None:
        self._saw(tally, exc.server_time)
        log.info("sync: %s", exc)

    # -- push ------------------------------------------------------------------------------

    def _push_all(
        self,
        tally: _Tally,
        courier: _Courier,
        after: int = 0,
        earlier: Unrecorded = (),
        meanwhile: Callable[[], None] | None = None,
    ) -> tuple[int, Unrecorded]:
        """Every pending entry after ``after``, batch by batch, in outbox order; the last seq
        looked at, and what the server said of the last batch, for the caller to record
        (when this raises, it is recorded here). ``earlier``: answers still to record.
        ``meanwhile``: run once while the last batch is on the wire.

        One batch is on the wire at a time (the order holds). While it is there, this
        thread records what the server said of the batch before and reads the next one, so
        the PC's own work hides behind the server's. A batch moves the position on whatever
        the server answers, so an entry the server left unanswered waits for the next round
        instead of holding this one.
        """
        size = self.batch_size
        answered: Unrecorded = earlier  # the last batch's answers, recorded during the next
        done = False
        sending: Future[_Reading] | None = None  # this batch, once handed over
        upcoming: _Batch | None = None
        try:
            batch = self._batch(self.store.pending(after, size))
            while batch.items:
                last = batch.items[-1].seq
                if batch.request is None:
                    self._record(tally, batch.refused)
                    after, batch = last, self._batch(self.store.pending(last, size))
                    continue
                ready = batch.ready
                if sending is None:
                    sending = courier.push(self.transport, batch.request)
                answer: wire.PushResponse | None
                upcoming, following = None, None
                try:
                    # While the server works: what the PC has to record (a few entries
                    # of this batch it will not send, the answers to the one before),
                    # then the next batch, read, made ready and handed over: the courier
                    # sends it the moment this one is answered.
                    if batch.refused:
                        self._record(tally, batch.refused)
                    if answered:
                        self._record(tally, answered)
                        answered = ()
                    upcoming = self._batch(self.store.pending(last, size))
                    if upcoming.request is not None:
                        following = courier.push(self.transport, upcoming.request)
                    if meanwhile is not None and not upcoming.items:
                        task, meanwhile = meanwhile, None
                        task()
                finally:
                    try:
                        answer = _read(sending.result())
                    except Refused as exc:
                        if not _too_large(exc):
                            self.store.mark_attempted([seq for seq, _ in ready])
                            raise
                        answer = None
                    except TransportFailure:
                        # Sent, and no usable answer: the reply may have been lost after
                        # the server stored it (the next round's answer is "duplicate"). An
                        # answer that could not be read is found here, after the next batch
                        # went out: that one was sent too.
                        self.store.mark_attempted([seq for seq, _ in ready])
                        if upcoming is not None and _went_out(following):
                            self.store.mark_attempted([seq for seq, _ in upcoming.ready])
                        raise
                    finally:
                        sending = following
                if answer is None:  # too big for the server: split it
                    courier.settle(sending)  # the next one was not sent
                    sending = None
                    if len(ready) > 1:
                        size = max(1, len(ready) // 2)
                        log.info("sync: batch too large, now %s entries", size)
                        batch = self._batch(self.store.pending(after, size))
                        continue
                    answered = [Result(ready[0][0], wire.Outcome.REJECTED, "rejected: too_large")]
                    after, batch = last, upcoming
                    continue
                self._saw(tally, answer.server_time)
                tally.days |= batch.days
                # Read when recorded, while the next batch is on the wire.
                answered = _Answered(ready, answer)
                after, batch = last, upcoming
                self.progress()
            done = True
        finally:
            if not done and sending is not None:
                sending.cancel()  # handed over behind the one that failed
            if answered and not done:
                self._record(tally, answered)
        return after, answered

    def _batch(self, items: Sequence[Outgoing]) -> _Batch:
        """``items`` made ready to send: envelopes checked, the request built and, where the
        transport can, already encoded and compressed."""
        ready, refused = _prepared(items)
        request = wire.PushRequest(entries=[e for _, e in ready]) if ready else None
        if request is not None:
            prepare = getattr(self.transport, "prepare", None)
            if prepare is not None:
                prepare(request)
        return _Batch(items, ready, refused, request, _days(ready))

    def _record(self, tally: _Tally, answers: Unrecorded) -> None:
        results = _results(*answers) if isinstance(answers, _Answered) else answers
        if not results:
            return
        self.store.record_results(results)
        for result in results:
            if result.outcome is wire.Outcome.ACCEPTED:
                tally.pushed += 1
            elif result.outcome is wire.Outcome.DUPLICATE:
                tally.duplicates += 1
            else:
                tally.rejected += 1
                if result.sent:
                    log.warning("sync: entry %s %s", result.seq, result.reason)
                else:
                    log.warning("sync: entry %s not sent: %s", result.seq, result.reason)

    # -- pull ------------------------------------------------------------------------------

    def _pull_all(
        self,
        tally: _Tally,
        courier: _Courier,
        first: Future[wire.PullResponse] | None = None,
    ) -> None:
        """Every page after the stored cursor. ``first``: the first page, already asked."""
        cursor = self.store.cursor()
        for _ in range(MAX_PULL_PAGES):
            answer = _answer(first) if first is not None else None
            first = None
            if answer is None:
                answer = courier.call(self.transport.pull, cursor).result()
            self._saw(tally, answer.server_time)
            if answer.changes or answer.cursor != cursor:
                tally.pulled += self.store.apply_pull(answer.changes, answer.cursor)
            self.progress()
            if not answer.more:
                return
            if answer.cursor == cursor:
                log.warning("sync: the server says more but its cursor did not move")
                return
            cursor = answer.cursor

    # -- reconcile -------------------------------------------------------------------------

    def _reconcile(
        self,
        tally: _Tally,
        courier: _Courier,
        days: set[dt.date] | None,
        unrecorded: Unrecorded = (),
        summed: Sequence[wire.DaySummary] | None = None,
        asked: Future[wire.ReconcileResponse] | None = None,
    ) -> None:
        """Compare with the server (every day, or only ``days``); re-send the days that
        differ, then check again. ``unrecorded``: the last push's answers, recorded while
        the server sums (the server's sums do not depend on them, nor do the local ones).
        ``summed``: the local summaries, already made for this check. ``asked``: the
        server's, already asked for after this PC's last push."""
        for round_ in range(RECONCILE_ROUNDS + 1):
            if asked is None:
                asked = courier.call(self.transport.reconcile)
            try:
                if unrecorded:
                    self._record(tally, unrecorded)
                    unrecorded = ()
                if summed is None:
                    summed = self.store.day_summaries(days)  # while the server sums
                local = _by_key(summed)
                summed = None  # a check after a re-send sums again
            finally:
                answer = _answer(asked)  # (not made: a push it was asked behind failed)
            asked = None
            if answer is None:
                answer = courier.call(self.transport.reconcile).result()
            self._saw(tally, answer.server_time)
            remote = _by_key(answer.days)
            if days is not None:
                remote = {k: v for k, v in remote.items() if k[0] in days}
            differing = sorted(k for k, v in local.items() if remote.get(k) != v)
            only_remote = sorted(k for k in remote if k not in local)
            tally.checked = True
            tally.full = days is None
            tally.mismatched = differing + only_remote
            self.progress()
            if not differing and not only_remote:
                tally.matched = True
                return
            tally.matched = False
            if only_remote:
                # The server holds rows of this PC that it no longer has (a PC restored
                # from an older backup): nothing to re-send; IT must look.
                log.warning(
                    "sync: the server holds rows this PC does not, on %s",
                    ", ".join(f"{day} {entity}" for day, entity in only_remote[:10]),
                )
            if round_ == RECONCILE_ROUNDS or not differing:
                return
            queued = 0
            for day, entity in differing:
                queued += self.store.requeue(day, entity)
            log.info(
                "sync: %s day(s) differ from the server; %s entries queued again",
                len(differing),
                queued,
            )
            tally.resent += queued
            if not queued:
                return
            _, unrecorded = self._push_all(tally, courier)


@contextlib.contextmanager
def _collector_settled() -> Iterator[None]:
    """Python's cycle collector leaves alone what existed before the round.

    A round makes tens of thousands of short-lived objects (payloads, entries, answers), and
    each time they pile up the collector also walks everything the application had loaded
    (Qt wrappers, SQLAlchemy, pydantic's schemas): about a tenth of a round's time. Frozen,
    those are skipped until the round ends, then collected as usual. The desktop freezes
    nothing else, so thawing here undoes no one's freeze.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


T = TypeVar("T")


class _Courier:
    """A round's calls to the server, made on one thread one after another in the order
    they are handed over: the next leaves the moment the one before is answered, whatever
    the round's own thread is doing. Once a push fails, nothing handed over after it is sent
    (pushes stay in order, and a round stops at its first failed push); another call that
    fails says so to whoever reads its answer."""

    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sewaka-courier")
        self._failed = False
        self.pushes = 0  # pushes handed over so far

    def __enter__(self) -> _Courier:
        return self

    def __exit__(self, *exc: object) -> None:
        # What was handed over and not begun is dropped; what is on the wire is waited for.
        self._executor.shutdown(wait=True, cancel_futures=True)

    def call(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        return self._executor.submit(self._call, False, fn, *args)

    def push(self, transport: Transport, request: wire.PushRequest) -> Future[_Reading]:
        """``request`` pushed; the answer is read on the caller's thread (:func:`_read`),
        where the transport allows, so this thread sends the next batch meanwhile."""
        self.pushes += 1
        send: Callable[[wire.PushRequest], _Reading] = getattr(
            transport, "send_push", transport.push
        )
        return self._executor.submit(self._call, True, send, request)

    def _call(self, stops: bool, fn: Callable[..., T], *args: Any) -> T:
        if self._failed:
            raise _NotSent()
        try:
            return fn(*args)
        except BaseException:
            self._failed = self._failed or stops
            raise

    def settle(self, handed: Future[Any] | None) -> None:
        """After a failed call the round goes on from: ``handed`` is dropped if it has not
        begun, everything handed over before now has ended, and calls are made again."""
        if handed is not None:
            handed.cancel()
        self._executor.submit(lambda: None).result()
        self._failed = False


# A push's answer, or the function that reads it (sync.transport.HttpTransport.send_push).
_Reading = wire.PushResponse | Callable[[], wire.PushResponse]


def _read(reading: _Reading) -> wire.PushResponse:
    return reading if isinstance(reading, wire.PushResponse) else reading()


def _went_out(handed: Future[Any] | None) -> bool:
    """Whether a push handed over has reached the wire (it is stopped if it has not)."""
    if handed is None or handed.cancel():
        return False
    failure = handed.exception()
    return failure is None or isinstance(failure, TransportError)


class _NotSent(Exception):
    """A call handed to the courier after a push that failed."""


def _answer(asked: Future[T]) -> T | None:
    """What a call asked ahead answered, or None when it was not made."""
    try:
        return asked.result()
    except (_NotSent, CancelledError):
        return None


@dataclass
class _Ahead:
    """The pull and the check asked for right behind a round's last batch."""

    pull: Future[wire.PullResponse] | None = None
    check: Future[wire.ReconcileResponse] | None = None
    pushes: int = -1  # the courier's pushes when the check was asked for


def _too_large(refusal: Refused) -> bool:
    """The server refused the batch for its size: too many bytes (413), or more entries
    than it takes (422 ``batch_too_large``: a server set for smaller batches than this PC)."""
    return refusal.status == 413 or (
        refusal.status == 422 and refusal.problem_code == "batch_too_large"
    )


def _prepared(batch: Sequence[Outgoing]) -> tuple[list[tuple[int, wire.Entry]], list[Result]]:
    """The entries as the wire carries them, and those whose envelope breaks the schema
    (never sent: the server would refuse the whole batch)."""
    ready: list[tuple[int, wire.Entry]] = []
    refused: list[Result] = []
    for item in batch:
        entry = wire.entry(
            item.entity, item.entity_id, item.version, item.operation, item.hlc, item.payload
        )
        if entry is None:
            refused.append(
                Result(item.seq, wire.Outcome.REJECTED, "rejected: invalid: entry", sent=False)
            )
            continue
        # The payload itself is judged by the server, entry by entry, with the same rules
        # (sync.wire.validate_entry): checking it here too would cost a third of the
        # client's time for nothing the server's per-entry answer does not already say.
        ready.append((item.seq, entry))
    return ready, refused


def _days(ready: Sequence[tuple[int, wire.Entry]]) -> set[dt.date]:
    """The UTC days of the rows' ``created_at`` (a row whose ``created_at`` is not a time
    is on no day). A time written in UTC is on the day it names: of those, one per day is
    read (a PC writes its times in UTC; thousands of rows share a few days)."""
    days: set[dt.date] = set()
    utc_days: set[str] = set()
    for _, entry in ready:
        created = entry.payload.get("created_at")
        if not isinstance(created, str):
            continue
        utc = created.endswith("+00:00")
        if utc and created[:10] in utc_days:
            continue
        try:
            days.add(wire.row_day(created))
        except ValueError:
            continue
        if utc:
            utc_days.add(created[:10])
    return days


def _results(ready: Sequence[tuple[int, wire.Entry]], answer: wire.PushResponse) -> list[Result]:
    # Keys as the members themselves (a StrEnum member equals and hashes as its value;
    # reading ``.value`` is a slow property, twice per entry of thousands).
    by_key = {(e.entity, e.entity_id, e.version): seq for seq, e in ready}
    results: list[Result] = []
    append = results.append
    rejected = wire.Outcome.REJECTED
    for got in answer.results:
        seq = by_key.pop((got.entity, got.entity_id, got.version), None)
        if seq is None:
            continue  # not one we sent, or answered twice: ignored
        if got.outcome is rejected:
            code = got.reason.value if got.reason else "unknown"
            reason = f"rejected: {code}" + (f": {got.detail[:200]}" if got.detail else "")
            append(Result(seq, got.outcome, reason))
        else:
            append(Result(seq, got.outcome))
    if by_key:
        log.warning("sync: the server did not answer for %s entries; sent again later", len(by_key))
    return results


def _by_key(days: Sequence[wire.DaySummary]) -> dict[tuple[dt.date, wire.Entity], tuple[int, str]]:
    return {(d.day, d.entity): (d.count, d.digest) for d in days if d.count > 0}
