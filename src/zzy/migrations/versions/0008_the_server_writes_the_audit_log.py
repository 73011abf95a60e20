"""the server writes the audit log (PostgreSQL; issue 22)

Revision ID: 0008
Revises: 0007

- the audit chain's functions are replaced by :mod:`zzy.server_audit`'s: the server numbers
  every entry and its write, says who, when and which command, and audits with psql's own writes
  (a row trigger on every table); ``search_path`` of every SECURITY DEFINER function is the
  ledger's schema then ``pg_temp`` (a temporary table can no longer stand in for the log);
- a write whose rows changed a table no entry of its kind told of (``zzy.command`` set by hand in
  psql) gets an ``untold`` entry from the server when it commits (``audit_pending``, owner only);
- a date column holds a day (``isfinite``: psql could store 'infinity', which breaks every report);
- zzy_audit_append refuses an entry of an admin's kind (config, grant, ledger) from a clerk, and from a
  role limited to some orgs an entry naming a person or org outside them; the server's own row entries
  are shown only to roles that see the whole ledger;
- nobody but the owner inserts into ``audit``: zzy appends through ``zzy_audit_append``; clerks
  lose ``UPDATE`` on sequences (no ``setval``) and use ``zzy_renumber`` after an import;
- row-level security: a post or an attendance for a person the role cannot see is refused
  (WITH CHECK); an audit entry is shown to a scoped role only when every person and org it names
  is in its scope; the policies no longer call a function that lists hidden people (its count
  was readable by any reader).

On SQLite nothing changes.
"""

from __future__ import annotations

from alembic import op

from zzy import server_audit

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

#: The tables 0008 audits row by row (``server_audit.AUDITED`` as it was then: later tables get their
#: trigger in the migration that makes them).
AUDITED = ("org", "person", "work_span", "appointment", "training", "attendance", "report", "target",
           "assessment", "commendation", "setting", "zzy_access")

#: The functions of 0004, given ``search_path`` = schema, pg_temp.
DEFINERS = ("zzy_level()", "zzy_orgs()", "zzy_visible_orgs()", "zzy_hidden_people()", "zzy_visible_trainings()",
            "zzy_require(integer, text)", "zzy_admin_only()", "zzy_org_in_scope()", "zzy_one_full_time_post()",
            "zzy_grant(text, text, text[])", "zzy_revoke(text)", "zzy_grants()")

#: The tables of schema 8 whose every write the server audits (a later migration adds its own tables').
AUDITED = ("org", "person", "work_span", "appointment", "training", "attendance", "report", "target",
           "assessment", "commendation", "setting", "zzy_access")

EVERY = "(SELECT zzy_orgs()) IS NULL"
SEEN = "IN (SELECT zzy_visible_people())"
#: 0004's policies, with visible people listed instead of hidden ones.
SEES = {
    # a person row being added is checked (and read back) before it is in the table, where
    # zzy_visible_people() cannot list it yet: a clerk sees the person it is adding
    "person": f"{EVERY} OR id {SEEN} OR zzy_new_person(id)",
    "work_span": f"{EVERY} OR person_id {SEEN}",
    "appointment": f"{EVERY} OR (org_id IN (SELECT zzy_visible_orgs()))",
    "attendance": f"{EVERY} OR (person_id {SEEN} AND training_id IN (SELECT zzy_visible_trainings()))",
    "report": f"{EVERY} OR person_id {SEEN}",
    "target": f"{EVERY} OR person_id {SEEN}",
    "assessment": f"{EVERY} OR person_id {SEEN}",
    "commendation": f"{EVERY} OR person_id {SEEN}",
}
#: What a written row must also satisfy: a post only for a person the role sees.
CHECKS = {**SEES, "appointment": f"{EVERY} OR (org_id IN (SELECT zzy_visible_orgs()) AND person_id {SEEN})"}

#: An audit entry is seen when its subject is (0004) and every person and org it names is.
AUDIT_SEES = (
    f"{EVERY} OR (action NOT IN ('insert', 'update', 'delete', 'untold') "  # the server's row entries: whole-ledger roles
    "AND ((entity = 'org' AND \"key\" IN (SELECT code FROM org)) "
    "OR (entity IN ('person', 'work', 'report', 'assessment', 'commendation') "
    "AND \"key\" IN (SELECT staff_no FROM person)) "
    "OR (entity = 'appointment' AND \"key\" IN (SELECT staff_no FROM person) "
    "AND zzy_entry_org(\"after\", \"before\") IN (SELECT code FROM org)) "
    "OR (entity = 'training' AND \"key\" IN (SELECT CAST(id AS text) FROM training)) "
    "OR (entity = 'target' AND \"key\" IN (SELECT CAST(id AS text) FROM target))) "
    "AND NOT EXISTS (SELECT 1 FROM unnest(zzy_entry_people(\"after\", \"before\")) AS n(staff_no) "
    "WHERE n.staff_no NOT IN (SELECT staff_no FROM person)) "
    "AND NOT EXISTS (SELECT 1 FROM unnest(zzy_entry_orgs(\"after\", \"before\")) AS n(code) "
    "WHERE n.code NOT IN (SELECT code FROM org)))")


def _helpers(schema: str) -> list[str]:
    definer = f"SECURITY DEFINER SET search_path = {schema}, pg_temp"
    named = """LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
            DECLARE found text[] := '{{}}'; doc jsonb; field text;
            BEGIN
              FOREACH doc IN ARRAY ARRAY[CAST(after_text AS jsonb), CAST(before_text AS jsonb)] LOOP
                IF doc IS NOT NULL AND jsonb_typeof(doc) = 'object' THEN
                  FOREACH field IN ARRAY ARRAY[{fields}] LOOP
                    IF doc ->> field IS NOT NULL THEN found := found || (doc ->> field); END IF;
                  END LOOP;
                END IF;
              END LOOP;
              RETURN found;
            EXCEPTION WHEN others THEN
              RETURN ARRAY[NULL]::text[];  -- not zzy's JSON: shown to no scoped role
            END $$"""
    return [
        # The people a role sees: those who hold or held a post at a visible org, or none yet.
        f"""CREATE FUNCTION {schema}.zzy_visible_people() RETURNS SETOF integer LANGUAGE sql STABLE {definer} AS $$
            SELECT p.id FROM {schema}.person p
            WHERE NOT EXISTS (SELECT 1 FROM {schema}.appointment a WHERE a.person_id = p.id)
               OR EXISTS (SELECT 1 FROM {schema}.appointment a JOIN {schema}.org o ON o.id = a.org_id
                          WHERE a.person_id = p.id AND o.code = ANY({schema}.zzy_orgs())) $$""",
        # True only for a clerk, and only for an id no person has: nothing a clerk's nextval on
        # person_id_seq does not tell it already; a reader learns nothing.
        f"""CREATE FUNCTION {schema}.zzy_new_person(person_id integer) RETURNS boolean LANGUAGE sql STABLE {definer}
            AS $$ SELECT {schema}.zzy_level() >= 2
                         AND NOT EXISTS (SELECT 1 FROM {schema}.person p WHERE p.id = person_id) $$""",
        f"CREATE FUNCTION {schema}.zzy_entry_people(after_text text, before_text text) RETURNS text[] "
        + named.format(fields="'staff_no'"),
        f"CREATE FUNCTION {schema}.zzy_entry_orgs(after_text text, before_text text) RETURNS text[] "
        + named.format(fields="'org', 'host'"),
    ]


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return  # a SQLite ledger's log is zzy's (issue 29 keeps its file)
    schema = bind.exec_driver_sql("SELECT quote_ident(current_schema())").scalar()
    for function in DEFINERS:
        bind.exec_driver_sql(f"ALTER FUNCTION {schema}.{function} SET search_path = {schema}, pg_temp")
    for statement in [*_helpers(schema), *server_audit.functions(schema).values()]:
        bind.exec_driver_sql(statement.replace("%", "%%"))  # the driver's placeholders
    for statement in server_audit.PENDING:
        bind.exec_driver_sql(statement.format(s=schema))
    for table in AUDITED:
        bind.exec_driver_sql(f"CREATE TRIGGER zzy_audit_row AFTER INSERT OR UPDATE OR DELETE ON {schema}.{table} "
                             f"FOR EACH ROW EXECUTE FUNCTION {schema}.zzy_audit_row()")
    # a date is a day (psql could store 'infinity', which no report can read)
    for table, column in bind.exec_driver_sql(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND data_type = 'date' ORDER BY table_name, column_name"):
        bind.exec_driver_sql(f'ALTER TABLE {table} ADD CONSTRAINT {table}_{column}_a_day CHECK (isfinite("{column}"))')
    for table, sees in SEES.items():
        bind.exec_driver_sql(f"ALTER POLICY zzy_read ON {table} USING ((SELECT zzy_level()) >= 1 AND ({sees}))")
        bind.exec_driver_sql(f"ALTER POLICY zzy_insert ON {table} WITH CHECK ((SELECT zzy_level()) >= 2 "
                             f"AND ({CHECKS[table]}))")
        bind.exec_driver_sql(f"ALTER POLICY zzy_update ON {table} USING ((SELECT zzy_level()) >= 2 AND ({sees})) "
                             f"WITH CHECK ((SELECT zzy_level()) >= 2 AND ({CHECKS[table]}))")
        bind.exec_driver_sql(f"ALTER POLICY zzy_delete ON {table} USING ((SELECT zzy_level()) >= 2 AND ({sees}))")
    bind.exec_driver_sql(f"ALTER POLICY zzy_read ON audit USING ((SELECT zzy_level()) >= 1 AND ({AUDIT_SEES}))")
    bind.exec_driver_sql("DROP POLICY zzy_append ON audit")
    for statement in (
        "REVOKE INSERT ON audit FROM zzy_clerk",
        f"REVOKE UPDATE ON ALL SEQUENCES IN SCHEMA {schema} FROM zzy_clerk",
        "REVOKE ALL ON SEQUENCE audit_id_seq FROM zzy_clerk, zzy_reader",
        f"GRANT UPDATE ON ALL SEQUENCES IN SCHEMA {schema} TO zzy_admin",
        "REVOKE ALL ON SEQUENCE audit_id_seq FROM zzy_admin",
        f"REVOKE EXECUTE ON FUNCTION {schema}.zzy_hidden_people() FROM zzy_reader",
    ):
        bind.exec_driver_sql(statement)
    for name, signature, grantee in (
            ("zzy_visible_people", "()", "zzy_reader"), ("zzy_new_person", "(integer)", "zzy_reader"),
            ("zzy_entry_people", "(text, text)", "zzy_reader"),
            ("zzy_entry_orgs", "(text, text)", "zzy_reader"), ("zzy_audit_append", "(jsonb)", "zzy_clerk"),
            ("zzy_renumber", "(text)", "zzy_clerk"), ("zzy_restore_audit", "(jsonb)", "zzy_admin"),
            ("zzy_audit_row", "()", None), ("zzy_audit_told", "()", None), ("zzy_audit_chain", "()", None), ("zzy_audit_head_moves", "()", None),
            ("zzy_audit_field", "(text)", None)):
        bind.exec_driver_sql(f"REVOKE ALL ON FUNCTION {schema}.{name}{signature} FROM PUBLIC")
        if grantee:
            bind.exec_driver_sql(f"GRANT EXECUTE ON FUNCTION {schema}.{name}{signature} TO {grantee}")


def downgrade() -> None:
    raise NotImplementedError("the server's audit log is not taken back: restore a backup made before 0008")
