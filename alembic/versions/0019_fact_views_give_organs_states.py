"""The per-fact views give an organ's or official's state, say how, and name the act (issue 17).

v_statements, v_demands, v_sanctions, v_findings, v_event_participants and v_relations: each
`*_iso3` column now gives the state the actor is, or is an organ or official of, when there is
exactly one (actor_states.sole, 0017): the demands made of the Government of Belarus have
addressee_iso3 'BLR'. It stays NULL for groups of states and for actors of no state (a person
without a post). Appended at the end of each view, in this order: a `*_via` column per ISO
column ('state' when the actor is the state, else 'official' for a person, 'organ' for an
organization; NULL when the ISO column is), then `act`, the global key of the act the row
tells of (acts.key of its act_id, 0015).

actors.state_id (new, kept by the loader from actor_states) holds that one state, so each
view joins the state from the actor as before (`states.actor_id = actor.state_id` instead of
`= actor.id`): a look-up by state starts from the state on both engines (SQLite makes the
filtered LEFT JOIN an inner one), then the actors of that state by ix_actors_state_id, then
the facts by their actor column's index. The index on state_id is partial (not NULL), so that
the statistics count each state's actors rather than the many actors of no state. A first version joined actor_states between the
actor and the state; SQLite could not start from the state through it, and a view per
combination of joined and absent states took 12 arms (docs/performance.md).

The views' SQL is in alembic/views/<view>/0019.*.sql.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.view_files import replace_view

revision: str = "0019"
down_revision: str | Sequence[str] | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATE = (
    "The state it is, or is an organ or official of, when exactly one"
    " (actor_states.sole); worked out by the loader, read by the per-fact views"
)

# Each view 0019 redefines, with the revision of its previous file.
PREVIOUS = {
    "v_statements": "0016",
    "v_demands": "0013",
    "v_sanctions": "0009",
    "v_findings": "0010",
    "v_event_participants": "0009",
    "v_relations": "0014",
}


def upgrade() -> None:
    fk = op.f("fk_actors_state_id_actors")
    if op.get_bind().dialect.name == "sqlite":  # in place: a rebuild would fire ON DELETE
        op.execute(
            f"ALTER TABLE actors ADD COLUMN state_id INTEGER CONSTRAINT {fk} REFERENCES actors (id)"
        )
    else:
        op.add_column("actors", sa.Column("state_id", sa.Integer(), nullable=True, comment=STATE))
        op.create_foreign_key(fk, "actors", "actors", ["state_id"], ["id"])
    op.create_index(
        "ix_actors_state_id",
        "actors",
        ["state_id"],
        unique=False,
        sqlite_where=sa.text("state_id IS NOT NULL"),
        postgresql_where=sa.text("state_id IS NOT NULL"),
    )
    op.execute(
        "UPDATE actors SET state_id = (SELECT m.state_id FROM actor_states AS m"
        " WHERE m.actor_id = actors.id AND m.sole)"
    )
    for view in PREVIOUS:
        replace_view(op, view, "0019")


def downgrade() -> None:
    for view, previous in PREVIOUS.items():
        replace_view(op, view, previous)
    op.drop_index("ix_actors_state_id", table_name="actors")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE actors DROP COLUMN state_id")
    else:
        op.drop_constraint(op.f("fk_actors_state_id_actors"), "actors", type_="foreignkey")
        op.drop_column("actors", "state_id")
