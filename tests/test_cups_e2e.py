"""A real print: a PDF goes through CUPS to a cups-pdf queue and comes out as a PDF file.

Needs a CUPS queue whose output lands in a known folder (``.ci/run`` sets one up):

    SEWAKA_TEST_CUPS_QUEUE=SewakaPDF SEWAKA_TEST_CUPS_OUT=/var/spool/cups-pdf/sewaka

Without them the round trip is skipped on a developer's machine, but fails under CI=true:
CI must really print.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import shutil
import time
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from printing import dispatch
from printing.dispatch import JobState, PrintError, PrintErrorKind
from printing.documents import OfficeHeader, ReceiptData
from printing.paper import Paper

QUEUE_VAR = "SEWAKA_TEST_CUPS_QUEUE"
OUT_VAR = "SEWAKA_TEST_CUPS_OUT"
WAIT_SECONDS = 60.0
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"CI=true but {reason}; .ci/run must set up the CUPS test queue")
    pytest.skip(reason)


@pytest.fixture
def cups_queue() -> tuple[str, Path]:
    queue, out = os.environ.get(QUEUE_VAR), os.environ.get(OUT_VAR)
    if not queue or not out:
        _unavailable(f"{QUEUE_VAR} and {OUT_VAR} are not set (no CUPS test queue)")
        raise AssertionError  # not reached
    if shutil.which("lp") is None:
        _unavailable("lp (cups-client) is not installed")
    return queue, Path(out)


@pytest.fixture
def lp_installed() -> None:
    if shutil.which("lp") is None or shutil.which("lpstat") is None:
        _unavailable("lp / lpstat (cups-client) are not installed")


def _text(pdf: bytes) -> str:
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # font-encoding chatter from gs output
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def _receipt_pdf(marker: str) -> bytes:
    """The real receipt renderer's PDF: never a stand-in, so the test proves what ships."""
    from printing.receipt import render_receipt

    data = ReceiptData(
        office=OfficeHeader("Desa", "Sukamaju", "Jl. Raya Sukamaju No. 12"),
        queue_number="A-001",
        service_name="Surat Keterangan Domisili",
        applicant_name="Siti Nurhaliza",
        nik_masked="327305********03",
        issued_at=dt.datetime(2025, 3, 14, 9, 5, tzinfo=ZoneInfo("Asia/Jakarta")),
        documents=("KTP asli", "Kartu Keluarga"),
        expected_date=dt.date(2025, 3, 17),
        tracking_code=marker,
        qr_payload=f"https://cek.sewaka.id/t/{marker}",
    )
    return render_receipt(data, Paper.ROLL_80)


def _plain_pdf(marker: str) -> bytes:
    """A hand-made page, only for jobs that must never print (no output is checked)."""
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    from printing.fonts import REGULAR, register_fonts

    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(80 * mm, 60 * mm), invariant=True)
    canvas.setFont(REGULAR, 9)
    canvas.drawString(5 * mm, 50 * mm, "Desa Sukamaju · Tanda terima")
    canvas.drawString(5 * mm, 42 * mm, "Nomor antrean A-001")
    canvas.drawString(5 * mm, 34 * mm, f"Kode lacak {marker}")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _wait_for_output(out: Path, job_id: str, since: float) -> Path:
    """The PDF cups-pdf wrote for ``job_id`` (its name ends in ``job_<n>.pdf``)."""
    number = job_id.rsplit("-", 1)[-1]
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        for candidate in sorted(out.glob(f"*job_{number}.pdf")):
            try:
                if candidate.stat().st_mtime >= since - 2 and len(PdfReader(candidate).pages):
                    return candidate
            except Exception:  # still being written
                pass
        time.sleep(0.5)
    state = dispatch.job_state(job_id)
    listing = sorted(p.name for p in out.glob("*")) if out.is_dir() else "(no such folder)"
    pytest.fail(
        f"job {job_id} ({state}) left no PDF in {out} within {WAIT_SECONDS:g} s; "
        f"folder holds {listing}; see /var/log/cups/error_log and cups-pdf_log"
    )


@pytest.mark.slow
def test_a_receipt_prints_through_cups(cups_queue: tuple[str, Path]) -> None:
    queue, out = cups_queue
    marker = f"SWK-E2E-{uuid.uuid4().hex[:8].upper()}"
    pdf = _receipt_pdf(marker)
    assert marker in _text(pdf), "the receipt renderer no longer prints the tracking code"
    since = time.time()

    job_id = dispatch.print_pdf_cups(pdf, queue, f"Sewaka e2e {marker}")

    assert job_id.startswith(f"{queue}-"), job_id
    printed = _wait_for_output(out, job_id, since)
    text = _text(printed.read_bytes())
    assert marker in text  # this job's page, not an old file in the spool folder
    assert "A-001" in text and "Sukamaju" in text  # the receipt, as the renderer made it
    assert printed.read_bytes() != pdf  # written by the queue (cups-pdf), not a copy of ours
    assert dispatch.job_state(job_id) in (JobState.FINISHED, JobState.UNKNOWN)
    assert queue in dispatch.list_cups_queues()
    printed.unlink()  # keep the spool folder small on a re-used CI machine


def test_printing_to_a_queue_that_does_not_exist(lp_installed: None) -> None:
    queue = f"SewakaTidakAda{uuid.uuid4().hex[:6]}"
    pdf = _plain_pdf("tidak pernah dicetak")
    with pytest.raises(PrintError) as caught:
        dispatch.print_pdf_cups(pdf, queue, "Sewaka e2e")
    assert caught.value.kind in (PrintErrorKind.PRINTER_NOT_FOUND, PrintErrorKind.CUPS_ERROR)
    assert queue in caught.value.detail


def test_a_missing_queue_is_reported_by_queue_problem(cups_queue: tuple[str, Path]) -> None:
    queue, _ = cups_queue
    assert dispatch.queue_problem(queue) is None
    problem = dispatch.queue_problem("SewakaTidakAda")
    assert problem is not None
    assert problem.kind is PrintErrorKind.PRINTER_NOT_FOUND
