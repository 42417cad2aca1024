"""Checking what the counter clerk typed before a walk-in request is registered.

:func:`validate` never raises for bad input: it returns every problem, one
per field, so the form can show each next to its field and keep what was
typed. Only a clean :class:`Intake` can be registered.

Real KTPs sometimes print a birth date or sex that disagrees with their own
NIK. Those two problems (and only those) may be overridden: with the clerk's
reason in :attr:`IntakeForm.identity_override` they no longer block, and the
:class:`Intake` says which fields were saved against the NIK and why.

Every field must be printable text (:mod:`desktop.domain.text`): a NUL, a bidi override
or a zero-width space is refused with :attr:`Problem.UNPRINTABLE`, never stored. Text is
kept in NFC. NIK, RT/RW, phone and birth date are read with ASCII digits: a Unicode
decimal digit (Arabic-Indic, full-width...) is written as its ASCII digit, anything else
that looks like a digit (superscripts, circled numbers) is refused.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass, field

from desktop.domain import nik as nik_rules
from desktop.domain import text as text_rules
from desktop.domain.nik import NikInfo, NikMismatch, NikProblem, Sex
from desktop.domain.status import Status

MAX_NAME = 100
MAX_ADDRESS = 200
MAX_HAMLET = 60
MAX_NOTES = 2000
MAX_PHONE_DIGITS = 15
MIN_PHONE_DIGITS = 8
OLDEST_BIRTH_YEAR = 1900
MAX_OVERRIDE_REASON = 200

# A request in one of these statuses is still being worked on: a second request by the
# same person for the same service on the same day is probably a mistake (the clerk may
# still go on). Finished (ready), collected, rejected and cancelled requests do not count.
UNFINISHED = frozenset({Status.WAITING, Status.CALLED, Status.SERVING, Status.ON_HOLD})


class Field(enum.StrEnum):
    NIK = "nik"
    NAME = "name"
    SEX = "sex"
    BIRTH_DATE = "birth_date"
    ADDRESS = "address"
    RT = "rt"
    RW = "rw"
    HAMLET = "hamlet"
    PHONE = "phone"
    SERVICE = "service"
    NOTES = "notes"


class Problem(enum.StrEnum):
    REQUIRED = "required"
    TOO_LONG = "too_long"
    BAD_CHARACTERS = "bad_characters"
    BAD_DATE = "bad_date"
    DATE_IN_FUTURE = "date_in_future"
    DATE_TOO_OLD = "date_too_old"
    BAD_RT_RW = "bad_rt_rw"
    BAD_PHONE = "bad_phone"
    UNKNOWN_SERVICE = "unknown_service"
    NIK_BIRTH_DATE_MISMATCH = "nik_birth_date_mismatch"
    NIK_SEX_MISMATCH = "nik_sex_mismatch"
    OVERRIDE_REASON_TOO_LONG = "override_reason_too_long"
    # A control, format (bidi, zero-width), private-use or unassigned character.
    UNPRINTABLE = "unprintable"
    OVERRIDE_REASON_UNPRINTABLE = "override_reason_unprintable"


# What the clerk may save anyway, with a reason: the KTP disagrees with its own NIK.
OVERRIDABLE = frozenset({Problem.NIK_BIRTH_DATE_MISMATCH, Problem.NIK_SEX_MISMATCH})


@dataclass(frozen=True)
class FieldProblem:
    field: Field
    problem: Problem | NikProblem
    limit: int | None = None  # for TOO_LONG: the maximum length
    character: str = ""  # for UNPRINTABLE: the first refused character


@dataclass(frozen=True)
class IntakeForm:
    """Exactly what was typed, as text."""

    nik: str = ""
    name: str = ""
    sex: str = ""  # "M", "F" or "" when not chosen
    birth_date: str = ""  # DD-MM-YYYY (also accepts / and .)
    address: str = ""
    rt: str = ""
    rw: str = ""
    hamlet: str = ""  # dusun / banjar / lingkungan
    phone: str = ""
    service_code: str = ""
    documents: tuple[str, ...] = ()
    notes: str = ""
    # Why the typed birth date/sex may disagree with the NIK ('' = they must agree).
    identity_override: str = ""


@dataclass(frozen=True)
class Intake:
    """A checked intake, ready to register."""

    nik: str
    nik_info: NikInfo
    name: str
    sex: Sex
    birth_date: dt.date
    address: str
    rt: str
    rw: str
    hamlet: str
    phone: str
    service_code: str
    documents: tuple[str, ...] = field(default=())
    notes: str = ""
    identity_override: str = ""  # the reason, when some fields disagree with the NIK
    overridden: tuple[Field, ...] = ()  # which fields were saved against the NIK


def can_override(problems: list[FieldProblem]) -> bool:
    """True when every problem is one the clerk may override with a reason."""
    return bool(problems) and all(p.problem in OVERRIDABLE for p in problems)


_DATE = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*$", re.ASCII)
_NAME_OK = re.compile(r"^[^\W\d_]+(?:[ .,'\-][^\W\d_]*)*\.?$", re.UNICODE)


def parse_date(text: str) -> dt.date | None:
    """``17-08-1985``, ``17/8/1985`` or ``17.08.1985``; ``None`` if it is not a date."""
    match = _DATE.match(text_rules.ascii_digits(text))
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def format_date(value: dt.date) -> str:
    return f"{value.day:02d}-{value.month:02d}-{value.year:04d}"


def clean_name(text: str) -> str:
    """NFC, runs of white space collapsed; keep the person's own capitalisation."""
    return text_rules.one_line(text)


def validate(
    form: IntakeForm, service_codes: frozenset[str] | set[str], today: dt.date
) -> tuple[Intake | None, list[FieldProblem]]:
    problems: list[FieldProblem] = []

    def fail(f: Field, p: Problem | NikProblem, limit: int | None = None) -> None:
        problems.append(FieldProblem(f, p, limit))

    # A field holding a character that is not printable text gets that problem only.
    typed = {
        Field.NIK: form.nik,
        Field.NAME: form.name,
        Field.BIRTH_DATE: form.birth_date,
        Field.ADDRESS: form.address,
        Field.RT: form.rt,
        Field.RW: form.rw,
        Field.HAMLET: form.hamlet,
        Field.PHONE: form.phone,
        Field.NOTES: form.notes,
    }
    unprintable: set[Field] = set()
    for fld, value in typed.items():
        bad = text_rules.unprintable(value)
        if bad is not None:
            problems.append(FieldProblem(fld, Problem.UNPRINTABLE, character=bad))
            unprintable.add(fld)

    info: NikInfo | None = None
    if Field.NIK not in unprintable:
        try:
            info = nik_rules.parse(form.nik, today)
        except nik_rules.NikError as exc:
            fail(Field.NIK, exc.problem)

    name = clean_name(form.name)
    if Field.NAME in unprintable:
        pass
    elif not name:
        fail(Field.NAME, Problem.REQUIRED)
    elif len(name) > MAX_NAME:
        fail(Field.NAME, Problem.TOO_LONG, MAX_NAME)
    elif not _NAME_OK.match(name):
        fail(Field.NAME, Problem.BAD_CHARACTERS)

    sex: Sex | None = None
    if form.sex in (Sex.MALE.value, Sex.FEMALE.value):
        sex = Sex(form.sex)
    else:
        fail(Field.SEX, Problem.REQUIRED)

    birth: dt.date | None = None
    if Field.BIRTH_DATE in unprintable:
        pass
    elif not form.birth_date.strip():
        fail(Field.BIRTH_DATE, Problem.REQUIRED)
    else:
        birth = parse_date(form.birth_date)
        if birth is None:
            fail(Field.BIRTH_DATE, Problem.BAD_DATE)
        elif birth > today:
            fail(Field.BIRTH_DATE, Problem.DATE_IN_FUTURE)
            birth = None
        elif birth.year < OLDEST_BIRTH_YEAR:
            fail(Field.BIRTH_DATE, Problem.DATE_TOO_OLD)
            birth = None

    reason = text_rules.one_line(form.identity_override)
    reason_bad = text_rules.unprintable(form.identity_override)
    overridden: list[Field] = []
    if info is not None:
        for mismatch in nik_rules.cross_check(info, birth, sex):
            if mismatch is NikMismatch.BIRTH_DATE:
                fld, problem = Field.BIRTH_DATE, Problem.NIK_BIRTH_DATE_MISMATCH
            else:
                fld, problem = Field.SEX, Problem.NIK_SEX_MISMATCH
            if not reason:
                fail(fld, problem)
            elif reason_bad is not None:
                problems.append(
                    FieldProblem(fld, Problem.OVERRIDE_REASON_UNPRINTABLE, character=reason_bad)
                )
            elif len(reason) > MAX_OVERRIDE_REASON:
                fail(fld, Problem.OVERRIDE_REASON_TOO_LONG, MAX_OVERRIDE_REASON)
            else:
                overridden.append(fld)

    address = text_rules.one_line(form.address)
    if Field.ADDRESS in unprintable:
        pass
    elif not address:
        fail(Field.ADDRESS, Problem.REQUIRED)
    elif len(address) > MAX_ADDRESS:
        fail(Field.ADDRESS, Problem.TOO_LONG, MAX_ADDRESS)

    rt, rw = _rt_rw(form.rt), _rt_rw(form.rw)
    if rt is None and Field.RT not in unprintable:
        fail(Field.RT, Problem.BAD_RT_RW)
    if rw is None and Field.RW not in unprintable:
        fail(Field.RW, Problem.BAD_RT_RW)

    hamlet = text_rules.one_line(form.hamlet)
    if len(hamlet) > MAX_HAMLET and Field.HAMLET not in unprintable:
        fail(Field.HAMLET, Problem.TOO_LONG, MAX_HAMLET)

    phone = _phone(form.phone)
    if phone is None and Field.PHONE not in unprintable:
        fail(Field.PHONE, Problem.BAD_PHONE)

    if not form.service_code:
        fail(Field.SERVICE, Problem.REQUIRED)
    elif form.service_code not in service_codes:
        fail(Field.SERVICE, Problem.UNKNOWN_SERVICE)

    notes = text_rules.multi_line(form.notes)
    if len(notes) > MAX_NOTES and Field.NOTES not in unprintable:
        fail(Field.NOTES, Problem.TOO_LONG, MAX_NOTES)

    if problems:
        return None, problems
    assert info is not None and sex is not None and birth is not None
    assert rt is not None and rw is not None and phone is not None
    return (
        Intake(
            nik=info.nik,
            nik_info=info,
            name=name,
            sex=sex,
            birth_date=birth,
            address=address,
            rt=rt,
            rw=rw,
            hamlet=hamlet,
            phone=phone,
            service_code=form.service_code,
            documents=tuple(form.documents),
            notes=notes,
            identity_override=reason if overridden else "",
            overridden=tuple(overridden),
        ),
        [],
    )


def _rt_rw(text: str) -> str | None:
    """RT/RW are small numbers written with three digits (``003``); empty is allowed."""
    text = text_rules.ascii_digits(text).strip()
    if not text:
        return ""
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) < 1000:
        return None
    return f"{int(text):03d}"


def _phone(text: str) -> str | None:
    """Indonesian phone numbers: ``0812-3456-7890`` or ``+62 812...``; empty is allowed.

    Stored with ASCII digits only (``+62`` written as ``0``).
    """
    raw = "".join(ch for ch in text_rules.ascii_digits(text) if ch not in " -.()\t")
    if not raw:
        return ""
    if raw.startswith("+62"):
        raw = "0" + raw[3:]
    elif raw.startswith("62"):
        raw = "0" + raw[2:]
    if not (raw.isascii() and raw.isdigit()) or not raw.startswith("0"):
        return None
    if not MIN_PHONE_DIGITS <= len(raw) <= MAX_PHONE_DIGITS:
        return None
    return raw
