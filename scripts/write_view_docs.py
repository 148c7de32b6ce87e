"""Write docs/views.md from the view catalog and a real database holding the seed documents.

    .venv/bin/python -m scripts.write_view_docs          # rewrite docs/views.md
    .venv/bin/python -m scripts.write_view_docs --check  # exit 1 if docs/views.md is stale

The answers shown are those of a fresh SQLite database built by the migrations holding the seed
document alone (the UK press release of 5 November 2020), so that adding further documents to
seeds/ does not change them; tests/test_views.py checks that the file is current and that every
example, run on SQLite and PostgreSQL, gives the table shown.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

from models.database import make_engine
from models.migrations import PROJECT_ROOT, upgrade
from models.view_catalog import VIEWS, ViewDoc
from scripts.generated_doc import write_or_check
from seeds import DOCUMENTS_DIR
from seeds.loader import load

DOCS_PATH = PROJECT_ROOT / "docs" / "views.md"
# The seed document every example is answered on.
SEED_DOCUMENT_DIR = DOCUMENTS_DIR / "uk-fcdo-2020-11-05-belarus-fresh-elections"
REGENERATE = ".venv/bin/python -m scripts.write_view_docs"

INTRO = f"""\
# The views

<!-- Generated from models/view_catalog.py and the seed documents by
     `{REGENERATE}`.
     Do not edit by hand: edit the catalog (or the migration), then regenerate. -->

Reporting tools (Datasette, Metabase, Superset, spreadsheets over ODBC) and analysts read
Dossier through these views. Their names and columns are a public contract: a column may be
added at the end of a view, never renamed, removed or moved. They are built by the migrations
(`alembic/versions/0002_evidence_view.py`, `alembic/versions/0004_contract_views.py`) and give
the same rows on SQLite and PostgreSQL.

Conventions shared by every view:

- **Names.** An actor's name is the best name known across all loaded documents, else what the
  sources say it is (`COALESCE(actors.name, actors.description)`): "his son" shows as
  "a son of Alexander Lukashenko, …" until a document names him, and then every row shows the
  name, the earlier document's rows included.
- **Dates** are ISO `YYYY-MM-DD` text on both engines, beside `date_precision` (`day`, `month`
  or `year`); a partial date is the first day of its period: "In September" 2020 is
  `2020-09-01` with precision `month`. Statements and demands whose date the document does not
  give are dated on the document's publication day.
- **States** are identified by ISO 3166-1 alpha-3 (`GBR`, `BLR`). In the views of facts an
  `*_iso3` column gives the state the actor is, or is an organ or official of (the Government
  of Belarus: `BLR`; the Foreign Secretary: `GBR`), and the `*_via` column for it at the end of
  the view says which (`state`, `organ`, `official`). Both are NULL for groups of states (a
  group counts for each of its members in `v_state_activity` only) and for actors of no state,
  or of more than one. In `v_actors`, `iso3` is the actor's own code: NULL unless it is a state.
- **State activity** counts a fact for a state when it names the state, one of its organs or
  officials, or a group the state is a member of, each fact once (see `v_state_activity`).
- **Counts** say in their descriptions what one unit is: an act (told once however many
  documents tell it; a sanction is one act per target, so `sanctions_imposed` is not a number
  of people: `targets_sanctioned` and `persons_sanctioned` are), an event, a document.
- **Order.** A view has no order of its own: say `ORDER BY`. For the same order on both
  engines, order by ids, ISO codes, dates or `v_timeline.sort_key`; text such as names orders
  by the database's collation on PostgreSQL, byte-wise on SQLite. NULLs sort first on SQLite
  and last on PostgreSQL unless you say `NULLS FIRST` or `NULLS LAST` (both engines accept it).

Each example below is answered by a fresh database holding the seed document alone (the
press release `seeds/documents/uk-fcdo-2020-11-05-belarus-fresh-elections`, so "his son" is
still unnamed there), and is run again whenever this file is regenerated, from the project
folder:

```sh
{REGENERATE}          # rewrite docs/views.md
{REGENERATE} --check  # only report whether it is current
```

The tests (`tests/test_views.py`) fail when this file is not current, and run every example
on SQLite and PostgreSQL to compare its answer with the table shown here.
"""


def _cell(value: Any) -> str:
    if value is None:
        return "NULL"
    return str(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A Markdown table of `rows` under `header`; NULL shown as NULL, pipes escaped."""
    lines = [
        "| " + " | ".join(_cell(h) for h in header) + " |",
        "| " + " | ".join("---" for _ in header) + " |",
    ]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def example_answer(engine: Engine, sql: str) -> str:
    """The answer of `sql` on `engine`, as the Markdown table the docs show."""
    with engine.connect() as conn:
        result = conn.execute(text(sql))
        header = list(result.keys())
        rows = [tuple(row) for row in result]
    return markdown_table(header, rows)


def view_section(engine: Engine, view: ViewDoc) -> str:
    columns = markdown_table(("column", "description"), [(f"`{n}`", d) for n, d in view.columns])
    return (
        f"## {view.name}\n\n"
        f"{view.description}\n\n"
        f"{columns}\n\n"
        f"**Example:** {view.example_question}\n\n"
        f"```sql\n{view.example_sql}\n```\n\n"
        f"Answer on the seed document:\n\n"
        f"{example_answer(engine, view.example_sql)}\n"
    )


def render_docs(engine: Engine) -> str:
    """The whole of docs/views.md, with answers read from `engine` (holding the seeds)."""
    index = "\n".join(f"- [`{v.name}`](#{v.name})" for v in VIEWS)
    sections = "\n".join(view_section(engine, v) for v in VIEWS)
    return f"{INTRO}\n{index}\n\n{sections}"


def render_from_seed_document() -> str:
    """docs/views.md as a fresh SQLite database holding the seed document alone answers it."""
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'views-docs.db'}")
        try:
            upgrade(engine)
            load(engine, [SEED_DOCUMENT_DIR])
            return render_docs(engine)
        finally:
            engine.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="only report whether docs/views.md is current"
    )
    args = parser.parse_args(argv)
    return write_or_check(DOCS_PATH, render_from_seed_document(), REGENERATE, args.check)


if __name__ == "__main__":
    sys.exit(main())
