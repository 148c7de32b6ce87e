"""The bodies of the Belarusian state that the analyst notes name (the Presidential
Administration, the Ministry of Internal Affairs and its Internal Troops, the Central Election
Commission, the Minsk city police and its OMON) are organs of Belarus, so the officials holding
posts in them count for Belarus: through the `dossier` command, on SQLite and PostgreSQL,
against what the seeds' facts files say, worked out here by the documented rule."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from seeds import DOCUMENTS_DIR, REFERENCE_DIR
from tests.cli import run

BODIES = {
    "belarus-presidential-administration",
    "belarus-interior-ministry",
    "belarus-internal-troops",
    "belarus-central-election-commission",
    "minsk-internal-affairs-department",
    "minsk-omon",
}
VIA = ("state", "organ", "official", "member")  # the better first
COUNTED = ("statements", "demands_made", "demands_received", "sanctions_imposed", "events")


def _facts() -> Iterator[tuple[str, dict[str, Any]]]:
    for facts_file in sorted(DOCUMENTS_DIR.glob("*/facts.yaml")):
        yield facts_file.parent.name, yaml.safe_load(facts_file.read_text(encoding="utf-8"))


def _groups() -> set[str]:
    reference = yaml.safe_load((REFERENCE_DIR / "actors.yaml").read_text(encoding="utf-8"))
    groups = {a["key"] for a in reference["actors"] if a["kind"] == "group"}
    for _, facts in _facts():
        groups |= {a["key"] for a in facts.get("actors") or [] if a["kind"] == "group"}
    return groups


def _belarus() -> dict[str, str]:
    """Actor key -> how it counts for Belarus, from every facts file's relations: part_of
    Belarus or one of its organs makes an organ, a post in either an official, and a group
    counts when Belarus or an organ is its member (or a member group's)."""
    groups = _groups()
    relations = [r for _, facts in _facts() for r in facts.get("relations") or []]
    found = {"blr": "state"}

    def add(actor: str, via: str) -> bool:
        if actor in found and VIA.index(found[actor]) <= VIA.index(via):
            return False
        found[actor] = via
        return True

    changed = True
    while changed:
        changed = False
        for r in relations:
            subject, relation, obj = r["subject"], r["relation"], r["object"]
            if obj not in groups and relation in ("part_of", "holds_position"):
                if found.get(obj) in ("state", "organ"):
                    changed |= add(subject, "organ" if relation == "part_of" else "official")
            elif obj in groups and relation in ("member_of", "part_of"):
                wanted = ("state", "organ") if relation == "member_of" else ("member",)
                if found.get(subject) in wanted:
                    changed |= add(obj, "member")
    return found


def _sanctions() -> tuple[dict[str, str], dict[str, set[str]]]:
    """Every sanction act, one per target, with its target (a sanction names the act it
    tells of with `act:`, else it is its own); and the acts with parts, with their parts: a
    group's sanction whose members' own sanctions name it as their act."""
    targets: dict[str, str] = {}
    named: dict[str, set[str]] = {}
    for slug, facts in _facts():
        for item in facts.get("sanctions") or []:
            act = item.get("act", f"{slug}/{item['key']}")
            for target in item["targets"]:
                targets[f"{act}/{target}"] = target
                named.setdefault(act, set()).add(f"{act}/{target}")
    return targets, {act: parts for act, parts in named.items() if act in targets}


def _received(belarus: dict[str, str]) -> set[str]:
    """The sanction acts Belarus received, each once: those whose target counts for it, a
    sanction with parts counting as its parts (all of them when its group is Belarus's organ)."""
    targets, wholes = _sanctions()
    acts = {act for act, t in targets.items() if t in belarus and act not in wholes}
    for act, parts in wholes.items():
        if belarus.get(targets[act]) == "organ":
            acts |= parts
    return acts


def _expected(belarus: dict[str, str]) -> dict[str, int]:
    """The counts of v_state_activity but sanctions_received, by their documented rule:
    distinct acts (a fact's `act:`, else DOCUMENT/KEY), distinct events."""
    found: dict[str, set[str]] = {column: set() for column in COUNTED}
    _, wholes = _sanctions()  # a sanction with parts is imposed as those
    for slug, facts in _facts():
        for st in facts.get("statements") or []:
            if {st["speaker"], st.get("on_behalf_of")} & set(belarus):
                found["statements"].add(st.get("act", f"{slug}/{st['key']}"))
        for dm in facts.get("demands") or []:
            act = dm.get("act", f"{slug}/{dm['key']}")
            if dm["by"] in belarus:
                found["demands_made"].add(act)
            if dm.get("of") in belarus:
                found["demands_received"].add(act)
        for item in facts.get("sanctions") or []:
            if item["authority"] in belarus:
                act = item.get("act", f"{slug}/{item['key']}")
                imposed = {f"{act}/{t}" for t in item["targets"]}
                found["sanctions_imposed"] |= imposed - set(wholes)
        for p in facts.get("participants") or []:
            if p["actor"] in belarus:
                found["events"].add(p["event"])
        for e in facts.get("events") or []:
            if e.get("location") in belarus:
                found["events"].add(e["key"])
    return {column: len(acts) for column, acts in found.items()}


def _query(capsys: pytest.CaptureFixture[str], url: str, sql: str) -> list[dict[str, Any]]:
    code, out, err = run(capsys, "query", "--db", url, "--format", "json", sql)
    assert (code, err) == (0, ""), err
    return json.loads(out)


@pytest.fixture
def built_url(database_url: str, capsys: pytest.CaptureFixture[str]) -> str:
    """`dossier build` into the empty database."""
    code, _, err = run(capsys, "build", "-q", "--db", database_url)
    assert (code, err) == (0, ""), err
    return database_url


def test_the_bodies_and_their_officials_count_for_belarus(
    built_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    belarus = _belarus()
    assert {belarus.get(body) for body in BODIES} == {"organ"}
    holding = {
        r["subject"]
        for _, facts in _facts()
        for r in facts.get("relations") or []
        if r["relation"] == "holds_position" and r["object"] in BODIES
    }
    assert holding and {belarus.get(key) for key in holding} == {"official"}

    counted = _query(
        capsys,
        built_url,
        "SELECT a.key, m.via FROM actor_states AS m JOIN actors AS a ON a.id = m.actor_id"
        " JOIN states AS s ON s.actor_id = m.state_id WHERE s.iso_alpha3 = 'BLR'",
    )
    assert {row["key"]: row["via"] for row in counted} == belarus

    # The per-fact view shows each sanction on one of them as Belarus's, one act each
    targets, _ = _sanctions()
    groups = _groups()
    shown = _query(
        capsys, built_url, "SELECT DISTINCT act FROM v_sanctions WHERE target_iso3 = 'BLR'"
    )
    expected = {act for act, t in targets.items() if t in belarus and t not in groups}
    assert {row["act"] for row in shown} == expected
    assert holding <= {targets[act] for act in expected}

    # ... and v_state_activity counts for Belarus what its organs and officials did (the
    # sanctions done to them: the next test)
    columns = ", ".join(COUNTED)
    (activity,) = _query(
        capsys, built_url, f"SELECT {columns} FROM v_state_activity WHERE iso3 = 'BLR'"
    )
    assert activity == _expected(belarus)


def test_belarus_receives_each_sanction_act_once(
    built_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A sanction on a group whose members' sanctions are linked to it counts as those parts
    (all of them when the group is Belarus's organ), not as itself beside them (0023)."""
    acts = _received(_belarus())
    (activity,) = _query(
        capsys, built_url, "SELECT sanctions_received FROM v_state_activity WHERE iso3 = 'BLR'"
    )
    assert activity["sanctions_received"] == len(acts)
