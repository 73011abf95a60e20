"""审计日志: every write appends who, when, which command, and the record before and after."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session, SQLModel

from zzy.models import AuditEntry


def snapshot(record: SQLModel | None, **extra: Any) -> dict[str, Any] | None:
    """A record as plain JSON-ready data (dates ISO), plus domain keys such as 工号."""
    if record is None:
        return None
    data = record.model_dump()
    data.update(extra)
    return {key: value.isoformat() if isinstance(value, date) else value for key, value in data.items()}


def record(
    session: Session,
    *,
    action: str,
    entity: str,
    key: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Append one audit entry to the write transaction that ``session`` is in."""
    invocation = session.info["invocation"]
    session.add(
        AuditEntry(
            at=datetime.now(UTC).isoformat(timespec="seconds"),
            user=invocation.user,
            command=invocation.command,
            action=action,
            entity=entity,
            key=key,
            before=dumps(before),
            after=dumps(after),
        )
    )


def dumps(data: dict[str, Any] | None) -> str | None:
    if data is None:
        return None
    return json.dumps(data, ensure_ascii=False, sort_keys=True)
