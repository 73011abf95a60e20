"""the server's checks at a province's scale (PostgreSQL; issue 24)

Revision ID: 0011
Revises: 0010

An import of 100 000 rows spent most of its time on PostgreSQL in the server's work per row:

- ``zzy_level()`` and ``zzy_orgs()`` become PL/pgSQL (same answers): as SQL functions with their own
  ``search_path`` they were planned again at every call, and the triggers on posts, orgs and trainings
  call them for every row (79 µs a call, two calls a post);
- :mod:`zzy.server_audit`'s functions as they now are: ``zzy_audit_append`` asks the role's scope once
  per write rather than once per entry, and the chain writes each field of the canonical text in place
  and notes each entry kind once per write.

The rights, the checks and the entries are unchanged.  On SQLite nothing changes.
"""

from __future__ import annotations

from alembic import op

from zzy import server_audit

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def _access_functions(schema: str) -> list[str]:
    """``zzy_level`` (0 none, 1 reader, 2 clerk, 3 admin: the owner and superusers are admins) and
    ``zzy_orgs`` (the org codes the session's role is limited to; NULL for every org), as 0004 defined
    them, in PL/pgSQL so that their plans are kept for the session."""
    definer = f"SECURITY DEFINER SET search_path = {schema}, pg_temp"
    return [
        f"""CREATE OR REPLACE FUNCTION {schema}.zzy_level() RETURNS integer LANGUAGE plpgsql STABLE {definer} AS $$
            BEGIN
              IF (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = session_user)
                 OR pg_catalog.pg_has_role(session_user, (SELECT c.relowner FROM pg_catalog.pg_class c
                                                          WHERE c.oid = '{schema}.zzy_access'::regclass),
                                           'MEMBER') THEN
                RETURN 3;
              END IF;
              RETURN coalesce((SELECT CASE a.level WHEN 'reader' THEN 1 WHEN 'clerk' THEN 2 ELSE 3 END
                               FROM {schema}.zzy_access a WHERE a.role = session_user), 0);
            END $$""",
        f"""CREATE OR REPLACE FUNCTION {schema}.zzy_orgs() RETURNS text[] LANGUAGE plpgsql STABLE {definer} AS $$
            DECLARE limited text[]; granted boolean;
            BEGIN
              SELECT a.orgs, true INTO limited, granted FROM {schema}.zzy_access a WHERE a.role = session_user;
              IF granted THEN RETURN limited; END IF;
              IF {schema}.zzy_level() = 3 THEN RETURN NULL; END IF;
              RETURN CAST('{{}}' AS text[]);
            END $$""",
    ]


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    schema = bind.exec_driver_sql("SELECT quote_ident(current_schema())").scalar()
    for statement in [*_access_functions(schema), *server_audit.functions(schema).values()]:
        bind.exec_driver_sql(statement.replace("%", "%%"))  # the driver's placeholders


def downgrade() -> None:
    raise NotImplementedError("restore a backup made before 0011")
