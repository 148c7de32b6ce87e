"""Benchmark: build a synthetic corpus into SQLite and PostgreSQL, time loads and look-ups.

    python -m scripts.bench --quick        # about 100,000 fact rows (1,000 documents)
    python -m scripts.bench                # about 1,000,000 fact rows (10,000 documents)

The corpus is generated (scripts/generate_corpus.py) as a bundle and as YAML folders, the same
documents. PostgreSQL is the server at $DOSSIER_BENCH_POSTGRES_URL (the benchmark creates and
drops databases of its own there), else a throwaway server it starts. Progress goes to stderr;
the last line of stdout is one JSON object, {"sqlite": {...}, "postgresql": {...}}, with per
engine (docs/performance.md explains each figure):

- documents, facts: what the load wrote; load_s, load_facts_per_s: the real loader
  (`seeds.loader.load`, after `models.migrations.upgrade`) loading the bundle, in a child
  process of its own;
- baseline_facts_per_s: the same rows (every row the load wrote, ids included) written by the
  bare driver (sqlite3 executemany / psycopg COPY) in one transaction into an empty migrated
  schema; load_vs_baseline: load time / baseline time, the median over --pairs loads each
  followed by its baseline (5 with --quick), each pair's in load_vs_baseline_pairs;
- yaml_ms_per_document: the first yaml_documents documents (the quick size at most) loaded
  from their YAML folders instead, in milliseconds per document;
- query_ms_p50: per contract view, the median time of its typical filtered look-ups (by actor,
  by state, by date range, by document, and by an actor a fact may leave out: the first page
  of 101 rows, as Datasette asks), repeated with varied parameters; query_ms_p50_by_lookup:
  the same per look-up;
- aggregate_ms: a full read of v_state_activity (median of three);
- search_ms_p50: `dossier search`'s median time (models.search.search, 20 results) for a
  word and for a two-word phrase, each drawn from the quote of a fact picked at random, so
  that a word is searched for as often as the facts use it;
- canned_ms (SQLite only, which Datasette reads): each canned query of `dossier serve`
  (scripts/datasette_queries.py) with fixed parameters, its first 1,001 rows fetched as
  Datasette fetches them, median of three;
- check_one_s, load_one_s: a curator's loop in the loaded corpus: one document edited, then
  checked against the database (`check --db`) and loaded, in seconds (median of three);
- peak_rss_mb: peak resident memory of the bundle load's process; memory_growth: that peak
  loading the corpus / loading its first tenth (tenth_peak_rss_mb).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as `python scripts/bench.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from models.base import ACTOR_KINDS
from models.database import make_engine, resolve_url
from models.migrations import upgrade
from models.search import STOP_WORDS, WORD, search, sqlite_index_new
from scripts.datasette_metadata import LICENCE_URLS
from scripts.datasette_queries import FTS_FUNCTION, ROWS, corpus_queries, fts5_words
from scripts.generate_corpus import generate
from seeds.loader import FACT_TABLES, check, load

PROJECT_ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL_ENV = "DOSSIER_BENCH_POSTGRES_URL"
QUICK_DOCUMENTS = 1_000
FULL_DOCUMENTS = 10_000
# The YAML figure loads at most this many documents (the quick corpus) from their folders.
YAML_DOCUMENTS = QUICK_DOCUMENTS
# Loads and baselines timed in turn by --quick (the median ratio is reported): this VM's
# speed drifts within a minute, and five pairs give a steadier median than three.
QUICK_PAIRS = 5
# Every table a load writes, parents first, as the baseline writes them.
TABLES = (
    "documents",
    "actors",
    "states",
    "actor_names",
    "sanction_regimes",
    "events",
    "investigations",
    "acts",
    "actor_relations",
    "event_participants",
    "statements",
    "findings",
    "sanctions",
    "demands",
    "act_disagreements",
)
PAGE = 101  # Datasette's page: 100 rows and one to know there are more


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- look-ups ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lookup:
    """A typical filtered look-up on a view: `column` equal to a value, or in a week."""

    view: str
    kind: str  # actor, state, date, document
    column: str
    sample: str  # SQL giving candidate values (the first column), to draw parameters from

    def sql(self) -> str:
        if self.kind == "date":
            where = f"{self.column} BETWEEN :value AND :until"
        else:
            where = f"{self.column} = :value"
        return f"SELECT * FROM {self.view} WHERE {where} LIMIT {PAGE}"


def _names(column: str, table: str, kinds: tuple[str, ...] = ("person", "organization")) -> str:
    """Names (as the views show them) of the actors of `kinds` that `table.column` refers to."""
    listed = ", ".join(f"'{k}'" for k in kinds)
    return (
        f"SELECT DISTINCT COALESCE(a.name, a.description) FROM {table} AS f "
        f"JOIN actors AS a ON a.id = f.{column} WHERE a.kind IN ({listed})"
    )


def _states(column: str, table: str) -> str:
    """ISO alpha-3 codes of the states `table.column` refers to."""
    return (
        f"SELECT DISTINCT s.iso_alpha3 FROM {table} AS f "
        f"JOIN states AS s ON s.actor_id = f.{column}"
    )


_SLUGS = "SELECT slug FROM documents"


def _dates(table: str, column: str) -> str:
    return f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL"


LOOKUPS: tuple[Lookup, ...] = (
    Lookup("v_statements", "actor", "speaker", _names("speaker_id", "statements")),
    Lookup("v_statements", "state", "on_behalf_of_iso3", _states("on_behalf_of_id", "statements")),
    Lookup("v_statements", "date", "stated_on", _dates("statements", "stated_on")),
    Lookup("v_statements", "document", "document_slug", _SLUGS),
    Lookup("v_findings", "actor", "investigated_by", _names("conducted_by_id", "investigations")),
    Lookup("v_findings", "document", "document_slug", _SLUGS),
    Lookup("v_sanctions", "actor", "target", _names("target_id", "sanctions")),
    Lookup("v_sanctions", "state", "imposed_by_iso3", _states("authority_id", "sanctions")),
    Lookup("v_sanctions", "date", "imposed_on", _dates("sanctions", "imposed_on")),
    Lookup("v_sanctions", "document", "document_slug", _SLUGS),
    Lookup("v_demands", "actor", "demanded_by", _names("demanded_by_id", "demands", ACTOR_KINDS)),
    Lookup("v_demands", "state", "addressee_iso3", _states("addressee_id", "demands")),
    Lookup("v_demands", "date", "stated_on", _dates("demands", "stated_on")),
    Lookup("v_demands", "document", "document_slug", _SLUGS),
    Lookup(
        "v_event_participants", "actor", "participant", _names("actor_id", "event_participants")
    ),
    Lookup(
        "v_event_participants",
        "state",
        "participant_iso3",
        _states("actor_id", "event_participants"),
    ),
    Lookup("v_event_participants", "date", "occurred_on", _dates("events", "occurred_on")),
    Lookup("v_event_participants", "document", "document_slug", _SLUGS),
    Lookup("v_state_activity", "state", "iso3", _states("speaker_id", "statements")),
    Lookup("v_timeline", "date", "occurred_on", _dates("events", "occurred_on")),
    Lookup("v_timeline", "document", "document_slug", _SLUGS),
    Lookup("v_evidence", "document", "document_slug", _SLUGS),
)
# Look-ups by an actor a fact may leave out (migration 0010): timed like the others, keyed by
# the column instead of "actor".
OPTIONAL_ACTOR_LOOKUPS: tuple[Lookup, ...] = (
    Lookup("v_demands", "addressee", "addressee", _names("addressee_id", "demands", ACTOR_KINDS)),
    Lookup(
        "v_statements",
        "on_behalf_of",
        "on_behalf_of",
        _names("on_behalf_of_id", "statements", ACTOR_KINDS),
    ),
    Lookup("v_findings", "subject", "subject", _names("subject_id", "findings", ACTOR_KINDS)),
    Lookup(
        "v_findings",
        "mandated_by",
        "mandated_by",
        _names("mandated_by_id", "investigations", ACTOR_KINDS),
    ),
)


def _iso(value: Any) -> str:
    return value if isinstance(value, str) else value.isoformat()


def lookup_parameters(engine: Engine, lookup: Lookup, runs: int, seed: int) -> list[dict[str, str]]:
    """`runs` parameter sets for `lookup`, drawn from the data (a week from a date in it)."""
    import datetime as dt

    with engine.connect() as conn:
        values = [row[0] for row in conn.execute(text(lookup.sample)) if row[0] is not None]
    values.sort(key=str)
    chosen = random.Random(f"{seed}:{lookup.view}:{lookup.kind}").choices(values, k=runs)
    if lookup.kind != "date":
        return [{"value": str(v)} for v in chosen]
    out = []
    for value in chosen:
        day = dt.date.fromisoformat(_iso(value))
        out.append({"value": day.isoformat(), "until": (day + dt.timedelta(days=6)).isoformat()})
    return out


def time_lookups(engine: Engine, runs: int, seed: int = 0) -> dict[str, dict[str, float]]:
    """Median milliseconds of each look-up over `runs` parameter sets, by view and kind."""
    result: dict[str, dict[str, float]] = {}
    with engine.connect() as conn:
        for lookup in (*LOOKUPS, *OPTIONAL_ACTOR_LOOKUPS):
            params = lookup_parameters(engine, lookup, runs, seed)
            statement = text(lookup.sql())
            conn.execute(statement, params[0]).all()  # warm: compile, open pages
            times = []
            for p in params:
                start = time.perf_counter()
                conn.execute(statement, p).all()
                times.append((time.perf_counter() - start) * 1000)
            conn.rollback()
            result.setdefault(lookup.view, {})[lookup.kind] = round(statistics.median(times), 3)
    return result


def time_aggregate(engine: Engine, runs: int = 3) -> float:
    times = []
    with engine.connect() as conn:
        for _ in range(runs):
            start = time.perf_counter()
            conn.execute(text("SELECT * FROM v_state_activity")).all()
            times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 1)


# The canned queries' parameters, those of docs/performance.md: Belarus, the Lukashenkos
# (Alexander and Viktor), CAMEO's root 11 (Disapprove), a word of the generated quotes.
CANNED = {
    "by_state": {"state": "BLR"},
    "by_actor": {"actor": "Lukashenk"},
    "by_date": {"from_date": "2020-09", "to_date": "2020-10"},
    "by_cameo_family": {"family": "11"},
    "by_word": {"words": "torture"},
    "sources": {},
}


def time_canned(engine: Engine, runs: int = 3) -> dict[str, float]:
    """Median milliseconds of each canned query of `dossier serve` on the SQLite file, its
    first ROWS + 1 rows fetched, as Datasette fetches them (to know if there are more)."""
    queries = corpus_queries("dossier", LICENCE_URLS)
    conn = sqlite3.connect(str(engine.url.database))
    conn.create_function(FTS_FUNCTION, 1, fts5_words)
    result = {}
    try:
        for name, params in CANNED.items():
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                conn.execute(queries[name]["sql"], params).fetchmany(ROWS + 1)
                times.append((time.perf_counter() - start) * 1000)
            result[name] = round(statistics.median(times), 3)
    finally:
        conn.close()
    return result


SEARCHED_QUOTES = ("statements", "findings", "demands", "sanctions")


def search_queries(engine: Engine, runs: int, seed: int = 0) -> dict[str, list[str]]:
    """`runs` words and `runs` "two-word phrases", each from a random fact's quote: a word
    that is not a stop word, and two words in a row of which one is not."""
    rng = random.Random(f"{seed}:search")
    quotes = []
    with engine.connect() as conn:
        for table in SEARCHED_QUOTES:
            low, high = conn.execute(text(f"SELECT min(id), max(id) FROM {table}")).one()
            if low is None:
                continue
            ids = [rng.randint(low, high) for _ in range(runs * 4)]
            found = conn.execute(
                text(f"SELECT quote FROM {table} WHERE id IN ({','.join(map(str, ids))})")
            )
            quotes += [row[0] for row in found]
    quotes.sort()
    words, phrases = [], []
    for quote in rng.sample(quotes, len(quotes)):
        tokens = WORD.findall(quote.lower())
        plain = [t for t in tokens if t not in STOP_WORDS]
        pairs = [p for p in itertools.pairwise(tokens) if not set(p) <= STOP_WORDS]
        if plain and len(words) < runs:
            words.append(rng.choice(plain))
        if pairs and len(phrases) < runs:
            phrases.append('"' + " ".join(rng.choice(pairs)) + '"')
    return {"word": words, "phrase": phrases}


def time_searches(engine: Engine, runs: int, seed: int = 0) -> dict[str, float]:
    """Median milliseconds of `dossier search` (20 results) for a word and for a phrase."""
    result = {}
    with engine.connect() as conn:
        for kind, queries in search_queries(engine, runs, seed).items():
            search(conn, queries[0])  # warm
            times = []
            for query in queries:
                start = time.perf_counter()
                search(conn, query)
                times.append((time.perf_counter() - start) * 1000)
            result[kind] = round(statistics.median(times), 3)
    return result


# --- databases --------------------------------------------------------------------------------


class Databases:
    """Fresh empty databases on one engine: SQLite files in a folder, or PostgreSQL databases."""

    def __init__(self, kind: str, folder: Path, server_url: str | None) -> None:
        self.kind = kind
        self.folder = folder
        self.server_url = server_url
        self.made: list[str] = []

    @contextmanager
    def fresh(self, label: str) -> Iterator[str]:
        if self.kind == "sqlite":
            path = self.folder / f"{label}-{uuid.uuid4().hex[:8]}.db"
            try:
                yield f"sqlite:///{path}"
            finally:
                for suffix in ("", "-journal", "-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
            return
        assert self.server_url is not None
        name = f"dossier_bench_{label}_{uuid.uuid4().hex[:8]}"
        admin = make_engine(self.server_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield make_url(self.server_url).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


@contextmanager
def postgres_server() -> Iterator[str]:
    given = os.environ.get(POSTGRES_URL_ENV)
    if given:
        yield resolve_url(given)
        return
    from scripts.throwaway_postgres import throwaway_postgres

    with throwaway_postgres() as url:
        yield resolve_url(url)


# --- loading, in a child process per load -----------------------------------------------------


def peak_rss_mb() -> float:
    """This process's peak resident memory since it started (exec'd) in MB.

    /proc's VmHWM, not getrusage(RUSAGE_SELF): Linux carries ru_maxrss across exec, so a child
    would report its parent's peak (the benchmark's own) when that was higher.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_load(url: str, source: Path) -> dict[str, Any]:
    """Upgrade, then load `source` (a bundle, or a folder of document folders) into `url`
    (run in a child process)."""
    engine = make_engine(url)
    upgrade(engine)
    # The files in the page cache before the clock starts, as the baseline has its rows: this
    # VM's memory manager drops pages it deems cold, and a load that read some from the disk
    # took three times as long as the next (docs/performance.md, "The machine"). Read a piece
    # at a time: a whole bundle read at once would be this process's peak memory.
    files = [source] if source.is_file() else sorted(source.glob("*/*"))
    for path in files:
        with path.open("rb") as stream:
            while stream.read(1 << 20):
                pass
    start = time.perf_counter()
    report = load(engine, [source], progress=_say_uncounted)
    elapsed = time.perf_counter() - start
    engine.dispose()
    return {
        "documents": len(report.loaded),
        "facts": report.facts_written,
        "load_s": elapsed,
        "peak_rss_mb": peak_rss_mb(),
    }


def run_child_load(url: str, source: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "scripts.bench", "--child-load", url, str(source)],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"the load of {source} into {url} failed (exit {done.returncode})")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def bundle_head(bundle: Path, documents: int, folder: Path) -> Path:
    """A bundle of the first `documents` lines of `bundle` (`bundle` itself if that is all)."""
    head = folder / f"bundle-{documents}.jsonl"
    count = 0
    with bundle.open("rb") as lines, head.open("wb") as out:
        for line in lines:
            if count == documents:
                return head
            out.write(line)
            count += 1
    head.unlink()
    if count < documents:
        raise SystemExit(f"{bundle} holds {count} documents, fewer than {documents}")
    return bundle


def _say_uncounted(message: str, done: int = 0, total: int = 0) -> None:
    """A child load's progress: its steps, not each document."""
    if not total:
        print(f"  {message}", file=sys.stderr, flush=True)


def folders_head(corpus: Path, documents: int, folder: Path) -> Path:
    """A folder of links to the first `documents` document folders of `corpus`."""
    chosen = sorted(p.parent for p in corpus.glob("*/facts.yaml"))[:documents]
    if len(chosen) < documents:
        raise SystemExit(f"{corpus} holds {len(chosen)} documents, fewer than {documents}")
    head = folder / f"folders-{documents}"
    head.mkdir()
    for path in chosen:
        (head / path.name).symlink_to(path.resolve(), target_is_directory=True)
    return head


# --- the baseline: the same rows by the bare driver -------------------------------------------


def read_rows(url: str) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    """Every row of every table a load writes, with its columns, read with the bare driver."""
    rows: dict[str, tuple[list[str], list[tuple[Any, ...]]]] = {}
    with _bare(url) as conn:
        for table in TABLES:
            cursor = conn.cursor()
            cursor.execute(f"SELECT * FROM {table} ORDER BY 1")
            columns = [d[0] for d in cursor.description]
            rows[table] = (columns, list(cursor.fetchall()))
    return rows


@contextmanager
def _bare(url: str) -> Iterator[Any]:
    parsed = make_url(resolve_url(url))
    if parsed.get_backend_name() == "sqlite":
        conn = sqlite3.connect(parsed.database or "", isolation_level=None)
        conn.execute("PRAGMA foreign_keys = ON")  # as the loader's connections have it
    else:
        import psycopg

        conn = psycopg.connect(parsed.set(drivername="postgresql").render_as_string(False))
    try:
        yield conn
    finally:
        conn.close()


def write_baseline(url: str, rows: dict[str, tuple[list[str], list[tuple[Any, ...]]]]) -> float:
    """Seconds to write `rows` into the empty schema at `url`, in one transaction: on SQLite,
    with the new rows' full-text index (one statement per table), as the loader writes it;
    on PostgreSQL the search tables' triggers index them, as for the loader's COPY."""
    with _bare(url) as conn:
        start = time.perf_counter()
        if isinstance(conn, sqlite3.Connection):
            conn.execute("BEGIN")
            for table in TABLES:
                columns, values = rows[table]
                marks = ", ".join("?" for _ in columns)
                statement = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
                conn.executemany(statement, values)
                index = sqlite_index_new(table)  # full-text search, as the loader does it
                if index is not None:
                    conn.execute(index, (json.dumps([row[0] for row in values]),))
            conn.execute("COMMIT")
        else:
            with conn.transaction(), conn.cursor() as cursor:
                for table in TABLES:
                    columns, values = rows[table]
                    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                        for row in values:
                            copy.write_row(row)
        return time.perf_counter() - start


# --- the benchmark ----------------------------------------------------------------------------


def analyze(engine: Engine) -> None:
    """Refresh the planner's statistics after the bulk load: ANALYZE on SQLite, VACUUM ANALYZE
    on PostgreSQL (what autovacuum does on its own a little later)."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
        return
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))


# Tables small enough to read whole in any plan: the reference states and regimes.
SMALL_TABLES = {"states", "sanction_regimes"}


def sqlite_scans(engine: Engine, view: str, column: str, plan: list[str]) -> list[str]:
    """The plan's lines that read a table whole, leaving out the reads of a co-routine (`SCAN
    v_findings`, `SCAN facts`: the rows a view's or union's co-routine yields) and those of
    a UNION ALL arm that shows `column` as a typed NULL (0010; 0008 for investigated_by):
    SQLite tests `NULL = ?` once before the arm's loop, so that read never starts."""
    routines = {line.split()[1] for line in plan if line.startswith("CO-ROUTINE ")}
    lines = [line for line in plan if not (line.startswith("SCAN ") and line[5:] in routines)]
    if "COMPOUND QUERY" not in plan or view == "v_timeline":
        return [line for line in lines if line.startswith("SCAN ")]
    with engine.connect() as conn:
        sql = conn.execute(
            text("SELECT sql FROM sqlite_master WHERE type = 'view' AND name = :v"), {"v": view}
        ).scalar_one()
    pruned = [
        re.search(rf"CAST\(NULL AS [\w()]+\) AS {column}\b", arm) is not None
        for arm in sql.split("\nUNION ALL")
    ]
    if len(pruned) == 1:  # no arms of its own (v_state_activity): its unions are inner ones
        return [line for line in lines if line.startswith("SCAN ")]
    arm, found = -1, []
    for line in lines:
        if line in ("LEFT-MOST SUBQUERY", "UNION ALL"):
            arm += 1
        elif line.startswith("SCAN ") and not (0 <= arm < len(pruned) and pruned[arm]):
            found.append(line)
    if arm != len(pruned) - 1:
        raise ValueError(f"{len(pruned)} arms in {view}'s SQL, {arm + 1} in its plan")
    return found


def tables_read_whole(engine: Engine, seed: int = 0) -> dict[str, list[str]]:
    """Per look-up ("view:kind"), the tables its plan reads whole (planner left alone)."""
    found: dict[str, list[str]] = {}
    with engine.connect() as conn:
        for lookup in (*LOOKUPS, *OPTIONAL_ACTOR_LOOKUPS):
            params = lookup_parameters(engine, lookup, 1, seed)[0]
            if engine.dialect.name == "sqlite":
                plan = [
                    r[3] for r in conn.execute(text(f"EXPLAIN QUERY PLAN {lookup.sql()}"), params)
                ]
                # "SCAN alias" (or "SCAN alias USING COVERING INDEX …": the whole index)
                scans = sqlite_scans(engine, lookup.view, lookup.column, plan)
                whole = [line.split()[1] for line in scans]
            else:
                raw = conn.execute(text(f"EXPLAIN (FORMAT JSON) {lookup.sql()}"), params)
                nodes, pending = [], [raw.scalar_one()[0]["Plan"]]
                while pending:
                    node = pending.pop()
                    nodes.append(node)
                    pending += node.get("Plans", [])
                whole = [
                    n["Relation Name"]
                    for n in nodes
                    if n["Node Type"] == "Seq Scan" and n["Relation Name"] not in SMALL_TABLES
                ]
            if whole:
                found[f"{lookup.view}:{lookup.kind}"] = sorted(set(whole))
        conn.rollback()
    return found


def time_baseline(
    databases: Databases, rows: dict[str, tuple[list[str], list[tuple[Any, ...]]]]
) -> float:
    """`write_baseline` of `rows` into a fresh migrated database."""
    with databases.fresh("baseline") as base_url:
        base_engine = make_engine(base_url)
        upgrade(base_engine)
        base_engine.dispose()
        return write_baseline(base_url, rows)


ONE_DOCUMENT_RUNS = 3  # edits of one document, each checked then loaded; the median is given


def time_one_document(engine: Engine, folders: Path) -> tuple[float, float]:
    """A curator's loop in the loaded corpus: one document (the middle one of `folders`) is
    edited (a comment added, so its facts file changed), checked against the database
    (`check --db`: a load rolled back), then loaded. The median seconds of each, in process
    (the program's start is not counted)."""
    chosen = sorted(p for p in folders.iterdir() if (p / "facts.yaml").exists())
    source = chosen[len(chosen) // 2].resolve()
    checks: list[float] = []
    loads: list[float] = []
    with tempfile.TemporaryDirectory(prefix="dossier-one-") as tmp:
        folder = Path(tmp) / source.name
        shutil.copytree(source, folder)
        for run in range(ONE_DOCUMENT_RUNS):
            with (folder / "facts.yaml").open("a", encoding="utf-8") as facts:
                facts.write(f"# edited by the benchmark ({run + 1})\n")
            started = time.perf_counter()
            check([folder], engine=engine)
            checks.append(time.perf_counter() - started)
            started = time.perf_counter()
            report = load(engine, [folder])
            loads.append(time.perf_counter() - started)
            assert report.loaded == [source.name], report.summary()
    return round(statistics.median(checks), 3), round(statistics.median(loads), 3)


@dataclass(frozen=True)
class Corpus:
    """What the loads of one run read: the corpus as a bundle, its first tenth as a bundle,
    and its first yaml_documents documents as YAML folders."""

    bundle: Path
    tenth: Path
    folders: Path
    yaml_documents: int


def bench_engine(
    databases: Databases,
    corpus: Corpus,
    runs: int,
    step: Callable[[str], None],
    pairs: int = 1,
) -> dict[str, Any]:
    """The figures for one engine. The load and the baseline are timed `pairs` times, each
    load followed by its baseline: the machine's speed drifts (docs/performance.md), and a
    ratio within a pair is less drift than a ratio of two far-apart runs."""
    kind = databases.kind
    with databases.fresh("full") as url:
        step(f"{kind}: loading the bundle {corpus.bundle.name} (child process)")
        full = run_child_load(url, corpus.bundle)
        step(f"{kind}: loaded {full['facts']} facts in {full['load_s']:.1f}s")
        with databases.fresh("tenth") as tenth_url:
            step(f"{kind}: loading its first tenth for memory growth")
            tenth = run_child_load(tenth_url, corpus.tenth)
        with databases.fresh("yaml") as yaml_url:
            step(f"{kind}: loading {corpus.yaml_documents} documents from YAML folders")
            yaml = run_child_load(yaml_url, corpus.folders)
        engine = make_engine(url)
        analyze(engine)
        step(f"{kind}: reading the loaded rows for the baseline")
        rows = read_rows(url)
        facts = sum(len(rows[t][1]) for t in FACT_TABLES)
        step(f"{kind}: baseline: the same rows by the bare driver")
        loads, baselines = [full["load_s"]], [time_baseline(databases, rows)]
        for number in range(2, pairs + 1):
            step(f"{kind}: load and baseline again ({number} of {pairs})")
            with databases.fresh("again") as again:
                loads.append(run_child_load(again, corpus.bundle)["load_s"])
            baselines.append(time_baseline(databases, rows))
        del rows
        step(f"{kind}: look-ups, {runs} runs each")
        by_lookup = time_lookups(engine, runs)
        aggregate = time_aggregate(engine)
        searches = time_searches(engine, runs)
        canned = {"canned_ms": time_canned(engine)} if kind == "sqlite" else {}
        read_whole = tables_read_whole(engine)
        step(f"{kind}: check and load of one edited document")
        check_one, load_one = time_one_document(engine, corpus.folders)
        engine.dispose()
    load_s, baseline_s = statistics.median(loads), statistics.median(baselines)
    ratios = [load / base for load, base in zip(loads, baselines, strict=True)]
    return {
        "documents": full["documents"],
        "facts": full["facts"],
        "load_s": round(load_s, 2),
        "load_facts_per_s": round(full["facts"] / load_s),
        "baseline_facts_per_s": round(facts / baseline_s),
        "load_vs_baseline": round(statistics.median(ratios), 2),
        "load_vs_baseline_pairs": [round(r, 2) for r in ratios],
        "load_s_pairs": [round(t, 4) for t in loads],
        "baseline_s_pairs": [round(t, 4) for t in baselines],
        "yaml_documents": yaml["documents"],
        "yaml_ms_per_document": round(yaml["load_s"] * 1000 / yaml["documents"], 2),
        "query_ms_p50": {
            view: round(statistics.median(kinds.values()), 3) for view, kinds in by_lookup.items()
        },
        "query_ms_p50_by_lookup": by_lookup,
        "aggregate_ms": aggregate,
        "search_ms_p50": searches,
        **canned,
        "check_one_s": check_one,
        "load_one_s": load_one,
        "peak_rss_mb": round(full["peak_rss_mb"], 1),
        "tenth_peak_rss_mb": round(tenth["peak_rss_mb"], 1),
        "memory_growth": round(full["peak_rss_mb"] / tenth["peak_rss_mb"], 3),
        "lookups_reading_a_table_whole": read_whole,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="about 100,000 facts")
    parser.add_argument("--documents", type=int, help="documents in the corpus (~100 facts each)")
    parser.add_argument(
        "--corpus",
        type=Path,
        help="use this generated corpus's YAML folders (with --bundle; else generate both)",
    )
    parser.add_argument("--bundle", type=Path, help="use this generated corpus's bundle")
    parser.add_argument("--runs", type=int, default=25, help="parameter sets per look-up")
    parser.add_argument(
        "--pairs",
        type=int,
        help="times the load and its baseline are timed, each load then its baseline; the "
        f"median ratio is reported (default: {QUICK_PAIRS} with --quick, else 1)",
    )
    parser.add_argument(
        "--engines", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql"
    )
    parser.add_argument("--child-load", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_load:
        url, source = args.child_load
        print(json.dumps(child_load(url, Path(source))))
        return 0
    if (args.corpus is None) != (args.bundle is None):
        parser.error("--corpus and --bundle go together (the same documents)")
    documents = args.documents or (QUICK_DOCUMENTS if args.quick else FULL_DOCUMENTS)
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    started = time.perf_counter()
    results: dict[str, Any] = {}
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="dossier-bench-")))
        folders, bundle = args.corpus, args.bundle
        if folders is None or bundle is None:
            folders, bundle = folder / "corpus", folder / "corpus.jsonl"
            say(f"generating {documents} documents in {folders} and {bundle}")
            generate(documents, folders, bundle=bundle)
        yaml_documents = min(documents, YAML_DOCUMENTS)
        corpus = Corpus(
            bundle=bundle_head(bundle, documents, folder),
            tenth=bundle_head(bundle, max(1, documents // 10), folder),
            folders=folders_head(folders, yaml_documents, folder),
            yaml_documents=yaml_documents,
        )
        for kind in engines:
            server = None
            if kind == "postgresql":
                say("PostgreSQL: " + (os.environ.get(POSTGRES_URL_ENV) or "a throwaway server"))
                server = stack.enter_context(postgres_server())
            databases = Databases(kind, folder, server)
            pairs = args.pairs or (QUICK_PAIRS if args.quick else 1)
            results[kind] = bench_engine(databases, corpus, args.runs, say, pairs)
    say(f"done in {time.perf_counter() - started:.0f}s")
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
