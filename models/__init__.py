"""SQLAlchemy models of the Dossier schema; `Base.metadata` is the one metadata."""

from models.actors import Actor, ActorName, ActorState, State
from models.base import Base
from models.documents import Document, EntityDeclaration
from models.entities import Event, Investigation, SanctionRegime
from models.facts import (
    ActorRelation,
    Demand,
    EventParticipant,
    Finding,
    Sanction,
    Statement,
)
from models.reference import CameoCode

FACT_MODELS = (ActorRelation, EventParticipant, Statement, Finding, Sanction, Demand)

__all__ = [
    "FACT_MODELS",
    "Actor",
    "ActorName",
    "ActorRelation",
    "ActorState",
    "Base",
    "CameoCode",
    "Demand",
    "Document",
    "EntityDeclaration",
    "Event",
    "EventParticipant",
    "Finding",
    "Investigation",
    "Sanction",
    "SanctionRegime",
    "State",
    "Statement",
]
