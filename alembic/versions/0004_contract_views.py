"""Add the contract views: statements, findings, sanctions, demands, event participants,
state activity and the timeline, with the same columns and answers on SQLite and PostgreSQL.

Their names and columns are a public contract (documented in docs/views.md). Conventions:
- an actor's name is COALESCE(actors.name, actors.description) (actors.name is the best name
  known across loaded documents; the loader keeps it so);
- dates are ISO 'YYYY-MM-DD' text beside date_precision on both engines (`_iso_date`, the one
  place where the engines need different SQL);
- states are identified by ISO 3166-1 alpha-3 (NULL for an actor that is not itself a state);
- counts come from COUNT(*), an integer on both engines.

This revision carries its own SQL and reads nothing a later change may edit. Downgrade drops
exactly the views upgrade creates, dependants first.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28

"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _iso_date(dialect: str, column: str) -> str:
    """SQL giving the DATE `column` as 'YYYY-MM-DD' text on `dialect`.

    PostgreSQL: to_char, which does not depend on DateStyle as a cast to text would. SQLite
    stores dates (SQLAlchemy's Date) as 'YYYY-MM-DD' text already.
    """
    if dialect == "postgresql":
        return f"to_char({column}, 'YYYY-MM-DD')"
    if dialect == "sqlite":
        return column
    raise NotImplementedError(f"contract views: no date formatting for dialect {dialect!r}")


def _name(alias: str) -> str:
    return f"COALESCE({alias}.name, {alias}.description)"


def _views(dialect: str) -> list[tuple[str, str]]:
    """(name, SELECT) of each view, in creation order (a view after those it reads)."""

    def iso(column: str) -> str:
        return _iso_date(dialect, column)

    statements = f"""
SELECT st.id AS statement_id,
       d.slug AS document_slug,
       {_name("sp")} AS speaker,
       st.speaker_role AS speaker_role,
       {_name("ob")} AS on_behalf_of,
       {iso("st.stated_on")} AS stated_on,
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
LEFT JOIN states AS ob_state ON ob_state.actor_id = ob.id"""

    findings = f"""
SELECT f.id AS finding_id,
       d.slug AS document_slug,
       i.name AS investigation,
       {_name("conductor")} AS investigated_by,
       f.text AS finding,
       f.category AS category,
       f.quote AS quote,
       {_name("mandator")} AS mandated_by,
       f.key AS finding_key
FROM findings AS f
JOIN documents AS d ON d.id = f.document_id
JOIN investigations AS i ON i.id = f.investigation_id
LEFT JOIN actors AS conductor ON conductor.id = i.conducted_by_id
LEFT JOIN actors AS mandator ON mandator.id = i.mandated_by_id"""

    sanctions = f"""
SELECT s.id AS sanction_id,
       d.slug AS document_slug,
       {_name("authority")} AS imposed_by,
       authority_state.iso_alpha3 AS imposed_by_iso3,
       r.name AS regime,
       {_name("target")} AS target,
       target.kind AS target_kind,
       {iso("s.imposed_on")} AS imposed_on,
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
       {iso("dm.stated_on")} AS stated_on,
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
LEFT JOIN states AS addressee_state ON addressee_state.actor_id = addressee.id"""

    event_participants = f"""
SELECT e.id AS event_id,
       e.name AS event,
       e.event_type AS event_type,
       {iso("e.occurred_on")} AS occurred_on,
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

    # Only facts naming the state itself count (a statement made on its behalf names it);
    # a demand of its government or an act of a group it belongs to does not.
    state_activity = f"""
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

    # Built on the views above, so names and dates read the same everywhere. sort_key is
    # date, precision (coarser first), kind, zero-padded id: digits, spaces and hyphens only,
    # so every collation orders it as SQLite does.
    timeline = f"""
SELECT occurred_on, date_precision, kind, summary, document_slug,
       occurred_on || ' '
         || CASE date_precision WHEN 'year' THEN '1' WHEN 'month' THEN '2' ELSE '3' END
         || kind_rank || ' ' || substr(CAST(10000000000 + fact_id AS TEXT), 2) AS sort_key,
       fact_id, quote
FROM (
    SELECT {iso("e.occurred_on")} AS occurred_on, e.date_precision AS date_precision,
           'event' AS kind, '1' AS kind_rank, e.name AS summary, d.slug AS document_slug,
           e.id AS fact_id, e.quote AS quote
    FROM events AS e
    LEFT JOIN documents AS d ON d.id = e.document_id
    WHERE e.occurred_on IS NOT NULL
    UNION ALL
    SELECT {iso("d.published_on")}, 'day', 'document', '2',
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

    return [
        ("v_statements", statements),
        ("v_findings", findings),
        ("v_sanctions", sanctions),
        ("v_demands", demands),
        ("v_event_participants", event_participants),
        ("v_state_activity", state_activity),
        ("v_timeline", timeline),
    ]


def _dialect() -> str:
    return op.get_context().dialect.name


def upgrade() -> None:
    for name, select in _views(_dialect()):
        op.execute(f"CREATE VIEW {name} AS{select}")


def downgrade() -> None:
    for name, _ in reversed(_views(_dialect())):
        op.execute(f"DROP VIEW {name}")
