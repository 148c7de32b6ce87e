"""v_state_activity says whom a state sanctioned, not only how many acts (issue 19).

`sanctions_imposed` counts sanction acts, one per target (0015, 0017): it reads like a number
of people, and a target the state sanctioned twice (another date, another regime) counts
twice in it. Appended at the end of the view, in this order:

- `targets_sanctioned`: the distinct actors (target_id) of the sanctions the state, its organs
  or officials, or a group it is a member of imposed, each once however many acts and
  documents name it; a group sanction whose members' sanctions are linked to it counts as
  those members, as in sanctions_imposed (the same rows).
- `persons_sanctioned`: those targets that are persons (actors.kind 'person').

Each is one more pass over the state's sanctions in the shape of sanctions_imposed's. For it
to read index entries only, as the other counts do (0017), ix_sanctions_authority_id carries
the target after the act: (authority_id, act_id, target_id). Without it SQLite, with
statistics at the benchmark's size, read the whole of sanctions once per state (12.8 s for
v_state_activity whole at 1,000 generated documents, against 61 ms). The persons' count looks
each target up in actors by its key; on SQLite a CROSS JOIN keeps sanctions the outer table
(left to itself it started from every person, through ix_actors_kind).

The three counts of sanctions imposed leave out the acts that have parts with
`sn.act_id NOT IN (SELECT part_of_id FROM acts WHERE part_of_id IS NOT NULL)`, in place of
0017's `NOT EXISTS (… part.part_of_id = sn.act_id)`: the same acts (a fact row's act_id is
never NULL: the loader sets it, and 0015 gave each row already loaded an act), read once per
query (SQLite: a LIST SUBQUERY; PostgreSQL: a hashed SubPlan) instead of once per row. At a
million facts PostgreSQL turned the NOT EXISTS into an anti join and then, misjudging how many
sanctions a state's actors impose (few authorities, each with thousands), read sanctions whole
in parallel for every state: sanctions_imposed alone was ~15 of the view's ~20 s. Written per
row so that it cannot become a join (`OFFSET 0`), its estimated cost switched on PostgreSQL's
JIT with inlining and optimization at the quick size (570 ms against 100). With NOT IN:
v_state_activity whole 1.3–1.7 s at a million (0017: 19–22 s, same database, same minutes),
~100 ms at the quick size as before (docs/performance.md).

The view's SQL is in alembic/views/v_state_activity/0022.*.sql; the downgrade restores 0017's
and the index of 0017.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-05
"""

from collections.abc import Sequence

from alembic import op

from models.view_files import replace_view

revision: str = "0022"
down_revision: str | Sequence[str] | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_sanctions_authority_id"


def _authority_index(columns: list[str]) -> None:
    op.drop_index(INDEX, table_name="sanctions")
    op.create_index(INDEX, "sanctions", columns, unique=False)


def upgrade() -> None:
    _authority_index(["authority_id", "act_id", "target_id"])
    replace_view(op, "v_state_activity", "0022")


def downgrade() -> None:
    replace_view(op, "v_state_activity", "0017")
    _authority_index(["authority_id", "act_id"])
