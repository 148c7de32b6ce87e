"""Hostile input: broken copies of the real seed document are refused cleanly, and harmlessly.

Every case starts from a copy of the seed document's folder in tmp_path and breaks one thing.
`dossier check` and `dossier load` (the real CLI, against a database built first, on SQLite and
PostgreSQL) must each print exactly one error, `error: FILE[:LINE]: reason` (a quote not found
adds indented lines explaining it), naming the broken file (and the line where the fault has
one), exit non-zero with no traceback, and leave the database exactly as it was, compared by
content. Names in any script and SQL-looking text are not faults: they load and come back
exactly as written.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import Engine, text

from scripts.cli import main
from seeds import DOCUMENTS_DIR
from seeds.yamlfile import MAX_FILE_BYTES
from tests.dbcontent import dump

SEED_SLUG = "uk-fcdo-2020-11-05-belarus-fresh-elections"
SEED_FOLDER = DOCUMENTS_DIR / SEED_SLUG
DOSSIER = Path(sys.executable).with_name("dossier")


# --- helpers ---------------------------------------------------------------------------------


def url_of(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """`dossier ARGV` in this process: its exit code and its standard error."""
    capsys.readouterr()
    code = main(argv)
    return code, capsys.readouterr().err


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class Fault:
    """What the error must name: the file, the line (None: the fault has none), a reason."""

    file: Path
    line: int | None
    reason: str


def line_at(data: str | bytes, index: int) -> int:
    newline = "\n" if isinstance(data, str) else b"\n"
    return data.count(newline, 0, index) + 1  # type: ignore[arg-type]


def sub(path: Path, pattern: str, replacement: str, nth: int = 1) -> int:
    """Replace the `nth` match of `pattern` (a multi-line regex) in `path`; its line number."""
    data = path.read_text(encoding="utf-8")
    matches = list(re.finditer(pattern, data, re.MULTILINE))
    assert len(matches) >= nth, f"the seed changed: no match {nth} for {pattern!r} in {path}"
    match = matches[nth - 1]
    new = data[: match.start()] + match.expand(replacement) + data[match.end() :]
    path.write_text(new, encoding="utf-8")
    return line_at(data, match.start())


def line_of_match(path: Path, pattern: str, nth: int = 1) -> int:
    data = path.read_text(encoding="utf-8")
    matches = list(re.finditer(pattern, data, re.MULTILINE))
    assert len(matches) >= nth, f"no match {nth} for {pattern!r} in {path}"
    return line_at(data, matches[nth - 1].start())


def item_line(facts: Path, section: str, key: str) -> int:
    """The line of the list item `- key: KEY` of `section` in a facts file."""
    data = facts.read_text(encoding="utf-8")
    start = re.search(rf"^{section}:\s*$", data, re.MULTILINE)
    assert start, f"no section {section} in {facts}"
    item = re.compile(rf"^  - key: {re.escape(key)}\s*$", re.MULTILINE).search(data, start.end())
    assert item, f"no item {key} in {section} of {facts}"
    return line_at(data, item.start())


def first_item(facts: Path, section: str) -> tuple[str, int]:
    """The key and line of the first item of `section`."""
    data = facts.read_text(encoding="utf-8")
    start = re.search(rf"^{section}:\s*$", data, re.MULTILINE)
    assert start, f"no section {section} in {facts}"
    item = re.compile(r"^  - key: (\S+)\s*$", re.MULTILINE).search(data, start.end())
    assert item
    return item.group(1), line_at(data, item.start())


def field_in_item(facts: Path, section: str, key: str, field: str) -> int:
    """The line of `field:` inside the item `key` of `section`."""
    data = facts.read_text(encoding="utf-8").splitlines()
    first = item_line(facts, section, key)
    for number in range(first, len(data) + 1):
        line = data[number - 1]
        if number > first and (line.startswith("  - ") or not line.startswith("    ")):
            break
        if re.match(rf"^(  - |    ){field}:", line):
            return number
    raise AssertionError(f"no {field} in {section}/{key}")


def update_text_sha256(folder: Path) -> None:
    facts = folder / "facts.yaml"
    sub(facts, r"^  text_sha256: .*$", f"  text_sha256: {sha256_of(folder / 'text.txt')}")


def seed_text() -> str:
    return (SEED_FOLDER / "text.txt").read_text(encoding="utf-8")


# --- the cases: each breaks a fresh copy of the seed folder and says what the error names ----

Break = Callable[[Path], Fault]
CASES: list[Any] = []  # for `dossier load`
CHECK_CASES: list[Any] = []  # for `dossier check`


def case(
    name: str, *marks: pytest.MarkDecorator, check_xfail: str | None = None
) -> Callable[[Break], Break]:
    """Register a case; `check_xfail`: why `dossier check` alone does not refuse it yet."""

    def register(func: Break) -> Break:
        CASES.append(pytest.param(func, id=name, marks=marks))
        check_marks = [pytest.mark.xfail(strict=True, reason=check_xfail)] if check_xfail else []
        CHECK_CASES.append(pytest.param(func, id=name, marks=[*marks, *check_marks]))
        return func

    return register


def _facts(folder: Path) -> Path:
    return folder / "facts.yaml"


@case("yaml-unclosed-flow-sequence")
def _(folder: Path) -> Fault:
    line = sub(_facts(folder), r"^(    targets: \[.*)\]\s*$", r"\1")
    return Fault(_facts(folder), line + 1, f"while parsing a flow sequence, line {line}")


@case("yaml-tab-in-indentation")
def _(folder: Path) -> Fault:
    line = sub(_facts(folder), r"^  publisher: ", "\tpublisher: ")
    return Fault(_facts(folder), line, "malformed YAML: found a tab character")


@case("yaml-bad-indentation")
def _(folder: Path) -> Fault:
    line = sub(_facts(folder), r"^(    kind: person)$", "\\1\n   stray: indent") + 1
    return Fault(_facts(folder), line, "malformed YAML: did not find expected '-' indicator")


@case("yaml-duplicate-key")
def _(folder: Path) -> Fault:
    line = sub(_facts(folder), r"^(  title: .*)$", "\\1\n  title: Another title") + 1
    return Fault(_facts(folder), line, "duplicate key 'title'")


@case("yaml-alias-bomb")
def _(folder: Path) -> Fault:
    items = ['&a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    items += [f"&a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    sources = f"  sources: [{', '.join(items)}]\n  title: *a8"
    line = sub(_facts(folder), r"^  title: .*$", sources.replace("\\", "\\\\"))
    return Fault(_facts(folder), line, "malformed YAML: aliases are not allowed")


@case("yaml-nested-thousands-deep")
def _(folder: Path) -> Fault:
    facts = _facts(folder)
    with facts.open("a", encoding="utf-8") as out:
        out.write("\nextra: " + "[" * 5000 + "]" * 5000 + "\n")
    reason = "malformed YAML: exceeded maximum nesting depth"
    return Fault(facts, line_of_match(facts, r"^extra: "), reason)


@case("yaml-nested-forty-deep")
def _(folder: Path) -> Fault:
    facts = _facts(folder)
    with facts.open("a", encoding="utf-8") as out:
        out.write("\nextra: " + "[" * 40 + "]" * 40 + "\n")
    return Fault(facts, line_of_match(facts, r"^extra: "), "nested more than 32 levels deep")


@case("yaml-integer-too-long")
def _(folder: Path) -> Fault:
    facts = _facts(folder)
    with facts.open("a", encoding="utf-8") as out:
        out.write("\nextra: " + "7" * 5000 + "\n")  # Python reads at most 4,300 digits
    return Fault(facts, line_of_match(facts, r"^extra: "), "an integer of more than 4300 digits")


@case("yaml-key-not-text")
def _(folder: Path) -> Fault:
    line = sub(_facts(folder), r"^(    kind: person)$", "\\1\n    42: answer") + 1
    return Fault(_facts(folder), line, "key 42 is not text")


@case("yaml-control-character")
def _(folder: Path) -> Fault:
    line = sub(_facts(folder), r"^  title: (.*)$", "  title: \\1\x01")
    return Fault(_facts(folder), line, "U+0001 is not allowed in YAML")


@case("yaml-nul-escape-in-string")
def _(folder: Path) -> Fault:
    line = sub(_facts(folder), r"^  title: .*$", '  title: "UK calls\\\\0 for"')
    return Fault(_facts(folder), line, "U+0000, a character that cannot be stored")


@case("yaml-lone-surrogate-escape")
def _(folder: Path) -> Fault:
    line = sub(_facts(folder), r"^  title: .*$", '  title: "UK calls \\\\ud800 for"')
    reason = "malformed YAML: found invalid Unicode character escape code"
    return Fault(_facts(folder), line, reason)


@case("facts-invalid-utf8")
def _(folder: Path) -> Fault:
    facts = _facts(folder)
    data = facts.read_bytes()
    at = data.index(b"  publisher: ") + len(b"  publisher: ")
    facts.write_bytes(data[:at] + b"\xff\xfe" + data[at:])
    return Fault(facts, line_at(data, at), "invalid UTF-8")


@case("facts-nul-byte")
def _(folder: Path) -> Fault:
    facts = _facts(folder)
    data = facts.read_bytes()
    at = data.index(b"  licence: ")
    facts.write_bytes(data[:at] + b"  \x00\n" + data[at:])
    return Fault(facts, line_at(data, at), "NUL character")


@case("facts-empty")
def _(folder: Path) -> Fault:
    _facts(folder).write_bytes(b"")
    return Fault(_facts(folder), None, "file is empty")


@case("facts-only-comments")
def _(folder: Path) -> Fault:
    _facts(folder).write_text("# nothing here\n# at all\n", encoding="utf-8")
    return Fault(_facts(folder), 1, "must be a mapping")


@case("facts-over-size-limit")
def _(folder: Path) -> Fault:
    with _facts(folder).open("r+b") as out:
        out.truncate(MAX_FILE_BYTES + 1)  # sparse: cheap to make, refused before reading
    return Fault(_facts(folder), None, f"the limit is {MAX_FILE_BYTES}")


@case("facts-top-level-list")
def _(folder: Path) -> Fault:
    _facts(folder).write_text("- document\n- facts\n", encoding="utf-8")
    return Fault(_facts(folder), 1, "must be a mapping")


@case("text-invalid-utf8")
def _(folder: Path) -> Fault:
    path = folder / "text.txt"
    data = path.read_bytes()
    at = data.index(b"\n", data.index(b"\n") + 1) + 5  # inside the third line
    path.write_bytes(data[:at] + b"\xc3\x28" + data[at:])
    return Fault(path, 3, "invalid UTF-8")


@case("text-nul-character")
def _(folder: Path) -> Fault:
    path = folder / "text.txt"
    data = path.read_bytes()
    at = data.index(b"\n") + 3  # on the second line
    path.write_bytes(data[:at] + b"\x00" + data[at:])
    update_text_sha256(folder)
    return Fault(path, 2, "NUL character")


@case("text-over-size-limit")
def _(folder: Path) -> Fault:
    path = folder / "text.txt"
    with path.open("r+b") as out:
        out.truncate(MAX_FILE_BYTES + 1)
    return Fault(path, None, f"the limit is {MAX_FILE_BYTES}")


@case("text-empty")
def _(folder: Path) -> Fault:
    (folder / "text.txt").write_bytes(b"")
    line = line_of_match(_facts(folder), r"^  text_sha256: ")
    return Fault(_facts(folder), line, "text_sha256 does not match")


@case("text-changed-under-its-facts")
def _(folder: Path) -> Fault:
    path = folder / "text.txt"
    path.write_text(seed_text().replace("falsified", "flawed", 1), encoding="utf-8")
    line = line_of_match(_facts(folder), r"^  text_sha256: ")
    return Fault(_facts(folder), line, "the text changed under its facts")


@case("text-missing")
def _(folder: Path) -> Fault:
    (folder / "text.txt").unlink()
    line = line_of_match(_facts(folder), r"^  text_file: text.txt$")
    return Fault(_facts(folder), line, "text file text.txt missing")


@case("text-file-outside-the-folder")
def _(folder: Path) -> Fault:
    line = sub(_facts(folder), r"^  text_file: .*$", "  text_file: ../text.txt")
    return Fault(_facts(folder), line, "document/text_file")


@case("text-is-a-directory")
def _(folder: Path) -> Fault:
    path = folder / "text.txt"
    path.unlink()
    path.mkdir()
    return Fault(path, None, "not a regular file")


@case("text-symlink-out-of-the-folder")
def _(folder: Path) -> Fault:
    outside = folder.parent.parent / "outside" / "text.txt"
    outside.parent.mkdir(exist_ok=True)
    path = folder / "text.txt"
    shutil.copyfile(path, outside)  # the very same words: only the link is at fault
    path.unlink()
    path.symlink_to(outside)
    return Fault(path, None, "symbolic link")


@case("facts-symlink-out-of-the-folder")
def _(folder: Path) -> Fault:
    outside = folder.parent.parent / "outside" / "facts.yaml"
    outside.parent.mkdir(exist_ok=True)
    path = _facts(folder)
    shutil.copyfile(path, outside)
    path.unlink()
    path.symlink_to(outside)
    return Fault(path, None, "symbolic link")


@case("section-of-wrong-type")
def _(folder: Path) -> Fault:
    line = sub(_facts(folder), r"^    targets: \[(\S+?),.*$", "    targets: \\1")
    return Fault(_facts(folder), line, "is not of type 'array'")


@case("field-of-wrong-type")
def _(folder: Path) -> Fault:
    line = sub(_facts(folder), r"^  title: .*$", "  title: 42")
    return Fault(_facts(folder), line, "42 is not of type 'string'")


@case("occurrence-as-text")
def _(folder: Path) -> Fault:
    line = sub(_facts(folder), r"^    occurrence: (\d+)$", '    occurrence: "\\1"')
    return Fault(_facts(folder), line, "is not of type 'integer'")


@case("required-quote-missing")
def _(folder: Path) -> Fault:
    facts = _facts(folder)
    key, line = first_item(facts, "findings")
    sub(facts, r"^    quote: .*\n", "", nth=_quote_index(facts, "findings", key))
    return Fault(facts, line, "'quote' is a required property")


def _quote_index(facts: Path, section: str, key: str) -> int:
    """Which `    quote:` line of the file belongs to item `key` of `section` (from 1)."""
    line = field_in_item(facts, section, key, "quote")
    data = facts.read_text(encoding="utf-8").splitlines()
    return sum(1 for text_ in data[:line] if text_.startswith("    quote: "))


@case("unknown-field")
def _(folder: Path) -> Fault:
    facts = _facts(folder)
    key, _line = first_item(facts, "statements")
    at = field_in_item(facts, "statements", key, "speaker")
    lines = facts.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(at, "    colour: red\n")
    facts.write_text("".join(lines), encoding="utf-8")
    return Fault(facts, at + 1, "unknown field(s): 'colour'")


@case("unknown-section")
def _(folder: Path) -> Fault:
    facts = _facts(folder)
    with facts.open("a", encoding="utf-8") as out:
        out.write("\nrumours:\n  - key: not-a-section\n")
    return Fault(facts, line_of_match(facts, r"^rumours:"), "unknown field(s): 'rumours'")


@case("key-not-a-key")
def _(folder: Path) -> Fault:
    facts = _facts(folder)
    key, line = first_item(facts, "statements")
    sub(facts, rf"^  - key: {re.escape(key)}$", "  - key: Not A Key")
    return Fault(facts, line, "is not valid: a key: lower-case letters")


@case("slug-with-a-final-newline")
def _(folder: Path) -> Fault:
    line = sub(_facts(folder), r"^  slug: (\S+)$", '  slug: "\\1\\\\n"')
    return Fault(_facts(folder), line, "document/slug")


@case("licence-longer-than-its-column")
def _(folder: Path) -> Fault:
    line = sub(_facts(folder), r"^  licence: .*$", "  licence: " + "Open " * 40)
    return Fault(_facts(folder), line, "is too long")


@case("category-longer-than-its-column")
def _(folder: Path) -> Fault:
    facts = _facts(folder)
    key, _line = first_item(facts, "findings")
    line = field_in_item(facts, "findings", key, "category")
    sub(facts, r"^    category: .*$", "    category: " + "x" * 51, nth=_nth(facts, line))
    return Fault(facts, line, "is too long")


def _nth(facts: Path, line: int) -> int:
    """Which occurrence, among lines that start alike, the line `line` is."""
    data = facts.read_text(encoding="utf-8").splitlines()
    field = data[line - 1].split(":")[0] + ":"
    return sum(1 for text_ in data[:line] if text_.startswith(field))


@case("sanction-key-and-target-too-long")
def _(folder: Path) -> Fault:
    facts = _facts(folder)
    key, line = first_item(facts, "sanctions")
    sub(facts, rf"^  - key: {re.escape(key)}$", "  - key: " + "k" * 110)
    return Fault(facts, line, "longer than 120 characters")


def _unknown_reference(section: str, field: str, label: str) -> Break:
    def breaks(folder: Path) -> Fault:
        facts = _facts(folder)
        key, _ = first_item(facts, section)
        at = field_in_item(facts, section, key, field)
        sub(facts, rf"^    {field}: .*$", f"    {field}: no-such-{label}", nth=_nth(facts, at))
        return Fault(facts, at, f"unknown {label} 'no-such-{label}'")  # the field's line

    return breaks


for _section, _field, _label in [
    ("statements", "speaker", "actor"),
    ("participants", "event", "event"),
    ("findings", "investigation", "investigation"),
    ("sanctions", "regime", "regime"),
    ("demands", "statement", "statement"),
]:
    case(f"unknown-{_label}-reference")(_unknown_reference(_section, _field, _label))


@case("actor-redeclared-with-another-kind")
def _(folder: Path) -> Fault:
    facts = _facts(folder)
    line = sub(facts, r"^actors:\s*$", "actors:\n  - key: dominic-raab\n    kind: organization")
    return Fault(facts, line + 1, "dominic-raab")


@case("quote-absent")
def _(folder: Path) -> Fault:
    facts = _facts(folder)
    key, _line = first_item(facts, "findings")
    line = field_in_item(facts, "findings", key, "quote")
    sub(facts, r"^    quote: .*$", "    quote: words this text never says", nth=_nth(facts, line))
    return Fault(facts, line, "quote not found in the text")


@case("quote-ambiguous")
def _(folder: Path) -> Fault:
    facts = _facts(folder)
    key, _line = first_item(facts, "findings")
    line = field_in_item(facts, "findings", key, "quote")
    count = seed_text().count("Belarus")
    assert count > 1
    sub(facts, r"^    quote: .*$", "    quote: Belarus", nth=_nth(facts, line))
    return Fault(facts, line, f"quote occurs {count} times; say which with 'occurrence'")


@case("occurrence-out-of-range")
def _(folder: Path) -> Fault:
    facts = _facts(folder)
    at = line_of_match(facts, r"^    occurrence: \d+$")
    sub(facts, r"^    occurrence: \d+$", "    occurrence: 99")
    lines = facts.read_text(encoding="utf-8").splitlines()
    item = next(n for n in range(at, 0, -1) if lines[n - 1].startswith("  - "))
    quote = next(n for n in range(item, len(lines) + 1) if lines[n - 1].startswith("    quote:"))
    return Fault(facts, quote, "occurrence 99 asked for")


@case("occurrence-without-a-quote")
def _(folder: Path) -> Fault:
    facts = _facts(folder)
    line = sub(
        facts,
        r"^events:\s*$",
        "events:\n  - key: undated-quoteless-event\n    type: election\n    name: An event"
        "\n    occurrence: 2",
    )
    return Fault(facts, line + 1, "'occurrence' given without a 'quote'")


@case("duplicate-fact-key")
def _(folder: Path) -> Fault:
    facts = _facts(folder)
    first, _line = first_item(facts, "statements")
    key, second = _second_item(facts, "statements")
    sub(facts, rf"^  - key: {re.escape(key)}$", f"  - key: {first}")
    return Fault(facts, second, f"duplicate key {first!r}")


def _second_item(facts: Path, section: str) -> tuple[str, int]:
    data = facts.read_text(encoding="utf-8")
    start = re.search(rf"^{section}:\s*$", data, re.MULTILINE)
    assert start
    items = list(re.compile(r"^  - key: (\S+)\s*$", re.MULTILINE).finditer(data, start.end()))
    return items[1].group(1), line_at(data, items[1].start())


@case("duplicate-slug-in-two-folders")
def _(folder: Path) -> Fault:
    twin = folder.parent / "zz-a-copy-under-another-name"
    shutil.copytree(folder, twin)
    return Fault(twin / "facts.yaml", None, f"duplicate slug {SEED_SLUG!r}")


@case("date-that-does-not-exist")
def _(folder: Path) -> Fault:
    facts = _facts(folder)
    key, line = first_item(facts, "events")
    at = field_in_item(facts, "events", key, "date")
    sub(facts, r"^    date: .*$", '    date: "2020-02-30"', nth=_nth(facts, at))
    return Fault(facts, line, "'2020-02-30' does not exist")


@case("unquoted-date-that-does-not-exist")
def _(folder: Path) -> Fault:
    facts = _facts(folder)
    key, line = first_item(facts, "events")
    at = field_in_item(facts, "events", key, "date")
    sub(facts, r"^    date: .*$", "    date: 2021-02-29", nth=_nth(facts, at))
    return Fault(facts, line, "'2021-02-29' does not exist")


@case("precision-contradicts-date")
def _(folder: Path) -> Fault:
    facts = _facts(folder)
    key, line = first_item(facts, "events")
    at = field_in_item(facts, "events", key, "date")
    sub(facts, r"^    date: .*$", '    date: "2020-08"\n    precision: day', nth=_nth(facts, at))
    return Fault(facts, line, "precision 'day' contradicts the date '2020-08'")


@case("precision-without-date")
def _(folder: Path) -> Fault:
    facts = _facts(folder)
    key, line = first_item(facts, "events")
    at = field_in_item(facts, "events", key, "date")
    sub(facts, r"^    date: .*$", "    precision: month", nth=_nth(facts, at))
    return Fault(facts, line, "'precision' given without a 'date'")


@case("date-in-other-digits")
def _(folder: Path) -> Fault:
    facts = _facts(folder)
    key, _line = first_item(facts, "events")
    at = field_in_item(facts, "events", key, "date")
    sub(facts, r"^    date: .*$", '    date: "٢٠٢٠-٠٨-٠٩"', nth=_nth(facts, at))
    return Fault(facts, at, "is not valid")


@case("published-on-that-does-not-exist")
def _(folder: Path) -> Fault:
    line = sub(_facts(folder), r"^  published_on: .*$", '  published_on: "2020-11-31"')
    return Fault(_facts(folder), line, "published_on")


@case("actor-with-neither-name-nor-description")
def _(folder: Path) -> Fault:
    facts = _facts(folder)
    line = sub(facts, r"^actors:\s*$", "actors:\n  - key: a-nameless-one\n    kind: person")
    return Fault(facts, line + 1, "neither a name nor a description")


@case("wikidata-id-of-another-actor")
def _(folder: Path) -> Fault:
    facts = _facts(folder)
    line = sub(
        facts,
        r"^actors:\s*$",
        "actors:\n  - key: a-second-belarus\n    kind: organization\n"
        "    name: A second Belarus\n    wikidata: Q184",
    )
    return Fault(facts, line + 1, "Q184")


# --- running the cases -------------------------------------------------------------------------


@pytest.fixture
def documents(tmp_path: Path) -> Path:
    """A folder of document folders holding a fresh copy of the seed document."""
    folder = tmp_path / "documents"
    shutil.copytree(SEED_FOLDER, folder / SEED_SLUG)
    return folder


def assert_refused(code: int, err: str, fault: Fault) -> None:
    lines = err.splitlines()
    assert code != 0, err
    assert "Traceback" not in err
    # One error: its line, then only (for a quote not found) indented lines explaining it.
    assert lines and all(line.startswith("  ") for line in lines[1:]), f"one error, not:\n{err}"
    where = f"{fault.file}:{fault.line}: " if fault.line else f"{fault.file}: "
    assert lines[0].startswith(f"error: {where}"), f"want 'error: {where}…', got {lines[0]!r}"
    assert fault.reason in lines[0], f"want {fault.reason!r} in {lines[0]!r}"
    assert not lines[0].startswith("error: unexpected"), lines[0]


def test_the_cases_are_many_and_the_pristine_copy_is_valid(
    documents: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert len(CASES) >= 30
    code, err = run_cli(["check", "-q", str(documents)], capsys)
    assert (code, err) == (0, "")


@pytest.mark.parametrize("break_", CHECK_CASES)
def test_check_refuses(break_: Break, documents: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fault = break_(documents / SEED_SLUG)
    code, err = run_cli(["check", "-q", str(documents)], capsys)
    assert_refused(code, err, fault)


@pytest.mark.parametrize("break_", CASES)
def test_load_refuses_and_leaves_the_database_unchanged(
    break_: Break, documents: Path, built_engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    before = dump(built_engine)
    assert before["documents"], "the database was built first"
    fault = break_(documents / SEED_SLUG)
    code, err = run_cli(["load", "-q", "--db", url_of(built_engine), str(documents)], capsys)
    assert_refused(code, err, fault)
    assert dump(built_engine) == before


@pytest.mark.parametrize(
    "name", ["yaml-alias-bomb", "text-symlink-out-of-the-folder", "unknown-actor-reference"]
)
def test_the_real_program_refuses_in_one_line(
    name: str, documents: Path, built_engine: Engine
) -> None:
    """The installed `dossier` program, as a curator runs it: same one line, no traceback."""
    (break_,) = [p.values[0] for p in CASES if p.id == name]
    fault = break_(documents / SEED_SLUG)
    before = dump(built_engine)
    for argv in (["check"], ["load", "--db", url_of(built_engine)]):
        done = subprocess.run(
            [str(DOSSIER), *argv, "-q", str(documents)],
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        assert done.stdout == ""
        assert_refused(done.returncode, done.stderr, fault)
    assert dump(built_engine) == before


# --- what must be accepted -------------------------------------------------------------------

UNICODE_NAMES = {
    "unicode-cyrillic": "Аляксандр Лукашэнка",  # Belarusian
    "unicode-cyrillic-ru": "Александр Лукашенко",  # Russian
    "unicode-latin-transliteration": "Aliaksandr Lukashenka",
    "unicode-combining-marks": unicodedata.normalize("NFD", "Sviatlana Cichanoŭskaja"),
    "unicode-precomposed": unicodedata.normalize("NFC", "Sviatlana Cichanoŭskaja"),
    "unicode-mixed-scripts": "Łukaszenka Ляксандр Ŭ ў 🇧🇾",
}


def new_document(folder: Path, slug: str, body: str, facts: dict[str, Any]) -> Path:
    """Write a document folder: `body` as its text, `facts` (its `document` completed)."""
    folder.mkdir(parents=True)
    (folder / "text.txt").write_bytes(body.encode("utf-8"))
    document = {
        "slug": slug,
        "title": "A test document",
        "publisher": "Dossier tests",
        "document_type": "analyst_note",
        "published_on": "2021-01-15",
        "text_sha256": hashlib.sha256(body.encode("utf-8")).hexdigest(),
        **facts.pop("document", {}),
    }
    data = {"document": document, **facts}
    (folder / "facts.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return folder


def unicode_document(folder: Path) -> tuple[Path, str]:
    body = (
        "Минск, 15 студзеня.\n"
        + "".join(f"{name} сказаў: «Свабоду!»\n" for name in UNICODE_NAMES.values())
        + "Ο λόγος: «Δημοκρατία».\n"
    )
    actors = [
        {"key": key, "kind": "person", "name": name, "aliases": [name.upper()]}
        for key, name in UNICODE_NAMES.items()
    ]
    statements = [
        {
            "key": f"{key}-said",
            "speaker": key,
            "type": "quote",
            "quote": f"{name} сказаў: «Свабоду!»",
        }
        for key, name in UNICODE_NAMES.items()
    ]
    statements.append(
        {"key": "greek", "speaker": "blr", "type": "position", "quote": "«Δημοκρατία»"}
    )
    facts = {"actors": actors, "statements": statements}
    return new_document(folder, "unicode-names-test", body, facts), body


def test_unicode_names_are_accepted_and_round_trip_exactly(
    tmp_path: Path, built_engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, body = unicode_document(tmp_path / "unicode")
    assert run_cli(["check", "-q", str(folder)], capsys) == (0, "")
    url = url_of(built_engine)
    assert run_cli(["load", "-q", "--db", url, str(folder)], capsys) == (0, "")
    with built_engine.connect() as conn:
        names = dict(
            conn.execute(text("SELECT key, name FROM actors WHERE key LIKE 'unicode-%'")).all()
        )
        stored_body = conn.execute(
            text("SELECT body_text FROM documents WHERE slug = 'unicode-names-test'")
        ).scalar_one()
        spans = conn.execute(
            text(
                "SELECT s.key, s.char_start, s.char_end, s.quote FROM statements s "
                "JOIN documents d ON d.id = s.document_id WHERE d.slug = 'unicode-names-test'"
            )
        ).all()
        evidence = conn.execute(
            text("SELECT quote_matches FROM v_evidence WHERE document_slug = 'unicode-names-test'")
        ).scalars()
        assert set(evidence) == {1}
    assert names == UNICODE_NAMES  # code point for code point: nothing normalized
    assert names["unicode-combining-marks"] != names["unicode-precomposed"]
    assert stored_body == body
    assert len(spans) == len(UNICODE_NAMES) + 1
    for key, start, end, quote in spans:
        assert body[start:end] == quote, key
        assert body.index(quote) == start, key  # code points, not bytes nor UTF-16 units
    before = dump(built_engine)
    assert run_cli(["load", "-q", "--db", url, str(folder)], capsys) == (0, "")
    assert dump(built_engine) == before, "a second load of the same text changes nothing"


SQL_LOOKING = {
    "title": "Robert'); DROP TABLE documents; --",
    "publisher": "x' OR '1'='1",
    "actor": '"; DELETE FROM actors; --',
    "quote": "'; UPDATE statements SET text = 'pwned'; --",
    "text": "1); DROP TABLE states CASCADE; SELECT ('",
}


def test_sql_looking_strings_are_stored_literally_and_harm_nothing(
    tmp_path: Path, built_engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    body = f"A curator pasted this: {SQL_LOOKING['quote']}\nAnd this: %s %(x)s ?; \\x00 --\n"
    facts = {
        "document": {"title": SQL_LOOKING["title"], "publisher": SQL_LOOKING["publisher"]},
        "actors": [{"key": "sql-person", "kind": "person", "name": SQL_LOOKING["actor"]}],
        "statements": [
            {
                "key": "pasted",
                "speaker": "sql-person",
                "type": "quote",
                "text": SQL_LOOKING["text"],
                "quote": SQL_LOOKING["quote"],
            },
            {"key": "placeholders", "speaker": "gbr", "type": "position", "quote": "%s %(x)s ?;"},
        ],
    }
    folder = new_document(tmp_path / "sql", "sql-looking-strings", body, facts)
    before = dump(built_engine)
    assert run_cli(["check", "-q", str(folder)], capsys) == (0, "")
    assert run_cli(["load", "-q", "--db", url_of(built_engine), str(folder)], capsys) == (0, "")
    after = dump(built_engine)
    assert set(after) == set(before), "every table is still there"
    for table, rows in before.items():
        if table != "alembic_version":
            assert set(rows) <= set(after[table]), f"rows of {table} lost or changed"
    assert after["alembic_version"] == before["alembic_version"]
    with built_engine.connect() as conn:
        doc = conn.execute(
            text("SELECT title, publisher, body_text FROM documents WHERE slug = :s"),
            {"s": "sql-looking-strings"},
        ).one()
        actor = conn.execute(text("SELECT name FROM actors WHERE key = 'sql-person'")).scalar()
        said = dict(
            conn.execute(
                text(
                    "SELECT s.key, s.text FROM statements s JOIN documents d "
                    "ON d.id = s.document_id WHERE d.slug = 'sql-looking-strings'"
                )
            ).all()
        )
    assert tuple(doc) == (SQL_LOOKING["title"], SQL_LOOKING["publisher"], body)
    assert actor == SQL_LOOKING["actor"]
    assert said == {"pasted": SQL_LOOKING["text"], "placeholders": "%s %(x)s ?;"}
