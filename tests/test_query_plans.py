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
"""

from __future__ import annotations

import datetime as dt
import re
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
from scripts.bench import LOOKUPS, Lookup, lookup_parameters
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
    ("v_event_participants", "actor"): {"ix_actors_label", "ix_event_participants_actor_id"},
    ("v_event_participants", "state"): {"uq_states_iso_alpha3", "ix_event_participants_actor_id"},
    ("v_event_participants", "date"): {
        "ix_events_occurred_on_iso",
        "ix_event_participants_event_id",
    },
    ("v_event_participants", "document"): {
        "uq_documents_slug",
        "uq_event_participants_document_id_key",
    },
    ("v_state_activity", "state"): {
        "uq_states_iso_alpha3",
        "ix_statements_speaker_id",
        "ix_statements_on_behalf_of_id",
        "ix_demands_demanded_by_id",
        "ix_demands_addressee_id",
        "ix_sanctions_authority_id",
        "ix_sanctions_target_id",
        "ix_events_location_id",
        "ix_event_participants_actor_id",
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
    folder = tmp_path_factory.mktemp("corpus")
    generate(DOCUMENTS, folder, seed=3)
    return folder


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
        scans = [line for line in plan if line.startswith("SCAN ") and line != "SCAN facts"]
        assert not scans, "\n".join(plan)
    else:
        nodes = postgresql_plan(loaded, lookup.sql(), params)
        # Used to seek (an Index Cond), not read whole in place of a sequential scan.
        used = {node["Index Name"] for node in nodes if "Index Cond" in node}
        missing = POSTGRESQL[(lookup.view, lookup.kind)] - used
        assert not missing, f"indexes not used: {sorted(missing)}; used: {sorted(used)}"


def test_every_look_up_of_the_benchmark_has_its_expectation() -> None:
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


EDGE_DATES = [
    dt.date(1, 1, 1),
    dt.date(999, 12, 31),
    dt.date(1000, 1, 1),
    dt.date(2020, 2, 29),
    dt.date(2020, 9, 1),
    dt.date(2026, 11, 28),
    dt.date(9999, 12, 31),
]


def test_view_dates_are_the_iso_text_of_the_stored_dates(migrated_engine: Engine) -> None:
    """0006 formats dates on PostgreSQL with dossier_iso_date (indexable) instead of to_char;
    the text must be the same: Python's isoformat, as SQLite stores it."""
    documents = Base.metadata.tables["documents"]
    rows = [
        {
            "slug": f"d-{n}",
            "title": "t",
            "publisher": "p",
            "document_type": "other",
            "published_on": day,
            "language": "en",
            "body_text": "",
            "char_length": 0,
            "sha256": "0" * 64,
            "facts_sha256": "0" * 64,
        }
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
            {
                "id": 1,
                "slug": "doc",
                "title": "t",
                "publisher": "p",
                "document_type": "report",
                "published_on": dt.date(2020, 9, 1),
                "language": "en",
                "body_text": "found",
                "char_length": 5,
                "sha256": "0" * 64,
                "facts_sha256": "0" * 64,
            },
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
