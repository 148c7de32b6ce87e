"""The typical look-ups on the contract views use the indexes meant for them (issue 7).

Each look-up is the first page (101 rows, as Datasette asks) of a view filtered the way a
reporting tool filters it: by actor, by state, by date range, by document; the same list the
benchmark times (scripts/bench.py LOOKUPS). The assertions are on query plans, not times:

- SQLite: EXPLAIN QUERY PLAN must SEARCH the fact table through an index on the filtered (or
  joined) column; by actor, the actor first, through ix_actors_label (migration 0008). SQLite
  plans the same way on a small corpus as on a large one here (no statistics are needed to
  prefer an index for an equality or a range).
- PostgreSQL: EXPLAIN (FORMAT JSON) with enable_seqscan off. On a corpus this small a
  sequential scan is rightly cheaper, so the planner would hide the indexes; with sequential
  scans priced out it takes the cheapest plan that remains, and if the intended index could
  not serve the filter (an expression it cannot match, a missing index), the plan would still
  be a (penalized) sequential scan and the test fails. At scale the planner is left alone:
  scripts/bench.py reports which look-ups then still read a table whole
  (`lookups_reading_a_table_whole`; docs/performance.md discusses them).

The canned queries of `dossier serve` (scripts/datasette_queries.py) are checked the same way
on SQLite, which Datasette reads, in a file as `dossier build` leaves it (no ANALYZE).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, insert, text
from sqlalchemy.engine import make_url

from models import Base
from models.database import make_engine
from models.migrations import upgrade
from models.search import fts_table
from scripts.bench import (
    LOOKUPS,
    OPTIONAL_ACTOR_LOOKUPS,
    Lookup,
    lookup_parameters,
    sqlite_scans,
)
from scripts.datasette_metadata import LICENCE_URLS
from scripts.datasette_queries import (
    FACT_VIEWS,
    FTS_FUNCTION,
    TIMELINE,
    corpus_queries,
    fts5_words,
)
from scripts.generate_corpus import generate
from seeds.loader import load

DOCUMENTS = 12

# By actor: the views name an actor COALESCE(name, description), which ix_actors_label holds
# (migration 0008); SQLite prints the expression as <expr>. v_findings' investigated_by is the
# conductor of an investigation, joined (0008) in the arm of investigations that have one.
LABEL = "COALESCE(name, description)"
SQLITE_EXPRESSIONS = {LABEL: "ix_actors_label"}

# Per look-up (view, kind): on SQLite, the (table alias, column or indexed expression) pairs
# the plan must SEARCH by index, each as often as listed (and no table read whole); on
# PostgreSQL, the indexes the plan must seek with.
SQLITE: dict[tuple[str, str], list[tuple[str, str]]] = {
    ("v_statements", "actor"): [("sp", LABEL), ("st", "speaker_id")],
    ("v_findings", "actor"): [
        ("conductor", LABEL),
        ("i", "conducted_by_id"),
        ("f", "investigation_id"),
    ],
    ("v_sanctions", "actor"): [("target", LABEL), ("s", "target_id")],
    ("v_demands", "actor"): [("demander", LABEL), ("dm", "demanded_by_id")],
    ("v_event_participants", "actor"): [("a", LABEL), ("p", "actor_id")],
    ("v_statements", "state"): [("ob_state", "iso_alpha3"), ("st", "on_behalf_of_id")],
    ("v_statements", "date"): [("st", "stated_on")],
    ("v_statements", "document"): [("d", "slug"), ("st", "document_id")],
    ("v_findings", "document"): [("d", "slug"), ("f", "document_id")],
    ("v_sanctions", "state"): [("authority_state", "iso_alpha3"), ("s", "authority_id")],
    ("v_sanctions", "date"): [("s", "imposed_on")],
    ("v_sanctions", "document"): [("d", "slug"), ("s", "document_id")],
    ("v_demands", "state"): [("addressee_state", "iso_alpha3"), ("dm", "addressee_id")],
    ("v_demands", "date"): [("dm", "stated_on")],
    ("v_demands", "document"): [("d", "slug"), ("dm", "document_id")],
    ("v_event_participants", "state"): [("a_state", "iso_alpha3"), ("p", "actor_id")],
    ("v_event_participants", "date"): [("e", "occurred_on"), ("p", "event_id")],
    ("v_event_participants", "document"): [("d", "slug"), ("p", "document_id")],
    ("v_state_activity", "state"): [
        ("s", "iso_alpha3"),
        ("st", "speaker_id"),
        ("st", "on_behalf_of_id"),
        ("dm", "demanded_by_id"),
        ("dm", "addressee_id"),
        ("sn", "authority_id"),
        ("sn", "target_id"),
        ("e", "location_id"),
        ("p", "actor_id"),
    ],
    ("v_timeline", "date"): [
        ("e", "occurred_on"),
        ("d", "published_on"),
        ("s", "imposed_on"),
        ("st", "stated_on"),
        ("dm", "stated_on"),
    ],
    ("v_timeline", "document"): [
        ("e", "document_id"),
        ("s", "document_id"),
        ("st", "document_id"),
        ("dm", "document_id"),
    ],
    ("v_evidence", "document"): [("f", "document_id")] * 7,
}
POSTGRESQL: dict[tuple[str, str], set[str]] = {
    ("v_statements", "actor"): {"ix_actors_label", "ix_statements_speaker_id"},
    ("v_statements", "state"): {"uq_states_iso_alpha3", "ix_statements_on_behalf_of_id"},
    ("v_statements", "date"): {"ix_statements_stated_on_iso"},
    ("v_statements", "document"): {"uq_documents_slug", "uq_statements_document_id_key"},
    ("v_findings", "actor"): {
        "ix_actors_label",
        "ix_investigations_conducted_by_id",
        "ix_findings_investigation_id",
    },
    ("v_findings", "document"): {"uq_documents_slug", "uq_findings_document_id_key"},
    ("v_sanctions", "actor"): {"ix_actors_label", "ix_sanctions_target_id"},
    ("v_sanctions", "state"): {"uq_states_iso_alpha3", "ix_sanctions_authority_id"},
    ("v_sanctions", "date"): {"ix_sanctions_imposed_on_iso"},
    ("v_sanctions", "document"): {"uq_documents_slug", "uq_sanctions_document_id_key"},
    ("v_demands", "actor"): {"ix_actors_label", "ix_demands_demanded_by_id"},
    ("v_demands", "state"): {"uq_states_iso_alpha3", "ix_demands_addressee_id"},
    ("v_demands", "date"): {"ix_demands_stated_on_iso"},
    ("v_demands", "document"): {"uq_documents_slug", "uq_demands_document_id_key"},
    ("v_event_participants", "actor"): {
        "ix_actors_label",
        "ix_event_participants_actor_id_event_id",
    },
    ("v_event_participants", "state"): {
        "uq_states_iso_alpha3",
        "ix_event_participants_actor_id_event_id",
    },
    ("v_event_participants", "date"): {
        "ix_events_occurred_on_iso",
        "ix_event_participants_event_id",
    },
    ("v_event_participants", "document"): {
        "uq_documents_slug",
        "uq_event_participants_document_id_key",
    },
    # Since 0017 each count reads the index entries of the state's actors (actor_states).
    ("v_state_activity", "state"): {
        "uq_states_iso_alpha3",
        "ix_actor_states_state_id_actor_id",
        "ix_statements_speaker_id",
        "ix_statements_on_behalf_of_id",
        "ix_demands_demanded_by_id",
        "ix_demands_addressee_id",
        "ix_sanctions_authority_id",
        "ix_sanctions_target_id",
        "ix_events_location_id",
        "ix_event_participants_actor_id_event_id",
    },
    ("v_timeline", "date"): {
        "ix_events_occurred_on_iso",
        "ix_documents_published_on_iso",
        "ix_sanctions_imposed_on_iso",
        "ix_statements_stated_on_iso",
        "ix_demands_stated_on_iso",
    },
    ("v_timeline", "document"): {
        "uq_documents_slug",
        "ix_events_document_id",
        "uq_sanctions_document_id_key",
        "uq_statements_document_id_key",
        "uq_demands_document_id_key",
    },
    ("v_evidence", "document"): {
        "uq_documents_slug",
        "uq_actor_relations_document_id_key",
        "uq_event_participants_document_id_key",
        "uq_statements_document_id_key",
        "uq_findings_document_id_key",
        "uq_sanctions_document_id_key",
        "uq_demands_document_id_key",
        "ix_events_document_id",
    },
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated corpus as a bundle, as the benchmark loads it."""
    bundle = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    generate(DOCUMENTS, None, seed=3, bundle=bundle)
    return bundle


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def loaded(
    request: pytest.FixtureRequest, corpus: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """The corpus loaded and analyzed, once per engine for the module."""
    admin: Engine | None = None
    name = f"dossier_test_{uuid.uuid4().hex[:12]}"
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('plans') / 'dossier.db'}"
    else:
        server = make_url(request.getfixturevalue("postgres_server_url"))
        admin = make_engine(server.render_as_string(False), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = server.set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    try:
        upgrade(engine)
        load(engine, [corpus])
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
        yield engine
    finally:
        engine.dispose()
        if admin is not None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


def sqlite_plan(engine: Engine, sql: str, params: dict[str, str]) -> list[str]:
    with engine.connect() as conn:
        return [row[3] for row in conn.execute(text(f"EXPLAIN QUERY PLAN {sql}"), params)]


def postgresql_plan(engine: Engine, sql: str, params: dict[str, str]) -> list[dict[str, Any]]:
    """Every node of the plan, with sequential scans priced out."""
    with engine.begin() as conn:
        conn.execute(text("SET LOCAL enable_seqscan = off"))
        plan = conn.execute(text(f"EXPLAIN (FORMAT JSON) {sql}"), params).scalar_one()
    nodes: list[dict[str, Any]] = []
    pending = [plan[0]["Plan"]]
    while pending:
        node = pending.pop()
        nodes.append(node)
        pending += node.get("Plans", [])
    return nodes


def _searched(plan: list[str], alias: str, column: str) -> int:
    """How many times the plan finds `alias` rows by an index on `column` (or, for an indexed
    expression, by its index)."""
    if column in SQLITE_EXPRESSIONS:
        index, key = re.escape(SQLITE_EXPRESSIONS[column]), "<expr>"
    else:
        index, key = r"\S+", re.escape(column)
    pattern = re.compile(rf"^SEARCH {alias} USING (?:COVERING )?INDEX {index} \({key}[=<>]")
    return sum(1 for line in plan if pattern.match(line))


@pytest.mark.parametrize("lookup", LOOKUPS, ids=lambda lookup: f"{lookup.view}-{lookup.kind}")
def test_the_look_up_uses_its_index(lookup: Lookup, loaded: Engine) -> None:
    params = lookup_parameters(loaded, lookup, 1, seed=5)[0]
    with loaded.connect() as conn:
        assert conn.execute(text(lookup.sql()), params).first() is not None, "a look-up of nothing"
    if loaded.dialect.name == "sqlite":
        plan = sqlite_plan(loaded, lookup.sql(), params)
        wanted = SQLITE[(lookup.view, lookup.kind)]
        for alias, column in set(wanted):
            assert _searched(plan, alias, column) >= wanted.count((alias, column)), (
                f"{alias}.{column} not searched by index:\n" + "\n".join(plan)
            )
        scans = sqlite_scans(loaded, lookup.view, lookup.column, plan)
        assert not scans, "\n".join(plan)
    else:
        nodes = postgresql_plan(loaded, lookup.sql(), params)
        # Used to seek (an Index Cond), not read whole in place of a sequential scan.
        used = {node["Index Name"] for node in nodes if "Index Cond" in node}
        missing = POSTGRESQL[(lookup.view, lookup.kind)] - used
        assert not missing, f"indexes not used: {sorted(missing)}; used: {sorted(used)}"


# Look-ups by an actor a fact may leave out (0010; 0008 for investigated_by, in LOOKUPS): the
# plan starts from the actor through ix_actors_label and seeks the facts through the fact's
# column, in the arm where that actor is joined; the arms where it is absent show a typed NULL
# and are dropped (PostgreSQL at plan time; SQLite before their loop).
# (SQLite's searches, PostgreSQL's indexes, table aliases it may read whole) per look-up of
# OPTIONAL_ACTOR_LOOKUPS. The generated corpus has one mandator for every investigation, so by
# mandated_by the planners rightly read the investigations after finding the mandator by name.
OPTIONAL: dict[tuple[str, str], tuple[list[tuple[str, str]], set[str], set[str]]] = {
    ("v_demands", "addressee"): (
        [("addressee", LABEL), ("dm", "addressee_id")],
        {"ix_actors_label", "ix_demands_addressee_id"},
        set(),
    ),
    ("v_statements", "on_behalf_of"): (
        [("ob", LABEL), ("st", "on_behalf_of_id")],
        {"ix_actors_label", "ix_statements_on_behalf_of_id"},
        set(),
    ),
    ("v_findings", "subject"): (
        [("subject", LABEL), ("f", "subject_id")],
        {"ix_actors_label", "ix_findings_subject_id"},
        set(),
    ),
    ("v_findings", "mandated_by"): (
        [("mandator", LABEL), ("f", "investigation_id")],
        {"ix_actors_label", "ix_findings_investigation_id"},
        {"i"},
    ),
}
OPTIONAL_ACTORS = [
    (lookup, *OPTIONAL[(lookup.view, lookup.kind)]) for lookup in OPTIONAL_ACTOR_LOOKUPS
]


@pytest.mark.parametrize(
    "lookup, sqlite, postgresql, allowed", OPTIONAL_ACTORS, ids=lambda x: getattr(x, "column", "")
)
def test_a_look_up_by_an_optional_actor_starts_from_the_actor(
    lookup: Lookup,
    sqlite: list[tuple[str, str]],
    postgresql: set[str],
    allowed: set[str],
    loaded: Engine,
) -> None:
    params = lookup_parameters(loaded, lookup, 1, seed=5)[0]
    with loaded.connect() as conn:
        assert conn.execute(text(lookup.sql()), params).first() is not None, "a look-up of nothing"
    if loaded.dialect.name == "sqlite":
        plan = sqlite_plan(loaded, lookup.sql(), params)
        for alias, column in sqlite:
            assert _searched(plan, alias, column) >= 1, (
                f"{alias}.{column} not searched by index:\n" + "\n".join(plan)
            )
        scans = sqlite_scans(loaded, lookup.view, lookup.column, plan)
        assert not [line for line in scans if line.split()[1] not in allowed], "\n".join(plan)
        return
    nodes = postgresql_plan(loaded, lookup.sql(), params)
    used = {node["Index Name"] for node in nodes if "Index Cond" in node}
    assert not postgresql - used, f"indexes not used: {sorted(postgresql - used)}; {sorted(used)}"
    scanned = {n["Alias"] for n in nodes if n["Node Type"] == "Seq Scan"} - allowed
    assert not scanned, f"read whole: {sorted(scanned)}"


def test_every_look_up_of_the_benchmark_has_its_expectation() -> None:
    optional = {(lookup.view, lookup.kind) for lookup in OPTIONAL_ACTOR_LOOKUPS}
    assert optional == set(OPTIONAL)
    kinds = {(lookup.view, lookup.kind) for lookup in LOOKUPS}
    assert kinds == set(POSTGRESQL)
    assert kinds == set(SQLITE)
    assert {view for view, _ in kinds} >= {
        "v_statements",
        "v_findings",
        "v_sanctions",
        "v_demands",
        "v_event_participants",
        "v_state_activity",
        "v_timeline",
        "v_evidence",
    }


# The canned queries of `dossier serve` over the corpus (scripts/datasette_queries.py), on
# SQLite, which Datasette reads: each must answer at a million facts within Datasette's 1 s
# (docs/performance.md), so each starts from indexes. Per query: its parameters, and the
# (table or alias, column) pairs its plan must SEARCH by index, each as often as listed.
FACT_ACTOR_COLUMNS = [
    ("statements", "speaker_id"),
    ("statements", "on_behalf_of_id"),
    ("statements", "target_id"),
    ("demands", "demanded_by_id"),
    ("demands", "addressee_id"),
    ("sanctions", "authority_id"),
    ("sanctions", "target_id"),
    ("findings", "subject_id"),
    ("event_participants", "actor_id"),
    ("actor_relations", "subject_id"),
    ("actor_relations", "object_id"),
]
CANNED: dict[str, tuple[dict[str, str], list[tuple[str, str]]]] = {
    # the state's actors, then the facts naming them, by each actor column with a state column
    "by_state": ({"state": ""}, [("actors", "state_id"), *FACT_ACTOR_COLUMNS]),
    # the matching actors (their names read whole: a part of a name has no index), then facts
    "by_actor": (
        {"actor": ""},
        [
            *FACT_ACTOR_COLUMNS,
            ("investigations", "conducted_by_id"),
            ("investigations", "mandated_by_id"),
            *[("findings", "investigation_id")] * 2,
        ],
    ),
    "by_cameo_family": (
        {"family": "10"},
        [("cameo_codes", "family"), ("statements", "cameo_code"), ("demands", "cameo_code")],
    ),
    # each arm of v_timeline walks its table's index on the date (t: every arm's alias)
    "by_date": (
        {"from_date": "", "to_date": ""},
        [
            ("t", "occurred_on"),
            ("t", "published_on"),
            ("t", "imposed_on"),
            *[("t", "stated_on")] * 2,
        ],
    ),
    "by_word": ({"words": "sanctions"}, []),
}
READ_WHOLE = {"by_actor": {"actors", "actor_names"}}


def canned_parameters(engine: Engine, name: str) -> dict[str, str]:
    """The query's parameters, with a state and an actor the corpus's facts name."""
    params = dict(CANNED[name][0])
    with engine.connect() as conn:
        if name == "by_state":
            params["state"] = conn.execute(
                text(
                    "SELECT s.iso_alpha3 FROM states AS s JOIN sanctions AS n"
                    " ON n.authority_id = s.actor_id ORDER BY n.id LIMIT 1"
                )
            ).scalar_one()
        if name == "by_actor":
            params["actor"] = conn.execute(
                text(
                    "SELECT a.name FROM actors AS a JOIN statements AS st ON st.speaker_id = a.id"
                    " WHERE a.kind = 'person' ORDER BY st.id LIMIT 1"
                )
            ).scalar_one()
    return params


@pytest.fixture(scope="module")
def built_corpus(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The corpus in a SQLite file as `dossier build` leaves it for `dossier serve`: without
    ANALYZE, whose statistics of a corpus this small rightly price reading a small table
    whole below looking up its rows by id (at a million facts the plans are the same with
    statistics and without: docs/performance.md)."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('served') / 'dossier.db'}")
    try:
        upgrade(engine)
        load(engine, [corpus])
        yield engine
    finally:
        engine.dispose()


@pytest.mark.parametrize("name", list(CANNED))
def test_a_canned_query_starts_from_indexes(name: str, built_corpus: Engine) -> None:
    sql = corpus_queries("dossier", LICENCE_URLS)[name]["sql"]
    params = canned_parameters(built_corpus, name)
    conn = sqlite3.connect(str(built_corpus.url.database))
    conn.create_function(FTS_FUNCTION, 1, fts5_words)
    try:
        assert conn.execute(sql, params).fetchall(), f"{name} found nothing"
        plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params)]
    finally:
        conn.close()
    shown = "\n".join(plan)
    wanted = CANNED[name][1]
    for table, column in set(wanted):
        assert _searched(plan, table, column) >= wanted.count((table, column)), (
            f"{table}.{column} not searched by index:\n{shown}"
        )
    # Read whole: none but the rows a CTE or a subquery yields, and FTS5's matches.
    yielded = {line.split(maxsplit=1)[1] for line in plan if line.startswith(("CO-", "MAT"))}
    scans = [
        line.split()[1]
        for line in plan
        if line.startswith("SCAN ")
        and line[5:] not in yielded
        and "VIRTUAL TABLE INDEX 0:M" not in line
    ]
    assert set(scans) <= READ_WHOLE.get(name, set()), shown
    if name == "by_word":
        for fact in FACT_VIEWS:  # matched once to rank, once to describe; never by id
            fts = fts_table(fact.table)
            assert sum(line.startswith(f"SCAN {fts} VIRTUAL TABLE INDEX 0:M") for line in plan) == 2
        assert "VIRTUAL TABLE INDEX 0:=" not in shown, "FTS5 handed the ids, one query each"
    if name == "by_date":  # each arm read in its index's order (a day's rows sorted), merged
        assert shown.count("USE TEMP B-TREE FOR RIGHT PART OF ORDER BY") == len(TIMELINE)
        assert shown.count("USE TEMP B-TREE FOR ORDER BY") == 1, shown


EDGE_DATES = [
    dt.date(1, 1, 1),
    dt.date(999, 12, 31),
    dt.date(1000, 1, 1),
    dt.date(2020, 2, 29),
    dt.date(2020, 9, 1),
    dt.date(2026, 11, 28),
    dt.date(9999, 12, 31),
]


def _document_row(slug: str, body_text: str, **columns: Any) -> dict[str, Any]:
    """A documents row for a test that writes its rows by hand (`columns` override)."""
    return {
        "slug": slug,
        "title": "t",
        "publisher": "p",
        "document_type": "report",
        "published_on": dt.date(2020, 9, 1),
        "language": "en",
        "body_text": body_text,
        "char_length": len(body_text),
        "sha256": "0" * 64,
        "facts_sha256": "0" * 64,
        **columns,
    }


def test_view_dates_are_the_iso_text_of_the_stored_dates(migrated_engine: Engine) -> None:
    """0006 formats dates on PostgreSQL with dossier_iso_date (indexable) instead of to_char;
    the text must be the same: Python's isoformat, as SQLite stores it."""
    documents = Base.metadata.tables["documents"]
    rows = [
        _document_row(f"d-{n}", "", published_on=day, document_type="other")
        for n, day in enumerate(EDGE_DATES)
    ]
    with migrated_engine.begin() as conn:
        conn.execute(insert(documents), rows)
        shown = dict(
            conn.execute(
                text("SELECT document_slug, occurred_on FROM v_timeline WHERE kind = 'document'")
            ).all()
        )
    assert shown == {f"d-{n}": day.isoformat() for n, day in enumerate(EDGE_DATES)}


def test_findings_show_each_finding_once_with_or_without_a_conductor(
    migrated_engine: Engine,
) -> None:
    """0008 splits v_findings into findings of investigations with a conductor and without
    one (a UNION ALL, so that a look-up by investigated_by can start from actors): every
    finding still shows once, with its conductor's name, its description when unnamed, or
    NULL when the investigation names no conductor."""
    t = Base.metadata.tables
    conductors = {1: ("Named Mission", None), 2: (None, "a panel of experts")}
    investigations = {10: 1, 11: 2, 12: None, 13: 1}  # investigation id -> conductor id
    with migrated_engine.begin() as conn:
        conn.execute(
            insert(t["documents"]),
            _document_row("doc", "found", id=1),
        )
        conn.execute(
            insert(t["actors"]),
            [
                {"id": n, "key": f"a{n}", "kind": "organization", "name": name, "description": d}
                for n, (name, d) in conductors.items()
            ]
            + [
                {
                    "id": 3,
                    "key": "osce",
                    "kind": "organization",
                    "name": "OSCE",
                    "description": None,
                }
            ],
        )
        conn.execute(
            insert(t["investigations"]),
            [
                {
                    "id": i,
                    "key": f"i{i}",
                    "name": f"Inquiry {i}",
                    "conducted_by_id": c,
                    "mandated_by_id": 3,
                }
                for i, c in investigations.items()
            ],
        )
        findings = [(n, i) for n, i in enumerate([10, 10, 11, 12, 12, 13], start=100)]
        conn.execute(
            insert(t["findings"]),
            [
                {
                    "id": n,
                    "document_id": 1,
                    "key": f"f{n}",
                    "char_start": 0,
                    "char_end": 5,
                    "quote": "found",
                    "investigation_id": i,
                    "text": f"finding {n}",
                    "category": "impunity",
                }
                for n, i in findings
            ],
        )
        shown = conn.execute(
            text("SELECT finding_id, investigation, investigated_by, mandated_by FROM v_findings")
        ).all()
        named = conn.execute(
            text("SELECT finding_id FROM v_findings WHERE investigated_by = 'a panel of experts'")
        ).all()

    def label(conductor: int | None) -> str | None:
        return None if conductor is None else (conductors[conductor][0] or conductors[conductor][1])

    expected = [(n, f"Inquiry {i}", label(investigations[i]), "OSCE") for n, i in findings]
    assert sorted(map(tuple, shown)) == expected
    assert [tuple(r) for r in named] == [(102,)]


# A look-up by the state that imposed or made a fact (migration 0009): (view, the column
# filtered, the fact table, its column naming the actor, its index on that column).
BY_STATE = [
    ("v_sanctions", "imposed_by_iso3", "sanctions", "authority_id", "ix_sanctions_authority_id"),
    ("v_demands", "demanded_by_iso3", "demands", "demanded_by_id", "ix_demands_demanded_by_id"),
]

# The skew the generated corpus has at a million facts, small: many actors, few states, and
# every sanction and demand from a state. States are the first actors (lowest ids).
SKEW_ACTORS, SKEW_STATES, SKEW_FACTS = 2000, 10, 3000


def _load_skewed(engine: Engine) -> None:
    """SKEW_ACTORS actors, the first SKEW_STATES of them states; SKEW_FACTS sanctions and as
    many demands, each by one of the states in turn, then ANALYZE."""
    t = Base.metadata.tables
    numbers = (
        f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {SKEW_FACTS})"
    )
    with engine.begin() as conn:
        conn.execute(
            insert(t["documents"]),
            _document_row("doc", "sanctioned", id=1),
        )
        conn.execute(
            insert(t["actors"]),
            [
                {
                    "id": n,
                    "key": f"a{n}",
                    "kind": "state" if n <= SKEW_STATES else "organization",
                    "name": f"Actor {n}",
                    "state_id": n if n <= SKEW_STATES else None,  # as settle_states sets it
                }
                for n in range(1, SKEW_ACTORS + 1)
            ],
        )
        conn.execute(
            insert(t["states"]),
            [
                {
                    "actor_id": n,
                    "iso_alpha2": f"Q{n - 1}",
                    "iso_alpha3": f"QQ{n - 1}",
                    "name": f"S{n}",
                }
                for n in range(1, SKEW_STATES + 1)
            ],
        )
        conn.execute(  # each state counts for itself, as the loader settles it (0017)
            insert(t["actor_states"]),
            [
                {"actor_id": n, "state_id": n, "via": "state", "sole": True}
                for n in range(1, SKEW_STATES + 1)
            ],
        )
        target = f"{SKEW_STATES + 1} + i % {SKEW_ACTORS - SKEW_STATES}"
        conn.execute(
            text(
                f"{numbers} INSERT INTO sanctions (id, document_id, key, char_start, char_end, "
                f"quote, authority_id, target_id) SELECT i, 1, 's' || i, 0, 10, 'sanctioned', "
                f"1 + i % {SKEW_STATES}, {target} FROM n"
            )
        )
        conn.execute(
            text(
                f"{numbers} INSERT INTO demands (id, document_id, key, char_start, char_end, "
                f"quote, demanded_by_id, text, cameo_code) SELECT i, 1, 'd' || i, 0, 10, "
                f"'sanctioned', 1 + i % {SKEW_STATES}, 'demand', '10' FROM n"
            )
        )
        conn.execute(text("ANALYZE"))


@pytest.mark.parametrize("view, column, table, fact_column, index", BY_STATE)
def test_a_look_up_by_state_loops_from_the_state_over_the_facts_index(
    view: str, column: str, table: str, fact_column: str, index: str, migrated_engine: Engine
) -> None:
    """At a million facts PostgreSQL answered `imposed_by_iso3 = 'SWE' LIMIT 101` by
    merge-joining the whole of ix_sanctions_authority_id with actors (66 ms; demands 120 ms):
    it joined the state through actors.id, whose statistics know nothing of the facts. With
    the fact's column first in the actor's join condition (0009) it joins the state through
    sanctions.authority_id and loops from the state over the index (under 1 ms). The
    generated test corpus is too small to show this (the old views loop there too); this
    corpus has the same skew, small, and the planner left alone shows it. SQLite: the plan
    starts from the state and searches the facts by the index, as before."""
    _load_skewed(migrated_engine)
    sql = f"SELECT * FROM {view} WHERE {column} = :value LIMIT 101"
    params = {"value": f"QQ{SKEW_STATES - 2}"}  # a state late in the index
    with migrated_engine.connect() as conn:
        rows = conn.execute(text(sql), params).all()
    assert len(rows) == 101
    if migrated_engine.dialect.name == "sqlite":
        plan = sqlite_plan(migrated_engine, sql, params)
        first = next(line for line in plan if line.startswith(("SEARCH ", "SCAN ")))
        assert re.match(r"SEARCH \w+_state USING (COVERING )?INDEX \S+ \(iso_alpha3=", first), plan
        assert any(re.match(rf"SEARCH \w+ USING INDEX {index} \(", line) for line in plan), plan
        return
    with migrated_engine.connect() as conn:
        plan = conn.execute(text(f"EXPLAIN (FORMAT JSON) {sql}"), params).scalar_one()
    nodes = _subtree(plan[0]["Plan"])
    # Seeks by the state's actor; never reads the index whole (as a merge join's input).
    seeks = [n for n in nodes if n.get("Index Name") == index]
    assert seeks and all("Index Cond" in n for n in seeks), json.dumps(plan, indent=1)
    assert not [n for n in nodes if n["Node Type"] == "Merge Join" and table in n["Merge Cond"]]
    loops = [
        n
        for n in nodes
        if n["Node Type"] == "Nested Loop"
        and any(m.get("Relation Name") == "states" for m in _subtree(n["Plans"][0]))
        and any(m.get("Index Name") == index for m in _subtree(n["Plans"][1]))
    ]
    assert loops, f"no nested loop from the state over {index}"


def _subtree(node: dict[str, Any]) -> list[dict[str, Any]]:
    nodes, pending = [], [node]
    while pending:
        nodes.append(pending.pop())
        pending += nodes[-1].get("Plans", [])
    return nodes


# The actors a fact names by a NOT NULL column, joined with their state (view, actor alias,
# the fact's column). 0009 writes the fact's column first in the actor's join condition:
# PostgreSQL then joins the state through the fact's column, whose statistics it has (see
# the test above); written the other way round, it went through actors.id. Same rows. Since
# 0019 the state is joined from the actor's state_id (the one state it is, or is an organ or
# official of), right after the actor.
FACT_COLUMN_FIRST = [
    ("v_statements", "sp", "st.speaker_id"),
    ("v_sanctions", "authority", "s.authority_id"),
    ("v_sanctions", "target", "s.target_id"),
    ("v_demands", "demander", "dm.demanded_by_id"),
    ("v_event_participants", "a", "p.actor_id"),
]


def view_sql(engine: Engine, view: str) -> str:
    """The view's SELECT as the engine keeps it, lower case, without parentheses or AS, one
    space between words (SQLite keeps the text; PostgreSQL prints its own)."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            sql = conn.execute(
                text("SELECT sql FROM sqlite_master WHERE type = 'view' AND name = :v"),
                {"v": view},
            ).scalar_one()
        else:
            sql = conn.execute(
                text("SELECT pg_get_viewdef(CAST(:v AS regclass))"), {"v": view}
            ).scalar_one()
    sql = re.sub(r"[()]", " ", sql.lower())
    return " ".join(word for word in sql.split() if word != "as")


@pytest.mark.parametrize("view, actor, column", FACT_COLUMN_FIRST, ids=str)
def test_the_actor_is_joined_with_the_facts_column_first(
    view: str, actor: str, column: str, migrated_engine: Engine
) -> None:
    sql = view_sql(migrated_engine, view)
    join = rf"join actors {actor} on {re.escape(column)} = {actor}\.id(?![\w.])"
    state = (
        rf"left join states {actor}_state on {actor}_state\.actor_id = {actor}\.state_id(?![\w.])"
    )
    assert re.search(join, sql), f"{actor} not joined on {column} = {actor}.id:\n{sql}"
    assert re.search(f"{join} {state}", sql), f"{actor}'s state not joined right after:\n{sql}"


def test_views_show_each_row_once_whether_an_optional_actor_is_named_described_or_absent(
    migrated_engine: Engine,
) -> None:
    """0010 splits v_statements, v_demands and v_findings into one arm per combination of
    their optional actors present or absent: every row still shows exactly once, with the
    actor's name, its description when unnamed, or NULL when the fact names none; a look-up
    by the name finds exactly the rows naming that actor."""
    t = Base.metadata.tables
    labels = {1: "Named Ministry", 2: "an unnamed envoy", None: None}
    choices = [1, 2, None]
    fact = {"document_id": 1, "char_start": 0, "char_end": 4, "quote": "said"}
    with migrated_engine.begin() as conn:
        conn.execute(
            insert(t["documents"]),
            _document_row("doc", "said", id=1),
        )
        conn.execute(
            insert(t["actors"]),
            [
                {
                    "id": 1,
                    "key": "a1",
                    "kind": "organization",
                    "name": labels[1],
                    "description": None,
                },
                {"id": 2, "key": "a2", "kind": "person", "name": None, "description": labels[2]},
                {"id": 3, "key": "a3", "kind": "person", "name": "Speaker", "description": None},
            ],
        )
        conn.execute(
            insert(t["statements"]),
            [
                fact
                | {
                    "id": 10 + n,
                    "key": f"s{n}",
                    "speaker_id": 3,
                    "on_behalf_of_id": a,
                    "statement_type": "quote",
                    "text": "x",
                    "stated_on": dt.date(2020, 9, 1),
                    "date_precision": "day",
                }
                for n, a in enumerate(choices)
            ],
        )
        conn.execute(
            insert(t["demands"]),
            [
                fact
                | {
                    "id": 20 + n,
                    "key": f"d{n}",
                    "demanded_by_id": 3,
                    "addressee_id": a,
                    "text": "x",
                    "cameo_code": "10",
                    "stated_on": dt.date(2020, 9, 1),
                    "date_precision": "day",
                }
                for n, a in enumerate(choices)
            ],
        )
        # Every combination of conductor, mandator and subject (each named, described, absent).
        combos = [(c, m, s) for c in choices for m in choices for s in choices]
        conn.execute(
            insert(t["investigations"]),
            [
                {
                    "id": 100 + n,
                    "key": f"i{n}",
                    "name": f"I{n}",
                    "conducted_by_id": c,
                    "mandated_by_id": m,
                }
                for n, (c, m, _) in enumerate(combos)
            ],
        )
        conn.execute(
            insert(t["findings"]),
            [
                fact
                | {
                    "id": 200 + n,
                    "key": f"f{n}",
                    "investigation_id": 100 + n,
                    "subject_id": s,
                    "text": "x",
                    "category": "impunity",
                }
                for n, (_, _, s) in enumerate(combos)
            ],
        )

        def rows(sql: str, **params: str) -> list[tuple[Any, ...]]:
            return sorted(tuple(r) for r in conn.execute(text(sql), params))

        statements = rows("SELECT statement_id, on_behalf_of, speaker FROM v_statements")
        demands = rows("SELECT demand_id, addressee, addressee_kind FROM v_demands")
        findings = rows(
            "SELECT finding_id, investigated_by, mandated_by, subject, subject_kind FROM v_findings"
        )
        by_name = {
            (view, column, label): [
                r[0] for r in rows(f"SELECT {key} FROM {view} WHERE {column} = :v", v=label)
            ]
            for view, key, column in [
                ("v_statements", "statement_id", "on_behalf_of"),
                ("v_demands", "demand_id", "addressee"),
                ("v_findings", "finding_id", "subject"),
                ("v_findings", "finding_id", "mandated_by"),
                ("v_findings", "finding_id", "investigated_by"),
            ]
            for label in (labels[1], labels[2])
        }
    kinds = {1: "organization", 2: "person", None: None}
    assert statements == [(10 + n, labels[a], "Speaker") for n, a in enumerate(choices)]
    assert demands == [(20 + n, labels[a], kinds[a]) for n, a in enumerate(choices)]
    assert findings == [
        (200 + n, labels[c], labels[m], labels[s], kinds[s]) for n, (c, m, s) in enumerate(combos)
    ]
    for a in (1, 2):
        label = labels[a]
        assert by_name[("v_statements", "on_behalf_of", label)] == [10 + choices.index(a)]
        assert by_name[("v_demands", "addressee", label)] == [20 + choices.index(a)]
        for position, column in enumerate(["investigated_by", "mandated_by", "subject"]):
            assert by_name[("v_findings", column, label)] == [
                200 + n for n, combo in enumerate(combos) if combo[position] == a
            ]
