"""Finding the span of quoted words in a document's text."""

from __future__ import annotations


class SpanError(ValueError):
    """The quote is absent, ambiguous, or the occurrence asked for does not exist."""


def occurrences(text: str, quote: str, limit: int | None = None) -> list[int]:
    """Start offsets (code points) of every occurrence of `quote`, overlapping ones included.

    With `limit`, at most the first `limit` of them (a hostile text may hold millions).
    """
    found: list[int] = []
    start = text.find(quote)
    while start != -1 and (limit is None or len(found) < limit):
        found.append(start)
        start = text.find(quote, start + 1)
    return found


def find_span(text: str, quote: str, occurrence: int | None = None) -> tuple[int, int]:
    """`[start, end)` of `quote` in `text`: its only occurrence, or the `occurrence`-th (from 1)."""
    if not quote:
        raise SpanError("the quote is empty")
    starts = occurrences(text, quote, 2 if occurrence is None else max(occurrence, 1))
    if not starts:
        from seeds.quotes import explain  # only now: it needs the loader, which needs this

        raise SpanError(explain(text, quote))
    if occurrence is None:
        if len(starts) > 1:
            count = len(occurrences(text, quote))
            raise SpanError(
                f"quote occurs {count} times; say which with 'occurrence': {shortened(quote)!r}"
            )
        start = starts[0]
    elif 1 <= occurrence <= len(starts):
        start = starts[occurrence - 1]
    else:
        count = len(occurrences(text, quote))
        raise SpanError(
            f"occurrence {occurrence} asked for, but the quote occurs {count} time(s): "
            f"{shortened(quote)!r}"
        )
    return start, start + len(quote)


def shortened(quote: str, limit: int = 60) -> str:
    return quote if len(quote) <= limit else quote[: limit - 1] + "…"
