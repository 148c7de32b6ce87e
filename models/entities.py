"""Things documents speak of that are not actors: events, investigations, sanction regimes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import DATE_PRECISIONS, Base, in_set


class Event(Base):
    """Something that happened on a (possibly partial) date: an election, an invocation, …"""

    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint(in_set("date_precision", DATE_PRECISIONS), name="date_precision_known"),
        CheckConstraint(
            "(occurred_on IS NULL) = (date_precision IS NULL)", name="date_has_precision"
        ),
        CheckConstraint(
            "(document_id IS NULL AND char_start IS NULL AND char_end IS NULL AND quote IS NULL)"
            " OR (char_start >= 0 AND char_start < char_end AND quote IS NOT NULL)",
            name="evidence_whole",
        ),
        # PostgreSQL: the views' ISO text date (migration 0006), for date-range look-ups.
        Index("ix_events_occurred_on_iso", text("dossier_iso_date(occurred_on)")).ddl_if(
            dialect="postgresql"
        ),
        # With the event's id on PostgreSQL: a state's events counted from the index (0017).
        Index("ix_events_location_id", "location_id", postgresql_include=["id"]),
        {"comment": "Events: elections, invocations, sanctions rounds, publications."},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    event_type: Mapped[str] = mapped_column(String(50), index=True)
    name: Mapped[str] = mapped_column(Text)
    occurred_on: Mapped[dt.date | None] = mapped_column(
        Date, index=True, comment="First day of the known period"
    )
    date_precision: Mapped[str | None] = mapped_column(String(5))
    location_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id", ondelete="SET NULL"))
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"),
        index=True,
        comment="The document whose words date the event",
    )
    char_start: Mapped[int | None] = mapped_column(Integer)
    char_end: Mapped[int | None] = mapped_column(Integer)
    quote: Mapped[str | None] = mapped_column(Text)
    cameo_code: Mapped[str | None] = mapped_column(
        String(4),
        ForeignKey("cameo_codes.code"),
        index=True,
        comment="CAMEO event code of what happened, if one fits",
    )


class Investigation(Base):
    """An inquiry whose conclusions are findings, e.g. an OSCE Moscow Mechanism mission."""

    __tablename__ = "investigations"
    __table_args__ = ({"comment": "Inquiries that produce findings."},)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(Text)
    conducted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("actors.id", ondelete="SET NULL"), index=True
    )
    mandated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("actors.id", ondelete="SET NULL"), index=True
    )
    triggered_by_event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL"), index=True
    )


class SanctionRegime(Base):
    """A legal framework sanctions are imposed under (FollowTheMoney `program`)."""

    __tablename__ = "sanction_regimes"
    __table_args__ = ({"comment": "Sanctions regimes (FollowTheMoney Sanction.program)."},)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(Text)
    authority_id: Mapped[int | None] = mapped_column(
        ForeignKey("actors.id", ondelete="SET NULL"), index=True
    )
    legal_basis: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
