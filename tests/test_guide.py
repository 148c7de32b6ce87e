"""The curator's guide shows real output: every `console` block of docs/adding-documents.md is
run, in order, from the project folder, and must print what the guide shows.

The commands make a new document, docs/examples/made-up-release/ (`dossier new`, then
`dossier suggest`: before each, what the guide asks of the curator is done), run on the
example draft, docs/examples/first-draft/, which `--fix-quotes` rewrites, and build a database
of their own, guide-example.db: the examples are put back as they were afterwards, and the
database removed. Before the block that finds the draft valid, the fixes the guide tells the
curator to make are made.
"""

from __future__ import annotations

import re
import shlex
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from scripts.cli import main
from seeds import SEEDS_DIR

PROJECT = SEEDS_DIR.parent
GUIDE = PROJECT / "docs" / "adding-documents.md"
EXAMPLE = PROJECT / "docs" / "examples" / "first-draft"
# The guide's new document: `dossier new` makes it, `dossier suggest` drafts its facts.
NEW = PROJECT / "docs" / "examples" / "made-up-release"
# The metadata the guide fills in after `dossier new`, and its one correction to the draft.
METADATA = {
    "title": "Norway acts on detentions in Belarus",
    "publisher": "Ministry of Foreign Affairs of Norway",
    "document_type": "press_release",
    "published_on": "2021-04-20",
}
CORRECTION = (
    "Belarus to release all political prisoners.",
    "Belarus must release all political prisoners.",
)
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
    shutil.rmtree(NEW, ignore_errors=True)
    try:
        yield
    finally:
        shutil.rmtree(EXAMPLE)
        shutil.copytree(saved, EXAMPLE)
        DATABASE.unlink(missing_ok=True)
        shutil.rmtree(NEW, ignore_errors=True)


def fill_in_metadata() -> None:
    """What the guide asks after `dossier new`: the document's metadata."""
    facts = NEW / "facts.yaml"
    data = yaml.safe_load(facts.read_text(encoding="utf-8"))
    data["document"].update(METADATA)
    facts.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def move_the_draft_in() -> None:
    """What the guide asks after `dossier suggest`: every suggestion moved into facts.yaml,
    the demand's sentence reworded."""
    facts = NEW / "facts.yaml"
    data = yaml.safe_load(facts.read_text(encoding="utf-8"))
    written = (NEW / "facts.suggested.yaml").read_text(encoding="utf-8")
    shown = re.search(r"^```yaml\n(sanctions:\n.*?)^```$", GUIDE.read_text("utf-8"), re.M | re.S)
    assert shown is not None and shown[1] in written, "the guide's excerpt of the draft"
    draft = yaml.safe_load(written)
    data.update({name: items for name, items in draft.items() if name != "document"})
    [demand] = data["demands"]
    assert demand["text"] == CORRECTION[0]
    demand["text"] = CORRECTION[1]
    facts.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def test_the_guide_shows_what_its_commands_print(
    example_restored: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(PROJECT)
    blocks = BLOCK.findall(GUIDE.read_text(encoding="utf-8"))
    assert len(blocks) >= 5, "the guide's worked examples are console blocks"
    fixed = False
    for block in blocks:
        if block.startswith("$ dossier suggest docs/examples/made-up-release"):
            fill_in_metadata()
        if block.startswith("$ dossier check docs/examples/made-up-release"):
            move_the_draft_in()
        if "all valid" in block and "first-draft" in block and not fixed:  # its errors fixed
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
