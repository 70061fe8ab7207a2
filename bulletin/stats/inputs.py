"""What the statistics read, as one fingerprint (see render/inputs.py): the
statistics pages, files and the unit pages' charts are remade only when it changes."""

from __future__ import annotations

from bulletin.model.library import Library
from bulletin.render.inputs import fingerprint
from bulletin.stats.cache import per_library


def statistics_inputs(lib: Library) -> str:
    """site.yaml, the units, and each article's units, kind, date, title, place and
    metrics — not its text, so correcting a sentence leaves the statistics alone."""
    return per_library(lib, "inputs", lambda: fingerprint(
        repr(lib.site), [repr(u) for u in lib.units],
        [(a.source, a.title, a.kind, a.date, a.issue_key, a.position, a.unit_ids, a.metrics, a.draft)
         for a in lib.articles]))
