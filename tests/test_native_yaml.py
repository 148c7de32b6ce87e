"""The C reader (seeds/_marked_yaml.c) reads what the PyYAML path reads, lines included.

Every YAML text here is read twice: by the extension (`_marked_yaml.build`) and by the path the
reader takes without it (`_load` with NATIVE off: libyaml nodes, then `_build` or PyYAML's
constructors). The extension either gives exactly the same value (same types, same `.line` and
`.lines` everywhere, same key order) or raises `_Unusual`, and then `_load` gives what the
PyYAML path gives: the same value or the same error.
"""

from __future__ import annotations

import contextlib
import gc
import math
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from seeds import SEEDS_DIR, yamlfile
from seeds.errors import SeedError
from seeds.yamlfile import MAX_YAML_DEPTH, Node, _Unusual, parse_yaml
from tests.conftest import IN_CI
from tests.test_properties import STORABLE, UNUSUAL_YAML, VALUES, YAML_ISH
from tools.generate_corpus import generate

native = pytest.mark.skipif(not yamlfile.NATIVE, reason="seeds._marked_yaml is not built")


def test_the_extension_is_built_and_in_use() -> None:
    if not yamlfile.NATIVE:
        message = "seeds._marked_yaml did not import (no C compiler or libyaml-dev at install?)"
        if IN_CI:
            pytest.fail(f"the C YAML reader is required under CI: {message}")
        pytest.skip(message)
    import seeds._marked_yaml  # noqa: F401  (the module the reader found, importable by name)

    with mock.patch.object(yamlfile._marked_yaml, "build", side_effect=_Unusual) as build:
        assert yamlfile._load("a: 1") == {"a": 1}
    build.assert_called_once_with("a: 1")


# --- comparing -----------------------------------------------------------------------------


def assert_same(native: Any, reference: Any, where: str = "root") -> None:
    """`native` is `reference`: the same types, values, key order, `.line` and `.lines`."""
    assert type(native) is type(reference), where
    if isinstance(reference, Node):
        assert (native.line, type(native.line)) == (reference.line, int), where
        assert list(native.lines.items()) == list(reference.lines.items()), where
        assert all(type(n) is int for n in native.lines.values()), where
        if isinstance(reference, dict):
            assert list(native) == list(reference), where
            items = [(k, native[k], reference[k]) for k in reference]
        else:
            assert len(native) == len(reference), where
            items = list(zip(range(len(reference)), native, reference, strict=True))
        for key, n, r in items:
            assert_same(n, r, f"{where}[{key!r}]")
    elif isinstance(reference, float):
        assert math.copysign(1, native) == math.copysign(1, reference), where
        assert native == reference or (math.isnan(native) and math.isnan(reference)), where
    else:
        assert native == reference, where


def pyyaml_path(text: str) -> tuple[str, Any]:
    """What the reader reads without the extension: ("value", v) or ("error", type, message)."""
    with mock.patch.object(yamlfile, "NATIVE", False):
        try:
            return ("value", yamlfile._load(text))
        except Exception as exc:
            return ("error", type(exc), str(exc))


def read_natively(text: str) -> bool:
    """Compare the extension with the PyYAML path on `text`; True if the extension read it."""
    reference = pyyaml_path(text)
    try:
        value = yamlfile._marked_yaml.build(text)
    except _Unusual:
        # _load falls back, and reads what the PyYAML path reads, errors included.
        try:
            loaded: tuple[str, Any] = ("value", yamlfile._load(text))
        except Exception as exc:
            loaded = ("error", type(exc), str(exc))
        if reference[0] == "value":
            assert loaded[0] == "value", text
            assert_same(loaded[1], reference[1])
        else:
            assert loaded == reference, text
        return False
    assert reference[0] == "value", (text, reference)
    assert_same(value, reference[1])
    assert_same(yamlfile._load(text), reference[1])
    return True


# --- the seed files and a generated corpus ---------------------------------------------------


def seed_yaml_files() -> list[Path]:
    return sorted(SEEDS_DIR.rglob("*.yaml"))


def test_there_are_seed_files_to_compare() -> None:
    names = {p.name for p in seed_yaml_files()}
    assert {"facts.yaml", "states.yaml", "actors.yaml"} <= names


@native
@pytest.mark.parametrize("path", seed_yaml_files(), ids=lambda p: p.parent.name + "/" + p.name)
def test_every_seed_file_reads_natively_as_pyyaml_reads_it(path: Path) -> None:
    assert read_natively(yamlfile.read_text(path)), "an ordinary seed file must not be unusual"


@native
def test_generated_documents_read_natively_as_pyyaml_reads_them(tmp_path: Path) -> None:
    generate(4, tmp_path, seed=7)
    files = sorted(tmp_path.glob("*/facts.yaml"))
    assert len(files) == 4
    for path in files:
        assert read_natively(path.read_text(encoding="utf-8")), path


# --- unusual and edge texts ------------------------------------------------------------------

# What seed files are made of: the extension must read each of these itself.
ORDINARY_YAML = [
    "a:",
    "a: ''\nb: \"\"\nc: ~\nd: null\ne: Null\nf: NULL",
    "- yes\n- No\n- on\n- OFF\n- y\n- true\n- False",
    "- 0\n- -0\n- +12\n- 1.5\n- -.5\n- 1.\n- .inf\n- -.INF\n- .NaN\n- 1e3\n- 6.8523015e+5",
    "- 12345678901234567890123456789\n- -0\n- 1.5e+3\n- 1:20.5",
    "- 2020-01-01\n- 2001-12-14t21:59:43.10-05:00\n- '2020'\n- \"7\"",
    "'single': 'it''s'\n\"double\": \"tab\\tquote\\\" \\u00e9 \\x41 \\U0001F600\"",
    "lit: |\n  one\n   two\n\n  three\nfold: >-\n  a\n  b\n\n  c\nkeep: |+\n  x\n\n",
    "# head\n\n  # indented\na: 1 # trailing\n# between\nb:   # empty value\nc: [1, 2] # flow\n",
    "a: {b: [c, {d: e}], f: }\ng: [ ]\nh: { }\n",
    "[a, b: c, {d: e}, [f]]",
    "- - - a\n    - b\n  - c\n-\n- - d",
    "a:\n- 1\n- 2\nb:\n  - 3\n",
    "? a\n: 1\n? b\n",
    "plain text at the root",
    "'quoted root'",
    "|\n  literal root\n",
    "---\na: 1\n...\n",
    "--- [1, 2]",
    "---\n",
    "\ufeffa: 1\nb: 2",
    "a: 1\r\nb:\r\n  - 2\r\n",
    "a: 1\rb: 2",
    "ключ: значение\n名前: 値\n'😀': \"\\U0001F600\"\n",
    "e\u0301: 1\n\u00e9: 2",  # canonically equivalent, yet different keys
    "[" * (MAX_YAML_DEPTH - 1) + "x" + "]" * (MAX_YAML_DEPTH - 1),
    "{a: " * (MAX_YAML_DEPTH - 1) + "x" + "}" * (MAX_YAML_DEPTH - 1),
    "[" * (MAX_YAML_DEPTH - 1) + "{}" + "]" * (MAX_YAML_DEPTH - 1),
]
# Texts the extension may leave to PyYAML (and mostly must: tags, anchors, errors...).
OTHER_YAML = [
    "",
    "# only a comment\n",
    "a: b\u2028c: d\u0085e: f",
    "é: 1\né: 2",
    "- 1_0\n- 0b11\n- 0o17\n- 190:20:30",
    "a: 1\n\ufeffb: 2",
    "\ufeff\ufeffa: 1",
    "- a\n\ufeff- b",
    "a: !!str 1\nb: !str x\nc: ! 1",
    "!!map {a: 1}",
    "a: &x 1\nb: *x",
    "*x",
    "a: b\n---\nc: d",
    "%YAML 1.1\n---\na: 1",
    "%TAG !e! tag:example.com,2000:\n---\na: !e!x 1",
    "a: 'unterminated",
    "a: b\n c: d",
    "a: [1, 2",
    "\tb: 1",
    "a: \x07",
    'a: "\\0"',
    'a: "x\\u0000y"',
    '"a\\0": 1',
    "a: 1\na: 2",
    "a: 1\n'a': 2",
    '"a": 1\na: 2',
    "1: a",
    "null: a",
    "~: a",
    "true: a",
    "1.5: a",
    ": a",
    "[a]: b",
    "{a: b}: c",
    "<<: {a: 1}",
    "a: <<",
    "a: =",
    "=: a",
    "a: 0x1F",
    "a: 010",
    "a: 1_000",
    "a: 1:20",
    "a: 2020-02-30",
    "a: " + "1" * 5000,
    "a: 1.5\nb: 1.5e1000",
    "[" * MAX_YAML_DEPTH + "]" * MAX_YAML_DEPTH,
    "[" * MAX_YAML_DEPTH + "x" + "]" * MAX_YAML_DEPTH,
    "{a: " * MAX_YAML_DEPTH + "x" + "}" * MAX_YAML_DEPTH,
    "[" * (MAX_YAML_DEPTH - 1) + "{a: 1}" + "]" * (MAX_YAML_DEPTH - 1),
    "[" * 200 + "]" * 200,
    *UNUSUAL_YAML,
]


@native
@pytest.mark.parametrize("text", ORDINARY_YAML)
def test_ordinary_texts_are_read_natively_as_pyyaml_reads_them(text: str) -> None:
    assert read_natively(text)


@native
@pytest.mark.parametrize("text", OTHER_YAML)
def test_other_texts_are_read_natively_as_pyyaml_reads_them_or_fall_back(text: str) -> None:
    read_natively(text)


@native
def test_tags_anchors_errors_and_odd_keys_are_left_to_pyyaml() -> None:
    for text in ["a: !!str 1", "a: &x 1", "a: [", "1: a", "a: 1\na: 2", 'a: "\\0"', "a: 0x1F"]:
        with pytest.raises(_Unusual):
            yamlfile._marked_yaml.build(text)


@native
@pytest.mark.parametrize(
    "text", ["a: 1\na: 2", "a: b\n---\nc: d", "a: [", 'a: "\\0"', "[" * 40 + "]" * 40, "a: *x"]
)
def test_errors_are_worded_as_without_the_extension(text: str) -> None:
    errors = []
    for enabled in (True, False):
        with mock.patch.object(yamlfile, "NATIVE", enabled), pytest.raises(SeedError) as caught:
            parse_yaml(text, Path("facts.yaml"))
        errors.append(str(caught.value))
    assert errors[0] == errors[1]
    assert "malformed YAML" in errors[0]


@native
def test_a_failing_plain_function_is_unusual_not_an_error() -> None:
    """Any exception the Python half raises for a plain scalar makes the text unusual."""
    yamlfile._plain.cache_clear()
    with mock.patch.object(yamlfile, "_resolve_plain", side_effect=ValueError("boom")):
        with pytest.raises(_Unusual):
            yamlfile._marked_yaml.build("a: yes")
        assert yamlfile._marked_yaml.build("a: plain") == {"a": "plain"}  # no call: no resolver


@native
def test_the_configuration_cannot_change_while_a_text_is_read() -> None:
    native_module = yamlfile._marked_yaml
    arguments = (yamlfile.MarkedDict, yamlfile.MarkedList, yamlfile._plain, _Unusual)
    resolvers = yamlfile._Loader.yaml_implicit_resolvers

    def reconfiguring(value: str) -> Any:
        # Deeper than the read under way has room for: configure() must refuse.
        native_module.configure(*arguments, MAX_YAML_DEPTH, resolvers)
        return value

    native_module.configure(*arguments[:2], reconfiguring, _Unusual, 2, resolvers)
    try:
        with pytest.raises(_Unusual):  # configure() raised RuntimeError in plain: unusual
            native_module.build("name: [[[[x]]]]")  # `name` may be resolved: plain is called
    finally:
        native_module.configure(*arguments, MAX_YAML_DEPTH, resolvers)
    assert native_module.build("name: [[[[x]]]]") == {"name": [[[["x"]]]]}


@native
def test_a_lone_surrogate_in_the_text_is_unusual() -> None:
    with pytest.raises(_Unusual):
        yamlfile._marked_yaml.build("a: \ud800")


# --- generated YAML texts ----------------------------------------------------------------

WORDS = st.sampled_from(["a", "b", "key", "name", "é", "日本", "x y", "-x", "a-b", "k.1"])
# Plain scalars an implicit resolver reads, and that `_build` reads too (no _Unusual).
USUAL_RESOLVABLE = st.sampled_from(
    ["", "~", "null", "Yes", "no", "on", "true", "0", "-7", "+3", "12", "1.5", "-.5", "1.0e+3",
     ".inf", "-.Inf", ".nan", "2020-01-01", "nil", "n", "ye", "0.", "12345678901234567890"]
)  # fmt: skip
RESOLVABLE = USUAL_RESOLVABLE | st.sampled_from(["010", "0x1F", "1_000", "1:20", "=", "<<", "1e3"])
PLAIN_TEXT = st.text(st.sampled_from([*"abcxyzé日 -._/()", "😀"]), min_size=1, max_size=12)
TAGS = st.sampled_from(["!!str ", "!!int ", "!!null ", "!!bool ", "!!float ", "! ", "!x "])


def quoted(value: str, style: str) -> str:
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


@st.composite
def scalars(draw: st.DrawFn, ordinary: bool, for_key: bool = False) -> str:
    """One scalar as it is written after `key: ` or `- ` (or as a key). Not `ordinary`: any
    style, maybe tagged or anchored, maybe an alias."""
    if ordinary:
        style = draw(st.sampled_from(["plain", "'", '"']))
        if style == "plain":
            return draw(WORDS if for_key else WORDS | USUAL_RESOLVABLE)
        if style == "'":
            return quoted(draw(PLAIN_TEXT | WORDS), style)
        value = draw(st.text(STORABLE, max_size=8))  # escaped where YAML wants it escaped
        return yaml.safe_dump(value, default_style='"', allow_unicode=True, width=10**6).strip()
    value = draw(st.one_of(WORDS, RESOLVABLE, PLAIN_TEXT, st.text(STORABLE, max_size=8)))
    kind = draw(st.sampled_from(["plain", "plain", "plain", "'", '"', "escape", "odd"]))
    if kind == "plain":
        written = value
    elif kind in "'\"":
        written = quoted(value, kind)
    elif kind == "escape":
        written = '"' + draw(st.sampled_from(["\\0", "\\x41", "\\u00e9", "\\t", "\\e", "\\N"]))
        written += draw(WORDS) + '"'
    else:
        written = draw(TAGS | st.sampled_from(["&a ", "&b ", "*a", "*b", "? "])) + value
    if not for_key and draw(st.integers(0, 9)) == 0:
        written += " # note"
    return written


@st.composite
def nodes(draw: st.DrawFn, ordinary: bool, depth: int = 0) -> tuple[str, list[str]]:
    """A node as (what follows `key:` / `-` on its line, the lines below it, unindented).

    `ordinary`: only what seed files hold (no tags, anchors, duplicate keys...), so that the
    extension must read it itself."""
    kinds = ["scalar", "scalar", "literal", "flow", "empty"]
    if depth < 4:
        kinds += ["mapping", "mapping", "sequence", "sequence"]
    kind = draw(st.sampled_from(kinds))
    if kind == "scalar":
        return draw(scalars(ordinary)), []
    if kind == "empty":
        return "", []
    if kind == "literal":
        head = draw(st.sampled_from(["|", ">", "|-", ">+", *([] if ordinary else ["|2"])]))
        line = PLAIN_TEXT.map(str.strip) if ordinary else PLAIN_TEXT
        return head, draw(st.lists(line | st.just(""), min_size=1, max_size=3))
    if kind == "flow":
        if ordinary:
            items = draw(st.lists(scalars(ordinary=True).filter(bool), max_size=3))
            if draw(st.booleans()):
                return "[" + ", ".join(items) + "]", []
            keys = draw(st.lists(WORDS, min_size=len(items), max_size=len(items), unique=True))
            return "{" + ", ".join(f"{k}: {v}" for k, v in zip(keys, items, strict=True)) + "}", []
        value = draw(VALUES)
        return yaml.dump(value, default_flow_style=True, allow_unicode=True).strip(), []
    prefix = "" if ordinary else draw(st.sampled_from(["", "", "", "&a ", "!!map ", "! "]))
    count = draw(st.integers(0 if prefix else 1, 4))
    keys = draw(st.lists(WORDS, min_size=count, max_size=count, unique=ordinary))
    lines = []
    for key in keys:
        head, body = draw(nodes(ordinary, depth + 1))
        if draw(st.integers(0, 7)) == 0:
            lines.append(draw(st.sampled_from(["# a comment", "", "  # indented comment"])))
        if kind == "mapping":
            if not ordinary and draw(st.booleans()):
                key = draw(scalars(ordinary, for_key=True))
            lines.append(f"{key}:{' ' + head if head else ''}")
        else:
            lines.append(f"-{' ' + head if head else ''}")
        lines += ["  " + line if line else line for line in body]
    return prefix.strip(), lines


@st.composite
def documents(draw: st.DrawFn, ordinary: bool = False) -> str:
    head, body = draw(nodes(ordinary))
    if head and body:
        return "--- " + head + "\n" + "\n".join("  " + line for line in body) + "\n"
    return (head + "\n" if head else "") + "\n".join(body) + "\n"


@st.composite
def deep_texts(draw: st.DrawFn) -> str:
    """Nesting around the depth limit, in flow or block style."""
    levels = draw(st.integers(MAX_YAML_DEPTH - 2, MAX_YAML_DEPTH + 1))
    leaf = draw(st.sampled_from(["x", "[]", "{}", "[1]", "{a: b}", ""]))
    if draw(st.booleans()):
        return "[" * levels + leaf + "]" * levels
    lines = [" " * (2 * i) + "k:" for i in range(levels)]
    return "\n".join(lines) + " " + leaf + "\n"


TEXTS = st.one_of(
    documents(),
    documents(ordinary=True),
    deep_texts(),
    YAML_ISH,
    st.builds(
        lambda value, flow, unicode: yaml.dump(
            value, default_flow_style=flow, allow_unicode=unicode
        ),
        VALUES,
        st.booleans(),
        st.booleans(),
    ),
)


@native
@settings(deadline=None, max_examples=600, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
@example("a: 1\nb:\n  - x\n  - {c: d}\n")
@example("key: |\n  text\n# comment\nother: 'q'\n")
def test_any_yaml_text_reads_natively_as_pyyaml_reads_it_or_falls_back(text: str) -> None:
    read_natively(text)


@native
@settings(deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(documents(ordinary=True).filter(str.strip))
def test_ordinary_generated_texts_are_read_by_the_extension(text: str) -> None:
    """What seed files are made of is never left to PyYAML."""
    assert read_natively(text), text


# --- the quick reader --------------------------------------------------------------------------


def read_quickly_as_libyaml_does(text: str) -> bool:
    """The quick reader either declines `text` or reads what libyaml's events build: the same
    value, types, key order and lines. True if it read the text."""
    quick = yamlfile._marked_yaml.read_quickly(text)
    if quick is None:
        return False
    assert_same(quick, yamlfile._marked_yaml.build(text, False))
    return True


# Block texts at the edges of what the quick reader takes: it reads some, declines others.
QUICK_EDGES = [
    "a:\n- 1\n- 2\nb: 3\n",
    "a:\n  - x: 1\n    y:\n  - z\nb:\n",
    '- a:\n- b\n-   c: d\n    e: [f g , "h"]\n',
    "- a:\n- b\n-   c: d\n    e: [f g , 'h']\n",
    'k: "a # b: c" # note\nl: it\'s, [so] {so}\nm: -1\nn: .5\no: ~\n',
    'p: "x"y\n',
    "a: yes\nb: 2020-01-01\nc: [1, 2.5, null, No]\nd: b\n\n\n  # e\nf: g",
    "a: b\n  c\n",
    "a: 'single'\nb: \"esc\\\\\"\n",
    "a: x # note\nb: [x, ]\nc: [-1]\nd: [a: b]\n",
    "a: 1\n - b\n",
    "- a\n  - b\n",
    "  a: 1\n",
    "a:\n    b: 1\n  c: 2\n",
    "a: b:\nc: d: e\n",
    "on: 1\n",
    "a: 1\na: 2\n",
    "# only\n\n",
    "a:\tb\n",
    "a: b\u2028\n",
    "a: \u00a0b\u00a0\n",
    'a: ["", "x"]\nb: ""\n',
    "a: -\nb: - c\n",
    "a:    \n\n\nb:\n\n  c: 1\n",
    "-\n- a\n",
    "- - a\n",
    "a: [b, [c]]\n",
]


@native
@pytest.mark.parametrize("text", QUICK_EDGES)
def test_the_quick_reader_reads_edge_texts_as_libyaml_does_or_declines(text: str) -> None:
    read_quickly_as_libyaml_does(text)
    read_natively(text)


@native
def test_the_quick_reader_reads_seed_files_and_generated_documents(tmp_path: Path) -> None:
    generate(4, tmp_path, seed=11)
    paths = [*seed_yaml_files(), *sorted(tmp_path.glob("*/facts.yaml"))]
    for path in paths:
        assert read_quickly_as_libyaml_does(yamlfile.read_text(path)), path


@native
def test_the_quick_reader_declines_what_it_does_not_know() -> None:
    for text in ["a: |\n  x\n", "a: 'q'\n", 'a: "\\n"\n', "a: {b: c}\n", "a: b\r\n", "---\na: 1\n"]:
        assert yamlfile._marked_yaml.read_quickly(text) is None, text
    assert yamlfile._marked_yaml.read_quickly("a: [b c, 'd']\n") is None


@native
@settings(deadline=None, max_examples=600, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
@example("a:\n- b\nc: d\n")
def test_any_yaml_text_is_read_quickly_as_libyaml_reads_it_or_declined(text: str) -> None:
    read_quickly_as_libyaml_does(text)


KEYS = st.from_regex(r"[a-z_][a-z0-9_-]{0,6}", fullmatch=True)
QUICK_QUOTED = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters='"\\'), max_size=10
).map(lambda value: f'"{value}"')
QUICK_PLAIN = (WORDS | USUAL_RESOLVABLE | PLAIN_TEXT).filter(
    lambda value: value.strip() == value and value[:1].isascii() and value[:1].isalnum()
)
QUICK_SCALARS = st.one_of(
    QUICK_QUOTED,
    QUICK_PLAIN,
    st.lists(QUICK_QUOTED | QUICK_PLAIN, max_size=3).map(lambda items: f"[{', '.join(items)}]"),
)


@st.composite
def quick_nodes(draw: st.DrawFn, depth: int = 0) -> tuple[str, list[str]]:
    """A node in the block style the quick reader reads, as `nodes` gives one; a mapping in a
    sequence is written compactly (`- key: value`)."""
    kind = draw(st.sampled_from(["scalar", "empty", *(["mapping", "sequence"] * (depth < 4))]))
    if kind == "scalar":
        return draw(QUICK_SCALARS), []
    if kind == "empty":
        return "", []
    lines: list[str] = []
    for key in draw(st.lists(KEYS, min_size=1, max_size=4, unique=True)):
        head, body = draw(quick_nodes(depth + 1))
        if draw(st.integers(0, 7)) == 0:
            lines.append(draw(st.sampled_from(["# a comment", "", "  # indented comment"])))
        if kind == "mapping":
            lines.append(f"{key}:{' ' + head if head else ''}")
            indent = "" if body[:1] and body[0].startswith("-") and draw(st.booleans()) else "  "
            lines += [indent + line if line else line for line in body]
        elif head or not body:
            lines.append(f"- {head or key}")
            lines += ["  " + line if line else line for line in body]
        else:  # comments before the body's first entry or item go before this item
            first = next(i for i, line in enumerate(body) if line.strip()[:1] not in ("", "#"))
            if body[first].startswith("-"):  # a sequence: the value of a mapping item
                lines += [*body[:first], f"- {key}:"]
                lines += ["    " + line if line else line for line in body[first:]]
            else:
                lines += [*body[:first], f"- {body[first]}"]
                lines += ["  " + line if line else line for line in body[first + 1 :]]
    return "", lines


@st.composite
def quick_documents(draw: st.DrawFn) -> str:
    _, lines = draw(quick_nodes().filter(lambda node: bool(node[1])))
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n# end\n"]))


@native
@settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(quick_documents())
def test_block_texts_are_read_quickly_as_libyaml_reads_them(text: str) -> None:
    try:
        yamlfile._marked_yaml.build(text, False)
    except _Unusual:  # a duplicate key, a key or value the Python half finds unusual...
        assert yamlfile._marked_yaml.read_quickly(text) is None, text
    else:
        assert read_quickly_as_libyaml_does(text), text


@native
@settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(quick_documents(), st.data())
def test_block_texts_changed_a_little_are_read_quickly_as_libyaml_reads_them(
    text: str, data: st.DataObject
) -> None:
    """Seed-like texts with a character put in, taken out or an indent shifted: the quick
    reader must never read what libyaml reads differently (or refuses)."""
    lines = text.split("\n")
    at = data.draw(st.integers(0, len(lines) - 1))
    change = data.draw(st.sampled_from(["insert", "delete", "indent", "dedent"]))
    line = lines[at]
    if change == "insert":
        column = data.draw(st.integers(0, len(line)))
        extra = data.draw(st.sampled_from([*" :-#[]{},'\"!&*|>?%@`~", "\t", "\u00a0", "é"]))
        lines[at] = line[:column] + extra + line[column:]
    elif change == "delete" and line:
        column = data.draw(st.integers(0, len(line) - 1))
        lines[at] = line[:column] + line[column + 1 :]
    elif change == "indent":
        lines[at] = " " * data.draw(st.integers(1, 3)) + line
    else:
        lines[at] = line[data.draw(st.integers(0, len(line) - len(line.lstrip()))) :]
    changed = "\n".join(lines)
    try:
        yamlfile._marked_yaml.build(changed, False)
    except _Unusual:
        assert yamlfile._marked_yaml.read_quickly(changed) is None, changed
    else:
        read_quickly_as_libyaml_does(changed)


# --- memory --------------------------------------------------------------------------------


def leak_texts() -> Iterator[str]:
    """Texts that end on every path: read whole, or unusual at some depth."""
    seed = yamlfile.read_text(seed_yaml_files()[0])
    yield seed
    yield seed + "\n" + seed.splitlines()[0]  # a duplicate key at the very end
    yield seed + "\nextra: [a, {b: !!str c}]"  # a tag deep in the last item
    yield seed + "\nextra: [a, {b: 0x1F}]"  # the Python half says unusual
    yield seed + "\nextra: [a, {b: "  # a libyaml error after thousands of events
    yield seed + "\n---\nb: 1"  # a second document
    yield "[" * 40 + "]" * 40  # too deep
    yield 'a: [b, {c: "\\0"}]'  # a NUL
    yield seed + "\nextra: |\n  block"  # the quick reader declines at the very end
    yield seed + "\nextra: [a, b c, 'd']"  # ... in a flow sequence, part built


@native
def test_reading_leaves_no_python_objects_behind() -> None:
    texts = list(leak_texts())

    def read_all(times: int) -> None:
        for _ in range(times):
            for text in texts:
                with contextlib.suppress(_Unusual):
                    yamlfile._marked_yaml.build(text)

    read_all(3)  # warm caches: interned strings, the plain function's regexes
    gc.collect()
    tracemalloc.start()
    try:
        read_all(2)
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        read_all(40)
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    # A leak of one small object per read would be 40 * 8 * 28 bytes at least.
    assert grown < 4096, grown
