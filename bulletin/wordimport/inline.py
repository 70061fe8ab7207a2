"""Plain Word text as Markdown that shows exactly that text.

Office text is full of characters Markdown reads as markup: ``*`` in 隐去的
名字, ``1.`` at the start of a paragraph (an ordered list), ``#``, ``<``.
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_\[\]])")
_LINE_START = re.compile(r"^(\s*)([#>+\-]|\d+(?=[.)]))")


def escape_inline(text: str) -> str:
    """Escape the characters that are markup anywhere in a line."""
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return _SPECIAL.sub(r"\\\1", text)


def escape_line_start(markdown: str) -> str:
    """Escape what would make a paragraph a heading, quote, list or numbered list."""
    match = _LINE_START.match(markdown)
    if not match:
        return markdown
    lead, mark = match.group(1), match.group(2)
    rest = markdown[match.end():]
    if mark.isdigit():
        return f"{lead}{mark}\\{rest}" if rest[:1] in ".)" else markdown
    return f"{lead}\\{mark}{rest}"


def table_cell(markdown: str) -> str:
    return markdown.replace("|", "\\|").replace("\n", "<br>")
