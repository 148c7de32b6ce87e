"""A document folder in, a draft facts file out: `facts.suggested.yaml`, beside `facts.yaml`.

The draft is a facts file (seeds/facts.schema.json): its `document` is facts.yaml's, and each
item says above it, in comments, why it was made. Nothing reads it but the curator: `load` and
`check` read only `facts.yaml`, so a suggestion loads only once it is moved there.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from seeds import DOCUMENTS_DIR
from seeds.errors import SeedError
from seeds.keys import from_seeds
from seeds.parse import (
    DEFAULT_TEXT_FILE,
    FACTS_FILE,
    FACTS_SCHEMA,
    SUGGESTED_FILE,
    Place,
    validate_shape,
)
from seeds.scaffold import schema_reference
from seeds.spans import SpanError, find_span, occurrences
from seeds.suggest.draft import Draft, Suggester, Suggestion
from seeds.suggest.reading import Known, Reader, slug
from seeds.suggest.rules import read_rules
from seeds.yamlfile import read_text, read_yaml

# The order of a draft's sections, as a facts file has them.
SECTIONS = ("actors", "events", "investigations", "statements", "findings", "sanctions", "demands")


def document_folder(name: str | Path) -> Path:
    """A document's folder from its slug (under seeds/documents/) or its path."""
    path = Path(name)
    if (path / FACTS_FILE).exists():
        return path
    if (DOCUMENTS_DIR / str(name) / FACTS_FILE).exists():
        return DOCUMENTS_DIR / str(name)
    raise SeedError(path, None, "no such document: give a slug of seeds/documents/ or a folder")


def reader_for(leave_out: Path | None) -> Reader:
    """A reader knowing the actors and investigations the seeds declare (the reference data
    and every document but `leave_out`: what the text says is read from the text alone)."""
    rules = read_rules()
    declared = from_seeds(leave_out=leave_out)
    investigations = [d for d in declared if d.kind == "investigation"]
    return Reader(rules, Known.of(declared, rules), investigations)


def read_folder(folder: Path) -> tuple[dict[str, Any], str, dict[str, Any]]:
    """facts.yaml's metadata (checked: a draft needs its publication day), the text, and the
    facts file as read."""
    facts_path = folder / FACTS_FILE
    data = read_yaml(facts_path)
    if not isinstance(data, dict) or not isinstance(data.get("document"), dict):
        raise SeedError(facts_path, None, "no 'document' here: fill in the metadata first")
    validate_shape({"document": data["document"]}, FACTS_SCHEMA, Place(facts_path, data))
    meta = data["document"]
    text = read_text(folder / str(meta.get("text_file", DEFAULT_TEXT_FILE)))
    return meta, text, data


def suggest(folder: Path, reader: Reader | None = None) -> Draft:
    """The suggestions for a document folder's text."""
    meta, text, _ = read_folder(folder)
    reader = reader or reader_for(folder)
    return Suggester(reader, meta, text).run()


def uncovered(draft: Draft, facts: dict[str, Any]) -> int:
    """Drop the suggestions whose span a curated fact of the same section overlaps (`--merge`);
    how many were dropped."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for section in SECTIONS:
        for item in facts.get(section) or []:
            if not isinstance(item, dict) or not isinstance(item.get("quote"), str):
                continue
            try:
                occurrence = item.get("occurrence")
                spans.setdefault(section, []).append(
                    find_span(draft.text, item["quote"], int(occurrence) if occurrence else None)
                )
            except (SpanError, ValueError):
                continue  # a quote `check` will refuse covers nothing
    kept = [
        s
        for s in draft.suggestions
        if not any(a < s.end and s.start < b for a, b in spans.get(s.section, []))
    ]
    dropped = len(draft.suggestions) - len(kept)
    draft.suggestions = kept
    named = {str(v) for s in kept for v in s.item.values() if isinstance(v, str)}
    named |= {t for s in kept for t in s.item.get("targets", [])}
    for declared in (draft.actors, draft.investigations):
        for key in [k for k in declared if k not in named]:
            del declared[key]
    return dropped


# --- writing ----------------------------------------------------------------------------


class _Quoted(str):
    """A date or a code: written in quote marks, as the guide asks."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(
    _Quoted, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, '"')
)


def _field_order() -> dict[str, list[str]]:
    schema = json.loads(FACTS_SCHEMA.read_text(encoding="utf-8"))
    return {
        name: list(section["items"]["properties"])
        for name, section in schema["properties"].items()
        if name != "document"
    }


def keyed(draft: Draft) -> dict[str, list[tuple[dict[str, Any], list[str]]]]:
    """Each section's items, with their keys, references by key and occurrences, in the
    schema's field order, each with why it was made."""
    order = _field_order()
    keys: dict[int, str] = {}
    sections: dict[str, list[tuple[dict[str, Any], list[str]]]] = {}
    taken: dict[str, set[str]] = {}

    def key_for(suggestion: Suggestion) -> str:
        item = suggestion.item
        words = " ".join(str(item["quote"]).split()[:6])
        base = {
            "sanctions": f"{item.get('authority')} sanctions {item.get('date', '')}",
            "events": f"{item.get('name')} {item.get('date', '')}",
        }.get(suggestion.section, words)
        key, n = slug(base), 1
        while key in taken.setdefault(suggestion.section, set()):
            n += 1
            key = f"{slug(base)}-{n}"
        taken[suggestion.section].add(key)
        return key

    ordered = sorted(draft.suggestions, key=lambda s: (SECTIONS.index(s.section), s.start))
    for suggestion in ordered:
        keys[id(suggestion)] = key_for(suggestion)
    for suggestion in ordered:
        item: dict[str, Any] = {"key": keys[id(suggestion)], **suggestion.item}
        for name in ("statement", "event"):
            ref = item.get(name)
            if isinstance(ref, Suggestion):
                if id(ref) in keys:
                    item[name] = keys[id(ref)]
                else:
                    del item[name]  # left out by --merge
        starts = occurrences(draft.text, item["quote"])
        if len(starts) > 1:
            item["occurrence"] = starts.index(suggestion.start) + 1
        for name in ("date", "cameo"):
            if name in item:
                item[name] = _Quoted(item[name])
        fields = order[suggestion.section]
        item = {name: item[name] for name in fields if name in item}
        sections.setdefault(suggestion.section, []).append((item, suggestion.why))
    for name, items in (("actors", draft.actors), ("investigations", draft.investigations)):
        for key, item in items.items():
            sections.setdefault(name, []).append((item, draft.why.get(key, [])))
    return sections


def draft_text(draft: Draft, folder: Path) -> str:
    """The draft facts file."""
    plain = json.loads(json.dumps(draft.document))  # as read: lists that know their lines
    document = {
        name: _Quoted(value) if name == "published_on" else value for name, value in plain.items()
    }
    lines = [
        f"# yaml-language-server: $schema={schema_reference(folder)}",
        "# Suggestions of `dossier suggest`: a first draft, never loaded. Move the items you",
        "# confirm into facts.yaml (with the actors, events and investigations they name),",
        "# correcting them as you go; above each, why it was made. Rules:",
        "# seeds/suggest/rules.yaml; guide: docs/suggest.md. Each run writes this file anew.",
        _dump({"document": document}).rstrip("\n"),
    ]
    for name, items in keyed(draft).items():
        lines.append("")
        lines.append(f"{name}:")
        for item, why in items:
            lines += [f"  # {line}" for line in why]
            lines += ["  " + line for line in _dump([item]).rstrip("\n").split("\n")]
    return "\n".join(lines) + "\n"


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def write_draft(draft: Draft, folder: Path) -> Path:
    path = folder / SUGGESTED_FILE
    path.write_text(draft_text(draft, folder), encoding="utf-8")
    return path


def summary(draft: Draft) -> str:
    """What a draft holds: '10 statements, 9 demands, …; to declare: 2 actors'."""
    counts: dict[str, int] = {}
    for suggestion in draft.suggestions:
        counts[suggestion.section] = counts.get(suggestion.section, 0) + 1
    made = ", ".join(_count(counts[s], s) for s in SECTIONS if s in counts) or "no suggestions"
    new = {"actors": len(draft.actors), "investigations": len(draft.investigations)}
    declared = ", ".join(_count(n, name) for name, n in new.items() if n)
    return made + (f"; to declare: {declared}" if declared else "")


def _count(n: int, plural: str) -> str:
    return f"{n} {plural[:-1] if n == 1 else plural}"
