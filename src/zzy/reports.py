"""The reports a clerk and a cron job read: ``check``, ``remind``, ``roster``, a person's file.

Each builds typed rows (a named tuple per report) from the ledger and the rules; :mod:`zzy.render` prints them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any, NamedTuple

from zzy import dates, load, rules, views
from zzy.choices import (
    DoctorCheck,
    Grade,
    PostKind,
    Rank,
    Severity,
    TargetResult,
    TrialResult,
    label_or_text,
    post_title,
)
from zzy.errors import UsageProblem
from zzy.figures import summary_rows
from zzy.lookup import org_missing
from zzy.reader import Reader, day
from zzy.report_types import Column, Report, Section, as_dict
from zzy.schema import ORG
from zzy.text import trimmed

SEVERITY_STYLES = {"overdue": "bold red", "due": "yellow", "info": "cyan"}


# -- check (第十一条、第十二条) ----------------------------------------------------------------


def _default_post(posts: list[Any], as_of: date) -> tuple[str, str]:
    """The kind and rank to check against: the active post (full-time first), else full/none."""
    active = sorted((p for p in posts if p.active_on(as_of)), key=lambda p: (not p.full_time, p.start))
    if active:
        return active[0].kind, active[0].rank
    return PostKind.FULL.value, Rank.NONE.value


class CriterionRow(NamedTuple):
    """A condition of office as ``check`` shows it (第十一条、第十二条(四))."""

    key: str
    article: int
    passed: bool
    met_on: date | None
    detail: str
    criterion: str
    clause: str


class ReviewRow(NamedTuple):
    """A condition the ledger cannot decide, for the 组织部 to review."""

    clause: str
    detail: str
    review: str


class CheckCsvRow(NamedTuple):
    """``check``'s CSV: one row a condition, each with the whole question (whom, as what, on which day)."""

    as_of: date
    staff_no: str
    name: str
    kind: str
    rank: str
    eligible: bool
    key: str
    article: int
    passed: bool
    met_on: date | None
    detail: str


CRITERION_COLUMNS = (
    Column("criterion", "条件"),
    Column("clause", "条款"),
    Column("passed", "结果", show=lambda ok: "符合" if ok else "不符合",
           style=lambda row: "green" if row.passed else "bold red"),
    Column("met_on", "满足日期"),
    Column("detail", "说明"),
)


def clause_name(clause: str) -> str:
    """A clause as the regulation numbers it: ``12(1)`` → ``第十二条第(一)项``."""
    article, item = clause.rstrip(")").split("(")
    return f"{rules.article_name(int(article))}第({'一二三四五六七八九十'[int(item) - 1]})项"


REVIEW_COLUMNS = (Column("clause", "条款"), Column("detail", "内容"), Column("review", "审核"))


def check(
    reader: Reader, staff_no: str, *, kind: PostKind | None, rank: Rank | None, as_of: date
) -> tuple[Report, bool]:
    """第十一条、第十二条(四) for one person; the report and whether they are eligible."""
    person, posts, work = load.person_record(reader, staff_no)
    default_kind, default_rank = _default_post(posts, as_of)
    kind_key = kind.value if kind else default_kind
    rank_key = rank.value if rank else default_rank
    profile = load.profiles(reader).on(as_of)
    criteria = rules.eligibility(person, work, posts, kind=kind_key, rank=rank_key, as_of=as_of, profile=profile)
    eligible = rules.is_eligible(criteria)
    cites = {"party_age": profile.party_age.cite, "party_work": profile.party_work.cite,
             "in_service": profile.in_service.cite}
    rows = [CriterionRow(c.key, c.article, c.passed, c.met_on, c.detail, rules.CRITERION_NAMES[c.key], cites[c.key])
            for c in criteria]
    context = {"as_of": as_of, "staff_no": person.staff_no, "name": person.name,
               "kind": kind_key, "rank": rank_key, "eligible": eligible}
    own = CheckCsvRow._fields[len(context):]  # a condition's own fields, after the question's
    document = {**context, "criteria": [{key: getattr(row, key) for key in own} for row in rows],
                "profile": profile.label}
    verdict = "符合" if eligible else "不符合"
    # a failing conclusion cites only the articles that failed; a passing one every article of office
    of_office = sorted([(profile.in_service.article, profile.in_service.cite),
                        (profile.party_age.article, profile.party_age.cite),
                        (profile.party_work.article, profile.party_work.cite)])
    cited = "、".join(dict.fromkeys(cite for _, cite in of_office)) if eligible else "、".join(dict.fromkeys(
        row.clause for c, row in sorted(((c, row) for c, row in zip(criteria, rows, strict=True)
                                         if not c.passed), key=lambda pair: pair[0].article)))
    post = post_title(kind_key, rank_key)
    review = [ReviewRow(clause_name(clause), text, "由组织部审核") for clause, text in rules.REVIEW_ITEMS]
    csv_columns = [Column(key, key) for key in CheckCsvRow._fields]
    report = Report(
        tables=[
            Section(CRITERION_COLUMNS, rows, compact=CRITERION_COLUMNS[:4], below="detail"),
            Section(REVIEW_COLUMNS, review, title="以下条件无法由台账计算,须由组织部审核:", compact=REVIEW_COLUMNS[:2]),
        ],
        csv=Section(csv_columns, [CheckCsvRow(as_of, person.staff_no, person.name, kind_key, rank_key, eligible,
                                              row.key, row.article, row.passed, row.met_on, row.detail)
                                  for row in rows]),
        document=document,
        header_lines=[f"{person.name}(工号 {person.staff_no})任{post}的条件,截至 {as_of.isoformat()}: "
                      f"{verdict}{cited}的可计算条件。"],
        name=f"任职条件检查 {person.name}(工号 {person.staff_no})",
        period=f"截至 {as_of.isoformat()}",
        regulation=profile.title,
    )
    return report, eligible


# -- remind --------------------------------------------------------------------------------


#: A finding as ``remind`` and a person's file list it: the rules' own named tuple, whose fields are SPEC
#: section 6's JSON and CSV keys, in order.
FindingRow = rules.Finding
FINDING_KEYS = FindingRow._fields


def _severity_style(row: FindingRow) -> str:
    return SEVERITY_STYLES[str(row.severity)]


FINDING_COLUMNS = (
    Column("severity", "紧急程度", show=lambda s: Severity(s).label, style=_severity_style),
    Column("article", "条款", show=rules.article_name),
    Column("kind", "事项", show=rules.finding_label),
    Column("staff_no", "工号"),
    Column("name", "姓名"),
    Column("org_name", "党组织"),
    Column("due", "期限"),
    Column("days_left", "剩余天数", justify="right"),
    Column("message", "说明"),
)

#: What a screen shows first (SPEC 9): who, what, by when; the message on the line below.
FINDING_COMPACT = (
    FINDING_COLUMNS[0], FINDING_COLUMNS[2], FINDING_COLUMNS[4],
    Column("org_name", "党组织", wrap=True),
    FINDING_COLUMNS[6], FINDING_COLUMNS[7],
)

CSV_FINDING_COLUMNS = tuple(Column(key, key) for key in FINDING_KEYS)


def finding_kind(text: str) -> str:
    """A finding kind named by its key (``trial_due``) or its Chinese label (试用期将满); else exit 2."""
    given = text.strip()
    for kind in rules.FINDING_KINDS.values():
        if given in (kind.key, kind.label):
            return kind.key
    known = "、".join(f"{kind.key}({kind.label})" for kind in rules.FINDING_KINDS.values())
    raise UsageProblem(f"没有「{given}」这类提醒事项。可选: {known}。", field="kind")


def remind(reader: Reader, *, as_of: date, within: int | None, org: str | None = None, person: str | None = None,
           kind: str | None = None) -> tuple[Report, bool]:
    """The reminder list; the report and whether anything is due or overdue.  ``org``, ``person``
    (工号 or name) and ``kind`` narrow the rows, and so what counts as due.  ``org`` keeps the findings about
    the org and about the people who hold a post there on ``as_of`` (their reports, targets, grades, trials,
    rotation: SPEC section 8)."""
    org = trimmed(org) if org is not None else None
    if org is not None and not reader.rows(f"SELECT 1 FROM {ORG} WHERE {ORG.c('code')} = ?", org):
        raise org_missing(org)
    staff_no = load.person_key(reader, person)[1] if person is not None else None
    wanted = finding_kind(kind) if kind is not None else None
    facts = load.facts_on(reader, as_of)
    window = facts.settings.remind_within_days if within is None else within
    holders = {post.staff_no for post in facts.posts if post.org == org and post.active_on(as_of)}
    found = [f for f in rules.findings(facts, as_of=as_of, within=within)
             if (org is None or f.org == org or f.org is None and f.staff_no in holders)
             and (staff_no is None or f.staff_no == staff_no) and (wanted is None or f.kind == wanted)]
    rows = list(found)
    urgent = any(f.severity is not Severity.INFO for f in found)
    counts = Counter(f.severity for f in found)
    summary = ",".join(f"{s.label}{counts[s]}项" for s in Severity)
    profile = facts.profiles.on(as_of)
    report = Report(
        tables=[Section(FINDING_COLUMNS, rows, empty="没有需要提醒的事项。", compact=FINDING_COMPACT, below="message")],
        csv=Section(CSV_FINDING_COLUMNS, rows),
        document={"as_of": as_of, "within_days": window, "findings": [as_dict(row) for row in rows],
                  "profile": profile.label},
        header_lines=[f"截至 {as_of.isoformat()} 的提醒(提前 {window} 天): 共{len(found)}项,{summary}。"],
        name="提醒事项",
        period=f"截至 {as_of.isoformat()}",
        regulation=profile.title,
    )
    return report, urgent


def person_findings(reader: Reader, staff_no: str, *, as_of: date) -> list[rules.Finding]:
    """The open findings about one person, from their records alone (those about orgs name nobody)."""
    facts = load.person_facts_on(reader, staff_no, as_of)
    return [f for f in rules.findings(facts, as_of=as_of) if f.staff_no == staff_no]


def person_file(reader: Reader, staff_no: str, *, as_of: date) -> Report:
    """人员档案 with the person's open findings on ``as_of``."""
    staff_no = load.person_key(reader, staff_no)[1]  # the clerk may have named them
    found = list(person_findings(reader, staff_no, as_of=as_of))
    findings_section = Section(FINDING_COLUMNS, found, title=f"待办事项(截至 {as_of.isoformat()})",
                               empty="没有待办事项。", compact=FINDING_COMPACT, below="message")
    report = views.person_profile(reader, staff_no, extra=[findings_section],
                                  extra_document={"findings": [as_dict(row) for row in found]})
    return replace(report, period=f"截至 {as_of.isoformat()}")


# -- roster --------------------------------------------------------------------------------

class RosterRow(NamedTuple):
    """A post in the year's roster (SPEC section 6: its JSON and CSV keys, in order); ``post`` is its kind and
    rank in one cell, for the screen."""

    staff_no: str
    name: str
    org: str
    org_name: str
    kind: str
    rank: str
    start: date
    end: date | None
    promoted: bool
    trial_end: date | None
    trial_result: str | None
    party_full: date | None
    party_age_years: int | None
    tenure_start: date | None
    rotation_on: date | None

    @property
    def post(self) -> str:
        return views.post_label(self.kind, self.rank)


ROSTER_KEYS = RosterRow._fields


def roster_headers(rotation_years: int = 8) -> tuple[str, ...]:
    """The roster's headers; the last names the rules profile's years before rotation (满8年日期 for this college)."""
    return ("工号", "姓名", "党组织代码", "党组织", "类别", "职级", "任职日期", "离任日期", "新提拔",
            "试用期满", "试用期考核", "转正日期", "党龄(年)", "任职起始", f"满{rotation_years}年日期")


ROSTER_HEADERS = roster_headers()


def roster_columns(rotation_years: int = 8) -> tuple[Column, ...]:
    shows = {"kind": PostKind, "rank": Rank, "trial_result": TrialResult}
    columns = []
    for key, header in zip(ROSTER_KEYS, roster_headers(rotation_years), strict=True):
        if key in shows:
            columns.append(views.choice_column(key, header, shows[key]))
        else:
            columns.append(Column(key, header, justify="right" if key == "party_age_years" else "left"))
    return tuple(columns)


ROSTER_COLUMNS = roster_columns()


def roster_compact(rotation_years: int = 8) -> tuple[Column, ...]:
    """The roster a screen shows first (SPEC 9); ``post`` is the kind and rank in one cell."""
    return (
        Column("name", "姓名"),
        Column("org_name", "党组织", wrap=True),
        Column("post", "类别·职级"),
        Column("start", "任职日期"),
        Column("trial_end", "试用期满"),
        Column("rotation_on", f"满{rotation_years}年"),
    )


ROSTER_COMPACT = roster_compact()


def roster_rows(facts: Any, *, year: int, reference: date) -> list[RosterRow]:
    """Every post overlapping ``year``, with its trial (by the rules profile in force on its start), party age
    and tenure (its years by the version in force on ``reference``)."""
    first, last = dates.year_start(year), dates.year_end(year)
    profiles = facts.profiles
    profile = profiles.on(reference)
    by_person = rules.posts_by_person(facts.posts)
    rows = []
    for post in facts.posts:
        if post.start > last or (post.end is not None and post.end <= first):
            continue
        person = facts.people[post.staff_no]
        org = facts.orgs[post.org]
        began = rules.tenure_start(post, by_person[post.staff_no])
        rows.append(RosterRow(
            staff_no=post.staff_no,
            name=person.name,
            org=post.org,
            org_name=org.name,
            kind=post.kind,
            rank=post.rank,
            start=post.start,
            end=post.end,
            promoted=post.promoted,
            trial_end=rules.trial_end(post, profiles),
            trial_result=post.trial_result,
            party_full=person.full,
            party_age_years=(dates.whole_years(person.full, reference)
                             if person.full is not None and person.full <= reference else None),
            tenure_start=began,
            rotation_on=rules.rotation_on(began, profile),
        ))
    rows.sort(key=lambda row: (row.org, row.start, row.staff_no))
    return rows


def roster(reader: Reader, *, year: int, as_of: date | None) -> Report:
    """年度名册: the spec's columns in the spec's order."""
    reference = as_of or dates.year_end(year)
    facts = load.roster_facts(reader, year)
    rows = roster_rows(facts, year=year, reference=reference)
    profile = facts.profiles.on(reference)
    years = profile.rotation.years
    return Report(
        tables=[Section(roster_columns(years), rows,
                        empty=f"{year} 年没有任职记录。", compact=roster_compact(years))],
        document={"year": year, "as_of": reference, "rows": [row._asdict() for row in rows], "profile": profile.label},
        regulation=profile.title,
        name="组织员名册",
        period=f"{year} 年",
        header_lines=[f"{year} 年组织员名册(党龄计算至 {reference.isoformat()}),共 {len(rows)} 条任职记录。"],
    )


# -- summary (第十五至十八条) -----------------------------------------------------------------

SUMMARY_COLUMNS = (Column("item", "项目"), Column("value", "数量", justify="right"), Column("note", "说明"))


def summary(reader: Reader, *, year: int, as_of: date | None = None, today: date | None = None) -> Report:
    """The year in one report: trainings, organizers, vacancies, reports, grades, targets.  Its trainings are
    those held by its reference date (:func:`page_reference`, the day its reminder list uses): a training
    dated after it has not happened, and meets 第十八条 in the figures no sooner than in the reminders."""
    reference = page_reference(year, as_of=as_of, today=today or dates.today())
    profile = load.profiles(reader).on(reference)
    counts = load.year_counts(reader, year)
    trainings = [t for t in views.trainings(reader, year=year) if t.date <= reference]
    orgs = {org.code: org for org in counts.orgs}
    qualifying = {t.id for t in rules.qualifying_trainings(counts.trainings, orgs, year=year, until=reference)}
    grades = {grade.value: counts.grades.get(grade.value, 0) for grade in Grade}
    targets = {"met": counts.targets.get("met", 0), "unmet": counts.targets.get("unmet", 0),
               "open": counts.targets.get(None, 0)}
    vacancies = rules.vacant_orgs(counts.orgs, counts.year_end_full_time, as_of=dates.year_end(year),
                                  wanted=profile.staffing.full_time_per_org)
    full_time, part_time = counts.by_kind.get("full", 0), counts.by_kind.get("part", 0)
    reports_held, commendations = counts.reports, counts.commendations
    document = {
        "year": year,
        "trainings": [{**t._asdict(), "counts": t.id in qualifying, "attendees": len(t.attendees)}
                      for t in trainings],
        "training_requirement_met": len(qualifying) >= profile.training.per_year,
        "organizers": counts.organizers,
        "full_time": full_time,
        "part_time": part_time,
        "vacancies_at_year_end": vacancies,
        "reports": reports_held,
        "assessments": grades,
        "commendations": commendations,
        "targets": targets,
        "profile": profile.label,
    }
    return Report(
        tables=[Section(SUMMARY_COLUMNS, summary_rows(document, profile=profile), title=f"{year} 年组织员工作总结"),
                Section(views.TRAINING_COLUMNS, trainings, title="培训与工作交流", empty="该年没有培训记录。",
                        compact=views.TRAINING_COMPACT)],
        document=document,
        name="组织员工作总结",
        period=f"{year} 年",
        regulation=profile.title,
    )


def page_reference(year: int, *, as_of: date | None, today: date) -> date:
    """The day the year page's reminders and roster are computed for: ``--as-of``, else Dec 31 of
    the year, or today while that day is still ahead (no finding is called overdue before it is)."""
    return as_of or min(dates.year_end(year), today)


def year_page(reader: Reader, *, year: int, as_of: date | None, today: date) -> str:
    """The year on one page (SPEC section 9): the summary, the reminders and the roster, in one read."""
    from zzy import page  # start-up

    reference = page_reference(year, as_of=as_of, today=today)
    reminders, _ = remind(reader, as_of=reference, within=None)
    roster_document = roster(reader, year=year, as_of=reference).document
    end_reasons = {(staff_no, code, day(start)): reason for staff_no, code, start, reason in reader.rows(
        "SELECT p.staff_no, o.code, a.start, a.end_reason FROM appointment a JOIN person p ON p.id = a.person_id "
        'JOIN org o ON o.id = a.org_id WHERE a."end" BETWEEN ? AND ?', dates.year_start(year), dates.year_end(year))}
    rows = [{**row, "end_reason": end_reasons.get((row["staff_no"], row["org"], row["start"]))}
            for row in roster_document["rows"]]
    return page.year_page(committee=views.committee_name(reader), summary=summary(reader, year=year, as_of=as_of, today=today).document,
                          reminders=reminders.document, roster={**roster_document, "rows": rows},
                          generated_on=today, named=named_in_figures(reader, year=year),
                          profile=load.profiles(reader).on(reference))


def named_in_figures(reader: Reader, *, year: int) -> dict[str, list[str]]:
    """Who the year page's figures are about: those graded 不称职 for ``year`` (第十七条) and those whose
    target due in ``year`` was assessed unmet (第十六条), as ``姓名(工号)``."""
    unfit = [f"{row['name']}({row['staff_no']})" for row in views.assessments(reader, year=year)
             if row["grade"] == Grade.INCOMPETENT]
    unmet = [f"{row['name']}({row['staff_no']})「{row['title']}」" for row in views.targets(reader)
             if row["due"].year == year and row["result"] == TargetResult.UNMET]
    return {"incompetent": unfit, "unmet_targets": unmet}


# -- doctor ----------------------------------------------------------------------------------

def check_label(check: str) -> str:
    """The Chinese name of a check ``doctor`` reports: a rule's (``rules.CHECK_LABELS``) or its own."""
    return rules.CHECK_LABELS.get(check) or label_or_text(DoctorCheck, check)


class DoctorRow(NamedTuple):
    """A problem ``doctor`` finds (SPEC section 6: its JSON keys, in order)."""

    check: str
    article: int | None
    staff_no: str | None
    org: str | None
    message: str


DOCTOR_COLUMNS = (Column("check", "检查项", show=check_label), Column("article", "条款", show=lambda a: rules.article_name(a) if a else ""),
                  Column("staff_no", "工号"), Column("org", "党组织"), Column("message", "说明"))


def doctor(reader: Reader | None, *, integrity: list[str], today: date,
           audit_log: Sequence[tuple[str, str]] = ()) -> tuple[Report, bool]:
    """The ledger's health: SQLite integrity, references, the audit log (``(check, message)``
    pairs from :func:`zzy.audit.examine`), and rules the stored data breaks (the rules only when
    the records can be read: ``reader`` is None for a damaged ledger).  A rule broken with a special
    approval (特批, its reason stored) is an accepted exception: listed as information, not a problem."""
    rows = [DoctorRow("integrity", None, None, None, problem) for problem in integrity]
    rows += [DoctorRow(check, None, None, None, message) for check, message in audit_log]
    problems = rules.ledger_problems(load.ledger_facts(reader), today=today) if reader is not None else []
    rows += [DoctorRow(p.check, p.article, p.staff_no, p.org, p.message) for p in problems if not p.accepted]
    accepted = [DoctorRow("override", p.article, p.staff_no, p.org, p.message) for p in problems if p.accepted]
    clean = not rows
    verdict = "账本检查通过: 数据完整,没有发现违反规定的记录。" if clean else f"账本检查发现 {len(rows)} 个问题:"
    if accepted:
        verdict += f"另有 {len(accepted)} 项特批任职(已接受的例外,见下表)。"
    sections = [Section(DOCTOR_COLUMNS, rows, empty="")]
    if accepted:
        sections.append(Section(DOCTOR_COLUMNS, accepted, title="特批任职(已接受的例外)"))
    report = Report(tables=sections, document={"ok": clean, "problems": [as_dict(row) for row in rows],
                                               "accepted": [as_dict(row) for row in accepted]},
                    header_lines=[verdict], name="账本检查", period=f"截至 {today.isoformat()}")
    return report, clean
