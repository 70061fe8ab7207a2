"""What the statistics read, as one fingerprint (see render/inputs.py): the
statistics pages, files and the unit pages' charts are remade only when it changes."""

from __future__ import annotations

from bulletin.model.library import Library
from bulletin.render.inputs import fingerprint
from bulletin.stats.cache import per_library
from bulletin.stats.periods import Period


def statistics_inputs(lib: Library) -> str:
    """site.yaml, the units, the register, the issues' printing dates and each article's units,
    kind, date, title, place, metrics and adoption — not its text, so correcting a sentence
    leaves the statistics alone."""
    return per_library(lib, "inputs", lambda: fingerprint(
        repr(lib.site), [repr(u) for u in lib.units], lib.has_register, [repr(s) for s in lib.submissions],
        [(i.key, i.date) for i in lib.issues],
        [(a.source, a.title, a.kind, a.date, a.issue_key, a.position, a.unit_ids, a.metrics, a.draft, a.adopts,
          a.adopted_elsewhere, a.instructions) for a in lib.articles]))


def period_inputs(lib: Library, period: Period, previous: Period | None, following: Period | None,
                  kinds: list[str]) -> str:
    """What one period's ranking page shows: its figures and lists, which rest on everything the
    statistics read (an item submitted in one period is adopted in another, 连续末位 looks back),
    its neighbours and the statistics menu (``kinds``). A sentence corrected in an article
    changes none of it."""
    return fingerprint(statistics_inputs(lib), repr(period), repr(previous), repr(following), kinds)
