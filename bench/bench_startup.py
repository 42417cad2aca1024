"""Benchmark of starting Sewaka: `sewaka --smoke-test` against a bare PySide6 window.

Not a test: it prints medians of wall time and peak memory (RSS) of each child
process, the ratios against the bare window measured in the same run, and
PASS/MISS against the targets:

* empty data folder: at most 2.5x the bare window's time and at most 150 MiB;
* a data folder with 200,000 requests: at most 0.5 s more than the empty one.

Time is measured to the moment each child says its window is shown (the window is
up and the event loop has run dry: what the clerk waits for), and also to the
process's exit: Sewaka's smoke test only exits once the database workspace, opened
on a thread after the window, is open too. The folders are configured first
(``sewaka settings set``), so the main window is measured, not the setup wizard.

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

SEWAKA = [sys.executable, "-m", "desktop"]
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


# Starts the command and reports when its "... window shown" line arrived on stdout (the
# window is up and the event loop has run dry: what the clerk waits for), its wall time
# until it exited, and its peak RSS. Sewaka's smoke test goes on after that line until the
# workspace has opened (SQLAlchemy, the ORM), then exits. A child forked from this (big)
# benchmark process would report the benchmark's own RSS as its peak (Linux keeps the
# high-water mark across exec), so a small runner process forks it instead.
RUNNER = """
import json, resource, subprocess, sys, threading, time
started = time.perf_counter()
child = subprocess.Popen(
    sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1
)
err = []
drain = threading.Thread(target=lambda: err.extend(child.stderr))
drain.start()
shown = None
for line in child.stdout:
    if shown is None and " shown" in line:
        shown = time.perf_counter() - started
child.wait()
drain.join()
seconds = time.perf_counter() - started
if child.returncode != 0 or shown is None:
    sys.stderr.write("".join(err))
    sys.exit(1)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB; the only child
print(json.dumps({"shown": shown, "seconds": seconds, "maxrss_kib": peak}))
"""

# What the first-run setup asks for; the folders are configured so the main window is
# measured, not the setup wizard (``sewaka settings set``, as IT staff would provision).
OFFICE = (
    ("office_name", "Sukamaju"),
    ("district", "Cibeunying Kaler"),
    ("regency", "Kota Bandung"),
    ("office_address", "Jl. Merdeka No. 1"),
    ("head_name", "Ahmad Suryana"),
    ("head_title", "Kepala Desa"),
)


@dataclass
class Runs:
    name: str
    command: list[str]
    shown: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    peak_mib: list[float] = field(default_factory=list)

    def once(self, env: dict[str, str]) -> tuple[float, float, float]:
        result = subprocess.run(
            [sys.executable, "-c", RUNNER, *self.command], env=env, capture_output=True, text=True
        )
        if result.returncode != 0:
            raise SystemExit(f"{self.name} failed:\n{result.stderr[-2000:]}")
        measured = json.loads(result.stdout.splitlines()[-1])
        return measured["shown"], measured["seconds"], measured["maxrss_kib"] / 1024

    def measure(self, env: dict[str, str]) -> None:
        shown, seconds, mib = self.once(env)
        self.shown.append(shown)
        self.seconds.append(seconds)
        self.peak_mib.append(mib)

    @property
    def median_shown(self) -> float:
        return statistics.median(self.shown)

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


def configure(home: Path, env: dict[str, str]) -> None:
    for key, value in OFFICE:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "desktop",
                "--data-dir",
                str(home),
                "settings",
                "set",
                key,
                value,
            ],
            env=env,
            check=True,
            capture_output=True,
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each (7)")
    parser.add_argument("--requests", type=int, default=200_000, help="rows in the large folder")
    parser.add_argument("--days", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20261122)
    args = parser.parse_args(argv)

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop(paths.ENV_HOME, None)
    # An installed Sewaka runs from compiled bytecode (pip and PyInstaller compile it); a
    # shell with PYTHONDONTWRITEBYTECODE set would make every start compile the sources
    # again, which no office PC does. The warm-up runs leave the bytecode behind.
    no_bytecode = env.pop("PYTHONDONTWRITEBYTECODE", None)
    print("Sewaka start-up benchmark")
    print(
        f"python {platform.python_version()}, {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs, QT_QPA_PLATFORM=offscreen, {args.runs} runs each"
    )
    if no_bytecode:
        print("(PYTHONDONTWRITEBYTECODE is set here; unset for the children: see the code)")
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
        fresh_shown, fresh_s, _ = Runs("new folder", smoke_test(where / "new")).once(env)
        print(
            f"first start on a new folder (creates the schema, shows the setup wizard): "
            f"wizard after {fresh_shown:.2f} s, exit after {fresh_s:.2f} s"
        )
        configure(empty_home, env)
        configure(large_home, env)

        for runs in (bare, empty, large):  # warm-up: page cache, the day's full check
            shown, seconds, _ = runs.once(env)
            print(f"warm-up {runs.name}: window after {shown:.2f} s, exit after {seconds:.2f} s")
        order = [bare, empty, large]
        for round_no in range(args.runs):
            shift = round_no % len(order)
            for runs in order[shift:] + order[:shift]:
                runs.measure(env)

    print()
    print("median times: until the window is shown (event loop run dry) / until the process")
    print("exited (sewaka: after the workspace has opened too); each run: window (exit)")
    print(f"{'':32} {'window':>8} {'exit':>8} {'peak RSS':>10}   each run (s)")
    for runs in (bare, empty, large):
        each = " ".join(f"{a:.2f}({b:.2f})" for a, b in zip(runs.shown, runs.seconds, strict=True))
        print(
            f"{runs.name:32} {runs.median_shown:6.2f} s {runs.median_s:6.2f} s "
            f"{runs.median_mib:6.0f} MiB   {each}"
        )
    print(f"(large folder: {size_mb:.0f} MB database)")
    print()
    ratio = empty.median_shown / bare.median_shown
    exit_ratio = empty.median_s / bare.median_s
    extra = large.median_shown - empty.median_shown
    exit_extra = large.median_s - empty.median_s
    mem_ratio = empty.median_mib / bare.median_mib
    print(
        f"empty folder / bare window, time to the window: {ratio:.2f}x  "
        f"(target <= {TARGET_RATIO}x)  {verdict(ratio <= TARGET_RATIO)}"
    )
    print(f"  (whole process, including opening the workspace after the window: {exit_ratio:.2f}x)")
    print(
        f"empty folder, peak RSS: {empty.median_mib:.0f} MiB ({mem_ratio:.2f}x the bare window; "
        f"target <= {TARGET_MIB:.0f} MiB)  {verdict(empty.median_mib <= TARGET_MIB)}"
    )
    print(
        f"{args.requests:,} requests - empty folder, time to the window: {extra:+.2f} s  "
        f"(target <= +{TARGET_EXTRA_S} s)  {verdict(extra <= TARGET_EXTRA_S)}"
    )
    print(f"  (whole process: {exit_extra:+.2f} s)")
    print(f"{args.requests:,} requests, peak RSS: {large.median_mib:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
