"""Acts: one row for each real act, however many documents tell of it.

A fact row (a sanction, a demand, a statement, a finding, a participation, a relation) is one
document's evidence of an act: its span, its quote and the values it claims. Rows of several
documents that tell of the same act point at the same `acts` row, so counting acts counts what
happened, not how often it was told. How a row finds its act is the loader's rule
(docs/adding-documents.md, "One act, many sources").
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import DATE_PRECISIONS, Base, in_set

ACT_KINDS = (
    "actor_relations",
    "event_participants",
    "statements",
    "findings",
    "sanctions",
    "demands",
)
MAX_ACT_KEY_LENGTH = 400


class Act(Base):
    """One act, told by one or more fact rows; its date is the most precise its sources agree on."""

    __tablename__ = "acts"
    __table_args__ = (
        CheckConstraint(in_set("kind", ACT_KINDS), name="kind_known"),
        CheckConstraint(in_set("date_precision", DATE_PRECISIONS), name="date_precision_known"),
        CheckConstraint(
            "(occurred_on IS NULL) = (date_precision IS NULL)", name="date_has_precision"
        ),
        {"comment": "Acts: one row per real act, whichever documents tell of it."},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(
        String(MAX_ACT_KEY_LENGTH),
        unique=True,
        comment="Global key: a fact's `act:`, else DOCUMENT-SLUG/FACT-KEY (see the guide)",
    )
    kind: Mapped[str] = mapped_column(String(30), comment="The fact table whose rows tell of it")
    occurred_on: Mapped[dt.date | None] = mapped_column(
        Date, comment="The most precise date its sources agree on (first day of the period)"
    )
    date_precision: Mapped[str | None] = mapped_column(String(5))
    fact_id: Mapped[int | None] = mapped_column(
        index=True,
        comment="The row of `kind` that shows the act (v_timeline): the first loaded of those"
        " that give its date",
    )
    part_of_key: Mapped[str | None] = mapped_column(
        String(MAX_ACT_KEY_LENGTH),
        comment="The act this one is part of: a group sanction, of which this is one member's",
    )
    part_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("acts.id", ondelete="SET NULL"),
        index=True,
        comment="acts.id of part_of_key, when that act is loaded; an act with parts counts as them",
    )


class ActDisagreement(Base):
    """A value an act's sources give differently (dates that cannot both be true, two roles…)."""

    __tablename__ = "act_disagreements"
    __table_args__ = (
        UniqueConstraint("act_id", "field"),
        {"comment": "Which values of which acts their sources disagree on (v_disagreements)."},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    act_id: Mapped[int] = mapped_column(ForeignKey("acts.id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(String(30), comment="The fact table's column")
