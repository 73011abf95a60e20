"""Every test gets its own ledger file (``ZZY_DB`` in ``tmp_path``); CLI tests drive the real app."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from zzy.cli import app

#: A PostgreSQL server to run the suite against as well, e.g.
#: ``postgresql+psycopg://zzy@/postgres?host=/tmp/pg&port=54329`` (a role that may create databases).
PG_URL = os.environ.get("ZZY_TEST_PG_URL")

# the state folder (the audit witness) of anything run before a test's own (session fixtures)
os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="zzy-test-state-")
BACKENDS = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]


def fresh_pg_database() -> str:
    """A new, empty database on the test server; its URL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    assert PG_URL is not None
    name = f"zzy_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


def drop_pg_database(url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    assert PG_URL is not None
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(autouse=True, params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Every CLI test runs on SQLite, and on PostgreSQL too when ``ZZY_TEST_PG_URL`` is set."""
    monkeypatch.setenv("NO_COLOR", "1")
    # the audit witness (zzy.witness) lives in the user's state folder: each test has its own,
    # and no test touches the real home
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv("ZZY_DEBUG", raising=False)
    monkeypatch.delenv("COLUMNS", raising=False)  # tables are as wide as COLUMNS says (else 100)
    monkeypatch.setattr("zzy.layout.TTY_DEVICE", os.devnull)  # nor as wide as the terminal pytest runs in
    if request.param == "sqlite":
        monkeypatch.setenv("ZZY_DB", str(tmp_path / "ledger.db"))
        yield "sqlite"
        return
    if request.node.get_closest_marker("sqlite_only") or not {"zzy", "ok"} & set(request.fixturenames):
        pytest.skip("about SQLite files, or no ledger at all")
    url = fresh_pg_database()
    monkeypatch.setenv("ZZY_DB", url)
    yield "postgresql"
    drop_pg_database(url)


@pytest.fixture
def ledger_path(backend: str, tmp_path: Path) -> Path:
    """Where the test's ledger is: a file for SQLite (a URL, as a Path, for PostgreSQL)."""
    return Path(os.environ["ZZY_DB"]) if backend != "sqlite" else tmp_path / "ledger.db"


class Result:
    """What one run of ``zzy`` printed and returned."""

    def __init__(self, raw: Any) -> None:
        self.exit_code: int = raw.exit_code
        self.stdout: str = raw.stdout
        self.stderr: str = raw.stderr
        self.exception = raw.exception

    def json(self) -> Any:
        return json.loads(self.stdout)

    def __repr__(self) -> str:
        return f"<exit {self.exit_code}\nstdout: {self.stdout}\nstderr: {self.stderr}>"


Zzy = Callable[..., Result]


@pytest.fixture
def zzy() -> Zzy:
    """Run ``zzy`` with a command line (a string, split like a shell would, or a list)."""
    runner = CliRunner()

    def run(command: str | list[str], **kwargs: Any) -> Result:
        args = shlex.split(command) if isinstance(command, str) else command
        return Result(runner.invoke(app, args, **kwargs))

    return run


@pytest.fixture
def ok(zzy: Zzy) -> Zzy:
    """Run ``zzy`` and insist that it succeeded."""

    def run(command: str | list[str], **kwargs: Any) -> Result:
        result = zzy(command, **kwargs)
        assert result.exit_code == 0, result
        return result

    return run


@pytest.fixture(scope="session")
def empty_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One ledger made by the real ``zzy init``, copied for each test that needs an empty one."""
    path = tmp_path_factory.mktemp("template") / "ledger.db"
    result = CliRunner().invoke(app, ["--db", str(path), "init"])
    assert result.exit_code == 0, result.stderr
    return path


@pytest.fixture
def ledger(backend: str, empty_ledger: Path, ledger_path: Path) -> Path:
    """An initialised, empty ledger of the test's own (mode 0600, as init made it)."""
    if backend == "sqlite":
        shutil.copy2(empty_ledger, ledger_path)
    else:
        result = CliRunner().invoke(app, ["init"])
        assert result.exit_code == 0, result.stderr
    return ledger_path


@pytest.fixture
def college(ok: Zzy, ledger: Path) -> Path:
    """A small ledger: the committee, two grassroots orgs, three people."""
    ok("org add dw 学院党委 --kind committee")
    ok("org add jd 机电工程学院党总支")
    ok("org add xx 信息工程学院党总支")
    ok("person add T001 张三 --joined 2015-06-01 --full 2016-06-01")
    ok("person add T002 李四 --joined 2020-06-01 --full 2021-06-01")
    ok("person add T003 王五 --joined 2010-03-01 --full 2011-03-01 --not-in-service --on 2011-09-01")
    ok("work add T001 --from 2016-09-01 --to 2020-08-31 --note 支部书记")
    return ledger


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Set the date the runs of this test take as today (``today("2025-07-01")``): the test clock.

    Only the suite can set it (``zzy.dates._TEST_TODAY``); the audit log's times keep the real clock."""
    from datetime import date

    from zzy import dates

    def set_today(day: str) -> None:
        monkeypatch.setattr(dates, "_TEST_TODAY", date.fromisoformat(day))

    return set_today


def pytest_report_header() -> str:
    """Which zzy the suite tests: the installed package, or the working tree (``PYTHONPATH=src``)."""
    import zzy

    return f"zzy under test: {Path(zzy.__file__).parent}"


#: The papers' fields of a person (SPEC section 13), empty: in every person row of a list's CSV and JSON.
PAPER_KEYS = ("gender", "birth", "ethnicity", "native_place", "birthplace", "work_start", "health", "title",
              "specialty", "edu_full", "school_full", "edu_job", "school_job", "current_post")
NO_PAPERS = dict.fromkeys(PAPER_KEYS)
#: … as the CSV header's and a row's tail.
PAPER_HEADER = "," + ",".join(PAPER_KEYS)
PAPER_CELLS = "," * len(PAPER_KEYS)


def audit_count(zzy: Zzy) -> int:
    return len(zzy("log --format json").json())
