"""`dossier query "SQL"`: ad-hoc SQL that can read and never write.

Read-only is enforced by the database, not by inspecting the SQL: SQLite is opened with the URI
filename `file:…?mode=ro` (and `PRAGMA query_only`), PostgreSQL runs the statement in a READ
ONLY transaction of a session whose default is read-only too, as a prepared statement (so a
string holding several statements, such as `COMMIT; DELETE …`, is refused whole). A write is
refused with one clear line and leaves the database unchanged.

`readonly_session` is shared with `dossier export`.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import decimal
import json
import sqlite3
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from models.database import make_engine
from scripts.common import CommandError

Rows = list[tuple[Any, ...]]
Runner = Callable[[str], tuple[list[str], Rows]]

FORMATS = ("table", "csv", "json")

# What the engines say when a read-only connection is asked to write, and what we say instead.
_SQLITE_READONLY = ("attempt to write a readonly database", "query_only")
_PG_READONLY_SQLSTATE = "25006"  # read_only_sql_transaction


class ReadOnlyError(Exception):
    """The statement tried to write (or could not run) on a read-only connection; one line."""


def sqlite_path(url: str) -> Path:
    """The file a `sqlite:///FILE` URL names; ReadOnlyError for an in-memory database."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise ReadOnlyError(f"{url} names no SQLite file; give --db sqlite:///FILE")
    return Path(database)


def _sqlite_error(exc: sqlite3.Error) -> ReadOnlyError:
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if any(marker in message for marker in _SQLITE_READONLY):
        return ReadOnlyError(f"refused: the database is opened read-only ({message})")
    return ReadOnlyError(f"database: {message}")


@contextmanager
def _sqlite_session(url: str) -> Iterator[Runner]:
    path = sqlite_path(url)
    if not path.is_file():
        raise ReadOnlyError(f"no SQLite database at {path}")
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None)
    except sqlite3.Error as exc:
        raise _sqlite_error(exc) from exc
    try:
        conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)  # no ATTACH: it could create a file
        conn.execute("PRAGMA query_only = ON")
        conn.execute("BEGIN")  # one read transaction: every statement sees the same data

        def run(sql: str) -> tuple[list[str], Rows]:
            try:
                cursor = conn.execute(sql)
                columns = [d[0] for d in cursor.description or ()]
                return columns, cursor.fetchall()
            except (sqlite3.Warning, sqlite3.ProgrammingError) as exc:
                if "one statement" in str(exc):
                    message = f"refused: give one SQL statement at a time ({exc})"
                    raise ReadOnlyError(message) from exc
                raise ReadOnlyError(f"database: {exc}") from exc
            except sqlite3.Error as exc:
                raise _sqlite_error(exc) from exc

        yield run
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        conn.close()


@contextmanager
def _postgresql_session(url: str) -> Iterator[Runner]:
    import psycopg

    engine = make_engine(
        url,
        poolclass=NullPool,
        connect_args={"options": "-c default_transaction_read_only=on"},
    )
    try:
        try:
            raw = engine.raw_connection()
        except Exception as exc:
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            raise ReadOnlyError(f"database: {reason}") from exc
        try:
            pg: psycopg.Connection[Any] = raw.driver_connection  # type: ignore[assignment]
            pg.rollback()
            pg.autocommit = False
            pg.read_only = True
            pg.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ

            def run(sql: str) -> tuple[list[str], Rows]:
                try:
                    with pg.cursor() as cursor:
                        # prepare=True: the extended protocol takes exactly one statement.
                        cursor.execute(sql, prepare=True)  # type: ignore[call-overload]
                        if cursor.description is None:
                            return [], []
                        return [c.name for c in cursor.description], list(cursor.fetchall())
                except psycopg.Error as exc:
                    pg.rollback()
                    message = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
                    if exc.sqlstate == _PG_READONLY_SQLSTATE:
                        refusal = f"refused: the query runs read-only ({message})"
                        raise ReadOnlyError(refusal) from exc
                    if "multiple commands" in message:
                        raise ReadOnlyError(
                            f"refused: give one SQL statement at a time ({message})"
                        ) from exc
                    raise ReadOnlyError(f"database: {message}") from exc

            yield run
        finally:
            try:
                raw.driver_connection.rollback()  # type: ignore[union-attr]
            finally:
                raw.close()
    finally:
        engine.dispose()


@contextmanager
def readonly_session(url: str) -> Iterator[Runner]:
    """A function running one SQL statement at a time on `url`, all in one read-only snapshot."""
    dialect = make_url(url).get_backend_name()
    if dialect == "sqlite":
        with _sqlite_session(url) as run:
            yield run
    elif dialect == "postgresql":
        with _postgresql_session(url) as run:
            yield run
    else:
        raise ReadOnlyError(f"unsupported database {dialect!r}: use sqlite:/// or postgresql://")


def jsonable(value: Any) -> Any:
    """A value as JSON has it: numbers stay numbers, dates become ISO text, bytes hex."""
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    return value


def text_cell(value: Any) -> str:
    """A value as a CSV or table cell: NULL is the empty string."""
    value = jsonable(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def write_table(columns: Sequence[str], rows: Rows, out: TextIO) -> None:
    cells = [[text_cell(v).replace("\n", "\\n") for v in row] for row in rows]
    widths = [len(c) for c in columns]
    for row in cells:
        widths = [max(w, len(v)) for w, v in zip(widths, row, strict=True)]
    out.write(" | ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip() + "\n")
    out.write("-+-".join("-" * w for w in widths) + "\n")
    for row in cells:
        out.write(" | ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() + "\n")
    out.write(f"({len(rows)} row{'' if len(rows) == 1 else 's'})\n")


def write_csv(columns: Sequence[str], rows: Rows, out: TextIO) -> None:
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([text_cell(v) for v in row])


def write_json(columns: Sequence[str], rows: Rows, out: TextIO) -> None:
    records = [{c: jsonable(v) for c, v in zip(columns, row, strict=True)} for row in rows]
    json.dump(records, out, ensure_ascii=False, indent=2)
    out.write("\n")


WRITERS: dict[str, Callable[[Sequence[str], Rows, TextIO], None]] = {
    "table": write_table,
    "csv": write_csv,
    "json": write_json,
}


def query(url: str, sql: str) -> tuple[list[str], Rows]:
    """Run one statement read-only on `url`: its column names and rows."""
    with readonly_session(url) as run:
        return run(sql)


def cmd_query(args: argparse.Namespace) -> int:
    sql = sys.stdin.read() if args.sql == "-" else args.sql
    if not sql.strip():
        raise CommandError("query: no SQL given")
    try:
        columns, rows = query(args.db, sql)
    except ReadOnlyError as exc:
        raise CommandError(f"query: {exc}") from exc
    if args.format == "csv":
        # The csv module ends rows itself; keep stdout from translating them again.
        reconfigure = getattr(sys.stdout, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(newline="")
    WRITERS[args.format](columns, rows, sys.stdout)
    return 0


def register(add: Callable[..., argparse.ArgumentParser]) -> None:
    p = add(
        "query",
        cmd_query,
        "run one SQL statement read-only (SQLite opened mode=ro; PostgreSQL in a read-only "
        "transaction) and print the result",
    )
    p.add_argument("sql", metavar="SQL", help="one SQL statement; '-' reads it from stdin")
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="output: an aligned text table (default), CSV with a header, or a JSON array",
    )
