"""the résumé and the photo of a person (SPEC section 13): tables ``resume`` and ``photo``

- ``resume`` (简历): one row a period, ``start``..``end`` (empty while ongoing) and its text;
- ``photo`` (照片): at most one a person, a JPEG or PNG (:mod:`zzy.images`) with its size in pixels.

Both are numbered (AUTOINCREMENT on SQLite, as migration 0007 made every numbered table).  On
PostgreSQL they are person-owned records like the others (migrations 0004 and 0008): readers SELECT,
clerks write, a scoped role sees and writes only the rows of the people it sees (row-level security,
WITH CHECK on writes), the server audits every row written outside zzy (a photo's bytes as their size
and SHA-256, :data:`zzy.server_audit.PICTURES`), an audit entry about a résumé or a photo is shown to
a scoped role only when the person it names is (and such a role appends none about a hidden person), and
the résumé's dates are days (``isfinite``), as 0008 made every date column.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

from zzy import server_audit

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

TABLES = ("resume", "photo")

EVERY = "(SELECT zzy_orgs()) IS NULL"
#: As 0008's person-owned records: the people the role sees (a clerk adding a person sees that person).
SEES = f"{EVERY} OR person_id IN (SELECT zzy_visible_people())"

#: 0008's audit policy, with the résumé's and the photo's entries keyed by the person's 工号.
AUDIT_SEES = (
    f"{EVERY} OR (action NOT IN ('insert', 'update', 'delete', 'untold') "  # the server's row entries: whole-ledger roles
    "AND ((entity = 'org' AND \"key\" IN (SELECT code FROM org)) "
    "OR (entity IN ('person', 'work', 'report', 'assessment', 'commendation', 'resume', 'photo') "
    "AND \"key\" IN (SELECT staff_no FROM person)) "
    "OR (entity = 'appointment' AND \"key\" IN (SELECT staff_no FROM person) "
    "AND zzy_entry_org(\"after\", \"before\") IN (SELECT code FROM org)) "
    "OR (entity = 'training' AND \"key\" IN (SELECT CAST(id AS text) FROM training)) "
    "OR (entity = 'target' AND \"key\" IN (SELECT CAST(id AS text) FROM target))) "
    "AND NOT EXISTS (SELECT 1 FROM unnest(zzy_entry_people(\"after\", \"before\")) AS n(staff_no) "
    "WHERE n.staff_no NOT IN (SELECT staff_no FROM person)) "
    "AND NOT EXISTS (SELECT 1 FROM unnest(zzy_entry_orgs(\"after\", \"before\")) AS n(code) "
    "WHERE n.code NOT IN (SELECT code FROM org)))")


def upgrade() -> None:
    op.create_table(
        'resume',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('start', sa.Date(), nullable=False),
        sa.Column('end', sa.Date(), nullable=True),
        sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sqlite_autoincrement=True,
    )
    op.create_index('ix_resume_person_id', 'resume', ['person_id'], unique=False)
    op.create_table(
        'photo',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('format', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('width', sa.Integer(), nullable=False),
        sa.Column('height', sa.Integer(), nullable=False),
        sa.Column('image', sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('person_id'),
        sqlite_autoincrement=True,
    )
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    schema = bind.exec_driver_sql("SELECT quote_ident(current_schema())").scalar()
    statements = [
        "GRANT SELECT ON resume, photo TO zzy_reader",
        "GRANT INSERT, UPDATE, DELETE ON resume, photo TO zzy_clerk",
        "GRANT USAGE, SELECT ON SEQUENCE resume_id_seq, photo_id_seq TO zzy_clerk",
        "GRANT UPDATE ON SEQUENCE resume_id_seq, photo_id_seq TO zzy_admin",
    ]
    for table in TABLES:
        statements += [
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"CREATE POLICY zzy_read ON {table} FOR SELECT USING ((SELECT zzy_level()) >= 1 AND ({SEES}))",
            f"CREATE POLICY zzy_insert ON {table} FOR INSERT WITH CHECK ((SELECT zzy_level()) >= 2 AND ({SEES}))",
            f"CREATE POLICY zzy_update ON {table} FOR UPDATE USING ((SELECT zzy_level()) >= 2 AND ({SEES})) "
            f"WITH CHECK ((SELECT zzy_level()) >= 2 AND ({SEES}))",
            f"CREATE POLICY zzy_delete ON {table} FOR DELETE USING ((SELECT zzy_level()) >= 2 AND ({SEES}))",
            f"CREATE TRIGGER zzy_audit_row AFTER INSERT OR UPDATE OR DELETE ON {schema}.{table} "
            f"FOR EACH ROW EXECUTE FUNCTION {schema}.zzy_audit_row()",
        ]
    statements.append(f"ALTER POLICY zzy_read ON audit USING ((SELECT zzy_level()) >= 1 AND ({AUDIT_SEES}))")
    # a date is a day, as 0008 made every date column
    statements += [f'ALTER TABLE resume ADD CONSTRAINT resume_{column}_a_day CHECK (isfinite("{column}"))'
                   for column in ("end", "start")]
    functions = server_audit.functions(schema)
    # the row audit keeps a photo's size and hash, not its bytes; renumbering knows the new tables; a scoped
    # role appends no résumé or photo entry about a person hidden from it (server_audit.PERSON_KINDS)
    statements += [functions[name] for name in ("zzy_audit_row", "zzy_renumber", "zzy_audit_append", "zzy_audit_told")]
    for statement in statements:
        bind.exec_driver_sql(statement.replace("%", "%%"))


def downgrade() -> None:
    op.drop_table('photo')
    op.drop_index('ix_resume_person_id', table_name='resume')
    op.drop_table('resume')
