"""The clerk's text fields, checked where they enter (SPEC section 11).

Three kinds of text, one rule each, used by every command that writes, by the import and by
``restore``:

- :func:`name_text`: names of people and orgs, 1–50 characters;
- :func:`code_text`: 工号 and 党组织代码, 1–32 of ASCII letters, digits, ``-``, ``_``, ``.``;
- :func:`title_text` and :func:`free_text`: titles (required), notes, reasons, topics, quantity/quality, at most 200 characters.

All of them trim surrounding spaces and refuse control and invisible formatting characters
(line breaks, escape codes, bidirectional overrides and isolates, zero-width characters: Unicode
categories Cc, Cf, Cs, Zl, Zp) with a :class:`~zzy.errors.BadText` (exit 2) that names the field.
A text that merely looks like a formula (``=1+2``) is text: output makes it safe.

Invisible characters are told by their Unicode property, not by a list of examples: every
``Default_Ignorable_Code_Point`` (:data:`DEFAULT_IGNORABLE`: the Hangul fillers U+3164, U+FFA0,
U+115F, U+1160, the variation selectors, the combining grapheme joiner U+034F, the soft hyphen,
the tag characters…), and the braille blank U+2800, which is a symbol that draws nothing.  A text
that begins with a combining mark (a mark on nothing; so any text of nothing but spaces and
marks, once trimmed) is refused too.  Marks after a letter are legitimate (Tibetan vowel signs, Uyghur harakat, a
pinyin tone on a Latin letter), and so are the middle dots of transcribed names (·, ‧).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from zzy.errors import BadText
from zzy.schema import CODE, NAME, TEXT, TITLE

NAME_MAX = 50
CODE_MAX = 32
FREE_MAX = 200

_CODE = re.compile(r"[A-Za-z0-9._-]+")
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
#: Unicode's ``Default_Ignorable_Code_Point`` property, which :mod:`unicodedata` does not offer.
#: These are the ranges of DerivedCoreProperties.txt (Unicode 15.1; unchanged since 14.0), which
#: derives the property as Other_Default_Ignorable_Code_Point + Cf + Variation_Selector − White_Space
#: − U+FFF9..FFFB (interlinear annotation) − U+13430..1343F (Egyptian format controls) −
#: Prepended_Concatenation_Mark.  ``tests/test_invisible_text.py`` holds it equal to the third-party
#: ``regex`` module's ``\p{Default_Ignorable_Code_Point}`` where that module is installed.
DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD),    # SOFT HYPHEN
    (0x034F, 0x034F),    # COMBINING GRAPHEME JOINER
    (0x061C, 0x061C),    # ARABIC LETTER MARK
    (0x115F, 0x1160),    # HANGUL CHOSEONG FILLER, HANGUL JUNGSEONG FILLER
    (0x17B4, 0x17B5),    # KHMER VOWEL INHERENT AQ, AA
    (0x180B, 0x180F),    # MONGOLIAN FREE VARIATION SELECTORS, VOWEL SEPARATOR
    (0x200B, 0x200F),    # ZERO WIDTH SPACE … RIGHT-TO-LEFT MARK
    (0x202A, 0x202E),    # bidirectional embeddings and overrides
    (0x2060, 0x206F),    # WORD JOINER … invisible operators, isolates, deprecated format characters
    (0x3164, 0x3164),    # HANGUL FILLER
    (0xFE00, 0xFE0F),    # VARIATION SELECTOR-1..16
    (0xFEFF, 0xFEFF),    # ZERO WIDTH NO-BREAK SPACE (BOM)
    (0xFFA0, 0xFFA0),    # HALFWIDTH HANGUL FILLER
    (0xFFF0, 0xFFF8),    # unassigned, reserved as ignorable
    (0x1BCA0, 0x1BCA3),  # SHORTHAND FORMAT controls
    (0x1D173, 0x1D17A),  # MUSICAL SYMBOL BEGIN BEAM … END PHRASE
    (0xE0000, 0xE0FFF),  # tags, VARIATION SELECTOR-17..256, and reserved
)

#: Characters that are not default-ignorable yet draw nothing where a name should show.
BLANK = "\u2800"  # BRAILLE PATTERN BLANK

_INVISIBLE = re.compile("[" + "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in DEFAULT_IGNORABLE)
                        + BLANK + "]")

_KNOWN = {
    "\n": "换行符", "\r": "回车符", "\t": "制表符", "\x1b": "转义字符(ESC)", "\x00": "空字符(NUL)",
    "\u2028": "换行符", "\u2029": "分段符", "\ufeff": "零宽字符(BOM)",
}


def name_text(value: object, label: str, *, field: str | None = None) -> str:
    """A name the clerk must fill in (姓名, 党组织名称): 1–50 characters, nothing hidden."""
    text = _cleaned(value, label, field=field, limit=NAME_MAX)
    if text is None:
        raise BadText(label, "不能为空", field=field)
    return text


def code_text(value: object, label: str, *, field: str | None = None) -> str:
    """A code the clerk types (工号, 党组织代码): 1–32 of ``A–Z a–z 0–9 - _ .``."""
    text = _cleaned(value, label, field=field, limit=CODE_MAX)
    if text is None:
        raise BadText(label, "不能为空", field=field)
    if not _CODE.fullmatch(text):
        wrong = "、".join(f"「{ch}」" for ch in dict.fromkeys(ch for ch in text if not _CODE.fullmatch(ch)))
        raise BadText(label, f"只能由英文字母、数字和 - _ . 组成,「{text}」含有 {wrong}", field=field)
    return text


def title_text(value: object, label: str, *, field: str | None = None) -> str:
    """A title the clerk must fill in (培训名称, 目标名称, 表彰名称): :func:`free_text`, never blank."""
    text = _cleaned(value, label, field=field, limit=FREE_MAX)
    if text is None:
        raise BadText(label, "不能为空", field=field)
    return text


def free_text(value: object, label: str, *, field: str | None = None, required: bool = False) -> str | None:
    """A title, note, reason or topic: at most 200 characters, nothing hidden; blank is ``None``
    unless ``required``."""
    text = _cleaned(value, label, field=field, limit=FREE_MAX)
    if text is None and required:
        raise BadText(label, "不能为空", field=field)
    return text


#: The rule for each kind of text a record field declares (:class:`zzy.schema.RecordField`).
RULES: dict[str, Callable[..., str | None]] = {CODE: code_text, NAME: name_text, TITLE: title_text, TEXT: free_text}


def _cleaned(value: object, label: str, *, field: str | None, limit: int) -> str | None:
    """Surrounding spaces trimmed; hidden characters and overlong text refused; blank is ``None``."""
    if value is None:
        return None
    text = _trim(str(value))
    if not text.isprintable() or _INVISIBLE.search(text):  # rare: the scan below says which and where
        _refuse_hidden(text, label, field=field)
    # trimmed of spaces, a text of spaces and marks begins with a mark: a mark on nothing
    if text and unicodedata.category(text[0])[0] == "M":
        raise BadText(label, f"以组合符号 U+{ord(text[0]):04X} 开头,它前面没有可附着的文字,请删除后重新输入",
                      field=field)
    if len(text) > limit:
        raise BadText(label, f"不能超过 {limit} 个字符(现有 {len(text)} 个)", field=field)
    return text or None


def _is_hidden(ch: str) -> bool:
    return unicodedata.category(ch) in _HIDDEN or _INVISIBLE.match(ch) is not None


def _refuse_hidden(text: str, label: str, *, field: str | None) -> None:
    for position, ch in enumerate(text, start=1):
        if _is_hidden(ch):
            raise BadText(label, f"含有不可见的控制或格式字符: 第{position}个字符是{describe(ch)},请删除后重新输入",
                          field=field)


def trimmed(value: str) -> str:
    """A key the clerk typed to look a record up (工号, name, org code), trimmed as it was when entered."""
    return _trim(value)


def _trim(text: str) -> str:
    """Spaces (any Unicode space, 全角空格 included) removed from both ends; nothing else."""
    if not text or not (text[0].isspace() or text[-1].isspace()):
        return text
    start, end = 0, len(text)
    while start < end and unicodedata.category(text[start]) == "Zs":
        start += 1
    while end > start and unicodedata.category(text[end - 1]) == "Zs":
        end -= 1
    return text[start:end]


def describe(ch: str) -> str:
    """A hidden character as the clerk can look it up: its kind and ``U+XXXX``."""
    code = f"U+{ord(ch):04X}"
    if ch in _KNOWN:
        return f"{_KNOWN[ch]} {code}"
    if "\u202a" <= ch <= "\u202e" or "\u2066" <= ch <= "\u2069" or ch in "\u200e\u200f\u061c":
        return f"双向文字控制符 {code}"
    if "\u200b" <= ch <= "\u200d" or ch == "\u2060":
        return f"零宽字符 {code}"
    if ch in "\u3164\uffa0\u115f\u1160":
        return f"韩文填充符(显示为空白) {code}"
    if ch == BLANK:
        return f"盲文空白(显示为空白) {code}"
    if "\ufe00" <= ch <= "\ufe0f" or "\U000e0100" <= ch <= "\U000e01ef" or "\u180b" <= ch <= "\u180d":
        return f"变体选择符 {code}"
    if ch == "\u034f":
        return f"组合用字形连接符 {code}"
    if ch == "\u00ad":
        return f"软连字符 {code}"
    if _INVISIBLE.match(ch):
        return f"不可见字符 {code}"
    return f"控制字符 {code}"


def shown(text: str) -> str:
    """User text inside a message, with any hidden character written as ``<U+XXXX>``, so that an
    unknown 工号 full of escape codes never reaches the terminal raw."""
    if text.isprintable() and not _INVISIBLE.search(text):
        return text
    return "".join(f"<U+{ord(ch):04X}>" if _is_hidden(ch) else ch for ch in text)
