"""Where the ledger is, and what marks a database as one: light enough for every command.

A location is a file path (SQLite) or a database URL (a server shared by clerks).
"""

from __future__ import annotations

import os
from pathlib import Path

#: zzy_meta's ``app`` value: marks a database as a zzy ledger.
APP_MARK = "zzy"

#: The ledger's schema version; a ledger with a larger one was made by a newer zzy.
SCHEMA_VERSION = 4

#: How long a command waits for another writer before giving up (exit 4).
BUSY_TIMEOUT_SECONDS = 15.0


def default_location() -> Path:
    """``<user data dir>/zzy/ledger.db`` (platformdirs)."""
    from platformdirs import user_data_path

    return user_data_path("zzy", appauthor=False) / "ledger.db"


def resolve_location(option: str | None) -> str:
    """``--db``, else ``ZZY_DB``, else the platform's user data folder: a file path, or a
    SQLAlchemy URL such as ``postgresql+psycopg://clerk@dbhost/zzy`` for a shared ledger."""
    chosen = option or os.environ.get("ZZY_DB")
    if not chosen:
        return str(default_location())
    return chosen if is_url(chosen) else str(Path(chosen).expanduser())


def is_url(location: str) -> bool:
    return "://" in location


def is_server(location: str) -> bool:
    """A database server's URL, not a SQLite file (``sqlite:///path`` is a file)."""
    return is_url(location) and not location.startswith("sqlite")


def sqlite_path(location: str) -> Path:
    """The file of a SQLite location, given as a path or a ``sqlite:///`` URL."""
    return Path(location.removeprefix("sqlite:///"))
