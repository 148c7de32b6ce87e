"""Full-text search on both engines: the one place where SQLite and PostgreSQL differ.

What is searched (SEARCHED): each fact table's quote, and its text where it has one, and each
document's title and text. Each table is indexed on its own, so that a search of one kind
reads one index, and Datasette finds each table's index by its name.

- SQLite: an FTS5 table `<table>_fts` per table (tokenizer `porter unicode61`: words folded
  to lower case without diacritics, then stemmed), external content (`content="<table>"`,
  its rowid the row's id), so it stores the index and no second copy of the words. The
  loader indexes the rows it inserts, one statement per table per batch (`sqlite_index_new`);
  two triggers per table keep the index current through every DELETE (unload, reload, and
  the ON DELETE CASCADE of a document) and UPDATE of the indexed columns. Datasette
  detects `content="<table>"` and shows a search box on the table. A migration that
  rebuilds such a table (alembic's batch mode) drops its triggers with it: it must create
  them again (`sqlite_create`, without the FTS table).
- PostgreSQL: a table `<table>_fts` per table too, (id, vector): each row's
  `to_tsvector('english', quote || ' ' || text)`, with a GIN index on the vector. Two
  statement-level triggers keep it current: after an INSERT (the load's COPY) and after an
  UPDATE, the rows the statement wrote are indexed in one INSERT … ON CONFLICT; its id
  references the row, ON DELETE CASCADE. Not an expression index: ranking reads each match's
  vector, and computing it again from the text made a search at a million facts take 2 s.
  Not a stored column of the table: a match's vector is then read from the wide row's page,
  where this narrow table holds ten times as many vectors a page (docs/performance.md).

The user's words become each engine's query in one function (`parse`): words, "phrases in
double quotes" and prefixes (journalist*), all of which must appear; no operators. Words are
runs of letters and digits; anything else separates them, so no FTS or tsquery syntax the
user types reaches either engine, and the query travels as a bound parameter.

Migration 0021 calls `sqlite_create`, `sqlite_drop`, `postgresql_create` and
`postgresql_drop` with its own list of tables and columns: they change only in ways that keep
what it does (as models/view_files.py).
This module imports sqlalchemy only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, text

# table: (kind, the columns searched). The kind is what `dossier search --kind` names.
SEARCHED: dict[str, tuple[str, tuple[str, ...]]] = {
    "statements": ("statement", ("quote", "text")),
    "findings": ("finding", ("quote", "text")),
    "sanctions": ("sanction", ("quote",)),
    "demands": ("demand", ("quote", "text")),
    "event_participants": ("participation", ("quote",)),
    "actor_relations": ("relation", ("quote",)),
    "documents": ("document", ("title", "body_text")),
}
KINDS = tuple(kind for kind, _ in SEARCHED.values())
FACT_KINDS = tuple(kind for kind in KINDS if kind != "document")
TABLE_OF_KIND = {kind: table for table, (kind, _) in SEARCHED.items()}

SQLITE_TOKENIZER = "porter unicode61"
PG_CONFIG = "english"
FTS_SUFFIX = "_fts"
# The tables FTS5 makes beside each FTS table, to hold its index.
FTS5_SHADOWS = ("_data", "_idx", "_docsize", "_config", "_content")
# Each SQLite FTS table's triggers: after a DELETE and after an UPDATE of the searched columns.
TRIGGERS = ("ad", "au")


def fts_table(table: str) -> str:
    """The search table of `table` on either engine: SQLite's FTS5 table (sqlite-utils'
    name, which Datasette knows), PostgreSQL's table of vectors."""
    return table + FTS_SUFFIX


def is_search_table(name: str) -> bool:
    """Whether `name` is a search table (either engine's) or one of FTS5's tables beside it:
    not in the models, left out of `alembic check` (alembic/env.py) and of whole-database
    comparisons."""
    return any(
        name in (fts_table(table), *(fts_table(table) + s for s in FTS5_SHADOWS))
        for table in SEARCHED
    )


# --- DDL, as migration 0021 runs it --------------------------------------------------------------


def sqlite_create(table: str, columns: Sequence[str], *, with_table: bool = True) -> list[str]:
    """The statements that create `table`'s FTS5 table, fill it from the rows already there
    and keep it current through deletes and updates (triggers); `with_table=False` gives the
    triggers alone. New rows are indexed by whoever inserts them (`sqlite_index_new`)."""
    fts = fts_table(table)
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    insert = f"INSERT INTO {fts} (rowid, {cols}) VALUES (new.id, {new});"
    remove = f"INSERT INTO {fts} ({fts}, rowid, {cols}) VALUES ('delete', old.id, {old});"
    statements = []
    if with_table:
        statements += [
            f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, "
            f"content=\"{table}\", content_rowid='id', tokenize='{SQLITE_TOKENIZER}')",
            f"INSERT INTO {fts} ({fts}) VALUES ('rebuild')",
        ]
    statements += [
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN {remove} END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF id, {cols} ON {table} "
        f"BEGIN {remove} {insert} END",
    ]
    return statements


def sqlite_drop(table: str) -> list[str]:
    fts = fts_table(table)
    return [f"DROP TRIGGER {fts}_{t}" for t in TRIGGERS] + [f"DROP TABLE {fts}"]


def sqlite_index_new(table: str) -> str | None:
    """SQL that indexes the new rows of `table` whose ids are the JSON array `?`, in one
    statement; None for a table that is not searched. The loader runs it after each batch
    (seeds/loader.py `_insert`). Not a trigger: FTS5 writes its pending index out at the end
    of every statement, so a trigger fired by each row of an executemany wrote one small
    segment per row, and a million-fact load took three times as long."""
    if table not in SEARCHED:
        return None
    fts = fts_table(table)
    cols = ", ".join(SEARCHED[table][1])
    return (
        f"INSERT INTO {fts} (rowid, {cols}) SELECT id, {cols} FROM {table} "
        "WHERE id IN (SELECT value FROM json_each(?))"
    )


# Typographic quotes, dashes and spaces, each as ASCII (SQL literals): PostgreSQL's parser
# takes every non-ASCII character for a letter under the C locale (Lukashenko’s was one
# word), where FTS5's unicode61 takes them for separators, as PostgreSQL does under UTF-8.
PG_FROM = (
    "'\u2018\u2019\u201b\u201c\u201d\u201e\u00ab\u00bb\u2013\u2014\u2015\u2026\u00a0\u2009\u202f'"
)
PG_TO = "'" + "''" * 3 + '"' * 5 + " " * 7 + "'"


def tsvector_sql(columns: Sequence[str]) -> str:
    """PostgreSQL's tsvector of a row's columns, as its search table holds it. Every searched
    column is NOT NULL."""
    joined = " || ' ' || ".join(columns)
    return f"to_tsvector('{PG_CONFIG}', translate({joined}, {PG_FROM}, {PG_TO}))"


def index_name(table: str) -> str:
    return f"ix_{table}_search"


def postgresql_create(table: str, columns: Sequence[str]) -> list[str]:
    """The statements that create `table`'s search table, fill it from the rows already
    there, index it, and keep it current (a function and its two triggers)."""
    fts = fts_table(table)
    vector = tsvector_sql(columns)
    return [
        f"CREATE TABLE {fts} (id integer PRIMARY KEY REFERENCES {table} (id) "
        "ON DELETE CASCADE, vector tsvector NOT NULL)",
        f"INSERT INTO {fts} (id, vector) SELECT id, {vector} FROM {table}",
        f"CREATE INDEX {index_name(table)} ON {fts} USING gin (vector)",
        f"CREATE FUNCTION {fts}_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"INSERT INTO {fts} (id, vector) SELECT id, {vector} FROM written "
        "ON CONFLICT (id) DO UPDATE SET vector = excluded.vector; RETURN NULL; END $$",
        *(
            f"CREATE TRIGGER {fts}_{name} AFTER {event} ON {table} REFERENCING NEW TABLE AS "
            f"written FOR EACH STATEMENT EXECUTE FUNCTION {fts}_write()"
            for name, event in (("ai", "INSERT"), ("au", "UPDATE"))
        ),
    ]


def postgresql_drop(table: str) -> list[str]:
    fts = fts_table(table)
    return [
        f"DROP TRIGGER {fts}_au ON {table}",
        f"DROP TRIGGER {fts}_ai ON {table}",
        f"DROP FUNCTION {fts}_write()",
        f"DROP TABLE {fts}",
    ]


def after_load(conn: Connection) -> None:
    """What a load does last for search. PostgreSQL: each GIN index's pending list (where
    new entries wait, up to `gin_pending_list_limit`, 4 MB by default, until a vacuum or the
    next overflow merges them) is merged into the index now, since every search reads the
    whole pending list: at 100,000 facts, right after a load, the benchmark's searches took
    20 ms p50, and 7–10 ms once the lists were merged (docs/performance.md).
    Only the indexes the loading role owns (the function's rule); autovacuum does the rest.
    SQLite: nothing (FTS5 merges its segments as it writes)."""
    if conn.dialect.name != "postgresql":
        return
    conn.execute(
        text(
            "SELECT gin_clean_pending_list(c.oid) FROM pg_class AS c WHERE c.oid IN "
            "(SELECT to_regclass(name) FROM unnest(CAST(:names AS text[])) AS name) "
            "AND pg_has_role(c.relowner, 'USAGE')"
        ),
        {"names": [index_name(table) for table in SEARCHED]},
    )


# --- The user's words, in each engine's syntax ---------------------------------------------------


class SearchError(ValueError):
    """The words cannot be searched for; `str()` says why, in one line."""


# PostgreSQL's english stop words (tsearch_data/english.stop): it indexes none of them, so a
# search for one alone would find nothing there and everything on SQLite. Refused alone on
# both, and left out at a phrase's ends on both; inside a phrase SQLite matches them and
# PostgreSQL lets them stand for any one word.
_STOP_WORDS = """i me my myself we our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves what which who
    whom this that these those am is are was were be been being have has had having do does
    did doing a an the and but if or because as until while of at by for with about against
    between into through during before after above below to from up down in out on off over
    under again further then once here there when where why how all any both each few more
    most other some such no nor not only own same so than too very s t can will just don
    should now"""
STOP_WORDS = frozenset(_STOP_WORDS.split())
# Words that FTS5 would read as operators: refused, so that no one thinks they work.
OPERATORS = frozenset(("AND", "OR", "NOT", "NEAR"))
MAX_TERMS = 16
WORD = re.compile(r"[^\W_]+")
_TOKEN = re.compile(r'"(?P<phrase>[^"]*)"|(?P<bare>[^\s"]+)|(?P<quote>")')


@dataclass(frozen=True)
class Term:
    """Words that must appear one after another; `prefix`: the last is the start of a word."""

    words: tuple[str, ...]
    prefix: bool = False


def parse(query: str) -> list[Term]:
    """The terms of the user's words: each bare word, each "phrase", each prefix* must appear.
    Common words (STOP_WORDS) alone, and at a phrase's ends, are left out; SearchError when
    nothing is left, or for what looks like an operator."""
    terms: list[Term] = []
    common: list[str] = []
    for match in _TOKEN.finditer(query):
        if match["quote"]:
            raise SearchError('a double quote is not closed: put a phrase "in double quotes"')
        raw = match["phrase"] if match["phrase"] is not None else match["bare"]
        prefix = match["bare"] is not None and raw.endswith("*")
        body = raw.rstrip("*") if prefix else raw
        if "*" in body or (match["phrase"] is not None and "*" in raw):
            raise SearchError(f"{raw!r}: a * may only end a word, as in journalist*")
        words = tuple(w.lower() for w in WORD.findall(body))
        if not words:
            if prefix:
                raise SearchError("a * must follow the start of a word, as in journalist*")
            continue  # punctuation alone: nothing to find
        if match["bare"] is not None and raw in OPERATORS:
            raise SearchError(
                f"{raw!r}: search has no operators; every word must appear, and "
                '"words in double quotes" one after another'
            )
        if set(words) <= STOP_WORDS or (prefix and words[-1] in STOP_WORDS):
            common.append(raw)
            continue
        terms.append(Term(_trimmed(words), prefix))
    if not terms and common:
        raise SearchError(
            f'{common[0]!r} is too common a word to search for: put it in a "phrase" with others'
        )
    if not terms:
        raise SearchError("no words to search for (words are letters and digits)")
    if len(terms) > MAX_TERMS:
        raise SearchError(f"at most {MAX_TERMS} words or phrases, not {len(terms)}")
    return terms


def _trimmed(words: tuple[str, ...]) -> tuple[str, ...]:
    """`words` without the common words at either end: PostgreSQL's `to_tsquery` drops them
    there (`"the independent"` is `independ`), so FTS5 must not ask for them either, or the
    engines would find different facts. Inside, they stay (see STOP_WORDS)."""
    start, stop = 0, len(words)
    while words[start] in STOP_WORDS:
        start += 1
    while words[stop - 1] in STOP_WORDS:
        stop -= 1
    return words[start:stop]


def fts5_query(terms: Iterable[Term]) -> str:
    """The terms as an FTS5 MATCH string: each a quoted string (words are letters and digits
    only, so no quote can end one early), `*` after a prefix, all joined by AND."""
    return " AND ".join(f'"{" ".join(t.words)}"' + ("*" if t.prefix else "") for t in terms)


def tsquery_sql(terms: Sequence[Term]) -> tuple[str, dict[str, str]]:
    """The terms as a PostgreSQL tsquery expression and its bound parameters: each term a
    to_tsquery of its words joined by <-> (followed by), :* after a prefix, all joined by &&."""
    parts, params = [], {}
    for n, term in enumerate(terms):
        words = list(term.words)
        if term.prefix:
            words[-1] += ":*"
        params[f"q{n}"] = " <-> ".join(words)
        parts.append(f"to_tsquery('{PG_CONFIG}', :q{n})")
    return "(" + " && ".join(parts) + ")", params


# --- Searching ----------------------------------------------------------------------------------

# Actor columns of each table, in the order their names are given.
ACTOR_COLUMNS = {
    "statements": ("speaker_id", "on_behalf_of_id", "target_id"),
    "findings": ("subject_id",),
    "sanctions": ("authority_id", "target_id"),
    "demands": ("demanded_by_id", "addressee_id"),
    "event_participants": ("actor_id",),
    "actor_relations": ("subject_id", "object_id"),
    "documents": (),
}
COLUMNS = ("kind", "id", "key", "document", "actors", "snippet")
HIGHLIGHT = ("[", "]")
SNIPPET_WORDS = 16
DEFAULT_LIMIT = 20


@dataclass(frozen=True)
class Hit:
    kind: str
    id: int
    key: str | None
    document: str
    actors: str
    snippet: str
    rank: float

    def row(self) -> tuple[object, ...]:
        return (self.kind, self.id, self.key, self.document, self.actors, self.snippet)


def sqlite_snippet(table: str) -> str:
    """The words around a match in `table`'s FTS5 table, the match in HIGHLIGHT: SQL for a
    query that MATCHes that table (here, and Datasette's canned query by_word)."""
    start, stop = HIGHLIGHT
    return f"snippet({fts_table(table)}, -1, '{start}', '{stop}', '…', {SNIPPET_WORDS})"


def _sqlite_ranked(table: str) -> str:
    """The ids of `table`'s best matches, with their rank (FTS5's bm25, lower is better)."""
    kind, _ = SEARCHED[table]
    fts = fts_table(table)
    return (
        f"SELECT '{kind}' AS kind, rowid AS id, rank FROM {fts} "
        f"WHERE {fts} MATCH :q ORDER BY rank, rowid LIMIT :limit"
    )


def _postgresql_ranked(table: str, tsquery: str) -> str:
    """The ids of `table`'s best matches, with their rank (ts_rank negated, lower is better)."""
    kind, _ = SEARCHED[table]
    return (
        f"SELECT '{kind}' AS kind, t.id, -ts_rank(t.vector, {tsquery}) AS rank "
        f"FROM {fts_table(table)} AS t WHERE t.vector @@ {tsquery} "
        "ORDER BY rank, t.id LIMIT :limit"
    )


def _key_and_document(table: str) -> tuple[str, str, str]:
    """The SQL of a row's key and its document's slug, and the join that gives the slug."""
    if table == "documents":
        return "NULL", "t.slug", ""
    return "t.key", "d.slug", "JOIN documents AS d ON d.id = t.document_id"


def _sqlite_described(table: str) -> str:
    """Key, document and snippet of the matches of `table` whose ids are :ids."""
    fts = fts_table(table)
    key, slug, join = _key_and_document(table)
    return (
        f"SELECT t.id, {key} AS key, {slug} AS document, {sqlite_snippet(table)} AS snippet "
        f"FROM {fts} JOIN {table} AS t ON t.id = {fts}.rowid {join} "
        f"WHERE {fts} MATCH :q AND {fts}.rowid IN :ids"
    )


def _postgresql_described(table: str, tsquery: str) -> str:
    _, columns = SEARCHED[table]
    start, stop = HIGHLIGHT
    options = f"StartSel={start}, StopSel={stop}, MaxWords={SNIPPET_WORDS}, MinWords=8"
    words = f"translate({' || chr(32) || '.join(f't.{c}' for c in columns)}, {PG_FROM}, {PG_TO})"
    key, slug, join = _key_and_document(table)
    return (
        f"SELECT t.id, {key} AS key, {slug} AS document, "
        f"ts_headline('{PG_CONFIG}', {words}, {tsquery}, '{options}') AS snippet "
        f"FROM {table} AS t {join} WHERE t.id IN :ids"
    )


def search(
    conn: Connection,
    words: str,
    kinds: Sequence[str] | None = None,
    limit: int = DEFAULT_LIMIT,
) -> list[Hit]:
    """The facts (and with kind 'document', the documents) where `words` appear, best first:
    at most `limit`. Ranks: FTS5's bm25 on SQLite, ts_rank on PostgreSQL (negated, so that
    lower is better on both). SearchError for words that cannot be searched for.

    Two steps: rank every table's matches and keep the best `limit` of all (the costly part,
    done on ids alone), then describe only those: key, document, snippet and actors."""
    terms = parse(words)
    unknown = sorted(set(kinds or ()) - set(KINDS))
    if unknown:
        raise SearchError(f"unknown kind {unknown[0]!r}; kinds: {', '.join(KINDS)}")
    if limit < 1:
        raise SearchError("the limit must be 1 or more")
    tables = [TABLE_OF_KIND[k] for k in KINDS if k in (kinds or FACT_KINDS)]
    if conn.dialect.name == "sqlite":
        tsquery = ""
        params: dict[str, object] = {"q": fts5_query(terms)}
        arms = [_sqlite_ranked(table) for table in tables]
    else:
        tsquery, tsparams = tsquery_sql(terms)
        params = dict(tsparams)
        arms = [_postgresql_ranked(table, tsquery) for table in tables]
    ranked_sql = " UNION ALL ".join(f"SELECT * FROM ({arm}) AS a{n}" for n, arm in enumerate(arms))
    ranked_sql = f"SELECT kind, id, rank FROM ({ranked_sql}) AS hits ORDER BY rank, kind, id "
    ranked = conn.execute(text(ranked_sql + "LIMIT :limit"), {**params, "limit": limit}).all()
    described: dict[tuple[str, int], tuple[str | None, str, str]] = {}
    for kind in dict.fromkeys(r.kind for r in ranked):
        table = TABLE_OF_KIND[kind]
        sql = (
            _sqlite_described(table)
            if conn.dialect.name == "sqlite"
            else _postgresql_described(table, tsquery)
        )
        query = text(sql).bindparams(bindparam("ids", expanding=True))
        ids = [r.id for r in ranked if r.kind == kind]
        for id_, key, document, snippet in conn.execute(query, {**params, "ids": ids}):
            described[(kind, id_)] = (key, document, snippet)
    actors = _actors(conn, [(r.kind, r.id) for r in ranked])
    hits = []
    for r in ranked:
        key, document, snippet = described[(r.kind, r.id)]
        hits.append(
            Hit(r.kind, r.id, key, document, actors.get((r.kind, r.id), ""), snippet, r.rank)
        )
    return hits


def actor_label(actor_id: str) -> str:
    """SQL of the name the views give the actor whose id is the SQL `actor_id`: its name,
    else its description (here, and in Datasette's canned queries)."""
    return f"(SELECT COALESCE(a.name, a.description) FROM actors AS a WHERE a.id = {actor_id})"


def _actors(conn: Connection, facts: Sequence[tuple[str, int]]) -> dict[tuple[str, int], str]:
    """Each fact's actors, by name (else description), in its table's order, '; ' between."""
    found: dict[tuple[str, int], str] = {}
    for kind in {k for k, _ in facts}:
        table = TABLE_OF_KIND[kind]
        columns = ACTOR_COLUMNS[table]
        if not columns:
            continue
        ids = [i for k, i in facts if k == kind]
        labels = ", ".join(actor_label(f"t.{c}") for c in columns)
        query = text(f"SELECT t.id, {labels} FROM {table} AS t WHERE t.id IN :ids").bindparams(
            bindparam("ids", expanding=True)
        )
        for id_, *names in conn.execute(query, {"ids": ids}):
            found[(kind, id_)] = "; ".join(dict.fromkeys(n for n in names if n))
    return found
