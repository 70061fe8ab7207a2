"""Long lists are split by year and into pages; every link between them works."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from bulletin.bench.corpus import generate
from bulletin.pipeline import BuildOptions, build
from bulletin.render import listing

HREF = re.compile(r'href="([^"#]+)"')


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(listing, "LISTING_PAGE_SIZE", 7)  # small pages from a small corpus
    content = tmp_path / "content"
    generate(content, 330)  # 33 issues, January to April 2010
    build(BuildOptions(content=content, out=tmp_path / "site", use_cache=False))
    return tmp_path / "site"


def listed(page: Path) -> int:
    return len(re.findall(r'<a class="title"', page.read_text(encoding="utf-8")))


def test_kind_pages_split_by_year_and_page(site: Path) -> None:
    landing = (site / "kinds" / "briefing.html").read_text(encoding="utf-8")
    assert 'href="../kinds/briefing/2010.html"' in landing
    year_pages = sorted((site / "kinds" / "briefing").glob("2010*.html"))
    assert len(year_pages) > 3
    assert all(listed(p) <= 7 for p in year_pages)
    second = (site / "kinds" / "briefing" / "2010-2.html").read_text(encoding="utf-8")
    assert 'rel="prev" href="../../kinds/briefing/2010.html"' in second
    assert 'rel="next" href="../../kinds/briefing/2010-3.html"' in second
    assert 'aria-current="page">第2页' in second


def test_every_list_page_counts_add_up(site: Path) -> None:
    for kind in ("briefing", "case", "progress"):
        landing = (site / "kinds" / f"{kind}.html").read_text(encoding="utf-8")
        total = int(re.search(r"<small>（(\d+)篇）</small>", landing).group(1))
        assert total == sum(listed(p) for p in (site / "kinds" / kind).glob("*.html"))


def test_no_page_lists_more_than_a_page_of_articles(site: Path) -> None:
    for folder in ("kinds", "tags", "stages", "units"):
        for page in (site / folder).rglob("*.html"):
            assert listed(page) <= max(7, listing.LANDING_RECENT), page


def test_links_from_list_pages_resolve(site: Path) -> None:
    for folder in ("kinds", "tags", "stages", "units"):
        for page in (site / folder).rglob("*.html"):
            for href in HREF.findall(page.read_text(encoding="utf-8")):
                assert (page.parent / unquote(href)).resolve().is_file(), (page, href)


def test_example_lists_link_every_year(example_site: Path) -> None:
    landing = (example_site / "kinds" / "briefing.html").read_text(encoding="utf-8")
    for year in (2010, 2011):
        assert f'href="../kinds/briefing/{year}.html"' in landing
        assert (example_site / "kinds" / "briefing" / f"{year}.html").is_file()
