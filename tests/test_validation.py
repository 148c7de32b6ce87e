"""Every real seed file takes the fast path of validation.

seeds/parse.py asks jsonschema-rs first (it is ~60x faster) and the reference validator
(jsonschema) only when that says "invalid", to word the error. A seed the compiled validator
refuses but the reference accepts would load, slowly and without a word: these tests catch it.
That the compiled validator never accepts what the reference refuses is a property in
tests/test_properties.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

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
