"""Make the typical look-ups and the state activity fast at a million facts (issue 7).

Same view names, columns and answers; only how they are computed changes.

1. v_state_activity (both engines):
   - an event counts for a state when it took place there or the state took part in it; 0004
     asked that of every event for every state (EXISTS over all events per state: seconds at
     a million facts). Now: events located there, plus the distinct events it took part in
     that are not located there; every step an index look-up.
   - 0004 kept the states with any activity with a WHERE on the sum of the counts, which both
     engines evaluate by computing every count twice; now the same rows are kept by EXISTS
     tests, which stop at the first row.
2. v_statements and v_demands (both engines) join the states of the actor spoken for and of
   the addressee on the fact's own column (states.actor_id = statements.on_behalf_of_id)
   rather than through the LEFT JOINed actor: the same rows (states.actor_id is that actor's
   id), but SQLite can now turn `on_behalf_of_iso3 = 'BLR'` (or `addressee_iso3`) into an
   index look-up; through two LEFT JOINs it read every statement.
3. PostgreSQL only: the views' ISO dates come from dossier_iso_date(date), an IMMUTABLE
   function giving exactly what to_char(date, 'YYYY-MM-DD') gives (to_char is only STABLE, so
   no index can hold it), and expression indexes on it let a date-range filter on a view's
   date column use an index. The function is plain SQL the planner inlines, so a full read
   costs what to_char did. SQLite stores dates as that text already: its views read the
   columns, whose indexes serve the same filters.

PostgreSQL replaces the views in place (CREATE OR REPLACE VIEW); SQLite drops and recreates
them, dependants last. This revision carries its own SQL (0004's, for downgrade, included) and
reads nothing a later change may edit; downgrade puts back 0004's views exactly and drops what
upgrade added.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28

"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ISO_DATE_FUNCTION = """
CREATE FUNCTION dossier_iso_date(value date) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
SELECT lpad(extract(year FROM value)::integer::text, 4, '0') || '-'
       || lpad(extract(month FROM value)::integer::text, 2, '0') || '-'
       || lpad(extract(day FROM value)::integer::text, 2, '0')
$$"""

# (index name, table, date column) of the PostgreSQL expression indexes.
ISO_DATE_INDEXES = (
    ("ix_statements_stated_on_iso", "statements", "stated_on"),
    ("ix_demands_stated_on_iso", "demands", "stated_on"),
    ("ix_sanctions_imposed_on_iso", "sanctions", "imposed_on"),
    ("ix_events_occurred_on_iso", "events", "occurred_on"),
    ("ix_documents_published_on_iso", "documents", "published_on"),
)


def _name(alias: str) -> str:
    return f"COALESCE({alias}.name, {alias}.description)"


STATE_ACTIVITY_0006 = f"""
SELECT {_name("a")} AS state,
       s.iso_alpha3 AS iso3,
       (SELECT COUNT(*) FROM statements AS st
         WHERE st.speaker_id = s.actor_id OR st.on_behalf_of_id = s.actor_id) AS statements,
       (SELECT COUNT(*) FROM demands AS dm
         WHERE dm.demanded_by_id = s.actor_id) AS demands_made,
       (SELECT COUNT(*) FROM demands AS dm
         WHERE dm.addressee_id = s.actor_id) AS demands_received,
       (SELECT COUNT(*) FROM sanctions AS sn
         WHERE sn.authority_id = s.actor_id) AS sanctions_imposed,
       (SELECT COUNT(*) FROM sanctions AS sn
         WHERE sn.target_id = s.actor_id) AS sanctions_received,
       (SELECT COUNT(*) FROM events AS e WHERE e.location_id = s.actor_id)
       + (SELECT COUNT(DISTINCT p.event_id) FROM event_participants AS p
           WHERE p.actor_id = s.actor_id
             AND NOT EXISTS (SELECT 1 FROM events AS e
                              WHERE e.id = p.event_id AND e.location_id = s.actor_id)) AS events,
       s.iso_alpha2 AS iso2
FROM states AS s
JOIN actors AS a ON a.id = s.actor_id
WHERE EXISTS (SELECT 1 FROM statements AS st WHERE st.speaker_id = s.actor_id)
   OR EXISTS (SELECT 1 FROM statements AS st WHERE st.on_behalf_of_id = s.actor_id)
   OR EXISTS (SELECT 1 FROM demands AS dm WHERE dm.demanded_by_id = s.actor_id)
   OR EXISTS (SELECT 1 FROM demands AS dm WHERE dm.addressee_id = s.actor_id)
   OR EXISTS (SELECT 1 FROM sanctions AS sn WHERE sn.authority_id = s.actor_id)
   OR EXISTS (SELECT 1 FROM sanctions AS sn WHERE sn.target_id = s.actor_id)
   OR EXISTS (SELECT 1 FROM events AS e WHERE e.location_id = s.actor_id)
   OR EXISTS (SELECT 1 FROM event_participants AS p WHERE p.actor_id = s.actor_id)"""

# 0004's v_state_activity, for downgrade.
STATE_ACTIVITY_0004 = f"""
SELECT state, iso3, statements, demands_made, demands_received, sanctions_imposed,
       sanctions_received, events, iso2
FROM (
    SELECT {_name("a")} AS state,
           s.iso_alpha3 AS iso3,
           (SELECT COUNT(*) FROM statements AS st
             WHERE st.speaker_id = s.actor_id OR st.on_behalf_of_id = s.actor_id) AS statements,
           (SELECT COUNT(*) FROM demands AS dm
             WHERE dm.demanded_by_id = s.actor_id) AS demands_made,
           (SELECT COUNT(*) FROM demands AS dm
             WHERE dm.addressee_id = s.actor_id) AS demands_received,
           (SELECT COUNT(*) FROM sanctions AS sn
             WHERE sn.authority_id = s.actor_id) AS sanctions_imposed,
           (SELECT COUNT(*) FROM sanctions AS sn
             WHERE sn.target_id = s.actor_id) AS sanctions_received,
           (SELECT COUNT(*) FROM events AS e
             WHERE e.location_id = s.actor_id
                OR EXISTS (SELECT 1 FROM event_participants AS p
                            WHERE p.event_id = e.id AND p.actor_id = s.actor_id)) AS events,
           s.iso_alpha2 AS iso2
    FROM states AS s
    JOIN actors AS a ON a.id = s.actor_id
) AS activity
WHERE statements + demands_made + demands_received + sanctions_imposed
      + sanctions_received + events > 0"""


def _views(dialect: str, revision: str) -> list[tuple[str, str]]:
    """(name, SELECT) of the views this revision replaces, as `revision` ("0004" or "0006")
    defines them on `dialect`, in creation order (a view after those it reads)."""
    if dialect == "sqlite":
        iso = "{}"  # dates are stored as ISO text already
    elif dialect == "postgresql":
        iso = "dossier_iso_date({})" if revision == "0006" else "to_char({}, 'YYYY-MM-DD')"
    else:
        raise NotImplementedError(f"contract views: no date formatting for dialect {dialect!r}")

    def d(column: str) -> str:
        return iso.format(column)

    # The state of an actor a fact may name (LEFT JOINed as `alias`): 0006 joins it on the
    # fact's own column, 0004 on the joined actor's id.
    def state_of(alias: str, fact_column: str) -> str:
        return fact_column if revision == "0006" else f"{alias}.id"

    statements = f"""
SELECT st.id AS statement_id,
       d.slug AS document_slug,
       {_name("sp")} AS speaker,
       st.speaker_role AS speaker_role,
       {_name("ob")} AS on_behalf_of,
       {d("st.stated_on")} AS stated_on,
       st.date_precision AS date_precision,
       st.text AS text,
       st.cameo_code AS cameo_code,
       st.statement_type AS statement_type,
       sp.kind AS speaker_kind,
       sp_state.iso_alpha3 AS speaker_iso3,
       ob_state.iso_alpha3 AS on_behalf_of_iso3,
       st.key AS statement_key,
       st.quote AS quote
FROM statements AS st
JOIN documents AS d ON d.id = st.document_id
JOIN actors AS sp ON sp.id = st.speaker_id
LEFT JOIN states AS sp_state ON sp_state.actor_id = sp.id
LEFT JOIN actors AS ob ON ob.id = st.on_behalf_of_id
LEFT JOIN states AS ob_state ON ob_state.actor_id = {state_of("ob", "st.on_behalf_of_id")}"""

    sanctions = f"""
SELECT s.id AS sanction_id,
       d.slug AS document_slug,
       {_name("authority")} AS imposed_by,
       authority_state.iso_alpha3 AS imposed_by_iso3,
       r.name AS regime,
       {_name("target")} AS target,
       target.kind AS target_kind,
       {d("s.imposed_on")} AS imposed_on,
       s.date_precision AS date_precision,
       s.quote AS quote,
       target_state.iso_alpha3 AS target_iso3,
       s.reason AS reason,
       s.measures AS measures,
       e.name AS event,
       s.key AS sanction_key
FROM sanctions AS s
JOIN documents AS d ON d.id = s.document_id
JOIN actors AS authority ON authority.id = s.authority_id
LEFT JOIN states AS authority_state ON authority_state.actor_id = authority.id
JOIN actors AS target ON target.id = s.target_id
LEFT JOIN states AS target_state ON target_state.actor_id = target.id
LEFT JOIN sanction_regimes AS r ON r.id = s.regime_id
LEFT JOIN events AS e ON e.id = s.event_id"""

    demands = f"""
SELECT dm.id AS demand_id,
       d.slug AS document_slug,
       {_name("demander")} AS demanded_by,
       demander_state.iso_alpha3 AS demanded_by_iso3,
       {_name("addressee")} AS addressee,
       dm.text AS demand,
       dm.cameo_code AS cameo_code,
       {d("dm.stated_on")} AS stated_on,
       dm.date_precision AS date_precision,
       dm.quote AS quote,
       addressee_state.iso_alpha3 AS addressee_iso3,
       addressee.kind AS addressee_kind,
       dm.statement_id AS statement_id,
       dm.key AS demand_key
FROM demands AS dm
JOIN documents AS d ON d.id = dm.document_id
JOIN actors AS demander ON demander.id = dm.demanded_by_id
LEFT JOIN states AS demander_state ON demander_state.actor_id = demander.id
LEFT JOIN actors AS addressee ON addressee.id = dm.addressee_id
LEFT JOIN states AS addressee_state ON addressee_state.actor_id = {state_of("addressee", "dm.addressee_id")}"""

    event_participants = f"""
SELECT e.id AS event_id,
       e.name AS event,
       e.event_type AS event_type,
       {d("e.occurred_on")} AS occurred_on,
       e.date_precision AS date_precision,
       {_name("a")} AS participant,
       a.kind AS participant_kind,
       a_state.iso_alpha3 AS participant_iso3,
       p.role AS role,
       d.slug AS document_slug,
       p.id AS participation_id,
       e.key AS event_key,
       p.quote AS quote
FROM event_participants AS p
JOIN events AS e ON e.id = p.event_id
JOIN actors AS a ON a.id = p.actor_id
LEFT JOIN states AS a_state ON a_state.actor_id = a.id
JOIN documents AS d ON d.id = p.document_id"""

    timeline = f"""
SELECT occurred_on, date_precision, kind, summary, document_slug,
       occurred_on || ' '
         || CASE date_precision WHEN 'year' THEN '1' WHEN 'month' THEN '2' ELSE '3' END
         || kind_rank || ' ' || substr(CAST(10000000000 + fact_id AS TEXT), 2) AS sort_key,
       fact_id, quote
FROM (
    SELECT {d("e.occurred_on")} AS occurred_on, e.date_precision AS date_precision,
           'event' AS kind, '1' AS kind_rank, e.name AS summary, d.slug AS document_slug,
           e.id AS fact_id, e.quote AS quote
    FROM events AS e
    LEFT JOIN documents AS d ON d.id = e.document_id
    WHERE e.occurred_on IS NOT NULL
    UNION ALL
    SELECT {d("d.published_on")}, 'day', 'document', '2',
           'Published: ' || d.title || ' (' || d.publisher || ')', d.slug, d.id, NULL
    FROM documents AS d
    UNION ALL
    SELECT imposed_on, date_precision, 'sanction', '3',
           imposed_by || ' sanctioned ' || target || COALESCE(' (' || regime || ')', ''),
           document_slug, sanction_id, quote
    FROM v_sanctions
    WHERE imposed_on IS NOT NULL
    UNION ALL
    SELECT stated_on, date_precision, 'statement', '4',
           speaker || COALESCE(' (' || speaker_role || ')', '') || ': ' || text,
           document_slug, statement_id, quote
    FROM v_statements
    WHERE stated_on IS NOT NULL
    UNION ALL
    SELECT stated_on, date_precision, 'demand', '5',
           demanded_by || ' demanded' || COALESCE(' of ' || addressee, '') || ': ' || demand,
           document_slug, demand_id, quote
    FROM v_demands
    WHERE stated_on IS NOT NULL
) AS facts"""

    state_activity = STATE_ACTIVITY_0006 if revision == "0006" else STATE_ACTIVITY_0004
    return [
        ("v_statements", statements),
        ("v_sanctions", sanctions),
        ("v_demands", demands),
        ("v_event_participants", event_participants),
        ("v_state_activity", state_activity),
        ("v_timeline", timeline),
    ]


def _dialect() -> str:
    return op.get_context().dialect.name


def _replace_views(revision: str) -> None:
    dialect = _dialect()
    views = _views(dialect, revision)
    if dialect == "postgresql":
        for name, select in views:
            op.execute(f"CREATE OR REPLACE VIEW {name} AS{select}")
        return
    for name, _ in reversed(views):
        op.execute(f"DROP VIEW {name}")
    for name, select in views:
        op.execute(f"CREATE VIEW {name} AS{select}")


def upgrade() -> None:
    if _dialect() == "postgresql":
        op.execute(ISO_DATE_FUNCTION)
        for index, table, column in ISO_DATE_INDEXES:
            op.execute(f"CREATE INDEX {index} ON {table} (dossier_iso_date({column}))")
    _replace_views("0006")


def downgrade() -> None:
    _replace_views("0004")
    if _dialect() == "postgresql":
        for index, _table, _column in reversed(ISO_DATE_INDEXES):
            op.execute(f"DROP INDEX {index}")
        op.execute("DROP FUNCTION dossier_iso_date(date)")
