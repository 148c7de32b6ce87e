"""Test databases: a fresh PostgreSQL database, and a whole database's content to compare."""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import JSON, Engine, inspect, text
from sqlalchemy.engine import make_url

from models import Base
from models.database import make_engine
from models.search import is_search_table
from seeds import DOCUMENTS_DIR


@contextmanager
def fresh_postgres_database(server_url: str, prefix: str = "dossier_test") -> Iterator[str]:
    """Create an empty database on the server, yield its URL, then drop it."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = make_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows (every column), sorted, keyed by table name. A JSON value is its
    canonical text, whichever engine stored it. The search tables are left out: SQLite's
    index depends on the order rows came and went (tests/test_search.py checks what they
    find)."""
    names = sorted(n for n in inspect(engine).get_table_names() if not is_search_table(n))
    tables = {}
    with engine.connect() as conn:
        for name in names:
            rows = conn.execute(text(f'SELECT * FROM "{name}"'))
            json_columns = (
                {
                    i
                    for i, c in enumerate(Base.metadata.tables[name].columns)
                    if isinstance(c.type, JSON)
                }
                if name in Base.metadata.tables
                else set()
            )
            tables[name] = sorted(
                (
                    tuple(_canonical(v) if i in json_columns else v for i, v in enumerate(row))
                    for row in rows
                ),
                key=repr,
            )
    return tables


def _canonical(value: Any) -> str:
    data = json.loads(value) if isinstance(value, str) else value
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


def copy_seed(
    folder: Path,
    change: Callable[[dict[str, Any]], object],
    source: str = "uk-fcdo-2020-11-05-belarus-fresh-elections",
) -> Path:
    """A copy of a seed document (the press release unless `source` names another) in
    `folder`, its slug the folder's name, its facts changed by `change`; the copy's facts
    file."""
    shutil.copytree(DOCUMENTS_DIR / source, folder)
    facts = folder / "facts.yaml"
    data = yaml.safe_load(facts.read_text(encoding="utf-8"))
    data["document"]["slug"] = folder.name
    change(data)
    facts.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return facts


def line_with(path: Path, words: str, after: int = 0) -> int:
    """The number of the first line of `path` after line `after` that holds `words`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if n > after and words in line)
