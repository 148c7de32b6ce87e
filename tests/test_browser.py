"""A real browser (Debian's headless Chromium) reads `dossier serve`: a view's page with its
title and rows; the database's page with the views listed before any table, kept as a
screenshot for a person to look at (test-artifacts/datasette-index.png, and the canned query's
page beside it); and a canned query run with a parameter, its rows those of its SQL. Without
Chromium the tests skip with the reason; under CI they fail."""

from __future__ import annotations

import os
import shutil
import subprocess
import urllib.parse
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from models import Base
from models.migrations import PROJECT_ROOT
from models.view_catalog import VIEWS, view_doc
from scripts.datasette_queries import FACT_COLUMNS
from tests.test_serve import Served, start_server

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
BROWSER_BOUND_S = 180  # an upper bound for a slow shared machine, not a measured time
# Screenshots for a person to look at (ignored by git; CI keeps the folder).
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
WINDOW = "1280,2000"


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        reason = "headless Chromium not installed (Debian: apt-get install chromium)"
        if IN_CI:
            pytest.fail(f"the browser test is required under CI: {reason}")
        pytest.skip(reason)
    return found


def run_chromium(tmp_path: Path, *args: str) -> str:
    """What headless Chromium prints with `args` (--dump-dom: the page as it rendered it)."""
    done = subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'chromium-profile'}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=BROWSER_BOUND_S,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def read_page(tmp_path: Path, url: str) -> _Page:
    page = _Page()
    page.feed(run_chromium(tmp_path, "--dump-dom", url))
    return page


def screenshot(tmp_path: Path, url: str, name: str) -> Path:
    """A PNG of the page as a person first sees it, kept in ARTIFACTS."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    path.unlink(missing_ok=True)
    run_chromium(tmp_path, f"--screenshot={path}", f"--window-size={WINDOW}", url)
    assert path.read_bytes().startswith(b"\x89PNG"), path
    print(f"screenshot of {url}: {path}")
    return path


class _Page(HTMLParser):
    """The title, the first h1, the text, the links in page order and the cells of each body
    row."""

    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.h1 = ""
        self.text: list[str] = []
        self.links: list[str] = []
        self.rows: list[list[str]] = []
        self._in: list[str] = []
        self._in_tbody = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in.append(tag)
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)
        if tag == "tbody":
            self._in_tbody = True
        elif tag == "tr" and self._in_tbody:
            self.rows.append([])
        elif tag == "td" and self._in_tbody and self.rows:
            self.rows[-1].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self._in_tbody = False
        while self._in and self._in.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if "title" in self._in:
            self.title += data
        elif "h1" in self._in and not self.rows:
            self.h1 += data
        elif "td" in self._in and self._in_tbody and self.rows and self.rows[-1]:
            self.rows[-1][-1] += data


@pytest.fixture
def served(built_engine: Engine) -> Iterator[Served]:
    yield from start_server(built_engine.url.render_as_string(hide_password=False))


# Datasette serves SQLite files (PostgreSQL's refusal is tested in test_serve.py).
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_chromium_finds_the_views_title_and_rows(
    served: Served, built_engine: Engine, tmp_path: Path
) -> None:
    view = view_doc("v_sanctions")
    page = read_page(tmp_path, f"{served.base}/{served.database}/{view.name}")

    assert view.name in page.title
    assert view.name in page.h1
    assert view.description in " ".join("".join(page.text).split())

    with built_engine.connect() as conn:
        targets = list(conn.execute(text(f"SELECT target FROM {view.name}")).scalars())
    assert page.rows, "the page shows the view's rows"
    assert len(page.rows) == len(targets)
    target_column = view.column_names.index("target")
    shown = sorted(" ".join(row[target_column].split()) for row in page.rows)
    assert shown == sorted(targets)
    assert "Alexander Lukashenko" in shown


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_chromium_finds_the_views_first_and_runs_a_canned_query(
    served: Served, built_engine: Engine, tmp_path: Path
) -> None:
    chromium()
    db = served.database
    index_url = f"{served.base}/{db}"
    page = read_page(tmp_path, index_url)

    # Every view is listed before any table, in the page as the browser shows it.
    views = [f"/{db}/{view.name}" for view in VIEWS]
    tables = [f"/{db}/{table}" for table in Base.metadata.tables if table != "alembic_version"]
    view_at = [page.links.index(link) for link in views]
    table_at = [page.links.index(link) for link in tables]
    assert max(view_at) < min(table_at)
    screenshot(tmp_path, index_url, "datasette-index.png")

    # A canned query with a parameter, as a reader runs it: its rows are its SQL's.
    query = f"/{db}/by_state"
    assert query in page.links
    state = "BLR"
    query_url = f"{served.base}{query}?{urllib.parse.urlencode({'state': state})}"
    result = read_page(tmp_path, query_url)
    sql = served.get("/-/metadata.json")["databases"][db]["queries"]["by_state"]["sql"]
    with built_engine.connect() as conn:
        expected = [(r.kind, str(r.fact_id)) for r in conn.execute(text(sql), {"state": state})]
    assert expected, "the seeds name the state"
    kind_at, id_at = FACT_COLUMNS.index("kind"), FACT_COLUMNS.index("fact_id")
    assert [(" ".join(r[kind_at].split()), r[id_at].strip()) for r in result.rows] == expected
    screenshot(tmp_path, query_url, "datasette-by-state.png")
