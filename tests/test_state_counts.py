"""Organs, officials and groups count for their states, each fact once (issue 17), on both
engines, with every seed document loaded."""

from __future__ import annotations

from typing import Any

import yaml
from sqlalchemy import Engine, text

from seeds import DOCUMENTS_DIR
from seeds.loader import load, settle_states, unload

INVOCATION = "moscow-mechanism-invocation-belarus-2020"


def _yaml(path: Any) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _all(engine: Engine, sql: str, **params: object) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), params)]


def test_the_invocation_is_one_event_with_each_of_the_seventeen_states_once(
    built_engine: Engine,
) -> None:
    """The UK invoked it directly and as a member of two groups (the 16 partners, the
    seventeen): each State counts once."""
    rows = _all(
        built_engine,
        "SELECT s.iso_alpha3, a.key FROM event_participants p "
        "JOIN events e ON e.id = p.event_id JOIN actor_states m ON m.actor_id = p.actor_id "
        "JOIN states s ON s.actor_id = m.state_id JOIN actors a ON a.id = p.actor_id "
        "WHERE e.key = :k AND p.role = 'invoking_state'",
        k=INVOCATION,
    )
    by_state: dict[str, set[str]] = {}
    for iso3, via in rows:
        by_state.setdefault(iso3, set()).add(via)
    assert len(by_state) == 17
    assert by_state["GBR"] == {"gbr", "moscow-mechanism-invokers-2020"}  # named twice, once here
    members = _all(
        built_engine,
        "SELECT s.iso_alpha3 FROM actor_relations r JOIN actors g ON g.id = r.object_id "
        "JOIN states s ON s.actor_id = r.subject_id "
        "WHERE r.relation = 'member_of' AND g.key = 'moscow-mechanism-invokers-2020'",
    )
    assert set(by_state) == {iso3 for (iso3,) in members}
    # ... and in v_state_activity each counts the invocation once among its distinct events
    events = dict(_all(built_engine, "SELECT iso3, events FROM v_state_activity"))
    for iso3 in by_state:
        involved = _all(
            built_engine,
            "SELECT DISTINCT p.event_id FROM event_participants p "
            "JOIN actor_states m ON m.actor_id = p.actor_id "
            "JOIN states s ON s.actor_id = m.state_id WHERE s.iso_alpha3 = :i "
            "UNION SELECT e.id FROM events e JOIN actor_states m ON m.actor_id = e.location_id "
            "JOIN states s ON s.actor_id = m.state_id WHERE s.iso_alpha3 = :i",
            i=iso3,
        )
        assert events[iso3] == len(involved), iso3


def test_belarus_receives_the_demands_made_of_its_government_and_authorities(
    built_engine: Engine,
) -> None:
    organs = {
        key
        for (key,) in _all(
            built_engine,
            "SELECT a.key FROM actor_relations r JOIN actors a ON a.id = r.subject_id "
            "JOIN actors b ON b.id = r.object_id WHERE r.relation = 'part_of' AND b.key = 'blr'",
        )
    }
    assert {"belarus-government", "belarus-authorities"} <= organs
    demands = _all(
        built_engine,
        "SELECT dm.id, a.key FROM demands dm JOIN actors a ON a.id = dm.addressee_id",
    )
    of_belarus = {i for i, key in demands if key == "blr" or key in organs}
    direct = {i for i, key in demands if key == "blr"}
    (received,) = _all(
        built_engine, "SELECT demands_received FROM v_state_activity WHERE iso3 = 'BLR'"
    )
    assert received[0] == len(of_belarus) > len(direct)
    via = dict(
        _all(
            built_engine,
            "SELECT a.key, m.via FROM actor_states m JOIN actors a ON a.id = m.actor_id "
            "JOIN actors s ON s.id = m.state_id WHERE s.key = 'blr'",
        )
    )
    assert via["blr"] == "state" and via["belarus-government"] == "organ"
    assert via["alexander-lukashenko"] == "official"


PRESS_RELEASE = "uk-fcdo-2020-11-05-belarus-fresh-elections"


def _actor_states(engine: Engine) -> set[tuple[str, str, str, bool]]:
    return {
        (actor, state, via, bool(sole))
        for actor, state, via, sole in _all(
            engine,
            "SELECT a.key, s.key, m.via, m.sole FROM actor_states m "
            "JOIN actors a ON a.id = m.actor_id JOIN actors s ON s.id = m.state_id",
        )
    }


def _from_scratch(engine: Engine) -> set[tuple[str, str, str, bool]]:
    """actor_states worked out again from an empty table (then put back as it was)."""
    with engine.connect() as conn:
        conn.execute(text("DELETE FROM actor_states"))
        settle_states(conn)
        rows = {
            (actor, state, via, bool(sole))
            for actor, state, via, sole in conn.execute(
                text(
                    "SELECT a.key, s.key, m.via, m.sole FROM actor_states m "
                    "JOIN actors a ON a.id = m.actor_id JOIN actors s ON s.id = m.state_id"
                )
            )
        }
        conn.rollback()
    return rows


def test_unloading_and_loading_again_keeps_actor_states_right(built_engine: Engine) -> None:
    """Unloading the press release takes away what only its relations said (Belarus's
    government is its organ only there); loading it again gives back the same table."""
    before = _actor_states(built_engine)
    assert before == _from_scratch(built_engine)
    received = "SELECT demands_received FROM v_state_activity WHERE iso3 = 'BLR'"
    (count_before,) = _all(built_engine, received)[0]
    organs_here = {
        r["subject"]
        for r in _yaml(DOCUMENTS_DIR / PRESS_RELEASE / "facts.yaml")["relations"]
        if r["relation"] == "part_of" and r["object"] == "blr"
    }
    assert {(key, "blr", "organ", True) for key in organs_here} <= before

    unload(built_engine, PRESS_RELEASE)
    during = _actor_states(built_engine)
    assert not {(a, s) for a, s, _, _ in during} & {(key, "blr") for key in organs_here}
    # what the unload left is what working the table out from scratch gives
    assert during == _from_scratch(built_engine)
    rows = _all(built_engine, received)
    assert rows == [] or rows[0][0] < count_before

    load(built_engine, [DOCUMENTS_DIR / PRESS_RELEASE])
    assert _actor_states(built_engine) == before
    assert _all(built_engine, received) == [(count_before,)]
