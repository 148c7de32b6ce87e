"""Put parsed seeds into a database: validated first, one transaction, unchanged rows untouched."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, delete, insert, select, text, update

from models import Base
from models.database import SQLITE_BEGIN_OPTION
from seeds import DOCUMENTS_DIR, REFERENCE_DIR
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
FACT_TABLES = tuple(section.table for section in FACT_SECTIONS)
EVIDENCE_COLUMNS = ("document_id", "char_start", "char_end", "quote")
# Serializes concurrent loads into one PostgreSQL database (any constant will do).
PG_LOAD_LOCK = 0x646F7373

Progress = Callable[[str], None]


def _silent(_message: str) -> None:
    pass


@dataclass
class Plan:
    """Everything a run will write, validated: reference data, documents, merged entities."""

    reference: ReferenceSeed
    documents: list[DocumentSeed]
    entities: dict[str, dict[str, Row]] = field(default_factory=dict)  # table -> key -> row


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


def _merge_entities(plan: Plan) -> None:
    rows = plan.reference.entities + [r for d in plan.documents for r in d.entities]
    for row in rows:
        merged = plan.entities.setdefault(row.table, {})
        if row.key not in merged:
            merged[row.key] = Row(
                row.table, row.key, dict(row.values), dict(row.refs), row.path, row.line
            )
            continue
        into = merged[row.key]
        for column, value in [*row.values.items(), *row.refs.items()]:
            pool = into.refs if column in row.refs else into.values
            if value is None or column in EVIDENCE_COLUMNS:
                continue
            if pool.get(column) is None:
                pool[column] = value
            elif pool[column] != value:
                raise SeedError(
                    row.path,
                    row.line,
                    f"{row.table} {row.key!r}: {column} is {value!r} here but {pool[column]!r} "
                    f"at {into.path}:{into.line}",
                )


def plan_load(paths: Sequence[Path], reference_dir: Path = REFERENCE_DIR) -> Plan:
    """Parse and cross-check the reference data and the documents in `paths`."""
    plan = Plan(parse_reference(reference_dir), [parse_document(p) for p in discover(paths)])
    slugs: dict[str, Path] = {}
    for doc in plan.documents:
        if doc.slug in slugs:
            also = slugs[doc.slug]
            raise SeedError(doc.path, None, f"duplicate slug {doc.slug!r}, also in {also}")
        slugs[doc.slug] = doc.path
    _merge_entities(plan)
    return plan


def _known_keys(plan: Plan) -> dict[str, set[str]]:
    return {table: set(rows) for table, rows in plan.entities.items()}


def check_references(plan: Plan, also_known: dict[str, set[str]] | None = None) -> None:
    """Every key a row refers to is declared, in this plan or (`also_known`) elsewhere."""
    known = _known_keys(plan)
    for table, keys in (also_known or {}).items():
        known.setdefault(table, set()).update(keys)
    label = {
        "sanction_regimes": "regime",
        "actors": "actor",
        "events": "event",
        "investigations": "investigation",
        "statements": "statement",
    }
    for doc in plan.documents:
        local = {"statements": {r.key for r in doc.facts if r.table == "statements"}}
        rows = [
            *plan.reference.states,
            *plan.entities.get("actors", {}).values(),
            *doc.entities,
            *doc.facts,
        ]
        for row in rows:
            for table, key in row.refs.values():
                pool = local[table] if table in DOCUMENT_SCOPED_TABLES else known.get(table, set())
                if key not in pool:
                    raise SeedError(row.path, row.line, f"unknown {label[table]} {key!r}")


def check(paths: Sequence[Path], reference_dir: Path = REFERENCE_DIR) -> Plan:
    """Validate without touching a database: keys may also be declared by the seeds' documents."""
    plan = plan_load(paths, reference_dir)
    others: dict[str, set[str]] = {}
    if DOCUMENTS_DIR.exists():
        given = {doc.path.resolve() for doc in plan.documents}
        for folder in sorted(DOCUMENTS_DIR.glob(f"*/{FACTS_FILE}")):
            if folder.resolve() in given:
                continue
            try:
                other = parse_document(folder.parent)
            except SeedError:
                continue  # that document's own check reports it
            for row in other.entities:
                others.setdefault(row.table, set()).add(row.key)
    check_references(plan, others)
    return plan


# --- writing ---------------------------------------------------------------------------------


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _lock(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_LOAD_LOCK})


def _existing_ids(conn: Connection, table: str) -> dict[str, int]:
    t = _table(table)
    return {key: id_ for id_, key in conn.execute(select(t.c.id, t.c.key))}


def _resolve(row: Row, ids: dict[str, dict[str, int]]) -> dict[str, Any]:
    values = dict(row.values)
    for column, (table, key) in row.refs.items():
        values[column] = ids[table][key]
    return values


def _uniform(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows with the same columns (absent ones NULL), as one executemany needs."""
    columns = {c for row in rows for c in row}
    return [{c: row.get(c) for c in columns} for row in rows]


def _sync_entities(
    conn: Connection, table: str, rows: list[dict[str, Any]], key: str, report: LoadReport
) -> None:
    """Insert new rows, update columns that differ; never touch an equal row or null a column."""
    if not rows:
        return
    t = _table(table)
    key_col = t.c[key]
    existing = {r._mapping[key]: r._mapping for r in conn.execute(select(t))}
    new = [r for r in rows if r[key] not in existing]
    if new:
        conn.execute(insert(t), _uniform(new))
        report.entities_inserted += len(new)
    for row in rows:
        old = existing.get(row[key])
        if old is None:
            continue
        changed = {c: v for c, v in row.items() if v is not None and old[c] != v}
        if changed:
            conn.execute(update(t).where(key_col == row[key]).values(**changed))
            report.entities_updated += 1


def _sync_document(conn: Connection, doc: DocumentSeed, report: LoadReport) -> tuple[int, bool]:
    t = _table("documents")
    old = conn.execute(select(t).where(t.c.slug == doc.slug)).mappings().first()
    if old is None:
        doc_id = conn.execute(insert(t).values(**doc.values).returning(t.c.id)).scalar_one()
        return doc_id, True
    changed = {c: v for c, v in doc.values.items() if old[c] != v}
    if changed:
        conn.execute(update(t).where(t.c.id == old["id"]).values(**changed))
    return old["id"], bool(changed)


def _replace_facts(
    conn: Connection, doc: DocumentSeed, doc_id: int, ids: dict[str, dict[str, int]]
) -> int:
    for table in reversed(FACT_TABLES):
        t = _table(table)
        conn.execute(delete(t).where(t.c.document_id == doc_id))
    written = 0
    for table in FACT_TABLES:
        rows = [r for r in doc.facts if r.table == table]
        if not rows:
            continue
        t = _table(table)
        conn.execute(
            insert(t),
            _uniform([{**_resolve(r, ids), "document_id": doc_id, "key": r.key} for r in rows]),
        )
        written += len(rows)
        if table in DOCUMENT_SCOPED_TABLES:
            ids[table] = {
                k: i
                for i, k in conn.execute(select(t.c.id, t.c.key).where(t.c.document_id == doc_id))
            }
    return written


def write(conn: Connection, plan: Plan, progress: Progress = _silent) -> LoadReport:
    """Write `plan` inside the caller's transaction."""
    report = LoadReport()
    _lock(conn)
    ids = {table: _existing_ids(conn, table) for table in ENTITY_TABLES}
    check_references(plan, {t: set(v) for t, v in ids.items()})

    def sync(table: str, doc_ids: dict[Path, int] | None = None) -> None:
        rows = []
        for row in plan.entities.get(table, {}).values():
            values = {"key": row.key, **_resolve(row, ids)}
            if "char_start" in values and doc_ids is not None:
                values["document_id"] = doc_ids.get(row.path)
            rows.append(values)
        _sync_entities(conn, table, rows, "key", report)
        ids[table] = _existing_ids(conn, table)

    sync("actors")
    _sync_entities(
        conn, "states", [_resolve(r, ids) for r in plan.reference.states], "actor_id", report
    )
    doc_ids: dict[Path, int] = {}
    replace: list[tuple[DocumentSeed, int]] = []
    for doc in plan.documents:
        doc_id, changed = _sync_document(conn, doc, report)
        doc_ids[doc.path] = doc_id
        (replace.append((doc, doc_id)) if changed else report.unchanged.append(doc.slug))
    for table in ("events", "sanction_regimes", "investigations"):
        sync(table, doc_ids)
    for number, (doc, doc_id) in enumerate(replace, 1):
        written = _replace_facts(conn, doc, doc_id, ids)
        report.loaded.append(doc.slug)
        report.facts_written += written
        progress(f"[{number}/{len(replace)}] {doc.slug}: {written} fact row(s)")
    return report


def load(
    engine: Engine,
    paths: Sequence[Path],
    reference_dir: Path = REFERENCE_DIR,
    progress: Progress = _silent,
) -> LoadReport:
    """Validate, then write reference data and the documents in `paths` in one transaction."""
    plan = plan_load(paths, reference_dir)
    progress(f"validated {len(plan.documents)} document(s)")
    writer = engine.execution_options(**{SQLITE_BEGIN_OPTION: "IMMEDIATE"})
    with writer.begin() as conn:
        return write(conn, plan, progress)
