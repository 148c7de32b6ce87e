"""The compiled JSON Schema validator agrees with the reference validator.

seeds/parse.py asks jsonschema-rs first (it is ~60x faster) and the reference validator
(jsonschema) only when that says "invalid", to word the error. So the compiled validator must
never accept what the reference refuses; and it must accept every real seed, or loads fall back
to the slow path without a word.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scripts.generate_corpus import generate
from seeds import DOCUMENTS_DIR, REFERENCE_DIR
from seeds.parse import (
    FACTS_FILE,
    FACTS_SCHEMA,
    REFERENCE_SCHEMA,
    _is_valid_fast,
    _validator,
)
from seeds.yamlfile import read_yaml

SEED_FACTS = sorted(DOCUMENTS_DIR.glob(f"*/{FACTS_FILE}"))
REFERENCE_FILES = sorted(REFERENCE_DIR.glob("*.yaml"))


def reference_valid(data: Any, schema: Path) -> bool:
    return not any(True for _ in _validator(schema).iter_errors(data))


def plain(path: Path) -> Any:
    """The parsed file as plain dicts and lists (what an editor's validator would see)."""
    return json.loads(json.dumps(read_yaml(path)))


@pytest.mark.parametrize("path", SEED_FACTS, ids=lambda p: p.parent.name)
def test_every_seed_document_takes_the_fast_path(path: Path) -> None:
    data = read_yaml(path)
    assert reference_valid(data, FACTS_SCHEMA)
    assert _is_valid_fast(data, FACTS_SCHEMA)


@pytest.mark.parametrize("path", REFERENCE_FILES, ids=lambda p: p.name)
def test_every_reference_file_takes_the_fast_path(path: Path) -> None:
    data = read_yaml(path)
    assert reference_valid(data, REFERENCE_SCHEMA)
    assert _is_valid_fast(data, REFERENCE_SCHEMA)


def test_generated_documents_take_the_fast_path(tmp_path: Path) -> None:
    generate(12, tmp_path, seed=3)
    folders = sorted(p for p in tmp_path.iterdir() if p.is_dir())
    assert folders
    for folder in folders:
        assert _is_valid_fast(read_yaml(folder / FACTS_FILE), FACTS_SCHEMA), folder.name


# --- mutations of a real document ----------------------------------------------------------------

# Values either validator can take whole: integers within 64 bits, finite floats.
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.sampled_from(["", "x", "2020-01-01", "2020-13", "state", "day", "a-b", "AB", "ABC", "\n"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def paths_in(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths_in(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += paths_in(value, (*prefix, index))
    return found


def mutated(data: Any, draw: st.DrawFn) -> Any:
    data = copy.deepcopy(data)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(paths_in(data)))
        if not path:
            continue
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        last = path[-1]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            parent[last] = draw(VALUES)
        elif action == "delete":
            del parent[last]
        elif isinstance(parent, dict):
            parent[draw(st.text(max_size=10))] = draw(VALUES)
        else:
            parent.append(draw(VALUES))
    return data


@pytest.mark.parametrize(
    ("source", "schema"),
    [(SEED_FACTS[0], FACTS_SCHEMA), (REFERENCE_DIR / "actors.yaml", REFERENCE_SCHEMA)],
    ids=["facts", "reference"],
)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_both_validators_agree_on_a_mutated_file(
    source: Path, schema: Path, data: st.DataObject
) -> None:
    document = mutated(plain(source), data.draw)
    assert _is_valid_fast(document, schema) == reference_valid(document, schema)
