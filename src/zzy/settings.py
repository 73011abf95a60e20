"""The settings a clerk may change (``zzy config``): their keys, bounds and labels, and how a value is checked.

Their home is below both roads: ``config set`` (:mod:`zzy.records`), ``config show`` (:mod:`zzy.views`) and
``restore`` (:mod:`zzy.restore_checks`) read them here; the defaults are :class:`zzy.facts.Settings`.
"""

from __future__ import annotations

from zzy import text
from zzy.errors import UsageProblem

#: config keys (defaults in :class:`zzy.facts.Settings`), the range a value may take, and the label.
SETTINGS = {
    "report_interval_months": (1, 120, "工作汇报间隔(月)"),
    "remind_within_days": (0, 3650, "提前提醒天数"),
}
#: config keys that hold a text (SPEC section 13: how the 任前公示 says to raise a concern), and the label.
TEXT_SETTINGS = {
    "notice_contact": "任前公示的联系人",
    "notice_phone": "任前公示的联系电话",
}


def setting_value(key: str, value: str) -> str:
    """A config value as it is stored: a whole number in its range, or a text under the rules of
    :mod:`zzy.text`; else a usage error (exit 2).  ``config set`` and ``restore`` check by it."""
    if key in TEXT_SETTINGS:
        return text.title_text(value, TEXT_SETTINGS[key], field="value")
    if key not in SETTINGS:
        raise UsageProblem(f"没有设置项 {key}。可设置: {'、'.join((*SETTINGS, *TEXT_SETTINGS))}。")
    low, high, label = SETTINGS[key]
    cleaned = value.strip()
    if not (cleaned.isascii() and cleaned.isdigit()) or not low <= int(cleaned) <= high:
        raise UsageProblem(f"{key}({label})须为 {low} 到 {high} 之间的整数,收到「{value}」。")
    return str(int(cleaned))
