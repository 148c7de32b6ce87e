"""Index actors by the name the views show, so look-ups by actor seek (issue 7).

1. ix_actors_label (both engines). The contract views show an actor as
   COALESCE(name, description) (speaker, target, demanded_by, participant, …); a filter on one
   of those columns could only be served by reading `actors` whole (38–71 ms on SQLite at a
   million facts). An expression index on exactly that expression lets both engines find the
   actor by index and then seek its facts:
   - SQLite uses an expression index only for an identical expression over the table's
     columns: the views write COALESCE(<alias>.name, <alias>.description), which is that one.
   - PostgreSQL matches the expression tree, whatever the alias; both columns are text, so
     no cast comes between.
   SQLAlchemy cannot reflect expression indexes on SQLite; alembic/env.py leaves them out of
   the model comparison there.

2. v_findings (both engines): same columns, same rows. 0007 LEFT JOINed the investigation's
   conductor, so a filter on investigated_by could not start from actors on either engine (a
   filter on a COALESCE does not turn an outer join inner): they read every investigation.
   Now the findings of investigations with a conductor (an inner join, which a filter on
   investigated_by can start from through ix_actors_label) and those of investigations
   without one (investigated_by NULL) are two arms of a UNION ALL. conducted_by_id is a
   foreign key to actors, so every investigation is in exactly one arm, as under 0007's LEFT
   JOIN. PostgreSQL replaces the view in place (same columns and types); SQLite drops and
   recreates it (no other view reads v_findings).

This revision carries its own SQL (0007's view, for downgrade, included) and reads nothing a
later change may edit.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29

"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

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

# One arm of 0008's v_findings: {investigated_by} and {conductor} (a join, or nothing) vary.
_FINDINGS_ARM = """
SELECT f.id AS finding_id,
       d.slug AS document_slug,
       i.name AS investigation,
       {investigated_by} AS investigated_by,
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
JOIN investigations AS i ON i.id = f.investigation_id{conductor}
LEFT JOIN actors AS mandator ON mandator.id = i.mandated_by_id
LEFT JOIN actors AS subject ON subject.id = f.subject_id
LEFT JOIN states AS subject_state ON subject_state.actor_id = f.subject_id"""

FINDINGS_0008 = (
    _FINDINGS_ARM.format(
        investigated_by="COALESCE(conductor.name, conductor.description)",
        conductor="\nJOIN actors AS conductor ON conductor.id = i.conducted_by_id",
    )
    + "\nUNION ALL"
    + _FINDINGS_ARM.format(investigated_by="NULL", conductor="")
    + "\nWHERE i.conducted_by_id IS NULL"
)


def _replace_findings(select: str) -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute(f"CREATE OR REPLACE VIEW v_findings AS{select}")  # same columns and types
        return
    op.execute("DROP VIEW v_findings")
    op.execute(f"CREATE VIEW v_findings AS{select}")


def upgrade() -> None:
    op.execute("CREATE INDEX ix_actors_label ON actors (COALESCE(name, description))")
    _replace_findings(FINDINGS_0008)


def downgrade() -> None:
    _replace_findings(FINDINGS_0007)
    op.execute("DROP INDEX ix_actors_label")
