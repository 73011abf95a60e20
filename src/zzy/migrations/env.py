"""Alembic's entry point: always run on the connection zzy hands over, in batch mode."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from zzy import models  # noqa: F401  (registers the tables on the metadata)

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=SQLModel.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
