"""The words some fields must take (seeds/vocabulary.yaml): a participant's role, a finding's
category, an event's type. An unknown word is refused with the nearest
known ones; a new word is added to the file, on purpose."""

from __future__ import annotations

from functools import cache
from typing import Any

from seeds import SEEDS_DIR
from seeds.errors import SeedError
from seeds.nearest import nearest
from seeds.yamlfile import read_yaml

VOCABULARY_FILE = SEEDS_DIR / "vocabulary.yaml"
KINDS = ("role", "category", "event_type")
LABELS = {
    "role": "role",
    "category": "category",
    "event_type": "event type",
}


@cache
def vocabulary() -> dict[str, Any]:
    """Each kind's words, word -> meaning (with `.lines`: word -> its line in the file)."""
    data = read_yaml(VOCABULARY_FILE)
    if not isinstance(data, dict) or sorted(data) != sorted(KINDS):
        raise SeedError(VOCABULARY_FILE, 1, f"must map exactly these kinds to words: {KINDS}")
    for kind, words in data.items():
        if not isinstance(words, dict) or not all(isinstance(v, str) for v in words.values()):
            line = data.lines[kind]
            raise SeedError(VOCABULARY_FILE, line, f"{kind}: give each word with its meaning")
    return data


def unknown_word(kind: str, word: str) -> str | None:
    """Why `word` may not be a `kind` (an unknown word, with the nearest known), or None."""
    words = vocabulary()[kind]
    if word in words:
        return None
    near = nearest(word, {w: None for w in words})
    hint = (
        "; did you mean " + ", ".join(f"{w!r} ({words[w]})" for w in near) + "?"
        if near
        else f"; the known ones: {', '.join(sorted(words))}."
    )
    where = VOCABULARY_FILE.relative_to(SEEDS_DIR.parent)
    return f"unknown {LABELS[kind]} {word!r}{hint} A new one is added to {where}, on purpose"
