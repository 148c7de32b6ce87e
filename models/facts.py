"""Fact rows: each records its document and the span of the words that support it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
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
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from models.base import DATE_PRECISIONS, Base, in_set

CAMEO_PATTERN_SQL = "length(cameo_code) BETWEEN 2 AND 4"


def covering(table: str, column: str, *also: str) -> Index:
    """The index on an actor column, with the row's act after it, so that v_state_activity
    counts a state's acts from the index alone, on both engines (migration 0017); `also`,
    the columns it carries after the act for other counts (0022: a sanction's target, for
    targets_sanctioned and persons_sanctioned)."""
    return Index(f"ix_{table}_{column}", column, "act_id", *also)


class Evidence:
    """Columns and constraints every fact table shares: where in which document it is said.

    `[char_start, char_end)` counts Unicode code points from 0, as Python slices text;
    `quote` is the document's text at that span, stored so the database can prove it.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(120), comment="Stable key within its document")
    char_start: Mapped[int] = mapped_column(Integer)
    char_end: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text, comment="The supporting words, exactly")
    act_id: Mapped[int | None] = mapped_column(
        ForeignKey("acts.id"),
        index=True,
        comment="The act this row tells of (acts.id); rows of several documents may share it",
    )

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Any, ...]:
        return (
            UniqueConstraint("document_id", "key"),
            CheckConstraint("char_start >= 0", name="char_start_nonnegative"),
            CheckConstraint("char_start < char_end", name="span_ordered"),
            *getattr(cls, "__extra_constraints__", ()),
            {"comment": cls.__table_comment__},
        )

    __table_comment__ = ""


class Dated:
    """A date the document may give only in part: first day of the period, and its precision."""

    date_precision: Mapped[str | None] = mapped_column(String(5))


def dated_checks(column: str) -> tuple[CheckConstraint, ...]:
    return (
        CheckConstraint(in_set("date_precision", DATE_PRECISIONS), name="date_precision_known"),
        CheckConstraint(
            f"({column} IS NULL) = (date_precision IS NULL)", name="date_has_precision"
        ),
    )


class ActorRelation(Evidence, Base):
    """A relation between two actors a document states: a position held, kinship, membership."""

    __tablename__ = "actor_relations"
    __table_comment__ = "Positions, kinship and memberships between actors, with evidence."
    __extra_constraints__ = (
        CheckConstraint(
            in_set("relation", ("holds_position", "child_of", "member_of", "part_of")),
            name="relation_known",
        ),
        CheckConstraint(
            in_set("started_precision", DATE_PRECISIONS), name="started_precision_known"
        ),
        CheckConstraint(
            "(started_on IS NULL) = (started_precision IS NULL)", name="started_has_precision"
        ),
        CheckConstraint(in_set("ended_precision", DATE_PRECISIONS), name="ended_precision_known"),
        CheckConstraint(
            "(ended_on IS NULL) = (ended_precision IS NULL)", name="ended_has_precision"
        ),
    )

    subject_id: Mapped[int] = mapped_column(ForeignKey("actors.id"), index=True)
    relation: Mapped[str] = mapped_column(String(30))
    object_id: Mapped[int] = mapped_column(ForeignKey("actors.id"), index=True)
    role: Mapped[str | None] = mapped_column(Text, comment="e.g. 'Foreign Secretary'")
    started_on: Mapped[dt.date | None] = mapped_column(
        Date, comment="Since when it holds (first day of the known period); NULL if not known"
    )
    started_precision: Mapped[str | None] = mapped_column(String(5))
    ended_on: Mapped[dt.date | None] = mapped_column(
        Date, comment="Until when it held (first day of the known period); NULL if not known"
    )
    ended_precision: Mapped[str | None] = mapped_column(String(5))


class EventParticipant(Evidence, Base):
    """An actor's part in an event."""

    __tablename__ = "event_participants"
    __table_comment__ = "Who took part in which event, in what role, with evidence."
    __extra_constraints__ = (
        # By actor, with the event: a state's events counted from the index alone (0017).
        Index("ix_event_participants_actor_id_event_id", "actor_id", "event_id"),
    )

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id"))
    role: Mapped[str] = mapped_column(String(50))


class Statement(Dated, Evidence, Base):
    """Something an actor said: a direct quote or a stated position."""

    __tablename__ = "statements"
    __table_comment__ = "What actors said: quotes and stated positions, with evidence."
    __extra_constraints__ = (
        *dated_checks("stated_on"),
        CheckConstraint(in_set("statement_type", ("quote", "position")), name="type_known"),
        CheckConstraint(CAMEO_PATTERN_SQL, name="cameo_code_length"),
        # PostgreSQL: what the views show (ISO text, migration 0006), for date-range look-ups.
        Index("ix_statements_stated_on_iso", text("dossier_iso_date(stated_on)")).ddl_if(
            dialect="postgresql"
        ),
        covering("statements", "speaker_id"),
        covering("statements", "on_behalf_of_id"),
    )

    speaker_id: Mapped[int] = mapped_column(ForeignKey("actors.id"))
    speaker_role: Mapped[str | None] = mapped_column(Text)
    on_behalf_of_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"))
    statement_type: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text, comment="What was said, as a sentence")
    stated_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    cameo_code: Mapped[str | None] = mapped_column(
        String(4), ForeignKey("cameo_codes.code"), index=True
    )
    target_id: Mapped[int | None] = mapped_column(
        ForeignKey("actors.id"),
        index=True,
        comment="Whom the statement condemns, praises or is about; NULL if none",
    )


class Finding(Evidence, Base):
    """A conclusion an investigation reached."""

    __tablename__ = "findings"
    __table_comment__ = "Conclusions of investigations, with evidence."

    investigation_id: Mapped[int] = mapped_column(ForeignKey("investigations.id"), index=True)
    subject_id: Mapped[int | None] = mapped_column(
        ForeignKey("actors.id"), index=True, comment="The actor the finding is about"
    )
    text: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(50), index=True)


class Sanction(Dated, Evidence, Base):
    """A measure imposed on one target (FollowTheMoney `Sanction` vocabulary)."""

    __tablename__ = "sanctions"
    __table_comment__ = "Sanctions, one row per target, with evidence."
    __extra_constraints__ = (
        *dated_checks("imposed_on"),
        Index("ix_sanctions_imposed_on_iso", text("dossier_iso_date(imposed_on)")).ddl_if(
            dialect="postgresql"
        ),
        covering("sanctions", "authority_id", "target_id"),
        covering("sanctions", "target_id"),
    )

    authority_id: Mapped[int] = mapped_column(ForeignKey("actors.id"))
    regime_id: Mapped[int | None] = mapped_column(ForeignKey("sanction_regimes.id"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("actors.id"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"), index=True)
    imposed_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    measures: Mapped[str | None] = mapped_column(Text, comment="e.g. 'asset freeze; travel ban'")
    cameo_code: Mapped[str | None] = mapped_column(
        String(4),
        ForeignKey("cameo_codes.code"),
        index=True,
        comment="CAMEO event code; a sanction is 163",
    )


class Demand(Dated, Evidence, Base):
    """Something an actor called for, of whom, with its CAMEO event code."""

    __tablename__ = "demands"
    __table_comment__ = "What actors demanded of whom, with CAMEO codes and evidence."
    __extra_constraints__ = (
        *dated_checks("stated_on"),
        CheckConstraint(CAMEO_PATTERN_SQL, name="cameo_code_length"),
        Index("ix_demands_stated_on_iso", text("dossier_iso_date(stated_on)")).ddl_if(
            dialect="postgresql"
        ),
        covering("demands", "demanded_by_id"),
        covering("demands", "addressee_id"),
    )

    demanded_by_id: Mapped[int] = mapped_column(ForeignKey("actors.id"))
    addressee_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"))
    statement_id: Mapped[int | None] = mapped_column(
        ForeignKey("statements.id", ondelete="SET NULL"), index=True
    )
    text: Mapped[str] = mapped_column(Text, comment="What is demanded, as a sentence")
    cameo_code: Mapped[str] = mapped_column(String(4), ForeignKey("cameo_codes.code"), index=True)
    stated_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
