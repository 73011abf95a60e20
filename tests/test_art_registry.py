"""The finding registry (issue 14): every kind of SPEC section 6 declared once, with its article and label."""

from __future__ import annotations

from datetime import date
from types import MappingProxyType

import pytest

from zzy import rules
from zzy.choices import Severity
from zzy.rules.base import always

SPEC_KINDS = {
    "trial_due": 13, "trial_overdue": 13, "rotation_upcoming": 20, "rotation_eligible": 20, "vacancy": 10,
    "overstaffed": 10, "report_due": 15, "report_overdue": 15, "training_missing": 18, "target_due": 16,
    "target_overdue": 16, "unfit": 17, "ineligible": 12,
}


def test_the_registry_declares_every_kind_of_the_spec_once() -> None:
    kinds = [kind for finder in rules.FINDERS for kind in finder.kinds]
    assert len(kinds) == len({kind.key for kind in kinds})
    declared = {kind.key: kind.article for kind in kinds}
    assert {key: declared.get(key) for key in SPEC_KINDS} == SPEC_KINDS
    assert all(kind.label and not kind.label.isascii() for kind in kinds)


def test_the_registry_is_immutable() -> None:
    assert isinstance(rules.FINDERS, tuple) and isinstance(rules.AUDITS, tuple)
    assert all(isinstance(finder.kinds, tuple) for finder in rules.FINDERS)


def test_severity_rules_follow_the_spec() -> None:
    kinds = rules.FINDING_KINDS
    assert kinds["training_missing"].severity(60, 60) is Severity.DUE
    assert kinds["training_missing"].severity(61, 60) is Severity.INFO
    assert kinds["vacancy"].severity(None, 60) is Severity.OVERDUE
    assert kinds["ineligible"].severity(None, 60) is Severity.INFO


def test_an_unknown_kind_is_shown_by_its_key() -> None:
    assert rules.finding_label("vacancy") == "专职组织员空缺"
    assert rules.finding_label("no_such_kind") == "no_such_kind"


def test_an_empty_ledger_has_only_the_training_reminder_and_no_problems() -> None:
    from factories import ledger

    facts = ledger(people=[], orgs=[])
    assert [f.kind for f in rules.findings(facts, as_of=date(2025, 1, 1), within=60)] == ["training_missing"]
    assert rules.ledger_problems(facts, today=date(2025, 1, 1)) == []


def test_each_kind_declares_the_matter_it_is_a_stage_of() -> None:
    """Issue 23: a finding's identity is its declared matter, not a suffix of its key: ``report_due`` and
    ``report_overdue`` are two stages of one matter (第十五条), a vacancy is a matter of its own."""
    kinds = rules.FINDING_KINDS
    staged = [("report_due", "report_overdue"), ("target_due", "target_overdue"), ("trial_due", "trial_overdue"),
              ("rotation_upcoming", "rotation_eligible")]
    alone = ["vacancy", "overstaffed", "training_missing", "unfit", "ineligible"]
    for earlier, later in staged:
        assert kinds[earlier].matter_key == kinds[later].matter_key
        assert kinds[earlier].stage and kinds[later].stage and kinds[earlier].stage != kinds[later].stage
    matters = {kinds[key].matter_key for key in alone} | {kinds[earlier].matter_key for earlier, _ in staged}
    assert len(matters) == len(alone) + len(staged)
    for kind in kinds.values():  # no two kinds are the same stage of one matter
        assert [other.key for other in kinds.values()
                if other.matter_key == kind.matter_key and other.stage == kind.stage] == [kind.key]


def test_a_new_stage_of_an_existing_matter_is_the_same_finding_to_a_write(monkeypatch: pytest.MonkeyPatch) -> None:
    """The recipe's "report overdue by a year": a stage whose key ends in no known suffix is still the report's
    matter, so a write that moves a finding into it tells no new finding (``注意:``)."""
    from zzy import store

    later = rules.FindingKind("report_long_overdue", 15, always(Severity.OVERDUE), "工作汇报逾期一年",
                              matter="report", stage="long_overdue")
    monkeypatch.setattr(rules, "FINDING_KINDS", MappingProxyType({**rules.FINDING_KINDS, later.key: later}))

    def found(kind: str) -> rules.Finding:
        return rules.Finding(kind, 15, Severity.OVERDUE, "T001", "张三", None, None, None, None, "")

    assert store._finding_key(found("report_long_overdue")) == store._finding_key(found("report_overdue"))
    assert store._finding_key(found("report_due")) != store._finding_key(found("target_due"))


def test_each_record_kind_has_one_entry_and_the_ledger_audit_is_built_from_them() -> None:
    """Issue 23: ``rules.problems`` has one entry a record kind of ``schema.RECORDS``, and ``doctor``'s audit runs
    those entries over every record (``rules.records.ledger_problems``), beside 第十一条、第十二条(四) of each post,
    the one rule that reads a post's holder: no article module keeps a whole-ledger copy of a record's rule."""
    from zzy.rules import art11_12_eligibility, records
    from zzy.schema import RECORD

    assert set(records.RULES) <= set(RECORD)
    assert {"person", "org", "work", "appointment", "report", "commendation", "attendance", "target", "assessment",
            "resume"} == set(records.RULES)
    assert rules.AUDITS == (art11_12_eligibility.ledger_problems, records.ledger_problems)
    every_check = {check.key for check in rules.CHECKS}
    assert set(records.FIELDS) <= every_check
