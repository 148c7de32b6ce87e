"""`dossier keys`: the keys (and words) a facts file may use, with where each is declared."""

from __future__ import annotations

import argparse

from scripts.common import AddCommand, CommandError, built_engine_for
from seeds.keys import KINDS, Declared, from_database, from_seeds, matching

HEADER = ("KEY", "KIND", "LABEL", "DECLARED AT")
MAX_LABEL = 60  # characters of a label shown; a longer one ends with "…"


def table(found: list[Declared]) -> str:
    """`found` as aligned columns under a header."""
    rows = [HEADER] + [
        (
            d.key,
            f"{d.kind} ({d.detail})" if d.detail else d.kind,
            d.label if len(d.label) <= MAX_LABEL else d.label[: MAX_LABEL - 1] + "…",
            d.where,
        )
        for d in found
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return "\n".join(
        "  ".join(
            [*(cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)), row[3]]
        )
        for row in rows
    )


def cmd_keys(args: argparse.Namespace) -> int:
    if args.db_given:
        with built_engine_for(args).connect() as conn:
            declared = from_database(conn)
    else:
        declared = from_seeds()
    found = matching(declared, args.kind, args.text)
    if not found:
        kind = f"{args.kind} " if args.kind else ""
        near = f" near {args.text!r}" if args.text else ""
        raise CommandError(f"no {kind}keys{near}")
    print(table(found))
    return 0


def register(add: AddCommand) -> None:
    p = add(
        "keys",
        cmd_keys,
        "list the keys and words a facts file may use, with their labels and where each is "
        "declared (from the seed folders; from a database with --db)",
    )
    p.add_argument("--kind", choices=KINDS, help="only keys of this kind")
    p.add_argument(
        "text",
        nargs="?",
        metavar="TEXT",
        help="only keys whose key or label is near TEXT (a fuzzy match), nearest first",
    )
