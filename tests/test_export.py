"""`dossier export`: a file per contract view that matches the view exactly, and FollowTheMoney
entities the `followthemoney` library accepts; on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from followthemoney import EntityProxy, model
from sqlalchemy import Engine, text

from models.view_catalog import VIEWS
from scripts.cli import main


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _view(engine: Engine, name: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        result = conn.execute(text(f'SELECT * FROM "{name}"'))
        return list(result.keys()), [tuple(r) for r in result]


def _export(engine: Engine, fmt: str, out: Path) -> None:
    assert main(["-q", "export", "--db", _url(engine), "--format", fmt, "--out", str(out)]) == 0


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def test_csv_matches_each_view_exactly(built_engine: Engine, tmp_path: Path) -> None:
    _export(built_engine, "csv", tmp_path / "csv")
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == sorted(
        f"{v.name}.csv" for v in VIEWS
    )
    for view in VIEWS:
        columns, rows = _view(built_engine, view.name)
        with (tmp_path / "csv" / f"{view.name}.csv").open(encoding="utf-8", newline="") as f:
            header, *lines = list(csv.reader(f))
        assert header == columns == list(view.column_names), view.name
        assert len(lines) == len(rows), view.name
        assert Counter(map(tuple, lines)) == Counter(
            tuple(_cell(v) for v in row) for row in rows
        ), view.name
    assert any(_view(built_engine, v.name)[1] for v in VIEWS), "the seeds fill the views"


def test_jsonl_matches_each_view_exactly(built_engine: Engine, tmp_path: Path) -> None:
    _export(built_engine, "jsonl", tmp_path / "jsonl")
    for view in VIEWS:
        columns, rows = _view(built_engine, view.name)
        lines = (tmp_path / "jsonl" / f"{view.name}.jsonl").read_text("utf-8").splitlines()
        records = [json.loads(line) for line in lines]
        assert len(records) == len(rows), view.name
        assert all(list(r) == columns for r in records), view.name
        assert Counter(json.dumps(r, sort_keys=True) for r in records) == Counter(
            json.dumps(dict(zip(columns, row, strict=True)), sort_keys=True) for row in rows
        ), view.name


def test_timeline_rows_come_in_the_views_own_order(built_engine: Engine, tmp_path: Path) -> None:
    _export(built_engine, "csv", tmp_path)
    with built_engine.connect() as conn:
        expected = list(conn.execute(text("SELECT sort_key FROM v_timeline ORDER BY sort_key")))
    with (tmp_path / "v_timeline.csv").open(encoding="utf-8", newline="") as f:
        got = [row["sort_key"] for row in csv.DictReader(f)]
    assert got == [r[0] for r in expected] and got


def _entities(path: Path) -> list[EntityProxy]:
    return [model.get_proxy(json.loads(line)) for line in path.read_text("utf-8").splitlines()]


def test_ftm_export_is_accepted_by_followthemoney(built_engine: Engine, tmp_path: Path) -> None:
    out = tmp_path / "entities.ftm.json"
    _export(built_engine, "ftm", out)
    entities = _entities(out)
    by_id = {e.id: e for e in entities}
    assert len(by_id) == len(entities), "ids are unique"
    for entity in entities:
        entity.schema.validate(entity.to_dict())  # raises InvalidData on a missing name etc.
        for prop, value in entity.itervalues():
            if prop.type.name == "entity":
                assert value in by_id, f"{entity.schema.name}.{prop.name} -> {value}"
    schemata = Counter(e.schema.name for e in entities)
    assert schemata["Sanction"] > 0 and schemata["Person"] > 0

    with built_engine.connect() as conn:
        sanctions = conn.execute(text("SELECT COUNT(*) FROM sanctions")).scalar_one()
        persons = conn.execute(text("SELECT COUNT(*) FROM actors WHERE kind = 'person'")).scalar()
    assert schemata["Sanction"] == sanctions
    assert schemata["Person"] == persons

    (lukashenko,) = [
        e for e in entities if e.schema.name == "Person" and "Alexander Lukashenko" in e.names
    ]
    on_him = [
        s for s in entities if s.schema.name == "Sanction" and s.first("entity") == lukashenko.id
    ]
    assert on_him, "a Sanction points at Alexander Lukashenko's Person entity"
    for sanction in on_him:
        assert sanction.first("authority") and sanction.first("program")
        assert sanction.first("startDate", quiet=True) is not None
        assert sanction.first("startDate").startswith("2020-09")
        assert by_id[sanction.first("proof")].schema.is_a("Document")
    assert "sanction" in lukashenko.get("topics")


def test_ftm_family_links_the_son_to_his_father(built_engine: Engine, tmp_path: Path) -> None:
    out = tmp_path / "entities.ftm.json"
    _export(built_engine, "ftm", out)
    entities = _entities(out)
    by_id = {e.id: e for e in entities}
    families = [e for e in entities if e.schema.name == "Family"]
    parents = {by_id[f.first("person")].caption for f in families}
    assert "Alexander Lukashenko" in parents
    for family in families:
        assert by_id[family.first("relative")].schema.name == "Person"


def test_ftm_out_must_be_a_file(
    built_engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["export", "--db", _url(built_engine), "--format", "ftm", "--out", str(tmp_path)])
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("error: export: ") and len(err.strip().splitlines()) == 1


def test_export_leaves_no_partial_files(built_engine: Engine, tmp_path: Path) -> None:
    _export(built_engine, "jsonl", tmp_path)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "ftm"])
def test_both_engines_export_the_same_bytes(
    seeded_pair: tuple[Engine, Engine], tmp_path: Path, fmt: str
) -> None:
    sqlite, postgresql = seeded_pair
    _export(sqlite, fmt, tmp_path / "sqlite")
    _export(postgresql, fmt, tmp_path / "postgresql")
    if fmt == "ftm":
        assert (tmp_path / "sqlite").read_bytes() == (tmp_path / "postgresql").read_bytes()
        return
    for view in VIEWS:
        name = f"{view.name}.{fmt}"
        assert (tmp_path / "sqlite" / name).read_bytes() == (
            tmp_path / "postgresql" / name
        ).read_bytes(), name
