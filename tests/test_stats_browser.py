"""Charts in a real browser (Debian's Chromium): drawn without JavaScript, on screen and in print."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright import sync_api

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is required: apt-get install chromium (see .ci/run)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # No JavaScript at all: the charts must not need it.
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1100, "height": 900})
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda request: outside.append(request.url) if not request.url.startswith("file:") else None)
    yield page
    context.close()
    assert outside == [], "the page loaded something from another host"


def chart_boxes(page) -> list[dict]:
    return [svg.bounding_box() for svg in page.locator("figure.chart svg").all()]


def test_unit_charts_render_on_screen_and_in_print(page, example_site: Path, artifacts: Path) -> None:
    page.goto((example_site / "units/yudong.html").as_uri())
    boxes = chart_boxes(page)
    assert len(boxes) == 5  # 参学人数, 集中学习时长, 参学率, 行动学习课题数; points per month
    assert all(box and box["width"] > 500 and box["height"] > 200 for box in boxes), boxes
    first = page.locator("figure.chart svg").first
    # Title, dates, values: real text in the SVG, drawn with a Chinese font.
    assert first.locator("text.title").first.text_content() == "玉东新区 参学人数（人）"
    labels = first.locator(".axis.x text").all_text_contents()
    assert labels[0] == "2010.6.30" and labels[-1] == "2011.12.20"
    assert "150" in first.locator(".text-overlay text.value").all_text_contents()
    assert first.get_attribute("role") == "img"
    title_box = first.locator("text.title").first.bounding_box()
    assert title_box["width"] > 100  # the CJK title has glyphs, not tofu-width zero
    page.locator("figure.chart").first.screenshot(path=str(artifacts / "stats-unit-chart.png"))
    page.screenshot(path=str(artifacts / "stats-unit-page.png"), full_page=True)

    page.emulate_media(media="print")
    boxes = chart_boxes(page)
    assert all(box and box["width"] > 300 for box in boxes), boxes
    assert page.locator("table.history-month").is_visible()
    assert not page.locator("figure.chart figcaption a").first.is_visible()  # no download link on paper
    pdf = page.pdf(format="A4")
    (artifacts / "stats-unit-page.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000


def test_campaign_figures_page(page, example_site: Path, artifacts: Path) -> None:
    page.goto((example_site / "stats/figures.html").as_uri())
    boxes = chart_boxes(page)
    assert len(boxes) == 8  # latest figures and totals for four metrics
    assert all(box and box["width"] > 500 for box in boxes), boxes
    bar = page.locator("#chart-latest-participants")
    names = bar.locator(".axis.x text, .axis.y text").all_text_contents()
    assert {"玉东", "市卫生局"} & set(names) == {"玉东"}  # 市卫生局 never reported: not drawn, listed below
    page.screenshot(path=str(artifacts / "stats-figures.png"), full_page=True)
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4")
    (artifacts / "stats-figures.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") >= 3


def test_ranking_page_and_svg_file_open_on_their_own(page, example_site: Path, artifacts: Path) -> None:
    page.goto((example_site / "stats/index.html").as_uri())
    first_row = page.locator("table.ranking").first.locator("tbody tr").first
    assert first_row.locator("th").text_content() == "清水县"
    lists = [text.strip() for text in page.locator(".unit-list").all_text_contents()]
    assert lists[:3] == ["未报送（0个）：无", "零采用（1个）：市卫生局",
                         "未完成约稿（3个）：松岭县、市住房和城乡建设委员会、市卫生局"]
    page.screenshot(path=str(artifacts / "stats-index.png"), full_page=True)
    page.goto((example_site / "stats/charts/chart-total-participants.svg").as_uri())
    assert page.locator("svg").bounding_box()["width"] > 500
    assert "合计" in page.locator("text.title").first.text_content()


@pytest.mark.parametrize("rel", ["stats/index.html", "stats/month/2011-06.html", "stats/quarter/2011-Q2.html",
                                 "units/zhujian.html"])
def test_unit_names_stay_whole_at_phone_width(browser, example_site: Path, rel: str) -> None:
    """At 360 px no unit name breaks one character per line: each stays on one line (tables scroll)."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto((example_site / rel).as_uri())
    names = page.locator("table.ranking th[scope=row], table.metrics th[scope=row], .unit-list a")
    assert names.count() > 3
    for i in range(names.count()):
        name = names.nth(i)
        box = name.bounding_box()
        line = float(name.evaluate("e => parseFloat(getComputedStyle(e).lineHeight) || "
                                   "parseFloat(getComputedStyle(e).fontSize) * 1.6"))
        assert box["height"] < 1.9 * line, (rel, name.text_content(), box)
    context.close()
