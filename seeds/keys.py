"""The keys a curator can refer to, with their labels and where they are declared.

Two sources, one shape (`Declared`): the seed folders (the reference data and every facts
file, read as YAML without being loaded), and a database (what its loaded documents declared).
The words of seeds/vocabulary.yaml come with both. `dossier keys` lists them; the loader's
"did you mean" (`did_you_mean`) names the nearest and where they are declared.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Connection, Select, Table, select

from models import Base
from seeds import DOCUMENTS_DIR, REFERENCE_DIR
from seeds.errors import SeedError
from seeds.nearest import nearest, scores
from seeds.parse import FACTS_FILE, parse_reference
from seeds.sections import ENTITY_SECTIONS
from seeds.vocabulary import KINDS as WORD_KINDS
from seeds.vocabulary import VOCABULARY_FILE, vocabulary
from seeds.yamlfile import line_of, read_text, read_yaml

# What `--kind` takes: a table's entities, or a kind of word of the vocabulary.
ENTITY_KINDS = {
    "actor": "actors",
    "event": "events",
    "regime": "sanction_regimes",
    "investigation": "investigations",
}
KINDS = (*ENTITY_KINDS, *WORD_KINDS)
KIND_OF_TABLE = {table: kind for kind, table in ENTITY_KINDS.items()}


@dataclass(frozen=True)
class Declared:
    kind: str  # one of KINDS
    key: str
    label: str  # a name, else a description; a word's meaning
    detail: str  # an actor's kind (state, person, …); an event's type
    where: str  # FILE:LINE, or "document SLUG" for what a database holds
    names: tuple[str, ...] = ()  # from the seeds: its name and aliases, as declared
    description: str = ""  # from the seeds: its description, where one is declared


def names_of(values: Mapping[str, object]) -> tuple[str, ...]:
    """An entity's name and aliases, as declared (none for what has only a description)."""
    aliases = values.get("aliases")
    found = [values.get("name"), *(aliases if isinstance(aliases, list) else ())]
    return tuple(str(name) for name in found if isinstance(name, str) and name)


def shown(path: Path) -> str:
    """`path` relative to the current folder when under it, else as it is."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def label_of(values: Mapping[str, object]) -> str:
    """An entity's label: its name, else its description ("" if it has neither)."""
    return str(values.get("name") or values.get("description") or "")


def label_columns(table: Table) -> list[Column[Any]]:
    """The columns `label_of` reads of an entity table: a name, and a description if any."""
    return [table.c.name, table.c.description] if "description" in table.c else [table.c.name]


def _words() -> Iterator[Declared]:
    words = vocabulary()
    for kind in WORD_KINDS:
        for word, meaning in words[kind].items():
            line = words[kind].lines[word]
            yield Declared(kind, word, meaning, "", f"{shown(VOCABULARY_FILE)}:{line}")


def from_seeds(
    documents_dir: Path = DOCUMENTS_DIR,
    reference_dir: Path = REFERENCE_DIR,
    holding: str | None = None,
    leave_out: Path | None = None,
) -> list[Declared]:
    """Every key the seed folders declare, the reference data's first, then each document's
    in folder order; a key declared twice is listed where it is first declared (with the names
    every declaration gives). Facts files are read as YAML only (not checked): a file that is
    not YAML is skipped. With `holding`, only the facts files whose text holds those words are
    read as YAML; the document folder `leave_out` is not read."""
    found: dict[tuple[str, str], Declared] = {}
    entities, _ = parse_reference(reference_dir)
    for row in entities:
        kind = KIND_OF_TABLE[row.table]
        detail = str(row.values.get("kind") or "")
        # a state of ISO 3166-1 that states.yaml adds nothing to comes from pycountry
        where = f"{shown(row.path)}:{row.line}" if row.line else "ISO 3166-1 (pycountry)"
        names, about = names_of(row.values), str(row.values.get("description") or "")
        _declare(found, Declared(kind, row.key, label_of(row.values), detail, where, names, about))
    skipped = None if leave_out is None else Path(leave_out).resolve()
    for facts in sorted(Path(documents_dir).glob(f"*/{FACTS_FILE}")):
        if facts.parent.resolve() == skipped:
            continue
        try:
            if holding is not None and holding not in read_text(facts):
                continue
            data = read_yaml(facts)
        except SeedError:
            continue
        if not isinstance(data, dict):
            continue
        for section in ENTITY_SECTIONS:
            items = data.get(section.name)
            if not isinstance(items, list):
                continue
            kind = KIND_OF_TABLE[section.table]
            for index, item in enumerate(items):
                if not isinstance(item, dict) or not isinstance(item.get("key"), str):
                    continue
                detail = str(item.get("kind") or item.get("type") or "")
                line = line_of(data, [section.name, index])
                where = f"{shown(facts)}:{line}"
                names, about = names_of(item), str(item.get("description") or "")
                declared = Declared(kind, item["key"], label_of(item), detail, where, names, about)
                _declare(found, declared)
    return [*found.values(), *_words()]


def _declare(found: dict[tuple[str, str], Declared], declared: Declared) -> None:
    """Keep the first declaration of a key, with the names of every one of them (and a
    description, if the first gives none)."""
    first = found.setdefault((declared.kind, declared.key), declared)
    more = tuple(name for name in declared.names if name not in first.names)
    if more or (declared.description and not first.description):
        found[declared.kind, declared.key] = replace(
            first,
            names=first.names + more,
            description=first.description or declared.description,
        )


def declarations(table: str | None = None, key: str | None = None) -> Select[Any]:
    """(entity_table, entity_key, slug) of each loaded document's declaration of an entity
    (of `table` and `key`, if given), the first loaded first."""
    declared, documents = (
        Base.metadata.tables["entity_declarations"],
        Base.metadata.tables["documents"],
    )
    query = (
        select(declared.c.entity_table, declared.c.entity_key, documents.c.slug)
        .join(documents, documents.c.id == declared.c.document_id)
        .order_by(declared.c.document_id)
    )
    if table is not None:
        query = query.where(declared.c.entity_table == table, declared.c.entity_key == key)
    return query


def where_declared(conn: Connection, table: str, key: str) -> str:
    """`document SLUG` of the first loaded document that declares the entity, else "the
    reference data"."""
    found = conn.execute(declarations(table, key).limit(1)).first()
    return "the reference data" if found is None else f"document {found.slug}"


def from_database(conn: Connection) -> list[Declared]:
    """Every entity a database holds, with the first loaded document that declares it
    ("the reference data" if none does), then the vocabulary's words."""
    first: dict[tuple[str, str], str] = {}
    for table, key, slug in conn.execute(declarations()):
        first.setdefault((table, key), f"document {slug}")
    found: list[Declared] = []
    for kind, table in ENTITY_KINDS.items():
        t = Base.metadata.tables[table]
        detail = t.c.kind if "kind" in t.c else t.c.event_type if "event_type" in t.c else None
        columns = [t.c.key, *label_columns(t), *([detail] if detail is not None else [])]
        for r in conn.execute(select(*columns).order_by(t.c.key)).mappings():
            where = first.get((table, r["key"]), "the reference data")
            shown_detail = "" if detail is None else str(r[detail.name] or "")
            found.append(Declared(kind, r["key"], label_of(r), shown_detail, where))
    return [*found, *_words()]


def matching(declared: list[Declared], kind: str | None, text: str | None) -> list[Declared]:
    """Those of `declared` of `kind` (all if None); with `text`, those near it (by key or
    label), best first; else by kind and key."""
    chosen = [d for d in declared if kind is None or d.kind == kind]
    if not text:
        return sorted(chosen, key=lambda d: (KINDS.index(d.kind), d.key))
    found: list[tuple[float, Declared]] = []
    for k in KINDS:
        of_kind = {d.key: d for d in chosen if d.kind == k}
        near = scores(text, {key: d.label for key, d in of_kind.items()})
        found += [(score, of_kind[key]) for key, score in near.items()]
    found.sort(key=lambda pair: (-pair[0], KINDS.index(pair[1].kind), pair[1].key))
    return [d for _, d in found]


def did_you_mean(
    label: str, key: str, known: Mapping[str, str | None], where: Callable[[str], str]
) -> str:
    """`unknown LABEL 'KEY'`, with the nearest of `known` (key -> label), each with its label
    and `where(key)` it is declared."""
    near = nearest(key, known)
    if not near:
        return f"unknown {label} {key!r}"
    options = ", ".join(
        f"{k!r} ({known[k] + ', ' if known[k] else ''}declared at {where(k)})" for k in near
    )
    return f"unknown {label} {key!r}; did you mean {options}?"


def seed_declaration(kind: str, key: str, documents_dir: Path = DOCUMENTS_DIR) -> str | None:
    """Where a facts file of the seed folders declares `key` (FILE:LINE), or None. (Only the
    files that hold the key are read as YAML: a large seed folder is searched in seconds.)"""
    for found in from_seeds(documents_dir, holding=key):
        if found.kind == kind and found.key == key:
            return found.where
    return None
