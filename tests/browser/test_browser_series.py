"""Several series in a real browser: the search page filters by series (the example
has a second series, 《学习情况通报》), over HTTP and from disk."""

from __future__ import annotations

import re


def results(page, url: str) -> list[str]:
    page.goto(url)
    page.wait_for_selector("body[data-search-state=done]")
    return page.locator("#search-results > li .meta").all_inner_texts()


def found(page) -> int:
    """The number of hits the status line gives (the list shows them a page at a time)."""
    return int(re.search(r"找到 (\d+) 篇", page.locator("#search-status").inner_text()).group(1))


def test_search_filters_by_series(page, http_base: str, file_base: str) -> None:
    for base in (http_base, file_base):
        results(page, base + "search/index.html?q=考勤")
        everything = found(page)
        tongbao = results(page, base + "search/index.html?q=考勤&series=tongbao")
        main = results(page, base + "search/index.html?q=考勤&series=main")
        in_main = found(page)
        assert len(tongbao) == 3 and all("《学习情况通报》" in meta for meta in tongbao)
        assert main and not any("《学习情况通报》" in meta for meta in main)
        assert everything == len(tongbao) + in_main
        assert page.script_errors == []


def test_choosing_a_series_runs_the_search_again(page, http_base: str) -> None:
    results(page, http_base + "search/index.html?q=考勤")
    page.select_option("#search-series", "tongbao")
    page.wait_for_url(re.compile(r"series=tongbao"))
    page.wait_for_selector("body[data-search-state=done]")
    metas = page.locator("#search-results > li .meta").all_inner_texts()
    assert len(metas) == 3 and all("《学习情况通报》" in meta for meta in metas)
    assert page.locator("#search-series").input_value() == "tongbao"
