"""a hash-chained audit log

Each audit entry gets ``prev_hash`` and ``hash`` (see :mod:`zzy.audit`); the entries already
in the log are chained in number order.  ``audit_head`` records the newest entry, and triggers
keep the chain in order: on SQLite zzy computes the hashes, on PostgreSQL the server does (and
sets the entry's user to its ``session_user``).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

from zzy import audit, audit_terms

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    on_server = bind.dialect.name == "postgresql"
    # Plain ALTER TABLE (not batch mode): a copied table would lose the audit log's triggers.
    for name in ("prev_hash", "hash"):
        op.add_column('audit', sa.Column(name, sqlmodel.sql.sqltypes.AutoString(), nullable=False,
                                         server_default=""))
    op.create_table('audit_head',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('last_id', sa.Integer(), nullable=False),
    sa.Column('hash', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    head = _chain_the_log(bind, on_server)
    bind.execute(sa.text("INSERT INTO audit_head (id, last_id, hash) VALUES (1, :id, :hash)"),
                 {"id": head.id, "hash": head.hash})
    for statement in audit.PG_CHAIN if on_server else audit_terms.SQLITE_CHAIN.values():
        op.execute(statement)


def _chain_the_log(bind: sa.Connection, on_server: bool) -> audit.Head:
    """Give every entry already in the log its place in the chain; the head."""
    columns = ", ".join(f'"{name}"' for name in audit_terms.CHAINED if name != "prev_hash")
    rows = [dict(row._mapping) for row in bind.execute(sa.text(f"SELECT {columns} FROM audit ORDER BY id"))]
    linked = audit.chained(rows, audit.Head(0, audit.GENESIS))
    if linked:
        # The append-only trigger is lifted for this one transaction.
        if on_server:
            bind.execute(sa.text("ALTER TABLE audit DISABLE TRIGGER audit_no_change"))
        else:
            bind.execute(sa.text("DROP TRIGGER audit_no_update"))
        bind.execute(sa.text("UPDATE audit SET prev_hash = :prev_hash, hash = :hash WHERE id = :id"),
                     [{"id": e["id"], "prev_hash": e["prev_hash"], "hash": e["hash"]} for e in linked])
        if on_server:
            bind.execute(sa.text("ALTER TABLE audit ENABLE TRIGGER audit_no_change"))
        else:
            bind.execute(sa.text(audit_terms.SQLITE_APPEND_ONLY["audit_no_update"]))
        return audit.Head(linked[-1]["id"], linked[-1]["hash"])
    return audit.Head(0, audit.GENESIS)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP TABLE audit_head CASCADE")
        op.execute("DROP TRIGGER audit_chain ON audit")
        op.execute("DROP TRIGGER audit_head_moves ON audit")
        op.execute("DROP FUNCTION zzy_audit_chain(), zzy_audit_head_moves(), zzy_audit_head_guard(), "
                   "zzy_audit_field(text)")
        op.drop_column('audit', 'hash')
        op.drop_column('audit', 'prev_hash')
        return
    for name in audit_terms.SQLITE_CHAIN:
        op.execute(f"DROP TRIGGER {name}")
    op.drop_table('audit_head')
    op.execute("ALTER TABLE audit DROP COLUMN hash")
    op.execute("ALTER TABLE audit DROP COLUMN prev_hash")
