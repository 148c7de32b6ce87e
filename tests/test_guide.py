"""The curator's guide shows real output: every `console` block of docs/adding-documents.md is
run, in order, from the project folder, and must print what the guide shows.

The commands run on the example draft, docs/examples/first-draft/, which `--fix-quotes`
rewrites, and build a database of their own, guide-example.db: the example is put back as it
was afterwards, and the database removed. Before the block that finds the draft valid, the
fixes the guide tells the curator to make are made.
"""

from __future__ import annotations

import re
import shlex
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.cli import main
from seeds import SEEDS_DIR

PROJECT = SEEDS_DIR.parent
GUIDE = PROJECT / "docs" / "adding-documents.md"
EXAMPLE = PROJECT / "docs" / "examples" / "first-draft"
DATABASE = PROJECT / "guide-example.db"  # the guide's --db sqlite:///guide-example.db
BLOCK = re.compile(r"^```console\n(.*?)^```$", re.MULTILINE | re.DOTALL)
# What the guide says to change after --fix-quotes: its suggestions, taken.
FIXES = (
    ("  - key: japan\n", "  - key: jpn\n"),
    ("on_behalf_of: japan\n", "on_behalf_of: jpn\n"),
    ("role: observor\n", "role: observer\n"),
    ("speaker: champagne\n", "speaker: francois-philippe-champagne\n"),
)


def commands(block: str) -> Iterator[tuple[str, str]]:
    """Each `$ dossier …` line of a block, with the output shown under it."""
    parts = re.split(r"^\$ ", block, flags=re.MULTILINE)
    assert parts[0] == "", f"a console block starts with a command: {block[:60]!r}"
    for part in parts[1:]:
        command, _, shown = part.partition("\n")
        yield command, shown


@pytest.fixture
def example_restored(tmp_path: Path) -> Iterator[None]:
    saved = tmp_path / "first-draft"
    shutil.copytree(EXAMPLE, saved)
    DATABASE.unlink(missing_ok=True)
    try:
        yield
    finally:
        shutil.rmtree(EXAMPLE)
        shutil.copytree(saved, EXAMPLE)
        DATABASE.unlink(missing_ok=True)


def test_the_guide_shows_what_its_commands_print(
    example_restored: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(PROJECT)
    blocks = BLOCK.findall(GUIDE.read_text(encoding="utf-8"))
    assert len(blocks) >= 5, "the guide's worked examples are console blocks"
    fixed = False
    for block in blocks:
        if "all valid" in block and not fixed:  # the draft, once its errors are fixed
            facts = EXAMPLE / "facts.yaml"
            text = facts.read_text(encoding="utf-8")
            for old, new in FIXES:
                assert old in text, old
                text = text.replace(old, new)
            facts.write_text(text, encoding="utf-8")
            fixed = True
        for command, shown in commands(block):
            argv = shlex.split(command)
            assert argv[0] == "dossier", command
            capsys.readouterr()
            main(argv[1:])
            out, err = capsys.readouterr()
            assert out + err == shown, f"the guide's output of `{command}` is not current"


def test_the_example_draft_is_made_up_and_says_so() -> None:
    """The example is no source: its text says it reports nothing that happened."""
    assert "it reports nothing that happened" in (EXAMPLE / "text.txt").read_text("utf-8")
