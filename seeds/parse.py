"""Turn a record (a facts file, or a line of a bundle) into rows, before any database is touched.

A record is the facts file's mapping: `document` (its metadata), then the entity and fact
sections (seeds/sections.py). A folder gives the text in a file beside the facts file; a
bundle line gives it inline, as `document.text`. Both are checked by the same JSON Schema and
turned into the same rows here, each row keeping the file and line it came from.

A record that breaks the schema is refused with every schema error (`SeedErrors`). Otherwise
its items' problems are kept in `Document.problems`: the loader reports them with its own, in
file order, and writes nothing of it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import jsonschema_rs
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from models.acts import MAX_ACT_KEY_LENGTH
from seeds import SEEDS_DIR
from seeds.dates import parse_partial_date
from seeds.errors import SeedError, SeedErrors
from seeds.sections import DATE_DEFAULTS_TO_DOCUMENT, ENTITY_SECTIONS, FACT_SECTIONS, Section
from seeds.spans import SpanError, find_span
from seeds.states import iso_states, state_key_problem, suggestion
from seeds.vocabulary import VOCABULARY_FILE, unknown_word
from seeds.yamlfile import line_of, parse_yaml, read_text, read_yaml

FACTS_FILE = "facts.yaml"
# `dossier suggest`'s draft, beside facts.yaml: never read by check or load (seeds/suggest/).
SUGGESTED_FILE = "facts.suggested.yaml"
DEFAULT_TEXT_FILE = "text.txt"
FACTS_SCHEMA = SEEDS_DIR / "facts.schema.json"
REFERENCE_SCHEMA = SEEDS_DIR / "reference.schema.json"
SCHEMAS = (FACTS_SCHEMA, REFERENCE_SCHEMA)
MAX_KEY_LENGTH = 120  # the key columns' length
MAX_ERRORS = 50  # problems reported for one record


@dataclass
class Row:
    """One row to write: plain column values, references by key, and where it came from."""

    table: str
    key: str
    values: dict[str, Any]
    refs: dict[str, tuple[str, str]] = field(default_factory=dict)  # column -> (table, key)
    path: Path = Path()
    line: int | None = None
    place: Place | None = None  # where its record came from, and its item in it (`at`)
    at: tuple[str | int, ...] = ()
    # Facts: the key of the act it tells of, when the record says (`act:`) or the section's
    # identity does; None: the loader's default (seeds/loader.py, `Store.write_document`).
    act: str | None = None
    part_of: str | None = None  # the act it is part of: a sanction's `act:` (a group's)
    sources: tuple[str, ...] = ()  # a fact's: keys of its document's sources it rests on

    def error(self, reason: str, field: str | None = None) -> SeedError:
        """`reason`, at the line of the row's item (of its `field`, if given)."""
        if self.place is None:
            return SeedError(self.path, self.line, reason)
        if field is not None:
            return self.place.error([*self.at, field], reason)
        return self.place.error(self.at, reason, self.line)


@dataclass
class Document:
    slug: str
    path: Path  # the facts file, or the bundle
    values: dict[str, Any]  # the documents row
    entities: list[Row]  # actors, events, regimes, investigations it declares
    facts: list[Row]  # its fact rows, section by section
    sources: list[Row] = field(default_factory=list)  # the sources it cites (document_sources)
    # Its items' problems found before any database is asked (a quote not in the text, an
    # unknown word): the loader reports them with its own, in file order, and writes nothing.
    problems: list[SeedError] = field(default_factory=list)
    # (table, key) of the items with problems: what refers to them is not checked further.
    skipped: set[tuple[str, str]] = field(default_factory=set)


@dataclass
class Place:
    """Where a record came from, for its errors: a facts file (lines from its parsed YAML) or
    a line of a bundle (then every error also names the JSON pointer of the item)."""

    path: Path
    data: Any
    bundle_line: int | None = None

    def line(self, at: Sequence[str | int]) -> int | None:
        return self.bundle_line if self.bundle_line else line_of(self.data, list(at))

    def pointer(self, at: Sequence[str | int]) -> str:
        return json_pointer(at) if self.bundle_line else ""

    def error(self, at: Sequence[str | int], reason: str, line: int | None = None) -> SeedError:
        pointer = self.pointer(at)
        line = self.bundle_line or line or self.line(at)
        return SeedError(self.path, line, f"{pointer}: {reason}" if pointer else reason)


def json_pointer(at: Sequence[str | int]) -> str:
    """The JSON pointer (RFC 6901) of the item at `at` (keys and indexes) in a record."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in at) or "/"


# --- the JSON Schema ------------------------------------------------------------------------


@cache
def _schemas() -> dict[str, Any]:
    """The seeds' schemas by file name (they refer to each other by it)."""
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in SCHEMAS}


@cache
def _validator(schema_path: Path) -> jsonschema.protocols.Validator:
    """The reference validator for one of the seeds' schemas: it words the errors."""
    schemas = _schemas()
    registry: Registry = Registry().with_resources(
        (name, DRAFT202012.create_resource(schema)) for name, schema in schemas.items()
    )
    schema = schemas[schema_path.name]
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, registry=registry, format_checker=cls.FORMAT_CHECKER)


@cache
def _fast_validator(schema_path: Path) -> jsonschema_rs.Validator:
    """The same schema compiled in Rust (jsonschema-rs): much faster at saying "valid"."""
    schemas = _schemas()
    registry = jsonschema_rs.Registry(list(schemas.items()))
    return jsonschema_rs.validator_for(
        schemas[schema_path.name], registry=registry, validate_formats=True
    )


def _is_valid_fast(data: Any, schema_path: Path) -> bool:
    """True when the compiled validator finds `data` valid; False sends it to the reference
    validator, which words the errors (and has the last word on a value Rust cannot take,
    such as an integer past 64 bits)."""
    try:
        return bool(_fast_validator(schema_path).is_valid(data))
    except (ValueError, TypeError, OverflowError):
        return False


def validate_shape(data: Any, schema_path: Path, place: Place) -> None:
    """Refuse `data` unless the schema holds; every error, in file order."""
    if not isinstance(data, dict):
        raise place.error([], "the file must be a mapping of sections", line=1)
    if _is_valid_fast(data, schema_path):
        return
    errors = []
    for error in _validator(schema_path).iter_errors(data):
        at = list(error.absolute_path)
        line = None
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            known = error.schema.get("properties", {})
            unknown = [k for k in error.instance if k not in known]
            if unknown:  # the line of the unknown field itself
                line = getattr(error.instance, "lines", {}).get(unknown[0])
                at.append(unknown[0])
        where = "/".join(str(p) for p in error.absolute_path) or "top level"
        reason = _plain(error)
        errors.append(place.error(at, reason if place.bundle_line else f"{where}: {reason}", line))
    if errors:
        raise SeedErrors(errors)


# The seeds' schemas' patterns in words, for errors (no regular expression in a message) and
# for the guide's field tables (scripts/write_field_docs.py). A new pattern needs its words.
PATTERN_WORDS = {
    "^[a-z0-9][a-z0-9-]*$(?!\\n)": "lower-case letters, digits and `-`",
    "^[a-z0-9][a-z0-9_.-]*$(?!\\n)": "a key: lower-case letters, digits, `-`, `_` and `.`",
    "^[a-z0-9][a-z0-9_./-]*$(?!\\n)": "an act key: lower-case letters, digits and `-_./`",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$(?!\\n)": 'day: `"YYYY-MM-DD"`',
    "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$(?!\\n)": '`"YYYY-MM-DD"`, `"YYYY-MM"` or `"YYYY"`',
    "^[0-9]{2,4}$(?!\\n)": "a CAMEO code: 2 to 4 digits",
    "^https?://": "web address: `http://…` or `https://…`",
    "^[a-z]{2,3}(-[A-Za-z0-9]+)*$(?!\\n)": "language code: `en`, `fr`, `pt-BR`",
    "^[^/\\\\\\x00-\\x1f]+\\.txt$(?!\\n)": "file name ending `.txt`",
    "^[0-9a-f]{64}$(?!\\n)": "64 hexadecimal digits",
    "^Q[0-9]+$(?!\\n)": "`Q` and digits",
    "^[a-z_]+$(?!\\n)": "lower-case word: letters and `_`",
    "^[a-z]{3}$(?!\\n)": "an ISO 3166-1 alpha-3 code in lower case, e.g. `jpn`",
}


def _plain(error: jsonschema.ValidationError) -> str:
    if error.validator == "pattern" and error.validator_value in PATTERN_WORDS:
        return f"{error.instance!r} is not valid: {PATTERN_WORDS[error.validator_value]}"
    if error.validator == "additionalProperties":
        return f"unknown field(s): {error.message.split('(')[-1].rstrip(')')}"
    if error.validator == "oneOf" and error.schema.get("description"):
        return f"{error.instance!r} is not valid: {error.schema['description']}"
    return error.message


def url_problem(value: str) -> str | None:
    """Why `value` is not a web address (http or https, a host, a valid port), or None."""
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - reading it checks it
    except ValueError as exc:
        return f"{value!r} is not a web address ({exc})"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"{value!r} is not a web address (http or https, and a host)"
    if any(c.isspace() or ord(c) < 32 for c in value):
        return f"{value!r} is not a web address (it holds white space or a control character)"
    return None


def _check_urls(data: dict[str, Any], place: Place) -> list[SeedError]:
    """Every address a record gives (the document's, its sources', the regimes'), parsed."""
    meta = data.get("document") or {}
    found: list[tuple[list[str | int], str]] = []
    if "url" in meta:
        found.append((["document", "url"], meta["url"]))
    found += [
        (["document", "sources", i, "url"], source["url"])
        for i, source in enumerate(meta.get("sources") or [])
    ]
    for i, item in enumerate(data.get("regimes") or []):
        if "url" in item:
            found.append((["regimes", i, "url"], item["url"]))
    return [
        place.error(at, f"{'/'.join(map(str, at))}: {problem}")
        for at, value in found
        if (problem := url_problem(value)) is not None
    ]


# --- records into rows ----------------------------------------------------------------------


def _date(
    item: dict[str, Any], place: Place, at: list[str | int], default: dt.date | None
) -> tuple[dt.date | None, str | None]:
    if "date" not in item:
        if "precision" in item:
            raise place.error(at, "'precision' given without a 'date'")
        return (default, "day") if default else (None, None)
    try:
        return parse_partial_date(item["date"], item.get("precision"))
    except ValueError as exc:
        raise place.error(at, f"date: {exc}") from exc


def _span(item: dict[str, Any], text: str | None, place: Place, at: list[str | int]) -> dict:
    """The evidence columns of an item that quotes the text: its span and quote."""
    if "quote" not in item:
        if "occurrence" in item:
            raise place.error(at, "'occurrence' given without a 'quote'")
        return {}
    assert text is not None
    occurrence = item.get("occurrence")
    try:
        start, end = find_span(text, item["quote"], None if occurrence is None else int(occurrence))
    except SpanError as exc:
        raise place.error([*at, "quote"], str(exc)) from exc
    return {"char_start": start, "char_end": end, "quote": item["quote"]}


def section_rows(
    data: dict[str, Any],
    section: Section,
    place: Place,
    text: str | None,
    document_date: dt.date | None,
    errors: list[SeedError],
    skipped: set[tuple[str, str]] | None = None,
) -> list[Row]:
    """The rows of one section of a record; each problem is added to `errors`, and the
    (table, key) of its item to `skipped`."""
    rows: list[Row] = []
    seen: set[str] = set()
    default_date = document_date if section.table in DATE_DEFAULTS_TO_DOCUMENT else None
    for index, item in enumerate(data.get(section.name) or []):
        at: list[str | int] = [section.name, index]
        line = place.line(at)
        try:
            for name, kind in section.vocabulary.items():
                if name in item and (reason := unknown_word(kind, item[name])):
                    raise place.error([*at, name], f"{section.name}/{index}/{name}: {reason}")
            if section.table == "actors" and item.get("kind") == "state":
                # a state is one of ISO 3166-1's, by its code: the reference data has it
                problem = state_key_problem(item["key"])
                if problem is not None:
                    raise place.error(at, problem)
            values = {column: item.get(name) for name, column in section.columns.items()}
            for column, default in section.defaults.items():
                if values.get(column) is None:
                    values[column] = default
            values.update(_span(item, text, place, at))
            if section.text_defaults_to_quote and values.get("text") is None:
                values["text"] = item.get("quote")
            if section.date_column:
                day, precision = _date(item, place, at, default_date)
                values[section.date_column], values["date_precision"] = day, precision
            for name, (column, precision) in section.more_dates.items():
                if name in item:
                    try:
                        values[column], values[precision] = parse_partial_date(item[name])
                    except ValueError as exc:
                        raise place.error(at, f"{name}: {exc}") from exc
            refs = {
                column: (table, item[name])
                for name, (column, table) in section.refs.items()
                if name in item and name != "targets"
            }
            keys = [item["key"]]
            if "targets" in item:
                keys = [f"{item['key']}/{target}" for target in item["targets"]]
            acts = [item_act(section, item)] * len(keys)
            if "targets" in item and item.get("act"):
                acts = [f"{item['act']}/{target}" for target in item["targets"]]
            for n, key in enumerate(keys):
                if len(key) > MAX_KEY_LENGTH:
                    raise place.error(
                        at,
                        f"{section.name}: key {item['key']!r} with target {item['targets'][n]!r} "
                        f"is longer than {MAX_KEY_LENGTH} characters (one row per target is "
                        "stored, keyed KEY/TARGET)",
                    )
                if key in seen:
                    raise place.error(at, f"{section.name}: duplicate key {key!r}")
                seen.add(key)
                row_refs = dict(refs)
                if "targets" in item:
                    row_refs[section.refs["targets"][0]] = ("actors", item["targets"][n])
                if acts[n] is not None and len(acts[n]) > MAX_ACT_KEY_LENGTH:
                    raise place.error(
                        at,
                        f"{section.name}: act key {acts[n]!r} is longer than "
                        f"{MAX_ACT_KEY_LENGTH} characters",
                    )
                row = Row(
                    section.table, key, dict(values), row_refs, place.path, line, place, tuple(at)
                )
                row.act = acts[n]
                if "targets" in item and item.get("act"):
                    row.part_of = item["act"]
                row.sources = tuple(item.get("sources") or ())
                rows.append(row)
        except SeedError as exc:
            errors.append(exc)
            if skipped is not None and isinstance(item.get("key"), str):
                skipped.add((section.table, item["key"]))
    return rows


def item_act(section: Section, item: dict[str, Any]) -> str | None:
    """The act key a fact item gives: its `act:`, else the one its section's identity makes
    (SECTION/VALUE/…, e.g. participants/EVENT/ACTOR/ROLE), else None (the loader's default)."""
    if item.get("act"):
        return str(item["act"])
    if section.act_identity:
        return "/".join([section.name, *(str(item[name]) for name in section.act_identity)])
    return None


@cache
def _parser_version() -> bytes:
    """A digest of the code and schemas that turn seed files into rows: a change to any of
    them makes every document count as changed."""
    digest = hashlib.sha256()
    for path in sorted([*SEEDS_DIR.glob("*.py"), *SCHEMAS, VOCABULARY_FILE]):
        content = path.read_bytes()
        digest.update(f"{path.name}\0{len(content)}\0".encode() + content)
    return digest.digest()


def parse_record(data: Any, text: str | None, place: Place, source_text: str) -> Document:
    """A validated record as rows. `text`: the document's text, if not inline; `source_text`:
    the record as written (a change to it, a comment too, makes the document load again)."""
    validate_shape(data, FACTS_SCHEMA, place)
    meta = data["document"]
    if text is None:
        if "text" not in meta:
            raise place.error(["document"], "no text: give document.text or document.text_file")
        text = meta["text"]
    elif "text" in meta:
        raise place.error(["document", "text"], "give the text in text_file or inline, not both")
    sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if sha256 != meta["text_sha256"]:
        text_name = meta.get("text_file", DEFAULT_TEXT_FILE) if "text" not in meta else "the text"
        raise place.error(
            ["document", "text_sha256"],
            f"text_sha256 does not match {text_name} (its SHA-256 is {sha256}); the text "
            "changed under its facts: check every quote, then update text_sha256",
        )
    try:
        published_on = dt.date.fromisoformat(meta["published_on"])
    except ValueError as exc:
        raise place.error(["document", "published_on"], f"published_on: {exc}") from exc
    digest = hashlib.sha256(_parser_version())
    digest.update(source_text.encode("utf-8"))
    values = {
        "slug": meta["slug"],
        "title": meta["title"],
        "publisher": meta["publisher"],
        "document_type": meta["document_type"],
        "published_on": published_on,
        "url": meta.get("url"),
        "licence": meta.get("licence"),
        "language": meta.get("language", "en"),
        "body_text": text,
        "char_length": len(text),
        "sha256": sha256,
        "facts_sha256": digest.hexdigest(),
    }
    errors = _check_urls(data, place)
    skipped: set[tuple[str, str]] = set()
    entities = [
        row
        for s in ENTITY_SECTIONS
        for row in section_rows(data, s, place, text, None, errors, skipped)
    ]
    facts = [
        row
        for s in FACT_SECTIONS
        for row in section_rows(data, s, place, text, published_on, errors, skipped)
    ]
    # a demand may name a statement of its document, even one with a problem (reported)
    statements = {row.key for row in facts if row.table == "statements"}
    statements |= {key for table, key in skipped if table == "statements"}
    for row in facts:
        for table, key in row.refs.values():
            if table == "statements" and key not in statements:
                errors.append(row.error(f"unknown statement {key!r}", "statement"))
    sources = _source_rows(meta, place, errors)
    errors += _unknown_sources(facts, [row.key for row in sources], place)
    document = Document(meta["slug"], place.path, values, entities, facts, sources)
    document.problems, document.skipped = errors[:MAX_ERRORS], skipped
    return document


def _source_rows(meta: dict[str, Any], place: Place, errors: list[SeedError]) -> list[Row]:
    """The document_sources rows of a record's `document.sources`, in its order."""
    rows: list[Row] = []
    seen: set[str] = set()
    for index, item in enumerate(meta.get("sources") or []):
        at: list[str | int] = ["document", "sources", index]
        if item["key"] in seen:
            errors.append(place.error(at, f"document/sources: duplicate key {item['key']!r}"))
            continue
        seen.add(item["key"])
        day, precision = None, None
        if "date" in item:
            try:
                day, precision = parse_partial_date(item["date"])
            except ValueError as exc:  # its key stays known: the facts naming it are right
                errors.append(place.error([*at, "date"], f"date: {exc}"))
        values = {
            "publisher": item["publisher"],
            "title": item.get("title"),
            "published_on": day,
            "date_precision": precision,
            "url": item["url"],
            "kind": item["kind"],
        }
        rows.append(Row("document_sources", item["key"], values, {}, place.path, place.line(at)))
    return rows


def _unknown_sources(facts: list[Row], keys: list[str], place: Place) -> list[SeedError]:
    """A fact may name only its own document's sources; each other key is refused, once
    (a sanction's rows, one per target, share their item's sources)."""
    known = set(keys)
    hint = f"(its keys: {', '.join(keys)})" if keys else "(it lists none)"
    errors: list[SeedError] = []
    seen: set[tuple[str | int, ...]] = set()
    for row in facts:
        for index, key in enumerate(row.sources):
            at = (*row.at, "sources", index)
            if key in known or at in seen:
                continue
            seen.add(at)
            errors.append(
                place.error(at, f"unknown source {key!r}: not in this document's sources {hint}")
            )
    return errors


def parse_document(folder: Path) -> Document:
    """Read `folder/facts.yaml` (or the facts file named) and its text, as rows."""
    folder = Path(folder)
    facts_path = folder / FACTS_FILE if folder.is_dir() else folder
    if not facts_path.exists():
        raise SeedError(facts_path, None, "no facts file here")
    facts_text = read_text(facts_path)
    data = parse_yaml(facts_text, facts_path)
    place = Place(facts_path, data)
    text = None
    if isinstance(data, dict) and isinstance(data.get("document"), dict):
        meta = data["document"]
        if "text" not in meta:
            text_name = meta.get("text_file", DEFAULT_TEXT_FILE)
            text_path = facts_path.parent / str(text_name)
            if not text_path.exists() and not text_path.is_symlink():
                validate_shape(data, FACTS_SCHEMA, place)  # a bad name is worded there
                raise place.error(["document", "text_file"], f"text file {text_name} missing")
            text = read_text(text_path)
    return parse_record(data, text, place, facts_text)


def parse_reference(folder: Path) -> tuple[list[Row], list[Row]]:
    """Every `*.yaml` under seeds/reference/: the entities (actors and regimes; a state is an
    actor too) and the states rows, which refer to their actor by key. The states are every
    country of ISO 3166-1 (seeds/states.py), with what the `states` sections add to them: a
    Wikidata id, OSCE participation, a name other than pycountry's."""
    entities: list[Row] = []
    errors: list[SeedError] = []
    added: dict[str, tuple[dict[str, Any], Path, int | None]] = {}
    for path in sorted(Path(folder).glob("*.yaml")):
        data = read_yaml(path)
        place = Place(path, data)
        validate_shape(data, REFERENCE_SCHEMA, place)
        errors += _check_urls(data, place)
        for index, item in enumerate(data.get("states") or []):
            at = ["states", index]
            key = item["key"]
            if key not in iso_states():
                near = suggestion(key)
                hint = f": did you mean {near.key!r} ({near.name})?" if near else ""
                errors.append(
                    place.error(at, f"states: {key!r} is not an ISO 3166-1 alpha-3 code{hint}")
                )
            elif key in added:
                errors.append(place.error(at, f"states: duplicate key {key!r}"))
            else:
                added[key] = (item, path, place.line(at))
        for section in ENTITY_SECTIONS:
            if section.name in ("actors", "regimes"):
                entities += section_rows(data, section, place, None, None, errors)
    if errors:
        raise SeedErrors(errors)
    states: list[Row] = []
    actors: list[Row] = []
    for key, iso in iso_states().items():
        item, path, line = added.get(key, ({}, Path(folder) / "states.yaml", None))
        name = item.get("name") or iso.name
        actor = {"kind": "state", "name": name, "description": None}
        actor["wikidata_id"] = item.get("wikidata")
        actors.append(Row("actors", key, actor, {}, path, line))
        state = {
            "iso_alpha2": iso.iso_alpha2,
            "iso_alpha3": iso.iso_alpha3,
            "name": name,
            "osce_participating": bool(item.get("osce_participating")),
        }
        states.append(Row("states", key, state, {"actor_id": ("actors", key)}, path, line))
    return actors + entities, states
