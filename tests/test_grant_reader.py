"""`dossier grant-reader`: the login reads every view and table and cannot write, proven by
connecting as it. SQLite has no logins: a clear error there."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import errors
from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import make_url

from models.view_catalog import VIEW_NAMES
from scripts.cli import main

PASSWORD = "reader's pass"  # trust auth does not check it; it still has to be set and quoted


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


@pytest.fixture
def reader(built_engine: Engine) -> Iterator[str]:
    """A fresh role name; the role and its grants are removed afterwards (roles are global)."""
    if built_engine.dialect.name != "postgresql":
        yield "reader_unused"
        return
    role = f"reader_{uuid.uuid4().hex[:10]}"
    yield role
    with built_engine.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
        if exists.first():
            conn.execute(text(f'DROP OWNED BY "{role}"'))
            conn.execute(text(f'DROP ROLE "{role}"'))
            conn.commit()


def _grant(engine: Engine, role: str, *extra: str) -> int:
    return main(["-q", "grant-reader", "--db", _url(engine), "--role", role, *extra])


def _as_reader(engine: Engine, role: str) -> psycopg.Connection[tuple[object, ...]]:
    url = make_url(_url(engine))
    return psycopg.connect(
        host=url.host,
        port=url.port,
        dbname=url.database,
        user=role,
        password=PASSWORD,
        autocommit=True,
    )


# Logins are PostgreSQL's: the two tests below run on its leg only (SQLite's refusal is tested
# in the first).
WRITES = (
    "INSERT INTO actors (key, kind, name) VALUES ('intruder', 'person', 'Intruder')",
    "UPDATE actors SET name = 'changed'",
    "DELETE FROM sanctions",
    "TRUNCATE demands",
    "CREATE TABLE intruder (id integer)",
    "CREATE VIEW v_intruder AS SELECT 1 AS one",
    "DROP VIEW v_evidence",
    "ALTER TABLE documents ADD COLUMN intruder text",
    "CREATE SCHEMA intruder",
)


def test_reader_reads_every_view_and_table_and_writes_nothing(
    built_engine: Engine, reader: str, capsys: pytest.CaptureFixture[str]
) -> None:
    if built_engine.dialect.name != "postgresql":
        code = _grant(built_engine, reader, "--password", PASSWORD)
        err = capsys.readouterr().err
        assert code == 1
        assert err.startswith("error: grant-reader: ") and "PostgreSQL" in err
        assert len(err.strip().splitlines()) == 1
        return

    assert _grant(built_engine, reader, "--password", PASSWORD) == 0
    assert _grant(built_engine, reader, "--password", PASSWORD) == 0, "running it again is fine"

    tables = inspect(built_engine).get_table_names()
    with built_engine.connect() as conn:
        expected = {
            name: conn.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one()
            for name in (*VIEW_NAMES, *tables)
        }
    assert expected["v_sanctions"] > 0

    with _as_reader(built_engine, reader) as conn:
        assert conn.execute("SELECT current_user").fetchone() == (reader,)
        for name, count in expected.items():
            assert conn.execute(f'SELECT count(*) FROM "{name}"').fetchone() == (count,), name

        for sql in WRITES:
            # The login's sessions start read-only ...
            with pytest.raises(errors.ReadOnlySqlTransaction):
                conn.execute(sql)
            # ... and with that switched off, it still lacks every privilege to write.
            conn.execute("SET default_transaction_read_only = off")
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute(sql)
            conn.execute("RESET default_transaction_read_only")

    with built_engine.connect() as conn:
        after = {
            name: conn.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one()
            for name in expected
        }
    assert after == expected


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_reader_can_read_relations_created_later(built_engine: Engine, reader: str) -> None:
    assert _grant(built_engine, reader, "--password", PASSWORD) == 0
    with built_engine.begin() as conn:
        conn.execute(text("CREATE TABLE later_table (id integer)"))
        conn.execute(text("INSERT INTO later_table VALUES (7)"))
        conn.execute(text("CREATE VIEW v_later AS SELECT id * 6 AS answer FROM later_table"))
    with _as_reader(built_engine, reader) as conn:
        assert conn.execute("SELECT id FROM later_table").fetchall() == [(7,)]
        assert conn.execute("SELECT answer FROM v_later").fetchall() == [(42,)]
        conn.execute("SET default_transaction_read_only = off")
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute("INSERT INTO later_table VALUES (8)")


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_refuses_to_strip_an_unsuitable_role(
    built_engine: Engine, reader: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with built_engine.connect() as conn:
        me = conn.execute(text("SELECT current_user")).scalar_one()
        conn.execute(text(f'CREATE ROLE "{reader}" LOGIN'))
        conn.execute(text(f'ALTER TABLE documents OWNER TO "{reader}"'))
        conn.commit()
    assert _grant(built_engine, me) == 1
    assert "running this command" in capsys.readouterr().err
    assert _grant(built_engine, reader) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: grant-reader: ") and "owns" in err
    with built_engine.connect() as conn:
        owner = conn.execute(
            text("SELECT tableowner FROM pg_tables WHERE tablename = 'documents'")
        ).scalar_one()
        conn.execute(text(f'ALTER TABLE documents OWNER TO "{me}"'))
        conn.commit()
    assert owner == reader, "the refused role was left as it was"
