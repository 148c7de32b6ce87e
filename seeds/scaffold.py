"""Scaffold a new document folder for a curator: the exact text and a facts file to fill in."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from seeds import DOCUMENTS_DIR
from seeds.errors import SeedError
from seeds.parse import DEFAULT_TEXT_FILE, FACTS_FILE
from seeds.yamlfile import read_text

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")

TEMPLATE = """\
# yaml-language-server: $schema={schema}
# Facts of one source document. Fill in the metadata, then add facts, each with the exact
# words of {text_file} that support it (`quote`). Check with: dossier check {folder}
# Guide: docs/adding-documents.md
document:
  slug: {slug}
  title: ""          # the document's own title
  publisher: ""      # who published it, e.g. Foreign, Commonwealth & Development Office
  document_type: ""  # press_release, statement, report, sanctions_notice, analyst_note, …
  published_on: ""   # YYYY-MM-DD
  # url: https://…
  # licence: Open Government Licence v3.0
  language: en
  text_file: {text_file}
  text_sha256: {sha256}   # of {text_file}; update it only after re-checking every quote

actors: []         # actors this document introduces or names (others: seeds/reference/)
events: []
investigations: []
regimes: []
relations: []
participants: []
statements: []
findings: []
sanctions: []
demands: []
"""


def new_document(slug: str, text_file: Path, root: Path = DOCUMENTS_DIR) -> Path:
    """Create `root/slug/` with the text (byte for byte) and a facts file to fill in."""
    if not SLUG.match(slug) or len(slug) > 200:
        raise SeedError(Path(slug), None, "a slug is lower-case letters, digits and '-'")
    text = read_text(Path(text_file))  # refuses what is not UTF-8
    folder = Path(root) / slug
    if folder.exists():
        raise SeedError(folder, None, "already exists; choose another slug or edit it")
    folder.mkdir(parents=True)
    (folder / DEFAULT_TEXT_FILE).write_bytes(text.encode("utf-8"))
    schema = Path("../../facts.schema.json")
    (folder / FACTS_FILE).write_text(
        TEMPLATE.format(
            schema=schema,
            text_file=DEFAULT_TEXT_FILE,
            folder=folder,
            slug=slug,
            sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        ),
        encoding="utf-8",
    )
    return folder
