"""Why a quote is not in its text, and the rewrite of a quote that differs only invisibly.

A curator copies words from a text, but an editor or a keyboard changes some characters on
the way: two spaces after a full stop become one, “ becomes ", an en dash becomes a hyphen, a
zero-width space or a soft hyphen vanishes, é is typed composed where the text has e and a
combining accent (NFC against NFD). `fold` maps both quote and text to a form in which those
differences vanish, remembering where each folded character came from; a quote found in the
folded text is then found in the text, and each difference can be named and placed.
A quote not found even folded is compared with the text's nearest passage (rapidfuzz).

`explain(text, quote)` words the error; `fix_quotes(paths)` (`dossier check --fix-quotes`)
rewrites in facts files the quotes whose differences are all invisible, to the text's exact
characters. Positions in messages count characters from 1.
"""

from __future__ import annotations

import bisect
import difflib
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from pathlib import Path

import yaml
from rapidfuzz import fuzz

from seeds.errors import SeedError
from seeds.loader import discover
from seeds.parse import DEFAULT_TEXT_FILE, FACTS_FILE
from seeds.spans import shortened
from seeds.yamlfile import parse_yaml, read_text

# What folds to what: the characters an editor or keyboard swaps for one another.
DOUBLE_QUOTES = '"“”„‟″＂'
SINGLE_QUOTES = "'‘’‚‛′＇"
DASHES = "-‐‑‒–—―−﹣－"
# Characters that show nothing: folded away. U+00AD is the soft hyphen.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_FOLD = {
    **{ord(c): '"' for c in DOUBLE_QUOTES},
    **{ord(c): "'" for c in SINGLE_QUOTES},
    **{ord(c): "-" for c in DASHES},
    **{ord(c): "" for c in ZERO_WIDTH},
}
MAX_LISTED = 8  # differences listed; the rest are counted
CLOSE_ENOUGH = 75  # rapidfuzz partial_ratio below which no passage resembles the quote
SHOWN = 160  # characters of a passage shown
MAX_PLACES = 1000  # folded occurrences of a quote looked at (a hostile text may hold millions)


@cache
def _special() -> re.Pattern[str]:
    """Whatever `fold` changes: runs of whitespace but a lone space, the characters of
    `_FOLD`, and the characters that decompose under NFD (found once, by scanning Unicode)."""
    decomposing = [
        c for c in map(chr, range(0x80, 0x30000)) if unicodedata.normalize("NFD", c) != c
    ]
    ranges: list[list[str]] = []
    for c in decomposing:
        if ranges and ord(c) == ord(ranges[-1][1]) + 1:
            ranges[-1][1] = c
        else:
            ranges.append([c, c])
    classes = "".join(
        re.escape(a) if a == b else f"{re.escape(a)}-{re.escape(b)}" for a, b in ranges
    )
    folded = re.escape("".join(map(chr, _FOLD)))
    return re.compile(rf"\s{{2,}}|[^\S ]|[{folded}{classes}]")


@dataclass(frozen=True)
class Folded:
    """A string folded, with where each of its changed pieces came from: `pieces[k]` is
    (folded start, folded length, original start, original length); the characters between
    pieces are the original's, one for one."""

    original: str
    text: str
    pieces: tuple[tuple[int, int, int, int], ...]

    def start(self, f: int) -> int:
        """The original index where folded character `f` starts."""
        k = bisect.bisect_right(self._starts, f) - 1
        if k < 0:
            return f
        fs, fl, os_, ol = self.pieces[k]
        return os_ if f < fs + fl else os_ + ol + f - fs - fl

    def end(self, f: int) -> int:
        """The original index where folded character `f - 1` ends (0 for f == 0)."""
        return 0 if f == 0 else self._end_of(f - 1)

    def _end_of(self, f: int) -> int:
        k = bisect.bisect_right(self._starts, f) - 1
        if k < 0:
            return f + 1
        fs, fl, os_, ol = self.pieces[k]
        return os_ + ol if f < fs + fl else os_ + ol + f - fs - fl + 1

    def whole(self, f: int) -> bool:
        """Whether folded index `f` falls between original characters, not inside one."""
        k = bisect.bisect_right(self._starts, f) - 1
        return k < 0 or not self.pieces[k][0] < f < self.pieces[k][0] + self.pieces[k][1]

    @cached_property
    def _starts(self) -> list[int]:
        return [p[0] for p in self.pieces]


@lru_cache(maxsize=8)  # a text with several missing quotes is folded once
def fold(original: str) -> Folded:
    """`original` with every whitespace run as one space, quote marks straight, dashes as
    hyphens, zero-width characters and soft hyphens removed, and in NFD."""
    parts: list[str] = []
    pieces: list[tuple[int, int, int, int]] = []
    at = folded_at = 0
    for m in _special().finditer(original):
        parts.append(original[at : m.start()])
        folded_at += m.start() - at
        found = m.group()
        if found[0].isspace():
            into = " "
        else:
            into = _FOLD.get(ord(found), unicodedata.normalize("NFD", found))
        parts.append(into)
        pieces.append((folded_at, len(into), m.start(), len(found)))
        folded_at += len(into)
        at = m.end()
    parts.append(original[at:])
    return Folded(original, "".join(parts), tuple(pieces))


# --- naming a difference --------------------------------------------------------------------


def _char(c: str) -> str:
    name = unicodedata.name(c, "")
    code = f"U+{ord(c):04X}{' ' + name if name else ''}"
    return f"{c} ({code})" if c.isprintable() and not c.isspace() else code


def _number(n: int) -> str:
    return ("no", "one", "two", "three", "four")[n] if n < 5 else str(n)


def _spaces(s: str) -> str:
    if set(s) == {" "}:
        return f"{_number(len(s))} space{'s' if len(s) > 1 else ''}"
    if s.strip(" \r") == "\n":
        return "a line break"
    return " + ".join(_char(c) for c in s)


def _describe(quote_part: str, text_part: str) -> tuple[str, str]:
    """What differs between a stretch of the quote and of the text that fold alike, in words,
    and its kind in a word or two."""
    q, t = quote_part, text_part
    if unicodedata.normalize("NFC", q) == unicodedata.normalize("NFC", t):

        def form(s: str) -> str:
            composed = len(s) == len(unicodedata.normalize("NFC", s))
            way = "composed, NFC" if composed else "decomposed, NFD"
            return f"as {' '.join(f'U+{ord(c):04X}' for c in s)} ({way})"

        words = f"the text writes {unicodedata.normalize('NFC', t)} {form(t)}, the quote {form(q)}"
        return words, "Unicode normalization"
    if (q + t).isspace():
        if set(q + t) == {" "}:  # "two spaces where the quote has one"
            words = f"the text has {_spaces(t)} where the quote has {_number(len(q))}"
        else:
            words = f"the text has {_spaces(t)} where the quote has {_spaces(q)}"
        if "\n" in t + q:
            kind = "line break"
        elif set(t + q) == {" "}:
            kind = "double space"
        elif set(t + q) <= {" ", "\u00a0", "\u202f", "\u2007"}:
            kind = "non-breaking space"
        else:
            kind = "Unicode space"
        return words, kind
    if not q or not t:
        present = "".join(_char(c) for c in q or t)
        side, other = ("text", "quote") if t else ("quote", "text")
        kind = "soft hyphen" if set(q or t) == {"\u00ad"} else "zero-width character"
        return f"the {side} has {present}, which the {other} lacks", kind
    words = f"the text has {' '.join(map(_char, t))} where the quote has {' '.join(map(_char, q))}"
    marks = set(q + t)
    if marks <= set(DOUBLE_QUOTES):
        kind = "curly quote"
    elif marks <= set(SINGLE_QUOTES):
        kind = "curly apostrophe"
    elif marks <= set(DASHES):
        kind = "dash"
    else:
        kind = "invisible difference"
    return words, kind


@dataclass(frozen=True)
class Difference:
    quote_at: int  # 0-based, in the quote
    text_at: int  # 0-based, in the text
    words: str
    kind: str

    def __str__(self) -> str:
        return (
            f"at character {self.quote_at + 1} of the quote (character {self.text_at + 1} "
            f"of the text): {self.words}"
        )


def _units(f: Folded) -> list[tuple[int, int, int]]:
    """(folded length, original start, original end) of each piece of `f` and each character
    between pieces, in order."""
    units: list[tuple[int, int, int]] = []
    at = 0
    for _fs, fl, os_, ol in f.pieces:
        units += [(1, i, i + 1) for i in range(at, os_)]
        units.append((fl, os_, os_ + ol))
        at = os_ + ol
    return units + [(1, i, i + 1) for i in range(at, len(f.original))]


def differences(quote: str, passage: str, passage_at: int = 0) -> list[Difference]:
    """The differences between `quote` and `passage` (found at `passage_at` of the text),
    which fold alike: each stretch of both that ends where both end a folded character."""
    sides = [_units(fold(quote)), _units(fold(passage))]
    ends = [[], []]  # type: list[list[int]]
    for side, units in zip(ends, sides, strict=True):
        total = 0
        for length, _, _ in units:
            total += length
            side.append(total)
    common = sorted(set(ends[0]) & set(ends[1]))
    spans: list[list[list[int]]] = [[[], []] for _ in common]
    for s, (units, side_ends) in enumerate(zip(sides, ends, strict=True)):
        for (_, start, end), cum in zip(units, side_ends, strict=True):
            span = spans[bisect.bisect_left(common, cum)][s]
            span[:] = [min(span[0], start), max(span[1], end)] if span else [start, end]
    found = []
    for qspan, tspan in spans:
        q = quote[qspan[0] : qspan[1]] if qspan else ""
        t = passage[tspan[0] : tspan[1]] if tspan else ""
        if q == t:
            continue
        same = tail = 0
        if not (q + t).isspace():  # a zero-width character comes with the one before it
            same = len(_common_prefix(q, t))
            tail = len(_common_prefix(q[same:][::-1], t[same:][::-1]))
        q_part, t_part = q[same : len(q) - tail], t[same : len(t) - tail]
        words, kind = _describe(q_part, t_part)
        q_at = (qspan[0] if qspan else 0) + same
        t_at = passage_at + (tspan[0] if tspan else 0) + same
        found.append(Difference(q_at, t_at, words, kind))
    return found


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


# --- finding the quote folded, or the nearest passage ---------------------------------------


@dataclass(frozen=True)
class Passage:
    """Where the quote is in the text once folded: `text[start:end]`, and how it differs."""

    start: int
    end: int
    words: str
    differences: list[Difference]
    elsewhere: int  # further places of the text the folded quote matches
    alike: bool  # whether those places' words are the same as these

    @property
    def fixable(self) -> bool:
        """Whether rewriting the quote to these words makes it the text's own."""
        return self.alike

    def kinds(self) -> str:
        return ", ".join(dict.fromkeys(d.kind for d in self.differences))


def invisible_match(text: str, quote: str) -> Passage | None:
    """The passage of `text` the quote is, but for invisible differences; None if none is."""
    f_text, f_quote = fold(text), fold(quote).text
    places: list[tuple[int, int]] = []  # each folded occurrence not cutting a character
    at = f_text.text.find(f_quote) if f_quote.strip() else -1
    while at != -1 and len(places) < MAX_PLACES:
        if f_text.whole(at) and f_text.whole(at + len(f_quote)):
            places.append((f_text.start(at), f_text.end(at + len(f_quote))))
        at = f_text.text.find(f_quote, at + 1)
    if not places:
        return None
    (start, end), words = places[0], text[places[0][0] : places[0][1]]
    alike = all(text[a:b] == words for a, b in places[1:])
    return Passage(start, end, words, differences(quote, words, start), len(places) - 1, alike)


def _nearest(text: str, quote: str) -> str:
    """Lines naming the passage of `text` nearest to `quote`, and where they first differ."""
    f_text, f_quote = fold(text), fold(quote)
    near = fuzz.partial_ratio_alignment(f_quote.text, f_text.text)
    if near is None or near.score < CLOSE_ENOUGH:
        return "  no passage of the text resembles it"
    # Align the quote within the window and a margin of its length, character by character.
    margin = len(f_quote.text)
    lo, hi = max(0, near.dest_start - margin), min(len(f_text.text), near.dest_end + margin)
    matcher = difflib.SequenceMatcher(None, f_quote.text, f_text.text[lo:hi], autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    longest = max(b.size for b in blocks)
    solid = [b for b in blocks if b.size >= min(8, longest)]  # not a stray letter or two
    first, last = solid[0], solid[-1]
    f_start = max(lo, lo + first.b - first.a)  # where the quote's first character would be
    f_end = min(hi, lo + last.b + len(f_quote.text) - last.a)
    f_end = max(f_end, f_start)
    folded, word = f_text.text, 20  # whole words at both ends, if not too long
    for _ in range(word):
        if f_start == 0 or folded[f_start - 1].isspace() or folded[f_start].isspace():
            break
        f_start -= 1
    for _ in range(word):
        if f_end == len(folded) or folded[f_end - 1].isspace() or folded[f_end].isspace():
            break
        f_end += 1
    start, end = f_text.start(f_start), f_text.end(f_end)
    same = len(_common_prefix(f_quote.text, f_text.text[f_start:f_end]))
    q_at, t_at = f_quote.start(same), f_text.start(f_start + same)
    return (
        f"  the nearest passage of the text, characters {start + 1}–{end} "
        f"(counting from 1): {_show(text[start:end], t_at - start)}\n"
        f"  it differs from character {q_at + 1} of the quote (character {t_at + 1} of the "
        f"text): the quote has {_show(quote[q_at:], 0, 30)}, the text {_show(text[t_at:], 0, 30)}"
    )


def _show(s: str, around: int = 0, limit: int = SHOWN) -> str:
    """`s` as Python writes a string (invisible characters escaped), cut to about `limit`
    characters, keeping index `around` in view."""
    if len(s) <= limit:
        return repr(s)
    start = max(0, min(around - limit // 2, len(s) - limit))
    cut = ("…" if start else "") + s[start : start + limit] + "…"
    return repr(cut)


def explain(text: str, quote: str) -> str:
    """The error for a quote not found in `text`: the quote, then, indented, why."""
    head = f"quote not found in the text: {shortened(quote)!r}"
    passage = invisible_match(text, quote)
    if passage is None:
        return f"{head}\n{_nearest(text, quote)}"
    count = len(passage.differences)
    lines = [
        f"{head}",
        f"  the text has it with {count} invisible difference{'s' if count > 1 else ''} "
        "(positions count characters from 1):",
        *(f"    {d}" for d in passage.differences[:MAX_LISTED]),
    ]
    if count > MAX_LISTED:
        lines.append(f"    and {count - MAX_LISTED} more")
    lines.append(
        f"  the text's words, characters {passage.start + 1}–{passage.end}: {_show(passage.words)}"
    )
    if passage.elsewhere:
        alike = "alike" if passage.alike else "not all alike: rewrite the quote by hand"
        lines.append(f"  (and so are {passage.elsewhere} more place(s) of the text, {alike})")
    if passage.fixable:
        lines.append("  `dossier check --fix-quotes` rewrites the quote to the text's characters")
    return "\n".join(lines)


# --- rewriting quotes -----------------------------------------------------------------------


@dataclass(frozen=True)
class Rewrite:
    """A quote of a facts file rewritten to the text's characters."""

    path: Path
    line: int
    quote: str
    passage: Passage

    def __str__(self) -> str:
        count = len(self.passage.differences)
        return (
            f"{self.path}:{self.line}: quote rewritten to the text's characters "
            f"({count} difference{'s' if count > 1 else ''}: {self.passage.kinds()})"
        )


def yaml_quoted(value: str) -> str:
    """`value` as a YAML double-quoted scalar: invisible characters escaped, so that they
    show in the file; quote marks and other printable characters as they are."""
    out = ['"']
    for c in value:
        if c in '"\\':
            out.append("\\" + c)
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif c.isprintable():
            out.append(c)
        else:
            out.append(f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}")
    return "".join(out) + '"'


def _quote_nodes(
    node: yaml.Node, at: tuple[str | int, ...] = ()
) -> Iterable[tuple[tuple[str | int, ...], yaml.Node, yaml.ScalarNode]]:
    """Every `quote:` text value of a composed file: its path, key node and value node."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                continue
            if key.value == "quote" and isinstance(value, yaml.ScalarNode):
                if value.tag == "tag:yaml.org,2002:str":
                    yield (*at, key.value), key, value
            else:
                yield from _quote_nodes(value, (*at, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _quote_nodes(item, (*at, index))


def _text_of(facts_path: Path, data: object) -> str | None:
    """The text a facts file's quotes are in, or None if it cannot be read (check says why)."""
    meta = data.get("document") if isinstance(data, dict) else None
    if not isinstance(meta, dict):
        return None
    if isinstance(meta.get("text"), str):
        return str(meta["text"])
    try:
        return read_text(facts_path.parent / str(meta.get("text_file", DEFAULT_TEXT_FILE)))
    except (SeedError, OSError):
        return None


def fix_file(facts_path: Path) -> list[Rewrite]:
    """Rewrite, in one facts file, every quote not in the text but for invisible differences
    to the text's exact characters. The text file is never touched."""
    try:
        source = read_text(facts_path)
        data = parse_yaml(source, facts_path)
    except SeedError:
        return []  # check reports it
    text = _text_of(facts_path, data)
    if text is None:
        return []
    rewrites: list[tuple[tuple[str | int, ...], yaml.ScalarNode, Rewrite]] = []
    for at, key, value in _quote_nodes(yaml.compose(source, Loader=yaml.SafeLoader)):
        quote = value.value
        if not quote or quote in text:
            continue
        passage = invisible_match(text, quote)
        if passage is not None and passage.fixable:
            line = source.count("\n", 0, key.start_mark.index) + 1
            rewrites.append((at, value, Rewrite(facts_path, line, quote, passage)))
    if not rewrites:
        return []
    new = source
    expected = json.loads(json.dumps(data))
    for at, value, rewrite in sorted(rewrites, key=lambda r: -r[1].start_mark.index):
        start, end = value.start_mark.index, value.end_mark.index
        old = new[start:end]
        after = old[len(old.rstrip()) :]  # a block scalar's end takes its line break along
        new = new[:start] + yaml_quoted(rewrite.passage.words) + after + new[end:]
        item = expected
        for step in at[:-1]:
            item = item[step]
        item[at[-1]] = rewrite.passage.words
    if parse_yaml(new, facts_path) != expected:  # never write what does not read back
        raise SeedError(facts_path, rewrites[0][2].line, "could not rewrite its quotes safely")
    facts_path.write_bytes(new.encode("utf-8"))
    return [rewrite for _, _, rewrite in rewrites]


def fix_quotes(paths: Iterable[Path]) -> list[Rewrite]:
    """`fix_file` for each document folder `paths` name (as `check` reads them); bundles are
    left alone: a program wrote them, and should be fixed instead."""
    rewrites: list[Rewrite] = []
    for source in discover(paths):
        if source.is_dir():
            rewrites += fix_file(source / FACTS_FILE)
    return rewrites
