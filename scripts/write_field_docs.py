"""Write the field tables of docs/adding-documents.md from seeds/facts.schema.json.

    .venv/bin/python -m scripts.write_field_docs          # rewrite the tables in the guide
    .venv/bin/python -m scripts.write_field_docs --check  # exit 1 if a table is stale

The guide is prose written by hand; each section's table of fields (field, required, type or
allowed values, description) sits between `<!-- fields: SECTION -->` and `<!-- /fields -->`
and is replaced whole from the schema, so that a field added, dropped or described anew in
the schema shows in the guide. SECTION is `document`, `sources` (document.sources) or a
section of the facts file (`actors`, `relations`, …); each must appear once.
tests/test_field_docs.py checks that the guide is current.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from typing import Any

from scripts.generated_doc import write_or_check
from seeds import SEEDS_DIR
from seeds.parse import FACTS_SCHEMA, PATTERN_WORDS

DOCS_PATH = SEEDS_DIR.parent / "docs" / "adding-documents.md"
REGENERATE = ".venv/bin/python -m scripts.write_field_docs"
BLOCK = re.compile(r"<!-- fields: (?P<section>\S+) -->\n.*?<!-- /fields -->", re.S)

# What a value of each shared definition ($defs) is, in words: (one, several).
REFS = {
    "key": ("key", "keys"),
    "act": ("act key", "act keys"),
    "date": ('date: `"YYYY-MM-DD"`, `"YYYY-MM"` or `"YYYY"`', "dates"),
    "cameo": ("CAMEO code: 2 to 4 digits, in quote marks", "CAMEO codes"),
}
# The schema's patterns, in words; a new pattern needs its words here.
PATTERNS = PATTERN_WORDS  # the same words as the errors' (seeds/parse.py)


def load_schema() -> dict[str, Any]:
    return json.loads(FACTS_SCHEMA.read_text(encoding="utf-8"))


def sections(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each section a table is written for, and the object schema of one of its items."""
    document = schema["properties"]["document"]
    found = {"document": document, "sources": document["properties"]["sources"]["items"]}
    for name, prop in schema["properties"].items():
        if name != "document":
            found[name] = prop["items"]
    return found


def value_kind(prop: dict[str, Any], name: str = "", plural: bool = False) -> str:
    """What field `name`'s value is, in words: a type, a format, or the values allowed."""
    if "$ref" in prop:
        return REFS[prop["$ref"].rsplit("/", 1)[-1]][plural]
    if "enum" in prop:
        return ", ".join(f"`{value}`" for value in prop["enum"])
    kind = prop.get("type")
    if kind == "array":
        items = prop["items"]
        if items.get("type") == "object":
            return f"list; each item as in the table of `{name}`"
        return f"list of {value_kind(items, plural=True)}"
    if kind == "integer":
        return f"whole number, at least {prop['minimum']}" if "minimum" in prop else "whole number"
    if kind == "string":
        words = PATTERNS[prop["pattern"]] if "pattern" in prop else ("texts" if plural else "text")
        if "maxLength" in prop:
            words += f", at most {prop['maxLength']} characters"
        return words
    raise ValueError(f"no words for a field of type {kind!r}: {prop}")


def _cell(value: str) -> str:
    return " ".join(value.replace("|", "\\|").split())


def field_table(item: dict[str, Any]) -> str:
    """The Markdown table of an object's fields, in the schema's order."""
    required = set(item.get("required", ()))
    lines = [
        "| field | required | type or allowed values | description |",
        "| --- | --- | --- | --- |",
    ]
    for name, prop in item["properties"].items():
        cells = (
            f"`{name}`",
            "yes" if name in required else "no",
            value_kind(prop, name),
            prop["description"],
        )
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines)


def render(guide: str, schema: dict[str, Any] | None = None) -> str:
    """`guide` with each field table replaced by the one the schema gives; refuses a marker
    naming no section, and a section with no marker or with two."""
    tables = {name: field_table(item) for name, item in sections(schema or load_schema()).items()}
    named = [m["section"] for m in BLOCK.finditer(guide)]
    unknown = sorted(set(named) - set(tables))
    missing = sorted(set(tables) - set(named))
    twice = sorted({name for name in named if named.count(name) > 1})
    if unknown or missing or twice:
        raise ValueError(
            f"{DOCS_PATH.name}: field tables: unknown {unknown}, missing {missing}, twice {twice}"
        )
    return BLOCK.sub(
        lambda m: f"<!-- fields: {m['section']} -->\n{tables[m['section']]}\n<!-- /fields -->",
        guide,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="only report whether the guide's tables are current"
    )
    args = parser.parse_args(argv)
    text = render(DOCS_PATH.read_text(encoding="utf-8"))
    return write_or_check(DOCS_PATH, text, REGENERATE, args.check)


if __name__ == "__main__":
    sys.exit(main())
