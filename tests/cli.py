"""The `dossier` command as tests run it: in process, its output captured."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
import yaml

from scripts.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """`dossier ARGV…`: its exit code, stdout and stderr."""
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def new_document(
    capsys: pytest.CaptureFixture[str],
    folder: Path,
    slug: str,
    text: str,
    document: dict[str, str],
    **sections: list[dict[str, Any]],
) -> Path:
    """A document made with `dossier new SLUG` in `folder`, its metadata filled in as a
    curator would (`document`), with `sections`: its facts file."""
    source = folder / f"{slug}.txt"
    source.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "new", slug, "--text", str(source), "--dir", str(folder))
    assert code == 0, err
    facts_file = folder / slug / "facts.yaml"
    facts = yaml.safe_load(facts_file.read_text(encoding="utf-8"))
    facts["document"].update(document)
    facts.update(sections)
    facts_file.write_text(yaml.safe_dump(facts, allow_unicode=True, sort_keys=False), "utf-8")
    return facts_file


def document_folder(
    root: Path, slug: str, text: str, document: dict[str, str], **sections: list[dict[str, Any]]
) -> Path:
    """A document folder under `root`, written directly (no `dossier new`): `text` and a facts
    file with `document`'s metadata (its slug, text file and digest filled in) and
    `sections`."""
    folder = root / slug
    folder.mkdir(parents=True)
    (folder / "text.txt").write_text(text, encoding="utf-8")
    metadata = {
        "slug": slug,
        **document,
        "text_file": "text.txt",
        "text_sha256": hashlib.sha256(text.encode()).hexdigest(),
    }
    facts = {"document": metadata, **sections}
    (folder / "facts.yaml").write_text(yaml.safe_dump(facts, sort_keys=False), "utf-8")
    return folder
