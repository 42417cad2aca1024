"""``sewaka report daily``: the laporan harian as a PDF file from the command line.

As in test_cli.py, every test asks for pytest-qt's ``qapp`` first so that ``main()`` reuses
that application instead of creating one that would outlive the call.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from support import fetch_all

from desktop.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, main
from desktop.domain.clock import business_day, system_clock
from desktop.services.workspace import open_workspace
from printing.paper import Paper

pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture
def seeded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    home = tmp_path / "data"
    code = main(["--data-dir", str(home), "seed-demo", "--requests", "12", "--seed", "3"])
    assert code == EXIT_OK
    capsys.readouterr()
    return home


def pdf_pages(path: Path) -> list[str]:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


@pytest.mark.parametrize("paper", list(Paper))
def test_report_daily_writes_a_pdf_and_says_where(
    seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], paper: Paper
) -> None:
    before = business_day(system_clock())
    (tmp_path / "laporan").mkdir()
    out = tmp_path / "laporan" / f"harian-{paper.value}.pdf"

    code = main(
        ["--data-dir", str(seeded), "report", "daily", "--paper", paper.value, "--out", str(out)]
    )

    assert code == EXIT_OK
    message = capsys.readouterr().out.strip()
    # Today by default (the office's day; the check allows the test to run over midnight).
    assert message in {
        f"Laporan harian {day.isoformat()} disimpan ke {out}"
        for day in (before, business_day(system_clock()))
    }
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert float(reader.pages[0].mediabox.width) == pytest.approx(paper.spec.width_pt, abs=0.01)
    text = " ".join(pdf_pages(out))
    assert "Desa Latihan Sukamaju" in text  # the training folder's demo office
    assert ("LAPORAN HARIAN" if paper.is_roll else "Laporan Harian Pelayanan") in text
    assert "LATIHAN" in text  # seed-demo makes a training folder: every printout says so
    # Only the report itself: no temporary file of the writer (".harian-a4.pdf.*.tmp").
    assert [p.name for p in out.parent.iterdir()] == [out.name]


def test_report_of_a_chosen_date_is_audited(
    seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "lama.pdf"

    code = main(
        ["--data-dir", str(seeded), "report", "daily", "--date", "2025-12-31", "--out", str(out)]
    )

    assert code == EXIT_OK
    assert capsys.readouterr().out.strip() == f"Laporan harian 2025-12-31 disimpan ke {out}"
    text = " ".join(pdf_pages(out))
    assert "Rabu, 31 Desember 2025" in text  # A4 unless told otherwise
    assert "Tidak ada permohonan pada hari ini." in text
    workspace = open_workspace(seeded)
    try:
        audit = fetch_all(workspace, "SELECT action, details FROM audit_log WHERE entity='report'")
    finally:
        workspace.close()
    assert audit == [{"action": "report.daily_saved", "details": "day=2025-12-31 paper=a4"}]


def test_report_to_a_path_that_cannot_be_written_says_so(
    seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    not_a_folder = tmp_path / "catatan.txt"
    not_a_folder.write_text("bukan folder", encoding="utf-8")
    out = not_a_folder / "laporan.pdf"

    code = main(["--data-dir", str(seeded), "report", "daily", "--paper", "58", "--out", str(out)])

    assert code == EXIT_FAILED
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"Tidak dapat menulis {out}: ")
    assert "Traceback" not in captured.err
    assert not_a_folder.read_text(encoding="utf-8") == "bukan folder"


def test_report_onto_a_folder_leaves_nothing_behind(
    seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "laporan.pdf"
    out.mkdir()
    before = sorted(p.name for p in tmp_path.iterdir())

    code = main(["--data-dir", str(seeded), "report", "daily", "--out", str(out)])

    assert code == EXIT_FAILED
    assert capsys.readouterr().err.startswith(f"Tidak dapat menulis {out}: ")
    assert list(out.iterdir()) == []
    # The writer's temporary file (".laporan.pdf.<random>.tmp" beside it) was removed.
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_report_of_a_day_still_to_come_is_refused(
    seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    today = business_day(system_clock())
    tomorrow = today + dt.timedelta(days=1)
    out = tmp_path / "besok.pdf"

    code = main(
        [
            "--data-dir",
            str(seeded),
            "report",
            "daily",
            "--date",
            tomorrow.isoformat(),
            "--out",
            str(out),
        ]
    )

    assert code == EXIT_USAGE
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"Tanggal {tomorrow.isoformat()} belum tiba")
    assert not out.exists()


def test_report_into_a_missing_folder_is_refused_and_no_folder_is_made(
    seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "laporn" / "harian.pdf"  # a typo for "laporan"

    code = main(["--data-dir", str(seeded), "report", "daily", "--out", str(out)])

    assert code == EXIT_USAGE
    assert capsys.readouterr().err.strip() == (
        f"Folder {out.parent} tidak ada. Buat foldernya dulu atau pilih folder lain."
    )
    assert not out.parent.exists()


@pytest.mark.parametrize("name", ["harian.txt", "harian", "harian.pdf.docx"])
def test_report_with_a_name_that_is_not_a_pdf_is_refused(
    seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    out = tmp_path / name

    code = main(["--data-dir", str(seeded), "report", "daily", "--out", str(out)])

    assert code == EXIT_USAGE
    assert capsys.readouterr().err.strip() == (
        f"Nama berkas {name} tidak berakhiran .pdf. Beri nama berkas berakhiran .pdf."
    )
    assert not out.exists()
    assert not (tmp_path / f"{name}.pdf").exists()  # refused, not quietly renamed


def test_report_in_an_office_not_yet_configured_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "laporan.pdf"

    code = main(["--data-dir", str(tmp_path / "baru"), "report", "daily", "--out", str(out)])

    assert code == EXIT_FAILED
    assert capsys.readouterr().err.startswith("Data kantor belum diisi.")
    assert not out.exists()


@pytest.mark.parametrize(
    ("option", "complaint"),
    [
        (["--paper", "a5"], "pilihan tidak valid: 'a5'"),
        (["--date", "2026-02-30"], "tanggal tidak valid: '2026-02-30'"),
    ],
)
def test_report_refuses_unknown_paper_and_impossible_dates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: list[str], complaint: str
) -> None:
    out = tmp_path / "x.pdf"
    with pytest.raises(SystemExit) as raised:
        main(["--data-dir", str(tmp_path), "report", "daily", *option, "--out", str(out)])

    assert raised.value.code == EXIT_USAGE
    assert complaint in capsys.readouterr().err
    assert not out.exists()


def test_report_daily_help_names_the_papers(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["report", "daily", "--help"])
    help_text = capsys.readouterr().out
    assert "--paper {a4,58,80}" in help_text and "--out FILE.pdf" in help_text
