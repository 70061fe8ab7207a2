"""The quick inline pass gives exactly Python-Markdown's output."""

from __future__ import annotations

import random

import markdown
import pytest
from markdown.extensions.toc import slugify_unicode

from bulletin.bench.corpus import body
from bulletin.markdown import renderer
from bulletin.markdown.quick_inline import QuickInlineProcessor
from bulletin.markdown.renderer import MarkdownRenderer

TRICKY = [
    "普通*强调*文字", "换行  \n下一行", "链接[说明](a.md)与`代码`", "&amp; 与 &copy; 与 &#20013;",
    "脚注[^1]\n\n[^1]: 注释", "<span>内联 html</span> 中文", "```\n代码 * _ [x]\n```\n\n中文",
    "中文\\*转义\\*", "图片![图](b.png)", "<http://intranet.example/a>", "变量_名_字", "**加粗**与__加粗__",
    "| 甲 | 乙 |\n|---|---|\n| 中 | *文* |", "# 标题 {#id}\n\n正文", "列表：\n\n1. 第一\n2. *第二*",
    "> 引用*强调*", "<div>\n块级 html\n</div>\n\n正文", "中文 <user@example.org>", "句末两个空格  \n后一句",
]


def reference_renderer() -> MarkdownRenderer:
    """The same renderer with Python-Markdown's own inline pass."""

    class Full(renderer._OfficeExtension):
        def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802
            md.treeprocessors.register(renderer._CjkSoftBreaks(md), "cjk_soft_breaks", 5)
            md.treeprocessors.register(renderer._LocalReferences(md), "local_references", 4)

    full = MarkdownRenderer()
    full._md = markdown.Markdown(
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
    md = MarkdownRenderer()._md
    inline = md.treeprocessors["inline"]
    assert isinstance(inline, QuickInlineProcessor)

    class Mark(markdown.inlinepatterns.SimpleTagInlineProcessor):
        pass

    md.inlinePatterns.register(Mark(r"(==)(.+?)==", "mark"), "mark", 65)
    md.reset()
    assert "<mark>要点</mark>" in md.convert("这是==要点==。")
    assert inline._quick is False
