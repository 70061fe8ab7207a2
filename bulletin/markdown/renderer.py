"""Markdown → HTML for office text.

Python-Markdown keeps state between documents (footnotes, heading ids), so a
renderer resets it for every document. Its default heading slugs drop
Chinese, so a Unicode slug is used. A line break inside a Chinese paragraph
is the author's wrapping, not a space: it is removed between CJK characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from xml.etree import ElementTree

import markdown
from markdown.extensions import Extension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.extensions.toc import slugify_unicode
from markdown.treeprocessors import Treeprocessor

from bulletin.markdown import limits
from bulletin.markdown.quick_inline import QuickInlineProcessor
from bulletin.markdown.quick_tree import HeadingIdsExtension, QuickAttrListExtension
from bulletin.markdown.sanitize import Reference, sanitize
from bulletin.patterns import CJK_WRAP, HTML_TAG, SCHEME, SPACES

_SOFT_BREAK = re.compile(rf"(?<=[{CJK_WRAP}])[ \t]*\n[ \t]*(?=[{CJK_WRAP}])")
# Python-Markdown keeps a backslash-escaped character as STX + its code point + ETX until the end;
# link targets are reported as the author wrote them, not with these placeholders.
_ESCAPED = re.compile("\x02(\\d+)\x03")
# A fenced code block opens with three backticks or tildes; Python-Markdown drops STX and ETX
# before looking for fences, so a text with either might hide one.
_FENCE_HINTS = ("```", "~~~", "\x02", "\x03")


@dataclass
class Rendered:
    html: str
    references: list[str] = field(default_factory=list)  # local link/image targets
    first_paragraph: str = ""
    removed: list[str] = field(default_factory=list)  # unsafe HTML the sanitiser took out
    urls: list[Reference] = field(default_factory=list)  # every URL of the cleaned HTML
    too_complex: str = ""  # why the text was refused (E324): "nesting", "html", "time" or "lint"; "" when rendered


class _CjkSoftBreaks(Treeprocessor):
    def run(self, root: ElementTree.Element) -> None:
        for element in root.iter():
            if element.tag in ("pre", "code"):
                continue
            if element.text and "\n" in element.text:
                element.text = _SOFT_BREAK.sub("", element.text)
            if element.tail and "\n" in element.tail:
                element.tail = _SOFT_BREAK.sub("", element.tail)


class _LocalReferences(Treeprocessor):
    """Records relative link and image targets so missing files can be reported."""

    def run(self, root: ElementTree.Element) -> None:
        found: list[str] = []
        for element in root.iter():
            target = element.get("src") if element.tag == "img" else element.get("href") if element.tag == "a" else None
            if target and not SCHEME.match(target) and not target.startswith(("#", "/", "//")):
                # Links to other Markdown files stay as written: the markdown stage asks the
                # router where their targets are written (markdown/links.py).
                found.append(_ESCAPED.sub(lambda m: chr(int(m.group(1))), target).split("#", 1)[0].split("?", 1)[0])
            if element.tag == "table":
                element.set("class", "table")
        self.md.local_references = [t for t in found if t]  # type: ignore[attr-defined]


class _OfficeExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown API)
        md.treeprocessors.register(QuickInlineProcessor(md), "inline", 20)  # same output, faster
        md.treeprocessors.register(_CjkSoftBreaks(md), "cjk_soft_breaks", 5)
        md.treeprocessors.register(_LocalReferences(md), "local_references", 4)


class MarkdownRenderer:
    """One Markdown instance, reset before each document; its HTML is sanitised
    unless the site trusts raw HTML (``allow_html``).

    Texts without a fence are converted by an instance without the fenced-code extension: its
    preprocessor returns such a text unchanged, and importing it imports codehilite, whose optional
    import of Pygments (never used: no code is highlighted) costs every build about 10 ms."""

    def __init__(self, allow_html: bool = False) -> None:
        self.allow_html = allow_html
        self._instances: dict[bool, markdown.Markdown] = {}  # by "with fenced code"

    def _markdown(self, fenced: bool) -> markdown.Markdown:
        if fenced not in self._instances:
            self._instances[fenced] = self._new_markdown(fenced)
        return self._instances[fenced]

    @staticmethod
    def _new_markdown(fenced: bool) -> markdown.Markdown:
        extensions: list[Extension] = [TableExtension()]
        if fenced:
            from markdown.extensions.fenced_code import FencedCodeExtension
            extensions.append(FencedCodeExtension())
        return markdown.Markdown(
            # attr_list and toc as their quicker equivalents (quick_tree.py: same output)
            # (instances: extensions named by string are looked up among every installed package's entry points)
            extensions=[*extensions, SaneListExtension(), QuickAttrListExtension(), FootnoteExtension(),
                        HeadingIdsExtension(slugify=slugify_unicode, permalink=False), _OfficeExtension()],
            output_format="html",
        )

    def render(self, text: str) -> Rendered:
        if limits.nesting_depth(text) > limits.MAX_NESTING:
            return Rendered("", too_complex="nesting")
        if limits.html_depth(text) > limits.MAX_HTML_NESTING:
            return Rendered("", too_complex="html")
        fenced = any(hint in text for hint in _FENCE_HINTS)
        md = self._markdown(fenced)
        md.reset()
        md.local_references = []  # type: ignore[attr-defined]
        try:
            with limits.time_budget(limits.budget(text)):
                converted = md.convert(text)
        except (limits.TooComplexError, RecursionError):
            del self._instances[fenced]  # an interrupted instance is not to be trusted
            return Rendered("", too_complex="time")
        cleaned = sanitize(converted, self.allow_html)
        html = cleaned.html
        return Rendered(html, list(md.local_references), first_paragraph(html),  # type: ignore[attr-defined]
                        cleaned.removed, cleaned.references)


def first_paragraph(html: str, limit: int = 120) -> str:
    """Plain text of the first paragraph, for summaries and feeds."""
    match = re.search(r"<p>(.*?)</p>", html, re.S)
    if not match:
        return ""
    plain = SPACES.sub(" ", unescape(HTML_TAG.sub("", match.group(1)))).strip()
    return plain if len(plain) <= limit else plain[: limit - 1] + "…"
