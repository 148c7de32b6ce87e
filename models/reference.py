"""Reference data: code lists Dossier's facts point into, filled by the migrations."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base

# A code is 2 to 4 digits; its family is its first two, one of the 20 roots (the family is a
# foreign key to a row, but a new 2-digit code would be its own). Portable SQL.
CAMEO_CODE_DIGITS_SQL = "length(code) BETWEEN 2 AND 4 AND ltrim(code, '0123456789') = ''"
CAMEO_FAMILY_SQL = "family = substr(code, 1, 2)"
CAMEO_ROOT_SQL = "family BETWEEN '01' AND '20'"


class CameoCode(Base):
    """An event code of the CAMEO 1.1b3 codebook (Schrodt, Event Data Project, 2012).

    Every code of the codebook is a row (migration 0011 writes them): the 20 roots ("01" Make
    public statement … "20" Use unconventional mass violence), the 3-digit and 4-digit codes.
    A code's family is its root, itself a row.
    """

    __tablename__ = "cameo_codes"
    __table_args__ = (
        CheckConstraint(CAMEO_CODE_DIGITS_SQL, name="code_digits"),
        CheckConstraint(CAMEO_FAMILY_SQL, name="family_is_prefix"),
        CheckConstraint(CAMEO_ROOT_SQL, name="family_is_root"),
        {"comment": "The CAMEO 1.1b3 event codebook: every code, its label and its family."},
    )

    code: Mapped[str] = mapped_column(String(4), primary_key=True, comment="e.g. '0255', '1053'")
    label: Mapped[str] = mapped_column(Text, comment="The codebook's name of the code")
    family: Mapped[str] = mapped_column(
        String(2),
        ForeignKey("cameo_codes.code"),
        index=True,
        comment="The 2-digit root the code falls under, e.g. '10' (Demand)",
    )
