"""Views as files: a migration builds a view from `alembic/views/<view>/<revision>.sql`.

Each file holds one view's SELECT as one revision defines it, named after that revision:
`0011.sql` when the SQL is the same on both engines, else `0011.sqlite.sql` and
`0011.postgresql.sql`. A file, once merged, is never edited: a change to a view is a new file
and a new migration, whose upgrade and downgrade call `replace_view`:

    def upgrade() -> None:
        replace_view(op, "v_findings", "0011")

    def downgrade() -> None:
        replace_view(op, "v_findings", "0010")  # or None where 0011 created the view

Merged migrations call this module, so it changes only in ways that keep what they do. It reads
only the files under alembic/views/ and imports neither the models nor alembic (it lives in
`models/` only because that package is importable wherever migrations run; `alembic/` is not).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Protocol

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

VIEWS_DIR = Path(__file__).resolve().parent.parent / "alembic" / "views"
DIALECTS = ("sqlite", "postgresql")
FILE_NAME = re.compile(r"^(?P<revision>\d{4})(?:\.(?P<dialect>sqlite|postgresql))?\.sql$")


class _Operations(Protocol):
    """What `replace_view` needs of alembic's `op` (or of an `Operations`)."""

    def get_bind(self) -> Connection: ...


def view_file(name: str, revision: str, dialect: str, directory: Path = VIEWS_DIR) -> Path:
    """The file of view `name` at `revision` on `dialect`: its dialect's file, else the
    portable one. Raises FileNotFoundError when neither exists."""
    for candidate in (f"{revision}.{dialect}.sql", f"{revision}.sql"):
        path = directory / name / candidate
        if path.is_file():
            return path
    raise FileNotFoundError(f"no file for view {name} at revision {revision} on {dialect}")


def view_select(name: str, revision: str, dialect: str, directory: Path = VIEWS_DIR) -> str:
    """The SELECT of view `name` at `revision` on `dialect`: the file, outer whitespace off."""
    return view_file(name, revision, dialect, directory).read_text(encoding="utf-8").strip()


def create_view_sql(name: str, select: str, *, or_replace: bool = False) -> str:
    """The statement that creates view `name`, as the merged migrations wrote it (SQLite keeps
    this text in sqlite_master)."""
    return f"CREATE {'OR REPLACE ' if or_replace else ''}VIEW {name} AS\n{select}"


def replace_view(
    op: _Operations, name: str, revision: str | None, *, directory: Path = VIEWS_DIR
) -> None:
    """Create view `name` from its file of `revision`, replacing the view if it exists; with
    `revision` None, drop the view (the downgrade of the migration that created it).

    `op` is alembic's `op` (or an `Operations`); the migration must run online (a connection).
    Views that read this one are kept, on both engines:
    - SQLite: DROP VIEW IF EXISTS, then CREATE VIEW. SQLite resolves a view's names when it is
      read, so the views reading this one stay as they are; each is then read once (LIMIT 0),
      so that one the new definition breaks fails the migration.
    - PostgreSQL: CREATE OR REPLACE VIEW, which keeps dependants and privileges. PostgreSQL
      refuses it when columns would be removed, renamed or retyped (say, a downgrade taking
      off an appended column); then the view and the views reading it, however indirectly,
      are dropped and created again, those from PostgreSQL's own definitions
      (pg_get_viewdef). Privileges granted on them come back only through default privileges
      (as `dossier grant-reader` sets them).
    A new definition that takes away a column another view reads needs that view dropped
    first (`replace_view(op, dependant, None)`) and created again after, from its file.
    """
    connection: Connection = op.get_bind()
    dialect = connection.dialect.name
    if dialect not in DIALECTS:
        raise NotImplementedError(f"views as files: dialect {dialect!r}")
    if revision is None:
        connection.exec_driver_sql(f"DROP VIEW IF EXISTS {name}")
        return
    select = view_select(name, revision, dialect, directory)
    if dialect == "sqlite":
        connection.exec_driver_sql(f"DROP VIEW IF EXISTS {name}")
        connection.exec_driver_sql(create_view_sql(name, select))
        for (view,) in connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'view'"
        ).all():
            connection.exec_driver_sql(f'SELECT * FROM "{view}" LIMIT 0').all()
        return
    try:
        with connection.begin_nested():
            connection.exec_driver_sql(create_view_sql(name, select, or_replace=True))
        return
    except DBAPIError as exc:  # only "cannot drop/rename/retype a view column" falls through
        if getattr(exc.orig, "sqlstate", None) != "42P16":
            raise
    dependants = _postgresql_dependants(connection, name)
    connection.exec_driver_sql(f"DROP VIEW {name} CASCADE")
    connection.exec_driver_sql(create_view_sql(name, select))
    for view, definition in dependants:
        connection.exec_driver_sql(create_view_sql(view, definition))


# The views reading view :name, however indirectly, each with its definition, in an order in
# which each comes after every view of the set it reads (by its longest path from :name).
_PG_DEPENDANTS = """
WITH RECURSIVE reader(oid, depth) AS (
    SELECT CAST(CAST(:name AS regclass) AS oid), 0
    UNION ALL
    SELECT r.ev_class, reader.depth + 1
    FROM reader
    JOIN pg_depend AS d ON d.refobjid = reader.oid
        AND d.classid = CAST('pg_rewrite' AS regclass)
    JOIN pg_rewrite AS r ON r.oid = d.objid
    WHERE r.ev_class <> reader.oid
)
SELECT CAST(CAST(reader.oid AS regclass) AS text), c.relkind, pg_get_viewdef(reader.oid)
FROM reader
JOIN pg_class AS c ON c.oid = reader.oid
WHERE reader.depth > 0
GROUP BY reader.oid, c.relkind
ORDER BY max(reader.depth), 1"""


def _postgresql_dependants(connection: Connection, name: str) -> list[tuple[str, str]]:
    """(name, SELECT) of each view reading view `name`, however indirectly, in an order in
    which they can be created again."""
    dependants = []
    for view, kind, definition in connection.execute(text(_PG_DEPENDANTS), {"name": name}):
        if kind != "v":  # a materialized view would come back as a plain one
            raise NotImplementedError(f"replace_view: {view} (relkind {kind}) reads {name}")
        dependants.append((str(view), str(definition).strip().rstrip(";")))
    return dependants
