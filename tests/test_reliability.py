"""Issue 6: concurrent writers, crashes, hostile input, private data, doctor."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Zzy, audit_count

SPEC_EXIT_CODES = {0, 1, 2, 3, 4}


# -- doctor ---------------------------------------------------------------------------------

def test_doctor_clean_ledger(ok: Zzy, college: Path) -> None:
    ok("appoint T001 jd --kind full --rank section --on 2024-03-01")
    result = ok("doctor --format json")
    assert result.json() == {"ok": True, "problems": [], "accepted": []}


@pytest.mark.sqlite_only
def test_doctor_reports_overrides_and_old_data(ok: Zzy, zzy: Zzy, college: Path) -> None:
    ok("appoint T003 jd --kind full --rank section --on 2024-03-01 --override 特批")
    with sqlite3.connect(college) as raw:  # old data, written before zzy checked art. 19
        raw.execute("insert into appointment (person_id, org_id, kind, rank, start, promoted) "
                    "values (3, 3, 'full', 'none', '2024-06-01', 0)")
    result = zzy("doctor --format json")
    assert result.exit_code == 1
    checks = {(p["check"], p["article"]) for p in result.json()["problems"]}
    assert checks == {("one_full_time_post", 19)}
    accepted = {(p["check"], p["article"]) for p in result.json()["accepted"]}
    assert ("override", 11) in accepted or ("override", 12) in accepted
    assert "第十九条" in zzy("doctor").stdout


@pytest.mark.sqlite_only
def test_doctor_on_a_corrupt_file(zzy: Zzy, ledger_path: Path) -> None:
    ledger_path.write_bytes(b"SQLite format 3\x00" + os.urandom(4096))
    result = zzy("doctor")
    assert result.exit_code == 4 and result.stderr.startswith("错误: ")


# -- concurrent writers ----------------------------------------------------------------------

WRITER = """
import sys
from typer.testing import CliRunner
from zzy.cli import app
runner = CliRunner()
tag, count = sys.argv[1], int(sys.argv[2])
for i in range(count):
    result = runner.invoke(app, ["person", "add", f"{tag}{i:03d}", "并发", "--joined", "2010-01-01"])
    if result.exit_code != 0:
        print(result.stderr, file=sys.stderr)
        sys.exit(result.exit_code)
"""


def test_concurrent_writers_keep_every_record(ok: Zzy, ledger: Path) -> None:
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, tag, "40"], stderr=subprocess.PIPE, text=True)
               for tag in ("A", "B", "C", "D")]
    readers = 0
    while any(w.poll() is None for w in writers):
        ok("remind --format json")  # a cron job reading meanwhile
        readers += 1
    for writer in writers:
        assert writer.wait() == 0, writer.stderr.read() if writer.stderr else ""
    people = ok("person list --format json").json()
    assert len(people) == 160
    assert len(ok("log --format json").json()) == 160
    assert readers > 0


@pytest.mark.sqlite_only
def test_locked_too_long_exits_4(zzy: Zzy, ledger: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from zzy import location

    monkeypatch.setattr(location, "BUSY_TIMEOUT_SECONDS", 0.2)
    blocker = sqlite3.connect(ledger, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        result = zzy("org add jd 机电")
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert result.exit_code == 4
    assert "正被其他程序占用" in result.stderr


# -- crashes ---------------------------------------------------------------------------------

@pytest.mark.sqlite_only
def test_import_killed_halfway_leaves_the_ledger_as_before(ok: Zzy, ledger: Path, tmp_path: Path) -> None:
    ok("person add T001 张三 --joined 2015-06-01")
    big = tmp_path / "big.csv"
    lines = ["工号,姓名,入党日期"] + [f"K{i:06d},人员{i},2015-06-01" for i in range(200_000)]
    big.write_text("\n".join(lines), encoding="utf-8")
    env = {**os.environ, "ZZY_DB": str(ledger)}
    importer = subprocess.Popen([sys.executable, "-m", "zzy", "import", "persons", str(big)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    wal = Path(f"{ledger}-wal")
    while time.monotonic() < deadline and (not wal.exists() or wal.stat().st_size < 1_000_000):
        time.sleep(0.05)  # wait until the import is well into its transaction
    importer.send_signal(signal.SIGKILL)
    assert importer.wait() == -signal.SIGKILL, "the import finished before it could be killed"
    assert [p["staff_no"] for p in ok("person list --format json").json()] == ["T001"]
    assert ok("doctor --format json").json()["ok"] is True
    ok("person add T002 李四 --joined 2015-06-01")  # and it is writable


# -- private data ----------------------------------------------------------------------------

@pytest.mark.sqlite_only
def test_everything_zzy_writes_is_private(ok: Zzy, college: Path, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        outputs = {
            "backup": tmp_path / "b.db", "export": tmp_path / "e.json",
            "roster": tmp_path / "r.xlsx", "template": tmp_path / "t.xlsx", "csv": tmp_path / "r.csv",
        }
        ok(["backup", str(outputs["backup"])])
        ok(["export", str(outputs["export"])])
        ok(["roster", "--format", "xlsx", "--output", str(outputs["roster"])])
        ok(["template", "persons", "--output", str(outputs["template"])])
        ok(["roster", "--format", "csv", "--output", str(outputs["csv"])])
        outputs["csv"].chmod(0o644)
        ok(["roster", "--format", "csv", "--output", str(outputs["csv"]), "--force"])  # replaced: private too
    finally:
        os.umask(old)
    for name, path in {**outputs, "ledger": college}.items():
        assert path.stat().st_mode & 0o777 == 0o600, name


# -- hostile input ---------------------------------------------------------------------------

HOSTILE_TEXT = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40),
    st.sampled_from(["", " ", "'; DROP TABLE person; --", "\u202e反向\u202c", "../../etc/passwd", "-1", "0",
                     "2024-02-30", "9999-12-31", "1900-01-01", "20240229", "2024年13月1日", "=1+1", "[red]x[/red]",
                     "x" * 5000, "T001", "jd", "dw", "full", "专职", "section", "--help", "-q", "\t\n"]),
)

COMMANDS = [
    "org add {0} {1}", "org add {0} {1} --kind {2}", "org rename {0} {1}", "org dissolve {0} --on {1}",
    "person add {0} {1} --joined {2}", "person add {0} {1} --joined {2} --full {3}",
    "person edit {0} --name {1}", "person edit {0} --full {1}", "person show {0}", "work add {0} --from {1} --to {2}",
    "appoint {0} {1} --kind {2} --rank {3} --on {4}", "leave {0} --on {1}", "trial {0} --result {1} --on {2}",
    "rotate {0} {1} --on {2}", "check {0} --as-of {1}", "remind --within {0} --as-of {1}", "roster --year {0}",
    "training add --on {0} --title {1}", "training attend {0} {1}", "report add {0} --on {1}",
    "target add {0} --title {1} --due {2}", "target assess {0} --result {1} --on {2}",
    "assess {0} --year {1} --grade {2}", "commend {0} --on {1} --title {2}", "summary --year {0}",
    "config set {0} {1}", "log --limit {0}", "person list --format {0}",
]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(template=st.sampled_from(COMMANDS), values=st.lists(HOSTILE_TEXT, min_size=5, max_size=5))
def test_hostile_arguments_never_crash_or_half_write(zzy: Zzy, college: Path, template: str,
                                                     values: list[str]) -> None:
    args = [part.format(*values) if "{" in part else part for part in template.split(" ")]
    before = audit_count(zzy)
    result = zzy(args)
    assert result.exit_code in SPEC_EXIT_CODES, result
    assert result.exception is None or isinstance(result.exception, SystemExit), result
    assert "Traceback" not in result.stdout + result.stderr
    if result.exit_code != 0:
        assert result.stderr.startswith("错误: ") or result.exit_code == 1, result
        assert audit_count(zzy) == before


# -- write conflicts on a server (SERIALIZABLE) ---------------------------------------------

def test_a_write_that_conflicts_is_run_again(ledger: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from zzy import db
    from zzy.location import Patience

    monkeypatch.setattr(db.time, "sleep", lambda _: None)
    opened = db.Ledger.open(ledger, Patience(0.3))  # the retries of a write that always conflicts end with it
    calls = []

    def action(session: object) -> str:
        calls.append(session)
        if len(calls) < 3:
            raise db._Conflict()
        return "done"

    assert opened.write(db.Invocation("zzy test", "tester"), action) == "done"
    assert len(calls) == 3

    def always(session: object) -> None:
        raise db._Conflict()

    with pytest.raises(db.LedgerUnusable) as refused:
        opened.write(db.Invocation("zzy test", "tester"), always)
    assert refused.value.exit_code == 4 and "重试" in refused.value.message
    opened.dispose()
