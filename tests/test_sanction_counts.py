"""Whom a state sanctioned (issue 19): v_state_activity's targets_sanctioned and
persons_sanctioned against a computation of their own from the tables, on both engines.

sanctions_imposed counts sanction acts, one per target; targets_sanctioned counts the distinct
actors those acts target, persons_sanctioned the persons among them. On the seeds they agree
(no state sanctions anyone twice there); a made-up note in which the United Kingdom sanctions
Alexander Lukashenko a second time, a ministry and a group of unnamed commanders tells them
apart."""

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
COUNTS = ("sanctions_imposed", "targets_sanctioned", "persons_sanctioned")


def _all(engine: Engine, sql: str, **params: object) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), params)]


def _view(engine: Engine) -> dict[str, tuple[int, int, int]]:
    rows = _all(engine, f"SELECT iso3, {', '.join(COUNTS)} FROM v_state_activity")
    return {iso3: (imposed, targets, persons) for iso3, imposed, targets, persons in rows}


def _computed(engine: Engine) -> dict[str, tuple[int, int, int]]:
    """Per state (ISO code): the sanction acts its actors imposed, the distinct targets of
    those acts and the persons among them; an act with parts (a group sanction whose members'
    sanctions are linked to it) counts as its parts, not as itself. From the tables, in Python."""
    for_state: dict[int, set[str]] = defaultdict(set)  # actor id -> the ISO codes it counts for
    for actor_id, iso3 in _all(
        engine,
        "SELECT m.actor_id, s.iso_alpha3 FROM actor_states AS m"
        " JOIN states AS s ON s.actor_id = m.state_id",
    ):
        for_state[actor_id].add(iso3)
    wholes = {whole for (whole,) in _all(engine, "SELECT part_of_id FROM acts")}
    kind = dict(_all(engine, "SELECT id, kind FROM actors"))
    acts: dict[str, set[int]] = defaultdict(set)
    targets: dict[str, set[int]] = defaultdict(set)
    for act_id, authority_id, target_id in _all(
        engine, "SELECT act_id, authority_id, target_id FROM sanctions"
    ):
        if act_id in wholes:
            continue
        for iso3 in for_state[authority_id]:
            acts[iso3].add(act_id)
            targets[iso3].add(target_id)
    return {
        iso3: (
            len(acts[iso3]),
            len(targets[iso3]),
            sum(1 for target in targets[iso3] if kind[target] == "person"),
        )
        for iso3 in acts
    }


def _agree(engine: Engine) -> dict[str, tuple[int, int, int]]:
    """The view's counts, checked against the computation: every state that imposed a
    sanction has them, and every other row of the view shows none."""
    view, computed = _view(engine), _computed(engine)
    assert all(type(count) is int for counts in view.values() for count in counts)
    assert {iso3: view[iso3] for iso3 in computed} == computed
    assert all(counts == (0, 0, 0) for iso3, counts in view.items() if iso3 not in computed)
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
        assert view[iso3] == (len(named), len(named), len(named))


def test_the_press_release_alone_sanctions_a_group_that_is_no_person(
    migrated_engine: Engine,
) -> None:
    """Alone, the press release names Lukashenko, his son and "senior figures", a group whose
    members no loaded document links: three acts and three targets, two of them persons."""
    load(migrated_engine, [DOCUMENTS_DIR / PRESS_RELEASE])
    imposed, targets, persons = _agree(migrated_engine)["GBR"]
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
    already); no more persons (a ministry, and a group whose members no document links)."""
    before = _agree(built_engine)["GBR"]
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
    after = _agree(built_engine)["GBR"]
    new = [key for key in ACTORS_SANCTIONED if key not in already]
    assert "alexander-lukashenko" in already and len(new) < len(ACTORS_SANCTIONED)
    assert after == (
        before[0] + len(ACTORS_SANCTIONED),
        before[1] + len(new),
        before[2] + sum(1 for key in new if kinds.get(key, "group") == "person"),
    )
    imposed, targets, persons = after
    assert imposed > targets > persons


def test_the_acts_with_parts_are_read_once_a_query_not_once_a_sanction(
    built_engine: Engine,
) -> None:
    """The three counts of sanctions imposed leave out acts with parts by a list read once
    (0022): at a million facts PostgreSQL made 0017's NOT EXISTS an anti join and read
    sanctions whole for every state (docs/performance.md)."""
    sql = "SELECT * FROM v_state_activity"
    with built_engine.connect() as conn:
        if built_engine.dialect.name == "sqlite":
            plan = [row[3] for row in conn.execute(text(f"EXPLAIN QUERY PLAN {sql}"))]
            parents = [plan[n - 1] for n, line in enumerate(plan) if "SEARCH part " in line]
            assert len(parents) == 3, "\n".join(plan)
            assert all(p.lstrip("|` -").startswith("LIST SUBQUERY") for p in parents), plan
            return
        (plan,) = conn.execute(text(f"EXPLAIN (FORMAT JSON) {sql}")).scalar_one()
    nodes, pending = [], [plan["Plan"]]
    while pending:
        nodes.append(pending.pop())
        pending += nodes[-1].get("Plans", [])
    assert not [n for n in nodes if n.get("Join Type") == "Anti"]
    parts = [n["Subplan Name"] for n in nodes if n.get("Alias", "").startswith("part")]
    filters = " ".join(n.get("Filter", "") for n in nodes)
    assert len(parts) == 3 and all(f"hashed {name})" in filters for name in parts), filters
