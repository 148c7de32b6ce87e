"""Acts: one row per real act, whichever documents tell of it (issue 17).

- acts: id, a global key, the kind (the fact table whose rows tell of it), the most precise
  date its sources agree on, and the act it is part of (a group sanction, of which it is one
  member's);
- act_disagreements: the values an act's sources give differently (each source's value stays
  in its own fact row);
- every fact table gets act_id, the act its row tells of. Rows already loaded each become an
  act of their own, keyed DOCUMENT-SLUG/FACT-KEY as the loader keys them by default; the next
  load (the parser has changed, so `dossier build` loads every document again) links them;
- views: v_state_activity counts distinct acts (a group sanction whose members' sanctions are
  linked to it counts as those); v_timeline lists each act once, on its best date; v_evidence
  gains `act`; new v_corroboration (each act, how many documents tell of it, the first and the
  latest) and v_disagreements (each disputed value of an act, by source).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.view_files import replace_view

revision: str = "0015"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FACT_TABLES = (
    "actor_relations",
    "event_participants",
    "statements",
    "findings",
    "sanctions",
    "demands",
)
DATED = {"statements": "stated_on", "sanctions": "imposed_on", "demands": "stated_on"}
KINDS = ", ".join(f"'{t}'" for t in FACT_TABLES)
PRECISIONS = "('day', 'month', 'year')"
ACT_ID = "The act this row tells of (acts.id); rows of several documents may share it"


def upgrade() -> None:
    op.create_table(
        "acts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "key",
            sa.String(length=400),
            nullable=False,
            comment="Global key: a fact's `act:`, else DOCUMENT-SLUG/FACT-KEY (see the guide)",
        ),
        sa.Column(
            "kind",
            sa.String(length=30),
            nullable=False,
            comment="The fact table whose rows tell of it",
        ),
        sa.Column(
            "occurred_on",
            sa.Date(),
            nullable=True,
            comment="The most precise date its sources agree on (first day of the period)",
        ),
        sa.Column("date_precision", sa.String(length=5), nullable=True),
        sa.Column(
            "fact_id",
            sa.Integer(),
            nullable=True,
            comment="The row of `kind` that shows the act (v_timeline): the first loaded of"
            " those that give its date",
        ),
        sa.Column(
            "part_of_key",
            sa.String(length=400),
            nullable=True,
            comment="The act this one is part of: a group sanction, of which this is one member's",
        ),
        sa.Column(
            "part_of_id",
            sa.Integer(),
            nullable=True,
            comment="acts.id of part_of_key, when that act is loaded; an act with parts counts as them",
        ),
        sa.CheckConstraint(f"kind IN ({KINDS})", name=op.f("ck_acts_kind_known")),
        sa.CheckConstraint(
            f"date_precision IN {PRECISIONS}", name=op.f("ck_acts_date_precision_known")
        ),
        sa.CheckConstraint(
            "(occurred_on IS NULL) = (date_precision IS NULL)",
            name=op.f("ck_acts_date_has_precision"),
        ),
        sa.ForeignKeyConstraint(
            ["part_of_id"], ["acts.id"], name=op.f("fk_acts_part_of_id_acts"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_acts")),
        sa.UniqueConstraint("key", name=op.f("uq_acts_key")),
        comment="Acts: one row per real act, whichever documents tell of it.",
    )
    op.create_index(op.f("ix_acts_fact_id"), "acts", ["fact_id"], unique=False)
    op.create_index(op.f("ix_acts_part_of_id"), "acts", ["part_of_id"], unique=False)
    op.create_table(
        "act_disagreements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("act_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=30), nullable=False, comment="The fact table's column"),
        sa.ForeignKeyConstraint(
            ["act_id"],
            ["acts.id"],
            name=op.f("fk_act_disagreements_act_id_acts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_act_disagreements")),
        sa.UniqueConstraint("act_id", "field", name=op.f("uq_act_disagreements_act_id_field")),
        comment="Which values of which acts their sources disagree on (v_disagreements).",
    )
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in FACT_TABLES:
        fk = op.f(f"fk_{table}_act_id_acts")
        if sqlite:
            # In place: a rebuild (batch mode) would fire the ON DELETE actions of the rows
            # that refer to this table (demands.statement_id) when it drops the old one.
            op.execute(
                f"ALTER TABLE {table} ADD COLUMN act_id INTEGER CONSTRAINT {fk} REFERENCES acts (id)"
            )
        else:
            op.add_column(table, sa.Column("act_id", sa.Integer(), nullable=True, comment=ACT_ID))
            op.create_foreign_key(fk, table, "acts", ["act_id"], ["id"])
        op.create_index(op.f(f"ix_{table}_act_id"), table, ["act_id"], unique=False)
        date = DATED.get(table)
        dated = f"f.{date}, f.date_precision" if date else "NULL, NULL"
        op.execute(
            f"INSERT INTO acts (key, kind, occurred_on, date_precision, fact_id)"
            f" SELECT d.slug || '/' || f.key, '{table}', {dated}, f.id"
            f" FROM {table} AS f JOIN documents AS d ON d.id = f.document_id"
        )
        op.execute(
            f"UPDATE {table} SET act_id = (SELECT a.id FROM acts AS a JOIN documents AS d"
            f" ON a.key = d.slug || '/' || {table}.key WHERE d.id = {table}.document_id)"
        )
    replace_view(op, "v_state_activity", "0015")
    replace_view(op, "v_timeline", "0015")
    replace_view(op, "v_evidence", "0015")
    replace_view(op, "v_corroboration", "0015")
    replace_view(op, "v_disagreements", "0015")


def downgrade() -> None:
    replace_view(op, "v_disagreements", None)
    replace_view(op, "v_corroboration", None)
    replace_view(op, "v_evidence", "0002")
    replace_view(op, "v_timeline", "0013")
    replace_view(op, "v_state_activity", "0006")
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in reversed(FACT_TABLES):
        op.drop_index(op.f(f"ix_{table}_act_id"), table_name=table)
        if sqlite:  # SQLite drops a column that only its own foreign key names in place
            op.execute(f"ALTER TABLE {table} DROP COLUMN act_id")
        else:
            op.drop_constraint(op.f(f"fk_{table}_act_id_acts"), table, type_="foreignkey")
            op.drop_column(table, "act_id")
    op.drop_table("act_disagreements")
    op.drop_index(op.f("ix_acts_part_of_id"), table_name="acts")
    op.drop_index(op.f("ix_acts_fact_id"), table_name="acts")
    op.drop_table("acts")
