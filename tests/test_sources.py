"""Cited sources and statement targets (issue 17): each source a document cites is stored
(document_sources), a fact names the sources it rests on (fact_sources), v_evidence shows them
the same on SQLite and PostgreSQL, a key the document does not cite is refused, unload takes a
document's sources with it; a statement's target shows in v_statements.

Expected values are worked out from the seed files themselves, not written down here."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import Engine, text

from scripts.cli import main
from scripts.ftm_export import build_export
from seeds import DOCUMENTS_DIR, REFERENCE_DIR
from seeds.dates import parse_partial_date
from seeds.parse import parse_reference
from seeds.sections import FACT_SECTIONS
from tests.dbcontent import copy_seed, dump, line_with

NOTE = "analyst-2026-12-03-canada-belarus-sanctions-2020-09-29"
WIDTH = {"day": 10, "month": 7, "year": 4}


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = main(argv)
    return code, capsys.readouterr().err


def url_of(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def seeds() -> dict[str, dict[str, Any]]:
    """Every seed document's facts file, by slug."""
    return {
        path.parent.name: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted(DOCUMENTS_DIR.glob("*/facts.yaml"))
    }


def cited(data: dict[str, Any]) -> list[dict[str, Any]]:
    return data["document"].get("sources") or []


def label(source: dict[str, Any]) -> str:
    """A source as v_evidence shows it: publisher, date as precise as known, address."""
    parts = [source["publisher"]]
    if "date" in source:
        day, precision = parse_partial_date(source["date"])
        parts.append(day.isoformat()[: WIDTH[precision]])
    return ", ".join([*parts, source["url"]])


def expected_evidence_sources() -> dict[tuple[str, str, str], str]:
    """(slug, fact table, fact key) -> the text of v_evidence.sources, from the seed files:
    the sources each fact names, in the order its document cites them."""
    expected = {}
    for slug, data in seeds().items():
        order = [s["key"] for s in cited(data)]
        by_key = {s["key"]: s for s in cited(data)}
        for section in FACT_SECTIONS:
            for item in data.get(section.name) or []:
                if not item.get("sources"):
                    continue
                names = sorted(item["sources"], key=order.index)
                text_ = "; ".join(label(by_key[k]) for k in names)
                keys = [f"{item['key']}/{t}" for t in item.get("targets", ())] or [item["key"]]
                for key in keys:
                    expected[slug, section.table, key] = text_
    return expected


def evidence_sources(engine: Engine) -> dict[tuple[str, str, str], str]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT document_slug, fact_table, fact_key, sources FROM v_evidence "
                "WHERE sources IS NOT NULL"
            )
        )
        return {(r[0], r[1], r[2]): r[3] for r in rows}


def test_the_seed_notes_cite_sources_and_facts_name_them() -> None:
    """The curated content this file tests: every note cites sources, and some facts of each
    note name the sources they rest on."""
    notes = {slug: data for slug, data in seeds().items() if slug.startswith("analyst-")}
    assert notes
    for data in notes.values():
        assert cited(data)
        assert any(item.get("sources") for s in FACT_SECTIONS for item in data.get(s.name) or [])


def test_each_cited_source_is_stored(built_engine: Engine) -> None:
    with built_engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT d.slug, s.key, s.publisher, s.title, s.published_on, s.date_precision, "
                "s.url, s.kind FROM document_sources AS s JOIN documents AS d "
                "ON d.id = s.document_id ORDER BY s.id"
            )
        ).all()
    stored = [
        (r[0], r[1], r[2], r[3], None if r[4] is None else str(r[4])[:10], r[5], r[6], r[7])
        for r in rows
    ]
    expected = []
    for slug, data in seeds().items():
        for s in cited(data):
            day, precision = parse_partial_date(s["date"]) if "date" in s else (None, None)
            iso = day.isoformat() if isinstance(day, dt.date) else None
            expected.append(
                (
                    slug,
                    s["key"],
                    s["publisher"],
                    s.get("title"),
                    iso,
                    precision,
                    s["url"],
                    s["kind"],
                )
            )
    assert sorted(stored) == sorted(expected)
    assert len(stored) == sum(len(cited(d)) for d in seeds().values()) > 0


def test_v_evidence_shows_the_sources_a_fact_rests_on(built_engine: Engine) -> None:
    expected = expected_evidence_sources()
    assert expected, "the seeds name sources on facts"
    assert evidence_sources(built_engine) == expected


def test_v_evidence_sources_are_the_same_text_on_both_engines(
    seeded_pair: tuple[Engine, Engine],
) -> None:
    sqlite, postgresql = (evidence_sources(engine) for engine in seeded_pair)
    assert sqlite == postgresql == expected_evidence_sources()


def test_an_unknown_source_key_is_refused_with_its_file_and_line(
    built_engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Through `dossier load` and `dossier check`: the whole message, and nothing written."""
    source = {
        "key": "fcdo-2020-11-05",
        "publisher": "Foreign, Commonwealth & Development Office",
        "date": "2020-11-05",
        "url": "https://www.gov.uk/government/news/belarus-uk-calls-for-fresh-elections",
        "kind": "primary",
    }

    def change(data: dict[str, Any]) -> None:
        data["document"]["sources"] = [source]
        data["demands"][0]["sources"] = ["fcdo-2020-11-05", "fcdo-2020-11-06"]

    facts = copy_seed(tmp_path / "a-copy", change)
    data = yaml.safe_load(facts.read_text(encoding="utf-8"))
    item = line_with(facts, "key: " + data["demands"][0]["key"])
    line = line_with(facts, "- fcdo-2020-11-06", after=item)
    expected = (
        f"error: {facts}:{line}: unknown source 'fcdo-2020-11-06': not in this document's "
        "sources (its keys: fcdo-2020-11-05)\n"
    )
    before = dump(built_engine)
    url = url_of(built_engine)
    assert run(["load", "-q", "--db", url, str(facts.parent)], capsys) == (1, expected)
    assert dump(built_engine) == before
    assert run(["check", "-q", str(facts.parent)], capsys) == (1, expected)


def test_a_fact_may_not_name_sources_its_document_does_not_cite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    facts = copy_seed(tmp_path / "a-copy", lambda d: d["statements"][0].update(sources=["gov-uk"]))
    data = yaml.safe_load(facts.read_text(encoding="utf-8"))
    item = line_with(facts, "key: " + data["statements"][0]["key"])
    line = line_with(facts, "- gov-uk", after=item)
    assert run(["check", "-q", str(facts.parent)], capsys) == (
        1,
        f"error: {facts}:{line}: unknown source 'gov-uk': not in this document's sources "
        "(it lists none)\n",
    )


def test_a_source_key_is_cited_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = {"key": "twice", "publisher": "P", "url": "https://example.org/", "kind": "primary"}
    facts = copy_seed(
        tmp_path / "a-copy", lambda d: d["document"].update(sources=[source, dict(source)])
    )
    sources = line_with(facts, "  sources:")
    line = line_with(facts, "- key: twice", after=line_with(facts, "- key: twice", after=sources))
    assert run(["check", "-q", str(facts.parent)], capsys) == (
        1,
        f"error: {facts}:{line}: document/sources: duplicate key 'twice'\n",
    )


def test_a_statements_target_shows_in_v_statements(built_engine: Engine) -> None:
    iso3 = {row.key: row.values["iso_alpha3"] for row in parse_reference(REFERENCE_DIR)[1]}
    with built_engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT v.document_slug, v.statement_key, a.key, v.target, v.target_kind, "
                "v.target_iso3, COALESCE(a.name, a.description), a.kind "
                "FROM v_statements AS v JOIN statements AS s ON s.id = v.statement_id "
                "LEFT JOIN actors AS a ON a.id = s.target_id"
            )
        ).all()
        # Since 0019 an organ's or official's ISO code is its state's (actors.state_id).
        of_state = dict(
            conn.execute(
                text(
                    "SELECT a.key, s.iso_alpha3 FROM actors AS a"
                    " JOIN states AS s ON s.actor_id = a.state_id"
                )
            ).all()
        )
    expected = {
        (slug, item["key"]): (item["target"], of_state.get(item["target"]))
        for slug, data in seeds().items()
        for item in data.get("statements") or []
        if "target" in item
    }
    # Targets of both kinds are curated: a state itself, and an organ shown as its state's.
    assert {target in iso3 for target, _ in expected.values()} == {True, False}
    # A state named as itself keeps its own code.
    assert all(of_state[k] == iso for k, iso in iso3.items() if k in of_state)
    shown = {(r[0], r[1]): (r[2], r[5]) for r in rows if r[3] is not None}
    assert shown == expected
    for row in rows:
        assert (row[3], row[4]) == (row[6], row[7])  # the target's best name and kind
    assert len(rows) == sum(len(d.get("statements") or []) for d in seeds().values())


def test_unload_removes_a_documents_sources_and_their_links(
    built_engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    count = (
        "SELECT (SELECT count(*) FROM document_sources AS s JOIN documents AS d "
        "ON d.id = s.document_id WHERE d.slug = :slug), "
        "(SELECT count(*) FROM document_sources), (SELECT count(*) FROM fact_sources)"
    )
    with built_engine.connect() as conn:
        own, sources, links = conn.execute(text(count), {"slug": NOTE}).one()
        own_links = conn.execute(
            text(
                "SELECT count(*) FROM fact_sources AS l JOIN document_sources AS s "
                "ON s.id = l.source_id JOIN documents AS d ON d.id = s.document_id "
                "WHERE d.slug = :slug"
            ),
            {"slug": NOTE},
        ).scalar_one()
    assert own == len(cited(seeds()[NOTE])) and own_links > 0
    code, err = run(["unload", "--db", url_of(built_engine), NOTE], capsys)
    assert code == 0, err
    with built_engine.connect() as conn:
        after = conn.execute(text(count), {"slug": NOTE}).one()
        shown = conn.execute(
            text("SELECT count(*) FROM v_evidence WHERE document_slug = :slug"), {"slug": NOTE}
        ).scalar_one()
    assert tuple(after) == (0, sources - own, links - own_links)
    assert shown == 0
    assert evidence_sources(built_engine) == {
        k: v for k, v in expected_evidence_sources().items() if k[0] != NOTE
    }


def test_followthemoney_credits_a_notes_facts_to_the_pages_they_rest_on(
    built_engine: Engine,
) -> None:
    """A note has no address of its own: its sanctions carry the addresses of their sources."""
    data = seeds()[NOTE]
    urls = {s["key"]: s["url"] for s in cited(data)}
    sanctions = data["sanctions"]
    with built_engine.connect() as conn:
        export = build_export(conn)
    entities = export.entities
    articles = [e for e in entities if e.schema.name == "Article"]
    (article,) = [e.id for e in articles if e.get("title") == [data["document"]["title"]]]
    # One Sanction per act: the note's addresses among those of the other documents that
    # tell of the same act, each address remembering the documents that gave it.
    credited = [
        frozenset(
            url for url in e.get("sourceUrl") if NOTE in export.sources[(e.id, "sourceUrl", url)]
        )
        for e in entities
        if e.schema.name == "Sanction" and article in e.get("proof")
    ]
    assert len(credited) == sum(len(sanction["targets"]) for sanction in sanctions)
    assert set(credited) == {frozenset(urls[k] for k in s["sources"]) for s in sanctions}


def test_a_source_with_an_impossible_date_is_refused_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Its date is wrong, not its key: the fact naming it is not refused as well."""
    source = {
        "key": "s",
        "publisher": "P",
        "date": "2020-02-30",
        "url": "https://e.org/",
        "kind": "primary",
    }

    def change(data: dict[str, Any]) -> None:
        data["document"]["sources"] = [source]
        data["demands"][0]["sources"] = ["s"]

    facts = copy_seed(tmp_path / "a-copy", change)
    code, err = run(["check", "-q", str(facts.parent)], capsys)
    line = line_with(facts, "date: '2020-02-30'")
    assert code == 1 and err.count("\n") == 1, err
    assert err.startswith(f"error: {facts}:{line}: date: '2020-02-30' "), err
