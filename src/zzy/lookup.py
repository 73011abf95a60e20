"""The names the clerk uses (工号 for people, 代码 for orgs) when they find nothing, and the clerk's text fields cleaned (by :mod:`zzy.text`)."""

from __future__ import annotations

from zzy.errors import NotFound
from zzy.text import shown


def person_missing(staff_no: str) -> NotFound:
    return NotFound(f"没有工号为 {shown(staff_no)} 的人员。请用 zzy person list 查看,或先用 zzy person add 登记。",
                    field="staff_no")


def org_missing(code: str) -> NotFound:
    return NotFound(f"没有代码为 {shown(code)} 的党组织。请用 zzy org list 查看,或先用 zzy org add 登记。", field="org")


def required_text(value: str | None, what: str, *, field: str | None = None) -> str:
    """A title the clerk must fill in; the rules of :func:`zzy.text.free_text` (exit 2).

    Prefer :func:`zzy.text.name_text`, :func:`~zzy.text.code_text` or :func:`~zzy.text.free_text`."""
    from zzy.text import title_text

    return title_text(value, what, field=field)


def optional_text(value: str | None, what: str = "文字", *, field: str | None = None) -> str | None:
    """A note that may be left out; the rules of :func:`zzy.text.free_text` (exit 2)."""
    from zzy.text import free_text

    return free_text(value, what, field=field)
