"""Every field of the seeds' JSON Schemas says what it is: editors show its description as help
(and the guide's field tables are written from them)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from seeds.parse import SCHEMAS


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
