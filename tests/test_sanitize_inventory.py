"""The sanitiser skips its HTML inventory only when the inventory could find nothing."""

from __future__ import annotations

import pytest

from bulletin.markdown.renderer import MarkdownRenderer
from bulletin.markdown.sanitize import _inventory, sanitize

SAMPLES = [
    "<p>县委中心组围绕项目建设开展集中研讨。</p>\n<h2 id=\"一主要做法\">一、主要做法</h2>",
    '<p><a href="02-lanxi.html">兰溪市</a></p>',
    '<p><A HREF = "../../2010/001/index.html">上一期</A></p>',
    '<p><img alt="现场" src="现场.png"></p>',
    '<p><img alt="外部" SRC="http://example.com/x.png"></p>',
    '<p onclick="steal()">点击</p><script>alert(1)</script>',
    '<p><a href="javascript:alert(1)">链接</a></p>',
    "<table><tr><td style=\"text-align: left\">1</td></tr></table>",
]


@pytest.mark.parametrize("allow_html", [False, True])
@pytest.mark.parametrize("html", SAMPLES)
def test_references_and_removals_match_a_full_inventory(html: str, allow_html: bool) -> None:
    cleaned = sanitize(html, allow_html)
    everything = [(r.url, r.loads, r.tag, r.attribute) for r in _inventory(html).references]
    found = [(r.url, r.loads, r.tag, r.attribute) for r in cleaned.references]
    if allow_html:
        assert cleaned.html == html and found == everything and cleaned.removed == []
    else:
        # Only links and images count, as written (before nh3 drops a javascript: href).
        assert found == [ref for ref in everything if ref[2:] in {("a", "href"), ("img", "src")}]
        hostile = any(word in html for word in ("onclick", "<script", "javascript:"))
        assert bool(cleaned.removed) == hostile  # whatever was taken out is named, nothing else
        assert cleaned.html != html or not hostile


def test_rendered_markdown_reports_its_links_and_images() -> None:
    rendered = MarkdownRenderer().render("见[兰溪市](02-lanxi.md)。\n\n![现场](现场.png)\n\n纯文字段落。\n")
    # .md links stay as written here; the router resolves them to the target's page (markdown/links.py).
    assert [(r.url, r.loads) for r in rendered.urls] == [("02-lanxi.md", False), ("现场.png", True)]
    assert rendered.references == ["02-lanxi.md", "现场.png"]
    plain = MarkdownRenderer().render("## 一、主要做法\n\n纯文字段落，没有链接。\n")
    assert plain.urls == [] and plain.removed == []
