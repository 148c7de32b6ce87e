"""The cue table (rules.yaml) and the words for states (state_words.yaml), read as data."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from seeds.yamlfile import read_yaml

HERE = Path(__file__).resolve().parent
RULES_FILE = HERE / "rules.yaml"
STATE_WORDS_FILE = HERE / "state_words.yaml"
KINDS = ("statement", "demand", "sanction", "finding", "event")
WILDCARD = "*"


@dataclass(frozen=True)
class Cue:
    rule: str
    kind: str  # one of KINDS
    words: tuple[str, ...]  # phrases: `a|b` one token of these words, `*` any word or none
    cameo: str | None = None
    asks: str | None = None  # demands: "after" (X is asked to …) or "clause" (must)
    statement: bool = False  # also a statement over the same words
    targets: str = "on"  # sanctions: the targets follow "on", or ("after") the cue itself
    event: str | None = None  # an event of this type (events; sanctions also make one)


@dataclass(frozen=True)
class WordsTo:
    """Words, and what a text holding one of them gets (a code, a category)."""

    words: frozenset[str]
    value: str | dict[str, str]


@dataclass(frozen=True)
class Rules:
    cues: tuple[Cue, ...]
    speech: frozenset[str]
    posts: tuple[str, ...]
    kin: frozenset[str]
    objects: tuple[WordsTo, ...]
    tone: tuple[WordsTo, ...]
    categories: tuple[WordsTo, ...]
    organs: frozenset[str]
    state_names: dict[str, str] = field(default_factory=dict)  # "UK" -> gbr
    adjectives: dict[str, str] = field(default_factory=dict)  # "Belarusian" -> blr

    def codes(self) -> set[str]:
        """Every CAMEO code the table gives."""
        found = {cue.cameo for cue in self.cues if cue.cameo}
        for item in (*self.objects, *self.tone):
            found |= set(item.value.values()) if isinstance(item.value, dict) else {item.value}
        return found


def _words_to(items: list[dict[str, Any]], value: str) -> tuple[WordsTo, ...]:
    return tuple(
        WordsTo(frozenset(str(w).lower() for w in item["words"]), item[value]) for item in items
    )


def read_rules(path: Path = RULES_FILE, state_words: Path = STATE_WORDS_FILE) -> Rules:
    data = read_yaml(path)
    cues = tuple(
        Cue(
            rule=item["rule"],
            kind=item["kind"],
            words=tuple(item["words"]),
            cameo=item.get("cameo"),
            asks=item.get("asks"),
            statement=bool(item.get("statement")),
            targets=item.get("targets", "on"),
            event=item.get("event"),
        )
        for item in data["cues"]
    )
    for cue in cues:
        if cue.kind not in KINDS:
            raise ValueError(f"{path}: cue {cue.rule}: kind {cue.kind!r} is not one of {KINDS}")
    states = read_yaml(state_words)
    return Rules(
        cues=cues,
        speech=frozenset(data["speech"]),
        posts=tuple(data["posts"]),
        kin=frozenset(data["kin"]),
        objects=_words_to(data["objects"], "codes"),
        tone=_words_to(data["tone"], "cameo"),
        categories=_words_to(data["categories"], "category"),
        organs=frozenset(data["organs"]),
        state_names=dict(states["names"]),
        adjectives=dict(states["adjectives"]),
    )


def token_patterns(phrase: str) -> list[dict[str, Any]]:
    """A phrase of the table as a spaCy Matcher pattern: each word a token (`a|b`: any of
    them, case aside), `*` any one word or none."""
    pattern: list[dict[str, Any]] = []
    for word in phrase.split():
        if word == WILDCARD:
            pattern.append({"IS_ALPHA": True, "OP": "?"})
        else:
            pattern.append({"LOWER": {"IN": word.lower().split("|")}})
    return pattern
