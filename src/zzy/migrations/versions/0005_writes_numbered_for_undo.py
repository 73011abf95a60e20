"""writes numbered for undo: the audit log's write_no and undoes

Each audit entry gets ``write_no``, the number of the write (one command, one transaction) it
belongs to, and an undo's entries ``undoes``, the number of the write they revert (``zzy undo``
reverts one whole write, an import included).  Both are part of the chained content of the
entries that have them (:mod:`zzy.audit`, ``zzy-audit-2``); entries already in the log have
neither and keep their hashes.  On PostgreSQL the chain trigger's function is replaced by the one
that hashes them.  The columns are nullable and added in place (``ALTER TABLE``): a copied table
would lose the audit log's triggers.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from zzy import audit, audit_terms

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    for name in audit_terms.WRITE_FIELDS:
        op.add_column('audit', sa.Column(name, sa.Integer(), nullable=True))
        op.create_index(f'ix_audit_{name}', 'audit', [name], unique=False)
    if bind.dialect.name == "postgresql":
        chain = next(s for s in audit.PG_CHAIN if s.startswith("CREATE FUNCTION zzy_audit_chain()"))
        op.execute(chain.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1))


def downgrade() -> None:
    for name in audit_terms.WRITE_FIELDS:
        op.drop_index(f'ix_audit_{name}', table_name='audit')
        op.execute(f"ALTER TABLE audit DROP COLUMN {name}")
