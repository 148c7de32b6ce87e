"""Every state of ISO 3166-1, and which take part in the OSCE (issue 18).

The states are now every country of ISO 3166-1 (pycountry's list, loaded as reference data),
no longer only the 57 participating States of the OSCE; participation in the OSCE becomes a
property of a state: states.osce_participating (boolean, not null, false unless said). Its
values come with the reference data (seeds/reference/states.yaml), which every load writes
again, so the next load sets them; until then every state says false.

No view changes: v_state_activity already lists the states that have activity, whichever
they are. On SQLite the column is added and dropped in place (ALTER TABLE), as 0019 does: a
rebuild of states would fire the ON DELETE CASCADE of actor_states.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | Sequence[str] | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OSCE = "True for the participating States of the OSCE (seeds/reference/states.yaml)"


def upgrade() -> None:
    op.add_column(
        "states",
        sa.Column(
            "osce_participating",
            sa.Boolean(),
            server_default=sa.false(),
            nullable=False,
            comment=OSCE,
        ),
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE states DROP COLUMN osce_participating")
    else:
        op.drop_column("states", "osce_participating")
