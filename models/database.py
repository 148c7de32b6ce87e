"""Which database, and how to connect to it: one place for URL rules and engine set-up."""

from __future__ import annotations

import os
import sqlite3
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

DEFAULT_URL = "sqlite:///dossier.db"
URL_ENV = "DOSSIER_DATABASE_URL"
SQLITE_BUSY_TIMEOUT_MS = 30_000


def resolve_url(url: str | URL | None = None) -> str:
    """The URL to use: the one given, else $DOSSIER_DATABASE_URL, else ./dossier.db.

    `postgresql://` and `postgres://` URLs, as users type them, get the psycopg 3 driver.
    """
    if isinstance(url, URL):
        url = url.render_as_string(hide_password=False)
    raw = url or os.environ.get(URL_ENV) or DEFAULT_URL
    for prefix in ("postgresql://", "postgres://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix) :]
    return raw


SQLITE_BEGIN_OPTION = "dossier_sqlite_begin"


def _sqlite_on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, say when a transaction begins (SQLAlchemy's
    # documented recipe), so that a whole load is one real transaction, DDL included.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    # Alembic's batch mode rebuilds a table and renames the copy into place; SQLite 3.26+
    # refuses that rename while views name the table, so rename as SQLite always used to.
    cursor.execute("PRAGMA legacy_alter_table = ON")
    cursor.close()


def _sqlite_on_begin(connection: Any) -> None:
    # A writer asks for IMMEDIATE so that it waits for the lock up front (busy timeout)
    # instead of failing half-way when another writer holds it.
    mode = connection.get_execution_options().get(SQLITE_BEGIN_OPTION, "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str | URL | None = None, **kwargs: Any) -> Engine:
    """An engine for `url` (see resolve_url); SQLite connections enforce foreign keys."""
    resolved = make_url(resolve_url(url))
    engine = create_engine(resolved, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
    return engine


class DatabaseMissing(LookupError):
    """A SQLite URL names a file that is not there; `str()` is the one line a user sees."""


def sqlite_file(url: str | URL) -> str | None:
    """The file a SQLite URL names, or None (another engine, or an in-memory database)."""
    resolved = make_url(resolve_url(url))
    if resolved.get_backend_name() != "sqlite":
        return None
    database = resolved.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return None
    return database


def require_existing_sqlite(url: str | URL) -> None:
    """DatabaseMissing if `url` is a SQLite file that does not exist.

    Connecting to a SQLite path creates an empty database there: a command that reads, loads
    into or unloads from an existing database calls this first, so that a mistyped path is
    an error instead of a new empty file. (`dossier build` creates the file on purpose.)
    """
    path = sqlite_file(url)
    if path is not None and not os.path.isfile(path):
        raise DatabaseMissing(
            f"no SQLite database at {path!r}: check the path, or create one with "
            "`dossier build --db sqlite:///FILE`"
        )
