"""Look-ups by state join the state through the fact's column: write it first (issue 7).

Same view names, columns, column order and rows; one thing changes in four views: the join
condition of an actor a fact names by its own NOT NULL column is written with the fact's
column first (`JOIN actors AS authority ON s.authority_id = authority.id`, was
`authority.id = s.authority_id`): v_statements (speaker), v_sanctions (authority, target),
v_demands (demander), v_event_participants (participant). The same equality, the same rows.

Why it matters (PostgreSQL; measured on 1,053,393 facts): `v_sanctions WHERE imposed_by_iso3
= 'SWE' LIMIT 101` took 58-68 ms, `v_demands WHERE demanded_by_iso3 = 'SWE'` 110-140 ms. A
filter on the state's ISO code turns the state's LEFT JOIN into an inner join, so
s.authority_id, authority.id and authority_state.actor_id become one equivalence class, and
PostgreSQL joins the state to sanctions-and-authority on the first member of that class on
the outer side, in the order it met them. Written `authority.id = s.authority_id`, that was
authority.id: with its statistics (33,566 evenly spread ids, the states' among the first 64) it
expected a merge join of ix_sanctions_authority_id with actors to stop early, and read the
index up to Sweden's id, 111,221 of 133,442 rows. With the fact's column met first, it uses
sanctions.authority_id's statistics (24 values, all of them states), and loops from the
state over ix_sanctions_authority_id: 0.7 ms; demands 0.45 ms.

Listing `LEFT JOIN states ON states.actor_id = s.authority_id` before the actor's join has the
same effect on these look-ups (the state's equality then comes first), but it ties the state
to each fact row: a look-up by the actor's name then probes the state once per fact instead of
once per actor (imposed_by 1.4 -> 1.8 ms, demanded_by 0.9 -> 1.1 ms), and for the speaker,
whose column has 10,000 values, it chose a hash join (speaker_iso3 0.6 -> 6 ms). Here every
state stays joined on its actor's id, where 0006 left it, and every other look-up timed the
same (by state, by actor name, by document, by date: the benchmark's look-ups).

The LEFT JOINed actors (on_behalf_of, addressee, findings' subject) already had their state
joined on the fact's column (0006, 0007): the equality is the state's own, and their
look-ups were fast. v_findings, v_state_activity and v_evidence are unchanged; v_timeline
reads three of the views and is unchanged. SQLite plans every look-up as before.

PostgreSQL replaces the views in place (CREATE OR REPLACE VIEW: same columns and types);
SQLite drops and recreates them, v_timeline (which reads three of them) first dropped and
last recreated, unchanged. This revision carries its own SQL (0006's views, for downgrade,
included) and reads nothing a later change may edit; downgrade puts them back exactly.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29

"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _name(alias: str) -> str:
    return f"COALESCE({alias}.name, {alias}.description)"


def _iso_date(dialect: str, column: str) -> str:
    """The views' ISO text of a date column, as 0006 left it on `dialect`."""
    if dialect == "postgresql":
        return f"dossier_iso_date({column})"
    if dialect == "sqlite":
        return column  # dates are stored as ISO text already
    raise NotImplementedError(f"contract views: no date formatting for dialect {dialect!r}")


def _actor(revision: str, alias: str, state: str, column: str) -> str:
    """The FROM lines that join the actor a fact names by its NOT NULL `column` (as `alias`)
    and the actor's state (as `state`): the same joins in both revisions, but 0009 writes the
    fact's column first in the actor's join condition."""
    on = f"{column} = {alias}.id" if revision == "0009" else f"{alias}.id = {column}"
    return (
        f"\nJOIN actors AS {alias} ON {on}"
        f"\nLEFT JOIN states AS {state} ON {state}.actor_id = {alias}.id"
    )


def _views(dialect: str, revision: str) -> list[tuple[str, str]]:
    """(name, SELECT) of the views this revision replaces, as `revision` ("0006" or "0009")
    defines them on `dialect`, in creation order (v_timeline, which reads three of them and
    is the same in both, last)."""

    def d(column: str) -> str:
        return _iso_date(dialect, column)

    def actor(alias: str, state: str, column: str) -> str:
        return _actor(revision, alias, state, column)

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
JOIN documents AS d ON d.id = st.document_id{actor("sp", "sp_state", "st.speaker_id")}
LEFT JOIN actors AS ob ON ob.id = st.on_behalf_of_id
LEFT JOIN states AS ob_state ON ob_state.actor_id = st.on_behalf_of_id"""

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
JOIN documents AS d ON d.id = s.document_id{
        actor("authority", "authority_state", "s.authority_id")
    }{actor("target", "target_state", "s.target_id")}
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
JOIN documents AS d ON d.id = dm.document_id{
        actor("demander", "demander_state", "dm.demanded_by_id")
    }
LEFT JOIN actors AS addressee ON addressee.id = dm.addressee_id
LEFT JOIN states AS addressee_state ON addressee_state.actor_id = dm.addressee_id"""

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
JOIN events AS e ON e.id = p.event_id{actor("a", "a_state", "p.actor_id")}
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

    return [
        ("v_statements", statements),
        ("v_sanctions", sanctions),
        ("v_demands", demands),
        ("v_event_participants", event_participants),
        ("v_timeline", timeline),
    ]


def _replace_views(revision: str) -> None:
    dialect = op.get_context().dialect.name
    views = _views(dialect, revision)
    if dialect == "postgresql":
        for name, select in views:
            if name != "v_timeline":  # unchanged; it reads the views replaced in place
                op.execute(f"CREATE OR REPLACE VIEW {name} AS{select}")
        return
    for name, _ in reversed(views):
        op.execute(f"DROP VIEW {name}")
    for name, select in views:
        op.execute(f"CREATE VIEW {name} AS{select}")


def upgrade() -> None:
    _replace_views("0009")


def downgrade() -> None:
    _replace_views("0006")
