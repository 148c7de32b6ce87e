"""Datasette metadata for a Dossier SQLite file: what `dossier serve` tells its readers.

Everything here comes from the project's own sources, never a second list:
- the contract views, their columns and the canned queries: models.view_catalog.VIEWS;
- the tables and their columns: the comments on the models (Base.metadata);
- title, sources and licences: the documents loaded in the file (publisher, url, licence).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from models import Base
from models.search import fts_table
from models.view_catalog import VIEWS
from scripts.cmd_query import readonly_session

TITLE = "Dossier"
DESCRIPTION = (
    "What governments and international bodies said, found, sanctioned and demanded, every "
    "fact pointing at the exact words of its source document. Start with the views (v_…): "
    "they are the documented contract; the tables behind them are described too."
)
HIDDEN_TABLES = ("alembic_version",)
# Views searched through their fact table's FTS5 table: (view, table, the view's id column).
SEARCHED_VIEWS = (
    ("v_statements", "statements", "statement_id"),
    ("v_demands", "demands", "demand_id"),
    ("v_sanctions", "sanctions", "sanction_id"),
    ("v_findings", "findings", "finding_id"),
    ("v_event_participants", "event_participants", "participation_id"),
    ("v_relations", "actor_relations", "relation_id"),
)

# Where the licences named in documents.licence are published, for a link beside the name.
LICENCE_URLS = {
    "Open Government Licence v3.0": (
        "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
    ),
    "CC BY 4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC0 1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
}


@dataclass(frozen=True)
class Source:
    slug: str
    title: str
    publisher: str
    url: str | None
    licence: str | None


def canned_query_name(view_name: str) -> str:
    """The canned query answering a view's example question: /DB/ask_sanctions."""
    return "ask_" + view_name.removeprefix("v_")


def read_sources(url: str) -> list[Source]:
    with readonly_session(url) as run:
        _, rows = run(
            "SELECT slug, title, publisher, url, licence FROM documents ORDER BY published_on, slug"
        )
    return [Source(*row) for row in rows]


def _joined(values: Sequence[str | None]) -> str | None:
    distinct = list(dict.fromkeys(v for v in values if v))
    return "; ".join(distinct) or None


def _only(values: Sequence[str | None]) -> str | None:
    distinct = set(values)
    return distinct.pop() if len(distinct) == 1 else None


def _licences(sources: Sequence[Source]) -> str | None:
    """Each licence, with the publishers whose documents carry it."""
    by_licence: dict[str, list[str]] = {}
    for s in sources:
        by_licence.setdefault(s.licence or "licence not stated", []).append(s.publisher)
    if len(by_licence) == 1:
        return next(iter(by_licence))
    return "; ".join(f"{lic} ({_joined(pubs)})" for lic, pubs in by_licence.items()) or None


def _sources_html(sources: Sequence[Source]) -> str:
    def link(text: str, url: str | None) -> str:
        t = html.escape(text)
        return f'<a href="{html.escape(url)}">{t}</a>' if url else t

    items = "".join(
        f"<li>{link(s.title, s.url)}, {html.escape(s.publisher)}"
        + (f" ({link(s.licence, LICENCE_URLS.get(s.licence))})" if s.licence else "")
        + "</li>"
        for s in sources
    )
    return f"<p>{html.escape(DESCRIPTION)}</p><p>Sources:</p><ul>{items}</ul>"


def _table_metadata() -> dict[str, dict[str, Any]]:
    tables: dict[str, dict[str, Any]] = {}
    for table in Base.metadata.sorted_tables:
        meta: dict[str, Any] = {}
        if table.comment:
            meta["description"] = table.comment
        columns = {c.name: c.comment for c in table.columns if c.comment}
        if columns:
            meta["columns"] = columns
        tables[table.name] = meta
    for name in HIDDEN_TABLES:
        tables[name] = {"hidden": True}
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
    for view, table, key in SEARCHED_VIEWS:  # its table's search box (models/search.py)
        views[view] |= {"fts_table": fts_table(table), "fts_pk": key}
    return views


def _queries() -> dict[str, dict[str, str]]:
    return {
        canned_query_name(view.name): {
            "title": view.example_question,
            "description": f"An example question on {view.name}.",
            "sql": view.example_sql,
        }
        for view in VIEWS
    }


def build_metadata(url: str, database_name: str) -> dict[str, Any]:
    """Datasette's metadata for the SQLite file at `url`, served as `database_name`."""
    sources = read_sources(url)
    licence = _licences(sources)
    source = {
        "source": _joined([s.publisher for s in sources]),
        "source_url": _only([s.url for s in sources]),
        "license": licence,
        "license_url": LICENCE_URLS.get(licence or ""),
    }
    source = {k: v for k, v in source.items() if v}
    return {
        "title": TITLE,
        "description_html": _sources_html(sources),
        **source,
        "databases": {
            database_name: {
                "description": DESCRIPTION,
                **source,
                "tables": {**_table_metadata(), **_view_metadata()},
                "queries": _queries(),
            }
        },
    }
