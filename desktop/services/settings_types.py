"""Office settings as plain data, their rules and their exceptions.

No SQLAlchemy here: the UI and the start-up read (``desktop.services.startup``)
import these before the database is open. ``desktop.services.settings``
re-exports every name.
"""

from __future__ import annotations

import dataclasses
import enum
import logging
from dataclasses import dataclass

from desktop.domain import office as rules
from desktop.domain.clock import DEFAULT_TIMEZONE
from desktop.domain.office import OfficeProblem

LANGUAGES = rules.LANGUAGES
UNIT_KINDS = rules.UNIT_KINDS
TIMEZONES = rules.TIMEZONES
DEFAULT_RECEIPT_FOOTER = "Simpan struk ini. Lacak permohonan dengan kode di atas."

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_PIXELS = 2000  # per side
LOGO_FORMATS = {"PNG": ".png", "JPEG": ".jpg"}  # what reportlab draws without surprises

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settings:
    language: str = "id"
    unit_kind: str = "Desa"  # the village unit's local name
    office_name: str = ""  # the village/kelurahan name, e.g. "Sukamaju"
    office_address: str = ""
    timezone: str = DEFAULT_TIMEZONE
    receipt_footer: str = DEFAULT_RECEIPT_FOOTER  # printed at the bottom of every receipt
    district: str = ""  # kecamatan
    regency: str = ""  # kabupaten/kota, e.g. "Kabupaten Bandung"
    office_phone: str = ""
    head_name: str = ""  # e.g. "H. Ahmad Suryana"
    head_title: str = ""  # e.g. "Kepala Desa", "Lurah"
    logo: str = ""  # file name of the logo inside the data folder; "" when none
    training: bool = False  # a training folder made by seed-demo: everything says LATIHAN
    configured: bool = False  # the first-run setup was completed

    @property
    def place(self) -> str:
        """``Desa Sukamaju`` (empty until the office name is known)."""
        return rules.place(self.unit_kind, self.office_name) if self.office_name else ""

    @property
    def timezone_label(self) -> str:
        """``WIB``, ``WITA`` or ``WIT``."""
        return rules.timezone_label(self.timezone)

    def missing(self) -> tuple[str, ...]:
        """The required office details that are still empty."""
        return tuple(name for name in rules.REQUIRED if not str(getattr(self, name)).strip())


BOOL_FIELDS = frozenset(f.name for f in dataclasses.fields(Settings) if f.type in (bool, "bool"))
KEYS = tuple(f.name for f in dataclasses.fields(Settings))


class OfficeNotConfigured(Exception):
    """The first-run setup was not completed: the office's name is not known yet."""

    def __init__(self, missing: tuple[str, ...] = ()) -> None:
        super().__init__("office not configured" + (f": {', '.join(missing)}" if missing else ""))
        self.missing = missing


class SettingsInvalid(ValueError):
    """Values the rules refuse; ``problems`` maps each setting name to its problem."""

    def __init__(self, problems: dict[str, OfficeProblem]) -> None:
        super().__init__(", ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems


class UnknownSetting(KeyError):
    """A key that is not a setting (or one that cannot be set by hand)."""


class LogoProblem(enum.StrEnum):
    MISSING = "missing"  # no such file, or it cannot be read
    TOO_LARGE = "too_large"  # more than LOGO_MAX_BYTES
    TOO_MANY_PIXELS = "too_many_pixels"  # wider or taller than LOGO_MAX_PIXELS
    NOT_AN_IMAGE = "not_an_image"  # not a PNG or JPEG that decodes


class LogoRejected(ValueError):
    def __init__(self, problem: LogoProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def problems_of(settings: Settings) -> dict[str, OfficeProblem]:
    """What is wrong with ``settings``; required details count only once configured."""
    texts = {name: str(getattr(settings, name)) for name in KEYS if name not in BOOL_FIELDS}
    return rules.problems(texts, complete=settings.configured)


def cleaned(settings: Settings) -> Settings:
    """``settings`` with every text value as it is stored (trimmed, single spaces)."""
    return dataclasses.replace(
        settings,
        **{  # type: ignore[arg-type]
            name: rules.clean(str(getattr(settings, name)))
            for name in KEYS
            if name not in BOOL_FIELDS
        },
    )


def to_stored(value: object) -> str:
    return rules.format_bool(value) if isinstance(value, bool) else str(value)


def from_stored(stored: dict[str, str]) -> Settings:
    values: dict[str, object] = {}
    for field in dataclasses.fields(Settings):
        if field.name not in stored:
            continue  # an older database: the default stands (configured stays false)
        text = stored[field.name]
        if field.name in BOOL_FIELDS:
            values[field.name] = bool(rules.parse_bool(text))
        else:
            values[field.name] = text
    if values.get("timezone") not in (None, *TIMEZONES):
        log.warning(
            "unknown time zone %r in the settings; using %s", values["timezone"], DEFAULT_TIMEZONE
        )
        values["timezone"] = DEFAULT_TIMEZONE
    if values.get("language") not in (None, *LANGUAGES):
        values["language"] = "id"
    return Settings(**values)  # type: ignore[arg-type]
