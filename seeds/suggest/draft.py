"""Suggestions from a text: the cue table's rules applied sentence by sentence.

Each suggestion is an item of a facts file (statements, demands, sanctions, findings, events)
with its span of the text and why it was made: the rule, and the words that triggered it.
Actors it names that are not known are declared as new `actors` items; so are the
investigations findings name.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from seeds.nearest import nearest
from seeds.suggest.reading import MONTHS, Actor, DateMention, Mention, Reader, slug, words
from seeds.suggest.rules import Cue

# Words between an actor and its verb that do not stop the actor from being its subject.
BETWEEN = words(
    "has have had will would shall should was were is are also now still today again "
    "continue continues continued already jointly"
)
# Before a cue word, these make it a noun or an infinitive ("in support of", "to condemn").
NOT_A_VERB = words("the a an in of for with its their his her our this that to be been being")
# Between the sentence's first actor and a cue, these open another clause with its own subject.
OTHER_CLAUSE = frozenset(["which", "who", "whom", "whose", "that"])
# Before the sentence's first actor, these still leave it the subject ("On 17 September 2020,
# Latvia", "As grounds, Canada"; title-case words and numbers too: "Global Affairs Canada").
OPENING = words("the a an in on at as by since after following during")
# After a comma, these end what is demanded ("…in Belarus, following the publication …").
CLAUSE_ENDS = words("following which who after because as while whereas before since so but")
# These end a sanction's targets ("on X and Y under the regime …").
TARGETS_END = words("under for because following after over from with by to on")
NUMBER_WORDS = words("two three four five six seven eight nine ten eleven twelve several many all")
QUOTE_MARKS = {"“": "”", '"': '"'}
SECTIONS = ("events", "statements", "findings", "sanctions", "demands")


@dataclass
class Suggestion:
    section: str  # a facts file's section: statements, demands, sanctions, findings, events
    item: dict[str, Any]  # its fields, the quote included (the key is given when written)
    start: int  # the span of the text, in characters
    end: int
    why: list[str]
    identity: str = ""  # an event's: what else than its type and month tells it apart

    @property
    def actors(self) -> set[str]:
        """Who acts in it, as the evaluation compares them."""
        fields = {"statements": ("speaker", "on_behalf_of"), "demands": ("by",)}
        fields |= {"sanctions": ("authority",)}
        return {self.item[f] for f in fields.get(self.section, ()) if self.item.get(f)}


@dataclass
class Draft:
    document: dict[str, Any]
    text: str
    suggestions: list[Suggestion] = field(default_factory=list)
    actors: dict[str, dict[str, Any]] = field(default_factory=dict)  # new ones, by key
    investigations: dict[str, dict[str, Any]] = field(default_factory=dict)
    why: dict[str, list[str]] = field(default_factory=dict)  # of each new actor, by key


@dataclass
class Passage:
    """A speaker's own words: `X said:` and what follows, or “…,” said X."""

    start: int  # characters
    end: int
    speaker: Mention
    trigger: str
    statement: Suggestion | None = None


class Suggester:
    """The rules applied to one text (a Reader holds the matchers, for many texts)."""

    def __init__(self, reader: Reader, document: dict[str, Any], text: str) -> None:
        self.reader, self.rules, self.known = reader, reader.rules, reader.known
        self.draft = Draft(document, text)
        self.text = text
        self.doc: Doc = reader.read(text)
        published = dt.date.fromisoformat(str(document["published_on"]))
        self.dates = reader.dates(text, published)
        self.mentions = reader.mentions(self.doc)
        self.ending_at = {m.end: m for m in self.mentions}
        self.voice = self._voice(str(document.get("publisher") or ""))
        self.passages: list[Passage] = []

    # --- who speaks -------------------------------------------------------------------

    def _voice(self, publisher: str) -> str | None:
        """The state the document speaks for: its publisher's, when the publisher is a known
        actor whose name or description names a state (the FCDO, "the UK government
        department for foreign affairs": gbr), or is itself a state."""
        key = self.known.by_name.get(publisher)
        if key is None:
            return self.known.state_in(publisher, self.rules)
        if self.known.kind_of(key) == "state":
            return key
        declared = self.known.actors[key]
        return self.known.state_in(f"{publisher} {declared.description}", self.rules)

    def resolve(self, mention: Mention, at: int) -> Actor | None:
        """The actor a mention stands for: "we" is the passage's speaker, else the voice."""
        if not mention.actor.pronoun:
            return mention.actor
        passage = self.passage_at(at)
        if passage is not None:
            return passage.speaker.actor
        if self.voice is None:
            return None
        return Actor(self.voice, mention.actor.words, "state")

    def on_behalf_of(self, actor: Actor) -> str | None:
        """A person speaking in a post speaks for the document's state (a minister in their
        government's release); else for no one this text says."""
        if actor.kind == "person" and actor.post and self.voice:
            return self.voice
        return None

    def acting(self, actor: Actor) -> str:
        """Who a demand or a sanction is by: the state a person speaks for, else the actor."""
        return self.on_behalf_of(actor) or actor.key

    def passage_at(self, char: int) -> Passage | None:
        return next((p for p in self.passages if p.start <= char < p.end), None)

    def note(self, actor: Actor) -> None:
        """Declare an actor the text names but no one has declared."""
        if actor.new and actor.key not in self.draft.actors:
            self.draft.actors[actor.key] = dict(actor.new)
            self.draft.why[actor.key] = [f"the text names it: “{actor.words}”"]

    # --- spans of the sentence ------------------------------------------------------------

    def subject(self, sent: Span, cue_start: int) -> Mention | None:
        """The actor a cue's verb is said of: the one named just before it (over auxiliaries,
        adverbs and a parenthesis between commas), else the sentence's first actor when no
        other clause opens between them."""
        i = cue_start - 1
        while i >= sent.start:
            if i + 1 in self.ending_at and self.ending_at[i + 1].start >= sent.start:
                return self.ending_at[i + 1]
            token = self.doc[i]
            if token.lower_ in BETWEEN or (token.lower_.endswith("ly") and token.is_lower):
                i -= 1
            elif token.text == ",":
                commas = [t.i for t in self.doc[sent.start : i] if t.text == ","]
                if not commas:
                    break
                i = commas[-1] - 1
            else:
                break
        first = next((m for m in self.mentions if sent.start <= m.start < cue_start), None)
        if first is None or first.end > cue_start:
            return None
        if not all(
            t.lower_ in OPENING or t.is_punct or t.is_space or t.like_num or t.is_title
            for t in self.doc[sent.start : first.start]
        ):
            return None  # not the sentence's subject
        if any(t.lower_ in OTHER_CLAUSE for t in self.doc[first.end : cue_start]):
            return None
        return first

    def chars(self, start: int, end: int) -> tuple[int, int]:
        """The characters of tokens [start, end), without the spaces and the punctuation
        that end them (a list item's comma, a clause's 'and')."""
        while end > start and (
            self.doc[end - 1].is_space
            or self.doc[end - 1].text in (",", ";", ":", ".")
            or self.doc[end - 1].lower_ in ("and", "or")
        ):
            end -= 1
        while start < end and (self.doc[start].is_space or self.doc[start].lower_ in ("and", "or")):
            start += 1
        if start >= end:
            return 0, 0
        return self.doc[start].idx, self.doc[end - 1].idx + len(self.doc[end - 1].text)

    def sentence_chars(self, sent: Span) -> tuple[int, int]:
        start, end = sent.start, sent.end
        while end > start and self.doc[end - 1].is_space:
            end -= 1
        return self.doc[start].idx, self.doc[end - 1].idx + len(self.doc[end - 1].text)

    def words(self, start: int, end: int) -> str:
        return self.text[start:end]

    def date_for(self, sent: Span, cue_start: int, before_only: bool) -> DateMention | None:
        """The date that opens the sentence before its cue ("In September, the UK imposed"),
        else (for sanctions and events) the first the sentence gives."""
        lo, hi = self.sentence_chars(sent)
        cue = self.doc[cue_start].idx
        inside = [d for d in self.dates if lo <= d.start and d.end <= hi]
        before = [d for d in inside if d.end <= cue]
        if before:
            return before[0]
        return None if before_only or not inside else inside[0]

    def items(self, start: int, end: int, names: bool = False) -> list[tuple[int, int]]:
        """Token ranges of a list ("hold elections, end the violence and release those
        detained": three); without a comma, the words are one item ("reverse its decision and
        engage with the OSCE"), unless they are `names` ("X and his brother": two)."""
        commas = [t.i for t in self.doc[start:end] if t.text == ","]
        if not commas:
            ands = [t.i for t in self.doc[start:end] if t.lower_ == "and"] if names else []
            bounds = [start - 1, *ands, end]
            return [(a + 1, b) for a, b in itertools.pairwise(bounds) if b > a + 1]
        bounds = [start, *[c + 1 for c in commas]]
        parts = [(a, b - 1) for a, b in itertools.pairwise(bounds)]
        last = (bounds[-1], end)
        ands = [t.i for t in self.doc[last[0] : last[1]] if t.lower_ == "and"]
        if ands:
            parts += [(last[0], ands[0]), (ands[0] + 1, last[1])]
        else:
            parts.append(last)
        return [(a, b) for a, b in parts if b > a]

    def clause_end(self, sent: Span, start: int, stops: frozenset[str] = CLAUSE_ENDS) -> int:
        """Where what follows a cue ends: the sentence's end, a ';', or a comma before a word
        opening another clause."""
        for token in self.doc[start : sent.end]:
            if token.text in (";", ".") and token.i > start:
                return token.i
            nxt = self.doc[token.i + 1] if token.i + 1 < len(self.doc) else None
            if token.text == "," and nxt is not None and nxt.lower_ in stops:
                return token.i
        return sent.end

    # --- the rules ----------------------------------------------------------------------

    def run(self) -> Draft:
        self.find_passages()
        matches = [Span(self.doc, s, e, label=match) for match, s, e in self.reader.cues(self.doc)]
        for span in sorted(filter_spans(matches), key=lambda s: s.start):
            cue = self.rules.cues[int(self.reader.nlp.vocab.strings[span.label])]
            if span.start > 0 and self.doc[span.start - 1].lower_ in NOT_A_VERB:
                continue  # a noun or an infinitive: "in support of", "to condemn"
            if span.end < len(self.doc) and self.doc[span.end].lower_ == "by":
                continue  # the passive: who acted comes after
            later = [m.start for m in filter_spans(matches) if m.sent == span.sent]
            self.apply(cue, span, [s for s in later if s > span.start])
        self.one_event_per_act()
        return self.draft

    def one_event_per_act(self) -> None:
        """A text that tells of an event twice tells of one event: the events of one type
        and month (and, for sanctions, one authority) are one, quoted where the text dates it
        most precisely ("on 17 September" over "in September")."""
        kept: dict[tuple[str, str, str], Suggestion] = {}
        merged: dict[int, Suggestion] = {}
        for suggestion in [s for s in self.draft.suggestions if s.section == "events"]:
            item = suggestion.item
            act = (item["type"], str(item.get("date", ""))[:7], suggestion.identity)
            first = kept.setdefault(act, suggestion)
            if first is suggestion:
                continue
            if len(str(item.get("date", ""))) > len(str(first.item.get("date", ""))):
                kept[act], merged[id(first)] = suggestion, suggestion
                suggestion.why.append(f"the same event as: “{first.item['quote'][:60]}…”")
            else:
                merged[id(suggestion)] = first
                first.why.append(f"the same event as: “{item['quote'][:60]}…”")
        self.draft.suggestions = [s for s in self.draft.suggestions if id(s) not in merged]
        for suggestion in self.draft.suggestions:
            event = suggestion.item.get("event")
            while isinstance(event, Suggestion) and id(event) in merged:
                event = merged[id(event)]
            if event is not None:
                suggestion.item["event"] = event

    def apply(self, cue: Cue, span: Span, later_cues: list[int]) -> None:
        trigger = f"rule {cue.rule}: “{span.text}”"
        if cue.kind == "demand":
            self.demand(cue, span, trigger)
        elif cue.kind == "statement":
            self.statement(cue, span, trigger, later_cues)
        elif cue.kind == "sanction":
            self.sanction(cue, span, trigger)
        elif cue.kind == "finding":
            self.finding(span, trigger)
        elif cue.kind == "event":
            self.event(cue, span, trigger)

    def add(
        self, section: str, item: dict[str, Any], start: int, end: int, why: list[str]
    ) -> Suggestion:
        item["quote"] = self.text[start:end]
        suggestion = Suggestion(section, item, start, end, why)
        self.draft.suggestions.append(suggestion)
        return suggestion

    def who(self, mention: Mention | None, at: int, role: str) -> tuple[Actor | None, list[str]]:
        if mention is None:
            return None, []
        actor = self.resolve(mention, at)
        if actor is None:
            return None, []
        self.note(actor)
        return actor, [f"{role}: “{mention.actor.words}” is {actor.key}"]

    def dated(self, item: dict[str, Any], date: DateMention | None, why: list[str]) -> None:
        if date is not None:
            item["date"] = date.value
            why.append(f"date: “{date.words}” is {date.value} ({date.precision})")

    def refined(self, code: str, start: int, end: int) -> str:
        """A demand's code refined by what is asked for (rules.yaml, `objects`)."""
        words = {t.lower_ for t in self.doc[start:end]}
        for item in self.rules.objects:
            if words & item.words and isinstance(item.value, dict):
                return item.value.get(code[:2], code)
        return code

    def tone(self, start: int, end: int, default: str) -> str:
        """A statement's code from its words: the first tone word it holds (rules.yaml)."""
        for token in self.doc[start:end]:
            for item in self.rules.tone:
                if token.lower_ in item.words and isinstance(item.value, str):
                    return item.value
        return default

    def demand(self, cue: Cue, span: Span, trigger: str) -> None:
        sent = span.sent
        passage = self.passage_at(span.start_char)
        if cue.asks == "clause":
            mention = passage.speaker if passage else None
            actor = passage.speaker.actor if passage else None
            if actor is None and self.voice:
                actor = Actor(self.voice, "the document's publisher", "state")
            if actor is None:
                return
            why = [trigger, f"by: the voice of the passage, {self.acting(actor)}"]
            ranges = self.clauses(sent, span.start)
            addressee = None
        else:
            mention = self.subject(sent, span.start)
            actor, why = self.who(mention, span.start_char, "by")
            if actor is None:
                return
            why = [trigger, *why]
            start = span.end
            addressee = None
            if cue.asks == "after":
                to = next((t.i for t in self.doc[span.end : sent.end] if t.lower_ == "to"), None)
                if to is not None:
                    addressee = next(
                        (m for m in self.mentions if span.end <= m.start and m.end <= to), None
                    )
                    start = to + 1
            end = self.clause_end(sent, start)
            if passage is not None:  # what is asked for ends with the speaker's words
                last = self.doc.char_span(passage.start, passage.end, alignment_mode="expand")
                end = min(end, last.end) if last is not None else end
            ranges = self.items(start, end)
            if addressee is None:
                addressee = next(
                    (m for m in self.mentions if start <= m.start and m.end <= end), None
                )
        target = self.resolve(addressee, span.start_char) if addressee else None
        if target is not None:
            self.note(target)
        codes: list[str] = []
        made: list[Suggestion] = []
        for a, b in ranges:
            lo, hi = self.chars(a, b)
            if lo == hi:
                continue
            words = self.words(lo, hi)
            code = self.refined(cue.cameo or "100", a, b)
            codes.append(code)
            asked = f"{target.words} to {words}" if target and cue.asks == "after" else words
            item: dict[str, Any] = {"by": self.acting(actor)}
            if target is not None:
                item["of"] = target.key
            item["text"] = asked[0].upper() + asked[1:] + "."
            item["cameo"] = code
            self.dated(item, self.date_for(sent, span.start, True), more := list(why))
            made.append(self.add("demands", item, lo, hi, [*more, f"cameo {code}: “{words}”"]))
        if not made:
            return
        if passage is not None and passage.statement is not None:
            for suggestion in made:
                suggestion.item["statement"] = passage.statement
            return
        if cue.statement and mention is not None:
            code = codes[0] if len(set(codes)) == 1 else (cue.cameo or "100")
            immediate = mention.end <= span.start and mention.start >= sent.start
            first = (
                mention.start if immediate and self.subject_is_next(mention, span) else span.start
            )
            lo, _ = self.chars(first, span.end)
            hi = made[-1].end
            statement = self.statement_item(actor, target, code)
            self.dated(statement, self.date_for(sent, span.start, True), why)
            made_statement = self.add("statements", statement, lo, hi, list(why))
            for suggestion in made:
                suggestion.item["statement"] = made_statement

    def subject_is_next(self, mention: Mention, span: Span) -> bool:
        """Whether only auxiliaries and adverbs stand between an actor and its cue."""
        return all(
            t.lower_ in BETWEEN or (t.lower_.endswith("ly") and t.is_lower)
            for t in self.doc[mention.end : span.start]
        )

    def clauses(self, sent: Span, at: int) -> list[tuple[int, int]]:
        """The clause holding a 'must' and those joined to it by ', and' or ';'."""
        bounds = [sent.start]
        for token in self.doc[sent.start : sent.end]:
            nxt = self.doc[token.i + 1] if token.i + 1 < len(self.doc) else None
            if token.text == ";" or (token.text == "," and nxt is not None and nxt.lower_ == "and"):
                bounds.append(token.i + 1)
        bounds.append(sent.end)
        ranges = list(itertools.pairwise(bounds))
        return [(a, b) for a, b in ranges if b > at]

    def statement_item(self, actor: Actor, target: Actor | None, code: str) -> dict[str, Any]:
        item: dict[str, Any] = {"speaker": actor.key}
        if actor.post:
            item["speaker_role"] = actor.post
        if (behalf := self.on_behalf_of(actor)) is not None:
            item["on_behalf_of"] = behalf
        if target is not None and target.key != actor.key:
            item["target"] = target.key
        item["type"] = "position"
        item["cameo"] = code
        return item

    def statement(self, cue: Cue, span: Span, trigger: str, later_cues: list[int]) -> None:
        if self.passage_at(span.start_char) is not None:
            return  # the passage is the statement
        sent = span.sent
        mention = self.subject(sent, span.start)
        actor, why = self.who(mention, span.start_char, "speaker")
        if actor is None or mention is None:
            return
        end = later_cues[0] if later_cues else sent.end
        first = mention.start if self.subject_is_next(mention, span) else span.start
        lo, hi = self.chars(first, end)
        code = cue.cameo or "010"
        if cue.rule == "said-that":
            code = self.tone(span.end, end, code)
        target_mention = (
            next(
                (
                    m
                    for m in self.mentions
                    if span.end <= m.start and m.end <= end and not m.actor.pronoun
                ),
                None,
            )
            if cue.cameo and cue.cameo.startswith("11")
            else None
        )
        target = target_mention.actor if target_mention else None
        if target is not None:
            self.note(target)
        item = self.statement_item(actor, target, code)
        self.dated(item, self.date_for(sent, span.start, True), why)
        self.add("statements", item, lo, hi, [trigger, *why, f"cameo {code}"])

    def sanction(self, cue: Cue, span: Span, trigger: str) -> None:
        sent = span.sent
        start = span.end
        if cue.targets == "on":
            if start >= sent.end or self.doc[start].lower_ != "on":
                return  # no targets named: "imposed the sanctions" tells of them again
            start += 1
            if start < sent.end and (self.doc[start].is_digit or self.doc[start].text in MONTHS):
                return  # "on 29 September": a date, not whom
        mention = self.subject(sent, span.start)
        actor, why = self.who(mention, span.start_char, "authority")
        if actor is None:
            return
        end = start
        while end < sent.end:
            token = self.doc[end]
            nxt = self.doc[end + 1] if end + 1 < len(self.doc) else None
            if token.lower_ in TARGETS_END or token.text in (";", ".") or token.is_space:
                break
            if (
                token.lower_ == "in"
                and nxt is not None
                and (nxt.lower_ in ("response", "coordination", "support") or nxt.like_num)
            ):
                break
            end += 1
        targets: list[str] = []
        for a, b in self.items(start, end, names=True):
            target = self.target(a, b)
            if target is not None and target not in targets:
                targets.append(target)
                why.append(f"target: “{self.words(*self.chars(a, b))}” is {target}")
        if not targets:
            return
        authority = self.acting(actor)
        item: dict[str, Any] = {"authority": authority, "targets": targets}
        date = self.date_for(sent, span.start, False)
        self.dated(item, date, why)
        item["cameo"] = cue.cameo or "163"
        lo, hi = self.sentence_chars(sent)
        if cue.event:
            label = self.known.label_of(authority)
            event: dict[str, Any] = {"type": cue.event, "name": f"Sanctions imposed by {label}"}
            if date is not None:
                event["date"] = date.value
            made = self.add("events", event, lo, hi, [trigger, *why])
            made.identity = authority
            item["event"] = made
        self.add("sanctions", item, lo, hi, [trigger, *why])

    def target(self, a: int, b: int) -> str | None:
        """A sanction's target: the actor an item starts with ("President Alexander Lukashenko
        among them"), else an actor the item describes ("senior figures in the … government")."""
        first = a
        while a < b and (self.doc[a].lower_ in ("the", "a", "an") or self.doc[a].is_space):
            a += 1
        if a >= b or (self.doc[a].like_num and not self.doc[a].is_alpha):
            return None
        if self.doc[a].text in MONTHS:
            return None
        mention = next((m for m in self.mentions if first <= m.start <= a), None)
        if mention is not None and not mention.actor.pronoun:
            self.note(mention.actor)
            return mention.actor.key
        lo, hi = self.chars(a, b)
        words = self.words(lo, hi)
        opening = list(self.doc[a : min(b, a + 3)])
        plural = any(t.lower_ in NUMBER_WORDS or t.like_num for t in opening[:1]) or any(
            t.is_lower and t.lower_.endswith("s") for t in opening
        )
        key = slug(words)
        kind = "group" if plural else "person"
        if key not in self.draft.actors and key not in self.known.actors:
            self.draft.actors[key] = {"key": key, "kind": kind, "description": words}
            self.draft.why[key] = [f"a sanction's target the text describes: “{words}”"]
        return key

    def finding(self, span: Span, trigger: str) -> None:
        sent = span.sent
        investigation = self.investigation(sent, span.start)
        if investigation is None:
            return
        key, words = investigation
        why = [trigger, f"investigation: “{words}” is {key}"]
        last = self.doc[sent.end - 1] if not self.doc[sent.end - 1].is_space else None
        ranges: list[tuple[int, int]] = []
        if last is None or last.text == ":" or self.doc[sent.end - 2].text == ":":
            following = [
                s for s in self.doc.sents if s.start >= sent.end and not all(t.is_space for t in s)
            ]
            for item in following:
                if item[0].text not in ("-", "•", "–"):
                    break
                ranges.append((item.start + 1, item.end))
        if not ranges:
            ranges = [(span.start, self.clause_end(sent, span.end))]
        for a, b in ranges:
            lo, hi = self.sentence_chars(self.doc[a:b]) if b > a else (0, 0)
            if lo == hi:
                continue
            words_found = {t.lower_ for t in self.doc[a:b]}
            category = next(
                str(c.value) for c in self.rules.categories if words_found & c.words or not c.words
            )
            item = {"investigation": key, "category": category}
            self.add("findings", item, lo, hi, [*why, f"category {category}"])

    def investigation(self, sent: Span, cue_start: int) -> tuple[str, str] | None:
        """The investigation a finding's verb is said of: the words before it ("The
        independent OSCE investigation concluded"), a known one if as named, else a new one."""
        i = cue_start - 1
        while i >= sent.start and self.doc[i].lower_ in ("which", "that", "who", "has", "have"):
            i -= 1
        end = i + 1
        while (
            i >= sent.start
            and self.doc[i].is_alpha
            and self.doc[i].lower_ not in ("the", "a", "an", "and", "that", "of")
        ):
            i -= 1
        if end - (i + 1) < 1:
            return None
        words = self.doc[i + 1 : end].text
        known = {d.key: d.label for d in self.reader.investigations}
        near = nearest(words, known, limit=1, cutoff=90)
        if near:
            return near[0], words
        key = slug(words)
        self.draft.investigations.setdefault(
            key, {"key": key, "name": words[0].upper() + words[1:]}
        )
        self.draft.why.setdefault(key, [f"findings name it: “{words}”"])
        return key, words

    def event(self, cue: Cue, span: Span, trigger: str) -> None:
        sent = span.sent
        end = span.end
        while (
            end < sent.end
            and self.doc[end].text not in (",", ".", ";")
            and self.doc[end].lower_
            not in ("at", "in", "on", "with", "by", "to", "against", "for", "which")
        ):
            end += 1
        what = self.words(*self.chars(span.end, end)) if end > span.end else ""
        name = f"Invocation of {what}" if what else f"{cue.event}".replace("_", " ").capitalize()
        item: dict[str, Any] = {"type": cue.event, "name": name}
        why = [trigger]
        self.dated(item, self.date_for(sent, span.start, False), why)
        lo, hi = self.sentence_chars(sent)
        self.add("events", item, lo, hi, why)

    # --- speakers' passages -------------------------------------------------------------

    def find_passages(self) -> None:
        """`X said:` then the words in quote marks, or the paragraphs that follow until one
        opens with an actor (the release's own voice again); and “…,” said X."""
        for token in self.doc:
            if token.lower_ not in self.rules.speech:
                continue
            nxt = self.doc[token.i + 1] if token.i + 1 < len(self.doc) else None
            if nxt is not None and nxt.text == ":":
                speaker = self.subject(token.sent, token.i)
                if speaker is None or speaker.actor.pronoun:
                    continue
                trigger = f"speech: “{self.doc[speaker.start : nxt.i + 1].text}”"
                after = self.doc[nxt.i + 1] if nxt.i + 1 < len(self.doc) else None
                if after is not None and after.text in QUOTE_MARKS:
                    close = self.text.find(QUOTE_MARKS[after.text], after.idx + 1)
                    if close != -1:
                        self.passage(after.idx + 1, close, speaker, trigger)
                elif after is not None and "\n" in nxt.whitespace_ + after.text:
                    start = nxt.idx + 1
                    while start < len(self.text) and self.text[start].isspace():
                        start += 1
                    self.paragraphs(start, speaker, trigger)
            else:
                self.quoted_before(token)

    def quoted_before(self, verb: Any) -> None:
        """“…,” said X (or “…,” X said): the passage in the marks before the verb."""
        before = self.doc[verb.i - 1] if verb.i > 0 else None
        speaker = None
        if before is not None and before.text in ("”", '"'):
            speaker = next((m for m in self.mentions if m.start == verb.i + 1), None)
            close = before
        elif verb.i in self.ending_at:
            speaker = self.ending_at[verb.i]
            close = self.doc[speaker.start - 1] if speaker.start > 0 else None
            if close is None or close.text not in ("”", '"'):
                return
        else:
            return
        if speaker is None or speaker.actor.pronoun:
            return
        opening = "“" if close.text == "”" else '"'
        start = self.text.rfind(opening, 0, close.idx)
        if start == -1 or "\n" in self.text[start : close.idx]:
            return
        trigger = f"speech: “{verb.text}” with {speaker.actor.words}"
        end = close.idx
        while end > start and self.text[end - 1] in ",. ":
            end -= 1
        self.passage(start + 1, end, speaker, trigger)

    def paragraphs(self, start: int, speaker: Mention, trigger: str) -> None:
        """The paragraphs from `start` on that are the speaker's: until an empty one, one that
        opens with an actor, or the third."""
        count = 0
        while start < len(self.text) and count < 3:
            end = self.text.find("\n", start)
            end = len(self.text) if end == -1 else end
            line = self.text[start:end].strip()
            if not line:
                break
            first = self.doc.char_span(start, end, alignment_mode="expand")
            opening = [t for t in first if not t.is_space][:2] if first is not None else []
            names = [m for m in self.mentions if opening and m.start in {t.i for t in opening}]
            if names and not names[0].actor.pronoun:
                break
            self.passage(start, end, speaker, trigger)
            count += 1
            start = end + 1

    def passage(self, start: int, end: int, speaker: Mention, trigger: str) -> None:
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        if start >= end:
            return
        actor = speaker.actor
        self.note(actor)
        passage = Passage(start, end, speaker, trigger)
        self.passages.append(passage)
        span = self.doc.char_span(start, end, alignment_mode="expand")
        code = "010"
        if span is not None:
            demands = [
                self.refined(cue.cameo or "100", self.doc[s].sent.start, self.doc[s].sent.end)
                for match, s, _ in self.reader.cues(self.doc)
                if span.start <= s < span.end
                and (cue := self.rules.cues[int(self.reader.nlp.vocab.strings[match])]).kind
                == "demand"
            ]
            code = demands[0] if demands else self.tone(span.start, span.end, "010")
        item = self.statement_item(actor, None, code)
        item["type"] = "quote"
        why = [trigger, f"speaker: “{actor.words}” is {actor.key}", f"cameo {code}"]
        passage.statement = self.add("statements", item, start, end, why)
