"""Index actors by the name the views show, so look-ups by actor seek (issue 7).

The contract views show an actor as COALESCE(name, description) (speaker, target,
demanded_by, participant, …). A filter on one of those columns could only be served by
reading `actors` whole (38–71 ms on SQLite at a million facts). An expression index on
exactly that expression lets both engines find the actor by index and then seek its facts:

- SQLite uses an expression index only for an identical expression over the table's columns:
  the views write COALESCE(<alias>.name, <alias>.description), which is that expression.
- PostgreSQL matches the expression tree, whatever the alias; both columns are text, so no
  cast comes between.

SQLAlchemy cannot reflect expression indexes on SQLite; alembic/env.py leaves them out of
the model comparison there. This revision carries its own SQL and reads nothing a later
change may edit.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29

"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE INDEX ix_actors_label ON actors (COALESCE(name, description))")


def downgrade() -> None:
    op.execute("DROP INDEX ix_actors_label")
