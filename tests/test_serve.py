"""`dossier serve`: Datasette answers the views over HTTP, describes all of them, and serves
the file read-only. Datasette reads SQLite only: on PostgreSQL the command refuses clearly."""

from __future__ import annotations

import hashlib
import html
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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from models import Base
from models.migrations import PROJECT_ROOT
from models.search import search
from models.view_catalog import VIEWS, view_doc
from scripts import datasette_queries
from scripts.cli import main
from scripts.datasette_metadata import CSS_URL, LICENCE_URLS, canned_query_name
from scripts.datasette_queries import (
    FACT_COLUMNS,
    FACT_VIEWS,
    FTS_FUNCTION,
    SOURCES,
    FactView,
    by_actor_sql,
    by_cameo_family_sql,
    by_date_sql,
    by_state_sql,
    by_word_sql,
    fts5_words,
)

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

    def page(self, path: str) -> str:
        with urllib.request.urlopen(self.base + path, timeout=60) as response:
            return str(response.read().decode("utf-8"))

    def query(self, name: str, **params: str) -> list[dict[str, Any]]:
        """The rows of canned query `name` with its parameters, as JSON objects."""
        args = urllib.parse.urlencode({**params, "_shape": "array", "_size": "max"})
        rows: list[dict[str, Any]] = self.get(f"/{self.database}/{name}.json?{args}")
        return rows


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


def _rows(engine: Engine, sql: str, **params: str) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(text(sql), params)]


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
def test_metadata_describes_all_contract_views(served: Served, built_engine: Engine) -> None:
    metadata = served.get("/-/metadata.json")
    assert metadata["title"] == "Dossier"
    tables = metadata["databases"][served.database]["tables"]
    assert {view.name for view in VIEWS} <= set(tables)  # every contract view, the 12 of them
    assert len(VIEWS) == 12
    assert list(tables)[: len(VIEWS)] == [view.name for view in VIEWS], "the views come first"
    for view in VIEWS:
        meta = tables[view.name]
        assert meta["description"] == view.description
        assert list(meta["columns"]) == list(view.column_names)
        assert all(meta["columns"].values()), f"{view.name}: a column lacks a description"
        assert not meta.get("hidden"), view.name
    for table in Base.metadata.tables:
        assert tables[table]["description"], f"{table}: tables carry the models' comments"
    assert tables["cameo_codes"]["label_column"] == "label"

    # The licence and source line: a link to the Sources page, however many documents.
    sources_page = f"/{served.database}/{SOURCES}"
    with built_engine.connect() as conn:
        documents = conn.execute(text("SELECT publisher, licence FROM documents")).all()
    for meta in (metadata, metadata["databases"][served.database]):
        assert meta["license_url"] == meta["source_url"] == sources_page
        line = meta["license"] + meta["source"]
        assert not any(p in line or (lic or "-") in line for p, lic in documents), line
        assert f"{len(documents)} documents" in meta["source"]


def _columns(fact: FactView) -> tuple[str, ...]:
    return view_doc(fact.view).column_names


def _facts(rows: list[dict[str, Any]]) -> set[tuple[str, int]]:
    return {(row["kind"], row["fact_id"]) for row in rows}


def _facts_where(
    engine: Engine, condition: Callable[[FactView], str | None], **params: str
) -> set[tuple[str, int]]:
    """(kind, id) of the per-fact views' rows where a view's condition holds (None: the view
    has not the columns it reads)."""
    found: set[tuple[str, int]] = set()
    for fact in FACT_VIEWS:
        where = condition(fact)
        if where is not None:
            sql = f"SELECT {fact.id_column} AS id FROM {fact.view} WHERE {where}"
            found |= {(fact.kind, row["id"]) for row in _rows(engine, sql, **params)}
    return found


# What each per-fact view shows, in the fact queries' shape (after kind and id; document_slug
# and quote follow), read from the view itself: the queries read the fact tables instead.
VIEW_VALUES = {
    "v_statements": ("stated_on", "date_precision", "speaker", "target", "text", "cameo_code"),
    "v_demands": (
        "stated_on",
        "date_precision",
        "demanded_by",
        "addressee",
        "demand",
        "cameo_code",
    ),
    "v_sanctions": (
        "imposed_on",
        "date_precision",
        "imposed_by",
        "target",
        "COALESCE(measures, 'sanctions') || COALESCE(' under the ' || regime, '')",
        "NULL",
    ),
    "v_findings": ("NULL", "NULL", "investigated_by", "subject", "finding", "NULL"),
    "v_event_participants": (
        "occurred_on",
        "date_precision",
        "participant",
        "event",
        "role",
        "NULL",
    ),
    "v_relations": (
        "started_on",
        "started_precision",
        "subject",
        "object",
        "relation || COALESCE(': ' || role, '')",
        "NULL",
    ),
}


def _as_the_views_show(engine: Engine, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each fact of `rows` (kind, fact_id) as its view shows it, in the fact queries' shape."""
    shown = []
    for row in rows:
        (fact,) = [f for f in FACT_VIEWS if f.kind == row["kind"]]
        values = (
            f"'{fact.kind}'",
            fact.id_column,
            *VIEW_VALUES[fact.view],
            "document_slug",
            "quote",
        )
        columns = ", ".join(f"{v} AS {c}" for v, c in zip(values, FACT_COLUMNS, strict=True))
        sql = f"SELECT {columns} FROM {fact.view} WHERE {fact.id_column} = :id"
        shown += _rows(engine, sql, id=row["fact_id"])
    return shown


def _shown(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{c: row[c] for c in FACT_COLUMNS} for row in rows]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_canned_queries_over_the_corpus(served: Served, built_engine: Engine) -> None:
    """Each corpus query, with a real parameter, against the same question asked otherwise."""
    # By state: its code or its name; every fact naming it, its organs or officials, in any
    # of the view's state columns (those the catalog names *_iso3).
    by_code = served.query("by_state", state="BLR")
    assert by_code == served.query("by_state", state=" belarus ")
    assert _facts(by_code) == _facts_where(
        built_engine,
        lambda f: f":s IN ({', '.join(c for c in _columns(f) if c.endswith('_iso3'))})",
        s="BLR",
    )
    assert len(_facts(by_code)) == len(by_code)
    assert _shown(by_code) == _as_the_views_show(built_engine, by_code)
    assert {"sanction", "demand", "finding", "statement"} <= {row["kind"] for row in by_code}
    assert served.query("by_state", state="") == []

    # By actor: a key, an alias of the same actor, a part of a name.
    key = "alexander-lukashenko"
    (lukashenko,) = _rows(built_engine, "SELECT * FROM v_actors WHERE actor_key = :k", k=key)
    by_key = served.query("by_actor", actor=key)
    assert by_key == served.query("by_actor", actor=lukashenko["aliases"].split("; ")[-1])
    assert _facts(by_key) == _facts_where(
        built_engine,
        lambda f: f":name IN ({', '.join(a.column for a in f.actors)})",
        name=lukashenko["actor"],
    )
    # The actor columns a view is searched by include every actor of a state column.
    for fact in FACT_VIEWS:
        states = {c.removesuffix("_iso3") for c in _columns(fact) if c.endswith("_iso3")}
        assert states <= {a.column for a in fact.actors}, fact.view
    assert ("sanction", lukashenko["actor"]) in {(r["kind"], r["about"]) for r in by_key}
    by_part = served.query("by_actor", actor="lukashenk")
    assert _shown(by_part) == _as_the_views_show(built_engine, by_part)
    assert _facts(by_key) | _facts(served.query("by_actor", actor="lukashenko-son")) <= _facts(
        by_part
    )
    assert served.query("by_actor", actor="  ") == []

    # By date: from and to, both included, as a year, a month or a day.
    timeline = _rows(built_engine, "SELECT * FROM v_timeline ORDER BY sort_key")
    last_year = timeline[-1]["occurred_on"][:4]  # a bare year, after facts of earlier ones
    assert timeline[0]["occurred_on"] < last_year
    ranges = (("2020-09", "2020-09"), ("2020-09-17", "2020-09-29"), ("2020", ""), (last_year, ""))
    for start, end in ranges:
        got = served.query("by_date", from_date=start, to_date=end)
        expected = [
            {k: row[k] for k in got[0]}
            for row in timeline
            if row["occurred_on"][: len(start)] >= start and row["occurred_on"][: len(end)] <= end
        ]
        assert got == expected, (start, end)
    assert len(served.query("by_date", from_date="", to_date="")) == len(timeline)

    # By CAMEO family: the root's two digits (one digit is read as 0N).
    for family in ("10", "2"):
        got = served.query("by_cameo_family", family=family)
        expected = _facts_where(
            built_engine,
            lambda f: "substr(cameo_code, 1, 2) = :f" if "cameo_code" in _columns(f) else None,
            f=family.zfill(2),
        )
        assert got and _facts(got) == expected, family
        assert _shown(got) == _as_the_views_show(built_engine, got)
        assert all(row["cameo_code"].startswith(family.zfill(2)) for row in got)

    # By word: the same facts as `dossier search`, in its order, the words found in [brackets].
    with built_engine.connect() as conn:
        for words in ("torture", '"held to account"', "Lukashenko elections", "journalist*"):
            hits = search(conn, words, limit=10_000)
            got = served.query("by_word", words=words)
            assert got and [(r["kind"], r["fact_id"]) for r in got] == [
                (hit.kind, hit.id) for hit in hits
            ], words
            assert all("[" in row["words"] for row in got)
            assert _shown(got) == _as_the_views_show(built_engine, got)
    from tests.test_search import HOSTILE  # here: test_search imports this module

    for words in HOSTILE:  # never an error: at worst nothing is found
        assert isinstance(served.query("by_word", words=words), list), words

    # Sources: every document, with its publisher, date, licence and address.
    documents = _rows(
        built_engine,
        "SELECT title, publisher, published_on, licence, url FROM documents"
        " ORDER BY published_on, slug",
    )
    sources = served.query(SOURCES)
    assert [{k: row[k] for k in documents[0]} for row in sources] == documents
    licences = [LICENCE_URLS[d["licence"]] for d in documents]
    assert [row["licence_url"] for row in sources] == licences


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_canned_queries_answer_the_common_questions(served: Served, built_engine: Engine) -> None:
    queries = served.get("/-/metadata.json")["databases"][served.database]["queries"]
    for view in VIEWS:
        name = canned_query_name(view.name)
        assert queries[name]["sql"] == view.example_sql
        assert queries[name]["title"] == view.example_question
        got = served.get(f"/{served.database}/{name}.json?_shape=array&_size=max")
        assert got == _rows(built_engine, view.example_sql), name


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_fact_queries_keep_the_first_rows_of_their_order(
    built_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A query finding more facts than a page shows (ROWS; 5 here, the seeds being few)
    returns the first of them in its order: by date, undated last, then kind and id; by
    word, best first, as `dossier search` ranks them; by date range, v_timeline's."""
    cases = [
        (by_state_sql, {"state": "BLR"}),
        (by_actor_sql, {"actor": "lukashenk"}),
        (by_cameo_family_sql, {"family": "10"}),
        (by_word_sql, {"words": "Lukashenko"}),
        (by_date_sql, {"from_date": "", "to_date": ""}),
    ]
    conn = sqlite3.connect(str(make_url(_url(built_engine)).database))
    conn.create_function(FTS_FUNCTION, 1, fts5_words)
    conn.row_factory = sqlite3.Row
    try:
        for sql, params in cases:
            every = [dict(row) for row in conn.execute(sql(), params)]
            with monkeypatch.context() as patch:
                patch.setattr(datasette_queries, "ROWS", 5)
                first = [dict(row) for row in conn.execute(sql(), params)]
            assert len(every) > 5 and first == every[:5], sql.__name__
            if sql not in (by_word_sql, by_date_sql):  # compared with search, v_timeline
                order = [
                    (r["occurred_on"] is None, r["occurred_on"] or "", r["kind"], r["fact_id"])
                    for r in every
                ]
                assert order == sorted(order), sql.__name__
    finally:
        conn.close()


def link_positions(page: str, database: str, names: Iterable[str]) -> list[int]:
    """Where in `page` each of `names` is linked to (its table or view page), -1 if nowhere."""
    return [page.find(f'href="/{database}/{name}"') for name in names]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_pages_show_the_views_first_sources_and_labels(
    served: Served, built_engine: Engine
) -> None:
    db = served.database
    tables = [t for t in Base.metadata.tables if t != "alembic_version"]
    views = [view.name for view in VIEWS]

    # The database's page: every view, then every table; the SQL box opens on a view.
    page = served.page(f"/{db}")
    view_at, table_at = link_positions(page, db, views), link_positions(page, db, tables)
    assert min(view_at) > 0 and min(table_at) > 0, "every view and table is linked"
    assert view_at == sorted(view_at), "the views in the catalog's order"
    assert max(view_at) < min(table_at)
    assert f">select * from {views[0]}</textarea>" in page
    # The index is the database's page: one file is served.
    with urllib.request.urlopen(served.base + "/", timeout=60) as response:
        assert response.url == f"{served.base}/{db}"

    # Every page links to the Sources page, and carries the stylesheet.
    sources_link = f'href="/{db}/{SOURCES}"'
    for path in (
        "/",
        f"/{db}",
        f"/{db}/v_demands",
        f"/{db}/demands",
        f"/{db}/documents/1",
        f"/{db}/{SOURCES}",
        f"/{db}/by_state?state=BLR",
        f"/{db}/{canned_query_name(views[0])}",
        f"/{db}?sql=select+1",
    ):
        html_ = served.page(path)
        assert sources_link in html_, path
        assert f'href="{CSS_URL}"' in html_, path
    assert "white-space: normal" in served.page(CSS_URL)

    # A CAMEO code shows its label: in a view and a canned query (the plugin), in a table
    # (Datasette's foreign key, labelled by cameo_codes.label).
    labels = {r["code"]: r["label"] for r in _rows(built_engine, "SELECT * FROM cameo_codes")}

    def labelled(code: str) -> str:
        return f'{code} <span class="cameo-label">{html.escape(labels[code])}</span>'

    codes = {r["cameo_code"] for r in _rows(built_engine, "SELECT cameo_code FROM v_demands")}
    view_page = served.page(f"/{db}/v_demands?_size=max")
    assert codes and all(labelled(code) in view_page for code in codes)
    family = served.query("by_cameo_family", family="10")
    query_page = served.page(f"/{db}/by_cameo_family?family=10")
    assert family and all(labelled(row["cameo_code"]) in query_page for row in family)
    table_page = served.page(f"/{db}/demands?_size=max")
    assert all(f">{html.escape(labels[c])}</a>" in table_page for c in codes)


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
