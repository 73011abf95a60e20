"""What a write transaction sees of the ledger: records by domain key, inserts, audit entries.

:class:`Store` asks the database as it goes, for a single command.  :class:`BulkStore` loads
what an import needs once, answers from memory, numbers new records itself and writes them in
a few bulk statements at the end — so that an import goes through exactly the checks of the
single commands (:mod:`zzy.ledger`) at a hundred thousand rows.
"""

from __future__ import annotations

import keyword
from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar, cast

from sqlalchemy import update
from sqlmodel import Session, SQLModel, col, select

from zzy import audit, dates, lookup, rules
from zzy.bulk import CHUNK, insert_rows
from zzy.choices import Severity
from zzy.errors import LedgerUnusable
from zzy.facts import OrgFacts, PersonFacts, PostFacts, TargetFacts, TrainingFacts, WorkFacts
from zzy.models import Appointment, Org, Person, RulesProfile, Target, Training, WorkSpan, table_of
from zzy.profile import Profiles
from zzy.progress import WRITING
from zzy.reader import Reader
from zzy.text import trimmed

if TYPE_CHECKING:
    from zzy.progress import Progress
    from zzy.rules import Finding

R = TypeVar("R", bound=SQLModel)


def _model_of(record: Any) -> type[SQLModel]:
    """The model of a record, whether the ORM's instance or a :class:`Light` one."""
    return record.model if isinstance(record, Light) else type(record)


def person_facts(person: Person) -> PersonFacts:
    """A person record as the rules read it: every field of :class:`PersonFacts` from the attribute of that name."""
    return PersonFacts(**{field: getattr(person, field) for field in PersonFacts._fields})


def org_facts(org: Org) -> OrgFacts:
    """An org record as the rules read it."""
    return OrgFacts(code=org.code, name=org.name, kind=org.kind, dissolved_on=org.dissolved_on)


def work_facts(span: WorkSpan) -> WorkFacts:
    """A party-work span as the rules read it."""
    return WorkFacts(start=span.start, last_day=span.end)


def target_facts(target: Target, *, staff_no: str) -> TargetFacts:
    """A target as the rules read it, named by its holder's 工号."""
    return TargetFacts(target.id or 0, staff_no, target.title, target.due, target.result, target.assessed_on)


def training_facts(training: Training, *, host: str) -> TrainingFacts:
    """A training as the rules read it, named by its host's code."""
    return TrainingFacts(training.id or 0, training.date, training.title, training.kind, host)


#: What a post's facts take from its record as it is (:class:`PostFacts` names the post by 工号 and org code).
_POST_COPIED = tuple(name for name in PostFacts._fields if name not in ("id", "staff_no", "org"))


def post_facts(post: Appointment, *, staff_no: str, org_code: str) -> PostFacts:
    """A post record as the rules read it, named by 工号 and org code."""
    return PostFacts(post.id or 0, staff_no, org_code, *(getattr(post, name) for name in _POST_COPIED))


class Store:
    """The ledger inside one write transaction, asked as needed.

    ``today`` is the run's date (events after it cannot be recorded).  With ``watching``, every
    person and org a write looks up by its key is watched: their findings (the reminder list's, on
    ``today``) are taken when first looked up, and :meth:`notices` tells the new ones at the end.
    """

    def __init__(self, session: Session, *, today: date | None = None, watching: bool = False) -> None:
        self.session = session
        self.today = today or dates.today()
        self._watching = watching
        self._seen: dict[tuple[str, str], set[tuple[str, str | None, str | None]]] = {}
        self._told: list[str] = []
        self._profiles: Profiles | None = None

    def profiles(self) -> Profiles:
        """The versions of the rules profile the ledger adopted (SPEC section 12), read once a write."""
        if self._profiles is None:
            self._profiles = Profiles.of(
                (row.from_day, row.document) for row in self.session.exec(select(RulesProfile)))
        return self._profiles

    def forget_profiles(self) -> None:
        """A write that adopted a version reads them again."""
        self._profiles = None

    # -- lookups ---------------------------------------------------------------------------

    def find_person(self, staff_no: str) -> Person | None:
        return self.session.exec(select(Person).where(Person.staff_no == trimmed(staff_no))).first()

    def find_org(self, code: str) -> Org | None:
        return self.session.exec(select(Org).where(Org.code == trimmed(code))).first()

    def people_like(self, person: Person) -> list[Person]:
        """Those registered with the same name and membership dates as ``person`` (perhaps the same person)."""
        return list(self.session.exec(select(Person).where(
            Person.name == person.name, Person.joined == person.joined,
            col(Person.full).is_(None) if person.full is None else Person.full == person.full)))

    def find_org_named(self, name: str) -> Org | None:
        return self.session.exec(select(Org).where(Org.name == trimmed(name))).first()

    def committee(self) -> Org | None:
        return self.session.exec(select(Org).where(Org.kind == "committee")).first()

    def posts_of(self, person: Person) -> list[tuple[Appointment, Org]]:
        """A person's posts with their orgs, by start date."""
        return list(self.session.exec(
            select(Appointment, Org).join(Org, col(Org.id) == Appointment.org_id)
            .where(Appointment.person_id == person.id).order_by(col(Appointment.start))
        ).all())

    def work_of(self, person: Person) -> list[WorkSpan]:
        return list(self.session.exec(select(WorkSpan).where(WorkSpan.person_id == person.id)))

    def posts_at(self, org: Org) -> list[tuple[Appointment, Person]]:
        """The posts at an org with their holders."""
        return list(self.session.exec(
            select(Appointment, Person).join(Person, col(Person.id) == Appointment.person_id)
            .where(Appointment.org_id == org.id)
        ).all())

    def all_orgs(self) -> list[Org]:
        return list(self.session.exec(select(Org)))

    # -- the facts the rules read about the records a write touches -----------------------

    def org_facts(self) -> dict[str, OrgFacts]:
        """Every org, by code (a college has a few dozen)."""
        return {org.code: org_facts(org) for org in self.all_orgs()}

    def post_facts_of(self, person: Person) -> list[PostFacts]:
        """A person's posts as the rules read them."""
        return [post_facts(post, staff_no=person.staff_no, org_code=org.code) for post, org in self.posts_of(person)]

    def work_facts_of(self, person: Person) -> list[WorkFacts]:
        return [work_facts(span) for span in self.work_of(person)]

    def owner(self, person_id: int) -> Person:
        """The person a record belongs to (by the record's person number), watched like :meth:`person`."""
        person = self.session.get(Person, person_id)
        assert person is not None  # a foreign key
        self.watch(person=person.staff_no)
        return person

    def person(self, staff_no: str) -> Person:
        """The person with this 工号, or with this name when one person has it
        (:func:`zzy.lookup.resolve_person`); else a refusal that says how to find one."""
        found = self.find_person(staff_no)
        if found is None:
            found = self.find_person(lookup.resolve_person(self.rows, staff_no)[1])
        if found is None:  # pragma: no cover  (the resolver found the 工号 in this transaction)
            raise lookup.person_missing(staff_no)
        self.watch(person=found.staff_no)
        return found

    def rows(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        """Plain SQL (``?`` placeholders, as :class:`zzy.reader.Reader` takes it) in this transaction."""
        connection = self.session.connection()
        if connection.dialect.name == "postgresql":
            sql = sql.replace("?", "%s")
        return [tuple(row) for row in connection.exec_driver_sql(sql, tuple(params)).all()]

    def org(self, code: str) -> Org:
        """The org with this 代码, or a refusal that says how to find one."""
        found = self.find_org(code)
        if found is None:
            raise lookup.org_missing(code)
        self.watch(org=found.code)
        return found

    # -- notices: the findings a write leaves about what it touched -----------------------

    def watch(self, *, person: str | None = None, org: str | None = None) -> None:
        """Take the findings about this person and this org before the write changes them."""
        if not self._watching:
            return
        for what, key in (("person", person), ("org", org)):
            if key is not None and (what, key) not in self._seen:
                self._seen[what, key] = {_finding_key(f) for f in self._findings_about(what, key)}

    def notify(self, message: str) -> None:
        """A notice the write itself gives, beside the new findings (a post a correction leaves unqualified)."""
        self._told.append(message)

    def notices(self) -> list[str]:
        """The messages of the findings about the watched people and orgs that were not there before, then
        those the write gave itself."""
        messages: list[str] = []
        for subject, before in self._seen.items():
            new = [f for f in self._findings_about(*subject) if _finding_key(f) not in before]
            old = [f for f in new if _long_overdue(f)]
            if len(old) >= 2 and subject[0] == "person":  # history entered years back: one line, not a flood
                new = [f for f in new if not _long_overdue(f)]
                messages.append(f"{old[0].name}({subject[1]})有 {len(old)} 项早已逾期(逾期一年以上)的事项,"
                                f"见 zzy remind --person {subject[1]}")
            messages += [f.message for f in new]
        return list(dict.fromkeys(messages + self._told))

    def _findings_about(self, what: str, key: str) -> list[Finding]:
        from zzy import load  # start-up

        self.session.flush()
        reader = Reader(self.session.connection().connection.driver_connection, label="",
                        busy=lambda: LedgerUnusable("账本正被其他程序占用。"))
        if what == "person":
            if self.find_person(key) is None:
                return []
            facts = load.person_facts_on(reader, key, self.today)
            found = rules.findings(facts, as_of=self.today)
            return [f for f in found if f.staff_no == key]
        facts = load.org_facts_on(reader, key, self.today)
        found = rules.findings(facts, as_of=self.today)
        return [f for f in found if f.staff_no is None and f.org == key]

    def org_by_code_or_name(self, text: str) -> Org:
        """An org named by its code or, failing that, by its exact name (for imports)."""
        return self.find_org(text) or self.find_org_named(text) or self.org(text)

    # -- writes ----------------------------------------------------------------------------

    def new(self, model: type[R], **values: Any) -> R:
        """A new record of ``model`` (not yet added): here the ORM's own instance."""
        return model(**values)

    def add(self, record: R) -> R:
        """Insert a new record; it has its number when this returns."""
        self.session.add(record)
        self.session.flush()
        return record

    def save(self, record: SQLModel) -> None:
        """Keep the changes made to a record."""
        self.session.add(record)

    def audit(self, **entry: Any) -> None:
        """Append an audit entry to this transaction."""
        audit.record(self.session, **entry)

    def finish(self, progress: Progress | None = None) -> None:
        """Nothing is held back: every write has already gone to the transaction."""


#: Overdue for longer than this, a finding a write reveals is history the clerk is entering (an appointment
#: of 2014), told in one line with the others like it rather than one notice each.
LONG_OVERDUE_DAYS = 365


def _long_overdue(finding: Finding) -> bool:
    return (finding.severity is Severity.OVERDUE and finding.days_left is not None
            and finding.days_left < -LONG_OVERDUE_DAYS)


def _finding_key(finding: Finding) -> tuple[str, str | None, str | None]:
    """What makes a finding the same one before and after a write: its matter, as its kind declares it
    (``rules.FindingKind.matter``), its person and org; its dates, stage and wording may move."""
    return rules.finding_matter(finding.kind), finding.staff_no, finding.org


class Light:
    """A record of an import as plain attributes in slots: the fields of its model, its ``model_dump``, and
    nothing of the ORM (building a SQLModel instance costs about 40 µs and 2 KB; a hundred thousand of them
    were most of an import's time and memory).  :class:`BulkStore` hands these out in place of the model's
    instances; the ledger's functions read and set the same attributes."""

    __slots__ = ()
    model: type[SQLModel]
    fields: tuple[str, ...] = ()
    defaults: tuple[Any, ...] = ()

    def __init__(self, *args: Any, **values: Any) -> None:  # replaced in each model's class by :func:`light`
        raise TypeError("a Light record is made by its model's class (zzy.store.light)")

    def model_dump(self) -> dict[str, Any]:
        return {field: getattr(self, field) for field in self.fields}

    def row(self) -> tuple[Any, ...]:
        return tuple(getattr(self, field) for field in self.fields)


_LIGHT: dict[type[SQLModel], type[Light]] = {}


def light(model: type[SQLModel]) -> type[Light]:
    """The :class:`Light` class of ``model``: its columns as slots, with their defaults."""
    made = _LIGHT.get(model)
    if made is None:
        table = table_of(model)
        fields = tuple(column.name for column in table.columns)
        declared = model.model_fields  # pydantic's FieldInfo: a required field has no default
        defaults = tuple(None if declared[f].is_required() else declared[f].get_default(call_default_factory=True)
                         for f in fields)
        made = _LIGHT[model] = type(f"{model.__name__}Row", (Light,), {
            "__slots__": fields, "model": model, "fields": fields, "defaults": defaults,
            "__init__": _initializer(fields, defaults)})
    return made


def _initializer(fields: tuple[str, ...], defaults: tuple[Any, ...]) -> Any:
    """The ``__init__`` of a :class:`Light` class, written out as dataclasses write theirs: every field by
    position (a row read from the database, in the order of ``fields``) or by name (a new record; a field
    not given takes its default, a name the model has not is a ``TypeError``).  A loop of ``setattr`` over
    twenty fields cost a tenth of a person import."""
    assert all(field.isidentifier() and not keyword.iskeyword(field) for field in fields)
    parameters = ", ".join(f"{field}=_defaults[{index}]" for index, field in enumerate(fields))
    body = "\n".join(f"    self.{field} = {field}" for field in fields)
    namespace: dict[str, Any] = {"_defaults": defaults}
    exec(f"def __init__(self, {parameters}):\n{body}\n", namespace)  # noqa: S102 (our own column names)
    return namespace["__init__"]


def _loaded(session: Session, model: type[SQLModel], *order: Any) -> list[Any]:
    """Every record of ``model`` as :class:`Light` records, read in one plain query."""
    maker = light(model)
    table = table_of(model)
    statement = select(*(table.c[f] for f in maker.fields))
    if order:
        statement = statement.order_by(*order)
    return [maker(*row) for row in session.connection().execute(statement)]


class BulkStore(Store):
    """The ledger loaded once for an import; new records are written together at the end."""

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        people: list[Person] = _loaded(session, Person)
        self._people = {p.staff_no: p for p in people}
        self._people_by_id = {p.id: p for p in people}
        orgs: list[Org] = _loaded(session, Org)
        self._orgs = {o.code: o for o in orgs}
        self._org_names = {o.name: o for o in orgs}
        self._orgs_by_id = {o.id: o for o in orgs}
        self._posts: dict[int | None, list[Appointment]] = defaultdict(list)
        self._posts_by_org: dict[int | None, list[Appointment]] = defaultdict(list)
        for post in _loaded(session, Appointment, table_of(Appointment).c.start):
            self._posts[post.person_id].append(post)
            self._posts_by_org[post.org_id].append(post)
        self._work: dict[int | None, list[WorkSpan]] = defaultdict(list)
        for span in _loaded(session, WorkSpan):
            self._work[span.person_id].append(span)
        self._next_id: dict[type[SQLModel], int] = {}
        self._pending: dict[type[SQLModel], list[Any]] = defaultdict(list)
        self._new: set[tuple[type[SQLModel], int]] = set()
        self._audit_rows: list[dict[str, Any]] = []
        self._org_facts: dict[str, OrgFacts] | None = None
        self._likes: dict[tuple[str, date, date | None], list[Person]] | None = None

    def find_person(self, staff_no: str) -> Person | None:
        return self._people.get(trimmed(staff_no))

    def find_org(self, code: str) -> Org | None:
        return self._orgs.get(trimmed(code))

    def people_like(self, person: Person) -> list[Person]:
        """As :meth:`Store.people_like`, from an index of everyone by name and membership dates."""
        if self._likes is None:
            self._likes = defaultdict(list)
            for known in self._people.values():
                self._likes[known.name, known.joined, known.full].append(known)
        return [p for p in self._likes.get((person.name, person.joined, person.full), []) if p is not person]

    def person(self, staff_no: str) -> Person:
        """An import names people by 工号 only: a file is exact, and looking up names and
        suggestions for each bad row would read everyone again and again."""
        found = self.find_person(staff_no)
        if found is None:
            raise lookup.person_missing(staff_no, names=False)
        self.watch(person=found.staff_no)
        return found

    def find_org_named(self, name: str) -> Org | None:
        return self._org_names.get(trimmed(name))

    def committee(self) -> Org | None:
        return next((o for o in self._orgs.values() if o.kind == "committee"), None)

    def all_orgs(self) -> list[Org]:
        return list(self._orgs.values())

    def org_facts(self) -> dict[str, OrgFacts]:
        """Every org, built once and kept up to date as orgs are added or changed (an import of thousands
        of orgs would otherwise build them all again for each row)."""
        if self._org_facts is None:
            self._org_facts = super().org_facts()
        return self._org_facts

    def posts_of(self, person: Person) -> list[tuple[Appointment, Org]]:
        posts = sorted(self._posts.get(person.id, []), key=lambda p: p.start)
        return [(post, self._orgs_by_id[post.org_id]) for post in posts]

    def work_of(self, person: Person) -> list[WorkSpan]:
        return list(self._work.get(person.id, []))

    def posts_at(self, org: Org) -> list[tuple[Appointment, Person]]:
        """From an index of the posts by org (scanning every post of the ledger for each dissolved org of
        an import made it quadratic)."""
        return [(post, self._people_by_id[post.person_id]) for post in self._posts_by_org.get(org.id, [])]

    def _number(self, model: type[SQLModel]) -> int:
        if model not in self._next_id:
            from zzy.db import highest_number  # start-up

            self._next_id[model] = highest_number(self.session, table_of(model)) + 1
        number = self._next_id[model]
        self._next_id[model] = number + 1
        return number

    def new(self, model: type[R], **values: Any) -> R:
        """A new record as a :class:`Light` one with the model's fields and defaults (typed as the model,
        whose attributes it has: the ledger's functions cannot tell them apart)."""
        return cast(R, light(model)(**values))

    def add(self, record: R) -> R:
        model = _model_of(record)
        number = self._number(model)
        setattr(record, "id", number)  # noqa: B010 (the models' id, which SQLModel's bound does not know)
        self._pending[model].append(record)
        self._new.add((model, number))
        if model is Person:
            person = cast(Person, record)
            self._people[person.staff_no] = self._people_by_id[number] = person
            if self._likes is not None:
                self._likes[person.name, person.joined, person.full].append(person)
        elif model is Org:
            org = cast(Org, record)
            self._orgs[org.code], self._org_names[org.name] = org, org
            self._orgs_by_id[number] = org
            if self._org_facts is not None:  # one more org: added to the facts, not all built again
                self._org_facts[org.code] = org_facts(org)
        elif model is Appointment:
            post = cast(Appointment, record)
            self._posts[post.person_id].append(post)
            self._posts_by_org[post.org_id].append(post)
        elif model is WorkSpan:
            span = cast(WorkSpan, record)
            self._work[span.person_id].append(span)
        return record

    def save(self, record: SQLModel) -> None:
        """A new record is written as it stands at the end; one the ledger held is updated now."""
        model = _model_of(record)
        if model is Org and self._org_facts is not None:
            org = cast(Org, record)
            self._org_facts[org.code] = org_facts(org)
        if (model, record.id) not in self._new:  # type: ignore[attr-defined]
            table = table_of(model)
            values = record.model_dump()
            self.session.execute(update(table).where(table.c.id == values.pop("id")).values(values))

    def audit(self, **entry: Any) -> None:
        """Queue the entry as a plain row (a hundred thousand ORM objects would cost seconds),
        written in chunks so that a big import holds only a few thousand in memory."""
        invocation = self.session.info["invocation"]
        if len(self._audit_rows) >= CHUNK:
            self._write_audit()
        # numbered where they are written (audit.chained on SQLite, the server's chain trigger on PostgreSQL:
        # a clerk may not read the log's sequence there)
        self._audit_rows.append(audit.entry(user=invocation.user, command=invocation.command, action=entry["action"],
                                            entity=entry["entity"], key=entry["key"], before=entry.get("before"),
                                            after=entry.get("after")))

    def _write_audit(self) -> None:
        audit.append(self.session, self._audit_rows)
        self._audit_rows = []

    def finish(self, progress: Progress | None = None) -> None:
        """Write every new record, table by table, in a few executemany statements (of plain rows: a record
        is a tuple of its columns, :func:`zzy.bulk.insert_rows`), telling ``progress`` as each chunk goes."""
        from zzy.db import renumber  # start-up

        if progress is not None:
            progress.phase(WRITING, sum(map(len, self._pending.values())) + len(self._audit_rows))
        for model in (Org, Person, WorkSpan, Appointment):
            records = self._pending.pop(model, [])
            for first in range(0, len(records), CHUNK):
                chunk = [r.row() for r in records[first:first + CHUNK]]
                insert_rows(self.session, table_of(model), chunk)
                if progress is not None:
                    progress.advance(len(chunk))
        if progress is not None:
            progress.advance(len(self._audit_rows))
        self._write_audit()
        renumber(self.session, [table_of(m) for m in self._next_id])
        self.session.flush()
