"""`dossier export`: the contract views as CSV or JSON lines, or the data as FollowTheMoney.

- `--format csv --out DIR`: one `<view>.csv` per contract view (UTF-8, a header row of the
  view's columns, RFC 4180 quoting and CRLF line ends; NULL is an empty field).
- `--format jsonl --out DIR`: one `<view>.jsonl` per contract view, one JSON object a row,
  keys in the view's column order, NULL as null.
- `--format ftm --out FILE`: FollowTheMoney entities, one JSON object a line (see
  scripts/ftm_export.py for the mapping).

Every view is read in one read-only snapshot (as `dossier query` reads), and its rows are
written sorted by all its columns in order (by `sort_key` first where a view has one), NULLs
first, so the same data gives byte-identical files on SQLite and PostgreSQL. Files are written
beside their final name and renamed into place once complete.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from models.view_catalog import VIEWS
from scripts.cmd_query import ReadOnlyError, Rows, jsonable, readonly_session, text_cell
from scripts.common import CommandError, engine_for, progress_for

VIEW_FORMATS = ("csv", "jsonl")
FORMATS = (*VIEW_FORMATS, "ftm")

# A view with this column is ordered by it first: it says the view's intended order.
ORDER_COLUMN = "sort_key"


def _sort_value(value: Any) -> tuple[int, Any]:
    value = jsonable(value)
    if value is None:
        return (0, 0)
    if isinstance(value, bool | int | float):
        return (1, value)
    return (2, str(value))


def stable_order(columns: Sequence[str], rows: Rows) -> Rows:
    """Rows sorted by every column in order (ORDER_COLUMN first if present), NULLs first."""
    order = list(range(len(columns)))
    if ORDER_COLUMN in columns:
        first = list(columns).index(ORDER_COLUMN)
        order = [first, *(i for i in order if i != first)]
    return sorted(rows, key=lambda row: tuple(_sort_value(row[i]) for i in order))


def view_rows(url: str) -> dict[str, tuple[list[str], Rows]]:
    """Every contract view's columns and rows, in one read-only snapshot, in stable order."""
    out: dict[str, tuple[list[str], Rows]] = {}
    with readonly_session(url) as run:
        for view in VIEWS:
            columns, rows = run(f'SELECT * FROM "{view.name}"')
            out[view.name] = (columns, stable_order(columns, rows))
    return out


def _write_csv(path: Path, columns: Sequence[str], rows: Rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(columns)
        writer.writerows([text_cell(v) for v in row] for row in rows)


def _write_jsonl(path: Path, columns: Sequence[str], rows: Rows) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as f:
        for row in rows:
            record = {c: jsonable(v) for c, v in zip(columns, row, strict=True)}
            f.write(json.dumps(record, ensure_ascii=False) + "\n")


WRITERS: dict[str, Callable[[Path, Sequence[str], Rows], None]] = {
    "csv": _write_csv,
    "jsonl": _write_jsonl,
}


def export_views(url: str, out_dir: Path, fmt: str) -> dict[str, int]:
    """Write one file per contract view into `out_dir`; the row count of each view."""
    data = view_rows(url)
    out_dir.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for name, (columns, rows) in data.items():
        final = out_dir / f"{name}.{fmt}"
        tmp = final.with_name(f".{final.name}.tmp")
        WRITERS[fmt](tmp, columns, rows)
        os.replace(tmp, final)
        counts[name] = len(rows)
    return counts


def export_ftm(args: argparse.Namespace, out: Path) -> int:
    from scripts.ftm_export import FtmError, build_entities, write_entities

    engine = engine_for(args)
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "postgresql":
                conn = conn.execution_options(
                    isolation_level="REPEATABLE READ", postgresql_readonly=True
                )
            with conn.begin():
                entities = build_entities(conn)
    except FtmError as exc:
        raise CommandError(f"export: FollowTheMoney refused the data: {exc}") from exc
    finally:
        engine.dispose()
    if out.parent != Path(""):
        out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    with tmp.open("w", encoding="utf-8", newline="\n") as f:
        count = write_entities(entities, f)
    os.replace(tmp, out)
    return count


def cmd_export(args: argparse.Namespace) -> int:
    say = progress_for(args)
    out = Path(args.out)
    if args.format == "ftm":
        if out.is_dir():
            raise CommandError(f"export: --format ftm writes one file; {out} is a folder")
        count = export_ftm(args, out)
        say(f"wrote {count} FollowTheMoney entities to {out}")
        return 0
    if out.exists() and not out.is_dir():
        raise CommandError(f"export: --format {args.format} writes a folder; {out} is a file")
    try:
        counts = export_views(args.db, out, args.format)
    except ReadOnlyError as exc:
        raise CommandError(f"export: {exc}") from exc
    for name, n in counts.items():
        say(f"{out / f'{name}.{args.format}'}: {n} row{'' if n == 1 else 's'}")
    return 0


def register(add: Callable[..., argparse.ArgumentParser]) -> None:
    p = add(
        "export",
        cmd_export,
        "write every contract view as CSV or JSON lines (one file per view), or the data as "
        "FollowTheMoney entities (JSON lines)",
    )
    p.add_argument(
        "--format",
        choices=FORMATS,
        required=True,
        help="csv or jsonl: one <view>.<format> per contract view in the folder --out; "
        "ftm: FollowTheMoney entities, one JSON object a line, in the file --out",
    )
    p.add_argument(
        "--out",
        required=True,
        metavar="PATH",
        help="the folder (csv, jsonl; created if missing) or the file (ftm) to write",
    )
