"""roles enforced by the server: group roles, privileges, row-level security, the grants table

Revision ID: 0004
Revises: 0003

On PostgreSQL (SPEC section 10) a ledger's rights are the server's, so that ``psql`` meets the
same refusals as zzy:

- three group roles, ``zzy_reader`` ⊂ ``zzy_clerk`` ⊂ ``zzy_admin`` (a clerk is also a reader,
  an admin also a clerk), hold the table privileges: readers SELECT, clerks also write the
  records and append to the audit log, admins also write the settings;
- ``zzy_access`` (role → reader|clerk|admin, and the org codes a clerk or reader is limited to,
  NULL for every org) is what ``zzy grant`` writes; only the functions below, owned by the
  schema owner, read or write it;
- row-level security on every table keys each row on ``zzy_access`` for ``session_user``: a
  scoped role sees its orgs, their posts and trainings, the people who hold or held a post
  there or hold none yet, their records, and the audit entries about them;
- triggers (not policies) refuse, with a sentence naming the right, what only an admin may do
  (void a person or an org, change a setting) and a write at an org outside a role's scope.

The owner of the tables (who runs the migrations) is never a clerk, so no clerk can disable a
trigger, drop a policy or delete from the audit log: PostgreSQL lets only the owner do that.
The group roles belong to the whole server, so the migration creates them only where they are
missing (the owner needs CREATEROLE). On SQLite the file's permissions decide: nothing to do.
"""

from __future__ import annotations

from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

GROUPS = ("zzy_reader", "zzy_clerk", "zzy_admin")

#: The records a clerk writes (and a scoped role sees part of).
RECORDS = ("org", "person", "work_span", "appointment", "training", "attendance", "report", "target",
           "assessment", "commendation")

#: Who may read a row, per table: the condition after ``(SELECT zzy_level()) >= 1 AND``.
#: ``(SELECT f())`` makes PostgreSQL call ``f`` once a query, not once a row.
EVERY = "(SELECT zzy_orgs()) IS NULL"
SEES = {
    "org": f"{EVERY} OR code IN (SELECT unnest(zzy_orgs()))",
    "person": f"{EVERY} OR id NOT IN (SELECT zzy_hidden_people())",
    "work_span": f"{EVERY} OR person_id NOT IN (SELECT zzy_hidden_people())",
    "appointment": f"{EVERY} OR org_id IN (SELECT zzy_visible_orgs())",
    "training": f"{EVERY} OR host_id IN (SELECT zzy_visible_orgs())",
    "attendance": f"{EVERY} OR (person_id NOT IN (SELECT zzy_hidden_people()) "
                  "AND training_id IN (SELECT zzy_visible_trainings()))",
    "report": f"{EVERY} OR person_id NOT IN (SELECT zzy_hidden_people())",
    "target": f"{EVERY} OR person_id NOT IN (SELECT zzy_hidden_people())",
    "assessment": f"{EVERY} OR person_id NOT IN (SELECT zzy_hidden_people())",
    "commendation": f"{EVERY} OR person_id NOT IN (SELECT zzy_hidden_people())",
    "setting": "true",
    # An audit entry is about the org, person, training or target its entity/key name; the
    # subqueries go through those tables' own policies.
    "audit": (f"{EVERY} OR (entity = 'org' AND \"key\" IN (SELECT code FROM org)) "
              "OR (entity IN ('person', 'work', 'report', 'assessment', 'commendation') "
              "AND \"key\" IN (SELECT staff_no FROM person)) "
              "OR (entity = 'appointment' AND \"key\" IN (SELECT staff_no FROM person) "
              "AND zzy_entry_org(\"after\", \"before\") IN (SELECT code FROM org)) "
              "OR (entity = 'training' AND \"key\" IN (SELECT CAST(id AS text) FROM training)) "
              "OR (entity = 'target' AND \"key\" IN (SELECT CAST(id AS text) FROM target))"),
}

READ = "(SELECT zzy_level()) >= 1"
WRITE = "(SELECT zzy_level()) >= 2"
ADMIN = "(SELECT zzy_level()) >= 3"


def _functions(schema: str) -> list[str]:
    """The functions the policies, triggers and ``zzy grant`` call: owned by the schema owner,
    run with its rights (SECURITY DEFINER) and a fixed search_path, so no caller can swap a table."""
    definer = f"SECURITY DEFINER SET search_path = pg_catalog, {schema}, pg_temp"
    refuse = "RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE ="
    return [
        # 0 none, 1 reader, 2 clerk, 3 admin (the owner and superusers are admins).
        f"""CREATE FUNCTION zzy_level() RETURNS integer LANGUAGE sql STABLE {definer} AS $$
            SELECT CASE
              WHEN (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)
                OR pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = 'zzy_access'::regclass),
                               'MEMBER') THEN 3
              ELSE coalesce((SELECT CASE level WHEN 'reader' THEN 1 WHEN 'clerk' THEN 2 ELSE 3 END
                             FROM zzy_access WHERE role = session_user), 0)
            END $$""",
        # The org codes the session's role is limited to; NULL for every org.
        f"""CREATE FUNCTION zzy_orgs() RETURNS text[] LANGUAGE sql STABLE {definer} AS $$
            SELECT CASE WHEN a.role IS NOT NULL THEN a.orgs
                        WHEN zzy_level() = 3 THEN NULL ELSE CAST('{{}}' AS text[]) END
            FROM (SELECT 1) AS one LEFT JOIN zzy_access a ON a.role = session_user $$""",
        f"""CREATE FUNCTION zzy_visible_orgs() RETURNS SETOF integer LANGUAGE sql STABLE {definer} AS $$
            SELECT id FROM org WHERE code = ANY(zzy_orgs()) $$""",
        # People who hold or held posts, none of them at a visible org: hidden.  Everyone else
        # is seen, a person who holds no post yet included (read past the policies: a post
        # elsewhere must hide a person although that post itself is hidden; and a row being
        # inserted, which no query can find yet, is a person who holds no post).
        f"""CREATE FUNCTION zzy_hidden_people() RETURNS SETOF integer LANGUAGE sql STABLE {definer} AS $$
            SELECT a.person_id FROM appointment a JOIN org o ON o.id = a.org_id, (SELECT zzy_orgs() AS orgs) AS s
            GROUP BY a.person_id HAVING NOT bool_or(o.code = ANY(s.orgs)) $$""",
        f"""CREATE FUNCTION zzy_visible_trainings() RETURNS SETOF integer LANGUAGE sql STABLE {definer} AS $$
            SELECT t.id FROM training t JOIN org o ON o.id = t.host_id WHERE o.code = ANY(zzy_orgs()) $$""",
        # The org code an audit entry about a post names (NULL if its text is not zzy's JSON).
        """CREATE FUNCTION zzy_entry_org(after_text text, before_text text) RETURNS text
            LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
            BEGIN
              RETURN coalesce(CAST(after_text AS jsonb) ->> 'org', CAST(before_text AS jsonb) ->> 'org');
            EXCEPTION WHEN others THEN
              RETURN NULL;
            END $$""",
        f"""CREATE FUNCTION zzy_require(needed integer, refusal text) RETURNS void LANGUAGE plpgsql {definer} AS $$
            BEGIN
              IF zzy_level() < needed THEN {refuse} refusal; END IF;
            END $$""",
        # Trigger: what only an admin may do (TG_ARGV[0] names it).
        f"""CREATE FUNCTION zzy_admin_only() RETURNS trigger LANGUAGE plpgsql {definer} AS $$
            BEGIN
              IF zzy_level() < 3 THEN {refuse} TG_ARGV[0] || '需要管理员权限(admin)'; END IF;
              IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
              RETURN NEW;
            END $$""",
        # Trigger: a write at an org outside the role's scope, refused with the org's code.
        f"""CREATE FUNCTION zzy_org_in_scope() RETURNS trigger LANGUAGE plpgsql {definer} AS $$
            DECLARE
              scope text[] := zzy_orgs();
              org_code text;
            BEGIN
              IF scope IS NULL THEN RETURN NEW; END IF;
              IF TG_TABLE_NAME = 'org' THEN
                org_code := NEW.code;
              ELSIF TG_TABLE_NAME = 'appointment' THEN
                SELECT o.code INTO org_code FROM org o WHERE o.id = NEW.org_id;
              ELSE
                SELECT o.code INTO org_code FROM org o WHERE o.id = NEW.host_id;
              END IF;
              IF org_code IS NULL OR NOT org_code = ANY(scope) THEN
                {refuse} '无权修改党组织 ' || coalesce(org_code, '(未知)') || ' 的记录(授权范围: '
                  || coalesce(nullif(array_to_string(scope, '、'), ''), '无') || ')';
              END IF;
              RETURN NEW;
            END $$""",
        # Trigger, for a role limited to some orgs only: it cannot see a person's posts elsewhere,
        # so the server keeps art. 19 (one full-time post) for it; zzy's own check keeps it for
        # everyone else, with the whole picture.
        f"""CREATE FUNCTION zzy_one_full_time_post() RETURNS trigger LANGUAGE plpgsql {definer} AS $$
            BEGIN
              IF zzy_orgs() IS NULL OR NEW.kind <> 'full' THEN RETURN NEW; END IF;
              IF EXISTS (SELECT 1 FROM appointment b JOIN org o ON o.id = b.org_id
                         WHERE b.person_id = NEW.person_id AND b.id <> NEW.id AND b.kind = 'full'
                           AND NOT o.code = ANY(zzy_orgs())
                           AND b.start < coalesce(NEW."end", 'infinity') AND NEW.start < coalesce(b."end", 'infinity'))
              THEN
                RAISE EXCEPTION USING ERRCODE = 'ZZY01', MESSAGE = '第十九条: 此人在您授权范围以外的党组织另有专职任职,'
                  || '与这一任职重叠(专人专岗)。请由不限党组织的文书办理';
              END IF;
              RETURN NEW;
            END $$""",
        f"""CREATE FUNCTION zzy_grant(grantee text, right_level text, scope text[]) RETURNS void
            LANGUAGE plpgsql {definer} AS $$
            DECLARE
              missing text;
              group_role text;
            BEGIN
              PERFORM zzy_require(3, '授权需要管理员权限(admin)');
              IF right_level NOT IN ('reader', 'clerk', 'admin') THEN
                RAISE EXCEPTION USING ERRCODE = 'ZZY01', MESSAGE = '权限只能是 reader、clerk 或 admin';
              END IF;
              IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = grantee) THEN
                RAISE EXCEPTION USING ERRCODE = 'ZZY01', MESSAGE = '数据库服务器上没有角色 ' || grantee
                  || '。请信息中心先建立登录角色: CREATE ROLE ' || quote_ident(grantee) || ' LOGIN';
              END IF;
              IF grantee IN ('zzy_reader', 'zzy_clerk', 'zzy_admin')
                 OR (SELECT rolsuper FROM pg_roles WHERE rolname = grantee)
                 OR pg_has_role(grantee, (SELECT relowner FROM pg_class WHERE oid = 'zzy_access'::regclass),
                                'MEMBER') THEN
                RAISE EXCEPTION USING ERRCODE = 'ZZY01', MESSAGE = '角色 ' || grantee
                  || ' 是账本所有者、超级用户或 zzy 的权限组,不能(也不必)授权';
              END IF;
              IF right_level = 'admin' AND scope IS NOT NULL THEN
                RAISE EXCEPTION USING ERRCODE = 'ZZY01', MESSAGE = 'admin 管理整个账本,不能限定党组织';
              END IF;
              SELECT string_agg(c, '、') INTO missing FROM unnest(scope) AS c
              WHERE NOT EXISTS (SELECT 1 FROM org WHERE code = c);
              IF missing IS NOT NULL THEN
                RAISE EXCEPTION USING ERRCODE = 'ZZY01', MESSAGE = '没有党组织 ' || missing;
              END IF;
              INSERT INTO zzy_access (role, level, orgs) VALUES (grantee, right_level, scope)
                ON CONFLICT (role) DO UPDATE SET level = EXCLUDED.level, orgs = EXCLUDED.orgs;
              FOREACH group_role IN ARRAY ARRAY['zzy_reader', 'zzy_clerk', 'zzy_admin'] LOOP
                IF group_role <> 'zzy_' || right_level AND EXISTS (
                    SELECT 1 FROM pg_auth_members m WHERE m.roleid = (SELECT oid FROM pg_roles WHERE rolname = group_role)
                    AND m.member = (SELECT oid FROM pg_roles WHERE rolname = grantee)) THEN
                  EXECUTE 'REVOKE ' || quote_ident(group_role) || ' FROM ' || quote_ident(grantee);
                END IF;
              END LOOP;
              EXECUTE 'GRANT ' || quote_ident('zzy_' || right_level) || ' TO ' || quote_ident(grantee);
            END $$""",
        f"""CREATE FUNCTION zzy_revoke(grantee text) RETURNS void LANGUAGE plpgsql {definer} AS $$
            DECLARE
              group_role text;
            BEGIN
              PERFORM zzy_require(3, '收回权限需要管理员权限(admin)');
              DELETE FROM zzy_access WHERE role = grantee;
              IF NOT FOUND THEN
                RAISE EXCEPTION USING ERRCODE = 'ZZY01', MESSAGE = '角色 ' || grantee || ' 没有本账本的授权';
              END IF;
              FOREACH group_role IN ARRAY ARRAY['zzy_reader', 'zzy_clerk', 'zzy_admin'] LOOP
                IF EXISTS (SELECT 1 FROM pg_auth_members m
                           WHERE m.roleid = (SELECT oid FROM pg_roles WHERE rolname = group_role)
                           AND m.member = (SELECT oid FROM pg_roles WHERE rolname = grantee)) THEN
                  EXECUTE 'REVOKE ' || quote_ident(group_role) || ' FROM ' || quote_ident(grantee);
                END IF;
              END LOOP;
            END $$""",
        f"""CREATE FUNCTION zzy_grants() RETURNS TABLE (role text, level text, orgs text[])
            LANGUAGE plpgsql {definer} AS $$
            BEGIN
              PERFORM zzy_require(3, '查看授权需要管理员权限(admin)');
              RETURN QUERY SELECT a.role, a.level, a.orgs FROM zzy_access a ORDER BY a.role;
            END $$""",
    ]


FUNCTIONS = ("zzy_level()", "zzy_entry_org(text, text)", "zzy_orgs()", "zzy_visible_orgs()", "zzy_hidden_people()", "zzy_visible_trainings()",
             "zzy_require(integer, text)", "zzy_grant(text, text, text[])", "zzy_revoke(text)", "zzy_grants()")


def _groups() -> list[str]:
    """The group roles, made where the server lacks them (they belong to the whole server)."""
    lacking = ("RAISE EXCEPTION USING ERRCODE = 'ZZY01', MESSAGE = '建立账本结构的角色 ' || current_user "
               "|| ' 需要 CREATEROLE(以建立权限组 zzy_reader、zzy_clerk、zzy_admin 并给文书授权)。请数据库管理员运行 "
               "ALTER ROLE ' || quote_ident(current_user) || ' CREATEROLE';")
    statements = [f"""DO $$ BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{group}') THEN
                CREATE ROLE {group} NOLOGIN;
              END IF;
            EXCEPTION
              WHEN duplicate_object OR unique_violation THEN NULL;
              WHEN insufficient_privilege THEN {lacking}
            END $$""" for group in GROUPS]
    statements.append(f"""DO $$ BEGIN
              GRANT zzy_reader TO zzy_clerk;
              GRANT zzy_clerk TO zzy_admin;
            EXCEPTION
              WHEN insufficient_privilege THEN {lacking}
            END $$""")
    return statements


def _privileges(schema: str) -> list[str]:
    records = ", ".join(RECORDS)
    statements = [
        f"GRANT USAGE ON SCHEMA {schema} TO zzy_reader",
        f"GRANT SELECT ON {records}, setting, audit, zzy_meta TO zzy_reader",
        f"GRANT INSERT, UPDATE, DELETE ON {records} TO zzy_clerk",
        "GRANT INSERT ON audit TO zzy_clerk",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {schema} TO zzy_clerk",
        "GRANT INSERT, UPDATE, DELETE ON setting TO zzy_admin",
    ]
    for function in FUNCTIONS:
        statements += [f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC",
                       f"GRANT EXECUTE ON FUNCTION {function} TO zzy_reader"]
    return statements


def _policies() -> list[str]:
    statements = []
    for table, sees in SEES.items():
        statements.append(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        statements.append(f"CREATE POLICY zzy_read ON {table} FOR SELECT USING ({READ} AND ({sees}))")
        if table == "audit":
            statements.append(f"CREATE POLICY zzy_append ON audit FOR INSERT WITH CHECK ({WRITE})")
            continue
        level = ADMIN if table == "setting" else WRITE
        statements += [
            f"CREATE POLICY zzy_insert ON {table} FOR INSERT WITH CHECK ({level} AND ({sees}))",
            f"CREATE POLICY zzy_update ON {table} FOR UPDATE USING ({level} AND ({sees})) "
            f"WITH CHECK ({level} AND ({sees}))",
            f"CREATE POLICY zzy_delete ON {table} FOR DELETE USING ({level} AND ({sees}))",
        ]
    return statements


TRIGGERS = (
    "CREATE TRIGGER zzy_void_person_needs_admin BEFORE DELETE ON person "
    "FOR EACH ROW EXECUTE FUNCTION zzy_admin_only('作废人员')",
    "CREATE TRIGGER zzy_void_org_needs_admin BEFORE DELETE ON org "
    "FOR EACH ROW EXECUTE FUNCTION zzy_admin_only('作废党组织')",
    "CREATE TRIGGER zzy_config_needs_admin BEFORE INSERT OR UPDATE OR DELETE ON setting "
    "FOR EACH ROW EXECUTE FUNCTION zzy_admin_only('修改设置')",
    "CREATE TRIGGER zzy_org_in_scope BEFORE INSERT OR UPDATE ON org "
    "FOR EACH ROW EXECUTE FUNCTION zzy_org_in_scope()",
    "CREATE TRIGGER zzy_org_in_scope BEFORE INSERT OR UPDATE ON appointment "
    "FOR EACH ROW EXECUTE FUNCTION zzy_org_in_scope()",
    "CREATE TRIGGER zzy_org_in_scope BEFORE INSERT OR UPDATE ON training "
    "FOR EACH ROW EXECUTE FUNCTION zzy_org_in_scope()",
    "CREATE TRIGGER zzy_scoped_one_full_time_post BEFORE INSERT OR UPDATE ON appointment "
    "FOR EACH ROW EXECUTE FUNCTION zzy_one_full_time_post()",
)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return  # a SQLite ledger's rights are its file's permissions
    schema = bind.exec_driver_sql("SELECT quote_ident(current_schema())").scalar()
    bind.exec_driver_sql("CREATE TABLE zzy_access (role text PRIMARY KEY, "
               "level text NOT NULL CHECK (level IN ('reader', 'clerk', 'admin')), orgs text[])")
    for statement in [*_groups(), *_functions(schema), *_privileges(schema), *_policies(), *TRIGGERS]:
        bind.exec_driver_sql(statement)
    if bind.exec_driver_sql("SELECT to_regclass('audit_head')").scalar() is not None:
        # the audit chain's head (migration 0003): read by doctor and log --verify, moved only by its trigger
        bind.exec_driver_sql("GRANT SELECT ON audit_head TO zzy_reader")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    schema = bind.exec_driver_sql("SELECT quote_ident(current_schema())").scalar()
    for statement in TRIGGERS:
        words = statement.split()
        bind.exec_driver_sql(f"DROP TRIGGER {words[2]} ON {words[words.index('ON') + 1]}")
    for table in SEES:
        for policy in ("zzy_read", "zzy_append", "zzy_insert", "zzy_update", "zzy_delete"):
            bind.exec_driver_sql(f"DROP POLICY IF EXISTS {policy} ON {table}")
        bind.exec_driver_sql(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    for group in GROUPS:  # the groups stay: other ledgers on the server may use them
        bind.exec_driver_sql(f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {group}")
        bind.exec_driver_sql(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {group}")
    bind.exec_driver_sql("DROP FUNCTION zzy_one_full_time_post(), zzy_org_in_scope(), zzy_admin_only(), "
                         + ", ".join(FUNCTIONS))
    bind.exec_driver_sql("DROP TABLE zzy_access")
