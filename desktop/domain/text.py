"""What counts as text a person typed: printable characters only, in one Unicode form.

Every text field (intake, corrections, reasons, the collector's name, office settings)
goes through :func:`normalize` and :func:`unprintable` before it is accepted:

* text is normalised to NFC, so ``e`` + combining acute and ``é`` are one and the same
  name, and lengths count what the reader sees;
* refused anywhere: control characters (NUL, ESC, DEL, the C1 block...), lone
  surrogates, format characters (bidi overrides and isolates, zero-width spaces and
  joiners, the byte-order mark, soft hyphens), private-use and unassigned code points;
* white space is the only exception: tab, CR and LF (and the Unicode line and paragraph
  separators) are turned into spaces in a one-line field; a multi-line field (notes)
  keeps line feeds (``\\r\\n`` and ``\\r`` become ``\\n``).

Digits: :func:`ascii_digits` writes every Unicode decimal digit (Arabic-Indic ``٠١٢``,
full-width ``０１２``, Devanagari...) as its ASCII digit: its value is certain. Other
characters that merely look like digits (superscripts, circled numbers, fractions) are
not decimal digits and stay as they are, for the field's rules to refuse.
"""

from __future__ import annotations

import unicodedata

# Unicode general categories that are never printable text.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
_LINE_BREAKS = ("\r\n", "\r", "\u2028", "\u2029")


def normalize(text: str) -> str:
    """``text`` in NFC; text holding lone surrogates is returned as it is (to be refused)."""
    try:
        return unicodedata.normalize("NFC", text)
    except UnicodeError:  # pragma: no cover - normalize accepts surrogates today
        return text


def _spaces(text: str) -> str:
    """White space as plain spaces; control characters that Python also calls white space
    (form feed, ``\x1c``...) stay, to be refused rather than quietly turned into spaces."""
    return "".join(
        " " if ch != " " and ch.isspace() and (ch in "\t\r\n" or not _control(ch)) else ch
        for ch in text
    )


def _control(ch: str) -> bool:
    return unicodedata.category(ch) == "Cc"


def one_line(text: str) -> str:
    """NFC, every run of white space (line breaks and tabs too) as one space, trimmed."""
    return " ".join(part for part in _spaces(normalize(text)).split(" ") if part)


def multi_line(text: str) -> str:
    """NFC, line breaks as ``\n``, other white space as spaces, trailing spaces of each
    line and blank lines at both ends removed."""
    text = normalize(text)
    for brk in _LINE_BREAKS:
        text = text.replace(brk, "\n")
    lines = [_spaces(line).rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def unprintable(text: str) -> str | None:
    """The first character of ``text`` that is not printable text, or ``None``.

    Tab, CR and LF are white space that the cleaners above turn into spaces or line
    feeds; every other control character (form feed, NUL, the C1 block...) is refused,
    even those Python's ``str.split`` would quietly take for white space.
    """
    for ch in text:
        if ch in "\t\r\n":
            continue
        if unicodedata.category(ch) in _REFUSED_CATEGORIES:
            return ch
    return None


def is_printable(text: str) -> bool:
    return unprintable(text) is None


def describe(ch: str) -> str:
    """``U+202E``: how a refused character is named in a message (it cannot be shown)."""
    return f"U+{ord(ch):04X}"


def ascii_digits(text: str) -> str:
    """``text`` with every Unicode decimal digit written as the ASCII digit of equal value."""
    if text.isascii():
        return text
    out = []
    for ch in text:
        value = unicodedata.decimal(ch, None) if not ch.isascii() else None
        out.append(str(value) if value is not None else ch)
    return "".join(out)
