"""The finding registry (issue 14): every kind of SPEC section 6 declared once, with its article and label."""

from __future__ import annotations

from datetime import date

from zzy import rules
from zzy.choices import Severity

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
