"""Relations carry the dates they held from and until; two new views, v_relations and
v_actors (issue 17).

- actor_relations: started_on/started_precision and ended_on/ended_precision, partial dates as
  elsewhere (a position "until 29 October 2020"), each NULL when not known;
- v_relations: every relation with both actors' names, kinds and ISO codes, and its dates;
- v_actors: every actor with its kind, ISO code, names, aliases and posts (its holds_position
  relations), one row each.

The views' SQL is in alembic/views/v_relations/0014.*.sql and alembic/views/v_actors/0014.*.sql.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.view_files import replace_view

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PRECISIONS = "('day', 'month', 'year')"


def upgrade() -> None:
    with op.batch_alter_table("actor_relations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "started_on",
                sa.Date(),
                nullable=True,
                comment="Since when it holds (first day of the known period); NULL if not known",
            )
        )
        batch_op.add_column(sa.Column("started_precision", sa.String(length=5), nullable=True))
        batch_op.add_column(
            sa.Column(
                "ended_on",
                sa.Date(),
                nullable=True,
                comment="Until when it held (first day of the known period); NULL if not known",
            )
        )
        batch_op.add_column(sa.Column("ended_precision", sa.String(length=5), nullable=True))
        batch_op.create_check_constraint(
            "started_precision_known", f"started_precision IN {PRECISIONS}"
        )
        batch_op.create_check_constraint(
            "started_has_precision", "(started_on IS NULL) = (started_precision IS NULL)"
        )
        batch_op.create_check_constraint(
            "ended_precision_known", f"ended_precision IN {PRECISIONS}"
        )
        batch_op.create_check_constraint(
            "ended_has_precision", "(ended_on IS NULL) = (ended_precision IS NULL)"
        )
    replace_view(op, "v_relations", "0014")
    replace_view(op, "v_actors", "0014")


def downgrade() -> None:
    replace_view(op, "v_actors", None)
    replace_view(op, "v_relations", None)
    with op.batch_alter_table("actor_relations", schema=None) as batch_op:
        for name in (
            "ended_has_precision",
            "ended_precision_known",
            "started_has_precision",
            "started_precision_known",
        ):
            batch_op.drop_constraint(op.f(f"ck_actor_relations_{name}"), type_="check")
        batch_op.drop_column("ended_precision")
        batch_op.drop_column("ended_on")
        batch_op.drop_column("started_precision")
        batch_op.drop_column("started_on")
