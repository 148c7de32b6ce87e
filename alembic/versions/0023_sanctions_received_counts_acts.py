"""v_state_activity's sanctions_received counts a group sanction with parts as its parts.

Until now a sanction on a group counted as one act received whenever the group counted for
the state, beside its linked members' own sanctions (acts.part_of_id) wherever those members
counted too. Once the six persons of the UK's "senior figures in the Belarusian government"
counted for Belarus as officials of its organs, Belarus received 7 for their 6 acts; and
before that it received 1 for them, where sanctions_imposed counted the same acts as 6.

sanctions_received now counts as sanctions_imposed does: a sanction act with parts counts
as those parts, never as itself.
- A sanction whose target counts for the state counts, unless it has parts (the list of
  acts with parts read once a query, as 0022 does for sanctions imposed).
- Each part of a sanction whose target is an organ of the state counts: the group is the
  state's own (senior figures of its government), so are the sanctions on its members,
  whether or not those members count for the state themselves. A group counts for a state as
  its organ or as a group of its members (`holds_position` is for persons only), so `via =
  'organ'` is every target whose parts are all the state's.
- When the state is only a member of the group, its parts aimed at the state's own actors
  count, by the first pass (through their own sanctions), the others do not.
A part's sanction row targets the member and carries the part's act id, which the second
pass yields as well: COUNT(DISTINCT) over act ids counts it once. A group sanction with no
linked parts counts as one act, as before.

The second pass starts from the acts with parts (ix_acts_part_of_id), then their group's
sanction by act id, then actor_states by its key (actor, state) for `via`: it reads the parts
once per state, so it costs next to nothing while they are few (16 at a million generated
facts), and grows with them, not with the sanctions. From the organ's sanctions to their parts
instead, it added 50–120 ms to the view at a million on either engine. SQLite keeps the order
by CROSS JOIN, as 0022's persons_sanctioned does; PostgreSQL chooses it itself
(docs/performance.md).

The view's SQL is in alembic/views/v_state_activity/0023.*.sql (0022's with only
sanctions_received changed); the downgrade restores 0022's.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

from models.view_files import replace_view

revision: str = "0023"
down_revision: str | Sequence[str] | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    replace_view(op, "v_state_activity", "0023")


def downgrade() -> None:
    replace_view(op, "v_state_activity", "0022")
