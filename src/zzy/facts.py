"""Plain data the rules read: what the ledger holds, with no database attached.

The ledger loads these in a few set-based queries (:mod:`zzy.load`), a write builds them from the
records it touches (:mod:`zzy.store`); :mod:`zzy.rules` decides over them.  Every builder names
the fields (``PostFacts(id=…, staff_no=…)``), never relies on their order.
A record is a named tuple: immutable like a frozen dataclass, and built five times faster,
which counts when a province's reminder list reads a few hundred thousand of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from zzy.profile import Profiles


class PersonFacts(NamedTuple):
    """人员."""

    staff_no: str
    name: str
    joined: date
    full: date | None
    in_service: bool = True
    #: 离岗日期: the first day no longer in service; empty while in service (SPEC section 4).
    out_of_service_on: date | None = None

    def in_service_on(self, day: date) -> bool:
        """第十一条 在职教职工 on ``day``: unless the 离岗日期 is on or before it."""
        return self.out_of_service_on is None or self.out_of_service_on > day


class WorkFacts(NamedTuple):
    """党务工作经历: ``start``..``last_day`` inclusive; ``last_day`` empty while ongoing."""

    start: date
    last_day: date | None = None


class OrgFacts(NamedTuple):
    """党组织."""

    code: str
    name: str
    kind: str
    dissolved_on: date | None = None

    def exists_on(self, day: date) -> bool:
        """Not yet dissolved on ``day``."""
        return self.dissolved_on is None or self.dissolved_on > day

    @property
    def is_committee(self) -> bool:
        return self.kind == "committee"


class PostFacts(NamedTuple):
    """任职: half-open ``[start, end)``."""

    id: int
    staff_no: str
    org: str
    kind: str
    rank: str
    start: date
    end: date | None = None
    end_reason: str | None = None
    promoted: bool = False
    prior_rank: str | None = None
    trial_result: str | None = None
    trial_decided_on: date | None = None
    override: str | None = None

    def active_on(self, day: date) -> bool:
        """Held on ``day``: started on or before it, and not yet left."""
        return self.start <= day and (self.end is None or self.end > day)

    @property
    def full_time(self) -> bool:
        return self.kind == "full"


class TrainingFacts(NamedTuple):
    """培训 / 工作交流 (art. 18)."""

    id: int
    date: date
    title: str
    kind: str
    host: str


class TargetFacts(NamedTuple):
    """目标 (art. 16)."""

    id: int
    staff_no: str
    title: str
    due: date
    result: str | None = None
    assessed_on: date | None = None


class AssessmentFacts(NamedTuple):
    """年度考核 (art. 17)."""

    staff_no: str
    year: int
    grade: str


@dataclass(frozen=True, slots=True)
class Settings:
    """config: the intervals the clerk may change."""

    report_interval_months: int = 6
    remind_within_days: int = 60
    #: ``remind_within_days.KIND``: a finding kind's own lead time (a kind without one uses the default).
    remind_within_days_of: tuple[tuple[str, int], ...] = ()

    def within_of(self) -> dict[str, int]:
        return dict(self.remind_within_days_of)


@dataclass(frozen=True, slots=True)
class LedgerFacts:
    """Everything the reminder list reads, as of one day."""

    people: dict[str, PersonFacts]
    orgs: dict[str, OrgFacts]
    posts: list[PostFacts]
    work: dict[str, list[WorkFacts]]
    #: 定期汇报: each person's regular reports (第十五条's interval runs from the last of them).
    reports: dict[str, list[date]]
    trainings: list[TrainingFacts]
    targets: list[TargetFacts]
    assessments: list[AssessmentFacts]
    settings: Settings
    #: 表彰: each person's commendation dates (only :func:`zzy.load.ledger_facts` reads them: no reminder does).
    commendations: dict[str, list[date]] = field(default_factory=dict)
    #: 参加培训: who attended each training, by the training's number (likewise only for ``doctor``).
    attendance: dict[int, list[str]] = field(default_factory=dict)
    #: 专题汇报: each person's special reports, a separate duty that does not reset the interval (only ``doctor``
    #: reads them, for their dates).
    special_reports: dict[str, list[date]] = field(default_factory=dict)
    #: The rules profile's versions the ledger adopted (SPEC section 12): each decision reads the version in
    #: force on its day (``profiles.on(day)``); none adopted, the shipped profile.
    profiles: Profiles = field(default_factory=Profiles)
    #: 简历 (SPEC section 13): each person's periods, ``start``..``last_day`` (only ``doctor`` reads them).
    resume: dict[str, list[WorkFacts]] = field(default_factory=dict)

