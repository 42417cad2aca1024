"""Benchmark of starting Sewaka: `sewaka --smoke-test` against a bare PySide6 window.

Not a test: it prints medians of wall time and peak memory (RSS) of each child
process, the ratios against the bare window measured in the same run, and
PASS/MISS against the targets:

* empty data folder: at most 2.5x the bare window's time and at most 150 MiB;
* a data folder with 200,000 requests: at most 0.5 s more than the empty one.

    .venv/bin/python bench/bench_startup.py              # 7 runs each, 200,000 requests
    .venv/bin/python bench/bench_startup.py --runs 11
    .venv/bin/python bench/bench_startup.py --requests 20000

The runs alternate (bare, empty, large, then the next round starts one further
along), so a busy machine slows all of them alike. Each folder gets one untimed
warm-up start first: it fills the page cache and runs the full integrity check that
the first start of a day runs (its time is printed too). The 200,000-request
database is the one ``bench_requests.py`` builds and caches under bench/out/; each
run of this script works on a copy of it. Exits 0 unless something crashes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench_requests import cached_database

from desktop import paths

TARGET_RATIO = 2.5
TARGET_MIB = 150.0
TARGET_EXTRA_S = 0.5

BARE_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv)
window = QMainWindow()
window.setWindowTitle("bare")
window.resize(1100, 720)
window.show()

def check():
    if window.isVisible():
        print("bare window shown", flush=True)
        app.exit(0)
    else:
        QTimer.singleShot(50, check)

QTimer.singleShot(0, check)
sys.exit(app.exec())
"""


# Starts the command and reports its wall time and peak RSS. A child forked from this (big)
# benchmark process would report the benchmark's own RSS as its peak (Linux keeps the
# high-water mark across exec), so a small runner process forks it instead.
RUNNER = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
out, err = child.communicate()
seconds = time.perf_counter() - started
if child.returncode != 0 or b"shown" not in out:
    sys.stderr.write(err.decode(errors="replace"))
    sys.exit(1)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB; the only child
print(json.dumps({"seconds": seconds, "maxrss_kib": peak}))
"""


@dataclass
class Runs:
    name: str
    command: list[str]
    seconds: list[float] = field(default_factory=list)
    peak_mib: list[float] = field(default_factory=list)

    def once(self, env: dict[str, str]) -> tuple[float, float]:
        result = subprocess.run(
            [sys.executable, "-c", RUNNER, *self.command], env=env, capture_output=True, text=True
        )
        if result.returncode != 0:
            raise SystemExit(f"{self.name} failed:\n{result.stderr[-2000:]}")
        measured = json.loads(result.stdout.splitlines()[-1])
        return measured["seconds"], measured["maxrss_kib"] / 1024

    def measure(self, env: dict[str, str]) -> None:
        seconds, mib = self.once(env)
        self.seconds.append(seconds)
        self.peak_mib.append(mib)

    @property
    def median_s(self) -> float:
        return statistics.median(self.seconds)

    @property
    def median_mib(self) -> float:
        return statistics.median(self.peak_mib)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def smoke_test(home: Path) -> list[str]:
    return [sys.executable, "-m", "desktop", "--data-dir", str(home), "--smoke-test"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each (7)")
    parser.add_argument("--requests", type=int, default=200_000, help="rows in the large folder")
    parser.add_argument("--days", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20261122)
    args = parser.parse_args(argv)

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop(paths.ENV_HOME, None)
    print("Sewaka start-up benchmark")
    print(
        f"python {platform.python_version()}, {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs, QT_QPA_PLATFORM=offscreen, {args.runs} runs each"
    )
    cached, _ = cached_database(args.requests, args.days, args.seed, rebuild=False)

    with tempfile.TemporaryDirectory(prefix="sewaka-startup-") as tmp:
        where = Path(tmp)
        empty_home = where / "empty"
        large_home = where / "large"
        large_home.mkdir()
        shutil.copyfile(paths.database_path(cached), paths.database_path(large_home))
        size_mb = paths.database_path(large_home).stat().st_size / 1e6

        bare = Runs("bare QMainWindow", [sys.executable, "-c", BARE_WINDOW])
        empty = Runs("sewaka, empty folder", smoke_test(empty_home))
        large = Runs(f"sewaka, {args.requests:,} requests", smoke_test(large_home))
        fresh_s, _ = Runs("new folder", smoke_test(where / "new")).once(env)
        print(f"first start on a new folder (creates the schema): {fresh_s:.2f} s")

        for runs in (bare, empty, large):  # warm-up: page cache, the day's full check
            seconds, _ = runs.once(env)
            print(f"warm-up {runs.name}: {seconds:.2f} s")
        order = [bare, empty, large]
        for round_no in range(args.runs):
            shift = round_no % len(order)
            for runs in order[shift:] + order[:shift]:
                runs.measure(env)

    print()
    print(f"{'':32} {'median time':>12} {'peak RSS':>10}   each run (s)")
    for runs in (bare, empty, large):
        each = " ".join(f"{s:.2f}" for s in runs.seconds)
        print(f"{runs.name:32} {runs.median_s:10.2f} s {runs.median_mib:6.0f} MiB   {each}")
    print(f"(large folder: {size_mb:.0f} MB database)")
    print()
    ratio = empty.median_s / bare.median_s
    extra = large.median_s - empty.median_s
    mem_ratio = empty.median_mib / bare.median_mib
    print(
        f"empty folder / bare window, time: {ratio:.2f}x  (target <= {TARGET_RATIO}x)  "
        f"{verdict(ratio <= TARGET_RATIO)}"
    )
    print(
        f"empty folder, peak RSS: {empty.median_mib:.0f} MiB ({mem_ratio:.2f}x the bare window; "
        f"target <= {TARGET_MIB:.0f} MiB)  {verdict(empty.median_mib <= TARGET_MIB)}"
    )
    print(
        f"{args.requests:,} requests - empty folder: {extra:+.2f} s  "
        f"(target <= +{TARGET_EXTRA_S} s)  {verdict(extra <= TARGET_EXTRA_S)}"
    )
    print(f"{args.requests:,} requests, peak RSS: {large.median_mib:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
