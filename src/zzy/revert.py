"""Reverting a write (``zzy undo``): the newest write that is not itself an undo and has not been
undone, as one whole command (an import included), from the whole records its audit entries keep.

A write is the entries of the audit log that share a ``write_no`` (migration 0005).  Each entry
holds its record before and after; the undo puts every record back as it was before, in the
reverse order of the entries, and appends for each an entry of its own (action ``undo``, the same
entity and key, ``undoes`` the write's number), so the undo is a write like any other.

It refuses (exit 3, nothing written), saying why and naming the later write, when reverting would
be wrong: a record the write left has since been changed or removed, a record it added is referred
to by a later one, a number or unique key it would give back has been taken again, a record it
would restore refers to one that is gone, or the ledger after the revert breaks a rule that
``doctor`` would report and that it did not break before (:func:`zzy.rules.ledger_problems`, the
same functions every write refuses on).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from zzy import audit, dates, labels, rules
from zzy.choices import AuditEntity, label_or_text
from zzy.errors import LedgerUnusable, Refused, RuleViolation
from zzy.lookup import Rows
from zzy.outcome import Done
from zzy.schema import AUDIT, AUDITED

if TYPE_CHECKING:
    from sqlmodel import SQLModel

    from zzy.reader import Reader
    from zzy.store import Store

#: Entities an undo cannot revert, and what to do instead.
NOT_REVERTED = {
    "ledger": "恢复(restore)不能撤销: 请另建账本",
    "grant": "授权不能用 undo 撤销: 请用 zzy grant 或 zzy revoke",
    # the log keeps a photo's size and hash, not the picture: there is nothing to put back
    "photo": "照片不能用 undo 撤销(审计日志只记照片的大小和摘要): 请用 zzy person photo 重新存入或 --clear 删除",
}


class Step(NamedTuple):
    """One audit entry of the write: the record before and after it."""

    entry: int
    action: str
    entity: str
    key: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def line(self) -> str:
        """What reverting it does, in one line of Chinese."""
        what = f"{label_or_text(AuditEntity, self.entity)} {self.key}"
        if self.after is None:
            return f"  恢复{what}: {labels.changes(self.entity, None, self.before)}"
        if self.before is None:
            return f"  删除{what}: {labels.changes(self.entity, self.after, None)}"
        return f"  改回{what}: {labels.changes(self.entity, self.after, self.before) or '(无可见改动)'}"


class Plan(NamedTuple):
    """The write an undo reverts: its number, when, by whom and with what command, and its entries."""

    write_no: int
    at: str
    user: str
    command: str
    steps: tuple[Step, ...]

    def title(self) -> str:
        return f"写入 #{self.write_no}({dates.local_time(self.at)},{self.user}: {self.command})"

    def lines(self) -> list[str]:
        """Exactly what the undo will revert: the write, then one line per record."""
        return [f"将撤销{self.title()},共 {len(self.steps)} 条记录:", *(step.line() for step in self.steps)]


def _json(text: str | None) -> dict[str, Any] | None:
    data = audit.loads(text)
    if data is not None and audit.DAMAGED in data:
        raise Refused("这次写入的审计记录已损坏(不是 zzy 写下的内容),不能据此撤销。请运行 zzy doctor 查看。")
    return data


def newest(rows: Rows) -> Plan:
    """The newest write that is not itself an undo and has not been undone; a refusal when there is none."""
    a = AUDIT
    number = rows(f"SELECT max({a.c('write_no')}) FROM {a} WHERE {a.c('undoes')} IS NULL "
                  f"AND {a.c('write_no')} NOT IN (SELECT {a.c('undoes')} FROM {a} WHERE {a.c('undoes')} IS NOT NULL)")
    write_no = number[0][0] if number else None
    if write_no is None:
        if rows(f"SELECT 1 FROM {a} WHERE {a.c('write_no')} IS NULL LIMIT 1"):
            raise Refused("没有可以撤销的写入: 账本升级到本版 zzy 之前的写入没有写入编号,不能撤销"
                          "(请用相应的修改或作废命令更正)。")
        raise Refused("没有可以撤销的写入。")
    entries = rows(f"SELECT {a.cols('id', 'at', 'user', 'command', 'action', 'entity', 'key', 'before', 'after')} "
                   f"FROM {a} WHERE {a.c('write_no')} = ? ORDER BY {a.c('id')}", write_no)
    steps = tuple(Step(entry, action, entity, key, _json(before), _json(after))
                  for entry, _, _, _, action, entity, key, before, after in entries)
    first = entries[0]
    plan = Plan(int(write_no), first[1], first[2], first[3], steps)
    for step in steps:
        if step.action == "untold":  # the server's note of rows changed behind zzy's back: no record to put back
            raise Refused(f"不能撤销{plan.title()}: 其中有服务器记下的未如实登记的改动({step.entity} 表),"
                          "撤销无从知道原来的内容。请核对后用修改或作废命令更正。")
        if step.entity in NOT_REVERTED:
            raise Refused(f"不能撤销{plan.title()}: {NOT_REVERTED[step.entity]}。")
        if _model(step) is None:
            raise Refused(f"不能撤销{plan.title()}: 不认识其中的{step.entity}记录。")
    return plan


def plan(reader: Reader, *, server: bool) -> Plan:
    """What ``zzy undo`` would revert now (a read, to show before asking)."""
    if server:
        _whole_ledger(reader)
    return newest(reader.rows)


def _whole_ledger(reader: Reader) -> None:
    audit.require_the_whole_ledger(reader, "撤销")


# -- records and their audit snapshots -------------------------------------------------------------

def _models() -> dict[str, type[SQLModel]]:
    """The table class of each record kind, by every entity name its audit entries carry (:data:`zzy.schema.AUDITED`)."""
    from zzy import models  # start-up

    return {entity: models.model_of(kind.table.name) for entity, kind in AUDITED.items()} | {
        "profile": models.RulesProfile}


def _is_attendance(step: Step) -> bool:
    state = step.after or step.before or {}
    return step.entity == "attendance" or (step.entity == "training" and "id" not in state
                                           and "training_id" in state)


def _model(step: Step) -> type[SQLModel] | None:
    from zzy.models import Attendance  # start-up

    return Attendance if _is_attendance(step) else _models().get(step.entity)


def _entities_of(table: str) -> set[str]:
    from zzy.models import table_of  # start-up

    return {entity for entity, model in _models().items() if table_of(model).name == table}


class _Later(NamedTuple):
    """An audit entry written after the write being reverted (its records as stored: read only
    to name the write behind a refusal)."""

    write_no: int | None
    command: str
    entity: str
    before_text: str | None
    after_text: str | None


class Reverter:
    """Puts back, in one write transaction, the records of one write."""

    def __init__(self, store: Store, plan: Plan) -> None:
        from zzy.models import table_of  # start-up

        self.store = store
        self.session = store.session
        self.plan = plan
        self.table_of = table_of
        self._referrer_sql: dict[str, str] = {}
        #: The undo's own audit entries, appended together at the end.
        self.entries: list[dict[str, Any]] = []
        a = AUDIT
        last = plan.steps[-1].entry
        self.later = [
            _Later(*row) for row in store.rows(
                f"SELECT {a.cols('write_no', 'command', 'entity', 'before', 'after')} FROM {a} "
                f"WHERE {a.c('id')} > ? ORDER BY {a.c('id')} DESC", last)]

    # -- refusals ---------------------------------------------------------------------------

    def _refuse(self, why: str) -> Refused:
        return Refused(f"不能撤销{self.plan.title()}: {why}")

    def _by(self, table: str, identity: dict[str, Any], *, gone: bool = False) -> str:
        """「写入 #N: 命令」: the newest later write that touched the record (removed it, with ``gone``)."""
        entities = _entities_of(table)
        for entry in self.later:
            if entry.entity not in entities and not (table == "attendance" and entry.entity == "training"):
                continue
            if gone and entry.after_text is not None:
                continue
            texts = [entry.before_text] if gone else [entry.before_text, entry.after_text]
            states = [_json(text) for text in texts]
            if any(state and all(state.get(k) == v for k, v in identity.items()) for state in states):
                number = f"写入 #{entry.write_no}" if entry.write_no else "一次写入"
                return f"{number}: {entry.command}"
        return "审计日志里没有这次改动: 可能是在 zzy 之外改的"

    # -- one record -------------------------------------------------------------------------

    def _identity(self, model: type[SQLModel], state: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        """The record's primary key, and the fields that find it in audit snapshots."""
        from zzy.models import Attendance, Setting  # start-up

        if model is Attendance:
            person = self.store.find_person(state["staff_no"])
            return ((state["training_id"], person.id if person else None),
                    {"training_id": state["training_id"], "staff_no": state["staff_no"]})
        if model is Setting:
            return state["key"], {"key": state["key"]}
        return state["id"], {"id": state["id"]}

    def _fields(self, model: type[SQLModel], state: dict[str, Any]) -> dict[str, Any]:
        """A snapshot's values for the record's columns, dates as dates."""
        from zzy.models import Attendance  # start-up

        table = self.table_of(model)
        if model is Attendance:
            person = self.store.find_person(state["staff_no"])
            if person is None:
                raise self._refuse(f"工号 {state['staff_no']} 的人员已不存在"
                                   f"({self._by('person', {'staff_no': state['staff_no']}, gone=True)})。")
            return {"training_id": state["training_id"], "person_id": person.id}
        values = {}
        for column in table.columns:
            value = state.get(column.name)
            if isinstance(value, str) and column.type.python_type is date:
                value = date.fromisoformat(value)
            values[column.name] = value
        return values

    def _now(self, model: type[SQLModel], record: SQLModel) -> dict[str, Any]:
        return {column.name: getattr(record, column.name) for column in self.table_of(model).columns}

    def revert(self, step: Step) -> None:

        model = _model(step)
        assert model is not None  # newest() refused the others
        table = self.table_of(model).name
        state = step.after or step.before or {}
        key, identity = self._identity(model, state)
        what = f"{label_or_text(AuditEntity, step.entity)} {step.key}"
        known = None not in (key if isinstance(key, tuple) else (key,))  # an attendee no longer registered
        current: SQLModel | None = self.session.get(model, key) if known else None
        if step.after is not None:
            if current is None:
                raise self._refuse(f"{what} 在此之后已被作废或删除({self._by(table, identity, gone=True)})。")
            if self._now(model, current) != self._fields(model, step.after):
                raise self._refuse(f"{what} 在此之后又被改动过({self._by(table, identity)})。")
        elif current is not None:
            raise self._refuse(f"{what} 的编号已被再次使用({self._by(table, identity)})。")
        if step.before is None:
            assert current is not None
            self._not_referred(model, current, what)
            self.session.delete(current)
        else:
            values = self._fields(model, step.before)
            self._keys_free(model, values, key, what)
            self._references_exist(model, values, what)
            if current is None:
                self.session.add(model(**values))
                self.session.flush()
                self._attendees_back(model, values, step.before)
            else:
                for name, value in values.items():
                    setattr(current, name, value)
                self.session.add(current)
        self.session.flush()
        invocation = self.session.info["invocation"]
        self.entries.append(audit.entry(user=invocation.user, command=invocation.command, action="undo",
                                        entity=step.entity, key=step.key, before=step.after, after=step.before,
                                        undoes=self.plan.write_no))

    def _attendees_back(self, model: type[SQLModel], values: dict[str, Any], state: dict[str, Any]) -> None:
        """A voided training comes back with the attendees its audit entry lists."""
        from zzy.models import Attendance, Training  # start-up

        if model is not Training:
            return
        for staff_no in state.get("attendees") or []:
            person = self.store.find_person(staff_no)
            if person is None:
                raise self._refuse(f"培训 #{values['id']} 的参加人员 {staff_no} 已不存在"
                                   f"({self._by('person', {'staff_no': staff_no}, gone=True)})。")
            self.session.add(Attendance(training_id=values["id"], person_id=person.id or 0))

    def _referrers(self, model: type[SQLModel]) -> str:
        """One query for the first record that refers to a record of ``model`` (its table, and
        the referring record's key: id, or training and person for an attendance)."""
        target = self.table_of(model)
        if target.name not in self._referrer_sql:
            parts = []
            for table in target.metadata.sorted_tables:
                for fk in table.foreign_keys:
                    if fk.column.table is target:
                        keys = "training_id, person_id" if table.name == "attendance" else "id, CAST(NULL AS integer)"
                        parts.append(f"SELECT CAST('{table.name}' AS text), {keys} FROM {table.name} "
                                     f"WHERE {fk.parent.name} = ?")
            self._referrer_sql[target.name] = " UNION ALL ".join(parts)
        return self._referrer_sql[target.name]

    def _not_referred(self, model: type[SQLModel], record: SQLModel, what: str) -> None:
        """A record the write added may go only when no later record refers to it."""
        from zzy.models import Person  # start-up

        sql = self._referrers(model)
        if not sql:
            return
        number = getattr(record, "id")  # noqa: B009  (every table referred to is numbered)
        found = self.store.rows(f"{sql} LIMIT 1", *[number] * sql.count("?"))
        if not found:
            return
        table, first, second = found[0]
        if table == "attendance":
            person = self.session.get(Person, second)
            identity = {"training_id": first, "staff_no": person.staff_no if person else None}
            label = AuditEntity.ATTENDANCE.label
        else:
            identity = {"id": first}
            label = next((label_or_text(AuditEntity, e) for e in sorted(_entities_of(table))), table) + f" #{first} "
        raise self._refuse(f"{what} 已被{label}引用({self._by(table, identity)})。请先作废那条记录。")

    def _keys_free(self, model: type[SQLModel], values: dict[str, Any], key: Any, what: str) -> None:
        """The unique keys a record gets back (工号, 党组织代码, one grade a year) are not taken again."""
        from sqlalchemy import select  # start-up

        from zzy.models import Assessment, Org, Person  # start-up

        unique = {Person: ("staff_no",), Org: ("code",), Assessment: ("person_id", "year")}.get(model)
        if unique is None:
            return
        table = self.table_of(model)
        query = select(table).where(*(table.c[name] == values[name] for name in unique), table.c.id != key)
        row = self.session.execute(query.limit(1)).first()
        if row is not None:
            taken = "、".join(f"{labels.field_name(table.name, name)} {values[name]}" for name in unique
                             if name != "person_id")
            raise self._refuse(f"{what} 的{taken} 已被另一条记录使用({self._by(table.name, {'id': row._mapping['id']})})。")

    def _references_exist(self, model: type[SQLModel], values: dict[str, Any], what: str) -> None:
        """A record put back refers only to records that are still there."""
        from sqlalchemy import select  # start-up

        for fk in self.table_of(model).foreign_keys:
            value = values.get(fk.parent.name)
            if value is None:
                continue
            target = fk.column.table
            if self.session.execute(select(target).where(fk.column == value).limit(1)).first() is None:
                label = next((label_or_text(AuditEntity, e) for e in sorted(_entities_of(target.name))), target.name)
                raise self._refuse(f"{what} 所属的{label}(#{value})已不存在"
                                   f"({self._by(target.name, {'id': value}, gone=True)})。")


#: Entities keyed by a 工号.
PERSON_KEYED = frozenset({"person", "work", "report", "assessment", "commendation", "appointment", "post", "resume",
                          "photo"})

#: The most people and orgs an undo tells new findings about (an import's undo touches thousands).
NOTICED = 50


def _touched(plan: Plan) -> list[tuple[str, str]]:
    """The people and orgs the write's records are about: ("person", 工号) and ("org", code)."""
    found: dict[tuple[str, str], None] = {}
    for step in plan.steps:
        state = step.after or step.before or {}
        if step.entity in PERSON_KEYED:
            found[("person", step.key)] = None
        elif isinstance(state.get("staff_no"), str):
            found[("person", state["staff_no"])] = None
        if step.entity == "org":
            found[("org", step.key)] = None
        elif isinstance(state.get("org"), str):
            found[("org", state["org"])] = None
    return list(found)


def undo(store: Store, *, write_no: int | None, today: date, server: bool) -> Done:
    """Revert the newest write not undone (the one numbered ``write_no``, when the clerk confirmed
    that one), in the write transaction ``store`` is in."""
    from zzy import load  # start-up
    from zzy.reader import Reader  # start-up

    reader = Reader(store.session.connection().connection.driver_connection, label="账本",
                    busy=lambda: LedgerUnusable("账本正忙,请稍后再试。"))
    if server:
        _whole_ledger(reader)
    found = newest(store.rows)
    if write_no is not None and found.write_no != write_no:
        raise Refused(f"确认期间账本有了新的写入,最新的可撤销写入已变为{found.title()}。未撤销任何内容;请重新运行 zzy undo。")
    subjects = _touched(found)
    if len(subjects) <= NOTICED:  # the findings about them before, for the notices (注意) after
        for what, key in subjects:
            store.watch(**{what: key})
    problems_before = rules.ledger_problems(load.ledger_facts(reader), today=today)
    reverter = Reverter(store, found)
    for step in reversed(found.steps):
        reverter.revert(step)
    audit.append(store.session, reverter.entries)
    store.session.flush()
    problems_after = rules.ledger_problems(load.ledger_facts(reader), today=today)
    broken = rules.refused(rules.new_problems(problems_after, problems_before))
    if broken:
        raise RuleViolation(f"不能撤销{found.title()}: 撤销后账本会违反规定:",
                            problems=[problem.message for problem in broken])
    return Done(f"已撤销{found.title()},共 {len(found.steps)} 条记录。")
