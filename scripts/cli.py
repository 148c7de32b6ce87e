"""`dossier`: one program with subcommands; each mirrors a function of the Python API."""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

import psycopg
from sqlalchemy.exc import SQLAlchemyError

from models.database import (
    DEFAULT_URL,
    URL_ENV,
    DatabaseMissing,
    resolve_url,
)
from models.migrations import upgrade
from scripts import (
    cmd_documents,
    cmd_export,
    cmd_grant_reader,
    cmd_keys,
    cmd_query,
    cmd_search,
    cmd_serve,
    cmd_suggest,
)
from scripts.common import Command, CommandError, built_engine_for, engine_for, progress_for
from seeds import DOCUMENTS_DIR, REFERENCE_DIR
from seeds.errors import SeedError, SeedErrors
from seeds.loader import check, load
from seeds.quotes import fix_quotes

# Modules that add further subcommands: each has `register(add: AddCommand) -> None`, where
# `add(name, func, help)` returns the subcommand's parser for its own arguments. The
# functions get the parsed arguments, with `args.db` already resolved to a URL.
COMMAND_MODULES = (
    cmd_documents,
    cmd_keys,
    cmd_query,
    cmd_export,
    cmd_grant_reader,
    cmd_serve,
    cmd_search,
    cmd_suggest,
)


def cmd_build(args: argparse.Namespace) -> int:
    say = progress_for(args)
    engine = engine_for(args)
    say(f"upgrading the schema of {engine.url.render_as_string(hide_password=True)} to head")
    upgrade(engine)
    report = load(engine, [DOCUMENTS_DIR], REFERENCE_DIR, progress=say)
    say(report.summary())
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    say = progress_for(args)
    report = load(built_engine_for(args), args.paths, REFERENCE_DIR, progress=say)
    say(report.summary())
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    paths = args.paths or [DOCUMENTS_DIR]
    if args.fix_quotes:
        for rewrite in fix_quotes(paths):
            print(rewrite)
    engine = built_engine_for(args) if args.db_given else None
    checked = check(paths, REFERENCE_DIR, engine)
    facts = sum(checked.values())
    progress_for(args)(f"ok: {len(checked)} document(s), {facts} fact row(s), all valid")
    return 0


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        default=argparse.SUPPRESS,
        help=f"database URL (default: ${URL_ENV}, else {DEFAULT_URL}); "
        "postgresql://user@host/db works as typed",
    )
    common.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show the detail behind an error",
    )
    common.add_argument(
        "-q", "--quiet", action="store_true", default=argparse.SUPPRESS, help="print no progress"
    )
    parser = argparse.ArgumentParser(
        prog="dossier",
        description="Dossier: what governments and international bodies said, found, "
        "sanctioned and demanded, every fact pointing at its source's exact words.",
        parents=[common],
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, func: Command, help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_, parents=[common])
        p.set_defaults(func=func)
        return p

    add("build", cmd_build, "upgrade the schema to head, then load every seed document")
    p = add("load", cmd_load, "validate and load document folders (one transaction)")
    p.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="a document folder, its facts.yaml, a folder of document folders, or a bundle "
        "(FILE.jsonl, one document a line)",
    )
    p = add(
        "check",
        cmd_check,
        "validate document folders as a load would, writing nothing: against the seed folders "
        "(loaded into memory), or with --db, against that database (a load rolled back)",
    )
    p.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help=f"as for load (default: {DOCUMENTS_DIR})",
    )
    p.add_argument(
        "--fix-quotes",
        action="store_true",
        help="first rewrite in facts files each quote that differs from its text only "
        "invisibly (spaces, quote marks, dashes, zero-width characters, Unicode form) "
        "to the text's characters; text files are never changed",
    )
    for module in COMMAND_MODULES:
        module.register(add)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    args.db_given = hasattr(args, "db") or bool(os.environ.get(URL_ENV))  # else the default
    args.db = resolve_url(getattr(args, "db", None))
    args.verbose = getattr(args, "verbose", False)
    args.quiet = getattr(args, "quiet", False)
    try:
        return int(args.func(args))
    except SeedErrors as exc:  # `check` reports every problem, in file order
        for error in exc.errors:
            print(f"error: {error}", file=sys.stderr)
        if len(exc.errors) > 1:
            print(f"{len(exc.errors)} errors", file=sys.stderr)
        if args.verbose and exc.detail:
            print(exc.detail, file=sys.stderr)
        return 1
    except SeedError as exc:
        print(f"error: {exc}", file=sys.stderr)
        if args.verbose and exc.detail:
            print(exc.detail, file=sys.stderr)
        return 1
    except CommandError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except DatabaseMissing as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (SQLAlchemyError, sqlite3.Error, psycopg.Error) as exc:
        # The driver's own words, first line only (psycopg adds a DETAIL, a HINT, a caret).
        driver = getattr(exc, "orig", None) or exc
        lines = str(driver).strip().splitlines() or [type(driver).__name__]
        reason = lines[0].strip()
        if isinstance(driver, psycopg.OperationalError) and getattr(driver, "sqlstate", None) in (
            None,
            "57P01",  # admin_shutdown: pg_terminate_backend, a server shutting down
            "57P02",  # crash_shutdown
            "57P03",  # cannot_connect_now
        ):
            reason = f"the server ended or refused the connection ({reason})"
        print(f"error: database: {reason}", file=sys.stderr)
        if args.verbose:
            traceback.print_exc()
        return 1
    except BrokenPipeError:
        # The reader stopped reading (`dossier keys | head`): not an error. Python's advice:
        # point stdout at nothing, so that flushing it at exit does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("error: interrupted; nothing was written", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: one line unless --verbose
        print(
            f"error: unexpected {type(exc).__name__}: {exc} (run with --verbose for detail)",
            file=sys.stderr,
        )
        if args.verbose:
            traceback.print_exc()
        return 1


if __name__ == "__main__":
    sys.exit(main())
