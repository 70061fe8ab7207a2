"""The 通报 .docx without python-docx: the prepared template (stats/notice.py ``WordTemplate``) frozen
into text, kept in the build cache, and filled in by string assembly.

A build that makes a few 通报 (a new issue changes a month's and a quarter's) spent most of that time
importing python-docx and preparing its template (~0.15 s), not on the documents (~4 ms each). The
prepared template depends only on python-docx, lxml and this program, so its frozen form is made once
by python-docx itself and kept: the fixed zip members as python-docx saves them (already compressed),
the document part around the body's blocks, every paragraph look, table and page break the body uses
as python-docx serialises them, and the core properties part around its title and author. Each piece
is cut out of a specimen document python-docx wrote, at a marker, so nothing of its markup is written
here; only the texts are, as python-docx and lxml write them (``_run_xml``, ``_text_xml``). A text
lxml would refuse, or a core property python-docx would refuse, goes through python-docx, which
refuses it as before. tests/test_notice_frozen.py compares both ways byte for byte.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
from collections.abc import Callable
from dataclasses import dataclass
from operator import methodcaller
from pathlib import Path

from bulletin.cache.store import Memo
from bulletin.stats.notice import (
    CORE_PART,
    DOCUMENT_PART,
    PARAGRAPH_STYLES,
    TABLE_HEADERS,
    NoticeContent,
    Style,
    WordTemplate,
    ZipMember,
    notice_docx,
    using_template,
    write_body,
    zip_archive,
)

SPACE = "notice-template"
TABLE_END = "</w:tbl>"
CORE_PROPERTY_LIMIT = 255  # characters python-docx allows in a core property (CT_CoreProperties)
# Markers in the specimens: private-use characters, in no part python-docx writes, needing no escape.
MARKS = [chr(0xE000 + i) for i in range(16)]
# What lxml takes as text: XML 1.0's characters (it refuses the rest, which then go through python-docx).
# Written as the few characters outside XML 1.0 rather than as "not XML's ranges": the same set, and
# compiling the negated class walked some 120,000 code points, about 3 ms of every build's imports.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
RUN_BREAKS = re.compile("([\t\r\n])")


class _UnfrozenError(Exception):
    """A text the frozen form does not write as python-docx would: python-docx writes (or refuses) it."""


@dataclass(frozen=True)
class FrozenTemplate:
    members: tuple[tuple[str, ZipMember | None], ...]  # None: the document or core properties part
    document: tuple[str, str]  # the document part before and after the body's blocks
    core: tuple[str, str, str]  # the core properties part around the title and the author
    paragraphs: dict[tuple[bool, Style], tuple[str, str]]  # (has text, look): before and after the run's text
    page_break: str
    tables: dict[tuple[str, ...], tuple[str, tuple[str, ...]]]  # header: the table to its header row, a row's pieces

    def docx(self, content: NoticeContent) -> bytes:
        """The 通报's bytes: those python-docx writes for it (``notice_docx``)."""
        try:
            parts = {DOCUMENT_PART: self._document(content),
                     CORE_PART: _filled(self.core, _property(content.title), _property(content.publisher))}
        except _UnfrozenError:
            return notice_docx(content)
        return zip_archive([(name, member or ZipMember.deflate(parts[name].encode("utf-8")))
                            for name, member in self.members])

    def _document(self, content: NoticeContent) -> str:
        body = _FrozenBody(self)
        write_body(body, content)
        return self.document[0] + "".join(body.blocks) + self.document[1]


class _FrozenBody:
    """``write_body``'s blocks as text (notice.py ``BodyWriter``)."""

    def __init__(self, frozen: FrozenTemplate) -> None:
        self.frozen = frozen
        self.blocks: list[str] = []

    def paragraph(self, text: str, style: Style) -> None:
        before, after = self.frozen.paragraphs[(bool(text), style)]
        self.blocks += (before, _run_xml(text), after)

    def page_break(self) -> None:
        self.blocks.append(self.frozen.page_break)

    def table(self, header: list[str], rows: list[list[str]]) -> None:
        opening, pieces = self.frozen.tables[tuple(header)]
        self.blocks.append(opening)
        for values in rows:
            if len(values) != len(header):  # python-docx's model row refuses it (zip strict)
                raise _UnfrozenError
            self.blocks.append(_filled(pieces, *map(_text_xml, values)))
        self.blocks.append(TABLE_END)


def _run_xml(text: str) -> str:
    """python-docx's run text (``CT_R.text``): a tab is ``<w:tab/>``, a line break (CR or LF, each)
    ``<w:br/>``, the rest ``<w:t>`` elements, marked to keep their spaces when they begin or end with
    whitespace (``CT_R.add_t``: ``str.strip``, so the ideographic space counts)."""
    xml = []
    for piece in RUN_BREAKS.split(text):
        if piece == "\t":
            xml.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            xml.append("<w:br/>")
        elif piece:
            preserve = len(piece.strip()) < len(piece)
            xml.append(('<w:t xml:space="preserve">' if preserve else "<w:t>") + _text_xml(piece) + "</w:t>")
    return "".join(xml)


def _text_xml(text: str) -> str:
    """An element's text as lxml serialises it in UTF-8 (``&``, ``<``, ``>`` and CR escaped)."""
    if NOT_XML.search(text):
        raise _UnfrozenError
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _property(text: str) -> str:
    if len(text) > CORE_PROPERTY_LIMIT:
        raise _UnfrozenError
    return _text_xml(text)


def _filled(pieces: tuple[str, ...], *texts: str) -> str:
    """The pieces with the texts between them."""
    out = [pieces[0]]
    for text, piece in zip(texts, pieces[1:], strict=True):
        out += (text, piece)
    return "".join(out)


# -- Freezing: python-docx writes specimens, cut at their markers -----------------------------------


def freeze() -> FrozenTemplate:
    """The frozen form of this process's prepared template (imports python-docx)."""
    return using_template(_frozen)


def _frozen(template: WordTemplate) -> FrozenTemplate:
    empty = template.specimen(lambda doc: None)
    head, tail = _cut(empty, ["<w:sectPr"], keep=True)

    def block(write: Callable[[WordTemplate], None]) -> str:
        """What ``write`` adds to the body, as it stands in the document part."""
        xml = template.specimen(write)
        if not (xml.startswith(head) and xml.endswith(tail)):
            raise RuntimeError("the notice template's document part changed around its body")
        return xml[len(head):len(xml) - len(tail)]

    paragraphs = {}
    for style in PARAGRAPH_STYLES:
        paragraphs[(False, style)] = (block(methodcaller("paragraph", "", style)), "")
        marked = block(methodcaller("paragraph", MARKS[0], style))
        before, after = _cut(marked, [f"<w:t>{MARKS[0]}</w:t>"])
        paragraphs[(True, style)] = (before, after)
    tables = {}
    for header in TABLE_HEADERS:
        marks = MARKS[:len(header)]
        bare = block(methodcaller("table", header, []))
        rowed = block(methodcaller("table", header, [marks]))
        opening = bare.removesuffix(TABLE_END)
        if opening == bare or not (rowed.startswith(opening) and rowed.endswith(TABLE_END)):
            raise RuntimeError("the notice template's table is not laid out as expected")
        tables[tuple(header)] = (opening, _cut(rowed[len(opening):-len(TABLE_END)], marks))
    core = _cut(template.core_specimen(MARKS[0], MARKS[1]), MARKS[:2])
    return FrozenTemplate(tuple(template.members), (head, tail), (core[0], core[1], core[2]), paragraphs,
                          block(methodcaller("page_break")), tables)


def _cut(text: str, marks: list[str], keep: bool = False) -> tuple[str, ...]:
    """``text`` cut at each mark, which must occur once, in this order (``keep``: the mark begins the next piece)."""
    pieces, rest = [], text
    for mark in marks:
        if text.count(mark) != 1 or mark not in rest:
            raise RuntimeError(f"the notice template's specimen does not hold its marker once: {mark!r}")
        before, rest = rest.split(mark)
        pieces.append(before)
        if keep:
            rest = mark + rest
    return (*pieces, rest)


# -- The build cache ---------------------------------------------------------------------------------


def remembered_template(memo: Memo | None) -> FrozenTemplate:
    """The frozen template from the build cache, else frozen now (python-docx) and kept there."""
    key = template_key()
    found = memo.get(SPACE, key) if memo is not None else None
    if isinstance(found, FrozenTemplate):
        return found
    frozen = freeze()
    if memo is not None:
        memo.put(SPACE, key, frozen)
    return frozen


def template_key() -> str:
    """python-docx and this program are in the cache store's own key (cache/store.py library_versions);
    lxml, which serialises every part, is not: its version file is read here (not imported)."""
    spec = importlib.util.find_spec("lxml")
    origin = Path(spec.origin) if spec is not None and spec.origin else None
    version = origin.read_bytes() if origin is not None and origin.is_file() else b""
    return hashlib.blake2b(version, digest_size=16).hexdigest()
