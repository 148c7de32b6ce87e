"""The analyst notes of issues 5 and 17, after `dossier build`, on SQLite and PostgreSQL.

Expected values come from the notes' sources (the invoking States' foreign ministries, the UK
government release of 29 September 2020 and the press reports of the UK list; for Canada, the
Canada Gazette and the reports of the Canadian list), as written in the notes' facts files;
they are not read back from the views.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from seeds import DOCUMENTS_DIR
from seeds.loader import check
from seeds.parse import parse_document
from seeds.yamlfile import read_yaml

SEED = "uk-fcdo-2020-11-05-belarus-fresh-elections"
UK_NOTE = "analyst-2026-11-28-uk-belarus-designations-2020-09-29"
OSCE_NOTE = "analyst-2026-11-28-osce-moscow-mechanism-belarus-2020"
NOTES = (UK_NOTE, OSCE_NOTE)
CANADA_NOTE = "analyst-2026-12-03-canada-belarus-sanctions-2020-09-29"
INVOCATION = "moscow-mechanism-invocation-belarus-2020"

# The seventeen States that invoked the Moscow Mechanism on 17 September 2020, as the foreign
# ministries of Latvia, Estonia and Lithuania list them.
INVOKERS = {
    "BEL",
    "CAN",
    "CZE",
    "DNK",
    "EST",
    "FIN",
    "FRA",
    "ISL",
    "LVA",
    "LTU",
    "NLD",
    "NOR",
    "POL",
    "ROU",
    "SVK",
    "GBR",
    "USA",
}
# The persons the UK designated on 29 September 2020 under the Global Human Rights regime.
UK_DESIGNATED = {
    "Alexander Lukashenko",
    "Viktor Lukashenko",
    "Igor Sergeenko",
    "Yuri Karaev",
    "Alexander Barsukov",
    "Yuri Nazarenko",
    "Khazalbek Atabekov",
    "Dmitry Balaba",
}
# The seed's "senior figures in the Belarusian government": the designated officials other
# than the President and his son.
SENIOR_FIGURES = UK_DESIGNATED - {"Alexander Lukashenko", "Viktor Lukashenko"}
# The eleven persons Canada listed on 29 September 2020 (SOR/2020-214), as the Canada note names
# them: the UK's list without Igor Sergeenko, with four officials of the Central Election
# Commission and the Minsk police (the names are not confirmed from the schedule itself).
CANADA_LISTED = (UK_DESIGNATED - {"Igor Sergeenko"}) | {
    "Lidia Yermoshina",
    "Vadim Ipatov",
    "Elena Dmukhaylo",
    "Ivan Kubrakov",
}
POSITIONS = {
    ("Alexander Lukashenko", "President"),
    ("Viktor Lukashenko", "National Security Adviser to the President"),
    ("Igor Sergeenko", "Head of the Presidential Administration"),
    ("Yuri Karaev", "Minister of Internal Affairs"),
    (
        "Alexander Barsukov",
        "Deputy Minister of Internal Affairs and Chief of the Public Security Police",
    ),
    ("Yuri Nazarenko", "Deputy Minister of Internal Affairs"),
    ("Yuri Nazarenko", "Commander of the Internal Troops"),
    ("Khazalbek Atabekov", "Deputy Commander of the Internal Troops"),
    ("Dmitry Balaba", "Commander of the Special Purpose Police Unit (OMON) of Minsk"),
}


def _rows(engine: Engine, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        return [tuple(row) for row in conn.execute(text(sql), params)]


def _members(engine: Engine, group: str) -> list[tuple[Any, ...]]:
    """(member name, member's ISO alpha-3 or None) for each member_of relation into `group`."""
    return _rows(
        engine,
        "SELECT COALESCE(m.name, m.description), s.iso_alpha3 "
        "FROM actor_relations r "
        "JOIN actors m ON m.id = r.subject_id "
        "JOIN actors g ON g.id = r.object_id "
        "LEFT JOIN states s ON s.actor_id = m.id "
        "WHERE r.relation = 'member_of' AND g.key = :group",
        group=group,
    )


# --- the facts files, without a database --------------------------------------------------------


@pytest.mark.parametrize("slug", NOTES)
def test_each_note_is_an_analyst_note_citing_its_sources(slug: str) -> None:
    folder = DOCUMENTS_DIR / slug
    doc = parse_document(folder)
    assert doc.values["document_type"] == "analyst_note"
    assert doc.values["publisher"] == "Dossier analysts"
    assert doc.values["published_on"].isoformat() == "2026-11-28"
    sources = [s["url"] for s in read_yaml(folder / "facts.yaml")["document"]["sources"]]
    assert len(sources) >= 5
    for url in sources:  # every cited source is named in the note's own text too
        assert url in doc.values["body_text"], url
    assert "not confirmed from a primary source" in doc.values["body_text"]


def test_the_notes_check_clean_against_the_seed() -> None:
    checked = check([DOCUMENTS_DIR / slug for slug in NOTES])
    assert set(checked) == set(NOTES)


# --- after `dossier build` ----------------------------------------------------------------------


def test_three_or_more_documents_after_build(built_engine: Engine) -> None:
    slugs = {slug for (slug,) in _rows(built_engine, "SELECT slug FROM documents")}
    assert len(slugs) >= 3
    assert {SEED, *NOTES} <= slugs


def test_the_seventeen_invoking_states_with_iso_codes(built_engine: Engine) -> None:
    rows = _rows(
        built_engine,
        "SELECT participant, participant_iso3 FROM v_event_participants "
        "WHERE event_key = :event AND role = 'invoking_state' AND participant_iso3 IS NOT NULL",
        event=INVOCATION,
    )
    assert {iso3 for _, iso3 in rows} == INVOKERS
    with built_engine.connect() as conn:
        names = dict(conn.execute(text("SELECT iso_alpha3, name FROM states")).all())
    assert {(name, iso3) for name, iso3 in rows} == {(names[c], c) for c in INVOKERS}


def test_the_seed_groups_now_have_their_members(built_engine: Engine) -> None:
    invokers = _members(built_engine, "moscow-mechanism-invokers-2020")
    partners = _members(built_engine, "moscow-mechanism-partners-2020")
    assert {iso3 for _, iso3 in invokers} == INVOKERS
    assert {iso3 for _, iso3 in partners} == INVOKERS - {"GBR"}
    assert len({iso3 for _, iso3 in partners}) == 16  # the seed's "16 international partners"
    senior = _members(built_engine, "belarus-senior-officials-sanctioned-2020-09")
    assert {name for name, _ in senior} == SENIOR_FIGURES


def test_the_seed_documents_son_is_viktor_lukashenko(built_engine: Engine) -> None:
    rows = _rows(
        built_engine,
        "SELECT target, target_kind FROM v_sanctions "
        "WHERE document_slug = :seed AND sanction_key = 'uk-ghr-sanctions-2020-09/lukashenko-son'",
        seed=SEED,
    )
    assert rows == [("Viktor Lukashenko", "person")]
    son = _rows(
        built_engine,
        "SELECT p.participant FROM v_event_participants p "
        "WHERE p.document_slug = :seed AND p.event_key = 'uk-ghr-designations-belarus-2020-09-29' "
        "AND p.role = 'target' AND p.participant_kind = 'person'",
        seed=SEED,
    )
    assert {name for (name,) in son} == {"Alexander Lukashenko", "Viktor Lukashenko"}


def test_every_person_the_uk_sanctioned_in_september_2020(built_engine: Engine) -> None:
    rows = _rows(
        built_engine,
        "SELECT target, imposed_on, date_precision, measures, regime, document_slug "
        "FROM v_sanctions "
        "WHERE imposed_by_iso3 = 'GBR' AND target_kind = 'person' "
        "AND imposed_on >= '2020-09-01' AND imposed_on < '2020-10-01'",
    )
    assert {row[0] for row in rows} == UK_DESIGNATED
    designations = [row for row in rows if row[5] == UK_NOTE]
    assert sorted(row[0] for row in designations) == sorted(UK_DESIGNATED)  # one row each
    assert {row[1:5] for row in designations} == {
        (
            "2020-09-29",
            "day",
            "asset freeze; travel ban",
            "Global Human Rights sanctions regime",
        )
    }


def test_the_designated_persons_positions(built_engine: Engine) -> None:
    rows = _rows(
        built_engine,
        "SELECT a.name, r.role FROM actor_relations r "
        "JOIN actors a ON a.id = r.subject_id JOIN documents d ON d.id = r.document_id "
        "WHERE r.relation = 'holds_position' AND d.slug = :note",
        note=UK_NOTE,
    )
    assert set(rows) == POSITIONS


def test_canada_acted_the_same_day_in_coordination(built_engine: Engine) -> None:
    rows = _rows(
        built_engine,
        "SELECT target, target_kind, imposed_on FROM v_sanctions WHERE imposed_by_iso3 = 'CAN'",
    )
    assert ("Alexander Lukashenko", "person", "2020-09-29") in rows
    coordinating = _rows(
        built_engine,
        "SELECT participant_iso3 FROM v_event_participants "
        "WHERE event_key = 'uk-ghr-designations-belarus-2020-09-29' "
        "AND role = 'coordinating_state'",
    )
    assert coordinating == [("CAN",)]


# --- the Canada note (issue 17) ------------------------------------------------------------------


def test_the_canada_note_is_an_analyst_note_citing_its_sources() -> None:
    folder = DOCUMENTS_DIR / CANADA_NOTE
    doc = parse_document(folder)
    assert doc.values["document_type"] == "analyst_note"
    assert doc.values["publisher"] == "Dossier analysts"
    assert doc.values["published_on"].isoformat() == "2026-12-03"
    document = read_yaml(folder / "facts.yaml")["document"]
    assert "url" not in document  # the note has no address of its own; its sources are listed
    sources = [s["url"] for s in document["sources"]]
    assert len(sources) >= 5
    assert "https://gazette.gc.ca/rp-pr/p2/2020/2020-10-14/html/sor-dors214-eng.html" in sources
    body = doc.values["body_text"]
    for url in sources:  # every cited source is named in the note's own text too
        assert url in body, url
    # and every address the note's text lists under Sources is cited
    listed = body.split("\nSources\n", 1)[1]
    assert sorted(sources) == sorted(re.findall(r"https?://\S+", listed))
    assert "not confirmed from a primary source" in body
    assert set(check([folder])) == {CANADA_NOTE}


def test_the_canada_note_says_what_its_facts_say() -> None:
    """The facts file against the note's own words: the eleven, the regulations, the dates."""
    folder = DOCUMENTS_DIR / CANADA_NOTE
    body = (folder / "text.txt").read_text(encoding="utf-8")
    facts = read_yaml(folder / "facts.yaml")
    # Two items, each naming the UK note's acts (`act:`): Alexander Lukashenko's, and the
    # group of the other officials Canada listed, whose parts the ten others are.
    lukashenko, others = facts["sanctions"]
    uk_sanction = (
        "analyst-2026-11-28-uk-belarus-designations-2020-09-29/canada-sema-belarus-2020-09-29"
    )
    assert lukashenko["act"] == uk_sanction
    assert others["act"] == f"{uk_sanction}/canada-listed-officials-belarus-2020-09-29"
    targets = [t for s in (lukashenko, others) for t in s["targets"]]
    assert len(targets) == len(set(targets)) == 11
    for sanction in (lukashenko, others):
        assert sanction["authority"] == "can"
        assert sanction["regime"] == "ca-special-economic-measures-belarus"
        assert sanction["date"] == "2020-09-29"
        assert "eleven Belarusian officials" in sanction["quote"]
    listed = [line for line in body.splitlines() if re.match(r"\d+\. ", line)]
    assert [int(line.split(".")[0]) for line in listed] == list(range(1, 12))
    for name in CANADA_LISTED:  # each of the eleven on one numbered line
        assert sum(name in line for line in listed) == 1, name
    assert "Igor Sergeenko" not in "".join(listed)
    # The legal basis and the dates: made (and registered) 28 Sep, announced 29 Sep 2020.
    assert "SOR/2020-214 was made and registered on 28 September 2020" in body
    assert "P.C. 2020-687" in body
    assert "On 29 September 2020 Canada announced sanctions" in body
    (made,) = facts["events"]
    assert made["date"] == "2020-09-28"
    (regime,) = facts["regimes"]
    # The Act, and the instrument the text names (the UK note's value names the Act alone).
    assert regime["legal_basis"].startswith("Special Economic Measures Act (Canada)")
    assert "SOR/2020-214" in regime["legal_basis"] and "registered as SOR/2020-214" in body
    cited = [s["url"] for s in facts["document"]["sources"]]
    assert "SOR-2020-214" in regime["url"] and regime["url"] in cited
    assert "Special Economic Measures Act" in body
    # Where sources disagree, the note says so.
    assert "Radio Canada International, by contrast, names Igor Sergeenko" in body


def test_canada_listed_eleven_persons_under_sor_2020_214(built_engine: Engine) -> None:
    rows = _rows(
        built_engine,
        "SELECT target, target_kind, imposed_on, date_precision, regime, sanction_key "
        "FROM v_sanctions WHERE document_slug = :s",
        s=CANADA_NOTE,
    )
    assert {row[0] for row in rows} == CANADA_LISTED
    assert len(rows) == 11
    for _target, kind, imposed_on, precision, regime, key in rows:
        assert (kind, imposed_on, precision) == ("person", "2020-09-29", "day")
        assert regime == "Special Economic Measures (Belarus) Regulations"
        assert key.startswith(
            ("canada-sema-belarus-2020-09-29/", "canada-sema-belarus-2020-09-29-officials/")
        )
    regimes = _rows(
        built_engine,
        "SELECT r.legal_basis, r.url, a.key FROM sanction_regimes r "
        "JOIN actors a ON a.id = r.authority_id "
        "WHERE r.key = 'ca-special-economic-measures-belarus'",
    )
    assert regimes == [
        (
            "Special Economic Measures Act (Canada)",
            "https://laws-lois.justice.gc.ca/eng/regulations/SOR-2020-214/page-1.html",
            "can",
        )
    ]
    made = _rows(
        built_engine,
        "SELECT occurred_on, date_precision, participant_iso3, role FROM v_event_participants "
        "WHERE event_key = 'canada-sor-2020-214-made-2020-09-28'",
    )
    assert made == [("2020-09-28", "day", "CAN", "author")]


def test_the_canada_note_names_the_uk_notes_group_and_the_coordination(
    built_engine: Engine,
) -> None:
    # The UK note's "other Belarusian officials Canada listed": everyone but the President.
    members = _members(built_engine, "canada-listed-officials-belarus-2020-09-29")
    assert {name for name, _iso in members} == CANADA_LISTED - {"Alexander Lukashenko"}
    assert len(members) == 10
    coordinating = _rows(
        built_engine,
        "SELECT DISTINCT document_slug, participant_iso3 FROM v_event_participants "
        "WHERE event_key = 'canada-sanctions-belarus-2020-09-29' AND role = 'coordinating_state'",
    )
    assert set(coordinating) == {(UK_NOTE, "GBR"), (CANADA_NOTE, "GBR")}
    said = _rows(
        built_engine,
        "SELECT speaker, stated_on FROM v_statements WHERE document_slug = :s "
        "AND statement_key = 'champagne-acting-together'",
        s=CANADA_NOTE,
    )
    assert said == [("François-Philippe Champagne", "2020-09-29")]


def test_the_rapporteur_is_named_and_his_report_presented_on_5_november(
    built_engine: Engine,
) -> None:
    investigators = _rows(
        built_engine,
        "SELECT DISTINCT investigated_by FROM v_findings WHERE document_slug = :s",
        s=SEED,
    )
    assert investigators == [("Wolfgang Benedek",)]  # the seed's rapporteur, now named
    presented = _rows(
        built_engine,
        "SELECT occurred_on, date_precision, participant, role FROM v_event_participants "
        "WHERE event_key = 'osce-pc-presentation-moscow-mechanism-report-belarus-2020-11-05'",
    )
    assert set(presented) == {
        ("2020-11-05", "day", "Wolfgang Benedek", "presenter"),
        ("2020-11-05", "day", "OSCE Permanent Council", "forum"),
    }


def test_every_evidence_span_is_exact(built_engine: Engine) -> None:
    rows = _rows(
        built_engine,
        "SELECT document_slug, char_start, char_end, quote, quote_matches FROM v_evidence",
    )
    texts = {
        slug: (DOCUMENTS_DIR / slug / "text.txt").read_text(encoding="utf-8")
        for slug in {row[0] for row in rows}
    }
    assert {SEED, *NOTES} <= set(texts)
    for slug, start, end, quote, matches in rows:
        assert matches == 1, (slug, start, end)
        assert texts[slug][start:end] == quote, (slug, start, end)
    per_note = {slug: sum(1 for row in rows if row[0] == slug) for slug in NOTES}
    assert min(per_note.values()) >= 30, per_note


def test_texts_are_stored_exactly(built_engine: Engine) -> None:
    for slug in (SEED, *NOTES):
        stored = _rows(built_engine, "SELECT body_text FROM documents WHERE slug = :s", s=slug)
        path: Path = DOCUMENTS_DIR / slug / "text.txt"
        assert stored == [(path.read_bytes().decode("utf-8"),)]
