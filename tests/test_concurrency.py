"""Concurrency: builds and loads racing on one database all succeed and end as one run would.

Every run is a real `dossier` process. On PostgreSQL the loads serialize on a lock and the
later ones find nothing to change; on SQLite a second writer waits (busy timeout) for the first
instead of failing. A test holds a write transaction open while a load starts, shows that the
load is waiting for it, then lets it go: the load then succeeds.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import make_url

from models.database import make_engine
from models.migrations import upgrade
from models.search import is_search_table
from seeds import DOCUMENTS_DIR
from tests.dbcontent import dump

DOSSIER = Path(sys.executable).with_name("dossier")
SEED_FOLDER = DOCUMENTS_DIR / "uk-fcdo-2020-11-05-belarus-fresh-elections"
RACERS = 3
WAIT = 300  # seconds: a bound for any one run, never reached unless something hangs


def content(engine: Engine) -> dict[str, Any]:
    """What the database says, without its surrogate ids (which depend on who wrote first)."""
    with engine.connect() as conn:

        def rows(sql: str) -> list[tuple[Any, ...]]:
            return sorted((tuple(r) for r in conn.execute(text(sql))), key=repr)

        return {
            "documents": rows("SELECT slug, sha256, facts_sha256, char_length FROM documents"),
            "actors": rows("SELECT key, kind, name, description, wikidata_id FROM actors"),
            "states": rows(
                "SELECT a.key, s.iso_alpha2, s.iso_alpha3 FROM states s "
                "JOIN actors a ON a.id = s.actor_id"
            ),
            "evidence": rows(
                "SELECT fact_table, fact_key, document_slug, char_start, char_end, quote, "
                "quote_matches FROM v_evidence"
            ),
            # (not the search tables: FTS5's depend on how the rows came, in what batches)
            "counts": {
                name: conn.execute(text(f'SELECT COUNT(*) FROM "{name}"')).scalar()
                for name in inspect(conn).get_table_names()
                if not is_search_table(name)
            },
        }


@pytest.fixture
def other_database_url(second_database_url: str) -> str:
    """A second empty database on the same engine, for the run to compare with."""
    return second_database_url


def start(*argv: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(DOSSIER), *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def finish(procs: list[subprocess.Popen[str]]) -> list[tuple[int, str]]:
    """Each run's exit code and standard error, once all have ended."""
    results = []
    for proc in procs:
        _out, err = proc.communicate(timeout=WAIT)
        results.append((proc.returncode, err))
    return results


def assert_all_succeeded(results: list[tuple[int, str]]) -> None:
    for code, err in results:
        assert code == 0, err
        assert not any(line.startswith("error") for line in err.splitlines()), err
        assert "deadlock" not in err.lower(), err


def wait_until(condition: Callable[[], bool], what: str, timeout: float = WAIT) -> None:
    """Poll `condition` (bounded) until it holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        time.sleep(0.05)


def waiting_backends(engine: Engine) -> int:
    """How many other sessions on this PostgreSQL database are waiting for a lock."""
    with engine.connect() as conn:
        return int(
            conn.execute(
                text(
                    "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'"
                )
            ).scalar_one()
        )


def has_opened(pid: int, path: Path) -> bool:
    """Whether process `pid` holds `path` open (Linux /proc): a SQLite connection is open."""
    try:
        fds = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return False
    for fd in fds:
        try:
            if Path(os.readlink(fd)) == path:
                return True
        except OSError:
            continue
    return False


def sqlite_path(url: str) -> Path:
    database = make_url(url).database
    assert database
    return Path(database).resolve()


# --- racing builds ---------------------------------------------------------------------------


def line_up_migrations(url: str, engine: Engine, racers: list[subprocess.Popen[str]]) -> None:
    """Hold the racers at their first schema change until all are there, then let them go.

    PostgreSQL: an uncommitted `alembic_version` table of the test's makes each racer's own
    CREATE TABLE wait; when all wait, the test rolls back. SQLite: the test holds the write
    lock until each racer has its connection open, a second more, then rolls back.
    """
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
            wait_until(lambda: waiting_backends(engine) >= len(racers), "every racer at the schema")
            conn.rollback()
        return
    held = sqlite3.connect(sqlite_path(url), isolation_level=None)
    try:
        held.execute("BEGIN IMMEDIATE")
        for proc in racers:
            wait_until(lambda p=proc: has_opened(p.pid, sqlite_path(url)), "a racer connected")
        time.sleep(1.0)
    finally:
        held.execute("ROLLBACK")
        held.close()


@pytest.mark.parametrize(
    "schema",
    [
        "at-head",
        "empty",
    ],
)
def test_racing_builds_end_as_one_build_would(
    schema: str, database_url: str, other_database_url: str
) -> None:
    single = make_engine(other_database_url)
    raced = make_engine(database_url)
    try:
        done = subprocess.run(
            [str(DOSSIER), "build", "-q", "--db", other_database_url],
            capture_output=True,
            text=True,
            timeout=WAIT,
        )
        assert done.returncode == 0, done.stderr
        if schema == "at-head":
            upgrade(raced)
        racers = [start("build", "--db", database_url) for _ in range(RACERS)]
        if schema == "empty":
            line_up_migrations(database_url, raced, racers)
        assert_all_succeeded(finish(racers))
        assert dump(raced) == dump(single)  # ids too: no duplicate, nothing written twice
    finally:
        single.dispose()
        raced.dispose()


def extra_document(folder: Path, number: int) -> Path:
    """A copy of the seed document over a slightly different text, under its own slug."""
    facts = yaml.safe_load((SEED_FOLDER / "facts.yaml").read_text(encoding="utf-8"))
    body = (SEED_FOLDER / "text.txt").read_text(encoding="utf-8") + f"\n\nRacer {number}."
    facts = {k: v for k, v in facts.items() if k not in ("actors", "events", "investigations")}
    facts["document"]["slug"] = f"racer-{number}"
    facts["document"]["text_sha256"] = hashlib.sha256(body.encode("utf-8")).hexdigest()
    out = folder / f"racer-{number}"
    out.mkdir(parents=True)
    (out / "text.txt").write_bytes(body.encode("utf-8"))
    (out / "facts.yaml").write_text(
        yaml.safe_dump(facts, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return out


def test_racing_loads_of_different_documents_all_land(
    database_url: str, other_database_url: str, tmp_path: Path
) -> None:
    """Each racer loads the seeds and a document of its own: all succeed, as one load of all."""
    extras = [extra_document(tmp_path / "extra", n) for n in range(RACERS)]
    single = make_engine(other_database_url)
    raced = make_engine(database_url)
    try:
        upgrade(single)
        upgrade(raced)
        done = subprocess.run(
            [str(DOSSIER), "load", "-q", "--db", other_database_url, str(DOCUMENTS_DIR)]
            + [str(p) for p in extras],
            capture_output=True,
            text=True,
            timeout=WAIT,
        )
        assert done.returncode == 0, done.stderr
        racers = [
            start("load", "-q", "--db", database_url, str(DOCUMENTS_DIR), str(extra))
            for extra in extras
        ]
        assert_all_succeeded(finish(racers))
        got, want = content(raced), content(single)
        assert {slug for slug, *_ in got["documents"]} >= {f"racer-{n}" for n in range(RACERS)}
        assert got == want
    finally:
        single.dispose()
        raced.dispose()


# --- a second writer waits -------------------------------------------------------------------


def test_a_load_waits_for_another_writer_instead_of_failing(migrated_engine: Engine) -> None:
    """Hold a write transaction; a load starts, waits for it a second, then succeeds."""
    url = migrated_engine.url.render_as_string(hide_password=False)
    postgres = migrated_engine.dialect.name == "postgresql"
    if postgres:
        held_conn = migrated_engine.connect()
        held_conn.execute(text("LOCK TABLE actors IN EXCLUSIVE MODE"))  # as a writer would
    else:
        held = sqlite3.connect(sqlite_path(url), isolation_level=None)
        held.execute("BEGIN IMMEDIATE")
        held.execute(
            "INSERT INTO actors (key, kind, name) VALUES ('held-by-the-test', 'person', 'x')"
        )
    try:
        load = start("load", "-q", "--db", url, str(DOCUMENTS_DIR))
        if postgres:
            wait_until(lambda: waiting_backends(migrated_engine) >= 1, "the load waiting")
        else:
            wait_until(lambda: has_opened(load.pid, sqlite_path(url)), "the load connected")
        time.sleep(1.0)  # the load waits on: a failing one would have ended by now
        assert load.poll() is None, f"the load did not wait: {load.communicate()[1]}"
    finally:
        if postgres:
            held_conn.rollback()
            held_conn.close()
        else:
            held.execute("ROLLBACK")
            held.close()
    ((code, err),) = finish([load])
    assert code == 0, err
    with migrated_engine.connect() as conn:
        slugs = set(conn.execute(text("SELECT slug FROM documents")).scalars())
        held_row = conn.execute(
            text("SELECT COUNT(*) FROM actors WHERE key = 'held-by-the-test'")
        ).scalar()
    assert slugs == {p.name for p in DOCUMENTS_DIR.iterdir() if (p / "facts.yaml").exists()}
    assert held_row == 0
