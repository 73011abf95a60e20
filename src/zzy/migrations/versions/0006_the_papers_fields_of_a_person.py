"""the papers' fields of a person: 性别, 出生日期, 民族, 籍贯 … 现任职务 (SPEC section 13)

Fourteen optional columns on ``person`` for the 干部任免审批表 and the 任前公示, declared in
``schema.PERSON_FIELDS``.  Added in place (``ALTER TABLE … ADD COLUMN``), nullable, so existing people
keep every value and the audit log's triggers stay; on PostgreSQL the table's privileges and row-level
security cover the new columns as they are.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

#: The columns in the order of ``schema.PERSON_FIELDS``: name → is it a date.
COLUMNS = (("gender", False), ("birth", True), ("ethnicity", False), ("native_place", False),
           ("birthplace", False), ("work_start", True), ("health", False), ("title", False),
           ("specialty", False), ("edu_full", False), ("school_full", False), ("edu_job", False),
           ("school_job", False), ("current_post", False))


def upgrade() -> None:
    for name, is_date in COLUMNS:
        kind = sa.Date() if is_date else sqlmodel.sql.sqltypes.AutoString()
        op.add_column('person', sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    for name, _ in reversed(COLUMNS):
        op.execute(f"ALTER TABLE person DROP COLUMN {name}")
