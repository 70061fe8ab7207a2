"""Which pages the site has, what each one shows, and rendering them.

``plan_site`` lists every output as a ``PageSpec`` (path, template, context) or
an asset copy; ``render_site`` turns the specs into bytes. Templates only lay
out what the context gives them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

import jinja2

from bulletin.errors import BuildError, Diagnostics
from bulletin.model.entities import KINDS, UNIT_TYPES, Article, Issue, Unit
from bulletin.model.library import Library, newest_first
from bulletin.render import feeds
from bulletin.render.outputs import OutputFile
from bulletin.router import RelativeLinks, Router
from bulletin.stats.unit import unit_stats

RECENT_COUNT = 12
DISTRIBUTION_ORDER = ("报", "送", "发")


@dataclass
class PageSpec:
    path: str
    template: str
    context: dict = field(default_factory=dict)


@dataclass
class SitePlan:
    pages: list[PageSpec]
    copies: list[OutputFile]


# Features that add pages and files of their own (search, statistics …): module
# names, each exposing ``plan(lib, router) -> list[PageSpec]`` and
# ``outputs(lib, router) -> list[OutputFile]`` for non-HTML files. A build may
# switch some off (``build --no-search``); templates see the enabled ones as ``features``.
FEATURES: list[str] = ["bulletin.stats.pages", "bulletin.search"]


def plan_site(lib: Library, root: Path, router: Router, features: list[str] | None = None) -> SitePlan:
    pages: list[PageSpec] = [
        PageSpec(router.home, "home.html", {"issue": lib.latest_issue,
                                             "recent": lib.recent_articles(RECENT_COUNT)}),
        PageSpec(router.archive, "archive.html", {"years": [(y, lib.issues_by_year[y]) for y in lib.years]}),
        PageSpec(router.units_index, "units.html", {"sections": unit_sections(lib)}),
        PageSpec(router.tags_index, "tags.html", {"tags": list(lib.by_tag.items())}),
        PageSpec(router.stages_index, "stages.html", {}),
        PageSpec(router.not_found, "404.html", {}),
    ]
    for year in lib.years:
        pages.append(PageSpec(router.year(year), "year.html",
                              {"year": year, "issues": lib.issues_by_year[year]}))
    for issue in lib.issues:
        pages.append(PageSpec(router.issue(issue), "issue.html", issue_context(lib, issue)))
        for article in issue.articles:
            previous, following = lib.neighbours(article)
            pages.append(PageSpec(router.article(article), "article.html", {
                "article": article, "issue": issue, "previous": previous, "next": following}))
    for unit in lib.units:
        pages.append(PageSpec(router.unit(unit), "unit.html", unit_context(lib, unit)))
    for kind in KINDS:
        pages.append(PageSpec(router.kind(kind), "kind.html",
                              {"kind": kind, "years": by_year(lib.by_kind[kind])}))
    for tag, articles in lib.by_tag.items():
        pages.append(PageSpec(router.tag(tag), "tag.html", {"tag": tag, "years": by_year(articles)}))
    for stage in lib.site.stages:
        pages.append(PageSpec(router.stage(stage), "stage.html",
                              {"stage": stage, "years": by_year(lib.by_stage[stage.id])}))
    for page in lib.pages:
        pages.append(PageSpec(router.page(page), "page.html", {"page": page}))
    for feature in _features(features):
        pages += feature.plan(lib, router)
    return SitePlan(pages, asset_copies(lib, root, router))


def feature_outputs(lib: Library, router: Router, features: list[str] | None = None) -> list[OutputFile]:
    return [item for feature in _features(features) for item in feature.outputs(lib, router)]


def _features(names: list[str] | None = None) -> list:
    return [import_module(name) for name in (FEATURES if names is None else names)]


def issue_context(lib: Library, issue: Issue) -> dict:
    distribution = dict(lib.site.distribution)
    distribution.update(issue.distribution)
    ordered = sorted(distribution.items(),
                     key=lambda kv: (DISTRIBUTION_ORDER.index(kv[0]) if kv[0] in DISTRIBUTION_ORDER else 9, kv[0]))
    return {
        "issue": issue,
        "distribution": [(who, names) for who, names in ordered if names],
        "copies": issue.copies or lib.site.copies,
    }


def unit_context(lib: Library, unit: Unit) -> dict:
    articles = lib.by_unit.get(unit.id, [])
    grouped = {kind: newest_first([a for a in articles if a.kind == kind]) for kind in KINDS}
    figures = [(a, a.metrics[unit.id]) for a in articles if unit.id in a.metrics]
    used = lib.metrics_used(f for _, f in figures)
    return {"unit": unit, "grouped": grouped, "count": len(articles),
            "figures": sorted(figures, key=lambda af: (af[0].date, af[0].issue_key)), "metrics": used,
            "unit_stats": unit_stats(lib, unit)}


def unit_sections(lib: Library) -> list[tuple[str, list[tuple[int | None, list[Unit]]]]]:
    """Units grouped by type (县市区 / 市直单位 / 其他) and, within a type, by batch."""
    sections = []
    for unit_type, label in UNIT_TYPES.items():
        of_type = [u for u in lib.units if u.type == unit_type]
        if not of_type:
            continue
        batches: dict[int | None, list[Unit]] = defaultdict(list)
        for unit in of_type:
            batches[unit.batch].append(unit)
        sections.append((label, sorted(batches.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))))
    return sections


def by_year(articles: list[Article]) -> list[tuple[int, list[Article]]]:
    years: dict[int, list[Article]] = defaultdict(list)
    for article in newest_first(articles):
        years[article.date.year].append(article)
    return sorted(years.items(), reverse=True)


def asset_copies(lib: Library, root: Path, router: Router) -> list[OutputFile]:
    copies = [OutputFile(router.asset(rel, issue), source=root / rel)
              for issue in lib.issues for rel in issue.assets]
    for folder in ("units", "pages"):
        base = root / folder
        if base.is_dir():
            copies += [OutputFile(p.relative_to(root).as_posix(), source=p)
                       for p in sorted(base.rglob("*")) if p.is_file() and p.suffix.lower() != ".md"]
    return copies


def static_copies(templates: Path) -> list[OutputFile]:
    static = templates / "static"
    if not static.is_dir():
        return []
    return [OutputFile("static/" + p.relative_to(static).as_posix(), source=p)
            for p in sorted(static.rglob("*")) if p.is_file()]


def render_site(lib: Library, plan: SitePlan, env: jinja2.Environment, router: Router,
                extra_globals: dict | None = None, features: list[str] | None = None) -> list[OutputFile]:
    enabled = list(FEATURES if features is None else features)
    common = {"site": lib.site, "lib": lib, "kinds": KINDS, "router": router, "features": enabled,
              **(extra_globals or {})}
    outputs: list[OutputFile] = []
    for spec in plan.pages:
        outputs.append(OutputFile(spec.path, render_page(env, spec, common, router)))
    outputs += feeds.render_feeds(lib, router)
    outputs += feature_outputs(lib, router, enabled)
    return outputs


def render_page(env: jinja2.Environment, spec: PageSpec, common: dict, router: Router) -> bytes:
    context = {**common, **spec.context, "page_path": spec.path, "to": RelativeLinks(router, spec.path)}
    try:
        return env.get_template(spec.template).render(context).encode("utf-8")
    except jinja2.TemplateError as exc:
        diags = Diagnostics()
        where = getattr(exc, "filename", None) or spec.template
        diags.add("E225", str(where), getattr(exc, "lineno", 0) or 0, problem=f"{exc} ({spec.path})")
        raise BuildError(diags) from None
