"""The states that can exist: every country of ISO 3166-1, as pycountry lists them.

A state's key is its alpha-3 code in lower case (`jpn`). Our own knowledge of a state (its
Wikidata id, whether it takes part in the OSCE, a name other than pycountry's) is added to
it by seeds/reference/states.yaml; a key that is not a code of this list is refused, with the
nearest code or name as a suggestion.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pycountry

from seeds.nearest import nearest


@dataclass(frozen=True)
class IsoState:
    key: str  # the alpha-3 code in lower case
    iso_alpha2: str
    iso_alpha3: str
    name: str  # pycountry's common name if it has one ("Bolivia"), else its name


@cache
def iso_states() -> dict[str, IsoState]:
    """Every country of ISO 3166-1 by key, in the order of their keys."""
    states = (
        IsoState(c.alpha_3.lower(), c.alpha_2, c.alpha_3, getattr(c, "common_name", None) or c.name)
        for c in pycountry.countries
    )
    return {s.key: s for s in sorted(states, key=lambda s: s.key)}


# Codes ISO 3166-1 reserves exceptionally for a country that has another: "UK" is the
# United Kingdom's (its code is GB), not Ukraine's (UA), whose name "uk" is nearer.
EXCEPTIONALLY_RESERVED = {"uk": "gbr"}


@cache
def state_names() -> dict[str, list[str]]:
    """Each country's names (name, common and official name), by key."""
    return {
        c.alpha_3.lower(): [
            v for a in ("name", "common_name", "official_name") if (v := getattr(c, a, None))
        ]
        for c in pycountry.countries
    }


@cache
def _labels() -> dict[str, list[str]]:
    """Each country's names and its alpha-2 code, by key."""
    return {
        c.alpha_3.lower(): [*state_names()[c.alpha_3.lower()], c.alpha_2]
        for c in pycountry.countries
    }


def suggestion(word: str) -> IsoState | None:
    """The state `word` (a key, a code or a name: 'japan', 'jp', 'united-kingdom') most likely
    means: a code it is, else the country whose code or name it is nearest (seeds/nearest.py)."""
    words = word.lower().replace("-", " ").replace("_", " ").replace(".", " ").strip()
    if words in EXCEPTIONALLY_RESERVED:
        return iso_states()[EXCEPTIONALLY_RESERVED[words]]
    for key, labels in _labels().items():
        if words in (key, labels[-1].lower()):
            return iso_states()[key]
    near = nearest(words, _labels(), limit=1)
    return iso_states()[near[0]] if near else None


def did_you_mean(word: str) -> str:
    """': did you mean 'jpn' (Japan)?', or, when nothing is like `word`, how to find a code."""
    state = suggestion(word)
    if state is None:
        return ", and no country's code or name is like it"
    return f": did you mean {state.key!r} ({state.name})?"


def state_key_problem(key: str) -> str | None:
    """Why an actor of kind state cannot have `key` (None: it can, being a known code)."""
    if key in iso_states():
        return None
    return (
        f"actors: {key!r} is declared a state, but a state's key is its ISO 3166-1 alpha-3 "
        f"code in lower case{did_you_mean(key)}"
    )
