"""Every field of the seeds' JSON Schemas says what it is (editors show its description as
help), and the guide's tables of fields are what the schema gives (scripts/write_field_docs.py)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scripts import write_field_docs
from scripts.write_field_docs import DOCS_PATH, REGENERATE, render
from seeds.parse import PATTERN_WORDS, SCHEMAS


def undescribed(node: Any, at: str = "#") -> Iterator[str]:
    """The JSON pointer of every property, array item and $defs entry under `node` that has
    no description of its own (a `$ref`'s target's does not count: editors show the field's)."""
    if not isinstance(node, dict):
        return
    children = [
        (f"{at}/{group}/{name}", sub)
        for group in ("properties", "$defs")
        for name, sub in node.get(group, {}).items()
    ]
    if isinstance(node.get("items"), dict):
        children.append((f"{at}/items", node["items"]))
    for pointer, sub in children:
        if not (isinstance(sub, dict) and str(sub.get("description", "")).strip()):
            yield pointer
        yield from undescribed(sub, pointer)


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_every_field_has_a_description(path: Path) -> None:
    missing = list(undescribed(json.loads(path.read_text(encoding="utf-8"))))
    assert not missing, f"{path.name}: no description: {', '.join(missing)}"


def patterns(node: Any) -> Iterator[str]:
    """Every `pattern` under `node`."""
    if isinstance(node, dict):
        if "pattern" in node:
            yield node["pattern"]
        for sub in node.values():
            yield from patterns(sub)
    elif isinstance(node, list):
        for sub in node:
            yield from patterns(sub)


def test_every_pattern_is_put_in_words_and_every_wording_is_of_a_pattern() -> None:
    """An error never shows a regular expression: each pattern has the words errors and the
    guide give instead (seeds/parse.py PATTERN_WORDS)."""
    found = {p for path in SCHEMAS for p in patterns(json.loads(path.read_text("utf-8")))}
    assert sorted(found) == sorted(PATTERN_WORDS)


def test_the_walk_finds_a_missing_description() -> None:
    schema = {
        "$defs": {"d": {"type": "string"}},
        "properties": {
            "a": {
                "type": "array",
                "description": "a list",
                "items": {"type": "object", "properties": {"b": {"description": " "}}},
            }
        },
    }
    assert sorted(undescribed(schema)) == [
        "#/$defs/d",
        "#/properties/a/items",
        "#/properties/a/items/properties/b",
    ]


def test_the_guide_field_tables_are_current() -> None:
    guide = DOCS_PATH.read_text(encoding="utf-8")
    assert guide == render(guide), f"stale: run {REGENERATE}"
    assert write_field_docs.main(["--check"]) == 0


def test_a_table_follows_the_schema_and_the_prose_stays() -> None:
    schema = write_field_docs.load_schema()
    guide = DOCS_PATH.read_text(encoding="utf-8")
    demands = schema["properties"]["demands"]["items"]
    demands["properties"]["urgency"] = {"enum": ["low", "high"], "description": "How | urgent"}
    demands["required"].append("urgency")
    stale = guide.replace(
        "| `key` | yes | key | The demand's key", "| `key` | yes | key | Old words"
    )
    assert stale != guide
    written = render(stale, schema)
    assert "| `urgency` | yes | `low`, `high` | How \\| urgent |\n<!-- /fields -->" in written
    assert "Old words" not in written
    assert written.replace("| `urgency` | yes | `low`, `high` | How \\| urgent |\n", "") == guide


@pytest.mark.parametrize(
    ("marker", "problem"),
    [
        ("<!-- fields: nonsense -->\n<!-- /fields -->", "unknown ['nonsense']"),
        ("<!-- fields: actors -->\n<!-- /fields -->", "twice ['actors']"),
    ],
)
def test_a_marker_must_name_each_section_once(marker: str, problem: str) -> None:
    guide = DOCS_PATH.read_text(encoding="utf-8") + "\n" + marker + "\n"
    with pytest.raises(ValueError, match=re.escape(problem)):
        render(guide)
    without_events = re.sub(r"<!-- fields: events -->.*?<!-- /fields -->", "", guide, flags=re.S)
    with pytest.raises(ValueError, match=re.escape("missing ['events']")):
        render(without_events)
