"""Parse and validate seed files into rows, before anything touches a database."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from seeds import SEEDS_DIR
from seeds.columns import fact_columns
from seeds.dates import parse_partial_date
from seeds.errors import SeedError
from seeds.sections import (
    DATE_DEFAULTS_TO_DOCUMENT,
    ENTITY_SECTIONS,
    FACT_SECTIONS,
    Section,
)
from seeds.spans import SpanError, find_span, starts
from seeds.yamlfile import Node, line_of, parse_yaml, read_text, read_yaml

FACTS_FILE = "facts.yaml"
DEFAULT_TEXT_FILE = "text.txt"
FACTS_SCHEMA = SEEDS_DIR / "facts.schema.json"
REFERENCE_SCHEMA = SEEDS_DIR / "reference.schema.json"
SCHEMAS = (FACTS_SCHEMA, REFERENCE_SCHEMA)
MAX_KEY_LENGTH = 120  # the key columns' length


@dataclass
class Row:
    """One row to write: plain column values, references by key, and where it came from."""

    table: str
    key: str
    values: dict[str, Any]
    refs: dict[str, tuple[str, str]] = field(default_factory=dict)  # column -> (table, key)
    path: Path = Path()
    line: int | None = None

    def __reduce__(self) -> tuple[type[Row], tuple[Any, ...]]:
        # Parse workers send rows back pickled: as a plain tuple, twice as fast both ways.
        return Row, (self.table, self.key, self.values, self.refs, self.path, self.line)


@dataclass
class DocumentSeed:
    slug: str
    path: Path  # the facts file
    values: dict[str, Any]  # the documents row
    entities: list[Row]
    # Each fact table's rows as the cells they are written with (`fact_columns` order):
    # references still keys, dates as 'YYYY-MM-DD' text (as both engines take a date),
    # document_id and a statement's id empty; and each row's line in the facts file.
    facts: dict[str, list[list[Any]]]
    lines: dict[str, list[int | None]]


@dataclass
class ReferenceSeed:
    entities: list[Row]  # actors and regimes
    states: list[Row]  # states rows, referring to their actor by key


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
    cls.check_schema(schema)
    return cls(schema, registry=registry, format_checker=cls.FORMAT_CHECKER)


@cache
def _fast_validator(schema_path: Path) -> jsonschema_rs.Validator:
    """The same schema compiled in Rust (jsonschema-rs): ~60x faster at saying "valid"."""
    schemas = _schemas()
    registry = jsonschema_rs.Registry(list(schemas.items()))
    return jsonschema_rs.validator_for(
        schemas[schema_path.name], registry=registry, validate_formats=True
    )


def _is_valid_fast(data: Any, schema_path: Path) -> bool:
    """True when the compiled validator finds `data` valid; False sends it to the reference
    validator, which words the first error (and has the last word on a value Rust cannot
    take, such as an integer past 64 bits)."""
    try:
        return bool(_fast_validator(schema_path).is_valid(data))
    except (ValueError, TypeError, OverflowError):
        return False


def _validate_shape(data: Any, schema_path: Path, path: Path) -> None:
    if not isinstance(data, dict):
        raise SeedError(path, getattr(data, "line", 1), "the file must be a mapping of sections")
    if _is_valid_fast(data, schema_path):
        return
    errors = sorted(_validator(schema_path).iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        error = errors[0]
        place = "/".join(str(p) for p in error.absolute_path) or "top level"
        line = line_of(data, list(error.absolute_path))
        if error.validator == "additionalProperties" and isinstance(error.instance, Node):
            known = error.schema.get("properties", {})
            unknown = [k for k in error.instance if k not in known]
            line = error.instance.lines.get(unknown[0], line) if unknown else line
        raise SeedError(path, line, f"{place}: {_plain(error)}")


def _plain(error: jsonschema.ValidationError) -> str:
    if error.validator == "additionalProperties":
        return f"unknown field(s): {error.message.split('(')[-1].rstrip(')')}"
    if error.validator == "oneOf" and error.schema.get("description"):
        return f"{error.instance!r} is not valid: {error.schema['description']}"
    return error.message


@dataclass(frozen=True)
class _Plan:
    """How `_rows` reads an entity section's items, worked out once per section."""

    columns: tuple[tuple[str, str], ...]  # (field, column) of the plain fields
    refs: tuple[tuple[str, str, str], ...]  # (field, column, table)


@dataclass(frozen=True)
class _Cells:
    """Where `_fact_rows` puts a fact section's fields among a row's cells (`fact_columns`),
    worked out once per section."""

    width: int
    fields: tuple[tuple[int, str], ...]  # (cell, field): plain fields and references but targets
    key: int
    span: tuple[int, int, int]  # char_start, char_end, quote
    text: int | None  # the text, which the quote stands in for when none is given
    date: tuple[int, int] | None  # the date and its precision
    target: int | None  # one row per target (`targets` refers to actors)


_PLANS: dict[str, _Plan] = {}
_CELLS: dict[str, _Cells] = {}


def _plan(section: Section) -> _Plan:
    plan = _PLANS.get(section.name)
    if plan is None:
        plan = _PLANS[section.name] = _Plan(
            tuple(section.columns.items()),
            tuple((n, c, t) for n, (c, t) in section.refs.items()),
        )
    return plan


def _cells(section: Section) -> _Cells:
    plan = _CELLS.get(section.name)
    if plan is None:
        at = {column: i for i, column in enumerate(fact_columns(section.table))}
        refs = {n: c for n, (c, _) in section.refs.items() if n != "targets"}
        date = section.date_column
        plan = _CELLS[section.name] = _Cells(
            len(at),
            tuple((at[c], n) for n, c in {**section.columns, **refs}.items()),
            at["key"],
            (at["char_start"], at["char_end"], at["quote"]),
            at["text"] if section.text_defaults_to_quote else None,
            (at[date], at["date_precision"]) if date else None,
            at[section.refs["targets"][0]] if "targets" in section.refs else None,
        )
    return plan


@functools.lru_cache(maxsize=4096)
def _text_date(value: str, precision: str | None) -> tuple[dt.date, str]:
    """`parse_partial_date` of a date given as text: seed files repeat their dates."""
    return parse_partial_date(value, precision)


def _date(
    item: dict[str, Any], where: tuple[Path, int | None], default: dt.date | None
) -> tuple[dt.date | None, str | None]:
    if "date" not in item:
        if "precision" in item:
            raise SeedError(*where, "'precision' given without a 'date'")
        return (default, "day") if default else (None, None)
    value, precision = item["date"], item.get("precision")
    try:
        if isinstance(value, str) and (precision is None or isinstance(precision, str)):
            return _text_date(value, precision)
        return parse_partial_date(value, precision)
    except ValueError as exc:
        raise SeedError(*where, f"date: {exc}") from exc


def _occurrence(item: dict[str, Any]) -> int | None:
    """The item's `occurrence`, if given (JSON Schema's integers include 1.0)."""
    occurrence = item.get("occurrence")
    return None if occurrence is None else int(occurrence)


def _span(
    item: dict[str, Any],
    text: str | None,
    located: dict[tuple[str, int | None], int],
    path: Path,
    data: dict[str, Any],
    at: tuple[str, int],
    line: int | None,
) -> tuple[int, int, str] | None:
    """(char_start, char_end, quote) of the item `at` (section, index), if it quotes `text`.
    `located` holds the starts of quotes found as asked (`_located`); any other quote is looked
    for with `find_span`, which words the error."""
    if "quote" not in item:
        if "occurrence" in item:
            raise SeedError(path, line, "'occurrence' given without a 'quote'")
        return None
    assert text is not None
    quote = item["quote"]
    try:
        occurrence = _occurrence(item)
        start = located.get((quote, occurrence), -1)
        if start == -1:
            start, end = find_span(text, quote, occurrence)
        else:
            end = start + len(quote)
    except SpanError as exc:
        raise SeedError(path, line_of(data, [*at, "quote"]), str(exc)) from exc
    return start, end, quote


def _rows(
    data: dict[str, Any],
    section: Section,
    path: Path,
    text: str | None,
    located: dict[tuple[str, int | None], int] | None = None,
) -> list[Row]:
    """The rows of entity `section` (see `_span` for `located`)."""
    rows: list[Row] = []
    items = data.get(section.name) or []
    item_lines = getattr(items, "lines", {})
    plan = _plan(section)
    date_column = section.date_column
    seen: set[str] = set()
    located = located or {}
    for index, item in enumerate(items):
        line = item_lines.get(index) or line_of(data, [section.name, index])
        values = {column: item.get(name) for name, column in plan.columns}
        span = _span(item, text, located, path, data, (section.name, index), line)
        if span is not None:
            values["char_start"], values["char_end"], values["quote"] = span
        if date_column:
            values[date_column], values["date_precision"] = _date(item, (path, line), None)
        refs = {column: (table, item[name]) for name, column, table in plan.refs if name in item}
        key = item["key"]
        _refuse_duplicate_key(key, seen, section.name, path, line)
        rows.append(Row(section.table, key, values, refs, path, line))
    return rows


def _fact_rows(
    data: dict[str, Any],
    section: Section,
    path: Path,
    text: str,
    document_date: dt.date,
    located: dict[tuple[str, int | None], int],
    facts: dict[str, list[list[Any]]],
    lines: dict[str, list[int | None]],
) -> None:
    """Add the rows of fact `section` to `facts` as their cells, and their lines to `lines`
    (see `DocumentSeed`; `_span` for `located`)."""
    items = data.get(section.name) or []
    if not items:
        return
    item_lines = getattr(items, "lines", {})
    plan = _cells(section)
    default_date = document_date if section.table in DATE_DEFAULTS_TO_DOCUMENT else None
    rows, row_lines = facts.setdefault(section.table, []), lines.setdefault(section.table, [])
    seen: set[str] = set()
    for index, item in enumerate(items):
        line = item_lines.get(index) or line_of(data, [section.name, index])
        cells: list[Any] = [None] * plan.width
        for at, name in plan.fields:
            cells[at] = item.get(name)
        span = _span(item, text, located, path, data, (section.name, index), line)
        if span is not None:
            start_at, end_at, quote_at = plan.span
            cells[start_at], cells[end_at], cells[quote_at] = span
            if plan.text is not None and cells[plan.text] is None:
                cells[plan.text] = span[2]
        if plan.date is not None:
            day, precision = _date(item, (path, line), default_date)
            cells[plan.date[0]] = None if day is None else day.isoformat()
            cells[plan.date[1]] = precision
        key = item["key"]
        if plan.target is not None and "targets" in item:
            for target in item["targets"]:
                row_key = f"{key}/{target}"
                if len(row_key) > MAX_KEY_LENGTH:
                    raise SeedError(
                        path,
                        line,
                        f"{section.name}: key {key!r} with target {target!r} is longer "
                        f"than {MAX_KEY_LENGTH} characters (one row per target is stored, "
                        "keyed KEY/TARGET)",
                    )
                _refuse_duplicate_key(row_key, seen, section.name, path, line)
                row = cells.copy()
                row[plan.key], row[plan.target] = row_key, target
                rows.append(row)
                row_lines.append(line)
        else:
            _refuse_duplicate_key(key, seen, section.name, path, line)
            cells[plan.key] = key
            rows.append(cells)
            row_lines.append(line)


def _located(
    data: dict[str, Any], sections: tuple[Section, ...], text: str
) -> dict[tuple[str, int | None], int]:
    """The start of each quote in `sections` found in `text` as asked (its only occurrence, or
    the occurrence-th), keyed by (quote, occurrence): all of a document's quotes looked for in
    one pass over its text. A quote not found is left out, for `find_span` to word."""
    wanted = {
        (item["quote"], _occurrence(item)): None
        for section in sections
        for item in data.get(section.name) or []
        if "quote" in item
    }
    quotes = [quote for quote, _ in wanted]
    asked = [0 if k is None else k if 1 <= k <= len(text) else -1 for _, k in wanted]
    found = starts(text, quotes, asked)
    return {key: start for key, start in zip(wanted, found, strict=True) if start != -1}


def _refuse_duplicate_key(
    key: str, seen: set[str], section: str, path: Path, line: int | None
) -> None:
    if key in seen:
        raise SeedError(path, line, f"{section}: duplicate key {key!r}")
    seen.add(key)


@cache
def _parser_version() -> bytes:
    """A digest of the code and schemas that turn seed files into rows (seeds/*.py, the YAML
    reader's C source and the JSON Schemas): a change to any of them makes every document
    count as changed."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for path in sorted([*here.glob("*.py"), *here.glob("*.c"), *SCHEMAS]):
        content = path.read_bytes()
        digest.update(f"{path.name}\0{len(content)}\0".encode() + content)
    return digest.digest()


def _facts_sha256(facts_text: str, text_sha256: str) -> str:
    """What decides whether a loaded document must be written again: its facts file, its
    text and the parser. Any edit to the file (a comment too) or to the parser reloads the
    document once; an unchanged one is skipped. (Hashing the file is ~20x cheaper than
    hashing the rows parsed from it.)"""
    digest = hashlib.sha256(_parser_version())
    digest.update(text_sha256.encode())
    digest.update(facts_text.encode("utf-8"))
    return digest.hexdigest()


def parse_document(folder: Path) -> DocumentSeed:
    """Read `folder/facts.yaml` and its text; every quote located, every field checked."""
    folder = Path(folder)
    facts_path = folder / FACTS_FILE if folder.is_dir() else folder
    folder = facts_path.parent
    if not facts_path.exists():
        raise SeedError(facts_path, None, "no facts file here")
    facts_text = read_text(facts_path)
    data = parse_yaml(facts_text, facts_path)
    _validate_shape(data, FACTS_SCHEMA, facts_path)
    meta = data["document"]
    text_name = meta.get("text_file", DEFAULT_TEXT_FILE)
    text_path = folder / text_name
    if not text_path.exists() and not text_path.is_symlink():
        line = line_of(data, ["document", "text_file"])
        raise SeedError(facts_path, line, f"text file {text_name} missing")
    text = read_text(text_path)
    sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if sha256 != meta["text_sha256"]:
        raise SeedError(
            facts_path,
            line_of(data, ["document", "text_sha256"]),
            f"text_sha256 does not match {text_name} (its SHA-256 is {sha256}); the text "
            "changed under its facts: check every quote, then update text_sha256",
        )
    try:
        published_on = dt.date.fromisoformat(meta["published_on"])
    except ValueError as exc:
        line = line_of(data, ["document", "published_on"])
        raise SeedError(facts_path, line, f"published_on: {exc}") from exc
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
    }
    located = _located(data, (*ENTITY_SECTIONS, *FACT_SECTIONS), text)
    entities = [r for s in ENTITY_SECTIONS for r in _rows(data, s, facts_path, text, located)]
    facts: dict[str, list[list[Any]]] = {}
    lines: dict[str, list[int | None]] = {}
    for section in FACT_SECTIONS:
        _fact_rows(data, section, facts_path, text, published_on, located, facts, lines)
    values["facts_sha256"] = _facts_sha256(facts_text, sha256)
    return DocumentSeed(meta["slug"], facts_path, values, entities, facts, lines)


def parse_reference(folder: Path) -> ReferenceSeed:
    """Read every `*.yaml` under seeds/reference/: states, actors, regimes."""
    entities: list[Row] = []
    states: list[Row] = []
    for path in sorted(Path(folder).glob("*.yaml")):
        data = read_yaml(path)
        _validate_shape(data, REFERENCE_SCHEMA, path)
        for index, item in enumerate(data.get("states") or []):
            line = line_of(data, ["states", index])
            entities.append(
                Row(
                    "actors",
                    item["key"],
                    {
                        "kind": "state",
                        "name": item["name"],
                        "description": None,
                        "wikidata_id": item.get("wikidata"),
                    },
                    {},
                    path,
                    line,
                )
            )
            states.append(
                Row(
                    "states",
                    item["key"],
                    {
                        "iso_alpha2": item["iso_alpha2"],
                        "iso_alpha3": item["iso_alpha3"],
                        "name": item["name"],
                    },
                    {"actor_id": ("actors", item["key"])},
                    path,
                    line,
                )
            )
        for section in ENTITY_SECTIONS:
            if section.name in ("actors", "regimes"):
                entities += _rows(data, section, path, None)
    return ReferenceSeed(entities, states)
