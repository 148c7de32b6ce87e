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
from rapidfuzz import fuzz, process, utils

# How alike a word must be to a country's name (rapidfuzz WRatio, 0-100), or to a code
# (plain ratio: one letter of three changed is 67), to be offered as "did you mean".
NAME_LIKENESS = 80
CODE_LIKENESS = 67


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


@cache
def _choices() -> tuple[list[str], list[str], list[str], list[str]]:
    """Each country's names (name, common and official name) and codes, lower-cased, each
    with the key of its country."""
    names: list[str] = []
    name_keys: list[str] = []
    codes: list[str] = []
    code_keys: list[str] = []
    for c in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            if value := getattr(c, attribute, None):
                names.append(value.lower())
                name_keys.append(c.alpha_3.lower())
        for code in (c.alpha_3, c.alpha_2):
            codes.append(code.lower())
            code_keys.append(c.alpha_3.lower())
    return names, name_keys, codes, code_keys


def suggestion(word: str) -> IsoState | None:
    """The state `word` (a key, a code or a name: 'japan', 'jp', 'united-kingdom') most likely
    means: a code it is, else the country whose name it is most like, else whose code."""
    names, name_keys, codes, code_keys = _choices()
    words = word.lower().replace("-", " ").replace("_", " ").replace(".", " ").strip()
    if words in codes:
        return iso_states()[code_keys[codes.index(words)]]
    found = process.extractOne(
        words, names, scorer=fuzz.WRatio, processor=utils.default_process,
        score_cutoff=NAME_LIKENESS,
    )  # fmt: skip
    if found is not None:
        return iso_states()[name_keys[found[2]]]
    found = process.extractOne(words, codes, scorer=fuzz.ratio, score_cutoff=CODE_LIKENESS)
    return iso_states()[code_keys[found[2]]] if found is not None else None


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
