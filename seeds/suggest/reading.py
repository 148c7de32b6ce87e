"""Reading a text for `dossier suggest`: its sentences (spaCy's tokenizer and sentencizer on a
blank English pipeline, a line break ending a sentence too), the actors it names (spaCy's
PhraseMatcher over the known actors' names and aliases and the states' names), and its dates
(a small parser of our own, below)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

import spacy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from seeds.keys import Declared
from seeds.states import EXCEPTIONALLY_RESERVED, state_names
from seeds.suggest.rules import Rules, token_patterns

PRONOUNS = frozenset({"we"})  # the voice: the speaker of a passage, else the publisher


@Language.component("dossier_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: a heading, a list item, a paragraph each stand alone."""
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text or "\n" in doc[token.i - 1].whitespace_:
            token.is_sent_start = True
    return doc


def pipeline() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("dossier_line_breaks")
    nlp.add_pipe("sentencizer")
    return nlp


def words(text: str) -> frozenset[str]:
    """The words of a text, as a set ("has have had" is three)."""
    return frozenset(text.split())


def slug(words: str, limit: int = 60) -> str:
    """Words as a key: ASCII letters and digits joined by '-' ("François-Philippe Champagne"
    is francois-philippe-champagne)."""
    ascii_words = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode()
    key = re.sub(r"[^a-z0-9]+", "-", ascii_words.lower()).strip("-")
    return key[:limit].rstrip("-") or "item"


@dataclass
class Actor:
    """An actor the text names: a known key, or one to declare (`new`, an actors item)."""

    key: str
    words: str  # as the text has them
    kind: str = ""  # state, person, organization, group
    post: str | None = None  # "Foreign Secretary"
    new: dict[str, str] | None = None  # the actors item to declare, for an actor not known
    pronoun: bool = False  # "we": whose voice it is is settled by the reader of the sentence


@dataclass
class Mention:
    start: int  # token indexes in the document, [start, end)
    end: int
    actor: Actor


@dataclass
class DateMention:
    start: int  # characters
    end: int
    value: str  # YYYY-MM-DD, YYYY-MM or YYYY
    precision: str
    words: str


@dataclass
class Known:
    """The actors a text may name: key -> (kind, names), and each name's key."""

    actors: dict[str, Declared]
    by_name: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, declared: Iterable[Declared], rules: Rules) -> Known:
        actors = {d.key: d for d in declared if d.kind == "actor"}
        by_name: dict[str, str] = {}
        for key, names in state_names().items():
            for name in names:
                by_name.setdefault(name, key)
        for words, key in EXCEPTIONALLY_RESERVED.items():
            by_name.setdefault(words.upper(), key)
        for name, key in rules.state_names.items():
            by_name.setdefault(name, key)
        for d in actors.values():
            for name in d.names:
                by_name.setdefault(name, d.key)
        return cls(actors, by_name)

    def kind_of(self, key: str) -> str:
        found = self.actors.get(key)
        return found.detail if found else ""

    def label_of(self, key: str) -> str:
        found = self.actors.get(key)
        return found.label if found else key

    def state_in(self, words: str, rules: Rules) -> str | None:
        """The first state a name or description names ("the UK government department …")."""
        for word in re.findall(r"[A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*", words):
            for part in (word, *word.split()):
                key = self.by_name.get(part) or rules.adjectives.get(part)
                if key and self.kind_of(key) in ("state", ""):
                    return key
        return None


class Reader:
    """The pipeline and its matchers, made once for a run over one or more texts."""

    def __init__(self, rules: Rules, known: Known, investigations: list[Declared]) -> None:
        self.rules, self.known, self.investigations = rules, known, investigations
        self.nlp = pipeline()
        self.names = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        for name, key in known.by_name.items():
            self.names.add(key, [self.nlp.make_doc(name)])
        self.adjectives = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        for adjective, key in rules.adjectives.items():
            self.adjectives.add(key, [self.nlp.make_doc(adjective)])
        self.posts = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        for post in rules.posts:
            self.posts.add(post, [self.nlp.make_doc(post)])
        self.cues = Matcher(self.nlp.vocab)
        for number, cue in enumerate(rules.cues):
            self.cues.add(str(number), [token_patterns(phrase) for phrase in cue.words])

    def read(self, text: str) -> Doc:
        return self.nlp(text)

    # --- actors -------------------------------------------------------------------------

    def mentions(self, doc: Doc) -> list[Mention]:
        """The actors a document names, in order: known names and aliases, states by name,
        organs by a state's adjective ("the Belarusian government"), persons after their
        post ("Foreign Secretary Dominic Raab"), described kin ("his son"), and "we"."""
        strings = self.nlp.vocab.strings
        spans = [Span(doc, s, e, label=match) for match, s, e in self.names(doc)]
        for match, s, e in self.adjectives(doc):
            if e < len(doc) and doc[e].lower_ in self.rules.organs:
                spans.append(Span(doc, s, e + 1, label=match))
        found: dict[int, Mention] = {}
        for span in filter_spans(spans):
            key = strings[span.label]
            if span[-1].lower_ in self.rules.organs:
                state = self.known.actors.get(key)
                name = state.label if state else key
                organ = self.known.by_name.get(f"{span[-1].text.capitalize()} of {name}")
                key = organ if span[-1].lower_ == "government" and organ else key
            actor = Actor(key, span.text, self.known.kind_of(key))
            start = span.start
            if start > 0 and doc[start - 1].lower_ == "the" and actor.kind != "person":
                start -= 1  # "the UK", "the Government of Belarus"
                actor.words = doc[start : span.end].text
            found[start] = Mention(start, span.end, actor)
        self._posts(doc, found)
        self._kin_and_pronouns(doc, found)
        return [found[start] for start in sorted(found)]

    def _posts(self, doc: Doc, found: dict[int, Mention]) -> None:
        strings = self.nlp.vocab.strings
        posts = filter_spans([Span(doc, s, e, label=m) for m, s, e in self.posts(doc)])
        for post in posts:
            if post.end in found:  # a known person after the post
                mention = found.pop(post.end)
                mention.start, mention.actor.post = post.start, strings[post.label]
                found[post.start] = mention
                continue
            end = post.end
            while end < len(doc) and end - post.end < 6:
                token = doc[end]
                if (token.is_title and token.is_alpha) or (
                    token.text == "-" and not doc[end - 1].whitespace_ and end > post.end
                ):
                    end += 1
                else:
                    break
            if end - post.end < 2 or any(i in found for i in range(post.start, end)):
                continue  # a name is two words at least ("President Lukashenko" is not read)
            name = doc[post.end : end].text
            key = slug(name)
            new = {"key": key, "kind": "person", "name": name}
            actor = Actor(key, doc[post.start : end].text, "person", strings[post.label], new)
            found[post.start] = Mention(post.start, end, actor)

    def _kin_and_pronouns(self, doc: Doc, found: dict[int, Mention]) -> None:
        taken = {i for m in found.values() for i in range(m.start, m.end)}
        for token in doc:
            if token.i in taken:
                continue
            if token.lower_ in PRONOUNS and not token.is_sent_end:
                found[token.i] = Mention(token.i, token.i + 1, Actor("", token.text, pronoun=True))
            nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
            if token.lower_ in ("his", "her", "their") and nxt and nxt.lower_ in self.rules.kin:
                owner = next(
                    (
                        m.actor
                        for start, m in sorted(found.items(), reverse=True)
                        if start < token.i
                        and m.actor.kind == "person"
                        and doc[start].sent == token.sent
                    ),
                    None,
                )
                words = doc[token.i : token.i + 2].text
                key = f"{owner.key}-{nxt.lower_}" if owner else slug(words)
                named = owner.new.get("name") if owner and owner.new else None
                of = f" of {named or self.known.label_of(owner.key)}" if owner else ""
                article = "an" if nxt.lower_[0] in "aeiou" else "a"
                description = f"{article} {nxt.lower_}{of} (“{words}”)"
                new = {"key": key, "kind": "person", "description": description}
                found[token.i] = Mention(token.i, token.i + 2, Actor(key, words, "person", new=new))

    # --- dates --------------------------------------------------------------------------

    @staticmethod
    def dates(text: str, published: dt.date) -> list[DateMention]:
        return find_dates(text, published)


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH = "(" + "|".join(MONTHS) + ")"
_DATE = re.compile(
    rf"\b(?P<d1>[0-9]{{1,2}}) {_MONTH}(?: (?P<y1>[0-9]{{4}}))?\b"  # 17 September (2020)
    rf"|\b{_MONTH} (?P<d2>[0-9]{{1,2}}), (?P<y2>[0-9]{{4}})\b"  # September 17, 2020
    rf"|\b{_MONTH} (?P<y3>[0-9]{{4}})\b"  # September 2020
    rf"|\b(?:[Ii]n|[Ss]ince|[Uu]ntil|[Dd]uring|[Bb]y|[Ee]arly|[Ll]ate|[Mm]id-?) {_MONTH}\b"
    rf"|\b{_MONTH}(?=[’']s\b)"  # August's election
    r"|\b(?:[Ii]n|[Ss]ince) (?P<y4>[0-9]{4})\b"  # in 2020
)


def find_dates(text: str, published: dt.date) -> list[DateMention]:
    """Every date the text gives, whole or in part, with its precision. A day or month whose
    year the text leaves out is in the latest year that puts it on or before the
    publication day ("In September", in a release of 5 November 2020, is 2020-09)."""
    found: list[DateMention] = []
    for match in _DATE.finditer(text):
        groups = match.groupdict()
        month_name = (
            next(g for g in match.groups() if g in MONTHS)
            if any(g in MONTHS for g in match.groups())
            else None
        )
        year_text = groups["y1"] or groups["y2"] or groups["y3"] or groups["y4"]
        day_text = groups["d1"] or groups["d2"]
        if month_name is None:
            value, precision = year_text or "", "year"
        else:
            month = MONTHS.index(month_name) + 1
            day = int(day_text) if day_text else None
            if year_text:
                year = int(year_text)
            else:
                later = (month, day or 1) > (published.month, published.day)
                year = published.year - 1 if later else published.year
            try:
                dt.date(year, month, day or 1)
            except ValueError:
                continue
            value = f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")
            precision = "day" if day else "month"
        found.append(DateMention(match.start(), match.end(), value, precision, match.group()))
    return found
