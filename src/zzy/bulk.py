"""Many rows written at once in the transaction a write is in (an import's records, the audit entries of a
big write): plain tuples, no ORM objects.  Below the store and the audit log, which both write so; it knows
only SQLAlchemy.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session

#: Rows per statement of a big write (an import's records, a restore's, their audit entries).
CHUNK = 5000


def insert_rows(session: Session, table: Any, rows: Sequence[Sequence[Any]]) -> None:
    """Insert ``rows``, each a tuple of every column of ``table`` in the table's order, in this transaction.

    On SQLite they go to the driver's own ``executemany`` of the statement SQLAlchemy compiles, each value
    through its column's bind processor, as SQLAlchemy would send it: building a parameter dict per row
    and binding it again (``construct_params``) was a fifth of a big import's writing.  On PostgreSQL a
    chunk of rows is one statement reading a JSON array (:func:`_insert_as_json`).  Elsewhere, and for a
    table with bytes: a Core insert.
    """
    if not rows:
        return
    from sqlalchemy import LargeBinary, insert  # start-up

    connection = session.connection()
    dialect = connection.dialect
    binary = any(isinstance(column.type, LargeBinary) for column in table.columns)
    if dialect.name == "postgresql" and not binary:
        _insert_as_json(connection, table, rows)
        return
    if dialect.name != "sqlite":
        names = [column.name for column in table.columns]
        connection.execute(insert(table), [dict(zip(names, row, strict=True)) for row in rows])
        return
    connection.exec_driver_sql(str(insert(table).compile(dialect=dialect)), _bound(dialect, table, rows))


def insert_dicts(session: Session, table: Any, rows: Sequence[dict[str, Any]]) -> None:
    """:func:`insert_rows` for rows given as dicts by column name (a restored document's records)."""
    names = [column.name for column in table.columns]
    insert_rows(session, table, [tuple(row.get(name) for name in names) for row in rows])


def _bound(dialect: Any, table: Any, rows: Sequence[Sequence[Any]]) -> list[tuple[Any, ...]]:
    """Each value through its column's bind processor, as SQLAlchemy would send it."""
    processors = [(index, processor) for index, column in enumerate(table.columns)
                  if (processor := column.type.dialect_impl(dialect).bind_processor(dialect)) is not None]
    if not processors:
        return [tuple(row) for row in rows]
    bound = []
    for row in rows:
        values = list(row)
        for index, processor in processors:
            values[index] = processor(values[index])
        bound.append(tuple(values))
    return bound


def _insert_as_json(connection: Any, table: Any, rows: Sequence[Sequence[Any]]) -> None:
    """PostgreSQL: ``INSERT … SELECT`` from ``jsonb_populate_recordset`` of the table's own row type, one
    statement for the whole chunk.  A statement per row (the driver's pipelined ``executemany``) spent more
    of a 100 000-row import in the server's per-statement work than the rows' own checks; the row triggers,
    constraints and row security run per row as before."""
    from sqlalchemy import text  # start-up

    dialect = connection.dialect
    quoted = dialect.identifier_preparer.format_table(table)
    columns = ", ".join(dialect.identifier_preparer.quote(column.name) for column in table.columns)
    names = [column.name for column in table.columns]
    document = json.dumps([dict(zip(names, row, strict=True)) for row in _bound(dialect, table, rows)],
                          ensure_ascii=False, default=_json_value)
    connection.execute(text(f"INSERT INTO {quoted} ({columns}) SELECT {columns} "
                            f"FROM jsonb_populate_recordset(NULL::{quoted}, CAST(:rows AS jsonb))"),
                       {"rows": document})


def _json_value(value: Any) -> Any:
    """A value JSON has no word for, as PostgreSQL reads it back into its column (a date, a time)."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not written as JSON")
