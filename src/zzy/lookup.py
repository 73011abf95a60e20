"""Finding what the clerk names: a person by 工号 or exact name (:func:`resolve_person`, behind every
command that takes STAFF_NO), and the refusals, with the closest matches, when nothing has that name."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any

from zzy.errors import NotFound, Refused
from zzy.schema import APPOINTMENT, ORG, PERSON
from zzy.text import free_text, shown, title_text, trimmed

#: Plain SQL with ``?`` placeholders in, rows out (:meth:`zzy.reader.Reader.rows`, :meth:`zzy.store.Store.rows`).
Rows = Callable[..., list[tuple[Any, ...]]]

#: How many close matches an unknown 工号 or name suggests.
SUGGESTIONS = 5


def person_missing(staff_no: str, suggestions: list[str] | None = None, *, names: bool = True) -> NotFound:
    """The refusal for a person nobody has this 工号 (or, with ``names``, this name) of."""
    hint = f"最接近的有: {'、'.join(suggestions)}。" if suggestions else ""
    nameless = "也没有人叫这个名字。" if names else ""
    return NotFound(f"没有工号为 {shown(staff_no)} 的人员。{nameless}{hint}"
                    "请用 zzy person list 查看,或先用 zzy person add 登记。", field="staff_no")


def resolve_person(rows: Rows, given: str) -> tuple[int, str]:
    """The ledger's number and 工号 of the person ``given`` names: by 工号, or by exact name when one
    person has it.  Every command that takes STAFF_NO, writing or reading, comes here.

    A name several people share is refused listing their 工号 and orgs; an unknown 工号 or name is
    refused with the closest 工号 and names suggested (:mod:`difflib`)."""
    p = PERSON
    given = trimmed(given)  # as the 工号 and name were trimmed when they were entered
    found = rows(f"SELECT {p.cols('id', 'staff_no', 'name')} FROM {p} WHERE {p.c('staff_no')} = ?", given)
    if found:
        return int(found[0][0]), str(found[0][1])
    named = rows(f"SELECT {p.cols('id', 'staff_no', 'name')} FROM {p} WHERE {p.c('name')} = ? "
                 f"ORDER BY {p.c('staff_no')}", given)
    if len(named) == 1:
        return int(named[0][0]), str(named[0][1])
    if named:
        raise Refused(f"有 {len(named)} 人名叫「{shown(given)}」: "
                      + "、".join(_described(rows, int(pid), staff_no) for pid, staff_no, _ in named)
                      + "。请改用工号。", field="staff_no")
    raise person_missing(given, _closest(rows, given))


def _described(rows: Rows, pid: int, staff_no: str) -> str:
    a, o = APPOINTMENT, ORG
    codes = [code for (code,) in rows(
        f"SELECT DISTINCT {o.c('code')} FROM {a} JOIN {o} ON {o.c('id')} = {a.c('org_id')} "
        f"WHERE {a.c('person_id')} = ? ORDER BY {o.c('code')}", pid)]
    return f"{staff_no}({'、'.join(codes)})" if codes else f"{staff_no}(未任职)"


def _closest(rows: Rows, given: str) -> list[str]:
    people = rows(f"SELECT {PERSON.cols('staff_no', 'name')} FROM {PERSON}")
    names = {staff_no: name for staff_no, name in people}
    by_name: dict[str, list[str]] = {}
    for staff_no, name in people:
        by_name.setdefault(name, []).append(staff_no)
    close = difflib.get_close_matches(given, [*names, *by_name], n=SUGGESTIONS, cutoff=0.5)
    shown_: list[str] = []
    for word in close:
        for staff_no in ([word] if word in names else by_name[word]):
            text = f"{staff_no}({names[staff_no]})"
            if text not in shown_:
                shown_.append(text)
    return shown_[:SUGGESTIONS]


def org_missing(code: str) -> NotFound:
    return NotFound(f"没有代码为 {shown(code)} 的党组织。请用 zzy org list 查看,或先用 zzy org add 登记。", field="org")


def required_text(value: str | None, what: str, *, field: str | None = None) -> str:
    """A title the clerk must fill in; the rules of :func:`zzy.text.free_text` (exit 2).

    Prefer :func:`zzy.text.name_text`, :func:`~zzy.text.code_text` or :func:`~zzy.text.free_text`."""
    return title_text(value, what, field=field)


def optional_text(value: str | None, what: str = "文字", *, field: str | None = None) -> str | None:
    """A note that may be left out; the rules of :func:`zzy.text.free_text` (exit 2)."""
    return free_text(value, what, field=field)
