"""argparse in the office's language, and command-line refusals in the Sewaka log.

argparse words its own messages ("usage:", "error:", "invalid int value", "the
following arguments are required", "show this help message and exit") through
:func:`gettext.gettext`, which it imported into its module as ``_`` (and ``ngettext``).
:class:`Parser` swaps those two names for :func:`translate` while it builds, parses and
prints, so every one of them comes out in Bahasa Indonesia (the Indonesian words are
marked for Qt's translation like every other string), or in argparse's own English when
the office language is English. The office language is read before the database is
opened: a read-only sqlite3 look-up in the data folder the command line names.

A usage error is logged (the command and which of argparse's messages, never the values
typed: a mistyped NIK stays out of the log) before argparse prints it and exits with 2.
"""

from __future__ import annotations

import argparse
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any, NoReturn

from PySide6.QtCore import QT_TRANSLATE_NOOP

from desktop import paths

log = logging.getLogger("sewaka.cli")

_lock = threading.RLock()
_language: list[str | None] = [None]  # the office language, once read
_home: list[str | None] = [None]  # --data-dir as typed, when it was


def _noop(text: str) -> str:
    return str(QT_TRANSLATE_NOOP("argparse", text))  # marked for lupdate; Indonesian source


# argparse's English (its gettext message ids, Python 3.11) -> Bahasa Indonesia. Indonesian
# is used whatever Qt translator a process has installed; English is argparse's own.
_INDONESIAN: dict[str, str] = {
    "usage: ": _noop("penggunaan: "),
    "%(prog)s: error: %(message)s\n": _noop("%(prog)s: galat: %(message)s\n"),
    "argument %(argument_name)s: %(message)s": _noop("argumen %(argument_name)s: %(message)s"),
    "invalid %(type)s value: %(value)r": _noop("nilai %(type)s tidak valid: %(value)r"),
    "invalid choice: %(value)r (choose from %(choices)s)": _noop(
        "pilihan tidak valid: %(value)r (pilih dari %(choices)s)"
    ),
    "the following arguments are required: %s": _noop("argumen berikut wajib diisi: %s"),
    "show this help message and exit": _noop("tampilkan bantuan ini lalu keluar"),
    "positional arguments": _noop("argumen posisi"),
    "options": _noop("opsi"),
    "unrecognized arguments: %s": _noop("argumen tidak dikenal: %s"),
    "expected one argument": _noop("perlu satu nilai"),
    "expected at most one argument": _noop("paling banyak satu nilai"),
    "expected at least one argument": _noop("perlu paling sedikit satu nilai"),
    "expected %s argument": _noop("perlu %s nilai"),
    "expected %s arguments": _noop("perlu %s nilai"),
    "ambiguous option: %(option)s could match %(matches)s": _noop(
        "opsi ambigu: %(option)s bisa berarti %(matches)s"
    ),
    "not allowed with argument %s": _noop("tidak boleh bersama argumen %s"),
    "one of the arguments %s is required": _noop("salah satu argumen %s wajib diisi"),
    "ignored explicit argument %r": _noop("argumen %r diabaikan"),
    "unknown parser %(parser_name)r (choices: %(choices)s)": _noop(
        "perintah %(parser_name)r tidak dikenal (pilihan: %(choices)s)"
    ),
    "can't open '%(filename)s': %(error)s": _noop("tidak dapat membuka '%(filename)s': %(error)s"),
}


# The messages that end in a usage error (logged by their id, without the values).
_REFUSALS = frozenset(
    {
        "invalid %(type)s value: %(value)r",
        "invalid choice: %(value)r (choose from %(choices)s)",
        "the following arguments are required: %s",
        "unrecognized arguments: %s",
        "expected one argument",
        "expected at most one argument",
        "expected at least one argument",
        "expected %s argument",
        "expected %s arguments",
        "ambiguous option: %(option)s could match %(matches)s",
        "not allowed with argument %s",
        "one of the arguments %s is required",
        "ignored explicit argument %r",
        "unknown parser %(parser_name)r (choices: %(choices)s)",
        "can't open '%(filename)s': %(error)s",
    }
)
_last_refusal: list[str] = [""]


def office_language(data_dir: str | None = None) -> str:
    """The office's language (``id``/``en``) as stored in the data folder; ``id`` when the
    folder, its database or the setting is not there (or cannot be read right now)."""
    try:
        path = paths.database_path(paths.data_dir(data_dir))
        if not path.is_file():
            return "id"
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.5)
        try:
            row = conn.execute("SELECT value FROM setting WHERE key = 'language'").fetchone()
        finally:
            conn.close()
    except (sqlite3.Error, OSError, ValueError):
        return "id"
    return "en" if row is not None and str(row[0]) == "en" else "id"


def language() -> str:
    with _lock:
        found = _language[0]
        if found is None:
            found = _language[0] = office_language(_home[0])
        return found


def own_words(context: str, marked: object) -> str:
    """Our own words (Indonesian source, marked with ``QT_TRANSLATE_NOOP``) in the office's
    language, before any Qt translator is installed: parsing comes first."""
    text = str(marked)
    if language() == "en":
        from desktop.i18n import document_translation

        return document_translation("en", context, text) or text
    return text


def translate(message: str) -> str:
    """argparse's ``gettext``: its English message id in the office's language."""
    if message in _REFUSALS:
        _last_refusal[0] = message
    if language() == "en":
        return message
    return _INDONESIAN.get(message, message)


def translate_plural(singular: str, plural: str, n: int) -> str:
    """argparse's ``ngettext`` (Indonesian has one form for both)."""
    return translate(singular if n == 1 else plural)


@contextmanager
def _argparse_in_our_words() -> Iterator[None]:
    """argparse's module-level ``_``/``ngettext`` replaced while the block runs (nested
    blocks, as subcommand parsers make, restore what the outer one set)."""
    with _lock:
        saved = (argparse._, argparse.ngettext)  # type: ignore[attr-defined]
        argparse._ = translate  # type: ignore[attr-defined]
        argparse.ngettext = translate_plural  # type: ignore[attr-defined]
        try:
            yield
        finally:
            argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def read_data_dir(words: Sequence[str]) -> str | None:
    """``--data-dir DIR`` from the command line, read before argparse (for the language and
    the log of a usage error)."""
    found: str | None = None
    items = list(words)
    for i, word in enumerate(items):
        if word == "--":
            break
        if word == "--data-dir" and i + 1 < len(items):
            found = items[i + 1]
        elif word.startswith("--data-dir="):
            found = word.split("=", 1)[1]
    return found or None


def use_command_line(words: Sequence[str]) -> None:
    """Say which data folder the command line names: its office language is used."""
    with _lock:
        _home[0] = read_data_dir(words)
        _language[0] = None


class Parser(argparse.ArgumentParser):
    """:class:`argparse.ArgumentParser` speaking the office's language; a usage error is
    logged before it is printed. Its subcommand parsers are Parsers too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        with _argparse_in_our_words():
            super().__init__(*args, **kwargs)

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        with _argparse_in_our_words():
            return super().add_argument(*args, **kwargs)

    def add_subparsers(self, **kwargs: Any) -> Any:
        with _argparse_in_our_words():
            return super().add_subparsers(**kwargs)

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        _last_refusal[0] = ""
        with _argparse_in_our_words():
            return super().parse_args(args, namespace)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        with _argparse_in_our_words():
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with _argparse_in_our_words():
            return super().format_usage()

    def format_help(self) -> str:
        with _argparse_in_our_words():
            return super().format_help()

    def error(self, message: str) -> NoReturn:
        log_refusal(self.prog, "usage", _last_refusal[0] or "invalid value")
        with _argparse_in_our_words():
            super().error(message)


def log_refusal(command: str, kind: str, detail: str = "") -> None:
    """Write a command-line refusal to the Sewaka log: the command, the kind of refusal and
    a fixed detail (a message id or an exit code), never what was typed."""
    from desktop.logs import setup_logging

    with suppress(Exception):  # a folder that cannot be made: the refusal is still printed
        setup_logging(paths.log_dir(paths.data_dir(_home[0])))
    log.warning("command line refused: %s (%s%s)", command, kind, f": {detail}" if detail else "")


def whole_number(name: str) -> Callable[[str], int]:
    """An argparse ``type`` for a whole number written with ASCII digits, refusing anything
    else in the office's words."""

    def parse(text: str) -> int:
        digits = text.strip()
        if not (digits.isascii() and digits.removeprefix("-").isdigit()):
            raise argparse.ArgumentTypeError(
                own_words(
                    "argparse", QT_TRANSLATE_NOOP("argparse", "bukan bilangan bulat: {text!r}")
                ).format(text=text)
            )
        return int(digits)

    parse.__name__ = name
    return parse
