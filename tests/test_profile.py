"""SPEC section 12: the rules profile — a college's numbers and citations as a checked TOML file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import Zzy
from zzy import profile
from zzy.profile import ProfileInvalid

OTHER = Path(__file__).parent / "profiles" / "other-college.toml"


def test_the_shipped_profile_is_this_college_s_regulation() -> None:
    shipped = profile.shipped()
    assert shipped.label == "xsbn-vtc@1"
    assert shipped.title == "西双版纳职业技术学院组织员队伍建设管理办法"
    assert (shipped.party_age.years, shipped.party_work.years, shipped.trial.months, shipped.rotation.years,
            shipped.staffing.full_time_per_org, shipped.training.per_year) == (3, 3, 12, 8, 1, 1)
    assert shipped.party_work.ranks == shipped.in_service.ranks == ("deputy-section", "section")
    assert [(s.article, s.cite) for s in (shipped.party_age, shipped.in_service, shipped.trial, shipped.rotation,
                                          shipped.staffing, shipped.one_post, shipped.training)] == [
        (12, "第十二条第(四)项"), (11, "第十一条"), (13, "第十三条"), (20, "第二十条"), (10, "第十条"), (19, "第十九条"),
        (18, "第十八条")]


def test_a_profile_written_as_toml_reads_back_the_same() -> None:
    for one in (profile.shipped(), profile.parse(OTHER.read_text(encoding="utf-8"))):
        assert profile.parse(profile.to_toml(one)) == one


def _problems(text: str) -> list[str]:
    with pytest.raises(ProfileInvalid) as invalid:
        profile.parse(text, source="x.toml")
    return [str(problem) for problem in invalid.value.found]


SHIPPED = profile.shipped_text()

def line(text: str, snippet: str) -> int:
    """The number of the first line of ``text`` that holds ``snippet`` (as an editor counts)."""
    return next(number for number, content in enumerate(text.splitlines(), start=1) if snippet in content)


def case(why: str, old: str, new: str, *problems: str) -> tuple[str, str, list[str]]:
    """``SHIPPED`` with ``old`` replaced by ``new``; each problem's ``{LINE:snippet}`` is the line of that snippet."""
    text = SHIPPED.replace(old, new, 1)
    assert text != SHIPPED
    return why, text, [re.sub(r"\{LINE:([^}]*)\}", lambda m: str(line(text, m.group(1))), p) for p in problems]


INVALID = [
    case("a number out of range", "years = 8", "years = 21",
         "rotation.years(第{LINE:years = 21}行): 须为 1 到 20 之间的整数,收到 21"),
    case("a number of the wrong type", "months = 12", 'months = "12"',
         "trial.months(第{LINE:months = }行): 须为 0 到 24 之间的整数,收到 「12」"),
    case("true is not a number", "per_year = 1", "per_year = true",
         "training.per_year(第{LINE:per_year}行): 须为 0 到 12 之间的整数,收到 true"),
    case("an unknown rank", 'committee_rank = "deputy-section"', 'committee_rank = "科级"',
         "staffing.committee_rank(第{LINE:committee_rank}行): 须为 none、deputy-section、section 之一,收到 「科级」"),
    case("a rank twice", 'ranks = ["deputy-section", "section"]\narticle = 11', 'ranks = ["section", "section"]\narticle = 11',
         "in_service.ranks(第{LINE:[\"section\", \"section\"]}行): 须为列表,每项是 none、deputy-section、section 之一,不重复,"
         "收到 [「section」, 「section」]"),
    case("an unknown key", "[trial]\n", "[trial]\nlength = 1\n", "trial.length(第{LINE:length = 1}行): 不认识的键"),
    case("a missing key", 'cite = "第二十条"\n', "", "rotation.cite(第{LINE:[rotation]}行): 缺少此键"),
    case("a missing table", "[one_post]", "[one_posts]", "[one_post]: 缺少此表", "one_posts(第{LINE:[one_posts]}行): 不认识的键"),
    case("an id not of a-z 0-9 -", 'id = "xsbn-vtc"', 'id = "XSBN VTC"',
         "id(第{LINE:XSBN VTC}行): 须为 1–32 个小写英文字母、数字或 -,收到 「XSBN VTC」"),
    case("a citation with a line break", 'cite = "第十条"', 'cite = "第十\\n条"',
         "staffing.cite(第{LINE:第十\\n条}行): 须为 1–40 个可打印字符,收到 「第十\n条」"),
    case("not TOML", "years = 3\narticle = 12", "years = \narticle = 12",
         "(TOML)(第{LINE:years = }行): 不是有效的 TOML(检查引号、等号和方括号)"),
]


@pytest.mark.parametrize(("why", "text", "problems"), INVALID, ids=[row[0] for row in INVALID])
def test_a_profile_is_checked_like_any_input_naming_each_key_and_its_line(why: str, text: str,
                                                                          problems: list[str]) -> None:
    assert _problems(text) == problems


def test_every_problem_of_a_file_is_listed_at_once() -> None:
    text = SHIPPED.replace("years = 8", "years = 0").replace("months = 12", "months = 25").replace(
        'version = "1"', 'version = ""')
    assert len(_problems(text)) == 3


def test_differences_name_every_number_and_citation_that_changes() -> None:
    other = profile.parse(OTHER.read_text(encoding="utf-8"))
    changed = dict((key, (old, new)) for key, old, new in profile.differences(profile.shipped(), other))
    assert changed["trial.months"] == (12, 6) and changed["rotation.years"] == (8, 10)
    assert changed["party_work.ranks"] == (("deputy-section", "section"), ("none", "deputy-section", "section"))
    assert changed["staffing.cite"] == ("第十条", "第六条") and changed["id"] == ("xsbn-vtc", "other-college")
    assert profile.differences(profile.shipped(), profile.shipped()) == []


# -- the commands -------------------------------------------------------------------------------


def test_profile_show_gives_every_rule_with_its_number_and_citation(ok: Zzy, ledger: Path) -> None:
    document = ok("profile show --as-of 2026-01-01 --format json").json()
    assert (document["profile"], document["as_of"], document["from"]) == ("xsbn-vtc@1", "2026-01-01", None)
    assert document["party_work"] == {"years": 3, "ranks": ["deputy-section", "section"], "article": 12,
                                      "cite": "第十二条第(四)项"}
    table = ok("profile show --as-of 2026-01-01", env={"COLUMNS": "120"}).stdout
    assert table.splitlines()[0] == "西双版纳职业技术学院组织员队伍建设管理办法(xsbn-vtc@1),2026-01-01 在用。"
    assert "│ trial.months               │ 试用期(月)             │ 12             │ 13 │ 第十三条         │" in table
    assert "副科级、正科级" in table


def test_profile_show_as_toml_is_a_file_check_accepts(ok: Zzy, ledger: Path, tmp_path: Path) -> None:
    target = tmp_path / "本校规定.toml"
    assert ok(["profile", "show", "--format", "toml", "--output", str(target)]).stdout == \
        f"已写入 TOML 文件: {target}\n"
    assert profile.parse(target.read_text(encoding="utf-8")) == profile.shipped()
    assert ok("profile show --format toml").stdout == target.read_text(encoding="utf-8")
    checked = ok(["profile", "check", str(target), "--as-of", "2026-01-01"])
    assert checked.stdout == ("本校规定.toml 有效: 西双版纳职业技术学院组织员队伍建设管理办法(xsbn-vtc@1)。\n"
                              "与 2026-01-01 在用的 xsbn-vtc@1 相比,数值和条款没有不同。\n")


def test_profile_check_shows_what_a_college_s_file_changes(ok: Zzy, zzy: Zzy, ledger: Path, tmp_path: Path) -> None:
    checked = ok(["profile", "check", str(OTHER), "--as-of", "2026-01-01"])
    lines = checked.stdout.splitlines()
    assert lines[0] == "other-college.toml 有效: 某某大学组织员队伍建设实施细则(other-college@2024-1)。"
    assert lines[1] == "与 2026-01-01 在用的 xsbn-vtc@1 相比,有 35 处不同:"  # every key but format
    assert "  trial.months: 12 → 6" in lines and "  party_work.ranks: [deputy-section、section] → " \
        "[none、deputy-section、section]" in lines
    bad = tmp_path / "bad.toml"
    bad.write_text(SHIPPED.replace("years = 8", "years = 21"), encoding="utf-8")
    refused = zzy(["profile", "check", str(bad)])
    assert (refused.exit_code, refused.stdout) == (2, "")
    assert refused.stderr == ("错误: 规则配置文件 bad.toml 有 1 处问题,未采用:\n"
                              f"  - rotation.years(第{line(SHIPPED, 'years = 8')}行): 须为 1 到 20 之间的整数,收到 21\n")
    missing = zzy(["profile", "check", str(tmp_path / "nothing.toml")])
    assert missing.exit_code == 3 and "找不到文件" in missing.stderr
