"""Scaffold a new document folder for a curator: the exact text and a facts file to fill in."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path

from seeds import DOCUMENTS_DIR, SEEDS_DIR
from seeds.errors import SeedError
from seeds.parse import DEFAULT_TEXT_FILE, FACTS_FILE, FACTS_SCHEMA
from seeds.yamlfile import read_text

# The key pattern of a document's slug in seeds/facts.schema.json, matched whole (a bare `$`
# would let a final newline through).
SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
SLUG_MAX = 200
PROJECT_DIR = SEEDS_DIR.parent

TEMPLATE = """\
# yaml-language-server: $schema={schema}
# Facts of one source document. Fill in the metadata, then add facts, each with the exact
# words of {text_file} that support it (`quote`).
# Check with{where}: dossier check {check}
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


def schema_reference(folder: Path) -> str:
    """The facts schema as a path relative to `folder` (the new document's), for the editor's
    `$schema=` line: it stays right when the project is cloned or moved elsewhere."""
    try:
        return Path(os.path.relpath(FACTS_SCHEMA, Path(folder).resolve())).as_posix()
    except ValueError:  # Windows: another drive has no relative path; the usual place's
        return "../../facts.schema.json"


def check_command(folder: Path, cwd: Path | None = None) -> tuple[str, str]:
    """Where to run `dossier check` on `folder` from, and the path to give it, with no absolute
    path (the file is committed, and the project lives elsewhere on every machine): relative
    to the current folder when the folder is inside it (the curator is there); else relative
    to the project folder, where the guide runs its commands (seeds/documents/SLUG); else its
    name alone, from the folder holding it."""
    folder = Path(folder).resolve()
    cwd = (cwd or Path.cwd()).resolve()
    if folder.is_relative_to(cwd):
        return "", folder.relative_to(cwd).as_posix()
    if folder.is_relative_to(PROJECT_DIR):
        return ", from the project folder", folder.relative_to(PROJECT_DIR).as_posix()
    return ", from the folder that holds it", folder.name


def new_document(slug: str, text_file: Path, root: Path = DOCUMENTS_DIR) -> Path:
    """Create `root/slug/` with the text (byte for byte) and a facts file to fill in.

    All or nothing: the folder is written in a hidden staging folder inside `root` (which
    `check` and `load` never read: they look one level down) and renamed into place whole.
    """
    root = Path(root)
    if not SLUG.fullmatch(slug) or len(slug) > SLUG_MAX:
        raise SeedError(
            root,
            None,
            f"slug {slug!r}: a slug is lower-case letters, digits and '-', starting with a "
            f"letter or digit, at most {SLUG_MAX} characters",
        )
    text = read_text(Path(text_file))  # refuses what is not UTF-8
    folder = root / slug
    if folder.exists() or folder.is_symlink():
        raise SeedError(folder, None, "already exists; choose another slug or edit it")
    root.mkdir(parents=True, exist_ok=True)
    where, check = check_command(folder)
    staging = Path(tempfile.mkdtemp(prefix=".dossier-new-", dir=root))
    try:
        staged = staging / slug
        staged.mkdir()  # the umask's mode, as a folder made in place would have
        (staged / DEFAULT_TEXT_FILE).write_bytes(text.encode("utf-8"))
        (staged / FACTS_FILE).write_text(
            TEMPLATE.format(
                schema=schema_reference(folder),
                text_file=DEFAULT_TEXT_FILE,
                where=where,
                check=check,
                slug=slug,
                sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            ),
            encoding="utf-8",
        )
        try:
            # rename(2) would replace an empty folder made meanwhile; refuse that too.
            if folder.exists() or folder.is_symlink():
                raise FileExistsError(errno.EEXIST, "exists", str(folder))
            os.rename(staged, folder)
        except OSError as exc:
            if exc.errno in (errno.EEXIST, errno.ENOTEMPTY):
                raise SeedError(folder, None, "already exists; choose another slug") from exc
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder
