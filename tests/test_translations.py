"""Every user-visible string has an English translation, under the context Qt will look up."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "desktop" / "ui" / "translations" / "sewaka_en.ts"
# The screens, the command line, and every word printed on paper (printing/i18n.py).
SOURCES = sorted(
    [
        *ROOT.glob("desktop/ui/*.py"),
        ROOT / "desktop" / "cli.py",
        ROOT / "desktop" / "messages.py",
        *ROOT.glob("printing/*.py"),
    ]
)
PAPER_CONTEXTS = ("paper", "receipt", "report")


def messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    found = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found[(name, message.findtext("source") or "")] = message
    return found


def test_every_string_is_translated():
    untranslated = [
        key
        for key, message in messages(TS).items()
        if (t := message.find("translation")) is None
        or t.get("type") in ("unfinished", "obsolete", "vanished")
        or not "".join(t.itertext()).strip()  # plural forms sit in <numerusform>
    ]
    assert untranslated == []


def test_translation_file_matches_the_sources(tmp_path: Path):
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    if not lupdate.exists():
        lupdate = Path(shutil.which("pyside6-lupdate") or "")
    if not lupdate.is_file():
        pytest.skip("pyside6-lupdate is not installed")
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        [str(lupdate), "-locations", "none", *map(str, SOURCES), "-ts", str(fresh)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    in_sources = set(messages(fresh))
    in_file = set(messages(TS))
    assert in_sources - in_file == set(), "run `make update-translations` and translate"
    assert "" not in {context for context, _ in in_sources}, "a string without a context"


def test_every_printed_word_is_in_the_translation_file(tmp_path: Path):
    """Receipts, reports and slips are translated like the screens: each word marked in
    printing/ is in the .ts file under the context the printing translator looks up."""
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    if not lupdate.exists():
        lupdate = Path(shutil.which("pyside6-lupdate") or "")
    if not lupdate.is_file():
        pytest.skip("pyside6-lupdate is not installed")
    fresh = tmp_path / "paper.ts"
    subprocess.run(
        [
            str(lupdate),
            "-locations",
            "none",
            *map(str, ROOT.glob("printing/*.py")),
            "-ts",
            str(fresh),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    printed = set(messages(fresh))
    assert {context for context, _ in printed} == set(PAPER_CONTEXTS)
    assert len(printed) > 60  # the receipt's, the report's and the shared words
    in_file = messages(TS)
    missing = sorted(printed - set(in_file))
    assert missing == [], "run `make update-translations` and translate"
    untranslated = sorted(
        key
        for key in printed
        if (t := in_file[key].find("translation")) is None
        or t.get("type") in ("unfinished", "obsolete", "vanished")
        or not "".join(t.itertext()).strip()  # plural forms sit in <numerusform>
    )
    assert untranslated == []


def test_documents_are_translated_through_the_desktop_translation_files():
    """The printing package has no Qt: the desktop installs the lookup it translates with."""
    from desktop import i18n
    from printing import i18n as paper

    i18n.install_documents("id")
    assert paper.session_language() == "id"
    english = paper.translate("cli", "Kunci publik tidak valid.", "en")
    assert english == "The public key is not valid."
    assert paper.translate("receipt", "kata yang tidak ada", "en") == "kata yang tidak ada"
    i18n.install_documents("en")
    assert paper.session_language() == "en"
