"""Words readers see: no developer words in the Chinese interface, a favicon, dates that mean what they say."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from bulletin.pipeline import BuildOptions, build


class _Visible(HTMLParser):
    """The text a reader sees (not attributes such as title tooltips, not scripts or styles)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.downloads: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "svg"):
            self._skip += 1
        values = dict(attrs)
        if tag == "a" and "download" in values:
            self.downloads.append(values["download"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "svg"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def _visible(page: Path) -> _Visible:
    parser = _Visible()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_no_developer_words_in_the_chinese_interface(example_site: Path) -> None:
    for page in example_site.rglob("*.html"):
        text = " ".join(_visible(page).text)
        for word in ("Atom", "SVG", "JavaScript", ".csv"):
            assert word not in text, f"{word} in {page.relative_to(example_site)}"
    search = " ".join(_visible(example_site / "search/index.html").text)
    assert "浏览器脚本" in search


def test_csv_and_chart_downloads_get_chinese_file_names(example_site: Path) -> None:
    names = [n for page in example_site.rglob("stats/*.html") for n in _visible(page).downloads]
    csv = [n for n in names if n.endswith(".csv")]
    assert csv and all(re.search(r"[\u4e00-\u9fff]", n) for n in csv)
    assert all(re.search(r"[\u4e00-\u9fff]", n) for n in names if n.endswith(".svg"))


def test_every_page_names_a_local_favicon(example_site: Path) -> None:
    icon = example_site / "static/favicon.ico"
    assert icon.read_bytes()[:4] == b"\x00\x00\x01\x00"  # an ICO file, for old browsers too
    for page in example_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        match = re.search(r'<link rel="icon" href="([^"]+)"', html)
        assert match, page
        if page.name == "404.html":  # served at any path: an inline icon, no request at all
            assert match.group(1) == "data:,"
        else:
            assert (page.parent / match.group(1)).resolve() == icon.resolve(), page


def test_statistics_range_uses_the_issue_dates(tree, tmp_path: Path) -> None:
    """An article dated 5月20日 printed in the issue of 6月1日: 至2010年6月1日 (not 5月20日)."""
    tree.article("issues/2010/001/01-yudong.md", "title: 玉东新区召开行动学习动员会\nkind: briefing\n"
                 "units: [yudong]\ndate: 2010-05-20\n")
    out = tmp_path / "site"
    build(BuildOptions(content=tree.root, out=out))
    lead = " ".join(_visible(out / "stats/index.html").text)
    assert "至2010年6月1日印发" in lead and "5月20日" not in lead
