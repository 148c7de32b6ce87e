"""The document bundle (JSON Lines) through the `dossier` command: export, load, errors; and
`check`, which runs the load's own code, reporting every problem in file order."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import Engine

from models.database import make_engine
from models.migrations import upgrade
from scripts.cli import main
from seeds import DOCUMENTS_DIR
from tests.dbcontent import copy_seed, dump, fresh_postgres_database, line_with

SEED_SLUG = "uk-fcdo-2020-11-05-belarus-fresh-elections"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = main(argv)
    return code, capsys.readouterr().err


def content(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, dates as ISO text (SQLite stores them so), without the documents'
    facts_sha256: a digest of the record as written (a file or a bundle line) that decides
    whether a document must load again, not content."""
    tables = dump(engine)
    for name, rows in tables.items():
        rows = [tuple(v.isoformat() if isinstance(v, dt.date) else v for v in r) for r in rows]
        if name == "documents":
            rows = [r[:-1] for r in rows]  # facts_sha256 is the last column
        tables[name] = sorted(rows, key=repr)
    return tables


@pytest.mark.parametrize("direction", ["sqlite to postgresql", "postgresql to sqlite"])
def test_a_bundle_export_loads_into_an_empty_database_as_the_same_content(
    direction: str,
    tmp_path: Path,
    postgres_server_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bundle = tmp_path / "out" / "seeds.jsonl"
    sqlite_url = f"sqlite:///{tmp_path / 'dossier.db'}"
    with fresh_postgres_database(postgres_server_url) as pg_url:
        source, target = (sqlite_url, pg_url) if direction[0] == "s" else (pg_url, sqlite_url)
        code, built = run(["build", "--db", source], capsys)
        assert code == 0, built
        documents = len([p for p in DOCUMENTS_DIR.iterdir() if (p / "facts.yaml").exists()])
        code, err = run(
            ["export", "--format", "bundle", "--out", str(bundle), "--db", source], capsys
        )
        assert (code, err) == (0, f"wrote {documents} documents as a bundle to {bundle}\n")
        lines = bundle.read_text(encoding="utf-8").splitlines()
        assert sorted(json.loads(line)["document"]["slug"] for line in lines) == sorted(
            p.name for p in DOCUMENTS_DIR.iterdir() if (p / "facts.yaml").exists()
        )
        target_engine = make_engine(target)
        upgrade(target_engine)
        code, err = run(["load", "--db", target, str(bundle)], capsys)
        assert code == 0, err
        # the same summary as the build from the folders: documents, facts and entities
        assert err.splitlines()[-1] == built.splitlines()[-1]
        assert built.splitlines()[-1].startswith(f"{documents} document(s) loaded, 0 unchanged")
        source_engine = make_engine(source)
        assert content(target_engine) == content(source_engine)
        code, err = run(["load", "-q", "--db", target, str(bundle)], capsys)
        assert (code, err) == (0, "")
        assert content(target_engine) == content(source_engine)
        target_engine.dispose()
        source_engine.dispose()


def _seed_record() -> dict[str, Any]:
    folder = DOCUMENTS_DIR / SEED_SLUG
    data = yaml.safe_load((folder / "facts.yaml").read_text(encoding="utf-8"))
    del data["document"]["text_file"]
    data["document"]["text"] = (folder / "text.txt").read_text(encoding="utf-8")
    return data


def _bundle(path: Path, *records: Any) -> Path:
    path.write_text(
        "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records),
        encoding="utf-8",
    )
    return path


def _broken(change: Any) -> dict[str, Any]:
    record = _seed_record()
    change(record)
    return record


BUNDLE_ERRORS = [
    pytest.param(
        "{not json",
        "2: malformed JSON: Expecting property name enclosed in double quotes",
        id="malformed-json",
    ),
    pytest.param(
        _broken(lambda r: r["demands"][2].update(quote="words nowhere")),
        "2: /demands/2/quote: quote not found in the text: 'words nowhere'\n"
        "  no passage of the text resembles it",
        id="quote-absent",
    ),
    pytest.param(
        _broken(lambda r: r["actors"][0].update(kind="planet")),
        "2: /actors/0/kind: 'planet' is not one of ['state', 'organization', 'person', 'group']",
        id="schema",
    ),
    pytest.param(
        _broken(lambda r: r["sanctions"][0].update(authority="nobody")),
        "2: /sanctions/0/authority: unknown actor 'nobody'",
        id="unknown-actor",
    ),
    pytest.param(
        _broken(lambda r: r["document"].update(title="a\u0000b")),
        "2: /document/title: a string holds U+0000, a character that cannot be stored",
        id="nul",
    ),
]


@pytest.mark.parametrize(("second", "message"), BUNDLE_ERRORS)
def test_a_bad_bundle_line_is_refused_with_its_line_and_pointer(
    second: Any,
    message: str,
    migrated_engine: Engine,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    other = _seed_record()
    other["document"]["slug"] = "another-copy"
    path = _bundle(tmp_path / "b.jsonl", other, second)
    before = dump(migrated_engine)
    url = migrated_engine.url.render_as_string(hide_password=False)
    code, err = run(["load", "-q", "--db", url, str(path)], capsys)
    assert (code, err) == (1, f"error: {path}:{message}\n")
    assert dump(migrated_engine) == before


def _copy(tmp_path: Path, slug: str, change: Any) -> Path:
    return copy_seed(tmp_path / "docs" / slug, change)


def test_check_reports_every_problem_in_file_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def two_problems(data: dict[str, Any]) -> None:
        data["demands"][1]["quote"] = "no such words"
        data["findings"][0]["quote"] = "nor these"

    first = _copy(tmp_path, "a-first", two_problems)
    second = _copy(tmp_path, "b-second", lambda d: d["sanctions"][0].update(authority="nobody"))
    code, err = run(["check", "-q", str(tmp_path / "docs")], capsys)
    finding = line_with(first, "quote: nor these")
    demand = line_with(first, "quote: no such words")
    sanction = line_with(second, "authority: nobody")
    assert finding < demand
    assert (code, err) == (
        1,
        f"error: {first}:{finding}: quote not found in the text: 'nor these'\n"
        "  no passage of the text resembles it\n"
        f"error: {first}:{demand}: quote not found in the text: 'no such words'\n"
        "  no passage of the text resembles it\n"
        f"error: {second}:{sanction}: unknown actor 'nobody'\n"
        "3 errors\n",
    )


def test_check_refuses_what_load_refuses(
    tmp_path: Path, migrated_engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    """An event declared again under another name: a contradiction for load, so for check."""
    facts = _copy(
        tmp_path, "renames-an-event", lambda d: d["events"][0].update(name="Another name")
    )
    message = (
        f"error: {facts}:{line_with(facts, '- key: belarus-presidential-election-2020')}: event "
        "'belarus-presidential-election-2020': name is 'Another name' here, but 'Presidential "
        "election in Belarus' in the database (from the reference data or another document)\n"
    )
    code, err = run(["check", "-q", str(facts.parent)], capsys)
    assert (code, err) == (1, message)
    url = migrated_engine.url.render_as_string(hide_password=False)
    assert run(["load", "-q", "--db", url, str(DOCUMENTS_DIR)], capsys) == (0, "")
    before = dump(migrated_engine)
    assert run(["load", "-q", "--db", url, str(facts.parent)], capsys) == (1, message)
    assert dump(migrated_engine) == before
