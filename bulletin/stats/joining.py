"""From when each unit counts, and the articles that count: needed by the periods and by
the adoption events alike, so kept apart from both (no import circle between them)."""

from __future__ import annotations

from datetime import date

from bulletin.model.entities import Article
from bulletin.model.library import Library
from bulletin.stats.cache import per_library


def _published(lib: Library) -> list[Article]:
    """``published``, made once per build; not to be changed by callers."""
    return per_library(lib, "published", lambda: [a for a in lib.articles if not a.draft])


def counting_from(lib: Library) -> dict[str, date | None]:
    """From which day each unit is expected to send information (None: from the start). Made
    once per build (it reads every article; the periods, events and rankings of each kind ask),
    a copy for each caller."""
    return dict(per_library(lib, "counting-from", lambda: _counting_from(lib)))


def _counting_from(lib: Library) -> dict[str, date | None]:
    batch_since: dict[int, date] = {}
    for unit in lib.units:
        if unit.batch is not None and unit.since is not None:
            batch_since[unit.batch] = min(unit.since, batch_since.get(unit.batch, unit.since))
    first_batch = min((u.batch for u in lib.units if u.batch is not None), default=None)
    # the batches that count from their first article: no date of their own, not the first (usually none,
    # and then the campaign's articles need not be read)
    undated = {u.batch for u in lib.units if u.since is None and u.batch is not None and u.batch != first_batch
               and u.batch not in batch_since}
    batch_first_article: dict[int, date] = {}
    if undated:
        batch_of = {u.id: u.batch for u in lib.units if u.batch in undated}
        for article in _published(lib):
            for unit_id in article.unit_ids:
                batch = batch_of.get(unit_id)
                if batch is not None:
                    batch_first_article[batch] = min(article.date, batch_first_article.get(batch, article.date))
    result: dict[str, date | None] = {}
    for unit in lib.units:
        if unit.since is not None:
            result[unit.id] = unit.since
        elif unit.batch is None or unit.batch == first_batch:
            result[unit.id] = None
        else:
            result[unit.id] = batch_since.get(unit.batch) or batch_first_article.get(unit.batch)
    return result
