"""Put seeds into a database: one transaction, documents streamed, unchanged rows untouched.

A load reads the reference data, then each document folder in turn: parse and validate it,
bring the entities it declares up to date, and replace its facts if (and only if) it changed.
Only the document at hand is in memory (plus, rarely, a document that refers to an entity a
later document declares: it waits until the end). Any error rolls the whole load back.

Speed without holding the corpus (docs/performance.md has the figures):
- a long load parses documents in worker processes while this one writes, some ahead, in
  order (errors are raised for the first bad document, as a serial load would); a worker
  sends each document's facts as the cells they are written as (`_Loadable`);
- new rows take their ids from the tables' sequences, so documents, entities and facts are
  written in batches of several documents, one executemany (SQLite) or COPY (PostgreSQL) per
  table per batch, with no statement per document;
- on PostgreSQL, whose server is the slowest part of a load, a batch is written by a thread
  while the next one is resolved: that batch's entities were fetched, and ids reserved for
  it, before the write began, so resolving it needs no statement and the server is kept busy
  (`Writer.flush`);
- entity rows (actors, events, regimes, investigations) are kept at hand by key up to
  ENTITY_CACHE_LIMIT rows; past that, the least recently used half is let go when the limit
  is reached, and each batch fetches those its documents name and lack in one query per
  table, so memory stays flat however large the corpus;
- into a SQLite database with no documents, the fact tables' indexes are built after their
  rows (`Writer.defer_indexes`), and foreign keys are checked once, at the end, instead of
  row by row (`_foreign_keys_checked_at_the_end`).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sqlite3
import sys
import threading
from collections import deque
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache, partial
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    String,
    bindparam,
    delete,
    func,
    insert,
    select,
    text,
    type_coerce,
    update,
)

from models import Base
from models.database import SQLITE_BEGIN_OPTION
from seeds import DOCUMENTS_DIR, REFERENCE_DIR
from seeds.columns import columns_of, date_columns, fact_columns, ref_cells, table_of
from seeds.errors import SeedError
from seeds.parse import (
    FACTS_FILE,
    DocumentSeed,
    ReferenceSeed,
    Row,
    parse_document,
    parse_reference,
)
from seeds.sections import DOCUMENT_SCOPED_TABLES, FACT_SECTIONS

ENTITY_TABLES = ("actors", "events", "sanction_regimes", "investigations")
# Entities removed when no loaded document mentions them any more (but the reference data's).
ORPHANABLE = ("actors", "events", "investigations", "sanction_regimes")
FACT_TABLES = tuple(section.table for section in FACT_SECTIONS)
# Tables whose rows wait to be written in batches (nothing refers to them by id meanwhile).
QUEUED_TABLES = ("actor_names", *FACT_TABLES)
# Tables whose new rows a load gives their ids itself, parents first.
ID_TABLES = ("documents", *ENTITY_TABLES)
EVIDENCE_COLUMNS = ("document_id", "char_start", "char_end", "quote")
# Columns in which sources may differ without error: every name is kept in actor_names, and
# actors.name is then the best of them; the first description stands.
LENIENT_COLUMNS = {"actors": {"name", "description"}}
LABELS = {
    "actors": "actor",
    "events": "event",
    "sanction_regimes": "regime",
    "investigations": "investigation",
    "statements": "statement",
}
# Serializes concurrent loads into one PostgreSQL database (any constant will do).
PG_LOAD_LOCK = 0x646F7373
# Entity rows kept at hand; past this many, a document fetches the ones it names.
ENTITY_CACHE_LIMIT = 20_000
# Fact rows written together, by engine, one executemany or COPY per table (whole documents
# at a time), but at most BATCH_DOCUMENTS documents. On PostgreSQL, whose batches are written
# behind, fewer and larger COPY statements cost the server less (docs/performance.md); on
# SQLite, written in the loading thread, smaller batches keep the parse workers busier. A
# batch's documents take ~100 KB each in the loading process.
FACT_BATCH_ROWS = {"sqlite": 5_000, "postgresql": 20_000}
BATCH_DOCUMENTS = 1_000
# Parsing in worker processes: how many ($DOSSIER_LOAD_WORKERS; 0 parses in this process),
# from how many documents on, and how many documents each worker may be ahead.
WORKERS_ENV = "DOSSIER_LOAD_WORKERS"
PARALLEL_MIN_DOCUMENTS = 64
MAX_PARSE_WORKERS = 4
# Documents a worker may have parsed ahead of the loading process, which takes them a batch
# at a time; memory stays flat, as it does not grow with the corpus.
AHEAD_PER_WORKER = 64
# Documents parsed by one task of a worker: each task is a round of messages for both
# processes (16 loads the quick corpus ~10 % faster than 4; docs/performance.md).
PARSE_TASK = 16
# Actors whose name settle_names settles at a time.
SETTLE_CHUNK = 5_000
# Keys or ids per IN (...) list.
IN_CHUNK = 500
# Allocations between two young-generation collections during a load (Python's default: 700).
GC_THRESHOLD = 50_000
# Ids taken from a PostgreSQL sequence at a time.
ID_BLOCK = 1_000

Progress = Callable[[str], None]


def _silent(_message: str) -> None:
    pass


@dataclass
class LoadReport:
    loaded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    facts_written: int = 0
    entities_inserted: int = 0
    entities_updated: int = 0

    def summary(self) -> str:
        return (
            f"{len(self.loaded)} document(s) loaded, {len(self.unchanged)} unchanged; "
            f"{self.facts_written} fact row(s) written; entities: "
            f"{self.entities_inserted} inserted, {self.entities_updated} updated"
        )


def discover(paths: Iterable[Path]) -> list[Path]:
    """Document folders named by `paths`: a document folder, its facts file, or a parent folder."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_file() and path.name == FACTS_FILE:
            found.append(path.parent)
        elif (path / FACTS_FILE).exists():
            found.append(path)
        elif path.is_dir():
            children = sorted(p.parent for p in path.glob(f"*/{FACTS_FILE}"))
            if not children:
                raise SeedError(path, None, f"no document folders (with {FACTS_FILE}) here")
            found += children
        else:
            raise SeedError(path, None, "no such document folder or facts file")
    return found


def _references(doc: DocumentSeed) -> Iterator[tuple[int | None, str, str]]:
    """(line, table, key) for every reference a document makes to an entity or statement, in
    the order its rows make them: entities, then facts table by table."""
    for row in doc.entities:
        for table, key in row.refs.values():
            yield row.line, table, key
    for fact_table, rows in doc.facts.items():
        refs = ref_cells(fact_table)
        for cells, line in zip(rows, doc.lines[fact_table], strict=True):
            for at, table in refs:
                if cells[at] is not None:
                    yield line, table, cells[at]


def _named(rows: Iterable[Row]) -> Iterator[tuple[str, str]]:
    """(table, key) of every row of `rows` and of every row they refer to."""
    for row in rows:
        yield row.table, row.key
        yield from row.refs.values()


def _missing(doc: _Loadable, held: Mapping[str, Container[str]]) -> tuple[str, str] | None:
    """The first entity (table, key) `doc` refers to that neither it nor `held` (keys by
    table) declares, if any: a look-up each."""
    nothing: frozenset[str] = frozenset()
    for table, key in doc.references:  # (but those it declares itself)
        if key not in held.get(table, nothing):
            return table, key
    return None


def _refuse_reference(path: Path, table: str, key: str) -> SeedError:
    """The refusal of the facts file `path`'s reference to the unknown `key` of `table`,
    with the line of its first row that makes it: the file is read again for it (a refusal
    is rare, and workers send no lines)."""
    found = (line for line, *ref in _references(parse_document(path)) if ref == [table, key])
    return _refuse(path, next(found, None), table, key)  # no line: the file changed meanwhile


def _refuse(path: Path, line: int | None, table: str, key: str) -> SeedError:
    return SeedError(path, line, f"unknown {LABELS[table]} {key!r}")


def _check_unique_slug(doc: DocumentSeed | _Loadable, slugs: dict[str, Path]) -> None:
    if doc.slug in slugs:
        raise SeedError(doc.path, None, f"duplicate slug {doc.slug!r}, also in {slugs[doc.slug]}")
    slugs[doc.slug] = doc.path


def check(paths: Sequence[Path], reference_dir: Path = REFERENCE_DIR) -> dict[str, int]:
    """Validate without touching a database; returns each document's slug and fact rows.

    Keys may be declared by the reference data, by the documents checked, or by the other
    documents of the seeds folder.
    """
    reference = parse_reference(reference_dir)
    declared = {(r.table, r.key) for r in reference.entities}
    actors = _Declarations()
    for row in reference.entities:
        actors.note(row)
    for row in reference.states:
        for table, key in row.refs.values():
            if (table, key) not in declared:
                raise _refuse(row.path, row.line, table, key)
    folders = discover(paths)
    given = {(folder / FACTS_FILE).resolve() for folder in folders}
    for facts in sorted(DOCUMENTS_DIR.glob(f"*/{FACTS_FILE}")):
        if facts.resolve() in given:
            continue
        try:
            entities = parse_document(facts.parent).entities
        except SeedError:
            continue  # that document's own check reports it
        declared |= {(r.table, r.key) for r in entities}
        for row in entities:
            actors.note(row, checked=False)
    checked: dict[str, int] = {}
    pending: list[tuple[Path, str, str]] = []  # references not declared yet, in order
    slugs: dict[str, Path] = {}
    with _collecting_less():
        for doc in _parsed(folders, parse_workers(len(folders))):
            _check_unique_slug(doc, slugs)
            declared |= {(r.table, r.key) for r in doc.entities}
            for row in doc.entities:
                actors.note(row)
            pending += [(doc.path, *ref) for ref in doc.references if ref not in declared]
            checked[doc.slug] = sum(map(len, doc.facts.values()))
    actors.refuse_unnamed()
    for path, table, key in pending:
        if (table, key) not in declared:
            raise _refuse_reference(path, table, key)
    return checked


class _Declarations:
    """Actor declarations seen by `check`, compared as a load would compare them."""

    def __init__(self) -> None:
        self.first: dict[str, Row] = {}
        self.named: set[str] = set()
        self.checked: list[str] = []  # keys declared by the files checked, in order
        self.wikidata: dict[str, str] = {}

    def note(self, row: Row, checked: bool = True) -> None:
        """Refuse a clash of `row` (of a checked file; others only inform) with what came before."""
        if row.table != "actors":
            return
        first = self.first.setdefault(row.key, row)
        if checked:
            self.checked.append(row.key)
        if row.values.get("name") or row.values.get("description"):
            self.named.add(row.key)
        for column in ("kind", "wikidata_id"):
            value, before = row.values.get(column), first.values.get(column)
            if checked and value is not None and before is not None and value != before:
                raise SeedError(
                    row.path,
                    row.line,
                    f"actor {row.key!r}: {column} is {value!r} here, but {before!r} at "
                    f"{first.path}:{first.line}",
                )
            if before is None and value is not None:
                first.values[column] = value
        wikidata = row.values.get("wikidata_id")
        if wikidata is not None:
            holder = self.wikidata.setdefault(wikidata, row.key)
            if checked and holder != row.key:
                raise SeedError(
                    row.path,
                    row.line,
                    f"actor {row.key!r}: Wikidata id {wikidata} is already {holder!r}'s",
                )

    def refuse_unnamed(self) -> None:
        for key in self.checked:
            if key not in self.named:
                row = self.first[key]
                raise SeedError(
                    row.path, row.line, f"actor {key!r} has neither a name nor a description"
                )


# --- writing ---------------------------------------------------------------------------------


def _chunks(items: Sequence[Any], size: int = IN_CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@cache
def _column_indexes(columns: tuple[str, ...], wanted: frozenset[str]) -> tuple[int, ...]:
    """Where the `wanted` columns are in a row written with `columns`."""
    return tuple(i for i, c in enumerate(columns) if c in wanted)


def _replaced(row: tuple[Any, ...], index: int, value: Any) -> tuple[Any, ...]:
    return (*row[:index], value, *row[index + 1 :])


# The best name known of each actor (by id), as its rank: (1, "", "", name) for the reference
# data's, (0, published_on, slug, name) for a document's; the greatest rank wins.
_BestNames = dict[int, tuple[int, Any, str, str]]


def _rank_name(
    best: _BestNames, actor_id: int, name: str, published: Any, slug: str | None
) -> None:
    """Count `name`, given by the document `slug` published on `published` (slug None: the
    reference data), among `best`: the reference data's name first; else the latest
    document's (then the greatest slug, then the greatest name)."""
    rank = (1, "", "", name) if slug is None else (0, published, slug, name)
    if actor_id not in best or rank > best[actor_id]:
        best[actor_id] = rank


class Writer:
    """Writes inside one open transaction, keeping the entity tables' rows at hand by key.

    `rows[table][key]` holds entity rows: all of them while they number at most
    ENTITY_CACHE_LIMIT (`complete`), else the most recently named ones (`prefetch`, which asks
    the database only for keys it holds: `keys`).
    New rows take their ids at once from the table's sequence (`_take_id`), so nothing waits on
    the database per document: new documents and entities (`unwritten`), changes to entities
    already written (`changed`), fact rows and actor names (`pending`) are written together
    when `flush` is called, parents first.

    `flush(behind=True)` writes in a thread while this one goes on: every use of `conn` first
    waits for that write to end (`_wait`), so statements keep their order and only one thread
    ever uses the connection at a time. `finish` waits for it too, and must be called before
    the transaction ends.
    """

    def __init__(self, conn: Connection, report: LoadReport) -> None:
        self._conn = conn
        self._writing: Future[None] | None = None
        self._thread: ThreadPoolExecutor | None = None
        self.dialect = conn.dialect.name
        self.report = report
        if self.dialect == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_LOAD_LOCK})
        self.rows: dict[str, dict[str, dict[str, Any]]] = {}
        self.complete = False
        self.pending: dict[str, list[Sequence[Any]]] = {table: [] for table in QUEUED_TABLES}
        self.unwritten: dict[str, dict[str, dict[str, Any]]] = {t: {} for t in ID_TABLES}
        self.changed: dict[str, dict[str, set[str]]] = {t: {} for t in ENTITY_TABLES}
        self.pending_rows = 0
        # Ids reserved for new rows, by table; how many were taken since the last `flush`
        # (`_reserve_ids_ahead`).
        self.ids: dict[str, deque[int]] = {}
        self.id_blocks: dict[str, int] = {}
        self.ids_taken: dict[str, int] = {}
        self.id_after: dict[str, int] = {}  # SQLite: the last id reserved
        # Into an empty database every document is new: no need to look each one up.
        documents = select(func.count()).select_from(table_of("documents"))
        self.no_documents_before = self.conn.execute(documents).scalar_one() == 0
        self.deferred_indexes: list[str] = []
        # Into an empty database, every name is one this load writes: the best name of each
        # actor is kept as they are written, and settle_names need not read them back.
        self.best_names: _BestNames | None = {} if self.no_documents_before else None
        self.reload()

    @property
    def conn(self) -> Connection:
        """The load's connection, once no write is going on behind (`flush`)."""
        self._wait()
        return self._conn

    def _wait(self) -> None:
        """Wait for the write going on behind, if any; raise what it raised."""
        writing, self._writing = self._writing, None
        if writing is not None:
            writing.result()

    def finish(self) -> None:
        """Wait for the write going on behind (raising what it raised), and end its thread."""
        try:
            self._wait()
        finally:
            if self._thread is not None:
                self._thread.shutdown(wait=True)
                self._thread = None

    def reload(self) -> None:
        self.rows = {table: {} for table in ENTITY_TABLES}
        counts = [
            self.conn.execute(select(func.count()).select_from(table_of(t))).scalar_one()
            for t in ENTITY_TABLES
        ]
        self.complete = sum(counts) <= ENTITY_CACHE_LIMIT
        if self.complete:
            for table in ENTITY_TABLES:
                rows = self.conn.execute(select(table_of(table))).mappings()
                self.rows[table] = {r["key"]: dict(r) for r in rows}
        # Every key the entity tables hold (written by this load too): a key not among them
        # is new, and needs no query to find out (a large load declares thousands).
        self.keys: dict[str, set[str]] = {
            table: set(self.rows[table])
            if self.complete
            else set(self.conn.execute(select(table_of(table).c.key)).scalars())
            for table in ENTITY_TABLES
        }
        # While every actor is at hand, so is who holds each Wikidata id; and as a load notes
        # every actor it writes (`_note_wikidata`), the map then stays whole.
        self.wikidata_holders = {
            r["wikidata_id"]: key
            for key, r in self.rows["actors"].items()
            if r["wikidata_id"] is not None
        }
        self.every_wikidata_holder = self.complete

    def defer_indexes(self) -> None:
        """On SQLite, into a database with no documents: drop the indexes of the tables a load
        fills in batches (but those behind UNIQUE constraints), for `restore_indexes` to build
        once the rows are in. Building an index once costs less than keeping it in order row
        by row (docs/performance.md). The DDL is part of the load's transaction, so a failed
        load leaves the indexes as they were. (PostgreSQL is left alone: DROP INDEX would
        lock readers out of the tables until the load commits.)"""
        if self.dialect != "sqlite" or not self.no_documents_before:
            return
        tables = ", ".join(f"'{t}'" for t in QUEUED_TABLES)
        indexes = self.conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({tables}) ORDER BY name"
        ).all()
        for name, sql in indexes:
            self.conn.exec_driver_sql(f'DROP INDEX "{name}"')
            self.deferred_indexes.append(sql)

    def restore_indexes(self) -> None:
        """Build the indexes `defer_indexes` dropped, as the migrations defined them."""
        for sql in self.deferred_indexes:
            self.conn.exec_driver_sql(sql)
        self.deferred_indexes = []

    def check_foreign_keys(self) -> None:
        """Refuse the load if any row refers to a row that does not exist (SQLite's
        foreign_key_check; for loads made with foreign keys off)."""
        broken = self.conn.exec_driver_sql("PRAGMA foreign_key_check").all()
        if broken:
            table, rowid, parent, _ = broken[0]
            raise RuntimeError(
                f"the load would leave {len(broken)} row(s) referring to rows that do not "
                f"exist (the first: {table} row {rowid}, to {parent}); nothing was written"
            )

    def _cached(self) -> int:
        return sum(len(rows) for rows in self.rows.values())

    def prefetch(self, named: Iterable[tuple[str, str]]) -> None:
        """Have at hand every entity row (table, key) in `named` that the database holds."""
        if self.complete:
            return
        wanted: dict[str, set[str]] = {table: set() for table in ENTITY_TABLES}
        for table, key in named:
            if table in wanted:
                wanted[table].add(key)
        for table, keys in wanted.items():  # each table's rows, the least recently used first
            rows_ = self.rows[table]
            for key in keys & rows_.keys():
                rows_[key] = rows_.pop(key)
        if self._cached() + sum(map(len, wanted.values())) > ENTITY_CACHE_LIMIT:
            # The least recently used half goes; but rows wanted now, and rows not yet written
            # (or with changes not yet written): the database does not have them as they are.
            self.rows = {
                table: {
                    k: v
                    for i, (k, v) in enumerate(rows_.items())
                    if i >= len(rows_) // 2
                    or k in wanted[table]
                    or k in self.unwritten[table]
                    or k in self.changed[table]
                }
                for table, rows_ in self.rows.items()
            }
        for table, keys in wanted.items():
            held = self.keys[table]
            missing = sorted(k for k in keys if k not in self.rows[table] and k in held)
            t = table_of(table)
            for chunk in _chunks(missing):
                for r in self.conn.execute(select(t).where(t.c.key.in_(chunk))).mappings():
                    self.rows[table][r["key"]] = dict(r)

    def _take_id(self, table: str) -> int:
        """An id for a new row of `table` (`_reserve_ids`)."""
        ids = self.ids.get(table)
        if not ids:
            ids = self._reserve_ids(table, 0)
        self.ids_taken[table] = self.ids_taken.get(table, 0) + 1
        return ids.popleft()

    def _reserve_ids(self, table: str, at_least: int) -> deque[int]:
        """Reserve ids for new rows of `table`: at least `at_least`, and at least a block,
        16 ids first, each block twice the last up to ID_BLOCK, so that a small load leaves
        small gaps. PostgreSQL: from the table's sequence (others may insert meanwhile);
        SQLite: this load holds the write lock, so the ids after the largest are free."""
        block = self.id_blocks[table] = min(2 * self.id_blocks.get(table, 8), ID_BLOCK)
        n = max(block, at_least)
        if self.dialect == "postgresql":
            query = text(
                "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"
            )
            reserved: Iterable[int] = self.conn.execute(query, {"table": table, "n": n}).scalars()
        else:
            after = self.id_after.get(table)
            if after is None:
                largest = self.conn.execute(select(func.max(table_of(table).c.id))).scalar()
                after = largest or 0
            reserved = range(after + 1, after + 1 + n)
            self.id_after[table] = after + n
        ids = self.ids.setdefault(table, deque())
        ids.extend(reserved)
        return ids

    def _reserve_ids_ahead(self, taken: Mapping[str, int]) -> None:
        """Before a batch is written behind: for each table, have twice as many ids reserved
        as the batch `taken`, so that the next batch, resolved meanwhile, need not wait for
        the write to take its ids."""
        for table, count in taken.items():
            held = len(self.ids.get(table, ()))
            if held < 2 * count:
                self._reserve_ids(table, 2 * count - held)

    def resolve(self, row: Row) -> dict[str, Any]:
        """`row`'s column values, its references to entities as their ids."""
        values = dict(row.values)
        values.pop("aliases", None)
        for column, (table, key) in row.refs.items():
            values[column] = self.rows[table][key]["id"]
        return values

    # entities

    def sync_entities(self, rows: list[Row], doc_id: int | None) -> None:
        """Insert what is new, fill in what was unknown; refuse what contradicts."""
        for table in ENTITY_TABLES:
            empty = dict.fromkeys(columns_of(table))
            for row in (r for r in rows if r.table == table):
                values = {"key": row.key, **self.resolve(row)}
                if "char_start" in values:
                    values["document_id"] = doc_id
                old = self.rows[table].get(row.key)
                if table == "actors":
                    self._refuse_clashing_actor(row, values, old)
                if old is None:
                    new = {**empty, **values, "id": self._take_id(table)}
                    self.rows[table][row.key] = self.unwritten[table][row.key] = new
                    self.keys[table].add(row.key)
                    self._note_wikidata(table, new)
                    self.pending_rows += 1
                    self.report.entities_inserted += 1
                    continue
                changed = self._changes(table, row, values, old, doc_id)
                if changed:
                    old.update(changed)
                    if row.key not in self.unwritten[table]:
                        self.changed[table].setdefault(row.key, set()).update(changed)
                    self._note_wikidata(table, old)
                    self.pending_rows += 1
                    self.report.entities_updated += 1
        if self._cached() > ENTITY_CACHE_LIMIT:
            self.complete = False  # from now on, each document fetches what it names

    def _note_wikidata(self, table: str, row: dict[str, Any]) -> None:
        if table == "actors" and row["wikidata_id"] is not None:
            self.wikidata_holders[row["wikidata_id"]] = row["key"]

    def _refuse_clashing_actor(
        self, row: Row, values: dict[str, Any], old: dict[str, Any] | None
    ) -> None:
        """An actor new here needs a name or a description; a Wikidata id names one actor."""
        if old is None and values.get("name") is None and values.get("description") is None:
            raise SeedError(
                row.path,
                row.line,
                f"actor {row.key!r} has neither a name nor a description",
            )
        wikidata = values.get("wikidata_id")
        if wikidata is None or (old is not None and old["wikidata_id"] == wikidata):
            return
        holder = self.wikidata_holders.get(wikidata)  # every actor of this load, at least
        if holder is None and not self.every_wikidata_holder:
            t = table_of("actors")
            holder = self.conn.execute(
                select(t.c.key).where(t.c.wikidata_id == wikidata, t.c.key != row.key)
            ).scalar()
        if holder is not None and holder != row.key:
            raise SeedError(
                row.path,
                row.line,
                f"actor {row.key!r}: Wikidata id {wikidata} is already {holder!r}'s",
            )

    def _changes(
        self, table: str, row: Row, values: dict[str, Any], old: dict[str, Any], doc_id: int | None
    ) -> dict[str, Any]:
        owner = old.get("document_id")
        owns = doc_id is not None and owner in (None, doc_id)  # it may (re)state its evidence
        changed: dict[str, Any] = {}
        for column, value in values.items():
            if value is None or old[column] == value:
                continue
            if column in EVIDENCE_COLUMNS:
                if owns:
                    changed[column] = value
            elif old[column] is None or (owns and owner == doc_id):
                changed[column] = value
            elif column not in LENIENT_COLUMNS.get(table, ()):
                raise SeedError(
                    row.path,
                    row.line,
                    f"{LABELS[table]} {row.key!r}: {column} is {value!r} here, but "
                    f"{old[column]!r} in the database (from the reference data or another "
                    "document)",
                )
        return changed

    def sync_states(self, rows: list[Row]) -> None:
        self.flush()  # the states' actors
        t = table_of("states")
        existing = {r["actor_id"]: dict(r) for r in self.conn.execute(select(t)).mappings()}
        new = []
        for row in rows:
            values = self.resolve(row)
            old = existing.get(values["actor_id"])
            if old is None:
                new.append(values)
            elif any(old[c] != v for c, v in values.items()):
                self.conn.execute(
                    update(t).where(t.c.actor_id == values["actor_id"]).values(**values)
                )
                self.report.entities_updated += 1
        if new:
            self.conn.execute(insert(t), new)
            self.report.entities_inserted += len(new)

    def sync_names(
        self,
        rows: list[Row],
        doc_id: int | None,
        fresh: bool = False,
        given_by: tuple[Any, str] | None = None,
    ) -> None:
        """Make the names and aliases that `doc_id` (None: the reference data) gives be `rows`'.

        `fresh`: the document was inserted just now, so it gives no names yet. `given_by`: the
        document's published_on and slug (None: the reference data), for `best_names`.
        """
        t = table_of("actor_names")
        wanted: set[tuple[int, str, str]] = set()
        for row in (r for r in rows if r.table == "actors"):
            actor_id = self.rows["actors"][row.key]["id"]
            if row.values.get("name"):
                wanted.add((actor_id, row.values["name"], "name"))
            for alias in row.values.get("aliases") or ():
                wanted.add((actor_id, alias, "alias"))
        have: dict[tuple[int, str, str], int] = {}
        if not fresh:
            source = t.c.document_id.is_(None) if doc_id is None else t.c.document_id == doc_id
            have = {
                (r.actor_id, r.name, r.name_type): r.id
                for r in self.conn.execute(
                    select(t.c.id, t.c.actor_id, t.c.name, t.c.name_type).where(source)
                )
            }
        gone = [i for k, i in have.items() if k not in wanted]
        if gone:
            self.conn.execute(delete(t).where(t.c.id.in_(gone)))
        if self.best_names is not None:
            published, slug = given_by or (None, None)
            for actor_id, name, name_type in wanted:
                if name_type == "name":
                    _rank_name(self.best_names, actor_id, name, published, slug)
        for actor_id, name, name_type in sorted(wanted - set(have)):
            values = {"actor_id": actor_id, "name": name, "name_type": name_type}
            values["document_id"] = doc_id
            self.pending["actor_names"].append(tuple(map(values.get, fact_columns(t.name))))
            self.pending_rows += 1

    # documents and facts

    def sync_document(self, doc: _Loadable) -> tuple[int, bool, bool]:
        """The document's id, whether it is new or changed (its facts must be replaced), and
        whether it is new."""
        t = table_of("documents")
        old = None
        if not self.no_documents_before:
            old = self.conn.execute(select(t).where(t.c.slug == doc.slug)).mappings().first()
        if old is None:
            doc_id = self._take_id("documents")
            self.unwritten["documents"][doc.slug] = {**doc.values, "id": doc_id}
            self.pending_rows += 1
            return doc_id, True, True
        changed = {c: v for c, v in doc.values.items() if old[c] != v}
        if changed:
            self.conn.execute(update(t).where(t.c.id == old["id"]).values(**changed))
        return old["id"], bool(changed), False

    def replace_facts(self, doc: _Loadable, doc_id: int, fresh: bool = False) -> int:
        """Delete the document's facts (unless it is `fresh`: new, so it has none) and queue
        its new ones, their references turned into ids; `flush` writes them."""
        if not fresh:
            for table in reversed(FACT_TABLES):
                t = table_of(table)
                self.conn.execute(delete(t).where(t.c.document_id == doc_id))
        written = 0
        # Facts that others of the document refer to (statements) take their ids now, as
        # entities do: by table, key -> id.
        own: dict[str, dict[str, int]] = {t: {} for t in DOCUMENT_SCOPED_TABLES}
        for table, rows in doc.facts.items():
            columns = fact_columns(table)
            document_at, key_at = columns.index("document_id"), columns.index("key")
            to_entities = [(i, self.rows[t]) for i, t in ref_cells(table) if t not in own]
            to_facts = [(i, own[t]) for i, t in ref_cells(table) if t in own]
            ids = own.get(table)
            id_at = columns.index("id") if ids is not None else -1
            pending = self.pending[table]
            for row in rows:  # filled in place: a document is written once
                row[document_at] = doc_id
                for i, entities in to_entities:
                    if row[i] is not None:
                        row[i] = entities[row[i]]["id"]
                for i, facts in to_facts:
                    if row[i] is not None:
                        row[i] = facts[row[i]]
                if ids is not None:
                    row[id_at] = ids[row[key_at]] = self._take_id(table)
                pending.append(row)
            written += len(rows)
        self.pending_rows += written
        return written

    def flush(self, behind: bool = False) -> None:
        """Write what waits, parents first: new documents and entities, changes to entities,
        then names and facts; one executemany or COPY per table. `behind`: in a thread, while
        this one goes on (see the class)."""
        if not self.pending_rows:
            return
        writes: list[Callable[[], object]] = []
        for table in ID_TABLES:
            new = self.unwritten[table]
            if new:
                columns = columns_of(table)
                rows = [tuple(map(r.get, columns)) for r in new.values()]
                writes.append(partial(self._write, table, columns, rows))
            self.unwritten[table] = {}
        for table in ENTITY_TABLES:
            writes += self._changes_written(table)
        for table in QUEUED_TABLES:
            if self.pending[table]:
                writes.append(partial(self._write, table, fact_columns(table), self.pending[table]))
        self.pending = {table: [] for table in QUEUED_TABLES}
        self.pending_rows = 0
        self._wait()  # one write at a time, in order
        taken, self.ids_taken = self.ids_taken, {}
        if not behind or self.dialect != "postgresql":
            # SQLite writes here: its module takes the interpreter lock back for every row, so
            # a thread gained nothing measurable (docs/performance.md), and a connection to
            # an in-memory database refuses other threads.
            _each(writes)
            return
        self._reserve_ids_ahead(taken)
        if self._thread is None:
            self._thread = ThreadPoolExecutor(1, thread_name_prefix="dossier-write")
        self._writing = self._thread.submit(_each, writes)

    def _changes_written(self, table: str) -> list[Callable[[], object]]:
        """UPDATEs of the entity rows changed since they were written: an executemany for each
        set of columns changed, their values taken now; `changed` is emptied."""
        by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for key, columns in self.changed[table].items():
            row = self.rows[table][key]
            params = {f"new_{c}": row[c] for c in columns} | {"row_id": row["id"]}
            by_columns.setdefault(tuple(sorted(columns)), []).append(params)
        self.changed[table] = {}
        t = table_of(table)
        where = update(t).where(t.c.id == bindparam("row_id"))
        return [
            partial(
                self._conn.execute, where.values({c: bindparam(f"new_{c}") for c in names}), rows
            )
            for names, rows in by_columns.items()
        ]

    def _write(self, table: str, columns: tuple[str, ...], rows: Sequence[Sequence[Any]]) -> None:
        """Insert `rows` with the bare driver: executemany (SQLite), COPY (PostgreSQL). Runs
        in the thread writing behind too: it uses `_conn`, not `conn`."""
        names = ", ".join(columns)
        if self.dialect == "postgresql":
            raw = self._conn.connection.driver_connection
            assert raw is not None
            with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in rows:
                    copy.write_row(row)
            return
        # As SQLAlchemy's Date stores dates in SQLite: 'YYYY-MM-DD' text. (Facts come so from
        # the parser, `DocumentSeed.facts`; names have no dates.)
        if table not in QUEUED_TABLES:
            for i in _column_indexes(columns, date_columns(table)):
                rows = [
                    _replaced(row, i, None if row[i] is None else row[i].isoformat())
                    for row in rows
                ]
        marks = ", ".join("?" for _ in columns)
        raw = self._conn.connection.driver_connection
        assert raw is not None
        raw.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)

    def write_document(self, doc: _Loadable) -> None:
        """Write `doc`, whose entities must be at hand (`prefetch`)."""
        doc_id, changed, fresh = self.sync_document(doc)
        self.sync_entities(doc.entities, doc_id)
        if not changed:
            self.report.unchanged.append(doc.slug)
            return
        given_by = (doc.values["published_on"], doc.slug)
        self.sync_names(doc.entities, doc_id, fresh, given_by)
        self.report.facts_written += self.replace_facts(doc, doc_id, fresh)
        self.report.loaded.append(doc.slug)

    # after every load and unload

    def settle_names(self) -> None:
        """Set each actor's name to the best one known: the reference data's, else the name
        given by the most recently published document still loaded."""
        names, docs, actors = table_of("actor_names"), table_of("documents"), table_of("actors")
        cached = {row["id"]: row for row in self.rows["actors"].values()}
        after = 0
        while True:
            current = self.conn.execute(
                select(actors.c.id, actors.c.name, actors.c.description)
                .where(actors.c.id > after)
                .order_by(actors.c.id)
                .limit(SETTLE_CHUNK)
            ).all()
            if not current:
                break
            first, after = current[0].id, current[-1].id
            best = self.best_names
            if best is None:
                # A date is compared as the driver gives it (SQLite: 'YYYY-MM-DD' text, in
                # the same order), not made a date object for each of the many names.
                published_on = type_coerce(docs.c.published_on, String)
                query = (
                    select(names.c.actor_id, names.c.name, published_on, docs.c.slug)
                    .select_from(names.outerjoin(docs, docs.c.id == names.c.document_id))
                    .where(names.c.name_type == "name", names.c.actor_id.between(first, after))
                )
                best = {}
                for actor_id, name, published, slug in self.conn.execute(query):
                    _rank_name(best, actor_id, name, published, slug)
            changes = []
            for actor_id, old_name, description in current:
                name = best[actor_id][3] if actor_id in best else None
                if name != old_name and (name is not None or description is not None):
                    changes.append({"actor": actor_id, "best": name})
                    if actor_id in cached:
                        cached[actor_id]["name"] = name
            if changes:
                self.conn.execute(
                    update(actors)
                    .where(actors.c.id == bindparam("actor"))
                    .values(name=bindparam("best")),
                    changes,
                )

    def mentioned_by(self, doc_id: int) -> dict[str, set[int]]:
        """The actors, events, investigations and regimes a document's rows refer to."""
        found: dict[str, set[int]] = {table: set() for table in ORPHANABLE}
        for table in Base.metadata.sorted_tables:
            if "document_id" not in table.c:
                continue
            for fk in table.foreign_keys:
                target = fk.column.table.name
                if target in ORPHANABLE and fk.parent.name != "document_id":
                    query = select(fk.parent).where(
                        table.c.document_id == doc_id, fk.parent.is_not(None)
                    )
                    found[target].update(self.conn.execute(query).scalars())
        events = table_of("events")
        query = select(events.c.id).where(events.c.document_id == doc_id)
        found["events"].update(self.conn.execute(query).scalars())
        return found

    def _is_mentioned(self, table: str, id_: int) -> bool:
        for other in Base.metadata.sorted_tables:
            for fk in other.foreign_keys:
                if fk.column.table.name == table:
                    query = select(fk.parent).where(fk.parent == id_).limit(1)
                    if self.conn.execute(query).first() is not None:
                        return True
        return False

    def remove_orphans(
        self, candidates: dict[str, set[int]], reference_regimes: frozenset[str] = frozenset()
    ) -> dict[str, int]:
        """Delete those `candidates` (actors, events, investigations, regimes) that nothing
        mentions.

        Reference actors stay (they have a reference name), and so do the regimes of
        `reference_regimes` and events whose date a loaded document states. What a removed row
        mentioned becomes a candidate in turn.
        """
        removed: dict[str, int] = {}
        pending = {table: set(ids) for table, ids in candidates.items()}
        while any(pending.values()):
            table = next(t for t, ids in pending.items() if ids)
            id_ = pending[table].pop()
            t = table_of(table)
            row = self.conn.execute(select(t).where(t.c.id == id_)).mappings().first()
            if row is None or self._is_mentioned(table, id_):
                continue
            if table == "events" and row["document_id"] is not None:
                continue
            if table == "sanction_regimes" and row["key"] in reference_regimes:
                continue
            for fk in t.foreign_keys:
                target = fk.column.table.name
                if target in ORPHANABLE and row[fk.parent.name] is not None:
                    pending[target].add(row[fk.parent.name])
            self.conn.execute(delete(t).where(t.c.id == id_))
            removed[table] = removed.get(table, 0) + 1
        return removed


def _each(calls: Iterable[Callable[[], object]]) -> None:
    for call in calls:
        call()


class _GcSetting:
    """The collector's setting outside loads; loads in several threads share one change."""

    lock = threading.Lock()
    active = 0
    thresholds: tuple[int, int, int] = (0, 0, 0)


@contextmanager
def _collecting_less() -> Iterator[None]:
    """Python's cyclic garbage collector, for the length of a load or check.

    Parsing and writing allocate millions of short-lived containers, and at its default
    thresholds the collector keeps re-scanning every object the process already held (modules,
    the schema's metadata, the entities at hand): a quarter of a load's time. Those are frozen
    out of its scans and it runs less often; both are undone when the last load running in
    the process ends. Forked parse workers inherit the setting.
    """
    with _GcSetting.lock:
        if _GcSetting.active == 0:
            _GcSetting.thresholds = gc.get_threshold()
            gc.freeze()
            gc.set_threshold(GC_THRESHOLD, *_GcSetting.thresholds[1:])
        _GcSetting.active += 1
    try:
        yield
    finally:
        with _GcSetting.lock:
            _GcSetting.active -= 1
            if _GcSetting.active == 0:
                gc.set_threshold(*_GcSetting.thresholds)
                gc.unfreeze()


def _writer(engine: Engine) -> Engine:
    # On SQLite, take the write lock up front (waiting up to the busy timeout for it).
    return engine.execution_options(**{SQLITE_BEGIN_OPTION: "IMMEDIATE"})


@contextmanager
def _foreign_keys_checked_at_the_end(conn: Connection) -> Iterator[bool]:
    """Around a load's transaction: on SQLite, into a database with no documents, foreign keys
    are not checked row by row (about a fifth of SQLite's work inserting the rows,
    docs/performance.md) but once, over the whole database, before the load commits
    (`Writer.check_foreign_keys`). Yields whether they are. SQLite switches them only outside
    a transaction; they are on again when this ends, however it ends.

    A load never leans on what foreign keys do on delete: it deletes children before their
    parents. So should documents arrive between this look and the load's lock, the load
    stays right, and the check at the end still covers every row."""
    raw = conn.connection.driver_connection
    if not isinstance(raw, sqlite3.Connection):
        yield False
        return
    try:  # outside a transaction: the sqlite3 module does not begin one for a SELECT
        empty = raw.execute("SELECT NOT EXISTS (SELECT 1 FROM documents)").fetchone()[0]
    except sqlite3.Error:  # no schema yet: the load will say so
        empty = False
    if not empty:
        yield False
        return
    raw.execute("PRAGMA foreign_keys = OFF")
    try:
        yield True
    finally:
        raw.execute("PRAGMA foreign_keys = ON")


# --- parsing ahead, in worker processes ---------------------------------------------------


def parse_workers(documents: int) -> int:
    """How many worker processes parse a load of `documents` (0: this process parses)."""
    given = os.environ.get(WORKERS_ENV, "").strip()
    if given:
        try:
            return max(0, int(given))
        except ValueError:
            reason = f"not a number of worker processes: {given!r}"
            raise SeedError(Path(WORKERS_ENV), None, reason) from None
    if documents < PARALLEL_MIN_DOCUMENTS:
        return 0
    if not sys.platform.startswith("linux"):
        return 0  # workers are forked (see _parsed), which only Linux does safely
    cpus = len(os.sched_getaffinity(0))
    return 0 if cpus < 2 else min(cpus, MAX_PARSE_WORKERS)


@dataclass
class _Loadable:
    """A document as the loading process writes it: the DocumentSeed's values, entity rows and
    facts' cells (`DocumentSeed.facts`), with the entities they refer to, but not the facts'
    lines. Built where the document is parsed (`_loadable`); a parse worker sends it."""

    slug: str
    path: Path
    values: dict[str, Any]
    entities: list[Row]
    facts: dict[str, list[list[Any]]]
    # (table, key) of each entity its rows refer to but do not declare, once, in the order
    # first referred to.
    references: list[tuple[str, str]]

    def named(self) -> Iterator[tuple[str, str]]:
        """(table, key) of every entity the document declares or refers to."""
        for row in self.entities:
            yield row.table, row.key
        yield from self.references


def _loadable(doc: DocumentSeed) -> _Loadable:
    """`doc` as the loading process writes it (`_Loadable`). A reference to a fact of its
    own that it lacks is refused here (references to entities are checked by the loading
    process, which has them)."""
    own: set[tuple[str, str]] = set()
    for table in DOCUMENT_SCOPED_TABLES:
        key_at = fact_columns(table).index("key")
        own.update((table, cells[key_at]) for cells in doc.facts.get(table, ()))
    declared = {(row.table, row.key) for row in doc.entities}
    references: dict[tuple[str, str], None] = {}  # in the order first referred to
    for line, table, key in _references(doc):
        if table not in DOCUMENT_SCOPED_TABLES:
            if (table, key) not in declared:
                references[table, key] = None
        elif (table, key) not in own:
            raise _refuse(doc.path, line, table, key)
    return _Loadable(doc.slug, doc.path, doc.values, doc.entities, doc.facts, list(references))


def _parse_in_worker(folders: list[Path]) -> list[_Loadable | tuple[Path, int | None, str, str]]:
    """Each folder parsed and made `_Loadable`, with a SeedError returned as its parts (it
    does not pickle whole); after a bad document, the rest are not parsed."""
    results: list[_Loadable | tuple[Path, int | None, str, str]] = []
    for folder in folders:
        try:
            results.append(_loadable(parse_document(folder)))
        except SeedError as exc:
            results.append((exc.path, exc.line, exc.reason, exc.detail))
            break
    return results


def _tasks(folders: Sequence[Path]) -> Iterator[list[Path]]:
    """`folders` in tasks for the parse workers: PARSE_TASK documents each (a task costs both
    processes a round of messages), but the first ones, 1, 2, 4... documents, so that the
    loading process, which waits for the first results, starts writing soon."""
    start, size = 0, 1
    while start < len(folders):
        yield list(folders[start : start + size])
        start += size
        size = min(2 * size, PARSE_TASK)


def _parsed(folders: Sequence[Path], workers: int) -> Iterator[_Loadable]:
    """The documents of `folders`, in order; the first bad one raises its SeedError."""
    if workers <= 0:
        for folder in folders:
            yield _loadable(parse_document(folder))
        return
    # Forked, not spawned: spawning would run the caller's main script again in each worker.
    # A forked worker inherits this process's open connections but never uses them, and it
    # ends with os._exit, which closes its copies of them without a word to the database.
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    try:
        tasks = _tasks(folders)
        ahead: deque[Future[Any]] = deque(
            pool.submit(_parse_in_worker, task)
            for task in islice(tasks, workers * AHEAD_PER_WORKER // PARSE_TASK)
        )
        while ahead:
            results = ahead.popleft().result()
            following = next(tasks, None)
            if following is not None:
                ahead.append(pool.submit(_parse_in_worker, following))
            for result in results:
                if isinstance(result, tuple):
                    raise SeedError(*result)
                yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def load(
    engine: Engine,
    paths: Sequence[Path],
    reference_dir: Path = REFERENCE_DIR,
    progress: Progress = _silent,
) -> LoadReport:
    """Load the reference data and the documents in `paths`, in one transaction."""
    folders = discover(paths)
    reference = parse_reference(reference_dir)
    report = LoadReport()
    with (
        _collecting_less(),
        _writer(engine).connect() as conn,
        _foreign_keys_checked_at_the_end(conn) as keys_unchecked,
        conn.begin(),
    ):
        writer = Writer(conn, report)
        try:
            _write_all(writer, reference, folders, progress)
        finally:
            writer.finish()
        if keys_unchecked:
            writer.check_foreign_keys()
    return report


def _batches(docs: Iterable[_Loadable], size: int) -> Iterator[list[_Loadable]]:
    """`docs` in batches of whole documents, of `size` fact rows or more (but the last), or of
    BATCH_DOCUMENTS documents."""
    batch: list[_Loadable] = []
    rows = 0
    for doc in docs:
        batch.append(doc)
        rows += sum(map(len, doc.facts.values()))
        if rows >= size or len(batch) >= BATCH_DOCUMENTS:
            yield batch
            batch, rows = [], 0
    if batch:
        yield batch


def _write_all(
    writer: Writer, reference: ReferenceSeed, folders: Sequence[Path], progress: Progress
) -> None:
    """The body of `load`: the reference data, then the documents a batch at a time, each
    batch written behind (`Writer.flush`) while the next is resolved; its entities are
    fetched before (`Writer.prefetch`), so that resolving it needs no statement."""
    writer.defer_indexes()
    writer.prefetch(_named([*reference.entities, *reference.states]))
    writer.sync_entities(reference.entities, None)
    writer.sync_states(reference.states)
    writer.sync_names(reference.entities, None)
    slugs: dict[str, Path] = {}
    waiting: list[_Loadable] = []
    every = max(1, len(folders) // 20)  # about twenty progress lines for a long load
    number = 0
    parsed = _parsed(folders, parse_workers(len(folders)))
    batches = _batches(parsed, FACT_BATCH_ROWS[writer.dialect])
    batch = next(batches, [])
    writer.prefetch(_named_by(batch))
    while batch:
        for doc in batch:
            number += 1
            _check_unique_slug(doc, slugs)
            if _missing(doc, writer.rows):
                waiting.append(doc)  # it may refer to what a later document declares
                continue
            writer.write_document(doc)
            if number % every == 0 or number == len(folders):
                progress(f"[{number}/{len(folders)}] {doc.slug}")
        # The next batch's entities, fetched while this batch's new ones are still at hand
        # (`prefetch` keeps what is unwritten), then this batch written behind (the last
        # one here: nothing would go on meanwhile).
        batch = next(batches, [])
        writer.prefetch(_named_by(batch))
        writer.flush(behind=bool(batch))
    while waiting:
        ready = []
        for doc in waiting:
            writer.prefetch(doc.named())
            if not _missing(doc, writer.rows):
                ready.append(doc)
        if not ready:
            writer.prefetch(waiting[0].named())
            missing = _missing(waiting[0], writer.rows)
            assert missing is not None  # what it waits for
            raise _refuse_reference(waiting[0].path, *missing)
        for doc in ready:
            writer.prefetch(doc.named())
            writer.write_document(doc)
            progress(f"[waited] {doc.slug}")
        waiting = [d for d in waiting if d not in ready]
    writer.flush()
    writer.restore_indexes()
    writer.settle_names()


def _named_by(docs: Iterable[_Loadable]) -> Iterator[tuple[str, str]]:
    for doc in docs:
        yield from doc.named()


@dataclass
class UnloadReport:
    slug: str
    facts_removed: int
    orphans_removed: dict[str, int]

    def summary(self) -> str:
        orphans = ", ".join(f"{n} {t}" for t, n in sorted(self.orphans_removed.items()))
        return f"unloaded {self.slug}: {self.facts_removed} fact row(s) removed" + (
            f"; no longer mentioned, so removed: {orphans}" if orphans else ""
        )


class UnknownDocument(LookupError):
    pass


def unload(engine: Engine, slug: str, reference_dir: Path = REFERENCE_DIR) -> UnloadReport:
    """Remove one document, its facts, and whatever only it mentioned (but the reference
    data's), in one transaction."""
    reference = parse_reference(reference_dir).entities
    reference_regimes = frozenset(r.key for r in reference if r.table == "sanction_regimes")
    with _writer(engine).begin() as conn:
        writer = Writer(conn, LoadReport())
        docs = table_of("documents")
        doc_id = conn.execute(select(docs.c.id).where(docs.c.slug == slug)).scalar()
        if doc_id is None:
            raise UnknownDocument(f"no document {slug!r} is loaded")
        candidates = writer.mentioned_by(doc_id)
        facts = 0
        for table in reversed(FACT_TABLES):
            t = table_of(table)
            facts += conn.execute(delete(t).where(t.c.document_id == doc_id)).rowcount
        names = table_of("actor_names")
        conn.execute(delete(names).where(names.c.document_id == doc_id))
        events = table_of("events")
        conn.execute(
            update(events)
            .where(events.c.document_id == doc_id)
            .values(document_id=None, char_start=None, char_end=None, quote=None)
        )
        conn.execute(delete(docs).where(docs.c.id == doc_id))
        orphans = writer.remove_orphans(candidates, reference_regimes)
        writer.reload()
        writer.settle_names()
    return UnloadReport(slug, facts, orphans)
