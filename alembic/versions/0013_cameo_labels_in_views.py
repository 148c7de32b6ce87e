"""The views show each CAMEO code's label, and tell appeals from demands (issue 17).

- v_statements: `cameo_label`, appended;
- v_demands: `cameo_label` and `demand_kind` ('appeal' for the CAMEO family 02, 'demand' for
  10, else 'other'), appended;
- v_timeline: an appeal reads "X appealed to Y: …", no longer "X demanded of Y: …".

Existing columns keep their names and order. The SQL is in alembic/views/<view>/0013.*.sql.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03

"""

from collections.abc import Sequence

from alembic import op

from models.view_files import replace_view

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    replace_view(op, "v_statements", "0013")
    replace_view(op, "v_demands", "0013")
    replace_view(op, "v_timeline", "0013")


def downgrade() -> None:
    replace_view(op, "v_timeline", "0006")
    replace_view(op, "v_demands", "0010")
    replace_view(op, "v_statements", "0010")
