"""A database's documents as a bundle (seeds/bundle.py reads them): `dossier export --format
bundle`. Loaded into an empty database with the same reference data, a bundle gives the same
content, on either engine."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Connection, select

from models import Base
from seeds.parse import parse_reference
from seeds.sections import ENTITY_SECTIONS, FACT_SECTIONS, Section
from seeds.spans import occurrences


def _date_text(day: Any, precision: str | None) -> str | None:
    if day is None:
        return None
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return day.isoformat()[: {"day": 10, "month": 7, "year": 4}[precision or "day"]]


def _evidence(item: dict[str, Any], row: dict[str, Any], text: str) -> None:
    """The item's quote, with its occurrence where the quote occurs more than once."""
    if row.get("quote") is None:
        return
    item["quote"] = row["quote"]
    found = occurrences(text, row["quote"])
    if len(found) > 1:
        item["occurrence"] = found.index(row["char_start"]) + 1


class _Database:
    """A database's rows, read once, with each row's key by table and id."""

    def __init__(self, conn: Connection) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = {}
        for table in Base.metadata.sorted_tables:
            order = table.c.id if "id" in table.c else next(iter(table.primary_key))
            self.rows[table.name] = [
                dict(r) for r in conn.execute(select(table).order_by(order)).mappings()
            ]
        self.key = {
            name: {r["id"]: r["key"] for r in rows}
            for name, rows in self.rows.items()
            if rows and "key" in rows[0]
        }

    def by_document(self, table: str) -> dict[int, list[dict[str, Any]]]:
        grouped: dict[int, list[dict[str, Any]]] = {}
        for row in self.rows[table]:
            grouped.setdefault(row["document_id"], []).append(row)
        return grouped


def _refs(section: Section, row: dict[str, Any], db: _Database) -> dict[str, str]:
    """A row's references as the keys a record gives."""
    return {
        name: db.key[table][row[column]]
        for name, (column, table) in section.refs.items()
        if row.get(column) is not None
    }


def _entity_item(section: Section, row: dict[str, Any], db: _Database) -> dict[str, Any]:
    item: dict[str, Any] = {"key": row["key"]}
    for name, column in section.columns.items():
        if column != "aliases" and row.get(column) is not None:
            item[name] = row[column]
    item.update(_refs(section, row, db))
    if section.date_column and row.get(section.date_column) is not None:
        item["date"] = _date_text(row[section.date_column], row["date_precision"])
    return item


def records(conn: Connection, reference_dir: Path) -> Iterator[dict[str, Any]]:
    """Each document of the database as a bundle record, in the order they were loaded.

    An entity is declared by the document that states its evidence (an event's quote), else
    by the first document that needs it (that refers to it, or gives it a name); the names and
    aliases of actors go with the documents that gave them."""
    db = _Database(conn)
    reference_entities, _ = parse_reference(reference_dir)
    reference = {(r.table, r.key): r for r in reference_entities}
    sections = {s.table: s for s in (*ENTITY_SECTIONS, *FACT_SECTIONS)}
    names = db.by_document("actor_names")
    facts = {table: db.by_document(table) for table in (s.table for s in FACT_SECTIONS)}
    entity_rows = {
        t: {r["id"]: r for r in db.rows[t]}
        for t in ("actors", "events", "sanction_regimes", "investigations")
    }
    declared_by: dict[tuple[str, int], int] = {}

    def needs_declaring(table: str, row: dict[str, Any]) -> bool:
        ref = reference.get((table, row["key"]))
        if ref is None:
            return True
        resolved = {c: v for c, v in ref.values.items() if c != "aliases"}
        return any(row.get(c) is not None and row.get(c) != v for c, v in resolved.items())

    def claim(table: str, id_: int, doc_id: int, names_it: bool = False) -> None:
        row = entity_rows[table][id_]
        if (table, id_) in declared_by or not needs_declaring(table, row):
            return
        if table == "actors" and row["description"] is None and not names_it:
            return  # known by name only: the first document that names it declares it
        declared_by[table, id_] = doc_id
        for column, ref_table in ((c, t) for c, t in sections[table].refs.values()):
            if row.get(column) is not None:
                claim(ref_table, row[column], doc_id)

    documents = db.rows["documents"]
    for row in db.rows["events"]:
        if row["document_id"] is not None:
            claim("events", row["id"], row["document_id"])
    for doc in documents:
        for name in names.get(doc["id"], ()):
            claim("actors", name["actor_id"], doc["id"], name["name_type"] == "name")
        for table, by_doc in facts.items():
            for row in by_doc.get(doc["id"], ()):
                for column, ref_table in sections[table].refs.values():
                    if ref_table in entity_rows and row.get(column) is not None:
                        claim(ref_table, row[column], doc["id"])
    if documents:  # what no document needs, the first one declares
        for table, rows in entity_rows.items():
            for id_ in rows:
                claim(table, id_, documents[0]["id"], names_it=True)

    for doc in documents:
        text = doc["body_text"]
        meta = {
            "slug": doc["slug"],
            "title": doc["title"],
            "publisher": doc["publisher"],
            "document_type": doc["document_type"],
            "published_on": _date_text(doc["published_on"], "day"),
            "url": doc["url"],
            "licence": doc["licence"],
            "language": doc["language"],
            "text_sha256": doc["sha256"],
            "text": text,
        }
        record: dict[str, Any] = {"document": {k: v for k, v in meta.items() if v is not None}}
        given = {}  # actor id -> its name and aliases as this document gives them
        for name in names.get(doc["id"], ()):
            entry = given.setdefault(name["actor_id"], {"aliases": []})
            if name["name_type"] == "name":
                entry["name"] = name["name"]
            else:
                entry["aliases"].append(name["name"])
        for section in ENTITY_SECTIONS:
            items = []
            for id_, row in entity_rows[section.table].items():
                mine = declared_by.get((section.table, id_)) == doc["id"]
                if not mine and not (section.table == "actors" and id_ in given):
                    continue
                item = (
                    _entity_item(section, row, db)
                    if mine
                    else {"key": row["key"], "kind": row["kind"]}
                )
                if section.table == "actors":
                    item.pop("name", None)
                    if mine and (ref := reference.get(("actors", row["key"]))) is not None:
                        for column in ("description", "wikidata"):
                            if ref.values.get(section.columns[column]) == item.get(column):
                                item.pop(column, None)
                    item.update({k: v for k, v in given.get(id_, {}).items() if v})
                if section.table == "events" and row["document_id"] == doc["id"]:
                    _evidence(item, row, text)
                items.append(item)
            if items:
                record[section.name] = items
        own_statements = {r["id"]: r["key"] for r in facts["statements"].get(doc["id"], ())}
        for section in FACT_SECTIONS:
            items = []
            for row in facts[section.table].get(doc["id"], ()):
                item = {"key": row["key"]}
                for name, column in section.columns.items():
                    if row.get(column) is not None:
                        item[name] = row[column]
                if section.text_defaults_to_quote and item.get("text") == row["quote"]:
                    del item["text"]
                for name, (column, table) in section.refs.items():
                    if row.get(column) is None:
                        continue
                    keys = own_statements if table == "statements" else db.key[table]
                    item[name] = keys[row[column]]
                if "targets" in section.refs:
                    base, _, _ = row["key"].rpartition("/")
                    target = item.pop("targets")
                    if items and items[-1]["key"] == base:
                        items[-1]["targets"].append(target)
                        continue
                    item["key"], item["targets"] = base, [target]
                if section.date_column and row.get(section.date_column) is not None:
                    item["date"] = _date_text(row[section.date_column], row["date_precision"])
                _evidence(item, row, text)
                items.append(item)
            if items:
                record[section.name] = items
        yield record


def write_bundle(conn: Connection, stream: TextIO, reference_dir: Path) -> int:
    """Write the database's documents to `stream` as a bundle; how many."""
    count = 0
    for record in records(conn, reference_dir):
        stream.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
        count += 1
    return count
