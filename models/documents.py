"""Source documents: the exact text every fact points into."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from models.base import DATE_PRECISIONS, Base, in_set

SOURCE_KINDS = ("primary", "republication")
# The fact tables whose rows may name the sources they rest on, each with its column of
# fact_sources (one nullable foreign key per fact table; exactly one is set in each row).
FACT_SOURCE_COLUMNS = {
    "actor_relations": "actor_relation_id",
    "event_participants": "event_participant_id",
    "statements": "statement_id",
    "findings": "finding_id",
    "sanctions": "sanction_id",
    "demands": "demand_id",
}


class Document(Base):
    """One source document, its exact text and where it came from."""

    __tablename__ = "documents"
    __table_args__ = (
        CheckConstraint("char_length >= 0", name="char_length_nonnegative"),
        # PostgreSQL: the timeline's ISO text date (migration 0006), for date-range look-ups.
        Index("ix_documents_published_on_iso", text("dossier_iso_date(published_on)")).ddl_if(
            dialect="postgresql"
        ),
        {"comment": "Source documents with their exact text; every fact points into one."},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True, comment="Stable name, URL-safe")
    title: Mapped[str] = mapped_column(Text)
    publisher: Mapped[str] = mapped_column(Text)
    document_type: Mapped[str] = mapped_column(
        String(50), index=True, comment="press_release, report, sanctions_notice, analyst_note, …"
    )
    published_on: Mapped[dt.date] = mapped_column(Date, index=True)
    url: Mapped[str | None] = mapped_column(Text)
    licence: Mapped[str | None] = mapped_column(String(100))
    language: Mapped[str] = mapped_column(String(20), default="en")
    body_text: Mapped[str] = mapped_column(Text, comment="Exact text; spans index into it")
    char_length: Mapped[int] = mapped_column(Integer, comment="Length in Unicode code points")
    sha256: Mapped[str] = mapped_column(String(64), comment="SHA-256 of the UTF-8 text")
    facts_sha256: Mapped[str] = mapped_column(
        String(64), comment="SHA-256 of the facts as loaded; an unchanged load is skipped"
    )


class EntityDeclaration(Base):
    """What one document declares of a shared entity (an actor, event, regime or investigation),
    as it declared it: an entity's values are worked out again from its declarations when a
    document goes or changes, so nothing a document set outlives it."""

    __tablename__ = "entity_declarations"
    __table_args__ = (
        CheckConstraint(
            "entity_table IN ('actors', 'events', 'sanction_regimes', 'investigations')",
            name="entity_table_known",
        ),
        UniqueConstraint("document_id", "entity_table", "entity_key"),
        {"comment": "Each document's declarations of shared entities, values as declared."},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    entity_table: Mapped[str] = mapped_column(String(30))
    entity_key: Mapped[str] = mapped_column(String(120), index=True)
    declared: Mapped[dict[str, Any]] = mapped_column(
        JSON, comment="The values as declared, references by key: {values: …, refs: …}"
    )


class DocumentSource(Base):
    """A public source a document (an analyst note) cites: who published it, when, where, and
    whether it is the originator's own publication or a republication of it."""

    __tablename__ = "document_sources"
    __table_args__ = (
        UniqueConstraint("document_id", "key"),
        CheckConstraint(in_set("kind", SOURCE_KINDS), name="kind_known"),
        CheckConstraint(in_set("date_precision", DATE_PRECISIONS), name="date_precision_known"),
        CheckConstraint(
            "(published_on IS NULL) = (date_precision IS NULL)", name="date_has_precision"
        ),
        {"comment": "The sources each document cites (its sources: list), in its order."},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(120), comment="Stable key within its document")
    publisher: Mapped[str] = mapped_column(
        Text, comment="Who published it, e.g. 'Reuters, as published by the National Post'"
    )
    title: Mapped[str | None] = mapped_column(Text, comment="Its title, where the note gives one")
    published_on: Mapped[dt.date | None] = mapped_column(
        Date, comment="When it was published (first day of the known period); NULL if not given"
    )
    date_precision: Mapped[str | None] = mapped_column(String(5))
    url: Mapped[str] = mapped_column(Text, comment="Its address")
    kind: Mapped[str] = mapped_column(
        String(13), comment="'primary' (the originator's own) or 'republication'"
    )


def _one_fact_sql() -> str:
    set_ = " + ".join(
        f"(CASE WHEN {column} IS NULL THEN 0 ELSE 1 END)" for column in FACT_SOURCE_COLUMNS.values()
    )
    return f"{set_} = 1"


class FactSource(Base):
    """A fact resting on one of its document's sources: one foreign key per fact table, exactly
    one of them set (so each link is checked by the database and goes with its fact)."""

    __tablename__ = "fact_sources"
    __table_args__ = (
        CheckConstraint(_one_fact_sql(), name="one_fact"),
        {"comment": "Which of its document's sources each fact rests on."},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(
        ForeignKey("document_sources.id", ondelete="CASCADE"), index=True
    )
    actor_relation_id: Mapped[int | None] = mapped_column(
        ForeignKey("actor_relations.id", ondelete="CASCADE"), index=True
    )
    event_participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("event_participants.id", ondelete="CASCADE"), index=True
    )
    statement_id: Mapped[int | None] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE"), index=True
    )
    finding_id: Mapped[int | None] = mapped_column(
        ForeignKey("findings.id", ondelete="CASCADE"), index=True
    )
    sanction_id: Mapped[int | None] = mapped_column(
        ForeignKey("sanctions.id", ondelete="CASCADE"), index=True
    )
    demand_id: Mapped[int | None] = mapped_column(
        ForeignKey("demands.id", ondelete="CASCADE"), index=True
    )


class EntityDisagreement(Base):
    """A column of a shared entity that its documents give differently (an event's date, a
    regime's legal basis): the first value stands in the entity's row, each document's stays in
    its declaration, and v_disagreements lists them."""

    __tablename__ = "entity_disagreements"
    __table_args__ = (
        CheckConstraint(
            "entity_table IN ('actors', 'events', 'sanction_regimes', 'investigations')",
            name="entity_table_known",
        ),
        UniqueConstraint("entity_table", "entity_key", "field"),
        {"comment": "Which columns of which shared entities their documents disagree on."},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_table: Mapped[str] = mapped_column(String(30))
    entity_key: Mapped[str] = mapped_column(String(120))
    field: Mapped[str] = mapped_column(String(30), comment="The entity table's column")
