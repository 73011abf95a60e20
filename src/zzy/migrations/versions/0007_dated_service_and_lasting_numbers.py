"""dated service and lasting numbers: person.out_of_service_on, AUTOINCREMENT on SQLite

1. ``person.out_of_service_on`` 离岗日期 (SPEC sections 2 and 4): the first day a person is no longer
   in service.  A person stored as not in service (``in_service = false``) had no date; theirs is set
   to the earliest day their stored posts allow, so that no post is judged again as made while they
   were out of service and no day after the status could have changed counts them in service: the day
   after their latest post began, or the day they left their latest post if that is later; with no
   post, their 入党日期 (the earliest day the ledger knows of them).  The clerk corrects it with
   ``zzy person edit STAFF_NO --not-in-service --on DATE``.
2. Record numbers are never given again (SPEC section 8).  On SQLite a table without AUTOINCREMENT
   gives a new row the highest number plus one, so a voided or undone newest record's number went to
   the next one.  Every numbered table is rebuilt with AUTOINCREMENT (batch mode copies rows, numbers,
   indexes and constraints; none of these tables has a trigger on SQLite, the audit log's are on
   ``audit``, which is not rebuilt: its entries are never deleted), and its high-water mark is set
   from the numbers the audit log shows were ever given, so a number voided before the upgrade is
   not given again either.  PostgreSQL's sequences never go back already (``zzy.db.renumber`` moves
   them only forward).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

from zzy.rules import presumed_out_of_service_on

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

#: The numbered tables, and the audit log's name for their records.
NUMBERED = {"org": "org", "person": "person", "work_span": "work", "appointment": "appointment",
            "training": "training", "report": "report", "target": "target", "assessment": "assessment",
            "commendation": "commendation"}


def upgrade() -> None:
    bind = op.get_bind()
    op.add_column('person', sa.Column('out_of_service_on', sa.Date(), nullable=True))
    _date_the_people_out_of_service(bind)
    if bind.dialect.name == "sqlite":
        given = _numbers_ever_given(bind)
        for table in NUMBERED:
            with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_autoincrement": True}):
                pass
            top = max(given.get(table, 0), bind.execute(sa.text(f"SELECT COALESCE(MAX(id), 0) FROM {table}")).scalar()
                      or 0)
            bind.execute(sa.text("DELETE FROM sqlite_sequence WHERE name = :name"), {"name": table})
            bind.execute(sa.text("INSERT INTO sqlite_sequence (name, seq) VALUES (:name, :seq)"),
                         {"name": table, "seq": top})


def _date_the_people_out_of_service(bind: sa.engine.Connection) -> None:
    person = sa.table("person", sa.column("id", sa.Integer), sa.column("joined", sa.Date),
                      sa.column("in_service", sa.Boolean), sa.column("out_of_service_on", sa.Date))
    post = sa.table("appointment", sa.column("person_id", sa.Integer), sa.column("start", sa.Date),
                    sa.column("end", sa.Date))
    for pid, joined in bind.execute(sa.select(person.c.id, person.c.joined).where(person.c.in_service.is_(False))):
        posts = bind.execute(sa.select(post.c.start, post.c.end).where(post.c.person_id == pid)).all()
        out_on = presumed_out_of_service_on(joined, [(start, end) for start, end in posts])
        bind.execute(person.update().where(person.c.id == pid).values(out_of_service_on=out_on))


def _numbers_ever_given(bind: sa.engine.Connection) -> dict[str, int]:
    """The highest number of each table's records that the audit log shows, added, changed or voided."""
    tables = {entity: table for table, entity in NUMBERED.items()}
    highest: dict[str, int] = {}
    for entity, before, after in bind.execute(sa.text("SELECT entity, before, after FROM audit")):
        table = tables.get(entity)
        if table is None:
            continue
        for text in (before, after):
            try:
                number = json.loads(text).get("id") if text else None
            except (ValueError, AttributeError):
                number = None
            if isinstance(number, int):
                highest[table] = max(highest.get(table, 0), number)
    return highest


def downgrade() -> None:
    with op.batch_alter_table('person') as batch:
        batch.drop_column('out_of_service_on')
