"""The year's figures as the clerk reads them (the summary's table, and the cards of the year's page):
below :mod:`zzy.reports`, which counts them, and :mod:`zzy.page`, which shows them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from zzy.choices import Grade
from zzy.profile import Profile, count_text, shipped


class SummaryRow(NamedTuple):
    """One figure of the year: its key (the page's card), its caption, its number and what it counts."""

    key: str
    item: str
    value: int
    note: str


def summary_rows(document: Mapping[str, Any], *, org_names: Mapping[str, str] | None = None,
                 profile: Profile | None = None) -> list[SummaryRow]:
    """The summary's figures as the clerk reads them, in the table and on the year page (which names the
    vacant orgs by ``org_names`` rather than by code), citing ``profile`` (the version in force on the
    summary's reference date; the shipped one when not given)."""
    profile = profile or shipped()

    held = sum(1 for training in document["trainings"] if training["counts"])
    vacancies = [(org_names or {}).get(code, code) for code in document["vacancies_at_year_end"]]
    grades, targets = document["assessments"], document["targets"]
    met = "已达到" if document["training_requirement_met"] else "未达到"
    return [
        SummaryRow("organizers", "组织员(人)", document["organizers"],
                   f"专职 {document['full_time']} 人,兼职 {document['part_time']} 人(该年内任职过)"),
        SummaryRow("vacancies", "年底空缺的党组织", len(vacancies), "、".join(vacancies)),
        SummaryRow("trainings", "培训与工作交流(次)", len(document["trainings"]),
                   f"学院党委主办 {held} 次,{met}{profile.training.cite}每年至少"
                   f"{count_text(profile.training.per_year)}次的要求"),
        SummaryRow("reports", "工作汇报(次)", document["reports"], profile.reporting.cite),
        SummaryRow("assessments", "年度考核(人)", sum(grades.values()),
                   ",".join(f"{Grade(g).label} {n}" for g, n in grades.items())),
        SummaryRow("commendations", "表彰(次)", document["commendations"], profile.assessment.cite),
        SummaryRow("targets", "该年到期的目标(项)", sum(targets.values()),
                   f"完成 {targets['met']},未完成 {targets['unmet']},未考核 {targets['open']}({profile.targets.cite})"),
    ]
