"""The rules profile (SPEC section 12): a college's numbers and citations of its regulation, as data.

A profile is a TOML file, read with the standard library's :mod:`tomllib` and checked like any input:
every key named, typed and in range, each problem naming its key and its line.  :data:`SECTIONS` declares
the file's shape once; :func:`parse` reads a text into a :class:`Profile`, :func:`to_toml` writes one
back (what ``profile show --format toml`` prints and ``profile adopt`` accepts), and :func:`differences`
says what a file changes against the version in force.  zzy ships this college's profile
(``profiles/xsbn-vtc.toml``, each number beside its article of ``regulation.txt``): :func:`shipped`.

This module imports no database and no Rich: the rules read their numbers from a :class:`Profile`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from functools import cache
from typing import Any, NamedTuple

from zzy.errors import UsageProblem

#: The profile format this zzy reads and writes.
FORMAT = 1
RANKS = ("none", "deputy-section", "section")
KINDS = ("full", "part")


class Cited(NamedTuple):
    """A rule without a number of its own: the article it keeps and how it is cited."""

    article: int
    cite: str


class PartyAge(NamedTuple):
    """党龄 (counted from 转正; Party Constitution art. 7): ``years`` of full membership."""

    years: int
    article: int
    cite: str


class PartyWork(NamedTuple):
    """党务工作经历: ``years`` of party work (0: not required), for posts of ``ranks``."""

    years: int
    ranks: tuple[str, ...]
    article: int
    cite: str


class InService(NamedTuple):
    """在职: a post of ``kinds`` and ``ranks`` needs a person in service."""

    kinds: tuple[str, ...]
    ranks: tuple[str, ...]
    article: int
    cite: str


class Trial(NamedTuple):
    """试用期 of a promoted organizer: ``months`` (0: no trial)."""

    months: int
    article: int
    cite: str


class Rotation(NamedTuple):
    """轮岗: ``years`` in one org before a full-time organizer may rotate."""

    years: int
    article: int
    cite: str


class Staffing(NamedTuple):
    """专职组织员 per org (the committee's of ``committee_rank``)."""

    full_time_per_org: int
    committee_rank: str
    article: int
    cite: str


class Training(NamedTuple):
    """培训: ``per_year`` qualifying trainings or exchanges the committee holds each year."""

    per_year: int
    article: int
    cite: str


class Profile(NamedTuple):
    """One version of a college's rules (SPEC section 12)."""

    format: int
    id: str
    version: str
    title: str
    party_age: PartyAge
    party_work: PartyWork
    in_service: InService
    trial: Trial
    rotation: Rotation
    staffing: Staffing
    one_post: Cited
    reporting: Cited
    targets: Cited
    assessment: Cited
    training: Training

    @property
    def label(self) -> str:
        """``ID@VERSION``, as the JSON documents carry it (``"profile"``)."""
        return f"{self.id}@{self.version}"


class Profiles(NamedTuple):
    """The versions a ledger adopted, each with the day from which it applies (sorted by that day, each day
    once): plain data that travels with the facts to the rules.  Before the first, the shipped profile."""

    adopted: tuple[tuple[date, Profile], ...] = ()

    def on(self, day: date) -> Profile:
        """The version in force on ``day``: the adopted one with the latest ``from`` on or before it."""
        found = shipped()
        for since, version in self.adopted:
            if since > day:
                break
            found = version
        return found

    def every(self) -> tuple[Profile, ...]:
        """Every version a decision may use: the shipped one and each adopted."""
        return (shipped(), *(version for _, version in self.adopted))

    @property
    def newest_from(self) -> date | None:
        """The ``from`` of the newest adopted version (a new one must come later)."""
        return self.adopted[-1][0] if self.adopted else None

    @classmethod
    def of(cls, stored: Iterable[tuple[date, str]]) -> Profiles:
        """The versions stored in a ledger: (from, the profile as :func:`to_document` wrote it) rows, in any order."""
        return cls(tuple((since, _stored(text)) for since, text in sorted(stored)))


#: No version adopted: every decision by the shipped profile (what a rule reads without a ledger's versions).
NONE_ADOPTED = Profiles()


@cache
def _stored(text: str) -> Profile:
    """A version as the ledger keeps it (checked when it was adopted or restored)."""
    return from_document(text, source="账本中的规则配置")


_DIGITS = "零一二三四五六七八九"


def count_text(number: int) -> str:
    """A count as the regulation writes it: 一, 两, 三 … 十, 十二, 二十 (0–99)."""
    if number == 2:
        return "两"
    tens, ones = divmod(number, 10)
    if not tens:
        return _DIGITS[ones]
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


# -- the file's shape, declared once -------------------------------------------------------------


class Key(NamedTuple):
    """A key of the file: its name, what it holds (for messages) and how a value is checked."""

    name: str
    what: str
    check: Callable[[Any], Any]


class Invalid(Exception):
    """A value that is not what its key holds; the message says what it should be."""


def _whole(low: int, high: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise Invalid(f"须为 {low} 到 {high} 之间的整数")
        return value

    return check


def _text(pattern: str, low: int, high: int, what: str) -> Callable[[Any], str]:
    compiled = re.compile(pattern)

    def check(value: Any) -> str:
        if not isinstance(value, str) or not low <= len(value) <= high or not compiled.fullmatch(value):
            raise Invalid(f"须为 {low}–{high} 个{what}")
        return value

    return check


def _one_of(choices: Sequence[str]) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in choices:
            raise Invalid(f"须为 {'、'.join(choices)} 之一")
        return str(value)

    return check


def _some_of(choices: Sequence[str]) -> Callable[[Any], tuple[str, ...]]:
    def check(value: Any) -> tuple[str, ...]:
        if not isinstance(value, list) or any(item not in choices for item in value) or len(set(value)) != len(value):
            raise Invalid(f"须为列表,每项是 {'、'.join(choices)} 之一,不重复")
        return tuple(value)

    return check


ARTICLE = Key("article", "条", _whole(1, 99))
CITE = Key("cite", "引用", _text(r"[^\x00-\x1f\x7f]+", 1, 40, "可打印字符"))

#: The top-level keys, in the file's order.
HEAD = (
    Key("format", "格式", _whole(FORMAT, FORMAT)),
    Key("id", "标识", _text(r"[a-z0-9-]+", 1, 32, "小写英文字母、数字或 -")),
    Key("version", "版本", _text(r"[\x21-\x7e]+", 1, 16, "可打印的 ASCII 字符")),
    Key("title", "名称", _text(r"[^\x00-\x1f\x7f]+", 1, 100, "可打印字符")),
)

#: Each table of the file: its name, the named tuple it becomes, its keys in order.
SECTIONS: tuple[tuple[str, type[Any], tuple[Key, ...]], ...] = (
    ("party_age", PartyAge, (Key("years", "年数", _whole(0, 10)), ARTICLE, CITE)),
    ("party_work", PartyWork, (Key("years", "年数", _whole(0, 10)), Key("ranks", "职级", _some_of(RANKS)),
                               ARTICLE, CITE)),
    ("in_service", InService, (Key("kinds", "类别", _some_of(KINDS)), Key("ranks", "职级", _some_of(RANKS)),
                               ARTICLE, CITE)),
    ("trial", Trial, (Key("months", "月数", _whole(0, 24)), ARTICLE, CITE)),
    ("rotation", Rotation, (Key("years", "年数", _whole(1, 20)), ARTICLE, CITE)),
    ("staffing", Staffing, (Key("full_time_per_org", "人数", _whole(1, 5)),
                            Key("committee_rank", "职级", _one_of(RANKS)), ARTICLE, CITE)),
    ("one_post", Cited, (ARTICLE, CITE)),
    ("reporting", Cited, (ARTICLE, CITE)),
    ("targets", Cited, (ARTICLE, CITE)),
    ("assessment", Cited, (ARTICLE, CITE)),
    ("training", Training, (Key("per_year", "次数", _whole(0, 12)), ARTICLE, CITE)),
)

#: What each number of a profile means, for ``profile show`` and ``profile check``: (section, key) → 中文.
MEANINGS = {
    ("party_age", "years"): "党龄(年,自转正起)",
    ("party_work", "years"): "党务工作经历(年)",
    ("party_work", "ranks"): "须有党务经历的职级",
    ("in_service", "kinds"): "须在职的任职类别",
    ("in_service", "ranks"): "须在职的职级",
    ("trial", "months"): "试用期(月)",
    ("rotation", "years"): "满几年可轮岗",
    ("staffing", "full_time_per_org"): "每个党组织专职组织员",
    ("staffing", "committee_rank"): "学院党委组织员职级",
    ("one_post", None): "专人专岗",
    ("reporting", None): "工作汇报",
    ("targets", None): "目标管理",
    ("assessment", None): "考核奖惩",
    ("training", "per_year"): "每年业务培训或交流(次)",
}


class ProfileProblem(NamedTuple):
    """One thing wrong with a profile file: the key (``party_age.years``), its line, and why."""

    key: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = f"(第{self.line}行)" if self.line else ""
        return f"{self.key}{where}: {self.reason}"


class ProfileInvalid(UsageProblem):
    """A profile file that is not valid (exit 2), with every problem listed."""

    def __init__(self, source: str, problems: Sequence[ProfileProblem]) -> None:
        super().__init__(f"规则配置文件 {source} 有 {len(problems)} 处问题,未采用:",
                         problems=[str(problem) for problem in problems])
        self.found = list(problems)


def parse(text: str, *, source: str = "规则配置文件") -> Profile:
    """The profile a TOML text declares, or :class:`ProfileInvalid` naming each key and its line."""
    import tomllib  # start-up

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        raise ProfileInvalid(source, [ProfileProblem("(TOML)", int(line.group(1)) if line else None,
                                                     "不是有效的 TOML(检查引号、等号和方括号)")]) from None
    return _checked(document, _key_lines(text), source)


def from_document(text: str, *, source: str = "规则配置") -> Profile:
    """A profile as the ledger keeps it (:func:`to_document`: JSON, one line), checked as a file is."""
    try:
        document = json.loads(text)
    except ValueError:
        document = None
    if not isinstance(document, dict):
        raise ProfileInvalid(source, [ProfileProblem("(JSON)", None, "不是 JSON 对象")])
    return _checked(document, {}, source)


def to_document(profile: Profile) -> str:
    """A profile as the ledger keeps it: the file's keys as one line of JSON (no control character: an audit
    entry holds it as it is, and ``undo`` finds it unchanged)."""
    document: dict[str, Any] = {key.name: getattr(profile, key.name) for key in HEAD}
    for name, _, keys in SECTIONS:
        section = getattr(profile, name)
        document[name] = {key.name: _plain(getattr(section, key.name)) for key in keys}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _checked(document: dict[str, Any], lines: dict[tuple[str | None, str], int], source: str) -> Profile:
    """The profile a document (a file's tables) declares, or every problem with it."""
    problems: list[ProfileProblem] = []
    head = _read_table(document, None, HEAD, lines, problems)
    sections = {}
    declared = {name for name, _, _ in SECTIONS}
    for name, kind, keys in SECTIONS:
        table = document.get(name)
        if not isinstance(table, dict):
            reason = "缺少此表" if table is None else "应为表 [" + name + "]"
            problems.append(ProfileProblem(f"[{name}]", lines.get((None, name)), reason))
            continue
        values = _read_table(table, name, keys, lines, problems)
        if len(values) == len(keys):
            sections[name] = kind(**values)
    for extra in document.keys() - declared - {key.name for key in HEAD}:
        problems.append(ProfileProblem(extra, lines.get((None, extra)), "不认识的键"))
    if problems:
        raise ProfileInvalid(source, sorted(problems, key=lambda p: (p.line or 0, p.key)))
    return Profile(**head, **sections)


def _read_table(table: dict[str, Any], name: str | None, keys: Sequence[Key], lines: dict[tuple[str | None, str], int],
                problems: list[ProfileProblem]) -> dict[str, Any]:
    values = {}
    for key in keys:
        where = f"{name}.{key.name}" if name else key.name
        if key.name not in table:
            problems.append(ProfileProblem(where, lines.get((None, name)) if name else None, "缺少此键"))
            continue
        try:
            values[key.name] = key.check(table[key.name])
        except Invalid as invalid:
            problems.append(ProfileProblem(where, lines.get((name, key.name)), f"{invalid},收到 {_shown(table[key.name])}"))
    if name is not None:
        for extra in table.keys() - {key.name for key in keys}:
            problems.append(ProfileProblem(f"{name}.{extra}", lines.get((name, extra)), "不认识的键"))
    return values


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return f"「{value}」"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_shown(item) for item in value) + "]"
    return str(value)


_TABLE = re.compile(r"\s*\[\s*([A-Za-z0-9_-]+)\s*\]")
_KEY = re.compile(r"\s*([A-Za-z0-9_-]+)\s*=")


def _key_lines(text: str) -> dict[tuple[str | None, str], int]:
    """Where each key stands: (table, key) → line number (a table's own header as (None, table)).  The
    profile's shape is flat (tables of plain keys), so a scan of the lines finds them."""
    lines: dict[tuple[str | None, str], int] = {}
    table: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TABLE.match(line)
        if header:
            table = header.group(1)
            lines.setdefault((None, table), number)
            continue
        key = _KEY.match(line)
        if key:
            lines.setdefault((table, key.group(1)), number)
    return lines


# -- the shipped profile, and a profile as text ------------------------------------------------


@cache
def shipped() -> Profile:
    """This college's profile (``profiles/xsbn-vtc.toml``), which a new ledger uses."""
    return parse(shipped_text(), source="xsbn-vtc.toml")


def shipped_text() -> str:
    from importlib.resources import files  # start-up

    return files("zzy").joinpath("profiles", "xsbn-vtc.toml").read_text(encoding="utf-8")


def to_toml(profile: Profile) -> str:
    """A profile as the TOML text ``profile adopt`` reads back (the same :class:`Profile`)."""
    out = [f"format = {profile.format}", f"id = {_toml(profile.id)}", f"version = {_toml(profile.version)}",
           f"title = {_toml(profile.title)}"]
    for name, _, keys in SECTIONS:
        section = getattr(profile, name)
        out += ["", f"[{name}]", *(f"{key.name} = {_toml(getattr(section, key.name))}" for key in keys)]
    return "\n".join(out) + "\n"


def _toml(value: Any) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, tuple):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    return str(value)


def numbers(profile: Profile) -> Iterator[tuple[str, str, Any, int, str]]:
    """Every rule of a profile as (key, meaning, value, article, cite), in the file's order; a rule
    without a number of its own has ``None``."""
    for name, _, keys in SECTIONS:
        section = getattr(profile, name)
        own: list[str | None] = [key.name for key in keys if key.name not in ("article", "cite")]
        for key in own or [None]:
            value = getattr(section, key) if key else None
            yield (f"{name}.{key}" if key else name, MEANINGS[(name, key)], value, section.article, section.cite)


def differences(old: Profile, new: Profile) -> list[tuple[str, Any, Any]]:
    """What ``new`` changes against ``old``: (key, old value, new value) for every number, list, article,
    citation and name that differs, in the file's order."""
    changed = [(key.name, getattr(old, key.name), getattr(new, key.name)) for key in HEAD
               if key.name != "format" and getattr(old, key.name) != getattr(new, key.name)]
    for name, _, keys in SECTIONS:
        before, after = getattr(old, name), getattr(new, name)
        changed += [(f"{name}.{key.name}", getattr(before, key.name), getattr(after, key.name)) for key in keys
                    if getattr(before, key.name) != getattr(after, key.name)]
    return changed
