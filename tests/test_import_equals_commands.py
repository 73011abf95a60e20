"""An import is the single commands, row by row (SPEC section 9, issue 24).

A ledger is generated (seeded, a few hundred rows) with bad rows put in on purpose: a 工号 given twice, a
second 学院党委, 转正 before 入党, a date not in the calendar, an event after today, a span that ends
before it begins, an unknown person or org, a second full-time post (第十九条), an appointment that does not
meet 第十二条 without a special approval, a row with two bad cells (both told, where the command stops at
the first).  Each row is entered once by its own command (``org add``,
``org dissolve``, ``person add``, ``work add``, ``appoint``) into one ledger, and the whole file imported
into another: the import refuses exactly the rows the commands refused, saying for each what the command
said; with those rows taken out it imports, and the two ledgers are then the same, record for record
(their exports but for the audit log).
"""

from __future__ import annotations

import csv
import json
import random
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import Result, Zzy, drop_pg_database, fresh_pg_database

TODAY = date(2026, 6, 1)
KIND_LABEL = {"full": "专职", "part": "兼职"}
RANK_LABEL = {"none": "无", "deputy-section": "副科级", "section": "正科级"}

Row = dict[str, str]


def _day(rng: random.Random, first: int, last: int) -> date:
    start = date(first, 1, 1)
    return start + timedelta(days=rng.randrange((date(last, 12, 31) - start).days))


def generated() -> dict[str, list[Row]]:
    """The four files of a small college's migration, in the template's columns, with bad rows among them."""
    rng = random.Random(24)
    orgs = [{"代码": "dw", "名称": "学院党委", "类型": "学院党委", "撤销日期": ""}]
    orgs += [{"代码": f"g{i:02d}", "名称": f"第{i}党支部", "类型": "基层党组织",
              "撤销日期": "2020-06-30" if i == 18 else ""} for i in range(1, 19)]
    orgs.insert(5, {"代码": "g03", "名称": "重复的支部", "类型": "基层党组织", "撤销日期": ""})  # code given twice
    orgs.insert(9, {"代码": "dw2", "名称": "第二个党委", "类型": "学院党委", "撤销日期": ""})  # a second committee

    persons = []
    for i in range(1, 81):
        joined = _day(rng, 1995, 2022)
        persons.append({"工号": f"P{i:03d}", "姓名": f"人员{i % 70}", "入党日期": joined.isoformat(),
                        "转正日期": (joined + timedelta(days=366)).isoformat()})
    persons[10]["转正日期"] = "2001-01-01"; persons[10]["入党日期"] = "2005-03-01"  # 转正 before 入党  # noqa: E702
    persons[20]["入党日期"] = "2020-02-30"  # not in the calendar
    persons[30]["入党日期"], persons[30]["转正日期"] = "2026-09-01", ""  # after today
    persons[40]["姓名"] = ""  # no name
    persons[60]["姓名"], persons[60]["入党日期"] = "", "2019-13-01"  # no name, and a month that is not
    persons.insert(50, dict(persons[5], 姓名="重复"))  # 工号 given twice

    work = []
    for i in range(1, 61):
        start = _day(rng, 2000, 2020)
        work.append({"工号": f"P{rng.randrange(1, 81):03d}", "起始日期": start.isoformat(),
                     "截止日期": (start + timedelta(days=rng.randrange(400, 3000))).isoformat(), "说明": f"支部书记{i}"})
    work[7]["工号"] = "X999"  # nobody
    work[17]["截止日期"] = "1999-01-01"  # ends before it begins
    work[27]["起始日期"], work[27]["截止日期"] = "2026-12-01", ""  # begins after today

    appointments = []
    for i in range(1, 91):
        kind = rng.choice(["full", "part", "part"])
        rank = "none" if kind == "part" else rng.choice(["deputy-section", "section"])
        appointments.append({"工号": f"P{rng.randrange(1, 81):03d}", "党组织": f"g{rng.randrange(1, 18):02d}",
                             "类别": KIND_LABEL[kind], "职级": RANK_LABEL[rank],
                             "任职日期": _day(rng, 2021, 2025).isoformat(), "新提拔": "",
                             "试任前职级": "", "特批理由": "党委特批" if i % 3 == 0 else ""})
    appointments[4]["党组织"] = "zz"  # no such org
    appointments[14]["工号"] = "X999"  # nobody
    appointments[24]["试任前职级"] = "副科级"  # a prior rank without a promotion
    appointments[34]["任职日期"] = "2027-01-01"  # after today
    return {"orgs": orgs, "persons": persons, "work": work, "appointments": appointments}


def commands(kind: str, row: Row) -> Iterator[list[str]]:
    """The single commands that enter ``row``, in order."""
    if kind == "orgs":
        yield ["org", "add", row["代码"], row["名称"], "--kind", "committee" if row["类型"] == "学院党委" else "grassroots"]
        if row["撤销日期"]:
            yield ["org", "dissolve", row["代码"], "--on", row["撤销日期"]]
    elif kind == "persons":
        yield ["person", "add", row["工号"], row["姓名"], "--joined", row["入党日期"],
               *(["--full", row["转正日期"]] if row["转正日期"] else [])]
    elif kind == "work":
        yield ["work", "add", row["工号"], "--from", row["起始日期"], "--note", row["说明"],
               *(["--to", row["截止日期"]] if row["截止日期"] else [])]
    else:
        kinds = {label: key for key, label in KIND_LABEL.items()}
        ranks = {label: key for key, label in RANK_LABEL.items()}
        yield ["appoint", row["工号"], row["党组织"], "--kind", kinds[row["类别"]], "--rank", ranks[row["职级"]],
               "--on", row["任职日期"], *(["--prior-rank", ranks[row["试任前职级"]]] if row["试任前职级"] else []),
               *(["--override", row["特批理由"]] if row["特批理由"] else [])]


def write_csv(path: Path, rows: list[Row]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def said(result: Result) -> list[str]:
    """What a refusal says: its problems, else its message (without ``错误:`` and closing punctuation)."""
    lines = result.stderr.splitlines()
    problems = [line.removeprefix("  - ") for line in lines if line.startswith("  - ")]
    return problems or [lines[0].removeprefix("错误: ").rstrip("。::")]  # noqa: B005 (closing punctuation)


def plain(text: str) -> str:
    """A problem without the punctuation between a column's or option's name and the reason."""
    return re.sub(r"[:: 。]", "", text)


def by_staff_no(problem: str) -> str:
    """A person not found, as a file names them (by 工号 only: the command also looks for a name, and
    suggests the nearest; an import of a hundred thousand rows does not, see ``BulkStore.person``)."""
    return problem.split("。")[0] if problem.startswith("没有工号为") else problem


def import_problems(result: Result) -> dict[int, str]:
    """An import's refusal as the problems of each row number (``第N行 列名: …``)."""
    by_row: dict[int, str] = {}
    for line in result.stderr.splitlines():
        found = re.match(r"  - 第(\d+)行 (.*)", line)
        if found:
            by_row[int(found[1])] = by_row.get(int(found[1]), "") + found[2]
    return by_row


def exported(zzy: Zzy, *db: str) -> dict[str, Any]:
    result = zzy([*db, "export", "-"])
    assert result.exit_code == 0, result
    document = json.loads(result.stdout)
    return {key: value for key, value in document.items() if "audit" not in key and key not in ("exported_at",)}


@pytest.fixture
def second_ledger(backend: str, tmp_path: Path) -> Iterator[str]:
    """Another ledger on the test's backend, for the imports."""
    if backend == "sqlite":
        yield str(tmp_path / "imported.db")
        return
    url = fresh_pg_database()
    yield url
    drop_pg_database(url)


def test_import_refuses_what_the_commands_refuse_and_writes_what_they_write(
        zzy: Zzy, ok: Zzy, ledger: Path, second_ledger: str, tmp_path: Path, today: Any) -> None:
    today(TODAY.isoformat())
    other = ["--db", second_ledger]
    ok([*other, "init"])
    refused_rows = 0
    for kind, rows in generated().items():
        refused: dict[int, Result] = {}
        for number, row in enumerate(rows, start=2):  # the header is row 1
            for command in commands(kind, row):
                result = zzy(command)
                if result.exit_code != 0:
                    refused[number] = result
                    break
        result = zzy([*other, "import", kind, str(write_csv(tmp_path / f"{kind}.csv", rows))])
        assert refused, f"the {kind} file was meant to hold bad rows"
        refused_rows += len(refused)
        problems = import_problems(result)
        assert sorted(problems) == sorted(refused), result  # row for row
        unlike = []
        for number, command in refused.items():  # problem for problem
            expected = said(command)
            if "与第" in problems[number] and "重复" in problems[number]:  # a row given twice in one file
                assert "已" in expected[0], (number, command)  # the command: already registered
                continue
            unlike += [(number, fragment, problems[number]) for fragment in map(by_staff_no, expected)
                       if plain(fragment) not in plain(problems[number])]
        assert not unlike
        for number, row in enumerate(rows, start=2):  # a row's every problem, not only the first
            if row.get("工号") == "P061" and kind == "persons":
                assert "姓名: 不能为空" in problems[number] and "入党日期:" in problems[number], problems[number]
        usage_only = all(command.exit_code == 2 for command in refused.values())
        assert result.exit_code == (2 if usage_only else 3), result
        assert "整个文件未导入" in result.stderr
        clean = [row for number, row in enumerate(rows, start=2) if number not in refused]
        ok([*other, "import", kind, str(write_csv(tmp_path / f"{kind}-clean.csv", clean))])
    assert refused_rows >= 15
    assert exported(zzy, *other) == exported(zzy)
