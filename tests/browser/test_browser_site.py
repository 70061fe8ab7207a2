"""The readers' site in a real browser: navigation, axe-core, print to A4 PDF,
the 打印本期 button, the 大字 switch, phone width and 200% zoom, no JavaScript."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"

# One page of every type the site has (paths under the site root).
PAGE_TYPES = {
    "home": "index.html",
    "archive": "issues/index.html",
    "year": "issues/2010/index.html",
    "issue": "issues/2010/005/index.html",
    "special issue": "issues/2011/003/index.html",
    "article": "issues/2010/002/01-yudong-land.html",
    "units": "units/index.html",
    "unit": "units/yudong.html",
    "kind": "kinds/case.html",
    "tags": "tags/index.html",
    "tag": "tags/" + quote("中心组学习") + ".html",
    "stages": "stages/index.html",
    "stage": "stages/pilot.html",
    "page": "pages/about.html",
    "search results": "search/index.html?q=" + quote("行动学习"),
    "search form": "search/index.html",
    "not found": "404.html",
    "statistics": "stats/index.html",
    "statistics periods": "stats/month/index.html",
    "statistics month": "stats/month/2010-08.html",
    "statistics figures": "stats/figures.html",
}

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                      nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
}"""


def open_page(page, url: str) -> None:
    page.goto(url)
    if "search/index.html" in url:
        page.wait_for_selector("body[data-search-state=done]")


def serious_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return [v for v in page.evaluate(AXE_RUN) if v["impact"] in ("serious", "critical")]


def test_axe_core_is_installed_and_catches_a_bad_page(page) -> None:
    assert AXE.is_file(), "run `npm install` in tests/ (.ci/run does)"
    page.set_content('<html lang="zh-CN"><title>x</title><main><p style="color:#ccc;background:#fff">浅色文字</p>'
                     '<img src="x.png"></main></html>')
    assert {v["id"] for v in serious_violations(page)} >= {"color-contrast", "image-alt"}


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_no_serious_accessibility_violations(page, http_base: str, kind: str) -> None:
    open_page(page, http_base + PAGE_TYPES[kind])
    assert serious_violations(page) == []
    assert page.script_errors == []


def test_no_serious_violations_in_large_text_at_phone_width(browser, http_base: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        page.goto(http_base + PAGE_TYPES["issue"])
        page.click("[data-large-text]")
        assert serious_violations(page) == []
    finally:
        context.close()


def test_reader_walks_home_archive_issue_article_unit(page, http_base: str) -> None:
    page.goto(http_base + "index.html")
    assert page.locator("h1").first.inner_text() == "学习型领导班子建设工作简报"
    page.click(".site-nav >> text=往期简报")
    assert page.url == http_base + "issues/index.html"
    page.click(".issue-list a >> text=第9期")
    assert page.url == http_base + "issues/2010/009/index.html"
    assert "第9期" in page.inner_text(".masthead")
    page.click(".issue-article h2 a >> nth=0")
    assert re.match(re.escape(http_base) + r"issues/2010/009/[\w-]+\.html$", page.url)
    title = page.inner_text("article h1")
    page.click(".article-meta dd a >> nth=0")
    assert page.url.startswith(http_base + "units/")
    page.wait_for_load_state("load")  # a long unit page may still be parsing when its URL is set
    assert title in page.inner_text("main")  # the unit page lists the article we came from
    page.click(".breadcrumb >> text=首页")
    assert page.url == http_base + "index.html"


def test_skip_link_is_first_and_focuses_main(page, http_base: str) -> None:
    page.goto(http_base + PAGE_TYPES["article"])
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className + '|' + document.activeElement.textContent")
    assert focused == "skip-link|跳到正文"
    assert page.locator(".skip-link").is_visible()  # visible once focused
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")


def test_markdown_images_keep_their_alt_text(page, http_base: str) -> None:
    page.goto(http_base + PAGE_TYPES["article"])
    images = page.eval_on_selector_all(".body img", "imgs => imgs.map(i => [i.alt, i.naturalWidth])")
    assert images and all(alt.strip() and width > 0 for alt, width in images)


def pdf_text(pdf: Path, first: int, last: int) -> str:
    return subprocess.run(["pdftotext", "-layout", "-f", str(first), "-l", str(last), str(pdf), "-"],
                          check=True, capture_output=True, text=True).stdout


def pdf_pages(pdf: Path) -> tuple[int, str]:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    size = re.search(r"^Page size:\s+(.*)$", info, re.M).group(1)
    return pages, size


def test_issue_prints_on_a4_with_masthead_first_and_foot_last(page, http_base: str, tmp_path: Path) -> None:
    page.goto(http_base + PAGE_TYPES["issue"])
    pdf = tmp_path / "issue.pdf"
    page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True, print_background=True)
    pages, size = pdf_pages(pdf)
    assert size.endswith("(A4)"), size
    assert pages >= 2
    first, last = pdf_text(pdf, 1, 1), pdf_text(pdf, pages, pages)
    whole = pdf_text(pdf, 1, pages)
    assert "学习型领导班子建设工作简报" in first and "第5期" in first and "总第5期" in first
    assert "2010年8月31日" in first and "内部资料" in first
    assert re.search(r"—\s*1\s*—", first)  # 页码 in the page margin
    for label in ("报：", "送：", "发：", "共印"):
        assert label in last, label
        assert label not in first
    for chrome in ("跳到正文", "主导航", "往期简报", "打印本期", "搜索", "订阅更新", "大字"):
        assert chrome not in whole, chrome
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "issue-print.pdf").write_bytes(pdf.read_bytes())


def test_print_styles_follow_the_official_conventions(page, http_base: str) -> None:
    page.goto(http_base + PAGE_TYPES["issue"])
    page.emulate_media(media="print")
    style = page.evaluate("""() => {
      const get = (sel) => getComputedStyle(document.querySelector(sel));
      return {title: get('.masthead-title').color, rule: get('.red-rule').borderTopColor,
              body: get('.body p').fontFamily, size: get('.body p').fontSize,
              heading: get('.issue-article h2').breakAfter, header: get('.site-header').display,
              button: get('.print-action').display, row: get('tr').breakInside};
    }""")
    assert style["title"] == style["rule"] == "rgb(230, 0, 18)"  # red masthead and red rule
    assert style["body"].startswith('FangSong, 仿宋') and style["size"] == "21.3333px"  # 16 pt
    assert style["heading"] == "avoid" and style["row"] == "avoid"
    assert style["header"] == "none" and style["button"] == "none"


def test_article_prints_cleanly(page, http_base: str, tmp_path: Path) -> None:
    page.goto(http_base + PAGE_TYPES["article"])
    pdf = tmp_path / "article.pdf"
    page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True)
    pages, _ = pdf_pages(pdf)
    text = pdf_text(pdf, 1, pages)
    assert "玉东新区以行动学习破解项目用地难题" in text
    for chrome in ("跳到正文", "上一篇", "下一篇", "打印本文", "订阅更新"):
        assert chrome not in text, chrome


def test_print_button_prints_and_needs_javascript(browser, http_base: str) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.add_init_script("window.__printed = 0; window.print = function () { window.__printed += 1; };")
        page.goto(http_base + PAGE_TYPES["issue"])
        button = page.get_by_role("button", name="打印本期")
        button.click()
        assert page.evaluate("window.__printed") == 1
    finally:
        context.close()
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(http_base + PAGE_TYPES["issue"])
        assert page.locator("[data-print]").count() == 1
        assert not page.locator("[data-print]").is_visible()
        assert not page.locator("[data-large-text]").is_visible()
    finally:
        context.close()


def body_font_size(page) -> float:
    return page.evaluate("parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)")


def test_large_text_switch_is_remembered_across_pages(page, http_base: str) -> None:
    page.goto(http_base + PAGE_TYPES["article"])
    normal = body_font_size(page)
    switch = page.locator("[data-large-text]")
    assert switch.get_attribute("aria-pressed") == "false"
    switch.click()
    assert switch.get_attribute("aria-pressed") == "true"
    assert "large-text" in page.evaluate("document.documentElement.className")
    large = body_font_size(page)
    assert large >= normal * 1.2
    page.goto(http_base + PAGE_TYPES["unit"])
    assert "large-text" in page.evaluate("document.documentElement.className")
    assert page.locator("[data-large-text]").get_attribute("aria-pressed") == "true"
    page.locator("[data-large-text]").click()
    page.goto(http_base + PAGE_TYPES["home"])
    assert "large-text" not in page.evaluate("document.documentElement.className")


@pytest.mark.parametrize(("label", "width", "large"), [("phone", 360, False), ("phone large text", 360, True),
                                                        ("200% zoom", 640, False)])
def test_pages_fit_narrow_screens_without_sideways_scrolling(browser, http_base: str, label: str, width: int,
                                                             large: bool) -> None:
    # 200% zoom of a 1280-pixel window lays the page out in 640 CSS pixels.
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        if large:
            page.add_init_script("try { localStorage.setItem('bulletin-large-text', '1'); } catch (e) {}")
        too_wide = []
        for kind in ("home", "issue", "special issue", "article", "unit", "search results", "units", "statistics"):
            open_page(page, http_base + PAGE_TYPES[kind])
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if overflow > 0:
                too_wide.append((kind, overflow))
        assert too_wide == [], label
    finally:
        context.close()


def test_site_reads_and_navigates_without_javascript(browser, http_base: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(http_base + "index.html")
        page.click(".site-nav >> text=往期简报")
        page.click(".issue-list a[href$='2010/002/index.html']")
        assert "平河区建立中心组学习考勤通报制度" in page.inner_text("main")
        page.click("text=平河区建立中心组学习考勤通报制度 >> nth=0")
        assert "签到和请假审批" in page.inner_text("main")
        assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor") \
            == "rgb(181, 18, 27)"
    finally:
        context.close()


def test_screenshots_of_home_issue_and_unit(browser, http_base: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
    try:
        page = context.new_page()
        for name, kind in (("home", "home"), ("issue", "issue"), ("unit", "unit"), ("search", "search results")):
            open_page(page, http_base + PAGE_TYPES[kind])
            target = ARTIFACTS / f"{name}.png"
            page.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 10_000
    finally:
        context.close()


def test_feeds_are_advertised_and_served(page, http_base: str) -> None:
    page.goto(http_base + PAGE_TYPES["unit"])
    href = page.get_attribute("link[rel=alternate][href*='feeds/units']", "href")
    assert href == "../feeds/units/yudong.xml"
    response = page.request.get(http_base + "feeds/units/yudong.xml")
    assert response.ok and b"<feed" in response.body()
    assert json.loads(json.dumps(response.headers))  # served like any other file
