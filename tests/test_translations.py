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
SOURCES = sorted(
    [*ROOT.glob("desktop/ui/*.py"), ROOT / "desktop" / "cli.py", ROOT / "desktop" / "messages.py"]
)


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
        or not (t.text or "").strip()
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
