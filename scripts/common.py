"""What every subcommand shares: its worded error, its progress line, its engine."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from sqlalchemy import Engine

from models.database import make_engine, require_existing_sqlite
from models.migrations import require_built

Command = Callable[[argparse.Namespace], int]
AddCommand = Callable[[str, Command, str], argparse.ArgumentParser]


class CommandError(Exception):
    """A failure already worded for the user."""


PROGRESS_LINES = 20  # about this many lines for a long load whose output is not a terminal


def progress_for(args: argparse.Namespace) -> Callable[..., None]:
    """What a command says as it goes, on stderr: `say(message)` prints a line;
    `say(message, done, total)` counts a step of `total`: a bar on a terminal (rich), else a
    line `[done/total] message` about every twentieth step and at the last."""
    bar: Progress | None = None
    task: TaskID | None = None

    def say(message: str, done: int = 0, total: int = 0) -> None:
        nonlocal bar, task
        if args.quiet:
            return
        if not total:
            if bar is not None:
                bar.stop()
                bar = None
            print(message, file=sys.stderr, flush=True)
        elif sys.stderr.isatty():
            if bar is None:
                bar = Progress(
                    TextColumn("{task.description}"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TimeRemainingColumn(),
                    console=Console(stderr=True),
                    transient=True,
                )
                bar.start()
                task = bar.add_task(message, total=total)
            assert task is not None
            bar.update(task, completed=done, description=message)
            if done == total:
                bar.stop()
                bar = None
                print(f"[{done}/{total}] {message}", file=sys.stderr, flush=True)
        elif done % max(1, total // PROGRESS_LINES) == 0 or done == total:
            print(f"[{done}/{total}] {message}", file=sys.stderr, flush=True)

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
