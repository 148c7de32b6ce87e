"""Look-ups by the name of an actor a fact may leave out start from the actor (issue 7).

Same view names, columns, column order, types and rows. Where a fact names an actor through a
NULLABLE column, the views LEFT JOINed the actor; a filter on its name, COALESCE(name,
description), cannot turn that join inner (COALESCE is not strict), so `v_demands WHERE
addressee = 'Sweden'` read demands (PostgreSQL ~24 ms at a million facts; SQLite read the fact
table whole), and so did `on_behalf_of`, the findings' `subject` and `mandated_by`.

Each such view is now a UNION ALL of arms, one per combination of its optional actors present
(inner-joined: a filter on the name can start from ix_actors_label, 0008, and seek the facts
through the fact's column index) or absent (the column IS NULL; the actor's columns are typed
NULLs, so a filter on them is a constant false and the planner drops the arm: PostgreSQL
prunes it at plan time, SQLite tests it once before the arm's loop). The arms' conditions
(`x_id IS NULL` or an inner join on `x_id`, a foreign key to actors) are exclusive and cover
every row, so each row shows exactly once, as under the LEFT JOINs:

- v_statements: on_behalf_of (2 arms);
- v_demands: addressee (2 arms);
- v_findings: the conductor (0008's two arms), the mandator and the subject (8 arms).

Joins are written as 0009 left them: an actor's join condition names the fact's column first;
the optional actors' states stay joined on the fact's column (0006, 0007), so look-ups by
on_behalf_of_iso3 / addressee_iso3 / subject_iso3 search the state first as before. The
typed NULLs (text, varchar(3), varchar(20)) keep each column's type, so PostgreSQL replaces the
views in place; SQLite drops and recreates them, v_timeline (which reads v_statements and
v_demands, and is unchanged) dropped first and recreated last.

This revision carries its own SQL (0008's v_findings and 0009's v_statements and v_demands,
for downgrade, included) and reads nothing a later change may edit; downgrade puts them back
exactly.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30

"""

from collections.abc import Sequence
from itertools import product

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
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


# --- 0008's v_findings and 0009's v_statements and v_demands (downgrade) ---------------------

# One arm of 0008's v_findings: {investigated_by} and {conductor} (a join, or nothing) vary.
_FINDINGS_ARM_0008 = """
SELECT f.id AS finding_id,
       d.slug AS document_slug,
       i.name AS investigation,
       {investigated_by} AS investigated_by,
       f.text AS finding,
       f.category AS category,
       f.quote AS quote,
       COALESCE(mandator.name, mandator.description) AS mandated_by,
       f.key AS finding_key,
       COALESCE(subject.name, subject.description) AS subject,
       subject.kind AS subject_kind,
       subject_state.iso_alpha3 AS subject_iso3
FROM findings AS f
JOIN documents AS d ON d.id = f.document_id
JOIN investigations AS i ON i.id = f.investigation_id{conductor}
LEFT JOIN actors AS mandator ON mandator.id = i.mandated_by_id
LEFT JOIN actors AS subject ON subject.id = f.subject_id
LEFT JOIN states AS subject_state ON subject_state.actor_id = f.subject_id"""

FINDINGS_0008 = (
    _FINDINGS_ARM_0008.format(
        investigated_by="COALESCE(conductor.name, conductor.description)",
        conductor="\nJOIN actors AS conductor ON conductor.id = i.conducted_by_id",
    )
    + "\nUNION ALL"
    + _FINDINGS_ARM_0008.format(investigated_by="NULL", conductor="")
    + "\nWHERE i.conducted_by_id IS NULL"
)


def _actor_0009(alias: str, state: str, column: str) -> str:
    return (
        f"\nJOIN actors AS {alias} ON {column} = {alias}.id"
        f"\nLEFT JOIN states AS {state} ON {state}.actor_id = {alias}.id"
    )


def _views_0009(dialect: str) -> dict[str, str]:
    def d(column: str) -> str:
        return _iso_date(dialect, column)

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
JOIN documents AS d ON d.id = st.document_id{_actor_0009("sp", "sp_state", "st.speaker_id")}
LEFT JOIN actors AS ob ON ob.id = st.on_behalf_of_id
LEFT JOIN states AS ob_state ON ob_state.actor_id = st.on_behalf_of_id"""

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
        _actor_0009("demander", "demander_state", "dm.demanded_by_id")
    }
LEFT JOIN actors AS addressee ON addressee.id = dm.addressee_id
LEFT JOIN states AS addressee_state ON addressee_state.actor_id = dm.addressee_id"""

    return {"v_statements": statements, "v_demands": demands, "v_findings": FINDINGS_0008}


# --- 0010 ------------------------------------------------------------------------------------

# An optional actor of a view: how each of its placeholders reads when the fact names the
# actor (joined as `alias` on the fact's `column`) and when it does not (a typed NULL).
_TEXT, _ISO3, _KIND = "CAST(NULL AS TEXT)", "CAST(NULL AS VARCHAR(3))", "CAST(NULL AS VARCHAR(20))"


class _Optional:
    def __init__(
        self, alias: str, column: str, shown: dict[str, tuple[str, str]], state: str | None
    ) -> None:
        self.alias, self.column, self.shown, self.state = alias, column, shown, state

    def joins(self) -> str:
        lines = f"\nJOIN actors AS {self.alias} ON {self.column} = {self.alias}.id"
        if self.state is not None:
            lines += f"\nLEFT JOIN states AS {self.state} ON {self.state}.actor_id = {self.column}"
        return lines


def _arms(dialect: str, select: str, joins: str, optional: list[_Optional]) -> str:
    """`select` (placeholders named in the optional actors' `shown`) FROM `joins`, once per
    combination of the optional actors present or absent, as one UNION ALL. SQLite tests an
    absent actor's column as `+column IS NULL`: written bare, it would seek the rows with the
    column NULL through the column's index, and did so inside the loop over the actors a
    look-up by another actor's name found (4.6 ms instead of 0.1 on 10,000 findings)."""
    null = "+{} IS NULL" if dialect == "sqlite" else "{} IS NULL"
    arms = []
    for present in product((True, False), repeat=len(optional)):
        values: dict[str, str] = {}
        extra, absent = "", []
        for actor, here in zip(optional, present, strict=True):
            values |= {key: pair[0 if here else 1] for key, pair in actor.shown.items()}
            if here:
                extra += actor.joins()
            else:
                absent.append(null.format(actor.column))
        where = "\nWHERE " + "\n  AND ".join(absent) if absent else ""
        arms.append(select.format(**values) + joins + extra + where)
    return "\nUNION ALL".join(arms)


def _views_0010(dialect: str) -> dict[str, str]:
    def d(column: str) -> str:
        return _iso_date(dialect, column)

    statements = _arms(
        dialect,
        f"""
SELECT st.id AS statement_id,
       d.slug AS document_slug,
       {_name("sp")} AS speaker,
       st.speaker_role AS speaker_role,
       {{on_behalf_of}} AS on_behalf_of,
       {d("st.stated_on")} AS stated_on,
       st.date_precision AS date_precision,
       st.text AS text,
       st.cameo_code AS cameo_code,
       st.statement_type AS statement_type,
       sp.kind AS speaker_kind,
       sp_state.iso_alpha3 AS speaker_iso3,
       {{on_behalf_of_iso3}} AS on_behalf_of_iso3,
       st.key AS statement_key,
       st.quote AS quote""",
        f"""
FROM statements AS st
JOIN documents AS d ON d.id = st.document_id{_actor_0009("sp", "sp_state", "st.speaker_id")}""",
        [
            _Optional(
                "ob",
                "st.on_behalf_of_id",
                {
                    "on_behalf_of": (_name("ob"), _TEXT),
                    "on_behalf_of_iso3": ("ob_state.iso_alpha3", _ISO3),
                },
                "ob_state",
            )
        ],
    )

    demands = _arms(
        dialect,
        f"""
SELECT dm.id AS demand_id,
       d.slug AS document_slug,
       {_name("demander")} AS demanded_by,
       demander_state.iso_alpha3 AS demanded_by_iso3,
       {{addressee}} AS addressee,
       dm.text AS demand,
       dm.cameo_code AS cameo_code,
       {d("dm.stated_on")} AS stated_on,
       dm.date_precision AS date_precision,
       dm.quote AS quote,
       {{addressee_iso3}} AS addressee_iso3,
       {{addressee_kind}} AS addressee_kind,
       dm.statement_id AS statement_id,
       dm.key AS demand_key""",
        f"""
FROM demands AS dm
JOIN documents AS d ON d.id = dm.document_id{
            _actor_0009("demander", "demander_state", "dm.demanded_by_id")
        }""",
        [
            _Optional(
                "addressee",
                "dm.addressee_id",
                {
                    "addressee": (_name("addressee"), _TEXT),
                    "addressee_iso3": ("addressee_state.iso_alpha3", _ISO3),
                    "addressee_kind": ("addressee.kind", _KIND),
                },
                "addressee_state",
            )
        ],
    )

    findings = _arms(
        dialect,
        """
SELECT f.id AS finding_id,
       d.slug AS document_slug,
       i.name AS investigation,
       {investigated_by} AS investigated_by,
       f.text AS finding,
       f.category AS category,
       f.quote AS quote,
       {mandated_by} AS mandated_by,
       f.key AS finding_key,
       {subject} AS subject,
       {subject_kind} AS subject_kind,
       {subject_iso3} AS subject_iso3""",
        """
FROM findings AS f
JOIN documents AS d ON d.id = f.document_id
JOIN investigations AS i ON i.id = f.investigation_id""",
        [
            _Optional(
                "conductor",
                "i.conducted_by_id",
                {"investigated_by": (_name("conductor"), _TEXT)},
                None,
            ),
            _Optional(
                "mandator", "i.mandated_by_id", {"mandated_by": (_name("mandator"), _TEXT)}, None
            ),
            _Optional(
                "subject",
                "f.subject_id",
                {
                    "subject": (_name("subject"), _TEXT),
                    "subject_kind": ("subject.kind", _KIND),
                    "subject_iso3": ("subject_state.iso_alpha3", _ISO3),
                },
                "subject_state",
            ),
        ],
    )
    return {"v_statements": statements, "v_demands": demands, "v_findings": findings}


# v_timeline (0006, unchanged since): it reads v_statements and v_demands, so SQLite drops it
# before them and recreates it after.
def _timeline(dialect: str) -> str:
    d = _iso_date(dialect, "e.occurred_on")
    published = _iso_date(dialect, "d.published_on")
    return f"""
SELECT occurred_on, date_precision, kind, summary, document_slug,
       occurred_on || ' '
         || CASE date_precision WHEN 'year' THEN '1' WHEN 'month' THEN '2' ELSE '3' END
         || kind_rank || ' ' || substr(CAST(10000000000 + fact_id AS TEXT), 2) AS sort_key,
       fact_id, quote
FROM (
    SELECT {d} AS occurred_on, e.date_precision AS date_precision,
           'event' AS kind, '1' AS kind_rank, e.name AS summary, d.slug AS document_slug,
           e.id AS fact_id, e.quote AS quote
    FROM events AS e
    LEFT JOIN documents AS d ON d.id = e.document_id
    WHERE e.occurred_on IS NOT NULL
    UNION ALL
    SELECT {published}, 'day', 'document', '2',
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


def _replace_views(views: dict[str, str], dialect: str) -> None:
    if dialect == "postgresql":
        for name, select in views.items():
            op.execute(f"CREATE OR REPLACE VIEW {name} AS{select}")  # same columns and types
        return
    op.execute("DROP VIEW v_timeline")
    for name in views:
        op.execute(f"DROP VIEW {name}")
    for name, select in views.items():
        op.execute(f"CREATE VIEW {name} AS{select}")
    op.execute(f"CREATE VIEW v_timeline AS{_timeline(dialect)}")


def upgrade() -> None:
    dialect = op.get_context().dialect.name
    _replace_views(_views_0010(dialect), dialect)


def downgrade() -> None:
    dialect = op.get_context().dialect.name
    _replace_views(_views_0009(dialect), dialect)
