"""The quick inline pass gives exactly Python-Markdown's output."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
from markdown.extensions.toc import slugify_unicode

from bulletin.bench.corpus import body
from bulletin.markdown import renderer, sanitize
from bulletin.markdown.lint import prepare, prepare_line_by_line
from bulletin.markdown.quick_inline import QuickInlineProcessor
from bulletin.markdown.renderer import MarkdownRenderer

TRICKY = [
    "普通*强调*文字", "换行  \n下一行", "链接[说明](a.md)与`代码`", "&amp; 与 &copy; 与 &#20013;",
    "脚注[^1]\n\n[^1]: 注释", "<span>内联 html</span> 中文", "```\n代码 * _ [x]\n```\n\n中文",
    "中文\\*转义\\*", "图片![图](b.png)", "<http://intranet.example/a>", "变量_名_字", "**加粗**与__加粗__",
    "| 甲 | 乙 |\n|---|---|\n| 中 | *文* |", "# 标题 {#id}\n\n正文", "列表：\n\n1. 第一\n2. *第二*",
    "> 引用*强调*", "<div>\n块级 html\n</div>\n\n正文", "中文 <user@example.org>", "句末两个空格  \n后一句",
    "~~~\n代码\n~~~", "``\x02`\n代码\n``\x03`", "````\n嵌套 ```\n````", "行内 ``` 不是围栏", "~~删除~~ 与 ~~~",
]


def reference_renderer() -> MarkdownRenderer:
    """The same renderer with Python-Markdown's own inline pass."""

    class Full(renderer._OfficeExtension):
        def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802
            md.treeprocessors.register(renderer._CjkSoftBreaks(md), "cjk_soft_breaks", 5)
            md.treeprocessors.register(renderer._LocalReferences(md), "local_references", 4)

    full = MarkdownRenderer()
    # One instance with every extension (fenced code included) for every text: the renderer's own
    # instance without fenced code, for texts without a fence, must give the same output.
    full._instances[True] = full._instances[False] = markdown.Markdown(
        extensions=["tables", "fenced_code", "sane_lists", "attr_list", "footnotes", "toc", Full()],
        extension_configs={"toc": {"slugify": slugify_unicode, "permalink": False}}, output_format="html")
    return full


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_markdown_is_unchanged(text: str) -> None:
    assert MarkdownRenderer().render(text) == reference_renderer().render(text)


def test_generated_bodies_are_unchanged() -> None:
    quick, full = MarkdownRenderer(), reference_renderer()
    rng = random.Random(6)
    for _ in range(40):
        text = body(rng, rng.randint(600, 2600), with_table=rng.random() < 0.3)
        assert quick.render(text) == full.render(text)


def test_shortcut_steps_aside_for_unknown_inline_patterns() -> None:
    md = MarkdownRenderer()._markdown(fenced=False)
    inline = md.treeprocessors["inline"]
    assert isinstance(inline, QuickInlineProcessor)

    class Mark(markdown.inlinepatterns.SimpleTagInlineProcessor):
        pass

    md.inlinePatterns.register(Mark(r"(==)(.+?)==", "mark"), "mark", 65)
    md.reset()
    assert "<mark>要点</mark>" in md.convert("这是==要点==。")
    assert inline._quick is False


HEADINGS_AND_ATTRIBUTES = [
    "[TOC]\n\n# 甲\n\n## 乙", "# 标题 {: .cls #myid}\n\n正文 {: .p}", "## 同名\n\n## 同名\n\n## 同名",
    '# 标题 {data-toc-label="短"}', "# 甲\n\n正文[^1]\n\n[^1]: 注", "## *强调* 与 `代码` & <b>粗</b>",
    "<h2 id=\"q\">原</h2>\n\n## q", "## 甲 &amp; 乙\n\n## qq 号码\n\n##  多个   空格 ", "## 脚注[^1]\n\n[^1]: 注",
    "段落 {: #x}\n\n* 项 {: .li}", "# {", "文字 { 不是属性 }",
]


@pytest.mark.parametrize("text", HEADINGS_AND_ATTRIBUTES)
def test_quick_heading_ids_and_attribute_lists_are_unchanged(text: str) -> None:
    """quick_tree.py's toc and attr_list passes give the extensions' own output."""
    assert MarkdownRenderer().render(text) == reference_renderer().render(text)


def test_the_trap_shortcut_finds_what_the_full_pass_finds() -> None:
    """lint.prepare skips texts with none of the traps' characters: never one with a trap."""
    pieces = ["***", "---", "===", "＃ 标题", "！［图］（a.png）", "[x]（y.md）", "锟斤拷", "中文??", "????",
              "    缩进", "\t制表", "```\n***\n```", "`a***b`", "\\***", "段落\n---", "1. 列表\n    续行", "中文"]
    rng = random.Random(17)
    for _ in range(500):
        text = "\n".join(rng.choice(pieces) + rng.choice(["", "内容", " 文字。"]) for _ in range(rng.randint(1, 8)))
        quick, full = prepare(text), prepare_line_by_line(text)
        assert (quick.text, [(f.code, f.offset, f.args) for f in quick.findings]) == (
            full.text, [(f.code, f.offset, f.args) for f in full.findings])


def test_every_url_attribute_is_looked_for() -> None:
    """sanitize's shortcut looks for parts of the URL attributes' names: each name holds one."""
    assert all(any(part in name for part in sanitize._URL_NAME_PARTS) for name in sanitize._URL_ATTRIBUTES)


def test_fenced_code_is_imported_only_for_a_text_with_a_fence() -> None:
    """Fenced code's module imports codehilite, which imports Pygments (and importlib.metadata) when
    installed although nothing is highlighted: a text without a fence does not pay for it."""
    script = ("import sys\n"
              "from bulletin.markdown.renderer import MarkdownRenderer\n"
              "r = MarkdownRenderer()\n"
              "r.render('正文 `代码` 与 ~~删除~~\\n\\n| 甲 |\\n|---|\\n| 乙 |')\n"
              "print('markdown.extensions.fenced_code' in sys.modules)\n"
              "print(r.render('```\\n代码\\n```').html)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parent.parent)
    before, html = done.stdout.split("\n", 1)
    assert before == "False"
    assert html.strip() == "<pre><code>代码\n</code></pre>"
