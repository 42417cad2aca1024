"""NIK (Nomor Induk Kependudukan) and No. KK structure rules.

A NIK is 16 digits: ``PPRRSS DDMMYY XXXX``

* ``PPRRSS`` - province, regency/city and district where it was issued;
* ``DDMMYY`` - birth date; women have 40 added to the day;
* ``XXXX``   - a serial number, never 0000.

A NIK starting with ``0`` is a temporary number (issued before the person
has a regular record): its region part is not a real region code, so only
its length, date and serial are checked.

Nothing here imports Qt or SQLAlchemy. Problems are reported as
:class:`NikProblem` codes; the user interface turns them into sentences in
the user's language.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from functools import lru_cache

from desktop.domain.text import ascii_digits

NIK_LENGTH = 16
SEPARATORS = " .-\t\u00a0"

# Kemendagri province codes, including the Papua provinces created in 2022.
PROVINCES: dict[str, str] = {
    "11": "Aceh",
    "12": "Sumatera Utara",
    "13": "Sumatera Barat",
    "14": "Riau",
    "15": "Jambi",
    "16": "Sumatera Selatan",
    "17": "Bengkulu",
    "18": "Lampung",
    "19": "Kepulauan Bangka Belitung",
    "21": "Kepulauan Riau",
    "31": "DKI Jakarta",
    "32": "Jawa Barat",
    "33": "Jawa Tengah",
    "34": "DI Yogyakarta",
    "35": "Jawa Timur",
    "36": "Banten",
    "51": "Bali",
    "52": "Nusa Tenggara Barat",
    "53": "Nusa Tenggara Timur",
    "61": "Kalimantan Barat",
    "62": "Kalimantan Tengah",
    "63": "Kalimantan Selatan",
    "64": "Kalimantan Timur",
    "65": "Kalimantan Utara",
    "71": "Sulawesi Utara",
    "72": "Sulawesi Tengah",
    "73": "Sulawesi Selatan",
    "74": "Sulawesi Tenggara",
    "75": "Gorontalo",
    "76": "Sulawesi Barat",
    "81": "Maluku",
    "82": "Maluku Utara",
    "91": "Papua",
    "92": "Papua Barat",
    "93": "Papua Selatan",
    "94": "Papua Tengah",
    "95": "Papua Pegunungan",
    "96": "Papua Barat Daya",
}


class Sex(enum.StrEnum):
    MALE = "M"
    FEMALE = "F"


class NikProblem(enum.StrEnum):
    """Why a typed NIK is not acceptable (yet)."""

    EMPTY = "empty"
    NOT_DIGITS = "not_digits"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    BAD_PROVINCE = "bad_province"
    BAD_REGENCY = "bad_regency"
    BAD_DISTRICT = "bad_district"
    BAD_BIRTH_DATE = "bad_birth_date"
    BIRTH_DATE_IN_FUTURE = "birth_date_in_future"
    BAD_SERIAL = "bad_serial"


class NikMismatch(enum.StrEnum):
    """The NIK is valid but disagrees with what was typed elsewhere on the form."""

    BIRTH_DATE = "birth_date"
    SEX = "sex"


class NikError(ValueError):
    def __init__(self, problem: NikProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


@dataclass(frozen=True)
class NikInfo:
    """What a structurally valid NIK says about its holder."""

    nik: str
    province_code: str
    regency_code: str
    district_code: str
    birth_date: dt.date
    sex: Sex
    serial: str
    temporary: bool

    @property
    def region_code(self) -> str:
        """``PP.RR.SS`` as written on Kemendagri documents."""
        return f"{self.province_code}.{self.regency_code}.{self.district_code}"

    @property
    def province_name(self) -> str | None:
        return None if self.temporary else PROVINCES.get(self.province_code)

    @property
    def regency_name(self) -> str | None:
        if self.temporary:
            return None
        return _regency_name(self.province_code + self.regency_code)


def normalize(text: str) -> str:
    """Remove the separators people type or paste (spaces, dots, dashes); write Unicode
    decimal digits (Arabic-Indic, full-width...) as ASCII digits, whose value is certain."""
    if text.isascii() and text.isdigit():  # nothing to remove or rewrite (the usual case)
        return text
    return "".join(ch for ch in ascii_digits(text) if ch not in SEPARATORS)


def parse(text: str, today: dt.date | None = None) -> NikInfo:
    """Validate a NIK and return what it says; raise :class:`NikError` if it is wrong.

    ``text`` may contain the separators of :data:`SEPARATORS`.
    """
    today = today or dt.date.today()
    nik = normalize(text)
    if not nik:
        raise NikError(NikProblem.EMPTY)
    if not nik.isascii() or not nik.isdigit():
        raise NikError(NikProblem.NOT_DIGITS)
    if len(nik) < NIK_LENGTH:
        raise NikError(NikProblem.TOO_SHORT)
    if len(nik) > NIK_LENGTH:
        raise NikError(NikProblem.TOO_LONG)

    province, regency, district = nik[0:2], nik[2:4], nik[4:6]
    temporary = nik[0] == "0"
    if not temporary:
        if province not in PROVINCES:
            raise NikError(NikProblem.BAD_PROVINCE)
        if regency == "00":
            raise NikError(NikProblem.BAD_REGENCY)
        if district == "00":
            raise NikError(NikProblem.BAD_DISTRICT)

    day_field, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    sex = Sex.FEMALE if day_field > 40 else Sex.MALE
    day = day_field - 40 if sex is Sex.FEMALE else day_field
    birth_date = _resolve_century(day, month, yy, today)
    if birth_date is None:
        raise NikError(NikProblem.BAD_BIRTH_DATE)
    if birth_date > today:
        raise NikError(NikProblem.BIRTH_DATE_IN_FUTURE)

    serial = nik[12:16]
    if serial == "0000":
        raise NikError(NikProblem.BAD_SERIAL)

    return NikInfo(
        nik=nik,
        province_code=province,
        regency_code=regency,
        district_code=district,
        birth_date=birth_date,
        sex=sex,
        serial=serial,
        temporary=temporary,
    )


def check(text: str, today: dt.date | None = None) -> NikProblem | None:
    """Return the first problem with ``text`` as a NIK, or ``None`` if it is valid."""
    if len(text) == NIK_LENGTH and text.isascii() and text.isdigit():
        # The usual case (the server checks every NIK of every pushed row): the same rules
        # as :func:`parse`, in its order, without building a NikInfo. A test holds the two
        # paths to the same answer for any text.
        return _check_digits(text, today or dt.date.today())
    try:
        parse(text, today)
    except NikError as exc:
        return exc.problem
    return None


def _check_digits(nik: str, today: dt.date) -> NikProblem | None:
    """:func:`check` of 16 ASCII digits."""
    if nik[0] != "0":
        if nik[0:2] not in PROVINCES:
            return NikProblem.BAD_PROVINCE
        if nik[2:4] == "00":
            return NikProblem.BAD_REGENCY
        if nik[4:6] == "00":
            return NikProblem.BAD_DISTRICT
    day = int(nik[6:8])
    birth_date = _resolve_century(
        day - 40 if day > 40 else day, int(nik[8:10]), int(nik[10:12]), today
    )
    if birth_date is None:
        return NikProblem.BAD_BIRTH_DATE
    if birth_date > today:
        return NikProblem.BIRTH_DATE_IN_FUTURE
    if nik[12:16] == "0000":
        return NikProblem.BAD_SERIAL
    return None


def cross_check(info: NikInfo, birth_date: dt.date | None, sex: Sex | None) -> list[NikMismatch]:
    """Compare the NIK with the birth date and sex typed on the form.

    The NIK only holds two digits of the year, so only those are compared.
    """
    mismatches: list[NikMismatch] = []
    if birth_date is not None and (
        birth_date.day != info.birth_date.day
        or birth_date.month != info.birth_date.month
        or birth_date.year % 100 != info.birth_date.year % 100
    ):
        mismatches.append(NikMismatch.BIRTH_DATE)
    if sex is not None and sex is not info.sex:
        mismatches.append(NikMismatch.SEX)
    return mismatches


def compose(region: str, birth_date: dt.date, sex: Sex, serial: int) -> str:
    """Build a NIK from its parts (demo data and tests)."""
    if len(region) != 6 or not region.isdigit():
        raise ValueError("region must be 6 digits")
    if not 1 <= serial <= 9999:
        raise ValueError("serial must be 1..9999")
    day = birth_date.day + (40 if sex is Sex.FEMALE else 0)
    return f"{region}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{serial:04d}"


def mask(nik: str) -> str:
    """Show at most the first 6 and the last 2 digits: ``327305********01``."""
    nik = normalize(nik)
    if len(nik) <= 8:
        return "*" * len(nik)
    return nik[:6] + "*" * (len(nik) - 8) + nik[-2:]


def _resolve_century(day: int, month: int, yy: int, today: dt.date) -> dt.date | None:
    """Pick the most recent century in which the date exists and is not in the future."""
    if 1 <= month <= 12 and 1 <= day <= 28:  # a date in both centuries: the usual case
        recent = dt.date(2000 + yy, month, day)
        if recent <= today:
            return recent
        older = dt.date(1900 + yy, month, day)
        return older if older <= today else recent
    candidates = []
    for century in (2000, 1900):
        try:
            candidates.append(dt.date(century + yy, month, day))
        except ValueError:
            continue
    if not candidates:
        return None
    past = [d for d in candidates if d <= today]
    return past[0] if past else candidates[0]


@lru_cache(maxsize=1024)
def _regency_name(code: str) -> str | None:
    try:
        from stdnum import numdb  # python-stdnum ships Kemendagri region names
    except ImportError:  # pragma: no cover - declared dependency
        return None
    parts = numdb.get("id/loc").info(code)
    if len(parts) < 2:
        return None
    name = parts[1][1].get("name_id")
    return name.title() if name else None
