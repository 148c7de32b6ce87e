"""A curator's workflow: scaffold, check, load, name an earlier-described actor, unload."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
import yaml
from sqlalchemy import Engine, text

from scripts.cli import main
from seeds import DOCUMENTS_DIR
from seeds.errors import SeedError
from seeds.loader import check, load, unload
from seeds.parse import FACTS_SCHEMA
from seeds.scaffold import PROJECT_DIR, check_command, new_document, schema_reference
from tests.dbcontent import dump

SEED_SLUG = "uk-fcdo-2020-11-05-belarus-fresh-elections"
NOTE_TEXT = "Analyst note. Viktor Lukashenko, the son of Alexander Lukashenko, advised on security."


def _write_note(root: Path, slug: str = "a-note-naming-the-son") -> Path:
    text_file = root / "note.txt"
    text_file.write_text(NOTE_TEXT, encoding="utf-8")
    folder = new_document(slug, text_file, root / "docs")
    facts = yaml.safe_load((folder / "facts.yaml").read_text(encoding="utf-8"))
    facts["document"].update(
        title="A note",
        publisher="Dossier analysts",
        document_type="analyst_note",
        published_on="2026-11-28",
    )
    facts["actors"] = [
        {
            "key": "lukashenko-son",
            "kind": "person",
            "name": "Viktor Lukashenko",
            "aliases": ["Viktar Lukashenka"],
        },
        {"key": "a-security-council", "kind": "organization", "name": "A security council"},
    ]
    facts["relations"] = [
        {
            "key": "son",
            "subject": "lukashenko-son",
            "relation": "child_of",
            "object": "alexander-lukashenko",
            "quote": "the son of Alexander Lukashenko",
        },
        {
            "key": "adviser",
            "subject": "lukashenko-son",
            "relation": "member_of",
            "object": "a-security-council",
            "quote": "advised on security",
        },
    ]
    (folder / "facts.yaml").write_text(yaml.safe_dump(facts, allow_unicode=True), "utf-8")
    return folder


def test_new_scaffolds_a_folder_that_check_refuses_until_filled(tmp_path: Path) -> None:
    source = tmp_path / "source.txt"
    source.write_bytes("Exact “text”,\r\nkept byte for byte.".encode())
    assert main(["new", "my-doc", "--text", str(source), "--dir", str(tmp_path / "d")]) == 0
    folder = tmp_path / "d" / "my-doc"
    assert (folder / "text.txt").read_bytes() == source.read_bytes()
    facts = yaml.safe_load((folder / "facts.yaml").read_text(encoding="utf-8"))
    assert facts["document"]["text_sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    assert facts["statements"] == [] and facts["document"]["slug"] == "my-doc"
    with pytest.raises(SeedError) as caught:
        check([folder])
    assert caught.value.path == folder / "facts.yaml" and caught.value.line
    assert main(["new", "my-doc", "--text", str(source), "--dir", str(tmp_path / "d")]) == 1


def _comment_lines(folder: Path) -> list[str]:
    lines = (folder / "facts.yaml").read_text(encoding="utf-8").splitlines()
    return lines[: lines.index("document:")]


def _expected_comment(schema: str, check: str) -> list[str]:
    return [
        f"# yaml-language-server: $schema={schema}",
        "# Facts of one source document. Fill in the metadata, then add facts, each with the exact",
        "# words of text.txt that support it (`quote`).",
        check,
        "# Guide: docs/adding-documents.md",
    ]


def test_new_writes_no_absolute_path_into_the_facts_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The facts file is committed and read on other machines: its schema is named relative to
    the folder, and the check command relative to where the curator is."""
    (tmp_path / "source.txt").write_text("Some text.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["new", "here-doc", "--text", "source.txt", "--dir", "docs"]) == 0
    folder = tmp_path / "docs" / "here-doc"
    schema = os.path.relpath(FACTS_SCHEMA, folder)
    assert (folder / schema).resolve() == FACTS_SCHEMA
    assert _comment_lines(folder) == _expected_comment(
        schema, "# Check with: dossier check docs/here-doc"
    )

    # Made from elsewhere, given as an absolute path: the folder's name, and where to run it.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert main(["new", "there-doc", "--text", "../source.txt", "--dir", str(tmp_path)]) == 0
    folder = tmp_path / "there-doc"
    assert _comment_lines(folder) == _expected_comment(
        os.path.relpath(FACTS_SCHEMA, folder),
        "# Check with, from the folder that holds it: dossier check there-doc",
    )
    for path in (tmp_path / "docs" / "here-doc", folder):
        written = (path / "facts.yaml").read_text(encoding="utf-8")
        assert str(tmp_path) not in written and "$schema=/" not in written


def test_new_names_a_project_folder_as_the_guide_does(tmp_path: Path) -> None:
    """The default place, seen from the project folder or from outside the project: the
    guide's seeds/documents/SLUG, and the schema two folders up (nothing is written)."""
    folder = DOCUMENTS_DIR / "some-doc"
    assert check_command(folder, PROJECT_DIR) == ("", "seeds/documents/some-doc")
    assert check_command(folder, DOCUMENTS_DIR) == ("", "some-doc")
    assert check_command(folder, tmp_path) == (
        ", from the project folder",
        "seeds/documents/some-doc",
    )
    assert schema_reference(folder) == "../../facts.schema.json"


def test_new_refuses_a_bad_slug_and_text_that_is_not_utf8(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9")
    with pytest.raises(SeedError, match="invalid UTF-8"):
        new_document("ok-slug", bad, tmp_path)
    with pytest.raises(SeedError, match="slug"):
        new_document("Not A Slug", bad, tmp_path)
    assert not (tmp_path / "ok-slug").exists()


def _name(engine: Engine, key: str) -> str | None:
    with engine.connect() as conn:
        return conn.execute(text("SELECT name FROM actors WHERE key = :k"), {"k": key}).scalar()


@pytest.fixture
def seed_engine(migrated_engine: Engine) -> Engine:
    """The seed press release alone, as before any later document named its actors."""
    load(migrated_engine, [DOCUMENTS_DIR / SEED_SLUG])
    return migrated_engine


def test_a_later_document_names_an_actor_and_unloading_it_restores_all(
    seed_engine: Engine, tmp_path: Path
) -> None:
    built_engine = seed_engine
    before = dump(built_engine)
    assert _name(built_engine, "lukashenko-son") is None
    folder = _write_note(tmp_path)
    check([folder])
    load(built_engine, [folder])
    assert _name(built_engine, "lukashenko-son") == "Viktor Lukashenko"
    with built_engine.connect() as conn:
        names = set(
            conn.execute(
                text(
                    "SELECT n.name, n.name_type FROM actor_names n "
                    "JOIN actors a ON a.id = n.actor_id WHERE a.key = 'lukashenko-son'"
                )
            ).all()
        )
        seed_target = conn.execute(
            text(
                "SELECT a.name FROM sanctions s JOIN actors a ON a.id = s.target_id "
                "JOIN documents d ON d.id = s.document_id "
                "WHERE d.slug = :slug AND s.key LIKE '%/lukashenko-son'"
            ),
            {"slug": SEED_SLUG},
        ).scalar()
    assert names == {("Viktor Lukashenko", "name"), ("Viktar Lukashenka", "alias")}
    assert seed_target == "Viktor Lukashenko"  # the seed's own row, unedited, now named

    report = unload(built_engine, "a-note-naming-the-son")
    assert report.facts_removed == 2
    assert report.orphans_removed == {"actors": 1}  # the council only the note mentioned
    assert dump(built_engine) == before


def test_unload_through_the_cli(seed_engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    built_engine = seed_engine
    url = built_engine.url.render_as_string(hide_password=False)
    assert main(["unload", "no-such-document", "--db", url]) == 1
    assert capsys.readouterr().err.strip() == "error: no document 'no-such-document' is loaded"
    assert main(["unload", SEED_SLUG, "--db", url]) == 0
    with built_engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM v_evidence")).scalar_one() == 0
        assert conn.execute(text("SELECT count(*) FROM documents")).scalar_one() == 0
        described = conn.execute(text("SELECT count(*) FROM actors WHERE name IS NULL"))
        assert described.scalar_one() == 0  # the seed's described-only actors went with it
        regimes = conn.execute(text("SELECT key FROM sanction_regimes")).scalars().all()
        assert regimes == ["uk-global-human-rights"]  # the reference data's stays


def test_unloading_a_document_removes_the_regime_only_it_used(
    seed_engine: Engine, tmp_path: Path
) -> None:
    before = dump(seed_engine)
    folder = _write_note(tmp_path, "a-note-with-a-regime")
    facts = yaml.safe_load((folder / "facts.yaml").read_text(encoding="utf-8"))
    facts["regimes"] = [{"key": "a-note-regime", "name": "A regime", "authority": "gbr"}]
    facts["sanctions"] = [
        {
            "key": "under-the-note-regime",
            "authority": "gbr",
            "regime": "a-note-regime",
            "targets": ["lukashenko-son"],
            "quote": "advised on security",
        },
        {
            "key": "under-the-reference-regime",
            "authority": "gbr",
            "regime": "uk-global-human-rights",
            "targets": ["lukashenko-son"],
            "quote": "the son of Alexander Lukashenko",
        },
    ]
    (folder / "facts.yaml").write_text(yaml.safe_dump(facts, allow_unicode=True), "utf-8")
    load(seed_engine, [folder])
    with seed_engine.connect() as conn:
        keys = set(conn.execute(text("SELECT key FROM sanction_regimes")).scalars())
    assert keys == {"uk-global-human-rights", "a-note-regime"}
    report = unload(seed_engine, "a-note-with-a-regime")
    assert report.orphans_removed == {"actors": 1, "sanction_regimes": 1}
    assert dump(seed_engine) == before


def test_seed_folder_checks_clean() -> None:
    checked = check([DOCUMENTS_DIR])
    assert checked[SEED_SLUG] >= 15


def test_copy_of_seed_under_new_slug_loads_beside_it(built_engine: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "copy"
    shutil.copytree(DOCUMENTS_DIR / SEED_SLUG, folder)
    facts = yaml.safe_load((folder / "facts.yaml").read_text(encoding="utf-8"))
    facts["document"]["slug"] = "a-copy"
    (folder / "facts.yaml").write_text(yaml.safe_dump(facts, allow_unicode=True), "utf-8")
    report = load(built_engine, [folder])
    assert report.loaded == ["a-copy"] and report.entities_inserted == 0
