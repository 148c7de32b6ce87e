"""Entities whose documents disagree load, and v_disagreements lists them (issue 17).

Until now a document that gave a shared entity another value (an event's date in another
month, a regime's legal basis worded otherwise) was refused. Now, for the columns each entity
section lists as `disputable` (seeds/sections.py), the first value stands in the entity's row,
each document's value stays in its declaration (entity_declarations), and:

- entity_disagreements: the (entity table, key, column) whose documents disagree; the loader
  finds them when it merges a declaration and works them out again when a declaring document
  goes or changes;
- v_disagreements gains the entities' rows: `act` is the entity's key, `kind` its table,
  `value` what each declaring document gives (for a reference, the key it names), with no
  quote or fact id.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.view_files import replace_view

revision: str = "0018"
down_revision: str | Sequence[str] | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "entity_disagreements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_table", sa.String(length=30), nullable=False),
        sa.Column("entity_key", sa.String(length=120), nullable=False),
        sa.Column(
            "field", sa.String(length=30), nullable=False, comment="The entity table's column"
        ),
        sa.CheckConstraint(
            "entity_table IN ('actors', 'events', 'sanction_regimes', 'investigations')",
            name=op.f("ck_entity_disagreements_entity_table_known"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entity_disagreements")),
        sa.UniqueConstraint(
            "entity_table",
            "entity_key",
            "field",
            name=op.f("uq_entity_disagreements_entity_table_entity_key_field"),
        ),
        comment="Which columns of which shared entities their documents disagree on.",
    )
    replace_view(op, "v_disagreements", "0018")


def downgrade() -> None:
    replace_view(op, "v_disagreements", "0015")
    op.drop_table("entity_disagreements")
