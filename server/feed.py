"""What devices pull (the feed), what the server holds from a device (reconciliation), and
status changes made at the back office.

The pull cursor never skips a row. On SQLite writers are serial, so the feed's sequence alone
orders it and the cursor is that number. On PostgreSQL a transaction can take sequence 10,
commit after the one that took 11, and a reader that already moved past 11 would never see
10. So each feed row records its writing transaction (``txid``, a column default), a pull
hands out only rows written by transactions older than the oldest one still running
(``pg_snapshot_xmin(pg_current_snapshot())``) ordered by (txid, seq), and the cursor is that
pair, ``"<txid>:<seq>"``. The cursor is opaque to the client.

A cursor also names the row it stopped at (``":<check>"``, a short hash of that row). A server
restored from an older backup hands out sequence numbers again that a PC's cursor has already
passed; a cursor whose row is gone or is now another row therefore starts that PC's pull again
from the beginning (applying is idempotent on the PC), instead of skipping what the restored
server writes next.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BigInteger, cast, func, insert, literal, or_, select, text, tuple_
from sqlalchemy.orm import Session
from sqlalchemy.types import Text

from desktop.domain import status as status_rules
from desktop.domain.clock import Hlc
from desktop.domain.ids import uuid7
from server.db import now
from server.offices import Caller
from server.problems import ApiError
from server.tables import Current, Feed
from sync import wire

BIGINT_MAX = 2**63 - 1
_PG_CURSOR = re.compile(r"([0-9]{1,19}):([0-9]{1,19})(?::([0-9a-f]{16}))?")
_SQLITE_CURSOR = re.compile(r"([0-9]{1,19})(?::([0-9a-f]{16}))?")
SERVER_DEVICE_NAMESPACE = uuid.UUID("6f2b7c1e-5a3d-4e8f-9b0a-53657761b4a1")


@dataclass(frozen=True)
class Page:
    changes: list[wire.Change]
    cursor: str
    more: bool


def _bad_cursor() -> ApiError:
    return ApiError(400, "bad_cursor", "Kursor tarik data tidak dikenal.")


def parse_cursor(text: str | None, postgresql: bool) -> tuple[int, int, str | None]:
    """(txid, seq, check) after which to read; (0, 0, None) for a first pull. Raises a 400
    ApiError."""
    if not text:
        return 0, 0, None
    if postgresql:
        match = _PG_CURSOR.fullmatch(text)
        if match is None:
            raise _bad_cursor()
        txid, seq, check = int(match[1]), int(match[2]), match[3]
    else:
        match = _SQLITE_CURSOR.fullmatch(text)
        if match is None:
            raise _bad_cursor()
        txid, seq, check = 0, int(match[1]), match[2]
    if txid > BIGINT_MAX or seq > BIGINT_MAX:
        raise _bad_cursor()
    return txid, seq, check


def row_check(kind: str, key: str, created_at: dt.datetime, data: str) -> str:
    """A short hash that tells one feed row from another that took the same sequence."""
    stamp = created_at.isoformat() if created_at is not None else ""
    text = "\n".join((kind, key, stamp, data)).encode("utf-8")
    return hashlib.sha256(text).hexdigest()[:16]


def _still_there(session: Session, seq: int, check: str) -> bool:
    """Whether the row a cursor stopped at is still the same row (not a restored server's)."""
    row = session.execute(
        select(Feed.kind, Feed.key, Feed.created_at, Feed.data).where(Feed.seq == seq)
    ).first()
    return row is not None and row_check(*row) == check


def pull(session: Session, caller: Caller, cursor: str | None, limit: int) -> Page:
    """The office's and everyone's feed rows after ``cursor``, oldest first, at most ``limit``."""
    postgresql = session.get_bind().dialect.name == "postgresql"
    txid, seq, check = parse_cursor(cursor, postgresql)
    if check is not None and not _still_there(session, seq, check):
        txid, seq = 0, 0  # the feed was rewound (a restore): read it again from the start
    mine = or_(Feed.office_id == caller.office_id, Feed.office_id.is_(None))
    query = select(Feed.seq, Feed.txid, Feed.kind, Feed.key, Feed.data, Feed.created_at).where(mine)
    if postgresql:
        horizon = cast(cast(func.pg_snapshot_xmin(func.pg_current_snapshot()), Text), BigInteger)
        query = query.where(
            tuple_(Feed.txid, Feed.seq) > tuple_(literal(txid), literal(seq)),
            Feed.txid < horizon,
        ).order_by(Feed.txid, Feed.seq)
    else:
        query = query.where(Feed.seq > seq).order_by(Feed.seq)
    rows = session.execute(query.limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    changes = [
        wire.Change(kind=wire.ChangeKind(kind), key=key, data=json.loads(data))
        for _seq, _txid, kind, key, data, _created in rows
    ]
    if rows:
        last_seq, last_txid, kind, key, data, created = rows[-1]
        mark = row_check(kind, key, created, data)
        new_cursor = f"{last_txid}:{last_seq}:{mark}" if postgresql else f"{last_seq}:{mark}"
    elif (txid, seq) == (0, 0):
        new_cursor = ""  # nothing yet (or a rewound feed with nothing for this office)
    else:
        new_cursor = cursor or ""
    return Page(changes, new_cursor, more)


# wire.day_digest in SQL: the same lines, sorted by code point (COLLATE "C": ids and
# versions are ASCII), joined by line feeds, hashed. PostgreSQL sums a device's rows where
# they are instead of sending each one to Python (a test holds the two equal). The newest
# version of each of the device's rows is picked from its records directly (what the
# ``current`` view holds for them, in one sort instead of a lookup per row).
_DIGESTS = (
    "SELECT day, entity, count(*), encode(sha256(convert_to(string_agg(line, E'\\n'"
    " ORDER BY line COLLATE \"C\"), 'UTF8')), 'hex') FROM (SELECT DISTINCT ON (entity,"
    " entity_id) day, entity, entity_id || ':' || version AS line FROM record"
    " WHERE device_id = :device AND office_id = :office"
    " ORDER BY entity, entity_id, version DESC) AS rows"
    " GROUP BY day, entity ORDER BY day, entity"
)


def reconcile(session: Session, caller: Caller) -> list[wire.DaySummary]:
    """Per (day, entity): how many rows this device's ``current`` holds, and their digest."""
    if session.get_bind().dialect.name == "postgresql":
        found = session.execute(
            text(_DIGESTS), {"device": caller.device_id, "office": caller.office_id}
        )
        return [
            wire.DaySummary.model_construct(
                day=day, entity=wire.Entity(entity), count=count, digest=digest
            )
            for day, entity, count, digest in found
        ]
    groups: dict[tuple[dt.date, str], list[tuple[str, int]]] = defaultdict(list)
    rows = session.execute(
        select(Current.day, Current.entity, Current.entity_id, Current.version).where(
            Current.device_id == caller.device_id, Current.office_id == caller.office_id
        )
    )
    for day, entity, entity_id, version in rows:
        groups[(day, entity)].append((entity_id, version))
    return [
        wire.DaySummary(
            day=day, entity=wire.Entity(entity), count=len(pairs), digest=wire.day_digest(pairs)
        )
        for (day, entity), pairs in sorted(groups.items())
    ]


def server_device_id(office_id: str) -> str:
    """The device id the server's own rows carry for an office (fixed, not a real PC)."""
    return str(uuid.uuid5(SERVER_DEVICE_NAMESPACE, office_id))


class UnknownRequest(LookupError):
    """No request with that id in that office (or it was deleted)."""


def record_central_status_change(
    session: Session,
    office_id: str,
    request_id: str,
    to_status: status_rules.Status | str,
    actor: str,
    reason: str = "",
    *,
    at: dt.datetime | None = None,
) -> dict[str, Any]:
    """A status change made at the back office, queued for the request's office to pull.

    The change is checked like one made at the counter (allowed move, reason where one is
    needed) from the request's newest known status: the newer of what the office last pushed
    and the last central change. Returns the change as :class:`sync.wire.StatusChangeRow`
    data. Raises :class:`UnknownRequest` or :class:`desktop.domain.status.TransitionError`.
    """
    target = status_rules.Status(to_status)
    if re.fullmatch(wire.UUID_PATTERN, request_id) is None:
        raise UnknownRequest(request_id)
    held = session.execute(
        select(Current.payload, Current.deleted).where(
            Current.entity == wire.Entity.SERVICE_REQUEST.value,
            Current.entity_id == request_id,
            Current.office_id == office_id,
        )
    ).one_or_none()
    if held is None or held.deleted:
        raise UnknownRequest(request_id)
    request = json.loads(held.payload)
    current_status, current_hlc = request["status"], request["hlc"]
    for (data,) in session.execute(
        select(Feed.data)
        .where(
            Feed.office_id == office_id,
            Feed.kind == wire.ChangeKind.STATUS_CHANGE.value,
            # the JSON as written below (sort_keys, default separators); a UUID has no % or _
            Feed.data.contains(f'"request_id": "{request_id}"', autoescape=True),
        )
        .order_by(Feed.seq.desc())
        .limit(1)
    ):
        change = json.loads(data)
        if change["request_id"] == request_id and change["hlc"] > current_hlc:
            current_status, current_hlc = change["to_status"], change["hlc"]
    from_status = status_rules.Status(current_status)
    status_rules.check_transition(from_status, target, reason)
    moment = at or now()
    wall_ms = int(moment.timestamp() * 1000)
    hlc = Hlc.decode(current_hlc).tick(wall_ms) if current_hlc else Hlc(wall_ms, 0)
    row = wire.StatusChangeRow(
        id=str(uuid7()),
        office_id=office_id,
        device_id=server_device_id(office_id),
        created_at=moment,
        updated_at=moment,
        version=1,
        hlc=hlc.encode(),
        request_id=request_id,
        from_status=from_status,
        to_status=target,
        at=moment,
        actor=actor,
        reason=reason,
    )
    made: dict[str, Any] = row.model_dump(mode="json")
    session.execute(
        insert(Feed).values(
            office_id=office_id,
            kind=wire.ChangeKind.STATUS_CHANGE.value,
            key=row.id,
            data=json.dumps(made, ensure_ascii=False, sort_keys=True),
            created_at=moment,
        )
    )
    return made
