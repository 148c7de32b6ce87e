"""Full-text search over every fact's words and every document's text (issue 19).

Searched: each fact table's quote, and its text where it has one (statements, findings,
demands), and each document's title and text; `dossier search` reads them
(models/search.py).

- SQLite: an FTS5 table `<table>_fts` per table (tokenizer porter unicode61), external
  content (the table's own rows, by id), filled from the rows already there and kept current
  by three triggers per table (after INSERT, DELETE and UPDATE of the searched columns), so
  the loader's executemany inserts and its deletes (unload, reload) keep it current as they
  are. These tables are not in the models: alembic/env.py leaves them out of `alembic check`.
  Datasette finds each by its `content="<table>"` and shows a search box on the table.
- PostgreSQL: a GIN index per table on to_tsvector('english', <columns joined by a space>),
  an expression over the row's own columns, so COPY needs nothing more. The models declare
  these indexes. The index finds the rows fast, but ranking them computes each matching row's
  tsvector again (about 30 µs a row): a stored tsvector column would rank faster, at the cost
  of the loader's COPY, which names every model column, leaving it out.

The list of tables and columns is this revision's own; the statements come from
models/search.py, which keeps what they do for merged migrations.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.search import index_name, sqlite_create, sqlite_drop, tsvector_sql

revision: str = "0021"
down_revision: str | Sequence[str] | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEARCHED = {
    "statements": ("quote", "text"),
    "findings": ("quote", "text"),
    "sanctions": ("quote",),
    "demands": ("quote", "text"),
    "event_participants": ("quote",),
    "actor_relations": ("quote",),
    "documents": ("title", "body_text"),
}


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, columns in SEARCHED.items():
        if sqlite:
            for statement in sqlite_create(table, columns):
                op.execute(statement)
        else:
            op.create_index(
                index_name(table),
                table,
                [sa.text(tsvector_sql(columns))],
                unique=False,
                postgresql_using="gin",
            )


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in reversed(SEARCHED):
        if sqlite:
            for statement in sqlite_drop(table):
                op.execute(statement)
        else:
            op.drop_index(index_name(table), table_name=table)
