"""One entry point per record kind: :func:`problems`, every rule one record breaks.

The command that makes a record, its edit and void, the import (each row through those commands),
``restore`` (each record on its own, then the whole ledger), ``undo`` and ``doctor`` (the whole
ledger, through :func:`zzy.rules.ledger_problems`, whose audits run the same functions) ask here,
so that a rule has one home and every road refuses the same states.  Each problem names the field
of the record it is about (``Problem.field``), so that a write, an import row and a restore line
point at the same column.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any, NamedTuple

from zzy.facts import OrgFacts, PostFacts, TargetFacts, WorkFacts
from zzy.profile import Profiles
from zzy.rules.art11_12_eligibility import work_problems
from zzy.rules.art13_trial import promotion_problems, trial_problems, trial_record_problems
from zzy.rules.art15_18_duties import target_problems
from zzy.rules.art19_20_posts import leave_problems, post_problems, rotation_problems
from zzy.rules.base import Problem, future_problems


class Around(NamedTuple):
    """What one record's rules read beside it.  Without it (``restore``'s first pass reads each record of
    a file on its own), only what the record must be by itself is checked: its fields that go together
    and the order of its dates."""

    #: The day of the write: events after it cannot be recorded.
    today: date
    #: The other posts of the record's holder (for a post).
    others: Sequence[PostFacts] = ()
    #: Every org by code (for a post).
    orgs: Mapping[str, OrgFacts] | None = None
    #: Whose record it is, where its facts do not say (a party-work span).
    staff_no: str | None = None
    #: The rules profile's versions the ledger adopted (SPEC section 12; none: the shipped profile).
    profiles: Profiles = Profiles()


#: The field each check is about, where the rule does not say (the column a write and an import row name).
FIELDS = {"post_dates": "end", "prior_rank": "prior_rank", "end_reason": "end_reason", "trial_early": "trial_decided_on",
          "trial_result": "trial_result", "one_full_time_post": "start", "one_post_per_org": "start",
          "rotation_early": "start", "dissolved_org": "start", "target_result": "result", "work_dates": "end"}


def _post(post: PostFacts, around: Around | None) -> list[Problem]:
    if around is None:
        return leave_problems(post) + promotion_problems(post) + trial_record_problems(post)
    orgs = around.orgs or {}
    profiles = around.profiles
    return (leave_problems(post) + post_problems(post, around.others, orgs, profiles)
            + promotion_problems(post, profiles)
            + trial_problems(post, profiles) + rotation_problems(post, [post, *around.others], orgs, profiles)
            + [problem._replace(field="trial_decided_on") for problem in
               future_problems("试用期考核日期", post.trial_decided_on, today=around.today, staff_no=post.staff_no)])


def _work(span: WorkFacts, around: Around | None) -> list[Problem]:
    staff_no = around.staff_no if around is not None else None
    found = [problem._replace(field="start") for problem in future_problems(
        "党务工作经历的起始日期", span.start, today=around.today, staff_no=staff_no)] if around is not None else []
    return found + work_problems(span, staff_no=staff_no or "")


def _target(target: TargetFacts, around: Around | None) -> list[Problem]:
    found = target_problems(target)
    if around is not None:
        found += [problem._replace(field="assessed_on") for problem in future_problems(
            f"目标 #{target.id} 的考核日期", target.assessed_on, today=around.today, staff_no=target.staff_no)]
    return found


#: The rules of each record kind (:data:`zzy.schema.RECORDS`' keys) that has rules of its own.
RULES: dict[str, Callable[[Any, Around | None], list[Problem]]] = {
    "appointment": _post, "work": _work, "target": _target}


def problems(kind: str, new: Any, around: Around | None = None) -> list[Problem]:
    """Every rule a record of ``kind`` in its new state breaks, each naming its field; ``around`` gives what
    the rules read beside it (without it, the record on its own)."""
    rules = RULES.get(kind)
    found = rules(new, around) if rules is not None else []
    return [problem if problem.field else problem._replace(field=FIELDS.get(problem.check)) for problem in found]
