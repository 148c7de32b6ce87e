"""Migrations with data: down to each earlier revision and up again, the rows survive.

On a built database (schema at head, every seed loaded), downgrading to an earlier revision and
upgrading back keeps every row of every table the migrations in between do not change, and of
a table they do change, every row's values in the columns it has at both ends.
"""

from __future__ import annotations

from typing import Any

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from models.migrations import alembic_config, downgrade, upgrade

Table = tuple[tuple[str, ...], list[tuple[Any, ...]]]  # column names, sorted rows

REVISIONS = [
    script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()
]
HEAD, EARLIER = REVISIONS[0], REVISIONS[1:]


def dump(engine: Engine) -> dict[str, Table]:
    """Every table: its columns (sorted by name) and its rows in that order, sorted."""
    inspector = inspect(engine)
    tables: dict[str, Table] = {}
    with engine.connect() as conn:
        for name in sorted(inspector.get_table_names()):
            columns = tuple(sorted(c["name"] for c in inspector.get_columns(name)))
            select = ", ".join(f'"{c}"' for c in columns)
            rows = [tuple(r) for r in conn.execute(text(f'SELECT {select} FROM "{name}"'))]
            tables[name] = (columns, sorted(rows, key=repr))
    return tables


def project(table: Table, columns: tuple[str, ...]) -> list[tuple[Any, ...]]:
    """The table's rows in just `columns`, sorted."""
    names, rows = table
    at = [names.index(c) for c in columns]
    return sorted((tuple(row[i] for i in at) for row in rows), key=repr)


def evidence(engine: Engine) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT fact_table, fact_id, document_slug, char_start, char_end, quote, "
                "quote_matches FROM v_evidence"
            )
        )
        return sorted((tuple(r) for r in rows), key=repr)


def test_there_are_earlier_revisions() -> None:
    assert len(REVISIONS) >= 2
    assert REVISIONS[-1] == "0001"


@pytest.mark.parametrize("revision", EARLIER)
def test_down_to_an_earlier_revision_and_up_again_keeps_the_rows(
    revision: str, built_engine: Engine
) -> None:
    before = dump(built_engine)
    proof = evidence(built_engine)
    assert before["documents"][1] and before["statements"][1], "the database was built first"
    assert proof and {row[-1] for row in proof} == {1}

    downgrade(built_engine, revision)
    at_revision = dump(built_engine)
    assert at_revision["alembic_version"][1] == [(revision,)]
    kept = sorted(set(at_revision) & set(before) - {"alembic_version"})
    assert kept, f"no table outlives a downgrade to {revision}"
    assert set(at_revision) - {"alembic_version"} <= set(before), "a downgrade made a table"
    for name in kept:
        columns = at_revision[name][0]
        assert set(columns) <= set(before[name][0]), f"{name} gained columns going down"
        assert at_revision[name][1] == project(before[name], columns), (
            f"rows of {name} changed going down to {revision}"
        )

    upgrade(built_engine)
    after = dump(built_engine)
    assert after["alembic_version"][1] == [(HEAD,)]
    assert set(after) == set(before)
    for name in kept:
        columns = at_revision[name][0]
        if after[name][0] == before[name][0] == columns:  # a table no migration changed
            assert after[name] == before[name], f"rows of {name} lost going up from {revision}"
        else:
            assert project(after[name], columns) == project(before[name], columns), (
                f"rows of {name} changed going up from {revision}"
            )
    if any(name == "v_evidence" for name in inspect(built_engine).get_view_names()):
        assert evidence(built_engine) == proof
