"""The contract views (issue 4): their columns, their answers about the seed document, the same
rows on SQLite and PostgreSQL, and docs/views.md kept true.

Expected answers are derived from the seed's facts file, reference data and text (not copied
from the views' output); a few plain statements of the source ("In September", "Foreign
Secretary") are asserted as the issue states them. Views of one document's facts are read with
every seed loaded (`built_engine`) and filtered to the seed document; actors' names then come
from the actors table, since a later seed may name an actor the press release only describes.
The views that span documents (state activity, timeline) and the documented examples are read
from a database holding the seed document alone (`seed_engine`).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import Engine, inspect, text

from models.migrations import downgrade, upgrade
from models.view_catalog import VIEW_NAMES, VIEWS, view_doc
from scripts.write_view_docs import (
    DOCS_PATH,
    REGENERATE,
    SEED_DOCUMENT_DIR,
    example_answer,
    render_docs,
)
from seeds import DOCUMENTS_DIR, REFERENCE_DIR
from seeds.loader import load
from seeds.parse import parse_reference

SEED_DIR = SEED_DOCUMENT_DIR

# The public contract as issue 4 states it (and issue 17 for v_relations, v_actors,
# v_corroboration and v_disagreements): these
# columns first, in this order.
CONTRACT: dict[str, tuple[str, ...]] = {
    "v_relations": (
        "relation_id",
        "document_slug",
        "subject",
        "subject_kind",
        "subject_iso3",
        "relation",
        "role",
        "object",
        "object_kind",
        "object_iso3",
        "started_on",
        "started_precision",
        "ended_on",
        "ended_precision",
        "quote",
    ),
    "v_actors": ("actor_id", "actor_key", "actor", "kind", "iso3"),
    "v_corroboration": ("act", "kind", "occurred_on", "date_precision", "documents"),
    "v_disagreements": ("act", "kind", "field", "value", "document_slug"),
    "v_statements": (
        "statement_id",
        "document_slug",
        "speaker",
        "speaker_role",
        "on_behalf_of",
        "stated_on",
        "date_precision",
        "text",
        "cameo_code",
    ),
    "v_findings": (
        "finding_id",
        "document_slug",
        "investigation",
        "investigated_by",
        "finding",
        "category",
        "quote",
    ),
    "v_sanctions": (
        "sanction_id",
        "document_slug",
        "imposed_by",
        "imposed_by_iso3",
        "regime",
        "target",
        "target_kind",
        "imposed_on",
        "date_precision",
        "quote",
    ),
    "v_demands": (
        "demand_id",
        "document_slug",
        "demanded_by",
        "demanded_by_iso3",
        "addressee",
        "demand",
        "cameo_code",
        "stated_on",
        "date_precision",
        "quote",
    ),
    "v_event_participants": (
        "event_id",
        "event",
        "event_type",
        "occurred_on",
        "date_precision",
        "participant",
        "participant_kind",
        "participant_iso3",
        "role",
        "document_slug",
    ),
    "v_state_activity": (
        "state",
        "iso3",
        "statements",
        "demands_made",
        "demands_received",
        "sanctions_imposed",
        "sanctions_received",
        "events",
    ),
    "v_timeline": ("occurred_on", "date_precision", "kind", "summary", "document_slug"),
    # v_evidence (migration 0002) as it stands.
    "v_evidence": (
        "fact_table",
        "fact_id",
        "fact_key",
        "document_slug",
        "char_start",
        "char_end",
        "quote",
        "quote_matches",
    ),
}


# --- the seed, read from its own files -------------------------------------------------------


@dataclass(frozen=True)
class Seed:
    facts: dict[str, Any]
    text: str
    names: dict[str, str]  # actor key -> name (reference first), else description
    kinds: dict[str, str]  # actor key -> kind
    iso3: dict[str, str]  # state key -> ISO 3166-1 alpha-3
    regimes: dict[str, str]  # regime key -> name

    @property
    def slug(self) -> str:
        return self.facts["document"]["slug"]

    @property
    def published_on(self) -> str:
        return self.facts["document"]["published_on"]

    def section(self, name: str) -> list[dict[str, Any]]:
        return self.facts.get(name) or []

    def event(self, key: str) -> dict[str, Any]:
        return next(e for e in self.section("events") if e["key"] == key)

    def actor(self, key: str) -> dict[str, Any]:
        return next(a for a in self.section("actors") if a["key"] == key)

    def statement(self, key: str) -> dict[str, Any]:
        return next(a for a in self.section("statements") if a["key"] == key)


def _yaml(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@functools.cache
def seed() -> Seed:
    facts = _yaml(SEED_DIR / "facts.yaml")
    states = [{"key": row.key, **row.values} for row in parse_reference(REFERENCE_DIR)[1]]
    reference = _yaml(REFERENCE_DIR / "actors.yaml")
    names: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for state in states:
        names[state["key"]], kinds[state["key"]] = state["name"], "state"
    for actor in [*reference["actors"], *(facts.get("actors") or [])]:
        names.setdefault(actor["key"], actor.get("name") or actor["description"])
        kinds.setdefault(actor["key"], actor["kind"])
    return Seed(
        facts=facts,
        text=(SEED_DIR / "text.txt").read_text(encoding="utf-8"),
        names=names,
        kinds=kinds,
        iso3={s["key"]: s["iso_alpha3"] for s in states},
        regimes={r["key"]: r["name"] for r in reference.get("regimes") or []},
    )


PRECISION_BY_LENGTH = {4: "year", 7: "month", 10: "day"}


def iso_date(given: str | None, default: str | None = None) -> tuple[str | None, str | None]:
    """A facts-file date as the views show it: first day of the period, and its precision."""
    if given is None:
        return (default, "day") if default else (None, None)
    first = (given + "-01-01")[:10] if len(given) == 4 else (given + "-01")[:10]
    return dt.date.fromisoformat(first).isoformat(), PRECISION_BY_LENGTH[len(given)]


def rows(engine: Engine, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), params)]


def dicts(engine: Engine, sql: str, **params: Any) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(text(sql), params)]


# --- the views and their columns ------------------------------------------------------------


def test_catalog_starts_each_view_with_the_contract_columns() -> None:
    assert set(VIEW_NAMES) == set(CONTRACT)
    for view in VIEWS:
        contract = CONTRACT[view.name]
        assert view.column_names[: len(contract)] == contract, view.name
        assert len(set(view.column_names)) == len(view.column_names), view.name
        assert all(description.strip() for _, description in view.columns), view.name
        assert "ORDER BY" in view.example_sql, view.name
        assert view_doc(view.name) is view


def test_the_database_has_exactly_the_catalog_views(built_engine: Engine) -> None:
    assert set(inspect(built_engine).get_view_names()) == set(VIEW_NAMES)


@pytest.mark.parametrize("view", VIEWS, ids=VIEW_NAMES)
def test_view_has_the_catalog_columns_in_order(built_engine: Engine, view: Any) -> None:
    with built_engine.connect() as conn:
        keys = tuple(conn.execute(text(f"SELECT * FROM {view.name} WHERE 1 = 0")).keys())
    assert keys == view.column_names
    reflected = tuple(c["name"] for c in inspect(built_engine).get_columns(view.name))
    assert reflected == view.column_names


def test_downgrade_to_0003_leaves_only_v_evidence_and_upgrade_restores(
    migrated_engine: Engine,
) -> None:
    downgrade(migrated_engine, "0003")
    assert set(inspect(migrated_engine).get_view_names()) == {"v_evidence"}
    upgrade(migrated_engine)
    assert set(inspect(migrated_engine).get_view_names()) == set(VIEW_NAMES)


# --- answers about the seed document --------------------------------------------------------


@pytest.fixture
def seed_engine(migrated_engine: Engine) -> Engine:
    """The schema at head holding the seed document alone (as docs/views.md is answered)."""
    load(migrated_engine, [SEED_DIR])
    return migrated_engine


def actor_names(engine: Engine) -> dict[str, str]:
    """Actor key -> the name the views should show: best known name, else description."""
    sql = "SELECT key, name, description FROM actors"
    return {key: name or description for key, name, description in rows(engine, sql)}


def test_sanctions_say_who_sanctioned_whom_when_under_which_regime(built_engine: Engine) -> None:
    s, names = seed(), actor_names(built_engine)
    expected = [
        (
            names[item["authority"]],
            state_iso3(item["authority"]),
            s.regimes[item["regime"]],
            names[target],
            s.kinds[target],
            *iso_date(item.get("date")),
            item["quote"],
            state_iso3(target),
            item.get("reason"),
        )
        for item in s.section("sanctions")
        for target in item["targets"]
    ]
    actual = rows(
        built_engine,
        "SELECT imposed_by, imposed_by_iso3, regime, target, target_kind, imposed_on,"
        " date_precision, quote, target_iso3, reason FROM v_sanctions"
        " WHERE document_slug = :slug",
        slug=s.slug,
    )
    assert sorted(actual, key=repr) == sorted(expected, key=repr)

    # As the press release puts it: "In September, the UK imposed landmark sanctions on
    # Alexander Lukashenko, his son and senior figures ... under the UK's new human rights
    # sanctions regime": one row per target, September 2020 with month precision.
    found = dicts(
        built_engine,
        "SELECT * FROM v_sanctions WHERE document_slug = :slug ORDER BY sanction_id",
        slug=s.slug,
    )
    assert len(found) == 3
    assert {r["imposed_by"] for r in found} == {"United Kingdom"}
    assert {r["imposed_by_iso3"] for r in found} == {"GBR"}
    assert {(r["imposed_on"], r["date_precision"]) for r in found} == {("2020-09-01", "month")}
    assert "Alexander Lukashenko" in {r["target"] for r in found}
    assert {r["target_kind"] for r in found} == {"person", "group"}
    # a group of officials counts for no one state: its ISO column is NULL
    assert {r["target_iso3"] for r in found if r["target_kind"] == "group"} == {None}
    assert {r["imposed_by_via"] for r in found} == {"state"}
    assert all("human rights" in r["regime"].lower() for r in found)
    assert all(r["quote"].startswith("In September") for r in found)


def test_demands_say_what_the_uk_demanded_of_belarus(built_engine: Engine) -> None:
    s, names = seed(), actor_names(built_engine)
    expected = [
        (
            names[d["by"]],
            state_iso3(d["by"]),
            names[d["of"]] if d.get("of") else None,
            state_iso3(d.get("of")),
            d["text"],
            d["cameo"],
            *iso_date(d.get("date"), s.published_on),
            d["quote"],
        )
        for d in s.section("demands")
    ]
    actual = rows(
        built_engine,
        "SELECT demanded_by, demanded_by_iso3, addressee, addressee_iso3, demand, cameo_code,"
        " stated_on, date_precision, quote FROM v_demands WHERE document_slug = :slug",
        slug=s.slug,
    )
    assert sorted(actual, key=repr) == sorted(expected, key=repr)

    # "calls on the Government of Belarus to hold new Presidential elections, immediately end
    # the violence, release all those unjustly detained, investigate allegations of torture
    # and take action to ensure humane conditions in detention."
    call = re.search(r"calls on the Government of Belarus to (.+)\.", s.text)
    assert call is not None
    asked = [p.strip() for p in re.split(r", | and (?=take)", call.group(1))]
    assert len(asked) == 5
    of_belarus = dicts(
        built_engine,
        "SELECT * FROM v_demands WHERE demanded_by_iso3 = 'GBR' AND addressee_iso3 = 'BLR'"
        " AND document_slug = :slug ORDER BY demand_id",
        slug=s.slug,
    )
    for words in asked:
        matching = [r for r in of_belarus if r["quote"] == words]
        assert len(matching) == 1, words
        assert matching[0]["addressee"] == "Government of Belarus"
        # the government is part_of blr: an organ of Belarus (0019)
        assert (matching[0]["addressee_iso3"], matching[0]["addressee_via"]) == ("BLR", "organ")
    assert any("free and fair" in r["demand"] for r in of_belarus)
    assert [r["addressee"] for r in of_belarus if r["addressee_via"] == "state"] == ["Belarus"]
    assert {r["demanded_by_via"] for r in of_belarus} == {"state"}
    assert {r["demanded_by"] for r in of_belarus} == {"United Kingdom"}
    assert {(r["stated_on"], r["date_precision"]) for r in of_belarus} == {("2020-11-05", "day")}
    assert len(of_belarus) == len(s.section("demands"))


def test_findings_say_what_the_investigation_found(built_engine: Engine) -> None:
    s, names = seed(), actor_names(built_engine)
    investigation = s.section("investigations")[0]
    expected = [
        (
            investigation["name"],
            names[investigation["conducted_by"]],
            names[investigation["mandated_by"]],
            f.get("text") or f["quote"],
            f["category"],
            f["quote"],
        )
        for f in s.section("findings")
    ]
    actual = rows(
        built_engine,
        "SELECT investigation, investigated_by, mandated_by, finding, category, quote"
        " FROM v_findings WHERE document_slug = :slug",
        slug=s.slug,
    )
    assert sorted(actual, key=repr) == sorted(expected, key=repr)

    # The four conclusions the press release lists after "overwhelming evidence that:".
    listed = s.text.split("overwhelming evidence that:\n", 1)[1]
    conclusions = re.findall(r"^- (.+)$", listed, flags=re.MULTILINE)
    assert len(conclusions) == 4
    found = dicts(
        built_engine,
        "SELECT * FROM v_findings WHERE document_slug = :slug ORDER BY finding_id",
        slug=s.slug,
    )
    quotes = [r["quote"] for r in found]
    for conclusion in conclusions:
        assert conclusion in quotes
    # ... and the lead's: the report "confirmed that August's election was “falsified”".
    lead = [r for r in found if "“falsified”" in r["quote"]]
    assert len(lead) == 1
    assert lead[0]["category"] == "electoral_fraud"
    # The invoking States mandated it, not an OSCE body (the mechanism needs no decision of one).
    invokers = s.actor("moscow-mechanism-invokers-2020")["description"]
    assert {r["mandated_by"] for r in found} == {invokers}


def test_statements_say_who_spoke_in_what_role(built_engine: Engine) -> None:
    s, names = seed(), actor_names(built_engine)
    expected = [
        (
            names[st["speaker"]],
            st.get("speaker_role"),
            names[st["on_behalf_of"]] if st.get("on_behalf_of") else None,
            state_iso3(st.get("on_behalf_of")),
            state_iso3(st["speaker"]),
            s.kinds[st["speaker"]],
            *iso_date(st.get("date"), s.published_on),
            st.get("text") or st["quote"],
            st.get("cameo"),
            st["type"],
            st["quote"],
        )
        for st in s.section("statements")
    ]
    actual = rows(
        built_engine,
        "SELECT speaker, speaker_role, on_behalf_of, on_behalf_of_iso3, speaker_iso3,"
        " speaker_kind, stated_on, date_precision, text, cameo_code, statement_type, quote"
        " FROM v_statements WHERE document_slug = :slug",
        slug=s.slug,
    )
    assert sorted(actual, key=repr) == sorted(expected, key=repr)

    # "Foreign Secretary Dominic Raab said:" — he speaks as Foreign Secretary for the UK.
    assert "Foreign Secretary Dominic Raab said:" in s.text
    raab = dicts(
        built_engine,
        "SELECT * FROM v_statements WHERE speaker = 'Dominic Raab' AND document_slug = :slug",
        slug=s.slug,
    )
    assert len(raab) == 3
    for row in raab:
        assert (row["speaker_role"], row["on_behalf_of"], row["on_behalf_of_iso3"]) == (
            "Foreign Secretary",
            "United Kingdom",
            "GBR",
        )
        # he holds a post in the UK: its official (0019)
        assert row["speaker_kind"] == "person"
        assert (row["speaker_iso3"], row["speaker_via"]) == ("GBR", "official")
        assert row["on_behalf_of_via"] == "state"
    uk = dicts(
        built_engine,
        "SELECT * FROM v_statements WHERE speaker_iso3 = 'GBR' AND speaker_via = 'state'"
        " AND document_slug = :slug",
        slug=s.slug,
    )
    assert len(uk) == len(s.section("statements")) - 3
    assert {r["speaker"] for r in uk} == {"United Kingdom"}
    assert all(r["on_behalf_of"] is None for r in uk)


def test_event_participants_say_which_events_happened_when_with_whom(
    built_engine: Engine,
) -> None:
    s, names = seed(), actor_names(built_engine)
    # An event several documents date is dated as the most precise of them: the same date.
    dated: dict[str, str] = {}
    for facts in sorted(DOCUMENTS_DIR.glob("*/facts.yaml")):
        for event in yaml.safe_load(facts.read_text(encoding="utf-8")).get("events") or ():
            if len(str(event.get("date") or "")) > len(dated.get(event["key"], "")):
                dated[event["key"]] = str(event["date"])
    expected = []
    for p in s.section("participants"):
        event = s.event(p["event"])
        expected.append(
            (
                event["key"],
                event["name"],
                event["type"],
                *iso_date(dated.get(event["key"])),
                names[p["actor"]],
                s.kinds[p["actor"]],
                state_iso3(p["actor"]),
                p["role"],
                p["quote"],
            )
        )
    actual = rows(
        built_engine,
        "SELECT event_key, event, event_type, occurred_on, date_precision, participant,"
        " participant_kind, participant_iso3, role, quote"
        " FROM v_event_participants WHERE document_slug = :slug",
        slug=s.slug,
    )
    assert sorted(actual, key=repr) == sorted(expected, key=repr)

    # "the 9 August presidential election in Belarus"; the UK "invoked the Moscow Mechanism"
    # with partners "on 17 September"; "In September, the UK imposed landmark sanctions".
    when = {
        (r["event_type"], r["participant_iso3"], r["role"]): (r["occurred_on"], r["date_precision"])
        for r in dicts(
            built_engine,
            "SELECT * FROM v_event_participants WHERE document_slug = :slug",
            slug=s.slug,
        )
    }
    assert when[("election", "BLR", "location")] == ("2020-08-09", "day")
    assert when[("mechanism_invocation", "GBR", "invoking_state")] == ("2020-09-17", "day")
    assert when[("mechanism_invocation", "BLR", "subject")] == ("2020-09-17", "day")
    # The release says "In September"; the UK designations note gives the day, 29 September.
    assert when[("sanctions", "GBR", "imposing_state")] == ("2020-09-29", "day")
    assert "9 August presidential election in Belarus" in s.text
    assert "on 17 September" in s.text


def _counts(
    relations: list[dict[str, Any]], groups: set[str], states: dict[str, str]
) -> dict[str, dict[str, str]]:
    """For each actor key, the states it counts for and how, by the documented rule: an actor
    part_of a state or an organ of it is an organ; a person holding a post in either an
    official; a group counts for its member states (and a sub-group's)."""
    counts: dict[str, dict[str, str]] = {key: {key: "state"} for key in states}
    changed = True
    while changed:
        changed = False
        for r in relations:
            subject, relation, obj = r["subject"], r["relation"], r["object"]
            if relation in ("part_of", "holds_position") and obj not in groups:
                via = "organ" if relation == "part_of" else "official"
                new = {st for st, how in counts.get(obj, {}).items() if how in ("state", "organ")}
                target, how_new = subject, via
            elif obj in groups and relation in ("member_of", "part_of"):
                wanted = ("state", "organ") if relation == "member_of" else ("member",)
                new = {st for st, how in counts.get(subject, {}).items() if how in wanted}
                target, how_new = obj, "member"
            else:
                continue
            for state in new - set(counts.get(target, {})):
                counts.setdefault(target, {})[state] = how_new
                changed = True
    return counts


def _reference_groups() -> set[str]:
    return {
        a["key"] for a in _yaml(REFERENCE_DIR / "actors.yaml")["actors"] if a["kind"] == "group"
    }


def counts_for(s: Seed) -> dict[str, dict[str, str]]:
    """_counts for the seed document alone."""
    groups = {a["key"] for a in s.section("actors") if a["kind"] == "group"}
    return _counts(s.section("relations"), groups | _reference_groups(), s.iso3)


def sole_states(counts: dict[str, dict[str, str]], groups: set[str]) -> dict[str, tuple[str, str]]:
    """Actor key -> (ISO code, how) the per-fact views show for it (0019): the one state it is,
    or is an organ or official of; groups and actors of no state, or of several, have none."""
    iso3, found = seed().iso3, {}
    for actor, known in counts.items():
        own = [(state, how) for state, how in known.items() if how != "member"]
        if actor not in groups and len(own) == 1:
            found[actor] = (iso3[own[0][0]], own[0][1])
    return found


@functools.cache
def state_of_all() -> dict[str, tuple[str, str]]:
    """sole_states with every seed document loaded (built_engine)."""
    relations, groups = [], _reference_groups()
    for facts_file in sorted(DOCUMENTS_DIR.glob("*/facts.yaml")):
        facts = _yaml(facts_file)
        relations += facts.get("relations") or []
        groups |= {a["key"] for a in facts.get("actors") or [] if a["kind"] == "group"}
    return sole_states(_counts(relations, groups, seed().iso3), groups)


def state_iso3(key: str | None) -> str | None:
    """The *_iso3 the per-fact views show, every seed loaded, for the actor `key`."""
    return None if key is None else state_of_all().get(key, (None, None))[0]


def expected_state_activity(s: Seed) -> list[tuple[Any, ...]]:
    """v_state_activity on the seed document alone, by the documented rule: a fact counts
    once for each state it names itself, through an organ or official, or through a group the
    state is in (as speaker or spoken-for, demander, addressee, authority, target, participant
    or event location)."""
    found: dict[str, dict[str, set[str]]] = {}
    counts = counts_for(s)

    def add(actor_key: str | None, column: str, fact: str) -> None:
        for state_key in counts.get(actor_key or "", {}):
            found.setdefault(state_key, {}).setdefault(column, set()).add(fact)

    for st in s.section("statements"):
        add(st["speaker"], "statements", st["key"])
        add(st.get("on_behalf_of"), "statements", st["key"])
    for d in s.section("demands"):
        add(d["by"], "demands_made", d["key"])
        add(d.get("of"), "demands_received", d["key"])
    for item in s.section("sanctions"):
        for target in item["targets"]:
            add(item["authority"], "sanctions_imposed", f"{item['key']}/{target}")
            add(target, "sanctions_received", f"{item['key']}/{target}")
    for p in s.section("participants"):
        add(p["actor"], "events", p["event"])
    for e in s.section("events"):
        add(e.get("location"), "events", e["key"])
    counted = CONTRACT["v_state_activity"][2:]
    return sorted(
        (s.names[key], s.iso3[key], *(len(facts.get(c, ())) for c in counted))
        for key, facts in found.items()
    )


def test_state_activity_counts_facts_for_states_through_organs_and_groups(
    seed_engine: Engine,
) -> None:
    s = seed()
    columns = ", ".join(CONTRACT["v_state_activity"])
    actual = rows(seed_engine, f"SELECT {columns} FROM v_state_activity")
    assert sorted(actual) == expected_state_activity(s)
    assert all(type(v) is int for row in actual for v in row[2:])

    activity = {r["iso3"]: r for r in dicts(seed_engine, "SELECT * FROM v_state_activity")}
    # Raab's statements for the UK count; so do the demands made of the Government of Belarus
    # (an organ of Belarus) for Belarus, each once.
    assert activity["GBR"]["statements"] == len(s.section("statements"))
    organs = {"blr"} | {
        r["subject"]
        for r in s.section("relations")
        if r["relation"] == "part_of" and r["object"] == "blr"
    }
    assert {"belarus-government", "belarus-authorities"} <= organs
    of_belarus = [d for d in s.section("demands") if d.get("of") in organs]
    assert activity["BLR"]["demands_received"] == len(of_belarus) > 1
    assert activity["GBR"]["sanctions_imposed"] == 3
    assert activity["GBR"]["sanctions_received"] == activity["BLR"]["sanctions_imposed"] == 0


def test_state_activity_with_every_seed_has_a_row_per_active_state(built_engine: Engine) -> None:
    activity = dicts(built_engine, "SELECT * FROM v_state_activity")
    assert len({r["iso3"] for r in activity}) == len(activity)
    counted = CONTRACT["v_state_activity"][2:]
    for row in activity:
        assert all(type(row[c]) is int and row[c] >= 0 for c in counted), row
        assert sum(row[c] for c in counted) > 0, row
    by_iso3 = {r["iso3"]: r for r in activity}
    assert by_iso3["GBR"]["statements"] >= len(seed().section("statements"))


def test_timeline_lists_every_dated_fact_in_order(seed_engine: Engine) -> None:
    s = seed()
    dated_events = [e for e in s.section("events") if e.get("date")]
    expected_count = (
        len(dated_events)
        + 1  # the document's publication
        + sum(len(item["targets"]) for item in s.section("sanctions"))
        + len(s.section("statements"))
        + len(s.section("demands"))
    )
    timeline = dicts(seed_engine, "SELECT * FROM v_timeline ORDER BY sort_key")
    assert len(timeline) == expected_count
    assert len({r["sort_key"] for r in timeline}) == len(timeline)
    assert [r["occurred_on"] for r in timeline] == sorted(r["occurred_on"] for r in timeline)
    assert {r["document_slug"] for r in timeline} == {s.slug}
    events = [
        (r["occurred_on"], r["date_precision"], r["summary"])
        for r in timeline
        if r["kind"] == "event"
    ]
    assert events == sorted((*iso_date(e["date"]), e["name"]) for e in dated_events)
    # What the release reports of August (month precision, so the 1st) first, then the
    # election (9 August); the September sanctions (month precision) before the 17 September
    # invocation; the rest on the press release's own day.
    summaries = [r["summary"] for r in timeline]
    kinds = [r["kind"] for r in timeline]
    reported = [s.statement(k) for k in ("uk-led-campaign-for-investigation", "uk-early-concerns")]
    assert all(item["date"] == "2020-08" for item in reported)
    august = [
        r for r in timeline if r["date_precision"] == "month" and r["occurred_on"] == "2020-08-01"
    ]
    assert len(august) == len(reported) and timeline[: len(august)] == august
    assert summaries[len(august)] == s.event("belarus-presidential-election-2020")["name"]
    invocation = summaries.index(s.event("moscow-mechanism-invocation-belarus-2020")["name"])
    first_sanction = kinds.index("sanction")
    assert first_sanction < invocation
    assert timeline[first_sanction]["date_precision"] == "month"
    assert "Alexander Lukashenko" in timeline[first_sanction]["summary"]
    assert {r["occurred_on"] for r in timeline[invocation + 1 :]} == {s.published_on}
    assert kinds.count("document") == 1
    assert kinds.count("statement") == len(s.section("statements"))
    assert kinds.count("demand") == len(s.section("demands"))


def test_evidence_proves_every_quote(built_engine: Engine) -> None:
    s = seed()
    expected = {
        "actor_relations": len(s.section("relations")),
        "event_participants": len(s.section("participants")),
        "statements": len(s.section("statements")),
        "findings": len(s.section("findings")),
        "sanctions": sum(len(item["targets"]) for item in s.section("sanctions")),
        "demands": len(s.section("demands")),
        "events": len([e for e in s.section("events") if e.get("quote")]),
    }
    found = dicts(built_engine, "SELECT * FROM v_evidence WHERE document_slug = :slug", slug=s.slug)
    assert {t: sum(r["fact_table"] == t for r in found) for t in expected} == expected
    assert len(found) == sum(expected.values())
    assert all(s.text[r["char_start"] : r["char_end"]] == r["quote"] for r in found)
    every = rows(built_engine, "SELECT quote_matches FROM v_evidence")
    assert every and all(r == (1,) for r in every)


DATE_COLUMNS = {
    "v_statements": "stated_on",
    "v_sanctions": "imposed_on",
    "v_demands": "stated_on",
    "v_event_participants": "occurred_on",
    "v_timeline": "occurred_on",
}


def test_dates_are_iso_text_whatever_the_session_datestyle(built_engine: Engine) -> None:
    """Dates read 'YYYY-MM-DD' even where a PostgreSQL session prefers another DateStyle."""
    with built_engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SET DateStyle = 'SQL, DMY'"))
            assert conn.execute(text("SELECT DATE '2020-09-17'::text")).scalar() == "17/09/2020"
        for view, column in DATE_COLUMNS.items():
            found = conn.execute(
                text(f"SELECT {column}, date_precision FROM {view} WHERE {column} IS NOT NULL")
            ).all()
            assert found, view
            for value, precision in found:
                assert isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), view
                dt.date.fromisoformat(value)
                assert precision in ("day", "month", "year"), view
                if precision != "day":
                    assert value.endswith("-01"), (view, value)


def test_a_later_document_naming_an_actor_renames_earlier_rows(
    seed_engine: Engine, tmp_path: Path
) -> None:
    """Names are the best known across documents: the son the press release only describes
    gets his name in the press release's own rows once a later document names him."""
    body = "Viktor Lukashenko, a son of Alexander Lukashenko, is sanctioned by the UK."
    folder = tmp_path / "later-note-names-the-son"
    folder.mkdir()
    (folder / "text.txt").write_text(body, encoding="utf-8")
    facts = {
        "document": {
            "slug": "later-note-names-the-son",
            "title": "Test note: the son sanctioned in September 2020",
            "publisher": "Dossier tests",
            "document_type": "analyst_note",
            "published_on": "2021-01-15",
            "text_sha256": hashlib.sha256(body.encode("utf-8")).hexdigest(),
        },
        "actors": [{"key": "lukashenko-son", "kind": "person", "name": "Viktor Lukashenko"}],
    }
    (folder / "facts.yaml").write_text(yaml.safe_dump(facts), encoding="utf-8")
    son = seed().names["lukashenko-son"]  # the press release's description
    sql = "SELECT target FROM v_sanctions WHERE document_slug = :slug ORDER BY sanction_id"
    assert son in [r[0] for r in rows(seed_engine, sql, slug=seed().slug)]

    load(seed_engine, [folder])

    targets = [r[0] for r in rows(seed_engine, sql, slug=seed().slug)]
    assert "Viktor Lukashenko" in targets and son not in targets
    participants = {r[0] for r in rows(seed_engine, "SELECT participant FROM v_event_participants")}
    assert "Viktor Lukashenko" in participants and son not in participants
    summaries = rows(seed_engine, "SELECT summary FROM v_timeline WHERE kind = 'sanction'")
    assert any("Viktor Lukashenko" in r[0] for r in summaries)


# --- the same rows on both engines ----------------------------------------------------------


# Views the seed document alone leaves empty: one document does not disagree with itself
# (docs/views.md answers on it; tests/test_acts.py checks v_disagreements on every seed).
AGREED = {"v_disagreements"}


def test_every_view_returns_the_same_rows_on_sqlite_and_postgresql(
    seeded_pair: tuple[Engine, Engine],
) -> None:
    sqlite, postgres = seeded_pair
    assert sqlite.dialect.name == "sqlite" and postgres.dialect.name == "postgresql"
    for name in VIEW_NAMES:
        on_sqlite = sorted(rows(sqlite, f"SELECT * FROM {name}"), key=repr)
        on_postgres = sorted(rows(postgres, f"SELECT * FROM {name}"), key=repr)
        assert on_sqlite, f"{name} is empty on the seeds"
        # No normalisation: the views return the same Python types on both drivers.
        assert on_sqlite == on_postgres, name
        types = {tuple(type(v).__name__ for v in row) for row in on_sqlite}
        assert types == {tuple(type(v).__name__ for v in row) for row in on_postgres}, name


# --- docs/views.md --------------------------------------------------------------------------


def _documented_examples() -> dict[str, tuple[str, str]]:
    """view name -> (example SQL, answer table) as docs/views.md shows them."""
    docs = DOCS_PATH.read_text(encoding="utf-8")
    examples = {}
    for section in docs.split("\n## ")[1:]:
        name = section.split("\n", 1)[0].strip()
        sql = re.search(r"```sql\n(.*?)\n```", section, flags=re.DOTALL)
        table = re.search(r"Answer on the seed document:\n\n((?:\|.*\|\n?)+)", section)
        assert sql and table, f"docs/views.md: section {name} lacks its example or answer"
        examples[name] = (sql.group(1), table.group(1).rstrip("\n"))
    return examples


def test_docs_views_md_is_current(seed_engine: Engine) -> None:
    assert DOCS_PATH.read_text(encoding="utf-8") == render_docs(seed_engine), (
        f"docs/views.md is not what the catalog and the seed document give on"
        f" {seed_engine.dialect.name}: run {REGENERATE}"
    )


def test_every_documented_example_returns_the_table_shown(seed_engine: Engine) -> None:
    examples = _documented_examples()
    assert set(examples) == set(VIEW_NAMES)
    for name, (sql, table) in examples.items():
        assert example_answer(seed_engine, sql) == table, name
        assert table.count("\n") >= 2 or name in AGREED, f"{name}: the documented answer has no row"


def test_findings_say_whom_they_are_about(seed_engine: Engine) -> None:
    s = seed()
    expected = sorted(
        (
            f["key"],
            s.names[f["subject"]] if "subject" in f else None,
            s.kinds[f["subject"]] if "subject" in f else None,
        )
        for f in s.section("findings")
    )
    got = rows(
        seed_engine,
        "SELECT finding_key, subject, subject_kind FROM v_findings "
        "WHERE document_slug = :slug ORDER BY finding_key",
        slug=SEED_DIR.name,
    )
    assert got == expected
    assert any(subject is not None for _, subject, _ in got)


# --- 0019: a fact's state through organs and officials, and its act ----------------------------


def seed_states() -> dict[str, tuple[str, str]]:
    """sole_states for the seed document alone (seed_engine)."""
    s = seed()
    groups = {a["key"] for a in s.section("actors") if a["kind"] == "group"}
    return sole_states(counts_for(s), groups | _reference_groups())


def test_a_look_up_by_state_finds_the_findings_about_its_organs(seed_engine: Engine) -> None:
    """The findings about the Belarusian authorities and security forces (part_of blr in the
    press release's relations) are findings about Belarus: subject_iso3 'BLR', via 'organ'."""
    s = seed()
    organs = {
        r["subject"]
        for r in s.section("relations")
        if r["relation"] == "part_of" and r["object"] == "blr"
    }
    expected = sorted(f["key"] for f in s.section("findings") if f.get("subject") in organs)
    assert len(expected) == 4
    got = rows(
        seed_engine,
        "SELECT finding_key, subject_via FROM v_findings WHERE subject_iso3 = 'BLR'"
        " ORDER BY finding_key",
    )
    assert got == [(key, "organ") for key in expected]


def test_a_look_up_by_state_finds_the_demands_made_of_its_government(seed_engine: Engine) -> None:
    s = seed()
    of = {d["key"]: d.get("of") for d in s.section("demands")}
    got = rows(
        seed_engine,
        "SELECT demand_key, addressee, addressee_via FROM v_demands"
        " WHERE addressee_iso3 = 'BLR' ORDER BY demand_key",
    )
    government = sorted(key for key, addressee in of.items() if addressee == "belarus-government")
    assert len(government) >= 5
    assert [(k, via) for k, name, via in got if name == "Government of Belarus"] == [
        (key, "organ") for key in government
    ]
    # the one demand made of the state itself says so
    assert [(k, via) for k, name, via in got if name != "Government of Belarus"] == [
        (key, "state") for key, addressee in sorted(of.items()) if addressee == "blr"
    ]


# (view, the fact's key column, its *_iso3 columns' prefixes, each with the facts file's field)
STATE_COLUMNS = [
    (
        "v_statements",
        "statement_key",
        "statements",
        {"speaker": "speaker", "on_behalf_of": "on_behalf_of", "target": "target"},
    ),
    ("v_demands", "demand_key", "demands", {"demanded_by": "by", "addressee": "of"}),
    ("v_findings", "finding_key", "findings", {"subject": "subject"}),
]


@pytest.mark.parametrize("view, key, section, columns", STATE_COLUMNS, ids=lambda x: str(x))
def test_each_state_column_shows_the_actors_sole_state_and_how(
    view: str, key: str, section: str, columns: dict[str, str], seed_engine: Engine
) -> None:
    """Every *_iso3 and *_via of the seed's facts, by the documented rule: a state says
    'state' for its own facts, an organ 'organ', an official 'official'; others NULL."""
    s, states = seed(), seed_states()
    selected = ", ".join(f"{c}_iso3, {c}_via" for c in columns)
    got = sorted(rows(seed_engine, f"SELECT {key}, {selected} FROM {view}"), key=repr)
    expected = sorted(
        (
            fact["key"],
            *(
                value
                for field in columns.values()
                for value in states.get(fact.get(field) or "", (None, None))
            ),
        )
        for fact in s.section(section)
    )
    assert got == sorted(expected, key=repr)
    vias = {row[i] for row in got for i in range(2, len(row), 2)}
    assert vias <= {"state", "organ", "official", None}


# (view, its id column, the fact table)
ACT_VIEWS = [
    ("v_statements", "statement_id", "statements"),
    ("v_demands", "demand_id", "demands"),
    ("v_sanctions", "sanction_id", "sanctions"),
    ("v_findings", "finding_id", "findings"),
    ("v_event_participants", "participation_id", "event_participants"),
    ("v_relations", "relation_id", "actor_relations"),
]


@pytest.mark.parametrize("view, id_column, table", ACT_VIEWS, ids=lambda x: str(x))
def test_each_fact_shows_once_with_the_key_of_its_act(
    view: str, id_column: str, table: str, built_engine: Engine
) -> None:
    shown = rows(built_engine, f"SELECT {id_column}, act FROM {view} ORDER BY {id_column}")
    stored = rows(
        built_engine,
        f"SELECT f.id, a.key FROM {table} AS f JOIN acts AS a ON a.id = f.act_id ORDER BY f.id",
    )
    assert shown == stored
    assert view_doc(view).column_names[-1] == "act"
