"""A load of a few documents reads the rows it needs as it goes (`Store.lazy`), settles the
names of the actors it touched and the states only when the relations changed: it must leave
the database exactly as a load that reads everything and settles everything."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from models.database import make_engine
from models.migrations import upgrade
from seeds import DOCUMENTS_DIR, loader
from seeds.loader import load
from tests.dbcontent import copy_seed, dump

UK_NOTE = "analyst-2026-11-28-uk-belarus-designations-2020-09-29"


def edited(data: dict[str, Any]) -> None:
    """Relations no other document gives (so the states an actor counts for change): one
    post fewer, a new organ; and another name for an actor."""
    post = next(r for r in data["relations"] if r["key"] == "viktor-national-security-adviser")
    data["relations"].remove(post)
    data["actors"].append({"key": "a-new-ministry", "kind": "organization", "name": "A ministry"})
    data["relations"].append(
        {
            "key": "a-new-organ",
            "subject": "a-new-ministry",
            "relation": "part_of",
            "object": "blr",
            "quote": post["quote"],
        }
    )
    for actor in data["actors"]:
        if actor["key"] == "lukashenko-son":
            actor["name"] = "Viktar Lukashenka"


def test_a_small_load_leaves_what_a_load_reading_everything_leaves(
    database_url: str, second_database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / UK_NOTE
    copy_seed(folder, edited, source=UK_NOTE)
    engines: list[Engine] = [make_engine(database_url), make_engine(second_database_url)]
    try:
        for engine in engines:
            upgrade(engine)
        with monkeypatch.context() as everything:
            everything.setattr(loader, "LAZY_DOCUMENTS", 0)  # read all, settle all
            everything.setattr(loader.Store, "_relations_changed", lambda self: True)
            everything.setattr(loader, "SETTLE_BY_ID", 0)
            load(engines[0], [DOCUMENTS_DIR])
            load(engines[0], [folder])
        load(engines[1], [DOCUMENTS_DIR])
        before = dump(engines[1])
        load(engines[1], [folder])
        full, small = dump(engines[0]), dump(engines[1])
        assert full == small
        assert small["actor_states"] != before["actor_states"], "the edit changed the states"
        names = {row for row in full["actors"] if "Viktar Lukashenka" in row}
        assert names, "the edit took: the son is named as the edited note names him"
    finally:
        for engine in engines:
            engine.dispose()
