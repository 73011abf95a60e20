"""Issue 29 (SPEC 11): invisible characters are told by their Unicode property, not by a list of
examples, and names that render are kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Zzy
from zzy import text

#: Names that look empty, or like another name, on a screen or a printed roster.
INVISIBLE = [
    ("\u3164", "第1个字符是韩文填充符(显示为空白) U+3164"),          # HANGUL FILLER: a name of one filler
    ("张\uffa0三", "第2个字符是韩文填充符(显示为空白) U+FFA0"),
    ("\u115f张三", "第1个字符是韩文填充符(显示为空白) U+115F"),
    ("张三\u1160", "第3个字符是韩文填充符(显示为空白) U+1160"),
    ("张\u2800三", "第2个字符是盲文空白(显示为空白) U+2800"),
    ("张\ufe0f三", "第2个字符是变体选择符 U+FE0F"),
    ("张三\U000e0100", "第3个字符是变体选择符 U+E0100"),
    ("张\u034f三", "第2个字符是组合用字形连接符 U+034F"),
    ("张\u180e三", "第2个字符是不可见字符 U+180E"),              # MONGOLIAN VOWEL SEPARATOR
    ("张\U000e0041三", "第2个字符是不可见字符 U+E0041"),          # TAG LATIN CAPITAL LETTER A
    ("张\u17b4三", "第2个字符是不可见字符 U+17B4"),              # KHMER VOWEL INHERENT AQ
]


@pytest.mark.parametrize(("name", "found"), INVISIBLE, ids=[f"U+{ord(max(n)):04X}" for n, _ in INVISIBLE])
def test_a_name_with_an_invisible_character_is_refused(zzy: Zzy, ledger: Path, name: str, found: str) -> None:
    result = zzy(["person", "add", "T001", name, "--joined", "2018-01-01"])
    assert (result.exit_code, result.stderr) == (2, f"错误: 姓名含有不可见的控制或格式字符: {found},请删除后重新输入。\n")
    assert zzy("person list --format json").json() == []


@pytest.mark.parametrize(("name", "message"), [
    ("\u0301\u0301", "以组合符号 U+0301 开头,它前面没有可附着的文字,请删除后重新输入"),
    ("\u0f7a\u0f74", "以组合符号 U+0F7A 开头,它前面没有可附着的文字,请删除后重新输入"),
    ("\u20dd", "以组合符号 U+20DD 开头,它前面没有可附着的文字,请删除后重新输入"),
])
def test_a_name_of_nothing_but_marks_is_refused(zzy: Zzy, ledger: Path, name: str, message: str) -> None:
    result = zzy(["person", "add", "T001", name, "--joined", "2018-01-01"])
    assert (result.exit_code, result.stderr) == (2, f"错误: 姓名{message}。\n")


def test_spaces_and_marks_alone_are_refused_in_every_text_field(zzy: Zzy, college: Path) -> None:
    assert text.name_text("张 三", "姓名") == "张 三"
    with pytest.raises(text.BadText, match="开头,它前面没有可附着的文字"):
        text.title_text("\u2003\u0300", "培训名称")  # trimmed to the mark: a mark on nothing
    with pytest.raises(text.BadText, match="开头,它前面没有可附着的文字"):
        text.free_text("\u3000\u0301 \u0301\u3000", "主题")  # spaces and marks only
    result = zzy(["report", "add", "T001", "--on", "2026-01-05", "--topic", "述\u3164职"])
    assert result.exit_code == 2 and "第2个字符是韩文填充符(显示为空白) U+3164" in result.stderr
    result = zzy(["org", "add", "zz", "\u2800"])
    assert result.exit_code == 2 and "盲文空白" in result.stderr


#: Names that render, as clerks write them: transcribed names with middle dots, minority names in
#: their own scripts with combining vowel signs and harakat, Latin letters with tones.
LEGITIMATE = [
    "阿卜杜·热合曼",        # U+00B7 MIDDLE DOT
    "热依拉‧买买提",        # U+2027 HYPHENATION POINT
    "古丽娜尔・吐尔逊",      # U+30FB KATAKANA MIDDLE DOT
    "ཚེ་རིང་དོན་གྲུབ",       # Tibetan: Tsering Dondrub, vowel signs U+0F7A, U+0F74 (Mn)
    "ئابدۇرېھىم",          # Uyghur, in Arabic script
    "Nguyễn Thị Lan",       # precomposed
    "Nguye\u0302\u0303n",   # decomposed: marks after a letter
    "ᠮᠥᠩᠭᠡ",               # Mongolian
    "李 四",
]


@pytest.mark.parametrize("name", LEGITIMATE)
def test_names_that_render_are_kept_as_written(ok: Zzy, ledger: Path, name: str) -> None:
    ok(["person", "add", "T001", name, "--joined", "2018-01-01"])
    assert [p["name"] for p in ok("person list --format json").json()] == [name]


def test_the_default_ignorable_table_is_unicodes_property() -> None:
    """Held equal to the ``regex`` module's property where it is installed (it is no dependency)."""
    regex = pytest.importorskip("regex")
    prop = regex.compile(r"\p{Default_Ignorable_Code_Point}")
    derived = [cp for cp in range(0x110000) if prop.match(chr(cp))]
    ours = [cp for low, high in text.DEFAULT_IGNORABLE for cp in range(low, high + 1)]
    assert ours == derived


def test_every_default_ignorable_character_is_refused() -> None:
    for low, high in text.DEFAULT_IGNORABLE:
        for cp in {low, high, (low + high) // 2}:
            with pytest.raises(text.BadText, match="不可见的控制或格式字符"):
                text.name_text(f"张{chr(cp)}三", "姓名")
