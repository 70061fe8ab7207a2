"""A classified document never enters the content folder.

Markings are looked for everywhere a Word bulletin can carry one: the body,
tables, text boxes, page headers and footers, and footnotes. The body is judged
by the same rule as the build (validate/secrecy.py: 机密★1年, a level alone on a
line or in brackets), so an article that only mentions 保守秘密 is not refused;
text boxes, headers and footers hold nothing but markings, so any level word
there counts.
"""

from __future__ import annotations

import re

from bulletin.validate.secrecy import LEVELS, find_markings, marking_in_name
from bulletin.wordimport.reading import WordDocument

_FIELD = re.compile(rf"密\s*级\s*[：:]?\s*({LEVELS})")
_ANY_LEVEL = re.compile(LEVELS)
_WHERE = {"body": ("正文", "body"), "textbox": ("文本框", "text box"), "header": ("页眉", "page header"),
          "footer": ("页脚", "page footer"), "footnote": ("脚注", "footnote")}


def classified_marking(doc: WordDocument) -> tuple[str, str, str] | None:
    """(marking, where in Chinese, where in English) of the first marking, or None."""
    named = marking_in_name(doc.path.name)
    if named:
        return named, "文件名", "file name"
    places = [(b.where, b.number, b.text) for b in doc.blocks]
    places += [("footnote", 0, text) for text in doc.footnotes.values()]
    for where, number, text in places:
        mark = _marking(text, strict=where in ("body", "footnote"))
        if mark:
            zh, en = _WHERE.get(where, (where, where))
            if number:
                zh, en = f"{zh}第{number}段", f"{en}, paragraph {number}"
            return mark, zh, en
    return None


def _marking(text: str, strict: bool) -> str | None:
    found = next((mark for _, mark in find_markings(text)), None) or _first(_FIELD, text)
    if found or strict:
        return found
    return _first(_ANY_LEVEL, text)


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    return match.group(0) if match else None
