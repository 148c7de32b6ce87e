"""The synthetic corpus (scripts/generate_corpus.py) and the loader's fast paths on it (issue 7).

The generator is deterministic and its documents are valid seeds: they pass `check`, load on
both engines with every quote exact, and hold every kind of fact. A load that parses in
worker processes, writes facts in small batches and keeps few entities at hand (the paths a
large corpus takes) leaves the very database a plain load leaves, refuses a bad document as
a plain load does, and re-loads an unchanged corpus without writing.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import Engine, text

from models.database import make_engine
from models.migrations import upgrade
from scripts.generate_corpus import document_slug, generate, reference_states
from seeds import loader
from seeds.errors import SeedError
from seeds.loader import check, load
from tests.dbcontent import dump

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = 6
FACT_SECTIONS = ("relations", "participants", "statements", "findings", "sanctions", "demands")


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.*"))}


def _facts(folder: Path, index: int) -> dict[str, Any]:
    path = folder / document_slug(index) / "facts.yaml"
    return dict(yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    folder = tmp_path_factory.mktemp("corpus")
    return folder, generate(DOCUMENTS, folder, seed=7)


# --- the generator --------------------------------------------------------------------------


def test_same_seed_gives_byte_identical_files_and_another_seed_others(
    tmp_path: Path, corpus: tuple[Path, int]
) -> None:
    folder, _ = corpus
    again = tmp_path / "again"
    generate(DOCUMENTS, again, seed=7)
    assert _tree(again) == _tree(folder)
    assert len(_tree(folder)) == 2 * DOCUMENTS
    other = tmp_path / "other"
    generate(DOCUMENTS, other, seed=8)
    assert _tree(other).keys() == _tree(folder).keys()
    assert all(_tree(other)[name] != data for name, data in _tree(folder).items())


def test_a_document_depends_only_on_the_seed_and_its_number(
    tmp_path: Path, corpus: tuple[Path, int]
) -> None:
    folder, _ = corpus
    generate(2, tmp_path, seed=7, start=3)  # documents 3 and 4 alone
    assert _tree(tmp_path) == {
        k: v
        for k, v in _tree(folder).items()
        if k.startswith(("synthetic-000003", "synthetic-000004"))
    }


@pytest.mark.parametrize("how", [["scripts/generate_corpus.py"], ["-m", "scripts.generate_corpus"]])
def test_runs_as_a_script_and_as_a_module(
    how: list[str], tmp_path: Path, corpus: tuple[Path, int]
) -> None:
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, *how, "--documents", "2", "--out", str(out), "--seed", "7"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "2 document(s)" in done.stderr
    assert _tree(out) == {
        k: v
        for k, v in _tree(corpus[0]).items()
        if k.startswith(("synthetic-000000", "synthetic-000001"))
    }


def test_text_sha256_is_the_texts(corpus: tuple[Path, int]) -> None:
    folder, _ = corpus
    for index in range(DOCUMENTS):
        facts = _facts(folder, index)
        text_bytes = (folder / document_slug(index) / "text.txt").read_bytes()
        assert facts["document"]["text_sha256"] == hashlib.sha256(text_bytes).hexdigest()


def test_the_corpus_checks_clean_with_about_a_hundred_facts_a_document(
    corpus: tuple[Path, int],
) -> None:
    folder, facts = corpus
    checked = check([folder])
    assert sorted(checked) == [document_slug(i) for i in range(DOCUMENTS)]
    assert sum(checked.values()) == facts
    assert all(80 <= n <= 130 for n in checked.values()), checked


def test_every_kind_of_fact_actor_and_date_precision_is_there(corpus: tuple[Path, int]) -> None:
    folder, _ = corpus
    documents = [_facts(folder, i) for i in range(DOCUMENTS)]
    for facts in documents:
        assert all(facts.get(section) for section in FACT_SECTIONS), facts["document"]["slug"]
        assert facts["events"] and facts["investigations"] and facts["regimes"]
    every = [item for facts in documents for s in facts if s != "document" for item in facts[s]]
    kinds = Counter(a["kind"] for facts in documents for a in facts["actors"])
    assert {"person", "organization", "group"} <= set(kinds)
    assert any("name" not in a for facts in documents for a in facts["actors"])  # described only
    sanctions = [s for facts in documents for s in facts["sanctions"]]
    assert all(len(s["targets"]) >= 2 for s in sanctions)
    demands = [d for facts in documents for d in facts["demands"]]
    assert all(d["statement"] and d["cameo"].isdigit() for d in demands)
    forms = {len(str(item["date"])) for item in every if "date" in item}
    assert forms == {4, 7, 10}  # year, month and day precision
    assert any("occurrence" in item for item in every)
    reference = {state.key for state in reference_states()}
    named = {p["actor"] for facts in documents for p in facts["participants"]}
    named |= {s["speaker"] for facts in documents for s in facts["statements"]}
    assert len(named & reference) >= 10  # states, from seeds/reference
    assert len({a["key"] for facts in documents for a in facts["actors"]}) >= 60


def test_quotes_occur_once_or_say_which_occurrence(corpus: tuple[Path, int]) -> None:
    folder, _ = corpus
    for index in range(DOCUMENTS):
        facts = _facts(folder, index)
        body = (folder / document_slug(index) / "text.txt").read_text(encoding="utf-8")
        for section, items in facts.items():
            for item in items if section != "document" else []:
                if "quote" in item:
                    count = body.count(item["quote"])
                    assert count >= 1 and (count == 1 or "occurrence" in item), item


# --- loading it -----------------------------------------------------------------------------


def test_it_loads_with_every_quote_exact(migrated_engine: Engine, corpus: tuple[Path, int]) -> None:
    folder, facts = corpus
    report = load(migrated_engine, [folder])
    assert report.facts_written == facts and len(report.loaded) == DOCUMENTS
    with migrated_engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT fact_table, quote_matches FROM v_evidence "
                "WHERE document_slug LIKE 'synthetic-%'"
            )
        ).all()
    assert sum(1 for r in rows if r.fact_table != "events") == facts
    assert {r.quote_matches for r in rows} == {1}


def test_batches_leave_the_database_one_batch_leaves(
    migrated_engine: Engine,
    second_database_url: str,
    corpus: tuple[Path, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A large load writes its rows a batch at a time: the database it leaves is the one a
    single batch leaves, and a second load writes nothing."""
    folder, facts = corpus
    monkeypatch.setattr(loader, "BATCH_ROWS", 10**9)
    load(migrated_engine, [folder])
    whole = dump(migrated_engine)
    batched = make_engine(second_database_url)
    upgrade(batched)
    monkeypatch.setattr(loader, "BATCH_ROWS", 150)
    report = load(batched, [folder])
    assert report.facts_written == facts
    assert dump(batched) == whole
    again = load(batched, [folder])
    assert again.loaded == [] and len(again.unchanged) == DOCUMENTS
    assert again.entities_inserted == again.entities_updated == 0
    assert dump(batched) == whole
    batched.dispose()


def test_a_bad_document_in_a_later_batch_leaves_the_database_as_it_was(
    built_engine: Engine, corpus: tuple[Path, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "BATCH_ROWS", 150)
    folder, _ = corpus
    copy = tmp_path / "copy"
    for index in range(DOCUMENTS):
        source = folder / document_slug(index)
        (copy / source.name).mkdir(parents=True)
        for name in ("text.txt", "facts.yaml"):
            (copy / source.name / name).write_bytes((source / name).read_bytes())
    bad = copy / document_slug(3) / "facts.yaml"
    lines = bad.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("findings:")) + 1
    while not lines[at].lstrip().startswith("quote:"):
        at += 1
    lines[at] = '    quote: "words that are nowhere in the text"'
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = dump(built_engine)
    with pytest.raises(SeedError) as caught:
        load(built_engine, [copy])
    assert caught.value.path == bad and caught.value.line == at + 1
    assert "quote not found" in str(caught.value)
    assert dump(built_engine) == before
