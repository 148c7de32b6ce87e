"""The document bundle: JSON Lines, one document a line, for programs.

Each line is a record as a facts file holds it (seeds/facts.schema.json validates both), with
the text inline as `document.text`. `read_bundle` turns the lines into documents for the
loader; scripts/bundle_export.py writes a database's documents as a bundle.

Errors name the bundle, the line and the JSON pointer of the item in its record.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from seeds.errors import SeedError
from seeds.parse import Document, Place, json_pointer, parse_record
from seeds.yamlfile import MAX_YAML_DEPTH, unstorable

BUNDLE_SUFFIX = ".jsonl"
# What a line that could decode to a NUL or a lone surrogate holds: the NUL, or an escape.
_SUSPECT = ("\x00", "\\u0000", *(f"\\u{d}{h}" for d in "dD" for h in "89abcdefABCDEF"))


def _refuse_unstorable(value: Any, path: Path, line: int, at: tuple[str | int, ...] = ()) -> None:
    """Refuse strings neither engine can store, and nesting no record needs."""
    if len(at) > MAX_YAML_DEPTH:
        raise SeedError(
            path, line, f"{json_pointer(at)}: nested more than {MAX_YAML_DEPTH} levels deep"
        )
    if isinstance(value, str):
        reason = unstorable(value)
        if reason:
            raise SeedError(path, line, f"{json_pointer(at)}: {reason}")
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_unstorable(key, path, line, at)
            _refuse_unstorable(item, path, line, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _refuse_unstorable(item, path, line, (*at, index))


def read_bundle(path: Path) -> Iterator[Document | SeedError]:
    """The documents of a bundle, one line at a time; a line that is not a document gives
    its error in its place (a load stops there, `check` goes on to the next line)."""
    try:
        lines = path.open(encoding="utf-8", newline="\n")
    except OSError as exc:
        yield SeedError(path, None, f"cannot read the bundle: {exc.strerror}")
        return
    with lines:
        number = 0
        while True:
            number += 1
            try:
                line = lines.readline()
            except UnicodeDecodeError as exc:
                yield SeedError(path, number, f"invalid UTF-8 ({exc.reason})")
                return
            if not line:
                return
            if line.strip():
                try:
                    yield _document(path, number, line)
                except SeedError as exc:
                    yield exc


def _document(path: Path, number: int, line: str) -> Document:
    try:
        data = json.loads(line)
    except (json.JSONDecodeError, RecursionError, ValueError) as exc:
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
        raise SeedError(path, number, f"malformed JSON: {reason}") from exc
    if any(suspect in line for suspect in _SUSPECT):  # else no string of it can hold one
        _refuse_unstorable(data, path, number)
    return parse_record(data, None, Place(path, data, number), line)
