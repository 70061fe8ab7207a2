"""What the statistics read, as one fingerprint (see render/inputs.py): the
statistics pages, files and the unit pages' charts are remade only when it changes."""

from __future__ import annotations

from datetime import date

from bulletin.model.library import Library
from bulletin.render.inputs import fingerprint
from bulletin.stats.cache import per_library
from bulletin.stats.periods import Period, articles_in, counting_from, has_joined, published


def statistics_inputs(lib: Library) -> str:
    """site.yaml, the units, and each article's units, kind, date, title, place and
    metrics — not its text, so correcting a sentence leaves the statistics alone."""
    return per_library(lib, "inputs", lambda: fingerprint(
        repr(lib.site), [repr(u) for u in lib.units],
        [(a.source, a.title, a.kind, a.date, a.issue_key, a.position, a.unit_ids, a.metrics, a.draft)
         for a in lib.articles], [(i.key, i.date) for i in lib.issues]))


def period_inputs(lib: Library, period: Period, previous: Period | None, following: Period | None,
                  kinds: list[str]) -> str:
    """What one period's ranking page shows: its ranking — made from the published articles
    counted in it (units and kind), the units and whether each had joined by then — its
    neighbours and the statistics menu (``kinds``). A new issue changes the pages of the
    periods it falls in, not the other hundred."""
    if period.kind == "stage" or period.start is None or period.end is None:
        counted = fingerprint([(a.source, a.kind, a.unit_ids) for a in articles_in(lib, period)])
    else:
        tokens = per_library(lib, "month-tokens", lambda: _month_tokens(lib))
        counted = fingerprint([tokens.get(month) for month in _months_of(period.start, period.end)])
    joined = per_library(lib, "joined", lambda: counting_from(lib))
    units = per_library(lib, "unit-reprs", lambda: [repr(u) for u in lib.units])
    return fingerprint(repr(period), repr(previous), repr(following), kinds, units,
                       [has_joined(joined[u.id], period) for u in lib.units], counted)


def _month_tokens(lib: Library) -> dict[tuple[int, int], str]:
    """A fingerprint of each month's published articles, as a ranking counts them."""
    months: dict[tuple[int, int], list] = {}
    for a in published(lib):
        months.setdefault((a.date.year, a.date.month), []).append((a.source, a.kind, a.unit_ids))
    return {month: fingerprint(items) for month, items in months.items()}


def _months_of(start: date, end: date) -> list[tuple[int, int]]:
    result = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        result.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result
