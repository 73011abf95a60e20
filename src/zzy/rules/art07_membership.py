"""党章第七条 — full membership after one year of probation, extendable by one year at most.

预备党员的预备期为一年 … 可以延长预备期,但不能超过一年.
"""

from __future__ import annotations

from datetime import date

from zzy import dates
from zzy.facts import PersonFacts
from zzy.rules.base import Check, Problem

#: What the rules of this article check (``Problem.check``), with their Chinese names.
CHECKS = (Check("membership_dates", "入党与转正日期"),)

PROBATION_YEARS = (1, 2)  # 预备期一年, 延长不超过一年


def membership_problems(joined: date, full: date | None, *, today: date) -> list[str]:
    """Why a 入党日期 / 转正日期 pair cannot be right; empty when it can."""
    problems = []
    if joined > today:
        problems.append(f"入党日期 {joined.isoformat()} 晚于今天 {today.isoformat()}")
    if full is None:
        return problems
    earliest, latest = (dates.add_years(joined, years) for years in PROBATION_YEARS)
    if full > today:
        problems.append(f"转正日期 {full.isoformat()} 晚于今天 {today.isoformat()}")
    if full < earliest:
        problems.append(
            f"转正日期 {full.isoformat()} 早于入党满一年之日 {earliest.isoformat()}(预备期为一年)"
        )
    elif full > latest:
        problems.append(
            f"转正日期 {full.isoformat()} 晚于入党满两年之日 {latest.isoformat()}"
            "(预备期最多延长一年)"
        )
    return problems


def person_problems(person: PersonFacts, *, today: date) -> list[Problem]:
    """A person's record: the membership dates (``person add``/``edit``, the import, doctor)."""
    return [Problem("membership_dates", None, person.staff_no, None, f"{problem}(党章第七条)",
                    field="joined" if problem.startswith("入党日期") else "full")
            for problem in membership_problems(person.joined, person.full, today=today)]
