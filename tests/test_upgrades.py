"""Issue 6: a ledger made by an earlier zzy opens in a newer one — copied aside, then migrated."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from conftest import Zzy
from zzy import migrations, models

FIXTURES = Path(__file__).parent / "fixtures"


pytestmark = pytest.mark.sqlite_only


def _old_ledger(path: Path, version: int) -> None:
    """A ledger as zzy at schema ``version`` made it, with a few records."""
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        migrations.upgrade(connection, version)
        connection.exec_driver_sql("INSERT INTO zzy_meta VALUES ('app', 'zzy'), ('schema_version', ?)",
                                   (str(version),))
        connection.exec_driver_sql("INSERT INTO org (code, name, kind) VALUES ('jd', '机电', 'grassroots')")
        connection.exec_driver_sql("INSERT INTO person (staff_no, name, joined, full, in_service) "
                                   "VALUES ('T001', '张三', '2015-06-01', '2016-06-01', 1)")
        connection.exec_driver_sql("INSERT INTO report (person_id, date, special) VALUES (1, '2024-01-01', 0)")
    engine.dispose()
    path.chmod(0o600)  # as zzy made it


def _indexes(path: Path) -> set[str]:
    with sqlite3.connect(path) as raw:
        return {row[0] for row in raw.execute("select name from sqlite_master where type = 'index'")}


def test_the_migrations_build_exactly_the_models(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    engine = create_engine(f"sqlite:///{tmp_path / 'm.db'}")
    with engine.begin() as connection:
        migrations.upgrade(connection, models.SCHEMA_VERSION)
        assert compare_metadata(MigrationContext.configure(connection), SQLModel.metadata) == []


def test_an_older_ledger_is_copied_aside_then_upgraded(zzy: Zzy, tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _old_ledger(path, 1)
    assert "ix_report_date" not in _indexes(path)
    result = zzy(["--db", str(path), "person", "list", "--format", "json"])
    assert result.exit_code == 0
    assert [p["staff_no"] for p in result.json()] == ["T001"]
    aside = tmp_path / f"old.db.{date.today().isoformat()}.v1.bak"
    assert result.stderr.strip() == (f"已将账本 {path} 从结构版本 1 升级到 {models.SCHEMA_VERSION},"
                                     f"升级前的副本: {aside}")
    assert aside.exists() and aside.stat().st_mode & 0o777 == 0o600
    assert "ix_report_date" not in _indexes(aside) and "ix_report_date" in _indexes(path)
    with sqlite3.connect(path) as raw:
        assert raw.execute("select value from zzy_meta where key='schema_version'").fetchone() == (
            str(models.SCHEMA_VERSION),)
        assert raw.execute("select count(*) from report").fetchone() == (1,)
    again = zzy(["--db", str(path), "person", "list"])
    assert again.exit_code == 0 and again.stderr == ""  # upgraded once


def test_a_ledger_from_a_newer_zzy_is_refused(zzy: Zzy, ledger: Path) -> None:
    with sqlite3.connect(ledger) as raw:
        raw.execute("update zzy_meta set value = '99' where key = 'schema_version'")
    result = zzy("person list")
    assert result.exit_code == 4 and "更新版本的 zzy" in result.stderr


#: Every landed release's ledger, made by scripts/release_fixture.py when it was released.
RELEASES = sorted(path.stem.removeprefix("release-") for path in FIXTURES.glob("release-*.db"))


@pytest.mark.parametrize("release", RELEASES)
def test_every_release_ledger_opens_with_every_record(release: str, ok: Zzy, zzy: Zzy, tmp_path: Path) -> None:
    """tests/fixtures/release-<version>.db: each released ledger opens (upgraded where older) with
    every record it held, and its audit chain verifies."""
    copy = tmp_path / "release.db"
    shutil.copy(FIXTURES / f"release-{release}.db", copy)
    copy.chmod(0o600)
    ok(["--db", str(copy), "export", str(tmp_path / "now.json")])
    now = json.loads((tmp_path / "now.json").read_text())
    then = json.loads((FIXTURES / f"release-{release}.json").read_text())
    now.pop("schema_version"), then.pop("schema_version")
    assert now.pop("audit_head")["hash"] == now["audit"][-1]["hash"]  # exports carry the head since 0.5
    then.pop("audit_head", None)
    chain = [(entry["prev_hash"], entry["hash"]) for entry in now["audit"]]
    for entry, was in zip(now["audit"], then["audit"], strict=False):
        if "hash" not in was:  # before schema 3 the log had no chain: the upgrade chains it
            del entry["prev_hash"], entry["hash"]
        if "write_no" not in was:  # before schema 5 entries had no write number: the upgrade gives none
            assert entry.pop("write_no") is None and entry.pop("undoes") is None
    for person in now["persons"] if "out_of_service_on" not in then["persons"][0] else ():  # schema 7 dates an older ledger's status
        left = person.pop("out_of_service_on")
        posts = [a for a in then["appointments"] if a["person_id"] == person["id"]]
        days = [str(date.fromisoformat(a["start"]) + timedelta(days=1)) for a in posts] + [
            a["end"] for a in posts if a["end"]]
        assert left == (None if person["in_service"] else max(days, default=person["joined"]))
    for table in set(now) - set(then):  # a table added since the release (schema 9's profiles, 10's 简历 and photos) is empty
        assert now.pop(table) == [], table
    for table, rows in then.items():  # a column added since the release reads as empty on its records
        if isinstance(rows, list) and rows and isinstance(rows[0], dict) and table != "audit":
            for row, was in zip(now[table], rows, strict=True):
                for added in set(row) - set(was):
                    assert row.pop(added) is None, (table, added)
    assert now == then
    assert [prev for prev, _ in chain] == ["", *(hash_ for _, hash_ in chain[:-1])]
    assert ok(["--db", str(copy), "log", "--verify", "--format", "json"]).json()["head"]["hash"] == chain[-1][1]
    doctor = zzy(["--db", str(copy), "doctor", "--format", "json"])
    assert doctor.exit_code == 0 and doctor.json()["problems"] == []  # the demo's override is an accepted exception
    # one accepted exception per rule the override waives: 0.6.0's ledger judges it by a second profile, two rules
    assert {p["staff_no"] for p in doctor.json()["accepted"]} == {"Z006"}
