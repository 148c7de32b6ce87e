"""Organs, officials and groups count for their states in v_state_activity (issue 17).

`actor_states` says which state each actor counts for: a state for itself; an organ (an
actor `part_of` a state or one of its organs: a government, a ministry, security forces) and
an official (a person who `holds_position` in the state or an organ) for that state; a group
for each of its member states. The loader fills it from the relations after every load and
unload. v_state_activity counts each fact once per state through it: the demands made of the
Government of Belarus are demands Belarus received, and a fact naming both a state and a group
it belongs to counts once for that state. Same columns, in the same order; counts are of
distinct facts.

Existing databases get an empty table, which the next `dossier build` (the loader's code
changed, so every document loads again) fills.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.view_files import replace_view

revision: str = "0015"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "actor_states",
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("state_id", sa.Integer(), nullable=False),
        sa.Column(
            "via",
            sa.String(length=10),
            nullable=False,
            comment="'state' (itself), 'organ', 'official' or 'member' (of a group)",
        ),
        sa.CheckConstraint(
            "via IN ('state', 'organ', 'official', 'member')",
            name=op.f("ck_actor_states_via_known"),
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actors.id"],
            name=op.f("fk_actor_states_actor_id_actors"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["state_id"],
            ["states.actor_id"],
            name=op.f("fk_actor_states_state_id_states"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("actor_id", "state_id", name=op.f("pk_actor_states")),
        comment="The state(s) each actor counts for in state views, and how.",
    )
    op.create_index(
        "ix_actor_states_state_id_actor_id", "actor_states", ["state_id", "actor_id"], unique=False
    )
    replace_view(op, "v_state_activity", "0015")


def downgrade() -> None:
    replace_view(op, "v_state_activity", "0006")
    op.drop_index("ix_actor_states_state_id_actor_id", table_name="actor_states")
    op.drop_table("actor_states")
