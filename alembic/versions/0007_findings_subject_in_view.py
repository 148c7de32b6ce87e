"""Show in v_findings whom each finding is about (findings.subject_id, added by 0005).

Appends subject, subject_kind and subject_iso3 after 0004's columns; every earlier column
stays as it was. PostgreSQL replaces the view in place; SQLite drops and recreates it (no
other view reads v_findings). This revision carries its own SQL, 0004's included for
downgrade.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28

"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FINDINGS_0004 = """
SELECT f.id AS finding_id,
       d.slug AS document_slug,
       i.name AS investigation,
       COALESCE(conductor.name, conductor.description) AS investigated_by,
       f.text AS finding,
       f.category AS category,
       f.quote AS quote,
       COALESCE(mandator.name, mandator.description) AS mandated_by,
       f.key AS finding_key
FROM findings AS f
JOIN documents AS d ON d.id = f.document_id
JOIN investigations AS i ON i.id = f.investigation_id
LEFT JOIN actors AS conductor ON conductor.id = i.conducted_by_id
LEFT JOIN actors AS mandator ON mandator.id = i.mandated_by_id"""

FINDINGS_0007 = """
SELECT f.id AS finding_id,
       d.slug AS document_slug,
       i.name AS investigation,
       COALESCE(conductor.name, conductor.description) AS investigated_by,
       f.text AS finding,
       f.category AS category,
       f.quote AS quote,
       COALESCE(mandator.name, mandator.description) AS mandated_by,
       f.key AS finding_key,
       COALESCE(subject.name, subject.description) AS subject,
       subject.kind AS subject_kind,
       subject_state.iso_alpha3 AS subject_iso3
FROM findings AS f
JOIN documents AS d ON d.id = f.document_id
JOIN investigations AS i ON i.id = f.investigation_id
LEFT JOIN actors AS conductor ON conductor.id = i.conducted_by_id
LEFT JOIN actors AS mandator ON mandator.id = i.mandated_by_id
LEFT JOIN actors AS subject ON subject.id = f.subject_id
LEFT JOIN states AS subject_state ON subject_state.actor_id = f.subject_id"""


def _replace(select: str, *, adds_columns: bool) -> None:
    if op.get_context().dialect.name == "postgresql" and adds_columns:
        op.execute(f"CREATE OR REPLACE VIEW v_findings AS{select}")  # may only add columns
        return
    op.execute("DROP VIEW v_findings")
    op.execute(f"CREATE VIEW v_findings AS{select}")


def upgrade() -> None:
    _replace(FINDINGS_0007, adds_columns=True)


def downgrade() -> None:
    _replace(FINDINGS_0004, adds_columns=False)
