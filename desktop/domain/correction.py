"""Correcting a saved request: the same field rules as intake, applied to what changes.

The NIK is not correctable: a request made under a wrong NIK is cancelled and
registered again, so the queue number, receipt and history stay with the right person.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field, replace

from desktop.domain import intake as intake_rules
from desktop.domain import text as text_rules
from desktop.domain.intake import Field, FieldProblem, IntakeForm

MAX_REASON = 500

# A form every rule accepts, so that checking it reports only the fields being corrected.
_ACCEPTED = IntakeForm(
    nik="3273055708900003",
    name="Siti",
    sex="F",
    birth_date="17-08-1990",
    address="Jl. Merdeka",
    service_code="SKD",
)
# Only the accepted NIK's birth date is compared with "today"; any later day will do.
_A_DAY = dt.date(2000, 1, 1)
_FIELDS = {
    "name": Field.NAME,
    "address": Field.ADDRESS,
    "rt": Field.RT,
    "rw": Field.RW,
    "hamlet": Field.HAMLET,
    "phone": Field.PHONE,
    "notes": Field.NOTES,
}


@dataclass(frozen=True)
class Correction:
    """New values typed by the clerk; ``None`` leaves a field as it is."""

    name: str | None = None
    address: str | None = None
    rt: str | None = None
    rw: str | None = None
    hamlet: str | None = None
    phone: str | None = None
    documents: tuple[str, ...] | None = None
    notes: str | None = None
    reason: str = ""


@dataclass(frozen=True)
class Correctable:
    """The values a correction starts from (as stored)."""

    name: str
    address: str
    rt: str
    rw: str
    hamlet: str
    phone: str
    documents: tuple[str, ...]
    notes: str


class ReasonProblem(enum.StrEnum):
    REQUIRED = "required"
    TOO_LONG = "too_long"
    UNPRINTABLE = "unprintable"  # a control, bidi or zero-width character


@dataclass(frozen=True)
class CheckedCorrection:
    changes: dict[str, str | tuple[str, ...]] = field(default_factory=dict)
    problems: list[FieldProblem] = field(default_factory=list)
    reason: str = ""
    reason_problem: ReasonProblem | None = None

    @property
    def ok(self) -> bool:
        return not self.problems and self.reason_problem is None and bool(self.changes)


def check(
    correction: Correction, current: Correctable, allowed_documents: tuple[str, ...]
) -> CheckedCorrection:
    """The fields that really change, cleaned as intake cleans them, or the problems."""
    typed = {
        name: getattr(correction, name) for name in _FIELDS if getattr(correction, name) is not None
    }
    form = replace(_ACCEPTED, **typed)
    intake, problems = intake_rules.validate(form, {_ACCEPTED.service_code}, _A_DAY)
    changes: dict[str, str | tuple[str, ...]] = {}
    if intake is not None:
        for name in typed:
            value = getattr(intake, name)
            if value != getattr(current, name):
                changes[name] = value
    if correction.documents is not None:
        documents = tuple(d for d in allowed_documents if d in correction.documents)
        if documents != current.documents:
            changes["documents"] = documents
    reason = text_rules.one_line(correction.reason)
    reason_problem = None
    if text_rules.unprintable(correction.reason) is not None:
        reason_problem = ReasonProblem.UNPRINTABLE
    elif not reason:
        reason_problem = ReasonProblem.REQUIRED
    elif len(reason) > MAX_REASON:
        reason_problem = ReasonProblem.TOO_LONG
    return CheckedCorrection(changes, problems, reason, reason_problem)
