"""Is the PC clock behind what this device has already recorded?

Village PCs lose their time (a flat CMOS battery, someone "fixing" the date).
A clock set back a day would issue queue numbers again in a day that is over
and file today's arrivals under it. The newest recorded time is the device's
hybrid logical clock: its wall part is the newest wall time any change here was
stamped with, and it never goes back. The rules are in
:mod:`desktop.domain.clock`; this service reads what they need (one row each)
and records a confirmation, audited, when someone says the clock is right.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.clock import (
    CONFIRMATION_SETTING,
    ClockCheck,
    ClockConfirmation,
    Hlc,
    check_clock,
)
from desktop.models.tables import Device, Setting
from desktop.services.workspace import Workspace

log = logging.getLogger(__name__)


def newest_recorded(session: Session, workspace: Workspace) -> dt.datetime:
    """The newest wall time recorded on this device (stored, or ticked in this process)."""
    stored = session.scalar(select(Device.hlc).where(Device.id == workspace.sync.device_id))
    newest = workspace.sync.hlc
    if stored:
        newest = max(newest, Hlc.decode(stored))
    return newest.moment()


def load_confirmation(session: Session) -> ClockConfirmation | None:
    row = session.get(Setting, CONFIRMATION_SETTING)
    confirmation = ClockConfirmation.from_text(None if row is None else row.value)
    if row is not None and confirmation is None:
        log.warning("the stored clock confirmation cannot be read; it is ignored")
    return confirmation


def check_in(session: Session, workspace: Workspace) -> ClockCheck:
    """The clock check inside the caller's session (``register`` uses it for the day)."""
    return check_clock(
        workspace.now(), newest_recorded(session, workspace), load_confirmation(session)
    )


class ClockService:
    def __init__(self, workspace: Workspace) -> None:
        self._ws = workspace

    def check(self) -> ClockCheck:
        """Compare the PC clock with the newest recorded time (reads two rows)."""
        with self._ws.reading() as session:
            result = check_in(session, self._ws)
        if result.is_behind:  # the bar asks every minute: its first warning is logged there
            log.debug("PC clock is %s behind the newest recorded time", result.behind_by)
        return result

    def confirm(self) -> ClockCheck:
        """Someone says the PC clock is right: issue numbers by it again (audited)."""
        with self._ws.transaction() as session:
            now = self._ws.now()
            newest = newest_recorded(session, self._ws)
            before = check_clock(now, newest, load_confirmation(session))
            confirmation = ClockConfirmation(confirmed_at=now, newest_then=newest)
            session.merge(Setting(key=CONFIRMATION_SETTING, value=confirmation.to_text()))
            self._ws.audit(
                session,
                "clock.confirmed",
                "device",
                self._ws.sync.device_id,
                f"behind_seconds={int(before.behind_by.total_seconds())}",
            )
            after = check_clock(now, newest, confirmation)
        log.info("PC clock confirmed (%s behind the newest recorded time)", before.behind_by)
        return after
