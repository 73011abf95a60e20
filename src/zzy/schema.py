"""The ledger's tables and columns, spelled once (SPEC section 2).

:mod:`zzy.models` names its tables from here, and every plain-SQL read (:mod:`zzy.load`,
:mod:`zzy.views`) takes its table and column names from here: a column the SQL names that is not
declared is an error the moment the SQL is written, and ``tests/test_schema.py`` fails when a
declared column is missing from the models or from the database the migrations build.  This
module imports nothing, so that a report need not load SQLAlchemy to spell its SQL.
"""

from __future__ import annotations

#: Column names that are SQL keywords (or would be on PostgreSQL) and so are quoted.
_KEYWORDS = frozenset({"end", "full", "key", "user", "before", "after"})


def quoted(column: str) -> str:
    return f'"{column}"' if column in _KEYWORDS else column


class Table:
    """A table's name and columns; ``str()`` gives the name (and alias) to put after ``FROM``."""

    __slots__ = ("name", "columns", "alias")

    def __init__(self, name: str, *columns: str, alias: str | None = None) -> None:
        self.name = name
        self.columns = columns
        self.alias = alias

    def __str__(self) -> str:
        return f"{self.name} {self.alias}" if self.alias else self.name

    def __repr__(self) -> str:
        return f"Table({self.name!r})"

    def as_(self, alias: str) -> Table:
        """The same table under a short name, for a join."""
        return Table(self.name, *self.columns, alias=alias)

    def c(self, column: str) -> str:
        """One column, qualified and quoted; an undeclared column is an error."""
        if column not in self.columns:
            raise KeyError(f"{self.name} has no column {column!r}")
        return f"{self.alias or self.name}.{quoted(column)}"

    def cols(self, *columns: str) -> str:
        """Several columns for a ``SELECT`` list (all of them when none is named)."""
        return ", ".join(self.c(column) for column in columns or self.columns)


# -- a person's fields -------------------------------------------------------------------------

#: What a field holds, and so how it is checked where it enters (:data:`zzy.text.RULES` for the
#: texts, :mod:`zzy.dates` for dates) and shown: a 工号-like code, a name, free text, a date, yes/no.
CODE, NAME, TEXT, DATE, FLAG = "code", "name", "text", "date", "flag"
#: Closed vocabularies of a person's papers (SPEC section 13): 性别 by key or label, 民族 by its GB/T 3304 name.
GENDER, ETHNICITY = "gender", "ethnicity"
#: A photo's parts (SPEC section 13): its kind (``jpeg``/``png``), a count of pixels, its bytes.
IMAGE_FORMAT, PIXELS, IMAGE = "image_format", "pixels", "image"


class RecordField:
    """A field of a record, declared once: its English key (the column, the JSON and CSV key, the
    import's English header), its Chinese label (SPEC section 2: the table's and the import's
    header), what it holds, whether the clerk must give it, and its value when not given."""

    __slots__ = ("key", "label", "kind", "required", "default", "imported", "listed", "tabled", "example",
                 "changed")

    def __init__(self, key: str, label: str, kind: str, *, required: bool = False, default: object = None,
                 imported: bool = True, listed: bool = True, tabled: bool = True, example: object = None,
                 changed: str | None = None) -> None:
        self.key = key
        self.label = label
        self.kind = kind
        self.required = required
        self.default = default
        #: Whether the import has a column for it (and ``zzy template`` a header) …
        self.imported = imported
        #: … and whether the person list, its CSV and JSON, and ``person show`` carry it.
        self.listed = listed
        #: … and whether the person list's table shows it (the papers' fields are in its CSV, JSON and
        #: workbook's columns and in ``person show``, but would crowd the clerk's screen).
        self.tabled = tabled
        #: The value in the example row of ``zzy template`` (a date as ``YYYY-MM-DD``).
        self.example = example
        #: How "已修改 … 的X" names it, where that differs from the label.
        self.changed = changed or label

    def __repr__(self) -> str:
        return f"RecordField({self.key!r})"


#: 人员 (SPEC section 2), in the order of the person list, its CSV and JSON keys, the import's columns,
#: the ``zzy template persons`` sheet and ``person show``.  :func:`zzy.ledger.add_person` and
#: ``edit_person`` check each by its kind; ``commands/persons.py`` spells the options; ``models.Person``
#: and a migration hold the column (``tests/test_schema.py`` keeps the three equal).
PERSON_FIELDS = (
    RecordField("staff_no", "工号", CODE, required=True, example="T001"),
    RecordField("name", "姓名", NAME, required=True, example="张三"),
    RecordField("joined", "入党日期", DATE, required=True, example="2015-06-01"),
    RecordField("full", "转正日期", DATE, example="2016-06-01"),
    RecordField("in_service", "在职教职工", FLAG, default=True, example="是", changed="在职状态"),
    # The 干部任免审批表's fields (SPEC section 13), all optional.
    *(RecordField(key, label, kind, tabled=False, example=example) for key, label, kind, example in (
        ("gender", "性别", GENDER, "男"),
        ("birth", "出生日期", DATE, "1988-05-12"),
        ("ethnicity", "民族", ETHNICITY, "汉族"),
        ("native_place", "籍贯", TEXT, "云南昆明"),
        ("birthplace", "出生地", TEXT, "云南景洪"),
        ("work_start", "参加工作时间", DATE, "2010-07-01"),
        ("health", "健康状况", TEXT, "健康"),
        ("title", "专业技术职务", TEXT, "讲师"),
        ("specialty", "熟悉专业有何专长", TEXT, "党务工作"),
        ("edu_full", "全日制教育", TEXT, "大学本科 管理学学士"),
        ("school_full", "毕业院校系及专业", TEXT, "云南大学公共管理学院行政管理专业"),
        ("edu_job", "在职教育", TEXT, "研究生 公共管理硕士"),
        ("school_job", "在职教育的毕业院校系及专业", TEXT, "云南师范大学公共管理专业"),
        ("current_post", "现任职务", TEXT, "机电工程学院党总支组织员"),
    )),
    # 第十一条's dated status (SPEC sections 2, 4; schema 7): with 在职教职工 in the person list.
    RecordField("out_of_service_on", "离岗日期", DATE, example=None),
)


#: 简历 (SPEC section 13): one period of a person's life, ``start``..``end`` (empty while ongoing), printed on the
#: 干部任免审批表 one line a period (``2008.07--2012.06  TEXT``).  The columns of ``resume`` beside the number and
#: the person; ``resume add/edit`` take them as ``--from``, ``--to``, ``--text``; ``resume list`` shows them.
RESUME_FIELDS = (
    RecordField("start", "起始日期", DATE, required=True, example="2008-07-01"),
    RecordField("end", "截止日期", DATE, example="2012-06-30"),
    RecordField("text", "经历", TEXT, required=True, example="云南大学公共管理学院行政管理专业学习"),
)
#: 照片 (SPEC section 13): one a person, a JPEG or PNG (:mod:`zzy.images` bounds it), kept whole in the ledger
#: and base64 in an export.  Its audit entries hold its kind, size and SHA-256, never its bytes.
PHOTO_FIELDS = (
    RecordField("format", "格式", IMAGE_FORMAT, required=True, example="jpeg"),
    RecordField("width", "宽(像素)", PIXELS, required=True, example=413),
    RecordField("height", "高(像素)", PIXELS, required=True, example=579),
    RecordField("image", "照片", IMAGE, required=True),
)


META = Table("zzy_meta", "key", "value")
ORG = Table("org", "id", "code", "name", "kind", "dissolved_on")
PERSON = Table("person", "id", *(field.key for field in PERSON_FIELDS))
WORK_SPAN = Table("work_span", "id", "person_id", "start", "end", "note")
APPOINTMENT = Table("appointment", "id", "person_id", "org_id", "kind", "rank", "start", "end", "end_reason",
                    "promoted", "prior_rank", "trial_result", "trial_decided_on", "override")
TRAINING = Table("training", "id", "date", "title", "kind", "host_id")
ATTENDANCE = Table("attendance", "training_id", "person_id")
REPORT = Table("report", "id", "person_id", "date", "special", "topic")
TARGET = Table("target", "id", "person_id", "title", "due", "quantity", "quality", "result", "assessed_on")
ASSESSMENT = Table("assessment", "id", "person_id", "year", "grade", "note")
COMMENDATION = Table("commendation", "id", "person_id", "date", "title")
RESUME = Table("resume", "id", "person_id", *(field.key for field in RESUME_FIELDS))
PHOTO = Table("photo", "id", "person_id", *(field.key for field in PHOTO_FIELDS))
SETTING = Table("setting", "key", "value")
AUDIT = Table("audit", "id", "at", "user", "command", "action", "entity", "key", "before", "after", "write_no",
              "undoes")
AUDIT_HEAD = Table("audit_head", "id", "last_id", "hash")

TABLES = (META, ORG, PERSON, WORK_SPAN, APPOINTMENT, TRAINING, ATTENDANCE, REPORT, TARGET, ASSESSMENT,
          COMMENDATION, RESUME, PHOTO, SETTING, AUDIT, AUDIT_HEAD)
