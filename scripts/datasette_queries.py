"""The canned queries `dossier serve` offers over the whole corpus: facts by state, by actor, by
date range, by CAMEO family and by word, each with its parameters, and the Sources page.

The fact queries return one shape (FACT_COLUMNS) with the values the per-fact views show, at
most ROWS rows (as many as Datasette shows), and answer within Datasette's time limit (1 s) at
a million facts (docs/performance.md), because each starts from indexes:

1. The parameter becomes ids: the state's actors (actors.state_id, the state each `*_iso3`
   column of the views shows), the actors matching a name, the codes of a CAMEO family, the
   words' matches in each fact table's FTS5 table (models.search).
2. The facts naming those ids, found through the fact tables' indexes on their actor and code
   columns, are put in order on their ids and dates alone (by FTS5's rank for words), and the
   first ROWS kept.
3. Only those are described (FactView), from their fact tables by id, with the views' values.
   Not from the views: v_statements, v_demands and v_findings are UNION ALL views whose arms
   differ in a column's affinity (CAST(NULL AS TEXT) in one, COALESCE(…) in another), so
   SQLite (3.40) neither flattens them into a query nor pushes a condition with a subquery
   (`statement_id IN (SELECT …)`) into their arms: it reads the view whole, 250,000 rows of
   v_statements at a million facts, to keep a thousand. tests/test_serve.py checks every row
   against its view.

by_date reads v_timeline's rows from their tables the same way (Dated; compared with the view
in tests/test_serve.py), each in the order of its index on the date, up to ROWS.

Searching by word reads the words as `dossier search` reads them (models.search.parse, through
the SQL function fts5_words that the plugin of scripts/datasette_site registers): every word
must appear, "a phrase in double quotes" word after word, journalist* any word so begun;
nothing the user types is read as FTS5 syntax, and words it refuses find nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from models.search import SEARCHED, SearchError, fts5_query, fts_table, parse, sqlite_snippet
from models.search import actor_label as label
from models.view_catalog import view_doc

# The shape every fact query returns, whatever view a row comes from.
FACT_COLUMNS = (
    "kind",  # 'statement', 'demand', 'sanction', 'finding', 'participation', 'relation'
    "fact_id",  # the id in its view (v_statements.statement_id, …)
    "occurred_on",
    "date_precision",
    "actor",  # who acted: the speaker, the demander, the imposing authority, …
    "about",  # whom or what it is about: the target, the addressee, the event, …
    "what",  # what was said, demanded, found, imposed, or the part taken
    "cameo_code",
    "document_slug",
    "quote",
)
FACT_ORDER = "occurred_on NULLS LAST, kind, fact_id"
# The most rows a fact query returns: as many as Datasette shows (its max_returned_rows).
ROWS = 1000
# The SQL function that turns a reader's words into an FTS5 query (registered by the plugin).
FTS_FUNCTION = "fts5_words"
NOTHING = '""'  # an FTS5 query that matches no row


def fts5_words(words: str | None) -> str:
    """The FTS5 query `dossier search` makes of `words`; one that finds nothing for words it
    refuses (common words alone, an operator, an unclosed quote): a canned query has no other
    way to answer."""
    try:
        return fts5_query(parse(words or ""))
    except SearchError:
        return NOTHING


@dataclass(frozen=True)
class Actor:
    """An actor column of a per-fact view, and where the fact table holds the actor's id: in
    a column of its own, or (`through`) in a column of the row that column points at."""

    column: str  # the view's: speaker
    id_column: str  # the fact table's: speaker_id
    through: str | None = None  # "investigations.conducted_by_id": id_column is its row's id

    def id(self) -> str:
        """SQL: the actor's id, over the fact table (alias t)."""
        if self.through is None:
            return f"t.{self.id_column}"
        table, column = self.through.split(".")
        return f"(SELECT x.{column} FROM {table} AS x WHERE x.id = t.{self.id_column})"

    def facts(self, table: str, actors: str) -> str:
        """SQL: the ids of the facts of `table` naming here one of the actors whose ids the
        table `actors` holds, read from the indexes on the actor's column."""
        if self.through is None:
            return f"SELECT id FROM {table} WHERE {self.id_column} IN {actors}"
        through, column = self.through.split(".")
        return (
            f"SELECT id FROM {table} WHERE {self.id_column} IN "
            f"(SELECT id FROM {through} WHERE {column} IN {actors})"
        )


@dataclass(frozen=True)
class FactView:
    """A per-fact view as a fact query reads it: the values it shows, as SQL over its fact
    table (alias t), whose id is the view's id."""

    view: str
    table: str  # its fact table, searched in <table>_fts
    id_column: str  # the view's id column
    occurred_on: str
    date_precision: str
    actors: tuple[Actor, ...]  # its actor columns, the one who acted first
    about: str
    what: str
    cameo_code: str = "NULL"

    @property
    def kind(self) -> str:
        return SEARCHED[self.table][0]

    @property
    def state_actors(self) -> tuple[Actor, ...]:
        """The actors it has a state column for (`<actor>_iso3`, as the catalog names them)."""
        columns = view_doc(self.view).column_names
        return tuple(a for a in self.actors if f"{a.column}_iso3" in columns)

    def naming(self, actors: str, among: tuple[Actor, ...]) -> str:
        """SQL: the ids of its facts naming, as one of `among`, an actor of the table
        `actors` (a fact naming two of them once). A UNION of one look-up per column, not an
        OR of them: with ANALYZE's statistics of a million facts SQLite read statements and
        sanctions whole for the OR (by_state BLR: 185 ms against 76 ms)."""
        return "\n  UNION ".join(a.facts(self.table, actors) for a in among)

    def select(self) -> str:
        values = (
            f"'{self.kind}'",
            "t.id",
            self.occurred_on,
            self.date_precision,
            label(self.actors[0].id()),
            self.about,
            self.what,
            self.cameo_code,
            _SLUG,
            "t.quote",
        )
        return ",\n  ".join(f"{v} AS {n}" for v, n in zip(values, FACT_COLUMNS, strict=True))


_SLUG = "(SELECT d.slug FROM documents AS d WHERE d.id = t.document_id)"


def _event(column: str) -> str:
    return f"(SELECT e.{column} FROM events AS e WHERE e.id = t.event_id)"


FACT_VIEWS = (
    FactView(
        "v_statements",
        "statements",
        "statement_id",
        "t.stated_on",
        "t.date_precision",
        actors=(
            Actor("speaker", "speaker_id"),
            Actor("on_behalf_of", "on_behalf_of_id"),
            Actor("target", "target_id"),
        ),
        about=label("t.target_id"),
        what="t.text",
        cameo_code="t.cameo_code",
    ),
    FactView(
        "v_demands",
        "demands",
        "demand_id",
        "t.stated_on",
        "t.date_precision",
        actors=(Actor("demanded_by", "demanded_by_id"), Actor("addressee", "addressee_id")),
        about=label("t.addressee_id"),
        what="t.text",
        cameo_code="t.cameo_code",
    ),
    FactView(
        "v_sanctions",
        "sanctions",
        "sanction_id",
        "t.imposed_on",
        "t.date_precision",
        actors=(Actor("imposed_by", "authority_id"), Actor("target", "target_id")),
        about=label("t.target_id"),
        what=(
            "COALESCE(t.measures, 'sanctions') || COALESCE(' under the ' || "
            "(SELECT r.name FROM sanction_regimes AS r WHERE r.id = t.regime_id), '')"
        ),
    ),
    FactView(
        "v_findings",
        "findings",
        "finding_id",
        "NULL",  # a finding is dated by its investigation's report, not in v_findings
        "NULL",
        actors=(
            Actor("investigated_by", "investigation_id", "investigations.conducted_by_id"),
            Actor("mandated_by", "investigation_id", "investigations.mandated_by_id"),
            Actor("subject", "subject_id"),
        ),
        about=label("t.subject_id"),
        what="t.text",
    ),
    FactView(
        "v_event_participants",
        "event_participants",
        "participation_id",
        _event("occurred_on"),
        _event("date_precision"),
        actors=(Actor("participant", "actor_id"),),
        about=_event("name"),
        what="t.role",
    ),
    FactView(
        "v_relations",
        "actor_relations",
        "relation_id",
        "t.started_on",
        "t.started_precision",
        actors=(Actor("subject", "subject_id"), Actor("object", "object_id")),
        about=label("t.object_id"),
        what="t.relation || COALESCE(': ' || t.role, '')",
    ),
)


def _first_facts(with_: str, found: Callable[[FactView], str], views: tuple[FactView, ...]) -> str:
    """The first ROWS facts in FACT_ORDER of those whose ids `found` gives for each view (a
    SELECT through indexes): chosen on their ids and dates alone, then only they described."""
    dated = "\nUNION ALL\n".join(
        f"SELECT '{fv.kind}' AS kind, t.id AS id, {fv.occurred_on} AS occurred_on\n"
        f"FROM {fv.table} AS t\nWHERE t.id IN (\n  {found(fv)})"
        for fv in views
    )
    described = "\nUNION ALL\n".join(
        f"SELECT {fv.select()}\nFROM {fv.table} AS t\n"
        f"WHERE t.id IN (SELECT id FROM first WHERE kind = '{fv.kind}')"
        for fv in views
    )
    return (
        f"WITH {with_},\nfirst AS (\nSELECT kind, id FROM (\n{dated}\n)\n"
        f"ORDER BY occurred_on NULLS LAST, kind, id LIMIT {ROWS}\n)\n"
        f"{described}\nORDER BY {FACT_ORDER}"
    )


def by_state_sql() -> str:
    """The facts naming the state, an organ or an official of it: an actor whose state_id,
    the state its view's `*_iso3` column shows, is the state's."""
    matched = (
        "state AS (\n"
        "  SELECT actor_id FROM v_actors\n"
        "  WHERE kind = 'state' AND iso3 IS NOT NULL AND trim(:state) <> ''\n"
        "    AND (iso3 = upper(trim(:state))\n"
        "      OR '; ' || COALESCE(names, '') || '; ' || COALESCE(aliases, '') || '; '\n"
        "         LIKE '%; ' || trim(:state) || '; %')\n"
        "),\n"
        "of_state AS (SELECT id FROM actors WHERE state_id IN state)"
    )
    return _first_facts(matched, lambda fv: fv.naming("of_state", fv.state_actors), FACT_VIEWS)


def by_actor_sql() -> str:
    """The facts naming an actor whose key is the words, or whose name (else description),
    or one of whose names or aliases, holds them: that actor, by id (another actor of the
    same name is another actor)."""
    matched = (
        "matched AS (\n"
        "  SELECT id FROM actors\n"
        "  WHERE trim(:actor) <> ''\n"
        "    AND (key = lower(trim(:actor))\n"
        "      OR COALESCE(name, description) LIKE '%' || trim(:actor) || '%'\n"
        "      OR id IN (SELECT actor_id FROM actor_names\n"
        "                WHERE name LIKE '%' || trim(:actor) || '%'))\n"
        ")"
    )
    return _first_facts(matched, lambda fv: fv.naming("matched", fv.actors), FACT_VIEWS)


def by_cameo_family_sql() -> str:
    family = "family AS (SELECT code FROM cameo_codes WHERE family = printf('%02d', :family))"
    return _first_facts(
        family,
        lambda fv: f"SELECT id FROM {fv.table} WHERE cameo_code IN family",
        tuple(fv for fv in FACT_VIEWS if fv.cameo_code != "NULL"),
    )


def by_word_sql() -> str:
    """The best ROWS matches of the fact tables' FTS5 tables by their bm25 rank, as `dossier
    search` finds them: ranked on ids alone, then only they described, with the words around
    the match; in search's order (rank, kind, id)."""
    ranked, described = [], []
    for fv in FACT_VIEWS:
        fts = fts_table(fv.table)
        ranked.append(
            f"SELECT * FROM (SELECT '{fv.kind}' AS kind, rowid AS id, rank FROM {fts}\n"
            f"  WHERE {fts} MATCH {FTS_FUNCTION}(:words) ORDER BY rank, rowid LIMIT {ROWS})"
        )
        # Every match read once, the best kept: `+` keeps SQLite from handing FTS5 the ids,
        # which would run the query again for each (journalist*: 0.7 s at a million facts).
        described.append(
            f"SELECT {fv.select()},\n  {sqlite_snippet(fv.table)} AS words, {fts}.rank AS rank\n"
            f"FROM {fts} JOIN {fv.table} AS t ON t.id = {fts}.rowid\n"
            f"WHERE {fts} MATCH {FTS_FUNCTION}(:words)\n"
            f"  AND +{fts}.rowid IN (SELECT id FROM best WHERE kind = '{fv.kind}')"
        )
    columns = ", ".join((*FACT_COLUMNS, "words"))
    best = "\nUNION ALL\n".join(ranked)
    return (
        f"WITH best AS (\nSELECT kind, id FROM (\n{best}\n)\n"
        f"ORDER BY rank, kind, id LIMIT {ROWS}\n)\n"
        f"SELECT {columns}\nFROM (\n"
        + "\nUNION ALL\n".join(described)
        + "\n)\nORDER BY rank, kind, fact_id"
    )


@dataclass(frozen=True)
class Dated:
    """An arm of v_timeline, read from its table (alias t) with the values the view shows:
    by_date walks each table's index on the date in order and stops at ROWS, where the view
    (a UNION ALL over v_statements and v_demands) is computed and sorted whole for its
    sort_key, every row in the dates (0.8 s for a year at a million facts, 4 s from 2020 on)."""

    kind: str
    kind_rank: int  # the view's order of kinds on one day
    table: str
    occurred_on: str  # a column with an index
    date_precision: str
    summary: str
    document_slug: str
    quote: str = "t.quote"
    shown: str | None = None  # the condition for a row to be in v_timeline, if any


def _acted(table: str, also: str = "") -> str:
    """v_timeline shows a fact of `table` when an act (a) stands for it (and `also` holds)."""
    return f"EXISTS (SELECT 1 FROM acts AS a WHERE a.fact_id = t.id AND a.kind = '{table}'{also})"


TIMELINE = (
    Dated("event", 1, "events", "t.occurred_on", "t.date_precision", "t.name", _SLUG),
    Dated(
        "document",
        2,
        "documents",
        "t.published_on",
        "'day'",
        "'Published: ' || t.title || ' (' || t.publisher || ')'",
        "t.slug",
        quote="NULL",
    ),
    Dated(
        "sanction",
        3,
        "sanctions",
        "t.imposed_on",
        "t.date_precision",
        f"{label('t.authority_id')} || ' sanctioned ' || {label('t.target_id')}"
        " || COALESCE(' (' || (SELECT r.name FROM sanction_regimes AS r WHERE r.id = t.regime_id)"
        " || ')', '')",
        _SLUG,
        # a group sanction (an act with parts) shows as its parts
        shown=_acted(
            "sanctions", " AND NOT EXISTS (SELECT 1 FROM acts AS part WHERE part.part_of_id = a.id)"
        ),
    ),
    Dated(
        "statement",
        4,
        "statements",
        "t.stated_on",
        "t.date_precision",
        f"{label('t.speaker_id')} || COALESCE(' (' || t.speaker_role || ')', '') || ': ' || t.text",
        _SLUG,
        shown=_acted("statements"),
    ),
    Dated(
        "demand",
        5,
        "demands",
        "t.stated_on",
        "t.date_precision",
        f"{label('t.demanded_by_id')} || CASE substr(t.cameo_code, 1, 2)"
        f" WHEN '02' THEN ' appealed' || COALESCE(' to ' || {label('t.addressee_id')}, '')"
        f" ELSE ' demanded' || COALESCE(' of ' || {label('t.addressee_id')}, '') END"
        " || ': ' || t.text",
        _SLUG,
        shown=_acted("demands"),
    ),
)
# v_timeline's sort_key, as columns: the date, then year before month before day, then the
# kind, then the id (the key is their text, the date of fixed length, the id zero-padded).
PRECISION_RANK = "CASE {} WHEN 'year' THEN 1 WHEN 'month' THEN 2 ELSE 3 END"
TIMELINE_COLUMNS = ("occurred_on", "date_precision", "kind", "summary", "document_slug", "quote")
TIMELINE_ORDER = "occurred_on, precision_rank, kind_rank, fact_id"


def by_date_sql() -> str:
    """The first ROWS rows of v_timeline from :from_date to :to_date, in its order. Each arm
    takes the first ROWS of its table in order of the date's index, whose range the dates
    bound: from the first day of from_date (2020 is 2020-01-01: a bare year compared with a
    DATE column would be taken for the number 2020, below every date, and find every fact
    before it too), to anything beginning with to_date (before its text followed by '~',
    which sorts after every digit and '-')."""
    arms = []
    for arm in TIMELINE:
        columns = (
            arm.occurred_on,
            arm.date_precision,
            f"'{arm.kind}'",
            arm.summary,
            arm.document_slug,
            arm.quote,
        )
        named = ",\n    ".join(
            f"{c} AS {n}" for c, n in zip(columns, TIMELINE_COLUMNS, strict=True)
        )
        shown = f"\n    AND {arm.shown}" if arm.shown else ""
        arms.append(
            f"SELECT * FROM (\n  SELECT {named},\n"
            f"    {PRECISION_RANK.format(arm.date_precision)} AS precision_rank,"
            f" {arm.kind_rank} AS kind_rank, t.id AS fact_id\n"
            f"  FROM {arm.table} AS t\n"
            f"  WHERE {arm.occurred_on} >= substr(trim(:from_date) || '-01-01', 1, 10)\n"
            f"    AND {arm.occurred_on} <= trim(:to_date) || '~'{shown}\n"
            f"  ORDER BY {arm.occurred_on}, precision_rank, t.id LIMIT {ROWS}\n)"
        )
    return (
        f"SELECT {', '.join(TIMELINE_COLUMNS)}\nFROM (\n"
        + "\nUNION ALL\n".join(arms)
        + f"\n)\nORDER BY {TIMELINE_ORDER} LIMIT {ROWS}"
    )


def sources_sql(licence_urls: Mapping[str, str]) -> str:
    """Every document with its publisher, date, licence (and where the licence is published),
    address, and how many sources it cites (an analyst note has no address of its own)."""
    whens = "".join(
        f"\n    WHEN {_literal(name)} THEN {_literal(url)}" for name, url in licence_urls.items()
    )
    return (
        "SELECT d.title, d.publisher, d.published_on, d.licence,\n"
        f"  CASE d.licence{whens}\n  END AS licence_url,\n"
        "  d.url,\n"
        "  (SELECT count(*) FROM document_sources AS s WHERE s.document_id = d.id)"
        " AS sources_cited,\n"
        "  d.document_type, d.slug, d.id AS document_id\n"
        "FROM documents AS d\n"
        "ORDER BY d.published_on, d.slug"
    )


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


SOURCES = "sources"
FACT_KINDS_TEXT = "statements, demands, sanctions, findings, event participations and relations"
FIRST = f"The first {ROWS:,} by date (undated last), as many as a page shows"
EVERY = "; `dossier query` and `dossier export` have no such limit."


def corpus_queries(database: str, licence_urls: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """Datasette's canned queries over many documents, by name (the page /DATABASE/NAME)."""
    roots = f"/{database}/cameo_codes?code__glob=%3F%3F"
    return {
        "by_state": {
            "title": "What did a state do, and what was done to it?",
            "description": (
                f"The {FACT_KINDS_TEXT} that name a state, one of its organs (its government,"
                " ministries, security forces) or one of its officials. state: an ISO 3166-1"
                " alpha-3 code (BLR) or a name or alias of the state (Belarus). Groups of states"
                " it belongs to are not searched here; v_state_activity counts them. "
                f"{FIRST}: every one is in the views, whose *_iso3 columns filter by state"
                f" (v_statements?speaker_iso3=BLR){EVERY}"
            ),
            "params": ["state"],
            "sql": by_state_sql(),
            "hide_sql": True,
        },
        "by_actor": {
            "title": "What did an actor do, and what was done to it?",
            "description": (
                f"The {FACT_KINDS_TEXT} that name an actor. actor: part of a name, alias or"
                " description (Lukashenk finds Alexander and Viktor Lukashenko, under any"
                " spelling the documents give), or an actor's key (alexander-lukashenko)."
                f" {FIRST}: every one is in the views, whose actor columns filter by name"
                f" (v_sanctions?target=Alexander Lukashenko){EVERY}"
            ),
            "params": ["actor"],
            "sql": by_actor_sql(),
            "hide_sql": True,
        },
        "by_date": {
            "title": "What happened between two dates, in order?",
            "description": (
                "The dated facts of v_timeline from from_date to to_date, both included, in"
                " its order. A date is 2020, 2020-09 or 2020-09-29; leave one empty for no"
                " bound. A fact known only to the month or the year counts on its first day."
                f" The first {ROWS:,}, as many as a page shows: for the next, start from_date"
                " at the last date shown (its day's rows come again); `dossier export` writes"
                " v_timeline whole."
            ),
            "params": ["from_date", "to_date"],
            "sql": by_date_sql(),
            "hide_sql": True,
        },
        "by_cameo_family": {
            "title": "Which statements and demands fall in a CAMEO family?",
            "description_html": (
                "The statements and demands whose CAMEO code falls under a root of the CAMEO"
                " 1.1b3 codebook. family: the root's two digits, e.g. 10 (Demand), 02 (Appeal),"
                f' 11 (Disapprove); <a href="{roots}">the 20 roots</a>. {FIRST}: every one is'
                " in v_statements and v_demands, whose cameo_code filters by family"
                f" (v_demands?cameo_code__startswith=10){EVERY}"
            ),
            "params": ["family"],
            "sql": by_cameo_family_sql(),
            "hide_sql": True,
        },
        "by_word": {
            "title": "Which facts contain these words?",
            "description": (
                f"The {FACT_KINDS_TEXT} whose quote (or text) contains every one of the words,"
                ' best match first, as `dossier search` finds them: "words in double quotes"'
                " one after another, journalist* any word so begun; English words are stemmed"
                " (torture finds tortured). The words found are in [brackets] in the column"
                " words. Common words alone (the, of), OR, AND, NOT find nothing. The best"
                f" {ROWS:,}, as many as a page shows; `dossier search --limit N` gives up to"
                " 10,000."
            ),
            "params": ["words"],
            "sql": by_word_sql(),
            "hide_sql": True,
        },
        SOURCES: {
            "title": "Sources: every document, its publisher, date, licence and address",
            "description_html": (
                "Each loaded document, oldest first: every fact in the views points at the"
                " exact words of one of these (document_slug is the slug here). An analyst"
                " note has no address of its own: the sources it cites are in"
                f' <a href="/{database}/document_sources">document_sources</a>'
                " (its document_id), and v_evidence.sources names those each fact rests on."
            ),
            "sql": sources_sql(licence_urls),
            "hide_sql": True,
        },
    }
