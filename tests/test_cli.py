"""The ``sewaka`` command as staff and IT run it: seeding training data and exporting CSV.

Every test asks for pytest-qt's ``qapp`` first: ``main()`` then reuses that application
instead of creating a QCoreApplication that would outlive the call and break the GUI tests
running later in the same process.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sqlite3
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from support import (
    damaged_table_page,
    from_a_newer_sewaka,
    populated_database,
    random_bytes,
    sha256,
    sqlite,
)

from desktop import paths
from desktop.cli import EXIT_DATABASE, EXIT_FAILED, EXIT_OK, EXIT_USAGE, main
from desktop.domain import nik as nik_rules
from desktop.domain.ids import normalize_tracking_code

pytestmark = pytest.mark.usefixtures("qapp")

REQUIRED_COLUMNS = {
    "Kode lacak",
    "No. antrean",
    "Kode layanan",
    "Status",
    "Waktu daftar (WIB)",
    "Tanggal antrean",
    "NIK",
    "Nama",
}
STATUS_WORDS = {
    "Menunggu",
    "Dipanggil",
    "Dilayani",
    "Ditunda",
    "Selesai, siap diambil",
    "Sudah diambil",
    "Ditolak",
    "Dibatalkan",
}


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """The export as Indonesian Excel reads it: UTF-8 with a BOM, separated by ';'."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle, delimiter=";")
        return list(reader.fieldnames or []), list(reader)


@pytest.fixture
def seeded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A data folder holding 30 demo requests made by the command itself."""
    home = tmp_path / "data"
    code = main(["--data-dir", str(home), "seed-demo", "--requests", "30", "--seed", "4"])
    assert code == EXIT_OK
    assert capsys.readouterr().out.strip() == "Data latihan dibuat: 30 permohonan selama 5 hari."
    return home


def test_seed_then_export_gives_a_csv_of_every_request(
    seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "permohonan.csv"

    code = main(["--data-dir", str(seeded), "export", "requests", "--out", str(out)])

    assert code == EXIT_OK
    assert capsys.readouterr().out.strip() == f"30 permohonan diekspor ke {out}"
    header, rows = read_csv(out)
    assert set(header) >= REQUIRED_COLUMNS
    assert len(rows) == 30
    for row in rows:
        assert len(row["NIK"]) == 16 and nik_rules.check(row["NIK"]) is None
        assert row["Nama"]
        assert normalize_tracking_code(row["Kode lacak"]) == row["Kode lacak"]
        assert row["No. antrean"][0] in "ABCDEFGHJK" and row["No. antrean"][1] == "-"
        assert row["Status"] in STATUS_WORDS
        registered = dt.datetime.fromisoformat(row["Waktu daftar (WIB)"])
        assert registered.date().isoformat() == row["Tanggal antrean"]  # office time
    assert len({r["Kode lacak"] for r in rows}) == 30


def test_export_of_one_date_has_only_that_day(
    seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    everything = tmp_path / "semua.csv"
    main(["--data-dir", str(seeded), "export", "requests", "--out", str(everything)])
    per_day = Counter(r["Tanggal antrean"] for r in read_csv(everything)[1])
    day, expected = per_day.most_common(1)[0]
    capsys.readouterr()

    one_day = tmp_path / f"{day}.csv"
    code = main(
        ["--data-dir", str(seeded), "export", "requests", "--date", day, "--out", str(one_day)]
    )

    assert code == EXIT_OK
    rows = read_csv(one_day)[1]
    assert len(rows) == expected < 30
    assert {r["Tanggal antrean"] for r in rows} == {day}
    assert capsys.readouterr().out.startswith(f"{expected} permohonan diekspor")


def test_sewaka_home_chooses_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from_env = tmp_path / "dari-env"
    monkeypatch.setenv(paths.ENV_HOME, str(from_env))

    assert main(["seed-demo", "--requests", "2", "--seed", "1"]) == EXIT_OK
    assert paths.database_path(from_env).is_file()

    # --data-dir still wins over the environment.
    chosen = tmp_path / "dipilih"
    assert main(["--data-dir", str(chosen), "seed-demo", "--requests", "1"]) == EXIT_OK
    assert paths.database_path(chosen).is_file()
    out = tmp_path / "env.csv"
    assert main(["export", "requests", "--out", str(out)]) == EXIT_OK
    assert len(read_csv(out)[1]) == 2  # the environment's folder was left with its own two


@pytest.mark.parametrize(
    ("make_file", "explanation"),
    [
        (damaged_table_page, "Berkas data Sewaka rusak"),
        (random_bytes, "Berkas ini bukan berkas data Sewaka."),
        (from_a_newer_sewaka, "dibuat oleh Sewaka versi yang lebih baru"),
    ],
)
@pytest.mark.parametrize(
    "command", [["seed-demo", "--requests", "5"], ["export", "requests", "--out", "x.csv"]]
)
def test_an_unusable_database_exits_3_with_advice_in_indonesian(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    make_file: Callable[[Path], None],
    explanation: str,
    command: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)  # where a relative --out would land
    home = tmp_path / "data"
    home.mkdir()
    database = paths.database_path(home)
    make_file(database)
    before = sha256(database)

    code = main(["--data-dir", str(home), *command])

    assert code == EXIT_DATABASE == 3
    captured = capsys.readouterr()
    assert captured.out == ""
    assert explanation in captured.err
    assert f"Berkas tidak diubah: {database}" in captured.err
    assert "folder 'backups'" in captured.err  # what to do next
    assert "Traceback" not in captured.err
    assert sha256(database) == before
    assert not (tmp_path / "x.csv").exists()


def test_export_to_a_path_that_cannot_be_written_says_so(
    seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    not_a_folder = tmp_path / "catatan.txt"
    not_a_folder.write_text("bukan folder", encoding="utf-8")
    out = not_a_folder / "permohonan.csv"

    code = main(["--data-dir", str(seeded), "export", "requests", "--out", str(out)])

    assert code == EXIT_FAILED
    err = capsys.readouterr().err
    assert err.startswith(f"Tidak dapat menulis {out}: ")
    assert "Traceback" not in err
    assert not_a_folder.read_text(encoding="utf-8") == "bukan folder"


def test_export_onto_a_folder_fails_cleanly(
    seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "laporan.csv"
    out.mkdir()
    (out / "lama.csv").write_text("tetap", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())

    code = main(["--data-dir", str(seeded), "export", "requests", "--out", str(out)])

    assert code == EXIT_FAILED
    assert capsys.readouterr().err.startswith(f"Tidak dapat menulis {out}: ")
    assert [p.name for p in out.iterdir()] == ["lama.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no temporary file left


def test_an_impossible_date_is_refused_before_anything_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.csv"
    with pytest.raises(SystemExit) as raised:
        main(
            [
                "--data-dir",
                str(tmp_path),
                "export",
                "requests",
                "--date",
                "2026-02-31",
                "--out",
                str(out),
            ]
        )

    assert raised.value.code == EXIT_USAGE
    assert "tanggal tidak valid: '2026-02-31' (gunakan YYYY-MM-DD)" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--requests", "0"], "Jumlah permohonan harus lebih dari 0."),
        (["--days", "0"], "Jumlah hari harus lebih dari 0."),
    ],
)
def test_seed_demo_refuses_nonsense_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: list[str], message: str
) -> None:
    code = main(["--data-dir", str(tmp_path), "seed-demo", *option])

    assert code == EXIT_USAGE
    assert capsys.readouterr().err.strip() == message


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["--version"])
    assert raised.value.code == 0
    assert capsys.readouterr().out.strip() == "sewaka 0.1.0"


def test_export_to_xlsx_by_format_or_file_name(
    seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import load_workbook

    by_name = tmp_path / "permohonan.xlsx"
    by_option = tmp_path / "PERMOHONAN.XLSX"

    assert main(["--data-dir", str(seeded), "export", "requests", "--out", str(by_name)]) == 0
    assert (
        main(
            [
                "--data-dir",
                str(seeded),
                "export",
                "requests",
                "--format",
                "xlsx",
                "--out",
                str(by_option),
            ]
        )
        == EXIT_OK
    )

    for path in (by_name, by_option):
        sheet = load_workbook(path).active
        assert sheet is not None and sheet.max_row == 31
        assert sheet["I1"].value == "NIK" and sheet["I2"].data_type == "s"
    assert capsys.readouterr().out.count("30 permohonan diekspor ke") == 2


@pytest.mark.parametrize(
    ("args", "name", "message"),
    [
        (
            ["--format", "xlsx"],
            "permohonan.csv",
            "Format xlsx tidak cocok dengan nama berkas permohonan.csv.",
        ),
        ([], "permohonan.txt", "Format berkas permohonan.txt tidak dikenal."),
        ([], "belum-ada/permohonan.csv", "tidak ada. Buat foldernya dulu"),
    ],
)
def test_export_refuses_a_wrong_name_or_a_missing_folder_with_advice(
    seeded: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    name: str,
    message: str,
) -> None:
    out = tmp_path / name

    code = main(["--data-dir", str(seeded), "export", "requests", *args, "--out", str(out)])

    assert code == EXIT_USAGE
    assert message in capsys.readouterr().err
    assert not out.exists() and not (tmp_path / "belum-ada").exists()


def test_export_is_refused_until_the_office_is_configured(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "permohonan.xlsx"

    code = main(["--data-dir", str(tmp_path / "baru"), "export", "requests", "--out", str(out)])

    assert code == EXIT_FAILED
    assert capsys.readouterr().err.startswith("Data kantor belum diisi.")
    assert not out.exists()


# -- office settings and training folders (sewaka settings, seed-demo) ------------------------

PROVISION = [
    ("unit_kind", "Kelurahan"),
    ("office_name", "Cempaka Putih"),
    ("district", "Cempaka Putih"),
    ("regency", "Kota Jakarta Pusat"),
    ("office_address", "Jl. Cempaka Putih Raya No. 1"),
    ("office_phone", "(021) 4250123"),
    ("head_name", "Dra. Sri Wahyuni"),
    ("head_title", "Lurah"),
]


def settings_shown(home: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    capsys.readouterr()
    assert main(["--data-dir", str(home), "settings", "show"]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    return dict(line.split(" = ", 1) for line in lines)


def test_a_script_can_provision_an_office_key_by_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "kantor"
    for key, value in PROVISION:
        assert main(["--data-dir", str(home), "settings", "set", key, value]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Data kantor lengkap: Kelurahan Cempaka Putih siap melayani." in out

    shown = settings_shown(home, capsys)

    assert shown["office_name"] == "Cempaka Putih" and shown["head_title"] == "Lurah"
    assert (shown["configured"], shown["training"], shown["timezone"]) == (
        "true",
        "false",
        "Asia/Jakarta",
    )
    with sqlite(paths.database_path(home)) as conn:
        audit = conn.execute(
            "SELECT details FROM audit_log WHERE action = 'settings.changed'"
        ).fetchall()
    assert len(audit) == len(PROVISION)
    assert "head_name" in {a[0] for a in audit}
    assert not [a for a in audit if "Wahyuni" in a[0]]  # key names, never personal values


def test_settings_show_as_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--data-dir", str(tmp_path / "baru"), "settings", "show", "--json"])
    assert code == EXIT_OK
    shown = json.loads(capsys.readouterr().out)
    assert shown["configured"] is False and shown["office_name"] == ""
    assert shown["timezone"] == "Asia/Jakarta"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("kepala", "Budi", "Pengaturan kepala tidak dikenal"),
        ("configured", "true", "Pengaturan configured tidak dikenal atau tidak dapat diubah"),
        ("timezone", "WITA", "Zona waktu harus Asia/Jakarta (WIB), Asia/Makassar (WITA)"),
        ("office_phone", "telepon kantor", "Telepon kantor hanya berisi angka"),
        ("language", "jv", "Bahasa harus id (Bahasa Indonesia) atau en (English)."),
        ("office_name", "x" * 81, "Nama desa/kelurahan terlalu panjang (paling banyak 80 huruf)."),
        ("logo", "tidak-ada.png", "Berkas logo tidak ditemukan"),
    ],
)
def test_settings_set_refuses_bad_keys_and_values_with_exit_code_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], key: str, value: str, message: str
) -> None:
    home = tmp_path / "kantor"

    code = main(["--data-dir", str(home), "settings", "set", key, value])

    assert code == EXIT_USAGE
    assert message in capsys.readouterr().err
    assert settings_shown(home, capsys)["configured"] == "false"
    with sqlite(paths.database_path(home)) as conn:
        assert conn.execute("SELECT count(*) FROM setting").fetchone()[0] == 0


def test_the_time_zone_setting_moves_exported_times(
    seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bali banjar offices are WITA: the same registrations read one hour later there."""
    java, bali = tmp_path / "jawa.csv", tmp_path / "bali.csv"
    main(["--data-dir", str(seeded), "export", "requests", "--out", str(java)])
    assert main(["--data-dir", str(seeded), "settings", "set", "timezone", "Asia/Makassar"]) == 0

    main(["--data-dir", str(seeded), "export", "requests", "--out", str(bali)])

    header, rows = read_csv(bali)
    assert "Waktu daftar (WITA)" in header
    wib = dt.datetime.fromisoformat(read_csv(java)[1][0]["Waktu daftar (WIB)"])
    wita = dt.datetime.fromisoformat(rows[0]["Waktu daftar (WITA)"])
    assert wita - wib == dt.timedelta(hours=1)


def test_seed_demo_makes_a_training_office_and_shows_progress(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "latihan"

    code = main(["--data-dir", str(home), "seed-demo", "--requests", "40", "--seed", "1"])

    assert code == EXIT_OK
    err = capsys.readouterr().err.splitlines()
    steps = [line for line in err if line.startswith("Membuat data latihan…")]
    assert steps[0].endswith(" 0%") and steps[-1].endswith(" 100%") and len(steps) == 11
    shown = settings_shown(home, capsys)
    assert (shown["training"], shown["configured"]) == ("true", "true")
    assert shown["office_name"] == "Latihan Sukamaju"


def test_seed_demo_refuses_a_folder_with_real_requests(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "kantor"
    populated_database(paths.database_path(home))

    code = main(["--data-dir", str(home), "seed-demo", "--requests", "10"])

    assert code == EXIT_USAGE
    err = capsys.readouterr().err
    assert "Folder data ini berisi 40 permohonan sungguhan" in err
    assert "--data-dir" in err  # says how to make a separate training folder
    assert settings_shown(home, capsys)["training"] == "false"
    assert _requests(home) == 40


def test_seed_demo_refuses_a_real_office_before_its_first_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "kantor"
    for key, value in PROVISION:
        main(["--data-dir", str(home), "settings", "set", key, value])
    capsys.readouterr()

    assert main(["--data-dir", str(home), "seed-demo", "--requests", "10"]) == EXIT_USAGE

    assert "sudah diatur untuk pelayanan sungguhan" in capsys.readouterr().err
    assert settings_shown(home, capsys)["office_name"] == "Cempaka Putih"
    assert _requests(home) == 0


def test_a_training_folder_may_be_seeded_again(
    seeded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--data-dir", str(seeded), "seed-demo", "--requests", "5", "--days", "1"])
    assert code == EXIT_OK
    assert _requests(seeded) == 35


def _requests(home: Path) -> int:
    with sqlite(paths.database_path(home)) as conn:
        return int(conn.execute("SELECT count(*) FROM service_request").fetchone()[0])


def test_backup_makes_a_checked_copy_and_never_overwrites(
    seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cadangan.sqlite3"

    assert main(["--data-dir", str(seeded), "backup", "--out", str(out)]) == EXIT_OK
    assert capsys.readouterr().out.strip() == f"Data dicadangkan ke {out}"
    with sqlite3.connect(out) as copy:
        assert copy.execute("SELECT count(*) FROM service_request").fetchone() == (30,)
    copy.close()
    before = sha256(out)

    code = main(["--data-dir", str(seeded), "backup", "--out", str(out)])

    assert code == EXIT_USAGE
    assert "sudah ada dan tidak ditimpa" in capsys.readouterr().err
    assert sha256(out) == before
