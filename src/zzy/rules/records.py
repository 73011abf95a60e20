"""One entry point per record kind: :func:`problems`, every rule one record breaks.

The command that makes a record, its edit and void, the import (each row through those commands),
``restore`` (each record on its own, then the whole ledger), ``undo`` and ``doctor`` ask here: the
whole-ledger audit :func:`ledger_problems` runs :func:`problems` over every stored record, with the
records around it, so that a rule has one home, one sentence, and every road refuses the same states.
Each problem names the field of the record it is about (``Problem.field``), so that a write, an import
row and a restore line point at the same column.

The one rule that is not one record's: 第十一条、第十二条(四), the conditions of office of a post, read from
its holder's record and party-work spans (:func:`zzy.rules.art11_12_eligibility.appointment_problems`, which
a write may override with a special approval), is audited beside these (:data:`zzy.rules.AUDITS`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from typing import Any, NamedTuple

from zzy.facts import (
    AssessmentFacts,
    LedgerFacts,
    OrgFacts,
    PersonFacts,
    PostFacts,
    TargetFacts,
    TrainingFacts,
    WorkFacts,
)
from zzy.profile import Profiles
from zzy.rules.art07_membership import person_problems
from zzy.rules.art10_staffing import org_problems
from zzy.rules.art11_12_eligibility import service_problems, work_problems
from zzy.rules.art13_trial import promotion_problems, trial_problems, trial_record_problems
from zzy.rules.art15_18_duties import target_problems
from zzy.rules.art19_20_posts import leave_problems, post_problems, rotation_problems
from zzy.rules.base import Problem, future_problems, future_year_problems, period_problems, posts_by_person


class Around(NamedTuple):
    """What one record's rules read beside it.  ``alone`` (``restore``'s first pass reads each record of a
    file on its own, before the ledger it makes): only what the record must be by itself is checked, its
    fields that go together, the order of its dates and the events that cannot have happened by ``today``."""

    #: The day of the write: events after it cannot be recorded.
    today: date
    #: The other posts of the record's holder (for a post).
    others: Sequence[PostFacts] = ()
    #: Every org by code (for a post); the other orgs (for an org).
    orgs: Mapping[str, OrgFacts] | None = None
    #: Whose record it is, where its facts do not say (a party-work span, a report, a commendation, an
    #: attendance, a line of the 简历).
    staff_no: str | None = None
    #: The rules profile's versions the ledger adopted (SPEC section 12; none: the shipped profile).
    profiles: Profiles = Profiles()
    #: The record on its own: no rule that reads other records or the profile.
    alone: bool = False


#: The field each check is about, where the rule does not say (the column a write and an import row name).
FIELDS = {"post_dates": "end", "prior_rank": "prior_rank", "end_reason": "end_reason", "trial_early": "trial_decided_on",
          "trial_result": "trial_result", "one_full_time_post": "start", "one_post_per_org": "start",
          "rotation_early": "start", "dissolved_org": "start", "target_result": "result", "work_dates": "end",
          "period_dates": "end", "one_committee": "kind"}


def _on(field: str, found: list[Problem]) -> list[Problem]:
    return [problem._replace(field=field) for problem in found]


def _person(person: PersonFacts, around: Around) -> list[Problem]:
    """党章第七条's membership dates, and SPEC section 4's dated service (在职教职工 and 离岗日期)."""
    return (person_problems(person, today=around.today) + service_problems(person)
            + _on("out_of_service_on", future_problems("离岗日期", person.out_of_service_on, today=around.today,
                                                       staff_no=person.staff_no)))


def _org(org: OrgFacts, around: Around) -> list[Problem]:
    if around.alone:
        return []
    return org_problems(org, around.orgs or {}, around.profiles, around.today)


def _post(post: PostFacts, around: Around) -> list[Problem]:
    trial_day = _on("trial_decided_on", future_problems("试用期考核日期", post.trial_decided_on, today=around.today,
                                                        staff_no=post.staff_no or None))
    if around.alone:  # its own dates' order too: no other post nor org is read
        return (leave_problems(post) + post_problems(post, (), {}, around.profiles) + promotion_problems(post)
                + trial_record_problems(post) + trial_day)
    orgs = around.orgs or {}
    profiles = around.profiles
    return (leave_problems(post) + post_problems(post, around.others, orgs, profiles)
            + promotion_problems(post, profiles)
            + trial_problems(post, profiles) + rotation_problems(post, [post, *around.others], orgs, profiles)
            + trial_day)


def _work(span: WorkFacts, around: Around) -> list[Problem]:
    """A party-work span: begun by today, ending on or after the day it began."""
    return (_on("start", future_problems("党务工作经历的起始日期", span.start, today=around.today,
                                         staff_no=around.staff_no))
            + work_problems(span, staff_no=around.staff_no or ""))


def _resume(period: WorkFacts, around: Around) -> list[Problem]:
    """A line of the 简历 (SPEC section 13), as a party-work span: begun by today, ending after it began."""
    return (_on("start", future_problems("简历的起始日期", period.start, today=around.today, staff_no=around.staff_no))
            + period_problems("简历", period.start, period.last_day, staff_no=around.staff_no))


def _report(on: date, around: Around) -> list[Problem]:
    return _on("date", future_problems("汇报日期", on, today=around.today, staff_no=around.staff_no))


def _commendation(on: date, around: Around) -> list[Problem]:
    return _on("date", future_problems("表彰日期", on, today=around.today, staff_no=around.staff_no))


def _attendance(training: TrainingFacts, around: Around) -> list[Problem]:
    """Attending a training (trainings themselves may be entered ahead): only one held by today."""
    return _on("training_id", future_problems(f"培训 #{training.id} 的日期", training.date, today=around.today,
                                              staff_no=around.staff_no))


def _target(target: TargetFacts, around: Around) -> list[Problem]:
    return target_problems(target) + _on("assessed_on", future_problems(
        f"目标 #{target.id} 的考核日期", target.assessed_on, today=around.today, staff_no=target.staff_no or None))


def _assessment(graded: AssessmentFacts, around: Around) -> list[Problem]:
    return _on("year", future_year_problems(graded.year, today=around.today, staff_no=graded.staff_no or None))


#: The rules of each record kind (:data:`zzy.schema.RECORDS`' keys) that has rules of its own: what ``new`` is.
RULES: dict[str, Callable[[Any, Around], list[Problem]]] = {
    "person": _person,            # PersonFacts
    "org": _org,                  # OrgFacts (among ``around.orgs``, the others)
    "work": _work,                # WorkFacts (``around.staff_no``)
    "appointment": _post,         # PostFacts (among ``around.others``, the holder's other posts)
    "report": _report,            # the report's date (``around.staff_no``)
    "commendation": _commendation,  # the commendation's date (``around.staff_no``)
    "attendance": _attendance,    # TrainingFacts of the training attended (``around.staff_no``)
    "target": _target,            # TargetFacts
    "assessment": _assessment,    # AssessmentFacts
    "resume": _resume,            # WorkFacts of the period (``around.staff_no``)
}


def problems(kind: str, new: Any, around: Around) -> list[Problem]:
    """Every rule a record of ``kind`` in its new state breaks, each naming its field; ``around`` gives the
    day and what the rules read beside the record."""
    rules = RULES.get(kind)
    found = rules(new, around) if rules is not None else []
    return [problem if problem.field else problem._replace(field=FIELDS.get(problem.check)) for problem in found]


def ledger_problems(facts: LedgerFacts, today: date) -> Iterator[Problem]:
    """:func:`problems` of every record of a ledger (``doctor``, ``restore``, ``undo``), each among the records
    around it.  Each post is read among its holder's posts before it, each org among the orgs before it, so that
    a pair that may not be is told once."""
    profiles = facts.profiles
    for person in facts.people.values():
        yield from problems("person", person, Around(today))
    seen: dict[str, OrgFacts] = {}  # the orgs before each (read at once, then grown: no copy per org)
    for code in sorted(facts.orgs):
        yield from problems("org", facts.orgs[code], Around(today, orgs=seen, profiles=profiles))
        seen[code] = facts.orgs[code]
    for staff_no, spans in facts.work.items():
        for span in spans:
            yield from problems("work", span, Around(today, staff_no=staff_no))
    for posts in posts_by_person(facts.posts).values():
        ordered = sorted(posts, key=lambda p: (p.start, p.id))
        for index, post in enumerate(ordered):
            yield from problems("appointment", post, Around(today, ordered[:index], facts.orgs, profiles=profiles))
    for kind, by_person in (("report", facts.reports), ("report", facts.special_reports),
                            ("commendation", facts.commendations)):
        for staff_no, days in by_person.items():
            for day in days:
                yield from problems(kind, day, Around(today, staff_no=staff_no))
    for training in facts.trainings:
        for staff_no in facts.attendance.get(training.id, ()):
            yield from problems("attendance", training, Around(today, staff_no=staff_no))
    for target in facts.targets:
        yield from problems("target", target, Around(today))
    for graded in facts.assessments:
        yield from problems("assessment", graded, Around(today))
    for staff_no, periods in facts.resume.items():
        for period in periods:
            yield from problems("resume", period, Around(today, staff_no=staff_no))
