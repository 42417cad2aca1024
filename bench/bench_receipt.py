"""Benchmark of the receipt renderer: ``render_receipt`` on 58 mm, 80 mm and A4.

Not a test: it prints figures, each next to a baseline measured in the same run (a
one-line reportlab PDF with the same embedded font: the floor any receipt pays), and
PASS/MISS against the target (median < 30 ms per receipt on one core). It exits 0
unless something crashes.

    .venv/bin/python bench/bench_receipt.py              # 200 renders per paper
    .venv/bin/python bench/bench_receipt.py --renders 50

Every timed render gets a receipt with its own signed QR payload, as at the counter:
the QR code is built each time (``qr_matrix`` caches by payload, which only a reprint
would hit; the reprint figure is printed separately). Renders of the three papers are
interleaved so that machine noise spreads over all of them.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import io
import math
import os
import platform
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from zoneinfo import ZoneInfo

import reportlab
from reportlab.pdfgen.canvas import Canvas

from printing import signing
from printing.documents import OfficeHeader, ReceiptData
from printing.fonts import REGULAR, register_fonts
from printing.paper import Paper
from printing.qr import qr_matrix
from printing.receipt import render_receipt

TARGET_MEDIAN_MS = 30.0
WARM_UP = 20


def percentile(values: Sequence[float], q: float) -> float:
    """Linear interpolation between closest ranks (q in 0..1)."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    position = (len(ordered) - 1) * q
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def pin_to_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to core {core}"
    return "not pinned (no sched_setaffinity on this system)"


def receipts(count: int) -> list[ReceiptData]:
    """``count`` typical receipts, each with its own request id, code and signature."""
    private, _ = signing.generate_keypair()
    office = str(uuid.uuid4())
    issued = dt.datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    base = ReceiptData(
        office=OfficeHeader("Desa", "Sukamaju", "Jl. Raya Sukamaju No. 12, Kec. Cibeunying"),
        queue_number="A-001",
        service_name="Surat Keterangan Tidak Mampu (SKTM)",
        applicant_name="Siti Rahmawati",
        nik_masked="327305********03",
        issued_at=issued,
        documents=("Surat pengantar RT/RW", "Fotokopi KTP pemohon", "Fotokopi Kartu Keluarga"),
        expected_date=dt.date(2026, 3, 11),
        tracking_code="",
        qr_payload="",
        footer="Simpan struk ini. Lacak permohonan dengan kode di atas.",
    )
    made = []
    for number in range(count):
        code = f"{number:04d}-ABCD-{number % 10}"
        moment = issued + dt.timedelta(minutes=number)
        payload = signing.TrackingPayload(office, str(uuid.uuid4()), code, moment)
        made.append(
            dataclasses.replace(
                base,
                queue_number=f"A-{number % 999 + 1:03d}",
                tracking_code=code,
                issued_at=moment,
                qr_payload=signing.sign(payload, private),
            )
        )
    return made


def baseline_pdf() -> bytes:
    """A one-line PDF with the same embedded DejaVu font: reportlab's fixed cost."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(Paper.ROLL_58.spec.width_pt, 100), invariant=True)
    canvas.setFont(REGULAR, 8)
    canvas.drawString(10, 50, "Desa Sukamaju A-001")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=200, help="timed renders per paper")
    args = parser.parse_args()

    pinned = pin_to_one_core()
    print(
        f"Python {platform.python_version()}, reportlab {reportlab.Version}, "
        f"{platform.machine()}, {pinned}"
    )
    register_fonts()
    papers = list(Paper)
    work = receipts((args.renders + WARM_UP) * len(papers))
    for data in work[: WARM_UP * len(papers)]:
        for paper in papers:
            render_receipt(data, paper)
        baseline_pdf()
    work = work[WARM_UP * len(papers) :]

    times: dict[str, list[float]] = {paper.name: [] for paper in papers}
    times["baseline"] = []
    times["qr_matrix"] = []
    for index in range(args.renders):
        for offset, paper in enumerate(papers):
            data = work[index * len(papers) + offset]
            times[paper.name].append(timed(lambda d=data, p=paper: render_receipt(d, p)))
        times["baseline"].append(timed(baseline_pdf))
    extra = receipts(args.renders)
    times["qr_matrix"] = [timed(lambda d=data: qr_matrix(d.qr_payload)) for data in extra]
    reprint = work[0]
    times["reprint ROLL_58"] = [
        timed(lambda: render_receipt(reprint, Paper.ROLL_58)) for _ in range(args.renders)
    ]

    base = statistics.median(times["baseline"])
    print(f"\n{args.renders} timed renders per paper after {WARM_UP} warm-up ones\n")
    print(f"{'what':<18}{'median ms':>10}{'p95 ms':>9}{'x baseline':>12}  target")
    verdicts = []
    for name, values in times.items():
        median, p95 = statistics.median(values), percentile(values, 0.95)
        verdict = ""
        if name in {paper.name for paper in papers}:
            verdict = "PASS" if median < TARGET_MEDIAN_MS else "MISS"
            verdicts.append(verdict)
            verdict = f"median < {TARGET_MEDIAN_MS:.0f} ms: {verdict}"
        print(f"{name:<18}{median:>10.2f}{p95:>9.2f}{median / base:>12.1f}  {verdict}")
    print(
        "\nbaseline: one-line reportlab PDF with embedded DejaVu; qr_matrix: a fresh "
        "payload's QR code alone; reprint: the same receipt again (QR code cached)"
    )
    print(f"\nOverall: {'PASS' if all(v == 'PASS' for v in verdicts) else 'MISS'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
