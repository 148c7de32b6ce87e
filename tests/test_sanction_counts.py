"""Whom a state sanctioned (issue 19), and the sanctions it received: v_state_activity's
sanctions counts against a computation of their own from the tables, on both engines.

sanctions_imposed counts sanction acts, one per target; targets_sanctioned counts the distinct
actors those acts target, persons_sanctioned the persons among them. On the seeds they agree
(no state sanctions anyone twice there); a made-up note in which the United Kingdom sanctions
Alexander Lukashenko a second time, a ministry and a group of unnamed commanders tells them
apart. sanctions_received counts the acts aimed at the state's actors, a group sanction with
parts as its parts (0023), as sanctions_imposed does."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Engine, text

from seeds import DOCUMENTS_DIR
from seeds.loader import load
from tests.cli import document_folder

PRESS_RELEASE = "uk-fcdo-2020-11-05-belarus-fresh-elections"
UK_NOTE = "analyst-2026-11-28-uk-belarus-designations-2020-09-29"
CANADA_NOTE = "analyst-2026-12-03-canada-belarus-sanctions-2020-09-29"
COUNTS = ("sanctions_imposed", "targets_sanctioned", "persons_sanctioned", "sanctions_received")
Counts = tuple[int, int, int, int]


def _all(engine: Engine, sql: str, **params: object) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), params)]


def _view(engine: Engine) -> dict[str, Counts]:
    rows = _all(engine, f"SELECT iso3, {', '.join(COUNTS)} FROM v_state_activity")
    return {
        iso3: (imposed, targets, persons, received)
        for iso3, imposed, targets, persons, received in rows
    }


def _computed(engine: Engine) -> dict[str, Counts]:
    """Per state (ISO code): the sanction acts its actors imposed, the distinct targets of
    those acts and the persons among them, and the sanction acts aimed at its actors. An act
    with parts (a group sanction whose members' sanctions are linked to it) counts as its
    parts, not as itself: received, all of them when the group is an organ of the state, else
    each part where its own target counts. From the tables, in Python."""
    for_state: dict[int, dict[str, str]] = defaultdict(dict)  # actor id -> ISO code -> via
    for actor_id, iso3, via in _all(
        engine,
        "SELECT m.actor_id, s.iso_alpha3, m.via FROM actor_states AS m"
        " JOIN states AS s ON s.actor_id = m.state_id",
    ):
        for_state[actor_id][iso3] = via
    parts: dict[int, set[int]] = defaultdict(set)
    for part, whole in _all(engine, "SELECT id, part_of_id FROM acts"):
        if whole is not None:
            parts[whole].add(part)
    kind = dict(_all(engine, "SELECT id, kind FROM actors"))
    acts: dict[str, set[int]] = defaultdict(set)
    targets: dict[str, set[int]] = defaultdict(set)
    received: dict[str, set[int]] = defaultdict(set)
    for act_id, authority_id, target_id in _all(
        engine, "SELECT act_id, authority_id, target_id FROM sanctions"
    ):
        for iso3, via in for_state[target_id].items():
            if act_id not in parts:
                received[iso3].add(act_id)
            elif via == "organ":
                received[iso3] |= parts[act_id]
        if act_id in parts:
            continue
        for iso3 in for_state[authority_id]:
            acts[iso3].add(act_id)
            targets[iso3].add(target_id)
    return {
        iso3: (
            len(acts[iso3]),
            len(targets[iso3]),
            sum(1 for target in targets[iso3] if kind[target] == "person"),
            len(received[iso3]),
        )
        for iso3 in acts.keys() | received.keys()
    }


def _agree(engine: Engine) -> dict[str, Counts]:
    """The view's counts, checked against the computation: every state that imposed or
    received a sanction has them, and every other row of the view shows none."""
    view, computed = _view(engine), _computed(engine)
    assert all(type(count) is int for counts in view.values() for count in counts)
    assert {iso3: view[iso3] for iso3 in computed} == computed
    assert all(counts == (0, 0, 0, 0) for iso3, counts in view.items() if iso3 not in computed)
    return view


def _targets(slug: str, authority: str) -> set[str]:
    facts = yaml.safe_load((DOCUMENTS_DIR / slug / "facts.yaml").read_text(encoding="utf-8"))
    return {t for s in facts["sanctions"] if s["authority"] == authority for t in s["targets"]}


def test_the_seeds_targets_and_persons_are_the_notes_named_persons(built_engine: Engine) -> None:
    """The UK note names the eight persons the UK designated, the Canada note the eleven
    Canada listed (the press release's "senior figures" are the UK note's six, linked)."""
    view = _agree(built_engine)
    kinds = dict(_all(built_engine, "SELECT key, kind FROM actors"))
    for iso3, slug in (("GBR", UK_NOTE), ("CAN", CANADA_NOTE)):
        named = _targets(slug, iso3.lower())
        assert {kinds[key] for key in named} == {"person"}
        assert view[iso3][:3] == (len(named), len(named), len(named))


def test_the_press_release_alone_sanctions_a_group_that_is_no_person(
    migrated_engine: Engine,
) -> None:
    """Alone, the press release names Lukashenko, his son and "senior figures", a group whose
    members no loaded document links: three acts and three targets, two of them persons."""
    load(migrated_engine, [DOCUMENTS_DIR / PRESS_RELEASE])
    imposed, targets, persons, _ = _agree(migrated_engine)["GBR"]
    kinds = dict(_all(migrated_engine, "SELECT key, kind FROM actors"))
    named = _targets(PRESS_RELEASE, "gbr")
    assert imposed == targets == len(named)
    assert persons == sum(1 for key in named if kinds[key] == "person") < targets


ACTORS_SANCTIONED = ["alexander-lukashenko", "belarus-interior-ministry", "riot-police-commanders"]
TEXT = (
    "London, 10 December 2020. A made-up note for a test: the United Kingdom today sanctioned"
    " Alexander Lukashenko once more, together with the Belarusian Ministry of Internal Affairs"
    " and the commanders of the riot police, whom it does not name."
)


def _made_up_note(root: Path) -> Path:
    """A document in which the UK sanctions Lukashenko again (a second act: another
    document's sanction, not named as the same), a ministry, and a group no document names
    the members of."""
    metadata = {
        "title": "A made-up second round of UK sanctions",
        "publisher": "Dossier tests",
        "document_type": "analyst_note",
        "published_on": "2020-12-10",
    }
    group = {
        "key": "riot-police-commanders",
        "kind": "group",
        "description": "the commanders of the Belarusian riot police",
    }
    sanction = {
        "key": "second-round",
        "authority": "gbr",
        "targets": ACTORS_SANCTIONED,
        "date": "2020-12-10",
        "quote": "the United Kingdom today sanctioned Alexander Lukashenko once more",
    }
    slug = "made-up-uk-sanctions-2020-12-10"
    return document_folder(root, slug, TEXT, metadata, actors=[group], sanctions=[sanction])


def test_a_target_sanctioned_twice_counts_once_and_a_ministry_or_group_is_no_person(
    built_engine: Engine, tmp_path: Path
) -> None:
    """Three more acts for the UK; one more target fewer than acts (Lukashenko was one
    already); no more persons (a ministry, and a group whose members no document links).
    Belarus receives two more acts: Lukashenko's and its ministry's (the group counts for no
    state)."""
    view = _agree(built_engine)
    before, belarus = view["GBR"], view["BLR"]
    already = {
        key
        for (key,) in _all(
            built_engine,
            "SELECT DISTINCT t.key FROM sanctions AS s JOIN actors AS t ON t.id = s.target_id"
            " JOIN actors AS a ON a.id = s.authority_id WHERE a.key = 'gbr'",
        )
    }
    kinds = dict(_all(built_engine, "SELECT key, kind FROM actors"))
    load(built_engine, [_made_up_note(tmp_path)])
    view = _agree(built_engine)
    after = view["GBR"]
    assert view["BLR"][3] == belarus[3] + 2
    new = [key for key in ACTORS_SANCTIONED if key not in already]
    assert "alexander-lukashenko" in already and len(new) < len(ACTORS_SANCTIONED)
    assert after == (
        before[0] + len(ACTORS_SANCTIONED),
        before[1] + len(new),
        before[2] + sum(1 for key in new if kinds.get(key, "group") == "person"),
        before[3],
    )
    imposed, targets, persons, _ = after
    assert imposed > targets > persons


def test_a_group_sanction_is_received_as_one_act_until_its_parts_are_linked(
    migrated_engine: Engine,
) -> None:
    """Alone, the press release's sanction on "senior figures in the Belarusian government"
    (an organ of Belarus: part_of its government) is one act Belarus received. The UK note
    names the six and links their sanctions to it: Belarus then receives those six acts in
    its place, each once (0023), beside the acts on the note's other officials of Belarus."""
    load(migrated_engine, [DOCUMENTS_DIR / PRESS_RELEASE])
    alone = _agree(migrated_engine)["BLR"][3]
    group = "belarus-senior-officials-sanctioned-2020-09"
    whole = f"{PRESS_RELEASE}/uk-ghr-sanctions-2020-09/{group}"
    counted = "SELECT m.via FROM actor_states AS m JOIN actors AS a ON a.id = m.actor_id"
    counted += " JOIN states AS s ON s.actor_id = m.state_id"
    counted += " WHERE a.key = :key AND s.iso_alpha3 = 'BLR'"
    assert _all(migrated_engine, counted, key=group) == [("organ",)]
    parts = "SELECT part.key FROM acts AS part JOIN acts AS whole ON whole.id = part.part_of_id"
    parts += " WHERE whole.key = :whole"
    assert _all(migrated_engine, parts, whole=whole) == []

    aimed = "SELECT DISTINCT a.key FROM sanctions AS sn JOIN acts AS a ON a.id = sn.act_id"
    aimed += " JOIN actor_states AS m ON m.actor_id = sn.target_id"
    aimed += " JOIN states AS s ON s.actor_id = m.state_id WHERE s.iso_alpha3 = 'BLR'"
    assert alone == len(_all(migrated_engine, aimed)) == 1

    load(migrated_engine, [DOCUMENTS_DIR / UK_NOTE])
    linked = set(_all(migrated_engine, parts, whole=whole))
    on_belarus = set(_all(migrated_engine, aimed))  # the six are officials of Belarus now
    assert len(linked) == 6 and linked | {(whole,)} <= on_belarus
    assert _agree(migrated_engine)["BLR"][3] == len(on_belarus - {(whole,)})


def test_the_acts_with_parts_are_read_once_a_query_not_once_a_sanction(
    built_engine: Engine,
) -> None:
    """The three counts of sanctions imposed and sanctions_received leave out acts with parts
    by a list read once (0022, 0023): at a million facts PostgreSQL made 0017's NOT EXISTS an
    anti join and read sanctions whole for every state (docs/performance.md). The parts that
    sanctions_received counts in their group's place are read from acts (alias `piece`)."""
    sql = "SELECT * FROM v_state_activity"
    with built_engine.connect() as conn:
        if built_engine.dialect.name == "sqlite":
            plan = [row[3] for row in conn.execute(text(f"EXPLAIN QUERY PLAN {sql}"))]
            parents = [plan[n - 1] for n, line in enumerate(plan) if "SEARCH part " in line]
            assert len(parents) == 4, "\n".join(plan)
            assert all(p.lstrip("|` -").startswith("LIST SUBQUERY") for p in parents), plan
            # the parts lead: each one's group sanction by its act, then whose organ it is
            pieces = [n for n, line in enumerate(plan) if "SEARCH piece " in line]
            assert len(pieces) == 1, "\n".join(plan)
            after = [line.lstrip("|` -") for line in plan[pieces[0] + 1 : pieces[0] + 3]]
            assert after[0].startswith("SEARCH sn USING INDEX ix_sanctions_act_id"), plan
            assert after[1].startswith("SEARCH m USING"), plan
            return
        (plan,) = conn.execute(text(f"EXPLAIN (FORMAT JSON) {sql}")).scalar_one()
    nodes, pending = [], [plan["Plan"]]
    while pending:
        nodes.append(pending.pop())
        pending += nodes[-1].get("Plans", [])
    assert not [n for n in nodes if n.get("Join Type") == "Anti"]
    parts = [n["Subplan Name"] for n in nodes if n.get("Alias", "").startswith("part")]
    filters = " ".join(n.get("Filter", "") for n in nodes)
    assert len(parts) == 4 and all(f"hashed {name})" in filters for name in parts), filters
