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
from followthemoney.statement import BASE_ID, CSV, read_statements
from sqlalchemy import Engine, text

from models.view_catalog import VIEWS
from scripts.cli import main
from seeds import DOCUMENTS_DIR
from tests.dbcontent import copy_seed


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
        persons = conn.execute(text("SELECT COUNT(*) FROM actors WHERE kind = 'person'")).scalar()
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


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "ftm", "ftm-statements"])
def test_both_engines_export_the_same_bytes(
    seeded_pair: tuple[Engine, Engine], tmp_path: Path, fmt: str
) -> None:
    sqlite, postgresql = seeded_pair
    _export(sqlite, fmt, tmp_path / "sqlite")
    _export(postgresql, fmt, tmp_path / "postgresql")
    if fmt.startswith("ftm"):
        assert (tmp_path / "sqlite").read_bytes() == (tmp_path / "postgresql").read_bytes()
        return
    for view in VIEWS:
        name = f"{view.name}.{fmt}"
        assert (tmp_path / "sqlite" / name).read_bytes() == (
            tmp_path / "postgresql" / name
        ).read_bytes(), name


PRESS_RELEASE = "uk-fcdo-2020-11-05-belarus-fresh-elections"
UK_NOTE = "analyst-2026-11-28-uk-belarus-designations-2020-09-29"
SENIOR_FIGURES = "belarus-senior-officials-sanctioned-2020-09"
# The press release's sanction on the group "senior figures in the Belarusian government".
GROUP_ACT = f"{PRESS_RELEASE}/uk-ghr-sanctions-2020-09/{SENIOR_FIGURES}"


def _ftm_id(schema: str, *key: str) -> str:
    proxy = model.make_entity(schema)
    return str(proxy.make_id("dossier", schema, *key))


def _export_said(engine: Engine, fmt: str, out: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Export as a user would (no -q); the summary line on stderr."""
    capsys.readouterr()
    assert main(["export", "--db", _url(engine), "--format", fmt, "--out", str(out)]) == 0
    return capsys.readouterr().err


def _rows(engine: Engine, sql: str) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


def test_ftm_one_sanction_per_act_and_no_group_as_an_organization(
    built_engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A screening index would take a group's description for a sanctioned organization's
    name, and an act told by two documents for two sanctions."""
    out = tmp_path / "entities.ftm.json"
    said = _export_said(built_engine, "ftm", out, capsys)
    entities = _entities(out)
    groups = _rows(built_engine, "SELECT key, description FROM actors WHERE kind = 'group'")
    assert groups
    ids = {e.id for e in entities}
    descriptions = {d for _, d in groups}
    for key, _ in groups:
        assert _ftm_id("Organization", key) not in ids, key
    assert not [e for e in entities if set(e.names) & descriptions]

    # One Sanction per act without parts (the parts of a group's act among them).
    ((acts,),) = _rows(
        built_engine,
        "SELECT COUNT(DISTINCT s.act_id) FROM sanctions AS s WHERE NOT EXISTS"
        " (SELECT 1 FROM acts AS part JOIN sanctions AS ps ON ps.act_id = part.id"
        "  WHERE part.part_of_id = s.act_id)",
    )
    ((rows,),) = _rows(built_engine, "SELECT COUNT(*) FROM sanctions")
    sanctions = [e for e in entities if e.schema.name == "Sanction"]
    assert len(sanctions) == acts < rows
    assert {s.id for s in sanctions} == {
        _ftm_id("Sanction", key)
        for (key,) in _rows(
            built_engine,
            "SELECT a.key FROM acts AS a WHERE a.kind = 'sanctions' AND NOT EXISTS"
            " (SELECT 1 FROM acts AS part WHERE part.part_of_id = a.id)",
        )
    }
    # Every group of the seeds has known members; the line says so, whole.
    assert said == (
        f"wrote {len(entities)} FollowTheMoney entities to {out}; "
        f"{len(groups)} groups exported as their members; "
        "0 groups with no known members left out\n"
    )


def test_ftm_a_sanction_two_documents_tell_of_is_one_with_both_articles(
    built_engine: Engine, tmp_path: Path
) -> None:
    """The press release and the UK note both tell of the UK's sanction on Lukashenko."""
    out = tmp_path / "entities.ftm.json"
    _export(built_engine, "ftm", out)
    by_id = {e.id: e for e in _entities(out)}
    act = f"{PRESS_RELEASE}/uk-ghr-sanctions-2020-09/alexander-lukashenko"
    sanction = by_id[_ftm_id("Sanction", act)]
    assert sanction.get("entity") == [_ftm_id("Person", "alexander-lukashenko")]
    assert sorted(sanction.get("proof")) == sorted(
        _ftm_id("Article", slug) for slug in (PRESS_RELEASE, UK_NOTE)
    )
    # "In September" and "29 September 2020" agree: the day is kept, the month dropped.
    assert sanction.get("startDate") == ["2020-09-29"]
    assert len(sanction.get("summary")) == 2
    # A part of the group's act carries the press release, which told of the group.
    part = by_id[_ftm_id("Sanction", f"{GROUP_ACT}/igor-sergeenko")]
    assert _ftm_id("Article", PRESS_RELEASE) in part.get("proof")
    assert part.get("entity") == [_ftm_id("Person", "igor-sergeenko")]


def test_ftm_a_group_is_its_known_members_or_left_out(
    migrated_engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Alone, the press release knows the senior figures only by a description: no entity,
    no Sanction names them, and the line counts them. Once another document names the
    members (and not the sanction's parts), each member has a Sanction, with the id its
    part would have."""
    url = _url(migrated_engine)
    assert main(["-q", "load", "--db", url, str(DOCUMENTS_DIR / PRESS_RELEASE)]) == 0
    out = tmp_path / "alone.ftm.json"
    said = _export_said(migrated_engine, "ftm", out, capsys)
    entities = _entities(out)
    assert said == (
        f"wrote {len(entities)} FollowTheMoney entities to {out}; "
        "2 groups exported as their members; 2 groups with no known members left out\n"
    )
    ids = {e.id for e in entities}
    assert _ftm_id("Organization", SENIOR_FIGURES) not in ids
    assert _ftm_id("Sanction", GROUP_ACT) not in ids
    targets = {t for e in entities if e.schema.name == "Sanction" for t in e.get("entity")}
    assert targets == {_ftm_id("Person", k) for k in ("alexander-lukashenko", "lukashenko-son")}

    def members_only(data: dict[str, Any]) -> None:
        data.pop("sanctions")

    copy = copy_seed(tmp_path / "uk-note-members-only", members_only, source=UK_NOTE)
    assert main(["-q", "load", "--db", url, str(copy.parent)]) == 0
    out = tmp_path / "members.ftm.json"
    _export(migrated_engine, "ftm", out)
    members = ["igor-sergeenko", "yuri-karaev", "alexander-barsukov", "yuri-nazarenko"]
    members += ["khazalbek-atabekov", "dmitry-balaba"]
    by_id = {e.id: e for e in _entities(out)}
    for member in members:
        sanction = by_id[_ftm_id("Sanction", f"{GROUP_ACT}/{member}")]
        assert sanction.get("entity") == [_ftm_id("Person", member)]
        assert sanction.get("proof") == [_ftm_id("Article", PRESS_RELEASE)]
        assert "sanction" in by_id[_ftm_id("Person", member)].get("topics")


def test_ftm_statements_are_the_entities_with_their_documents(
    built_engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The statement CSV, read back by followthemoney, holds every value of the entity
    export, each credited to the documents that gave it."""
    entities_out, statements_out = tmp_path / "e.ftm.json", tmp_path / "s.csv"
    _export(built_engine, "ftm", entities_out)
    said = _export_said(built_engine, "ftm-statements", statements_out, capsys)
    with statements_out.open("rb") as f:
        statements = list(read_statements(f, CSV))
    assert said.startswith(f"wrote {len(statements)} FollowTheMoney statements to ")
    values: dict[str, set[tuple[str, str]]] = {}
    for st in statements:
        assert st.dataset == "dossier"
        if st.prop != BASE_ID:
            values.setdefault(st.entity_id, set()).add((st.prop, st.value))
    entities = _entities(entities_out)
    assert values == {
        str(e.id): {(p.name, v) for p, v in e.itervalues()} for e in entities if len(e)
    }
    assert len({st.id for st in statements}) == len(statements), "statement ids are unique"
    articles = {_ftm_id("Article", p.name): p.name for p in DOCUMENTS_DIR.iterdir() if p.is_dir()}
    proofs = [st for st in statements if st.prop == "proof"]
    assert proofs and all(articles[st.value] == st.origin for st in proofs)
