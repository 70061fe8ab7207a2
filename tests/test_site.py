"""The built example and small fixture sites: pages, links, layout, escaping."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

from bulletin.pipeline import BuildOptions, build, check
from bulletin.publish.verify import verify_site
from bulletin.router import Router
from tests.conftest import EXAMPLE
from tests.helpers import external_references


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def test_every_relative_link_resolves(example_site: Path) -> None:
    # The same verification ``publish`` runs on every release (E313 is a broken link).
    lib, _ = check(EXAMPLE)
    problems = verify_site(example_site, lib, Router())
    assert [d.format() for d in problems.items] == []


def test_nothing_is_loaded_from_other_hosts(example_site: Path) -> None:
    assert external_references(example_site) == []
    css = read(example_site, "static/style.css")
    assert "url(" not in css and "@import" not in css and "@font-face" not in css


def test_pages_are_chinese_and_declare_utf8(example_site: Path) -> None:
    for page in example_site.rglob("*.html"):
        head = page.read_text(encoding="utf-8")[:400]
        assert '<html lang="zh-CN">' in head and '<meta charset="utf-8">' in head, page


def test_issue_page_is_laid_out_as_a_bulletin(example_site: Path) -> None:
    html = read(example_site, "issues/2010/001/index.html")
    assert 'class="masthead-title">学习型领导班子建设工作简报<' in html
    assert "试点工作动员部署专刊" in html
    assert "第1期" in html and "（总第1期）" in html
    assert "2010年5月12日" in html
    assert "内部资料 注意保存" in html
    assert 'class="red-rule"' in html
    # 报/送/发 in that order, then the imprint with 责任编辑, 签发 and 共印N份.
    foot = html[html.index('class="issue-foot"'):]
    assert foot.index("<dt>报：") < foot.index("<dt>送：") < foot.index("<dt>发：")
    assert "责任编辑：" in foot and "签发：" in foot and re.search(r"共印\d+份", foot)


def test_total_numbers_count_across_years(example_site: Path) -> None:
    # 2010 has nine issues, so 2011's first issue is 总第10期.
    assert "（总第10期）" in read(example_site, "issues/2011/001/index.html")


def test_issue_overrides_distribution_per_key(example_site: Path) -> None:
    html = read(example_site, "issues/2010/001/index.html")
    foot = html[html.index('class="issue-foot"'):]
    assert "各督导组" in foot or "各试点单位" in foot
    assert "<dt>报：</dt>" in foot  # 报 still comes from site.yaml


def test_article_page_links_issue_units_and_neighbours(example_site: Path) -> None:
    html = read(example_site, "issues/2010/005/02-gongxin-study.html")
    assert 'href="../../../issues/2010/005/index.html"' in html
    assert 'href="../../../units/gongxin.html"' in html
    assert 'rel="prev"' in html and 'rel="next"' in html


def test_progress_report_renders_metrics_table(example_site: Path) -> None:
    html = read(example_site, "issues/2010/005/01-august-progress.html")
    table = html[html.index('<table class="metrics">'):html.index("</table>")]
    assert "参学率（%）" in table and "玉东新区" in table


def test_unit_without_articles_still_has_a_page(example_site: Path) -> None:
    html = read(example_site, "units/weisheng.html")
    assert "市卫生局" in html and "本单位暂无被采用的稿件" in html


def test_units_index_groups_by_type_and_batch(example_site: Path) -> None:
    html = read(example_site, "units/index.html")
    assert html.index("<h2>县市区</h2>") < html.index("<h2>市直单位</h2>")
    assert "第一批" in html and "第二批" in html


def test_images_and_attachments_are_copied_beside_the_article(example_site: Path) -> None:
    assert (example_site / "issues/2010/002/yudong-seminar.png").is_file()
    assert (example_site / "issues/2010/005/参学统计表.csv").is_file()
    html = read(example_site, "issues/2010/002/01-yudong-land.html")
    assert 'src="yudong-seminar.png"' in html


def test_drafts_are_not_published(example_site: Path) -> None:
    assert not (example_site / "issues/2011/007/04-songling-draft.html").exists()
    for page in example_site.rglob("*.html"):
        assert "04-songling-draft" not in page.read_text(encoding="utf-8")


def test_feed_and_sitemap_are_xml(example_site: Path) -> None:
    feed = ElementTree.parse(example_site / "feed.xml").getroot()
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    assert len(feed.findall("{http://www.w3.org/2005/Atom}entry")) > 10
    urls = ElementTree.parse(example_site / "sitemap.xml").getroot()
    assert len(urls) > 50


def test_front_matter_values_are_escaped(tree, tmp_path: Path) -> None:
    payload = '<script>alert("x")</script>'
    tree.article("issues/2010/001/02-x.md", f"""
        title: '{payload}'
        kind: briefing
        units: [yudong]
        author: '"><img src=x onerror=alert(1)>'
        tags: ['<b>标签</b>']
    """)
    out = tmp_path / "out"
    build(BuildOptions(content=tree.root, out=out))
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html, page
        assert "<img src=x onerror" not in html, page
        assert "<b>标签</b>" not in html, page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in read(out, "issues/2010/001/02-x.html")
    feed = read(out, "feed.xml")
    assert "<script>" not in feed and "&lt;script&gt;" in feed


def test_chinese_soft_breaks_and_unicode_heading_ids(tree, tmp_path: Path) -> None:
    tree.article("issues/2010/001/02-x.md", "title: 换行\nkind: case\nunits: [yudong]\n",
                 "## 一、主要做法\n\n玉东新区坚持\n行动学习。\nAction learning\nworks.\n")
    out = tmp_path / "out"
    build(BuildOptions(content=tree.root, out=out))
    html = read(out, "issues/2010/001/02-x.html")
    assert "玉东新区坚持行动学习。" in html
    assert "Action learning\nworks." in html  # breaks between Latin words stay spaces
    assert 'id="一主要做法"' in html


def test_explicit_total_resets_the_count(tree, tmp_path: Path) -> None:
    tree.issue(2010, "001", "date: 2010-06-01\ntotal: 037\n")
    tree.issue(2010, "2", "date: 2010-07-01\n")
    out = tmp_path / "out"
    build(BuildOptions(content=tree.root, out=out))
    assert "（总第37期）" in read(out, "issues/2010/001/index.html")  # 037 is decimal, not octal
    assert "（总第38期）" in read(out, "issues/2010/002/index.html")


def test_links_between_markdown_files_point_at_pages(example_site: Path) -> None:
    html = read(example_site, "pages/about.html")
    assert 'href="contact.html"' in html


@pytest.mark.parametrize("rel", ["index.html", "issues/2010/001/index.html", "units/yudong.html"])
def test_pages_work_from_disk_with_index_html_links(example_site: Path, rel: str) -> None:
    # file:// has no directory index, so links name index.html explicitly.
    html = read(example_site, rel)
    assert not re.search(r'href="[^"#]*/"', html)
