"""A quote not found in its text, explained; and `dossier check --fix-quotes`, which rewrites a
quote that differs from the text only invisibly (seeds/quotes.py)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from scripts.cli import main
from seeds.quotes import differences, explain, fix_file, invisible_match
from tests.dbcontent import line_with

TEXT = (
    "Statement by the Foreign Secretary.\n"
    "The Foreign Secretary said:  “The election was neither free nor fair.”  The UK will act "
    "with its partners.\n"
)
TYPED = 'said: "The election was neither free nor fair." The UK'  # as a keyboard gives it


def _document(root: Path, *quotes: str) -> Path:
    """A document folder (`root/docs/a-note`) of TEXT, one statement per quote, written as a
    curator types it: each quote a plain or double-quoted YAML scalar on its own line."""
    folder = root / "docs" / "a-note"
    folder.mkdir(parents=True)
    (folder / "text.txt").write_text(TEXT, encoding="utf-8")
    digest = hashlib.sha256(TEXT.encode()).hexdigest()
    items = "".join(
        f"  - key: s{n}\n"
        f"    speaker: dominic-raab\n"
        f"    type: position\n"
        f"    quote: {_typed(quote)}\n"
        for n, quote in enumerate(quotes, 1)
    )
    (folder / "facts.yaml").write_text(
        "document:\n"
        "  slug: a-note\n"
        "  title: A note\n"
        "  publisher: Dossier analysts\n"
        "  document_type: analyst_note\n"
        '  published_on: "2026-11-28"\n'
        "  language: en\n"
        f"  text_sha256: {digest}\n"
        f"statements:\n{items}",
        encoding="utf-8",
    )
    return folder


def _typed(quote: str) -> str:
    """`quote` as a curator writes it in YAML: plain, or in single quotes where plain fails."""
    try:
        if yaml.safe_load(f"q: {quote}") == {"q": quote}:
            return quote
    except yaml.YAMLError:
        pass
    return "'" + quote.replace("'", "''") + "'"


def _check(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["check", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_straight_quotes_and_a_single_space_are_explained(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _document(tmp_path, TYPED)
    facts = folder / "facts.yaml"
    code, _, err = _check(capsys, str(folder))
    assert code == 1
    assert err == (
        f"error: {facts}:{line_with(facts, 'quote:')}: quote not found in the text: "
        "'said: \"The election was neither free nor fair.\" The UK'\n"
        "  the text has it with 4 invisible differences (positions count characters from 1):\n"
        "    at character 6 of the quote (character 64 of the text): the text has two spaces "
        "where the quote has one\n"
        "    at character 7 of the quote (character 66 of the text): the text has “ (U+201C LEFT "
        'DOUBLE QUOTATION MARK) where the quote has " (U+0022 QUOTATION MARK)\n'
        "    at character 47 of the quote (character 106 of the text): the text has ” (U+201D "
        'RIGHT DOUBLE QUOTATION MARK) where the quote has " (U+0022 QUOTATION MARK)\n'
        "    at character 48 of the quote (character 107 of the text): the text has two spaces "
        "where the quote has one\n"
        "  the text's words, characters 59–114: "
        "'said:  “The election was neither free nor fair.”  The UK'\n"
        "  `dossier check --fix-quotes` rewrites the quote to the text's characters\n"
    )
    assert (TEXT[63:65], TEXT[65], TEXT[105:108]) == ("  ", "“", "”  ")
    assert TEXT[58:114] == "said:  “The election was neither free nor fair.”  The UK"


@pytest.mark.parametrize(
    ("text", "quote", "lines"),
    [
        pytest.param(
            "Caf\u0065\u0301 au lait.",
            "Caf\u00e9 au lait.",
            [
                "at character 4 of the quote (character 4 of the text): the text writes é as "
                "U+0065 U+0301 (decomposed, NFD), the quote as U+00E9 (composed, NFC)"
            ],
            id="nfd-text-nfc-quote",
        ),
        pytest.param(
            "Caf\u00e9 au lait.",
            "Caf\u0065\u0301 au lait.",
            [
                "at character 4 of the quote (character 4 of the text): the text writes é as "
                "U+00E9 (composed, NFC), the quote as U+0065 U+0301 (decomposed, NFD)"
            ],
            id="nfc-text-nfd-quote",
        ),
        pytest.param(
            "the zero\u200bwidth space",
            "the zerowidth space",
            [
                "at character 9 of the quote (character 9 of the text): the text has U+200B "
                "ZERO WIDTH SPACE, which the quote lacks"
            ],
            id="zero-width-space",
        ),
        pytest.param(
            "co\u00adoperation",
            "cooperation",
            [
                "at character 3 of the quote (character 3 of the text): the text has U+00AD "
                "SOFT HYPHEN, which the quote lacks"
            ],
            id="soft-hyphen",
        ),
        pytest.param(
            "on 5\u00a0November",
            "on 5 November",
            [
                "at character 5 of the quote (character 5 of the text): the text has U+00A0 "
                "NO-BREAK SPACE where the quote has one space"
            ],
            id="non-breaking-space",
        ),
        pytest.param(
            "pages 3\u20135",
            "pages 3-5",
            [
                "at character 8 of the quote (character 8 of the text): the text has – (U+2013 "
                "EN DASH) where the quote has - (U+002D HYPHEN-MINUS)"
            ],
            id="en-dash",
        ),
        pytest.param(
            "the UK\u2019s view",
            "the UK's view",
            [
                "at character 7 of the quote (character 7 of the text): the text has ’ (U+2019 "
                "RIGHT SINGLE QUOTATION MARK) where the quote has ' (U+0027 APOSTROPHE)"
            ],
            id="apostrophe",
        ),
        pytest.param(
            "a wrapped\nline",
            "a wrapped line",
            [
                "at character 10 of the quote (character 10 of the text): the text has a line "
                "break where the quote has one space"
            ],
            id="line-break",
        ),
    ],
)
def test_each_invisible_difference_is_named(text: str, quote: str, lines: list[str]) -> None:
    passage = invisible_match(text, quote)
    assert passage is not None and passage.words == text and passage.fixable
    assert [str(d) for d in passage.differences] == lines


def test_differences_are_placed_in_a_longer_text() -> None:
    text = "Preamble.  Then: “x”\u2009and\u200b y\u2014z."
    passage = invisible_match(text, 'Then: "x" and y-z.')
    assert passage is not None and passage.words == text[11:]
    assert [(d.quote_at, d.text_at, d.kind) for d in passage.differences] == [
        (6, 17, "curly quote"),
        (8, 19, "curly quote"),
        (9, 20, "Unicode space"),
        (13, 24, "zero-width character"),
        (15, 27, "dash"),
    ]
    assert differences("a  b", "a  b") == []


def test_a_real_wording_difference_shows_the_nearest_passage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    quote = "The UK will act with its allies."
    folder = _document(tmp_path, quote)
    facts = folder / "facts.yaml"
    code, _, err = _check(capsys, str(folder))
    assert code == 1
    assert err == (
        f"error: {facts}:{line_with(facts, 'quote:')}: quote not found in the text: "
        "'The UK will act with its allies.'\n"
        "  the nearest passage of the text, characters 109–142 (counting from 1): "
        "'The UK will act with its partners.'\n"
        "  it differs from character 26 of the quote (character 134 of the text): the quote "
        "has 'allies.', the text 'partners.\\n'\n"
    )
    assert TEXT[108:142] == "The UK will act with its partners." and TEXT[133] == "p"


def test_words_nowhere_in_the_text_are_said_to_be_so() -> None:
    assert explain(TEXT, "Nothing like it") == (
        "quote not found in the text: 'Nothing like it'\n  no passage of the text resembles it"
    )


def test_fix_quotes_rewrites_only_invisible_differences(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = "The UK will act with its allies."
    folder = _document(tmp_path, TYPED, "neither free nor fair", wrong)
    facts, text = folder / "facts.yaml", folder / "text.txt"
    text_before = text.read_bytes()
    line, wrong_line = line_with(facts, "quote: 'said"), line_with(facts, "allies")
    code, out, err = _check(capsys, "--fix-quotes", str(folder))
    assert out == (
        f"{facts}:{line}: quote rewritten to the text's characters "
        "(4 differences: double space, curly quote)\n"
    )
    assert code == 1 and err.startswith(f"error: {facts}:{wrong_line}: quote ")
    assert err.count("error: ") == 1  # only the quote with other words is left
    data = yaml.safe_load(facts.read_text(encoding="utf-8"))
    assert [s["quote"] for s in data["statements"]] == [
        "said:  “The election was neither free nor fair.”  The UK",
        "neither free nor fair",
        wrong,
    ]
    assert text.read_bytes() == text_before

    # With the wrong quote corrected by hand, check passes, and a second fix finds nothing.
    facts.write_text(facts.read_text(encoding="utf-8").replace("allies", "partners"), "utf-8")
    code, out, err = _check(capsys, "--fix-quotes", str(folder))
    assert (code, out, err) == (0, "", "ok: 1 document(s), 3 fact row(s), all valid\n")
    assert text.read_bytes() == text_before


def test_fix_quotes_escapes_invisible_characters_and_keeps_the_rest(tmp_path: Path) -> None:
    folder = _document(tmp_path, "the UK will act")
    facts = folder / "facts.yaml"
    (folder / "text.txt").write_text("The\u00a0UK will\u200b act.", encoding="utf-8")
    source = facts.read_text(encoding="utf-8").replace(
        "quote: the UK will act", "quote: >-\n      The UK will\n      act\n    # a comment"
    )
    facts.write_text(source, encoding="utf-8")
    [rewrite] = fix_file(facts)
    assert rewrite.passage.kinds() == "non-breaking space, zero-width character"
    after = facts.read_text(encoding="utf-8")
    assert after == source.replace(
        ">-\n      The UK will\n      act\n", '"The\\u00a0UK will\\u200b act"\n'
    )
    assert yaml.safe_load(after)["statements"][0]["quote"] == "The\u00a0UK will\u200b act"
