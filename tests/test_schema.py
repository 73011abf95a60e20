"""The schema spelled once (SPEC section 2): the read SQL's tables and columns are the models' and the migrations'."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect
from sqlmodel import SQLModel

from conftest import Zzy
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


# -- the registry of record kinds (schema.RECORDS) is what the models and the migrations build -----------

#: The Python type of the column each kind of field is stored in (a text where not named).
_STORED: dict[str, type] = {schema.DATE: date, schema.FLAG: bool, schema.NUMBER: int, schema.REFERENCE: int,
                           schema.IMAGE: bytes}


def _indexes(table: object) -> tuple[set[tuple[str, ...]], set[tuple[str, ...]]]:
    """A table's plain indexes, and the column sets no two rows may share (unique index, constraint, key)."""
    from sqlalchemy import Table, UniqueConstraint

    assert isinstance(table, Table)
    plain = {tuple(c.name for c in index.columns) for index in table.indexes if not index.unique}
    unique = {tuple(c.name for c in index.columns) for index in table.indexes if index.unique}
    unique |= {tuple(c.name for c in constraint.columns) for constraint in table.constraints
               if isinstance(constraint, UniqueConstraint)}
    unique.add(tuple(c.name for c in table.primary_key.columns))
    return plain, unique


@pytest.mark.parametrize("kind", schema.RECORDS, ids=lambda kind: kind.key)
def test_each_record_kind_is_the_model_the_registry_declares(kind: schema.RecordKind) -> None:
    """Columns in order, each of its field's type and nullability, references as foreign keys, indexes."""
    table = SQLModel.metadata.tables[kind.table.name]
    assert list(table.columns.keys()) == list(kind.table.columns)
    for field in kind.fields:
        column = table.columns[field.key]
        stored = getattr(column.type, "impl_instance", column.type)  # SQLModel's AutoString decorates a String
        assert stored.python_type is _STORED.get(field.kind, str), field
        assert column.nullable == (not field.required and field.default is None), field
        targets = {key.target_fullname for key in column.foreign_keys}
        assert targets == ({f"{schema.RECORD[field.reference].table.name}.id"} if field.reference else set()), field
    plain, unique = _indexes(table)
    assert plain == set(kind.indexed)
    assert unique == {("id",), kind.unique} - {()} if kind.numbered else unique == {kind.unique}


def test_every_model_table_of_records_is_a_declared_record_kind() -> None:
    records = {kind.table.name for kind in schema.RECORDS}
    # the rules profile's versions (SPEC 12) are the rules a ledger judges by, not records of its organizers
    assert set(_model_columns()) - records == {schema.META.name, schema.AUDIT.name, schema.AUDIT_HEAD.name,
                                               schema.RULES_PROFILE.name}


def test_every_choice_and_reference_the_registry_names_exists() -> None:
    from zzy.choices import NAMED

    for kind in schema.RECORDS:
        for field in kind.fields:
            assert (field.kind == schema.CHOICE) <= (field.choices in NAMED), field
            assert (field.choices is None) or field.choices in NAMED, field
            assert (field.kind == schema.REFERENCE) == (field.reference in schema.RECORD), field


def _modelled(name: str | None, kind: str, _parents: object) -> bool:
    """The tables of the models (a server's ledger also holds the server's own: its access grants, its note
    of a write's pending audit entries)."""
    return kind != "table" or name in SQLModel.metadata.tables


def test_the_migrations_build_the_models_by_type_nullability_and_index(zzy: Zzy, ledger: Path, backend: str) -> None:
    """Alembic's own comparison of the migrated ledger with the models finds nothing to change (on SQLite and,
    ``zzy`` asking for it, on PostgreSQL)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    url = f"sqlite:///{ledger}" if backend == "sqlite" else os.environ["ZZY_DB"]
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True, "include_name": _modelled})
            assert compare_metadata(context, SQLModel.metadata) == []
    finally:
        engine.dispose()


def test_the_server_tells_each_record_kind_by_its_audit_names() -> None:
    """On PostgreSQL the server writes an ``untold`` entry for a table whose rows changed with no entry of
    its kinds: each record kind's table is audited there, told by (at least) the entity names the registry
    gives its entries."""
    from zzy import server_audit

    for kind in schema.RECORDS:
        assert kind.table.name in server_audit.AUDITED
        assert set(kind.audit) <= set(server_audit.TOLD_BY[kind.table.name]), kind
