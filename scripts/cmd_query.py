"""`dossier query "SQL"`: ad-hoc SQL that can read and never write, nor reach past the database.

Read-only is enforced by the database, and on PostgreSQL by a parser too:

- SQLite is opened with the URI filename `file:…?mode=ro` (and `PRAGMA query_only`), with
  ATTACH disabled (it could create a file).
- PostgreSQL runs the statement in a READ ONLY transaction of a session whose default is
  read-only too, as a prepared statement (so a string holding several statements, such as
  `COMMIT; DELETE …`, is refused whole). A read-only transaction does not stop a superuser's
  COPY … TO PROGRAM, COPY … TO a file or pg_read_file(), so inside it the statement runs as
  a role that can only read: `SET LOCAL ROLE pg_read_all_data` (PostgreSQL 14+), which a
  superuser and that role's members may take. A login that can take neither keeps its own
  role, and is refused if that role is a superuser or a member of pg_execute_server_program,
  pg_read_server_files or pg_write_server_files. Since the session's own user could set its
  role back from within a statement (`set_config('role', …)`), the statement is also parsed
  with pglast (PostgreSQL's own parser) and refused unless it is one SELECT, WITH, VALUES,
  TABLE, EXPLAIN or SHOW that writes nothing and calls no function that changes settings,
  runs SQL given as text, works on large objects or reads the server's files.
- Both have a time limit (`--timeout`, default DEFAULT_TIMEOUT seconds): PostgreSQL's
  statement_timeout; on SQLite a progress handler, which also stops the query on Ctrl-C.

A refusal is one clear line and leaves the database unchanged. docs/reporting.md ("What
Dossier refuses") lists them. `readonly_session` is shared with `dossier export` and `serve`.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import decimal
import json
import signal
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from models.database import (
    SQLITE_BUSY_TIMEOUT_MS,
    DatabaseMissing,
    make_engine,
    require_existing_sqlite,
)
from scripts.common import CommandError

Rows = list[tuple[Any, ...]]
Runner = Callable[[str], tuple[list[str], Rows]]

FORMATS = ("table", "csv", "json")
DEFAULT_TIMEOUT = 30.0  # seconds; `dossier query --timeout` changes it, 0 means none

# What the engines say when a read-only connection is asked to write, and what we say instead.
_SQLITE_READONLY = ("attempt to write a readonly database", "query_only")
_SQLITE_READONLY_ROLLBACK = 776  # SQLITE_READONLY_ROLLBACK: a hot journal needs rolling back
_PG_READONLY_SQLSTATE = "25006"  # read_only_sql_transaction
_PG_PRIVILEGE_SQLSTATE = "42501"  # insufficient_privilege
_PG_CANCELED_SQLSTATE = "57014"  # query_canceled (statement_timeout, or a cancel request)

# The predefined role a query runs as on PostgreSQL: SELECT on everything, nothing else.
PG_READ_ROLE = "pg_read_all_data"
# Predefined roles that reach the server's programs and files: a query never runs with them.
PG_OUTSIDE_ROLES = ("pg_execute_server_program", "pg_read_server_files", "pg_write_server_files")


class ReadOnlyError(Exception):
    """The statement tried to write (or could not run) on a read-only connection; one line."""


def _one_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0].strip() if lines else type(exc).__name__


# --- SQLite --------------------------------------------------------------------------------------


def sqlite_path(url: str) -> Path:
    """The file a `sqlite:///FILE` URL names; ReadOnlyError for an in-memory database."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise ReadOnlyError(f"{url} names no SQLite file; give --db sqlite:///FILE")
    return Path(database)


def _sqlite_error(exc: sqlite3.Error) -> ReadOnlyError:
    message = _one_line(exc)
    if any(marker in message for marker in _SQLITE_READONLY):
        return ReadOnlyError(f"refused: the database is opened read-only ({message})")
    return ReadOnlyError(f"database: {message}")


def _roll_back_hot_journal(path: Path) -> None:
    """Open `path` read-write once, as SQLite does after a writer stopped mid-transaction: the
    first read rolls its hot journal back, leaving the data as it was before that write."""
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=rw", uri=True)
        try:
            conn.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise ReadOnlyError(
            f"{path} was left mid-write by a process that stopped, and rolling its journal "
            f"back needs write access to the file and its folder ({_one_line(exc)}); run this "
            "once as a user who may write there"
        ) from exc


def _open_sqlite_readonly(path: Path) -> sqlite3.Connection:
    uri = path.resolve().as_uri() + "?mode=ro"
    for attempt in range(2):
        try:
            conn = sqlite3.connect(uri, uri=True, isolation_level=None)
        except sqlite3.Error as exc:
            raise _sqlite_error(exc) from exc
        try:
            conn.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
            return conn
        except sqlite3.Error as exc:
            conn.close()
            hot = getattr(exc, "sqlite_errorcode", None) == _SQLITE_READONLY_ROLLBACK
            if not hot or attempt:
                raise _sqlite_error(exc) from exc
        _roll_back_hot_journal(path)
    raise AssertionError("unreachable")


class _Stop:
    """Why a running SQLite statement should stop: its deadline passed, or Ctrl-C."""

    def __init__(self) -> None:
        self.deadline: float | None = None
        self.interrupted = False

    def __call__(self) -> int:  # sqlite3's progress handler: non-zero aborts the statement
        if self.interrupted:
            return 1
        return int(self.deadline is not None and time.monotonic() > self.deadline)


@contextmanager
def _catch_sigint(stop: _Stop) -> Iterator[None]:
    """While a statement runs, Ctrl-C asks it to stop (the handler runs between SQLite's
    steps, from the progress handler) instead of being lost inside SQLite."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(_signum: int, _frame: Any) -> None:
        stop.interrupted = True

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _timeout_words(timeout: float | None) -> str:
    return (
        f"stopped: the query ran longer than its time limit of {timeout:g} s "
        "(give --timeout SECONDS, 0 for none); nothing was written"
    )


@contextmanager
def _sqlite_session(url: str, timeout: float | None) -> Iterator[Runner]:
    path = sqlite_path(url)
    try:
        require_existing_sqlite(url)  # a read never creates a database file
    except DatabaseMissing as exc:
        raise ReadOnlyError(str(exc)) from exc
    conn = _open_sqlite_readonly(path)
    stop = _Stop()
    try:
        conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)  # no ATTACH: it could create a file
        conn.execute("PRAGMA query_only = ON")
        conn.execute("BEGIN")  # one read transaction: every statement sees the same data
        conn.set_progress_handler(stop, 1000)

        def run(sql: str) -> tuple[list[str], Rows]:
            stop.interrupted = False
            stop.deadline = time.monotonic() + timeout if timeout else None
            try:
                with _catch_sigint(stop):
                    cursor = conn.execute(sql)
                    columns = [d[0] for d in cursor.description or ()]
                    rows = cursor.fetchall()
                if stop.interrupted:
                    raise KeyboardInterrupt
                return columns, rows
            except (sqlite3.Warning, sqlite3.ProgrammingError) as exc:
                if "one statement" in str(exc):
                    message = f"refused: give one SQL statement at a time ({exc})"
                    raise ReadOnlyError(message) from exc
                raise ReadOnlyError(f"database: {_one_line(exc)}") from exc
            except sqlite3.Error as exc:
                if stop.interrupted:
                    raise KeyboardInterrupt from exc
                if stop():
                    raise ReadOnlyError(_timeout_words(timeout)) from exc
                raise _sqlite_error(exc) from exc
            finally:
                stop.deadline = None

        yield run
    finally:
        conn.set_progress_handler(None, 0)
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        conn.close()


# --- PostgreSQL: what a statement may be, checked by PostgreSQL's own parser (pglast) ---------

_PG_QUERY_STATEMENTS = ("SelectStmt", "ExplainStmt", "VariableShowStmt")
_PG_WRITING_NODES = {
    "InsertStmt": "INSERT",
    "UpdateStmt": "UPDATE",
    "DeleteStmt": "DELETE",
    "MergeStmt": "MERGE",
}
# Functions refused by name (any schema, any case), with the reason. A role that can only
# read is refused most of them by the server too; these are refused before it is asked.
_PG_REFUSED_FUNCTIONS = {
    "set_config": "changes a setting (such as the role or the time limit) mid-query",
    "query_to_xml": "runs SQL given as text, past these checks",
    "query_to_xmlschema": "runs SQL given as text, past these checks",
    "query_to_xml_and_xmlschema": "runs SQL given as text, past these checks",
    "cursor_to_xml": "runs SQL given as text, past these checks",
    "cursor_to_xmlschema": "runs SQL given as text, past these checks",
    "ts_stat": "runs SQL given as text, past these checks",
    "ts_rewrite": "runs SQL given as text, past these checks",
    "loread": "works on large objects, which outlive the query",
    "lowrite": "works on large objects, which outlive the query",
    "pg_stat_file": "reaches the server's files",
}
_PG_REFUSED_PREFIXES = {
    "lo_": "works on large objects, which outlive the query",
    "dblink": "connects to a database, past these checks",
    "pg_read_file": "reaches the server's files",
    "pg_read_binary_file": "reaches the server's files",
    "pg_ls_": "reaches the server's files",
    "pg_file_": "reaches the server's files",
}
_PG_ALLOWED = "one SELECT, WITH, VALUES, TABLE, EXPLAIN or SHOW"


def _function_refusal(name: str) -> str | None:
    lowered = name.lower()
    if lowered in _PG_REFUSED_FUNCTIONS:
        return _PG_REFUSED_FUNCTIONS[lowered]
    for prefix, reason in _PG_REFUSED_PREFIXES.items():
        if lowered.startswith(prefix):
            return reason
    return None


def _statement_word(sql: str, location: int, node: Any) -> str:
    words = sql[location:].split(None, 1)
    word = words[0].upper() if words else ""
    return word if word.isalpha() else type(node).__name__.removesuffix("Stmt").upper()


def check_postgresql_sql(sql: str) -> None:
    """ReadOnlyError unless `sql` is one statement that only reads (see the module's doc)."""
    try:
        from pglast import ast, parse_sql
        from pglast.parser import ParseError
        from pglast.visitors import Visitor
    except ImportError as exc:  # fail closed: without the parser, nothing runs
        raise ReadOnlyError(
            "refused: the SQL checker pglast is not installed (pip install pglast)"
        ) from exc
    try:
        statements = parse_sql(sql)
    except ParseError as exc:
        raise ReadOnlyError(f"database: {_one_line(exc)}") from exc
    if not statements:
        raise ReadOnlyError("refused: no SQL statement given (only comments or blanks)")
    if len(statements) > 1:
        raise ReadOnlyError(
            f"refused: give one SQL statement at a time (this holds {len(statements)})"
        )
    raw = statements[0]
    stmt = raw.stmt
    inner = stmt.query if isinstance(stmt, ast.ExplainStmt) else stmt
    if type(stmt).__name__ not in _PG_QUERY_STATEMENTS or not isinstance(
        inner, ast.SelectStmt | ast.VariableShowStmt
    ):
        word = _statement_word(sql, raw.stmt_location or 0, stmt)
        raise ReadOnlyError(
            f"refused: {word} is not a query; `dossier query` runs {_PG_ALLOWED}, "
            "read-only, and reaches nothing outside the database"
        )

    refusals: list[str] = []

    class Check(Visitor):  # type: ignore[misc]
        def visit(self, ancestors: Any, node: Any) -> None:
            name = type(node).__name__
            if name in _PG_WRITING_NODES:
                refusals.append(f"refused: {_PG_WRITING_NODES[name]} writes; {_PG_ALLOWED} only")
            elif isinstance(node, ast.SelectStmt) and node.intoClause is not None:
                refusals.append(f"refused: SELECT … INTO creates a table; {_PG_ALLOWED} only")
            elif isinstance(node, ast.FuncCall):
                function = node.funcname[-1].sval
                reason = _function_refusal(function)
                if reason is not None:
                    refusals.append(f"refused: {function}() {reason}")

    Check()(raw)
    if refusals:
        raise ReadOnlyError(refusals[0])


# --- PostgreSQL ----------------------------------------------------------------------------------


def _take_reading_role(pg: Any) -> None:
    """Inside the open transaction, become a role that can only read (see the module's doc);
    ReadOnlyError if the login can neither do that nor is harmless as it is."""
    with pg.cursor() as cursor:
        cursor.execute(
            "SELECT current_user, r.rolsuper, to_regrole(%s) IS NOT NULL "
            "FROM pg_roles r WHERE r.rolname = current_user",
            (PG_READ_ROLE,),
        )
        user, superuser, has_read_role = cursor.fetchone()
        if has_read_role:
            cursor.execute("SELECT pg_has_role(current_user, %s, 'MEMBER')", (PG_READ_ROLE,))
            if superuser or cursor.fetchone()[0]:
                cursor.execute(f"SET LOCAL ROLE {PG_READ_ROLE}")
                return
        if superuser:
            raise ReadOnlyError(
                f"refused: {user} is a superuser and this server has no role {PG_READ_ROLE} "
                "(PostgreSQL 14+) to query as; connect as a login made by "
                "`dossier grant-reader`"
            )
        cursor.execute(
            "SELECT array_agg(r) FROM unnest(%s::text[]) AS r "
            "WHERE to_regrole(r) IS NOT NULL AND pg_has_role(current_user, r, 'MEMBER')",
            (list(PG_OUTSIDE_ROLES),),
        )
        outside = cursor.fetchone()[0]
        if outside:
            raise ReadOnlyError(
                f"refused: {user} is a member of {', '.join(sorted(outside))}, which reach the "
                f"server's programs and files, and not of {PG_READ_ROLE}; connect as a login "
                "made by `dossier grant-reader`, or grant it "
                f"{PG_READ_ROLE}"
            )


def _pg_error(exc: Exception, timeout: float | None) -> ReadOnlyError:
    message = _one_line(exc)
    sqlstate = getattr(exc, "sqlstate", None)
    if sqlstate == _PG_READONLY_SQLSTATE:
        return ReadOnlyError(f"refused: the query runs read-only ({message})")
    if sqlstate == _PG_PRIVILEGE_SQLSTATE:
        return ReadOnlyError(f"refused: the query runs as a role that can only read ({message})")
    if sqlstate == _PG_CANCELED_SQLSTATE and "timeout" in message:
        return ReadOnlyError(_timeout_words(timeout))
    if "multiple commands" in message:
        return ReadOnlyError(f"refused: give one SQL statement at a time ({message})")
    if getattr(exc, "sqlstate", None) is None or sqlstate.startswith(("08", "57P")):
        # The connection itself ended (pg_terminate_backend, a server shut down or restart).
        return ReadOnlyError(f"database: the server ended the connection ({message})")
    return ReadOnlyError(f"database: {message}")


@contextmanager
def _postgresql_session(url: str, timeout: float | None) -> Iterator[Runner]:
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
            reason = _one_line(getattr(exc, "orig", None) or exc)
            raise ReadOnlyError(f"database: {reason}") from exc
        pg: psycopg.Connection[Any] = raw.driver_connection  # type: ignore[assignment]
        try:
            pg.rollback()
            pg.autocommit = False
            pg.read_only = True
            pg.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            try:
                _take_reading_role(pg)
                milliseconds = round(timeout * 1000) if timeout else 0
                pg.execute(f"SET LOCAL statement_timeout = {milliseconds}")
            except psycopg.Error as exc:
                raise _pg_error(exc, timeout) from exc

            def run(sql: str) -> tuple[list[str], Rows]:
                check_postgresql_sql(sql)
                try:
                    with pg.cursor() as cursor:
                        # prepare=True: the extended protocol takes exactly one statement.
                        cursor.execute(sql, prepare=True)  # type: ignore[call-overload]
                        if cursor.description is None:
                            return [], []
                        return [c.name for c in cursor.description], list(cursor.fetchall())
                except psycopg.Error as exc:
                    raise _pg_error(exc, timeout) from exc

            yield run
        finally:
            if pg.closed or pg.broken:
                # It ended (pg_terminate_backend, a restart): nothing to undo; the pool must not
                # try to roll it back (which fails, and logs a traceback), only forget it.
                raw.invalidate()
            else:
                try:
                    pg.rollback()
                finally:
                    raw.close()
    finally:
        engine.dispose()


@contextmanager
def readonly_session(url: str, timeout: float | None = None) -> Iterator[Runner]:
    """A function running one SQL statement at a time on `url`, all in one read-only snapshot,
    each stopped after `timeout` seconds (None or 0: no limit)."""
    dialect = make_url(url).get_backend_name()
    if dialect == "sqlite":
        with _sqlite_session(url, timeout) as run:
            yield run
    elif dialect == "postgresql":
        with _postgresql_session(url, timeout) as run:
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


def query(url: str, sql: str, timeout: float | None = DEFAULT_TIMEOUT) -> tuple[list[str], Rows]:
    """Run one statement read-only on `url`: its column names and rows."""
    with readonly_session(url, timeout) as run:
        return run(sql)


def cmd_query(args: argparse.Namespace) -> int:
    sql = sys.stdin.read() if args.sql == "-" else args.sql
    if not sql.strip():
        raise CommandError("query: no SQL given")
    try:
        columns, rows = query(args.db, sql, args.timeout)
    except ReadOnlyError as exc:
        raise CommandError(f"query: {exc}") from exc
    print_rows(args.format, columns, rows)
    return 0


def print_rows(format_: str, columns: Sequence[str], rows: Rows) -> None:
    """Rows on stdout in one of FORMATS (`dossier query`, `dossier search`)."""
    if format_ == "csv":
        # The csv module ends rows itself; keep stdout from translating them again.
        reconfigure = getattr(sys.stdout, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(newline="")
    WRITERS[format_](columns, rows, sys.stdout)


def add_format_option(p: argparse.ArgumentParser) -> None:
    """--format, as print_rows takes it (dossier query, dossier search)."""
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="output: an aligned text table (default), CSV with a header, or a JSON array",
    )


def register(add: Callable[..., argparse.ArgumentParser]) -> None:
    p = add(
        "query",
        cmd_query,
        "run one SQL statement read-only (SQLite opened mode=ro; PostgreSQL in a read-only "
        f"transaction as {PG_READ_ROLE}) and print the result; what is refused: "
        "docs/reporting.md",
    )
    p.add_argument("sql", metavar="SQL", help="one SQL statement; '-' reads it from stdin")
    add_format_option(p)
    p.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"stop the query after this long (default {DEFAULT_TIMEOUT:g}; 0: no limit)",
    )


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < 10**7:  # also refuses nan and inf
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds (0 or more)")
    return seconds
