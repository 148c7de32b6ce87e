"""`dossier search` on the seeds, on both engines: what it finds is what the words say.

The expected facts are worked out here from the facts' own words (quote, and text where the
table has one) with a regular expression, not from the search indexes: the same facts must
come back on SQLite and PostgreSQL, and after an unload and a reload.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from models.search import SEARCHED, TRIGGERS, fts_table, index_name, parse
from scripts.cli import main
from seeds import DOCUMENTS_DIR
from tests.cli import document_folder
from tests.test_serve import Served, start_server

Found = set[tuple[str, str | None, str]]  # (kind, fact key, document slug)

HOSTILE = [
    "",
    "   ",
    "*",
    "**",
    '"',
    '"held to',
    '""',
    "()",
    "(torture",
    "OR",
    "torture OR journalist",
    "NOT torture",
    "NEAR(",
    "NEAR(torture journalists, 2)",
    "torture AND",
    "'; DROP TABLE findings; --",
    "tor*ture",
    '"tort*"',
    "-torture",
    "^torture",
    "quote:torture",
    "{quote text}: torture",
    "torture\x00",
    "the",
    "x" * 5000,
    " ".join(["torture"] * 40),
]


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _search(engine: Engine, capsys: pytest.CaptureFixture[str], words: str, *options: str) -> Found:
    code = main(["search", words, "--db", _url(engine), "--format", "json", *options])
    out, err = capsys.readouterr()
    assert (code, err) == (0, ""), err
    return {(hit["kind"], hit["key"], hit["document"]) for hit in json.loads(out)}


def _speaking_of(engine: Engine, pattern: str) -> Found:
    """The facts whose quote or text matches `pattern` (a regular expression, any case)."""
    found: Found = set()
    words = re.compile(pattern, re.IGNORECASE)
    with engine.connect() as conn:
        for table, (kind, columns) in SEARCHED.items():
            if kind == "document":
                continue
            joined = ", ".join(f"t.{c}" for c in columns)
            sql = f"SELECT t.key, d.slug, {joined} FROM {table} AS t "
            sql += "JOIN documents AS d ON d.id = t.document_id"
            for key, slug, *values in conn.execute(text(sql)):
                if any(words.search(v) for v in values):
                    found.add((kind, key, slug))
    return found


def test_torture_finds_the_findings_and_demands_that_speak_of_it(
    built_engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = _speaking_of(built_engine, r"\btortur(e|es|ed|ing)\b")
    assert {"finding", "demand"} <= {kind for kind, _, _ in expected}
    assert _search(built_engine, capsys, "torture", "--limit", "1000") == expected
    assert _search(built_engine, capsys, "TORTURED", "--limit", "1000") == expected  # stemmed
    only = _search(built_engine, capsys, "torture", "--kind", "finding", "--kind", "demand")
    assert only == {f for f in expected if f[0] in ("finding", "demand")}


def test_a_phrase_and_a_prefix_find_what_they_should(
    built_engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    held = _speaking_of(built_engine, r"\bheld\s+to\s+account\b")
    assert held
    assert _search(built_engine, capsys, '"held to account"') == held
    # Every word of a phrase must appear, in order: "to account held" is not it.
    assert _search(built_engine, capsys, '"account to held"') == set()
    journalists = _speaking_of(built_engine, r"\bjournalist\w*")
    assert journalists
    assert _search(built_engine, capsys, "journalist*") == journalists
    assert _search(built_engine, capsys, "journalis*") == journalists
    # Two terms: both must appear.
    both = _speaking_of(built_engine, r"\bjournalist\w*") & _speaking_of(built_engine, r"\bmedia")
    assert _search(built_engine, capsys, "journalist* media") == both


def test_each_hit_has_its_document_actors_and_a_snippet(
    built_engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["search", "torture", "--db", _url(built_engine), "--format", "json"])
    hits = json.loads(capsys.readouterr().out)
    assert hits
    for hit in hits:
        assert list(hit) == ["kind", "id", "key", "document", "actors", "snippet"]
        assert "[tortur" in hit["snippet"].lower(), hit
        assert hit["actors"], hit
    assert main(["search", "torture", "--db", _url(built_engine)]) == 0
    table = capsys.readouterr().out
    assert table.splitlines()[0].split(" | ")[0].strip() == "kind"
    assert table.rstrip().endswith(f"({len(hits)} rows)")
    documents = _search(built_engine, capsys, "Belarus", "--kind", "document")
    assert {slug for _, _, slug in documents} == {p.name for p in DOCUMENTS_DIR.iterdir()}


def test_the_same_facts_on_both_engines(
    seeded_pair: tuple[Engine, Engine], capsys: pytest.CaptureFixture[str]
) -> None:
    for words in (
        "torture",
        '"held to account"',
        "journalist*",
        "Lukashenko",
        "sanctions regime",
        "elect*",
        '"free and fair" elections',
        "Belarus",
        '"of Belarus"',  # PostgreSQL drops a common word at a phrase's end: so must SQLite
        '"torture by"',
    ):
        sqlite_found, postgresql_found = (
            _search(engine, capsys, words, "--limit", "10000") for engine in seeded_pair
        )
        assert sqlite_found, words
        assert sqlite_found == postgresql_found, words


def test_unload_forgets_a_documents_facts_and_a_reload_finds_them_again(
    built_engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _search(built_engine, capsys, "torture")
    slugs = {slug for _, _, slug in before}
    slug = "uk-fcdo-2020-11-05-belarus-fresh-elections"
    assert slug in slugs
    assert main(["unload", slug, "--db", _url(built_engine), "-q"]) == 0
    capsys.readouterr()
    after = _search(built_engine, capsys, "torture")
    assert after == {hit for hit in before if hit[2] != slug}
    assert slug not in {
        s for _, _, s in _search(built_engine, capsys, "Belarus", "--kind", "document")
    }
    _index_matches_the_rows(built_engine)
    assert main(["load", str(DOCUMENTS_DIR / slug), "--db", _url(built_engine), "-q"]) == 0
    capsys.readouterr()
    assert _search(built_engine, capsys, "torture") == before
    _index_matches_the_rows(built_engine)


def test_a_reloaded_document_is_found_by_its_new_words_only(
    migrated_engine: Engine, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A document whose text and quote change is reloaded in place (its row updated, its
    facts replaced): the search tables follow, on both engines."""
    metadata = {
        "title": "A made-up statement",
        "publisher": "Dossier tests",
        "document_type": "statement",
        "published_on": "2021-03-03",
    }

    def write(word: str) -> Path:
        text_ = f"Norway condemned the {word} of the observers."
        statement = {
            "key": "condemned",
            "speaker": "nor",
            "type": "position",
            "text": f"Norway condemned the {word}.",
            "quote": f"Norway condemned the {word} of the observers",
        }
        folder = tmp_path / word
        document_folder(folder, "made-up", text_, metadata, statements=[statement])
        return folder / "made-up"

    url = _url(migrated_engine)
    assert main(["load", str(write("expulsion")), "--db", url, "-q"]) == 0
    found = {("statement", "condemned", "made-up")}
    assert _search(migrated_engine, capsys, "expulsion") == found
    assert main(["load", str(write("harassment")), "--db", url, "-q"]) == 0
    assert _search(migrated_engine, capsys, "expulsion") == set()
    assert _search(migrated_engine, capsys, "expulsion", "--kind", "document") == set()
    assert _search(migrated_engine, capsys, "harassment") == found
    document = {("document", None, "made-up")}
    assert _search(migrated_engine, capsys, "harassment", "--kind", "document") == document
    _index_matches_the_rows(migrated_engine)


def _index_matches_the_rows(engine: Engine) -> None:
    """On SQLite, FTS5's own integrity check: every FTS table indexes exactly its table's
    rows as they are now (the loader indexes what it inserts, triggers what is deleted)."""
    if engine.dialect.name != "sqlite":
        return
    with engine.begin() as conn:
        for table in SEARCHED:
            fts = fts_table(table)
            # raises "database disk image is malformed" where the index and rows differ
            conn.execute(text(f"INSERT INTO {fts} ({fts}, rank) VALUES ('integrity-check', 1)"))


@pytest.mark.parametrize("words", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_words_give_a_clear_error_or_a_safe_result(
    built_engine: Engine, capsys: pytest.CaptureFixture[str], words: str
) -> None:
    code = main(["search", "--db", _url(built_engine), "--format", "json", "--", words])
    out, err = capsys.readouterr()
    if code == 0:
        assert err == ""
        assert isinstance(json.loads(out), list)
    else:
        assert code == 1
        assert err.startswith("error: search: "), err
        assert len(err.strip().splitlines()) == 1
    assert "database" not in err
    with built_engine.connect() as conn:  # nothing was harmed
        assert conn.execute(text("SELECT count(*) FROM findings")).scalar()


def test_the_parser_keeps_words_phrases_and_prefixes() -> None:
    terms = parse('Torture "held to account" journalist* co-operation NEAR( the')
    assert [(t.words, t.prefix) for t in terms] == [
        (("torture",), False),
        (("held", "to", "account"), False),
        (("journalist",), True),
        (("co", "operation"), False),
        (("near",), False),
    ]
    # Common words at a phrase's ends are left out (PostgreSQL's to_tsquery drops them there).
    terms = parse('"the independent" "release of all" "held to account by"')
    assert [t.words for t in terms] == [("independent",), ("release",), ("held", "to", "account")]


def test_the_search_structures_are_built(migrated_engine: Engine) -> None:
    """alembic check does not compare the search tables, which the models do not declare
    (alembic/env.py leaves them out): this checks they are there. SQLite: each FTS5 table with
    its triggers. PostgreSQL: each vectors' table with its GIN index and triggers."""
    with migrated_engine.connect() as conn:
        if migrated_engine.dialect.name == "sqlite":
            names = set(conn.execute(text("SELECT name FROM sqlite_master")).scalars())
            for table in SEARCHED:
                assert {
                    fts_table(table),
                    *(f"{fts_table(table)}_{t}" for t in TRIGGERS),
                } <= names
        else:
            names = set(inspect(conn).get_table_names())
            triggers = set(
                conn.execute(text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")).scalars()
            )
            for table in SEARCHED:
                fts = fts_table(table)
                assert fts in names, table
                assert {f"{fts}_ai", f"{fts}_au"} <= triggers, table
                (index,) = [
                    i for i in inspect(conn).get_indexes(fts) if i["name"] == index_name(table)
                ]
                assert index["column_names"] == ["vector"], table


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_load_leaves_nothing_pending_in_postgresqls_search_indexes(built_engine: Engine) -> None:
    """A GIN index's new entries wait in a pending list that every search reads whole, until
    a vacuum merges them: the load merges them itself (models.search.after_load). What
    gin_clean_pending_list returns is the pages it merged: none are left."""
    with built_engine.begin() as conn:
        for table in SEARCHED:
            merged = conn.execute(
                text("SELECT gin_clean_pending_list(CAST(:index AS regclass))"),
                {"index": index_name(table)},
            ).scalar()
            assert merged == 0, table


@pytest.fixture
def served_sqlite(built_engine: Engine) -> Iterator[Served]:
    if built_engine.dialect.name != "sqlite":
        pytest.skip("Datasette serves SQLite files")
    yield from start_server(_url(built_engine))


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_datasettes_search_box_works_on_tables_and_views(
    built_engine: Engine, served_sqlite: Served, capsys: pytest.CaptureFixture[str]
) -> None:
    from datasette.utils import detect_fts

    path = str(served_sqlite.path)
    with sqlite3.connect(path) as conn:
        for table in SEARCHED:
            assert detect_fts(conn, table) == fts_table(table)
    expected = {
        key for kind, key, _ in _search(built_engine, capsys, "torture") if kind == "finding"
    }
    db = served_sqlite.database
    for path_ in (f"/{db}/findings.json", f"/{db}/v_findings.json"):
        rows = served_sqlite.get(f"{path_}?_search=torture&_shape=array")
        assert {r.get("key") or r.get("finding_key") for r in rows} == expected, path_
