"""Who acts: states, organizations, persons and groups, and how they relate."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from models.base import ACTOR_KINDS, Base, in_set


class Actor(Base):
    """A state, organization, person or group; known by name, or only by a description."""

    __tablename__ = "actors"
    __table_args__ = (
        CheckConstraint(in_set("kind", ACTOR_KINDS), name="kind_known"),
        CheckConstraint("name IS NOT NULL OR description IS NOT NULL", name="named_or_described"),
        # The name the views show (migration 0008), for look-ups by actor; the same expression
        # as the views', which SQLite needs to use it. Not compared on SQLite (alembic/env.py).
        Index("ix_actors_label", text("COALESCE(name, description)")),
        # The actors of a state, for the per-fact views' look-ups by state (migration 0019):
        # partial, so that the statistics count the actors of each state, not the many with none.
        Index(
            "ix_actors_state_id",
            "state_id",
            sqlite_where=text("state_id IS NOT NULL"),
            postgresql_where=text("state_id IS NOT NULL"),
        ),
        {"comment": "States, organizations, persons and groups, by stable key."},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True, comment="Stable key used in seeds")
    kind: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str | None] = mapped_column(Text, comment="Best known name; NULL if unnamed")
    description: Mapped[str | None] = mapped_column(
        Text, comment="What the sources say it is, e.g. 'son of Alexander Lukashenko'"
    )
    wikidata_id: Mapped[str | None] = mapped_column(String(20), unique=True)
    state_id: Mapped[int | None] = mapped_column(
        ForeignKey("actors.id"),
        comment="The state it is, or is an organ or official of, when exactly one"
        " (actor_states.sole); worked out by the loader, read by the per-fact views",
    )


class State(Base):
    """A state of ISO 3166-1 (pycountry's list), with its codes; also an actor."""

    __tablename__ = "states"
    __table_args__ = (
        CheckConstraint("length(iso_alpha2) = 2", name="iso_alpha2_length"),
        CheckConstraint("length(iso_alpha3) = 3", name="iso_alpha3_length"),
        {"comment": "States with ISO 3166-1 codes; each is also a row of actors."},
    )

    actor_id: Mapped[int] = mapped_column(
        ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True
    )
    iso_alpha2: Mapped[str] = mapped_column(String(2), unique=True)
    iso_alpha3: Mapped[str] = mapped_column(String(3), unique=True)
    name: Mapped[str] = mapped_column(Text)
    osce_participating: Mapped[bool] = mapped_column(
        Boolean,
        server_default=false(),
        comment="True for the participating States of the OSCE (seeds/reference/states.yaml)",
    )


class ActorName(Base):
    """A name or alias an actor goes by, and which document gives it (NULL: reference data).

    `actors.name` is the best of these: the reference name, else the name given by the most
    recently published loaded document; so a later document can name an actor an earlier one
    only described, and unloading it restores what is left.
    """

    __tablename__ = "actor_names"
    __table_args__ = (
        CheckConstraint(in_set("name_type", ("name", "alias")), name="name_type_known"),
        UniqueConstraint("actor_id", "document_id", "name"),
        {"comment": "Names and aliases of actors, by the document that gives them."},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"))
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(Text, index=True)
    name_type: Mapped[str] = mapped_column(String(10), default="name")


class ActorState(Base):
    """Which state each actor counts for: a state for itself, an organ (a government, a
    ministry, security forces: `part_of` the state or one of its organs) and an official (a
    person who `holds_position` in it) for their state, a group for each of its member states.
    Worked out by the loader from the relations after every load and unload (`settle_states`)."""

    __tablename__ = "actor_states"
    __table_args__ = (
        CheckConstraint(in_set("via", ("state", "organ", "official", "member")), name="via_known"),
        Index("ix_actor_states_state_id_actor_id", "state_id", "actor_id"),
        {"comment": "The state(s) each actor counts for in state views, and how."},
    )

    actor_id: Mapped[int] = mapped_column(
        ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True
    )
    state_id: Mapped[int] = mapped_column(
        ForeignKey("states.actor_id", ondelete="CASCADE"), primary_key=True
    )
    via: Mapped[str] = mapped_column(
        String(10), comment="'state' (itself), 'organ', 'official' or 'member' (of a group)"
    )
    sole: Mapped[bool] = mapped_column(
        Boolean,
        comment="True when this is the one state the actor (not a group) counts for as itself, an"
        " organ or an official: the state the per-fact views' *_iso3 columns show for it",
    )
