"""Writes to the ledger: organizations, people, party-work spans and posts.

Each function runs inside the caller's write transaction through a :class:`~zzy.store.Store`
(queried as it goes for a single command, loaded once for an import), validates against the
rules, appends its audit entry, and returns a :class:`Done` with the Chinese sentence to show.  None prints; every refusal is a :class:`zzy.errors.ZzyError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zzy import audit, dates, lookup, rules
from zzy.choices import OrgKind, PostKind, Rank, TrialResult
from zzy.errors import Refused, RuleViolation, UsageProblem
from zzy.facts import WorkFacts
from zzy.models import Appointment, Org, Person, WorkSpan
from zzy.store import Store, person_facts, post_facts


@dataclass(frozen=True, slots=True)
class Done:
    """What a write recorded: one Chinese sentence, and the new record's number if any."""

    message: str
    number: int | None = None


# -- 党组织 ---------------------------------------------------------------------------------


def add_org(store: Store, *, code: str, name: str, kind: OrgKind) -> Done:
    """Register a party organization; the committee (学院党委) at most once."""
    code = lookup.required_text(code, "党组织代码")
    name = lookup.required_text(name, "党组织名称")
    existing = store.find_org(code)
    if existing is not None:
        raise Refused(f"党组织代码 {code} 已被「{existing.name}」使用。请换一个代码。", field="code")
    if kind is OrgKind.COMMITTEE:
        committee = store.committee()
        if committee is not None:
            raise Refused(f"学院党委只能登记一个,已有「{committee.name}」(代码 {committee.code})。", field="kind")
    org = Org(code=code, name=name, kind=kind.value)
    store.add(org)
    store.audit(action="add", entity="org", key=code, after=audit.snapshot(org))
    return Done(f"已登记党组织「{name}」(代码 {code},{kind.label})。")


def rename_org(store: Store, *, code: str, name: str) -> Done:
    org = store.org(code)
    name = lookup.required_text(name, "党组织名称")
    if name == org.name:
        return Done(f"党组织 {code} 的名称已是「{name}」,没有修改。")
    before = audit.snapshot(org)
    old_name, org.name = org.name, name
    store.save(org)
    store.audit(action="rename", entity="org", key=code, before=before, after=audit.snapshot(org))
    return Done(f"已将党组织 {code} 由「{old_name}」更名为「{name}」。")


def dissolve_org(store: Store, *, code: str, on: date) -> Done:
    """Record that an org was dissolved; refused while anyone still holds a post there."""
    org = store.org(code)
    if org.dissolved_on is not None:
        raise Refused(f"党组织「{org.name}」已于 {org.dissolved_on.isoformat()} 撤销。")
    holders = [person for post, person in store.posts_at(org) if post.end is None or post.end > on]
    if holders:
        names = "、".join(f"{person.name}({person.staff_no})" for person in holders)
        raise Refused(
            f"「{org.name}」在 {on.isoformat()} 仍有人任职: {names}。请先用 zzy leave 办理离任,再撤销。"
        )
    before = audit.snapshot(org)
    org.dissolved_on = on
    store.save(org)
    store.audit(action="dissolve", entity="org", key=code, before=before, after=audit.snapshot(org))
    return Done(f"已记录党组织「{org.name}」于 {on.isoformat()} 撤销。")


# -- 人员 -------------------------------------------------------------------------------------


def _check_membership(joined: date, full: date | None, *, today: date) -> None:
    problems = rules.membership_problems(joined, full, today=today)
    if problems:
        raise RuleViolation("入党日期或转正日期不合理,未保存:", problems=problems,
                            field="full" if full is not None and joined <= today else "joined")


def add_person(
    store: Store,
    *,
    staff_no: str,
    name: str,
    joined: date,
    full: date | None,
    in_service: bool,
    today: date,
) -> Done:
    """Register a person by 工号; 转正日期 must fall one to two years after 入党日期."""
    staff_no = lookup.required_text(staff_no, "工号")
    name = lookup.required_text(name, "姓名")
    existing = store.find_person(staff_no)
    if existing is not None:
        raise Refused(f"工号 {staff_no} 已登记为「{existing.name}」。修改请用 zzy person edit {staff_no}。",
                      field="staff_no")
    _check_membership(joined, full, today=today)
    person = Person(staff_no=staff_no, name=name, joined=joined, full=full, in_service=in_service)
    store.add(person)
    store.audit(action="add", entity="person", key=staff_no, after=audit.snapshot(person))
    status = f"转正 {full.isoformat()}" if full else "预备党员"
    return Done(f"已登记 {name}(工号 {staff_no}),入党 {joined.isoformat()},{status}。")


def edit_person(
    store: Store,
    *,
    staff_no: str,
    today: date,
    name: str | None = None,
    joined: date | None = None,
    full: date | None = None,
    clear_full: bool = False,
    in_service: bool | None = None,
) -> Done:
    """Change a person's profile; the membership dates are checked as in ``add_person``."""
    person = store.person(staff_no)
    if full is not None and clear_full:
        raise UsageProblem("--full 与 --clear-full 不能同时使用。")
    if name is None and joined is None and full is None and not clear_full and in_service is None:
        raise UsageProblem("没有要修改的内容。请指定 --name、--joined、--full 等选项(见 zzy person edit --help)。")
    before = audit.snapshot(person)
    if name is not None:
        person.name = lookup.required_text(name, "姓名")
    if joined is not None:
        person.joined = joined
    if full is not None:
        person.full = full
    if clear_full:
        person.full = None
    if in_service is not None:
        person.in_service = in_service
    after = audit.snapshot(person)
    if after == before:
        return Done(f"{person.name}(工号 {staff_no})的信息与登记的相同,没有修改。")
    _check_membership(person.joined, person.full, today=today)
    store.save(person)
    store.audit(action="edit", entity="person", key=staff_no, before=before, after=after)
    changed = "、".join(_PERSON_LABELS[k] for k in _PERSON_LABELS if after[k] != (before or {}).get(k))
    return Done(f"已修改 {person.name}(工号 {staff_no})的{changed}。")


_PERSON_LABELS = {"name": "姓名", "joined": "入党日期", "full": "转正日期", "in_service": "在职状态"}


# -- 党务工作经历 ---------------------------------------------------------------------------


def add_work(
    store: Store, *, staff_no: str, start: date, last_day: date | None, note: str | None
) -> Done:
    """Record a span of party-affairs work, ``start``..``last_day`` inclusive."""
    person = store.person(staff_no)
    if last_day is not None and last_day < start:
        raise Refused(f"截止日期 {last_day.isoformat()} 早于起始日期 {start.isoformat()}。", field="to")
    span = WorkSpan(person_id=person.id or 0, start=start, end=last_day, note=lookup.optional_text(note))
    store.add(span)
    store.audit(action="add", entity="work", key=staff_no,
                 after=audit.snapshot(span, staff_no=staff_no))
    until = f"至 {last_day.isoformat()}" if last_day else "至今"
    return Done(f"已记录 {person.name}(工号 {staff_no})的党务工作经历: {start.isoformat()} {until}。")


# -- 任职 -------------------------------------------------------------------------------------


def _overlaps(start: date, end: date | None, other: Appointment) -> bool:
    """Half-open ``[start, end)`` and ``[other.start, other.end)`` share a day."""
    return (end is None or other.start < end) and (other.end is None or other.end > start)


def _post_conflicts(
    store: Store, person: Person, org: Org, *, kind: PostKind, start: date, end: date | None
) -> list[str]:
    """Dissolved org, a second full-time post (art. 19), a second post at the same org."""
    problems = []
    if org.dissolved_on is not None and (end is None or end > org.dissolved_on):
        problems.append(f"党组织「{org.name}」已于 {org.dissolved_on.isoformat()} 撤销")
    if end is not None and end <= start:
        problems.append(f"离任日期 {end.isoformat()} 须晚于任职日期 {start.isoformat()}")
    for post, post_org in store.posts_of(person):
        if not _overlaps(start, end, post):
            continue
        held = f"{post_org.name}{PostKind(post.kind).label}组织员(自 {post.start.isoformat()} 起)"
        if kind is PostKind.FULL and post.kind == PostKind.FULL:
            problems.append(f"{person.name}已任{held},专职组织员专人专岗,不能同时任两个专职(第十九条)")
        elif post_org.id == org.id:
            problems.append(f"{person.name}已任{held},同一党组织不能同时任两个职务")
    return problems


def eligibility_on(store: Store, person: Person, *, kind: str, rank: str, as_of: date) -> list[rules.Criterion]:
    """第十一条、第十二条(四) for ``person`` on ``as_of``, from what the ledger holds."""
    return rules.eligibility(
        person_facts(person),
        [WorkFacts(span.start, span.end) for span in store.work_of(person)],
        [post_facts(post, staff_no=person.staff_no, org_code=org.code) for post, org in store.posts_of(person)],
        kind=kind,
        rank=rank,
        as_of=as_of,
    )


def appoint(
    store: Store,
    *,
    staff_no: str,
    org: str,
    kind: PostKind,
    rank: Rank,
    start: date,
    promoted: bool = False,
    prior_rank: Rank | None = None,
    override: str | None = None,
    history: PostHistory | None = None,
) -> Done:
    """Start a post; refused when the person fails arts. 11/12(4), unless overridden with a reason.

    ``history`` carries how an imported post ended (离任, 试用期考核); commands leave it out.
    """
    person = store.person(staff_no)
    post_org = store.org(org)
    if prior_rank is not None and not promoted:
        raise UsageProblem("--prior-rank 只用于新提拔(--promoted)的任职。", field="prior_rank")
    override = lookup.optional_text(override)
    history = _checked_history(history or PostHistory(), start=start, promoted=promoted)
    conflicts = _post_conflicts(store, person, post_org, kind=kind, start=start, end=history.end)
    if conflicts:
        raise RuleViolation(f"未任命{person.name}(工号 {staff_no}):", problems=conflicts, field="start")
    failed = [c for c in eligibility_on(store, person, kind=kind, rank=rank, as_of=start) if not c.passed]
    if failed and override is None:
        raise RuleViolation(
            f"{person.name}(工号 {staff_no})在 {start.isoformat()} 不符合任职条件,未任命。"
            "如经党委特批,请加 --override \"特批理由\" 重新执行。",
            problems=[c.detail for c in failed],
            field="start",
        )
    post = Appointment(
        person_id=person.id or 0,
        org_id=post_org.id or 0,
        kind=kind.value,
        rank=rank.value,
        start=start,
        promoted=promoted,
        prior_rank=prior_rank.value if prior_rank else None,
        override=override if failed else None,
        end=history.end,
        end_reason=history.end_reason,
        trial_result=history.trial_result.value if history.trial_result else None,
        trial_decided_on=history.trial_decided_on,
    )
    store.add(post)
    store.audit(action="appoint", entity="appointment", key=staff_no,
                 after=audit.snapshot(post, staff_no=staff_no, org=org))
    message = (
        f"已任命 {person.name}(工号 {staff_no})为「{post_org.name}」{kind.label}组织员({rank.label}),"
        f"任职日期 {start.isoformat()}"
    )
    if promoted:
        message += f",新提拔,试用期至 {rules.trial_end(post_facts(post, staff_no=staff_no, org_code=org))}"
    if failed:
        message += f"。已按特批任命(理由: {override}),未满足: " + "、".join(_criterion_names(failed))
    return Done(message + "。")


@dataclass(frozen=True, slots=True)
class PostHistory:
    """How an imported post went on: when it was left, and its trial result."""

    end: date | None = None
    end_reason: str | None = None
    trial_result: TrialResult | None = None
    trial_decided_on: date | None = None


def _checked_history(history: PostHistory, *, start: date, promoted: bool) -> PostHistory:
    """第十三条 for a post recorded after the fact: a result needs a promotion and a date on or after
    the trial end; a failed trial ends the post that day."""
    if history.trial_result is None:
        if history.trial_decided_on is not None:
            raise Refused("有考核日期却没有试用期考核结果。", field="trial_result")
        return history
    if not promoted:
        raise Refused("只有新提拔的任职才有试用期考核结果(第十三条)。", field="trial_result")
    trial_ends = dates.add_years(start, rules.TRIAL_YEARS)
    if history.trial_decided_on is None or history.trial_decided_on < trial_ends:
        raise RuleViolation(f"试用期至 {trial_ends.isoformat()} 期满,考核日期不能早于这一天(第十三条)。",
                            field="trial_decided_on")
    if history.trial_result is TrialResult.FAIL:
        if history.end is not None and history.end != history.trial_decided_on:
            raise Refused("试用期考核不胜任的,离任日期应为考核日期(第十三条)。", field="end")
        return PostHistory(history.trial_decided_on, history.end_reason or "trial_failed",
                           history.trial_result, history.trial_decided_on)
    return history


_CRITERION_NAMES = {"party_age": "党龄", "party_work": "党务工作经历", "in_service": "在职教职工"}


def _criterion_names(criteria: list[rules.Criterion]) -> list[str]:
    return [_CRITERION_NAMES[c.key] for c in criteria]


def _open_posts(store: Store, person: Person) -> list[tuple[Appointment, Org]]:
    return [(post, org) for post, org in store.posts_of(person) if post.end is None]


def _end_post(store: Store, post: Appointment, *, on: date, reason: str | None, staff_no: str, org: str) -> None:
    before = audit.snapshot(post, staff_no=staff_no, org=org)
    post.end = on
    post.end_reason = reason
    store.save(post)
    store.audit(action="leave", entity="appointment", key=staff_no,
                 before=before, after=audit.snapshot(post, staff_no=staff_no, org=org))


def leave(store: Store, *, staff_no: str, on: date, org: str | None = None, reason: str | None = None) -> Done:
    """End a post on ``on`` (the day it was left); ``org`` is needed when several are held."""
    person = store.person(staff_no)
    held = _open_posts(store, person)
    if org is not None:
        store.org(org)
        held = [(post, post_org) for post, post_org in held if post_org.code == org]
    if not held:
        where = f"在党组织 {org} " if org else ""
        raise Refused(f"{person.name}(工号 {staff_no}){where}没有在任的职务。")
    if len(held) > 1:
        codes = "、".join(f"{post_org.code}({post_org.name})" for _, post_org in held)
        raise Refused(f"{person.name}(工号 {staff_no})同时任多个职务: {codes}。请用 --org 指定离任哪一个。")
    post, post_org = held[0]
    if on <= post.start:
        raise Refused(f"离任日期 {on.isoformat()} 须晚于任职日期 {post.start.isoformat()}。")
    _end_post(store, post, on=on, reason=lookup.optional_text(reason), staff_no=staff_no, org=post_org.code)
    return Done(f"已记录 {person.name}(工号 {staff_no})于 {on.isoformat()} 离任「{post_org.name}」"
                f"{PostKind(post.kind).label}组织员。")


# -- 试用期 (第十三条) ------------------------------------------------------------------------


def record_trial(store: Store, *, staff_no: str, result: TrialResult, on: date, org: str | None = None) -> Done:
    """Record the art. 13 result of the person's open trial, on or after the trial end;
    ``org`` names the post when the person has several open trials."""
    person = store.person(staff_no)
    open_trials = [(p, o) for p, o in _open_posts(store, person) if p.promoted and p.trial_result is None]
    if org is not None:
        store.org(org)
        open_trials = [(p, o) for p, o in open_trials if o.code == org]
    if not open_trials:
        where = f"在党组织 {org} " if org else ""
        raise Refused(f"{person.name}(工号 {staff_no}){where}没有待考核的试用期(只有新提拔的在任职务才有试用期)。")
    if len(open_trials) > 1:
        trials = "、".join(f"{o.code}({o.name},{PostKind(p.kind).label},自 {p.start.isoformat()} 起)"
                          for p, o in open_trials)
        raise Refused(f"{person.name}(工号 {staff_no})有多个待考核的试用期: {trials}。请用 --org 指定考核哪一个。")
    post, post_org = open_trials[0]
    facts = post_facts(post, staff_no=staff_no, org_code=post_org.code)
    ends = rules.trial_end(facts)
    assert ends is not None
    if on < ends:
        raise RuleViolation(
            f"{person.name}的试用期至 {ends.isoformat()} 期满,不能在 {on.isoformat()} 记录考核结果"
            "(第十三条: 试用期满后考核)。"
        )
    before = audit.snapshot(post, staff_no=staff_no, org=post_org.code)
    post.trial_result = result.value
    post.trial_decided_on = on
    if result is TrialResult.FAIL:
        post.end = on
        post.end_reason = "trial_failed"
    store.save(post)
    store.audit(action="trial", entity="appointment", key=staff_no,
                 before=before, after=audit.snapshot(post, staff_no=staff_no, org=post_org.code))
    who = f"{person.name}(工号 {staff_no})在「{post_org.name}」"
    if result is TrialResult.PASS:
        return Done(f"{who}试用期考核胜任,自 {on.isoformat()} 起正式任职(第十三条)。")
    prior = f"试任前职级({Rank(post.prior_rank).label})" if post.prior_rank else "试任前职级"
    return Done(f"{who}试用期考核不胜任,已于 {on.isoformat()} 免去试任职务,一般按{prior}安排工作(第十三条)。")


# -- 轮岗 (第二十条) --------------------------------------------------------------------------


def rotate(store: Store, *, staff_no: str, org: str, on: date) -> Done:
    """End the full-time post and start the same kind and rank at ``org``, on or after rotation_on."""
    person = store.person(staff_no)
    target = store.org(org)
    full_time = [(p, o) for p, o in _open_posts(store, person) if p.kind == PostKind.FULL]
    if not full_time:
        raise Refused(f"{person.name}(工号 {staff_no})没有在任的专职组织员职务,无从轮岗。")
    post, post_org = full_time[0]
    if post_org.id == target.id:
        raise Refused(f"{person.name}已在「{target.name}」任职,轮岗须换到另一个党组织。")
    posts = [post_facts(p, staff_no=staff_no, org_code=o.code) for p, o in store.posts_of(person)]
    current = next(p for p in posts if p.id == post.id)
    began = rules.tenure_start(current, posts)
    rotate_on = rules.rotation_on(began)
    assert began is not None and rotate_on is not None
    if on < rotate_on:
        raise RuleViolation(
            f"{person.name}自 {began.isoformat()} 起在「{post_org.name}」任专职组织员,"
            f"{rotate_on.isoformat()} 才满8年,不能在 {on.isoformat()} 轮岗(第二十条)。"
        )
    _end_post(store, post, on=on, reason="rotation", staff_no=staff_no, org=post_org.code)
    kind, rank = PostKind(post.kind), Rank(post.rank)
    conflicts = _post_conflicts(store, person, target, kind=kind, start=on, end=None)
    failed = [c for c in eligibility_on(store, person, kind=kind, rank=rank, as_of=on) if not c.passed]
    if conflicts or failed:
        raise RuleViolation(
            f"未轮岗: {person.name}不能在 {on.isoformat()} 到「{target.name}」任职"
            "(如经特批,请分别用 zzy leave 和 zzy appoint --override 办理):",
            problems=conflicts + [c.detail for c in failed],
        )
    new_post = Appointment(person_id=person.id or 0, org_id=target.id or 0, kind=kind.value,
                           rank=rank.value, start=on)
    store.add(new_post)
    store.audit(action="appoint", entity="appointment", key=staff_no,
                 after=audit.snapshot(new_post, staff_no=staff_no, org=org))
    return Done(f"已办理轮岗: {person.name}(工号 {staff_no})于 {on.isoformat()} 离任「{post_org.name}」,"
                f"到「{target.name}」任{kind.label}组织员({rank.label})(第二十条)。")
