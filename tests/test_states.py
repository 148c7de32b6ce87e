"""Every state in the world (issue 18): the states are ISO 3166-1's (pycountry), a document
declares a state by its code, and a state's activity shows whichever state it is; through the
`dossier` command, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pycountry
import pytest
from sqlalchemy import Engine, text

from scripts.cli import main
from tests.cli import document_folder
from tests.dbcontent import dump

TEXT = "Tokyo, 3 March 2021. Japan called on all parties to exercise restraint."


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _document(root: Path, actors: list[dict[str, Any]]) -> Path:
    """A document folder whose Japan (declared as `actors` says) makes one statement."""
    metadata = {
        "title": "Japan calls for restraint",
        "publisher": "Ministry of Foreign Affairs of Japan",
        "document_type": "statement",
        "published_on": "2021-03-03",
    }
    statement = {
        "key": "restraint",
        "speaker": actors[0]["key"],
        "type": "position",
        "text": "Japan called on all parties to exercise restraint.",
        "quote": "Japan called on all parties to exercise restraint",
    }
    slug = "japan-calls-for-restraint"
    return document_folder(root, slug, TEXT, metadata, actors=actors, statements=[statement])


def _line_of(path: Path, line: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(line) + 1


def test_a_state_declared_by_its_iso_code_loads_and_shows_its_activity(
    migrated_engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _document(
        tmp_path, [{"key": "jpn", "kind": "state", "name": "Japan", "aliases": ["Nippon"]}]
    )
    assert main(["load", "-q", "--db", _url(migrated_engine), str(folder)]) == 0
    capsys.readouterr()
    with migrated_engine.connect() as conn:
        activity = conn.execute(
            text(
                "SELECT state, iso3, iso2, statements, demands_made, demands_received, "
                "sanctions_imposed, sanctions_received, events FROM v_state_activity"
            )
        ).all()
        japan = conn.execute(
            text(
                "SELECT a.kind, a.name, s.name, s.iso_alpha2, s.osce_participating "
                "FROM actors AS a JOIN states AS s ON s.actor_id = a.id WHERE a.key = 'jpn'"
            )
        ).one()
        aliases = conn.execute(
            text(
                "SELECT n.name FROM actor_names AS n JOIN actors AS a ON a.id = n.actor_id "
                "WHERE a.key = 'jpn' AND n.name_type = 'alias'"
            )
        ).all()
    # Japan alone has activity, so v_state_activity lists it alone.
    assert [tuple(row) for row in activity] == [("Japan", "JPN", "JP", 1, 0, 0, 0, 0, 0)]
    assert tuple(japan) == ("state", "Japan", "Japan", "JP", False)
    assert [tuple(row) for row in aliases] == [("Nippon",)]


def test_a_document_naming_a_state_otherwise_keeps_the_reference_name(
    migrated_engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A document may give its own name for a state (kept among its names), but the name
    shown stays ISO 3166-1's, as for any reference actor."""
    folder = _document(tmp_path, [{"key": "jpn", "kind": "state", "name": "Nippon-koku"}])
    assert main(["load", "-q", "--db", _url(migrated_engine), str(folder)]) == 0
    capsys.readouterr()
    with migrated_engine.connect() as conn:
        state = conn.execute(text("SELECT state FROM v_state_activity")).scalar_one()
    assert state == "Japan"


@pytest.mark.parametrize(
    ("key", "suggested"),
    [
        ("japan", ": did you mean 'jpn' (Japan)?"),
        ("jp", ": did you mean 'jpn' (Japan)?"),
        ("united-kingdom", ": did you mean 'gbr' (United Kingdom)?"),
        ("qqq", ", and no country's code or name is like it"),
    ],
)
def test_a_state_declared_by_another_key_is_refused_with_a_suggestion(
    migrated_engine: Engine,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    key: str,
    suggested: str,
) -> None:
    folder = _document(tmp_path, [{"key": key, "kind": "state", "name": "Japan"}])
    before = dump(migrated_engine)
    facts = folder / "facts.yaml"
    line = _line_of(facts, f"- key: {key}")
    assert main(["load", "-q", "--db", _url(migrated_engine), str(folder)]) == 1
    out, err = capsys.readouterr()
    assert (out, err) == (
        "",
        f"error: {facts}:{line}: actors: {key!r} is declared a state, but a state's key is its "
        f"ISO 3166-1 alpha-3 code in lower case{suggested}\n",
    )
    assert dump(migrated_engine) == before
    # `check` says the same, without a database
    assert main(["check", "-q", str(folder)]) == 1
    assert capsys.readouterr().err == err


def test_every_iso_country_is_a_state_and_the_osce_ones_are_flagged(
    built_engine: Engine,
) -> None:
    with built_engine.connect() as conn:
        states = conn.execute(
            text(
                "SELECT a.key, a.kind, s.iso_alpha2, s.iso_alpha3, s.name, a.name, "
                "s.osce_participating FROM states AS s JOIN actors AS a ON a.id = s.actor_id"
            )
        ).all()
    by_code = {row.iso_alpha3: row for row in states}
    assert len(states) == len(by_code) == len(pycountry.countries)
    for country in pycountry.countries:
        row = by_code[country.alpha_3]
        assert (row.key, row.kind, row.iso_alpha2) == (
            country.alpha_3.lower(),
            "state",
            country.alpha_2,
        )
        assert row[4] == row[5]  # the state's name is its actor's
    osce = {row.key for row in states if row.osce_participating}
    assert len(osce) == 57
    assert {"gbr", "usa", "rus", "blr", "mng", "vat", "can"} <= osce
    assert not {"jpn", "chn", "bra", "aus"} & osce
    # our names where they differ from pycountry's; pycountry's (common) name elsewhere
    assert by_code["USA"][4] == "United States of America"
    assert by_code["VAT"][4] == "Holy See"
    assert by_code["RUS"][4] == "Russian Federation"
    assert by_code["BOL"][4] == "Bolivia"
    assert by_code["JPN"][4] == "Japan"


def test_a_reference_state_of_no_iso_code_is_refused_with_a_suggestion(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from seeds import REFERENCE_DIR
    from seeds.errors import SeedError
    from seeds.parse import parse_reference

    for path in REFERENCE_DIR.glob("*.yaml"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    states = tmp_path / "states.yaml"
    states.write_text(
        states.read_text(encoding="utf-8") + "  - key: jap\n    osce_participating: true\n",
        encoding="utf-8",
    )
    with pytest.raises(SeedError) as caught:
        parse_reference(tmp_path)
    assert str(caught.value) == (
        f"{states}:{_line_of(states, '  - key: jap')}: states: 'jap' is not an ISO 3166-1 "
        "alpha-3 code: did you mean 'jpn' (Japan)?"
    )
