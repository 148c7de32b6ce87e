"""`dossier serve`: browse a Dossier SQLite file in Datasette, on 127.0.0.1.

The file is opened immutable (read-only; Datasette counts its rows once), with the metadata
of scripts/datasette_metadata.py: a description of every contract view and its columns, the
tables' own comments, canned queries over the corpus (by state, actor, date, CAMEO family,
word), a Sources page, and one canned query for each view's example question. What Datasette
takes as options (`datasette serve --template-dir --static --plugins-dir`) is in
scripts/datasette_site: the database's page with the views first (templates), the stylesheet
that wraps long text (static), and the CAMEO labels beside codes (plugins). After `dossier load`
changes the file, restart it.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from models.view_catalog import VIEW_NAMES
from scripts.cmd_query import ReadOnlyError, readonly_session, sqlite_path
from scripts.common import CommandError, progress_for

HOST = "127.0.0.1"
DEFAULT_PORT = 8001
SITE_DIR = Path(__file__).parent / "datasette_site"


def _run_sync(coro_func: Callable[[], Awaitable[Any]]) -> Any:
    loop = asyncio.new_event_loop()
    try:
        asyncio.set_event_loop(loop)
        return loop.run_until_complete(coro_func())
    finally:
        asyncio.set_event_loop(None)
        loop.close()


def check_servable(url: str) -> Path:
    """The SQLite file `url` names, if it holds the contract views; CommandError otherwise."""
    if make_url(url).get_backend_name() != "sqlite":
        raise CommandError(
            "serve: Datasette reads SQLite files only; for PostgreSQL use `dossier "
            "grant-reader` and a PostgreSQL client (docs/reporting.md), or export to SQLite"
        )
    try:
        path = sqlite_path(url)
        with readonly_session(url) as run:
            _, rows = run("SELECT name FROM sqlite_master WHERE type = 'view'")
    except ReadOnlyError as exc:
        raise CommandError(f"serve: {exc}") from exc
    missing = sorted(set(VIEW_NAMES) - {r[0] for r in rows})
    if missing:
        raise CommandError(
            f"serve: {path} lacks the views {', '.join(missing)}: run `dossier build` first"
        )
    return path


def check_port(port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((HOST, port))
        except OSError as exc:
            raise CommandError(
                f"serve: cannot listen on {HOST}:{port} ({exc.strerror}); give another --port"
            ) from exc


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn
    from datasette.app import Datasette

    from scripts.datasette_metadata import STATIC_MOUNT, build_metadata

    path = check_servable(args.db)
    check_port(args.port)
    try:
        metadata = build_metadata(args.db, path.stem)
    except ReadOnlyError as exc:
        raise CommandError(f"serve: {exc}") from exc
    ds = Datasette(
        immutables=[str(path)],
        metadata=metadata,
        cors=False,
        template_dir=str(SITE_DIR / "templates"),
        static_mounts=[(STATIC_MOUNT, str(SITE_DIR / "static"))],
        plugins_dir=str(SITE_DIR / "plugins"),
    )
    _run_sync(ds.invoke_startup)
    progress_for(args)(
        f"serving {path} read-only at http://{HOST}:{args.port}/{path.stem} (Ctrl-C stops)"
    )
    sys.stdout.flush()
    uvicorn.run(
        ds.app(),
        host=HOST,
        port=args.port,
        log_level="warning" if args.quiet else "info",
        lifespan="on",
        workers=1,
    )
    return 0


def _port(value: str) -> int:
    port = int(value)
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a port (1-65535)")
    return port


def register(add: Callable[..., argparse.ArgumentParser]) -> None:
    p = add(
        "serve",
        cmd_serve,
        "browse the SQLite file in Datasette on 127.0.0.1, read-only: the views first, each "
        "described, canned queries by state, actor, date, CAMEO family and word, and a Sources "
        "page",
    )
    p.add_argument(
        "--port",
        type=_port,
        default=DEFAULT_PORT,
        help=f"port on 127.0.0.1 (default {DEFAULT_PORT})",
    )
