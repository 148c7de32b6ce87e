"""Generate a deterministic synthetic corpus in the seed format, for tests and benchmarks.

    python scripts/generate_corpus.py --documents 1000 --out /tmp/corpus [--seed 7]
    python scripts/generate_corpus.py --documents 1000 --bundle /tmp/corpus.jsonl

Writes one folder per document (`text.txt` and `facts.yaml`, whose `text_sha256` is right)
and/or a bundle of the same documents (JSON Lines, one document a line: the facts file's
record with the text inline as `document.text`), which `dossier check` accepts and
`dossier load` loads. Every fact's quote is words of the
text: it occurs there exactly once, or the facts file says which `occurrence` it is. A
document holds about 100 fact rows (relations, event participants, statements, findings,
sanctions with several targets, demands that refer to their statement and carry CAMEO
codes), so 10,000 documents make about a million. Actors (persons, organizations, groups)
are declared in the documents that mention them, always with the same kind; states are the
OSCE participating States of seeds/reference. Some persons are only described in one document
and named in another.
Dates come with day, month and year precision.

Document i depends only on the seed and i, so the first tenth of a large corpus is the
corpus of a tenth the size, and the same seed gives byte-identical files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import sys
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as `python scripts/generate_corpus.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml

from seeds import REFERENCE_DIR
from seeds.spans import occurrences
from seeds.states import iso_states

SLUG_PREFIX = "synthetic"
FIRST_NAMES = (
    "Anna", "Jürgen", "Zoë", "Łucja", "Søren", "José", "Ayşe", "Đorđe", "Mária", "Ioannis",
    "Katarzyna", "Mehmet", "Ingrid", "Tomás", "Oksana", "Pierre", "Milena", "Aleksandr",
    "Hélène", "Nikola", "Erik", "Giulia", "Dagmar", "Rūta", "Viktor", "Saoirse", "Arvo",
    "Bogdan", "Liesbeth", "Radu",
)  # fmt: skip
SURNAMES = (
    "Novák", "Müller", "Kowalczyk", "Ørsted", "Peña", "Yılmaz", "Petrović", "Horváth",
    "Papadopoulos", "Virtanen", "Kazlauskas", "Dubois", "Rossi", "Jansen", "Popescu",
    "Ivanova", "Berzins", "Tamm", "O’Brien", "Nowak", "Hansen", "Lindqvist", "Schmidt",
    "Kovačević", "Moreau", "Fischer", "Sørensen", "Grabowski", "Vasile", "Łukasik",
    "Andersen", "Bianchi", "Marković", "Kuznetsov", "Hoxha", "Aliyev", "Gashi",
)  # fmt: skip
ROLES = (
    "Foreign Minister", "Prime Minister", "President", "Minister of Justice",
    "Minister of the Interior", "Ambassador", "Special Envoy", "Deputy Foreign Minister",
    "Permanent Representative", "Head of the Delegation",
)  # fmt: skip
ORG_KINDS = (
    "Ministry of Foreign Affairs of {state}", "Central Election Commission of {state}",
    "Human Rights Centre of {state}", "Prosecutor General’s Office of {state}",
    "State Security Committee of {state}", "National Broadcasting Company of {state}",
    "Interior Troops of {state}", "Supreme Court of {state}",
)  # fmt: skip
GROUP_KINDS = (
    "the {n} signatories of the {city} Declaration",
    "the {n} members of the {city} Contact Group",
    "the {n} states of the {city} Initiative",
    "the {n} observers of the {city} Mission",
)  # fmt: skip
CITIES = (
    "Vilnius", "Tallinn", "Riga", "Warsaw", "Prague", "Vienna", "Geneva", "Helsinki",
    "Oslo", "Bratislava", "Ljubljana", "Zagreb", "Sofia", "Tbilisi", "Chișinău", "Reykjavík",
)  # fmt: skip
EVENT_TYPES = (
    ("election", "presidential election"), ("election", "parliamentary election"),
    ("referendum", "constitutional referendum"), ("protest", "mass protest"),
    ("summit", "summit"), ("trial", "trial of opposition leaders"),
    ("mechanism_invocation", "invocation of the Moscow Mechanism"),
    ("report_publication", "publication of a monitoring report"),
)  # fmt: skip
PARTICIPANT_ROLES = (
    ("organizer", "organised"), ("observer", "observed"), ("subject", "was the subject of"),
    ("target", "was targeted in"), ("invoking_state", "invoked"), ("host", "hosted"),
)  # fmt: skip
DEMAND_PHRASES = (
    ("release all political prisoners", "1053"), ("end the violence against protesters", "100"),
    ("hold free and fair elections", "1041"), ("investigate allegations of torture", "101"),
    ("allow independent observers into the country", "1043"),
    ("restore access to the internet", "1043"), ("engage with the OSCE", "0255"),
    ("respect the freedom of the media", "1041"), ("stop the persecution of journalists", "100"),
    ("return to the negotiating table", "1056"), ("reverse the expulsion of diplomats", "1044"),
    ("guarantee humane conditions in detention", "1043"),
)  # fmt: skip
STATEMENT_VERBS = (
    ("condemned", "111"), ("welcomed", "051"), ("expressed concern about", "111"),
    ("rejected", "125"), ("praised", "051"), ("criticised", "111"),
    ("called for dialogue on", "0255"), ("promised support for", "030"),
)  # fmt: skip
STATEMENT_TOPICS = (
    "the conduct of the election", "the crackdown on peaceful protest",
    "the detention of journalists", "the findings of the independent report",
    "the new sanctions package", "the closure of independent media",
    "the expulsion of the observer mission", "the treatment of detainees",
    "the constitutional amendments", "the forced landing of a civilian aircraft",
)  # fmt: skip
FINDINGS = (
    ("electoral_fraud", "falsified the results of the vote"),
    ("human_rights_violations", "committed systematic human rights violations"),
    ("impunity", "failed to hold anyone to account for abuses"),
    ("media_freedom", "obstructed the work of independent journalists"),
    ("torture", "subjected detainees to torture and ill-treatment"),
    ("arbitrary_detention", "detained protesters without legal grounds"),
)  # fmt: skip
MEASURES = ("asset freeze", "travel ban", "asset freeze; travel ban", "arms embargo")
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
DOCUMENT_TYPES = ("press_release", "statement", "report", "sanctions_notice", "speech")
REGIMES = 24
SHARED_EVENTS = 40
FIRST_DAY = dt.date(2015, 1, 1)


@dataclass(frozen=True)
class State:
    key: str
    name: str


def reference_states(reference_dir: Path = REFERENCE_DIR) -> list[State]:
    """The corpus's states: the OSCE participating States, with the names the database shows."""
    data = yaml.safe_load((reference_dir / "states.yaml").read_text(encoding="utf-8"))
    return [
        State(item["key"], item.get("name") or iso_states()[item["key"]].name)
        for item in data["states"]
        if item.get("osce_participating")
    ]


# --- actors and shared entities: pure functions of their number ---------------------------


def person_name(p: int) -> str:
    first = FIRST_NAMES[p % len(FIRST_NAMES)]
    last = SURNAMES[(p // len(FIRST_NAMES) + p) % len(SURNAMES)]
    return f"{first} {last}" + (f" {_roman(p // 1000)}" if p >= 1000 else "")


def _roman(n: int) -> str:
    numerals = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"))
    numerals += ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, letters in numerals:
        while n >= value:
            out, n = out + letters, n - value
    return out


def org_name(o: int, states: list[State]) -> str:
    state = states[o % len(states)].name
    suffix = f" (office {o // (len(states) * len(ORG_KINDS))})" if o >= 456 else ""
    return ORG_KINDS[(o // len(states)) % len(ORG_KINDS)].format(state=state) + suffix


def group_name(g: int) -> str:
    city = CITIES[g % len(CITIES)]
    return GROUP_KINDS[(g // len(CITIES)) % len(GROUP_KINDS)].format(n=3 + g % 17, city=city) + (
        f" ({g})" if g >= 64 else ""
    )


def regime(r: int, states: list[State]) -> dict[str, Any]:
    authority = states[(r * 7) % len(states)]
    return {
        "key": f"syn-regime-{r}",
        "name": f"{authority.name} sanctions regime no. {r}",
        "authority": authority.key,
        "legal_basis": f"Sanctions Act {2000 + r} of {authority.name}",
        "url": f"https://sanctions.example.org/regimes/{r}",
    }


def shared_event(k: int, states: list[State]) -> dict[str, Any]:
    state = states[(k * 11) % len(states)]
    city = CITIES[k % len(CITIES)]
    day = FIRST_DAY + dt.timedelta(days=60 * k)
    return {
        "key": f"syn-summit-{k}",
        "type": "summit",
        "name": f"{city} summit of {2015 + k // 6}",
        "date": day.isoformat(),
        "location": state.key,
        "city": city,
    }


# --- text with known offsets --------------------------------------------------------------


@dataclass
class Text:
    """The document's text as it is built, remembering where each quote was put."""

    parts: list[str] = field(default_factory=list)
    length: int = 0

    def add(self, piece: str) -> int:
        """Append `piece`; return where it starts (code points)."""
        start = self.length
        self.parts.append(piece)
        self.length += len(piece)
        return start

    def value(self) -> str:
        return "".join(self.parts)


def date_words(day: dt.date, precision: str) -> str:
    if precision == "day":
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    if precision == "month":
        return f"{MONTHS[day.month - 1]} {day.year}"
    return str(day.year)


def date_value(day: dt.date, precision: str) -> str:
    return {"day": day.isoformat(), "month": day.isoformat()[:7], "year": str(day.year)}[precision]


class DocumentBuilder:
    """Builds one document: its text, and its facts with the position of every quote."""

    def __init__(self, index: int, seed: int, states: list[State]) -> None:
        self.index = index
        self.rng = random.Random(f"dossier-corpus:{seed}:{index}")
        self.states = states
        self.text = Text()
        self.positions: dict[int, int] = {}  # id(item) -> where its quote starts
        self.sections: dict[str, list[dict[str, Any]]] = {
            name: []
            for name in (
                "actors",
                "events",
                "investigations",
                "regimes",
                "relations",
                "participants",
                "statements",
                "findings",
                "sanctions",
                "demands",
            )
        }
        self.declared: set[str] = set()
        self.record: dict[str, Any] = {}  # the facts, once built
        self.published = FIRST_DAY + dt.timedelta(days=(index * 37) % 4000)

    # picking things

    def state(self) -> State:
        return self.states[self.rng.randrange(len(self.states))]

    def person(self) -> tuple[str, str]:
        """(key, how the text calls them): a neighbour of this document's or an older one."""
        base = 3 * self.index
        p = (
            base + self.rng.randrange(8)
            if self.rng.random() < 0.7
            else self.rng.randrange(base + 8)
        )
        key = f"syn-person-{p}"
        if key not in self.declared:
            self.declared.add(key)
            actor: dict[str, Any] = {"key": key, "kind": "person"}
            # One person in seven is only described here (a later document may name them).
            if p % 7 == self.index % 7:
                actor["description"] = f"an official of {self.states[p % len(self.states)].name}"
            else:
                actor["name"] = person_name(p)
                if p % 5 == 0:
                    actor["aliases"] = [person_name(p).upper()]
            if p % 3 == 0:
                actor["wikidata"] = f"Q{900000000 + p}"
            self.sections["actors"].append(actor)
        named = next(a for a in self.sections["actors"] if a["key"] == key)
        return key, named.get("name") or named["description"]

    def org(self) -> tuple[str, str]:
        o = self.rng.randrange(self.index // 4 + 40)
        key = f"syn-org-{o}"
        name = org_name(o, self.states)
        if key not in self.declared:
            self.declared.add(key)
            self.sections["actors"].append({"key": key, "kind": "organization", "name": name})
        return key, name

    def group(self) -> tuple[str, str]:
        g = self.rng.randrange(self.index // 10 + 16)
        key = f"syn-group-{g}"
        name = group_name(g)
        if key not in self.declared:
            self.declared.add(key)
            self.sections["actors"].append(
                {"key": key, "kind": "group", "description": name[4:] if g % 2 else name}
            )
            if g % 2:  # described, with the name beside it
                self.sections["actors"][-1]["name"] = name
        return key, name

    def any_actor(self) -> tuple[str, str]:
        roll = self.rng.random()
        if roll < 0.4:
            s = self.state()
            return s.key, s.name
        if roll < 0.7:
            return self.person()
        if roll < 0.9:
            return self.org()
        return self.group()

    def date(self) -> tuple[dt.date, str]:
        precision = self.rng.choice(("day", "day", "day", "month", "year"))
        day = self.published - dt.timedelta(days=self.rng.randrange(900))
        if precision != "day":
            day = day.replace(day=1, month=1 if precision == "year" else day.month)
        return day, precision

    # writing

    def sentence(
        self, words: str, quote: str | None = None, item: dict[str, Any] | None = None
    ) -> None:
        """Add a sentence; `quote` (a part of it, default all of it) supports `item`."""
        start = self.text.add(words + " ")
        if item is not None:
            quote = words if quote is None else quote
            item["quote"] = quote
            self.positions[id(item)] = start + words.index(quote)

    def paragraph(self) -> None:
        self.text.add("\n\n")

    def build(self) -> tuple[str, str]:
        """(text, facts.yaml) of the document."""
        rng = self.rng
        self.sentence(
            f"Synthetic bulletin {self.index} on the situation in {self.state().name}, published "
            f"on {date_words(self.published, 'day')}."
        )
        self.paragraph()
        events = self.build_events()
        self.paragraph()
        self.build_relations(rng.randint(8, 12))
        self.paragraph()
        self.build_participants(events, rng.randint(16, 24))
        self.paragraph()
        statements = self.build_statements(rng.randint(14, 18))
        self.paragraph()
        self.build_demands(statements, rng.randint(8, 10))
        self.paragraph()
        self.build_findings(events, rng.randint(8, 12))
        self.paragraph()
        self.build_sanctions(events, rng.randint(3, 4))
        text = self.text.value().rstrip() + "\n"
        self.fix_occurrences(text)
        self.record = self.facts(text)
        return text, facts_yaml(self.index, self.record)

    def build_events(self) -> list[tuple[str, str]]:
        events: list[tuple[str, str]] = []
        for j in range(self.rng.randint(3, 5)):
            event_type, words = self.rng.choice(EVENT_TYPES)
            place = self.state()
            day, precision = self.date()
            item: dict[str, Any] = {
                "key": f"syn-event-{self.index}-{j}",
                "type": event_type,
                "name": f"{words.capitalize()} in {place.name} ({self.index}-{j})",
                "date": date_value(day, precision),
                "location": place.key,
            }
            if precision == "day" and j % 2:
                item["precision"] = "day"
            said = f"the {words} in {place.name} of {date_words(day, precision)}"
            self.sentence(f"This bulletin concerns {said}.", said, item)
            self.sections["events"].append(item)
            events.append((item["key"], f"the {words} in {place.name}"))
        if self.index % 3 == 0:  # a summit many documents speak of
            summit = shared_event(self.index // 3 % SHARED_EVENTS, self.states)
            item = {k: v for k, v in summit.items() if k != "city"}
            self.sentence(f"Delegations met at the {summit['name']}.", summit["name"], item)
            self.sections["events"].append(item)
            events.append((item["key"], f"the {summit['name']}"))
        return events

    def build_relations(self, count: int) -> None:
        for j in range(count):
            item: dict[str, Any] = {"key": f"rel-{j}"}
            kind = j % 4
            if kind == 0:
                who, name = self.person()
                state = self.state()
                role = self.rng.choice(ROLES)
                item.update(subject=who, relation="holds_position", object=state.key, role=role)
                words = f"{name} serves as {role} of {state.name}"
            elif kind == 1:
                who, name = self.state().key, ""
                state = next(s for s in self.states if s.key == who)
                group, group_words = self.group()
                item.update(subject=who, relation="member_of", object=group)
                words = f"{state.name} is one of {group_words}"
            elif kind == 2:
                org, org_words = self.org()
                state = self.states[int(org.rsplit("-", 1)[1]) % len(self.states)]
                item.update(subject=org, relation="part_of", object=state.key)
                words = f"the {org_words} answers to the government of {state.name}"
            else:
                child, child_words = self.person()
                parent, parent_words = self.person()
                if child == parent:
                    parent, parent_words = "alexander-lukashenko", "Alexander Lukashenko"
                item.update(subject=child, relation="child_of", object=parent)
                words = f"{child_words} is a child of {parent_words}"
            self.sentence(f"It is recorded that {words}.", words, item)
            self.sections["relations"].append(item)

    def build_participants(self, events: list[tuple[str, str]], count: int) -> None:
        for j in range(count):
            event, event_words = events[j % len(events)]
            actor, actor_words = self.any_actor()
            role, verb = self.rng.choice(PARTICIPANT_ROLES)
            item = {"key": f"part-{j}", "event": event, "actor": actor, "role": role}
            words = f"{actor_words} {verb} {event_words}"
            self.sentence(f"Reports confirm that {words}.", words, item)
            self.sections["participants"].append(item)

    def build_statements(self, count: int) -> list[tuple[str, str, str]]:
        """(key, speaker key, speaker words) of each statement."""
        made: list[tuple[str, str, str]] = []
        for j in range(count):
            item: dict[str, Any] = {"key": f"stmt-{j}"}
            verb, cameo = self.rng.choice(STATEMENT_VERBS)
            topic = self.rng.choice(STATEMENT_TOPICS)
            if j % 2 == 0:
                speaker, speaker_words = self.person()
                state = self.state()
                role = self.rng.choice(ROLES)
                said = f"We {verb.split(' ')[0]} {topic}, and we say so plainly ({self.index}.{j})"
                item.update(
                    speaker=speaker, speaker_role=role, on_behalf_of=state.key, type="quote"
                )
                words = f"{speaker_words}, {role} of {state.name}, said: “{said}.”"
                quote = said
            else:
                state = self.state()
                speaker, speaker_words = state.key, state.name
                item.update(speaker=speaker, type="position")
                item["text"] = f"{state.name} {verb} {topic}."
                words = f"{state.name} {verb} {topic}"
                quote = words
            item["cameo"] = cameo
            if j % 3 == 0:
                day, precision = self.date()
                item["date"] = date_value(day, precision)
                words = f"On {date_words(day, precision)}, {words}"
            self.sentence(words if words.endswith("”") else f"{words}.", quote, item)
            self.sections["statements"].append(item)
            made.append((item["key"], speaker, speaker_words))
        return made

    def build_demands(self, statements: list[tuple[str, str, str]], calls: int) -> None:
        """Each call is a statement sentence of its own with two to four demands in it."""
        j = 0
        for c in range(calls):
            state = self.state()
            if self.rng.random() < 0.3:
                addressee, addressee_words = self.org()
            else:
                target = self.state()
                addressee, addressee_words = target.key, target.name
            phrases = self.rng.sample(DEMAND_PHRASES, self.rng.randint(2, 4))
            listed = ", to ".join(p for p, _ in phrases[:-1]) + f" and to {phrases[-1][0]}"
            words = f"{state.name} called on {addressee_words} to {listed}"
            statement = {
                "key": f"call-{c}",
                "speaker": state.key,
                "type": "position",
                "cameo": "10",
            }
            start = self.text.add(f"{words}. ")
            statement["quote"] = words
            self.positions[id(statement)] = start
            self.sections["statements"].append(statement)
            for phrase, cameo in phrases:
                item: dict[str, Any] = {
                    "key": f"dem-{j}",
                    "by": state.key,
                    "of": addressee,
                    "statement": statement["key"],
                    "text": f"{addressee_words} must {phrase}.",
                    "cameo": cameo,
                    "quote": phrase,
                }
                if j % 4 == 0:
                    day, precision = self.date()
                    item["date"] = date_value(day, precision)
                self.positions[id(item)] = start + words.index(phrase)
                self.sections["demands"].append(item)
                j += 1

    def build_findings(self, events: list[tuple[str, str]], count: int) -> None:
        key = f"syn-inquiry-{self.index}"
        conductor, _ = self.group() if self.index % 2 else self.org()
        investigation: dict[str, Any] = {
            "key": key,
            "name": f"Independent inquiry no. {self.index}",
            "conducted_by": conductor,
            "mandated_by": "osce",
            "triggered_by": events[0][0],
        }
        self.sections["investigations"].append(investigation)
        self.sentence(f"The independent inquiry no. {self.index} reached these conclusions.")
        for j in range(count):
            category, finding = self.rng.choice(FINDINGS)
            item: dict[str, Any] = {"key": f"find-{j}", "investigation": key, "category": category}
            if j % 4 == 3:
                words = f"Officials {finding} during {events[j % len(events)][1]}"
            else:
                subject, subject_words = self.org() if j % 2 else self.any_actor()
                item["subject"] = subject
                words = f"{subject_words} {finding}"
                item["text"] = f"{subject_words} {finding}."
            self.sentence(f"The inquiry found that {words}.", words, item)
            self.sections["findings"].append(item)

    def build_sanctions(self, events: list[tuple[str, str]], count: int) -> None:
        for j in range(count):
            r = self.rng.randrange(REGIMES)
            spec = regime(r, self.states)
            if spec["key"] not in self.declared:
                self.declared.add(spec["key"])
                self.sections["regimes"].append(spec)
            authority = next(s for s in self.states if s.key == spec["authority"])
            targets: list[tuple[str, str]] = []
            for _ in range(self.rng.randint(3, 5)):
                target = self.person() if self.rng.random() < 0.7 else self.org()
                if target not in targets:
                    targets.append(target)
            day, precision = self.date()
            measures = self.rng.choice(MEASURES)
            named = ", ".join(w for _, w in targets[:-1]) + f" and {targets[-1][1]}"
            words = (
                f"In {date_words(day, precision)}, {authority.name} imposed measures "
                f"({measures}) on {named} under its sanctions regime no. {r}"
            )
            item: dict[str, Any] = {
                "key": f"sanc-{j}",
                "authority": authority.key,
                "regime": spec["key"],
                "targets": [k for k, _ in targets],
                "date": date_value(day, precision),
                "reason": "Responsibility for the repression of peaceful protest.",
                "measures": measures,
            }
            if j == 0:
                item["event"] = events[-1][0]
            self.sentence(f"{words}.", words, item)
            self.sections["sanctions"].append(item)

    # quotes that occur more than once say which occurrence they are

    def fix_occurrences(self, text: str) -> None:
        for items in self.sections.values():
            for item in items:
                if "quote" not in item:
                    continue
                starts = occurrences(text, item["quote"])
                where = self.positions[id(item)]
                assert where in starts, (item, where)
                if len(starts) > 1:
                    item["occurrence"] = starts.index(where) + 1

    # the facts file

    def facts(self, text: str) -> dict[str, Any]:
        """The facts file's mapping (as YAML reads it back): the document, then each section
        that has items."""
        slug = document_slug(self.index)
        document = {
            "slug": slug,
            "title": f"Synthetic bulletin {self.index}",
            "publisher": self.rng.choice(self.states).name + " Foreign Ministry",
            "document_type": DOCUMENT_TYPES[self.index % len(DOCUMENT_TYPES)],
            "published_on": self.published.isoformat(),
            "url": f"https://bulletins.example.org/{slug}",
            "licence": "CC0-1.0",
            "language": "en",
            "text_file": "text.txt",
            "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        }
        return {"document": document, **{k: v for k, v in self.sections.items() if v}}


# The document's fields written quoted in facts.yaml (the others are plain words).
QUOTED = {"title", "publisher", "published_on"}


def facts_yaml(index: int, facts: dict[str, Any]) -> str:
    """`facts` as the text of a facts.yaml."""
    lines = [
        "# yaml-language-server: $schema=../../facts.schema.json",
        f"# Synthetic document {index}, generated by scripts/generate_corpus.py.",
        "document:",
    ]
    for name, value in facts["document"].items():
        lines.append(f"  {name}: {_scalar(value) if name in QUOTED else value}")
    for section, items in facts.items():
        if section == "document":
            continue
        lines += ["", f"{section}:"]
        for item in items:
            for n, (name, value) in enumerate(item.items()):
                lines.append(("  - " if n == 0 else "    ") + f"{name}: {_scalar(value)}")
    return "\n".join(lines) + "\n"


def bundle_line(facts: dict[str, Any], text: str) -> str:
    """The document as one line of a bundle: its facts with the text inline."""
    document = {k: v for k, v in facts["document"].items() if k != "text_file"}
    record = {**facts, "document": {**document, "text": text}}
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


def _scalar(value: Any) -> str:
    """A YAML scalar (or flow list) that reads back as exactly `value`."""
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


def document_slug(index: int) -> str:
    return f"{SLUG_PREFIX}-{index:06d}"


def generate_document(index: int, seed: int, states: list[State]) -> tuple[str, str, str]:
    """(slug, text, facts.yaml) of document `index`."""
    text, facts = DocumentBuilder(index, seed, states).build()
    return document_slug(index), text, facts


def generate(
    documents: int, out: Path | None, seed: int = 0, start: int = 0, bundle: Path | None = None
) -> int:
    """Write documents start..start+documents-1 as folders under `out` and/or as the lines of
    the bundle `bundle` (the same documents either way); returns the fact rows written."""
    states = reference_states()
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    facts = 0
    with ExitStack() as stack:
        lines = None
        if bundle is not None:
            bundle.parent.mkdir(parents=True, exist_ok=True)
            lines = stack.enter_context(bundle.open("w", encoding="utf-8", newline="\n"))
        for index in range(start, start + documents):
            builder = DocumentBuilder(index, seed, states)
            text, facts_file = builder.build()
            if out is not None:
                folder = out / document_slug(index)
                folder.mkdir(exist_ok=True)
                (folder / "text.txt").write_bytes(text.encode("utf-8"))
                (folder / "facts.yaml").write_bytes(facts_file.encode("utf-8"))
            if lines is not None:
                lines.write(bundle_line(builder.record, text))
            facts += fact_rows(builder.sections)
    return facts


def fact_rows(sections: dict[str, list[dict[str, Any]]]) -> int:
    """Rows the facts of a document become (a sanction is one row per target)."""
    rows = sum(len(sections[s]) for s in ("relations", "participants", "statements"))
    rows += len(sections["findings"]) + len(sections["demands"])
    return rows + sum(len(s["targets"]) for s in sections["sanctions"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, required=True, help="how many documents")
    parser.add_argument("--out", type=Path, help="folder to write them into, one folder each")
    parser.add_argument(
        "--bundle", type=Path, help="bundle (.jsonl) to write them into, one line each"
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--start", type=int, default=0, help="number of the first document")
    args = parser.parse_args(argv)
    if args.documents < 1:
        parser.error("--documents must be at least 1")
    if args.out is None and args.bundle is None:
        parser.error("give --out, --bundle or both")
    if args.bundle is not None and args.bundle.suffix != ".jsonl":
        parser.error("--bundle must name a .jsonl file")
    facts = generate(args.documents, args.out, args.seed, args.start, args.bundle)
    written = " and ".join(str(p) for p in (args.out, args.bundle) if p is not None)
    print(f"{args.documents} document(s), {facts} fact row(s) in {written}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
