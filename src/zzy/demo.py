"""A fictional college whose ledger shows every kind of finding, dated relative to today.

Everything is written through the same ledger functions the commands use, so the demo is
validated and audited like real work.  All names and numbers are invented.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlmodel import col, select

from zzy import dates, images, ledger, records
from zzy.choices import Grade, OrgKind, PostKind, Rank, TargetResult, TrainingKind, TrialResult, post_title
from zzy.models import Appointment, Org
from zzy.store import Store

ORGS = (
    ("dw", "西版职院党委", OrgKind.COMMITTEE),
    ("jd", "机电工程学院党总支", OrgKind.GRASSROOTS),
    ("xx", "信息工程学院党总支", OrgKind.GRASSROOTS),
    ("jj", "经济管理学院党总支", OrgKind.GRASSROOTS),
    ("ly", "旅游与文化学院党总支", OrgKind.GRASSROOTS),
    ("yx", "医学院党总支", OrgKind.GRASSROOTS),
    ("nl", "农林学院党总支", OrgKind.GRASSROOTS),
    ("jc", "基础教学部党支部", OrgKind.GRASSROOTS),
    ("xg", "学生工作部党支部", OrgKind.GRASSROOTS),
)

FULL, PART = PostKind.FULL, PostKind.PART
NONE, DEPUTY, SECTION = Rank.NONE, Rank.DEPUTY_SECTION, Rank.SECTION


def build(store: Store, *, today: date) -> None:
    """Fill an empty ledger with the sample college, as of ``today``."""

    def ago(years: int = 0, months: int = 0, days: int = 0) -> date:
        return dates.add_days(dates.add_months(dates.add_years(today, -years), -months), -days)

    for code, name, kind in ORGS:
        ledger.add_org(store, code=code, name=name, kind=kind)

    def person(staff_no: str, name: str, joined_years_ago: int, *, full: bool = True,
               in_service: bool = True, work_years: int = 0) -> None:
        joined = ago(joined_years_ago, 2)
        ledger.add_person(store, staff_no=staff_no, name=name, joined=joined,
                          full=dates.add_years(joined, 1) if full else None,
                          in_service=in_service, today=today, **_papers(staff_no, joined_years_ago, ago))
        if work_years:
            ledger.add_work(store, staff_no=staff_no, start=ago(joined_years_ago - 2),
                            last_day=dates.add_days(ago(joined_years_ago - 2 - work_years), -1),
                            note="党支部书记")

    people = (
        ("Z001", "杨明华", 20, True, True, 6),
        ("Z002", "李春燕", 15, True, True, 5),
        ("Z003", "王建国", 12, True, True, 4),
        ("Z004", "刀玉香", 16, True, True, 0),
        ("Z005", "岩温", 10, True, True, 0),
        ("Z006", "陈晓", 1, False, True, 0),
        ("Z007", "赵立新", 14, True, True, 5),
        ("Z008", "孙丽", 9, True, True, 4),
        ("Z009", "周海涛", 11, True, True, 0),
        ("Z010", "玉罕", 13, True, True, 0),
        ("Z011", "吴志强", 8, True, True, 0),
        ("Z012", "郑小梅", 7, True, True, 0),
        ("Z013", "何春林", 18, True, False, 6),
        ("Z014", "马晓东", 10, True, True, 4),
        ("Z015", "冯雪", 6, True, True, 0),
    )
    for staff_no, name, years, full, in_service, work in people:
        person(staff_no, name, years, full=full, in_service=in_service, work_years=work)

    appoint = ledger.appoint
    # 党委副科级组织员, nine years in post: may rotate (art. 20).
    appoint(store, staff_no="Z001", org="dw", kind=FULL, rank=DEPUTY, start=ago(9, 3))
    # Newly promoted, trial ends within the month (art. 13).
    appoint(store, staff_no="Z002", org="jd", kind=FULL, rank=SECTION, start=ago(1, days=-25),
            promoted=True, prior_rank=DEPUTY)
    # Newly promoted, trial ended three weeks ago and no result yet (art. 13).
    appoint(store, staff_no="Z003", org="xx", kind=FULL, rank=DEPUTY, start=ago(1, days=21),
            promoted=True, prior_rank=NONE)
    # Eight years come up in about six weeks (art. 20).
    appoint(store, staff_no="Z004", org="jj", kind=FULL, rank=NONE, start=ago(8, days=-45))
    # 旅游与文化学院 has only a part-time organizer: a vacancy (art. 10).
    appoint(store, staff_no="Z005", org="ly", kind=PART, rank=NONE, start=ago(3))
    # A probationary member appointed by special approval: ineligible (art. 12(4)).
    appoint(store, staff_no="Z006", org="yx", kind=FULL, rank=NONE, start=ago(0, 6),
            override="医学院新建,暂由预备党员陈晓主持组织员工作(党委会议纪要第12号)")
    # Two full-time organizers at 农林学院: overstaffed (art. 10).
    appoint(store, staff_no="Z007", org="nl", kind=FULL, rank=SECTION, start=ago(4))
    appoint(store, staff_no="Z008", org="nl", kind=FULL, rank=NONE, start=ago(0, 3))
    appoint(store, staff_no="Z009", org="jc", kind=FULL, rank=NONE, start=ago(5))
    appoint(store, staff_no="Z010", org="xg", kind=FULL, rank=NONE, start=ago(6))
    appoint(store, staff_no="Z011", org="jd", kind=PART, rank=NONE, start=ago(2))
    appoint(store, staff_no="Z012", org="xx", kind=PART, rank=NONE, start=ago(1))
    # A retired organizer: left last year, kept in the roster history.
    appoint(store, staff_no="Z013", org="jc", kind=PART, rank=NONE, start=ago(10))
    ledger.leave(store, staff_no="Z013", on=ago(1, 2), reason="退休")
    # A promotion that did not work out: trial failed, back to the prior rank.
    appoint(store, staff_no="Z014", org="yx", kind=PART, rank=SECTION, start=ago(3),
            promoted=True, prior_rank=DEPUTY)
    ledger.record_trial(store, staff_no="Z014", result=TrialResult.FAIL, on=ago(2))

    _records(store, ago)
    _resumes_and_photos(store, today)


def _records(store: Store, ago: Callable[..., date]) -> None:
    """Arts. 15–18: reports (one overdue, one due), targets, grades, a commendation, trainings."""
    in_post = ("Z001", "Z002", "Z003", "Z004", "Z005", "Z006", "Z007", "Z008", "Z009", "Z010", "Z011", "Z012")
    for staff_no in in_post:
        if staff_no == "Z009":  # last reported eight months ago: overdue (art. 15)
            records.add_report(store, staff_no=staff_no, on=ago(0, 8), special=False, topic="上半年工作汇报")
        elif staff_no == "Z011":  # five months ago: due within the reminder window
            records.add_report(store, staff_no=staff_no, on=ago(0, 5), special=False, topic="季度工作汇报")
        else:
            records.add_report(store, staff_no=staff_no, on=ago(0, 1), special=False, topic="近期工作汇报")
    records.add_report(store, staff_no="Z002", on=ago(0, 0, 10), special=True, topic="发展对象政审中的疑难问题")

    records.add_target(store, staff_no="Z007", title="年度发展党员", due=ago(0, 0, -20),
                       quantity="发展党员 12 名", quality="无违规发展")
    records.add_target(store, staff_no="Z009", title="入党积极分子培训", due=ago(0, 1),
                       quantity="培训 80 人", quality="结业考试合格率 95%")
    done = records.add_target(store, staff_no="Z001", title="组织员业务培训方案", due=ago(0, 3),
                              quantity="1 份", quality="经党委会审定")
    assert done.number is not None
    records.assess_target(store, target_id=done.number, result=TargetResult.MET, on=ago(0, 3))

    last_year = ago(1).year
    for staff_no, grade in (("Z001", Grade.EXCELLENT), ("Z007", Grade.COMPETENT), ("Z009", Grade.BASIC),
                            ("Z010", Grade.INCOMPETENT)):  # Z010 still in post: to be adjusted (art. 17)
        records.assess(store, staff_no=staff_no, year=last_year, grade=grade, note=None)
    records.commend(store, staff_no="Z001", on=ago(0, 5), title="优秀组织员")

    # Last year the committee held its training; this year only a grassroots exchange so far,
    # which does not count for art. 18.
    held = records.add_training(store, on=ago(1, 2), title="组织员业务培训班", kind=TrainingKind.TRAINING,
                                host=None)
    assert held.number is not None
    records.attend(store, training_id=held.number, staff_nos=list(in_post))
    exchange = records.add_training(store, on=ago(0, 2), title="基层组织员工作交流会",
                                    kind=TrainingKind.EXCHANGE, host="jd")
    assert exchange.number is not None
    records.attend(store, training_id=exchange.number, staff_nos=["Z002", "Z011"])


def _resumes_and_photos(store: Store, today: date) -> None:
    """Each sample organizer's 简历 (study, teaching, then each post, SPEC section 13) and a drawn photo."""
    for number, staff_no in enumerate(PAPERS):
        person = store.person(staff_no)
        school, work_start = PAPERS[staff_no][4], person.work_start
        assert work_start is not None
        posts = store.session.exec(select(Appointment, Org).join(Org).where(Appointment.person_id == person.id)
                                   .order_by(col(Appointment.start))).all()
        first_post = posts[0][0].start if posts else None
        lines = [(dates.add_months(work_start, -47), dates.add_days(work_start, -1), f"{school}学习"),
                 (work_start, dates.add_days(first_post, -1) if first_post else None, "西版职院教师")]
        lines += [(post.start, dates.add_days(post.end, -1) if post.end else None,
                   f"西版职院{org.name}{post_title(post.kind, post.rank)}") for post, org in posts if post.start <= today]
        for start, end, what in lines:
            records.add_resume(store, staff_no=staff_no, start=start, end=end, text_=what)
        records.set_photo(store, staff_no=staff_no, photo=images.read_photo(portrait(number)))


def portrait(seed: int, *, width: int = 150, height: int = 200) -> bytes:
    """A small PNG silhouette (head and shoulders on a blue ground), different for each ``seed``: the
    demo's stand-in for an ID photo, drawn without an imaging library."""
    ground = bytes((170 + seed * 5 % 40, 200, 235))
    coat = bytes((40 + seed * 23 % 60, 45 + seed * 11 % 50, 70 + seed * 7 % 60))
    skin = bytes((232, 200 - seed * 3 % 20, 170))
    middle, rows = width / 2, bytearray()
    for y in range(height):
        # each row: the ground, then the head (an ellipse), the neck or the shoulders (widening), centred
        across = 1 - ((y - height * 0.38) / (height * 0.2)) ** 2
        if across >= 0:
            half, colour = width * 0.22 * across ** 0.5, skin
        elif y > height * 0.62:
            half, colour = min(middle, width * 0.2 + (y - height * 0.62) * 1.1), coat
        elif y > height * 0.5:
            half, colour = width * 0.08, skin  # the neck
        else:
            half, colour = 0, ground
        left = round(middle - half)
        inner = width - 2 * left
        rows += b"\x00" + ground * left + colour * inner + ground * left  # a row's filter byte: none
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    return (images.PNG_SIGNATURE + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b""))


#: The 干部任免审批表's fields of the sample organizers (SPEC section 13), so that ``zzy paper`` has a form
#: to fill: (性别, 民族, 籍贯, 最高学历学位, 毕业院校系及专业, 专业技术职务), by 工号.
PAPERS = {
    "Z001": ("male", "汉族", "云南昆明", "研究生 法学硕士", "云南大学法学院法学专业", "副教授"),
    "Z002": ("female", "汉族", "四川宜宾", "大学本科 管理学学士", "云南师范大学行政管理专业", "讲师"),
    "Z003": ("male", "汉族", "云南大理", "大学本科 工学学士", "昆明理工大学机械工程专业", "讲师"),
    "Z004": ("female", "傣族", "云南景洪", "大学本科 文学学士", "云南民族大学汉语言文学专业", "讲师"),
    "Z005": ("male", "傣族", "云南勐海", "大学本科 农学学士", "云南农业大学农学专业", "助教"),
    "Z006": ("female", "汉族", "云南曲靖", "研究生 医学硕士", "昆明医科大学护理学专业", "助教"),
    "Z007": ("male", "哈尼族", "云南勐腊", "大学本科 管理学学士", "云南财经大学工商管理专业", "副教授"),
    "Z008": ("female", "汉族", "云南玉溪", "大学本科 法学学士", "云南大学政治学与行政学专业", "讲师"),
    "Z009": ("male", "汉族", "湖南常德", "大学本科 理学学士", "云南师范大学数学与应用数学专业", "讲师"),
    "Z010": ("female", "傣族", "云南勐腊", "大学本科 教育学学士", "云南师范大学教育学专业", "讲师"),
    "Z011": ("male", "汉族", "云南保山", "大学本科 工学学士", "云南大学计算机科学与技术专业", "讲师"),
    "Z012": ("female", "彝族", "云南楚雄", "大学本科 经济学学士", "云南财经大学经济学专业", "助教"),
    "Z013": ("male", "汉族", "云南昆明", "大学专科", "云南师范大学中文专业", "副教授"),
    "Z014": ("male", "拉祜族", "云南澜沧", "大学本科 管理学学士", "云南民族大学公共事业管理专业", "讲师"),
    "Z015": ("female", "汉族", "贵州遵义", "大学本科 文学学士", "西南大学汉语言文学专业", "助教"),
}


def _papers(staff_no: str, joined_years_ago: int, ago: Callable[..., date]) -> dict[str, Any]:
    """A sample organizer's 任免审批表 fields: born some 25 years before joining the Party, at work
    two years before it."""
    gender, ethnicity, native_place, education, school, title = PAPERS[staff_no]
    return {"gender": gender, "birth": ago(joined_years_ago + 25, 5, 11), "ethnicity": ethnicity,
            "native_place": native_place, "birthplace": native_place, "work_start": ago(joined_years_ago + 2, 4),
            "health": "健康", "title": title, "edu_full": education, "school_full": school,
            "current_post": CURRENT_POSTS.get(staff_no)}


#: 现任职务 where the sample has one that its posts do not say.
CURRENT_POSTS = {"Z002": "机电工程学院党总支组织员、学生党支部书记", "Z007": "农林学院党总支副书记"}
