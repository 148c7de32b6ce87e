"""The CAMEO 1.1b3 codebook as a table; CAMEO codes become foreign keys into it (issue 17).

`cameo_codes` holds every event code of the codebook: the 20 roots ("01".."20"), the 3-digit
and the 4-digit codes, each with its label and its family (the 2-digit root it falls under,
itself a row: a foreign key to `cameo_codes.code`). `statements.cameo_code` and
`demands.cameo_code` become foreign keys into it; `events` and `sanctions` get a nullable
`cameo_code`, a foreign key too (a sanction is 163, "Impose embargo, boycott, or sanctions").

The codebook. Source: Schrodt (project director), "CAMEO Conflict and Mediation Event
Observations Event and Actor Codebook", Event Data Project, Pennsylvania State University,
version 1.1b3, March 2012 (the PDF GDELT serves as CAMEO.Manual.1.1b3.pdf), chapter 6 "CAMEO
EVENT CODES", its condensed list of every code. It was read in two independent text renderings
of that PDF found in public repositories, which agree code for code: a Markdown conversion
(docling) and a plain-text extraction; where one garbled a line (the Markdown writes 183 as
"1883" and "Threaten" as "Threate n"; the plain text lost the "ffi" of "Complain officially"),
the other was followed. Labels are the manual's names as written there; the roots' names,
capitals in the manual, are written in sentence case ("MAKE PUBLIC STATEMENT" is "Make public
statement"). 316 codes: 20 roots, 149 of three digits, 147 of four; checked by script against
the Markdown rendering (every code and label, in order) and, per root, against the counts a
third public source gives for the codebook.

GDELT's CAMEO.eventcodes.txt, the usual machine-readable copy, was compared code for code; as
copied in public repositories it has two glitches, resolved here by the manual:
- 044 reads `Meet at a ÒhirdÓlocation` (curly quotes in Mac Roman read as Latin-1, the "t"
  and a space lost). The manual: 044 `Meet at a "third" location` (straight quotes here).
- its line 1056 reads `Demand de-escalation of military engagement106:[-5.0] Demand
  withdrawal`: a second entry, in another file's format, fused onto 1056, so the copy has no
  row 106. The manual: 1056 "Demand de-escalation of military engagement" and 106 "Demand
  meeting, negotiation".
The copy also follows an older version of the codebook elsewhere, and the manual wins there
too: it lacks 155, 176, 1834, 1951 and 1952; its 101, 102, 103 and 105, 107, 108 name other
acts ("Demand information, investigation", "Demand policy support", "Demand aid, protection,
or peacekeeping", "Demand mediation", "Demand ceasefire", "Demand meeting, negotiation"; the
manual: "Demand material cooperation, not specified below", "Demand diplomatic cooperation
(such as policy support)", "Demand material aid, not specified below", "Demand that target
yields, not specified below", "Demand settling of dispute", "Demand mediation"); and 24 more
labels differ in wording only (020 "Appeal, not specified below", 0863 "Allow delivery of
humanitarian aid", 1832 "Carry out car bombing", a typo "matyerial" at 033, ...). Data coded
against that copy's 101-108 means other acts than this table says.

How. The table is created and filled from the data below, written in this file. On PostgreSQL
the foreign keys and columns are added in place. On SQLite a foreign key cannot be added to a
table, so the four tables are rebuilt; alembic's batch mode (copy, DROP, rename) cannot do it
here: the migrations run in one transaction with foreign keys enforced, where PRAGMA
foreign_keys cannot be turned off, and DROP TABLE then deletes every row first, firing the
children's actions (demands.statement_id and investigations.triggered_by_event_id would be
set NULL) or failing (event_participants and sanctions point at events). So each table is
rebuilt by hand, with foreign keys deferred for the while: its rows copied aside (untyped
columns keep every value as it is), the children's SET NULL columns saved, the table dropped
and created again from its own SQL text plus (or minus) this revision's clauses, its rows put
back under the same name (which settles the deferred references), the saved columns restored,
its indexes created again from their own SQL, and PRAGMA foreign_key_check run. Downgrade takes
out exactly the text upgrade put in, so SQLite's schema is as 0010 left it. The views are not
touched: no table is renamed, and SQLite resolves a view's tables when it is read.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01

"""

import re
from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Connection

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The CAMEO 1.1b3 event codes (chapter 6 of the manual), in the manual's order: each root
# before the codes of its family. (code, label); a code's family is its first two digits.
CAMEO_CODES: tuple[tuple[str, str], ...] = (
    ("01", "Make public statement"),
    ("010", "Make statement, not specified below"),
    ("011", "Decline comment"),
    ("012", "Make pessimistic comment"),
    ("013", "Make optimistic comment"),
    ("014", "Consider policy option"),
    ("015", "Acknowledge or claim responsibility"),
    ("016", "Deny responsibility"),
    ("017", "Engage in symbolic act"),
    ("018", "Make empathetic comment"),
    ("019", "Express accord"),
    ("02", "Appeal"),
    ("020", "Make an appeal or request, not specified below"),
    ("021", "Appeal for material cooperation, not specified below"),
    ("0211", "Appeal for economic cooperation"),
    ("0212", "Appeal for military cooperation"),
    ("0213", "Appeal for judicial cooperation"),
    ("0214", "Appeal for intelligence"),
    ("022", "Appeal for diplomatic cooperation (such as policy support)"),
    ("023", "Appeal for aid, not specified below"),
    ("0231", "Appeal for economic aid"),
    ("0232", "Appeal for military aid"),
    ("0233", "Appeal for humanitarian aid"),
    ("0234", "Appeal for military protection or peacekeeping"),
    ("024", "Appeal for political reform, not specified below"),
    ("0241", "Appeal for change in leadership"),
    ("0242", "Appeal for policy change"),
    ("0243", "Appeal for rights"),
    ("0244", "Appeal for change in institutions, regime"),
    ("025", "Appeal to yield, not specified below"),
    ("0251", "Appeal for easing of administrative sanctions"),
    ("0252", "Appeal for easing of political dissent"),
    ("0253", "Appeal for release of persons or property"),
    ("0254", "Appeal for easing of economic sanctions, boycott, or embargo"),
    ("0255", "Appeal for target to allow international involvement (non-mediation)"),
    ("0256", "Appeal for de-escalation of military engagement"),
    ("026", "Appeal to others to meet or negotiate"),
    ("027", "Appeal to others to settle dispute"),
    ("028", "Appeal to engage in or accept mediation"),
    ("03", "Express intent to cooperate"),
    ("030", "Express intent to cooperate, not specified below"),
    ("031", "Express intent to engage in material cooperation, not specified below"),
    ("0311", "Express intent to cooperate economically"),
    ("0312", "Express intent to cooperate militarily"),
    ("0313", "Express intent to cooperate on judicial matters"),
    ("0314", "Express intent to cooperate on intelligence"),
    ("032", "Express intent to engage in diplomatic cooperation (such as policy support)"),
    ("033", "Express intent to provide material aid, not specified below"),
    ("0331", "Express intent to provide economic aid"),
    ("0332", "Express intent to provide military aid"),
    ("0333", "Express intent to provide humanitarian aid"),
    ("0334", "Express intent to provide military protection or peacekeeping"),
    ("034", "Express intent to institute political reform, not specified below"),
    ("0341", "Express intent to change leadership"),
    ("0342", "Express intent to change policy"),
    ("0343", "Express intent to provide rights"),
    ("0344", "Express intent to change institutions, regime"),
    ("035", "Express intent to yield, not specified below"),
    ("0351", "Express intent to ease administrative sanctions"),
    ("0352", "Express intent to ease popular dissent"),
    ("0353", "Express intent to release persons or property"),
    ("0354", "Express intent to ease economic sanctions, boycott, or embargo"),
    ("0355", "Express intent to allow international involvement (non-mediation)"),
    ("0356", "Express intent to de-escalate military engagement"),
    ("036", "Express intent to meet or negotiate"),
    ("037", "Express intent to settle dispute"),
    ("038", "Express intent to accept mediation"),
    ("039", "Express intent to mediate"),
    ("04", "Consult"),
    ("040", "Consult, not specified below"),
    ("041", "Discuss by telephone"),
    ("042", "Make a visit"),
    ("043", "Host a visit"),
    ("044", 'Meet at a "third" location'),
    ("045", "Mediate"),
    ("046", "Engage in negotiation"),
    ("05", "Engage in diplomatic cooperation"),
    ("050", "Engage in diplomatic cooperation, not specified below"),
    ("051", "Praise or endorse"),
    ("052", "Defend verbally"),
    ("053", "Rally support on behalf of"),
    ("054", "Grant diplomatic recognition"),
    ("055", "Apologize"),
    ("056", "Forgive"),
    ("057", "Sign formal agreement"),
    ("06", "Engage in material cooperation"),
    ("060", "Engage in material cooperation, not specified below"),
    ("061", "Cooperate economically"),
    ("062", "Cooperate militarily"),
    ("063", "Engage in judicial cooperation"),
    ("064", "Share intelligence or information"),
    ("07", "Provide aid"),
    ("070", "Provide aid, not specified below"),
    ("071", "Provide economic aid"),
    ("072", "Provide military aid"),
    ("073", "Provide humanitarian aid"),
    ("074", "Provide military protection or peacekeeping"),
    ("075", "Grant asylum"),
    ("08", "Yield"),
    ("080", "Yield, not specified below"),
    ("081", "Ease administrative sanctions, not specified below"),
    ("0811", "Ease restrictions on political freedoms"),
    ("0812", "Ease ban on political parties or politicians"),
    ("0813", "Ease curfew"),
    ("0814", "Ease state of emergency or martial law"),
    ("082", "Ease political dissent"),
    ("083", "Accede to requests or demands for political reform, not specified below"),
    ("0831", "Accede to demands for change in leadership"),
    ("0832", "Accede to demands for change in policy"),
    ("0833", "Accede to demands for rights"),
    ("0834", "Accede to demands for change in institutions, regime"),
    ("084", "Return, release, not specified below"),
    ("0841", "Return, release person(s)"),
    ("0842", "Return, release property"),
    ("085", "Ease economic sanctions, boycott, embargo"),
    ("086", "Allow international involvement, not specified below"),
    ("0861", "Receive deployment of peacekeepers"),
    ("0862", "Receive inspectors"),
    ("0863", "Allow humanitarian access"),
    ("087", "De-escalate military engagement"),
    ("0871", "Declare truce, ceasefire"),
    ("0872", "Ease military blockade"),
    ("0873", "Demobilize armed forces"),
    ("0874", "Retreat or surrender militarily"),
    ("09", "Investigate"),
    ("090", "Investigate, not specified below"),
    ("091", "Investigate crime, corruption"),
    ("092", "Investigate human rights abuses"),
    ("093", "Investigate military action"),
    ("094", "Investigate war crimes"),
    ("10", "Demand"),
    ("100", "Demand, not specified below"),
    ("101", "Demand material cooperation, not specified below"),
    ("1011", "Demand economic cooperation"),
    ("1012", "Demand military cooperation"),
    ("1013", "Demand judicial cooperation"),
    ("1014", "Demand intelligence cooperation"),
    ("102", "Demand diplomatic cooperation (such as policy support)"),
    ("103", "Demand material aid, not specified below"),
    ("1031", "Demand economic aid"),
    ("1032", "Demand military aid"),
    ("1033", "Demand humanitarian aid"),
    ("1034", "Demand military protection or peacekeeping"),
    ("104", "Demand political reform, not specified below"),
    ("1041", "Demand change in leadership"),
    ("1042", "Demand policy change"),
    ("1043", "Demand rights"),
    ("1044", "Demand change in institutions, regime"),
    ("105", "Demand that target yields, not specified below"),
    ("1051", "Demand easing of administrative sanctions"),
    ("1052", "Demand easing of political dissent"),
    ("1053", "Demand release of persons or property"),
    ("1054", "Demand easing of economic sanctions, boycott, or embargo"),
    ("1055", "Demand that target allows international involvement (non-mediation)"),
    ("1056", "Demand de-escalation of military engagement"),
    ("106", "Demand meeting, negotiation"),
    ("107", "Demand settling of dispute"),
    ("108", "Demand mediation"),
    ("11", "Disapprove"),
    ("110", "Disapprove, not specified below"),
    ("111", "Criticize or denounce"),
    ("112", "Accuse, not specified below"),
    ("1121", "Accuse of crime, corruption"),
    ("1122", "Accuse of human rights abuses"),
    ("1123", "Accuse of aggression"),
    ("1124", "Accuse of war crimes"),
    ("1125", "Accuse of espionage, treason"),
    ("113", "Rally opposition against"),
    ("114", "Complain officially"),
    ("115", "Bring lawsuit against"),
    ("116", "Find guilty or liable (legally)"),
    ("12", "Reject"),
    ("120", "Reject, not specified below"),
    ("121", "Reject material cooperation"),
    ("1211", "Reject economic cooperation"),
    ("1212", "Reject military cooperation"),
    ("122", "Reject request or demand for material aid, not specified below"),
    ("1221", "Reject request for economic aid"),
    ("1222", "Reject request for military aid"),
    ("1223", "Reject request for humanitarian aid"),
    ("1224", "Reject request for military protection or peacekeeping"),
    ("123", "Reject request or demand for political reform, not specified below"),
    ("1231", "Reject request for change in leadership"),
    ("1232", "Reject request for policy change"),
    ("1233", "Reject request for rights"),
    ("1234", "Reject request for change in institutions, regime"),
    ("124", "Refuse to yield, not specified below"),
    ("1241", "Refuse to ease administrative sanctions"),
    ("1242", "Refuse to ease popular dissent"),
    ("1243", "Refuse to release persons or property"),
    ("1244", "Refuse to ease economic sanctions, boycott, or embargo"),
    ("1245", "Refuse to allow international involvement (non mediation)"),
    ("1246", "Refuse to de-escalate military engagement"),
    ("125", "Reject proposal to meet, discuss, or negotiate"),
    ("126", "Reject mediation"),
    ("127", "Reject plan, agreement to settle dispute"),
    ("128", "Defy norms, law"),
    ("129", "Veto"),
    ("13", "Threaten"),
    ("130", "Threaten, not specified below"),
    ("131", "Threaten non-force, not specified below"),
    ("1311", "Threaten to reduce or stop aid"),
    ("1312", "Threaten with sanctions, boycott, embargo"),
    ("1313", "Threaten to reduce or break relations"),
    ("132", "Threaten with administrative sanctions, not specified below"),
    ("1321", "Threaten with restrictions on political freedoms"),
    ("1322", "Threaten to ban political parties or politicians"),
    ("1323", "Threaten to impose curfew"),
    ("1324", "Threaten to impose state of emergency or martial law"),
    ("133", "Threaten with political dissent, protest"),
    ("134", "Threaten to halt negotiations"),
    ("135", "Threaten to halt mediation"),
    ("136", "Threaten to halt international involvement (non-mediation)"),
    ("137", "Threaten with repression"),
    ("138", "Threaten with military force, not specified below"),
    ("1381", "Threaten blockade"),
    ("1382", "Threaten occupation"),
    ("1383", "Threaten unconventional violence"),
    ("1384", "Threaten conventional attack"),
    ("1385", "Threaten attack with WMD"),
    ("139", "Give ultimatum"),
    ("14", "Protest"),
    ("140", "Engage in political dissent, not specified below"),
    ("141", "Demonstrate or rally, not specified below"),
    ("1411", "Demonstrate for leadership change"),
    ("1412", "Demonstrate for policy change"),
    ("1413", "Demonstrate for rights"),
    ("1414", "Demonstrate for change in institutions, regime"),
    ("142", "Conduct hunger strike, not specified below"),
    ("1421", "Conduct hunger strike for leadership change"),
    ("1422", "Conduct hunger strike for policy change"),
    ("1423", "Conduct hunger strike for rights"),
    ("1424", "Conduct hunger strike for change in institutions, regime"),
    ("143", "Conduct strike or boycott, not specified below"),
    ("1431", "Conduct strike or boycott for leadership change"),
    ("1432", "Conduct strike or boycott for policy change"),
    ("1433", "Conduct strike or boycott for rights"),
    ("1434", "Conduct strike or boycott for change in institutions, regime"),
    ("144", "Obstruct passage, block, not specified below"),
    ("1441", "Obstruct passage to demand leadership change"),
    ("1442", "Obstruct passage to demand policy change"),
    ("1443", "Obstruct passage to demand rights"),
    ("1444", "Obstruct passage to demand change in institutions, regime"),
    ("145", "Protest violently, riot, not specified below"),
    ("1451", "Engage in violent protest for leadership change"),
    ("1452", "Engage in violent protest for policy change"),
    ("1453", "Engage in violent protest for rights"),
    ("1454", "Engage in violent protest for change in institutions, regime"),
    ("15", "Exhibit force posture"),
    ("150", "Demonstrate military or police power, not specified below"),
    ("151", "Increase police alert status"),
    ("152", "Increase military alert status"),
    ("153", "Mobilize or increase police power"),
    ("154", "Mobilize or increase armed forces"),
    ("155", "Mobilize or increase cyber-forces"),
    ("16", "Reduce relations"),
    ("160", "Reduce relations, not specified below"),
    ("161", "Reduce or break diplomatic relations"),
    ("162", "Reduce or stop material aid, not specified below"),
    ("1621", "Reduce or stop economic assistance"),
    ("1622", "Reduce or stop military assistance"),
    ("1623", "Reduce or stop humanitarian assistance"),
    ("163", "Impose embargo, boycott, or sanctions"),
    ("164", "Halt negotiations"),
    ("165", "Halt mediation"),
    ("166", "Expel or withdraw, not specified below"),
    ("1661", "Expel or withdraw peacekeepers"),
    ("1662", "Expel or withdraw inspectors, observers"),
    ("1663", "Expel or withdraw aid agencies"),
    ("17", "Coerce"),
    ("170", "Coerce, not specified below"),
    ("171", "Seize or damage property, not specified below"),
    ("1711", "Confiscate property"),
    ("1712", "Destroy property"),
    ("172", "Impose administrative sanctions, not specified below"),
    ("1721", "Impose restrictions on political freedoms"),
    ("1722", "Ban political parties or politicians"),
    ("1723", "Impose curfew"),
    ("1724", "Impose state of emergency or martial law"),
    ("173", "Arrest, detain, or charge with legal action"),
    ("174", "Expel or deport individuals"),
    ("175", "Use tactics of violent repression"),
    ("176", "Attack cybernetically"),
    ("18", "Assault"),
    ("180", "Use unconventional violence, not specified below"),
    ("181", "Abduct, hijack, or take hostage"),
    ("182", "Physically assault, not specified below"),
    ("1821", "Sexually assault"),
    ("1822", "Torture"),
    ("1823", "Kill by physical assault"),
    ("183", "Conduct suicide, car, or other non-military bombing, not specified below"),
    ("1831", "Carry out suicide bombing"),
    ("1832", "Carry out vehicular bombing"),
    ("1833", "Carry out roadside bombing"),
    ("1834", "Carry out location bombing"),
    ("184", "Use as human shield"),
    ("185", "Attempt to assassinate"),
    ("186", "Assassinate"),
    ("19", "Fight"),
    ("190", "Use conventional military force, not specified below"),
    ("191", "Impose blockade, restrict movement"),
    ("192", "Occupy territory"),
    ("193", "Fight with small arms and light weapons"),
    ("194", "Fight with artillery and tanks"),
    ("195", "Employ aerial weapons, not specified below"),
    ("1951", "Employ precision-guided aerial munitions"),
    ("1952", "Employ remotely piloted aerial munitions"),
    ("196", "Violate ceasefire"),
    ("20", "Use unconventional mass violence"),
    ("200", "Use unconventional mass violence, not specified below"),
    ("201", "Engage in mass expulsion"),
    ("202", "Engage in mass killings"),
    ("203", "Engage in ethnic cleansing"),
    ("204", "Use weapons of mass destruction, not specified below"),
    ("2041", "Use chemical, biological, or radiological weapons"),
    ("2042", "Detonate nuclear weapons"),
)

CODE_DIGITS_SQL = "length(code) BETWEEN 2 AND 4 AND ltrim(code, '0123456789') = ''"
FAMILY_SQL = "family = substr(code, 1, 2)"
ROOT_SQL = "family BETWEEN '01' AND '20'"  # a new 2-digit code would be its own family

# The tables whose existing cameo_code becomes a foreign key, and those that get one.
KEYED = ("statements", "demands")
ADDED = ("events", "sanctions")
COMMENT = {
    "events": "CAMEO event code of what happened, if one fits",
    "sanctions": "CAMEO event code; a sanction is 163",
}


def _fk(table: str) -> str:
    return f"fk_{table}_cameo_code_cameo_codes"


def _fk_clause(table: str) -> str:
    return f"CONSTRAINT {_fk(table)} FOREIGN KEY(cameo_code) REFERENCES cameo_codes (code)"


# --- SQLite: rebuild a table in place, in the running transaction -----------------------------


def _one(pattern: str, replacement: str, sql: str, table: str) -> str:
    """`sql` with the one match of `pattern` replaced; raises unless there is exactly one."""
    result, count = re.subn(pattern, replacement, sql, flags=re.DOTALL)
    if count != 1:
        raise RuntimeError(f"0011: unexpected SQL of table {table}: {sql}")
    return result


def _add_fk(table: str, sql: str) -> str:
    """Append the table constraint that makes cameo_code a foreign key."""
    return _one(r"(\s*\)\s*)$", rf", \n\t{_fk_clause(table)}\1", sql, table)


def _drop_fk(table: str, sql: str) -> str:
    return _one(rf",\s*{re.escape(_fk_clause(table))}", "", sql, table)


def _add_column(table: str, sql: str) -> str:
    """Add cameo_code as the last column (before the first table constraint), with its key."""
    sql = _one(r",(\s+)(CONSTRAINT .*)$", r",\1cameo_code VARCHAR(4),\1\2", sql, table)
    return _add_fk(table, sql)


def _drop_column(table: str, sql: str) -> str:
    sql = _drop_fk(table, sql)
    return _one(r"\s+cameo_code VARCHAR\(4\),", "", sql, table)


def _quoted(names: Sequence[str]) -> str:
    return ", ".join(f'"{name}"' for name in names)


def _rebuild(bind: Connection, table: str, edit: Callable[[str, str], str]) -> None:
    """Drop `table` and create it again from `edit(table, its CREATE TABLE text)`, keeping its
    rows (in the columns both definitions have), its indexes, and the rows and references of
    the tables that point at it. Foreign keys stay enforced: deferred while the table is gone,
    checked after."""

    def rows(sql: str, *params: object) -> list[tuple[object, ...]]:
        result = bind.exec_driver_sql(sql, params) if params else bind.exec_driver_sql(sql)
        return [tuple(row) for row in result.all()]

    (old_sql,) = rows("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", table)[0]
    indexes = [
        sql
        for (sql,) in rows(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL ORDER BY name",
            table,
        )
    ]
    old_columns = [str(row[1]) for row in rows(f'PRAGMA table_info("{table}")')]
    tables = [str(name) for (name,) in rows("SELECT name FROM sqlite_master WHERE type = 'table'")]

    # Columns of other tables pointing at this one whose ON DELETE action would fire when DROP
    # TABLE deletes the rows: SET NULL ones are saved and restored; others are not expected.
    saved: list[tuple[str, str, str]] = []
    children: list[str] = []
    for child in tables:
        for fk in rows(f'PRAGMA foreign_key_list("{child}")'):
            if fk[2] != table or child == table:
                continue
            children.append(child)
            action = str(fk[6])
            if action == "SET NULL":
                saved.append((child, str(fk[3]), f"_dossier_0011_keep_{len(saved)}"))
            elif action != "NO ACTION":
                raise NotImplementedError(f"0011: {child}.{fk[3]} ON DELETE {action}")

    (deferred,) = rows("PRAGMA defer_foreign_keys")[0]
    bind.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    copy = "_dossier_0011_copy"
    bind.exec_driver_sql(f"CREATE TEMP TABLE {copy} ({_quoted(old_columns)})")  # untyped
    bind.exec_driver_sql(f'INSERT INTO temp.{copy} SELECT {_quoted(old_columns)} FROM "{table}"')
    for child, column, keep in saved:
        bind.exec_driver_sql(f"CREATE TEMP TABLE {keep} (rid, value)")
        bind.exec_driver_sql(
            f'INSERT INTO temp.{keep} SELECT rowid, "{column}" FROM "{child}" '
            f'WHERE "{column}" IS NOT NULL'
        )

    bind.exec_driver_sql(f'DROP TABLE "{table}"')
    bind.exec_driver_sql(edit(table, str(old_sql)))
    new_columns = {str(row[1]) for row in rows(f'PRAGMA table_info("{table}")')}
    kept = [name for name in old_columns if name in new_columns]
    bind.exec_driver_sql(
        f'INSERT INTO "{table}" ({_quoted(kept)}) SELECT {_quoted(kept)} FROM temp.{copy}'
    )
    for child, column, keep in saved:
        bind.exec_driver_sql(
            f'UPDATE "{child}" SET "{column}" = '
            f'(SELECT value FROM temp.{keep} WHERE rid = "{child}".rowid) '
            f"WHERE rowid IN (SELECT rid FROM temp.{keep})"
        )
        bind.exec_driver_sql(f"DROP TABLE temp.{keep}")
    bind.exec_driver_sql(f"DROP TABLE temp.{copy}")
    for sql in indexes:
        bind.exec_driver_sql(str(sql))

    for checked in dict.fromkeys([table, *children]):
        broken = rows(f'PRAGMA foreign_key_check("{checked}")')
        if broken:
            raise RuntimeError(f"0011: rebuilding {table} broke references of {checked}: {broken}")
    bind.exec_driver_sql(f"PRAGMA defer_foreign_keys = {'ON' if deferred else 'OFF'}")


# --- upgrade / downgrade -------------------------------------------------------------------


def upgrade() -> None:
    cameo_codes = op.create_table(
        "cameo_codes",
        sa.Column("code", sa.String(length=4), nullable=False, comment="e.g. '0255', '1053'"),
        sa.Column("label", sa.Text(), nullable=False, comment="The codebook's name of the code"),
        sa.Column(
            "family",
            sa.String(length=2),
            nullable=False,
            comment="The 2-digit root the code falls under, e.g. '10' (Demand)",
        ),
        sa.CheckConstraint(CODE_DIGITS_SQL, name=op.f("ck_cameo_codes_code_digits")),
        sa.CheckConstraint(FAMILY_SQL, name=op.f("ck_cameo_codes_family_is_prefix")),
        sa.CheckConstraint(ROOT_SQL, name=op.f("ck_cameo_codes_family_is_root")),
        sa.ForeignKeyConstraint(
            ["family"], ["cameo_codes.code"], name=op.f("fk_cameo_codes_family_cameo_codes")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_cameo_codes")),
        comment="The CAMEO 1.1b3 event codebook: every code, its label and its family.",
    )
    op.create_index(op.f("ix_cameo_codes_family"), "cameo_codes", ["family"], unique=False)
    op.bulk_insert(
        cameo_codes,
        [{"code": code, "label": label, "family": code[:2]} for code, label in CAMEO_CODES],
    )

    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for table in KEYED:
            _rebuild(bind, table, _add_fk)
        for table in ADDED:
            _rebuild(bind, table, _add_column)
    else:
        for table in KEYED:
            op.create_foreign_key(op.f(_fk(table)), table, "cameo_codes", ["cameo_code"], ["code"])
        for table in ADDED:
            op.add_column(
                table,
                sa.Column("cameo_code", sa.String(length=4), nullable=True, comment=COMMENT[table]),
            )
            op.create_foreign_key(op.f(_fk(table)), table, "cameo_codes", ["cameo_code"], ["code"])
    for table in ADDED:
        op.create_index(op.f(f"ix_{table}_cameo_code"), table, ["cameo_code"], unique=False)


def downgrade() -> None:
    for table in ADDED:
        op.drop_index(op.f(f"ix_{table}_cameo_code"), table_name=table)
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for table in ADDED:
            _rebuild(bind, table, _drop_column)
        for table in KEYED:
            _rebuild(bind, table, _drop_fk)
    else:
        for table in ADDED:
            op.drop_constraint(op.f(_fk(table)), table, type_="foreignkey")
            op.drop_column(table, "cameo_code")
        for table in KEYED:
            op.drop_constraint(op.f(_fk(table)), table, type_="foreignkey")
    op.drop_index(op.f("ix_cameo_codes_family"), table_name="cameo_codes")
    op.drop_table("cameo_codes")
