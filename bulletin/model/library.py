"""The library: every published item, ordered and indexed the ways pages need."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import attrgetter

from bulletin.model.content import Content, Link
from bulletin.model.entities import (
    KINDS,
    MAIN_SERIES,
    Article,
    Issue,
    IssueKey,
    Metric,
    Page,
    Series,
    SiteConfig,
    Stage,
    Submission,
    Unit,
)


class IssueIndex(dict[IssueKey, Issue]):
    """Issues by key. A bare ``(year, number)`` names a regular issue of the main series."""

    def __missing__(self, key: tuple) -> Issue:
        if isinstance(key, tuple) and len(key) == 2:
            return self[IssueKey(*key)]
        raise KeyError(key)


@dataclass
class Library:
    site: SiteConfig
    units: list[Unit]
    issues: list[Issue]  # series by series (main first), each in reading order
    pages: list[Page]
    articles: list[Article] = field(default_factory=list)  # in the order of ``issues``
    unit_by_id: dict[str, Unit] = field(default_factory=dict)
    issue_by_key: dict[IssueKey, Issue] = field(default_factory=IssueIndex)
    by_unit: dict[str, list[Article]] = field(default_factory=dict)
    by_kind: dict[str, list[Article]] = field(default_factory=dict)
    by_tag: dict[str, list[Article]] = field(default_factory=dict)
    by_stage: dict[str, list[Article]] = field(default_factory=dict)
    issues_by_year: dict[int, list[Issue]] = field(default_factory=dict)  # the main series'
    # Each series' issues in reading order: by year and number, a supplement after the
    # last regular issue of its year printed on or before its date.
    issues_by_series: dict[str, list[Issue]] = field(default_factory=dict)
    drafts_shown: bool = False
    withheld: list[Article] = field(default_factory=list)  # drafts and not-yet-due articles left out
    paths: frozenset[str] = frozenset()  # every file and folder of the content folder (load's listing)
    shared_assets: list[str] = field(default_factory=list)  # files beside profiles and pages (units/, pages/)
    files: frozenset[str] = frozenset()  # the files among ``paths``
    # Filled after the markdown stage: the content files published texts link (content path → first link),
    # and those of them that are published (validate/assets.py).
    links: dict[str, Link] = field(default_factory=dict)
    assets: list[str] = field(default_factory=list)
    submissions: list[Submission] = field(default_factory=list)  # the register's rows (报送登记)
    has_register: bool = False  # False: the office keeps no register; figures are adoption only
    _places: dict[IssueKey, int] = field(default_factory=dict, repr=False)  # each issue's place in its series

    def issue_of(self, article: Article) -> Issue:
        return self.issue_by_key[article.issue_key]

    def units_of(self, article: Article) -> list[Unit]:
        return [self.unit_by_id[u] for u in article.unit_ids]

    def stage_of(self, article: Article) -> Stage | None:
        return self.site.stage(article.stage_id)

    def metrics_used(self, figures: Iterable[dict[str, float]]) -> list[Metric]:
        """The site's metrics that occur in ``figures``, in site.yaml order."""
        figures = list(figures)
        return [m for m in self.site.metrics.values() if any(m.id in f for f in figures)]

    @property
    def series(self) -> list[Series]:
        """Every series, the main one first (site.yaml order)."""
        return self.site.series or [self.site.main_series]

    def issues_of(self, series: Series | str) -> list[Issue]:
        return self.issues_by_series.get(series if isinstance(series, str) else series.id, [])

    def years_of(self, series: Series | str) -> list[int]:
        """The years in which a series printed issues, newest first."""
        return sorted({i.year for i in self.issues_of(series)}, reverse=True)

    def issues_in_year(self, series: Series | str, year: int) -> list[Issue]:
        return [i for i in self.issues_of(series) if i.year == year]

    def issue_neighbours(self, issue: Issue) -> tuple[Issue | None, Issue | None]:
        """The previous and next issue of the same series (supplements included)."""
        siblings = self.issues_of(issue.series)
        i = self._places[issue.key]
        return (siblings[i - 1] if i > 0 else None, siblings[i + 1] if i + 1 < len(siblings) else None)

    @property
    def latest_issue(self) -> Issue | None:
        """The main series' latest issue."""
        main = self.issues_of(MAIN_SERIES)
        return main[-1] if main else None

    @property
    def latest_issues(self) -> list[Issue]:
        """The latest issue of every series that has one, the main series first."""
        return [self.issues_of(s)[-1] for s in self.series if self.issues_of(s)]

    def recent_articles(self, count: int) -> list[Article]:
        return newest_first(self.articles)[:count]

    @property
    def years(self) -> list[int]:
        return sorted(self.issues_by_year, reverse=True)


_NEWEST_FIRST = attrgetter("date", "issue_key", "position")  # (in C: listings sort ~90,000 articles a build)


def newest_first(articles: list[Article]) -> list[Article]:
    return sorted(articles, key=_NEWEST_FIRST, reverse=True)


def build_library(content: Content, include_drafts: bool = False) -> Library:
    # Withheld issues and pages (draft, not yet due) appear only in a preview with drafts.
    by_series = {series_id: [i for i in found if include_drafts or not i.withheld]
                 for series_id, found in _series_in_order(content).items()}
    issues = [issue for series_issues in by_series.values() for issue in series_issues]
    pages = [p for p in content.pages if include_drafts or not p.withheld]
    if include_drafts:
        _merge_drafts(issues, content.drafts)
    for series_issues in by_series.values():
        _number_totals(series_issues)
    lib = Library(content.site, content.units, issues, sorted(pages, key=lambda p: p.slug),
                  drafts_shown=include_drafts, withheld=[] if include_drafts else list(content.drafts),
                  paths=content.paths, shared_assets=content.shared_assets, files=content.files)
    lib.submissions = list(content.submissions or [])
    lib.has_register = content.submissions is not None
    return _indexed(lib, by_series)


def only_series(lib: Library, series_id: str) -> Library:
    """The library as if ``series_id`` were the only series: its issues and articles,
    every unit, numbering unchanged (``stats --series``)."""
    kept = {series_id: lib.issues_of(series_id)}
    view = Library(lib.site, lib.units, list(kept[series_id]), lib.pages, drafts_shown=lib.drafts_shown,
                   withheld=[a for a in lib.withheld if a.issue_key.series == series_id], paths=lib.paths,
                   shared_assets=lib.shared_assets, files=lib.files, links=lib.links, assets=lib.assets,
                   submissions=lib.submissions,
                   has_register=lib.has_register)  # the register is every series'

    return _indexed(view, kept)


def _indexed(lib: Library, by_series: dict[str, list[Issue]]) -> Library:
    """Fill the library's indexes from its issues."""
    issues = lib.issues
    lib.issues_by_series = by_series
    lib._places = {issue.key: n for series_issues in by_series.values() for n, issue in enumerate(series_issues)}
    lib.unit_by_id = {u.id: u for u in lib.units}
    lib.issue_by_key = IssueIndex((i.key, i) for i in issues)
    lib.articles = [a for issue in issues for a in issue.articles]
    by_unit: dict[str, list[Article]] = {u.id: [] for u in lib.units}
    by_kind: dict[str, list[Article]] = {k: [] for k in KINDS}
    by_tag: dict[str, list[Article]] = defaultdict(list)
    by_stage: dict[str, list[Article]] = {s.id: [] for s in lib.site.stages}
    for article in lib.articles:
        for unit_id in article.unit_ids:
            by_unit[unit_id].append(article)
        by_kind[article.kind].append(article)
        for tag in article.tags:
            by_tag[tag].append(article)
        if article.stage_id:
            by_stage[article.stage_id].append(article)
    lib.by_unit, lib.by_kind, lib.by_stage = by_unit, by_kind, by_stage
    lib.by_tag = dict(sorted(by_tag.items(), key=lambda kv: (-len(kv[1]), kv[0])))
    years: dict[int, list[Issue]] = defaultdict(list)
    for issue in by_series.get(MAIN_SERIES, []):
        years[issue.year].append(issue)
    lib.issues_by_year = dict(years)
    return lib


def _series_in_order(content: Content) -> dict[str, list[Issue]]:
    """Each series' issues in reading order, tied to the site's own Series objects
    (a validated issue from the build cache carries a copy) and articles to their issue."""
    series = content.site.series or [content.site.main_series]
    by_series: dict[str, list[Issue]] = {s.id: [] for s in series}
    for issue in content.issues:
        issue.series = next(s for s in series if s.id == issue.series.id)
        for article in issue.articles:
            article.issue = issue
        by_series[issue.series.id].append(issue)
    return {series_id: reading_order(found) for series_id, found in by_series.items()}


def reading_order(issues: list[Issue]) -> list[Issue]:
    """Regular issues by year and number; each supplement (增刊) after the last regular
    issue of its year printed on or before it, supplements of one place by number."""
    ordered = sorted((i for i in issues if not i.supplement), key=lambda i: (i.year, i.number))
    for supplement in sorted((i for i in issues if i.supplement), key=lambda i: (i.year, i.number)):
        place = 0
        for n, other in enumerate(ordered):
            if other.year < supplement.year or (other.year == supplement.year and (
                    other.supplement or other.date <= supplement.date)):
                place = n + 1
        ordered.insert(place, supplement)
    return ordered


def _number_totals(issues: list[Issue]) -> None:
    """总第N期 of one series: counted across years, supplements left out; an
    explicit ``total`` resets the count."""
    count = 0
    for issue in issues:
        if issue.supplement:
            continue
        if issue.total is not None:
            count = issue.total
        else:
            count += 1
            issue.total = count


def _merge_drafts(issues: list[Issue], drafts: list[Article]) -> None:
    by_key = {i.key: i for i in issues}
    for draft in drafts:
        draft.issue = by_key[draft.issue_key]
        draft.issue.articles.append(draft)
    for issue in issues:
        issue.articles.sort(key=lambda a: a.source)
        for position, article in enumerate(issue.articles, 1):
            article.position = position
