"""What every subcommand shares: its worded error, its progress line, its engine."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from sqlalchemy import Engine

from models.database import make_engine, require_existing_sqlite
from models.migrations import require_built

Command = Callable[[argparse.Namespace], int]
AddCommand = Callable[[str, Command, str], argparse.ArgumentParser]


class CommandError(Exception):
    """A failure already worded for the user."""


def progress_for(args: argparse.Namespace) -> Callable[[str], None]:
    def say(message: str) -> None:
        if not args.quiet:
            print(message, file=sys.stderr, flush=True)

    return say


def engine_for(args: argparse.Namespace) -> Engine:
    """The engine of the database the user chose (`--db`, $DOSSIER_DATABASE_URL, default)."""
    return make_engine(args.db)


def built_engine_for(args: argparse.Namespace) -> Engine:
    """The engine of the user's database, which must exist and be built to head: a mistyped
    SQLite path is an error, not a new empty file, and an unbuilt database says so."""
    require_existing_sqlite(args.db)
    engine = make_engine(args.db)
    require_built(engine)
    return engine
