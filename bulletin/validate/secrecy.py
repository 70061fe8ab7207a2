"""Classification (密级) rules: nothing classified may ever reach readers.

The ``classification`` field is checked with the other article fields
(E301). This module finds classification *markings* written in the text of
any file — front matter, body, YAML comments — and in file names, because a
classified document pasted into an article keeps its masthead marking:

- the 密级★保密期限 form anywhere: ``机密★1年``, ``秘密★6个月``, ``绝密★长期``;
- a level standing as a marking: alone on a line (``机密``), or in brackets
  (``【涉密】``, ``（秘密）``).

Ordinary sentences that merely mention the words ("涉密内容一律不得报送")
are not markings and pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath

from bulletin.errors import Diagnostics
from bulletin.load.sources import Document, RawContent, YamlFile

LEVELS = "绝密|机密|秘密|涉密"
_STAR = re.compile(rf"(?:{LEVELS})[ \t\u3000]*[★☆][ \t\u3000]*(?:长期|\d+[ \t\u3000]*(?:年|个月|月|天|日))?")
_ALONE = re.compile(rf"^[ \t\u3000#>*_-]*[【\[〔（(]?[ \t\u3000]*({LEVELS})[ \t\u3000]*[】\]〕）)]?[ \t\u3000*_]*$")
_BRACKETED = re.compile(rf"[【\[〔（(][ \t\u3000]*(?:{LEVELS})[ \t\u3000]*[】\]〕）)]")
# The classification field itself is judged by validation (E301/E302), once.
_FIELD = re.compile(r"^[ \t]*(?:classification|密级)[ \t]*:", re.I)


def find_markings(text: str) -> Iterator[tuple[int, str]]:
    """Yield (0-based line index, marking) for every marking in ``text``."""
    for index, line in enumerate(text.split("\n")):
        match = _STAR.search(line) or _BRACKETED.search(line)
        if match:
            yield index, match.group(0).strip()
            continue
        alone = _ALONE.match(line)
        if alone:
            yield index, alone.group(1)


def first_marking(text: str) -> str | None:
    """The first marking in ``text`` (a register's cell), or None."""
    return next((mark for _, mark in find_markings(text)), None)


def scan_content(raw: RawContent, diags: Diagnostics) -> None:
    """Report every marking in every content file (E303) and file name (E304)."""
    yaml_files: list[YamlFile | None] = [raw.site, raw.units]
    documents: list[Document] = [*raw.profiles, *raw.pages]
    for folder in raw.issues:
        if folder.issue is not None:
            documents.append(folder.issue)
        documents += folder.articles
        for asset in folder.assets:
            _scan_name(asset, diags)
    for item in yaml_files:
        if item is not None:
            _scan_text(item.source.text, item.source.rel, diags)
    for doc in documents:
        _scan_name(doc.rel, diags)
        _scan_text(doc.source.text, doc.rel, diags)


def _scan_text(text: str, path: str, diags: Diagnostics) -> None:
    lines = text.split("\n")
    for index, mark in find_markings(text):
        if not _FIELD.match(lines[index]):
            diags.add("E303", path, index + 1, mark=mark)


def _scan_name(rel: str, diags: Diagnostics) -> None:
    name = PurePosixPath(rel).name
    match = _STAR.search(name) or _BRACKETED.search(name) or re.search(LEVELS, name)
    if match:
        diags.add("E304", rel, mark=match.group(0))


def marking_in_name(name: str) -> str | None:
    """A classification level anywhere in a file name, as ``_scan_name`` judges it
    (names carry no sentences); used by ``import`` before a document is read."""
    match = _STAR.search(name) or _BRACKETED.search(name) or re.search(LEVELS, name)
    return match.group(0) if match else None
