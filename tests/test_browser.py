"""A real browser (Debian's headless Chromium) opens a view's page in `dossier serve` and finds
its title and its rows. Without Chromium the test skips with the reason; under CI it fails."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from models.view_catalog import view_doc
from tests.test_serve import Served, start_server

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
BROWSER_BOUND_S = 180  # an upper bound for a slow shared machine, not a measured time


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        reason = "headless Chromium not installed (Debian: apt-get install chromium)"
        if IN_CI:
            pytest.fail(f"the browser test is required under CI: {reason}")
        pytest.skip(reason)
    return found


class _Page(HTMLParser):
    """The title, the first h1, the view's description and the cells of each body row."""

    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.h1 = ""
        self.text: list[str] = []
        self.rows: list[list[str]] = []
        self._in: list[str] = []
        self._in_tbody = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in.append(tag)
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
    browser = chromium()
    view = view_doc("v_sanctions")
    page_url = f"{served.base}/{served.database}/{view.name}"
    done = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'chromium-profile'}",
            "--dump-dom",
            page_url,
        ],
        capture_output=True,
        text=True,
        timeout=BROWSER_BOUND_S,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    page = _Page()
    page.feed(done.stdout)

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
