"""Office and counter settings kept in the local database."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from desktop.domain.clock import DEFAULT_TIMEZONE
from desktop.models.tables import Setting
from desktop.services.workspace import Workspace

LANGUAGES = ("id", "en")
UNIT_KINDS = ("Desa", "Kelurahan", "Banjar", "Nagari", "Gampong", "Kampung", "Pekon")
DEFAULT_RECEIPT_FOOTER = "Simpan struk ini. Lacak permohonan dengan kode di atas."


@dataclass(frozen=True)
class Settings:
    language: str = "id"
    unit_kind: str = "Desa"  # the village unit's local name
    office_name: str = "Sukamaju"
    office_address: str = ""
    timezone: str = DEFAULT_TIMEZONE
    receipt_footer: str = DEFAULT_RECEIPT_FOOTER  # printed at the bottom of every receipt


class SettingsService:
    def __init__(self, workspace: Workspace) -> None:
        self._ws = workspace

    def load(self) -> Settings:
        with self._ws.reading() as session:
            stored = {row.key: row.value for row in session.query(Setting).all()}
        values = {f.name: stored.get(f.name, f.default) for f in dataclasses.fields(Settings)}
        return Settings(**values)  # type: ignore[arg-type]

    def save(self, settings: Settings) -> Settings:
        if settings.language not in LANGUAGES:
            raise ValueError(f"unknown language {settings.language!r}")
        before = self.load()
        changed = [
            f.name
            for f in dataclasses.fields(Settings)
            if getattr(settings, f.name) != getattr(before, f.name)
        ]
        if not changed:
            return settings
        with self._ws.transaction() as session:
            for name in changed:
                session.merge(Setting(key=name, value=str(getattr(settings, name))))
            self._ws.audit(session, "settings.changed", "setting", "", ",".join(changed))
        return settings
