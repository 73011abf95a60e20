"""Issue 29: what the README promises of the audit log, claim by claim (its section 审计日志能发现什么):
what ``doctor`` finds in the ledger itself, what the witness outside the file finds (zzy.witness),
and what only a head written on paper finds.  Each tampering is done as an attacker with the
``sqlite3`` shell (or ``psql``, as the owner) would do it."""

from __future__ import annotations

import json
import os
import pwd
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from conftest import Zzy
from zzy import audit, audit_terms


def _tamper(path: Path, script: str) -> None:
    with sqlite3.connect(path) as raw:
        raw.executescript(script)
    raw.close()


def _problems(result) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(p["check"], p["message"]) for p in result.json()["problems"]]


def _checks(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [check for check, _ in _problems(result)]


def _head(path: Path) -> tuple[int, str]:
    with sqlite3.connect(path) as raw:
        found = raw.execute("SELECT last_id, hash FROM audit_head").fetchone()
    raw.close()
    return found[0], found[1]


#: Remove the entries after ``{keep}`` and rewind the head to it, putting every trigger back: the
#: chain alone cannot tell.
TAIL_CUT = """
    DROP TRIGGER audit_no_delete; DROP TRIGGER audit_head_is_last;
    DELETE FROM audit WHERE id > {keep};
    UPDATE audit_head SET last_id = {keep}, hash = (SELECT hash FROM audit WHERE id = {keep});
"""


def _cut_tail(path: Path, keep: int) -> None:
    _tamper(path, TAIL_CUT.format(keep=keep) + audit_terms.SQLITE_APPEND_ONLY["audit_no_delete"] + ";"
            + audit_terms.SQLITE_CHAIN["audit_head_is_last"] + ";")


def _forge(path: Path, *, user: str, at: str, command: str) -> None:
    """Append an entry after the head with a correctly computed hash, as zzy would have."""
    number, previous = _head(path)
    entry = {"id": number + 1, "at": at, "user": user, "command": command, "action": "add",
             "entity": "org", "key": "fake", "before": None, "after": '{"code": "fake"}',
             "write_no": number + 1, "undoes": None, "prev_hash": previous}
    entry["hash"] = audit.entry_hash(entry)
    with sqlite3.connect(path) as raw:
        raw.execute(f"INSERT INTO audit ({', '.join(audit.COLUMNS)}) VALUES ({', '.join('?' * len(audit.COLUMNS))})",
                    [entry[name] for name in audit.COLUMNS])
    raw.close()


# -- what doctor finds in the ledger ---------------------------------------------------------------

@pytest.mark.sqlite_only
def test_doctor_finds_an_entry_edited_in_the_middle(zzy: Zzy, college: Path) -> None:
    _tamper(college, "DROP TRIGGER audit_no_update; UPDATE audit SET user = '党委书记' WHERE id = 3;"
            + audit_terms.SQLITE_APPEND_ONLY["audit_no_update"] + ";")
    result = zzy("doctor --format json")
    assert result.exit_code == 1
    assert _problems(result) == [("audit_chain", "第 3 条审计记录的内容与其哈希不符: 这条记录被改动过。")]


@pytest.mark.sqlite_only
def test_doctor_finds_an_entry_deleted_in_the_middle(zzy: Zzy, college: Path) -> None:
    _tamper(college, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 4;"
            + audit_terms.SQLITE_APPEND_ONLY["audit_no_delete"] + ";")
    result = zzy("doctor --format json")
    assert result.exit_code == 1
    assert _problems(result) == [
        ("audit_chain", "第 5 条审计记录接不上第 3 条: 两者之间的记录被删除,或这条记录被插入到了错误的位置。")]


@pytest.mark.sqlite_only
def test_doctor_names_an_extra_trigger_that_silences_the_log(ok: Zzy, zzy: Zzy, college: Path) -> None:
    """The issue's attack: every protecting trigger stays, one more swallows each new entry."""
    _tamper(college, "CREATE TRIGGER quiet BEFORE INSERT ON audit BEGIN SELECT RAISE(IGNORE); END;")
    before = len(ok("log --format json").json())
    ok("person add T009 赵六 --joined 2015-06-01")
    assert len(ok("log --format json").json()) == before  # the write went unaudited
    result = zzy("doctor --format json")
    assert result.exit_code == 1
    assert _problems(result) == [(
        "audit_triggers", "审计日志上多出了不是 zzy 建立的触发器 quiet: 它可能让写入不留审计记录,"
                          "或改变日志的内容。请查明来历后删除(DROP TRIGGER quiet)。")]


@pytest.mark.sqlite_only
def test_doctor_names_extra_views_indexes_and_triggers_writing_to_the_log(zzy: Zzy, college: Path) -> None:
    _tamper(college, """
        CREATE VIEW audit_clean AS SELECT * FROM audit WHERE user <> 'x';
        CREATE INDEX ix_audit_at ON audit (at);
        CREATE TRIGGER "sneaky" AFTER INSERT ON person BEGIN UPDATE audit_head SET hash = hash; END;
        CREATE TRIGGER harmless AFTER INSERT ON person BEGIN SELECT 1; END;
    """)
    result = zzy("doctor --format json")
    assert result.exit_code == 1
    named = [message.split(":")[0] for check, message in _problems(result) if check == "audit_triggers"]
    assert named == ["审计日志上多出了不是 zzy 建立的触发器 sneaky", "审计日志上多出了不是 zzy 建立的索引 ix_audit_at",
                     "审计日志上多出了不是 zzy 建立的视图 audit_clean"]


@pytest.mark.sqlite_only
def test_doctor_names_a_dropped_trigger_and_a_changed_one(zzy: Zzy, college: Path) -> None:
    _tamper(college, "DROP TRIGGER audit_in_order; DROP TRIGGER audit_no_update;"
                     "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit WHEN 0 BEGIN SELECT 1; END;"
                     "DROP INDEX ix_audit_undoes;")
    result = zzy("doctor --format json")
    assert result.exit_code == 1
    assert _problems(result) == [
        ("audit_triggers", "保护审计日志的触发器 audit_no_update 被改动过。"),
        ("audit_triggers", "保护审计日志的触发器 audit_in_order 不存在(可能被 DROP TRIGGER 删除)。"),
        ("audit_triggers", "保护审计日志的索引 ix_audit_undoes 不存在(可能被 DROP INDEX 删除)。"),
    ]


# -- what the witness outside the file finds ----------------------------------------------------------

@pytest.mark.sqlite_only
def test_a_tail_deleted_with_the_head_rewound_passes_the_chain_but_not_the_witness(
        zzy: Zzy, college: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    witnessed_head = _head(college)
    _cut_tail(college, keep=4)
    chain = zzy("log --verify --format json")
    result = zzy("doctor --format json")
    assert (chain.exit_code, result.exit_code) == (1, 1)
    message = (f"审计日志比本机的见证短: 见证记录的链头是第 {witnessed_head[0]} 条(短码 {audit.short(witnessed_head[1])}),"
               "账本的日志只到第 4 条。末尾的记录被删除了。")
    assert _problems(result) == [("audit_witness", message)]  # the chain itself is whole
    assert _problems(chain) == [("audit_witness", message)]
    # without this computer's witness (another user, another computer) nothing shows: only paper
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "elsewhere"))
    assert zzy("doctor --format json").exit_code == 0


@pytest.mark.sqlite_only
def test_writes_after_a_cut_tail_never_wipe_the_finding(ok: Zzy, zzy: Zzy, college: Path) -> None:
    """The cut is written over with new entries up to and past the witnessed number: the entry
    there has another hash, and the witness does not move on over it."""
    witnessed_head = _head(college)
    _cut_tail(college, keep=4)
    for code in ("a1", "a2", "a3", "a4", "a5"):
        ok(f"org add {code} 党支部{code}")
    result = zzy("doctor --format json")
    assert result.exit_code == 1
    assert _checks(result) == ["audit_witness"]
    assert _problems(result)[0][1].startswith(f"第 {witnessed_head[0]} 条审计记录与本机见证记录的不同"
                                              f"(见证: 短码 {audit.short(witnessed_head[1])};账本: 短码 ")


@pytest.mark.sqlite_only
def test_a_forged_tail_entry_in_place_of_the_last_is_found_by_the_witness(zzy: Zzy, college: Path) -> None:
    number, _ = _head(college)
    _cut_tail(college, keep=number - 1)
    _forge(college, user="党委书记", at="2020-01-01T00:00:00+00:00", command="zzy org add fake 伪造")
    assert _head(college)[0] == number
    assert zzy("log --verify").exit_code == 1
    result = zzy("doctor --format json")
    assert result.exit_code == 1
    assert _checks(result) == ["audit_witness"]
    assert _problems(result)[0][1].startswith(f"第 {number} 条审计记录与本机见证记录的不同")


@pytest.mark.sqlite_only
def test_a_forged_entry_appended_after_the_last_write_is_named_not_proved(zzy: Zzy, college: Path) -> None:
    """A witness cannot tell an appended forgery from another computer's write to the same file:
    doctor names the entries it never saw (with user and date) on stderr and exits 0."""
    number, _ = _head(college)
    _forge(college, user="党委书记", at="2020-01-01T00:00:00+00:00", command="zzy org add fake 伪造")
    result = zzy("doctor --format json")
    assert result.exit_code == 0
    assert (f"注意: 见证之后的 第 {number + 1} 条(党委书记,2020-01-01)不是本机的 zzy 写入的: "
            "若这个账本只在本机使用,请核对它们是否伪造。") in result.stderr


@pytest.mark.sqlite_only
def test_a_rewrite_of_the_ledger_and_of_the_witness_shows_only_against_paper(
        ok: Zzy, zzy: Zzy, college: Path) -> None:
    """What the README says only a head on paper finds: the ledger and this computer's witness
    both rewritten.  ``log --verify`` still prints the head, whose short form differs from paper's."""
    from zzy import witness

    paper = ok("log --verify --format json").json()["head"]
    _cut_tail(college, keep=paper["id"] - 1)
    _forge(college, user="党委书记", at="2020-01-01T00:00:00+00:00", command="zzy org add fake 伪造")
    witness.witness_path().unlink()
    ok("log --verify")  # no witness here: it starts one from the forged head (stderr says so)
    now = ok("log --verify --format json").json()["head"]
    assert now["id"] == paper["id"] and now["short"] != paper["short"]


@pytest.mark.sqlite_only
def test_a_copied_ledger_without_a_witness_is_said_not_failed(ok: Zzy, zzy: Zzy, college: Path,
                                                              tmp_path: Path) -> None:
    copy = tmp_path / "elsewhere" / "ledger.db"
    copy.parent.mkdir()
    shutil.copy2(college, copy)
    first = ok(["--db", str(copy), "doctor"])
    number, _ = _head(copy)
    assert ("注意: 本机没有这个账本的链头见证(账本是复制、移动或恢复来的,或在本机还没有写入过):"
            f"无法核对日志末尾;已从现在的链头(第 {number} 条)开始见证。") in first.stderr
    assert "见证" not in ok(["--db", str(copy), "doctor"]).stderr  # witnessed from then on
    _cut_tail(copy, keep=3)
    assert _checks(zzy(["--db", str(copy), "doctor", "--format", "json"])) == ["audit_witness"]


def test_each_write_notes_the_head_in_the_users_state_folder(ok: Zzy, college: Path, backend: str) -> None:
    from zzy import witness

    lines = witness.lines()
    path = witness.witness_path()
    assert path.parent == Path(os.environ["XDG_STATE_HOME"]) / "zzy"  # the test's own, not the home's
    assert path.stat().st_mode & 0o777 == 0o600
    head = ok("log --verify --format json").json()["head"]
    newest = max(lines, key=lambda line: line.head)
    assert (newest.head, newest.hash) == (head["id"], head["hash"])
    assert newest.ledger == (str(college.resolve()) if backend == "sqlite" else audit.without_passwords(os.environ["ZZY_DB"]))
    assert len(newest.ledger_id) == 36  # the id init gave the ledger (zzy_meta.ledger_id)
    assert len(lines) == 7  # one a write


@pytest.mark.sqlite_only
def test_the_witness_file_is_compacted_to_a_line_a_ledger(ok: Zzy, college: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from zzy import witness

    monkeypatch.setattr(witness, "COMPACT_AT", 600)
    ok("org add a1 党支部一")
    ok("org add a2 党支部二")
    assert len(witness.lines()) <= 4
    assert max(line.head for line in witness.lines()) == _head(college)[0]


def test_a_server_log_cut_at_the_end_is_found_by_the_witness(zzy: Zzy, college: Path, backend: str) -> None:
    """On PostgreSQL the owner can do what the file's owner can: disable the triggers, delete the
    newest entries and rewind the head.  The chain cannot tell; this computer's witness can."""
    if backend != "postgresql":
        pytest.skip("the server's part (the SQLite one is above)")
    engine = create_engine(os.environ["ZZY_DB"])
    with engine.begin() as connection:
        for statement in ("ALTER TABLE audit DISABLE TRIGGER USER", "ALTER TABLE audit_head DISABLE TRIGGER USER",
                          "DELETE FROM audit WHERE id > 4",
                          "UPDATE audit_head SET last_id = 4, hash = (SELECT hash FROM audit WHERE id = 4)",
                          "ALTER TABLE audit ENABLE TRIGGER USER", "ALTER TABLE audit_head ENABLE TRIGGER USER"):
            connection.execute(text(statement))
    engine.dispose()
    result = zzy("doctor --format json")
    assert result.exit_code == 1
    assert _checks(result) == ["audit_witness"]
    assert _problems(result)[0][1].startswith("审计日志比本机的见证短: 见证记录的链头是第 7 条")


# -- backup and export carry the head ----------------------------------------------------------------

@pytest.mark.sqlite_only
def test_a_backup_says_its_head_and_is_witnessed_where_it_lies(ok: Zzy, zzy: Zzy, college: Path,
                                                               tmp_path: Path) -> None:
    copy = tmp_path / "backup.db"
    number, hash_ = _head(college)
    result = ok(["backup", str(copy)])
    assert f"备份的审计链头: 第 {number} 条,短码 {audit.short(hash_)}" in result.stdout
    assert "见证" not in ok(["--db", str(copy), "doctor"]).stderr  # the backup was witnessed
    _cut_tail(copy, keep=2)
    assert _checks(zzy(["--db", str(copy), "doctor", "--format", "json"])) == ["audit_witness"]


def test_an_export_carries_the_head_and_restore_compares_it(ok: Zzy, zzy: Zzy, college: Path,
                                                            tmp_path: Path) -> None:
    out = tmp_path / "ledger.json"
    head = ok("log --verify --format json").json()["head"]
    assert f"导出的审计链头: 第 {head['id']} 条,短码 {head['short']}" in ok(["export", str(out)]).stdout
    doc = json.loads(out.read_text())
    assert doc["audit_head"] == head
    doc["audit"] = doc["audit"][:-2]  # the newest entries cut from the file
    out.write_text(json.dumps(doc, ensure_ascii=False))
    target = tmp_path / "fresh.db"
    ok(["--db", str(target), "init"])
    refused = zzy(["--db", str(target), "restore", str(out)])
    assert refused.exit_code == 3
    assert f"audit_head: 导出时的链头是第 {head['id']} 条,而文件中的审计记录到第 {head['id'] - 2} 条为止" in refused.stderr


# -- who wrote --------------------------------------------------------------------------------------

def test_the_audit_user_is_the_accounts_not_what_logname_says(ok: Zzy, college: Path, backend: str) -> None:
    ok("report add T001 --on 2026-01-05 --topic 述职", env={"LOGNAME": "党委书记", "USER": "党委书记",
                                                         "USERNAME": "党委书记", "LNAME": "党委书记"})
    newest = ok("log --limit 1 --format json").json()[0]
    assert newest["user"] != "党委书记"
    if backend == "sqlite":
        assert newest["user"] == pwd.getpwuid(os.getuid()).pw_name
