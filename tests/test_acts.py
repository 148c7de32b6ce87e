"""One act, many sources (issue 17): counts are of acts, not of the rows that tell of them.

Expected figures come from the seed files: the UK designations note's and the Canada note's
sanction targets, and what a copy of a note adds."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import Engine, text

from scripts.cli import main
from seeds import DOCUMENTS_DIR
from tests.dbcontent import copy_seed, dump, line_with

PRESS_RELEASE = "uk-fcdo-2020-11-05-belarus-fresh-elections"
UK_NOTE = "analyst-2026-11-28-uk-belarus-designations-2020-09-29"
CANADA_NOTE = "analyst-2026-12-03-canada-belarus-sanctions-2020-09-29"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = main(argv)
    return code, capsys.readouterr().err


def url_of(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def rows(engine: Engine, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), params)]


def targets(slug: str, authority: str) -> set[str]:
    facts = yaml.safe_load((DOCUMENTS_DIR / slug / "facts.yaml").read_text(encoding="utf-8"))
    return {t for s in facts["sanctions"] if s["authority"] == authority for t in s["targets"]}


def activity(engine: Engine) -> list[tuple[Any, ...]]:
    return rows(engine, "SELECT * FROM v_state_activity ORDER BY iso3")


def sanctions_imposed(engine: Engine, iso3: str) -> int:
    sql = "SELECT sanctions_imposed FROM v_state_activity WHERE iso3 = :iso3"
    ((count,),) = rows(engine, sql, iso3=iso3)
    return int(count)


def test_each_uk_and_canadian_sanction_of_september_2020_counts_once(
    built_engine: Engine,
) -> None:
    """The press release and the UK note tell of the same UK designations; the UK note and
    the Canada note of the same Canadian listings. Each person sanctioned is one act."""
    uk = targets(UK_NOTE, "gbr")
    assert len(uk) == 8
    # The release names two of the eight and "senior figures", a group: not a ninth act.
    assert targets(PRESS_RELEASE, "gbr") - uk == {"belarus-senior-officials-sanctioned-2020-09"}
    assert sanctions_imposed(built_engine, "GBR") == len(uk)
    canada = targets(CANADA_NOTE, "can")
    assert len(canada) == 11
    assert sanctions_imposed(built_engine, "CAN") == len(canada)
    # Every sanction row of the three documents tells of one of those acts, or of a group
    # sanction whose parts they are.
    told = rows(
        built_engine,
        "SELECT a.key, COUNT(DISTINCT s.document_id), MAX(part.id) FROM sanctions AS s"
        " JOIN acts AS a ON a.id = s.act_id LEFT JOIN acts AS part ON part.part_of_id = a.id"
        " GROUP BY a.key",
    )
    wholes = {key for key, _, part in told if part is not None}
    assert len(told) - len(wholes) == len(uk) + len(canada)
    assert wholes == {
        f"{PRESS_RELEASE}/uk-ghr-sanctions-2020-09/belarus-senior-officials-sanctioned-2020-09",
        f"{UK_NOTE}/canada-sema-belarus-2020-09-29/canada-listed-officials-belarus-2020-09-29",
    }


def test_an_act_told_at_two_precisions_takes_the_finer_date(built_engine: Engine) -> None:
    """The release: "In September"; the UK note: 29 September 2020. One act, dated the day."""
    act = f"{PRESS_RELEASE}/uk-ghr-sanctions-2020-09/alexander-lukashenko"
    answer = rows(
        built_engine,
        "SELECT occurred_on, date_precision, documents, first_source, latest_source"
        " FROM v_corroboration WHERE act = :act",
        act=act,
    )
    assert answer == [("2020-09-29", "day", 2, PRESS_RELEASE, UK_NOTE)]
    dated = rows(
        built_engine,
        "SELECT d.slug, s.imposed_on, s.date_precision FROM sanctions AS s"
        " JOIN documents AS d ON d.id = s.document_id JOIN acts AS a ON a.id = s.act_id"
        " WHERE a.key = :act ORDER BY d.slug",
        act=act,
    )
    # Each source keeps what it says.
    assert [(slug, str(day)[:10], p) for slug, day, p in dated] == [
        (UK_NOTE, "2020-09-29", "day"),
        (PRESS_RELEASE, "2020-09-01", "month"),
    ]
    timeline = rows(
        built_engine,
        "SELECT occurred_on, date_precision FROM v_timeline"
        " WHERE kind = 'sanction' AND summary LIKE '%sanctioned Alexander Lukashenko%'"
        " AND summary LIKE 'United Kingdom%'",
    )
    assert timeline == [("2020-09-29", "day")]  # once, on the finer date


@pytest.mark.parametrize("note", [UK_NOTE, CANADA_NOTE])
def test_a_note_loaded_again_under_another_slug_changes_no_count(
    built_engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str], note: str
) -> None:
    """The same text under another slug tells of the same acts: only v_corroboration moves."""
    url, before = url_of(built_engine), activity(built_engine)
    timeline = rows(built_engine, "SELECT kind, summary FROM v_timeline WHERE kind <> 'document'")
    corroboration = dict(rows(built_engine, "SELECT act, documents FROM v_corroboration"))
    copy = copy_seed(tmp_path / "a-copy", lambda data: None, source=note)
    assert run(["load", "-q", "--db", url, str(copy.parent)], capsys) == (0, "")
    assert activity(built_engine) == before
    assert rows(built_engine, "SELECT kind, summary FROM v_timeline WHERE kind <> 'document'") == (
        timeline
    )
    after = dict(rows(built_engine, "SELECT act, documents FROM v_corroboration"))
    assert after.keys() == corroboration.keys()  # no new act
    evidence = "SELECT DISTINCT act FROM v_evidence WHERE document_slug = :slug AND act IS NOT NULL"
    told_keys = {key for (key,) in rows(built_engine, evidence, slug="a-copy")}
    assert told_keys == {key for (key,) in rows(built_engine, evidence, slug=note)}
    assert {act: n for act, n in after.items() if n != corroboration[act]} == {
        act: corroboration[act] + 1 for act in told_keys
    }
    assert run(["unload", "-q", "--db", url, "a-copy"], capsys) == (0, "")
    assert dict(rows(built_engine, "SELECT act, documents FROM v_corroboration")) == corroboration


def test_sources_that_truly_disagree_load_and_are_listed(
    built_engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A copy of the Canada note, its wording changed (so not the same text) and dating the
    sanctions to October: both dates are kept, and v_disagreements lists each with its
    source. Unloaded, the disagreement goes."""
    url = url_of(built_engine)

    def october(data: dict[str, Any]) -> None:
        for sanction in data["sanctions"]:
            sanction["date"] = "2020-10-15"

    copy = copy_seed(tmp_path / "a-dissenting-note", october, source=CANADA_NOTE)
    text_file = copy.parent / "text.txt"
    changed = text_file.read_text(encoding="utf-8") + "\nA note.\n"
    text_file.write_text(changed, encoding="utf-8")
    data = yaml.safe_load(copy.read_text(encoding="utf-8"))
    data["document"]["text_sha256"] = hashlib.sha256(changed.encode()).hexdigest()
    copy.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert run(["load", "-q", "--db", url, str(copy.parent)], capsys) == (0, "")
    # The same sanctions (its `act:` names them); its statements, which name no act, are its own.
    assert sanctions_imposed(built_engine, "CAN") == len(targets(CANADA_NOTE, "can"))
    listed = rows(
        built_engine,
        "SELECT act, field, value, document_slug FROM v_disagreements"
        " WHERE act LIKE :lukashenko ORDER BY document_slug",
        lukashenko=f"{UK_NOTE}/canada-sema-belarus-2020-09-29/alexander-lukashenko",
    )
    act = f"{UK_NOTE}/canada-sema-belarus-2020-09-29/alexander-lukashenko"
    assert listed == [
        (act, "imposed_on", "2020-10-15 (day)", "a-dissenting-note"),
        (act, "imposed_on", "2020-09-29 (day)", UK_NOTE),
        (act, "imposed_on", "2020-09-29 (day)", CANADA_NOTE),
    ]
    acts = rows(
        built_engine, "SELECT COUNT(DISTINCT act) FROM v_disagreements WHERE kind = 'sanctions'"
    )
    assert acts == [(len(targets(CANADA_NOTE, "can")),)]  # every Canadian sanction's
    # The act keeps the date of its first loaded source.
    assert rows(
        built_engine, "SELECT occurred_on, disagreements FROM v_corroboration WHERE act = :a", a=act
    ) == [("2020-09-29", 1)]
    assert run(["unload", "-q", "--db", url, "a-dissenting-note"], capsys) == (0, "")
    assert rows(built_engine, "SELECT COUNT(*) FROM v_disagreements WHERE kind = 'sanctions'") == [
        (0,)
    ]


def test_documents_that_word_a_regime_differently_both_load_and_are_listed(
    built_engine: Engine,
) -> None:
    """The UK note gives the Canadian regime's legal basis as the Act; the Canada note names
    the regulations too. The first loaded stands on the regime; v_disagreements lists both."""
    declared = {}
    for slug in (UK_NOTE, CANADA_NOTE):
        facts = (DOCUMENTS_DIR / slug / "facts.yaml").read_text(encoding="utf-8")
        regimes = yaml.safe_load(facts)["regimes"]
        (regime,) = [r for r in regimes if r["key"] == "ca-special-economic-measures-belarus"]
        declared[slug] = regime["legal_basis"]
    assert declared[UK_NOTE] != declared[CANADA_NOTE]
    listed = rows(
        built_engine,
        "SELECT kind, field, value, document_slug FROM v_disagreements"
        " WHERE act = 'ca-special-economic-measures-belarus' ORDER BY document_slug",
    )
    assert listed == [
        ("sanction_regimes", "legal_basis", declared[slug], slug) for slug in sorted(declared)
    ]
    kept = "SELECT legal_basis FROM sanction_regimes WHERE key = :k"
    assert rows(built_engine, kept, k="ca-special-economic-measures-belarus") == [
        (declared[UK_NOTE],)
    ]


def test_an_act_of_another_kind_is_refused(
    built_engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A demand cannot tell of a sanction's act: refused with the file, line and both kinds."""
    act = f"{PRESS_RELEASE}/uk-ghr-sanctions-2020-09/alexander-lukashenko"

    def misnamed(data: dict[str, Any]) -> None:
        data["demands"][0]["act"] = act

    copy = copy_seed(tmp_path / "a-misnamed-act", misnamed)
    before = dump(built_engine)
    code, err = run(["load", "-q", "--db", url_of(built_engine), str(copy.parent)], capsys)
    line = line_with(copy, "- key: fresh-elections-lead")
    assert (code, err) == (
        1,
        f"error: {copy}:{line}: act {act!r} is a sanction; a demand cannot tell of it\n",
    )
    assert dump(built_engine) == before
