"""How the suggestions compare with what curators wrote (`dossier suggest --evaluate`).

The curated facts are the seed folders' facts files, parsed as the loader parses them (the
same spans); the suggestions are made from each text with what the other documents and the
reference data declare, never the document's own facts. A suggestion is right when a curated
fact of the same kind, not matched yet, overlaps its span, has the same actor (a statement's
speaker or the one spoken for, a demand's `by`, a sanction's authority; findings and events
have none) and a CAMEO code of the same family (its first two digits; an event: the same
type). Each curated fact is matched once: precision is right / suggested, recall right /
curated.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from seeds.keys import from_seeds
from seeds.parse import parse_document
from seeds.suggest.draft import Suggestion
from seeds.suggest.files import reader_for, suggest

KINDS = ("statements", "demands", "sanctions", "findings", "events")
# The columns holding a fact's actor, by table (a fact row's references: column -> key).
ACTOR_COLUMNS = {
    "statements": ("speaker_id", "on_behalf_of_id"),
    "demands": ("demanded_by_id",),
    "sanctions": ("authority_id",),
}


@dataclass(frozen=True)
class Fact:
    kind: str  # a facts file's section
    spans: tuple[tuple[int, int], ...]  # where the text tells of it (an event: several places)
    actors: frozenset[str]
    code: str | None  # a CAMEO code; an event's type

    @property
    def start(self) -> int:
        return self.spans[0][0]


@dataclass
class Score:
    suggested: int = 0
    curated: int = 0
    right: int = 0

    def add(self, other: Score) -> None:
        self.suggested += other.suggested
        self.curated += other.curated
        self.right += other.right

    @property
    def precision(self) -> float | None:
        return self.right / self.suggested if self.suggested else None

    @property
    def recall(self) -> float | None:
        return self.right / self.curated if self.curated else None


def curated(folder: Path, event_types: dict[str, str]) -> list[Fact]:
    """A document's curated facts with their spans (a sanction once, not once per target).
    An event is one the document tells of: one it declares with a quote, or one its facts
    name (a sanction's, a participant's event, declared here or in another document), at
    each of those places; `event_types` gives the type of each event the seeds declare."""
    document = parse_document(folder)
    facts: dict[tuple[str | int, ...], Fact] = {}
    events: dict[str, list[tuple[int, int]]] = {}
    for row in [*document.entities, *document.facts]:
        span = (row.values.get("char_start"), row.values.get("char_end"))
        if span[0] is None or span[1] is None:
            continue
        if row.table == "events":
            events.setdefault(row.key, []).append(span)
        for table, key in row.refs.values():
            if table == "events":
                events.setdefault(key, []).append(span)
        if row.table not in KINDS or row.table == "events":
            continue
        actors = frozenset(
            row.refs[column][1] for column in ACTOR_COLUMNS.get(row.table, ()) if column in row.refs
        )
        facts.setdefault(row.at, Fact(row.table, (span,), actors, row.values.get("cameo_code")))
    told = [
        Fact("events", tuple(sorted(set(spans))), frozenset(), event_types.get(key))
        for key, spans in events.items()
    ]
    return [*facts.values(), *told]


def suggested(suggestions: Iterable[Suggestion]) -> list[Fact]:
    return [
        Fact(
            s.section,
            ((s.start, s.end),),
            frozenset(s.actors),
            s.item.get("type") if s.section == "events" else s.item.get("cameo"),
        )
        for s in suggestions
    ]


def agrees(made: Fact, fact: Fact) -> bool:
    (start, end), *_ = made.spans
    if made.kind != fact.kind or not any(a < end and start < b for a, b in fact.spans):
        return False
    if made.actors != fact.actors and not made.actors & fact.actors:
        return False
    if fact.code is None:
        return True
    if made.code is None:
        return False
    return made.code == fact.code if made.kind == "events" else made.code[:2] == fact.code[:2]


def score(made: list[Fact], facts: list[Fact]) -> dict[str, Score]:
    """Per kind: how many suggested, curated, and right (each curated fact matched once)."""
    scores = {kind: Score() for kind in KINDS}
    free = list(facts)
    for fact in facts:
        scores[fact.kind].curated += 1
    for suggestion in sorted(made, key=lambda f: f.start):
        scores[suggestion.kind].suggested += 1
        match = next((f for f in free if agrees(suggestion, f)), None)
        if match is not None:
            free.remove(match)
            scores[suggestion.kind].right += 1
    return scores


def evaluate(folders: Iterable[Path]) -> list[tuple[str, dict[str, Score]]]:
    """Each document's scores, then ("all N documents", their sums)."""
    results: list[tuple[str, dict[str, Score]]] = []
    total = {kind: Score() for kind in KINDS}
    event_types = {d.key: d.detail for d in from_seeds() if d.kind == "event"}
    for folder in folders:
        draft = suggest(folder, reader_for(folder))
        scores = score(suggested(draft.suggestions), curated(folder, event_types))
        results.append((str(draft.document["slug"]), scores))
        for kind in KINDS:
            total[kind].add(scores[kind])
    results.append((f"all {len(results)} documents", total))
    return results


def percent(value: float | None) -> str:
    return "-" if value is None else f"{round(100 * value)}%"


def table(name: str, scores: dict[str, Score]) -> list[str]:
    rows = [("kind", "suggested", "curated", "right", "precision", "recall")]
    for kind in KINDS:
        s = scores[kind]
        rows.append(
            (
                kind,
                str(s.suggested),
                str(s.curated),
                str(s.right),
                percent(s.precision),
                percent(s.recall),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [name]
    for row in rows:
        cells = [
            row[0].ljust(widths[0]),
            *(c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)),
        ]
        lines.append("  ".join(cells).rstrip())
    return lines
