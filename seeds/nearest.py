""" "Did you mean": the known values nearest an unknown one (rapidfuzz)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rapidfuzz import fuzz, process, utils

SUGGESTIONS = 3  # at most this many, best first
CUTOFF = 70  # rapidfuzz's WRatio (0-100) below which a value is not suggested


Labels = Mapping[str, str | Iterable[str] | None]  # key -> its label, or its labels


def nearest(word: str, known: Labels, limit: int = SUGGESTIONS, cutoff: int = CUTOFF) -> list[str]:
    """The keys of `known` (key -> label, e.g. a name, or several) nearest `word`, best
    first: a key is as near as the nearest of itself and its labels, so 'champagne' finds
    'francois-philippe-champagne' and 'Japan' finds 'jpn'."""
    best = scores(word, known, cutoff)
    return sorted(best, key=lambda key: (-best[key], key))[:limit]


def scores(word: str, known: Labels, cutoff: int = CUTOFF) -> dict[str, float]:
    """How near `word` each key of `known` is (0-100, by key or label), those at `cutoff` or
    above. A text at least as long as `word` may hold it (WRatio, which weighs partial
    matches); a shorter one must be like it whole (ratio), or 'ltu' would match 'lukash'."""
    folded = utils.default_process(word)
    longer: list[tuple[str, str]] = []
    shorter: list[tuple[str, str]] = []
    for key, label in known.items():
        labels = [label] if isinstance(label, str) else list(label or ())
        for text in (key, *labels):
            text = utils.default_process(text)
            (longer if len(text) >= len(folded) else shorter).append((text, key))
    best: dict[str, float] = {}
    for scorer, pairs in ((fuzz.WRatio, longer), (fuzz.ratio, shorter)):
        texts = [text for text, _ in pairs]
        for _, score, index in process.extract(
            folded, texts, scorer=scorer, score_cutoff=cutoff, limit=None
        ):
            key = pairs[index][1]
            best[key] = max(score, best.get(key, 0.0))
    return best
