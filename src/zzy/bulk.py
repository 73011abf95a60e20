"""Many rows written at once in the transaction a write is in (an import's records, the audit entries of a
big write): plain tuples, no ORM objects.  Below the store and the audit log, which both write so; it knows
only SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session


def insert_rows(session: Session, table: Any, rows: Sequence[Sequence[Any]]) -> None:
    """Insert ``rows``, each a tuple of every column of ``table`` in the table's order, in this transaction.

    On SQLite they go to the driver's own ``executemany`` of the statement SQLAlchemy compiles, each value
    through its column's bind processor, as SQLAlchemy would send it: building a parameter dict per row
    and binding it again (``construct_params``) was a fifth of a big import's writing.  Elsewhere: a Core
    insert, as before.
    """
    if not rows:
        return
    from sqlalchemy import insert  # start-up

    connection = session.connection()
    dialect = connection.dialect
    if dialect.name != "sqlite":
        names = [column.name for column in table.columns]
        connection.execute(insert(table), [dict(zip(names, row, strict=True)) for row in rows])
        return
    processors = [(index, processor) for index, column in enumerate(table.columns)
                  if (processor := column.type.dialect_impl(dialect).bind_processor(dialect)) is not None]
    if processors:
        bound = []
        for row in rows:
            values = list(row)
            for index, processor in processors:
                values[index] = processor(values[index])
            bound.append(tuple(values))
        rows = bound
    connection.exec_driver_sql(str(insert(table).compile(dialect=dialect)), list(rows))
