"""The per-fact views give an organ's or official's state, say how, and name the act (issue 17).

v_statements, v_demands, v_sanctions, v_findings, v_event_participants and v_relations: each
`*_iso3` column now gives the state the actor is, or is an organ or official of, when there is
exactly one (actor_states.sole, 0017): the demands made of the Government of Belarus have
addressee_iso3 'BLR'. It stays NULL for groups of states and for actors of no state (a person
without a post). Appended at the end of each view, in this order: a `*_via` column per ISO
column ('state', 'organ' or 'official', from actor_states.via; NULL when the ISO column is),
then `act`, the global key of the act the row tells of (acts.key of its act_id, 0015).

Each state is joined through the actor's sole actor_states row, on the fact's column (which
PostgreSQL has statistics for, as 0009 explains). A look-up by state must start from the state
and search the facts by their actor column's index:
- PostgreSQL: LEFT JOIN actor_states, then LEFT JOIN states. A filter on the state makes both
  outer joins inner ones, and the plan starts from the state.
- SQLite (3.40) makes only the states join inner (the filter names no column of actor_states),
  so actor_states must still come after the facts, and the plan cannot start from the state
  (b2b0611's views read documents or events whole first).
  Each arm of the view therefore either joins an actor's state (inner joins: actor_states, then
  states) or shows the actor has none (a typed NULL; `X_in.actor_id IS NULL` after a LEFT JOIN
  of actor_states): one arm per combination, within the arms 0010 has for the optional actors
  (v_statements and v_findings 12 arms, v_demands 6, v_sanctions and v_relations 4,
  v_event_participants 2).
  An arm whose ISO column is the NULL is dropped before its loop by a look-up on that column,
  as 0010's are. A condition that lets SQLite start from the state by IN (SELECT actor_id FROM
  actor_states WHERE state_id = …) was tried: its cost estimate (25 rows a state) made SQLite
  read the facts whole on small or skewed corpora (tests/test_query_plans.py).

The views' SQL is in alembic/views/<view>/0018.*.sql.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03

"""

from collections.abc import Sequence

from alembic import op

from models.view_files import replace_view

revision: str = "0018"
down_revision: str | Sequence[str] | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Each view 0018 redefines, with the revision of its previous file.
PREVIOUS = {
    "v_statements": "0016",
    "v_demands": "0013",
    "v_sanctions": "0009",
    "v_findings": "0010",
    "v_event_participants": "0009",
    "v_relations": "0014",
}


def upgrade() -> None:
    for view in PREVIOUS:
        replace_view(op, view, "0018")


def downgrade() -> None:
    for view, previous in PREVIOUS.items():
        replace_view(op, view, previous)
