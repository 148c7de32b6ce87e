"""`dossier export`: the contract views as CSV or JSON lines, or the data as FollowTheMoney.

- `--format csv --out DIR`: one `<view>.csv` per contract view (UTF-8, a header row of the
  view's columns, RFC 4180 quoting and CRLF line ends; NULL is an empty field).
- `--format jsonl --out DIR`: one `<view>.jsonl` per contract view, one JSON object a row,
  keys in the view's column order, NULL as null.
- `--format ftm --out FILE`: FollowTheMoney entities, one JSON object a line (see
  scripts/ftm_export.py for the mapping). The summary line also says how many groups were
  exported as their known members and how many, with none known, were left out.
- `--format ftm-statements --out FILE.csv`: the same entities as FollowTheMoney statements,
  the CSV OpenSanctions publishes: one row per entity, property, value and document.
- `--format bundle --out FILE.jsonl`: every document, its text and its facts, one record a
  line, as `dossier load` reads them (seeds/bundle.py).

Every view is read in one read-only snapshot (as `dossier query` reads), and its rows are
written sorted by all its columns in order (by `sort_key` first where a view has one), NULLs
first, so the same data gives byte-identical files on SQLite and PostgreSQL.

An export is all or nothing: the files are written into a temporary folder beside the target and
moved into place whole (the folder renamed, or, into an existing folder, every file, the old
ones kept aside until all are in place and put back if one fails). A target that cannot be
written (a folder where a file goes, a parent that is a file, /proc) is one worded line, and
leaves every old file as it was. A mistyped SQLite path is an error, never a new empty file.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Connection

from models.database import DatabaseMissing
from models.view_catalog import VIEWS
from scripts.bundle_export import write_bundle
from scripts.cmd_query import ReadOnlyError, Rows, jsonable, readonly_session, text_cell
from scripts.common import CommandError, built_engine_for, progress_for

VIEW_FORMATS = ("csv", "jsonl")


@dataclass(frozen=True)
class Written:
    """What a one-file writer wrote: how many records, and anything else the summary says."""

    count: int
    notes: tuple[str, ...] = ()


Writer = Callable[[Connection, TextIO], Written]

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


def _refuse_unwritable(out: Path) -> None:
    """CommandError, worded, if no file or folder can be made at `out`: an ancestor is a file,
    or is a folder of the kernel's (/proc, /sys) that takes no new entries."""
    for ancestor in reversed(out.absolute().parents):
        if ancestor.exists() and not ancestor.is_dir():
            raise CommandError(f"export: cannot write {out}: {ancestor} is a file, not a folder")
    special = out.absolute().parts[1:2]
    if special and special[0] in ("proc", "sys", "dev"):
        raise CommandError(
            f"export: cannot write {out}: /{special[0]} is the kernel's, not a folder for files"
        )


def _os_error(out: Path, exc: OSError) -> CommandError:
    reason = exc.strerror or str(exc)
    where = exc.filename or out
    return CommandError(f"export: cannot write {out}: {reason} ({where}); nothing was changed")


def _make_parents(folder: Path) -> list[Path]:
    """Create `folder`'s missing ancestors; those created, deepest first (to undo them)."""
    missing = [p for p in reversed(folder.absolute().parents) if not p.exists()]
    for p in missing:
        p.mkdir()
    return missing[::-1]


def _undo_parents(created: list[Path]) -> None:
    for p in created:
        with suppress(OSError):
            p.rmdir()


def _replace_all(staged: Path, out_dir: Path, names: list[str]) -> None:
    """Move `names` from `staged` into the existing folder `out_dir`, all or none: each file
    they replace is first moved aside into `staged`, and put back if any move fails."""
    for name in names:
        final = out_dir / name
        if final.is_dir() or (final.exists() and not final.is_file()):
            raise CommandError(
                f"export: {final} is a folder (or not a file), where the export writes "
                "a file; nothing was changed"
            )
    aside = staged / ".replaced"
    aside.mkdir()
    moved_aside: list[str] = []
    placed: list[str] = []
    try:
        for name in names:
            final = out_dir / name
            if final.exists() or final.is_symlink():
                os.rename(final, aside / name)
                moved_aside.append(name)
            os.rename(staged / name, final)
            placed.append(name)
    except BaseException:
        for name in placed:
            with suppress(OSError):
                os.rename(out_dir / name, staged / name)
        for name in moved_aside:
            with suppress(OSError):
                os.rename(aside / name, out_dir / name)
        raise


def export_views(url: str, out_dir: Path, fmt: str) -> dict[str, int]:
    """Write one file per contract view into `out_dir`; the row count of each view.

    All or nothing: the files are written into a temporary folder beside `out_dir` (inside
    it when it exists), then the folder is renamed into place, or (into an existing folder)
    the files are, each old one kept aside until all are in place.
    """
    data = view_rows(url)
    _refuse_unwritable(out_dir)
    names = [f"{name}.{fmt}" for name in data]
    created: list[Path] = []
    staged: Path | None = None
    try:
        exists = out_dir.is_dir()
        if not exists:
            created = _make_parents(out_dir)
        staged = Path(
            tempfile.mkdtemp(
                prefix=f".{out_dir.name or 'export'}.export-",
                dir=out_dir if exists else out_dir.absolute().parent,
            )
        )
        counts: dict[str, int] = {}
        for (name, (columns, rows)), file_name in zip(data.items(), names, strict=True):
            WRITERS[fmt](staged / file_name, columns, rows)
            counts[name] = len(rows)
        if exists:
            _replace_all(staged, out_dir, names)
        else:
            staged.chmod(0o777 & ~_umask())
            os.rename(staged, out_dir)
            staged = None
        return counts
    except OSError as exc:
        _undo_parents(created)
        raise _os_error(out_dir, exc) from exc
    except BaseException:
        _undo_parents(created)
        raise
    finally:
        if staged is not None:
            shutil.rmtree(staged, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def export_file(args: argparse.Namespace, out: Path, write: Writer) -> Written:
    """Write one file, `out`, from one read-only snapshot: `write(conn, stream)` writes it and
    says how many records it wrote. Written beside `out` and moved into place whole."""
    try:
        engine = built_engine_for(args)  # a read: never create an empty database file
    except DatabaseMissing as exc:
        raise CommandError(f"export: {exc}") from exc
    _refuse_unwritable(out)
    created: list[Path] = []
    tmp: Path | None = None
    try:
        created = _make_parents(out)
        fd, name = tempfile.mkstemp(
            prefix=f".{out.name}.", suffix=".tmp", dir=out.absolute().parent
        )
        tmp = Path(name)
        with engine.connect() as conn, os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            if engine.dialect.name == "postgresql":
                conn = conn.execution_options(
                    isolation_level="REPEATABLE READ", postgresql_readonly=True
                )
            with conn.begin():
                written = write(conn, f)
        tmp.chmod(0o666 & ~_umask())
        os.replace(tmp, out)
        tmp = None
        created = []
        return written
    except OSError as exc:
        raise _os_error(out, exc) from exc
    finally:
        engine.dispose()
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        _undo_parents(created)


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _ftm_writer(statements: bool) -> Writer:
    """FollowTheMoney entities, or their statements; the summary says what became of groups."""

    def write(conn: Connection, stream: TextIO) -> Written:
        from scripts.ftm_export import FtmError, build_export, write_entities, write_statements

        try:
            export = build_export(conn)
        except FtmError as exc:
            raise CommandError(f"export: FollowTheMoney refused the data: {exc}") from exc
        if statements:
            count = write_statements(export, stream)
        else:
            count = write_entities(export.entities, stream)
        return Written(
            count,
            (
                _plural(
                    export.groups_as_members, "group exported as its", "groups exported as their"
                )
                + " members",
                _plural(export.groups_left_out, "group", "groups")
                + " with no known members left out",
            ),
        )

    return write


def _write_bundle(conn: Connection, stream: TextIO) -> Written:
    return Written(write_bundle(conn, stream))


# Formats written as one file: how, and what a line holds.
FILE_FORMATS: dict[str, tuple[Writer, str]] = {
    "ftm": (_ftm_writer(statements=False), "FollowTheMoney entities"),
    "ftm-statements": (_ftm_writer(statements=True), "FollowTheMoney statements"),
    "bundle": (_write_bundle, "documents as a bundle"),
}
FORMATS = (*VIEW_FORMATS, *FILE_FORMATS)


def cmd_export(args: argparse.Namespace) -> int:
    say = progress_for(args)
    out = Path(args.out)
    if args.format in FILE_FORMATS:
        if out.is_dir():
            raise CommandError(f"export: --format {args.format} writes one file; {out} is a folder")
        writer, what = FILE_FORMATS[args.format]
        written = export_file(args, out, writer)
        say("; ".join((f"wrote {written.count} {what} to {out}", *written.notes)))
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
        "FollowTheMoney entities (JSON lines) or statements (CSV)",
    )
    p.add_argument(
        "--format",
        choices=FORMATS,
        required=True,
        help="csv or jsonl: one <view>.<format> per contract view in the folder --out; "
        "ftm: FollowTheMoney entities, one JSON object a line, in the file --out; "
        "ftm-statements: the same as FollowTheMoney statements (CSV, one row per entity, "
        "property, value and source document), in the file --out; "
        "bundle: every document with its facts, one JSON object a line (loads with "
        "`dossier load FILE.jsonl`), in the file --out",
    )
    p.add_argument(
        "--out",
        required=True,
        metavar="PATH",
        help="the folder (csv, jsonl; created if missing) or the file (ftm, ftm-statements, "
        "bundle) to write",
    )
