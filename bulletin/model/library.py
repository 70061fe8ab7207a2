"""The library: every published item, ordered and indexed the ways pages need."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from bulletin.model.content import Content
from bulletin.model.entities import KINDS, Article, Issue, Metric, Page, SiteConfig, Stage, Unit


@dataclass
class Library:
    site: SiteConfig
    units: list[Unit]
    issues: list[Issue]  # oldest first
    pages: list[Page]
    articles: list[Article] = field(default_factory=list)  # oldest first
    unit_by_id: dict[str, Unit] = field(default_factory=dict)
    issue_by_key: dict[tuple[int, int], Issue] = field(default_factory=dict)
    by_unit: dict[str, list[Article]] = field(default_factory=dict)
    by_kind: dict[str, list[Article]] = field(default_factory=dict)
    by_tag: dict[str, list[Article]] = field(default_factory=dict)
    by_stage: dict[str, list[Article]] = field(default_factory=dict)
    issues_by_year: dict[int, list[Issue]] = field(default_factory=dict)
    drafts_shown: bool = False
    withheld: list[Article] = field(default_factory=list)  # drafts and not-yet-due articles left out
    paths: frozenset[str] = frozenset()  # every file and folder of the content folder (load's listing)
    shared_assets: list[str] = field(default_factory=list)  # files beside profiles and pages, copied as they are

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
    def latest_issue(self) -> Issue | None:
        return self.issues[-1] if self.issues else None

    def recent_articles(self, count: int) -> list[Article]:
        return newest_first(self.articles)[:count]

    @property
    def years(self) -> list[int]:
        return sorted(self.issues_by_year, reverse=True)


def newest_first(articles: list[Article]) -> list[Article]:
    return sorted(articles, key=lambda a: (a.date, a.issue_key, a.position), reverse=True)


def build_library(content: Content, include_drafts: bool = False) -> Library:
    issues = sorted(content.issues, key=lambda i: i.key)
    if include_drafts:
        _merge_drafts(issues, content.drafts)
    _number_totals(issues)
    lib = Library(content.site, content.units, issues, sorted(content.pages, key=lambda p: p.slug),
                  drafts_shown=include_drafts, withheld=[] if include_drafts else list(content.drafts),
                  paths=content.paths, shared_assets=content.shared_assets)
    lib.unit_by_id = {u.id: u for u in content.units}
    lib.issue_by_key = {i.key: i for i in issues}
    lib.articles = [a for issue in issues for a in issue.articles]
    by_unit: dict[str, list[Article]] = {u.id: [] for u in content.units}
    by_kind: dict[str, list[Article]] = {k: [] for k in KINDS}
    by_tag: dict[str, list[Article]] = defaultdict(list)
    by_stage: dict[str, list[Article]] = {s.id: [] for s in content.site.stages}
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
    for issue in issues:
        years[issue.year].append(issue)
    lib.issues_by_year = dict(years)
    return lib


def _number_totals(issues: list[Issue]) -> None:
    """总第N期: counted across years; an explicit ``total`` resets the count."""
    count = 0
    for issue in issues:
        if issue.total is not None:
            count = issue.total
        else:
            count += 1
            issue.total = count


def _merge_drafts(issues: list[Issue], drafts: list[Article]) -> None:
    by_key = {i.key: i for i in issues}
    for draft in drafts:
        by_key[draft.issue_key].articles.append(draft)
    for issue in issues:
        issue.articles.sort(key=lambda a: a.source)
        for position, article in enumerate(issue.articles, 1):
            article.position = position
