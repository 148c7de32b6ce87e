"""docs/schema.md is current, and its diagram shows exactly the tables, columns and foreign keys
a migrated database has, on SQLite and PostgreSQL."""

from __future__ import annotations

import re

from sqlalchemy import Engine, inspect

from models.search import is_search_table
from scripts.write_schema_doc import DOCS_PATH, REGENERATE, render


def _diagram() -> str:
    found = re.search(r"```mermaid\n(.*?)```", DOCS_PATH.read_text(encoding="utf-8"), re.S)
    assert found, "docs/schema.md holds a Mermaid block"
    return found.group(1)


def test_schema_doc_is_current() -> None:
    assert DOCS_PATH.read_text(encoding="utf-8") == render(), f"stale: run {REGENERATE}"


def test_diagram_matches_a_migrated_database(migrated_engine: Engine) -> None:
    diagram = _diagram()
    assert diagram.startswith("erDiagram\n")
    boxes = dict(re.findall(r"^    (\w+) \{\n(.*?)^    \}", diagram, re.S | re.M))
    columns = {
        table: [line.split()[1] for line in body.strip().splitlines()]
        for table, body in boxes.items()
    }
    db = inspect(migrated_engine)
    tables = sorted(
        t for t in db.get_table_names() if t != "alembic_version" and not is_search_table(t)
    )
    assert sorted(columns) == tables
    for table in tables:
        # As sets: a column a later migration adds sits last in the table, not where the
        # model declares it.
        assert sorted(columns[table]) == sorted(c["name"] for c in db.get_columns(table)), table

    drawn = sorted(
        re.findall(r'^    (\w+) (?:\|\||\|o)--(?:o\{|o\|) (\w+) : "([\w, ]+)"$', diagram, re.M)
    )
    expected = sorted(
        (fk["referred_table"], table, ", ".join(fk["constrained_columns"]))
        for table in tables
        for fk in db.get_foreign_keys(table)
    )
    assert drawn == expected
    assert ("actors", "sanctions", "target_id") in drawn
