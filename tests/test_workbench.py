"""The curator's workbench, through the `dossier` command as a curator meets it: keys to find,
errors that say how to fix them (all of them, in file order), a vocabulary of words, and a
database that must be built before it is loaded."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import Engine, text

from seeds import DOCUMENTS_DIR, REFERENCE_DIR, SEEDS_DIR
from seeds.vocabulary import vocabulary
from tests.cli import new_document, run

TEXT = (
    "On 30 September 2020 the minister spoke. Champagne said: “We condemn the violence.” "
    "The minister called on Belarus to release all detainees."
)
CANADA = "analyst-2026-12-03-canada-belarus-sanctions-2020-09-29"


def url_of(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def declared_at(path: Path, key: str) -> str:
    """`FILE:LINE` of the item declaring `key` in a seed file (as the messages show it:
    relative to the project folder, where the tests run)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(n for n, t in enumerate(lines, 1) if re.fullmatch(rf"\s*- key: {key}", t))
    return f"{path.relative_to(SEEDS_DIR.parent)}:{line}"


def scratch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], **sections: list[dict[str, Any]]
) -> Path:
    """A new document made with `dossier new`, its metadata filled, with `sections`."""
    metadata = {
        "title": "A scratch statement",
        "publisher": "Global Affairs Canada",
        "document_type": "statement",
        "published_on": "2020-09-30",
    }
    return new_document(capsys, tmp_path, "scratch", TEXT, metadata, **sections)


def line_of(facts_file: Path, fragment: str) -> int:
    lines = facts_file.read_text(encoding="utf-8").splitlines()
    return next(n for n, t in enumerate(lines, 1) if fragment in t)


STATEMENT = {
    "key": "condemn",
    "speaker": "champagne",
    "type": "quote",
    "cameo": "111",
    "quote": "“We condemn the violence.”",
}


def test_a_typo_in_an_actor_key_suggests_the_key_and_where_it_is_declared(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    facts_file = scratch(tmp_path, capsys, statements=[STATEMENT])
    code, out, err = run(capsys, "check", str(facts_file.parent))
    where = declared_at(DOCUMENTS_DIR / CANADA / "facts.yaml", "francois-philippe-champagne")
    assert (code, out) == (1, "")
    assert err == (
        f"error: {facts_file}:{line_of(facts_file, 'speaker: champagne')}: unknown actor "
        "'champagne'; did you mean 'francois-philippe-champagne' (François-Philippe "
        f"Champagne, declared at {where})?\n"
    )


def test_load_names_the_document_a_database_has_it_from(
    built_engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    facts_file = scratch(tmp_path, capsys, statements=[STATEMENT])
    code, _, err = run(capsys, "load", "-q", "--db", url_of(built_engine), str(facts_file.parent))
    assert (code, err) == (
        1,
        f"error: {facts_file}:{line_of(facts_file, 'speaker: champagne')}: unknown actor "
        "'champagne'; did you mean 'francois-philippe-champagne' (François-Philippe "
        f"Champagne, declared at document {CANADA})?\n",
    )


def test_a_key_declared_by_a_document_not_loaded_names_that_document(
    migrated_engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only the reference data is loaded: the Canada note declares the minister."""
    url = url_of(migrated_engine)
    facts_file = scratch(
        tmp_path, capsys, statements=[{**STATEMENT, "speaker": "francois-philippe-champagne"}]
    )
    code, _, err = run(capsys, "load", "-q", "--db", url, str(facts_file.parent))
    where = declared_at(DOCUMENTS_DIR / CANADA / "facts.yaml", "francois-philippe-champagne")
    assert (code, err) == (
        1,
        f"error: {facts_file}:{line_of(facts_file, 'speaker: francois')}: unknown actor "
        f"'francois-philippe-champagne': {where} declares it, but that document is not "
        "loaded; load it first, or with this one\n",
    )


def test_an_unknown_role_is_refused_with_suggestions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    participant = {
        "key": "minister-spoke",
        "event": "belarus-presidential-election-2020",
        "actor": "can",
        "role": "hosting_state",
        "quote": "the minister spoke",
    }
    facts_file = scratch(tmp_path, capsys, participants=[participant])
    code, _, err = run(capsys, "check", str(facts_file.parent))
    roles = vocabulary()["role"]
    assert (code, err) == (
        1,
        f"error: {facts_file}:{line_of(facts_file, 'role: hosting_state')}: "
        "participants/0/role: unknown role 'hosting_state'; did you mean 'imposing_state' "
        f"({roles['imposing_state']}), 'appointing_state' ({roles['appointing_state']}), "
        f"'invoking_state' ({roles['invoking_state']})? A new one is added to "
        "seeds/vocabulary.yaml, on purpose\n",
    )


def test_every_word_in_use_is_in_the_vocabulary() -> None:
    """The seeds use only words of the vocabulary, and the vocabulary holds no word nobody
    uses (the synthetic corpus's words are used by the benchmark's documents)."""
    from scripts.generate_corpus import EVENT_TYPES, FINDINGS, PARTICIPANT_ROLES

    used: dict[str, set[str]] = {kind: set() for kind in vocabulary()}
    for facts_file in DOCUMENTS_DIR.glob("*/facts.yaml"):
        facts = yaml.safe_load(facts_file.read_text(encoding="utf-8"))
        used["event_type"] |= {e["type"] for e in facts.get("events") or []}
        used["role"] |= {p["role"] for p in facts.get("participants") or []}
        used["category"] |= {f["category"] for f in facts.get("findings") or []}
    used["event_type"] |= {kind for kind, *_ in EVENT_TYPES} | {"summit"}
    used["role"] |= {role for role, *_ in PARTICIPANT_ROLES}
    used["category"] |= {category for category, *_ in FINDINGS}
    assert {kind: sorted(words) for kind, words in used.items()} == {
        kind: sorted(words) for kind, words in vocabulary().items()
    }


def test_three_independent_errors_are_reported_together_in_line_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unknown role (found parsing), a quote not in the text (found parsing) and an unknown
    actor (found loading), in three items: all three, in the order of their lines."""
    facts_file = scratch(
        tmp_path,
        capsys,
        participants=[
            {
                "key": "spoke",
                "event": "belarus-presidential-election-2020",
                "actor": "can",
                "role": "targeted",
                "quote": "the minister spoke",
            }
        ],
        statements=[STATEMENT],
        demands=[
            {
                "key": "release",
                "by": "can",
                "of": "blr",
                "text": "release all detainees",
                "cameo": "1041",
                "quote": "called on Belarus to free all detainees",
            }
        ],
    )
    code, _, err = run(capsys, "check", str(facts_file.parent))
    roles = vocabulary()["role"]
    where = declared_at(DOCUMENTS_DIR / CANADA / "facts.yaml", "francois-philippe-champagne")
    passage = "called on Belarus to release all detainees."
    start = TEXT.index(passage)
    assert (code, err) == (
        1,
        f"error: {facts_file}:{line_of(facts_file, 'role: targeted')}: participants/0/role: "
        f"unknown role 'targeted'; did you mean 'target' ({roles['target']})? A new one is "
        "added to seeds/vocabulary.yaml, on purpose\n"
        f"error: {facts_file}:{line_of(facts_file, 'speaker: champagne')}: unknown actor "
        "'champagne'; did you mean 'francois-philippe-champagne' (François-Philippe "
        f"Champagne, declared at {where})?\n"
        f"error: {facts_file}:{line_of(facts_file, 'quote: called on')}: "
        "quote not found in the text: 'called on Belarus to free all detainees'\n"
        f"  the nearest passage of the text, characters {start + 1}–{start + len(passage)} "
        f"(counting from 1): '{passage}'\n"
        f"  it differs from character 22 of the quote (character {TEXT.index('release') + 1} "
        "of the text): the quote has 'free all detainees', the text 'release all detainees.'\n"
        "3 errors\n",
    )


def test_check_refuses_what_load_refuses_and_reports_the_line_of_an_unclosed_quote(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    facts_file = scratch(tmp_path, capsys, statements=[STATEMENT])
    lines = facts_file.read_text(encoding="utf-8").splitlines()
    number = line_of(facts_file, "title:")
    lines[number - 1] = '  title: "A scratch statement'  # its closing quote forgotten
    facts_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = run(capsys, "check", str(facts_file.parent))
    assert code == 1
    assert err.startswith(
        f"error: {facts_file}:{number}: malformed YAML: the quoted value that starts here "
    ), err


def test_a_key_error_is_worded_without_a_regular_expression(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    facts_file = scratch(tmp_path, capsys, statements=[{**STATEMENT, "key": "Condemn It"}])
    code, _, err = run(capsys, "check", str(facts_file.parent))
    assert (code, err) == (
        1,
        f"error: {facts_file}:{line_of(facts_file, 'key: Condemn It')}: statements/0/key: "
        "'Condemn It' is not valid: a key: lower-case letters, digits, `-`, `_` and `.`\n",
    )


def test_keys_lists_both_lukashenkos_with_their_files_and_lines(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "keys", "--kind", "actor", "lukash")
    uk_note = DOCUMENTS_DIR / "analyst-2026-11-28-uk-belarus-designations-2020-09-29"
    rows = [line.split() for line in out.splitlines()]
    assert (code, err) == (0, "")
    assert rows[0] == ["KEY", "KIND", "LABEL", "DECLARED", "AT"]
    assert rows[1:] == [
        [
            "alexander-lukashenko",
            "actor",
            "(person)",
            "Alexander",
            "Lukashenko",
            declared_at(REFERENCE_DIR / "actors.yaml", "alexander-lukashenko"),
        ],
        [
            "lukashenko-son",
            "actor",
            "(person)",
            "Viktor",
            "Lukashenko",
            declared_at(uk_note / "facts.yaml", "lukashenko-son"),
        ],
    ]


def test_keys_from_a_database_name_the_declaring_document(
    built_engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "keys", "--db", url_of(built_engine), "--kind", "actor", "champagne")
    assert code == 0
    assert out.splitlines()[1].split() == [
        "francois-philippe-champagne",
        "actor",
        "(person)",
        "François-Philippe",
        "Champagne",
        "document",
        CANADA,
    ]
    code, out, _ = run(capsys, "keys", "--kind", "role", "invoking")
    assert code == 0 and out.splitlines()[1].startswith("invoking_state  role  ")


def test_an_unbuilt_database_says_to_build_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    url = f"sqlite:///{empty}"
    for argv in (["load", "-q", "--db", url, str(DOCUMENTS_DIR)], ["keys", "--db", url]):
        assert run(capsys, *argv) == (
            1,
            "",
            f"error: the database {url} is not built: run `dossier build` (with the same "
            "--db) first\n",
        )
    missing = tmp_path / "missing.db"
    code, _, err = run(capsys, "load", "--db", f"sqlite:///{missing}", str(DOCUMENTS_DIR))
    assert code == 1 and "create one with `dossier build" in err
    assert not missing.exists()


def test_check_against_a_database_is_a_load_rolled_back(
    built_engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`check --db` refuses what `load` there would (an event the database has by another
    name), and writes nothing when it passes."""
    event = {
        "key": "belarus-presidential-election-2020",
        "type": "election",
        "name": "The Belarusian vote",
        "quote": "the minister spoke",
    }
    facts_file = scratch(tmp_path, capsys, events=[event])
    url = url_of(built_engine)
    expected = (
        f"error: {facts_file}:{line_of(facts_file, 'key: belarus')}: event "
        "'belarus-presidential-election-2020': name is 'The Belarusian vote' here, but "
        "'Presidential election in Belarus' in the database (from the reference data or "
        "another document)\n"
    )
    assert run(capsys, "check", "--db", url, str(facts_file.parent))[::2] == (1, expected)
    assert run(capsys, "load", "-q", "--db", url, str(facts_file.parent))[::2] == (1, expected)
    facts = yaml.safe_load(facts_file.read_text(encoding="utf-8"))
    facts["events"] = []
    facts["statements"] = [{**STATEMENT, "speaker": "francois-philippe-champagne"}]
    facts_file.write_text(yaml.safe_dump(facts, allow_unicode=True, sort_keys=False), "utf-8")
    with built_engine.connect() as conn:
        before = conn.execute(text("SELECT count(*) FROM statements")).scalar_one()
    assert run(capsys, "check", "--db", url, str(facts_file.parent)) == (
        0,
        "",
        "ok: 1 document(s), 1 fact row(s), all valid\n",
    )
    with built_engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM statements")).scalar_one() == before


def test_keys_piped_into_a_reader_that_stops_is_no_error() -> None:
    """`dossier keys | head -1`: the reader's leaving is not an error."""
    program = Path(sys.executable).parent / "dossier"
    with subprocess.Popen(
        [str(program), "keys"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=SEEDS_DIR.parent
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        first = proc.stdout.readline()
        proc.stdout.close()
        err = proc.stderr.read()
    assert first.split() == [b"KEY", b"KIND", b"LABEL", b"DECLARED", b"AT"]
    assert (proc.returncode, err) == (0, b"")


def test_a_state_pycountry_gives_is_listed_as_from_iso_3166(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "keys", "--kind", "actor", "japan")
    assert code == 0
    assert out.splitlines()[1].split() == [
        "jpn",
        "actor",
        "(state)",
        "Japan",
        "ISO",
        "3166-1",
        "(pycountry)",
    ]
