"""Writes to the ledger: organizations, people, party-work spans and posts.

Each function runs inside the caller's write transaction through a :class:`~zzy.store.Store`
(queried as it goes for a single command, loaded once for an import), builds the facts of the
record's new state, refuses on the problems :mod:`zzy.rules` finds in them (the same functions
``doctor`` runs over a whole ledger: no check of its own here), appends its audit entry, and
returns a :class:`Done` with the Chinese sentence to show.  None prints; every refusal is a
:class:`zzy.errors.ZzyError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from zzy import audit, dates, rules, text
from zzy.choices import FIELD_CHOICES, OrgKind, PostKind, Rank, TrialResult, parse_bool, post_title
from zzy.errors import NeedsOverride, Refused, RuleViolation, UsageProblem
from zzy.facts import PostFacts, WorkFacts
from zzy.labels import changes as changed
from zzy.models import Appointment, Org, Person, WorkSpan
from zzy.outcome import Done
from zzy.schema import APPOINTMENT_KIND, DATE, PERSON_FIELDS, WORK_KIND, RecordField, RecordKind
from zzy.store import Store, org_facts, person_facts, post_facts, work_facts

# -- 党组织 ---------------------------------------------------------------------------------


def add_org(store: Store, *, code: str, name: str, kind: OrgKind) -> Done:
    """Register a party organization; the committee (学院党委) at most once."""
    code = text.code_text(code, "党组织代码", field="code")
    name = text.name_text(name, "党组织名称", field="name")
    existing = store.find_org(code)
    if existing is not None:
        raise Refused(f"党组织代码 {code} 已被「{existing.name}」使用。请换一个代码。", field="code")
    org = store.new(Org, code=code, name=name, kind=kind.value)
    problems = rules.refused(rules.problems("org", org_facts(org), rules.Around(
        store.today, orgs=store.org_facts(), profiles=store.profiles())))
    if problems:
        raise RuleViolation(f"未登记党组织「{name}」:", problems=rules_messages(problems), field="kind")
    store.add(org)
    store.audit(action="add", entity="org", key=code, after=audit.snapshot(org))
    return Done(f"已登记党组织「{name}」(代码 {code},{kind.label})。")


def rename_org(store: Store, *, code: str, name: str) -> Done:
    org = store.org(code)
    name = text.name_text(name, "党组织名称", field="name")
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
    orgs, profiles = store.org_facts(), store.profiles()
    now = rules.Around(store.today, orgs=orgs, profiles=profiles)
    then = now._replace(orgs={**orgs, code: org_facts(org)._replace(dissolved_on=on)})
    held = [(person, post_facts(post, staff_no=person.staff_no, org_code=code)) for post, person in store.posts_at(org)]
    broken = [f"{person.name}({person.staff_no})撤销后将违反"
              f"{rules.article_name(problem.article) if problem.article else '规定'}: {problem.message}"
              for person, post in held
              for problem in rules.new_problems(rules.problems("appointment", post, then),
                                                rules.problems("appointment", post, now))]
    if broken:
        raise RuleViolation(f"未撤销党组织「{org.name}」,{on.isoformat()} 之后仍有人任职(请先用 zzy leave 办理离任):",
                            problems=broken)
    before = audit.snapshot(org)
    org.dissolved_on = on
    store.save(org)
    store.audit(action="dissolve", entity="org", key=code, before=before, after=audit.snapshot(org))
    return Done(f"已记录党组织「{org.name}」于 {on.isoformat()} 撤销。")


# -- 人员 -------------------------------------------------------------------------------------


def _check_person(person: Person, *, today: date) -> None:
    """A person's record as the rules read it (:func:`zzy.rules.problems`): membership dates, dated service."""
    problems = rules.refused(rules.problems("person", person_facts(person), rules.Around(today)))
    if problems:
        first = [problem for problem in problems if problem.check == problems[0].check]  # both dates of 第七条
        headline = "入党日期或转正日期不合理,未保存:" if first[0].check == "membership_dates" else "离岗日期不合理,未保存:"
        raise RuleViolation(headline, problems=rules_messages(first), field=first[0].field)


def _person_value(field: RecordField, value: Any) -> Any:
    """A value given for a person's field, checked as its kind says: a text by its rule of
    :mod:`zzy.text`, a date by :mod:`zzy.dates`, a flag as yes or no; ``None`` when not given."""
    rule = text.RULES.get(field.kind)
    if rule is not None:
        return rule(value, field.label, field=field.key)
    if value is None:
        return None
    if field.kind == DATE:
        return dates.from_cell(value)
    if field.kind in FIELD_CHOICES:
        return FIELD_CHOICES[field.kind](value) if str(value).strip() else None
    return parse_bool(value)


def plain_values(kind: RecordKind, given: Mapping[str, Any] | None) -> dict[str, Any]:
    """A record's plain fields (:attr:`zzy.schema.RecordField.plain`) as given to the command that makes or
    edits it, each checked by its kind (:func:`_person_value`); a field not given is left out."""
    plain = {field.key: field for field in kind.fields if field.plain}
    unknown = set(given or {}) - set(plain)
    if unknown:
        raise TypeError(f"{kind.key} has no plain field {', '.join(sorted(unknown))}")
    return {key: _person_value(plain[key], value) for key, value in (given or {}).items() if value is not None}


def _known(given: dict[str, Any], fields: tuple[RecordField, ...]) -> None:
    unknown = set(given) - {field.key for field in fields}
    if unknown:
        raise TypeError(f"a person has no field {', '.join(sorted(unknown))}")


def add_person(store: Store, *, today: date, read: bool = False, **given: Any) -> Done:
    """Register a person by 工号 from their fields (:data:`zzy.schema.PERSON_FIELDS`; one not given
    takes its default); 转正日期 must fall one to two years after 入党日期.

    ``read``: each value given was already read by its field's rule (an import's columns are read by the
    same rules of :mod:`zzy.text`, :mod:`zzy.dates` and :mod:`zzy.choices`, from the same declaration of
    the field), so it is not read again; a field not given is still refused or defaulted here."""
    _known(given, PERSON_FIELDS)
    values: dict[str, Any] = {}
    for field in PERSON_FIELDS:
        value = given.get(field.key) if read else _person_value(field, given.get(field.key))
        if value is None and field.required:
            raise UsageProblem(f"{field.label}不能为空。", field=field.key)
        values[field.key] = field.default if value is None else value
    staff_no = values["staff_no"]
    existing = store.find_person(staff_no)
    if existing is not None:
        raise Refused(f"工号 {staff_no} 已登记为「{existing.name}」。修改请用 zzy person edit {staff_no}。",
                      field="staff_no")
    flag = given.get("in_service")
    _dated_service(values, flag=None if isinstance(flag, str) and not flag.strip() else flag,
                   dated=values["out_of_service_on"] is not None, today=today)
    person = store.new(Person, **values)
    _check_person(person, today=today)
    twins = store.people_like(person)
    store.add(person)
    if twins:  # the same person under a second 工号? Recorded, and said
        store.notify("已有同名且入党日期、转正日期相同的人员: " + "、".join(f"{t.name}({t.staff_no})" for t in twins)
                     + f";如是重复登记,请用 zzy person void {staff_no} --reason 重复登记 作废")
    store.audit(action="add", entity="person", key=staff_no, after=audit.snapshot(person))
    status = f"转正 {person.full.isoformat()}" if person.full else "预备党员"
    return Done(f"已登记 {person.name}(工号 {staff_no}),入党 {person.joined.isoformat()},{status}。")


#: What ``person edit`` may change: every field but the 工号 that names the person.
_EDITABLE = tuple(field for field in PERSON_FIELDS if field.key != "staff_no")


#: The fields ``person edit --clear FIELD`` empties: the papers' (SPEC section 13).
_PAPER_FIELDS = tuple(field for field in PERSON_FIELDS if not field.tabled)


def paper_fields_named(names: list[str]) -> tuple[str, ...]:
    """The keys of the papers' fields the clerk named by key (``native-place``, ``native_place``) or label
    (``籍贯``), or refuse (exit 2) listing them."""
    keys = []
    for name in names:
        wanted = name.strip().replace("-", "_")
        field = next((f for f in _PAPER_FIELDS if wanted in (f.key, f.label)), None)
        if field is None:
            accepted = "、".join(f"{f.key.replace('_', '-')}({f.label})" for f in _PAPER_FIELDS)
            raise UsageProblem(f"--clear 不能清空「{name}」。可清空的信息: {accepted}")
        keys.append(field.key)
    return tuple(dict.fromkeys(keys))


def edit_person(store: Store, *, staff_no: str, today: date, clear: tuple[str, ...] = (), **changes: Any) -> Done:
    """Change a person's fields (those given, not ``None``) and empty the optional ones in ``clear``;
    the membership dates are checked as in ``add_person``."""
    _known(changes, _EDITABLE)
    _known(dict.fromkeys(clear), tuple(field for field in _EDITABLE if not field.required))
    person = store.person(staff_no)
    staff_no = person.staff_no  # the command may have named them
    for key in clear:
        if changes.get(key) is not None:
            option = key.replace("_", "-")
            both = f"--clear-{option}" if key == "full" else f"--clear {option}"
            raise UsageProblem(f"--{option} 与 {both} 不能同时使用。")
    if not clear and all(value is None for value in changes.values()):
        raise UsageProblem("没有要修改的内容。请指定 --name、--joined、--full 等选项(见 zzy person edit --help)。")
    before = audit.snapshot(person)
    posts_before = held_posts_problems(store, person)
    values = {field.key: getattr(person, field.key) for field in _EDITABLE}
    for field in _EDITABLE:
        if changes.get(field.key) is not None:
            values[field.key] = _person_value(field, changes[field.key])
    for key in clear:
        values[key] = None
    dated = changes.get("out_of_service_on") is not None and values["out_of_service_on"] is not None
    _dated_service(values, flag=changes.get("in_service"), dated=dated, today=today)
    for key, value in values.items():
        setattr(person, key, value)
    after = audit.snapshot(person)
    if after == before:
        return Done(f"{person.name}(工号 {staff_no})的信息与登记的相同,没有修改。")
    _check_person(person, today=today)
    notice_unqualified_posts(store, person, posts_before)
    store.save(person)
    store.audit(action="edit", entity="person", key=staff_no, before=before, after=after)

    return Done(f"已修改 {person.name}(工号 {staff_no}): {changed('person', before, after)}。")


def _dated_service(values: dict[str, Any], *, flag: Any, dated: bool, today: date) -> None:
    """在职教职工 and 离岗日期 (SPEC sections 2, 4) agree: a 离岗日期 given means not in service from that day;
    not in service without one keeps the day already recorded, else today; in service clears it (a 离岗日期 after
    today is the rules', :func:`_check_person`)."""
    in_service = parse_bool(flag) if flag is not None else None
    if in_service is True:
        if dated:
            raise UsageProblem("在职教职工为「是」时不能有离岗日期。", field="out_of_service_on")
        values["out_of_service_on"] = None
    elif in_service is False or dated:
        values["out_of_service_on"] = values.get("out_of_service_on") or today
    left = values.get("out_of_service_on")
    values["in_service"] = left is None


def held_posts_problems(store: Store, person: Person, *, work: list[WorkFacts] | None = None) -> list[rules.Problem]:
    """第十二条(四) on the start of each post ``person`` holds or held, from their record as it stands
    (or with their party-work spans as ``work``)."""
    return rules.held_posts_problems(person_facts(person), store.work_facts_of(person) if work is None else work,
                                     store.post_facts_of(person), store.profiles())


def notice_unqualified_posts(store: Store, person: Person, before: list[rules.Problem], *,
                             work: list[WorkFacts] | None = None) -> None:
    """After a change to a person's membership dates or party-work spans: a post they hold or held that no
    longer meets 第十二条(四) on its start, as it did before (``before``, from :func:`held_posts_problems`),
    is told as a notice (SPEC 8: the correction stands).  ``doctor`` would report the post, and ``restore``
    refuse an export holding it, until the clerk records the committee's special approval (特批) on it."""
    failing_before = {(problem.post, problem.check) for problem in before}
    for problem in rules.refused(held_posts_problems(store, person, work=work)):
        if (problem.post, problem.check) not in failing_before:
            store.notify(f"{person.name}({person.staff_no})的任职 #{problem.post}({problem.org}): {problem.message}。"
                         f"如确经党委特批,请用 zzy post edit {problem.post} --override \"特批理由\" 记录;"
                         "否则 zzy doctor 会报告这一任职,导出的文件也不能用 zzy restore 恢复")


# -- 党务工作经历 ---------------------------------------------------------------------------


def add_work(
    store: Store, *, staff_no: str, start: date, last_day: date | None, note: str | None
) -> Done:
    """Record a span of party-affairs work, ``start``..``last_day`` inclusive."""
    person = store.person(staff_no)
    staff_no = person.staff_no  # the command may have named them
    span = store.new(WorkSpan, person_id=person.id or 0, start=start, end=last_day,
                    note=text.free_text(note, "说明", field="note"))
    check_work(span, staff_no=staff_no, today=store.today, headline="未记录党务工作经历:")
    store.add(span)
    store.audit(action="add", entity="work", key=staff_no,
                 after=audit.snapshot(span, staff_no=staff_no))
    until = f"至 {last_day.isoformat()}" if last_day else "至今"
    return Done(f"已记录 {person.name}(工号 {staff_no})的党务工作经历 #{span.id}: {start.isoformat()} {until}。",
                number=span.id)


def check_work(span: WorkSpan, *, staff_no: str, today: date, headline: str) -> None:
    """A party-work span's dates: in order, and begun by today (``work add``, ``work edit``, the import)."""
    found = rules.problems("work", work_facts(span), rules.Around(today, staff_no=staff_no))
    if found:  # the first field's problems (a start after today before the order of the dates), by its column
        first = [problem for problem in found if problem.field == found[0].field]
        raise RuleViolation(headline, problems=rules_messages(first), field=WORK_KIND.field(str(first[0].field)).outer)


# -- 任职 -------------------------------------------------------------------------------------


def rules_messages(problems: list[rules.Problem]) -> list[str]:
    return [problem.message for problem in problems]


def refuse(headline: str, problems: list[rules.Problem], *, field: str | None = None) -> None:
    """Refuse the write (exit 3, nothing written) when the rules found a problem a write may not make."""
    refused = rules.refused(problems)
    if refused:
        raise RuleViolation(headline, problems=rules_messages(refused), field=field)


#: The problems of a new post (:func:`zzy.rules.problems`) that ``appoint`` refuses, group by group, in this order:
#: the post among the person's others (named by its 任职日期), then its own fields.
_APPOINT_REFUSALS = (frozenset({"dissolved_org", "one_full_time_post", "one_post_per_org", "rotation_early"}),
                     frozenset({"prior_rank"}), frozenset({"end_reason"}), frozenset({"future_event"}),
                     frozenset({"trial_result", "trial_early"}))


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
    details: Mapping[str, Any] | None = None,
) -> Done:
    """Start a post; refused when the person fails arts. 11/12(4), unless overridden with a reason.

    ``history`` carries how an imported post ended (离任, 试用期考核); commands leave it out.
    ``details``: the post's plain fields (:func:`plain_values`), by column.
    """
    person = store.person(staff_no)
    staff_no = person.staff_no  # the command may have named them
    post_org = store.org(org)
    if prior_rank is not None and not promoted:
        raise UsageProblem("--prior-rank 只用于新提拔(--promoted)的任职。", field="prior_rank")
    override = text.free_text(override, "特批理由", field="override")
    history = _completed(history or PostHistory())
    post = store.new(
        Appointment,
        person_id=person.id or 0,
        org_id=post_org.id or 0,
        kind=kind.value,
        rank=rank.value,
        start=start,
        promoted=promoted,
        prior_rank=prior_rank.value if prior_rank else None,
        override=override,
        end=history.end,
        end_reason=history.end_reason,
        trial_result=history.trial_result.value if history.trial_result else None,
        trial_decided_on=history.trial_decided_on,
        **plain_values(APPOINTMENT_KIND, details),
    )
    new = post_facts(post, staff_no=staff_no, org_code=post_org.code)
    held = store.post_facts_of(person)
    orgs = store.org_facts()
    headline = f"未任命{person.name}(工号 {staff_no}):"
    profiles = store.profiles()
    found = rules.problems("appointment", new, rules.Around(store.today, held, orgs, profiles=profiles))
    for problem in found:
        if problem.check == "post_dates":  # an imported post left before it began: its 离任日期 column
            raise RuleViolation(f"{problem.message}。", field="end")
    for checks in _APPOINT_REFUSALS:
        group = [problem for problem in found if problem.check in checks]
        refuse(headline, group, field=group[0].field if group else None)
    holder, work = person_facts(person), store.work_facts_of(person)
    unmet = rules.appointment_problems(new, holder, work, held, profiles)
    if unmet and override is None:
        raise NeedsOverride(f"{person.name}(工号 {staff_no})在 {start.isoformat()} 不符合任职条件,未任命。",
                            problems=rules_messages(unmet), field="start")
    if not unmet:
        post.override = None  # a reason is kept only where a rule was overridden
    store.add(post)
    store.audit(action="appoint", entity="appointment", key=staff_no,
                after=audit.snapshot(post, staff_no=staff_no, org=org))
    _notice_a_day_apart(store, new._replace(id=post.id or 0), held, person_name=person.name)
    message = (
        f"已任命 {person.name}(工号 {staff_no})为「{post_org.name}」{post_title(kind, rank)},"
        f"任职日期 {start.isoformat()}"
    )
    if promoted:
        message += f",新提拔,试用期至 {rules.trial_end(new, profiles)}"
    if unmet:
        failed = [c for c in rules.eligibility(holder, work, held, kind=new.kind, rank=new.rank, as_of=start,
                                               profile=profiles.on(start))
                  if not c.passed]
        message += f"。已按特批任命(理由: {override}),未满足: " + "、".join(rules.CRITERION_NAMES[c.key] for c in failed)
    return Done(f"{message}。任职编号 #{post.id}。", number=post.id)


def _notice_a_day_apart(store: Store, new: PostFacts, held: list[PostFacts], *, person_name: str) -> None:
    """SPEC section 8: a full-time post begun the day after the same person left one at the same org restarts
    the eight years of 第二十条; say so, and how to join the terms when they were in truth continuous."""
    earlier = rules.broken_by_a_day(new, held)
    if earlier is None or earlier.end is None:
        return
    store.notify(f"{person_name}({new.staff_no})在{new.org}的上一任职 #{earlier.id} 的离任日期是 "
                 f"{earlier.end.isoformat()},本任职 #{new.id} 自 {new.start.isoformat()} 起,中间空了一天,"
                 f"第二十条的任职年限将从 {new.start.isoformat()} 重新起算。离任日期是离开岗位的第一天,不是最后工作日;"
                 f"如两任实为连续,请用 zzy post edit {earlier.id} --end {new.start.isoformat()} 更正")


@dataclass(frozen=True, slots=True)
class PostHistory:
    """How an imported post went on: when it was left, and its trial result."""

    end: date | None = None
    end_reason: str | None = None
    trial_result: TrialResult | None = None
    trial_decided_on: date | None = None


def _completed(history: PostHistory) -> PostHistory:
    """A failed trial ends the post on the day it was decided (第十三条): the import may leave the
    离任日期 out, as ``zzy trial`` does; whether the rest holds is for the rules to say."""
    if history.trial_result is TrialResult.FAIL and history.end is None:
        return PostHistory(history.trial_decided_on, history.end_reason or "trial_failed",
                           history.trial_result, history.trial_decided_on)
    return history


def _open_posts(store: Store, person: Person) -> list[tuple[Appointment, Org]]:
    return [(post, org) for post, org in store.posts_of(person) if post.end is None]


def _changed_post(store: Store, person: Person, post: Appointment, org: Org, headline: str,
                  **changes: Any) -> None:
    """Apply ``changes`` to a stored post, refused when its new state breaks a rule its old state did not;
    the post's org is watched, so that a vacancy the change leaves there is told (``leave``, ``rotate``, a
    failed trial)."""
    store.watch(org=org.code)
    held = store.post_facts_of(person)
    orgs = store.org_facts()
    before = post_facts(post, staff_no=person.staff_no, org_code=org.code)
    after = before._replace(**changes)
    others = [p for p in held if p.id != post.id]
    around = rules.Around(store.today, others, orgs, profiles=store.profiles())
    found = rules.new_problems(rules.problems("appointment", after, around), rules.problems("appointment", before, around))
    refused = rules.refused(found)
    future = [problem for problem in refused if problem.check == "future_event"]  # a result not yet given first
    refuse(headline, future or refused, field=future[0].field if future else None)
    for key, value in changes.items():
        setattr(post, key, value)


def _end_post(store: Store, person: Person, post: Appointment, org: Org, *, on: date, reason: str | None,
              headline: str) -> None:
    before = audit.snapshot(post, staff_no=person.staff_no, org=org.code)
    _changed_post(store, person, post, org, headline, end=on, end_reason=reason)
    store.save(post)
    store.audit(action="leave", entity="appointment", key=person.staff_no,
                before=before, after=audit.snapshot(post, staff_no=person.staff_no, org=org.code))


def leave(store: Store, *, staff_no: str, on: date, org: str | None = None, reason: str | None = None) -> Done:
    """End a post on ``on`` (the day it was left); ``org`` is needed when several are held."""
    person = store.person(staff_no)
    staff_no = person.staff_no  # the command may have named them
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
    _end_post(store, person, post, post_org, on=on, reason=text.free_text(reason, "离任原因", field="end_reason"),
              headline=f"未办理离任: {person.name}(工号 {staff_no})在「{post_org.name}」的任职")
    return Done(f"已记录 {person.name}(工号 {staff_no})于 {on.isoformat()} 离任「{post_org.name}」"
                f"{PostKind(post.kind).label}组织员。")


# -- 试用期 (第十三条) ------------------------------------------------------------------------


def record_trial(store: Store, *, staff_no: str, result: TrialResult, on: date, org: str | None = None) -> Done:
    """Record the art. 13 result of the person's open trial (a promoted post with no result yet, not left by
    ``on``: a leave entered ahead for a later day does not close it), on or after the trial end; ``org``
    names the post when the person has several open trials."""
    person = store.person(staff_no)
    staff_no = person.staff_no  # the command may have named them
    open_trials = [(p, o) for p, o in store.posts_of(person)
                   if p.promoted and p.trial_result is None and (p.end is None or p.end > on)]
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
    before = audit.snapshot(post, staff_no=staff_no, org=post_org.code)
    changes: dict[str, Any] = {"trial_result": result.value, "trial_decided_on": on}
    if result is TrialResult.FAIL:
        changes.update(end=on, end_reason="trial_failed")
    _changed_post(store, person, post, post_org, f"未记录{person.name}(工号 {staff_no})的试用期考核结果:",
                  **changes)
    store.save(post)
    store.audit(action="trial", entity="appointment", key=staff_no,
                before=before, after=audit.snapshot(post, staff_no=staff_no, org=post_org.code))
    who = f"{person.name}(工号 {staff_no})在「{post_org.name}」"
    cite = store.profiles().on(post.start).trial.cite
    if result is TrialResult.PASS:
        return Done(f"{who}试用期考核胜任,自 {on.isoformat()} 起正式任职({cite})。")
    prior = f"试任前职级({Rank(post.prior_rank).label})" if post.prior_rank else "试任前职级"
    return Done(f"{who}试用期考核不胜任,已于 {on.isoformat()} 免去试任职务,一般按{prior}安排工作({cite})。")


# -- 轮岗 (第二十条) --------------------------------------------------------------------------


def rotate(store: Store, *, staff_no: str, org: str, on: date) -> Done:
    """End the full-time post and start the same kind and rank at ``org``, on or after rotation_on."""
    person = store.person(staff_no)
    staff_no = person.staff_no  # the command may have named them
    target = store.org(org)
    full_time = [(p, o) for p, o in _open_posts(store, person) if p.kind == PostKind.FULL]
    if not full_time:
        raise Refused(f"{person.name}(工号 {staff_no})没有在任的专职组织员职务,无从轮岗。")
    post, post_org = full_time[0]
    if post_org.id == target.id:
        raise Refused(f"{person.name}已在「{target.name}」任职,轮岗须换到另一个党组织。")
    _end_post(store, person, post, post_org, on=on, reason=rules.ROTATION,
              headline=f"未轮岗: {person.name}(工号 {staff_no})")
    kind, rank = PostKind(post.kind), Rank(post.rank)
    new_post = store.new(Appointment, person_id=person.id or 0, org_id=target.id or 0, kind=kind.value,
                           rank=rank.value, start=on)
    new = post_facts(new_post, staff_no=staff_no, org_code=target.code)
    held = store.post_facts_of(person)
    profiles = store.profiles()
    problems = (rules.problems("appointment", new, rules.Around(store.today, held, store.org_facts(), profiles=profiles))
                + rules.appointment_problems(new, person_facts(person), store.work_facts_of(person), held, profiles))
    refuse(f"未轮岗: {person.name}不能在 {on.isoformat()} 到「{target.name}」任职"
            "(如经特批,请分别用 zzy leave 和 zzy appoint --override 办理):", problems)
    store.add(new_post)
    store.audit(action="appoint", entity="appointment", key=staff_no,
                after=audit.snapshot(new_post, staff_no=staff_no, org=org))
    return Done(f"已办理轮岗: {person.name}(工号 {staff_no})于 {on.isoformat()} 离任「{post_org.name}」,"
                f"到「{target.name}」任{post_title(kind, rank)}(第二十条)。新任职编号 #{new_post.id}。",
                number=new_post.id)
