"""`dossier new` and `dossier unload`: a curator's document workflow."""

from __future__ import annotations

import argparse
from pathlib import Path

from scripts.common import AddCommand, CommandError, built_engine_for, progress_for
from seeds import DOCUMENTS_DIR
from seeds.loader import UnknownDocument, unload
from seeds.scaffold import new_document


def cmd_new(args: argparse.Namespace) -> int:
    folder = new_document(args.slug, args.text, args.dir)
    progress_for(args)(
        f"created {folder}: fill in {folder / 'facts.yaml'}, then run: dossier check {folder}"
    )
    return 0


def cmd_unload(args: argparse.Namespace) -> int:
    try:
        report = unload(built_engine_for(args), args.slug)
    except UnknownDocument as exc:
        raise CommandError(str(exc)) from exc
    progress_for(args)(report.summary())
    return 0


def register(add: AddCommand) -> None:
    p = add("new", cmd_new, "scaffold a document folder from a text file, for a curator to fill")
    p.add_argument("slug", help="the document's stable name: lower-case letters, digits, '-'")
    p.add_argument(
        "--text",
        type=Path,
        required=True,
        metavar="FILE",
        help="the document's exact text (UTF-8); copied byte for byte",
    )
    p.add_argument(
        "--dir",
        type=Path,
        default=DOCUMENTS_DIR,
        help=f"where document folders live (default: {DOCUMENTS_DIR})",
    )
    p = add(
        "unload",
        cmd_unload,
        "remove one document, its facts and what only it mentioned (one transaction)",
    )
    p.add_argument("slug", help="the slug of a loaded document")
