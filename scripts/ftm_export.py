"""The database as FollowTheMoney entities, built and validated with the `followthemoney` package.

Mapping (FollowTheMoney 4 has no Country schema: a state is a PublicBody whose `jurisdiction`
and `country` are its ISO 3166-1 alpha-2 code, and other entities carry `country` codes):

| Dossier | FollowTheMoney |
| --- | --- |
| document | Article (title, publisher, publishedAt, sourceUrl, language, bodyText) |
| actor, kind person | Person |
| actor, kind organization or group | Organization |
| actor, kind state | PublicBody (jurisdiction, country, topic gov.national) |
| sanction row (one per target) | Sanction (entity, authority, program, programUrl, startDate, |
|  | reason, provisions, country, sourceUrl, proof) |
| relation child_of | Family (person: the parent, relative: the child, relationship 'child') |
| relation holds_position | Position (name: the role, organization, country) and |
|  | Occupancy (holder, post) |
| relation member_of / part_of | Membership (member, organization) |
| event and its participants | Event (name, date, country, involved) |

A fact's `sourceUrl` is its document's address, if it has one, and the address of each source
the fact rests on (document_sources, through fact_sources): an analyst note has no address of
its own, so its facts are credited to the pages it cites, never the note to them.

Every entity id is `make_id` of stable keys (actor keys, document slugs, fact keys), so the
same database gives the same ids on SQLite and PostgreSQL and across exports. Facts point at
their document's Article through `proof`, and carry the document's words in `summary`. An
actor the sources only describe ("a son of Alexander Lukashenko") takes its description as
its name, as the views do: FollowTheMoney requires a name.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TextIO

from followthemoney import EntityProxy, model
from followthemoney.exc import InvalidData
from sqlalchemy import Connection, select

from models import (
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


class _Builder:
    def __init__(self) -> None:
        self.entities: dict[str, EntityProxy] = {}

    def keep(self, proxy: EntityProxy) -> EntityProxy:
        """Keep an entity; one with the same id (a fact repeated by two documents) merges."""
        assert proxy.id is not None
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


def build_entities(conn: Connection) -> list[EntityProxy]:
    """Every entity, validated, in a stable order (schema, then id)."""
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
        docs[d["id"]] = _Doc(d["slug"], b.keep(article), d["url"], d["publisher"])

    urls = _source_urls(conn)
    iso2 = {r.actor_id: r.iso_alpha2.lower() for r in conn.execute(select(State.__table__)).all()}
    names: dict[int, list[str]] = {}
    for r in conn.execute(select(ActorName.actor_id, ActorName.name).order_by(ActorName.id)).all():
        names.setdefault(r.actor_id, []).append(r.name)

    actors: dict[int, EntityProxy] = {}
    kinds: dict[int, str] = {}
    labels: dict[int, str] = {}
    for a in conn.execute(select(Actor.__table__).order_by(Actor.id)).mappings():
        proxy = _make(ACTOR_SCHEMA[a["kind"]], a["key"])
        name = a["name"] or a["description"]
        _put(proxy, "name", name)
        _put(proxy, "alias", [n for n in names.get(a["id"], []) if n != name])
        _put(proxy, "description", a["description"])
        _put(proxy, "wikidataId", a["wikidata_id"])
        if a["id"] in iso2:
            _put(proxy, "jurisdiction", iso2[a["id"]])
            _put(proxy, "country", iso2[a["id"]])
            _put(proxy, "topics", "gov.national")
        actors[a["id"]] = b.keep(proxy)
        kinds[a["id"]] = a["kind"]
        labels[a["id"]] = name

    relations = conn.execute(select(ActorRelation.__table__).order_by(ActorRelation.id)).mappings()
    for r in relations:
        _relation(b, r, actors, kinds, iso2, docs[r["document_id"]], urls)

    regimes = {r["id"]: r for r in conn.execute(select(SanctionRegime.__table__)).mappings().all()}
    for s in conn.execute(select(Sanction.__table__).order_by(Sanction.id)).mappings():
        doc = docs[s["document_id"]]
        sanction = _make("Sanction", doc.slug, s["key"])
        target = actors[s["target_id"]]
        _put(sanction, "entity", target)
        _put(target, "topics", "sanction")
        _put(sanction, "authority", labels[s["authority_id"]])
        _put(sanction, "country", iso2.get(s["authority_id"]))
        regime = regimes.get(s["regime_id"])
        if regime is not None:
            _put(sanction, "program", regime["name"])
            _put(sanction, "programUrl", regime["url"])
        _put(sanction, "startDate", ftm_date(s["imposed_on"], s["date_precision"]))
        _put(sanction, "reason", s["reason"])
        measures = [m.strip() for m in (s["measures"] or "").split(";")]
        _put(sanction, "provisions", [m for m in measures if m])
        _put(sanction, "recordId", s["key"])
        b.evidence(sanction, doc, s["quote"], urls.get(("sanctions", s["id"])))
        b.keep(sanction)

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
            _put(event, "involved", actors[e["location_id"]])
            _put(event, "country", iso2.get(e["location_id"]))
        if e["document_id"] is not None:
            b.evidence(event, docs[e["document_id"]], e["quote"])
        for p in participants.get(e["id"], []):
            _put(event, "involved", actors[p["actor_id"]])
            if p["role"] == "location":
                _put(event, "country", iso2.get(p["actor_id"]))
            doc = docs[p["document_id"]]
            _put(event, "proof", doc.entity)
            _put(event, "sourceUrl", doc.url)
            _put(event, "sourceUrl", urls.get(("event_participants", p["id"]), []))
        b.keep(event)

    entities = sorted(b.entities.values(), key=lambda e: (e.schema.name, e.id or ""))
    validate(entities)
    return entities


def _relation(
    b: _Builder,
    r: Any,
    actors: dict[int, EntityProxy],
    kinds: dict[int, str],
    iso2: dict[int, str],
    doc: _Doc,
    urls: dict[tuple[str, int], list[str]],
) -> None:
    subject, obj = actors[r["subject_id"]], actors[r["object_id"]]
    sources = urls.get(("actor_relations", r["id"]))
    relation, role = r["relation"], r["role"]
    edge: EntityProxy
    if (
        relation == "child_of"
        and kinds[r["subject_id"]] == "person"
        and kinds[r["object_id"]] == "person"
    ):
        edge = _make("Family", subject.id, obj.id)
        _put(edge, "person", obj)
        _put(edge, "relative", subject)
        _put(edge, "relationship", "child")
    elif relation == "holds_position" and kinds[r["subject_id"]] == "person" and role:
        post = _make("Position", obj.id, role)
        _put(post, "name", role)
        _put(post, "organization", obj)
        _put(post, "country", iso2.get(r["object_id"]) or obj.get("country"))
        b.evidence(post, doc, None, sources)
        b.keep(post)
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
    b.keep(edge)


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
