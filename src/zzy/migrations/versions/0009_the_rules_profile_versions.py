"""the rules profile's versions: table ``rules_profile`` (SPEC section 12)

Each version of the rules profile a ledger adopts (``zzy profile adopt FILE --from DATE``) is a row: the day
from which it applies (unique), its id, version and title, and the profile (its file's keys, as one line of
JSON).  A ledger with no row
judges by the shipped profile, as every ledger did before: an upgraded ledger's decisions do not change.

On PostgreSQL: every role reads it, only an admin writes it (privileges, row-level security, and the
``zzy_admin_only`` trigger of 0004, which refuses a clerk even through psql), and the server audits every
row written (``zzy_audit_row`` of 0008), and an adoption's entry (``profile``) tells of the row a zzy write
changed (``TOLD_BY``); ``zzy_renumber`` moves its numbers too.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from zzy import server_audit

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

READ = "(SELECT zzy_level()) >= 1"
ADMIN = "(SELECT zzy_level()) >= 3"


def upgrade() -> None:
    op.create_table(
        'rules_profile',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('from_day', sa.Date(), nullable=False),
        sa.Column('profile_id', sa.String(), nullable=False),
        sa.Column('version', sa.String(), nullable=False),
        sa.Column('title', sa.String(), nullable=False),
        sa.Column('document', sa.Text(), nullable=False),
        sa.Column('adopted_by', sa.String(), nullable=False),
        sa.Column('adopted_at', sa.String(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('from_day'),
        sqlite_autoincrement=True,
    )
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    schema = bind.exec_driver_sql("SELECT quote_ident(current_schema())").scalar()
    for statement in (
        "GRANT SELECT ON rules_profile TO zzy_reader",
        "GRANT INSERT, UPDATE, DELETE ON rules_profile TO zzy_admin",
        "GRANT USAGE, SELECT, UPDATE ON SEQUENCE rules_profile_id_seq TO zzy_admin",
        "ALTER TABLE rules_profile ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY zzy_read ON rules_profile FOR SELECT USING ({READ})",
        f"CREATE POLICY zzy_insert ON rules_profile FOR INSERT WITH CHECK ({ADMIN})",
        f"CREATE POLICY zzy_update ON rules_profile FOR UPDATE USING ({ADMIN}) WITH CHECK ({ADMIN})",
        f"CREATE POLICY zzy_delete ON rules_profile FOR DELETE USING ({ADMIN})",
        "CREATE TRIGGER zzy_profile_needs_admin BEFORE INSERT OR UPDATE OR DELETE ON rules_profile "
        "FOR EACH ROW EXECUTE FUNCTION zzy_admin_only('采用规则配置')",
        f"CREATE TRIGGER zzy_audit_row AFTER INSERT OR UPDATE OR DELETE ON {schema}.rules_profile "
        f"FOR EACH ROW EXECUTE FUNCTION {schema}.zzy_audit_row()",
    ):
        bind.exec_driver_sql(statement)
    # zzy_renumber moves the new table's numbers too (a restore's); an adoption's entry tells of its row
    for function in ("zzy_renumber", "zzy_audit_told"):
        bind.exec_driver_sql(server_audit.functions(schema)[function].replace("%", "%%"))


def downgrade() -> None:
    op.drop_table('rules_profile')
