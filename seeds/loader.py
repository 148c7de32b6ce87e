"""Put seeds into a database: one transaction, documents streamed, unchanged rows untouched.

A load reads the reference data, then each document folder in turn: parse and validate it,
bring the entities it declares up to date, and replace its facts if (and only if) it changed.
Only the document at hand is in memory (plus, rarely, a document that refers to an entity a
later document declares: it waits until the end). Any error rolls the whole load back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, delete, insert, select, text, update

from models import Base
from models.database import SQLITE_BEGIN_OPTION
from seeds import DOCUMENTS_DIR, REFERENCE_DIR
from seeds.errors import SeedError
from seeds.parse import FACTS_FILE, DocumentSeed, Row, parse_document, parse_reference
from seeds.sections import DOCUMENT_SCOPED_TABLES, FACT_SECTIONS

ENTITY_TABLES = ("actors", "events", "sanction_regimes", "investigations")
# Entities removed when no loaded document mentions them any more (regimes are reference data).
ORPHANABLE = ("actors", "events", "investigations")
FACT_TABLES = tuple(section.table for section in FACT_SECTIONS)
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


def _references(doc: DocumentSeed) -> Iterator[tuple[Row, str, str]]:
    """(row, table, key) for every reference a document makes to an entity or statement."""
    for row in [*doc.entities, *doc.facts]:
        for table, key in row.refs.values():
            yield row, table, key


def _unknown_reference(
    doc: DocumentSeed, known: Callable[[str, str], bool]
) -> tuple[Row, str, str] | None:
    """The first reference of `doc` that is neither its own nor `known`, if any."""
    statements = {r.key for r in doc.facts if r.table == "statements"}
    own = {(r.table, r.key) for r in doc.entities}
    for row, table, key in _references(doc):
        if table in DOCUMENT_SCOPED_TABLES:
            if key not in statements:
                raise SeedError(row.path, row.line, f"unknown {LABELS[table]} {key!r}")
        elif (table, key) not in own and not known(table, key):
            return row, table, key
    return None


def _refuse(missing: tuple[Row, str, str]) -> SeedError:
    row, table, key = missing
    return SeedError(row.path, row.line, f"unknown {LABELS[table]} {key!r}")


def _check_unique_slug(doc: DocumentSeed, slugs: dict[str, Path]) -> None:
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
    for row in reference.states:
        for table, key in row.refs.values():
            if (table, key) not in declared:
                raise _refuse((row, table, key))
    checked: dict[str, int] = {}
    given: set[Path] = set()
    pending: list[tuple[Row, str, str]] = []
    slugs: dict[str, Path] = {}
    for folder in discover(paths):
        doc = parse_document(folder)
        _check_unique_slug(doc, slugs)
        declared |= {(r.table, r.key) for r in doc.entities}
        statements = {r.key for r in doc.facts if r.table == "statements"}
        for row, table, key in _references(doc):
            if table in DOCUMENT_SCOPED_TABLES:
                if key not in statements:
                    raise SeedError(row.path, row.line, f"unknown {LABELS[table]} {key!r}")
            elif (table, key) not in declared:
                pending.append((row, table, key))
        checked[doc.slug] = len(doc.facts)
        given.add(doc.path.resolve())
    if pending:
        for facts in sorted(DOCUMENTS_DIR.glob(f"*/{FACTS_FILE}")):
            if facts.resolve() not in given:
                try:
                    declared |= {(r.table, r.key) for r in parse_document(facts.parent).entities}
                except SeedError:
                    continue  # that document's own check reports it
        for missing in pending:
            if (missing[1], missing[2]) not in declared:
                raise _refuse(missing)
    return checked


# --- writing ---------------------------------------------------------------------------------


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _uniform(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows with the same columns (absent ones NULL), as one executemany needs."""
    columns = {c for row in rows for c in row}
    return [{c: row.get(c) for c in columns} for row in rows]


class Writer:
    """Writes inside one open transaction, keeping the entity tables' rows at hand by key."""

    def __init__(self, conn: Connection, report: LoadReport) -> None:
        self.conn = conn
        self.report = report
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_LOAD_LOCK})
        self.rows: dict[str, dict[str, dict[str, Any]]] = {}
        self.reload()

    def reload(self) -> None:
        for table in ENTITY_TABLES:
            t = _table(table)
            self.rows[table] = {r["key"]: dict(r) for r in self.conn.execute(select(t)).mappings()}

    def known(self, table: str, key: str) -> bool:
        return key in self.rows.get(table, {})

    def resolve(self, row: Row) -> dict[str, Any]:
        values = {c: v for c, v in row.values.items() if c != "aliases"}
        for column, (table, key) in row.refs.items():
            if table not in DOCUMENT_SCOPED_TABLES:
                values[column] = self.rows[table][key]["id"]
        return values

    # entities

    def sync_entities(self, rows: list[Row], doc_id: int | None) -> None:
        """Insert what is new, fill in what was unknown; refuse what contradicts."""
        for table in ENTITY_TABLES:
            new: list[dict[str, Any]] = []
            for row in (r for r in rows if r.table == table):
                values = {"key": row.key, **self.resolve(row)}
                if "char_start" in values:
                    values["document_id"] = doc_id
                old = self.rows[table].get(row.key)
                if old is None:
                    new.append(values)
                    continue
                changed = self._changes(table, row, values, old, doc_id)
                if changed:
                    t = _table(table)
                    self.conn.execute(update(t).where(t.c.id == old["id"]).values(**changed))
                    old.update(changed)
                    self.report.entities_updated += 1
            if new:
                t = _table(table)
                self.conn.execute(insert(t), _uniform(new))
                keys = [v["key"] for v in new]
                for start in range(0, len(keys), 500):
                    chunk = keys[start : start + 500]
                    for r in self.conn.execute(select(t).where(t.c.key.in_(chunk))).mappings():
                        self.rows[table][r["key"]] = dict(r)
                self.report.entities_inserted += len(new)

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
        t = _table("states")
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

    def sync_names(self, rows: list[Row], doc_id: int | None) -> None:
        """Make the names and aliases that `doc_id` (None: the reference data) gives be `rows`'."""
        t = _table("actor_names")
        wanted: set[tuple[int, str, str]] = set()
        for row in (r for r in rows if r.table == "actors"):
            actor_id = self.rows["actors"][row.key]["id"]
            if row.values.get("name"):
                wanted.add((actor_id, row.values["name"], "name"))
            for alias in row.values.get("aliases") or ():
                wanted.add((actor_id, alias, "alias"))
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
        new = [
            {"actor_id": a, "name": n, "name_type": k, "document_id": doc_id}
            for a, n, k in sorted(wanted - set(have))
        ]
        if new:
            self.conn.execute(insert(t), new)

    # documents and facts

    def sync_document(self, doc: DocumentSeed) -> tuple[int, bool]:
        """The document's id, and whether it is new or changed (its facts must be replaced)."""
        t = _table("documents")
        old = self.conn.execute(select(t).where(t.c.slug == doc.slug)).mappings().first()
        if old is None:
            doc_id = self.conn.execute(insert(t).values(**doc.values).returning(t.c.id))
            return doc_id.scalar_one(), True
        changed = {c: v for c, v in doc.values.items() if old[c] != v}
        if changed:
            self.conn.execute(update(t).where(t.c.id == old["id"]).values(**changed))
        return old["id"], bool(changed)

    def replace_facts(self, doc: DocumentSeed, doc_id: int) -> int:
        for table in reversed(FACT_TABLES):
            t = _table(table)
            self.conn.execute(delete(t).where(t.c.document_id == doc_id))
        local: dict[str, dict[str, int]] = {}
        written = 0
        for table in FACT_TABLES:
            rows = [r for r in doc.facts if r.table == table]
            if not rows:
                continue
            t = _table(table)
            values = []
            for row in rows:
                resolved = self.resolve(row)
                for column, (ref_table, key) in row.refs.items():
                    if ref_table in DOCUMENT_SCOPED_TABLES:
                        resolved[column] = local[ref_table][key]
                values.append({**resolved, "document_id": doc_id, "key": row.key})
            self.conn.execute(insert(t), _uniform(values))
            written += len(rows)
            if table in DOCUMENT_SCOPED_TABLES:
                query = select(t.c.key, t.c.id).where(t.c.document_id == doc_id)
                local[table] = {key: id_ for key, id_ in self.conn.execute(query)}
        return written

    def write_document(self, doc: DocumentSeed) -> None:
        doc_id, changed = self.sync_document(doc)
        self.sync_entities(doc.entities, doc_id)
        if not changed:
            self.report.unchanged.append(doc.slug)
            return
        self.sync_names(doc.entities, doc_id)
        self.report.facts_written += self.replace_facts(doc, doc_id)
        self.report.loaded.append(doc.slug)

    # after every load and unload

    def settle_names(self) -> None:
        """Set each actor's name to the best one known: the reference data's, else the name
        given by the most recently published document still loaded."""
        names, docs, actors = _table("actor_names"), _table("documents"), _table("actors")
        query = (
            select(names.c.actor_id, names.c.name, docs.c.published_on, docs.c.slug)
            .select_from(names.outerjoin(docs, docs.c.id == names.c.document_id))
            .where(names.c.name_type == "name")
        )
        best: dict[int, tuple[tuple[int, dt.date, str, str], str]] = {}
        for actor_id, name, published_on, slug in self.conn.execute(query):
            rank = (1, dt.date.max, "", name) if slug is None else (0, published_on, slug, name)
            if actor_id not in best or rank > best[actor_id][0]:
                best[actor_id] = (rank, name)
        for key, row in self.rows["actors"].items():
            name = best[row["id"]][1] if row["id"] in best else None
            if name != row["name"] and (name is not None or row["description"] is not None):
                self.conn.execute(update(actors).where(actors.c.id == row["id"]).values(name=name))
                self.rows["actors"][key]["name"] = name

    def mentioned_by(self, doc_id: int) -> dict[str, set[int]]:
        """The actors, events and investigations a document's rows refer to."""
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
        events = _table("events")
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

    def remove_orphans(self, candidates: dict[str, set[int]]) -> dict[str, int]:
        """Delete those `candidates` (actors, events, investigations) that nothing mentions.

        Reference actors stay (they have a reference name), and so do events whose date a
        loaded document states. What a removed row mentioned becomes a candidate in turn.
        """
        removed: dict[str, int] = {}
        pending = {table: set(ids) for table, ids in candidates.items()}
        while any(pending.values()):
            table = next(t for t, ids in pending.items() if ids)
            id_ = pending[table].pop()
            t = _table(table)
            row = self.conn.execute(select(t).where(t.c.id == id_)).mappings().first()
            if row is None or self._is_mentioned(table, id_):
                continue
            if table == "events" and row["document_id"] is not None:
                continue
            for fk in t.foreign_keys:
                target = fk.column.table.name
                if target in ORPHANABLE and row[fk.parent.name] is not None:
                    pending[target].add(row[fk.parent.name])
            self.conn.execute(delete(t).where(t.c.id == id_))
            removed[table] = removed.get(table, 0) + 1
        return removed


def _writer(engine: Engine) -> Engine:
    # On SQLite, take the write lock up front (waiting up to the busy timeout for it).
    return engine.execution_options(**{SQLITE_BEGIN_OPTION: "IMMEDIATE"})


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
    with _writer(engine).begin() as conn:
        writer = Writer(conn, report)
        writer.sync_entities(reference.entities, None)
        writer.sync_states(reference.states)
        writer.sync_names(reference.entities, None)
        slugs: dict[str, Path] = {}
        waiting: list[DocumentSeed] = []
        every = max(1, len(folders) // 20)  # about twenty progress lines for a long load
        for number, folder in enumerate(folders, 1):
            doc = parse_document(folder)
            _check_unique_slug(doc, slugs)
            if _unknown_reference(doc, writer.known):
                waiting.append(doc)  # it may refer to what a later document declares
                continue
            writer.write_document(doc)
            if number % every == 0 or number == len(folders):
                progress(f"[{number}/{len(folders)}] {doc.slug}")
        while waiting:
            ready = [d for d in waiting if not _unknown_reference(d, writer.known)]
            if not ready:
                raise _refuse(_unknown_reference(waiting[0], writer.known))  # type: ignore[arg-type]
            for doc in ready:
                writer.write_document(doc)
                progress(f"[waited] {doc.slug}")
            waiting = [d for d in waiting if d not in ready]
        writer.settle_names()
    return report


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


def unload(engine: Engine, slug: str) -> UnloadReport:
    """Remove one document, its facts, and whatever only it mentioned, in one transaction."""
    with _writer(engine).begin() as conn:
        writer = Writer(conn, LoadReport())
        docs = _table("documents")
        doc_id = conn.execute(select(docs.c.id).where(docs.c.slug == slug)).scalar()
        if doc_id is None:
            raise UnknownDocument(f"no document {slug!r} is loaded")
        candidates = writer.mentioned_by(doc_id)
        facts = 0
        for table in reversed(FACT_TABLES):
            t = _table(table)
            facts += conn.execute(delete(t).where(t.c.document_id == doc_id)).rowcount
        names = _table("actor_names")
        conn.execute(delete(names).where(names.c.document_id == doc_id))
        events = _table("events")
        conn.execute(
            update(events)
            .where(events.c.document_id == doc_id)
            .values(document_id=None, char_start=None, char_end=None, quote=None)
        )
        conn.execute(delete(docs).where(docs.c.id == doc_id))
        orphans = writer.remove_orphans(candidates)
        writer.reload()
        writer.settle_names()
    return UnloadReport(slug, facts, orphans)
