"""The recall test set, run in headless Chromium over HTTP under /jianbao/ and from file://."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlencode

import pytest
from conftest import EXAMPLE
from recall_set import RECALL_SET, RecallQuery

from bulletin.pipeline import check
from bulletin.router import Router
from bulletin.search.terms import fold, search_document

_SEGMENT = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@pytest.fixture(scope="module")
def truth():
    """For every article: its output path, its folded searchable text and its facets."""
    lib, _ = check(EXAMPLE)
    router = Router()
    rows = []
    for article in lib.articles:
        doc = search_document(article, lib)
        text = " ".join([fold(doc.title), fold(doc.text), *(fold(m) for m in doc.markers)])
        rows.append((article.source, router.article(article), text, article))
    return rows


def _filtered(query: RecallQuery, article) -> bool:
    wanted = query.filters
    return ((not wanted.get("kind") or article.kind == wanted["kind"])
            and (not wanted.get("year") or str(article.date.year) == wanted["year"])
            and (not wanted.get("unit") or wanted["unit"] in article.unit_ids))


def query_keys(query: str) -> list[str]:
    """What the index is asked for: pairs of each Chinese part (or the character itself), and words."""
    keys = []
    for part in _SEGMENT.findall(fold(query)):
        if _CJK.match(part) and len(part) > 1:
            keys += [part[i:i + 2] for i in range(len(part) - 1)]
        else:
            keys.append(part)
    return keys


def expected_paths(truth, query: RecallQuery) -> tuple[set[str], set[str]]:
    """(articles containing every part of the query verbatim, articles containing every key of it).

    Search must return all of the first and nothing outside the second: a
    pair index cannot tell 学习成果转化 from 学习成果……成果转化 in one article."""
    parts = _SEGMENT.findall(fold(query.query))
    keys = query_keys(query.query)
    verbatim, by_keys = set(), set()
    for _source, path, text, article in truth:
        if not _filtered(query, article):
            continue
        if all(part in text for part in parts):
            verbatim.add(path)
        if all(key in text for key in keys):
            by_keys.add(path)
    return verbatim, by_keys


def run_search(page, base: str, query: str, filters: dict[str, str] | None = None) -> list[str]:
    """Opens search/index.html?q=… as a reader would and returns every result's site path, in order."""
    page.goto(base + "search/index.html?" + urlencode({"q": query, **(filters or {})}))
    page.wait_for_selector("body[data-search-state=done]", timeout=10000)
    more = page.locator("#search-more")
    while more.is_visible():
        count = page.locator("#search-results > li").count()
        more.click()
        page.wait_for_function(f"document.querySelectorAll('#search-results > li').length > {count}")
    hrefs = page.eval_on_selector_all("#search-results h2 a", "links => links.map(a => a.href)")
    return [unquote(h[len(base):]) for h in hrefs]


def recall_failures(page, base: str, truth) -> list[str]:
    by_source = {source: path for source, path, _text, _a in truth}
    failures = []
    for item in RECALL_SET:
        results = run_search(page, base, item.query, item.filters)
        label = f"{item.query!r} {item.filters or ''}"
        if item.absent:
            if results:
                failures.append(f"{label}: expected nothing, got {results}")
            if "没有找到" not in page.inner_text("#search-status"):
                failures.append(f"{label}: no 'nothing found' message")
            continue
        missing = [m for m in item.must if by_source[m] not in results]
        if missing:
            failures.append(f"{label}: missing {missing}")
        verbatim, by_keys = expected_paths(truth, item)
        if not verbatim <= set(results):
            failures.append(f"{label}: missed {sorted(verbatim - set(results))}")
        if not set(results) <= by_keys:
            failures.append(f"{label}: unrelated {sorted(set(results) - by_keys)}")
        if len(results) != len(set(results)):
            failures.append(f"{label}: duplicate results")
        if item.first and (not results or results[0] != by_source[item.first]):
            failures.append(f"{label}: first result {results[:1]}, expected {by_source[item.first]}")
    return failures


def test_recall_set_is_large_enough() -> None:
    assert len(RECALL_SET) >= 30
    assert any(q.absent for q in RECALL_SET) and any(" " in q.query for q in RECALL_SET)
    assert {len(q.query) for q in RECALL_SET} >= {1, 2, 3, 4}


def test_recall_over_http_under_sub_path(page, http_base: str, truth) -> None:
    assert recall_failures(page, http_base, truth) == []
    assert page.script_errors == []


def test_recall_from_file_url(page, file_base: str, truth) -> None:
    assert file_base.startswith("file://")
    assert recall_failures(page, file_base, truth) == []
    assert page.script_errors == []


def test_results_show_highlighted_excerpt_and_facts(page, http_base: str) -> None:
    run_search(page, http_base, "考勤")
    first = page.locator("#search-results > li").first
    assert first.locator("h2 mark").inner_text() == "考勤"  # the title hit, highlighted
    assert "考勤" in first.locator(".excerpt mark").first.inner_text()
    meta = first.locator(".meta").inner_text()
    assert "平河区" in meta and "2010年5月28日" in meta and "2010年第2期" in meta
    assert "找到" in page.inner_text("#search-status")


def test_filters_are_taken_from_the_address_and_resubmit(page, http_base: str, truth) -> None:
    results = run_search(page, http_base, "行动学习", {"kind": "case"})
    assert page.input_value("#search-kind") == "case"
    assert page.input_value("#search-q") == "行动学习"
    case_paths = {path for _s, path, _t, a in truth if a.kind == "case"}
    assert results and set(results) <= case_paths
    page.select_option("#search-year", "2011")  # changing a filter re-runs the search via the address
    page.wait_for_url(re.compile(r"year=2011"))
    page.wait_for_selector("body[data-search-state=done]")
    assert "kind=case" in page.url and "q=" in page.url
    hrefs = page.eval_on_selector_all("#search-results h2 a", "links => links.map(a => a.href)")
    narrowed = {unquote(h[len(http_base):]) for h in hrefs}
    case_2011 = {path for _s, path, _t, a in truth if a.kind == "case" and a.date.year == 2011}
    assert narrowed and narrowed <= case_2011 and narrowed < set(results)


def test_header_search_box_reaches_the_search_page(page, http_base: str) -> None:
    page.goto(http_base + "issues/2010/002/01-yudong-land.html")
    page.fill("#site-q", "参学率")
    page.press("#site-q", "Enter")
    page.wait_for_url(re.compile(r"/jianbao/search/index\.html\?q="))
    page.wait_for_selector("body[data-search-state=done]")
    assert page.locator("#search-results > li").count() > 0


def test_header_search_box_works_without_javascript(browser, http_base: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(http_base + "units/yudong.html")
        page.fill("#site-q", "行动学习")
        page.press("#site-q", "Enter")
        page.wait_for_url(re.compile(r"/jianbao/search/index\.html\?q=%E8%A1%8C"))
        assert "需要浏览器启用浏览器脚本" in page.inner_text("main")
    finally:
        context.close()


def test_search_page_without_query_explains_itself(page, file_base: str) -> None:
    page.goto(file_base + "search/index.html")
    page.wait_for_selector("body[data-search-state=done]")
    assert "请输入关键词" in page.inner_text("#search-status")


def test_index_is_split_into_several_segments_and_shards(site_dir: Path) -> None:
    """The browser build uses small segments: the query paths above crossed segment and shard boundaries,
    and segments of several sizes (shards.segments_of)."""
    meta = (site_dir / "search/meta.js").read_text(encoding="utf-8")
    assert '"segments":[[16,8,0],[8,4,32],[4,2,48],[2,1,56],[1,1,60]]' in meta
    assert len(list((site_dir / "search").glob("index-b-001-*.js"))) == 8
    assert len(list((site_dir / "search").glob("index-b-*.js"))) == 31


def test_an_index_of_another_format_asks_for_a_refresh(page, http_base: str, site_dir: Path) -> None:
    """A browser that kept this page's script from an older version meets an index it cannot read:
    it says so, and shows no results numbered the wrong way."""
    meta = (site_dir / "search/meta.js").read_text(encoding="utf-8")
    assert '"version":3' in meta
    older = meta.replace('"version":3', '"version":2')
    page.route("**/search/meta.js", lambda route: route.fulfill(
        body=older.encode("utf-8"), headers={"Content-Type": "application/javascript; charset=utf-8"}))
    page.goto(http_base + "search/index.html?" + urlencode({"q": "学习"}))
    page.wait_for_selector("body[data-search-state=done]")
    assert "请刷新本页" in page.inner_text("#search-status")
    assert page.locator("#search-results li").count() == 0
    assert page.script_errors == []
