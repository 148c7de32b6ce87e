"""Views as files (alembic/views/): the newest file of each view is what the database has at
head, every view has one, and `replace_view` builds, replaces and drops views on both engines,
keeping the views that read them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.migration import MigrationContext
from alembic.operations import Operations
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import DBAPIError

from models.migrations import alembic_config
from models.view_files import (
    DIALECTS,
    FILE_NAME,
    VIEWS_DIR,
    create_view_sql,
    replace_view,
    view_select,
)


def _files() -> dict[str, dict[str, set[str | None]]]:
    """view -> revision -> the dialects of its files (None: the portable file)."""
    found: dict[str, dict[str, set[str | None]]] = {}
    for path in VIEWS_DIR.glob("*/*"):
        match = FILE_NAME.match(path.name)
        assert match, f"{path}: not <revision>[.sqlite|.postgresql].sql"
        found.setdefault(path.parent.name, {}).setdefault(match["revision"], set()).add(
            match["dialect"]
        )
    return found


def _newest(view: str) -> str:
    return max(_files()[view])


def test_each_file_is_named_after_a_revision_portable_or_one_per_engine() -> None:
    assert {p.name for p in VIEWS_DIR.iterdir() if p.is_file()} == {"README.md"}
    revisions = {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    files = _files()
    assert files, "no view files"
    for view, by_revision in files.items():
        for revision, dialects in by_revision.items():
            assert revision in revisions, f"{view}/{revision}: no such migration"
            assert dialects in ({None}, set(DIALECTS)), f"{view}/{revision}: {dialects}"


def _definition(conn: Connection, view: str) -> str:
    """What the database holds of `view`: SQLite its statement as written, PostgreSQL its
    definition as PostgreSQL prints it back, with each column's name and type."""
    if conn.dialect.name == "sqlite":
        sql = "SELECT sql FROM sqlite_master WHERE type = 'view' AND name = :view"
        return conn.execute(text(sql), {"view": view}).scalar_one()
    columns = conn.execute(
        text(
            "SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', '"
            " ORDER BY attnum) FROM pg_attribute"
            " WHERE attrelid = CAST(:view AS regclass) AND attnum > 0"
        ),
        {"view": view},
    ).scalar_one()
    select = conn.execute(text("SELECT pg_get_viewdef(CAST(:view AS regclass))"), {"view": view})
    return f"({columns})\n{select.scalar_one()}"


def _as_file_defines_it(conn: Connection, view: str, select: str) -> str:
    """What the database would hold of `view` created from `select`: SQLite the statement
    replace_view writes; PostgreSQL that of the same SELECT created under another name (in a
    savepoint, rolled back)."""
    if conn.dialect.name == "sqlite":
        return create_view_sql(view, select)
    savepoint = conn.begin_nested()
    try:
        conn.exec_driver_sql(create_view_sql("view_file_probe", select))
        return _definition(conn, "view_file_probe")
    finally:
        savepoint.rollback()


def test_every_view_at_head_has_a_file_and_every_file_a_view(migrated_engine: Engine) -> None:
    assert set(inspect(migrated_engine).get_view_names()) == set(_files())


def test_the_newest_file_of_each_view_is_what_the_database_has_at_head(
    migrated_engine: Engine,
) -> None:
    dialect = migrated_engine.dialect.name
    with migrated_engine.connect() as conn:
        for view in sorted(_files()):
            select = view_select(view, _newest(view), dialect)
            assert _definition(conn, view) == _as_file_defines_it(conn, view, select), view


def test_the_other_engines_file_is_told_apart(migrated_engine: Engine) -> None:
    """The comparison above can fail: where the engines' files differ, the other engine's file
    is not what the database has."""
    dialect = migrated_engine.dialect.name
    (other,) = set(DIALECTS) - {dialect}
    split = [v for v, by_revision in _files().items() if None not in by_revision[_newest(v)]]
    assert split
    compared = 0
    with migrated_engine.connect() as conn:
        for view in split:
            select = view_select(view, _newest(view), other)
            try:
                as_other = _as_file_defines_it(conn, view, select)
            except DBAPIError:  # PostgreSQL refuses some outright (SQLite's dates are text)
                continue
            assert _definition(conn, view) != as_other, view
            compared += 1
    assert compared, "no view of the other engine's files could be compared"


@pytest.fixture
def op_on(engine: Engine) -> Iterator[Operations]:
    """alembic's operations on one connection in one transaction, as a migration runs."""
    with engine.begin() as conn:
        yield Operations(MigrationContext.configure(connection=conn))


def test_reapplying_the_head_files_changes_nothing(migrated_engine: Engine) -> None:
    """v_statements, v_demands and v_sanctions are read by v_timeline: it stays as it was."""
    with migrated_engine.begin() as conn:
        before = {view: _definition(conn, view) for view in _files()}
        op = Operations(MigrationContext.configure(connection=conn))
        for view in ("v_statements", "v_demands", "v_sanctions", "v_findings", "v_timeline"):
            replace_view(op, view, _newest(view))
        assert {view: _definition(conn, view) for view in _files()} == before
        conn.execute(text("SELECT * FROM v_timeline")).all()


def _write(directory: Path, files: dict[str, str]) -> None:
    for name, select in files.items():
        (directory / name).parent.mkdir(parents=True, exist_ok=True)
        (directory / name).write_text(select + "\n")


PROBE_FILES = {
    "v_probe/0001.sql": "SELECT id AS item_id FROM probe_items",
    "v_probe/0002.sql": "SELECT id AS item_id, label AS label FROM probe_items",
    "v_probe_reader/0001.sql": "SELECT item_id FROM v_probe",
    "v_probe_reader_reader/0001.sql": "SELECT item_id FROM v_probe_reader",
    # Takes away the column the reader reads: refused while the reader exists.
    "v_probe/0003.sql": "SELECT id AS id FROM probe_items",
}


def _columns(conn: Connection, view: str) -> list[str]:
    return list(conn.execute(text(f"SELECT * FROM {view} LIMIT 0")).keys())


def test_upgrade_downgrade_round_trip_keeps_the_views_reading_it(
    op_on: Operations, tmp_path: Path
) -> None:
    _write(tmp_path, PROBE_FILES)
    conn = op_on.get_bind()
    conn.execute(text("CREATE TABLE probe_items (id INTEGER PRIMARY KEY, label TEXT)"))
    conn.execute(text("INSERT INTO probe_items (id, label) VALUES (7, 'seven')"))

    def replace(view: str, revision: str | None) -> None:
        replace_view(op_on, view, revision, directory=tmp_path)

    def views() -> set[str]:
        return set(inspect(conn).get_view_names())

    replace("v_probe", "0001")  # created: there was none
    replace("v_probe_reader", "0001")
    replace("v_probe_reader_reader", "0001")
    readers = {v: _definition(conn, v) for v in ("v_probe_reader", "v_probe_reader_reader")}

    replace("v_probe", "0002")  # an upgrade appending a column
    assert _columns(conn, "v_probe") == ["item_id", "label"]
    assert conn.execute(text("SELECT * FROM v_probe")).all() == [(7, "seven")]

    replace("v_probe", "0001")  # its downgrade takes the column off again
    assert _columns(conn, "v_probe") == ["item_id"]
    assert _definition(conn, "v_probe") == _as_file_defines_it(
        conn, "v_probe", view_select("v_probe", "0001", conn.dialect.name, tmp_path)
    )
    # The views reading it, directly or not, are there, the same, and read it.
    assert {v: _definition(conn, v) for v in readers} == readers
    assert conn.execute(text("SELECT * FROM v_probe_reader_reader")).all() == [(7,)]

    for view in ("v_probe_reader_reader", "v_probe_reader", "v_probe"):
        replace(view, None)  # the downgrade of the migration that created it
    assert views() == set()
    replace("v_probe", None)  # dropping what is not there is no error


def test_a_definition_breaking_a_view_that_reads_it_fails(
    op_on: Operations, tmp_path: Path
) -> None:
    _write(tmp_path, PROBE_FILES)
    op_on.get_bind().execute(text("CREATE TABLE probe_items (id INTEGER PRIMARY KEY, label TEXT)"))
    replace_view(op_on, "v_probe", "0001", directory=tmp_path)
    replace_view(op_on, "v_probe_reader", "0001", directory=tmp_path)
    with pytest.raises(DBAPIError, match="item_id"):
        replace_view(op_on, "v_probe", "0003", directory=tmp_path)


def test_a_missing_file_is_named(op_on: Operations, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="v_findings at revision 0999"):
        replace_view(op_on, "v_findings", "0999", directory=tmp_path)
