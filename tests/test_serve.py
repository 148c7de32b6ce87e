"""`dossier serve`: Datasette answers the views over HTTP, describes all of them, and serves
the file read-only. Datasette reads SQLite only: on PostgreSQL the command refuses clearly."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from models.migrations import PROJECT_ROOT
from models.view_catalog import VIEWS
from scripts.cli import main
from scripts.datasette_metadata import canned_query_name

STARTUP_BOUND_S = 90  # an upper bound for a slow shared machine, not a measured time


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Served:
    base: str  # http://127.0.0.1:PORT
    database: str  # Datasette's name for the file
    path: Path

    def get(self, path: str) -> Any:
        with urllib.request.urlopen(self.base + path, timeout=60) as response:
            return json.load(response)


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def start_server(sqlite_url: str) -> Iterator[Served]:
    """`dossier serve` in a subprocess on a free port, until it answers; stopped afterwards.
    Its output goes to a file, not a pipe: Datasette prints a long traceback for each refused
    query, and a pipe nobody reads would fill and stop the server."""
    path = Path(str(make_url(sqlite_url).database))
    port = free_port()
    with tempfile.TemporaryFile("w+") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "scripts.cli",
                "-q",
                "serve",
                "--db",
                sqlite_url,
                "--port",
                str(port),
            ],
            cwd=PROJECT_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        served = Served(f"http://127.0.0.1:{port}", path.stem, path)
        try:
            deadline = time.monotonic() + STARTUP_BOUND_S
            while True:
                if process.poll() is not None:
                    log.seek(0)
                    pytest.fail(f"dossier serve exited with {process.returncode}: {log.read()}")
                try:
                    served.get("/-/versions.json")
                    break
                except (urllib.error.URLError, ConnectionError):
                    if time.monotonic() > deadline:
                        pytest.fail(f"dossier serve did not answer within {STARTUP_BOUND_S} s")
                    time.sleep(0.2)
            yield served
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def served(built_engine: Engine) -> Iterator[Served]:
    yield from start_server(_url(built_engine))


def _rows(engine: Engine, sql: str) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(text(sql))]


def _canonical(rows: list[dict[str, Any]]) -> Counter[str]:
    return Counter(json.dumps(r, sort_keys=True) for r in rows)


def test_serve_answers_every_view_over_http(
    built_engine: Engine, request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]
) -> None:
    if built_engine.dialect.name != "sqlite":
        code = main(["serve", "--db", _url(built_engine)])
        err = capsys.readouterr().err
        assert code == 1
        assert err.startswith("error: serve: Datasette reads SQLite files only")
        assert len(err.strip().splitlines()) == 1
        return
    served: Served = request.getfixturevalue("served")
    for view in VIEWS:
        got = served.get(f"/{served.database}/{view.name}.json?_shape=array&_size=max")
        expected = _rows(built_engine, f'SELECT * FROM "{view.name}"')
        assert len(got) == len(expected), view.name
        assert _canonical(got) == _canonical(expected), view.name
    sanctions = served.get(f"/{served.database}/v_sanctions.json?_shape=array")
    assert "Alexander Lukashenko" in {row["target"] for row in sanctions}


# Datasette serves SQLite files: the tests below run on the SQLite leg; PostgreSQL's refusal is
# tested above.
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_metadata_describes_all_contract_views(served: Served) -> None:
    metadata = served.get("/-/metadata.json")
    assert metadata["title"] == "Dossier"
    assert "Open Government Licence v3.0" in metadata["license"]
    assert "Foreign, Commonwealth & Development Office" in metadata["source"]
    tables = metadata["databases"][served.database]["tables"]
    assert {view.name for view in VIEWS} <= set(tables)  # every contract view, the 12 of them
    assert len(VIEWS) == 12
    for view in VIEWS:
        meta = tables[view.name]
        assert meta["description"] == view.description
        assert list(meta["columns"]) == list(view.column_names)
        assert all(meta["columns"].values()), f"{view.name}: a column lacks a description"
    assert tables["documents"]["description"], "tables carry the models' comments"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_canned_queries_answer_the_common_questions(served: Served, built_engine: Engine) -> None:
    queries = served.get("/-/metadata.json")["databases"][served.database]["queries"]
    assert len(queries) == len(VIEWS)
    for view in VIEWS:
        name = canned_query_name(view.name)
        assert queries[name]["sql"] == view.example_sql
        assert queries[name]["title"] == view.example_question
        got = served.get(f"/{served.database}/{name}.json?_shape=array&_size=max")
        assert got == _rows(built_engine, view.example_sql), name


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_file_is_served_read_only(served: Served) -> None:
    before = hashlib.sha256(served.path.read_bytes()).digest()
    (database,) = [d for d in served.get("/-/databases.json") if d["name"] == served.database]
    assert database["is_mutable"] is False
    sql = urllib.parse.quote("DELETE FROM actors")
    with pytest.raises(urllib.error.HTTPError):
        served.get(f"/{served.database}.json?sql={sql}")
    assert hashlib.sha256(served.path.read_bytes()).digest() == before


def test_a_missing_or_unbuilt_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.db"
    assert main(["serve", "--db", f"sqlite:///{missing}"]) == 1
    assert "no SQLite database" in capsys.readouterr().err
    assert not missing.exists()
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    assert main(["serve", "--db", f"sqlite:///{empty}"]) == 1
    err = capsys.readouterr().err
    assert "dossier build" in err and len(err.strip().splitlines()) == 1
