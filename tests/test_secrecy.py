"""Classification markings and the Markdown sanitiser, at unit level."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bulletin.markdown.renderer import MarkdownRenderer
from bulletin.markdown.sanitize import sanitize
from bulletin.pipeline import check
from bulletin.validate.secrecy import find_markings


@pytest.mark.parametrize("text, mark", [
    ("本文件密级：机密★1年", "机密★1年"),
    ("秘密★6个月", "秘密★6个月"),
    ("绝密 ★ 长期", "绝密 ★ 长期"),
    ("机密★", "机密★"),
    ("【涉密】会议纪要", "【涉密】"),
    ("（秘密）", "（秘密）"),
    ("  机密  ", "机密"),
    ("**绝密**", "绝密"),
    ("# 秘密", "秘密"),
])
def test_markings_are_found(text: str, mark: str) -> None:
    assert list(find_markings("第一行\n" + text)) == [(1, mark)]


@pytest.mark.parametrize("text", [
    "涉密内容一律不得报送。",
    "严守党和国家秘密，增强保密意识。",
    "机密文件管理规定学习会召开",
    "学习的秘密在于坚持",
    "★ 重点工作 ★",
    "内部资料 注意保存",
])
def test_ordinary_sentences_are_not_markings(text: str) -> None:
    assert list(find_markings(text)) == []


def test_classification_field_variants(tree) -> None:
    for value, code in [("涉密", "E301"), ("机密", "E301"), ("秘密★1年", "E301"), ("保密", "E302")]:
        tree.article("issues/2010/001/02-x.md",
                     f"title: 某文\nkind: briefing\nunits: [yudong]\nclassification: {value}\n")
        _, diags = check(tree.root)
        assert (code, "issues/2010/001/02-x.md", 5) in {(d.code, d.path, d.line) for d in diags.errors}, value


def test_the_example_bulletin_has_no_markings() -> None:
    _, diags = check(Path(__file__).parent.parent / "content")
    assert not diags.errors


def test_sanitiser_keeps_what_markdown_writes() -> None:
    renderer = MarkdownRenderer()
    text = ("## 一、主要做法 {#zuofa}\n\n**加粗**、*斜体*、`代码`、[链接](01-a.md#x)、![图](a.png \"说明\")\n\n"
            "| 单位 | 人数 |\n|:--|--:|\n| 玉东 | 126 |\n\n> 引用\n\n1. 一\n2. 二\n\n正文[^1]\n\n[^1]: 脚注\n")
    rendered = renderer.render(text)
    assert rendered.removed == []
    for kept in ('<h2 id="zuofa">', "<strong>加粗</strong>", "<em>斜体</em>", "<code>代码</code>",
                 '<a href="01-a.md#x">链接</a>', '<img alt="图" src="a.png" title="说明">',
                 '<td style="text-align:right">126</td>', "<blockquote>", "<ol>", 'class="footnote"'):
        assert kept in rendered.html, kept


@pytest.mark.parametrize("raw, gone", [
    ("<script>alert(1)</script>", "<script>"),
    ('<img src="a.png" onerror="alert(1)">', "onerror"),
    ('<a href="javascript:alert(1)">x</a>', "javascript: 链接"),
    ('<iframe src="x.html"></iframe>', "<iframe>"),
    ("<style>body{display:none}</style>", "<style>"),
    ('<p style="background:url(http://evil/x)">x</p>', "style"),
    ('<svg onload="alert(1)"></svg>', "<svg>"),
    ('<object data="x.swf"></object>', "<object>"),
    ('<form action="http://evil/"><input></form>', "<form>"),
])
def test_sanitiser_removes_and_reports(raw: str, gone: str) -> None:
    cleaned = sanitize(raw)
    assert gone in cleaned.removed
    assert "alert" not in cleaned.html and "evil" not in cleaned.html


def test_allow_html_trusts_raw_html(tree, tmp_path: Path) -> None:
    from bulletin.pipeline import BuildOptions, build
    site = (tree.root / "site.yaml").read_text(encoding="utf-8")
    tree.write("site.yaml", site + "allow_html: true\n")
    tree.article("issues/2010/001/02-video.md", "title: 视频\nkind: briefing\nunits: [yudong]\n",
                 '<video controls src="clip.mp4"></video>\n\n<details><summary>展开</summary>内容</details>\n')
    tree.write("issues/2010/001/clip.mp4", b"\x00\x00")
    build(BuildOptions(content=tree.root, out=tmp_path / "site"))
    page = (tmp_path / "site/issues/2010/001/02-video.html").read_text(encoding="utf-8")
    assert '<video controls src="clip.mp4"></video>' in page and "<details>" in page


def test_control_characters_never_reach_the_html() -> None:
    assert sanitize("<p>a\x00b\x01c\x1bd\x7f</p>").html == "<p>abcd</p>"
    assert sanitize("<p>a\x00b</p>", allow_html=True).html == "<p>ab</p>"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links on this platform")
def test_symlinks_leaving_content_are_refused_and_never_copied(tree, tmp_path: Path) -> None:
    from bulletin.errors import BuildError
    from bulletin.pipeline import BuildOptions, build
    secret = tmp_path / "secret.txt"
    secret.write_text("机要名单", encoding="utf-8")
    (tree.root / "issues/2010/001/名单.txt").symlink_to(secret)
    (tree.root / "pages").mkdir()
    (tree.root / "pages/shared").symlink_to(tmp_path, target_is_directory=True)
    tree.article("issues/2010/001/02-link.md", "title: 链接\nkind: briefing\nunits: [yudong]\n", "[名单](名单.txt)\n")
    with pytest.raises(BuildError) as failure:
        build(BuildOptions(content=tree.root, out=tmp_path / "site"))
    found = {(d.code, d.path) for d in failure.value.diagnostics.errors}
    assert found == {("E311", "issues/2010/001/名单.txt"), ("E311", "pages/shared")}
    assert not (tmp_path / "site").exists()


def test_a_linked_symlink_inside_content_is_refused_as_an_asset(tree, tmp_path: Path) -> None:
    """Only plain files are published: a link, even one staying inside content/, is E326 when linked."""
    from bulletin.errors import BuildError
    from bulletin.pipeline import BuildOptions, build
    tree.write("issues/2010/001/photo.png", b"\x89PNG")
    (tree.root / "issues/2010/001/same-photo.png").symlink_to("photo.png")
    tree.article("issues/2010/001/02-photo.md", "title: 图片\nkind: briefing\nunits: [yudong]\n",
                 "![合影](photo.png)\n\n![合影](same-photo.png)\n")
    with pytest.raises(BuildError) as failure:
        build(BuildOptions(content=tree.root, out=tmp_path / "site"))
    assert [(d.code, d.path) for d in failure.value.diagnostics.errors] == [
        ("E326", "issues/2010/001/same-photo.png")]
    assert not (tmp_path / "site").exists()


def test_removed_html_is_reported_on_its_line(tree) -> None:
    tree.article("issues/2010/001/02-x.md", "title: 某文\nkind: briefing\nunits: [yudong]\n",
                 "第一段。\n\n第二段<img src=a.png onerror=alert(1)>。\n")
    _, diags = check(tree.root)
    # the raw <img> is checked like a Markdown image: its missing file is W404 on its line
    assert [(d.code, d.line, d.args.get("what") or d.args["target"]) for d in diags.warnings] == [
        ("W404", 8, "a.png"), ("W422", 8, "onerror")]
