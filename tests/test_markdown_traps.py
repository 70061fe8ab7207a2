"""Markdown traps in office text: a warning with the file's line number and the
fix, and asterisk runs used to hide names shown literally in the page."""

from __future__ import annotations

from pathlib import Path

from bulletin.markdown.lint import prepare
from bulletin.pipeline import BuildOptions, build

ARTICLE = "issues/2010/001/02-traps.md"
FRONT = "---\r\ntitle: 玉东新区转发文件\r\nkind: briefing\r\nunits: [yudong]\r\n---\r\n"  # body starts on line 6


def build_article(tree, tmp_path: Path, body: str) -> tuple[list[str], str]:
    """Build a real CRLF file; return its warnings and the article's HTML."""
    tree.write(ARTICLE, (FRONT + body.replace("\n", "\r\n")).encode())
    result = build(BuildOptions(content=tree.root, out=tmp_path / "site"))
    html = (tmp_path / "site/issues/2010/001/02-traps.html").read_text(encoding="utf-8")
    return [d.format() for d in result.diagnostics.sorted()], html


def test_anonymising_asterisks_render_literally(tree, tmp_path: Path) -> None:
    found, html = build_article(tree, tmp_path, "根据***教语〔2013〕5号和***办〔2013〕2号文件精神，\n"
                                                "会议由***主持。\n")
    assert "<p>根据***教语〔2013〕5号和***办〔2013〕2号文件精神，会议由***主持。</p>" in html
    assert "<em>" not in html and "<strong>" not in html
    assert found == [
        "issues/2010/001/02-traps.md:6: 警告 W405: 连续星号“***”按原样显示，不作为加粗或斜体 "
        "(the run of asterisks '***' is shown as it is, not as emphasis) "
        "提示：以星号隐去的文字无需改动；如要加粗请写成 **文字**；写成 \\* 可消除本提示。",
        "issues/2010/001/02-traps.md:7: 警告 W405: 连续星号“***”按原样显示，不作为加粗或斜体 "
        "(the run of asterisks '***' is shown as it is, not as emphasis) "
        "提示：以星号隐去的文字无需改动；如要加粗请写成 **文字**；写成 \\* 可消除本提示。"]


def test_real_emphasis_rules_and_code_are_left_alone(tree, tmp_path: Path) -> None:
    found, html = build_article(tree, tmp_path, "要**认真**学习，已\\*\\*\\*隐去。\n\n***\n\n`a***b`\n\n"
                                                "```\n***教语\n```\n")
    assert found == []
    assert "<strong>认真</strong>" in html and "已***隐去" in html and "<hr" in html
    assert "<code>a***b</code>" in html and "***教语\n</code>" in html


def test_dash_line_under_text_warns_about_the_heading(tree, tmp_path: Path) -> None:
    found, html = build_article(tree, tmp_path, "第一段。\n\n会议要求\n---\n\n第二段。\n\n---\n\n第三段。\n")
    assert found == [
        "issues/2010/001/02-traps.md:9: 警告 W406: “---”紧跟在文字下一行，会把上一行变成标题 "
        "('---' right under a line of text turns that line into a heading) "
        "提示：如要分隔线，请在“---”上方空一行；如要小标题，请写成“## 标题”。"]
    assert html.count("<hr") == 1  # the separated one is a rule, the other a heading


def test_full_width_markdown_syntax(tree, tmp_path: Path) -> None:
    (tree.root / "issues/2010/001").mkdir(parents=True, exist_ok=True)
    (tree.root / "issues/2010/001/现场.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    found, _html = build_article(tree, tmp_path, "＃ 一、主要做法\n\n！[现场]（现场.png）\n\n"
                                                "详见[方案]（fangan.pdf）和[关于（试行）的通知](现场.png)。\n")
    assert [f.split(" (")[0] for f in found] == [
        "issues/2010/001/02-traps.md:6: 警告 W407: 行首的全角“＃”不会成为标题",
        "issues/2010/001/02-traps.md:8: 警告 W408: 图片或链接使用了全角符号：！[现场]（现场.png）",
        "issues/2010/001/02-traps.md:10: 警告 W408: 图片或链接使用了全角符号：[方案]（fangan.pdf）"]
    assert "标题请用半角井号加空格" in found[0] and "![说明](文件名.png)" in found[1]


def test_text_lost_to_a_wrong_encoding(tree, tmp_path: Path) -> None:
    found, _html = build_article(tree, tmp_path, "玉东新区??????召开会议。\n\n锟斤拷锟斤拷\n\n真的吗?是的。\n")
    assert [f.split(" 提示")[0] for f in found] == [
        "issues/2010/001/02-traps.md:6: 警告 W409: 这一行有“??????”，文字可能已因编码错误丢失 "
        "('??????' on this line shows text already lost to a wrong encoding)",
        "issues/2010/001/02-traps.md:8: 警告 W409: 这一行有“锟斤拷”，文字可能已因编码错误丢失 "
        "('锟斤拷' on this line shows text already lost to a wrong encoding)"]


def test_indented_paragraph_becomes_code(tree, tmp_path: Path) -> None:
    body = "第一段。\n\n    会议强调，要抓好学习。\n\n- 一是\n\n    续写的列表内容\n"
    found, html = build_article(tree, tmp_path, body)
    assert [f.split(" 提示")[0] for f in found] == [
        "issues/2010/001/02-traps.md:8: 警告 W410: 这一段以4个半角空格开头，会显示为代码块（等宽字体，不换行） "
        "(a paragraph starting with 4 spaces is shown as a code block)"]
    assert "<pre><code>会议强调" in html


def test_issue_note_and_page_lines_count_from_the_file(tree, tmp_path: Path) -> None:
    tree.write("issues/2010/001/issue.md", "---\ndate: 2010-06-01\n---\n\n\n编者按：***同志的讲话。\n")
    tree.write("pages/about.md", "---\ntitle: 关于本刊\n---\n本刊由\n---\n")
    result = build(BuildOptions(content=tree.root, out=tmp_path / "site"))
    assert [(d.path, d.line, d.code) for d in result.diagnostics.sorted()] == [
        ("issues/2010/001/issue.md", 6, "W405"), ("pages/about.md", 5, "W406")]


def test_prepare_changes_nothing_but_the_asterisk_runs() -> None:
    text = "正文\n\n# 标题\n\n| 表 | 格 |\n|---|---|\n| 1 | 2 |\n"
    assert prepare(text).text == text and prepare(text).findings == []
