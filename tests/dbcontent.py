"""Read a whole database's content, to compare before and after."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, inspect, text


def dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows (every column), sorted, keyed by table name."""
    names = sorted(inspect(engine).get_table_names())
    with engine.connect() as conn:
        return {
            name: sorted(
                (tuple(row) for row in conn.execute(text(f'SELECT * FROM "{name}"'))), key=repr
            )
            for name in names
        }
