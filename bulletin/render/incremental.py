"""Render only what changed.

Each page's fingerprint combines what every page shows (site.yaml, the menu,
preview mode), its template with everything that template pulls in, its path
and its declared ``inputs`` (render/inputs.py). A page whose fingerprint
matches the last build, and whose file is still there untouched, is neither
rendered nor written. Generated files (feeds, features' data) are kept the
same way, as a group, when their producer gives a fingerprint.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import jinja2

from bulletin.cache.store import Memo
from bulletin.model.library import Library
from bulletin.render.feature import Feature
from bulletin.render.inputs import PageInputs, TemplateHashes, fingerprint
from bulletin.render.outputs import OutputFile
from bulletin.render.pages import common_context
from bulletin.render.parallel import PageBatch, render_pages
from bulletin.render.plan import PageSpec, SitePlan
from bulletin.router import Router

# Up to this many pages rendered by the workers, the generated files are made meanwhile
# (above it, the pages' bytes waiting in memory would cost more than the overlap saves).
OVERLAP_PAGES = 1_000


class PreviousBuild(Protocol):
    """What the last build left, as far as rendering needs to know."""

    def up_to_date(self, path: str, fingerprint: str | None) -> bool: ...

    def group_paths(self, name: str, fingerprint: str | None) -> list[str] | None: ...

    def recorded_paths(self, name: str) -> list[str] | None: ...


class NoPreviousBuild:
    """A clean build: nothing is up to date."""

    def up_to_date(self, path: str, fingerprint: str | None) -> bool:
        return False

    def group_paths(self, name: str, fingerprint: str | None) -> list[str] | None:
        return None

    def recorded_paths(self, name: str) -> list[str] | None:
        return None


@dataclass
class RenderResult:
    kept: list[str]  # paths left as the last build wrote them
    fingerprints: dict[str, str | None] = field(default_factory=dict)  # every page and generated file
    groups: dict[str, tuple[str | None, list[str]]] = field(default_factory=dict)  # generated: name → paths
    rendered_pages: int = 0


def render_changed(lib: Library, plan: SitePlan, env: jinja2.Environment, router: Router,
                   previous: PreviousBuild, sink: Callable[[OutputFile], None],
                   jobs: int = 1, memo: Memo | None = None, features: Sequence[Feature] = ()) -> RenderResult:
    """Render what is out of date into ``sink`` (the writer), page by page, so that a
    large site never has to sit in memory; returns what was kept and every fingerprint."""
    result = RenderResult([])
    common_token = PageInputs(lib).common([(f.name, f.nav_items(router)) for f in features])
    templates = TemplateHashes(env, memo)
    todo = []
    for spec in _pages_to_check(plan, previous, common_token, templates, result):
        token = None if spec.inputs is None else fingerprint(
            common_token, templates.closure(spec.template, spec.includes), spec.path, spec.inputs)
        result.fingerprints[spec.path] = token
        if previous.up_to_date(spec.path, token):
            result.kept.append(spec.path)
        else:
            todo.append(spec)
    pages = render_pages(env, todo, common_context(lib, router, features), router, jobs)
    try:
        if pages.in_workers and len(todo) <= OVERLAP_PAGES:
            # A few hundred pages (a new issue): this process makes the generated files while
            # the workers render; their bytes wait in memory, little at this size.
            _make_groups(plan, previous, sink, memo, result)
            _write_pages(pages, sink)
        else:
            _write_pages(pages, sink)
            pages.close()  # the page workers' memory is given back before the features' pools start
            _make_groups(plan, previous, sink, memo, result)
    finally:
        pages.close()
    result.rendered_pages = len(todo)
    return result


def _pages_to_check(plan: SitePlan, previous: PreviousBuild, common_token: str, templates: TemplateHashes,
                    result: RenderResult) -> list[PageSpec]:
    """The plan's pages in order, each bundle (render/plan.py PageBundle) in its place: kept whole
    when its fingerprint and files are as the last build recorded them, else given page by page."""
    specs = plan.pages[:plan.bundle_place]
    for bundle in plan.bundles:
        token = fingerprint(common_token, [templates.closure(name) for name in bundle.templates], bundle.token)
        kept = None if bundle.expanded else previous.group_paths(bundle.name, token)
        if kept is None:
            specs += bundle.specs()
        else:
            result.kept += kept
        result.groups[bundle.name] = (token, bundle.paths or [])
    return specs + plan.pages[plan.bundle_place:]


def _write_pages(pages: PageBatch, sink: Callable[[OutputFile], None]) -> None:
    for spec, data in pages:
        sink(OutputFile(spec.path, data))


def _make_groups(plan: SitePlan, previous: PreviousBuild, sink: Callable[[OutputFile], None], memo: Memo | None,
                 result: RenderResult) -> None:
    """The generated files (feeds, features' data): kept when their fingerprint says so, else made."""
    decided = [(group, previous.group_paths(group.name, group.fingerprint)) for group in plan.generated]
    for group, kept in decided:
        if kept is None and group.prefetch is not None:
            group.prefetch()
    for group, kept in decided:
        if kept is not None:
            result.kept += kept
            paths = kept
        else:
            made = group.make(memo)
            for item in made:
                sink(item)
            paths = [item.path for item in made]
        result.groups[group.name] = (group.fingerprint, paths)
        result.fingerprints.update({path: group.fingerprint for path in paths})
