"""`dossier suggest`: a first draft of a document's facts, for a curator to confirm
(docs/suggest.md)."""

from __future__ import annotations

import argparse

from scripts.common import AddCommand, CommandError, progress_for
from seeds import DOCUMENTS_DIR
from seeds.keys import shown
from seeds.loader import discover
from seeds.parse import FACTS_FILE


def cmd_suggest(args: argparse.Namespace) -> int:
    # Imported here: spaCy takes a second to import, which no other command should wait for.
    from seeds.suggest.evaluate import evaluate, table
    from seeds.suggest.files import (
        document_folder,
        read_folder,
        suggest,
        summary,
        uncovered,
        write_draft,
    )

    if args.evaluate:
        names = args.documents or discover([DOCUMENTS_DIR])
        results = evaluate([document_folder(name) for name in names])
        print("\n\n".join("\n".join(table(name, scores)) for name, scores in results))
        return 0
    if len(args.documents) != 1:
        raise CommandError("suggest: name one document (a slug or a folder), or use --evaluate")
    folder = document_folder(args.documents[0])
    draft = suggest(folder)
    left_out = ""
    if args.merge:
        _, _, facts = read_folder(folder)
        dropped = uncovered(draft, facts)
        left_out = f"; {dropped} left out, their words already in {FACTS_FILE}"
    path = write_draft(draft, folder)
    progress_for(args)(f"wrote {shown(path)}: {summary(draft)}{left_out}")
    return 0


def register(add: AddCommand) -> None:
    p = add(
        "suggest",
        cmd_suggest,
        "write a first draft of a document's facts (facts.suggested.yaml, never loaded), each "
        "suggestion with its quote and why it was made; or, with --evaluate, compare "
        "suggestions with the curated facts",
    )
    p.add_argument(
        "documents",
        nargs="*",
        metavar="SLUG",
        help="a document: its slug under seeds/documents/ or its folder (with --evaluate, "
        "any number; default: every seed document)",
    )
    p.add_argument(
        "--merge",
        action="store_true",
        help=f"write only the suggestions whose words no fact of the same kind in {FACTS_FILE} "
        "already quotes",
    )
    p.add_argument(
        "--evaluate",
        action="store_true",
        help="print, per document and over all, how many suggestions the curated facts confirm "
        "(precision) and how many curated facts were suggested (recall), per kind",
    )
