"""The regulation, article by article, as pure functions: the only road to a decision.

Plain data in (:mod:`zzy.facts`, a day, the settings), results out:

- a :class:`Criterion` for each condition of office (arts. 11, 12(4)), decided on a day;
- a :class:`Finding` for each thing the Organization Department should act on, made by the
  functions of the registry :data:`FINDERS`, each entry declaring its kinds (key, article,
  severity rule, Chinese label);
- a :class:`Problem` for each rule a record breaks.  The write commands, the import and
  ``restore`` refuse a record on its problems (:func:`problems`, one entry point per record kind,
  :mod:`zzy.rules.records`); ``doctor`` and ``undo`` report a whole ledger's through :func:`ledger_problems`,
  which runs the same :func:`problems` over every stored record.  A write is refused exactly when
  ``doctor`` would report the result.

One module per article family, in the regulation's order: 党章第七条 (membership), 第十条
(staffing), 第十一条、第十二条 (eligibility), 第十三条 (trial), 第十五至十八条 (duties), 第十九条、
第二十条 (posts).  Nothing here reads the database or prints.
"""

from __future__ import annotations

from datetime import date
from types import MappingProxyType

from zzy.facts import LedgerFacts
from zzy.rules import (
    art07_membership,
    art10_staffing,
    art11_12_eligibility,
    art13_trial,
    art15_18_duties,
    art19_20_posts,
    base,
    records,
)
from zzy.rules.art07_membership import PROBATION_YEARS, membership_problems, person_problems
from zzy.rules.art10_staffing import dissolved_org_problems, full_time_holders, org_problems, vacant_orgs
from zzy.rules.art11_12_eligibility import (
    CRITERION_NAMES,
    PARTY_AGE_YEARS,
    PARTY_WORK_YEARS,
    REVIEW_ITEMS,
    SECTION_LEVEL,
    appointment_problems,
    eligibility,
    experience_before,
    held_posts_problems,
    in_service,
    is_eligible,
    party_age,
    party_work,
    party_work_intervals,
    party_work_segments,
    presumed_out_of_service_on,
    service_problems,
    work_problems,
)
from zzy.rules.art13_trial import (
    TRIAL_YEARS,
    promotion_problems,
    trial_end,
    trial_open_on,
    trial_problems,
    trial_record_problems,
)
from zzy.rules.art15_18_duties import (
    GRADES_REMINDED,
    UNFIT_GRADE,
    latest_grades,
    qualifying_trainings,
    report_due_on,
    target_open_on,
    target_problems,
)
from zzy.rules.art19_20_posts import (
    ROTATION,
    ROTATION_YEARS,
    broken_by_a_day,
    leave_problems,
    overlaps,
    post_problems,
    rotation_on,
    rotation_problems,
    tenure_start,
)
from zzy.rules.base import (
    Audit,
    Check,
    Criterion,
    Finder,
    Finding,
    FindingKind,
    Problem,
    Reminder,
    article_name,
    future_problems,
    future_year_problems,
    new_problems,
    period_problems,
    posts_by_person,
    refused,
    sorted_findings,
)
from zzy.rules.records import Around, problems

#: Every rule of the reminder list, in the regulation's order.
FINDERS: tuple[Finder, ...] = (
    *art10_staffing.FINDINGS,
    *art11_12_eligibility.FINDINGS,
    *art13_trial.FINDINGS,
    *art15_18_duties.FINDINGS,
    *art19_20_posts.FINDINGS,
)

#: Every kind of finding by its key (read-only).
FINDING_KINDS = MappingProxyType({kind.key: kind for finder in FINDERS for kind in finder.kinds})

#: Everything the rules check over a ledger's records (``Problem.check``), with its Chinese name.
CHECKS: tuple[Check, ...] = (
    *base.CHECKS,
    *art07_membership.CHECKS,
    *art10_staffing.CHECKS,
    *art11_12_eligibility.CHECKS,
    *art13_trial.CHECKS,
    *art15_18_duties.CHECKS,
    *art19_20_posts.CHECKS,
)

#: The Chinese name of each check, by its key (read-only).
CHECK_LABELS = MappingProxyType({check.key: check.label for check in CHECKS})

#: Every rule over a whole ledger's records: each record's own (:func:`zzy.rules.records.ledger_problems`, the
#: very :func:`problems` every write asks), and 第十一条、第十二条(四) of each post, which reads its holder's records.
AUDITS: tuple[Audit, ...] = (art11_12_eligibility.ledger_problems, records.ledger_problems)


def findings(facts: LedgerFacts, *, as_of: date, within: int | None = None) -> list[Finding]:
    """The whole reminder list on ``as_of``, sorted as SPEC section 6 says.  ``within`` days ahead for every
    kind when given (``remind --within``); else each kind's lead time from config, or the default."""
    settings = facts.settings
    reminder = (Reminder(facts, as_of, within) if within is not None
                else Reminder(facts, as_of, settings.remind_within_days, settings.within_of()))
    return sorted_findings(finding for finder in FINDERS for finding in finder.find(reminder))


def finding_label(kind: str) -> str:
    """The Chinese name of a finding kind (its key when unknown)."""
    found = FINDING_KINDS.get(kind)
    return found.label if found else kind


def finding_matter(kind: str) -> str:
    """The matter a finding kind is one stage of (``report`` for ``report_due`` and ``report_overdue``)."""
    found = FINDING_KINDS.get(kind)
    return found.matter_key if found else kind


def ledger_problems(facts: LedgerFacts, *, today: date) -> list[Problem]:
    """Every rule a whole ledger's records break (``doctor``, ``restore``): the same functions the
    write commands refuse on.  Special approvals are there too, ``accepted``.  In the regulation's order of
    articles (a rule with none last), each article's in the order found."""
    found = [problem for audit in AUDITS for problem in audit(facts, today)]
    return sorted(found, key=lambda problem: problem.article if problem.article is not None else 1000)


__all__ = [
    "AUDITS", "Around", "CHECKS", "CHECK_LABELS", "CRITERION_NAMES", "FINDERS", "FINDING_KINDS", "GRADES_REMINDED", "PARTY_AGE_YEARS", "PARTY_WORK_YEARS",
    "PROBATION_YEARS", "REVIEW_ITEMS", "SECTION_LEVEL", "ROTATION", "ROTATION_YEARS", "TRIAL_YEARS", "UNFIT_GRADE", "Audit",
    "Check", "Criterion", "Finder", "Finding", "FindingKind", "Problem", "Reminder", "appointment_problems",
    "article_name", "broken_by_a_day", "dissolved_org_problems", "eligibility", "finding_label", "finding_matter",
    "findings", "full_time_holders", "future_problems", "future_year_problems", "period_problems", "held_posts_problems",
    "in_service", "is_eligible", "leave_problems", "promotion_problems", "target_problems", "latest_grades",
    "ledger_problems", "membership_problems", "new_problems", "org_problems", "overlaps", "party_age", "party_work",
    "party_work_intervals", "party_work_segments", "presumed_out_of_service_on", "experience_before",
    "person_problems", "problems", "trial_record_problems",
    "post_problems", "posts_by_person", "qualifying_trainings", "refused", "report_due_on", "rotation_on",
    "rotation_problems", "service_problems", "sorted_findings", "target_open_on", "tenure_start", "trial_end", "trial_open_on",
    "trial_problems", "vacant_orgs", "work_problems",
]
