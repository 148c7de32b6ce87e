"""The seed document, fact by fact with evidence, and the loader's promises (issue 3)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from seeds import DOCUMENTS_DIR, loader, parse
from seeds.errors import SeedError
from seeds.loader import load
from tests.dbcontent import dump

SEED_SLUG = "uk-fcdo-2020-11-05-belarus-fresh-elections"
SEED_DIR = DOCUMENTS_DIR / SEED_SLUG
SHARED_SEED = Path(__file__).resolve().parents[2] / "shared/seed-documents/000_cedf15543bb9101b.txt"


def dossier(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scripts.cli", *args], capture_output=True, text=True, timeout=300
    )


def test_seed_text_is_the_source_document_exactly() -> None:
    if not SHARED_SEED.exists():
        pytest.skip(f"{SHARED_SEED} is not beside this checkout")
    assert (SEED_DIR / "text.txt").read_bytes() == SHARED_SEED.read_bytes()


def test_build_command_builds_and_a_second_build_changes_nothing(database_url: str) -> None:
    first = dossier("build", "--db", database_url)
    assert first.returncode == 0, first.stderr
    documents = len(list(DOCUMENTS_DIR.glob("*/facts.yaml")))
    assert first.stderr.splitlines()[-1].startswith(f"{documents} document(s) loaded, 0 unch")
    second = dossier("build", "--db", database_url)
    assert second.returncode == 0, second.stderr
    last = second.stderr.splitlines()[-1]
    assert last.startswith(f"0 document(s) loaded, {documents} unchanged; 0 fact row(s)"), last


def test_every_evidence_quote_is_the_documents_text_at_its_span(built_engine: Engine) -> None:
    texts = {p.parent.name: p.read_text(encoding="utf-8") for p in DOCUMENTS_DIR.glob("*/text.txt")}
    with built_engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT fact_table, document_slug, char_start, char_end, quote, quote_matches "
                "FROM v_evidence"
            )
        ).all()
    assert sum(1 for r in rows if r.document_slug == SEED_SLUG) >= 15
    for row in rows:
        assert row.quote == texts[row.document_slug][row.char_start : row.char_end], row
        assert row.quote_matches == 1, row


def test_seed_facts_cover_every_kind(built_engine: Engine) -> None:
    facts = yaml.safe_load((SEED_DIR / "facts.yaml").read_text(encoding="utf-8"))
    with built_engine.connect() as conn:
        counts = {
            table: conn.execute(
                text(
                    f"SELECT count(*) FROM {table} t JOIN documents d ON d.id = t.document_id "
                    "WHERE d.slug = :slug"
                ),
                {"slug": SEED_SLUG},
            ).scalar_one()
            for table in (
                "statements",
                "findings",
                "sanctions",
                "demands",
                "event_participants",
                "actor_relations",
            )
        }
    assert counts["statements"] == len(facts["statements"])
    assert counts["findings"] == len(facts["findings"]) >= 5
    assert counts["demands"] == len(facts["demands"]) >= 7
    assert counts["sanctions"] == sum(len(s["targets"]) for s in facts["sanctions"]) == 3
    assert all(counts.values())


def test_partial_dates_keep_their_precision(built_engine: Engine) -> None:
    with built_engine.connect() as conn:
        imposed = conn.execute(
            text(
                "SELECT DISTINCT imposed_on, date_precision FROM sanctions s "
                "JOIN documents d ON d.id = s.document_id WHERE d.slug = :slug"
            ),
            {"slug": SEED_SLUG},
        ).all()
        election = conn.execute(
            text(
                "SELECT occurred_on, date_precision FROM events "
                "WHERE key = 'belarus-presidential-election-2020'"
            )
        ).one()
    assert [(str(d), p) for d, p in imposed] == [("2020-09-01", "month")]
    assert (str(election[0]), election[1]) == ("2020-08-09", "day")


def test_second_load_writes_nothing_at_all(built_engine: Engine) -> None:
    before = dump(built_engine)
    with built_engine.connect() as watcher:
        marker = _write_marker(watcher)
        report = load(built_engine, [DOCUMENTS_DIR])
        assert report.loaded == [] and report.entities_inserted == report.entities_updated == 0
        assert _write_marker(watcher) == marker, "a row was rewritten"
    assert dump(built_engine) == before


def _write_marker(conn) -> object:  # type: ignore[no-untyped-def]
    """Something that changes when any row is written by another connection."""
    if conn.dialect.name == "sqlite":
        version = conn.execute(text("PRAGMA data_version")).scalar_one()
        conn.rollback()  # release the read lock, or the load could not commit
        return version
    tables = (
        "documents",
        "actors",
        "states",
        "actor_names",
        "events",
        "statements",
        "demands",
        "findings",
        "sanctions",
        "event_participants",
        "actor_relations",
    )
    marker = {
        t: conn.execute(text(f"SELECT array_agg(xmin::text ORDER BY id) FROM {t}")).scalar_one()
        for t in tables
        if t != "states"
    }
    conn.rollback()  # end the snapshot, so the next read sees the other connection's writes
    return marker


def _copy_seed(tmp_path: Path, slug: str = SEED_SLUG) -> Path:
    folder = tmp_path / "docs" / slug
    shutil.copytree(SEED_DIR, folder)
    return folder


def _edit_facts(folder: Path, change) -> None:  # type: ignore[no-untyped-def]
    path = folder / "facts.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_changed_document_replaces_its_facts(migrated_engine: Engine, tmp_path: Path) -> None:
    folder = _copy_seed(tmp_path)
    load(migrated_engine, [folder])

    def drop_one_demand_and_reword_a_finding(data: dict) -> None:  # type: ignore[type-arg]
        data["demands"] = [d for d in data["demands"] if d["key"] != "release-detained"]
        data["findings"][0]["text"] = "Reworded."

    _edit_facts(folder, drop_one_demand_and_reword_a_finding)
    report = load(migrated_engine, [folder])
    assert report.loaded == [SEED_SLUG]
    with migrated_engine.connect() as conn:
        keys = set(conn.execute(text("SELECT key FROM demands")).scalars())
        reworded = conn.execute(text("SELECT count(*) FROM findings WHERE text = 'Reworded.'"))
        assert "release-detained" not in keys and "end-the-violence" in keys
        assert reworded.scalar_one() == 1


def test_an_edit_to_the_facts_file_or_the_parser_reloads_the_document(
    migrated_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whether a document is written again is decided by its files and the parser's code:
    any edit to either (a comment too) reloads it, with the same facts; nothing else does."""
    folder = _copy_seed(tmp_path)
    load(migrated_engine, [folder])
    facts = _facts(migrated_engine)
    assert load(migrated_engine, [folder]).unchanged == [SEED_SLUG]
    with (folder / "facts.yaml").open("a", encoding="utf-8") as file:
        file.write("# a comment at the end\n")
    assert load(migrated_engine, [folder]).loaded == [SEED_SLUG]
    assert load(migrated_engine, [folder]).unchanged == [SEED_SLUG]
    monkeypatch.setattr(parse, "_parser_version", lambda: b"another parser")
    assert load(migrated_engine, [folder]).loaded == [SEED_SLUG]
    assert _facts(migrated_engine) == facts


def _facts(engine: Engine) -> dict[str, set[tuple[object, ...]]]:
    """Each fact table's rows by key and span (reloaded facts take new ids on PostgreSQL)."""
    tables = ("actor_relations", "event_participants", "statements", "findings", "sanctions")
    with engine.connect() as conn:
        return {
            t: set(map(tuple, conn.execute(text(f"SELECT key, char_start, quote FROM {t}"))))
            for t in (*tables, "demands")
        }


@pytest.mark.parametrize("loads", ["one load", "a load each"])
def test_an_actor_is_named_by_the_latest_published_document(
    migrated_engine: Engine, tmp_path: Path, loads: str
) -> None:
    """Three documents name one actor differently: the latest published one's name stands,
    not the first loaded nor the last (documents load in their folders' order). In one load
    into an empty database the loader keeps the best names as it writes them; a load after
    others reads them back (Writer.best_names): both settle alike."""
    folders = []
    for slug, published, name in (
        ("a-older", "2020-12-31", "Older Name"),
        ("b-newer", "2021-03-02", "Newer Name"),
        ("c-oldest", "2019-06-01", "Oldest Name"),
    ):
        folder = _copy_seed(tmp_path, slug)
        folders.append(folder)

        def rename(data: dict, slug: str = slug, on: str = published, name: str = name) -> None:  # type: ignore[type-arg]
            data["document"].update(slug=slug, published_on=on)
            son = next(a for a in data["actors"] if a["key"] == "lukashenko-son")
            son["name"] = name

        _edit_facts(folder, rename)
    for paths in [[tmp_path / "docs"]] if loads == "one load" else [[f] for f in folders]:
        load(migrated_engine, paths)
    with migrated_engine.connect() as conn:
        name = conn.execute(text("SELECT name FROM actors WHERE key = 'lukashenko-son'"))
        assert name.scalar_one() == "Newer Name"


def test_a_bad_document_leaves_the_database_as_it_was(built_engine: Engine, tmp_path: Path) -> None:
    good = _copy_seed(tmp_path, "a-good-copy")
    _edit_facts(good, lambda d: d["document"].update(slug="a-good-copy"))
    bad = _copy_seed(tmp_path, "b-bad-copy")

    def break_a_quote(data: dict) -> None:  # type: ignore[type-arg]
        data["document"]["slug"] = "b-bad-copy"
        data["findings"][2]["quote"] = "The elections were fair."

    _edit_facts(bad, break_a_quote)
    before = dump(built_engine)
    with pytest.raises(SeedError) as caught:
        load(built_engine, [tmp_path / "docs"])
    assert caught.value.path == bad / "facts.yaml" and caught.value.line
    assert "quote not found" in str(caught.value)
    assert dump(built_engine) == before


def test_a_document_may_refer_to_what_a_later_one_declares(
    migrated_engine: Engine, tmp_path: Path
) -> None:
    early = _copy_seed(tmp_path, "a-early")

    def use_a_later_actor(data: dict) -> None:  # type: ignore[type-arg]
        data["document"]["slug"] = "a-early"
        data["actors"] = [a for a in data["actors"] if a["key"] != "lukashenko-son"]

    _edit_facts(early, use_a_later_actor)
    later = _copy_seed(tmp_path, "b-later")
    _edit_facts(later, lambda d: d["document"].update(slug="b-later"))
    report = load(migrated_engine, [tmp_path / "docs"])
    assert sorted(report.loaded) == ["a-early", "b-later"]


def test_unknown_actor_is_refused_with_its_line(migrated_engine: Engine, tmp_path: Path) -> None:
    folder = _copy_seed(tmp_path)
    _edit_facts(folder, lambda d: d["demands"][0].update(by="nobody-at-all"))
    with pytest.raises(SeedError, match="unknown actor 'nobody-at-all'") as caught:
        load(migrated_engine, [folder])
    lines = (folder / "facts.yaml").read_text(encoding="utf-8").splitlines()
    assert "demands:" in "\n".join(lines[: caught.value.line])


def test_reference_data_is_checked_against_its_schema(tmp_path: Path) -> None:
    from seeds import REFERENCE_DIR
    from seeds.parse import parse_reference

    for path in REFERENCE_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    states = tmp_path / "states.yaml"
    lines = states.read_text(encoding="utf-8").splitlines()
    number = lines.index("  - key: gbr") + 2  # its `osce_participating: true`
    lines[number] = '    osce_participating: "yes"'
    states.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(SeedError, match="osce_participating") as caught:
        parse_reference(tmp_path)
    assert (caught.value.path, caught.value.line) == (states, number + 1)
    (tmp_path / "actors.yaml").write_text(
        "actors:\n  - key: x\n    kind: person\n    wikidata: Q\n"
    )
    with pytest.raises(SeedError, match="wikidata"):
        parse_reference(tmp_path)


def test_rows_added_by_others_after_a_load_take_fresh_ids(built_engine: Engine) -> None:
    """A load gives new rows their ids itself (from the sequence on PostgreSQL): an insert
    that leaves the id to the database afterwards must not collide with any of them."""
    with built_engine.begin() as conn:
        before = conn.execute(text("SELECT max(id) FROM documents")).scalar_one()
        conn.execute(
            text(
                "INSERT INTO documents (slug, title, publisher, document_type, published_on, "
                "language, body_text, char_length, sha256, facts_sha256) VALUES ('by-hand', "
                "'t', 'p', 'note', '2020-01-01', 'en', 'x', 1, 'h', 'f')"
            )
        )
        actor_before = conn.execute(text("SELECT max(id) FROM actors")).scalar_one()
        conn.execute(text("INSERT INTO actors (key, kind, name) VALUES ('by-hand', 'group', 'G')"))
        added = conn.execute(text("SELECT id FROM documents WHERE slug = 'by-hand'")).scalar_one()
        actor = conn.execute(text("SELECT id FROM actors WHERE key = 'by-hand'")).scalar_one()
    assert added > before and actor > actor_before


def test_a_load_numbers_new_rows_without_gaps(built_engine: Engine) -> None:
    """A load numbers new rows after the largest id, so the seeds' rows are 1, 2, 3, …"""
    with built_engine.connect() as conn:
        tables = ("documents", "actors", "events", "investigations", "sanction_regimes")
        for table in (*tables, "statements"):
            ids = conn.execute(text(f"SELECT id FROM {table} ORDER BY id")).scalars().all()
            assert ids == list(range(1, len(ids) + 1)), table


def _indexes(engine: Engine) -> dict[str, str]:
    """Every index of the schema, by name, with its definition."""
    if engine.dialect.name == "sqlite":
        query = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    else:
        query = "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
    with engine.connect() as conn:
        return dict(conn.execute(text(query)).all())


def test_a_load_into_an_empty_database_ends_with_the_migrations_indexes(
    migrated_engine: Engine,
) -> None:
    """A load leaves every index the migrations made, each complete."""
    before = _indexes(migrated_engine)
    assert any(name.startswith("ix_statements_") for name in before)
    load(migrated_engine, [DOCUMENTS_DIR])
    assert _indexes(migrated_engine) == before
    with migrated_engine.connect() as conn:
        speaker = conn.execute(text("SELECT speaker_id FROM statements LIMIT 1")).scalar_one()
        by_index = conn.execute(
            text("SELECT count(*) FROM statements WHERE speaker_id = :s"), {"s": speaker}
        ).scalar_one()
        whole = conn.execute(
            text("SELECT count(*) FROM statements WHERE speaker_id + 0 = :s"), {"s": speaker}
        ).scalar_one()
        if migrated_engine.dialect.name == "sqlite":
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    assert by_index == whole >= 1


def test_a_failed_load_into_an_empty_database_leaves_its_indexes(
    migrated_engine: Engine, tmp_path: Path
) -> None:
    folder = _copy_seed(tmp_path)
    _edit_facts(folder, lambda d: d["demands"][-1].update(by="nobody-at-all"))
    before = _indexes(migrated_engine)
    with pytest.raises(SeedError, match="nobody-at-all"):
        load(migrated_engine, [folder])
    assert _indexes(migrated_engine) == before


def test_a_load_that_would_leave_a_broken_reference_is_refused_whole(
    migrated_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A row referring to a missing one fails the load (foreign keys are checked row by row
    on both engines): nothing is written."""
    before = dump(migrated_engine)
    settle = loader.settle_names

    def and_a_name_of_nobody(conn: object, *args: object) -> None:
        settle(conn, *args)  # type: ignore[arg-type]
        conn.exec_driver_sql(  # type: ignore[attr-defined]
            "INSERT INTO actor_names (id, actor_id, name, name_type) "
            "VALUES (987654, 987654, 'Nobody', 'name')"
        )

    monkeypatch.setattr(loader, "settle_names", and_a_name_of_nobody)
    with pytest.raises(IntegrityError):
        load(migrated_engine, [DOCUMENTS_DIR])
    assert dump(migrated_engine) == before


def test_a_wikidata_id_another_actor_holds_is_refused(built_engine: Engine, tmp_path: Path) -> None:
    """A new actor may not take the Wikidata id of one already loaded."""
    folder = _copy_seed(tmp_path, "a-copy")

    def add_a_second_belarus(data: dict) -> None:  # type: ignore[type-arg]
        data["document"]["slug"] = "a-copy"
        data["actors"].append(
            {"key": "a-second-belarus", "kind": "organization", "name": "B", "wikidata": "Q184"}
        )

    _edit_facts(folder, add_a_second_belarus)
    before = dump(built_engine)
    with pytest.raises(SeedError, match="Wikidata id Q184 is already 'blr'"):
        load(built_engine, [folder])
    assert dump(built_engine) == before


def _documents_declaring(tmp_path: Path, name: str, *declarations: dict[str, str]) -> list[Path]:
    """Copies of the seed document, `name`-0, `name`-1..., one per declaration of the actor
    `x-actor`, loaded in this order (their slugs sort so)."""
    folders = []
    for number, declaration in enumerate(declarations):
        slug = f"{name}-{number}"
        folder = _copy_seed(tmp_path, slug)

        def declare(data: dict, slug: str = slug, actor: dict = declaration) -> None:  # type: ignore[type-arg]
            data["document"]["slug"] = slug
            data["actors"].append({"key": "x-actor", **actor})

        _edit_facts(folder, declare)
        folders.append(folder)
    return folders


def test_an_actor_declared_again_is_compared_with_what_it_is_now(
    migrated_engine: Engine, tmp_path: Path
) -> None:
    """Documents re-declare actors all the time: a declaration fills in what is unknown and is
    refused if it contradicts what the actor is by then."""
    named = {"kind": "person", "name": "Xavier"}
    described = {"kind": "person", "description": "an official"}
    folders = _documents_declaring(tmp_path, "declares", named, named, described, named, named)
    load(migrated_engine, folders)
    with migrated_engine.connect() as conn:
        actor = conn.execute(
            text("SELECT kind, name, description FROM actors WHERE key = 'x-actor'")
        ).one()
    assert tuple(actor) == ("person", "Xavier", "an official")

    contradicting = _documents_declaring(
        tmp_path, "contradicts", named, named, {"kind": "organization", "name": "Xavier"}
    )
    before = dump(migrated_engine)
    with pytest.raises(SeedError, match="kind is 'organization' here, but 'person'") as refused:
        load(migrated_engine, contradicting)
    assert refused.value.path == contradicting[2] / "facts.yaml"
    assert dump(migrated_engine) == before


@pytest.fixture
def twelve_in_batches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A generated corpus of 12 documents, loaded about two documents a batch."""
    from scripts.generate_corpus import generate

    generate(12, tmp_path / "corpus")
    monkeypatch.setattr(loader, "BATCH_ROWS", 150)
    return tmp_path / "corpus"


def test_a_write_failing_in_a_later_batch_fails_the_load_whole(
    migrated_engine: Engine, twelve_in_batches: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches are written as the load goes; an error writing a later one is the load's
    error: nothing is written, and the connections are left fit for the next load."""
    before = dump(migrated_engine)
    insert, calls = loader._insert, []

    def failing(conn: object, table: str, rows: list) -> None:  # type: ignore[type-arg]
        calls.append(table)
        if len(calls) == 40:
            raise RuntimeError("the disk is full")
        insert(conn, table, rows)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "_insert", failing)
    with pytest.raises(RuntimeError, match="the disk is full"):
        load(migrated_engine, [twelve_in_batches])
    assert len(calls) == 40
    assert dump(migrated_engine) == before
    monkeypatch.setattr(loader, "_insert", insert)
    assert len(load(migrated_engine, [twelve_in_batches]).loaded) == 12


def test_a_bad_document_after_batches_were_written_fails_the_load_whole(
    migrated_engine: Engine, twelve_in_batches: Path
) -> None:
    """A document found bad after batches before it were written: the load rolls them back
    and raises the document's error."""
    last = sorted(twelve_in_batches.iterdir())[-1] / "facts.yaml"
    last.write_text(last.read_text(encoding="utf-8") + "\n  - [unclosed\n", encoding="utf-8")
    before = dump(migrated_engine)
    with pytest.raises(SeedError, match=last.parent.name):
        load(migrated_engine, [twelve_in_batches])
    assert dump(migrated_engine) == before
    last.write_text(last.read_text(encoding="utf-8").replace("\n  - [unclosed\n", ""), "utf-8")
    assert len(load(migrated_engine, [twelve_in_batches]).loaded) == 12
