"""Source documents: the exact text every fact points into."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, Index, Integer, String, Text, text
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
