"""Add v_evidence: every fact's span and the document's words there.

`quote` is read from the document's text at [char_start, char_end) (SQL substr counts from 1,
in characters on both engines); `quote_matches` is 1 where the fact's stored quote equals it,
so the database itself can prove its evidence at any time.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28

"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The tables whose rows carry evidence, as they stand at this revision.
EVIDENCE_TABLES = (
    "actor_relations",
    "event_participants",
    "statements",
    "findings",
    "sanctions",
    "demands",
    "events",
)


def _select(table: str) -> str:
    return f"""
SELECT '{table}' AS fact_table,
       f.id AS fact_id,
       f.key AS fact_key,
       d.slug AS document_slug,
       f.char_start AS char_start,
       f.char_end AS char_end,
       substr(d.body_text, f.char_start + 1, f.char_end - f.char_start) AS quote,
       CASE WHEN substr(d.body_text, f.char_start + 1, f.char_end - f.char_start) = f.quote
            THEN 1 ELSE 0 END AS quote_matches
FROM {table} AS f
JOIN documents AS d ON d.id = f.document_id"""


def upgrade() -> None:
    body = "\nUNION ALL".join(_select(t) for t in EVIDENCE_TABLES)
    op.execute(f"CREATE VIEW v_evidence AS{body}")


def downgrade() -> None:
    op.execute("DROP VIEW v_evidence")
