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


# -- the record kinds -------------------------------------------------------------------------

#: What a field holds, and so how it is checked where it enters (:data:`zzy.text.RULES` for the
#: texts, :mod:`zzy.dates` for dates) and shown: a 工号-like code, a name, a title, free text, a date,
#: yes/no, a whole number (a year), one of a closed vocabulary, the number of another record.
CODE, NAME, TITLE, TEXT, DATE, FLAG, NUMBER, CHOICE, REFERENCE = (
    "code", "name", "title", "text", "date", "flag", "number", "choice", "reference")
#: A setting's key and value, checked by :mod:`zzy.settings` (each key has its own kind of value).
CONFIG = "config"
#: Closed vocabularies of a person's papers (SPEC section 13): 性别 by key or label, 民族 by its GB/T 3304 name.
GENDER, ETHNICITY = "gender", "ethnicity"
#: A photo's parts (SPEC section 13): its kind (``jpeg``/``png``) and its bytes (checked by :mod:`zzy.images`,
#: not by a text rule).
IMAGE_FORMAT, IMAGE = "image_format", "image"


class RecordField:
    """A field of a record, declared once: its English key (the column, the JSON and CSV key, the
    import's English header), its Chinese label (SPEC section 2: the table's and the import's
    header, and ``zzy log``'s name for it), what it holds, whether the clerk must give it, and its
    value when not given.

    ``choices`` names the :class:`zzy.choices.Choice` whose labels show a stored key (for a
    :data:`CHOICE` field, also the only keys it may hold; a free text such as 离任原因 is shown by the
    label where zzy wrote a key).  ``reference`` names the record kind a :data:`REFERENCE` field
    holds the number of.  ``outer`` is its key outside the ledger (the list's JSON and CSV key and the
    import's English header) where that differs from the column: a work span's ``start`` is ``from``,
    a post's ``person_id`` is the person's 工号 ``staff_no``.  ``said`` is how a message names it
    (``党组织名称``), where the label alone (``名称``) would not say whose (a date of an event that cannot be after
    today, SPEC section 8, is the rules' to judge: :mod:`zzy.rules.records`).  ``plain``: a detail no rule reads (a document's
    number): the commands that make and edit the record take it under its option, and set it as given
    once its kind's text rule has read it.
    """

    __slots__ = ("key", "label", "kind", "required", "default", "imported", "listed", "tabled", "example",
                 "changed", "choices", "reference", "outer", "said", "plain", "wrap")

    def __init__(self, key: str, label: str, kind: str, *, required: bool = False, default: object = None,
                 imported: bool = True, listed: bool = True, tabled: bool = True, example: object = None,
                 changed: str | None = None, choices: str | None = None, reference: str | None = None,
                 outer: str | None = None, said: str | None = None, plain: bool = False,
                 wrap: bool | None = None) -> None:
        self.key = key
        self.label = label
        self.kind = kind
        self.required = required
        self.default = default
        #: Whether the import has a column for it (and ``zzy template`` a header) …
        self.imported = imported
        #: … and whether the record's list, its CSV and JSON, and ``show`` carry it.
        self.listed = listed
        #: … and whether the list's table shows it (a person's papers' fields are in its CSV, JSON and
        #: workbook's columns and in ``person show``, but would crowd the clerk's screen).
        self.tabled = tabled
        #: The value in the example row of ``zzy template`` (a date as ``YYYY-MM-DD``).
        self.example = example
        #: How "已修改 … 的X" names it, where that differs from the label.
        self.changed = changed or label
        self.choices = choices
        self.reference = reference
        self.outer = outer or key
        self.said = said or label
        self.plain = plain
        #: Whether a table may wrap it (:class:`zzy.report_types.Column`'s ``wrap``; by default its key decides).
        self.wrap = wrap

    def __repr__(self) -> str:
        return f"RecordField({self.key!r})"


class RecordKind:
    """A kind of record, declared once: its table and fields, the fields no two records may share
    (for a record without a number, its key), the other indexes its table keeps, its name in an export
    document (and ``restore``'s messages), and the entity names its audit entries carry (``zzy log``,
    undo)."""

    __slots__ = ("key", "label", "table", "fields", "numbered", "unique", "indexed", "exported", "audit")

    def __init__(self, key: str, label: str, table: str, *fields: RecordField, numbered: bool = True,
                 unique: tuple[str, ...] = (), indexed: tuple[tuple[str, ...], ...] = (), exported: str,
                 audit: tuple[str, ...] = ()) -> None:
        self.key = key
        self.label = label
        self.fields = fields
        self.numbered = numbered
        self.table = Table(table, *(("id",) if numbered else ()), *(field.key for field in fields))
        self.unique = unique
        self.indexed = indexed
        self.exported = exported
        self.audit = audit or (key,)

    def __repr__(self) -> str:
        return f"RecordKind({self.key!r})"

    def field(self, key: str) -> RecordField:
        return next(field for field in self.fields if field.key == key)

    @property
    def labels(self) -> dict[str, str]:
        """Each field's Chinese label by its column (``zzy log``'s names)."""
        return {field.key: field.label for field in self.fields}


def _person(key: str = "person_id") -> RecordField:
    """The person a record belongs to: by number in the ledger, by 工号 outside it."""
    return RecordField(key, "工号", REFERENCE, required=True, reference="person", outer="staff_no", example="T001")


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
    RecordField("gender", "性别", GENDER, tabled=False, example="男", choices="Gender"),
    *(RecordField(key, label, kind, tabled=False, example=example) for key, label, kind, example in (
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

#: Every kind of record the ledger keeps (SPEC section 2), in the order of an export document.
#: ``models`` holds each as a table and a migration builds it (``tests/test_schema.py`` holds the
#: three equal by type, nullability and index); restore's field checks, the import's columns and
#: ``zzy template``, the lists' columns and keys, and ``zzy log``'s names are read from here.
ORG_KIND = RecordKind(
    "org", "党组织", "org",
    RecordField("code", "代码", CODE, required=True, said="党组织代码", example="jd"),
    # a 直属党支部's name is long: it wraps rather than the list turning to blocks
    RecordField("name", "名称", NAME, required=True, said="党组织名称", example="机电工程学院党总支", wrap=True),
    RecordField("kind", "类型", CHOICE, default="grassroots", choices="OrgKind", example="基层党组织"),
    RecordField("dissolved_on", "撤销日期", DATE),
    unique=("code",), exported="orgs")
PERSON_KIND = RecordKind("person", "人员", "person", *PERSON_FIELDS, unique=("staff_no",), exported="persons")
WORK_KIND = RecordKind(
    "work", "党务工作经历", "work_span",
    _person(),
    RecordField("start", "起始日期", DATE, required=True, outer="from", example="2016-09-01",
                said="党务工作经历的起始日期"),
    RecordField("end", "截止日期", DATE, outer="to", example="2020-08-31"),
    RecordField("note", "说明", TEXT, example="学生党支部书记"),
    indexed=(("person_id",),), exported="work")
APPOINTMENT_KIND = RecordKind(
    "appointment", "任职", "appointment",
    _person(),
    RecordField("org_id", "党组织", REFERENCE, required=True, reference="org", outer="org", example="jd"),
    RecordField("kind", "类别", CHOICE, required=True, choices="PostKind", example="专职"),
    RecordField("rank", "职级", CHOICE, required=True, choices="Rank", example="正科级"),
    RecordField("start", "任职日期", DATE, required=True, example="2024-03-01"),
    RecordField("end", "离任日期", DATE),
    RecordField("end_reason", "离任原因", TEXT, choices="EndReason"),
    RecordField("promoted", "新提拔", FLAG, default=False, example="是"),
    RecordField("prior_rank", "试任前职级", CHOICE, choices="Rank", example="副科级"),
    RecordField("trial_result", "试用期考核", CHOICE, choices="TrialResult", example="胜任"),
    RecordField("trial_decided_on", "考核日期", DATE, said="试用期考核日期", example="2025-03-01"),
    RecordField("override", "特批理由", TEXT),
    indexed=(("person_id",), ("org_id", "start")), exported="appointments", audit=("appointment", "post"))
TRAINING_KIND = RecordKind(
    "training", "培训", "training",
    RecordField("date", "日期", DATE, required=True),
    RecordField("title", "名称", TITLE, required=True, said="培训名称"),
    RecordField("kind", "类型", CHOICE, default="training", choices="TrainingKind"),
    RecordField("host_id", "主办", REFERENCE, required=True, reference="org", outer="host"),
    indexed=(("date",),), exported="trainings")
ATTENDANCE_KIND = RecordKind(
    "attendance", "参加培训", "attendance",
    RecordField("training_id", "培训编号", REFERENCE, required=True, reference="training"),
    _person(),
    numbered=False, unique=("training_id", "person_id"), exported="attendance")
REPORT_KIND = RecordKind(
    "report", "工作汇报", "report",
    _person(),
    RecordField("date", "日期", DATE, required=True, said="工作汇报日期"),
    RecordField("special", "专题汇报", FLAG, default=False),
    RecordField("topic", "主题", TEXT),
    indexed=(("person_id",), ("date",)), exported="reports")
TARGET_KIND = RecordKind(
    "target", "目标", "target",
    _person(),
    RecordField("title", "名称", TITLE, required=True, said="目标名称"),
    RecordField("due", "期限", DATE, required=True),
    RecordField("quantity", "数量要求", TEXT),
    RecordField("quality", "质量要求", TEXT),
    RecordField("result", "结果", CHOICE, choices="TargetResult"),
    RecordField("assessed_on", "考核日期", DATE, said="目标考核日期"),
    indexed=(("person_id",), ("due",)), exported="targets")
ASSESSMENT_KIND = RecordKind(
    "assessment", "年度考核", "assessment",
    _person(),
    RecordField("year", "年度", NUMBER, required=True),
    RecordField("grade", "等次", CHOICE, required=True, choices="Grade"),
    RecordField("note", "说明", TEXT),
    unique=("person_id", "year"), indexed=(("person_id",),), exported="assessments")
COMMENDATION_KIND = RecordKind(
    "commendation", "表彰", "commendation",
    _person(),
    RecordField("date", "日期", DATE, required=True, said="表彰日期"),
    RecordField("title", "名称", TITLE, required=True, said="表彰名称"),
    indexed=(("person_id",), ("date",)), exported="commendations")
#: 简历 (SPEC section 13): one period of a person's life, ``start``..``end`` (empty while ongoing), printed on the
#: 干部任免审批表 one line a period (``2008.07--2012.06  TEXT``); ``resume add/edit`` take them as ``--from``,
#: ``--to``, ``--text``.  Not imported (SPEC section 7 names the import's kinds).
RESUME_FIELDS = (
    _person(),
    RecordField("start", "起始日期", DATE, required=True, outer="from", example="2008-09-01",
                said="简历的起始日期"),
    RecordField("end", "截止日期", DATE, outer="to", example="2012-06-30"),
    RecordField("text", "经历", TITLE, required=True, example="云南大学公共管理学院行政管理专业学习"),
)
RESUME_KIND = RecordKind("resume", "简历", "resume", *RESUME_FIELDS, indexed=(("person_id",),), exported="resume")
#: 照片 (SPEC section 13): one a person, a JPEG or PNG (:mod:`zzy.images` bounds it), kept whole in the ledger
#: and base64 in an export.  Its audit entries hold its format, size and SHA-256, never its bytes.
PHOTO_FIELDS = (
    _person(),
    RecordField("format", "格式", IMAGE_FORMAT, required=True, example="jpeg"),
    RecordField("width", "宽(像素)", NUMBER, required=True, example=413),
    RecordField("height", "高(像素)", NUMBER, required=True, example=579),
    RecordField("image", "照片", IMAGE, required=True),
)
PHOTO_KIND = RecordKind("photo", "照片", "photo", *PHOTO_FIELDS, unique=("person_id",), exported="photos")
SETTING_KIND = RecordKind(
    "config", "设置", "setting",
    RecordField("key", "设置项", CONFIG, required=True),
    RecordField("value", "值", CONFIG, required=True),
    numbered=False, unique=("key",), exported="settings")

RECORDS = (ORG_KIND, PERSON_KIND, WORK_KIND, APPOINTMENT_KIND, TRAINING_KIND, ATTENDANCE_KIND, REPORT_KIND,
           TARGET_KIND, ASSESSMENT_KIND, COMMENDATION_KIND, RESUME_KIND, PHOTO_KIND, SETTING_KIND)
#: Each kind by its key, by its name in an export document, and by each entity name of its audit entries.
RECORD = {kind.key: kind for kind in RECORDS}
EXPORTED = {kind.exported: kind for kind in RECORDS}
AUDITED = {entity: kind for kind in RECORDS for entity in kind.audit}


META = Table("zzy_meta", "key", "value")
ORG = ORG_KIND.table
PERSON = PERSON_KIND.table
WORK_SPAN = WORK_KIND.table
APPOINTMENT = APPOINTMENT_KIND.table
TRAINING = TRAINING_KIND.table
ATTENDANCE = ATTENDANCE_KIND.table
REPORT = REPORT_KIND.table
TARGET = TARGET_KIND.table
ASSESSMENT = ASSESSMENT_KIND.table
COMMENDATION = COMMENDATION_KIND.table
RESUME = RESUME_KIND.table
PHOTO = PHOTO_KIND.table
SETTING = SETTING_KIND.table
AUDIT = Table("audit", "id", "at", "user", "command", "action", "entity", "key", "before", "after", "write_no",
              "undoes")
AUDIT_HEAD = Table("audit_head", "id", "last_id", "hash")
#: 规则配置 (SPEC section 12): each version of the rules profile the ledger adopted, from its day (``from_day``).
RULES_PROFILE = Table("rules_profile", "id", "from_day", "profile_id", "version", "title", "document", "adopted_by",
                      "adopted_at")

TABLES = (META, ORG, PERSON, WORK_SPAN, APPOINTMENT, TRAINING, ATTENDANCE, REPORT, TARGET, ASSESSMENT,
          COMMENDATION, RESUME, PHOTO, SETTING, AUDIT, AUDIT_HEAD, RULES_PROFILE)
