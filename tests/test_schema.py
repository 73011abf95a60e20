"""The schema spelled once (SPEC section 2): the read SQL's tables and columns are the models' and the migrations'."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect
from sqlmodel import SQLModel

from zzy import models, schema  # noqa: F401  (models registers the tables)


def _model_columns() -> dict[str, set[str]]:
    return {name: set(table.columns.keys()) for name, table in SQLModel.metadata.tables.items()}


@pytest.mark.parametrize("table", schema.TABLES, ids=lambda t: t.name)
def test_every_column_the_sql_names_is_in_the_models(table: schema.Table) -> None:
    columns = _model_columns()
    assert table.name in columns
    assert set(table.columns) <= columns[table.name], set(table.columns) - columns[table.name]


def test_every_model_table_is_spelled_in_the_schema() -> None:
    assert set(_model_columns()) == {table.name for table in schema.TABLES}


def test_every_column_the_sql_names_is_built_by_the_migrations(ledger: Path, backend: str) -> None:
    url = f"sqlite:///{ledger}" if backend == "sqlite" else os.environ["ZZY_DB"]
    engine = create_engine(url)
    try:
        found = inspect(engine)
        for table in schema.TABLES:
            built = {column["name"] for column in found.get_columns(table.name)}
            assert set(table.columns) <= built, (table.name, set(table.columns) - built)
    finally:
        engine.dispose()


def test_a_column_not_declared_is_refused_when_the_sql_is_written() -> None:
    with pytest.raises(KeyError):
        schema.PERSON.c("fulll")
    assert schema.APPOINTMENT.as_("a").cols("start", "end") == 'a.start, a."end"'


def test_each_person_field_is_declared_once_beside_the_columns() -> None:
    from zzy import text
    from zzy.choices import FIELD_CHOICES
    from zzy.facts import PersonFacts

    declared = [field.key for field in schema.PERSON_FIELDS]
    assert len(declared) == len(set(declared))
    assert ["id", *declared] == list(models.table_of(models.Person).columns.keys())
    assert set(PersonFacts._fields) <= set(declared)
    assert {field.kind for field in schema.PERSON_FIELDS} <= {*text.RULES, *FIELD_CHOICES, schema.DATE, schema.FLAG}


def test_the_schema_version_is_the_newest_migration_s_revision() -> None:
    from alembic.script import ScriptDirectory

    from zzy import migrations
    from zzy.location import SCHEMA_VERSION

    scripts = ScriptDirectory.from_config(migrations.config(None))
    assert scripts.get_current_head() == migrations.revision_of(SCHEMA_VERSION)
    for script in scripts.walk_revisions():
        assert Path(script.path).name.startswith(f"{script.revision}_")
