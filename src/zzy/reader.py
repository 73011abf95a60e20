"""Reading the ledger with plain SQL: one read transaction, rows as tuples.

Reports only read, and importing SQLAlchemy and defining the SQLModel tables costs more than
a college's report itself (see ``benchmarks/run.py``).  So a report on a SQLite ledger opens
the file with Python's own :mod:`sqlite3` and reads it with the SQL in :mod:`zzy.load` and
:mod:`zzy.views`.  A ledger that needs more than reading (it is missing, is not a ledger, has
an older schema to upgrade, or is on a server) is opened the full way by :class:`zzy.db.Ledger`,
which refuses, upgrades or connects, and is then read with the same SQL over its connection.

The SQL is written with ``?`` placeholders, as sqlite3 takes them; for psycopg they become
``%s``.  SQLite hands dates back as ISO text and PostgreSQL as dates: :func:`day` makes both
dates.  Column names that are SQL keywords (``"end"``, ``"full"``, ``"key"``, ``"user"``) are
quoted.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from zzy.errors import LedgerUnusable, ledger_busy, ledger_failed, not_a_ledger
from zzy.location import (
    APP_MARK,
    SCHEMA_VERSION,
    Patience,
    file_problem,
    is_lock_wait,
    lock_holders,
    read_only,
    read_only_uri,
)

_from_iso = date.fromisoformat


def day(value: date | str | None) -> date | None:
    """A date column as a date, whichever database it came from."""
    return _from_iso(value) if value.__class__ is str else value  # type: ignore[return-value]  # a str is told by its class, for speed


class Reader:
    """A read transaction on the ledger: plain SQL in, tuples out."""

    def __init__(self, connection: Any, *, label: str | Callable[[], str], busy: Callable[[], LedgerUnusable]) -> None:
        self._connection = connection
        self._sqlite = isinstance(connection, sqlite3.Connection)
        #: The ledger as messages name it (or how to name it, when that is worked out only for a message).
        self.label = label
        #: The refusal for a lock held too long (saying who holds it, where that is known).
        self.busy = busy
        #: :func:`day` for a column that is never empty: on SQLite straight to the C parser,
        #: which counts at a hundred thousand rows.
        self.date_of: Callable[[Any], date] = _from_iso if self._sqlite else day  # type: ignore[assignment]  # a date column that is never empty

    # -- a column of many rows at once: SQLite's text and 0/1 as dates and flags; the server's are so already

    def dates(self, column: Sequence[Any]) -> Iterable[date]:
        """A date column that is never empty."""
        return map(_from_iso, column) if self._sqlite else column

    def maybe_dates(self, column: Sequence[Any]) -> Iterable[date | None]:
        """A date column that may be empty."""
        return [None if value is None else _from_iso(value) for value in column] if self._sqlite else column

    def flags(self, column: Sequence[Any]) -> Iterable[bool]:
        """A yes/no column."""
        return map(bool, column) if self._sqlite else column

    def rows(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        """Every row of ``sql``; dates in ``params`` are passed as each database expects them."""
        if self._sqlite:
            params = tuple(p.isoformat() if isinstance(p, date) else p for p in params)
        else:
            sql = sql.replace("?", "%s")
        cursor = self._connection.cursor()
        try:
            with _translated(self.label, self.busy):
                cursor.execute(sql, params)
                found: list[tuple[Any, ...]] = cursor.fetchall()
                return found
        finally:
            cursor.close()

    def first(self, sql: str, *params: Any) -> tuple[Any, ...] | None:
        """The first row of ``sql``, if any."""
        found = self.rows(sql, *params)
        return found[0] if found else None

    def value(self, sql: str, *params: Any) -> Any:
        """The single value ``sql`` selects (a count, a maximum)."""
        row = self.first(sql, *params)
        return row[0] if row else None


def open_file(path: Path, patience: Patience) -> sqlite3.Connection | None:
    """The SQLite ledger at ``path``, in a read transaction, when it is a ledger of this zzy's
    schema; ``None`` for anything else, which :class:`zzy.db.Ledger` then opens or refuses.

    The wait for a lock comes out of the command's ``patience``; a lock held longer is refused
    here (exit 4), not waited for a second time by the full road.  A ledger nobody can change
    (a read-only medium) is read as an immutable file: without locks, ``-wal`` or ``-shm``.
    """
    if file_problem(path) is not None:
        return None
    connection = None
    try:
        with patience.waiting():
            if read_only(path):
                connection = sqlite3.connect(read_only_uri(path), uri=True, isolation_level=None)
            else:
                connection = sqlite3.connect(path, timeout=patience.left, isolation_level=None)
            connection.execute("BEGIN")
            marks = dict(connection.execute("SELECT key, value FROM zzy_meta").fetchall())
    except sqlite3.Error as error:
        if connection is not None:
            connection.close()
        if _is_busy(str(error)):
            raise busy_file(path, patience) from None
        return None
    if marks.get("app") != APP_MARK or marks.get("schema_version") != str(SCHEMA_VERSION):
        connection.close()
        return None
    return connection


def busy_file(path: Path, patience: Patience) -> LedgerUnusable:
    """The refusal for a SQLite ledger locked longer than the command may wait, naming the holder."""
    return ledger_busy(path, patience.seconds, lock_holders(path))


@contextmanager
def reading_file(connection: sqlite3.Connection, path: Path, patience: Patience) -> Iterator[Reader]:
    """Read from ``connection`` (from :func:`open_file`), then end its transaction and close it."""
    try:
        yield Reader(connection, label=str(path), busy=lambda: busy_file(path, patience))
    finally:
        try:
            if connection.in_transaction:
                connection.rollback()
        finally:
            connection.close()


def _is_busy(reason: str) -> bool:
    return is_lock_wait(reason)


#: The URLs of a server ledger that :func:`open_server` reads straight through the driver.
_PSYCOPG_URL = "postgresql+psycopg://"


def open_server(location: str, patience: Patience) -> Any | None:
    """The PostgreSQL ledger at ``location`` in a read transaction, through psycopg itself, when it is
    a ledger of this zzy's schema that opens at the first try; ``None`` for anything else (another
    driver, a server that refuses or is not there, a missing right, an older schema), which
    :class:`zzy.db.Ledger` then opens, upgrades or refuses, saying why.

    The transaction is the full road's: REPEATABLE READ, waiting for a lock at most what is left
    of the command's patience, the connection named ``zzy``.  SQLAlchemy, which a server's report
    needs no more than a file's, is not loaded (a third of a province's report on the server).
    """
    if not location.startswith(_PSYCOPG_URL):
        return None

    try:
        import psycopg  # start-up
    except ImportError:
        return None
    named: dict[str, Any] = (
        {} if "application_name" in parse_qs(urlsplit(location).query) else {"application_name": "zzy"})
    connection = None
    try:
        with patience.waiting():
            connection = psycopg.connect("postgresql://" + location.removeprefix(_PSYCOPG_URL),
                                         connect_timeout=max(1, round(patience.seconds)), **named)
            connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            connection.execute(f"SET LOCAL lock_timeout = {patience.milliseconds()}")
            marks: dict[str, str] = dict(connection.execute("SELECT key, value FROM zzy_meta").fetchall())
    except (psycopg.Error, ValueError):
        if connection is not None:
            connection.close()
        return None
    if marks.get("app") != APP_MARK or marks.get("schema_version") != str(SCHEMA_VERSION):
        connection.close()
        return None
    return connection


@contextmanager
def reading_server(connection: Any, ledger: Callable[[], Any]) -> Iterator[Reader]:
    """Read from ``connection`` (from :func:`open_server`), then end its transaction and close it.
    What only a refusal needs (the ledger's name without its password, who holds a lock) is
    worked out by ``ledger()`` (the caller's :class:`zzy.db.Ledger`, made only when a refusal needs it)."""
    try:
        yield Reader(connection, label=lambda: str(ledger().label), busy=lambda: ledger()._busy())
    finally:
        try:
            connection.rollback()
        finally:
            connection.close()


@contextmanager
def _translated(label: str | Callable[[], str], busy: Callable[[], LedgerUnusable]) -> Iterator[None]:
    """The spec's exit 4 for a ledger the database cannot read (locked too long, damaged, gone)."""
    try:
        yield
    except sqlite3.OperationalError as error:
        reason = str(error)
        if _is_busy(reason):
            raise busy() from None
        raise ledger_failed(_named(label), reason) from None
    except sqlite3.DatabaseError as error:
        raise not_a_ledger(_named(label), str(error)) from None
    except Exception as error:
        if getattr(error, "sqlstate", None) is None:  # not the server's driver speaking: a bug
            raise
        if error.sqlstate == "55P03":  # type: ignore[attr-defined]  # PostgreSQL: lock_timeout
            raise busy() from None
        raise ledger_failed(_named(label), str(error).strip()) from None


def _named(label: str | Callable[[], str]) -> str:
    return label if isinstance(label, str) else label()
