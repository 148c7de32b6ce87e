"""A database's documents as a bundle (seeds/bundle.py reads them): `dossier export --format
bundle`. Loaded into an empty database with the same reference data, a bundle gives the same
content, on either engine."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any, TextIO

from sqlalchemy import Connection, select

from models import Base
from models.documents import FACT_SOURCE_COLUMNS
from seeds.parse import item_act
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


def _declared_item(
    section: Section, declared: dict[str, Any], key: str, text: str
) -> dict[str, Any]:
    """A declaration as the document made it: its stored values and references, as fields."""
    values, refs = declared["values"], declared["refs"]
    item: dict[str, Any] = {"key": key}
    for name, column in section.columns.items():
        if values.get(column) is not None:
            item[name] = values[column]
    for name, (column, _) in section.refs.items():
        if column in refs:
            item[name] = refs[column][1]
    if section.date_column and values.get(section.date_column) is not None:
        item["date"] = _date_text(values[section.date_column], values.get("date_precision"))
    _evidence(item, values, text)
    return item


def records(conn: Connection) -> Iterator[dict[str, Any]]:
    """Each document of the database as a bundle record, in the order they were loaded: its
    metadata and text, the entities it declared as it declared them (entity_declarations),
    and its facts."""
    db = _Database(conn)
    declarations = db.by_document("entity_declarations")
    cited = db.by_document("document_sources")
    rests_on: dict[tuple[str, int], list[str]] = {}  # (fact table, id) -> its sources' keys
    for link in db.rows["fact_sources"]:
        table, column = next((t, c) for t, c in FACT_SOURCE_COLUMNS.items() if link[c] is not None)
        source = db.key["document_sources"][link["source_id"]]
        rests_on.setdefault((table, link[column]), []).append(source)
    facts = {table: db.by_document(table) for table in (s.table for s in FACT_SECTIONS)}
    for doc in db.rows["documents"]:
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
            "sources": [_source_item(s) for s in cited.get(doc["id"], ())] or None,
        }
        record: dict[str, Any] = {"document": {k: v for k, v in meta.items() if v is not None}}
        for section in ENTITY_SECTIONS:
            items = [
                _declared_item(section, d["declared"], d["entity_key"], text)
                for d in declarations.get(doc["id"], ())
                if d["entity_table"] == section.table
            ]
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
                act = db.key["acts"][row["act_id"]]
                if "targets" in section.refs:
                    base, _, _ = row["key"].rpartition("/")
                    target = item.pop("targets")
                    if items and items[-1]["key"] == base:
                        items[-1]["targets"].append(target)
                        continue
                    item["key"], item["targets"] = base, [target]
                    act = act.removesuffix(f"/{target}")
                    named = act != f"{doc['slug']}/{base}"
                else:
                    named = act != (item_act(section, item) or f"{doc['slug']}/{row['key']}")
                if named:  # the act of another document's fact, or one a curator named
                    item = {"key": item["key"], "act": act, **item}
                if section.date_column and row.get(section.date_column) is not None:
                    item["date"] = _date_text(row[section.date_column], row["date_precision"])
                for name, (column, precision) in section.more_dates.items():
                    if row.get(column) is not None:
                        item[name] = _date_text(row[column], row[precision])
                _evidence(item, row, text)
                if (section.table, row["id"]) in rests_on:
                    item["sources"] = rests_on[section.table, row["id"]]
                items.append(item)
            if items:
                record[section.name] = items
        yield record


def _source_item(row: dict[str, Any]) -> dict[str, Any]:
    """A cited source as the document's `sources` list gives it."""
    item = {
        "key": row["key"],
        "publisher": row["publisher"],
        "title": row["title"],
        "date": _date_text(row["published_on"], row["date_precision"]),
        "url": row["url"],
        "kind": row["kind"],
    }
    return {k: v for k, v in item.items() if v is not None}


def write_bundle(conn: Connection, stream: TextIO) -> int:
    """Write the database's documents to `stream` as a bundle; how many."""
    count = 0
    for record in records(conn):
        stream.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
        count += 1
    return count
