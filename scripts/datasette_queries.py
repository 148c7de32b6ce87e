"""The canned queries `dossier serve` offers over the whole corpus: facts by state, by actor, by
date range, by CAMEO family and by word, each with its parameters, and the Sources page.

The six per-fact views are read in one shape (FACT_COLUMNS): one SELECT per view
(FactView.select), and each query puts them together with a condition of its own. The columns
a condition reads come from the catalog (models.view_catalog): a view's state columns are the
`<actor>_iso3` columns of its actor columns. Searching by word goes through each fact table's
FTS5 table (models.search), the words read as `dossier search` reads them (models.search.parse,
through the SQL function fts5_words that the plugin of scripts/datasette_site registers): every
word must appear, "a phrase in double quotes" word after word, journalist* any word so begun;
nothing the user types is read as FTS5 syntax, and words it refuses find nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from models.search import SEARCHED, SearchError, fts5_query, fts_table, parse, sqlite_snippet
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
class FactView:
    """A per-fact view as a fact query reads it: SQL expressions over its columns (alias v)."""

    view: str
    table: str  # its fact table: the view's id is the table's id, searched in <table>_fts
    id_column: str
    occurred_on: str
    date_precision: str
    actors: tuple[str, ...]  # its actor columns, the one who acted first
    about: str
    what: str
    cameo_code: str = "NULL"

    @property
    def kind(self) -> str:
        return SEARCHED[self.table][0]

    @property
    def state_columns(self) -> tuple[str, ...]:
        """The ISO 3166-1 alpha-3 columns of its actors, as the catalog names them."""
        columns = view_doc(self.view).column_names
        return tuple(f"{a}_iso3" for a in self.actors if f"{a}_iso3" in columns)

    def select(self) -> str:
        values = (
            f"'{self.kind}'",
            f"v.{self.id_column}",
            self.occurred_on,
            self.date_precision,
            f"v.{self.actors[0]}",
            self.about,
            self.what,
            self.cameo_code,
            "v.document_slug",
            "v.quote",
        )
        named = [f"{value} AS {name}" for value, name in zip(values, FACT_COLUMNS, strict=True)]
        # Three lines: the fact and its date; who, whom and what; the code and the evidence.
        return ",\n  ".join(", ".join(part) for part in (named[:4], named[4:7], named[7:]))


FACT_VIEWS = (
    FactView(
        "v_statements",
        "statements",
        "statement_id",
        "v.stated_on",
        "v.date_precision",
        actors=("speaker", "on_behalf_of", "target"),
        about="v.target",
        what="v.text",
        cameo_code="v.cameo_code",
    ),
    FactView(
        "v_demands",
        "demands",
        "demand_id",
        "v.stated_on",
        "v.date_precision",
        actors=("demanded_by", "addressee"),
        about="v.addressee",
        what="v.demand",
        cameo_code="v.cameo_code",
    ),
    FactView(
        "v_sanctions",
        "sanctions",
        "sanction_id",
        "v.imposed_on",
        "v.date_precision",
        actors=("imposed_by", "target"),
        about="v.target",
        what="COALESCE(v.measures, 'sanctions') || COALESCE(' under the ' || v.regime, '')",
    ),
    FactView(
        "v_findings",
        "findings",
        "finding_id",
        "NULL",  # a finding is dated by its investigation's report, not in v_findings
        "NULL",
        actors=("investigated_by", "mandated_by", "subject"),
        about="v.subject",
        what="v.finding",
    ),
    FactView(
        "v_event_participants",
        "event_participants",
        "participation_id",
        "v.occurred_on",
        "v.date_precision",
        actors=("participant",),
        about="v.event",
        what="v.role",
    ),
    FactView(
        "v_relations",
        "actor_relations",
        "relation_id",
        "v.started_on",
        "v.started_precision",
        actors=("subject", "object"),
        about="v.object",
        what="v.relation || COALESCE(': ' || v.role, '')",
    ),
)


def _columns(names: tuple[str, ...]) -> str:
    return ", ".join(f"v.{name}" for name in names)


def _facts(with_: str, where: Callable[[FactView], str], views: tuple[FactView, ...]) -> str:
    arms = [f"SELECT {fv.select()}\nFROM {fv.view} AS v\nWHERE {where(fv)}" for fv in views]
    return f"WITH {with_}\n" + "\nUNION ALL\n".join(arms) + f"\nORDER BY {FACT_ORDER}"


def by_state_sql() -> str:
    matched = (
        "state AS (\n"
        "  SELECT iso3 FROM v_actors\n"
        "  WHERE kind = 'state' AND trim(:state) <> ''\n"
        "    AND (iso3 = upper(trim(:state))\n"
        "      OR '; ' || COALESCE(names, '') || '; ' || COALESCE(aliases, '') || '; '\n"
        "         LIKE '%; ' || trim(:state) || '; %')\n"
        ")"
    )
    return _facts(
        matched,
        lambda fv: f"EXISTS (SELECT 1 FROM state WHERE iso3 IN ({_columns(fv.state_columns)}))",
        FACT_VIEWS,
    )


def by_actor_sql() -> str:
    matched = (
        "matched AS (\n"
        "  SELECT actor FROM v_actors\n"
        "  WHERE trim(:actor) <> ''\n"
        "    AND (actor_key = lower(trim(:actor))\n"
        "      OR actor LIKE '%' || trim(:actor) || '%'\n"
        "      OR names LIKE '%' || trim(:actor) || '%'\n"
        "      OR aliases LIKE '%' || trim(:actor) || '%')\n"
        ")"
    )
    return _facts(
        matched,
        lambda fv: f"EXISTS (SELECT 1 FROM matched WHERE actor IN ({_columns(fv.actors)}))",
        FACT_VIEWS,
    )


def by_cameo_family_sql() -> str:
    family = "family AS (SELECT code FROM cameo_codes WHERE family = printf('%02d', :family))"
    return _facts(
        family,
        lambda fv: f"{fv.cameo_code} IN (SELECT code FROM family)",
        tuple(fv for fv in FACT_VIEWS if fv.cameo_code != "NULL"),
    )


def by_word_sql() -> str:
    """Each fact table's FTS5 matches, joined to its view by id, best first (FTS5's bm25 rank
    of each table, as `dossier search` merges them)."""
    arms = []
    for fv in FACT_VIEWS:
        fts = fts_table(fv.table)
        arms.append(
            f"SELECT {fv.select()}, {sqlite_snippet(fv.table)} AS words, {fts}.rank AS rank\n"
            f"FROM {fts} JOIN {fv.view} AS v ON v.{fv.id_column} = {fts}.rowid\n"
            f"WHERE {fts} MATCH {FTS_FUNCTION}(:words)"
        )
    columns = ", ".join((*FACT_COLUMNS, "words"))
    return (
        f"SELECT {columns}\nFROM (\n"
        + "\nUNION ALL\n".join(arms)
        + f"\n)\nORDER BY rank, {FACT_ORDER}"
    )


# From the first day of from_date (2020 is 2020-01-01): a bare year compared with a DATE
# column is taken for the number 2020, below every date, and found every fact before it too.
BY_DATE_SQL = (
    "SELECT occurred_on, date_precision, kind, summary, document_slug, quote\n"
    "FROM v_timeline\n"
    "WHERE occurred_on >= substr(trim(:from_date) || '-01-01', 1, 10)\n"
    "  AND substr(occurred_on, 1, length(trim(:to_date))) <= trim(:to_date)\n"
    "ORDER BY sort_key"
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
                " it belongs to are not searched here; v_state_activity counts them."
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
            ),
            "params": ["actor"],
            "sql": by_actor_sql(),
            "hide_sql": True,
        },
        "by_date": {
            "title": "What happened between two dates, in order?",
            "description": (
                "Every dated fact of v_timeline from from_date to to_date, both included. A"
                " date is 2020, 2020-09 or 2020-09-29; leave one empty for no bound. A fact"
                " known only to the month or the year counts on its first day."
            ),
            "params": ["from_date", "to_date"],
            "sql": BY_DATE_SQL,
        },
        "by_cameo_family": {
            "title": "Which statements and demands fall in a CAMEO family?",
            "description_html": (
                "The statements and demands whose CAMEO code falls under a root of the CAMEO"
                " 1.1b3 codebook. family: the root's two digits, e.g. 10 (Demand), 02 (Appeal),"
                f' 11 (Disapprove); <a href="{roots}">the 20 roots</a>.'
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
                " words. Common words alone (the, of), OR, AND, NOT find nothing."
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
