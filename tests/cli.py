"""The `dossier` command as tests run it: in process, its output captured."""

from __future__ import annotations

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
