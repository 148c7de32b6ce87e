"""The Datasette plugin of `dossier serve` (Datasette loads it from this folder: plugins_dir).

- `/` is the database's page: `dossier serve` serves one file, and Datasette's index of
  databases would only stand between the reader and its views (it names five of them and
  counts the hidden tables).
- A CAMEO code shows its label beside it. Every cell of a column named `cameo_code` (in
  v_statements and v_demands, in the canned queries, in any SQL a reader writes) shows the
  label the codebook (the table cameo_codes) gives the code: "1041 Demand change in
  leadership". In the tables, where cameo_code is a foreign key, Datasette itself shows the
  label (the metadata makes cameo_codes.label its label_column); such a cell reaches this hook
  as a dict and is left to Datasette. Only the HTML changes: JSON and CSV give the code as
  stored, and the views have their own cameo_label column.
- The SQL function fts5_words(words): the FTS5 query `dossier search` makes of a reader's
  words, for the canned query by_word (scripts/datasette_queries.py).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable

from datasette import hookimpl
from datasette.app import Datasette
from datasette.utils.asgi import Request, Response
from markupsafe import Markup

from scripts.datasette_queries import FTS_FUNCTION, fts5_words

CAMEO_COLUMN = "cameo_code"

# The codebook of each database file, read once: `dossier serve` opens its file immutable.
_codebooks: dict[str, dict[str, str]] = {}


async def codebook(datasette: Datasette, database: str) -> dict[str, str]:
    db = datasette.get_database(database)
    key = db.path or database
    if key not in _codebooks:
        result = await db.execute("SELECT code, label FROM cameo_codes")
        _codebooks[key] = {code: label for code, label in result.rows}
    return _codebooks[key]


@hookimpl
def render_cell(
    value: object, column: str, database: str, datasette: Datasette
) -> Callable[[], Awaitable[Markup | None]] | None:
    if column != CAMEO_COLUMN or not isinstance(value, str):
        return None

    async def with_label() -> Markup | None:
        label = (await codebook(datasette, database)).get(value)
        if label is None:
            return None
        return Markup('{} <span class="cameo-label">{}</span>').format(value, label)

    return with_label


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.create_function(FTS_FUNCTION, 1, fts5_words, deterministic=True)


async def to_the_database(datasette: Datasette, request: Request) -> Response:
    return Response.redirect(datasette.urls.database(datasette.get_database().name))


@hookimpl
def register_routes() -> list[tuple[str, Callable[..., Awaitable[Response]]]]:
    return [(r"^/$", to_the_database)]
