"""`dossier search "WORDS"`: the facts whose words match, best first (models/search.py)."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from models.search import COLUMNS, DEFAULT_LIMIT, KINDS, SearchError, search
from scripts.cmd_query import add_format_option, print_rows
from scripts.common import CommandError, built_engine_for

MAX_LIMIT = 10_000


def cmd_search(args: argparse.Namespace) -> int:
    engine = built_engine_for(args)
    try:
        with engine.connect() as conn:
            hits = search(conn, args.words, args.kind, args.limit)
    except SearchError as exc:
        raise CommandError(f"search: {exc}") from exc
    finally:
        engine.dispose()
    print_rows(args.format, COLUMNS, [hit.row() for hit in hits])
    return 0


def _limit(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number from 1 to {MAX_LIMIT}")
    return int(value)


def register(add: Callable[..., argparse.ArgumentParser]) -> None:
    p = add(
        "search",
        cmd_search,
        "find the facts whose quote or text hold WORDS, best first, with their document, "
        "actors and the words around the match",
    )
    p.add_argument(
        "words",
        metavar="WORDS",
        help='words that must all appear; "a phrase" in double quotes; journalist* for any '
        "word that starts so. Words are stemmed (torture finds tortured)",
    )
    p.add_argument(
        "--kind",
        action="append",
        choices=KINDS,
        help="only facts of this kind (repeat for several); 'document' searches the "
        "documents' titles and texts (default: every kind of fact)",
    )
    add_format_option(p)
    p.add_argument(
        "--limit",
        type=_limit,
        default=DEFAULT_LIMIT,
        metavar="N",
        help=f"at most N results (default {DEFAULT_LIMIT})",
    )
