"""The columns each table's rows are written with, read from the models' table definitions.

A fact row travels from the parser to the database as its cells in `fact_columns` order, so the
parser, which builds them, and the loader, which fills in ids and writes them, share these.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import Date, Table

from models import Base
from seeds.sections import DOCUMENT_SCOPED_TABLES, FACT_SECTIONS


def table_of(name: str) -> Table:
    return Base.metadata.tables[name]


@cache
def columns_of(table: str) -> tuple[str, ...]:
    return tuple(c.name for c in table_of(table).columns)


@cache
def fact_columns(table: str) -> tuple[str, ...]:
    """The columns a fact row is written with: all but the id, which the database gives,
    unless other facts of its document refer to the row by id (a statement)."""
    if table in DOCUMENT_SCOPED_TABLES:
        return columns_of(table)
    return tuple(c for c in columns_of(table) if c != "id")


@cache
def ref_cells(table: str) -> tuple[tuple[int, str], ...]:
    """Where a fact row of `table` holds each reference (a key, until the loader makes it an
    id), and the table it refers to."""
    columns = fact_columns(table)
    return tuple(
        (columns.index(column), ref_table)
        for section in FACT_SECTIONS
        if section.table == table
        for column, ref_table in section.refs.values()
    )


@cache
def date_columns(table: str) -> frozenset[str]:
    return frozenset(c.name for c in table_of(table).columns if isinstance(c.type, Date))
