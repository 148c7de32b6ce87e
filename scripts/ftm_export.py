"""The database as FollowTheMoney entities, built and validated with the `followthemoney` package.

Mapping (FollowTheMoney 4 has no Country schema: a state is a PublicBody whose `jurisdiction`
and `country` are its ISO 3166-1 alpha-2 code, and other entities carry `country` codes):

| Dossier | FollowTheMoney |
| --- | --- |
| document | Article (title, publisher, publishedAt, sourceUrl, language, bodyText) |
| actor, kind person | Person |
| actor, kind organization | Organization |
| actor, kind state | PublicBody (jurisdiction, country, topic gov.national) |
| actor, kind group | no entity: its known members stand for it (see below) |
| sanction act (one per target; | Sanction (entity, authority, program, programUrl, startDate, |
|  a group's act as its parts) | reason, provisions, country, sourceUrl, proof, recordId) |
| relation child_of | Family (person: the parent, relative: the child, relationship 'child') |
| relation holds_position | Position (name: the role, organization, country) and |
|  | Occupancy (holder, post) |
| relation member_of / part_of | Membership (member, organization) |
| event and its participants | Event (name, date, country, involved) |

One Sanction per act, not per row: every row that tells of the act (each document's telling,
`acts`) adds its document to `proof`, its addresses to `sourceUrl`, its words to `summary`,
and its date, reason and measures; values that differ are all kept (FollowTheMoney properties
hold several), but a date that only a more precise one refines ("2020-09" beside
"2020-09-29") is dropped. The id is `make_id` of the act's key. An act with parts (a group's
sanction that a document told member by member, acts.part_of_id) is told by its parts: each
part's Sanction also carries the group row's sources, and the group row makes no Sanction.

A group (actor kind group: "senior figures in the Belarusian government", "the 16 partners")
is exported as its known members: the subjects of `member_of` and `part_of` relations to it,
a member that is itself a group standing for its own members. A screening tool would match a
group's description as if it were an organization's name, so no group is an entity. A
group's sanction without parts becomes one Sanction per known member, with the id its part
would have (`ACT/MEMBER-KEY`, as the guide's `act:` makes it), so a document that later names
the members changes no id. A group in an event stands for its members in `involved`; a
relation of a group (the group `part_of` a government) is told of each member; a relation to
a group (`member_of` it) is what makes it, and has no entity to point at. A group with no
known members is left out with everything that names it, and counted (`FtmExport`).

A fact's `sourceUrl` is its document's address, if it has one, and the address of each source
the fact rests on (document_sources, through fact_sources): an analyst note has no address of
its own, so its facts are credited to the pages it cites, never the note to them.

Every entity id is `make_id` of stable keys (actor keys, document slugs, act and fact keys), so
the same database gives the same ids on SQLite and PostgreSQL and across exports. Facts point
at their documents' Articles through `proof`, and carry the documents' words in `summary`. An
actor the sources only describe ("a son of Alexander Lukashenko") takes its description as
its name, as the views do: FollowTheMoney requires a name.

Each value remembers the documents that gave it (`FtmExport.sources`), for the statement
format (`write_statements`): one CSV row per entity, property, value and document, as
OpenSanctions publishes its data.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from followthemoney import EntityProxy, model
from followthemoney.exc import InvalidData
from followthemoney.statement import BASE_ID, Statement
from followthemoney.statement.serialize import CSVStatementWriter
from sqlalchemy import Connection, select

from models import (
    Act,
    Actor,
    ActorName,
    ActorRelation,
    Document,
    DocumentSource,
    Event,
    EventParticipant,
    FactSource,
    Sanction,
    SanctionRegime,
    State,
)
from models.documents import FACT_SOURCE_COLUMNS

ID_PREFIX = "dossier"

ACTOR_SCHEMA = {
    "person": "Person",
    "organization": "Organization",
    "group": "Organization",
    "state": "PublicBody",
}


class FtmError(Exception):
    """The database holds something FollowTheMoney would not accept; one line."""


def ftm_date(value: dt.date | str | None, precision: str | None) -> str | None:
    """A Dossier date and its precision as a FollowTheMoney date prefix: 2020-09 for a month."""
    if value is None:
        return None
    iso = value.isoformat() if isinstance(value, dt.date) else str(value)
    return {"year": iso[:4], "month": iso[:7]}.get(precision or "day", iso[:10])


def _put(proxy: EntityProxy, prop: str, value: Any) -> None:
    """Add a value, refusing one FollowTheMoney would silently drop as invalid."""
    if value is None or value == "":
        return
    if isinstance(value, list | tuple | set):
        for item in value:
            _put(proxy, prop, item)
        return
    if isinstance(value, EntityProxy):
        value = value.id
    prop_ = proxy.schema.get(prop)
    if prop_ is None:
        raise FtmError(f"{proxy.schema.name} has no property {prop!r}")
    cleaned = prop_.type.clean(value, proxy=proxy)
    if cleaned is None:
        raise FtmError(f"{proxy.schema.name}.{prop}: not a valid {prop_.type.name}: {value!r}")
    proxy.add(prop_, cleaned, cleaned=True)


def _make(schema: str, *key: Any) -> EntityProxy:
    proxy = model.make_entity(schema)
    proxy.make_id(ID_PREFIX, schema, *key)
    return proxy


@dataclass
class _Doc:
    slug: str
    entity: EntityProxy
    url: str | None
    publisher: str


@dataclass
class FtmExport:
    """The entities, validated, in a stable order (schema, then id), and what became of groups."""

    entities: list[EntityProxy]
    # (entity id, property, value) -> the slugs of the documents that gave it.
    sources: dict[tuple[str, str, str], set[str]]
    groups_as_members: int
    groups_left_out: int


class _Builder:
    def __init__(self) -> None:
        self.entities: dict[str, EntityProxy] = {}
        self.sources: dict[tuple[str, str, str], set[str]] = {}

    def keep(self, proxy: EntityProxy, source: str | None = None) -> EntityProxy:
        """Keep an entity; one with the same id (an act two documents tell of) merges. Each
        value remembers `source`, the slug of the document that gave it."""
        assert proxy.id is not None
        if source is not None:
            for prop, value in proxy.itervalues():
                self.sources.setdefault((proxy.id, prop.name, value), set()).add(source)
        if proxy.id in self.entities:
            self.entities[proxy.id].merge(proxy)
        else:
            self.entities[proxy.id] = proxy
        return self.entities[proxy.id]

    def evidence(
        self, proxy: EntityProxy, doc: _Doc, quote: str | None, urls: list[str] | None = None
    ) -> None:
        _put(proxy, "proof", doc.entity)
        _put(proxy, "sourceUrl", doc.url)
        _put(proxy, "sourceUrl", urls or [])
        _put(proxy, "publisher", doc.publisher)
        _put(proxy, "summary", quote)


def _members(groups: dict[int, list[int]]) -> dict[int, list[int]]:
    """Group id -> its known members, in the order the relations were loaded: the subjects of
    member_of and part_of relations to it, a group among them replaced by its own members."""

    def expand(group: int, seen: frozenset[int]) -> list[int]:
        found: list[int] = []
        for subject in groups[group]:
            if subject in groups:
                if subject not in seen:  # the loader refuses cycles; never loop regardless
                    found += expand(subject, seen | {subject})
            else:
                found.append(subject)
        return list(dict.fromkeys(found))

    return {g: expand(g, frozenset({g})) for g in groups}


def build_entities(conn: Connection) -> list[EntityProxy]:
    """Every entity, validated, in a stable order (schema, then id)."""
    return build_export(conn).entities


def build_export(conn: Connection) -> FtmExport:
    """Every entity, validated, with the documents each value comes from."""
    b = _Builder()

    docs: dict[int, _Doc] = {}
    for d in conn.execute(select(Document).order_by(Document.id)).mappings():
        article = _make("Article", d["slug"])
        _put(article, "title", d["title"])
        _put(article, "publisher", d["publisher"])
        _put(article, "publishedAt", ftm_date(d["published_on"], "day"))
        _put(article, "sourceUrl", d["url"])
        _put(article, "language", d["language"])
        _put(article, "bodyText", d["body_text"])
        _put(article, "keywords", d["document_type"])
        docs[d["id"]] = _Doc(d["slug"], b.keep(article, d["slug"]), d["url"], d["publisher"])

    urls = _source_urls(conn)
    iso2 = {r.actor_id: r.iso_alpha2.lower() for r in conn.execute(select(State.__table__)).all()}
    names: dict[int, list[str]] = {}
    for r in conn.execute(select(ActorName.actor_id, ActorName.name).order_by(ActorName.id)).all():
        names.setdefault(r.actor_id, []).append(r.name)

    relations = list(
        conn.execute(select(ActorRelation.__table__).order_by(ActorRelation.id)).mappings()
    )
    actors: dict[int, EntityProxy] = {}
    kinds: dict[int, str] = {}
    keys: dict[int, str] = {}
    labels: dict[int, str] = {}
    groups: dict[int, list[int]] = {}
    for a in conn.execute(select(Actor.__table__).order_by(Actor.id)).mappings():
        name = a["name"] or a["description"]
        kinds[a["id"]], keys[a["id"]], labels[a["id"]] = a["kind"], a["key"], name
        if a["kind"] == "group":
            groups[a["id"]] = []
            continue
        proxy = _make(ACTOR_SCHEMA[a["kind"]], a["key"])
        _put(proxy, "name", name)
        _put(proxy, "alias", [n for n in names.get(a["id"], []) if n != name])
        _put(proxy, "description", a["description"])
        _put(proxy, "wikidataId", a["wikidata_id"])
        if a["id"] in iso2:
            _put(proxy, "jurisdiction", iso2[a["id"]])
            _put(proxy, "country", iso2[a["id"]])
            _put(proxy, "topics", "gov.national")
        actors[a["id"]] = b.keep(proxy)
    for r in relations:
        if r["relation"] in ("member_of", "part_of") and r["object_id"] in groups:
            groups[r["object_id"]].append(r["subject_id"])
    members = _members(groups)

    def standing_for(actor_id: int) -> list[int]:
        """The actors an actor stands for in the export: itself, or a group's members."""
        return members[actor_id] if actor_id in groups else [actor_id]

    for r in relations:
        if r["object_id"] in groups:
            continue  # what makes a group; it has no entity to point at
        for subject in standing_for(r["subject_id"]):
            _relation(b, r, subject, actors, kinds, iso2, docs[r["document_id"]], urls)

    _sanctions(b, conn, docs, urls, actors, labels, keys, iso2, standing_for)

    participants: dict[int, list[Any]] = {}
    for p in conn.execute(
        select(EventParticipant.__table__).order_by(EventParticipant.id)
    ).mappings():
        participants.setdefault(p["event_id"], []).append(p)
    for e in conn.execute(select(Event.__table__).order_by(Event.id)).mappings():
        event = _make("Event", e["key"])
        _put(event, "name", e["name"])
        _put(event, "date", ftm_date(e["occurred_on"], e["date_precision"]))
        _put(event, "keywords", e["event_type"])
        if e["location_id"] is not None:
            for place in standing_for(e["location_id"]):
                _put(event, "involved", actors[place])
                _put(event, "country", iso2.get(place))
        source = None
        if e["document_id"] is not None:
            source = docs[e["document_id"]].slug
            b.evidence(event, docs[e["document_id"]], e["quote"])
        b.keep(event, source)
        for p in participants.get(e["id"], []):
            told = _make("Event", e["key"])
            for actor_id in standing_for(p["actor_id"]):
                _put(told, "involved", actors[actor_id])
                if p["role"] == "location":
                    _put(told, "country", iso2.get(actor_id))
            doc = docs[p["document_id"]]
            _put(told, "proof", doc.entity)
            _put(told, "sourceUrl", doc.url)
            _put(told, "sourceUrl", urls.get(("event_participants", p["id"]), []))
            b.keep(told, doc.slug)

    entities = sorted(b.entities.values(), key=lambda e: (e.schema.name, e.id or ""))
    validate(entities)
    as_members = sum(1 for g in groups if members[g])
    return FtmExport(entities, b.sources, as_members, len(groups) - as_members)


def _sanctions(
    b: _Builder,
    conn: Connection,
    docs: dict[int, _Doc],
    urls: dict[tuple[str, int], list[str]],
    actors: dict[int, EntityProxy],
    labels: dict[int, str],
    keys: dict[int, str],
    iso2: dict[int, str],
    standing_for: Callable[[int], list[int]],
) -> None:
    """One Sanction per act without parts (and per known member of a group it sanctions),
    carrying every row that tells of it or of an act it is part of."""
    regimes = {r["id"]: r for r in conn.execute(select(SanctionRegime.__table__)).mappings().all()}
    acts = {
        a.id: a
        for a in conn.execute(
            select(Act.id, Act.key, Act.part_of_id).where(Act.kind == Sanction.__tablename__)
        ).all()
    }
    rows: dict[int | None, list[Any]] = {}
    for s in conn.execute(select(Sanction.__table__).order_by(Sanction.id)).mappings():
        rows.setdefault(s["act_id"], []).append(s)
    told = {a for a in rows if a is not None}
    with_parts = {acts[a].part_of_id for a in told if acts[a].part_of_id in told}

    def act_key(s: Any) -> str:
        if s["act_id"] is None:  # a row loaded without its act: its document's own
            return f"{docs[s['document_id']].slug}/{s['key']}"
        return acts[s["act_id"]].key

    def told_by(act_id: int | None) -> list[Any]:
        """The rows of an act and of the acts it is part of."""
        found, seen = [], set()
        while act_id is not None and act_id not in seen:
            seen.add(act_id)
            found += rows.get(act_id, [])
            act_id = acts[act_id].part_of_id if act_id in acts else None
        return found

    for act_id, own in rows.items():
        if act_id in with_parts:
            continue  # told by its parts' Sanctions
        if act_id is None:
            units = [(act_key(s), [s]) for s in own]
        else:
            units = [(acts[act_id].key, told_by(act_id))]
        for key, evidence in units:
            own_ids = {s["id"] for s in own}
            targets = list(dict.fromkeys(s["target_id"] for s in evidence if s["id"] in own_ids))
            for target_id in targets:
                stand_ins = standing_for(target_id)
                for actor_id in stand_ins:
                    sanction_key = key if stand_ins == [target_id] else f"{key}/{keys[actor_id]}"
                    for s in evidence:
                        sanction = _make("Sanction", sanction_key)
                        _put(sanction, "recordId", sanction_key)
                        _put(sanction, "country", iso2.get(s["authority_id"]))
                        regime = regimes.get(s["regime_id"])
                        if regime is not None:
                            _put(sanction, "program", regime["name"])
                            _put(sanction, "programUrl", regime["url"])
                        _sanction_row(b, s, sanction, actors[actor_id], docs, urls, labels)
    for sanction in b.entities.values():
        if sanction.schema.name == "Sanction":
            dates = sanction.get("startDate")
            kept = [d for d in dates if not any(o != d and o.startswith(d) for o in dates)]
            if kept != dates:
                sanction.set("startDate", kept)


def _sanction_row(
    b: _Builder,
    s: Any,
    sanction: EntityProxy,
    target: EntityProxy,
    docs: dict[int, _Doc],
    urls: dict[tuple[str, int], list[str]],
    labels: dict[int, str],
) -> None:
    """What the row `s` says of `sanction`, on `target`; the target is tagged as sanctioned."""
    doc = docs[s["document_id"]]
    _put(sanction, "entity", target)
    _put(sanction, "authority", labels[s["authority_id"]])
    _put(sanction, "startDate", ftm_date(s["imposed_on"], s["date_precision"]))
    _put(sanction, "reason", s["reason"])
    measures = [m.strip() for m in (s["measures"] or "").split(";")]
    _put(sanction, "provisions", [m for m in measures if m])
    b.evidence(sanction, doc, s["quote"], urls.get(("sanctions", s["id"])))
    b.keep(sanction, doc.slug)
    topic = model.make_entity(target.schema.name)
    topic.id = target.id
    _put(topic, "topics", "sanction")
    b.keep(topic, doc.slug)


def _relation(
    b: _Builder,
    r: Any,
    subject_id: int,
    actors: dict[int, EntityProxy],
    kinds: dict[int, str],
    iso2: dict[int, str],
    doc: _Doc,
    urls: dict[tuple[str, int], list[str]],
) -> None:
    """The relation `r`, told of `subject_id`: its subject, or a member of its subject group."""
    subject, obj = actors[subject_id], actors[r["object_id"]]
    sources = urls.get(("actor_relations", r["id"]))
    relation, role = r["relation"], r["role"]
    edge: EntityProxy
    if (
        relation == "child_of"
        and kinds[subject_id] == "person"
        and kinds[r["object_id"]] == "person"
    ):
        edge = _make("Family", subject.id, obj.id)
        _put(edge, "person", obj)
        _put(edge, "relative", subject)
        _put(edge, "relationship", "child")
    elif relation == "holds_position" and kinds[subject_id] == "person" and role:
        post = _make("Position", obj.id, role)
        _put(post, "name", role)
        _put(post, "organization", obj)
        _put(post, "country", iso2.get(r["object_id"]) or obj.get("country"))
        b.evidence(post, doc, None, sources)
        b.keep(post, doc.slug)
        edge = _make("Occupancy", subject.id, post.id)
        _put(edge, "holder", subject)
        _put(edge, "post", post)
    elif kinds[r["object_id"]] != "person":
        # member_of, part_of, and a position someone other than a person holds.
        edge = _make("Membership", subject.id, obj.id, role or "")
        _put(edge, "member", subject)
        _put(edge, "organization", obj)
        _put(edge, "role", role)
    else:
        edge = _make("UnknownLink", subject.id, relation, obj.id)
        _put(edge, "subject", subject)
        _put(edge, "object", obj)
        _put(edge, "role", relation.replace("_", " ") + (f": {role}" if role else ""))
    b.evidence(edge, doc, r["quote"], sources)
    b.keep(edge, doc.slug)


def _source_urls(conn: Connection) -> dict[tuple[str, int], list[str]]:
    """(fact table, fact id) -> the addresses of the sources the fact rests on, in order."""
    links = select(FactSource.__table__, DocumentSource.url).join(
        DocumentSource, DocumentSource.id == FactSource.source_id
    )
    found: dict[tuple[str, int], list[str]] = {}
    for link in conn.execute(links.order_by(FactSource.id)).mappings():
        for table, column in FACT_SOURCE_COLUMNS.items():
            if link[column] is not None:
                found.setdefault((table, link[column]), []).append(link["url"])
    return found


def validate(entities: Iterable[EntityProxy]) -> None:
    """Each entity passes its schema (required properties, valid values) and every entity
    it points at is in the set."""
    entities = list(entities)
    ids = {e.id for e in entities}
    for entity in entities:
        data = entity.to_dict()
        try:
            entity.schema.validate(data)
        except InvalidData as exc:
            raise FtmError(f"{entity.schema.name} {entity.id}: {exc}") from exc
        for prop, value in entity.itervalues():
            if prop.type.name == "entity" and value not in ids:
                raise FtmError(
                    f"{entity.schema.name} {entity.id}: {prop.name} points at missing {value}"
                )


def entity_json(entity: EntityProxy) -> str:
    """One JSON line: id, schema and properties, values sorted so the file is stable."""
    data = entity.to_dict()
    data["properties"] = {k: sorted(v) for k, v in sorted(data["properties"].items())}
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def write_entities(entities: Iterable[EntityProxy], out: TextIO) -> int:
    count = 0
    for entity in entities:
        out.write(entity_json(entity) + "\n")
        count += 1
    return count


# The statements' dataset: FollowTheMoney's dataset names are [a-z0-9_]; a document's slug,
# which has hyphens, goes into each statement's `origin`.
DATASET = "dossier"


def statements(export: FtmExport) -> Iterator[Statement]:
    """Each entity as statements: its id, then one per property, value and document that gave
    it (`origin`, the document's slug), in a stable order. A value no document gave (an actor's
    name from the reference data) is one statement without an origin. Each statement's id is a
    hash of the dataset, the origin, the entity, the property and the value."""
    for entity in export.entities:
        assert entity.id is not None
        schema = entity.schema.name
        yield Statement(entity.id, BASE_ID, schema, entity.id, DATASET)
        values = sorted((prop.name, value) for prop, value in entity.itervalues())
        for prop, value in values:
            origins = sorted(export.sources.get((entity.id, prop, value), ())) or [None]
            for origin in origins:
                dataset = DATASET if origin is None else f"{DATASET}/{origin}"
                key = Statement.make_key(dataset, entity.id, prop, value, False)
                yield Statement(entity.id, prop, schema, value, DATASET, origin=origin, id=key)


def write_statements(export: FtmExport, out: TextIO) -> int:
    """The statement CSV (followthemoney's own writer and columns); the rows written."""
    writer = CSVStatementWriter(out)
    count = 0
    for statement in statements(export):
        writer.write(statement)
        count += 1
    writer.close()
    return count
