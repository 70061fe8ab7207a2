"""Browser print ("打印本期") follows the GB/T 9704 rules as far as Chromium allows, checked
in the PDF Chromium prints; the printed pages are kept as PNG files (path printed) to look at.
The issue page's 下载 PDF link serves the WeasyPrint PDF."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tests.browser.test_browser_site import ARTIFACTS, PAGE_TYPES, pdf_pages

MM = 72 / 25.4
LEFT, RIGHT, TOP, BOTTOM = 28 * MM, (210 - 26) * MM, 37 * MM, (37 + 225) * MM


def words(pdf: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    pattern = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
    return [(m.group(5), *map(float, m.group(1, 2, 3, 4))) for m in pattern.finditer(out)]


def keep_screenshots(pdf: Path, name: str) -> Path:
    """Every printed page as a PNG under tests/artifacts/print/ (the path is printed)."""
    folder = ARTIFACTS / "print"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(folder / name)], check=True)
    print(f"printed pages of {name}: {folder}")
    return folder


def test_issue_print_follows_the_paper_rules(page, http_base: str, tmp_path: Path) -> None:
    page.goto(http_base + PAGE_TYPES["issue"])
    pdf = tmp_path / "issue.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    pages, size = pdf_pages(pdf)
    assert size.endswith("(A4)") and pages >= 3
    folder = keep_screenshots(pdf, "issue-2010-005")
    assert len(list(folder.glob("issue-2010-005-*.png"))) == pages

    for number in range(1, pages + 1):
        found = words(pdf, number)
        dashes = [w for w in found if w[0] == "—"]
        assert len(dashes) == 2, number  # "— N —" once per page
        body = [w for w in found if w[0] != "—" and not (w[2] > BOTTOM and w[0].isdigit())]
        assert min(w[1] for w in body) >= LEFT - 1 and max(w[3] for w in body) <= RIGHT + 2
        assert min((w[2] + w[4]) / 2 for w in body) >= TOP  # (Type 3 glyph boxes are loose: use their middles)
        if number % 2:  # odd pages: at the right, one character in from the 版心's edge
            assert dashes[-1][3] == (RIGHT - 14) or abs(dashes[-1][3] - (RIGHT - 14)) < 2
        else:
            assert abs(dashes[0][1] - (LEFT + 14)) < 2
        middle = (dashes[0][2] + dashes[0][4]) / 2  # 7 mm below the 版心, a 14 pt line
        assert BOTTOM + 7 * MM < middle < BOTTOM + 7 * MM + 16

    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)
    contents = flat.split("本期目录", 1)[1].split("—1—", 1)[0]
    for label in ("工作动态", "典型案例", "进展通报"):
        assert label not in contents, label  # no kind badges in the contents
        assert f"通报{label}" not in flat and f"举办{label}" not in flat  # nor after the titles
    for chrome in ("下载PDF", "打印本期", "全文检索"):
        assert chrome not in flat
    heading_page = next(n for n in range(1, pages + 1) if any("进展情况" in w[0] for w in words(pdf, n)
                                                                 if w[0].startswith("一、")))
    heading = next(w for w in words(pdf, heading_page) if w[0].startswith("一、"))
    assert abs(heading[1] - (LEFT + 2 * 16)) < 3  # 一、 indented two characters, not centred
    names = [w[0] for n in range(1, pages + 1) for w in words(pdf, n)]
    assert "玉东新区" in names and "市工信委" in names or "市工业和信息化委员会" in names  # names whole
    assert "编者按：" in flat or "编者按" in flat


def test_issue_page_links_its_pdf_and_the_server_sends_it(page, http_base: str) -> None:
    page.goto(http_base + PAGE_TYPES["issue"])
    link = page.get_by_role("link", name="下载 PDF")
    href = link.get_attribute("href")
    assert href and href.endswith("jianbao-2010-005.pdf")
    response = page.request.get(link.evaluate("a => a.href"))
    assert response.status == 200 and response.body()[:5] == b"%PDF-"
    page.emulate_media(media="print")
    assert not link.is_visible()  # not on paper
