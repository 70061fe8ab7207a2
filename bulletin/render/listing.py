"""Long lists of articles (a kind, a tag, a stage, a unit) split into pages.

A list of 3,000 articles on one page is slow to build, slow to open and
useless to read. Each list has a landing page (counts per year, the newest
articles) and one page per year, split further into pages of at most
``LISTING_PAGE_SIZE`` articles. Adding an issue therefore touches only the
current year's pages of the lists it appears in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from bulletin.model.entities import Article
from bulletin.model.library import newest_first

LISTING_PAGE_SIZE = 100
LANDING_RECENT = 20

Route = Callable[[int | None, int], str]  # (year, page) → output path; year None = landing page


@dataclass
class YearLink:
    year: int
    count: int
    path: str


@dataclass
class ListingPage:
    """What a landing or year page of a list shows."""

    title: str  # 工作动态, 标签：行动学习 …
    landing: str  # path of the landing page
    count: int  # articles in the whole list
    years: list[YearLink]
    articles: list[Article]  # newest first: the page's slice, or the newest on the landing page
    year: int | None = None
    page: int = 1
    pages: list[tuple[int, str]] = field(default_factory=list)  # (number, path) within the year

    @property
    def previous(self) -> str | None:
        return self.pages[self.page - 2][1] if self.page > 1 else None

    @property
    def next(self) -> str | None:
        return self.pages[self.page][1] if self.page < len(self.pages) else None


def split_listing(title: str, articles: list[Article], route: Route) -> tuple[ListingPage, list[ListingPage]]:
    """The landing page and the year pages of one list."""
    ordered = newest_first(articles)
    by_year: dict[int, list[Article]] = defaultdict(list)
    for article in ordered:
        by_year[article.date.year].append(article)
    years = [YearLink(year, len(items), route(year, 1)) for year, items in sorted(by_year.items(), reverse=True)]
    landing = ListingPage(title, route(None, 1), len(ordered), years, ordered[:LANDING_RECENT])
    year_pages: list[ListingPage] = []
    for link in years:
        items = by_year[link.year]
        chunks = [items[i:i + LISTING_PAGE_SIZE] for i in range(0, len(items), LISTING_PAGE_SIZE)]
        numbers = [(n, route(link.year, n)) for n in range(1, len(chunks) + 1)]
        for number, chunk in enumerate(chunks, 1):
            year_pages.append(ListingPage(title, landing.landing, len(ordered), years, chunk,
                                          year=link.year, page=number, pages=numbers))
    return landing, year_pages
