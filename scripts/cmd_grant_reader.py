"""`dossier grant-reader`: a PostgreSQL login that can read every view and table, and write nothing.

The login gets SELECT on every table and view of the schema `public` (the contract views and
the normalized tables alike: everything in Dossier is drawn from public documents, analysts
asking SQL need the tables behind the views, and reading cannot harm the data), also on those
created later (ALTER DEFAULT PRIVILEGES for each role that owns or creates them here), and no
other privilege: no INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES or TRIGGER, no CREATE on the
schema or the database, no membership of other roles, no superuser, CREATEDB, CREATEROLE,
REPLICATION or BYPASSRLS. Running it again changes nothing (or sets the new password).

It can store nothing that outlives its session: no schema, no table, and no large object
(EXECUTE on the functions that create one, lo_creat, lo_create, lo_from_bytea and lo_import, is
revoked from PUBLIC in the database: Dossier uses none). Once granted, this is checked, and
the whole command rolls back if the role could still create anything.

A role that runs the command, owns the database or any object in it, is a superuser, has
CREATEDB, CREATEROLE, REPLICATION or BYPASSRLS (or inherits any through a membership), or is
a member of any other role, is refused with the reason rather than stripped: a reader login
is a login of its own.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.engine import make_url

from scripts.common import CommandError, engine_for, progress_for

SCHEMA = "public"
ROLE_PATTERN = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
ROLE_ATTRIBUTES = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT"


def _quote_literal(conn: Connection, value: str) -> str:
    """`value` as an SQL string literal, escaped by the driver (utility statements such as
    CREATE ROLE take no bound parameters)."""
    from psycopg import sql

    raw: Any = conn.connection.driver_connection
    return sql.Literal(value).as_string(raw)


def _owners(conn: Connection) -> list[str]:
    """Roles that own relations in the schema, plus the current user (who creates the next),
    as far as the current user may set their default privileges (is a member of them)."""
    rows = conn.execute(
        text(
            "SELECT o FROM (SELECT pg_get_userbyid(c.relowner) AS o FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = :schema "
            "UNION SELECT current_user) AS owners WHERE pg_has_role(o, 'MEMBER')"
        ),
        {"schema": SCHEMA},
    ).scalars()
    return sorted(rows)


_ATTRIBUTES = {
    "rolsuper": "is a superuser",
    "rolcreatedb": "has CREATEDB",
    "rolcreaterole": "has CREATEROLE",
    "rolreplication": "has REPLICATION",
    "rolbypassrls": "has BYPASSRLS",
}


def _refuse_unsuitable_role(conn: Connection, role: str) -> bool:
    """True if the role exists; CommandError, with the reason, if it must not become a reader:
    it runs this command, owns the database or anything in it, has (or inherits through a
    membership) SUPERUSER, CREATEDB, CREATEROLE, REPLICATION or BYPASSRLS, or is a member of
    any other role. Such a role is refused rather than stripped: a reader is a login of its own.
    """
    found = conn.execute(text("SELECT oid FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
    if found is None:
        return False
    if role == conn.execute(text("SELECT current_user")).scalar_one():
        raise CommandError(f"grant-reader: {role} is the role running this command; name another")
    # The role and every role it belongs to, directly or not, with their attributes.
    chain = conn.execute(
        text(
            "WITH RECURSIVE up(oid) AS (SELECT CAST(:oid AS oid) UNION "
            "SELECT m.roleid FROM pg_auth_members m JOIN up ON m.member = up.oid) "
            "SELECT r.oid, r.rolname, r.rolsuper, r.rolcreatedb, r.rolcreaterole, "
            "r.rolreplication, r.rolbypassrls FROM pg_roles r JOIN up ON up.oid = r.oid "
            "ORDER BY r.oid <> :oid, r.rolname"
        ),
        {"oid": found.oid},
    ).all()
    for member in chain:
        for attribute, words in _ATTRIBUTES.items():
            if getattr(member, attribute):
                how = (
                    ""
                    if member.oid == found.oid
                    else f" through its membership of {member.rolname}"
                )
                raise CommandError(
                    f"grant-reader: {role} {words}{how}, so it could write or create; "
                    "name a role of its own"
                )
    if conn.execute(
        text("SELECT datdba = :oid FROM pg_database WHERE datname = current_database()"),
        {"oid": found.oid},
    ).scalar_one():
        raise CommandError(
            f"grant-reader: {role} owns the database, so it could create schemas and tables "
            "and change the database itself; name a role of its own"
        )
    # pg_shdepend records who owns what in each database (tables, views, schemas, functions,
    # types, large objects, …).
    owned = conn.execute(
        text(
            "SELECT count(*) FROM pg_shdepend d JOIN pg_database db ON db.oid = d.dbid "
            "WHERE db.datname = current_database() AND d.refobjid = :oid AND d.deptype = 'o'"
        ),
        {"oid": found.oid},
    ).scalar_one()
    if owned:
        raise CommandError(
            f"grant-reader: {role} owns {owned} object(s) in this database and could write "
            "them; name a role of its own"
        )
    groups = [member.rolname for member in chain if member.oid != found.oid]
    if groups:
        raise CommandError(
            f"grant-reader: {role} is a member of {', '.join(groups)} and would inherit "
            "their privileges; name a role of its own"
        )
    return True


# Functions that create a large object, which would outlive the reader's session (and be in
# every pg_dump). PostgreSQL grants them to PUBLIC; grant-reader revokes that in the database
# (Dossier uses no large objects; a superuser or an object's owner is not affected).
LARGE_OBJECT_CREATORS = (
    "lo_creat(integer)",
    "lo_create(oid)",
    "lo_from_bytea(oid, bytea)",
    "lo_import(text)",
    "lo_import(text, oid)",
)


def _refuse_if_it_can_store(conn: Connection, role: str) -> None:
    """After the grants: CommandError (the transaction rolls back) if `role` could still create
    anything that outlives its session here."""
    can = conn.execute(
        text(
            "SELECT has_database_privilege(:r, current_database(), 'CREATE') AS database, "
            "(SELECT string_agg(nspname, ', ' ORDER BY nspname) FROM pg_namespace "
            " WHERE has_schema_privilege(:r, oid, 'CREATE')) AS schemas, "
            "(SELECT string_agg(f, ', ' ORDER BY f) FROM unnest(CAST(:functions AS text[])) f "
            " WHERE has_function_privilege(:r, 'pg_catalog.' || f, 'EXECUTE')) AS functions"
        ),
        {"r": role, "functions": list(LARGE_OBJECT_CREATORS)},
    ).one()
    if can.database:
        reason = "could create schemas (CREATE on the database)"
    elif can.schemas:
        reason = f"could create tables (CREATE on the schema {can.schemas}, through PUBLIC)"
    elif can.functions:
        reason = (
            f"could create large objects ({can.functions}, granted to PUBLIC: only a "
            "superuser can revoke that; run grant-reader as one)"
        )
    else:
        return
    raise CommandError(f"grant-reader: {role} {reason}; nothing was changed")


def grant_reader(conn: Connection, role: str, password: str | None) -> list[str]:
    """Create or update `role` as a read-only login on this database; the SQL it ran."""
    prep = conn.dialect.identifier_preparer
    r = prep.quote_identifier(role)
    database = prep.quote_identifier(conn.execute(text("SELECT current_database()")).scalar_one())
    schema = prep.quote_identifier(SCHEMA)
    exists = _refuse_unsuitable_role(conn, role)
    verb = "ALTER" if exists else "CREATE"
    role_sql = f"{verb} ROLE {r} WITH {ROLE_ATTRIBUTES}"
    shown = [role_sql + (" PASSWORD '…'" if password is not None else "")]
    if password is not None:
        role_sql += f" PASSWORD {_quote_literal(conn, password)}"
    statements = [
        # A session of this login starts read-only too, whatever a later grant may allow.
        f"ALTER ROLE {r} SET default_transaction_read_only = on",
        f"GRANT CONNECT ON DATABASE {database} TO {r}",
        f"REVOKE CREATE ON DATABASE {database} FROM {r}",
        f"GRANT USAGE ON SCHEMA {schema} TO {r}",
        # PostgreSQL 15 no longer grants CREATE on public to PUBLIC; older servers (or an
        # explicit grant) may: this login must not create there either way.
        f"REVOKE CREATE ON SCHEMA {schema} FROM {r}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {r}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {r}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {r}",
    ]
    statements += [
        f"REVOKE EXECUTE ON FUNCTION pg_catalog.{function} FROM PUBLIC"
        for function in LARGE_OBJECT_CREATORS
    ]
    for owner in _owners(conn):
        o = prep.quote_identifier(owner)
        statements += [
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA {schema} "
            f"REVOKE ALL ON TABLES FROM {r}",
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA {schema} "
            f"GRANT SELECT ON TABLES TO {r}",
        ]
    conn.exec_driver_sql(role_sql)
    for statement in statements:
        conn.exec_driver_sql(statement)
    _refuse_if_it_can_store(conn, role)
    return shown + statements


def cmd_grant_reader(args: argparse.Namespace) -> int:
    say = progress_for(args)
    url = make_url(args.db)
    if url.get_backend_name() != "postgresql":
        raise CommandError(
            "grant-reader: logins are PostgreSQL's; a SQLite file has none (share the file "
            "read-only, or run `dossier serve`): give --db postgresql://…"
        )
    if not ROLE_PATTERN.match(args.role):
        raise CommandError(
            f"grant-reader: role name {args.role!r}: use lower-case letters, digits and _ "
            "(at most 63, not starting with a digit)"
        )
    engine = engine_for(args)
    try:
        with engine.begin() as conn:
            existed = conn.execute(
                text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": args.role}
            ).first()
            done = grant_reader(conn, args.role, args.password)
    finally:
        engine.dispose()
    for statement in done:
        say(statement)
    database = url.database
    say(
        f"{'updated' if existed else 'created'} login {args.role}: reads every view and table "
        f"of {database}, writes nothing"
        + ("" if args.password is not None else " (no password set: give --password)")
    )
    return 0


def register(add: Callable[..., argparse.ArgumentParser]) -> None:
    p = add(
        "grant-reader",
        cmd_grant_reader,
        "create or update a PostgreSQL login that can SELECT every view and table (also those "
        "created later) and write nothing",
    )
    p.add_argument("--role", required=True, metavar="NAME", help="the login to create or update")
    p.add_argument(
        "--password",
        metavar="SECRET",
        help="set the login's password (visible to other local users in the process list; "
        "omit it and use psql's \\password to avoid that)",
    )
