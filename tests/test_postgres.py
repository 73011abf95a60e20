"""Issue 8: the same zzy on a PostgreSQL server — the same answers, the same guarantees."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import PG_URL, Zzy, drop_pg_database, fresh_pg_database

needs_server = pytest.mark.skipif(PG_URL is None, reason="set ZZY_TEST_PG_URL to a PostgreSQL server")

SESSION = [
    "init",
    "org add dw 学院党委 --kind committee", "org add jd 机电工程学院党总支", "org add xx 信息工程学院党总支",
    "person add T001 张三 --joined 2015-06-01 --full 2016-06-01",
    "person add T002 李四 --joined 2019-06-01 --full 2020-06-01",
    "person add T003 王五 --joined 2008-03-01 --full 2009-03-01 --not-in-service",
    "work add T001 --from 2016-09-01 --to 2020-08-31",
    "appoint T001 jd --kind full --rank section --on 2024-02-29 --promoted --prior-rank deputy-section",
    "appoint T003 dw --kind full --rank none --on 2015-01-01",
    "appoint T002 xx --kind part --rank none --on 2024-06-01",
    "trial T001 --result pass --on 2025-02-28",
    "training add --on 2025-05-20 --title 业务培训", "training attend 1 T001 T002",
    "report add T001 --on 2025-06-30", "target add T001 --title 发展党员 --due 2025-12-31 --quantity 10名",
    "assess T002 --year 2024 --grade incompetent", "commend T001 --on 2025-07-01 --title 优秀组织员",
]
QUERIES = [
    "remind --as-of 2025-11-01 --format json", "roster --year 2025 --format json", "summary --year 2025 --format json",
    "check T001 --as-of 2025-11-01 --format json", "person show T001 --as-of 2025-11-01 --format json",
    "org list --format json", "person list --format csv", "training list --format json", "target list --format json",
    "remind --as-of 2025-11-01 --format csv", "doctor --format json",
]


def _answers(ok: Zzy, db: str) -> dict[str, str]:
    for command in SESSION:
        ok(["--db", db, *command.split()])
    return {query: ok(["--db", db, *query.split()]).stdout for query in QUERIES}


@needs_server
@pytest.mark.sqlite_only  # drives both backends itself
def test_the_same_commands_give_byte_identical_answers(ok: Zzy, tmp_path: Path) -> None:
    on_sqlite = _answers(ok, str(tmp_path / "ledger.db"))
    url = fresh_pg_database()
    try:
        on_server = _answers(ok, url)
    finally:
        drop_pg_database(url)
    for query in QUERIES:
        assert on_server[query] == on_sqlite[query], query
    assert json.loads(on_sqlite[QUERIES[0]])["findings"], "the comparison covers real findings"


@needs_server
def test_audit_log_is_append_only_on_the_server(ok: Zzy, backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("the server's own trigger")
    from sqlalchemy import create_engine, exc, text

    ok("init")
    ok("org add jd 机电")
    engine = create_engine(os.environ["ZZY_DB"])
    for statement in ("UPDATE audit SET \"user\" = 'x'", "DELETE FROM audit", "TRUNCATE audit"):
        with pytest.raises(exc.DBAPIError), engine.begin() as connection:
            connection.execute(text(statement))
    engine.dispose()


@needs_server
def test_server_specific_answers(zzy: Zzy, backend: str, tmp_path: Path) -> None:
    if backend != "postgresql":
        pytest.skip("PostgreSQL only")
    missing = zzy("org list")
    assert missing.exit_code == 4 and "zzy init" in missing.stderr
    assert zzy("init").exit_code == 0
    backup = zzy(["backup", str(tmp_path / "b.db")])
    assert backup.exit_code == 3 and "pg_dump" in backup.stderr
    assert zzy("doctor --format json").exit_code == 0
