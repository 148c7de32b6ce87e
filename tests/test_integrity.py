"""What the loader refuses that the schema alone cannot (issue 16): relations between the wrong
kinds of actor, cycles of part_of and member_of, addresses that do not parse; YAML lines right
whatever line separators a text holds; and builds that are the same every time, on either
engine."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import Engine, text

from scripts.cli import main
from seeds import DOCUMENTS_DIR
from seeds.loader import nearest_cameo
from tests.dbcontent import copy_seed, dump, line_with

SEED_SLUG = "uk-fcdo-2020-11-05-belarus-fresh-elections"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = main(argv)
    return code, capsys.readouterr().err


def url_of(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def copy_with(tmp_path: Path, change: Any, slug: str = "a-copy") -> Path:
    """A copy of the seed document under `slug`, its facts changed by `change`."""
    return copy_seed(tmp_path / slug, change)


def relation(key: str, subject: str, relation: str, obj: str) -> dict[str, str]:
    quote = "The UK, alongside 16 international partners, invoked the Moscow Mechanism"
    return {"key": key, "subject": subject, "relation": relation, "object": obj, "quote": quote}


RELATIONS = [
    pytest.param(
        relation("gbr-in-gbr", "gbr", "part_of", "gbr"),
        "relations: 'gbr' part_of itself",
        id="state-part-of-itself",
    ),
    pytest.param(
        relation("raab-child-of-gbr", "dominic-raab", "child_of", "gbr"),
        "relations: child_of cannot join person 'dominic-raab' to state 'gbr' (child_of joins "
        "a person to a person)",
        id="person-child-of-a-state",
    ),
    pytest.param(
        relation("gbr-member-of-raab", "gbr", "member_of", "dominic-raab"),
        "relations: member_of cannot join state 'gbr' to person 'dominic-raab' (member_of joins "
        "a group or organization or person or state to a group or organization)",
        id="member-of-a-person",
    ),
    pytest.param(
        relation(
            "invokers-in-partners",
            "moscow-mechanism-invokers-2020",
            "part_of",
            "moscow-mechanism-partners-2020",
        ),
        "relations: 'moscow-mechanism-invokers-2020' part_of 'moscow-mechanism-partners-2020' "
        "makes a cycle: 'moscow-mechanism-partners-2020' is already inside "
        "'moscow-mechanism-invokers-2020' (through part_of and member_of)",
        id="cycle",
    ),
]


@pytest.mark.parametrize(("bad", "message"), RELATIONS)
def test_nonsense_relations_are_refused(
    bad: dict[str, str],
    message: str,
    built_engine: Engine,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    facts = copy_with(tmp_path, lambda d: d["relations"].append(bad))
    before = dump(built_engine)
    expected = f"error: {facts}:{line_with(facts, 'key: ' + bad['key'])}: {message}\n"
    assert run(["load", "-q", "--db", url_of(built_engine), str(facts.parent)], capsys) == (
        1,
        expected,
    )
    assert dump(built_engine) == before
    assert run(["check", "-q", str(facts.parent)], capsys) == (1, expected)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://exa mple.org/x", "it holds white space or a control character"),
        ("https:///no-host", "http or https, and a host"),
        ("https://example.org:99999/", "Port out of range 0-65535"),
        ("http://[::1/", "Invalid IPv6 URL"),
    ],
)
def test_addresses_that_do_not_parse_are_refused(
    url: str, reason: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    facts = copy_with(tmp_path, lambda d: d["document"].update(url=url))
    line = line_with(facts, "url: ")
    assert run(["check", "-q", str(facts.parent)], capsys) == (
        1,
        f"error: {facts}:{line}: document/url: {url!r} is not a web address ({reason})\n",
    )


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085"])
def test_yaml_lines_count_only_newlines(
    separator: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """YAML also breaks lines at U+2028, U+2029 and U+0085; an editor does not. In a
    double-quoted value the character is kept and later lines stay right; elsewhere the error
    names the character and the line it is on."""
    folder = tmp_path / SEED_SLUG
    shutil.copytree(DOCUMENTS_DIR / SEED_SLUG, folder)
    facts = folder / "facts.yaml"
    lines = facts.read_text(encoding="utf-8").splitlines()
    title = next(n for n, line in enumerate(lines) if line.startswith("  title:"))
    lines[title] = f'  title: "a title{separator}on one line"'
    publisher = next(n for n, line in enumerate(lines) if line.startswith("  publisher:"))
    lines[publisher] = "  publisher: [unclosed"
    facts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, err = run(["check", "-q", str(folder)], capsys)
    assert code == 1
    assert err.startswith(f"error: {facts}:{publisher + 2}: malformed YAML: "), err

    lines[publisher] = "  publisher: Foreign, Commonwealth & Development Office"
    lines.insert(1, f"# a comment{separator}with a separator in it")
    facts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code = f"U+{ord(separator):04X}"
    assert run(["check", "-q", str(folder)], capsys) == (
        1,
        f"error: {facts}:2: malformed YAML: {code} ends a line for YAML, though not in an "
        f"editor; outside a double-quoted value, remove it (inside one, write \\u{code[2:]})\n",
    )


def test_two_builds_give_the_same_schema_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schemas = []
    for name in ("one.db", "two.db"):
        url = f"sqlite:///{tmp_path / name}"
        assert run(["build", "-q", "--db", url], capsys) == (0, "")
        from models.database import make_engine

        engine = make_engine(url)
        with engine.connect() as conn:
            schemas.append(
                conn.execute(text("SELECT type, name, sql FROM sqlite_master ORDER BY name")).all()
            )
        engine.dispose()
    assert schemas[0] == schemas[1]
    assert any(name == "findings" for _, name, _ in schemas[0])


def test_both_engines_give_the_same_ids_after_further_loads(
    seeded_pair: tuple[Engine, Engine], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ids are the largest plus one on both engines, so after the build and a further load
    (and an unload) each table's ids are the same on SQLite and PostgreSQL."""
    facts = copy_with(tmp_path, lambda d: None, "a-second-copy")
    other = copy_with(tmp_path, lambda d: None, "a-third-copy")
    for engine in seeded_pair:
        url = url_of(engine)
        assert run(["load", "-q", "--db", url, str(facts.parent)], capsys) == (0, "")
        assert run(["unload", "-q", "--db", url, "a-second-copy"], capsys) == (0, "")
        assert run(["load", "-q", "--db", url, str(other.parent)], capsys) == (0, "")
    ids = []
    for engine in seeded_pair:
        with engine.connect() as conn:
            ids.append(
                {
                    table: conn.execute(text(f"SELECT id, key FROM {table} ORDER BY id")).all()
                    for table in ("actors", "events", "statements", "demands", "sanctions")
                }
            )
    assert ids[0] == ids[1]
    assert len(ids[0]["statements"]) > 0


def _actor(engine: Engine, key: str) -> tuple[Any, ...]:
    with engine.connect() as conn:
        row = conn.execute(
            text("SELECT kind, name, description, wikidata_id FROM actors WHERE key = :k"),
            {"k": key},
        ).one()
    return tuple(row)


def test_what_a_document_sets_on_a_shared_entity_goes_with_it(
    built_engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A document that gives an existing actor a Wikidata id (and a regime a legal basis it
    lacked): unloaded, the database is as if it never loaded, and a later document may give
    another id; changed, what it no longer says goes too."""
    url = url_of(built_engine)
    before = dump(built_engine)
    son = _actor(built_engine, "lukashenko-son")
    assert son[3] is None

    def gives_the_son(wikidata: str) -> Any:
        def change(data: dict[str, Any]) -> None:
            (son,) = [a for a in data["actors"] if a["key"] == "lukashenko-son"]
            son["wikidata"] = wikidata

        return change

    facts = copy_with(tmp_path, gives_the_son("Q99000001"), "adds-an-id")
    assert run(["load", "-q", "--db", url, str(facts.parent)], capsys) == (0, "")
    assert _actor(built_engine, "lukashenko-son")[3] == "Q99000001"
    assert run(["unload", "-q", "--db", url, "adds-an-id"], capsys) == (0, "")
    assert _actor(built_engine, "lukashenko-son") == son
    assert dump(built_engine) == before

    other = copy_with(tmp_path, gives_the_son("Q99000002"), "adds-another-id")
    assert run(["load", "-q", "--db", url, str(other.parent)], capsys) == (0, "")
    assert _actor(built_engine, "lukashenko-son")[3] == "Q99000002"

    data = yaml.safe_load(other.read_text(encoding="utf-8"))
    for actor in data["actors"]:
        actor.pop("wikidata", None)
    other.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert run(["load", "-q", "--db", url, str(other.parent)], capsys) == (0, "")
    assert _actor(built_engine, "lukashenko-son") == son


def test_an_unknown_cameo_code_is_refused_with_the_nearest_ones(
    built_engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Codes are the CAMEO 1.1b3 codebook's (cameo_codes); another is refused by load and
    check alike, with the nearest codes and their labels."""
    facts = copy_with(tmp_path, lambda d: d["demands"][0].update(cameo="1099"))
    with built_engine.connect() as conn:
        labels = dict(conn.execute(text("SELECT code, label FROM cameo_codes")).all())
    near = nearest_cameo("1099", labels)
    assert near == sorted(c for c in labels if c.startswith("10") and len(c) == 4)[-3:]
    hint = ", ".join(f"{code} ({labels[code]})" for code in near)
    data = yaml.safe_load(facts.read_text(encoding="utf-8"))
    line = line_with(facts, "cameo: ", line_with(facts, "key: " + data["demands"][0]["key"]))
    expected = (
        f"error: {facts}:{line}: unknown CAMEO code '1099': not in the CAMEO 1.1b3 codebook; "
        f"did you mean {hint}\n"
    )
    before = dump(built_engine)
    url = url_of(built_engine)
    assert run(["load", "-q", "--db", url, str(facts.parent)], capsys) == (1, expected)
    assert dump(built_engine) == before
    assert run(["check", "-q", str(facts.parent)], capsys) == (1, expected)


def test_sanctions_are_coded_163_unless_a_document_says_otherwise(built_engine: Engine) -> None:
    with built_engine.connect() as conn:
        codes = conn.execute(text("SELECT DISTINCT cameo_code FROM sanctions")).scalars().all()
        label = conn.execute(text("SELECT label FROM cameo_codes WHERE code = '163'")).scalar_one()
    assert codes == ["163"]
    assert label == "Impose embargo, boycott, or sanctions"


def test_a_post_held_until_a_date_shows_it_in_v_relations_and_v_actors(
    built_engine: Engine,
) -> None:
    """A relation may say until when it held (`until`, a partial date); v_relations shows it
    and v_actors lists the actor's posts."""
    facts = DOCUMENTS_DIR / "analyst-2026-11-28-uk-belarus-designations-2020-09-29" / "facts.yaml"
    data = yaml.safe_load(facts.read_text(encoding="utf-8"))
    (post,) = [r for r in data["relations"] if "until" in r]
    with built_engine.connect() as conn:
        shown = conn.execute(
            text(
                "SELECT role, ended_on, ended_precision, started_on FROM v_relations "
                "WHERE relation_key = :k AND subject_key = :s AND document_slug = :d"
            ),
            {"k": post["key"], "s": post["subject"], "d": data["document"]["slug"]},
        ).one()
        posts = conn.execute(
            text("SELECT posts FROM v_actors WHERE actor_key = :s"), {"s": post["subject"]}
        ).scalar_one()
    assert tuple(shown) == (post["role"], post["until"], "day", None)
    assert post["role"] in posts.split("; ")[0] or any(
        p.startswith(post["role"] + ", ") for p in posts.split("; ")
    )


def _event_date(engine: Engine, key: str) -> tuple[Any, ...]:
    with engine.connect() as conn:
        return tuple(
            conn.execute(
                text(
                    "SELECT t.occurred_on, t.date_precision FROM v_timeline t JOIN events e "
                    "ON e.id = t.fact_id AND t.kind = 'event' WHERE e.key = :k"
                ),
                {"k": key},
            ).one()
        )


def test_the_same_date_at_another_precision_is_one_date_the_finer_kept(
    built_engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The press release dates the UK's sanctions to September 2020; a document that dates
    them to 29 September 2020 agrees, and makes the date precise; unloaded, the month is back.
    A date in another month loads and is listed in v_disagreements; another type is refused."""
    url, key = url_of(built_engine), "uk-ghr-designations-belarus-2020-09-29"
    assert _event_date(built_engine, key) == ("2020-09-29", "day")  # the UK note gives the day
    uk_note = "analyst-2026-11-28-uk-belarus-designations-2020-09-29"
    assert run(["unload", "-q", "--db", url, uk_note], capsys) == (0, "")
    assert _event_date(built_engine, key) == ("2020-09-01", "month")  # the release's month

    def dated(day: str) -> Any:
        def change(data: dict[str, Any]) -> None:
            (event,) = [e for e in data["events"] if e["key"] == key]
            event["date"] = day

        return change

    facts = copy_with(tmp_path, dated("2020-09-29"), "a-precise-copy")
    assert run(["load", "-q", "--db", url, str(facts.parent)], capsys) == (0, "")
    assert _event_date(built_engine, key) == ("2020-09-29", "day")
    assert run(["unload", "-q", "--db", url, "a-precise-copy"], capsys) == (0, "")
    assert _event_date(built_engine, key) == ("2020-09-01", "month")

    # A date in another month cannot also be true: it loads, the first value stands, and
    # v_disagreements lists each document's; unloaded, the disagreement goes.
    other = copy_with(tmp_path, dated("2020-08-15"), "a-contradicting-copy")
    assert run(["load", "-q", "--db", url, str(other.parent)], capsys) == (0, "")
    assert _event_date(built_engine, key) == ("2020-09-01", "month")
    listed = "SELECT field, value, document_slug FROM v_disagreements WHERE act = :k"
    with built_engine.connect() as conn:
        found = sorted(tuple(r) for r in conn.execute(text(listed), {"k": key}))
    assert found == [
        ("occurred_on", "2020-08-15", "a-contradicting-copy"),
        ("occurred_on", "2020-09-01", SEED_SLUG),
    ]
    assert run(["unload", "-q", "--db", url, "a-contradicting-copy"], capsys) == (0, "")
    with built_engine.connect() as conn:
        assert conn.execute(text(listed), {"k": key}).all() == []

    # Another kind of value (here the event's type) still means the key is taken: refused.
    def retyped(data: dict[str, Any]) -> None:
        (event,) = [e for e in data["events"] if e["key"] == key]
        event["type"] = "election"

    other = copy_with(tmp_path, retyped, "a-retyping-copy")
    before = dump(built_engine)
    code, err = run(["load", "-q", "--db", url, str(other.parent)], capsys)
    line = line_with(other, "key: " + key)
    assert (code, err) == (
        1,
        f"error: {other}:{line}: event {key!r}: event_type is 'election' here, but "
        "'sanctions' in the database (from the reference data or another document)\n",
    )
    assert dump(built_engine) == before
