"""The ledger's tables (SPEC section 2), as SQLModel classes.

Enumerations are stored by their English key (see :mod:`zzy.choices`); dates are
``date``; a person is referenced by id inside the ledger and by 工号 everywhere else.  Table
names come from :mod:`zzy.schema`, where the plain-SQL reads find them too.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Index, LargeBinary, Table, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from zzy import schema
from zzy.location import SCHEMA_VERSION as SCHEMA_VERSION  # the schema below is this version

#: A numbered record's number is never given to another, even after a void or an undo (SPEC section 8):
#: on SQLite, AUTOINCREMENT (migration 0007); PostgreSQL's sequences never go back.
AUTOINCREMENT = {"sqlite_autoincrement": True}


def table_of(model: type[SQLModel]) -> Table:
    """A table class's SQLAlchemy table (SQLModel adds ``__table__`` to each, untyped)."""
    table: Table = getattr(model, "__table__")  # noqa: B009  (SQLModel adds it untyped)
    return table


def model_of(table: str) -> type[SQLModel]:
    """The table class of a table named in :mod:`zzy.schema`."""
    found: type[SQLModel] = next(model for model in SQLModel.__subclasses__()
                                 if getattr(model, "__tablename__", None) == table)
    return found


class Meta(SQLModel, table=True):
    """账本信息: marks a file as a zzy ledger and carries its schema version."""

    __tablename__ = schema.META.name

    key: str = Field(primary_key=True)
    value: str


class Org(SQLModel, table=True):
    """党组织."""

    __tablename__ = schema.ORG.name
    __table_args__ = AUTOINCREMENT

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, index=True)
    name: str
    kind: str = "grassroots"
    dissolved_on: dt.date | None = None


class Person(SQLModel, table=True):
    """人员: keyed by 工号 (names are not unique)."""

    __tablename__ = schema.PERSON.name
    __table_args__ = AUTOINCREMENT

    id: int | None = Field(default=None, primary_key=True)
    staff_no: str = Field(unique=True, index=True)
    name: str
    joined: dt.date
    full: dt.date | None = None
    in_service: bool = True
    # The 干部任免审批表's fields (SPEC section 13; schema.PERSON_FIELDS), all optional.
    gender: str | None = None
    birth: dt.date | None = None
    ethnicity: str | None = None
    native_place: str | None = None
    birthplace: str | None = None
    work_start: dt.date | None = None
    health: str | None = None
    title: str | None = None
    specialty: str | None = None
    edu_full: str | None = None
    school_full: str | None = None
    edu_job: str | None = None
    school_job: str | None = None
    current_post: str | None = None
    #: 离岗日期: the first day no longer in service (retirement, transfer); empty while in service.
    out_of_service_on: dt.date | None = None


class WorkSpan(SQLModel, table=True):
    """党务工作经历: ``start``..``end`` inclusive, as the clerk writes it; no end = ongoing."""

    __tablename__ = schema.WORK_SPAN.name
    __table_args__ = AUTOINCREMENT

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    start: dt.date
    end: dt.date | None = None
    note: str | None = None


class Appointment(SQLModel, table=True):
    """任职: half-open ``[start, end)``; ``end`` is the day the post was left."""

    __tablename__ = schema.APPOINTMENT.name
    __table_args__ = (Index("ix_appointment_org_start", "org_id", "start"), AUTOINCREMENT)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    org_id: int = Field(foreign_key="org.id")
    kind: str
    rank: str
    start: dt.date
    end: dt.date | None = None
    end_reason: str | None = None
    promoted: bool = False
    prior_rank: str | None = None
    trial_result: str | None = None
    trial_decided_on: dt.date | None = None
    override: str | None = None


class Training(SQLModel, table=True):
    """培训 / 工作交流 (art. 18)."""

    __tablename__ = schema.TRAINING.name
    __table_args__ = AUTOINCREMENT

    id: int | None = Field(default=None, primary_key=True)
    date: dt.date = Field(index=True)
    title: str
    kind: str = "training"
    host_id: int = Field(foreign_key="org.id")


class Attendance(SQLModel, table=True):
    """参加人员 of a training."""

    __tablename__ = schema.ATTENDANCE.name

    training_id: int = Field(foreign_key="training.id", primary_key=True)
    person_id: int = Field(foreign_key="person.id", primary_key=True)


class WorkReport(SQLModel, table=True):
    """工作汇报 (art. 15): 定期 or 专题.  (Not a report zzy prints: those are :mod:`zzy.reports`.)"""

    __tablename__ = schema.REPORT.name
    __table_args__ = AUTOINCREMENT

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    date: dt.date = Field(index=True)
    special: bool = False
    topic: str | None = None


class Target(SQLModel, table=True):
    """目标 (art. 16)."""

    __tablename__ = schema.TARGET.name
    __table_args__ = AUTOINCREMENT

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    title: str
    due: dt.date = Field(index=True)
    quantity: str | None = None
    quality: str | None = None
    result: str | None = None
    assessed_on: dt.date | None = None


class Assessment(SQLModel, table=True):
    """年度考核 (art. 17): one per person and year."""

    __tablename__ = schema.ASSESSMENT.name
    __table_args__ = (UniqueConstraint("person_id", "year"), AUTOINCREMENT)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    year: int
    grade: str
    note: str | None = None


class Commendation(SQLModel, table=True):
    """表彰 (art. 17)."""

    __tablename__ = schema.COMMENDATION.name
    __table_args__ = AUTOINCREMENT

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    date: dt.date = Field(index=True)
    title: str


class ResumeEntry(SQLModel, table=True):
    """简历 (SPEC section 13): one period, ``start``..``end`` as the clerk writes it; no end = ongoing."""

    __tablename__ = schema.RESUME.name
    __table_args__ = AUTOINCREMENT

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    start: dt.date
    end: dt.date | None = None
    text: str


class Photo(SQLModel, table=True):
    """照片 (SPEC section 13): one a person, a JPEG or PNG checked by :mod:`zzy.images`."""

    __tablename__ = schema.PHOTO.name
    __table_args__ = AUTOINCREMENT

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", unique=True)
    format: str
    width: int
    height: int
    image: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class Setting(SQLModel, table=True):
    """A config value that differs from its default."""

    __tablename__ = schema.SETTING.name

    key: str = Field(primary_key=True)
    value: str


class RulesProfile(SQLModel, table=True):
    """规则配置: one adopted version of the rules profile (SPEC section 12), in force from ``from_day`` until the
    next version's; ``document`` is the profile as one line of JSON (:func:`zzy.profile.to_document`)."""

    __tablename__ = schema.RULES_PROFILE.name
    __table_args__ = AUTOINCREMENT

    id: int | None = Field(default=None, primary_key=True)
    from_day: dt.date = Field(unique=True)
    profile_id: str
    version: str
    title: str
    document: str = Field(sa_column=Column(Text, nullable=False))
    #: Who adopted it and when (the audit log's user and time of the write).
    adopted_by: str
    adopted_at: str


class AuditEntry(SQLModel, table=True):
    """审计日志: append-only (triggers refuse UPDATE and DELETE) and hash-chained (:mod:`zzy.audit`)."""

    __tablename__ = schema.AUDIT.name

    id: int | None = Field(default=None, primary_key=True)
    at: str
    user: str
    command: str
    action: str
    entity: str
    key: str
    before: str | None = Field(default=None, sa_column=Column(Text))
    after: str | None = Field(default=None, sa_column=Column(Text))
    #: The number of the write (one command) the entry belongs to; null before schema 5.
    write_no: int | None = Field(default=None, index=True)
    #: For an undo's entries: the number of the write they revert.
    undoes: int | None = Field(default=None, index=True)
    #: The ``hash`` of the entry before this one (``""`` for the first).
    prev_hash: str = Field(default="", sa_column_kwargs={"server_default": ""})
    #: SHA-256 of this entry's canonical text, ``prev_hash`` included (see :mod:`zzy.audit`).
    hash: str = Field(default="", sa_column_kwargs={"server_default": ""})


class AuditHead(SQLModel, table=True):
    """审计链头: the newest audit entry's number and hash, moved only by the database's triggers."""

    __tablename__ = schema.AUDIT_HEAD.name

    id: int = Field(primary_key=True)
    last_id: int
    hash: str
