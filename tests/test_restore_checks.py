"""Issue 13 (SPEC 11): ``restore`` runs every check the single commands make, on every record,
and refuses a failing document whole (exit 3), listing each problem; its chain verifies."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import Zzy


@pytest.fixture
def exported(ok: Zzy, college: Path, tmp_path: Path) -> dict[str, Any]:
    """The college with a post, a training and a target, as ``export`` writes it."""
    ok("appoint T001 jd --kind full --rank section --on 2024-03-01 --promoted")
    ok("appoint T002 xx --kind part --rank none --on 2024-06-01")
    ok("training add --on 2025-05-20 --title 培训")
    ok("training attend 1 T001 T002")
    ok("target add T001 --title 发展党员 --due 2025-12-31")
    ok("config set remind_within_days 30")
    out = tmp_path / "ledger.json"
    ok(["export", str(out)])
    return json.loads(out.read_text())


@pytest.fixture
def restore(zzy: Zzy, tmp_path: Path) -> Callable[..., Any]:
    """Restore a document (changed by the test) into a new, empty SQLite ledger; the result."""
    def run(doc: Any, *, raw: str | None = None) -> Any:
        path = tmp_path / "changed.json"
        path.write_text(raw if raw is not None else json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        target = tmp_path / "restored.db"
        for leftover in tmp_path.glob("restored.db*"):
            leftover.unlink()
        assert zzy(["--db", str(target), "init"]).exit_code == 0
        result = zzy(["--db", str(target), "restore", str(path)])
        if result.exit_code != 0:
            assert audit_count_of(zzy, target) == 0  # nothing written
        return result

    return run


def audit_count_of(zzy: Zzy, target: Path) -> int:
    return len(zzy(["--db", str(target), "log", "--format", "json"]).json())


def _refusal(result: Any) -> list[str]:
    """The problems a refusal lists, after its first line."""
    assert result.exit_code == 3, result
    first, *rest = result.stderr.splitlines()
    assert first == "错误: changed.json 未通过检查,没有恢复任何记录:" or first.startswith("错误: changed.json 中的记录违反规定")
    return [line.removeprefix("  - ") for line in rest]


def test_a_bogus_kind_is_refused_naming_the_record(exported: dict, restore: Callable) -> None:
    exported["appointments"][0]["kind"] = "bogus"
    exported["orgs"][1]["kind"] = "party"
    assert _refusal(restore(exported)) == [
        "orgs 第2条 kind: \"party\" 不是有效的党组织类型,可用: committee(学院党委)、grassroots(基层党组织)",
        "appointments 第1条 kind: \"bogus\" 不是有效的类别,可用: full(专职)、part(兼职)",
    ]


def test_mistyped_fields_are_refused_field_by_field(exported: dict, restore: Callable) -> None:
    person = exported["persons"][0]
    person["joined"], person["in_service"], person["id"] = 20150601, "yes", "1"
    exported["persons"][1]["full"] = "2021-02-30"
    exported["targets"][0]["due"] = None
    exported["work"][0]["colour"] = "red"
    problems = _refusal(restore(exported))
    assert problems[:6] == [
        "persons 第1条 id: 应为整数,收到 \"1\"",
        "persons 第1条 joined: 应为日期(如 2024-03-01),收到 20150601",
        "persons 第1条 in_service: 应为 true 或 false,收到 \"yes\"",
        "persons 第2条 full: 日期「2021-02-30」不存在。可用的写法: 2024-03-01、2024/3/1、2024.3.1、20240301、2024年3月1日",
        "work 第1条 colour: 不是这种记录的字段",
        "targets 第1条 due: 不能为空",
    ]


@pytest.mark.parametrize("raw, reason", [
    ("[" * 100_000 + "]" * 100_000, "嵌套层次过深"),
    ('{"format": "zzy-export", "format_version": "1"}', "不是整数"),
    ("[1, 2]", "缺少 format"),
    ("\"zzy-export\"", "缺少 format"),
])
def test_a_document_that_is_no_export_gets_a_chinese_refusal(restore: Callable, ledger: Path, raw: str,
                                                             reason: str) -> None:
    result = restore(None, raw=raw)
    assert result.exit_code == 3 and result.stderr.startswith("错误: changed.json ") and reason in result.stderr
    assert "内部错误" not in result.stderr


def test_tables_and_records_of_the_wrong_shape(exported: dict, restore: Callable) -> None:
    exported["orgs"] = {"dw": exported["orgs"][0]}
    exported["persons"][2] = ["T003"]
    exported["extra"] = []
    problems = _refusal(restore(exported))
    assert problems[:3] == [
        "extra: 不是 zzy 导出文件中的表",
        "orgs: 应为记录的列表,收到 一个对象",
        "persons 第3条: 应为一条记录(JSON 对象),收到 一个列表",
    ]


def test_references_and_duplicates(exported: dict, restore: Callable) -> None:
    exported["appointments"][1]["org_id"] = 99
    exported["persons"][1]["staff_no"] = "T001"
    exported["attendance"].append(dict(exported["attendance"][0]))
    assert _refusal(restore(exported)) == [
        "persons 第2条 staff_no: 与第1条重复(T001)",
        "attendance 第3条 training_id、person_id: 与第1条重复(1、1)",
        "appointments 第2条 org_id: 引用的 orgs 记录 99 不在文件中",
    ]


def test_record_rules_of_the_single_commands(exported: dict, restore: Callable) -> None:
    exported["work"][0]["end"] = "2015-01-01"
    exported["appointments"][1]["prior_rank"] = "none"
    exported["targets"][0]["result"] = "met"
    exported["settings"][0]["value"] = "99999"
    exported["appointments"][0]["end"] = exported["appointments"][0]["start"]
    assert _refusal(restore(exported)) == [  # the fields first, then the rules each record breaks on its own
        "settings 第1条 value: remind_within_days(提前提醒天数)须为 0 到 3650 之间的整数,收到「99999」",
        "work 第1条 end: 党务工作经历的截止日期 2015-01-01 早于起始日期 2016-09-01",
        f"appointments 第1条 end: 离任日期 {exported['appointments'][0]['start']} 须晚于任职日期 "
        f"{exported['appointments'][0]['start']}",
        "appointments 第2条 prior_rank: 试任前职级只用于新提拔的任职",
        "targets 第1条 result: 考核结果与考核日期须同时填写",
    ]


def test_the_regulation_as_doctor_checks_it(exported: dict, restore: Callable) -> None:
    """Art. 19, a post at a dissolved org, a trial result recorded early, eligibility, membership dates."""
    second = dict(exported["appointments"][1], id=3, kind="full", org_id=1, person_id=1, start="2024-09-01")
    exported["appointments"].append(second)
    exported["orgs"][2]["dissolved_on"] = "2024-12-31"
    first = exported["appointments"][0]
    first["trial_result"], first["trial_decided_on"] = "pass", "2024-12-01"
    exported["persons"][1]["full"] = "2020-07-01"  # 李四 joined 2020-06-01: probation of one month
    problems = _refusal(restore(exported))
    assert any("不能同时任两个专职(第十九条)" in p for p in problems)
    assert any("已于 2024-12-31 撤销" in p for p in problems)
    assert any("不能在 2024-12-01 记录(第十三条: 试用期满后考核)" in p for p in problems)
    assert any(p.startswith("persons 第2条 full: 转正日期 2020-07-01") and "党章第七条" in p for p in problems)


def test_eligibility_is_refused_unless_the_post_was_overridden(exported: dict, restore: Callable) -> None:
    exported["persons"][0]["full"] = "2016-06-01"
    exported["persons"][0]["joined"] = "2015-06-01"
    exported["appointments"][0]["start"] = "2017-01-01"  # party age below three years
    assert any("2017-01-01 任职时党龄" in p for p in _refusal(restore(exported)))
    exported["appointments"][0]["override"] = "党委特批"
    assert restore(exported).exit_code == 0


def test_an_audit_entry_changed_in_the_file_is_refused(exported: dict, restore: Callable) -> None:
    exported["audit"][3]["user"] = "somebody"
    assert _refusal(restore(exported)) == [
        "audit: 第 4 条审计记录的内容与其哈希不符: 这条记录被改动过(导出后被改动过,或导出时链已断开)"]


def test_an_export_made_before_the_chain_is_chained_on_restore(exported: dict, restore: Callable, ok: Zzy,
                                                               tmp_path: Path) -> None:
    for entry in exported["audit"]:
        del entry["prev_hash"], entry["hash"]
    assert restore(exported).exit_code == 0
    assert ok(["--db", str(tmp_path / "restored.db"), "log", "--verify", "--format", "json"]).json()["ok"]


def test_a_restored_chain_keeps_the_head_written_on_paper(ok: Zzy, exported: dict, tmp_path: Path) -> None:
    """Both backends: the head noted before export is the restored log's entry of that number."""
    head = ok("log --verify --format json").json()["head"]
    target = tmp_path / "copy.db"
    ok(["--db", str(target), "init"])
    ok(["--db", str(target), "restore", str(tmp_path / "ledger.json")])
    restored = ok(["--db", str(target), "log", "--verify", "--format", "json"]).json()
    assert restored["ok"] and restored["entries"] == head["id"] + 1
    entry = [e for e in json.loads((tmp_path / "ledger.json").read_text())["audit"] if e["id"] == head["id"]][0]
    assert entry["hash"] == head["hash"]
    users = {e["user"] for e in ok(["--db", str(target), "log", "--format", "json"]).json()[1:]}
    assert users == {e["user"] for e in exported["audit"]}  # the restored entries keep their users


def test_a_restore_onto_the_server_keeps_users_and_chain(ok: Zzy, exported: dict, tmp_path: Path,
                                                         backend: str) -> None:
    """On PostgreSQL the chain trigger would make the restoring role the user of every entry."""
    from conftest import drop_pg_database, fresh_pg_database

    path = tmp_path / "ledger.json"
    for entry in exported["audit"]:
        entry["user"] = "clerk-of-old"
    path.write_text(json.dumps(_rechained(exported), ensure_ascii=False), encoding="utf-8")
    target = fresh_pg_database() if backend == "postgresql" else str(tmp_path / "fresh.db")
    try:
        ok(["--db", target, "init"])
        ok(["--db", target, "restore", str(path)])
        ok(["--db", target, "org", "add", "new", "新党组织"])
        log = ok(["--db", target, "log", "--format", "json"]).json()
        assert {e["user"] for e in log[2:]} == {"clerk-of-old"}
        assert [e["action"] for e in log[:2]] == ["add", "restore"]
        assert ok(["--db", target, "log", "--verify", "--format", "json"]).json()["ok"]
    finally:
        if backend == "postgresql":
            drop_pg_database(target)


def _rechained(doc: dict) -> dict:
    from zzy import audit

    entries = [{k: v for k, v in e.items() if k not in ("prev_hash", "hash")} for e in doc["audit"]]
    chained = audit.chained(entries, audit.Head(0, audit.GENESIS))
    head = {"id": chained[-1]["id"], "hash": chained[-1]["hash"]} if chained else {"id": 0, "hash": ""}
    return {**doc, "audit": chained, "audit_head": head}


def test_restore_refusals_list_text_problems(exported: dict, restore: Callable) -> None:
    exported["persons"][0]["name"] = "张\n三"
    exported["orgs"][1]["code"] = "../x"
    exported["trainings"][0]["title"] = "  培训"
    problems = _refusal(restore(exported))
    assert [p.split(":")[0] for p in problems] == ["orgs 第2条 code", "persons 第1条 name", "trainings 第1条 title"]


def test_events_that_cannot_have_happened_yet(exported: dict, restore: Callable) -> None:
    from datetime import date

    later = date.today().replace(year=date.today().year + 2).isoformat()
    exported["trainings"][0]["date"] = later
    exported["work"][0]["start"], exported["work"][0]["end"] = later, None
    exported["assessments"] = [{"id": 1, "person_id": 1, "year": date.today().year + 1, "grade": "competent",
                                "note": None}]
    problems = _refusal(restore(exported))
    assert problems[1:] and "第十二条" in problems[-1]  # the ledger read whole: T001's post now lacks the work span
    assert problems[:-1] == [
        f"work 第1条 start: 党务工作经历的起始日期 {later} 晚于今天 {date.today()},还没有发生的事不能登记",
        f"attendance 第1条 training_id: 培训 #1 的日期 {later} 晚于今天 {date.today()},还没有发生的事不能登记",
        f"attendance 第2条 training_id: 培训 #1 的日期 {later} 晚于今天 {date.today()},还没有发生的事不能登记",
        f"assessments 第1条 year: 考核年度 {date.today().year + 1} 晚于今年 {date.today().year},还没有发生的事不能登记",
    ]


def test_numbers_beyond_the_ledgers_range(exported: dict, restore: Callable) -> None:
    exported["persons"][0]["id"] = 10**30
    assert _refusal(restore(exported))[0] == (
        "persons 第1条 id: 1000000000000000000000000000000 超出范围(应为 1 到 2147483647 之间的整数)")


def test_the_first_releases_export_passes_every_check(ok: Zzy, ledger: Path) -> None:
    """tests/fixtures/release-0.1.0.json (no hashes yet, one post held by special approval)."""
    fixture = Path(__file__).parent / "fixtures" / "release-0.1.0.json"
    ok(["restore", str(fixture)])
    verdict = ok("log --verify --format json").json()
    assert verdict["ok"] and verdict["entries"] == len(json.loads(fixture.read_text())["audit"]) + 1
