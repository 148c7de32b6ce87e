"""`dossier query`: answers what the database holds, and refuses every write, on both engines."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import make_url

from scripts.cli import main


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _state(engine: Engine) -> tuple[object, ...]:
    """Everything a write could change: relations, and every table's rows."""
    names = inspect(engine)
    tables = sorted(names.get_table_names())
    views = sorted(names.get_view_names())
    with engine.connect() as conn:
        rows = {
            t: sorted(map(tuple, conn.execute(text(f'SELECT * FROM "{t}"')).all()), key=repr)
            for t in tables
        }
    digest = None
    if engine.dialect.name == "sqlite":
        digest = hashlib.sha256(Path(str(make_url(_url(engine)).database)).read_bytes()).digest()
    return tables, views, rows, digest


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_answers_match_the_database(
    built_engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    sql = "SELECT id, key, kind, name FROM actors ORDER BY id"
    code, out, err = _run(capsys, "query", "--db", _url(built_engine), "--format", "json", sql)
    assert code == 0, err
    with built_engine.connect() as conn:
        expected = [dict(r._mapping) for r in conn.execute(text(sql))]
    assert expected, "the seeds load actors"
    assert json.loads(out) == expected


def test_csv_has_a_header_and_every_row(
    built_engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    sql = "SELECT fact_table, fact_key, quote FROM v_evidence ORDER BY fact_table, fact_id"
    code, out, err = _run(capsys, "query", "--db", _url(built_engine), "--format", "csv", sql)
    assert code == 0, err
    parsed = list(csv.reader(io.StringIO(out, newline="")))
    with built_engine.connect() as conn:
        expected = [list(r) for r in conn.execute(text(sql))]
    assert parsed[0] == ["fact_table", "fact_key", "quote"]
    assert parsed[1:] == expected


def test_table_format_shows_columns_and_row_count(
    built_engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    sql = "SELECT slug, published_on FROM documents ORDER BY slug"
    code, out, err = _run(capsys, "query", "--db", _url(built_engine), sql)
    assert code == 0, err
    with built_engine.connect() as conn:
        slugs = list(conn.execute(text(sql)).scalars())
    lines = out.splitlines()
    assert lines[0].split(" | ")[0].strip() == "slug"
    assert [line.split(" | ")[0].strip() for line in lines[2:-1]] == slugs
    assert lines[-1] == f"({len(slugs)} row{'' if len(slugs) == 1 else 's'})"


WRITES = (
    "INSERT INTO documents (slug, title, publisher, document_type, published_on, language,"
    " body_text, char_length, sha256, facts_sha256)"
    " VALUES ('x', 'x', 'x', 'note', '2020-01-01', 'en', '', 0, 'x', 'x')",
    "UPDATE actors SET name = 'changed'",
    "DELETE FROM sanctions",
    "DROP VIEW v_evidence",
    "CREATE TABLE intruder (id INTEGER)",
    "SELECT 1; DELETE FROM actors",
)


@pytest.mark.parametrize("sql", WRITES)
def test_a_write_is_refused_and_changes_nothing(
    built_engine: Engine, capsys: pytest.CaptureFixture[str], sql: str
) -> None:
    before = _state(built_engine)
    code, out, err = _run(capsys, "query", "--db", _url(built_engine), sql)
    assert code == 1
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("error: query: refused: ")
    assert _state(built_engine) == before


# SQLite runs one statement per call and has no COMMIT to escape through: PostgreSQL only.
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_postgresql_commit_cannot_end_the_read_only_transaction(
    built_engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _state(built_engine)
    code, _, err = _run(capsys, "query", "--db", _url(built_engine), "COMMIT; DELETE FROM actors")
    assert code == 1
    assert err == "error: query: refused: give one SQL statement at a time (this holds 2)\n"
    # A lone COMMIT is no query either (and the session would stay read-only by default).
    code, _, err = _run(capsys, "query", "--db", _url(built_engine), "COMMIT")
    assert code == 1
    assert err == (
        "error: query: refused: COMMIT is not a query; `dossier query` runs one SELECT, WITH, "
        "VALUES, TABLE, EXPLAIN or SHOW, read-only, and reaches nothing outside the database\n"
    )
    assert _state(built_engine) == before


# ATTACH is SQLite's own way to open (and create) another file: SQLite only.
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_sqlite_attach_cannot_create_a_file(
    built_engine: Engine, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "created.db"
    sql = f"ATTACH '{target.as_uri()}?mode=rwc' AS other"
    code, _, err = _run(capsys, "query", "--db", _url(built_engine), sql)
    assert code == 1 and err.startswith("error: query: ")
    assert not target.exists()


def test_unknown_table_is_one_line(
    migrated_engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, "query", "--db", _url(migrated_engine), "SELECT * FROM nowhere")
    assert code == 1 and out == ""
    assert err.startswith("error: query: database: ") and "nowhere" in err
    assert len(err.strip().splitlines()) == 1


def test_missing_sqlite_file_is_not_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "absent.db"
    code, _, err = _run(capsys, "query", "--db", f"sqlite:///{path}", "SELECT 1")
    assert code == 1 and "no SQLite database" in err
    assert not path.exists()
