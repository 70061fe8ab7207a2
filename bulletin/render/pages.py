"""Which pages the site has, what each one shows, and rendering one page.

``plan_site`` lists every output as a ``PageSpec`` (path, template, context),
a generated group or an asset copy (render/plan.py), asking each enabled
feature (render/feature.py) for its pages, files and extras; ``render_page``
turns one spec into bytes. Templates only lay out what the context gives them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

import jinja2

from bulletin.cache.store import Memo
from bulletin.errors import BuildError, Diagnostics
from bulletin.model.entities import KINDS, UNIT_TYPES, Article, Issue, Series, Unit
from bulletin.model.library import Library
from bulletin.render import feeds
from bulletin.render.feature import Feature
from bulletin.render.inputs import PageInputs, fingerprint
from bulletin.render.listing import ListingPage, Route, split_listing
from bulletin.render.outputs import OutputFile
from bulletin.render.plan import NavItem, PageBundle, PageExtra, PageSpec, SitePlan
from bulletin.router import RelativeLinks, Router

RECENT_COUNT = 12
DISTRIBUTION_ORDER = ("报", "送", "发")


def plan_site(lib: Library, root: Path, router: Router, features: Sequence[Feature] = (),
              memo: Memo | None = None) -> SitePlan:
    """Every output of the site; ``features`` are the enabled ones, in the pipeline's order.
    ``memo``: the build cache, which keeps the pages' inputs that are costly to make."""
    track = PageInputs(lib, memo)
    latest = lib.latest_issue
    others = [i for i in lib.latest_issues if not i.series.main]  # the latest of every other series
    recent = lib.recent_articles(RECENT_COUNT)
    pages: list[PageSpec] = [
        PageSpec(router.home, "home.html", {"issue": latest, "others": others, "recent": recent},
                 [track.issue(latest) if latest else None,
                  track.cards(latest.articles if latest else []), track.cards(recent),
                  [(track.issue(i), track.cards(i.articles)) for i in others]]),
        PageSpec(router.units_index, "units.html", {"sections": unit_sections(lib)},
                 [(repr(u), len(lib.by_unit[u.id])) for u in lib.units]),
        PageSpec(router.tags_index, "tags.html", {"tags": list(lib.by_tag.items())},
                 [(tag, len(articles)) for tag, articles in lib.by_tag.items()]),
        PageSpec(router.stages_index, "stages.html", {},
                 [len(lib.by_stage[s.id]) for s in lib.site.stages]),
        PageSpec(router.not_found, "404.html", {}, []),
    ]
    for series in lib.series:
        pages += series_archive_pages(lib, series, router, track)
    place = len(pages)  # the issues' pages come here, in order (the first claim on a path owns it)
    bundles = [issue_bundle(lib, issue, router, track) for issue in lib.issues]
    for unit in lib.units:
        pages += unit_pages(lib, unit, router, track, features)
    for kind in KINDS:
        pages += listing_pages("kind.html", {"kind": kind}, lib.site.kinds[kind], lib.by_kind[kind],
                               partial(router.kind, kind), track)
    for tag, articles in lib.by_tag.items():
        pages += listing_pages("tag.html", {"tag": tag}, f"标签：{tag}", articles,
                               partial(router.tag, tag), track)
    for stage in lib.site.stages:
        pages += listing_pages("stage.html", {"stage": stage}, stage.name, lib.by_stage[stage.id],
                               partial(router.stage, stage), track)
    for page in lib.pages:
        pages.append(PageSpec(router.page(page), "page.html", {"page": page}, [page.digest], origin=page.source))
    generated = feeds.feed_groups(lib, router, track)
    for feature in features:
        pages += feature.plan(lib, router)
        generated += feature.generated(lib, router, root)
    return SitePlan(pages, asset_copies(lib, root, router), generated, unpublished_assets(lib, router), bundles, place)


def issue_bundle(lib: Library, issue: Issue, router: Router, track: PageInputs) -> PageBundle:
    """An issue's page and its articles' pages. Their token covers all they show and their paths:
    the issue's masthead (track.issue), each article's card (its link and its neighbours' titles),
    source file and stage (together track.article), and the neighbouring issues."""
    neighbours = lib.issue_neighbours(issue)
    token = fingerprint("issue pages", track.issue(issue),
                        [(track.card(a), a.digest, a.stage_id) for a in issue.articles],
                        [track.issue(i) if i else None for i in neighbours])
    return PageBundle(token, ("issue.html", "article.html"), issue.source,
                      partial(issue_pages, lib, issue, neighbours, router, track))


def issue_pages(lib: Library, issue: Issue, neighbours: tuple[Issue | None, Issue | None], router: Router,
                track: PageInputs) -> list[PageSpec]:
    pages = [PageSpec(router.issue(issue), "issue.html", issue_context(lib, issue),
                      [track.issue(issue), [track.article(a) for a in issue.articles],
                       [track.issue(i) if i else None for i in neighbours]], origin=issue.source)]
    siblings = issue.articles
    for i, article in enumerate(siblings):
        # its neighbours by place, without searching the list (dataclass == is slow at 10,000 articles)
        previous = siblings[i - 1] if i > 0 else None
        following = siblings[i + 1] if i + 1 < len(siblings) else None
        pages.append(PageSpec(router.article(article), "article.html", {
            "article": article, "issue": issue, "previous": previous, "next": following},
            [track.article(article), track.issue(issue),
             [(a.slug, a.title) if a else None for a in (previous, following)]], origin=article.source))
    return pages


def series_archive_pages(lib: Library, series: Series, router: Router, track: PageInputs) -> list[PageSpec]:
    """A series' archive (the main series': 往期简报) and its year pages; supplements
    (增刊第N期) stand beside the regular issues of their year."""
    issues = lib.issues_of(series)
    years = [(y, lib.issues_in_year(series, y)) for y in lib.years_of(series)]
    counts = {"issue_count": len(issues), "supplement_count": sum(1 for i in issues if i.supplement),
              "article_count": sum(len(i.articles) for i in issues)}
    # The list of series (archive.html, when there are several) shows each one's number of issues.
    others = [len(lib.issues_of(s)) for s in lib.series] if lib.site.has_several_series else []
    pages = [PageSpec(router.series_archive(series), "archive.html", {"series": series, "years": years, **counts},
                      [[track.issue(i) for i in issues], counts, others])]
    for year, in_year in years:
        pages.append(PageSpec(router.year(year, series), "year.html", {"series": series, "year": year,
                                                                       "issues": in_year},
                              [(track.issue(i), track.cards(i.articles)) for i in in_year]))
    return pages


def listing_pages(template: str, context: dict, title: str, articles: list[Article], route: Route,
                  track: PageInputs) -> list[PageSpec]:
    """A kind, tag or stage: its landing page (``template``) and its year pages."""
    landing, years = split_listing(title, articles, route)
    pages = [PageSpec(landing.landing, template, {**context, "listing": landing}, _listing_inputs(landing, track))]
    pages += [PageSpec(p.pages[p.page - 1][1], "listing_year.html", {"listing": p}, _listing_inputs(p, track))
              for p in years]
    return pages


def _listing_inputs(listing: ListingPage, track: PageInputs) -> list:
    if listing.year is None:  # the landing page shows the counts of every year
        years: list = [(y.year, y.count) for y in listing.years]
    else:  # a year page links the other years and counts only its own
        years = [y.year for y in listing.years] + [y.count for y in listing.years if y.year == listing.year]
    return [listing.title, listing.count if listing.year is None else None, years, listing.page,
            len(listing.pages), track.cards(listing.articles)]


def unit_pages(lib: Library, unit: Unit, router: Router, track: PageInputs,
               features: Sequence[Feature] = ()) -> list[PageSpec]:
    context = unit_context(lib, unit)
    landing, years = split_listing(unit.name, lib.by_unit.get(unit.id, []),
                                   lambda year, page: router.unit(unit, year, page))
    context["listing"] = landing
    extras = [extra for feature in features for extra in feature.unit_extras(lib, unit)]
    context["extras"] = extras
    figures = [(track.card(a), repr(values)) for a, values in context["figures"]]
    inputs = [track.unit(unit), context["kind_counts"], figures, [(e.slot, e.template, e.inputs) for e in extras]]
    pages = [PageSpec(router.unit(unit), "unit.html", context, inputs + _listing_inputs(landing, track),
                      lazy=_extras_context(extras), includes=tuple(e.template for e in extras),
                      origin=unit.profile_source or f"units.yaml ({unit.id})")]
    pages += [PageSpec(p.pages[p.page - 1][1], "listing_year.html", {"listing": p}, _listing_inputs(p, track),
                       origin=f"units.yaml ({unit.id})") for p in years]
    return pages


def _extras_context(extras: list[PageExtra]) -> Callable[[], dict] | None:
    """The features' costly context of a page, made only when the page is rendered."""
    makers = [e.context for e in extras if e.context is not None]
    if not makers:
        return None

    def make() -> dict:
        merged: dict = {}
        for maker in makers:
            merged.update(maker())
        return merged
    return make


def issue_context(lib: Library, issue: Issue) -> dict:
    """The issue page: its series' 报/送/发 and 共印N份 unless issue.md gives its own."""
    distribution = dict(issue.series.distribution)
    distribution.update(issue.distribution)
    previous, following = lib.issue_neighbours(issue)
    ordered = sorted(distribution.items(),
                     key=lambda kv: (DISTRIBUTION_ORDER.index(kv[0]) if kv[0] in DISTRIBUTION_ORDER else 9, kv[0]))
    return {
        "issue": issue,
        "distribution": [(who, names) for who, names in ordered if names],
        "copies": issue.copies or issue.series.copies,
        "previous_issue": previous, "next_issue": following,
    }


def unit_context(lib: Library, unit: Unit) -> dict:
    articles = lib.by_unit.get(unit.id, [])
    kind_counts = {kind: sum(1 for a in articles if a.kind == kind) for kind in KINDS}
    figures = [(a, a.metrics[unit.id]) for a in articles if unit.id in a.metrics]
    used = lib.metrics_used(f for _, f in figures)
    return {"unit": unit, "kind_counts": kind_counts, "count": len(articles),
            "figures": sorted(figures, key=lambda af: (af[0].date, af[0].issue_key)), "metrics": used}


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


def unpublished_assets(lib: Library, router: Router) -> list[tuple[str, str]]:
    """(output path, source) of the files of load's listing that are not published."""
    published = set(lib.assets)
    found = [(router.asset(rel, issue), rel) for issue in lib.issues for rel in issue.assets if rel not in published]
    return found + [(rel, rel) for rel in lib.shared_assets if rel not in published]


def asset_copies(lib: Library, root: Path, router: Router) -> list[OutputFile]:
    """Copies of the content files published texts link (validate/assets.py chose them among the
    files of load's listing)."""
    published = set(lib.assets)
    copies = [OutputFile(router.asset(rel, issue), source=root / rel, origin=rel)
              for issue in lib.issues for rel in issue.assets if rel in published]
    copies += [OutputFile(rel, source=root / rel, origin=rel) for rel in lib.shared_assets if rel in published]
    return copies


def static_copies(templates: Path) -> list[OutputFile]:
    static = templates / "static"
    if not static.is_dir():
        return []
    return [OutputFile("static/" + p.relative_to(static).as_posix(), source=p,
                       origin=p.relative_to(templates.parent).as_posix())
            for p in sorted(static.rglob("*")) if p.is_file()]


def common_context(lib: Library, router: Router, features: Sequence[Feature] = ()) -> dict:
    """What every template sees besides its page's own context."""
    nav: list[NavItem] = [item for feature in features for item in feature.nav_items(router)]
    return {"site": lib.site, "lib": lib, "kinds": KINDS, "router": router,
            "features": {feature.name for feature in features},
            "menu_extras": [item for item in nav if item.place == "menu"],
            "footer_extras": [item for item in nav if item.place == "footer"],
            "remember": Fragments()}


class Fragments:
    """``{% call remember(key…) %}…{% endcall %}`` in a template: the block is
    rendered once per build (and process) for each key and then reused. An
    article's entry in a list is the same on every list page at the same depth,
    and there are tens of thousands of them on a large site."""

    def __init__(self) -> None:
        self._made: dict[tuple, str] = {}

    def __call__(self, *key: object, caller: Callable[[], str]) -> str:
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = caller()
        return made


def render_page(env: jinja2.Environment, spec: PageSpec, common: dict, router: Router) -> bytes:
    context = {**common, **spec.context, **(spec.lazy() if spec.lazy else {}),
               "page_path": spec.path, "to": RelativeLinks(router, spec.path)}
    try:
        return env.get_template(spec.template).render(context).encode("utf-8")
    except jinja2.TemplateError as exc:
        diags = Diagnostics()
        where = getattr(exc, "filename", None) or spec.template
        diags.add("E225", str(where), getattr(exc, "lineno", 0) or 0, problem=f"{exc} ({spec.path})")
        raise BuildError(diags) from None
