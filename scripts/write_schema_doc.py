"""Write docs/schema.md: an entity-relationship diagram (Mermaid) generated from the models.

    .venv/bin/python -m scripts.write_schema_doc          # rewrite docs/schema.md
    .venv/bin/python -m scripts.write_schema_doc --check  # exit 1 if docs/schema.md is stale

Everything comes from `Base.metadata`: each table with its columns (type, PK / FK / UK, the
column's comment, whether it may be NULL), and one relationship per foreign key. The
migrations build the same schema (`alembic check` proves no drift), and tests/test_schema_doc.py
checks that the file is current and names exactly the tables a migrated database has.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from sqlalchemy import Column, ForeignKeyConstraint, Table, UniqueConstraint

from models import Base
from models.migrations import PROJECT_ROOT
from models.view_catalog import VIEWS
from scripts.generated_doc import write_or_check

DOCS_PATH = PROJECT_ROOT / "docs" / "schema.md"
REGENERATE = ".venv/bin/python -m scripts.write_schema_doc"


def _mermaid_text(value: str) -> str:
    """A comment or label Mermaid can hold between double quotes."""
    return " ".join(value.replace('"', "'").split())


def _unique_columns(table: Table) -> set[str]:
    single = {c.name for c in table.columns if c.unique}
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint) and len(constraint.columns) == 1:
            single |= {c.name for c in constraint.columns}
    return single


def _attribute(table: Table, column: Column[object], unique: set[str]) -> str:
    keys = []
    if column.primary_key:
        keys.append("PK")
    if column.foreign_keys:
        keys.append("FK")
    if column.name in unique and not column.primary_key:
        keys.append("UK")
    notes = []
    if column.nullable and not column.primary_key:
        notes.append("nullable")
    if column.comment:
        notes.append(column.comment)
    line = f"        {str(column.type).replace(' ', '_')} {column.name}"
    if keys:
        line += " " + ", ".join(keys)
    if notes:
        line += f' "{_mermaid_text("; ".join(notes))}"'
    return line


def _relationships(tables: Sequence[Table]) -> list[str]:
    lines = []
    for table in tables:
        unique = _unique_columns(table)
        for fk in sorted(
            (c for c in table.constraints if isinstance(c, ForeignKeyConstraint)),
            key=lambda c: [col.name for col in c.columns],
        ):
            columns = list(fk.columns)
            parent = fk.referred_table.name
            optional = any(c.nullable for c in columns)
            one_to_one = len(columns) == 1 and (columns[0].primary_key or columns[0].name in unique)
            left = "|o" if optional else "||"
            right = "o|" if one_to_one else "o{"
            label = ", ".join(c.name for c in columns)
            lines.append(f'    {parent} {left}--{right} {table.name} : "{label}"')
    return lines


def mermaid() -> str:
    """The erDiagram of every table in Base.metadata, tables in name order."""
    tables = sorted(Base.metadata.tables.values(), key=lambda t: t.name)
    lines = ["erDiagram"]
    for table in tables:
        unique = _unique_columns(table)
        lines.append(f"    {table.name} {{")
        lines += [_attribute(table, column, unique) for column in table.columns]
        lines.append("    }")
    lines += _relationships(tables)
    return "\n".join(lines) + "\n"


def _composite_keys(table: Table) -> str:
    keys = [
        "(" + ", ".join(c.name for c in constraint.columns) + ")"
        for constraint in table.constraints
        if isinstance(constraint, UniqueConstraint) and len(constraint.columns) > 1
    ]
    return ", ".join(sorted(keys)) or "–"


def render() -> str:
    tables = sorted(Base.metadata.tables.values(), key=lambda t: t.name)
    rows = "\n".join(f"| `{t.name}` | {t.comment or ''} | {_composite_keys(t)} |" for t in tables)
    views = ", ".join(f"[`{v.name}`](views.md#{v.name})" for v in VIEWS)
    return f"""\
# The schema

<!-- Generated from the models (Base.metadata) by `{REGENERATE}`.
     Do not edit by hand: change the models (and add a migration), then regenerate. -->

The normalized tables, as the models declare them and the migrations build them on SQLite and
PostgreSQL. Each box is a table: its columns with their types, `PK` (primary key), `FK`
(foreign key), `UK` (unique), and a note saying whether the column may be NULL and what it
holds. Each line is a foreign key, labelled with its column: `||` the row it points at always
exists, `|o` the key may be NULL; `o{{` many rows may point at one, `o|` at most one.

Every fact table (`statements`, `findings`, `sanctions`, `demands`, `actor_relations`,
`event_participants`) carries `document_id` and the span `[char_start, char_end)` of the
words that support it, with those words in `quote`. A document's cited sources are
`document_sources` (unique by key within the document); a fact names those it rests on through
`fact_sources`, which has one nullable foreign key per fact table, exactly one of them set in
each row (a CHECK): every link is a real foreign key that goes with its fact (ON DELETE
CASCADE), and `v_evidence` reads each fact table's own column, with the same SQL on SQLite and
PostgreSQL but for the string aggregation.

```mermaid
{mermaid()}```

## Tables

| table | what it holds | unique together |
| --- | --- | --- |
{rows}

## Views

Reporting tools read the views, not the tables: {views}. Their columns and an example
query each are in [views.md](views.md).
"""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    args = parser.parse_args(argv)
    return write_or_check(DOCS_PATH, render(), REGENERATE, args.check)


if __name__ == "__main__":
    sys.exit(main())
