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
#: ``remind_within_days.trial_due``: the config keys of the lead times per finding kind (SPEC section 2).
KIND_WITHIN = "remind_within_days."


def config_key(key: str) -> tuple[str, str]:
    """A config key as stored, and its label (``remind_within_days.KIND`` names the finding kind by its key or
    its Chinese label); else exit 2 naming what may be set."""
    from zzy import rules  # start-up

    key = key.strip()
    if key in SETTINGS:
        return key, SETTINGS[key][2]
    if key in TEXT_SETTINGS:
        return key, TEXT_SETTINGS[key]
    if key.startswith(KIND_WITHIN):
        named = key.removeprefix(KIND_WITHIN)
        kind = next((k for k in rules.FINDING_KINDS.values() if named in (k.key, k.label)), None)
        if kind is not None:
            return KIND_WITHIN + kind.key, f"{kind.label}提前提醒天数"
        known = "、".join(rules.FINDING_KINDS)
        raise UsageProblem(f"没有「{named}」这类提醒事项。{KIND_WITHIN}后可接: {known}。")
    raise UsageProblem(f"没有设置项 {key}。可设置: {'、'.join((*SETTINGS, *TEXT_SETTINGS))}、{KIND_WITHIN}KIND"
                       f"(如 {KIND_WITHIN}trial_due)。")


def setting_value(key: str, value: str) -> str:
    """A config value as it is stored: a whole number in its range (``remind_within_days.KIND`` in that of
    ``remind_within_days``), or a text under the rules of :mod:`zzy.text`; else a usage error (exit 2).
    ``config set`` and ``restore`` check by it."""
    if key in TEXT_SETTINGS:
        return text.title_text(value, TEXT_SETTINGS[key], field="value")
    key, label = config_key(key)
    low, high, _ = SETTINGS.get(key, SETTINGS["remind_within_days"])
    cleaned = value.strip()
    if not (cleaned.isascii() and cleaned.isdigit()) or not low <= int(cleaned) <= high:
        raise UsageProblem(f"{key}({label})须为 {low} 到 {high} 之间的整数,收到「{value}」。")
    return str(int(cleaned))
