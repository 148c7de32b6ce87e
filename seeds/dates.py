"""Dates a document may give only in part: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`."""

from __future__ import annotations

import datetime as dt
import re

PRECISION_OF_FORM = {10: "day", 7: "month", 4: "year"}
# ASCII digits only, and the whole text: `\d` would take other scripts' digits, `$` a final newline.
_FORM = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def parse_partial_date(value: object, precision: str | None = None) -> tuple[dt.date, str]:
    """The first day of the period and its precision; raises ValueError with the reason.

    A `precision` given beside the date must agree with the date's form.
    """
    if isinstance(value, dt.datetime):
        raise ValueError(f"{value!r} has a time of day; give a date")
    if isinstance(value, dt.date):
        text = value.isoformat()
    elif isinstance(value, int) and not isinstance(value, bool):
        text = f"{value:04d}"
    elif isinstance(value, str):
        text = value
    else:
        raise ValueError(f"{value!r} is not a date")
    match = _FORM.fullmatch(text)
    if not match:
        raise ValueError(f"{text!r} is not a date of the form YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = (int(g) if g else 1 for g in match.groups())
    try:
        first_day = dt.date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"{text!r} does not exist ({exc})") from exc
    form_precision = PRECISION_OF_FORM[len(text)]
    if precision is not None and precision != form_precision:
        raise ValueError(
            f"precision {precision!r} contradicts the date {text!r}, whose precision is "
            f"{form_precision!r}"
        )
    return first_day, form_precision
