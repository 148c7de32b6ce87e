"""Stored sources and statement targets (issue 17).

- document_sources: the sources a document cites (its `sources:` list, until now validated
  and dropped): key (unique within its document), publisher, title, the date with its
  precision, address, and kind ('primary': the originator's own publication; 'republication':
  a report, summary or copy of it by someone else). It goes with its document (ON DELETE
  CASCADE).
- fact_sources: which of its document's sources a fact rests on. One nullable foreign key per
  fact table (actor_relations, event_participants, statements, findings, sanctions, demands),
  exactly one set in each row (a CHECK): every link is a real foreign key, goes with its fact
  (ON DELETE CASCADE), and each branch of v_evidence reads its own column, the same SQL on
  both engines but for the string aggregation.
- statements.target_id: whom a statement condemns, praises or is about (actors; nullable).
- v_evidence gains `sources` (each source the fact rests on: publisher, date, address, joined
  with '; ' in the document's order: string_agg on PostgreSQL, group_concat on SQLite), and
  v_statements gains target, target_kind and target_iso3, all at the end.

On SQLite a foreign key cannot be added to a table, and alembic's batch mode would DROP the
old statements (firing demands.statement_id ON DELETE SET NULL, as 0011 explains); so
statements is rebuilt by hand, as 0011 does (the helper is copied here: a migration imports no
other). fact_sources, which points at statements, is created after the rebuild and dropped
before the downgrade's.

The views' SQL is in alembic/views/v_evidence/0016.*.sql and alembic/views/v_statements/0016.*.sql.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03

"""

import re
from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Connection

from models.view_files import replace_view

revision: str = "0016"
down_revision: str | Sequence[str] | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TARGET_COMMENT = "Whom the statement condemns, praises or is about; NULL if none"
TARGET_FK = "fk_statements_target_id_actors"
TARGET_FK_CLAUSE = f"CONSTRAINT {TARGET_FK} FOREIGN KEY(target_id) REFERENCES actors (id)"
FACT_COLUMNS = (
    "actor_relation_id",
    "event_participant_id",
    "statement_id",
    "finding_id",
    "sanction_id",
    "demand_id",
)


# --- SQLite: rebuild a table in place, in the running transaction (as 0011) ---------------------


def _one(pattern: str, replacement: str, sql: str, table: str) -> str:
    """`sql` with the one match of `pattern` replaced; raises unless there is exactly one."""
    result, count = re.subn(pattern, replacement, sql, flags=re.DOTALL)
    if count != 1:
        raise RuntimeError(f"0016: unexpected SQL of table {table}: {sql}")
    return result


def _add_target(table: str, sql: str) -> str:
    """Add target_id as the last column (before the first table constraint), with its key."""
    sql = _one(r",(\s+)(CONSTRAINT .*)$", r",\1target_id INTEGER,\1\2", sql, table)
    return _one(r"(\s*\)\s*)$", rf", \n\t{TARGET_FK_CLAUSE}\1", sql, table)


def _drop_target(table: str, sql: str) -> str:
    sql = _one(rf",\s*{re.escape(TARGET_FK_CLAUSE)}", "", sql, table)
    return _one(r"\s+target_id INTEGER,", "", sql, table)


def _quoted(names: Sequence[str]) -> str:
    return ", ".join(f'"{name}"' for name in names)


def _rebuild(bind: Connection, table: str, edit: Callable[[str, str], str]) -> None:
    """Drop `table` and create it again from `edit(table, its CREATE TABLE text)`, keeping its
    rows (in the columns both definitions have), its indexes, and the rows and references of
    the tables that point at it. Foreign keys stay enforced: deferred while the table is gone,
    checked after."""

    def rows(sql: str, *params: object) -> list[tuple[object, ...]]:
        result = bind.exec_driver_sql(sql, params) if params else bind.exec_driver_sql(sql)
        return [tuple(row) for row in result.all()]

    (old_sql,) = rows("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", table)[0]
    indexes = [
        sql
        for (sql,) in rows(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL ORDER BY name",
            table,
        )
    ]
    old_columns = [str(row[1]) for row in rows(f'PRAGMA table_info("{table}")')]
    tables = [str(name) for (name,) in rows("SELECT name FROM sqlite_master WHERE type = 'table'")]

    # Columns of other tables pointing at this one whose ON DELETE action would fire when DROP
    # TABLE deletes the rows: SET NULL ones are saved and restored; others are not expected.
    saved: list[tuple[str, str, str]] = []
    children: list[str] = []
    for child in tables:
        for fk in rows(f'PRAGMA foreign_key_list("{child}")'):
            if fk[2] != table or child == table:
                continue
            children.append(child)
            action = str(fk[6])
            if action == "SET NULL":
                saved.append((child, str(fk[3]), f"_dossier_0016_keep_{len(saved)}"))
            elif action != "NO ACTION":
                raise NotImplementedError(f"0016: {child}.{fk[3]} ON DELETE {action}")

    (deferred,) = rows("PRAGMA defer_foreign_keys")[0]
    bind.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    copy = "_dossier_0016_copy"
    bind.exec_driver_sql(f"CREATE TEMP TABLE {copy} ({_quoted(old_columns)})")  # untyped
    bind.exec_driver_sql(f'INSERT INTO temp.{copy} SELECT {_quoted(old_columns)} FROM "{table}"')
    for child, column, keep in saved:
        bind.exec_driver_sql(f"CREATE TEMP TABLE {keep} (rid, value)")
        bind.exec_driver_sql(
            f'INSERT INTO temp.{keep} SELECT rowid, "{column}" FROM "{child}" '
            f'WHERE "{column}" IS NOT NULL'
        )

    bind.exec_driver_sql(f'DROP TABLE "{table}"')
    bind.exec_driver_sql(edit(table, str(old_sql)))
    new_columns = {str(row[1]) for row in rows(f'PRAGMA table_info("{table}")')}
    kept = [name for name in old_columns if name in new_columns]
    bind.exec_driver_sql(
        f'INSERT INTO "{table}" ({_quoted(kept)}) SELECT {_quoted(kept)} FROM temp.{copy}'
    )
    for child, column, keep in saved:
        bind.exec_driver_sql(
            f'UPDATE "{child}" SET "{column}" = '
            f'(SELECT value FROM temp.{keep} WHERE rid = "{child}".rowid) '
            f"WHERE rowid IN (SELECT rid FROM temp.{keep})"
        )
        bind.exec_driver_sql(f"DROP TABLE temp.{keep}")
    bind.exec_driver_sql(f"DROP TABLE temp.{copy}")
    for sql in indexes:
        bind.exec_driver_sql(str(sql))

    for checked in dict.fromkeys([table, *children]):
        broken = rows(f'PRAGMA foreign_key_check("{checked}")')
        if broken:
            raise RuntimeError(f"0016: rebuilding {table} broke references of {checked}: {broken}")
    bind.exec_driver_sql(f"PRAGMA defer_foreign_keys = {'ON' if deferred else 'OFF'}")


# --- upgrade / downgrade -------------------------------------------------------------------


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        _rebuild(bind, "statements", _add_target)
    else:
        op.add_column(
            "statements",
            sa.Column("target_id", sa.Integer(), nullable=True, comment=TARGET_COMMENT),
        )
        op.create_foreign_key(op.f(TARGET_FK), "statements", "actors", ["target_id"], ["id"])
    op.create_index(op.f("ix_statements_target_id"), "statements", ["target_id"], unique=False)
    op.create_table(
        "document_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column(
            "key", sa.String(length=120), nullable=False, comment="Stable key within its document"
        ),
        sa.Column(
            "publisher",
            sa.Text(),
            nullable=False,
            comment="Who published it, e.g. 'Reuters, as published by the National Post'",
        ),
        sa.Column("title", sa.Text(), nullable=True, comment="Its title, where the note gives one"),
        sa.Column(
            "published_on",
            sa.Date(),
            nullable=True,
            comment="When it was published (first day of the known period); NULL if not given",
        ),
        sa.Column("date_precision", sa.String(length=5), nullable=True),
        sa.Column("url", sa.Text(), nullable=False, comment="Its address"),
        sa.Column(
            "kind",
            sa.String(length=13),
            nullable=False,
            comment="'primary' (the originator's own) or 'republication'",
        ),
        sa.CheckConstraint(
            "date_precision IN ('day', 'month', 'year')",
            name=op.f("ck_document_sources_date_precision_known"),
        ),
        sa.CheckConstraint(
            "kind IN ('primary', 'republication')", name=op.f("ck_document_sources_kind_known")
        ),
        sa.CheckConstraint(
            "(published_on IS NULL) = (date_precision IS NULL)",
            name=op.f("ck_document_sources_date_has_precision"),
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_sources_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_sources")),
        sa.UniqueConstraint("document_id", "key", name=op.f("uq_document_sources_document_id_key")),
        comment="The sources each document cites (its sources: list), in its order.",
    )
    op.create_table(
        "fact_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("actor_relation_id", sa.Integer(), nullable=True),
        sa.Column("event_participant_id", sa.Integer(), nullable=True),
        sa.Column("statement_id", sa.Integer(), nullable=True),
        sa.Column("finding_id", sa.Integer(), nullable=True),
        sa.Column("sanction_id", sa.Integer(), nullable=True),
        sa.Column("demand_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(CASE WHEN actor_relation_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN event_participant_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN statement_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN finding_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN sanction_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN demand_id IS NULL THEN 0 ELSE 1 END) = 1",
            name=op.f("ck_fact_sources_one_fact"),
        ),
        sa.ForeignKeyConstraint(
            ["actor_relation_id"],
            ["actor_relations.id"],
            name=op.f("fk_fact_sources_actor_relation_id_actor_relations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["demand_id"],
            ["demands.id"],
            name=op.f("fk_fact_sources_demand_id_demands"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_participant_id"],
            ["event_participants.id"],
            name=op.f("fk_fact_sources_event_participant_id_event_participants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["finding_id"],
            ["findings.id"],
            name=op.f("fk_fact_sources_finding_id_findings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sanction_id"],
            ["sanctions.id"],
            name=op.f("fk_fact_sources_sanction_id_sanctions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["document_sources.id"],
            name=op.f("fk_fact_sources_source_id_document_sources"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["statements.id"],
            name=op.f("fk_fact_sources_statement_id_statements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fact_sources")),
        comment="Which of its document's sources each fact rests on.",
    )
    for column in ("source_id", *FACT_COLUMNS):
        op.create_index(op.f(f"ix_fact_sources_{column}"), "fact_sources", [column], unique=False)
    replace_view(op, "v_evidence", "0016")
    replace_view(op, "v_statements", "0016")


def downgrade() -> None:
    replace_view(op, "v_statements", "0013")
    replace_view(op, "v_evidence", "0015")
    for column in ("source_id", *FACT_COLUMNS):
        op.drop_index(op.f(f"ix_fact_sources_{column}"), table_name="fact_sources")
    op.drop_table("fact_sources")
    op.drop_table("document_sources")
    op.drop_index(op.f("ix_statements_target_id"), table_name="statements")
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        _rebuild(bind, "statements", _drop_target)
    else:
        op.drop_constraint(op.f(TARGET_FK), "statements", type_="foreignkey")
        op.drop_column("statements", "target_id")
