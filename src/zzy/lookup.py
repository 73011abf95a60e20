"""The names the clerk uses (工号 for people, 代码 for orgs) when they find nothing, and the clerk's text fields cleaned."""

from __future__ import annotations

from zzy.errors import NotFound, UsageProblem


def person_missing(staff_no: str) -> NotFound:
    return NotFound(f"没有工号为 {staff_no} 的人员。请用 zzy person list 查看,或先用 zzy person add 登记。",
                    field="staff_no")


def org_missing(code: str) -> NotFound:
    return NotFound(f"没有代码为 {code} 的党组织。请用 zzy org list 查看,或先用 zzy org add 登记。", field="org")


def required_text(value: str | None, what: str, *, field: str | None = None) -> str:
    """A text field the clerk must fill in: stripped, never empty (exit 2)."""
    cleaned = (value or "").strip()
    if not cleaned:
        raise UsageProblem(f"{what}不能为空。", field=field)
    return cleaned


def optional_text(value: str | None) -> str | None:
    """A text field that may be left out: stripped, blank becomes empty."""
    cleaned = (value or "").strip()
    return cleaned or None
