"""The interface between the pipeline and a feature (search, statistics, PDFs …).

A feature is an object with a short ``name`` and up to six hooks. The
pipeline owns the list of features (``pipeline.available_features``) and hands
the enabled ones to the render stage; the render stage never imports a feature
and never asks what a feature can do: every hook has a default here.

Hooks (all pure functions of the library and the router; none writes files):

``plan(lib, router) -> list[PageSpec]``
    The feature's own HTML pages, with ``inputs`` (else rendered every build)
    and a ``lazy`` context for costly data. Paths come from the router.
``generated(lib, router, root) -> list[Generated]``
    Groups of non-HTML files (CSV, SVG, JS, PDF …). Each group has a ``name``
    (prefixed with the feature's name), a ``make(memo)`` that returns the files,
    a ``fingerprint`` (when it equals the last build's and the files are
    untouched, ``make`` is not called), when known beforehand the ``paths`` it
    will write (checked against every other output first), and optionally a
    ``prefetch()`` that the incremental engine calls for every group it will
    remake before it makes the first (the PDFs start them all in a worker pool).
    ``root`` is the content folder, for a feature that reads files from it
    (the PDFs' pictures and fonts); it must not list it (load does that).
``nav_items(router) -> list[NavItem]``
    Links to the feature's pages in the main menu or the footer.
``unit_extras(lib, unit) -> list[PageExtra]``
    What a unit page shows of the feature (statistics: charts, rank history).
``diagnose(lib, root, diags) -> None``
    Problems the feature has with the build as a whole, added to ``diags``
    before anything is written (the PDFs: an engine that cannot load, E604;
    fonts replaced by free ones, W470). An error stops the build.
``use_cache(memo) -> None``
    The build cache (None without one), given before ``plan``: for a feature whose
    fingerprints are costly to compute (statistics: each page's figures), to keep them
    between builds under a key naming all they are made from.

A feature switched off contributes nothing, so no page links to it: the site
has no broken link whichever features are on (tests/test_features.py).
Templates see the enabled names as ``features`` (a set), for markup that is
not a link (the search box in the header).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from bulletin.render.plan import Generated, NavItem, PageExtra, PageSpec

if TYPE_CHECKING:
    from bulletin.cache.store import Memo
    from bulletin.errors import Diagnostics
    from bulletin.model.entities import Unit
    from bulletin.model.library import Library
    from bulletin.router import Router


class Feature(Protocol):
    """Subclass it (``class StatsFeature(Feature)``) to inherit the empty hooks."""

    name: str  # short and stable: "search", "stats", "pdf"; the build option is --no-<name>

    def plan(self, lib: Library, router: Router) -> list[PageSpec]:
        return []

    def generated(self, lib: Library, router: Router, root: Path) -> list[Generated]:
        return []

    def nav_items(self, router: Router) -> list[NavItem]:
        return []

    def unit_extras(self, lib: Library, unit: Unit) -> list[PageExtra]:
        return []

    def diagnose(self, lib: Library, root: Path, diags: Diagnostics) -> None:
        return None

    def use_cache(self, memo: Memo | None) -> None:
        return None
