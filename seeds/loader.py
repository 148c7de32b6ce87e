"""Put seeds into a database: one transaction, one way through.

    file -> record -> rows (seeds/parse.py) -> keys resolved to ids (`Store`) -> batched writes

A load reads the reference data, then each document in turn (a folder, or a line of a bundle,
seeds/bundle.py). A document whose facts are unchanged since it was loaded is skipped; a
changed one has its facts replaced. Every entity row (actors, events, regimes, investigations)
is held by key in `Store.rows`, so resolving a document asks the database nothing. New rows
take their ids from `Store.next_id` (the largest id plus one, the same on both engines, under
the load's lock) and wait in `Store.inserts` until a batch is written: executemany on SQLite,
COPY on PostgreSQL (`_insert`). Any error rolls the whole load back.

`check` runs the same code into an in-memory SQLite database that is thrown away, each
document in a savepoint, so whatever `load` refuses, `check` refuses, and it reports every
problem, not only the first. The rules for entities declared by several sources are in one
place: `Store.merge`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Date, Engine, delete, func, insert, select, text, update
from sqlalchemy.pool import StaticPool

from models import Base
from models.database import SQLITE_BEGIN_OPTION, make_engine
from models.documents import FACT_SOURCE_COLUMNS
from models.migrations import upgrade
from models.search import after_load, sqlite_index_new
from seeds import DOCUMENTS_DIR, REFERENCE_DIR
from seeds.bundle import BUNDLE_SUFFIX, read_bundle
from seeds.errors import SeedError, SeedErrors
from seeds.keys import (
    KIND_OF_TABLE,
    did_you_mean,
    label_columns,
    label_of,
    seed_declaration,
    shown,
    where_declared,
)
from seeds.parse import FACTS_FILE, SUGGESTED_FILE, Document, Row, parse_document, parse_reference
from seeds.sections import CONTAINMENT, ENTITY_SECTIONS, FACT_SECTIONS, RELATION_KINDS, Section

ENTITY_TABLES = ("actors", "events", "sanction_regimes", "investigations")
FACT_TABLES = tuple(section.table for section in FACT_SECTIONS)
SECTION_OF = {section.table: section for section in FACT_SECTIONS}
ENTITY_SECTION_OF = {section.table: section for section in ENTITY_SECTIONS}
DISPUTABLE = {section.table: section.disputable for section in ENTITY_SECTIONS}
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
    "actor_relations": "relation",
    "event_participants": "participation",
    "findings": "finding",
    "sanctions": "sanction",
    "demands": "demand",
}
# Serializes loads and unloads of one PostgreSQL database (any constant will do).
PG_LOAD_LOCK = 0x646F7373
# Rows written together: one executemany or COPY per table per batch of whole documents.
BATCH_ROWS = 5_000
# A load of at most this many documents reads the entity rows it needs, one key at a time;
# a larger one reads them all at once (`Store.lazy`).
LAZY_DOCUMENTS = 20
ACT_KEYS_PER_QUERY = 100  # acts looked up by key in one query (`Store._resolve_acts`)

# What a load is doing: progress(message), or progress(message, done, total) for each
# document of a load of `total` (the command line thins those out, or draws a bar).
Progress = Callable[..., None]


def _silent(_message: str, _done: int = 0, _total: int = 0) -> None:
    pass


def table_of(name: str) -> Any:
    return Base.metadata.tables[name]


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
    """What `paths` name: document folders (a folder, its facts file, or a parent folder of
    them) and bundles (`*.jsonl`)."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_file() and path.suffix == BUNDLE_SUFFIX:
            found.append(path)
        elif path.is_file() and path.name == FACTS_FILE:
            found.append(path.parent)
        elif path.name == SUGGESTED_FILE:
            raise SeedError(
                path,
                None,
                f"a draft of suggestions never loads: move the items you confirm into {FACTS_FILE}",
            )
        elif (path / FACTS_FILE).exists():
            found.append(path)
        elif path.is_dir():
            children = sorted(p.parent for p in path.glob(f"*/{FACTS_FILE}"))
            if not children:
                raise SeedError(path, None, f"no document folders (with {FACTS_FILE}) here")
            found += children
        else:
            raise SeedError(path, None, "no such document folder, facts file or bundle")
    return found


def documents(sources: Sequence[Path]) -> Iterator[Document | SeedError]:
    """The documents of `sources` (see `discover`), parsed one at a time, in order; one that
    cannot be parsed gives its error in its place."""
    for source in sources:
        if source.suffix == BUNDLE_SUFFIX and source.is_file():
            yield from read_bundle(source)
        else:
            try:
                yield parse_document(source)
            except SeedError as exc:
                yield exc


class EntityRows(dict[str, dict[str, Any]]):
    """The rows of an entity table by key, each read from the database when first asked for
    (a load of a few documents needs a few of them, not the hundreds of thousands a large
    database holds). A key removed (`pop`) or found absent stays absent until set."""

    def __init__(self, conn: Connection, table: str) -> None:
        super().__init__()
        self.conn, self.table, self.absent = conn, table_of(table), set[str]()

    def __missing__(self, key: str) -> dict[str, Any]:
        if key not in self.absent:
            found = self.conn.execute(select(self.table).where(self.table.c.key == key))
            row = found.mappings().first()
            if row is not None:
                super().__setitem__(key, dict(row))
                return dict.__getitem__(self, key)
            self.absent.add(key)
        raise KeyError(key)

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def __setitem__(self, key: str, value: dict[str, Any]) -> None:
        self.absent.discard(key)
        super().__setitem__(key, value)

    def pop(self, key: str, *default: Any) -> Any:  # type: ignore[override]
        self.get(key)  # read, so that the row popped is the database's
        self.absent.add(key)
        return super().pop(key, *default)


class Store:
    """A load's view of its database, inside one open transaction.

    `rows[table][key]`: every entity row, as a dict of its columns. `next_id[table]`: the id
    the next new row of a table takes. `inserts[table]`: new rows not written yet (`flush`
    writes them, parents first); `updates`: changes to entity rows already written.
    """

    def __init__(self, conn: Connection, report: LoadReport, lazy: bool = False) -> None:
        self.conn = conn
        self.lazy = lazy  # read entity rows as they are asked for: a load of a few documents
        self.dialect = conn.dialect.name
        self.report = report
        _lock(conn)
        self.reread()
        self.next_id = {
            t.name: (conn.execute(select(func.max(t.c.id))).scalar() or 0) + 1
            for t in Base.metadata.sorted_tables
            if "id" in t.c
        }
        self.inserts: dict[str, list[dict[str, Any]]] = {t: [] for t in self.next_id}
        self.written_below = dict(self.next_id)  # ids under these are in the database
        self.updates: dict[tuple[str, str], dict[str, Any]] = {}
        self.pending = 0
        self.inside: dict[int, set[int]] | None = None  # who is inside whom (`_check_relation`)
        self.reference: list[Row] = []  # the reference data's entities (`_write_all`, `unload`)
        codes = table_of("cameo_codes")
        self.cameo = dict(conn.execute(select(codes.c.code, codes.c.label)).all())
        docs = table_of("documents")
        self.text_of = dict(conn.execute(select(docs.c.id, docs.c.sha256)).all())
        self.with_text: dict[str, set[int]] = {}  # sha256 -> the documents with that text
        for doc_id, sha in self.text_of.items():
            self.with_text.setdefault(sha, set()).add(doc_id)
        self.unsettled: set[int] = set()  # acts whose rows changed (`settle_acts`)
        # (table, key, column) of entities whose documents disagree (`Store._disputable`).
        self.disputes: set[tuple[str, str, str]] = set()
        self.told = itertools.count()  # the order facts are met: new acts take ids in it
        self.declared_at: dict[tuple[str, str], str] = {}  # FILE:LINE of what this run read
        self.renamed: set[int] = set()  # actors whose best name may have changed (`names`)
        # Relations (subject, relation, object) this load removed and added: settle_states
        # runs only if the relations it reads, or the states, changed (`_relations_changed`).
        self.triples_gone: set[tuple[int, str, int]] = set()
        self.triples_added: set[tuple[int, str, int]] = set()
        self.states_changed = False
        self.documents_written: set[int] = set()

    def reread(self) -> None:
        """Take the entity rows from the database (after a savepoint rolled back, too): all
        of them, or with `lazy`, each when it is first asked for (`EntityRows`)."""
        if self.lazy:
            self.rows = {t: EntityRows(self.conn, t) for t in ENTITY_TABLES}
            self.wikidata = {}
            return
        self.rows = {
            t: {r["key"]: dict(r) for r in self.conn.execute(select(table_of(t))).mappings()}
            for t in ENTITY_TABLES
        }
        self.wikidata = {
            r["wikidata_id"]: key
            for key, r in self.rows["actors"].items()
            if r["wikidata_id"] is not None
        }

    def holder(self, wikidata: str) -> str | None:
        """The key of the actor with this Wikidata id, if any."""
        if wikidata in self.wikidata or not self.lazy:
            return self.wikidata.get(wikidata)
        actors = table_of("actors")
        query = select(actors.c.key).where(actors.c.wikidata_id == wikidata)
        return self.conn.execute(query).scalar()

    def known(self, table: str) -> dict[str, str | None]:
        """Every key of `table` with its label (a name, else a description), as the database
        holds it and as this load has it so far."""
        t = table_of(table)
        query = select(t.c.key, *label_columns(t))
        found = {r["key"]: label_of(r) or None for r in self.conn.execute(query).mappings()}
        found.update({key: label_of(r) or None for key, r in self.rows[table].items()})
        return found

    def add(self, table: str, values: dict[str, Any]) -> int:
        """Queue a new row of `table`; its id."""
        values["id"] = self.next_id[table]
        self.next_id[table] += 1
        self.inserts[table].append(values)
        self.pending += 1
        return int(values["id"])

    def check_cameo(self, row: Row) -> None:
        """A CAMEO code must be the codebook's (CAMEO 1.1b3, the table cameo_codes)."""
        code = row.values.get("cameo_code")
        if code is None or code in self.cameo:
            return
        near = nearest_cameo(code, self.cameo)
        hint = "; did you mean " + ", ".join(f"{c} ({self.cameo[c]})" for c in near) if near else ""
        reason = f"unknown CAMEO code {code!r}: not in the CAMEO 1.1b3 codebook{hint}"
        raise row.error(reason, "cameo")

    def id_of(self, table: str, key: str, row: Row, column: str | None = None) -> int:
        """The id of entity `key` of `table`, which `row` refers to (in `column`)."""
        found = self.rows[table].get(key)
        if found is None:
            raise self.unknown(table, key, row, column)
        return int(found["id"])

    def unknown(self, table: str, key: str, row: Row, column: str | None = None) -> SeedError:
        """`row`'s reference to an unknown entity, worded: the seed folder's document that
        declares it, if one does, else the nearest known keys and where they are declared."""
        kind = KIND_OF_TABLE[table]
        section = SECTION_OF.get(row.table) or ENTITY_SECTION_OF[row.table]
        field = next((f for f, (c, _) in section.refs.items() if c == column), None)
        elsewhere = seed_declaration(kind, key)
        if elsewhere is not None and not elsewhere.startswith(f"{shown(row.path)}:"):
            return row.error(
                f"unknown {kind} {key!r}: {elsewhere} declares it, but that document is not "
                "loaded; load it first, or with this one",
                field,
            )
        known = self.known(table)
        return row.error(did_you_mean(kind, key, known, lambda k: self.where(table, k)), field)

    def where(self, table: str, key: str) -> str:
        """Where the entity `key` of `table` is declared: FILE:LINE if this run read it, else
        the first loaded document that declares it, else the reference data."""
        if (table, key) in self.declared_at:
            return self.declared_at[(table, key)]
        return where_declared(self.conn, table, key)

    def missing(self, doc: Document) -> list[tuple[Row, str, str]]:
        """The references of `doc` to entities that neither it nor the database declares (a
        later document may): (row, table, key) each. What refers to an item of `doc` with a
        problem is not counted: that problem is reported."""
        declared = {(row.table, row.key) for row in doc.entities}
        found = []
        for row in (*doc.entities, *doc.facts):
            for table, key in row.refs.values():
                known = table not in self.rows or key in self.rows[table]
                if not known and (table, key) not in declared | doc.skipped:
                    found.append((row, table, key))
        return found

    # the rules for entities, whoever declares them

    def merge(self, row: Row, doc_id: int | None) -> None:
        """Insert an entity that is new; fill in what was unknown of one that is not; refuse
        what contradicts it. `doc_id`: the declaring document (None: the reference data)."""
        table = row.table
        if row.line is not None:
            self.declared_at.setdefault((table, row.key), f"{shown(row.path)}:{row.line}")
        self.check_cameo(row)
        values = {k: v for k, v in row.values.items() if k != "aliases"}
        for column, (ref_table, key) in row.refs.items():
            values[column] = self.id_of(ref_table, key, row, column)
        if "char_start" in values:
            values["document_id"] = doc_id
        old = self.rows[table].get(row.key)
        if table == "actors":
            if old is None and values.get("name") is None and values.get("description") is None:
                raise row.error(f"actor {row.key!r} has neither a name nor a description")
            wikidata = values.get("wikidata_id")
            holder = self.holder(wikidata) if wikidata else None
            if holder is not None and holder != row.key:
                raise row.error(
                    f"actor {row.key!r}: Wikidata id {wikidata} is already {holder!r}'s"
                )
        if old is None:
            new = {c.name: None for c in table_of(table).columns}
            new.update(values, key=row.key)
            self.add(table, new)
            self.rows[table][row.key] = new
            self.report.entities_inserted += 1
        else:
            changes = self._changes(row, values, old, doc_id)
            if not changes:
                return
            old.update(changes)
            if old["id"] < self.written_below[table]:  # else its insert, unwritten, has them
                self.updates.setdefault((table, row.key), {}).update(changes)
            self.report.entities_updated += 1
        if table == "actors" and values.get("wikidata_id"):
            self.wikidata[values["wikidata_id"]] = row.key

    def _changes(
        self, row: Row, values: dict[str, Any], old: dict[str, Any], doc_id: int | None
    ) -> dict[str, Any]:
        owner = old.get("document_id")
        owns = doc_id is not None and owner in (None, doc_id)  # it may (re)state its evidence
        changes: dict[str, Any] = {}
        settled: set[str] = set()
        day = next((c for c, v in values.items() if isinstance(v, dt.date)), None)
        if day is not None and old.get(day) is not None and "date_precision" in values:
            # The same date at another precision ("2020-09" and "2020-09-29") is one date: the
            # more precise is kept. Dates that cannot both be true disagree (below).
            before, now = (old[day], old["date_precision"]), (values[day], values["date_precision"])
            finer = _finer(before, now) if before != now else before
            if finer is not None:
                if finer != before:
                    changes[day], changes["date_precision"] = finer
                settled = {day, "date_precision"}
            elif self._disputable(row, day, doc_id):  # the date and its precision, as one
                self.disputes.add((row.table, row.key, day))
                settled = {day, "date_precision"}
        for column, value in values.items():
            if value is None or old[column] == value or column in settled:
                continue
            if column in EVIDENCE_COLUMNS:
                if owns:
                    changes[column] = value
            elif old[column] is None or (owns and owner == doc_id):
                changes[column] = value
            elif column not in LENIENT_COLUMNS.get(row.table, ()):
                if self._disputable(row, column, doc_id):
                    self.disputes.add((row.table, row.key, column))  # the first value stands
                    continue
                here, there = (
                    v.isoformat() if isinstance(v, dt.date) else v for v in (value, old[column])
                )
                raise row.error(
                    f"{LABELS[row.table]} {row.key!r}: {column} is {here!r} here, but "
                    f"{there!r} in the database (from the reference data or another document)"
                )
        return changes

    def _disputable(self, row: Row, column: str, doc_id: int | None) -> bool:
        """Whether documents may disagree on `column` of this entity: a column its section
        lists as disputable, of which neither this row nor the reference data is the source."""
        if doc_id is None or column not in DISPUTABLE.get(row.table, ()):
            return False
        given = (r for r in self.reference if (r.table, r.key) == (row.table, row.key))
        return not any(column in r.values or column in r.refs for r in given)

    def declare(self, rows: Sequence[Row], doc_id: int) -> None:
        """Keep what `doc_id` declares of each entity, as declared (`recompute` reads it)."""
        for row in rows:
            values = {
                k: v.isoformat() if isinstance(v, dt.date) else v for k, v in row.values.items()
            }
            declared = {"values": values, "refs": row.refs}
            self.add(
                "entity_declarations",
                {
                    "document_id": doc_id,
                    "entity_table": row.table,
                    "entity_key": row.key,
                    "declared": json.dumps(declared, ensure_ascii=False, sort_keys=True),
                },
            )

    def recompute(self, affected: set[tuple[str, str]]) -> None:
        """Work the `affected` entities out again from the reference data and the declarations
        the database holds, by the rules of `merge`, in the order the documents loaded; what
        no declaration gives any more goes. An entity nothing declares any more is left as it
        is (if nothing mentions it either, unload removes it)."""
        if not affected:
            return
        self.flush()  # declarations of this load are read back with the others
        forget_disputes(self.conn, affected)  # found again below, if they still hold
        self.disputes = {d for d in self.disputes if d[:2] not in affected}
        t = table_of("entity_declarations")
        declared: list[tuple[int, Row]] = []
        keys = sorted({key for _, key in affected})
        for start in range(0, len(keys), 500):
            query = select(t).where(t.c.entity_key.in_(keys[start : start + 500]))
            for r in self.conn.execute(query).mappings():
                if (r["entity_table"], r["entity_key"]) in affected:
                    d = r["declared"]  # the JSON type gives it back as a dict
                    refs = {c: (rt, k) for c, (rt, k) in d["refs"].items()}
                    row = Row(
                        r["entity_table"],
                        r["entity_key"],
                        _dates(r["entity_table"], d["values"]),
                        refs,
                    )
                    declared.append((r["document_id"], row))
        declared.sort(key=lambda item: item[0])
        counts = (self.report.entities_inserted, self.report.entities_updated)
        for table in ENTITY_TABLES:
            before = {
                k: self.rows[table].pop(k)
                for t_, k in affected
                if t_ == table and k in self.rows[table]
            }
            if not before:
                continue
            if table == "actors":
                self.wikidata = {w: k for w, k in self.wikidata.items() if k not in before}
            next_id = self.next_id[table]
            for row in self.reference:
                if row.table == table and row.key in before:
                    self.merge(row, None)
            for doc_id, row in declared:
                if row.table == table:
                    self.merge(row, doc_id)
            self.next_id[table] = next_id
            for key, old in before.items():
                new = self.rows[table].get(key)
                if new is None:
                    self.rows[table][key] = old
                    continue
                self.inserts[table] = [r for r in self.inserts[table] if r is not new]
                new["id"] = old["id"]
                # state_id is worked out by settle_states, not declared
                changes = {c: v for c, v in new.items() if v != old[c] and c != "state_id"}
                if changes:
                    self.updates.setdefault((table, key), {}).update(changes)
                    counts = (counts[0], counts[1] + 1)
        self.report.entities_inserted, self.report.entities_updated = counts
        self.wikidata = {
            r["wikidata_id"]: key for key, r in self.rows["actors"].items() if r["wikidata_id"]
        }

    def names(self, rows: Sequence[Row], doc_id: int | None, new: bool = False) -> None:
        """Make the names and aliases given by `doc_id` (None: the reference data) be `rows'`;
        `new`: the document is new, so it gave none before."""
        t = table_of("actor_names")
        wanted = set()
        for row in rows:
            if row.table == "actors":
                actor_id = self.rows["actors"][row.key]["id"]
                if row.values.get("name"):
                    wanted.add((actor_id, row.values["name"], "name"))
                for alias in row.values.get("aliases") or ():
                    if alias != row.values.get("name"):  # a name given as an alias too: a name
                        wanted.add((actor_id, alias, "alias"))
        source = t.c.document_id.is_(None) if doc_id is None else t.c.document_id == doc_id
        query = select(t.c.id, t.c.actor_id, t.c.name, t.c.name_type).where(source)
        have = (
            {}
            if new
            else {(r.actor_id, r.name, r.name_type): r.id for r in self.conn.execute(query)}
        )
        # whose best name may change: those named (a document's date counts), or no longer
        self.renamed |= {actor for actor, _, _ in wanted | set(have)}
        gone = [i for k, i in have.items() if k not in wanted]
        if gone:
            self.conn.execute(delete(t).where(t.c.id.in_(gone)))
        for actor_id, name, name_type in sorted(wanted - set(have)):
            self.add(
                "actor_names",
                {"actor_id": actor_id, "document_id": doc_id, "name": name, "name_type": name_type},
            )

    # documents and their facts

    def write_document(self, doc: Document, old: dict[str, Any] | None) -> None:
        """Write `doc`, whose loaded version (if any) is `old`. Its problems are raised
        together (SeedErrors), after every item is checked: a row with a problem is left out
        and the next is taken; a row referring to an item with a problem is not checked."""
        errors = list(doc.problems)

        def usable(row: Row) -> bool:
            return not any(ref in doc.skipped for ref in row.refs.values())

        if old is not None and old["facts_sha256"] == doc.values["facts_sha256"] and not errors:
            for row in doc.entities:
                self.merge(row, old["id"])
            self.report.unchanged.append(doc.slug)
            return
        if old is None:
            doc_id = self.add("documents", dict(doc.values))
        else:
            doc_id = old["id"]
            docs = table_of("documents")
            self.conn.execute(update(docs).where(docs.c.id == doc_id).values(**doc.values))
            rel = table_of("actor_relations")
            triple = select(rel.c.subject_id, rel.c.relation, rel.c.object_id)
            self.triples_gone.update(
                tuple(r) for r in self.conn.execute(triple.where(rel.c.document_id == doc_id))
            )
            self.unsettled |= forget_facts(self.conn, doc_id)[1]
            self.inside = None  # its relations are gone
            declared = _declared_by(self.conn, doc_id)
            t = table_of("entity_declarations")
            self.conn.execute(delete(t).where(t.c.document_id == doc_id))
            self.recompute(declared)  # what it declared before, as the others declare it
        self.documents_written.add(doc_id)
        entities = [row for row in doc.entities if usable(row)]
        for row in entities:
            try:
                self.merge(row, doc_id)
            except SeedError as exc:
                errors.append(exc)
        if errors:  # its facts may refer to an entity it failed to declare
            entities = [row for row in entities if row.key in self.rows[row.table]]
        self.declare(entities, doc_id)
        self.names(entities, doc_id, new=old is None)
        self._text_is(doc_id, doc.values["sha256"])
        twins = self._twin_acts(doc_id)
        sources = {
            row.key: self.add(
                "document_sources", {**row.values, "document_id": doc_id, "key": row.key}
            )
            for row in doc.sources
        }
        statements: dict[str, int] = {}  # a document's facts may refer to its statements
        for row in doc.facts:
            if not usable(row):
                continue
            try:
                self._write_fact(row, doc, doc_id, twins, statements, sources)
            except SeedError as exc:
                errors.append(exc)
        if errors:
            raise SeedErrors(errors)
        self.report.facts_written += len(doc.facts)
        self.report.loaded.append(doc.slug)

    def _write_fact(
        self,
        row: Row,
        doc: Document,
        doc_id: int,
        twins: dict[tuple[str, str], int],
        statements: dict[str, int],
        sources: dict[str, int],
    ) -> None:
        """Queue the fact `row` of `doc` (its references resolved, its code and relation
        checked, its act to be found at the next flush), or raise its problems together."""
        values = {**row.values, "document_id": doc_id, "key": row.key}
        problems: list[SeedError] = []
        for column, (table, key) in row.refs.items():
            if table == "statements":
                if key not in statements:  # a statement with a problem: reported already
                    return
                values[column] = statements[key]
            else:
                try:
                    values[column] = self.id_of(table, key, row, column)
                except SeedError as exc:
                    problems.append(exc)
        try:
            self.check_cameo(row)
        except SeedError as exc:
            problems.append(exc)
        if problems:
            raise SeedErrors(problems)
        if row.table == "actor_relations":
            self._check_relation(row, values)
            self.triples_added.add((values["subject_id"], values["relation"], values["object_id"]))
        twin = twins.get((row.table, row.key))
        if row.act is None and twin is not None:
            values["act_id"] = twin
            self.unsettled.add(twin)
        else:
            act = row.act or f"{doc.slug}/{row.key}"
            values["_act"] = (next(self.told), act, row.part_of, row)
        fact_id = self.add(row.table, values)
        if row.table == "statements":
            statements[row.key] = fact_id
        for key in row.sources:
            if key in sources:  # an unknown one is among the document's problems
                link = {"source_id": sources[key], FACT_SOURCE_COLUMNS[row.table]: fact_id}
                self.add("fact_sources", link)

    def _text_is(self, doc_id: int, sha: str) -> None:
        """Record that document `doc_id` now has the text of digest `sha`."""
        old = self.text_of.get(doc_id)
        if old is not None:
            self.with_text[old].discard(doc_id)
        self.text_of[doc_id] = sha
        self.with_text.setdefault(sha, set()).add(doc_id)

    def _twin_acts(self, doc_id: int) -> dict[tuple[str, str], int]:
        """The acts of the facts of other loaded documents with the same text as `doc_id`,
        by (table, fact key): the same words tell of the same acts, whatever the slug."""
        twins = sorted(self.with_text[self.text_of[doc_id]] - {doc_id})
        if not twins:
            return {}
        self.flush()
        found: dict[tuple[str, str], int] = {}
        for table in FACT_TABLES:
            t = table_of(table)
            query = select(t.c.key, t.c.act_id).where(t.c.document_id.in_(twins))
            for key, act_id in self.conn.execute(query.order_by(t.c.id)):
                found.setdefault((table, key), act_id)
        return found

    def _resolve_acts(self) -> None:
        """Give each new fact row its act (`_act`: key, the act it is part of, its Row): the
        act of that key if there is one, else a new act, dated as the row is."""
        pending = [r for table in FACT_TABLES for r in self.inserts[table] if "_act" in r]
        if not pending:
            return
        pending.sort(key=lambda values: values["_act"][0])  # the same ids, however batched
        acts = table_of("acts")
        keys = sorted({r["_act"][1] for r in pending})
        known: dict[str, tuple[int, str]] = {}
        # A hundred keys a query: PostgreSQL then seeks them in acts' key index; with 500, it
        # may judge reading acts whole cheaper while the load grows it (docs/performance.md).
        for start in range(0, len(keys), ACT_KEYS_PER_QUERY):
            query = select(acts.c.key, acts.c.id, acts.c.kind)
            for key, id_, kind in self.conn.execute(
                query.where(acts.c.key.in_(keys[start : start + ACT_KEYS_PER_QUERY]))
            ):
                known[key] = (id_, kind)
        for values in pending:
            _, key, part_of, row = values.pop("_act")
            if key in known:
                act_id, kind = known[key]
                if kind != row.table:
                    raise row.error(
                        f"act {key!r} is a {LABELS[kind]}; a {LABELS[row.table]} cannot tell of it"
                    )
                self.unsettled.add(act_id)  # it has another row now
            else:
                section = SECTION_OF[row.table]
                day = values.get(section.date_column) if section.date_column else None
                act_id = self.add(
                    "acts",
                    {
                        "key": key,
                        "kind": row.table,
                        "occurred_on": day,
                        "date_precision": values.get("date_precision") if day else None,
                        "fact_id": values["id"],
                        "part_of_key": part_of,
                        "part_of_id": None,
                    },
                )
                known[key] = (act_id, row.table)
            values["act_id"] = act_id

    def _check_relation(self, row: Row, values: dict[str, Any]) -> None:
        """A relation joins the kinds of actor it is for, and puts no actor inside itself."""
        relation = values["relation"]
        (_, subject), (_, obj) = row.refs["subject_id"], row.refs["object_id"]
        if subject == obj:
            raise row.error(f"relations: {subject!r} {relation} itself")
        kinds = self.rows["actors"][subject]["kind"], self.rows["actors"][obj]["kind"]
        subjects, objects = RELATION_KINDS[relation]
        if kinds[0] not in subjects or kinds[1] not in objects:
            raise row.error(
                f"relations: {relation} cannot join {kinds[0]} {subject!r} to {kinds[1]} {obj!r} "
                f"({relation} joins a {' or '.join(sorted(subjects))} to a "
                f"{' or '.join(sorted(objects))})"
            )
        if relation not in CONTAINMENT:
            return
        if self.inside is None:  # who is inside whom: every part_of and member_of loaded
            self.flush()
            t = table_of("actor_relations")
            query = select(t.c.subject_id, t.c.object_id).where(t.c.relation.in_(CONTAINMENT))
            self.inside = {}
            for inner, outer in self.conn.execute(query):
                self.inside.setdefault(inner, set()).add(outer)
        inner, outer = values["subject_id"], values["object_id"]
        seen, frontier = {outer}, [outer]
        while frontier:
            current = frontier.pop()
            if current == inner:
                raise row.error(
                    f"relations: {subject!r} {relation} {obj!r} makes a cycle: {obj!r} is "
                    f"already inside {subject!r} (through part_of and member_of)"
                )
            for nxt in self.inside.get(current, ()):
                if nxt not in seen:
                    seen.add(nxt)
                    frontier.append(nxt)
        self.inside.setdefault(inner, set()).add(outer)

    def _relations_changed(self) -> bool:
        """Whether the set of relations (subject, relation, object) or the states changed:
        a relation added that no other document gave before, or one removed that no
        document gives now. (Many candidates: assume so rather than ask for each.)"""
        candidates = self.triples_gone ^ self.triples_added
        if self.states_changed or max(len(candidates), len(self.documents_written)) > SETTLE_BY_ID:
            return True
        t = table_of("actor_relations")
        for subject, relation, obj in candidates:
            query = select(t.c.id).where(
                t.c.subject_id == subject, t.c.relation == relation, t.c.object_id == obj
            )
            if (subject, relation, obj) in self.triples_added:  # did another document give it?
                query = query.where(t.c.document_id.not_in(sorted(self.documents_written)))
            if self.conn.execute(query.limit(1)).first() is None:
                return True
        return False

    def flush(self) -> None:
        """Write the new rows, parents first, then the changes to rows written before."""
        self._resolve_acts()
        for table in self.inserts:
            rows, self.inserts[table] = self.inserts[table], []
            if rows:
                _insert(self.conn, table, rows)
        self.written_below = dict(self.next_id)
        for (table, key), changes in self.updates.items():
            t = table_of(table)
            self.conn.execute(update(t).where(t.c.key == key).values(**changes))
        self.updates = {}
        self.pending = 0

    def finish(self) -> None:
        """Write what waits, settle the actors' names, and on PostgreSQL move each id
        sequence past the ids this load gave, for rows inserted by other means."""
        self.flush()
        settle_acts(self.conn, self.unsettled)
        self.unsettled = set()
        write_disputes(self.conn, self.disputes)
        self.disputes = set()
        settle_names(self.conn, self.renamed)
        if self._relations_changed():
            settle_states(self.conn)
        if self.dialect == "postgresql":
            for table, next_id in self.next_id.items():
                self.conn.execute(
                    text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :n, false)"),
                    {"t": table, "n": next_id},
                )


PRECISION_RANK = {"year": 0, "month": 1, "day": 2}
PRECISION_WIDTH = {"year": 4, "month": 7, "day": 10}  # characters of the ISO date it fixes


def _finer(a: tuple[dt.date, str], b: tuple[dt.date, str]) -> tuple[dt.date, str] | None:
    """Of two partial dates that agree (the coarser one's period holds the finer one), the
    finer; None if they cannot both be true."""
    coarse, fine = sorted((a, b), key=lambda d: PRECISION_RANK[d[1]])
    width = PRECISION_WIDTH[coarse[1]]
    return fine if coarse[0].isoformat()[:width] == fine[0].isoformat()[:width] else None


def nearest_cameo(code: str, codebook: Sequence[str] | dict[str, str]) -> list[str]:
    """The codes nearest an unknown one: of its length, under the longest prefix of it that
    the codebook has (its parent, else its family), the three numerically closest."""
    for end in range(len(code) - 1, 1, -1):
        if code[:end] in codebook:
            kin = [c for c in codebook if c.startswith(code[:end]) and len(c) == len(code)]
            kin = kin or [code[:end]]
            return sorted(sorted(kin, key=lambda c: abs(int(c) - int(code)))[:3])
    return []


def forget_facts(conn: Connection, doc_id: int) -> tuple[int, set[int]]:
    """Delete a document's fact rows and the sources it cites: how many rows, and the acts
    they told of (`settle_acts` removes those no row tells of any more)."""
    _delete_sources(conn, doc_id)
    count, acts = 0, set()
    for table in reversed(FACT_TABLES):
        t = table_of(table)
        acts.update(conn.execute(select(t.c.act_id).where(t.c.document_id == doc_id)).scalars())
        count += conn.execute(delete(t).where(t.c.document_id == doc_id)).rowcount
    acts.discard(None)
    return count, acts


def forget_disputes(conn: Connection, entities: set[tuple[str, str]]) -> None:
    """Delete what entity_disagreements says of `entities` ((table, key) pairs)."""
    t = table_of("entity_disagreements")
    keys = sorted({key for _, key in entities})
    for start in range(0, len(keys), 500):
        query = select(t.c.id, t.c.entity_table, t.c.entity_key)
        chosen = query.where(t.c.entity_key.in_(keys[start : start + 500]))
        gone = [i for i, table, key in conn.execute(chosen) if (table, key) in entities]
        if gone:
            conn.execute(delete(t).where(t.c.id.in_(gone)))


def write_disputes(conn: Connection, disputes: set[tuple[str, str, str]]) -> None:
    """Record each (table, key, column) of `disputes` in entity_disagreements, once."""
    if not disputes:
        return
    t = table_of("entity_disagreements")
    have = {tuple(r) for r in conn.execute(select(t.c.entity_table, t.c.entity_key, t.c.field))}
    new = sorted(disputes - have)
    if new:
        rows = [{"entity_table": a, "entity_key": b, "field": c} for a, b, c in new]
        conn.execute(insert(t), rows)


def _agreed(dates: list[tuple[dt.date, str]]) -> tuple[dt.date, str] | None:
    """The most precise of partial dates that can all be true; None if some cannot."""
    best = dates[0]
    for date in dates[1:]:
        finer = _finer(best, date)
        if finer is None:
            return None
        best = finer
    return best


def settle_acts(conn: Connection, ids: set[int]) -> None:
    """Work out again the acts `ids`, whose rows changed. An act no row tells of any more
    goes. Another takes the most precise date its rows agree on (the first row's, if they
    disagree) and the first row that gives it (`fact_id`, the row v_timeline shows); the
    values its rows give differently are listed in act_disagreements (`compared` in
    seeds/sections.py). Then each act that names the act it is part of is linked to it."""
    acts, disagreements = table_of("acts"), table_of("act_disagreements")
    ordered = sorted(ids)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        told: set[int] = set()
        found: list[dict[str, Any]] = []
        for section in FACT_SECTIONS:
            t = table_of(section.table)
            query = select(t).where(t.c.act_id.in_(chunk)).order_by(t.c.id)
            by_act: dict[int, list[Any]] = {}
            for r in conn.execute(query).mappings():
                by_act.setdefault(r["act_id"], []).append(r)
            told.update(by_act)
            for act_id, rows in by_act.items():
                date, fields = _compare(section, rows)
                changes = {"occurred_on": None, "date_precision": None, "fact_id": rows[0]["id"]}
                if date is not None:
                    shown = next(
                        r for r in rows if (r[section.date_column], r["date_precision"]) == date
                    )
                    changes = {
                        "occurred_on": date[0],
                        "date_precision": date[1],
                        "fact_id": shown["id"],
                    }
                conn.execute(update(acts).where(acts.c.id == act_id).values(**changes))
                found += [{"act_id": act_id, "field": field} for field in sorted(fields)]
        conn.execute(delete(disagreements).where(disagreements.c.act_id.in_(chunk)))
        if found:
            conn.execute(insert(disagreements), found)
        gone = [id_ for id_ in chunk if id_ not in told]
        if gone:
            conn.execute(delete(acts).where(acts.c.id.in_(gone)))
    conn.execute(
        text(
            "UPDATE acts SET part_of_id ="
            " (SELECT p.id FROM acts AS p WHERE p.key = acts.part_of_key)"
            " WHERE part_of_key IS NOT NULL AND part_of_id IS NULL"
            " AND EXISTS (SELECT 1 FROM acts AS p WHERE p.key = acts.part_of_key)"
        )
    )


def _compare(section: Section, rows: list[Any]) -> tuple[tuple[dt.date, str] | None, set[str]]:
    """Of one act's rows: the date they agree on (None if none is given), and the columns
    whose values they give differently."""
    precisions = dict(section.more_dates.values())
    if section.date_column:
        precisions[section.date_column] = "date_precision"
    date: tuple[dt.date, str] | None = None
    fields: set[str] = set()
    for column in section.compared:
        if column in precisions:
            given = [(r[column], r[precisions[column]]) for r in rows if r[column] is not None]
            agreed = _agreed(given) if given else None
            if given and agreed is None:
                fields.add(column)
                agreed = given[0]
            if column == section.date_column:
                date = agreed
        elif len({r[column] for r in rows if r[column] is not None}) > 1:
            fields.add(column)
    return date, fields


def _declared_by(conn: Connection, doc_id: int) -> set[tuple[str, str]]:
    """(table, key) of each entity the document declares."""
    t = table_of("entity_declarations")
    query = select(t.c.entity_table, t.c.entity_key).where(t.c.document_id == doc_id)
    return {(table, key) for table, key in conn.execute(query)}


def _delete_sources(conn: Connection, doc_id: int) -> None:
    """Delete the sources a document cites and the links of its facts to them."""
    sources, links = table_of("document_sources"), table_of("fact_sources")
    own = select(sources.c.id).where(sources.c.document_id == doc_id)
    conn.execute(delete(links).where(links.c.source_id.in_(own)))
    conn.execute(delete(sources).where(sources.c.document_id == doc_id))


def _lock(conn: Connection) -> None:
    """On PostgreSQL, wait for any other load or unload of this database to end; and plan
    each of the load's queries for its own values. psycopg prepares a query run five times,
    and PostgreSQL may keep one generic plan for it, made while the tables were small: the
    look-up of acts by key then read acts whole for every batch, and a load of 1,000
    documents took 130 s instead of 10 (docs/performance.md)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_LOAD_LOCK})
        conn.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))


def _dates(table: str, values: dict[str, Any]) -> dict[str, Any]:
    """Declared values as the loader holds them: a date column's ISO text as a date."""
    columns = table_of(table).c
    return {
        k: dt.date.fromisoformat(v)
        if k in columns and isinstance(columns[k].type, Date) and v
        else v
        for k, v in values.items()
    }


def _insert(conn: Connection, table: str, rows: list[dict[str, Any]]) -> None:
    """Insert `rows` with the bare driver: COPY on PostgreSQL, executemany on SQLite, which
    then adds them to the table's full-text index, if it has one (on PostgreSQL the search
    table's triggers do that, models/search.py)."""
    columns = [c.name for c in table_of(table).columns]
    names = ", ".join(columns)
    raw = conn.connection.driver_connection
    assert raw is not None
    if conn.dialect.name == "postgresql":
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row.get(c) for c in columns])
        return
    cells = [[row.get(c) for c in columns] for row in rows]
    for at, column in enumerate(table_of(table).columns):
        if isinstance(column.type, Date):  # as SQLAlchemy stores a date in SQLite: ISO text
            for cell in cells:
                if cell[at] is not None:
                    cell[at] = cell[at].isoformat()
    marks = ", ".join("?" for _ in columns)
    raw.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", cells)
    index = sqlite_index_new(table)
    if index is not None:  # full-text search: the new rows, in one statement
        raw.execute(index, (json.dumps([row["id"] for row in rows]),))


# Past this many actors, settle_names reads every actor's names, not the actors named.
SETTLE_BY_ID = 1_000


def settle_names(conn: Connection, ids: set[int] | None = None) -> None:
    """Set each actor's name (of those `ids`; None: of all) to the best one known: the
    reference data's, else the name given by the most recently published document still
    loaded (then the greatest slug and name)."""
    names, docs, actors = table_of("actor_names"), table_of("documents"), table_of("actors")
    if ids is not None and len(ids) > SETTLE_BY_ID:
        ids = None
    chunks = [None] if ids is None else [sorted(ids)[i : i + 500] for i in range(0, len(ids), 500)]
    for chunk in chunks:
        _settle_names(conn, names, docs, actors, chunk)


def _settle_names(
    conn: Connection, names: Any, docs: Any, actors: Any, ids: list[int] | None
) -> None:
    query = (
        select(names.c.actor_id, names.c.name, docs.c.published_on, docs.c.slug)
        .select_from(names.outerjoin(docs, docs.c.id == names.c.document_id))
        .where(names.c.name_type == "name")
    )
    current = select(actors.c.id, actors.c.name, actors.c.description)
    if ids is not None:
        query = query.where(names.c.actor_id.in_(ids))
        current = current.where(actors.c.id.in_(ids))
    best: dict[int, tuple[Any, ...]] = {}
    for actor_id, name, published, slug in conn.execute(query):
        rank = (1, "", "", name) if slug is None else (0, str(published), slug, name)
        if actor_id not in best or rank > best[actor_id]:
            best[actor_id] = rank
    for actor_id, old_name, description in conn.execute(current).all():
        name = best[actor_id][3] if actor_id in best else None
        if name != old_name and (name is not None or description is not None):
            conn.execute(update(actors).where(actors.c.id == actor_id).values(name=name))


# How an actor counts for a state, strongest first: `settle_states` keeps the strongest.
VIA = ("state", "organ", "official", "member")


def settle_states(conn: Connection) -> None:
    """Work out `actor_states` from the states and the relations: a state counts for itself;
    an actor `part_of` a state or an organ of it is an organ of that state; a person who
    `holds_position` in a state or an organ is its official; a group counts for the states
    that are (or whose organs are) its members, and for those of a group `part_of` it.
    `sole` marks the one state an actor other than a group counts for as itself, an organ or
    an official, when there is exactly one: the state the per-fact views show for it, which
    is also written to actors.state_id."""
    rel = table_of("actor_relations")
    states = [r for (r,) in conn.execute(select(table_of("states").c.actor_id))]
    kinds = dict(conn.execute(select(table_of("actors").c.id, table_of("actors").c.kind)).all())
    relations = conn.execute(select(rel.c.subject_id, rel.c.relation, rel.c.object_id)).all()
    counts: dict[int, dict[int, str]] = {s: {s: "state"} for s in states}

    def add(actor: int, state: int, via: str) -> bool:
        known = counts.setdefault(actor, {})
        if state in known and VIA.index(known[state]) <= VIA.index(via):
            return False
        known[state] = via
        return True

    changed = True
    while changed:  # until nothing new follows: chains of organs and of groups are short
        changed = False
        for subject, relation, obj in relations:
            group = kinds[obj] == "group"
            if relation in ("part_of", "holds_position") and not group:
                via = "organ" if relation == "part_of" else "official"
                for state, how in list(counts.get(obj, {}).items()):
                    if how in ("state", "organ"):
                        changed |= add(subject, state, via)
            elif group and relation in ("member_of", "part_of"):
                # a member state (or its organ), or a sub-group's member states
                wanted = ("state", "organ") if relation == "member_of" else ("member",)
                for state, how in list(counts.get(subject, {}).items()):
                    if how in wanted:
                        changed |= add(obj, state, "member")
    t = table_of("actor_states")
    wanted: dict[tuple[int, int], tuple[str, bool]] = {}
    for a, known in counts.items():
        # a group's states are its members': it is no one state's, even when part_of an organ
        own = [] if kinds.get(a) == "group" else [s for s, via in known.items() if via != "member"]
        for s, via in known.items():
            wanted[(a, s)] = (via, own == [s])
    have = {
        (a, s): (via, bool(sole))
        for a, s, via, sole in conn.execute(select(t.c.actor_id, t.c.state_id, t.c.via, t.c.sole))
    }
    for actor, state in sorted(k for k in have if wanted.get(k) != have[k]):  # only what changed
        conn.execute(delete(t).where(t.c.actor_id == actor, t.c.state_id == state))
    rows = [
        {"actor_id": a, "state_id": s, "via": via, "sole": sole}
        for (a, s), (via, sole) in sorted(wanted.items())
        if have.get((a, s)) != (via, sole)
    ]
    if rows:
        conn.execute(insert(t), rows)
    actors = table_of("actors")
    sole = {a: s for (a, s), (_, only) in wanted.items() if only}
    for actor, state in conn.execute(select(actors.c.id, actors.c.state_id)).all():
        if sole.get(actor) != state:  # only what changed
            conn.execute(
                update(actors).where(actors.c.id == actor).values(state_id=sole.get(actor))
            )


def _sync_states(store: Store, rows: list[Row]) -> None:
    t = table_of("states")
    existing = {r["actor_id"]: dict(r) for r in store.conn.execute(select(t)).mappings()}
    for row in rows:
        values = {**row.values, "actor_id": store.id_of("actors", row.key, row)}
        old = existing.get(values["actor_id"])
        if old is None:
            store.conn.execute(insert(t).values(**values))
            store.report.entities_inserted += 1
            store.states_changed = True
        elif any(old[c] != v for c, v in values.items()):
            store.conn.execute(update(t).where(t.c.actor_id == values["actor_id"]).values(**values))
            store.report.entities_updated += 1
            store.states_changed = True


def _write_all(
    store: Store,
    reference_dir: Path,
    docs: Iterable[Document | SeedError],
    total: int,
    progress: Progress,
    savepoints: list[SeedError] | None = None,
) -> None:
    """The body of `load` (and of `check`, which passes `savepoints`: a list that gathers
    each document's problems while the others go on)."""
    progress(f"reading the reference data ({reference_dir.name}/)")
    entities, states = parse_reference(reference_dir)
    store.reference = entities
    for row in sorted(entities, key=lambda row: ENTITY_TABLES.index(row.table)):
        store.merge(row, None)
    store.flush()
    _sync_states(store, states)
    store.names(entities, None)
    documents_table = table_of("documents")
    versions = select(documents_table.c.id, documents_table.c.slug, documents_table.c.facts_sha256)
    loaded: dict[str, dict[str, Any]] = {}
    if not store.lazy:
        loaded = {r.slug: dict(r._mapping) for r in store.conn.execute(versions)}

    def previous(slug: str) -> dict[str, Any] | None:
        """The loaded version of the document `slug`, if any."""
        if not store.lazy:
            return loaded.get(slug)
        found = store.conn.execute(versions.where(documents_table.c.slug == slug)).first()
        return None if found is None else dict(found._mapping)

    slugs: dict[str, Path] = {}
    waiting: list[Document] = []

    def write(doc: Document) -> None:
        if savepoints is None:
            store.write_document(doc, previous(doc.slug))
            if store.pending >= BATCH_ROWS:
                store.flush()
            return
        try:
            with store.conn.begin_nested():
                store.write_document(doc, previous(doc.slug))
                store.flush()
        except SeedError as exc:
            savepoints.append(exc)
            store.inserts = {t: [] for t in store.inserts}
            store.updates = {}
            store.reread()  # as the savepoint left them

    for number, doc in enumerate(_parsed(docs, savepoints), 1):
        if doc.slug in slugs:
            error = SeedError(
                doc.path, None, f"duplicate slug {doc.slug!r}, also in {slugs[doc.slug]}"
            )
            if savepoints is None:
                raise error
            savepoints.append(error)
            continue
        slugs[doc.slug] = doc.path
        if store.missing(doc):
            waiting.append(doc)  # it may refer to what a later document declares
            continue
        write(doc)
        progress(f"loaded {doc.slug}", number, total)
    while waiting:
        ready = [doc for doc in waiting if not store.missing(doc)]
        if not ready:  # what they refer to is declared nowhere: written, their errors tell
            ready = waiting
        for doc in ready:
            write(doc)
        waiting = [doc for doc in waiting if doc not in ready]
    progress("writing the last rows; settling acts, names and states")
    store.finish()


def _parsed(
    docs: Iterable[Document | SeedError], errors: list[SeedError] | None
) -> Iterator[Document]:
    """The documents of `docs`; an error is raised, or gathered in `errors` if given."""
    for doc in docs:
        if isinstance(doc, Document):
            yield doc
        elif errors is None:
            raise doc
        else:
            errors += doc.errors if isinstance(doc, SeedErrors) else [doc]


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
    sources = discover(paths)
    report = LoadReport()
    total = sum(_count(source) for source in sources)
    with _writer(engine).begin() as conn:
        store = Store(conn, report, lazy=total <= LAZY_DOCUMENTS)
        _write_all(store, reference_dir, documents(sources), total, progress)
        after_load(conn)
    return report


def _count(source: Path) -> int:
    if source.suffix != BUNDLE_SUFFIX:
        return 1
    with source.open("rb") as lines:
        return sum(1 for line in lines if line.strip())


def check(
    paths: Sequence[Path], reference_dir: Path = REFERENCE_DIR, engine: Engine | None = None
) -> dict[str, int]:
    """Validate: a load whose writes are thrown away. Returns each document's slug and fact
    rows; raises SeedErrors with every problem of the documents named.

    With `engine`, the load is into that database, rolled back: keys may be declared by what
    it holds, and whatever `load` would refuse there, `check` refuses. Without, it is into an
    in-memory SQLite database: keys may be declared by the reference data, by the documents
    checked, or by the other documents of the seeds folder (loaded first; their own problems
    are not reported).
    """
    sources = discover(paths)
    if engine is not None:
        return _check_in(engine, sources, reference_dir)
    given = {source.resolve() for source in sources}
    others = [
        facts.parent
        for facts in sorted(DOCUMENTS_DIR.glob(f"*/{FACTS_FILE}"))
        if facts.parent.resolve() not in given
    ]
    engine = make_engine("sqlite://", poolclass=StaticPool)
    upgrade(engine)  # built as a real database is, reference tables (CAMEO) included
    errors: list[SeedError] = []
    checked: dict[str, int] = {}

    try:
        with engine.begin() as conn:
            store = Store(conn, LoadReport())
            _write_all(store, reference_dir, documents(others), 0, _silent, [])
            _write_all(
                store, reference_dir, _counted(documents(sources), checked), 0, _silent, errors
            )
            conn.rollback()
    finally:
        engine.dispose()
    if errors:
        raise SeedErrors(errors)
    return checked


def _counted(
    docs: Iterable[Document | SeedError], checked: dict[str, int]
) -> Iterator[Document | SeedError]:
    """`docs`, each parsed document's fact rows counted in `checked` by its slug."""
    for doc in docs:
        if isinstance(doc, Document):
            checked[doc.slug] = len(doc.facts)
        yield doc


def _check_in(engine: Engine, sources: list[Path], reference_dir: Path) -> dict[str, int]:
    """`check` of `sources` against the database of `engine`: loaded, then rolled back."""
    errors: list[SeedError] = []
    checked: dict[str, int] = {}

    total = sum(_count(source) for source in sources)
    with engine.connect() as conn, conn.begin() as transaction:
        store = Store(conn, LoadReport(), lazy=total <= LAZY_DOCUMENTS)
        _write_all(store, reference_dir, _counted(documents(sources), checked), 0, _silent, errors)
        transaction.rollback()
    if errors:
        raise SeedErrors(errors)
    return checked


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
    entities, _ = parse_reference(reference_dir)
    reference_regimes = frozenset(r.key for r in entities if r.table == "sanction_regimes")
    with _writer(engine).begin() as conn:
        _lock(conn)
        docs = table_of("documents")
        doc_id = conn.execute(select(docs.c.id).where(docs.c.slug == slug)).scalar()
        if doc_id is None:
            raise UnknownDocument(f"no document {slug!r} is loaded")
        candidates = _mentioned_by(conn, doc_id)
        declared = _declared_by(conn, doc_id)
        for table, key in declared:
            candidates[table].update(
                conn.execute(
                    select(table_of(table).c.id).where(table_of(table).c.key == key)
                ).scalars()
            )
        facts, acts = forget_facts(conn, doc_id)
        names = table_of("actor_names")
        conn.execute(delete(names).where(names.c.document_id == doc_id))
        events = table_of("events")
        conn.execute(
            update(events)
            .where(events.c.document_id == doc_id)
            .values(document_id=None, char_start=None, char_end=None, quote=None)
        )
        decl = table_of("entity_declarations")
        conn.execute(delete(decl).where(decl.c.document_id == doc_id))
        conn.execute(delete(docs).where(docs.c.id == doc_id))
        store = Store(conn, LoadReport())
        store.reference = entities
        store.recompute(declared)  # what it declared, as the others declare it
        store.flush()
        settle_acts(conn, acts)
        write_disputes(conn, store.disputes)
        orphans = _remove_orphans(conn, candidates, reference_regimes)
        settle_names(conn)
        settle_states(conn)
    return UnloadReport(slug, facts, orphans)


def _mentioned_by(conn: Connection, doc_id: int) -> dict[str, set[int]]:
    """The actors, events, investigations and regimes a document's rows refer to."""
    found: dict[str, set[int]] = {table: set() for table in ENTITY_TABLES}
    for table in Base.metadata.sorted_tables:
        if "document_id" not in table.c:
            continue
        for fk in table.foreign_keys:
            target = fk.column.table.name
            if target in ENTITY_TABLES and fk.parent.name != "document_id":
                query = select(fk.parent).where(
                    table.c.document_id == doc_id, fk.parent.is_not(None)
                )
                found[target].update(conn.execute(query).scalars())
    events = table_of("events")
    found["events"].update(
        conn.execute(select(events.c.id).where(events.c.document_id == doc_id)).scalars()
    )
    return found


# Tables worked out from the others (settle_states): what they say mentions nothing.
DERIVED_TABLES = {"actor_states"}


def _is_mentioned(conn: Connection, table: str, id_: int) -> bool:
    for other in Base.metadata.sorted_tables:
        if other.name in DERIVED_TABLES:
            continue
        for fk in other.foreign_keys:
            mentions = select(fk.parent).where(fk.parent == id_).limit(1)
            if fk.column.table.name == table and conn.execute(mentions).first():
                return True
    return False


def _remove_orphans(
    conn: Connection, candidates: dict[str, set[int]], reference_regimes: frozenset[str]
) -> dict[str, int]:
    """Delete those `candidates` (actors, events, investigations, regimes) that nothing
    mentions. Reference actors stay (they have a reference name), and so do the regimes of
    `reference_regimes` and events whose date a loaded document states. What a removed row
    mentioned becomes a candidate in turn."""
    removed: dict[str, int] = {}
    pending = {table: set(ids) for table, ids in candidates.items()}
    while any(pending.values()):
        table = next(t for t, ids in pending.items() if ids)
        id_ = pending[table].pop()
        t = table_of(table)
        row = conn.execute(select(t).where(t.c.id == id_)).mappings().first()
        if row is None or _is_mentioned(conn, table, id_):
            continue
        if table == "events" and row["document_id"] is not None:
            continue
        if table == "sanction_regimes" and row["key"] in reference_regimes:
            continue
        for fk in t.foreign_keys:
            target = fk.column.table.name
            if target in ENTITY_TABLES and row[fk.parent.name] is not None:
                pending[target].add(row[fk.parent.name])
        conn.execute(delete(t).where(t.c.id == id_))
        removed[table] = removed.get(table, 0) + 1
    return removed
