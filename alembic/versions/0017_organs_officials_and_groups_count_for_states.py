"""Organs, officials and groups count for their states in v_state_activity (issue 17).

`actor_states` says which state each actor counts for: a state for itself; an organ (an
actor `part_of` a state or one of its organs: a government, a ministry, security forces) and
an official (a person who `holds_position` in the state or an organ) for that state; a group
for each of its member states. `sole` marks the one state an actor counts for other than
through a group, where there is one. The loader fills it from the relations after every load
and unload. v_state_activity counts each fact once per state through it: the demands made of
the Government of Belarus are demands Belarus received, and a fact naming both a state and a
group it belongs to counts once for that state. Same columns, in the same order; counts are of
distinct acts (0015), a group sanction whose members' sanctions are linked to it counting as
those.

Each count reads only index entries (docs/performance.md): the fact tables' actor columns'
indexes carry the row's act_id after the actor on both engines, events.location_id's the
event's id on PostgreSQL (INCLUDE), and event
participants are indexed by (actor_id, event_id), replacing the index on actor_id alone.

Existing databases get an empty table, which the next `dossier build` (the loader's code
changed, so every document loads again) fills.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.view_files import replace_view

revision: str = "0017"
down_revision: str | Sequence[str] | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, actor column) of the fact tables' indexes that carry the row's act after the actor,
# on both engines; events.location_id's index carries the event's id on PostgreSQL (SQLite's
# carries the rowid already).
COVERED = (
    ("statements", "speaker_id"),
    ("statements", "on_behalf_of_id"),
    ("demands", "demanded_by_id"),
    ("demands", "addressee_id"),
    ("sanctions", "authority_id"),
    ("sanctions", "target_id"),
)


def _cover(include: bool) -> None:
    """Build each COVERED index again, with what it carries, or (`include` False) without,
    as 0001 made it."""
    for table, column in COVERED:
        name = f"ix_{table}_{column}"
        op.drop_index(name, table_name=table)
        op.create_index(name, table, [column, "act_id"] if include else [column], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_events_location_id", table_name="events")
        kept = ["id"] if include else []
        op.create_index("ix_events_location_id", "events", ["location_id"], postgresql_include=kept)


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
        sa.Column(
            "sole",
            sa.Boolean(),
            nullable=False,
            comment="True when this is the one state the actor (not a group) counts for as itself,"
            " an organ or an official: the state the per-fact views' *_iso3 columns show for it",
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
    op.create_index(
        "ix_event_participants_actor_id_event_id",
        "event_participants",
        ["actor_id", "event_id"],
        unique=False,
    )
    op.drop_index("ix_event_participants_actor_id", table_name="event_participants")
    _cover(True)
    replace_view(op, "v_state_activity", "0017")


def downgrade() -> None:
    replace_view(op, "v_state_activity", "0015")
    _cover(False)
    op.create_index(
        "ix_event_participants_actor_id", "event_participants", ["actor_id"], unique=False
    )
    op.drop_index("ix_event_participants_actor_id_event_id", table_name="event_participants")
    op.drop_index("ix_actor_states_state_id_actor_id", table_name="actor_states")
    op.drop_table("actor_states")
