"""The one place that knows where every page lives in the output.

Paths are relative to the output root, with "/" and no leading slash
(``issues/2011/003/index.html``). Pages link to each other with relative
hrefs (``RelativeLinks``) so the site works from any sub-path and from disk;
links name ``index.html`` explicitly because file:// has no directory index.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from urllib.parse import quote

from bulletin.model.entities import Article, Issue, Page, Stage, Unit
from bulletin.stats.periods import Period

_UNSAFE = re.compile(r"[^\w\-\u3400-\u9fff]+")


def safe_name(word: str) -> str:
    """A file-name-safe form of a tag or slug; never empty, never a path."""
    cleaned = _UNSAFE.sub("-", word).strip("-.")[:60]
    if not cleaned:
        cleaned = "x" + hashlib.blake2b(word.encode(), digest_size=4).hexdigest()
    return cleaned


class Router:
    home = "index.html"
    archive = "issues/index.html"
    units_index = "units/index.html"
    tags_index = "tags/index.html"
    stages_index = "stages/index.html"
    feed = "feed.xml"
    sitemap = "sitemap.xml"
    not_found = "404.html"
    search = "search/index.html"

    def year(self, year: int) -> str:
        return f"issues/{year}/index.html"

    def issue_folder(self, issue: Issue) -> str:
        return f"issues/{issue.year}/{issue.number:03d}"

    def issue(self, issue: Issue) -> str:
        return f"{self.issue_folder(issue)}/index.html"

    def article(self, article: Article) -> str:
        year, number = article.issue_key
        return f"issues/{year}/{number:03d}/{safe_name(article.slug)}.html"

    def asset(self, source_rel: str, issue: Issue | None = None) -> str:
        """Where a content file (image, attachment) is copied: beside its page."""
        if issue is not None:
            inner = posixpath.relpath(source_rel, issue.folder)
            return f"{self.issue_folder(issue)}/{inner}"
        return source_rel

    def unit(self, unit: Unit | str) -> str:
        unit_id = unit if isinstance(unit, str) else unit.id
        return f"units/{safe_name(unit_id)}.html"

    def kind(self, kind: str) -> str:
        return f"kinds/{kind}.html"

    def tag(self, tag: str) -> str:
        return f"tags/{safe_name(tag)}.html"

    def stage(self, stage: Stage | str) -> str:
        stage_id = stage if isinstance(stage, str) else stage.id
        return f"stages/{safe_name(stage_id)}.html"

    def page(self, page: Page) -> str:
        return f"pages/{safe_name(page.slug)}.html"

    def static(self, name: str) -> str:
        return f"static/{name}"

    # -- statistics (bulletin/stats) --
    stats_index = "stats/index.html"  # also the whole campaign's ranking
    stats_figures = "stats/figures.html"

    def stats_periods(self, kind: str) -> str:
        """All periods of a kind side by side (year, stage, month)."""
        return f"stats/{kind}/index.html"

    def stats_period(self, period: Period) -> str:
        if period.kind == "all":
            return self.stats_index
        return f"stats/{period.kind}/{safe_name(period.key)}.html"

    def stats_csv(self, name: str) -> str:
        return f"stats/{safe_name(name)}.csv"

    def stats_chart(self, chart_id: str) -> str:
        return f"stats/charts/{safe_name(chart_id)}.svg"

    # -- search and feeds (bulletin/search, render/feeds.py) --
    def search_file(self, name: str) -> str:
        """A file of the search index (``meta.js``, ``index-b-007.js`` …), beside the search page."""
        return f"search/{name}"

    def unit_feed(self, unit: Unit | str) -> str:
        unit_id = unit if isinstance(unit, str) else unit.id
        return f"feeds/units/{safe_name(unit_id)}.xml"

    def kind_feed(self, kind: str) -> str:
        return f"feeds/kinds/{kind}.xml"


def relative(from_path: str, to_path: str) -> str:
    """The href from page ``from_path`` to ``to_path`` (both output-root paths)."""
    depth = from_path.count("/")
    return "../" * depth + quote(to_path, safe="/#?=&.-_~")


class RelativeLinks:
    """The router seen from one page: ``to.unit(u)`` is a relative href."""

    def __init__(self, router: Router, page_path: str) -> None:
        self._router = router
        self.page_path = page_path

    def path(self, to_path: str) -> str:
        return relative(self.page_path, to_path)

    def __getattr__(self, name: str):
        target = getattr(self._router, name)
        if callable(target):
            return lambda *args: relative(self.page_path, target(*args))
        return relative(self.page_path, target)
