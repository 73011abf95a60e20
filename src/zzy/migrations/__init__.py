"""Schema migrations (Alembic, batch mode for SQLite): revision ``NNNN`` is schema version N."""

from __future__ import annotations

from typing import Any


def revision_of(version: int) -> str:
    """The Alembic revision id of a schema version."""
    return f"{version:04d}"


def config(connection: Any) -> Any:
    """An Alembic config that runs this package's migrations on ``connection``."""
    from alembic.config import Config  # start-up

    cfg = Config()
    cfg.set_main_option("script_location", "zzy:migrations")
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(connection: Any, version: int) -> None:
    """Migrate the ledger on ``connection`` to schema ``version``."""
    from alembic import command  # start-up

    command.upgrade(config(connection), revision_of(version))


def stamp(connection: Any, version: int) -> None:
    """Record that a ledger made by ``create_all`` is at schema ``version``."""
    from alembic import command  # start-up

    command.stamp(config(connection), revision_of(version))
