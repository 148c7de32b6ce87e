"""`dossier suggest` (issue 20): a first draft of a document's facts, each suggestion with its
span and why, for a curator to confirm; never loaded until moved into facts.yaml; measured
against what curators wrote."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import Engine, text

from seeds import DOCUMENTS_DIR
from seeds.parse import FACTS_SCHEMA, Place, validate_shape
from seeds.suggest.rules import read_rules
from seeds.vocabulary import vocabulary
from tests.cli import new_document, run

# Written for this test: a made-up release, no real source's words.
TEXT = (
    "Republic of Ruritania? No: Norway acts (a text written for Dossier's tests)\n"
    "In March, Norway imposed sanctions on Minister Petr Ivanovski and his brother under its "
    "national sanctions law.\n"
    "“We call on Belarus to release all political prisoners,” said Foreign Minister Kari "
    "Nordmann.\n"
    "Norway condemns the arrests of journalists in Minsk."
)
KINDS = ("statements", "demands", "sanctions", "findings", "events")


@pytest.fixture
def folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A new document made with `dossier new`, its metadata filled as a curator would."""
    metadata = {
        "title": "Norway acts",
        "publisher": "Ministry of Foreign Affairs of Norway",
        "document_type": "press_release",
        "published_on": "2021-04-20",
    }
    new_document(capsys, tmp_path, "test-release", TEXT, metadata)
    return tmp_path / "test-release"


def draft_of(folder: Path) -> dict[str, Any]:
    data = yaml.safe_load((folder / "facts.suggested.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_a_short_text_gives_a_demand_a_sanction_a_partial_date_and_a_statement(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "suggest", str(folder))
    assert (code, out) == (0, "")
    assert err == (
        f"wrote {folder}/facts.suggested.yaml: 1 event, 2 statements, 1 sanction, 1 demand; "
        "to declare: 3 actors\n"
    )
    draft = draft_of(folder)
    validate_shape(draft, FACTS_SCHEMA, Place(folder / "facts.suggested.yaml", draft))
    [demand] = draft["demands"]
    assert demand["by"] == "nor"  # the minister speaks for the publisher's state
    assert demand["of"] == "blr"
    assert demand["cameo"] == "1053"  # Demand release of persons or property
    assert demand["quote"] == "release all political prisoners"
    [sanction] = draft["sanctions"]
    assert sanction["authority"] == "nor"
    assert sanction["targets"] == ["petr-ivanovski", "petr-ivanovski-brother"]
    assert sanction["date"] == "2021-03"  # "In March", the year the release's
    statement = next(s for s in draft["statements"] if s["type"] == "quote")
    assert statement == {
        "key": "we-call-on-belarus-to-release",
        "speaker": "kari-nordmann",
        "speaker_role": "Foreign Minister",
        "on_behalf_of": "nor",
        "type": "quote",
        "cameo": "1053",
        "quote": "We call on Belarus to release all political prisoners",
    }
    assert demand["statement"] == statement["key"]
    actors = {a["key"]: a for a in draft["actors"]}
    assert actors["kari-nordmann"] == {
        "key": "kari-nordmann",
        "kind": "person",
        "name": "Kari Nordmann",
    }
    assert actors["petr-ivanovski-brother"]["description"] == (
        "a brother of Petr Ivanovski (“his brother”)"
    )
    # Each suggestion says why, in a comment above it: the rule and the words.
    written = (folder / "facts.suggested.yaml").read_text(encoding="utf-8")
    assert "  # rule calls-on: “call on”\n" in written
    assert "  # date: “In March” is 2021-03 (month)\n" in written
    assert "  # speech: “said” with Foreign Minister Kari Nordmann\n" in written


def test_suggestions_never_load_until_moved_into_facts_yaml(
    folder: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys, "suggest", str(folder))[0] == 0
    # check (and load) read facts.yaml only: the draft's facts are not there.
    assert run(capsys, "check", str(folder)) == (
        0,
        "",
        "ok: 1 document(s), 0 fact row(s), all valid\n",
    )
    draft_path = folder / "facts.suggested.yaml"
    code, _, err = run(capsys, "check", str(draft_path))
    assert code == 1
    assert err == (
        f"error: {draft_path}: a draft of suggestions never loads: move the items you confirm "
        "into facts.yaml\n"
    )
    database = f"sqlite:///{tmp_path / 'suggest.db'}"
    assert run(capsys, "build", "-q", "--db", database)[0] == 0
    code, _, err = run(capsys, "load", "--db", database, str(draft_path))
    assert code == 1 and "never loads" in err
    # Moved into facts.yaml as they are, they check.
    facts = yaml.safe_load((folder / "facts.yaml").read_text(encoding="utf-8"))
    draft = draft_of(folder)
    facts.update({name: draft[name] for name in draft if name != "document"})
    (folder / "facts.yaml").write_text(yaml.safe_dump(facts, allow_unicode=True), "utf-8")
    assert run(capsys, "check", str(folder)) == (
        0,
        "",
        "ok: 1 document(s), 5 fact row(s), all valid\n",
    )


def test_merge_adds_only_what_no_curated_fact_covers(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "suggest", str(folder))[0] == 0
    draft = draft_of(folder)
    facts = yaml.safe_load((folder / "facts.yaml").read_text(encoding="utf-8"))
    facts["actors"] = draft["actors"]
    facts["statements"] = [s for s in draft["statements"] if s["type"] == "quote"]
    facts["demands"] = draft["demands"]
    (folder / "facts.yaml").write_text(yaml.safe_dump(facts, allow_unicode=True), "utf-8")
    code, _, err = run(capsys, "suggest", str(folder), "--merge")
    assert code == 0
    assert err == (
        f"wrote {folder}/facts.suggested.yaml: 1 event, 1 statement, 1 sanction; to declare: "
        "2 actors; 2 left out, their words already in facts.yaml\n"
    )
    merged = draft_of(folder)
    assert "demands" not in merged
    assert [s["key"] for s in merged["statements"]] == [
        "norway-condemns-the-arrests-of-journalists"
    ]
    assert [a["key"] for a in merged["actors"]] == ["petr-ivanovski", "petr-ivanovski-brother"]


def test_an_unknown_document_and_a_missing_publication_day_are_worded(
    folder: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "suggest", str(tmp_path / "nowhere"))
    assert (code, err) == (
        1,
        f"error: {tmp_path / 'nowhere'}: no such document: give a slug of seeds/documents/ or "
        "a folder\n",
    )
    facts = folder / "facts.yaml"
    facts.write_text(facts.read_text("utf-8").replace("'2021-04-20'", "''"), "utf-8")
    code, _, err = run(capsys, "suggest", str(folder))
    assert code == 1
    assert re.fullmatch(rf"error: {facts}:\d+: document/published_on: '' is not valid: .*\n", err)


def overall(output: str) -> dict[str, tuple[int, int, int]]:
    """The 'all N documents' table: kind -> (suggested, curated, right)."""
    table = output.split("all ")[-1].splitlines()[2:]
    rows = [line.split() for line in table]
    return {row[0]: (int(row[1]), int(row[2]), int(row[3])) for row in rows}


def test_evaluate_meets_the_targets_on_every_curated_document(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "suggest", "--evaluate")
    assert code == 0
    slugs = sorted(p.parent.name for p in DOCUMENTS_DIR.glob("*/facts.yaml"))
    header = "kind        suggested  curated  right  precision  recall"
    for slug in slugs:  # a table per document, then one over all
        assert f"{slug}\n{header}\n" in out
    assert f"all {len(slugs)} documents\n{header}\n" in out
    scores = overall(out)
    assert set(scores) == set(KINDS)
    for kind, (suggested, curated, right) in scores.items():
        assert suggested and right / suggested >= 0.6, (kind, scores[kind])
        if kind in ("statements", "demands", "sanctions"):
            assert right / curated >= 0.6, (kind, scores[kind])


def test_evaluate_one_document(capsys: pytest.CaptureFixture[str]) -> None:
    slug = "uk-fcdo-2020-11-05-belarus-fresh-elections"
    code, out, _ = run(capsys, "suggest", "--evaluate", slug)
    assert code == 0
    assert out.startswith(f"{slug}\n") and "\nall 1 documents\n" in out


def test_every_code_of_the_cue_table_is_the_codebooks(migrated_engine: Engine) -> None:
    with migrated_engine.connect() as conn:
        codebook = set(conn.execute(text("SELECT code FROM cameo_codes")).scalars())
    codes = read_rules().codes()
    assert {"100", "1053", "1041", "020", "0255", "111", "163"} <= codes
    assert codes <= codebook, sorted(codes - codebook)


def test_every_word_of_the_cue_table_is_the_vocabularys() -> None:
    rules = read_rules()
    words = vocabulary()
    assert {str(c.value) for c in rules.categories} <= set(words["category"])
    assert {c.event for c in rules.cues if c.event} <= set(words["event_type"])


def test_the_figures_of_docs_suggest_md_are_current(capsys: pytest.CaptureFixture[str]) -> None:
    """docs/suggest.md records `dossier suggest --evaluate` as it prints today."""
    page = (DOCUMENTS_DIR.parents[1] / "docs" / "suggest.md").read_text(encoding="utf-8")
    shown = re.search(r"^```console\n\$ dossier suggest --evaluate\n(.*?)^```$", page, re.M | re.S)
    assert shown is not None
    code, out, _ = run(capsys, "suggest", "--evaluate")
    assert code == 0
    assert out == shown[1], "docs/suggest.md: run `dossier suggest --evaluate` and copy its output"
