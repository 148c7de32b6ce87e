"""Datasette metadata for a Dossier SQLite file: what `dossier serve` tells its readers.

Everything here comes from the project's own sources, never a second list:
- the contract views, their columns and an example question each: models.view_catalog.VIEWS;
  they come first, in the catalog's order (the page of the database lists them so, with
  templates/database.html of scripts/datasette_site);
- the tables and their columns: the comments on the models (Base.metadata); the database's
  page lists them after the views;
- the canned queries over many documents (by state, actor, date, CAMEO family, word) and the
  Sources page: scripts/datasette_queries.py;
- the licence and source line of every page: a link to the Sources page, which lists each
  document's publisher, date, licence and address (read from the documents table there).
"""

from __future__ import annotations

from typing import Any

from models import Base
from models.search import fts_table
from models.view_catalog import VIEWS
from scripts.cmd_query import readonly_session
from scripts.datasette_queries import FACT_VIEWS, SOURCES, corpus_queries

TITLE = "Dossier"
DESCRIPTION = (
    "What governments and international bodies said, found, sanctioned and demanded, every "
    "fact pointing at the exact words of its source document. Start with the views (v_…): "
    "they are the documented contract; the tables behind them are described too."
)
# The column a table's rows are named by where a foreign key points at them (Datasette finds
# `name` and `title` itself): cameo_codes.label, so a CAMEO code shows its label.
LABEL_COLUMN = "label"
# Where Datasette serves scripts/datasette_site/static (cmd_serve.py), and its stylesheet.
STATIC_MOUNT = "dossier-static"
CSS_URL = f"/{STATIC_MOUNT}/dossier.css"

# Where the licences named in documents.licence are published, for a link beside the name.
LICENCE_URLS = {
    "Open Government Licence v3.0": (
        "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
    ),
    "CC BY 4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC0 1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
}


def canned_query_name(view_name: str) -> str:
    """The canned query answering a view's example question: /DB/ask_sanctions."""
    return "ask_" + view_name.removeprefix("v_")


def count_documents(url: str) -> int:
    with readonly_session(url) as run:
        _, rows = run("SELECT count(*) FROM documents")
    return int(rows[0][0])


def sources_line(database_name: str, documents: int) -> dict[str, str]:
    """The licence and source of every page: one link to the Sources page, the same length
    however many documents there are (each has its own publisher and licence there)."""
    page = f"/{database_name}/{SOURCES}"
    return {
        "license": "each document's own (see Sources)",
        "license_url": page,
        "source": f"{documents} document{'' if documents == 1 else 's'} (see Sources)",
        "source_url": page,
    }


def _table_metadata() -> dict[str, dict[str, Any]]:
    tables: dict[str, dict[str, Any]] = {}
    for table in Base.metadata.sorted_tables:
        meta: dict[str, Any] = {}
        if table.comment:
            meta["description"] = table.comment
        columns = {c.name: c.comment for c in table.columns if c.comment}
        if columns:
            meta["columns"] = columns
        if LABEL_COLUMN in table.c:
            meta["label_column"] = LABEL_COLUMN
        tables[table.name] = meta
    tables["alembic_version"] = {"hidden": True}
    return tables


def _view_metadata() -> dict[str, dict[str, Any]]:
    views: dict[str, dict[str, Any]] = {}
    for view in VIEWS:
        names = view.column_names
        views[view.name] = {
            "description": view.description,
            "columns": dict(view.columns),
            # Views have no rowid: give them the order `dossier export` writes them in.
            "sort": "sort_key" if "sort_key" in names else names[0],
        }
    for fact in FACT_VIEWS:  # its table's search box (models/search.py)
        views[fact.view] |= {"fts_table": fts_table(fact.table), "fts_pk": fact.id_column}
    return views


def _queries(database_name: str, line: dict[str, str]) -> dict[str, dict[str, Any]]:
    """The queries over many documents first, then each view's example question; each with
    the licence and source line, which Datasette does not pass on to a canned query's page."""
    queries: dict[str, dict[str, Any]] = corpus_queries(database_name, LICENCE_URLS)
    for view in VIEWS:
        queries[canned_query_name(view.name)] = {
            "title": view.example_question,
            "description": f"An example question on {view.name}.",
            "sql": view.example_sql,
        }
    return {name: query | line for name, query in queries.items()}


def build_metadata(url: str, database_name: str) -> dict[str, Any]:
    """Datasette's metadata for the SQLite file at `url`, served as `database_name`."""
    line = sources_line(database_name, count_documents(url))
    return {
        "title": TITLE,
        "description": DESCRIPTION,
        **line,
        "extra_css_urls": [CSS_URL],
        "databases": {
            database_name: {
                "title": TITLE,
                "description": DESCRIPTION,
                **line,
                # The views first: Python keeps this order, and so does the database's page.
                # Each with the line, which Datasette does not pass on to a row's page.
                "tables": {
                    name: meta | line
                    for name, meta in {**_view_metadata(), **_table_metadata()}.items()
                },
                "queries": _queries(database_name, line),
            }
        },
    }
