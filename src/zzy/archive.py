"""The whole ledger as one JSON document (export, restore); its SQLite copy is :mod:`zzy.backup`'s.

An export holds every table, audit log included, row by row with its number, so that
``export → restore → export`` gives the same document but for the restore's own audit entry.
"""

from __future__ import annotations

import base64
import json
from datetime import date
from pathlib import Path
from typing import IO, Any

from sqlmodel import Session, SQLModel, col, select

from zzy import audit, models, schema, witness
from zzy.bulk import CHUNK, insert_dicts
from zzy.errors import Refused, UsageProblem, ledger_busy
from zzy.location import Patience
from zzy.reader import Reader

FORMAT = "zzy-export"
FORMAT_VERSION = 1

#: The export's key for the chain's head (number, hash, short form): the witness it carries.
HEAD_KEY = "audit_head"

#: Tables in the order they are written (references before the rows that use them): every record kind of
#: :data:`zzy.schema.RECORDS` under its export name, then the audit log.
TABLES: tuple[tuple[str, type[SQLModel]], ...] = (
    *((kind.exported, models.model_of(kind.table.name)) for kind in schema.RECORDS),
    ("profiles", models.RulesProfile),
    ("audit", models.AuditEntry),
)


def _order(model: type[SQLModel]) -> list[Any]:
    return [col(column) for column in models.table_of(model).primary_key.columns]


def document(session: Session) -> dict[str, Any]:
    """Everything in the ledger, in a stable order."""
    doc: dict[str, Any] = {"format": FORMAT, "format_version": FORMAT_VERSION,
                           "schema_version": models.SCHEMA_VERSION}
    for name, model in TABLES:
        rows = session.exec(select(model).order_by(*_order(model)))
        doc[name] = [_record(model, row) for row in rows]
    # the chain's head, as the ledger recorded it: restore compares it with the entries
    doc[HEAD_KEY] = witness.head_document(audit.head(session))
    return doc


def _record(model: type[SQLModel], row: SQLModel) -> dict[str, Any]:
    """A row's fields in the model's order, dates as ISO strings, a photo's bytes as base64."""
    values = {name: getattr(row, name) for name in model.model_fields}
    return {name: _plain(value) for name, value in values.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (bytes, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def export(session: Session, out: IO[str]) -> tuple[int, audit.Head]:
    """Write the export document to ``out``; the number of records written, and the chain's head."""
    doc = document(session)
    json.dump(doc, out, ensure_ascii=False, indent=1)
    out.write("\n")
    return sum(len(doc[name]) for name, _ in TABLES), audit.Head(doc[HEAD_KEY]["id"], doc[HEAD_KEY]["hash"])


def _load(path: Path) -> dict[str, Any]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8-sig"))  # a BOM an editor added is no error
    except FileNotFoundError:
        raise UsageProblem(f"找不到文件 {path}。") from None
    except IsADirectoryError:
        raise UsageProblem(f"{path} 是一个文件夹,不是 zzy 导出的 JSON 文件。") from None
    except UnicodeDecodeError as error:
        raise Refused(f"{path.name} 不是 zzy 导出的 JSON 文件: 第 {error.start + 1} 个字节起不是 UTF-8 编码的文字。") from None
    except json.JSONDecodeError as error:
        raise Refused(f"{path.name} 不是 zzy 导出的 JSON 文件: "
                      f"第 {error.lineno} 行第 {error.colno} 列附近不是合法的 JSON。") from None
    except RecursionError:
        raise Refused(f"{path.name} 不是 zzy 导出的文件: 嵌套层次过深。") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise Refused(f"{path.name} 不是 zzy 导出的文件(缺少 format: {FORMAT})。")
    versions = [doc.get("format_version", 0), doc.get("schema_version", 0)]
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in versions):
        raise Refused(f"{path.name} 的 format_version 或 schema_version 不是整数,不是 zzy 导出的文件。")
    if versions[0] > FORMAT_VERSION or versions[1] > models.SCHEMA_VERSION:
        raise Refused(f"{path.name} 由更新版本的 zzy 导出,请升级 zzy 后再恢复。")
    return doc


def _is_empty(session: Session) -> bool:
    return all(session.exec(select(model).limit(1)).first() is None for _, model in TABLES)


def restore(session: Session, path: Path, *, today: date) -> int:
    """Load an export into an empty ledger, every record keeping its number, after the checks
    the single commands make (:mod:`zzy.restore_checks`); a document that fails any is refused
    whole, listing each problem."""
    from zzy import load, restore_checks  # start-up
    from zzy.access import require  # start-up
    from zzy.choices import Right  # start-up
    from zzy.db import renumber  # start-up

    require(session, Right.ADMIN, "恢复账本")  # on a server, the server decides (SPEC section 10)
    doc = _load(path)
    if not _is_empty(session):
        raise Refused("账本里已有数据,恢复只能在新建的空账本上进行(先用 zzy --db 新文件 init)。")
    rows, problems, ruled = restore_checks.read_document(doc, TABLES, today=today)
    if problems:
        raise Refused(f"{path.name} 未通过检查,没有恢复任何记录:", problems=problems + [line for line, _ in ruled])
    count = 0
    for name, model in TABLES:  # each table let go once written: a big export is not held twice
        plain = [{k: v for k, v in row.items() if not k.startswith("_")} for row in rows.pop(name, [])]
        count += len(plain)
        if name == "audit":
            audit.restore_entries(session, plain)
        elif plain:
            for first in range(0, len(plain), CHUNK):
                insert_dicts(session, models.table_of(model), plain[first:first + CHUNK])
    renumber(session, [models.table_of(model) for _, model in TABLES if "id" in model.model_fields])
    reader = Reader(session.connection().connection.driver_connection, label=path.name,
                    busy=lambda: ledger_busy(path.name, Patience().seconds))
    said = frozenset(message for _, message in ruled)
    problems = [line for line, _ in ruled] + restore_checks.rule_problems(load.ledger_facts(reader), today=today,
                                                                            said=said)
    if problems:
        raise Refused(f"{path.name} 中的记录违反规定,没有恢复任何记录:", problems=problems)
    audit.record(session, action="restore", entity="ledger", key=path.name, after={"records": count})
    return count
