"""The facts-file model as data: each section, the table it fills, and how its fields map.

The parser and the loader interpret these; adding a field means adding it here (and to the
JSON Schema and a migration), not writing new loading code.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Section:
    name: str  # the key in the facts file
    table: str  # the table it fills
    columns: dict[str, str] = field(default_factory=dict)  # plain field -> column
    refs: dict[str, tuple[str, str]] = field(default_factory=dict)  # field -> (column, table)
    date_column: str | None = None  # where `date` (with its precision) goes
    is_fact: bool = True  # facts carry document_id and a required span
    text_defaults_to_quote: bool = False
    defaults: dict[str, object] = field(default_factory=dict)  # column -> value when not given
    # Further partial dates: field -> (column, its precision's column).
    more_dates: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Facts: the fields whose values are the act itself, the same in every document that tells
    # of it (its key is SECTION/VALUE/…); without them, an act is the document's own unless
    # the fact names it (`act:`).
    act_identity: tuple[str, ...] = ()
    # Facts: the columns an act's sources must agree on; where they do not, both values are
    # kept and v_disagreements lists them. Dates agree when one's period holds the other.
    compared: tuple[str, ...] = ()
    # Entities: the columns on which documents may disagree (a date, a legal basis): the first
    # value stands, the others are kept in their declarations, and v_disagreements lists them.
    # A different value in any other column (a kind, a name) means the key is taken: refused.
    disputable: tuple[str, ...] = ()
    # Fields whose value must be a word of seeds/vocabulary.yaml: field -> its kind there.
    vocabulary: dict[str, str] = field(default_factory=dict)


ENTITY_SECTIONS = (
    Section(
        "actors",
        "actors",
        columns={
            "kind": "kind",
            "name": "name",
            "description": "description",
            "wikidata": "wikidata_id",
            "aliases": "aliases",  # not a column: the loader writes them to actor_names
        },
        is_fact=False,
    ),
    Section(
        "events",
        "events",
        columns={"type": "event_type", "name": "name", "cameo": "cameo_code"},
        refs={"location": ("location_id", "actors")},
        date_column="occurred_on",
        is_fact=False,
        disputable=("occurred_on", "location_id", "cameo_code"),
        vocabulary={"type": "event_type"},
    ),
    Section(
        "regimes",
        "sanction_regimes",
        columns={"name": "name", "legal_basis": "legal_basis", "url": "url"},
        refs={"authority": ("authority_id", "actors")},
        is_fact=False,
        disputable=("legal_basis", "url", "authority_id"),
    ),
    Section(
        "investigations",
        "investigations",
        columns={"name": "name"},
        refs={
            "conducted_by": ("conducted_by_id", "actors"),
            "mandated_by": ("mandated_by_id", "actors"),
            "triggered_by": ("triggered_by_event_id", "events"),
        },
        is_fact=False,
        disputable=("conducted_by_id", "mandated_by_id", "triggered_by_event_id"),
    ),
)

FACT_SECTIONS = (
    Section(
        "relations",
        "actor_relations",
        columns={"relation": "relation", "role": "role"},
        refs={"subject": ("subject_id", "actors"), "object": ("object_id", "actors")},
        more_dates={
            "since": ("started_on", "started_precision"),
            "until": ("ended_on", "ended_precision"),
        },
        act_identity=("subject", "relation", "object"),
        compared=("started_on", "ended_on"),
    ),
    Section(
        "participants",
        "event_participants",
        columns={"role": "role"},
        refs={"event": ("event_id", "events"), "actor": ("actor_id", "actors")},
        act_identity=("event", "actor", "role"),
        vocabulary={"role": "role"},
    ),
    Section(
        "statements",
        "statements",
        columns={
            "speaker_role": "speaker_role",
            "type": "statement_type",
            "text": "text",
            "cameo": "cameo_code",
        },
        refs={
            "speaker": ("speaker_id", "actors"),
            "on_behalf_of": ("on_behalf_of_id", "actors"),
            "target": ("target_id", "actors"),  # whom it condemns, praises or is about
        },
        date_column="stated_on",
        text_defaults_to_quote=True,
        compared=("speaker_id", "on_behalf_of_id", "statement_type", "cameo_code", "stated_on"),
    ),
    Section(
        "findings",
        "findings",
        columns={"category": "category", "text": "text"},
        refs={
            "investigation": ("investigation_id", "investigations"),
            "subject": ("subject_id", "actors"),
        },
        text_defaults_to_quote=True,
        compared=("investigation_id", "subject_id", "category"),
        vocabulary={"category": "category"},
    ),
    Section(
        "sanctions",
        "sanctions",
        columns={"reason": "reason", "measures": "measures", "cameo": "cameo_code"},
        refs={
            "authority": ("authority_id", "actors"),
            "regime": ("regime_id", "sanction_regimes"),
            "event": ("event_id", "events"),
            "targets": ("target_id", "actors"),  # one row per target
        },
        date_column="imposed_on",
        defaults={"cameo_code": "163"},  # CAMEO 1.1b3: Impose embargo, boycott, or sanctions
        compared=(
            "authority_id",
            "target_id",
            "regime_id",
            "event_id",
            "imposed_on",
            "measures",
            "cameo_code",
        ),
    ),
    Section(
        "demands",
        "demands",
        columns={"text": "text", "cameo": "cameo_code"},
        refs={
            "by": ("demanded_by_id", "actors"),
            "of": ("addressee_id", "actors"),
            "statement": ("statement_id", "statements"),  # a statement of the same document
        },
        date_column="stated_on",
        compared=("demanded_by_id", "addressee_id", "cameo_code", "stated_on"),
    ),
)

# Facts whose date is not given were stated on the document's own date.
DATE_DEFAULTS_TO_DOCUMENT = {"statements", "demands"}
# Facts of one document that refer to other facts of the same document.
DOCUMENT_SCOPED_TABLES = {"statements"}

# Which kinds of actor each relation joins (subject kinds, object kinds).
RELATION_KINDS = {
    "holds_position": (frozenset({"person"}), frozenset({"state", "organization"})),
    "child_of": (frozenset({"person"}), frozenset({"person"})),
    "member_of": (
        frozenset({"state", "organization", "person", "group"}),
        frozenset({"organization", "group"}),
    ),
    "part_of": (
        frozenset({"organization", "group"}),
        frozenset({"state", "organization", "group"}),
    ),
}
# Relations that put one actor inside another: no actor may end up inside itself.
CONTAINMENT = frozenset({"part_of", "member_of"})
