"""Office and counter settings kept in the local database.

Every value is stored as text in the ``setting`` table (yes/no as ``true``/``false``).
A folder is *configured* once the first-run setup (or ``sewaka settings set``) has
filled every required office detail; until then nothing that carries the office's
name on paper or in a file may go out (:meth:`SettingsService.require_configured`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from pathlib import Path

from desktop.domain import office as rules
from desktop.models.tables import Setting
from desktop.services.settings_types import (
    BOOL_FIELDS,
    DEFAULT_RECEIPT_FOOTER,
    KEYS,
    LANGUAGES,
    LOGO_FORMATS,
    LOGO_MAX_BYTES,
    LOGO_MAX_PIXELS,
    TIMEZONES,
    UNIT_KINDS,
    LogoProblem,
    LogoRejected,
    OfficeNotConfigured,
    Settings,
    SettingsInvalid,
    UnknownSetting,
    cleaned,
    problems_of,
)
from desktop.services.settings_types import from_stored as _from_stored
from desktop.services.settings_types import to_stored as _to_stored
from desktop.services.workspace import Workspace

__all__ = [
    "BOOL_FIELDS",
    "DEFAULT_RECEIPT_FOOTER",
    "KEYS",
    "LANGUAGES",
    "LOGO_FORMATS",
    "LOGO_MAX_BYTES",
    "LOGO_MAX_PIXELS",
    "TIMEZONES",
    "UNIT_KINDS",
    "LogoProblem",
    "LogoRejected",
    "OfficeNotConfigured",
    "Settings",
    "SettingsInvalid",
    "SettingsService",
    "UnknownSetting",
    "check_logo",
    "cleaned",
    "problems_of",
]

log = logging.getLogger(__name__)


def check_logo(source: Path) -> tuple[bytes, str]:
    """The logo's bytes and file extension, if it is a PNG/JPEG within the limits.

    Raises :class:`LogoRejected`.
    """
    try:
        size = source.stat().st_size
        if size > LOGO_MAX_BYTES:
            raise LogoRejected(LogoProblem.TOO_LARGE)
        content = source.read_bytes()
    except OSError:
        raise LogoRejected(LogoProblem.MISSING) from None
    import io

    from PIL import Image

    try:
        with Image.open(io.BytesIO(content)) as image:
            kind = image.format or ""
            width, height = image.size
            if kind in LOGO_FORMATS and width <= LOGO_MAX_PIXELS and height <= LOGO_MAX_PIXELS:
                image.load()  # decodes every pixel: a truncated or damaged file fails here
    except Image.DecompressionBombError:
        raise LogoRejected(LogoProblem.TOO_MANY_PIXELS) from None
    except Exception:  # Pillow raises many kinds for files that are not images
        raise LogoRejected(LogoProblem.NOT_AN_IMAGE) from None
    if kind not in LOGO_FORMATS:
        raise LogoRejected(LogoProblem.NOT_AN_IMAGE)
    if width > LOGO_MAX_PIXELS or height > LOGO_MAX_PIXELS:
        raise LogoRejected(LogoProblem.TOO_MANY_PIXELS)
    return content, LOGO_FORMATS[kind]


class SettingsService:
    def __init__(self, workspace: Workspace) -> None:
        self._ws = workspace

    def load(self) -> Settings:
        with self._ws.reading() as session:
            stored = {row.key: row.value for row in session.query(Setting).all()}
        return _from_stored(stored)

    def require_configured(self) -> Settings:
        """The settings, if the office's details are complete; else :class:`OfficeNotConfigured`.

        Receipts, reports and exports call this so that nothing goes out under a
        made-up office name.
        """
        settings = self.load()
        if not settings.configured or settings.missing():
            raise OfficeNotConfigured(settings.missing())
        return settings

    def save(self, settings: Settings) -> Settings:
        """Store what changed (audited by key name, never by value).

        Raises :class:`SettingsInvalid` for values the rules refuse; then nothing is stored.
        """
        settings = cleaned(settings)
        found = problems_of(settings)
        if found:
            raise SettingsInvalid(found)
        before = self.load()
        changed = [name for name in KEYS if getattr(settings, name) != getattr(before, name)]
        if not changed:
            return settings
        with self._ws.transaction() as session:
            for name in changed:
                session.merge(Setting(key=name, value=_to_stored(getattr(settings, name))))
            self._ws.audit(session, "settings.changed", "setting", "", ",".join(changed))
        return settings

    def set(self, key: str, value: str) -> Settings:
        """Change one setting from its text, as ``sewaka settings set KEY VALUE`` does.

        When every required office detail is then valid, the office becomes
        configured, so a script can provision an office key by key. ``logo`` takes
        the path of an image to copy in (empty removes the logo). Raises
        :class:`UnknownSetting`, :class:`SettingsInvalid` or :class:`LogoRejected`.
        """
        if key not in KEYS or key in ("configured", "training"):
            raise UnknownSetting(key)
        if key == "logo":
            return self.set_logo(Path(value) if value.strip() else None)
        settings = self.load()
        text = rules.clean(value)
        updated = dataclasses.replace(settings, **{key: text})  # type: ignore[arg-type]
        found = problems_of(dataclasses.replace(updated, configured=False))
        if found:
            raise SettingsInvalid(found)
        if not updated.configured and not problems_of(
            dataclasses.replace(updated, configured=True)
        ):
            updated = dataclasses.replace(updated, configured=True)
        return self.save(updated)

    def complete_setup(self, settings: Settings, logo: Path | None = None) -> Settings:
        """Store the first-run setup's office details and mark the office configured.

        ``logo`` is an image to check and copy in (None keeps ``settings.logo``).
        Everything is checked before anything is stored: raises
        :class:`SettingsInvalid` or :class:`LogoRejected` and then changes nothing.
        """
        settings = cleaned(dataclasses.replace(settings, configured=True))
        found = problems_of(settings)
        if found:
            raise SettingsInvalid(found)
        previous = self.load().logo
        if logo is not None:
            settings = dataclasses.replace(settings, logo=self._copy_logo(logo))
        saved = self.save(settings)
        self._forget_logo(previous, saved.logo)
        return saved

    def set_logo(self, source: Path | None) -> Settings:
        """Check an image and copy it into the data folder as the office logo (None removes it).

        Raises :class:`LogoRejected`; the previous logo then stays.
        """
        settings = self.load()
        if source is None:
            saved = self.save(dataclasses.replace(settings, logo=""))
            self._forget_logo(settings.logo, "")
            return saved
        saved = self.save(dataclasses.replace(settings, logo=self._copy_logo(source)))
        self._forget_logo(settings.logo, saved.logo)
        return saved

    def _copy_logo(self, source: Path) -> str:
        from printing.dispatch import write_atomically

        content, extension = check_logo(source)
        name = f"logo-{hashlib.sha256(content).hexdigest()[:12]}{extension}"
        write_atomically(content, self._ws.home / name)
        return name

    def _forget_logo(self, previous: str, current: str) -> None:
        if previous and previous != current:
            (self._ws.home / Path(previous).name).unlink(missing_ok=True)

    def logo_path(self) -> Path | None:
        """The logo file inside the data folder, or None when there is none (or it went missing)."""
        name = self.load().logo
        if not name:
            return None
        path = self._ws.home / Path(name).name
        return path if path.is_file() else None

    def as_text(self) -> dict[str, str]:
        """Every setting as it is stored and shown by ``sewaka settings show``."""
        settings = self.load()
        return {name: _to_stored(getattr(settings, name)) for name in KEYS}
