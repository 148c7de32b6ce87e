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

from models.base import Base


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
