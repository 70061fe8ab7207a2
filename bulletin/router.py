"""The one place that knows where every page lives in the output.

Paths are relative to the output root, with "/" and no leading slash
(``issues/2011/003/index.html``). Pages link to each other with relative
hrefs (``RelativeLinks``) so the site works from any sub-path and from disk;
links name ``index.html`` explicitly because file:// has no directory index.

Every output is claimed once in an ``OutputRegistry`` before anything is
written: two sources that would be written to one file, or to two names that
only differ in case (one file on NTFS and FAT), or a name Windows cannot store
(CON, AUX, NUL, COM1 …), are errors naming both sources. Tags are the
exception by design: two tags whose names make the same file name (行动学习（试点）
and 行动学习(试点)) are given distinct names (``Router(tags=…)``).
"""

from __future__ import annotations

import functools
import hashlib
import posixpath
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import quote

from bulletin.errors import Diagnostics
from bulletin.model.entities import MAIN_SERIES, Article, Issue, IssueKey, Page, Series, Stage, Unit
from bulletin.patterns import HAN_NAME

if TYPE_CHECKING:  # the router names the statistics pages; it does not need the statistics
    from bulletin.stats.periods import Period

_UNSAFE = re.compile(rf"[^\w\-{HAN_NAME}]+")


@functools.lru_cache(maxsize=1 << 16)
def safe_name(word: str) -> str:
    """A file-name-safe form of a tag or slug; never empty, never a path."""
    cleaned = _UNSAFE.sub("-", word).strip("-.")[:60]
    if not cleaned:
        cleaned = "x" + hashlib.blake2b(word.encode(), digest_size=4).hexdigest()
    return cleaned


# Names Windows reserves for devices, whatever their extension (con.html, aux.png).
WINDOWS_RESERVED = frozenset({"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
                              *(f"COM{i}" for i in "123456789¹²³"), *(f"LPT{i}" for i in "123456789¹²³")})


def reserved_name(path: str) -> str | None:
    """The first part of ``path`` that Windows cannot store as a file name, or None."""
    for part in path.split("/"):
        if _is_reserved(part):
            return part
    return None


@functools.lru_cache(maxsize=1 << 14)
def _is_reserved(part: str) -> bool:
    # once per distinct part: a build claims ~14,000 paths made of a few thousand parts (2019, 064, index.html)
    return part.split(".", 1)[0].rstrip(" ").upper() in WINDOWS_RESERVED


def distinct_tag_names(tags: Iterable[str]) -> dict[str, str]:
    """A file name for every tag, no two alike even on a case-insensitive disk.

    Tags whose safe names collide (行动学习（试点） and 行动学习(试点), 统筹/城乡 and
    统筹-城乡, AI and ai) each get a short suffix made from their exact name,
    except one that is already a safe name by itself, which keeps it: the
    result depends only on the set of tags, not on their order."""
    by_key: dict[str, list[str]] = {}
    for tag in tags:
        by_key.setdefault(safe_name(tag).casefold(), []).append(tag)
    names: dict[str, str] = {}
    for group in by_key.values():
        clean = [t for t in group if safe_name(t) == t]
        for tag in group:
            plain = len(group) == 1 or (len(clean) == 1 and tag == clean[0])
            names[tag] = safe_name(tag) if plain else f"{safe_name(tag)}-{_short_hash(tag)}"
    return names


def _short_hash(word: str) -> str:
    return hashlib.blake2b(word.encode(), digest_size=3).hexdigest()


class OutputRegistry:
    """Every output path of a build with the source it comes from (a content file,
    a feature, the theme); a second claim on a path, or on one only differing in
    case, is reported into ``diags`` naming both sources."""

    def __init__(self, diags: Diagnostics) -> None:
        self.diags = diags
        self._owners: dict[str, tuple[str, str]] = {}  # casefolded path → (path, source)

    def claim(self, path: str, source: str, again: bool = False) -> bool:
        """False (and a message) when ``path`` cannot be written for ``source``; ``again``: the same
        source may claim the path a second time (a feature's files, declared and then made)."""
        reserved = reserved_name(path)
        if reserved is not None:
            self.diags.add("E232", source, name=reserved, path=path)
            return False
        key = path.casefold()
        owner = self._owners.get(key)
        if owner is None:
            self._owners[key] = (path, source)
            return True
        if again and owner == (path, source):
            return True
        if owner[0] == path:
            self.diags.add("E230", source, path=path, other=owner[1])
        else:
            self.diags.add("E231", source, path=path, other_path=owner[0], other=owner[1])
        return False

    def __contains__(self, path: str) -> bool:
        return path.casefold() in self._owners


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

    def __init__(self, tags: Iterable[str] = ()) -> None:
        """``tags``: every tag of the site, so that tags whose names look alike get distinct pages."""
        self._tag_names = distinct_tag_names(tags)
        # An article's path by its issue and slug: asked ~23,000 times a rebuild of 10,000 articles
        # (links, feeds, the sitemap, pages), each time the same.
        self._article_paths: dict[tuple[IssueKey, str], str] = {}

    def year(self, year: int, series: Series | str | None = None) -> str:
        return f"{_series_base(series)}/{year}/index.html"

    # -- several series (docs/content-format.md): the main series lives in issues/,
    # every other one in series/<id>/, each with its archive, year pages and feed.
    def series_archive(self, series: Series | str) -> str:
        return f"{_series_base(series)}/index.html"

    def series_feed(self, series: Series | str) -> str:
        return f"feeds/series/{safe_name(_series_id(series))}.xml"

    def issue_folder(self, issue: Issue | IssueKey) -> str:
        key = issue.key if isinstance(issue, Issue) else issue
        number = f"s{key.number:02d}" if key.supplement else f"{key.number:03d}"  # 增刊 folders: s01, s02 …
        return f"{_series_base(key.series)}/{key.year}/{number}"

    def issue(self, issue: Issue) -> str:
        return f"{self.issue_folder(issue)}/index.html"

    def article(self, article: Article) -> str:
        where = (article.issue_key, article.slug)
        path = self._article_paths.get(where)
        if path is None:
            path = self._article_paths[where] = f"{self.issue_folder(where[0])}/{safe_name(where[1])}.html"
        return path

    def asset(self, source_rel: str, issue: Issue | None = None) -> str:
        """Where a content file (image, attachment) is copied: beside its page."""
        if issue is not None:
            inner = posixpath.relpath(source_rel, issue.folder)
            return f"{self.issue_folder(issue)}/{inner}"
        return source_rel

    # Lists of articles (a kind, tag, stage or unit) have a landing page and, so
    # that no page lists thousands of articles, one page per year, split into
    # pages of at most LISTING_PAGE_SIZE articles: kinds/case.html,
    # kinds/case/2019.html, kinds/case/2019-2.html.
    def unit(self, unit: Unit | str, year: int | None = None, page: int = 1) -> str:
        unit_id = unit if isinstance(unit, str) else unit.id
        return _listing(f"units/{safe_name(unit_id)}", year, page)

    def kind(self, kind: str, year: int | None = None, page: int = 1) -> str:
        return _listing(f"kinds/{kind}", year, page)

    def tag(self, tag: str, year: int | None = None, page: int = 1) -> str:
        return _listing(f"tags/{self._tag_names.get(tag) or safe_name(tag)}", year, page)

    def stage(self, stage: Stage | str, year: int | None = None, page: int = 1) -> str:
        stage_id = stage if isinstance(stage, str) else stage.id
        return _listing(f"stages/{safe_name(stage_id)}", year, page)

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

    def stats_notice(self, period: Period) -> str:
        """The 信息报送采用情况通报 of a month or quarter, as a page …"""
        return f"stats/notice/{safe_name(period.key)}.html"

    def stats_notice_docx(self, period: Period) -> str:
        """… and as a Word document the office edits before issuing it."""
        return f"stats/notice/{safe_name(period.key)}.docx"

    # -- search and feeds (bulletin/search, render/feeds.py) --
    def search_file(self, name: str) -> str:
        """A file of the search index (``meta.js``, ``index-b-007.js`` …), beside the search page."""
        return f"search/{name}"

    # -- printable PDFs (bulletin/pdf) --
    def issue_pdf(self, issue: Issue) -> str:
        """An issue as a GB/T 9704 PDF, beside its page: jianbao-2011-003.pdf, a 增刊 jianbao-2011-s01.pdf."""
        folder = self.issue_folder(issue)
        return f"{folder}/jianbao-{issue.year}-{posixpath.basename(folder)}.pdf"

    def volume_pdf(self, year: int, series: Series | str | None = None) -> str:
        """A series' 合订本 of one year, beside its year page."""
        return f"{_series_base(series)}/{year}/jianbao-{year}-volume.pdf"

    def unit_feed(self, unit: Unit | str) -> str:
        unit_id = unit if isinstance(unit, str) else unit.id
        return f"feeds/units/{safe_name(unit_id)}.xml"

    def kind_feed(self, kind: str) -> str:
        return f"feeds/kinds/{kind}.xml"


def _series_id(series: Series | str | None) -> str:
    if series is None:
        return MAIN_SERIES
    return series if isinstance(series, str) else series.id


def _series_base(series: Series | str | None) -> str:
    series_id = _series_id(series)
    return "issues" if series_id == MAIN_SERIES else f"series/{safe_name(series_id)}"


def _listing(base: str, year: int | None, page: int) -> str:
    if year is None:
        return f"{base}.html"
    return f"{base}/{year}.html" if page <= 1 else f"{base}/{year}-{page}.html"


def relative(from_path: str, to_path: str) -> str:
    """The href from page ``from_path`` to ``to_path`` (both output-root paths)."""
    return "../" * from_path.count("/") + _quoted(to_path)


def nearest(from_path: str, to_path: str) -> str:
    """The shortest href from page ``from_path`` to ``to_path`` (a sibling is just its name)."""
    return _quoted(posixpath.relpath(to_path, posixpath.dirname(from_path) or "."))


# What ``quote`` leaves as it is with the safe characters below: most paths (issues/2019/061/…).
_NEEDS_NO_QUOTING = re.compile(r"[A-Za-z0-9/#?=&._~-]*")


@functools.lru_cache(maxsize=1 << 16)
def _quoted(path: str) -> str:
    # Every page links to the same few thousand paths: quote each once (the sitemap lists them all).
    return path if _NEEDS_NO_QUOTING.fullmatch(path) else quote(path, safe="/#?=&.-_~")


class RelativeLinks:
    """The router seen from one page: ``to.unit(u)`` is a relative href."""

    def __init__(self, router: Router, page_path: str) -> None:
        self._router = router
        self.page_path = page_path
        self.up = "../" * page_path.count("/")  # from this page to the site root

    def path(self, to_path: str) -> str:
        return self.up + _quoted(to_path)

    def __getattr__(self, name: str):
        target = getattr(self._router, name)
        up = self.up
        if callable(target):
            return lambda *args: up + _quoted(target(*args))
        return up + _quoted(target)
