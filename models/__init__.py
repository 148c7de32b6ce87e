"""SQLAlchemy models of the Dossier schema; `Base.metadata` is the one metadata."""

from models.actors import Actor, ActorName, ActorState, State
from models.acts import Act, ActDisagreement
from models.base import Base
from models.documents import (
    Document,
    DocumentSource,
    EntityDeclaration,
    EntityDisagreement,
    FactSource,
)
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
    "Act",
    "ActDisagreement",
    "Actor",
    "ActorName",
    "ActorRelation",
    "ActorState",
    "Base",
    "CameoCode",
    "Demand",
    "Document",
    "DocumentSource",
    "EntityDeclaration",
    "EntityDisagreement",
    "Event",
    "EventParticipant",
    "FactSource",
    "Finding",
    "Investigation",
    "Sanction",
    "SanctionRegime",
    "State",
    "Statement",
]
