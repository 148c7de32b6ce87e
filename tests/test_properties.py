"""Properties of the span finder, the partial-date parser, the YAML reader and the facts parser.

No database: these test the pure parts every load goes through, on inputs hypothesis makes up.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import math
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from seeds import DOCUMENTS_DIR, yamlfile
from seeds.dates import parse_partial_date
from seeds.errors import SeedError
from seeds.loader import check
from seeds.parse import FACTS_SCHEMA, _is_valid_fast, parse_document
from seeds.spans import SpanError, find_span
from seeds.yamlfile import read_yaml
from tests.test_validation import reference_valid

SEED_FOLDER = DOCUMENTS_DIR / "uk-fcdo-2020-11-05-belarus-fresh-elections"

# Text a document may hold: any code point but the two no engine can store.
STORABLE = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
TEXT = st.text(STORABLE, max_size=200)
# Few letters, so that quotes repeat and overlap ("aa" in "aaa" twice).
REPETITIVE = st.text(st.sampled_from("ab ё\u0301"), max_size=40)


def starts_of(text: str, quote: str) -> list[int]:
    """Every start of `quote` in `text`, overlapping ones included: the obvious way."""
    return [i for i in range(len(text) - len(quote) + 1) if text.startswith(quote, i)]


# --- the span finder ---------------------------------------------------------------------------


@st.composite
def text_and_quote(draw: st.DrawFn) -> tuple[str, str]:
    text = draw(st.one_of(REPETITIVE, TEXT).filter(bool))
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    return text, text[start:end]


@given(text_and_quote())
@example(("aaa", "aa"))
@example(("e\u0301 é", "e"))
def test_a_unique_quote_is_found_and_an_ambiguous_one_refused(case: tuple[str, str]) -> None:
    text, quote = case
    starts = starts_of(text, quote)
    if len(starts) == 1:
        start, end = find_span(text, quote)
        assert (start, end) == (starts[0], starts[0] + len(quote))
        assert text[start:end] == quote
    else:
        with pytest.raises(SpanError, match=f"occurs {len(starts)} times"):
            find_span(text, quote)


@given(text_and_quote(), st.data())
def test_occurrence_k_gives_the_kth(case: tuple[str, str], data: st.DataObject) -> None:
    text, quote = case
    starts = starts_of(text, quote)
    k = data.draw(st.integers(1, len(starts)))
    start, end = find_span(text, quote, k)
    assert start == starts[k - 1]
    assert text[start:end] == quote


@given(text_and_quote(), st.integers(-3, 3))
def test_an_occurrence_out_of_range_is_refused(case: tuple[str, str], beyond: int) -> None:
    text, quote = case
    count = len(starts_of(text, quote))
    k = count + 1 + beyond if beyond >= 0 else beyond + 1  # past the last, or below 1
    with pytest.raises(SpanError, match=f"occurs {count} time"):
        find_span(text, quote, k)


@given(st.one_of(REPETITIVE, TEXT), st.one_of(REPETITIVE, TEXT).filter(bool), st.none())
def test_an_absent_quote_is_refused(text: str, quote: str, occurrence: None) -> None:
    assume(quote not in text)
    for k in (occurrence, 1):
        with pytest.raises(SpanError, match="not found"):
            find_span(text, quote, k)


def test_an_empty_quote_is_refused() -> None:
    with pytest.raises(SpanError, match="empty"):
        find_span("anything", "")


# --- partial dates ---------------------------------------------------------------------------

PRECISIONS = ("day", "month", "year")


def written(date: dt.date, precision: str) -> str:
    return {"day": date.isoformat(), "month": date.isoformat()[:7], "year": f"{date.year:04d}"}[
        precision
    ]


def first_day(date: dt.date, precision: str) -> dt.date:
    return {
        "day": date,
        "month": date.replace(day=1),
        "year": date.replace(month=1, day=1),
    }[precision]


@given(st.dates(), st.sampled_from(PRECISIONS))
def test_a_partial_date_is_the_first_day_of_its_period(date: dt.date, precision: str) -> None:
    text = written(date, precision)
    assert parse_partial_date(text) == (first_day(date, precision), precision)
    assert parse_partial_date(text, precision) == (first_day(date, precision), precision)
    if precision == "year":
        assert parse_partial_date(date.year) == (first_day(date, "year"), "year")


@given(st.dates(), st.sampled_from(PRECISIONS), st.sampled_from(PRECISIONS))
def test_a_precision_that_contradicts_the_date_is_refused(
    date: dt.date, form: str, said: str
) -> None:
    assume(form != said)
    with pytest.raises(ValueError, match="contradicts"):
        parse_partial_date(written(date, form), said)


@given(st.integers(1, 9999), st.integers(0, 99), st.integers(0, 99))
@example(2020, 2, 30)
@example(2021, 2, 29)
@example(2020, 13, 1)
def test_a_date_that_does_not_exist_is_refused(year: int, month: int, day: int) -> None:
    try:
        dt.date(year, month, day)
    except ValueError:
        with pytest.raises(ValueError, match="does not exist"):
            parse_partial_date(f"{year:04d}-{month:02d}-{day:02d}")
    else:
        assert parse_partial_date(f"{year:04d}-{month:02d}-{day:02d}")[0] == dt.date(
            year, month, day
        )


ANYTHING = st.one_of(
    st.text(),
    st.text(st.sampled_from("0123456789-T:Z \n٢"), max_size=14),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.none(),
    st.datetimes(),
    st.dates(),
    st.lists(st.integers(), max_size=2),
)


@given(ANYTHING, st.sampled_from((None, *PRECISIONS)))
def test_a_partial_date_is_parsed_exactly_or_refused_with_a_reason(
    value: object, precision: str | None
) -> None:
    try:
        date, got = parse_partial_date(value, precision)
    except ValueError as exc:
        assert str(exc)
        return
    assert precision in (None, got)
    if isinstance(value, str):
        assert written(date, got) == value  # nothing accepted that is not written exactly so
    assert first_day(date, got) == date


# --- the YAML reader and the facts parser -----------------------------------------------------


@contextmanager
def folder_with(text: bytes | None = None, facts: bytes | None = None) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="dossier-prop-") as name:
        folder = Path(name) / "doc"
        folder.mkdir()
        if text is not None:
            (folder / "text.txt").write_bytes(text)
        if facts is not None:
            (folder / "facts.yaml").write_bytes(facts)
        yield folder


def facts_yaml(data: Any, style: str | None = None, allow_unicode: bool = True) -> bytes:
    # Double quotes: PyYAML's emitter folds a NEL (U+0085) in single-quoted style away.
    dumped = yaml.safe_dump(data, allow_unicode=allow_unicode, default_style=style, sort_keys=False)
    return dumped.encode("utf-8")


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, dict[str, Any], int]:
    """A text, a facts file quoting part of it, and where that quote starts."""
    before, quote, after = draw(TEXT), draw(TEXT.filter(bool)), draw(TEXT)
    text = before + quote + after
    starts = starts_of(text, quote)
    title, said = draw(TEXT.filter(bool)), draw(TEXT.filter(bool))
    document = {
        "slug": "a-generated-document",
        "title": title,
        "publisher": draw(TEXT.filter(bool)),
        "document_type": "analyst_note",
        "published_on": draw(st.dates()).isoformat(),
        "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
    }
    statement = {
        "key": "said",
        "speaker": "gbr",
        "type": "quote",
        "text": said,
        "quote": quote,
        "occurrence": starts.index(len(before)) + 1,
    }
    return text, {"document": document, "statements": [statement]}, len(before)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(documents(), st.sampled_from([('"', True), ('"', False), (None, False)]))
def test_any_text_round_trips_through_a_generated_facts_file(
    case: tuple[str, dict[str, Any], int], style: tuple[str | None, bool]
) -> None:
    text, facts, start = case
    with folder_with(text.encode("utf-8"), facts_yaml(facts, *style)) as folder:
        assert read_yaml(folder / "facts.yaml") == facts
        seed = parse_document(folder)
    assert seed.values["body_text"] == text
    assert seed.values["char_length"] == len(text)
    assert seed.values["title"] == facts["document"]["title"]
    assert seed.values["publisher"] == facts["document"]["publisher"]
    (fact,) = seed.facts
    row = fact.values
    quote = facts["statements"][0]["quote"]
    assert (row["char_start"], row["char_end"]) == (start, start + len(quote))
    assert row["quote"] == quote == text[start : start + len(quote)]
    assert row["text"] == facts["statements"][0]["text"]


def parse_only_refuses(facts: bytes, text: bytes | None = None) -> None:
    """Parsing `facts` either succeeds or raises SeedError: nothing else, ever."""
    with folder_with(
        SEED_FOLDER.joinpath("text.txt").read_bytes() if text is None else text, facts
    ) as folder:
        try:
            parse_document(folder)
        except SeedError as exc:
            assert str(exc).startswith(str(folder / "facts.yaml")) or str(exc).startswith(
                str(folder / "text.txt")
            )
            assert "\n" not in str(exc)


@settings(deadline=None)
@given(st.binary(max_size=600))
@example(b"\xef\xbb\xbf")
@example(b"a: &x [*x]")
@example(b"- !!python/object:os.system [echo]")
@example(b"date: !!timestamp 2020-02-30")
@example(b"%YAML 9.9\n---\na: 1")
def test_random_bytes_never_raise_anything_but_seed_error(data: bytes) -> None:
    parse_only_refuses(data)


YAML_ISH = st.text(st.sampled_from([*"ab:-[]{},&*!|>'\"#%@` \n\t\\0?.", "\u2028", "é"]))


@settings(deadline=None)
@given(YAML_ISH)
def test_random_yaml_like_text_never_raises_anything_but_seed_error(data: str) -> None:
    parse_only_refuses(data.encode("utf-8"))


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    TEXT,
    st.dates(),
    st.sampled_from(["gbr", "2020-02-30", "2020-09", "day", "1041", "Belarus", "quote"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.one_of(TEXT, st.integers()), inner)
    ),
    max_leaves=8,
)


def described(value: Any) -> Any:
    """A parsed value with the lines its mappings and lists remember, to compare whole."""
    if isinstance(value, dict):
        items = {k: described(v) for k, v in value.items()}
        return ("mapping", getattr(value, "line", None), getattr(value, "lines", None), items)
    if isinstance(value, list):
        items = [described(v) for v in value]
        return ("list", getattr(value, "line", None), getattr(value, "lines", None), items)
    return (type(value).__name__, repr(value))


def read(text: str) -> tuple[str, Any]:
    """The reader's outcome for `text`: a value (with its lines) or a refusal."""
    try:
        return ("value", yamlfile.parse_yaml(text, Path("x.yaml")))
    except SeedError as exc:
        assert str(exc).startswith("x.yaml"), str(exc)
        return ("refused", None)


def plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


UNUSUAL_YAML = [
    "a: !!set {x, y}",
    "a: !!omap [x: 1, y: 2]",
    "<<: {a: 1}\nb: 2",
    "a: 010\nb: 0x1F\nc: 1_000\nd: 1:20\ne: +0\nf: -7",
    "a: !!str [1]",
    "a: !!map x",
    "a: !!seq x",
    "a: !!str {b: c}",
    "a: !!int [1]",
    "a: !!binary aGk=",
    "a: !!float 1\nb: !!bool yes\nc: !!null x\nd: yes\ne: ~\nf: .nan\ng: 1e3",
    'a: "\\0"',
    'a: "\\ud800"',
    "? [1]\n: 2",
    "1: 2",
    "a: 1\na: 2",
    "a: &x [1]\nb: *x",
    "[" * 40 + "]" * 40,
    "a: !!timestamp 2020-02-30",
    "a: !!timestamp 2020-02-03",
    "a: !!python/object:os.system [echo]",
    "- 'single'\n- |\n  literal\n- >\n  folded\n- 2020-01-01",
]


@pytest.mark.parametrize("text", UNUSUAL_YAML)
def test_unusual_yaml_is_refused_or_read_as_pyyaml_reads_it(text: str) -> None:
    """Tags, merge keys, aliases, keys that are not text, duplicates and deep nesting are
    refused with a line; what is read is what PyYAML's safe loader reads (dates as text)."""
    outcome, value = read(text)
    if outcome == "value":
        assert plain(value) == yaml.load(text, Loader=yamlfile._Loader)
    else:
        assert any(mark in text for mark in ("!!", "<<", "&", "?", "1: 2", "a: 1\na", "[[", "\\"))


@settings(deadline=None, max_examples=200)
@given(VALUES, st.booleans(), st.booleans())
def test_plain_data_is_read_as_pyyaml_reads_it(value: Any, flow: bool, unicode: bool) -> None:
    text = yaml.dump(value, default_flow_style=flow, allow_unicode=unicode)
    outcome, read_value = read(text)
    if outcome == "value":
        assert plain(read_value) == yaml.load(text, Loader=yamlfile._Loader), text


def seed_facts() -> dict[str, Any]:
    return yaml.safe_load((SEED_FOLDER / "facts.yaml").read_text(encoding="utf-8"))


SEED_FACTS = seed_facts()


def paths_in(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    children = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, child in children:
        yield from paths_in(child, (*prefix, key))


SEED_PATHS = [p for p in paths_in(SEED_FACTS) if p]


@settings(deadline=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.sampled_from(SEED_PATHS), VALUES, st.booleans()), min_size=1, max_size=3)
)
@example([(("statements", 0, "occurrence"), 1.0, False)])
@example([(("document", "published_on"), dt.date(2020, 11, 5), False)])
def test_a_mangled_seed_is_loaded_or_refused_never_crashes(
    changes: list[tuple[tuple[Any, ...], Any, bool]],
) -> None:
    """Replace (or delete) a few items of the real seed's facts: check refuses or accepts."""
    data = mangled(changes)
    with folder_with((SEED_FOLDER / "text.txt").read_bytes(), facts_yaml(data)) as folder:
        try:
            check([folder])
        except SeedError as exc:
            assert str(exc).startswith(str(folder)), str(exc)
            assert "\n" not in str(exc)


def mangled(changes: list[tuple[tuple[Any, ...], Any, bool]]) -> dict[str, Any]:
    """The seed's facts with each (path, value, delete) change made where the path exists."""
    data = copy.deepcopy(SEED_FACTS)
    for path, value, delete in changes:
        node = data
        for step in path[:-1]:
            try:
                node = node[step]
            except (KeyError, IndexError, TypeError):
                break
        else:
            if isinstance(node, dict | list):
                try:
                    if delete:
                        del node[path[-1]]
                    else:
                        node[path[-1]] = value
                except (KeyError, IndexError, TypeError):
                    pass
    return data


def representable(value: Any) -> bool:
    """Whether JSON (and so the compiled validator) can take `value` as it is."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and representable(v) for k, v in value.items())
    if isinstance(value, list):
        return all(map(representable, value))
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return True
    if isinstance(value, int):
        return -(2**63) <= value < 2**63
    return isinstance(value, float) and math.isfinite(value)


@settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.sampled_from(SEED_PATHS), VALUES, st.booleans()), min_size=1, max_size=3)
)
@example([(("statements", 0, "occurrence"), 1.0, False)])
@example([(("statements", 0, "occurrence"), 2**70, False)])
@example([(("document", "slug"), "a\n", False)])
def test_the_compiled_validator_accepts_only_what_the_reference_accepts(
    changes: list[tuple[tuple[Any, ...], Any, bool]],
) -> None:
    """parse.py trusts jsonschema-rs's "valid" and asks jsonschema only about the rest."""
    data = mangled(changes)
    fast = _is_valid_fast(data, FACTS_SCHEMA)
    reference = reference_valid(data, FACTS_SCHEMA)
    assert fast <= reference
    if representable(data):
        assert fast == reference
