"""The year's figures as the clerk reads them (the summary's table, and the cards of the year's page):
below :mod:`zzy.reports`, which counts them, and :mod:`zzy.page`, which shows them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from zzy.choices import Grade
from zzy.profile import Profile, count_text, shipped


def summary_rows(document: Mapping[str, Any], *, org_names: Mapping[str, str] | None = None,
                 profile: Profile | None = None) -> list[dict[str, Any]]:
    """The summary's figures as the clerk reads them, in the table and on the year page (which names the
    vacant orgs by ``org_names`` rather than by code), citing ``profile`` (the version in force on the
    summary's reference date; the shipped one when not given)."""
    profile = profile or shipped()

    held = sum(1 for training in document["trainings"] if training["counts"])
    vacancies = [(org_names or {}).get(code, code) for code in document["vacancies_at_year_end"]]
    grades, targets = document["assessments"], document["targets"]
    met = "已达到" if document["training_requirement_met"] else "未达到"
    return [
        {"key": "organizers", "item": "组织员(人)", "value": document["organizers"],
         "note": f"专职 {document['full_time']} 人,兼职 {document['part_time']} 人(该年内任职过)"},
        {"key": "vacancies", "item": "年底空缺的党组织", "value": len(vacancies), "note": "、".join(vacancies)},
        {"key": "trainings", "item": "培训与工作交流(次)", "value": len(document["trainings"]),
         "note": f"学院党委主办 {held} 次,{met}{profile.training.cite}每年至少"
                 f"{count_text(profile.training.per_year)}次的要求"},
        {"key": "reports", "item": "工作汇报(次)", "value": document["reports"], "note": profile.reporting.cite},
        {"key": "assessments", "item": "年度考核(人)", "value": sum(grades.values()),
         "note": ",".join(f"{Grade(g).label} {n}" for g, n in grades.items())},
        {"key": "commendations", "item": "表彰(次)", "value": document["commendations"],
         "note": profile.assessment.cite},
        {"key": "targets", "item": "该年到期的目标(项)", "value": sum(targets.values()),
         "note": f"完成 {targets['met']},未完成 {targets['unmet']},未考核 {targets['open']}({profile.targets.cite})"},
    ]
