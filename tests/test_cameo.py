"""CAMEO as reference data (issue 17): the codebook is a table, and codes are foreign keys into it.

Every test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError

ROOTS = {f"{n:02d}" for n in range(1, 21)}
UNKNOWN = "109"  # three digits, as a code is, but no code of the codebook (10x stops at 108)


def test_every_code_in_the_database_is_in_the_codebook(
    built_engine: Engine,
) -> None:
    with built_engine.connect() as conn:
        used = set(
            conn.execute(
                text(
                    "SELECT cameo_code FROM statements WHERE cameo_code IS NOT NULL "
                    "UNION SELECT cameo_code FROM demands "
                    "UNION SELECT cameo_code FROM sanctions WHERE cameo_code IS NOT NULL "
                    "UNION SELECT cameo_code FROM events WHERE cameo_code IS NOT NULL"
                )
            ).scalars()
        )
        known = set(conn.execute(text("SELECT code FROM cameo_codes")).scalars())
    assert {"163"} < used, "the seeds code statements, demands and sanctions (163)"
    assert used <= known, sorted(used - known)


def test_each_family_is_the_codes_root_and_a_row(migrated_engine: Engine) -> None:
    with migrated_engine.connect() as conn:
        rows = conn.execute(text("SELECT code, label, family FROM cameo_codes")).all()
    codes = {code for code, _, _ in rows}
    assert len(rows) == 316  # 20 roots, 149 codes of three digits, 147 of four
    assert all(code.isdigit() and 2 <= len(code) <= 4 for code in codes)
    assert all(label.strip() == label and label for _, label, _ in rows)
    assert all(family == code[:2] for code, _, family in rows)
    assert {code for code in codes if len(code) == 2} == ROOTS
    assert {family for _, _, family in rows} == ROOTS
    # Each 4-digit code sits under a 3-digit code of the codebook.
    assert all(code[:3] in codes for code in codes if len(code) == 4)


def test_labels_of_the_roots_and_of_a_sanction(migrated_engine: Engine) -> None:
    with migrated_engine.connect() as conn:
        label = {
            code: name for code, name in conn.execute(text("SELECT code, label FROM cameo_codes"))
        }
    assert label["01"] == "Make public statement"
    assert label["02"] == "Appeal"
    assert label["10"] == "Demand"
    assert label["163"] == "Impose embargo, boycott, or sanctions"


def test_the_glitch_codes_carry_the_manuals_labels(migrated_engine: Engine) -> None:
    """GDELT's CAMEO.eventcodes.txt, as copied in public repositories, garbles 044 ("Meet at a
    ÒhirdÓlocation") and fuses 106 onto 1056 ("Demand de-escalation of military
    engagement106:[-5.0] Demand withdrawal"). The labels below are those of the CAMEO 1.1b3
    manual (Schrodt, Event Data Project, March 2012), chapter 6 "CAMEO EVENT CODES", as read in
    two text renderings of the PDF (see migration 0011)."""
    with migrated_engine.connect() as conn:
        rows = conn.execute(
            text("SELECT code, label FROM cameo_codes WHERE code IN ('044', '1056', '106')")
        )
        label = {code: name for code, name in rows}
    assert label == {
        "044": 'Meet at a "third" location',
        "1056": "Demand de-escalation of military engagement",
        "106": "Demand meeting, negotiation",
    }


def _copy_with_code(engine: Engine, table: str) -> str:
    """SQL inserting a copy of the table's first row, with a fresh key and cameo_code :code."""
    columns = [c["name"] for c in inspect(engine).get_columns(table) if c["name"] != "id"]
    values = [
        ":code" if c == "cameo_code" else """"key" || '-copy'""" if c == "key" else f'"{c}"'
        for c in columns
    ]
    quoted = ", ".join(f'"{c}"' for c in columns)
    return (
        f"INSERT INTO {table} ({quoted}) "
        f"SELECT {', '.join(values)} FROM {table} WHERE id = (SELECT min(id) FROM {table})"
    )


@pytest.mark.parametrize(
    ("table", "known"),
    [("statements", "0255"), ("demands", "1053"), ("events", "036"), ("sanctions", "163")],
)
def test_a_row_with_an_unknown_code_is_refused(
    built_engine: Engine, table: str, known: str
) -> None:
    insert = text(_copy_with_code(built_engine, table))
    with built_engine.connect() as conn:
        # The same row with a code of the codebook goes in: only the code is refused below.
        trans = conn.begin()
        assert conn.execute(insert, {"code": known}).rowcount == 1
        trans.rollback()
        with pytest.raises(IntegrityError), conn.begin():
            conn.execute(insert, {"code": UNKNOWN})
        with pytest.raises(IntegrityError), conn.begin():
            conn.execute(
                text(
                    f"UPDATE {table} SET cameo_code = :code "
                    f"WHERE id = (SELECT min(id) FROM {table})"
                ),
                {"code": UNKNOWN},
            )


@pytest.mark.parametrize(
    ("code", "family"),
    [("1099", "11"), ("0999", "10"), ("10x", "10"), ("1", "1"), ("21", "21"), ("00", "00")],
)
def test_the_codebook_refuses_a_code_out_of_shape(
    migrated_engine: Engine, code: str, family: str
) -> None:
    """A code is 2-4 digits, its family its first two, and the family one of the 20 roots (a
    new 2-digit code would otherwise be its own family)."""
    with pytest.raises(IntegrityError), migrated_engine.begin() as conn:
        conn.execute(
            text("INSERT INTO cameo_codes (code, label, family) VALUES (:code, 'x', :family)"),
            {"code": code, "family": family},
        )


def test_views_show_each_codes_label_and_tell_appeals_from_demands(built_engine: Engine) -> None:
    with built_engine.connect() as conn:
        labels = dict(conn.execute(text("SELECT code, label FROM cameo_codes")).all())
        statements = conn.execute(text("SELECT cameo_code, cameo_label FROM v_statements")).all()
        demands = conn.execute(
            text("SELECT demand_id, cameo_code, cameo_label, demand_kind FROM v_demands")
        ).all()
        timeline = dict(
            conn.execute(
                text("SELECT fact_id, summary FROM v_timeline WHERE kind = 'demand'")
            ).all()
        )
    assert statements and all(label == labels[code] for code, label in statements if code)
    kinds = {"02": "appeal", "10": "demand"}
    assert all(label == labels[code] for _, code, label, _ in demands)
    assert all(kind == kinds.get(code[:2], "other") for _, code, _, kind in demands)
    appeals = [d for d in demands if d.demand_kind == "appeal"]
    assert appeals and len(appeals) < len(demands)  # the seeds have both
    for demand_id, _, _, kind in demands:
        verb = " appealed" if kind == "appeal" else " demanded"
        assert verb in timeline[demand_id], timeline[demand_id]
        assert (" demanded" in timeline[demand_id]) == (kind != "appeal")
