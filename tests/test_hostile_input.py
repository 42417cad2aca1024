"""Input that should not be accepted: non-printable text in any field, digits of other
scripts, and images built to eat the PC's memory.

Digits: a Unicode *decimal* digit (Arabic-Indic ``٠١٢``, full-width ``０１２``...) has one
certain value, so NIK, RT/RW, phone and birth date accept it and store the ASCII digit.
Characters that only look like digits (superscripts, circled numbers) are refused.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import struct
import subprocess
import sys
import time
import unicodedata
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from support import SITI_NIK, count_rows, fetch_all, outbox, valid_form

from desktop.domain import correction as correction_rules
from desktop.domain import office as office_rules
from desktop.domain import text as text_rules
from desktop.domain.intake import Field, FieldProblem, Problem, validate
from desktop.domain.nik import NikProblem
from desktop.domain.status import (
    Status,
    TransitionError,
    TransitionProblem,
    check_collector,
    check_transition,
)
from desktop.services.request_types import IntakeRejected
from desktop.services.requests import RequestService
from desktop.services.settings import SettingsInvalid, SettingsService
from desktop.services.workspace import Workspace, open_workspace
from desktop.ui import office_texts, texts
from printing import qr, raster

TODAY = dt.date(2026, 3, 10)
CODES = frozenset({"SKD"})
TEXT_FIELDS = ("name", "address", "hamlet", "notes", "rt", "rw", "phone", "birth_date", "nik")

# The characters a tester pasted, and their kin.
HOSTILE = {
    "NUL": "\x00",
    "escape": "\x1b",
    "delete": "\x7f",
    "C1 control": "\x85",
    "form feed": "\x0c",
    "right-to-left override": "\u202e",
    "left-to-right isolate": "\u2066",
    "zero-width space": "\u200b",
    "byte-order mark": "\ufeff",
    "lone surrogate": "\ud800",
    "private use": "\ue000",
    "unassigned": "\U000e0fff",
}


def _printable_stored(value: object) -> bool:
    """What may be stored: printable text in NFC (a line feed only in notes)."""
    if not isinstance(value, str):
        return True
    if unicodedata.normalize("NFC", value) != value:
        return False
    return all(
        ch == "\n" or unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Co", "Cn"} for ch in value
    )


# -- the rules -----------------------------------------------------------------------------


@pytest.mark.parametrize("character", HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.parametrize("field", ["name", "address", "hamlet", "notes", "phone", "rt"])
def test_a_hostile_character_in_any_field_is_refused_with_a_message(
    field: str, character: str
) -> None:
    typed = {"name": "Siti", "address": "Jl. Merdeka", "hamlet": "Krajan"}.get(field, "1")
    if field == "phone":
        typed = "0812345678"
    if field == "notes":
        typed = "Mohon dipercepat"
    intake, problems = validate(
        valid_form(**{field: typed[:2] + character + typed[2:]}), CODES, TODAY
    )

    assert intake is None
    assert problems == [FieldProblem(Field(field), Problem.UNPRINTABLE, character=character)]
    message = texts.field_problem(problems[0])
    assert "U+" in message and "ketik ulang" in message


def test_the_address_with_a_nul_is_not_registered_nor_queued_for_sync(
    workspace: Workspace, request_service: RequestService
) -> None:
    before = count_rows(workspace)

    with pytest.raises(IntakeRejected) as refused:
        request_service.register(valid_form(address="Jl. Merdeka\x00 No. 12"))

    assert [p.field for p in refused.value.problems] == [Field.ADDRESS]
    assert count_rows(workspace) == before
    assert outbox(workspace) == []


def test_arabic_indic_and_full_width_digits_are_stored_as_ascii(
    workspace: Workspace, request_service: RequestService
) -> None:
    # A phone number typed with an Arabic keyboard layout: the digits' values are certain.
    row = request_service.register(
        valid_form(phone="٠٨١٢-٣٤٥٦-٧٨٩٠", rt="０３", rw="٥", birth_date="١٧-٠٨-١٩٩٠")
    )

    stored = fetch_all(
        workspace,
        "SELECT phone, rt, rw FROM person WHERE nik = ?",
        SITI_NIK,
    )
    assert stored == [{"phone": "081234567890", "rt": "003", "rw": "005"}]
    payloads = [e["payload"] for e in outbox(workspace)]
    sent = [v for p in payloads if isinstance(p, dict) for v in p.values()]
    assert sent and all(_printable_stored(v) for v in sent)
    assert "081234567890" in sent
    assert row.queue_number


def test_a_nik_in_arabic_indic_digits_is_the_same_ascii_nik() -> None:
    arabic = "".join(chr(0x0660 + int(d)) for d in SITI_NIK)

    intake, problems = validate(valid_form(nik=arabic), CODES, TODAY)

    assert problems == []
    assert intake is not None and intake.nik == SITI_NIK


@pytest.mark.parametrize(
    ("field", "typed", "problem"),
    [
        ("rt", "³", Problem.BAD_RT_RW),  # used to raise ValueError from int()
        ("rw", "①", Problem.BAD_RT_RW),
        ("phone", "0812345678²", Problem.BAD_PHONE),
        ("nik", SITI_NIK[:-1] + "³", NikProblem.NOT_DIGITS),
        ("birth_date", "17-08-199²", Problem.BAD_DATE),
    ],
)
def test_look_alike_digits_are_refused_not_crashed_on(
    field: str, typed: str, problem: Problem | NikProblem
) -> None:
    intake, problems = validate(valid_form(**{field: typed}), CODES, TODAY)

    assert intake is None
    assert [p.problem for p in problems] == [problem]


def test_a_decomposed_name_is_accepted_and_stored_composed() -> None:
    decomposed = "Rene\u0301 Sitompul"  # e + combining acute, as some keyboards send it

    intake, problems = validate(valid_form(name=decomposed), CODES, TODAY)

    assert problems == []
    assert intake is not None and intake.name == "Ren\u00e9 Sitompul"


def test_notes_keep_their_lines_and_lose_nothing_else() -> None:
    intake, _ = validate(valid_form(notes="Baris satu\r\nBaris\tdua  \n"), CODES, TODAY)

    assert intake is not None and intake.notes == "Baris satu\nBaris dua"


def test_an_override_reason_with_a_bidi_override_is_refused() -> None:
    intake, problems = validate(
        valid_form(birth_date="18-08-1990", identity_override="KTP \u202esalah cetak"),
        CODES,
        TODAY,
    )

    assert intake is None
    assert [p.problem for p in problems] == [Problem.OVERRIDE_REASON_UNPRINTABLE]
    assert "U+202E" in texts.field_problem(problems[0])


def test_a_correction_with_a_nul_or_an_invisible_reason_is_refused() -> None:
    current = correction_rules.Correctable("Siti", "Jl. A", "", "", "", "", (), "")

    by_field = correction_rules.check(
        correction_rules.Correction(address="Jl. B\x00", reason="salah ketik"), current, ()
    )
    by_reason = correction_rules.check(
        correction_rules.Correction(address="Jl. B", reason="salah\u200bketik"), current, ()
    )

    assert not by_field.ok and [p.problem for p in by_field.problems] == [Problem.UNPRINTABLE]
    assert not by_reason.ok
    assert by_reason.reason_problem is correction_rules.ReasonProblem.UNPRINTABLE


def test_a_collector_name_or_a_reason_with_control_characters_is_refused() -> None:
    with pytest.raises(TransitionError) as collector:
        check_collector(Status.READY, Status.PICKED_UP, "Budi\x1b[31m")
    with pytest.raises(TransitionError) as reason:
        check_transition(Status.SERVING, Status.REJECTED, "berkas\x00 kurang")

    assert collector.value.problem is TransitionProblem.COLLECTOR_UNPRINTABLE
    assert reason.value.problem is TransitionProblem.REASON_UNPRINTABLE
    assert "karakter" in texts.transition_problem(collector.value)
    assert "karakter" in texts.transition_problem(reason.value)
    assert check_collector(Status.READY, Status.PICKED_UP, "Rene\u0301") == "Ren\u00e9"


def test_a_picked_up_collector_with_a_nul_is_not_stored(
    request_service: RequestService,
) -> None:
    row = request_service.register(valid_form())
    for target in (Status.CALLED, Status.SERVING, Status.READY):
        request_service.change_status(row.id, target)

    with pytest.raises(TransitionError):
        request_service.change_status(row.id, Status.PICKED_UP, collected_by="Budi\x00")

    assert request_service.detail(row.id).row.status is Status.READY


@pytest.mark.parametrize("character", HOSTILE.values(), ids=HOSTILE.keys())
def test_office_settings_refuse_hostile_characters(character: str) -> None:
    found = office_rules.problems({"office_name": f"Suka{character}maju"}, complete=False)

    assert found == {"office_name": office_rules.OfficeProblem.UNPRINTABLE}
    assert "karakter" in office_texts.problem_text("office_name", found["office_name"])


def test_an_office_phone_in_other_digits_is_refused() -> None:
    assert office_rules.phone_problem("(٠٢٢) ٧٨٠١٢٣٤") is office_rules.OfficeProblem.BAD_PHONE
    assert office_rules.phone_problem("(022) 7801234") is None


def test_settings_set_refuses_a_nul_and_stores_nothing(workspace: Workspace) -> None:
    service = SettingsService(workspace)
    before = service.as_text()

    with pytest.raises(SettingsInvalid) as refused:
        service.set("office_address", "Jl. Raya\x00 1")
    with pytest.raises(SettingsInvalid):
        service.set("head_name", "H. Ahmad\u202e")

    assert refused.value.problems == {"office_address": office_rules.OfficeProblem.UNPRINTABLE}
    assert service.as_text() == before


# -- over arbitrary text ---------------------------------------------------------------------

_ANY_TEXT = st.text(st.characters(codec=None), max_size=40)
_MIXED = st.one_of(
    _ANY_TEXT,
    st.text(st.sampled_from("0123456789 -+٠٣٥０３²①\x00\u202e\u200bé\u0301aZ.\n\t"), max_size=20),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(TEXT_FIELDS), typed=_MIXED)
def test_nothing_non_printable_is_ever_accepted_and_every_refusal_says_why(
    field: str, typed: str
) -> None:
    intake, problems = validate(valid_form(**{field: typed}), CODES, TODAY)

    if intake is not None:
        for name in ("name", "address", "hamlet", "notes", "rt", "rw", "phone", "nik"):
            value = getattr(intake, name)
            assert _printable_stored(value), (name, value)
            if name != "notes":
                assert "\n" not in value
        assert intake.nik.isascii() and intake.phone.isascii()
        assert intake.rt.isascii() and intake.rw.isascii()
    else:
        assert problems
    for problem in problems:
        assert texts.field_problem(problem).strip()


@settings(max_examples=200, deadline=None)
@given(key=st.sampled_from(sorted(office_rules.MAX_LENGTH)), typed=_MIXED)
def test_office_settings_accept_only_printable_text(key: str, typed: str) -> None:
    value = office_rules.clean(typed)
    found = office_rules.problems({key: value}, complete=False)

    if key in found:
        assert office_texts.problem_text(key, found[key]).strip()
    else:
        assert _printable_stored(value) and "\n" not in value


@settings(max_examples=200, deadline=None)
@given(typed=_MIXED)
def test_collector_names_are_printable_or_refused(typed: str) -> None:
    try:
        name = check_collector(Status.READY, Status.PICKED_UP, typed)
    except TransitionError as error:
        assert texts.transition_problem(error).strip()
    else:
        assert _printable_stored(name)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(field=st.sampled_from(TEXT_FIELDS[:-1]), typed=_MIXED)
def test_nothing_non_printable_reaches_the_database_or_the_outbox(
    workspace: Workspace, request_service: RequestService, field: str, typed: str
) -> None:
    before = len(outbox(workspace))
    try:
        request_service.register(valid_form(**{field: typed}))
        event("registered")
    except IntakeRejected as refused:
        event("refused")
        assert refused.problems
        assert all(texts.field_problem(p).strip() for p in refused.problems)
        assert len(outbox(workspace)) == before  # nothing queued for sync
    rows = fetch_all(workspace, "SELECT * FROM service_request") + fetch_all(
        workspace, "SELECT * FROM person"
    )
    sent = [
        v
        for e in outbox(workspace)
        if isinstance(e["payload"], dict)
        for v in e["payload"].values()
    ]
    for value in [v for row in rows for v in row.values()] + sent:
        assert _printable_stored(value), repr(value)


def test_text_rules_say_which_character_they_refuse() -> None:
    assert text_rules.unprintable("Jl. Merdeka\x00") == "\x00"
    assert text_rules.describe("\u202e") == "U+202E"
    assert text_rules.unprintable("Jl.\tMerdeka\r\n") is None


# -- hostile images ----------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
SECONDS = 8.0  # "a few seconds", start-up of a real process included
MEBIBYTES = 300


def huge_png(path: Path, side: int) -> Path:
    """A palette PNG of ``side`` x ``side`` white pixels, made cheaply: 20000 square is
    about 400 KB on disk and 1.2 GB once decoded into colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    packer = zlib.compressobj(9)
    row = bytes(side + 1)  # filter byte + palette index 0 for every pixel
    idat = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 3, 0, 0, 0))
        + chunk(b"PLTE", bytes([255, 255, 255, 0, 0, 0]))
        + chunk(b"IDAT", idat)
        + chunk(b"IEND", b"")
    )
    return path


def huge_page_pdf(path: Path) -> Path:
    """One page of 200 x 200 inches (the largest PDF allows without UserUnit): 3.6
    billion pixels at 300 dpi."""
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=(14400, 14400))
    pdf.drawString(72, 72, "bukan struk")
    pdf.showPage()
    pdf.save()
    return path


@pytest.fixture(scope="module")
def data_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder made beforehand, so the measured process only checks the file."""
    home = tmp_path_factory.mktemp("hostile") / "data"
    open_workspace(home).close()
    return home


# Runs the command from a small launcher process and reports its child's peak RSS. Linux
# counts in a child's ru_maxrss the memory of the process it was forked (or vforked) from
# until exec, so measured straight from pytest it would include pytest's own few hundred MB.
_LAUNCHER = """
import json, os, resource, subprocess, sys, threading, time
started = time.monotonic()
with open(sys.argv[1], "wb") as stderr:
    process = subprocess.Popen(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=stderr)
    guard = threading.Timer(30, process.kill)  # before the fix: 35 s and 4 GB
    guard.start()
    code = process.wait()
    guard.cancel()
seconds = time.monotonic() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps([code, seconds, peak]))
"""


def verify_in_a_real_process(home: Path, source: Path) -> tuple[int, float, float, str]:
    """``sewaka verify-receipt SOURCE`` as IT would run it: exit code, seconds, peak RSS in
    MiB (``getrusage(RUSAGE_CHILDREN)`` in the launcher) and what it printed on stderr."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    err = home.parent / f"{source.name}.stderr"
    command = ["-m", "desktop.cli", "--data-dir", str(home), "verify-receipt", str(source)]
    launched = subprocess.run(
        [sys.executable, "-c", _LAUNCHER, str(err), sys.executable, *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    code, seconds, mebibytes = json.loads(launched.stdout)
    return int(code), float(seconds), float(mebibytes), err.read_text("utf-8")


@pytest.mark.slow
def test_a_20000_pixel_square_png_is_refused_in_seconds_and_little_memory(
    data_folder: Path, tmp_path: Path
) -> None:
    bomb = huge_png(tmp_path / "struk.png", 20000)
    assert bomb.stat().st_size < 600_000

    code, seconds, mebibytes, said = verify_in_a_real_process(data_folder, bomb)

    assert code == 7, said  # EXIT_UNREADABLE
    assert "terlalu besar" in said and "400 juta piksel" in said
    assert "Traceback" not in said
    assert seconds < SECONDS, seconds
    assert mebibytes < MEBIBYTES, mebibytes


@pytest.mark.slow
def test_a_pdf_with_a_200_inch_page_is_answered_in_seconds_and_little_memory(
    data_folder: Path, tmp_path: Path
) -> None:
    code, seconds, mebibytes, said = verify_in_a_real_process(
        data_folder, huge_page_pdf(tmp_path / "struk.pdf")
    )

    assert code == 7, said
    assert "Traceback" not in said
    assert seconds < SECONDS, seconds
    assert mebibytes < MEBIBYTES, mebibytes


def test_the_size_is_read_from_the_header_without_decoding(tmp_path: Path) -> None:
    bomb = huge_png(tmp_path / "besar.png", 20000)
    fits = huge_png(tmp_path / "pas.png", 300)

    with pytest.raises(qr.ImageTooLarge) as refused:
        qr.check_image(bomb)
    header = qr.check_image(fits)

    assert refused.value.pixels == 400_000_000
    assert header == qr.ImageHeader(300, 300, "PNG")
    assert qr.decode_qr(bomb) == []  # the decoder alone never tries either


def test_a_file_over_the_byte_limit_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(qr, "MAX_FILE_BYTES", 1000)
    picture = huge_png(tmp_path / "foto.png", 2000)  # a few KB

    with pytest.raises(qr.ImageTooLarge) as refused:
        qr.check_image(picture)

    assert refused.value.file_bytes == picture.stat().st_size


def test_a_large_jpeg_is_decoded_at_a_reduced_scale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PIL import Image

    from printing.qr import qr_image

    photo = Image.new("L", (1600, 1600), 255)
    photo.paste(qr_image("SWK1.uji", module_px=16), (100, 100))
    path = tmp_path / "foto.jpg"
    photo.save(path, quality=90)
    monkeypatch.setattr(qr, "MAX_DIRECT_PIXELS", 500_000)  # 1600 square is "large" here

    loaded = qr._load_gray(path)

    assert loaded is not None and loaded.shape[0] * loaded.shape[1] <= 1600 * 1600 // 4
    assert qr.decode_qr(path) == ["SWK1.uji"]


def test_a_huge_pdf_page_is_never_rendered_at_full_size(tmp_path: Path) -> None:
    pdf = huge_page_pdf(tmp_path / "besar.pdf").read_bytes()

    with pytest.raises(raster.PageTooLarge):
        raster.pdf_page_to_array(pdf, 0, 300)
    size = raster.page_size(pdf, 0)
    fitting = raster.fitting_dpi(size, 300)
    pixels = raster.pdf_page_to_array(pdf, 0, fitting)

    assert size == (14400.0, 14400.0)
    assert pixels.size <= raster.MAX_RASTER_PIXELS


def test_a_picture_of_noise_is_answered_within_the_budget() -> None:
    import numpy as np

    noise = np.random.default_rng(7).integers(0, 256, (2000, 2000), dtype=np.uint8)
    started = time.monotonic()

    assert qr.decode_qr(noise, budget=1.0) == []
    assert time.monotonic() - started < 1.0 + 3.0  # one attempt may still be running
