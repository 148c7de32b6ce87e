"""Each document's declarations of shared entities, so that nothing a document set outlives it.

An entity (actor, event, regime, investigation) takes values from the reference data and from
every document that declares it. Until now only the merged row was kept, so what a document
set (a Wikidata id, a date) stayed when it was unloaded. `entity_declarations` keeps each
document's declaration as declared (values, and references by key); the loader works the
entity out again from the others when a document goes or changes (issue 16).

Existing databases get an empty table: their documents' declarations are written the next
time each document loads (`dossier build` after this migration reloads every document, as the
loader's code changed).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "entity_declarations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("entity_table", sa.String(length=30), nullable=False),
        sa.Column("entity_key", sa.String(length=120), nullable=False),
        sa.Column(
            "declared",
            sa.JSON(),
            nullable=False,
            comment="The values as declared, references by key: {values: …, refs: …}",
        ),
        sa.CheckConstraint(
            "entity_table IN ('actors', 'events', 'sanction_regimes', 'investigations')",
            name=op.f("ck_entity_declarations_entity_table_known"),
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_entity_declarations_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entity_declarations")),
        sa.UniqueConstraint(
            "document_id",
            "entity_table",
            "entity_key",
            name=op.f("uq_entity_declarations_document_id_entity_table_entity_key"),
        ),
        comment="Each document's declarations of shared entities, values as declared.",
    )
    with op.batch_alter_table("entity_declarations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_entity_declarations_document_id"), ["document_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_entity_declarations_entity_key"), ["entity_key"], unique=False
        )


def downgrade() -> None:
    op.drop_table("entity_declarations")
