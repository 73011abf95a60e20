"""The papers of an appointment (SPEC section 13): what the 干部任免审批表 and the 任前公示 say, from the ledger.

This module decides the words on each paper, as plain data; :mod:`zzy.paper_docx` and the templates
``approval_form.html`` and ``notice.html`` only lay them out.  A paper says nothing the ledger does not
hold: a field the ledger lacks is an empty box, and the command lists it on stderr (``注意:``).  A proposed
post (``--post N``) the rules would refuse is printed only when the committee's approval (``--override``)
is recorded on the post.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple

from zzy import dates, rules
from zzy.choices import Gender, Grade, label_or_text, post_title
from zzy.errors import NotFound, Refused, RuleViolation
from zzy.reader import Reader
from zzy.schema import SETTING

#: How many years of assessments the form lists (SPEC section 13: the last three).
ASSESSED_YEARS = 3
#: A 任前公示 lasts at least five working days (SPEC section 13).
NOTICE_WORKING_DAYS = 5


class Box(NamedTuple):
    """One labelled box of a paper: its printed label and what is written in it (``""`` when empty)."""

    label: str
    text: str


class ApprovalForm(NamedTuple):
    """干部任免审批表: the committee's name, then every box in the order of the standard form."""

    committee: str
    name: Box
    gender: Box
    birth: Box  # 出生年月(岁): ``1988.05\n(38岁)``
    photo: bytes | None
    ethnicity: Box
    native_place: Box
    birthplace: Box
    joined: Box  # 入党时间: the day of joining (the form's convention), not full membership
    work_start: Box
    health: Box
    title: Box
    specialty: Box
    edu_full: Box
    school_full: Box
    edu_job: Box
    school_job: Box
    current_post: Box
    proposed: Box
    removed: Box
    resume: Box
    commendations: Box
    assessments: Box
    reason: Box
    #: The day the ages are counted on.
    on: date

    def empty(self) -> list[str]:
        """The labels of the boxes the ledger left empty (the photo included), in the form's order."""
        missing = []
        for value in self:
            if isinstance(value, Box) and not value.text:
                missing.append(value.label)
            if value is self.birth and self.photo is None:  # the photo's box is beside 出生年月
                missing.append("照片")
        return missing


def approval_form(reader: Reader, staff_no: str, *, post: int | None, proposed: str | None, removed: str | None,
                  reason: str | None, on: date) -> ApprovalForm:
    """The 干部任免审批表 of one person, as of ``on``; ``post`` names the appointment it proposes (its
    拟任职务, checked by the rules of its start day), else ``proposed`` is the clerk's own words."""
    from zzy import views  # start-up

    pid, staff_no = views.person_key(reader, staff_no)
    person = _person(reader, pid)
    proposed_text = proposed or ""
    if post is not None:
        proposed_text = proposed or _proposed_post(reader, staff_no, post)
    birth = person["birth"]
    age = f"\n({dates.whole_years(birth, on)}岁)" if birth is not None else ""
    return ApprovalForm(
        committee=views.committee_name(reader),
        name=Box("姓名", person["name"]),
        gender=Box("性别", label_or_text(Gender, person["gender"])),
        birth=Box("出生年月", dates.month_text(birth) + age),
        photo=_photo(reader, pid),
        ethnicity=Box("民族", person["ethnicity"] or ""),
        native_place=Box("籍贯", person["native_place"] or ""),
        birthplace=Box("出生地", person["birthplace"] or ""),
        joined=Box("入党时间", dates.month_text(person["joined"])),
        work_start=Box("参加工作时间", dates.month_text(person["work_start"])),
        health=Box("健康状况", person["health"] or ""),
        title=Box("专业技术职务", person["title"] or ""),
        specialty=Box("熟悉专业有何专长", person["specialty"] or ""),
        edu_full=Box("全日制教育", person["edu_full"] or ""),
        school_full=Box("全日制教育毕业院校系及专业", person["school_full"] or ""),
        edu_job=Box("在职教育", person["edu_job"] or ""),
        school_job=Box("在职教育毕业院校系及专业", person["school_job"] or ""),
        current_post=Box("现任职务", person["current_post"] or ""),
        proposed=Box("拟任职务", proposed_text),
        removed=Box("拟免职务", removed or ""),
        resume=Box("简历", _resume(reader, pid)),
        commendations=Box("奖惩情况", _commendations(reader, pid, on)),
        assessments=Box("年度考核结果", _assessments(reader, pid, on)),
        reason=Box("任免理由", reason or ""),
        on=on,
    )


def _person(reader: Reader, pid: int) -> dict[str, Any]:
    from zzy import views  # start-up

    return views.person_by_number(reader, pid)


def _proposed_post(reader: Reader, staff_no: str, number: int) -> str:
    """拟任职务 from appointment ``number`` of this person: ``机电工程学院党总支专职组织员(副科级)``; refused when
    the post is someone else's, or when the rules refuse it on its start and no override is recorded."""
    from zzy import load, views  # start-up

    post = next((row for row in views.posts(reader) if row["id"] == number), None)
    if post is None:
        raise NotFound(f"没有编号为 #{number} 的任职记录。用 zzy post list --person {staff_no} 查看编号。")
    if post["staff_no"] != staff_no:
        raise Refused(f"任职 #{number} 是 {post['name']}(工号 {post['staff_no']})的,不是工号 {staff_no} 的。")
    person, posts, work = load.person_record(reader, staff_no)
    criteria = rules.eligibility(person, work, [p for p in posts if p.id != number], kind=post["kind"],
                                 rank=post["rank"], as_of=post["start"], profile=load.profiles(reader).on(post["start"]))
    failed = [criterion.detail for criterion in criteria if not criterion.passed]
    if failed and not post["override"]:
        raise RuleViolation(
            f"任职 #{number} 在任职日期 {post['start'].isoformat()} 不符合任职条件,审批表不能写入未经特批的拟任职务。"
            f"如经党委特批,请先用 zzy post edit {number} --override \"特批理由\" 记录,再生成审批表。",
            problems=failed)
    return f"{post['org_name']}{post_title(post['kind'], post['rank'])}"


def resume_line(start: date, end: date | None, what: str) -> str:
    """A 简历 line as the form prints it (SPEC section 13): ``2008.07--2012.06  TEXT``, ``2012.07--`` ongoing."""
    return f"{dates.period_text(start, end)}  {what}"


def _resume(reader: Reader, pid: int) -> str:
    """简历: the person's periods in the order of their start, one a line."""
    from zzy import views  # start-up

    return "\n".join(resume_line(row["from"], row["to"], row["text"]) for row in views.resume_entries(reader, pid=pid))


def _photo(reader: Reader, pid: int) -> bytes | None:
    from zzy import views  # start-up

    return views.photo_of(reader, pid)


def _commendations(reader: Reader, pid: int, on: date) -> str:
    """奖惩情况: the person's commendations up to ``on``, one a line: ``2024.06 优秀党务工作者``."""
    from zzy import views  # start-up

    return "\n".join(f"{dates.month_text(row['date'])} {row['title']}"
                     for row in views.commendations(reader, pid=pid) if row["date"] <= on)


def _assessments(reader: Reader, pid: int, on: date) -> str:
    """年度考核结果: the latest three recorded years up to ``on``'s: ``2023年度称职;2024年度优秀;2025年度称职``."""
    from zzy import views  # start-up

    graded = sorted((row["year"], row["grade"]) for row in views.assessments(reader, pid=pid) if row["year"] <= on.year)
    return ";".join(f"{year}年度{label_or_text(Grade, grade)}" for year, grade in graded[-ASSESSED_YEARS:])


# -- 任前公示 ---------------------------------------------------------------------------------------


class Nominee(NamedTuple):
    """One person of a 任前公示: the sentence that presents them."""

    staff_no: str
    name: str
    sentence: str


class Notice(NamedTuple):
    """任前公示: title, the committee's sentence with the period, one paragraph a person, how to raise a
    concern, the committee's name and the day."""

    committee: str
    start: date
    end: date
    nominees: Sequence[Nominee]
    contact: str | None
    phone: str | None

    @property
    def period(self) -> str:
        return f"公示时间为{dates.chinese_date(self.start)}至{dates.chinese_date(self.end)}"

    @property
    def opening(self) -> str:
        return (f"根据干部选拔任用工作有关规定,经{self.committee}研究,拟任用以下同志,现予以公示。"
                f"{self.period}。")

    @property
    def concerns(self) -> str:
        reach = ",".join(part for part in (f"联系人:{self.contact}" if self.contact else "",
                                             f"联系电话:{self.phone}" if self.phone else "") if part)
        return ("公示期间,如对公示对象有意见,可通过来信、来电、来访等方式向党委组织部反映。"
                "反映问题要实事求是,并提供具体事实或线索。" + (f"{reach}。" if reach else ""))

    def empty(self) -> list[str]:
        return [label for label, value in (("联系人(notice_contact)", self.contact),
                                             ("联系电话(notice_phone)", self.phone)) if not value]


def notice_period(start: date, until: date | None) -> date:
    """The last day of a 任前公示 from ``start``: the fifth working day counting ``start``, or ``until`` when
    the clerk gives it (not earlier than that fifth day where the calendar can count it)."""
    try:
        fifth = dates.nth_working_day(start, NOTICE_WORKING_DAYS)
    except dates.UnknownWorkdays as unknown:
        if until is None:
            raise Refused(
                f"节假日日历还不知道 {unknown.day.year} 年的放假安排({unknown.day.isoformat()}),无法计算五个工作日。"
                f"请按国务院办公厅公布的安排确定公示的最后一天,用 --until DATE 给出。") from None
        try:
            counted = dates.working_days(start, until)
        except dates.UnknownWorkdays:
            return until  # the clerk's calendar, where the library has none
        if counted < NOTICE_WORKING_DAYS:
            raise Refused(f"公示期 {start.isoformat()} 至 {until.isoformat()} 只有 {counted} 个工作日,"
                          f"至少须 {NOTICE_WORKING_DAYS} 个工作日。") from None
        return until
    if until is None:
        return fifth
    if until < fifth:
        raise Refused(f"--until {until.isoformat()} 早于第 {NOTICE_WORKING_DAYS} 个工作日 {fifth.isoformat()}:"
                      f"任前公示至少 {NOTICE_WORKING_DAYS} 个工作日。")
    return until


def notice(reader: Reader, *, posts: Sequence[int], start: date, until: date | None) -> Notice:
    """任前公示 of the given appointments (each checked as on the approval form), from ``start``."""
    from zzy import views  # start-up

    end = notice_period(start, until)
    everyone = {row["id"]: row for row in views.posts(reader)}
    nominees = []
    for number in dict.fromkeys(posts):
        post = everyone.get(number)
        if post is None:
            raise NotFound(f"没有编号为 #{number} 的任职记录。用 zzy post list 查看编号。")
        proposed = _proposed_post(reader, post["staff_no"], number)
        pid, staff_no = views.person_key(reader, post["staff_no"])
        nominees.append(Nominee(staff_no, post["name"], _presented(_person(reader, pid), proposed)))
    settings = _notice_settings(reader)
    return Notice(committee=views.committee_name(reader), start=start, end=end, nominees=nominees,
                  contact=settings.get("notice_contact"), phone=settings.get("notice_phone"))


def _presented(person: dict[str, Any], proposed: str) -> str:
    """``张三,女,傣族,1988年5月生,云南景洪人,大学本科 管理学学士,2010年7月参加工作,2009年6月入党,现任…,拟任….``
    Each part the ledger does not hold is left out."""
    def month(value: date | None, what: str) -> str:
        return f"{value.year}年{value.month}月{what}" if value is not None else ""

    parts = [
        person["name"],
        label_or_text(Gender, person["gender"]),
        person["ethnicity"] or "",
        month(person["birth"], "生"),
        f"{person['native_place']}人" if person["native_place"] else "",
        person["edu_full"] or person["edu_job"] or "",
        month(person["work_start"], "参加工作"),
        month(person["joined"], "入党"),
        f"现任{person['current_post']}" if person["current_post"] else "",
        f"拟任{proposed}",
    ]
    return ",".join(part for part in parts if part) + "。"


def _notice_settings(reader: Reader) -> dict[str, str]:
    return {key: value for key, value in reader.rows(f"SELECT {SETTING.cols('key', 'value')} FROM {SETTING}")
            if key in ("notice_contact", "notice_phone")}
