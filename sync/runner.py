"""When sync runs: a plain thread (no Qt), its backoff, and a watchdog that restarts it.

:class:`SyncRunner` calls a round function (``SyncService`` hands it the engine's
``sync_once``):

- at once when started, then every ``interval`` seconds while rounds succeed;
- soon (after ``debounce`` seconds, to gather a burst of changes) when :meth:`nudge`\\ d
  after a local change, if the last round reached the server; at once on ``nudge(force=True)``
  ("sync now");
- after :class:`Backoff` (exponential, full jitter, capped; a 429's ``Retry-After`` honoured)
  while rounds fail. It never gives up: the delay stops growing at the cap;
- not at all after a 401 (the token was revoked; retrying is pointless) until a forced
  nudge or :meth:`resume` (the PC was enrolled again).

Its thread beats a heartbeat while it waits and (through the engine's ``progress``) while
a round works. :meth:`watchdog` (called by the watchdog thread, and on every nudge)
restarts the loop if its thread died or its heartbeat is stale, and logs it: a sync that
stops silently is how offline-first apps lose a day of data (powersync-swift #179).
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import threading
import time
from collections.abc import Callable

from sync.engine import Problem, RoundReport

log = logging.getLogger(__name__)

# Rounds that failed in a way retrying fixes (the network, the server, a busy database).
_RETRY = frozenset({Problem.OFFLINE, Problem.SERVER_ERROR, Problem.DATABASE, Problem.REFUSED})
_PAUSED = 24 * 3600.0  # "until told otherwise": the loop still wakes to beat


class Backoff:
    """Exponential backoff with full jitter: the n-th failure waits a random time in
    ``[floor, min(cap, base * 2**n)]``; a server's ``Retry-After`` is a minimum."""

    def __init__(
        self,
        base: float = 2.0,
        cap: float = 300.0,
        floor: float = 1.0,
        rng: random.Random | None = None,
    ) -> None:
        self.base = base
        self.cap = cap
        self.floor = min(floor, cap)
        self.failures = 0
        self._rng = rng or random.Random()

    def ceiling(self) -> float:
        """The longest the next failure can wait."""
        return min(self.cap, self.base * 2.0 ** min(self.failures, 62))

    def next_delay(self, retry_after: float | None = None) -> float:
        ceiling = self.ceiling()
        self.failures += 1
        delay = self._rng.uniform(self.floor, max(self.floor, ceiling))
        if retry_after is not None:
            delay = max(delay, min(retry_after, 3600.0))
        return delay

    def reset(self) -> None:
        self.failures = 0


class SyncRunner:
    def __init__(
        self,
        round_: Callable[[], RoundReport],
        *,
        interval: float = 60.0,
        debounce: float = 1.5,
        backoff: Backoff | None = None,
        stale_after: float = 600.0,
        watchdog_every: float = 30.0,
        on_report: Callable[[RoundReport], None] | None = None,
        wall_clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
        name: str = "sewaka-sync",
    ) -> None:
        self._round = round_
        self.interval = interval
        self.debounce = debounce
        self.backoff = backoff or Backoff()
        self.stale_after = stale_after
        self.watchdog_every = watchdog_every
        self._on_report = on_report
        self._wall = wall_clock
        self.name = name
        self._lock = threading.RLock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._watcher: threading.Thread | None = None
        self._generation = 0
        self._heartbeat = time.monotonic()
        self._nudged = False
        self._forced = False
        self._healthy = False  # the last round reached the server
        self._paused = False  # a 401: no rounds until forced or resumed
        self.syncing = False
        self.next_attempt_at: dt.datetime | None = None
        self.last_report: RoundReport | None = None
        self.restarts = 0
        self.rounds = 0

    # -- control ---------------------------------------------------------------------------

    def start(self) -> None:
        with self._lock:
            if self._thread is not None and not self._stop.is_set():
                return
            self._stop.clear()
            self._spawn()
            if self.watchdog_every > 0:
                self._watcher = threading.Thread(
                    target=self._watch, name=f"{self.name}-watchdog", daemon=True
                )
                self._watcher.start()

    def stop(self, timeout: float | None = 10.0) -> None:
        """Ask the loop to end and wait for it (a round in progress finishes first)."""
        with self._lock:
            self._stop.set()
            self._wake.set()
            threads = [t for t in (self._thread, self._watcher) if t is not None]
        for thread in threads:
            if thread is not threading.current_thread():
                thread.join(timeout)
        with self._lock:
            self._thread = None
            self._watcher = None
            self.next_attempt_at = None

    @property
    def started(self) -> bool:
        return self._thread is not None and not self._stop.is_set()

    @property
    def alive(self) -> bool:
        thread = self._thread
        return thread is not None and thread.is_alive()

    @property
    def paused(self) -> bool:
        return self._paused

    @property
    def heartbeat(self) -> float:
        """``time.monotonic()`` of the loop's last sign of life."""
        return self._heartbeat

    def beat(self) -> None:
        self._heartbeat = time.monotonic()

    def nudge(self, *, force: bool = False) -> None:
        """A local change was saved (sync soon), or ``force``: "sync now"."""
        with self._lock:
            self._nudged = True
            self._forced = self._forced or force
            self._wake.set()
        self.watchdog()

    def resume(self) -> None:
        """After a 401, once the PC is enrolled again: rounds start again at once."""
        with self._lock:
            self._paused = False
            self.backoff.reset()
        self.nudge(force=True)

    def watchdog(self) -> bool:
        """Restart the loop if its thread died or stopped beating; True if it restarted."""
        with self._lock:
            if self._thread is None or self._stop.is_set():
                return False
            alive = self._thread.is_alive()
            silent = time.monotonic() - self._heartbeat
            if alive and silent <= self.stale_after:
                return False
            if alive:
                log.error("sync loop silent for %.0f s: starting a new one", silent)
            else:
                log.error("sync loop thread ended: starting a new one")
            self.restarts += 1
            self._spawn()
            return True

    # -- the loop --------------------------------------------------------------------------

    def _spawn(self) -> None:
        self._generation += 1
        self.beat()
        thread = threading.Thread(
            target=self._run, args=(self._generation,), name=self.name, daemon=True
        )
        self._thread = thread
        thread.start()

    def _current(self, generation: int) -> bool:
        return generation == self._generation and not self._stop.is_set()

    def _run(self, generation: int) -> None:
        try:
            delay = 0.0
            while self._current(generation):
                self._wait(delay, generation)
                if not self._current(generation):
                    break
                delay = self._one_round()
        except BaseException:  # a thread that dies says so; the watchdog starts another
            log.critical("sync loop died", exc_info=True)

    def _wait(self, delay: float, generation: int) -> None:
        tick = max(0.01, min(5.0, self.stale_after / 4))
        deadline = time.monotonic() + delay
        self.next_attempt_at = (
            None if delay >= _PAUSED else self._wall() + dt.timedelta(seconds=delay)
        )
        while self._current(generation):
            self.beat()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            if not self._wake.wait(min(remaining, tick)):
                continue
            with self._lock:
                self._wake.clear()
                forced, nudged = self._forced, self._nudged
                self._forced = self._nudged = False
            if forced:
                return
            if nudged and self._healthy and not self._paused:
                soon = time.monotonic() + self.debounce
                if soon < deadline:
                    deadline = soon
                    self.next_attempt_at = self._wall() + dt.timedelta(seconds=self.debounce)

    def _one_round(self) -> float:
        """Run one round; the delay before the next."""
        self.syncing = True
        self.next_attempt_at = None
        self.beat()
        report: RoundReport | None = None
        try:
            report = self._round()
        except Exception:
            log.exception("sync round failed")
        finally:
            self.syncing = False
            self.beat()
        self.rounds += 1
        self.last_report = report
        if report is not None and self._on_report is not None:
            try:
                self._on_report(report)
            except Exception:
                log.exception("sync report listener failed")
        if report is None:
            self._healthy = False
            return self.backoff.next_delay()
        if report.problem is Problem.UNAUTHORIZED:
            self._healthy = False
            self._paused = True
            log.warning("sync paused: the server does not accept this PC's token")
            return _PAUSED
        self._paused = False
        if report.problem is Problem.RATE_LIMITED:
            self._healthy = True
            return self.backoff.next_delay(report.retry_after)
        if report.problem in _RETRY:
            self._healthy = report.problem is Problem.DATABASE
            return self.backoff.next_delay()
        self._healthy = True
        self.backoff.reset()
        return self.interval  # a change saved meanwhile has nudged: the wait is short then

    def _watch(self) -> None:
        while not self._stop.wait(self.watchdog_every):
            try:
                self.watchdog()
            except Exception:  # the watchdog itself must not die of a logging hiccup
                log.exception("sync watchdog failed")
