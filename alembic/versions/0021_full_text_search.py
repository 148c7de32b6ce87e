"""Full-text search over every fact's words and every document's text (issue 19).

Searched: each fact table's quote, and its text where it has one (statements, findings,
demands), and each document's title and text; `dossier search` reads them
(models/search.py).

- SQLite: an FTS5 table `<table>_fts` per table (tokenizer porter unicode61), external
  content (the table's own rows, by id), filled from the rows already there. The loader
  indexes the rows it inserts, one statement per table per batch; two triggers per table
  keep it current after a DELETE (unload, reload) and an UPDATE of the searched columns.
  (No INSERT trigger: FTS5 writes its pending index out at the end of each statement, so a
  trigger fired by every row of the loader's executemany made a million-fact load three
  times as long.) These tables are not in the models: alembic/env.py leaves them out of
  `alembic check`. Datasette finds each by its `content="<table>"` and shows a search box
  on the table.
- PostgreSQL: a table <table>_fts per table too, (id, vector), the row's
  to_tsvector('english', <columns joined by a space>), with a GIN index on the vector, kept
  by two statement-level triggers (after INSERT, the loader's COPY, and after UPDATE: one
  INSERT … ON CONFLICT of the rows written) and by its id's ON DELETE CASCADE. Not an
  expression index: ranking reads each match's vector, and computing it again from the text
  made a one-word search at a million facts take 2 s. Not a stored column of the table
  either: the vectors of a narrow table are read from ten times fewer pages.

The list of tables and columns is this revision's own; the statements come from
models/search.py, which keeps what they do for merged migrations.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-05
"""

from collections.abc import Sequence

from alembic import op

from models.search import postgresql_create, postgresql_drop, sqlite_create, sqlite_drop

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
        create = sqlite_create if sqlite else postgresql_create
        for statement in create(table, columns):
            op.execute(statement)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in reversed(SEARCHED):
        for statement in (sqlite_drop if sqlite else postgresql_drop)(table):
            op.execute(statement)
