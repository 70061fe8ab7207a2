"""The 信息报送采用情况通报: a period's figures as the office issues them.

``notice_content`` gathers what the 通报 says (title, opening paragraph with the totals, the
ranking table of each group, the lists, the annex of adopted items) from the period's
``Ranking``; ``notice_docx`` writes it as a Word document with python-docx, which the office
edits in WPS or Word before issuing it (a build writes the same bytes from the prepared template's
frozen form, without python-docx: stats/notice_frozen.py); the statistics pages show the same
content as HTML.

Fonts are the office's faces, declared on the East Asian slot (``w:eastAsia``): WPS and Word
pick the Chinese face from there, not from ``Font.name`` (the Latin slot). The .docx bytes
depend only on the content (fixed zip times and document properties), so an unchanged 通报
is not rewritten by the next build.
"""

from __future__ import annotations

import functools
import io
import re
import struct
import threading
import zipfile
import zlib
from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol, TypeVar

from bulletin.model.library import Library
from bulletin.stats.rankings import Ranking

TITLE_FONT, HEADING_FONT, BODY_FONT, SUB_FONT = "方正小标宋简体", "黑体", "仿宋_GB2312", "楷体_GB2312"
NOTICE_PERIODS = ("month", "quarter", "year")
TABLE_HEADER = ["名次", "单位", "报送", "采用", "采用率", "外部采用", "批示", "积分"]
REGISTERLESS_HEADER = [h for h in TABLE_HEADER if h not in ("报送", "采用率")]  # adoption alone: no register
ANNEX_HEADER = ["序号", "标题", "单位", "刊发期次"]
TABLE_HEADERS = (TABLE_HEADER, REGISTERLESS_HEADER, ANNEX_HEADER)  # every table a 通报 has
CHINESE_NUMBERS = "一二三四五六七八九十"
DOCUMENT_PART, CORE_PART = "word/document.xml", "docProps/core.xml"  # the parts a 通报 writes into
T = TypeVar("T")

# A paragraph's look: face, size in points, alignment, first-line indent of two characters.
Style = tuple[str, float, str | None, bool]
TITLE: Style = (TITLE_FONT, 22, "center", False)
BODY: Style = (BODY_FONT, 16, None, True)
HEADING: Style = (HEADING_FONT, 16, None, True)
SUBHEADING: Style = (SUB_FONT, 16, None, True)
PLAIN: Style = (BODY_FONT, 16, None, False)
SIGNATURE: Style = (BODY_FONT, 16, "right", False)
ANNEX_LABEL: Style = (HEADING_FONT, 16, None, False)
ANNEX_TITLE: Style = (TITLE_FONT, 18, "center", False)
PARAGRAPH_STYLES = (TITLE, BODY, HEADING, SUBHEADING, PLAIN, SIGNATURE, ANNEX_LABEL, ANNEX_TITLE)


@dataclass(frozen=True)
class NoticeContent:
    title: str  # 2011年4月信息报送采用情况通报
    opening: str
    groups: list[tuple[str, list[list[str]]]]  # (系统, rows under TABLE_HEADER)
    lists: list[tuple[str, str]]  # (list name, "A、B" or 无)
    annex_title: str
    annex: list[list[str]] = field(default_factory=list)  # rows under ANNEX_HEADER
    publisher: str = ""
    has_register: bool = True

    @property
    def header(self) -> list[str]:
        return TABLE_HEADER if self.has_register else REGISTERLESS_HEADER


def notice_content(lib: Library, ranking: Ranking, bulletin_title: str = "") -> NoticeContent:
    """``bulletin_title``: the series the 通报 is about (``notice --series``); default site.yaml's title."""
    period = ranking.period
    register = ranking.has_register
    units = len(ranking.standings)
    bulletin = f"《{bulletin_title or lib.site.title}》"
    if register:
        opening = (f"{period.label}，全市{units}个单位共报送信息{ranking.total('submitted')}条，{bulletin}采用"
                   f"{ranking.total('adopted')}条，采用率{ranking.rate_text}")
    else:
        opening = f"{period.label}，{bulletin}共采用全市{units}个单位的稿件{ranking.total('adopted')}篇"
    opening += (f"；被上级刊物采用{ranking.total('elsewhere')}次，获领导批示{ranking.total('instructions')}次。"
                "现将有关情况通报如下。")
    groups = []
    for group, standings in ranking.groups:
        rows = [[str(s.group_rank), s.unit_name, *([str(s.submitted)] if register else []), str(s.adopted),
                 *([s.rate_text] if register else []), str(s.elsewhere), str(s.instructions), _points(s.points)]
                for s in sorted(standings, key=lambda s: (s.group_rank or 0))]
        if rows:
            groups.append((group, rows))
    lists = [(name, "、".join(s.unit_name for s in standings) or "无") for name, standings in ranking.lists()]
    if register and ranking.zero_adoption is None:
        lists.append(("零采用", "本期未印发简报，不列此项"))
    annex = []
    for n, item in enumerate(ranking.adopted_items, 1):
        issue = lib.issue_of(item.article) if item.article else None
        where = f"{issue.year}年第{issue.number}期（总第{issue.total}期）" if issue else ""
        annex.append([str(n), item.title, "、".join(lib.unit_by_id[u].name for u in item.unit_ids), where])
    return NoticeContent(f"{period.label}信息报送采用情况通报", opening, groups, lists,
                         f"{period.label}{bulletin}采用信息目录", annex, lib.site.publisher, register)


def _points(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0").rstrip(".")


# -- Word ----------------------------------------------------------------------------


def notice_docx(content: NoticeContent) -> bytes:
    """The 通报 as .docx bytes, written into this process's prepared template (``WordTemplate``).
    A build writes them from the template's frozen form instead (stats/notice_frozen.py): the same bytes."""
    with _TEMPLATE_LOCK:
        document = _template()
        document.clear()
        write_body(document, content)
        document.properties(content.title, content.publisher)
        return document.package()


class BodyWriter(Protocol):
    """Where ``write_body`` puts a 通报's blocks: python-docx's template, or its frozen form."""

    def paragraph(self, text: str, style: Style) -> None: ...

    def page_break(self) -> None: ...

    def table(self, header: list[str], rows: list[list[str]]) -> None: ...


def write_body(doc: BodyWriter, content: NoticeContent) -> None:
    doc.paragraph(content.title, TITLE)
    doc.paragraph(content.opening, BODY)
    doc.paragraph("一、信息报送采用排名", HEADING)
    for i, (group, rows) in enumerate(content.groups):
        doc.paragraph(f"（{CHINESE_NUMBERS[i % 10]}）{group}", SUBHEADING)
        doc.table(content.header, rows)
    doc.paragraph("二、有关名单", HEADING)
    for i, (name, names) in enumerate(content.lists):
        doc.paragraph(f"（{CHINESE_NUMBERS[i % 10]}）{name}：{names}", BODY)
    doc.paragraph("", PLAIN)
    doc.paragraph("附件：" + content.annex_title, BODY)
    doc.paragraph(content.publisher, SIGNATURE)
    doc.paragraph("　　年　月　日", SIGNATURE)
    doc.page_break()
    doc.paragraph("附件", ANNEX_LABEL)
    doc.paragraph(content.annex_title, ANNEX_TITLE)
    if content.annex:
        doc.table(ANNEX_HEADER, content.annex)
    else:
        doc.paragraph("本期没有采用的信息。", BODY)


class WordTemplate:
    """python-docx's default document, opened and styled once per process; each 通报 is written
    into its emptied body, from paragraphs and table rows python-docx formatted once.

    Per document, opening the template package (parsing its 350 KB of styles), serialising the
    styles and compressing them with the 440 KB of ``stylesWithEffects.xml`` again, and formatting
    every run and cell through python-docx's objects took most of the time. A notice changes only
    the body and the core properties, so every other zip member is taken, compressed, from one save
    of the prepared template by python-docx itself; each paragraph or row is a copy of a model
    element python-docx made (an element copy is a tenth of formatting a run again)."""

    def __init__(self) -> None:
        from docx import Document  # python-docx: only the notice needs it
        from docx.enum.style import WD_STYLE_TYPE
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.shared import Pt

        self.document = doc = Document()
        _east_asian(doc.styles["Normal"].font, doc.styles["Normal"].element, BODY_FONT)
        doc.styles["Normal"].font.size = Pt(16)
        self.grid: str | None = doc.part.get_style_id("Table Grid", WD_STYLE_TYPE.TABLE)
        self.body = doc.element.body
        self.sections = self.body[-1]  # the body's last child, never touched: blocks go before it
        self.paragraphs: dict[tuple, Any] = {}
        self.tables: dict[tuple[str, ...], tuple[Any, Any]] = {}
        self.breaks = self._detached(doc.add_page_break()._p)
        # The parts a notice writes into: its body and its core properties (title, author).
        self.live = {DOCUMENT_PART: doc.part, CORE_PART: doc.part.package.part_related_by(RT.CORE_PROPERTIES)}
        self.relationships = len(doc.part.rels)
        saved = io.BytesIO()
        doc.save(saved)
        archive = zipfile.ZipFile(saved)
        self.members: list[tuple[str, ZipMember | None]] = [
            (name, None if name in self.live else ZipMember.deflate(archive.read(name)))
            for name in archive.namelist()]

    def clear(self) -> None:
        """Back to the empty body."""
        self.body.clear()  # frees the last notice at once (``del body[:-1]`` moves each block out: slow)
        self.body.append(self.sections)

    def paragraph(self, text: str, style: Style) -> None:
        key = (bool(text), style)
        if key not in self.paragraphs:
            self.paragraphs[key] = self._detached(_paragraph(self.document, "-" if text else "", *style)._p)
        paragraph = deepcopy(self.paragraphs[key])
        if text:
            paragraph[-1].text = text  # the run: python-docx's own text setter (tabs, breaks, xml:space)
        self.sections.addprevious(paragraph)

    def page_break(self) -> None:
        self.sections.addprevious(deepcopy(self.breaks))

    def table(self, header: list[str], rows: list[list[str]]) -> None:
        """A grid table: the header row, then one row per entry copied from a formatted model row
        whose texts are replaced (python-docx finds cells by XPath on every access)."""
        from docx.oxml.ns import qn

        if tuple(header) not in self.tables:
            self.tables[tuple(header)] = self._model_table(header)
        empty, model = self.tables[tuple(header)]
        table = deepcopy(empty)
        texts = qn("w:t")
        for values in rows:
            row = deepcopy(model)
            for text, value in zip(row.iter(texts), values, strict=True):
                text.text = value
            table.append(row)
        self.sections.addprevious(table)

    def _model_table(self, header: list[str]) -> tuple[Any, Any]:
        """The table with its header row, and a model row of "-" in the body's face."""
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.shared import Pt

        table = self.document.add_table(rows=2, cols=len(header))
        table._tbl.tblStyle_val = self.grid  # what ``table.style = "Table Grid"`` sets, without its lookups
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for r, row in enumerate(table.rows):
            for cell, value in zip(row.cells, header, strict=True):
                run = cell.paragraphs[0].add_run(value if r == 0 else "-")
                run.font.size = Pt(12)
                _east_asian(run.font, run._element, HEADING_FONT if r == 0 else BODY_FONT)
        model = table.rows[1]._tr
        model.getparent().remove(model)
        return self._detached(table._tbl), model

    def _detached(self, block: Any) -> Any:
        """A block python-docx added to the body, taken out to serve as a model."""
        self.body.remove(block)
        return block

    def properties(self, title: str, author: str) -> None:
        """The core properties a 通报 sets: its title and author, and fixed times (see the module note)."""
        properties = self.document.core_properties
        properties.title, properties.author, properties.last_modified_by = title, author, ""
        properties.created = properties.modified = datetime(2000, 1, 1)
        properties.revision = 1

    def specimen(self, write: Callable[[WordTemplate], None]) -> str:
        """The document part with only what ``write`` puts in the emptied body (the frozen form's pieces)."""
        self.clear()
        write(self)
        return str(self.live[DOCUMENT_PART].blob, "utf-8")

    def core_specimen(self, title: str, author: str) -> str:
        """The core properties part of a 通报 with this title and author."""
        self.properties(title, author)
        return str(self.live[CORE_PART].blob, "utf-8")

    def package(self) -> bytes:
        if len(self.document.part.rels) != self.relationships:  # a picture or link would need its own rels
            raise RuntimeError("the 通报 template gained a relationship; its members are no longer fixed")
        return zip_archive([(name, member or ZipMember.deflate(self.live[name].blob))
                            for name, member in self.members])


def _east_asian(font, element, name: str) -> None:
    """The face on every slot, the East Asian one included (``Font.name`` sets only the Latin ones)."""
    from docx.oxml.ns import qn

    font.name = name
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), name)


def _paragraph(doc, text: str, face: str, size: float, align: str | None, indent: bool):
    """A paragraph added through python-docx's objects (the models ``WordTemplate`` copies)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = doc.add_paragraph()
    if align is not None:
        paragraph.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)  # 首行缩进两字
    if text:
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
        _east_asian(run.font, run._element, face)
    return paragraph


_TEMPLATE_LOCK = threading.Lock()


@functools.cache
def _template() -> WordTemplate:
    return WordTemplate()


def using_template(use: Callable[[WordTemplate], T]) -> T:
    """``use``'s answer from this process's prepared template, which no other thread is writing into."""
    with _TEMPLATE_LOCK:
        return use(_template())


@dataclass(frozen=True)
class ZipMember:
    """One zip member's compressed data, as zipfile deflates it (raw deflate, default level)."""

    crc: int
    size: int
    data: bytes

    @staticmethod
    def deflate(blob: bytes) -> ZipMember:
        compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        return ZipMember(zlib.crc32(blob), len(blob), compressor.compress(blob) + compressor.flush())


def zip_archive(members: list[tuple[str, ZipMember]]) -> bytes:
    """The archive, laid out as zipfile writes it, with the fields that would record when and
    where it was written fixed (each entry's time, permissions, the system that made it): equal
    content, equal bytes, on Linux and Windows alike. zipfile cannot store data compressed
    beforehand, which is what spares the template's members being compressed for every 通报."""
    local, central = bytearray(), bytearray()
    for name, member in members:
        encoded = name.encode("ascii")  # OPC part names are ASCII
        sizes = (member.crc, len(member.data), member.size, len(encoded))
        central += struct.pack("<4sHHHHHH3L5HLL", _CENTRAL_HEADER, _MADE_BY, _VERSION, 0, zipfile.ZIP_DEFLATED,
                               _DOS_TIME, _DOS_DATE, *sizes, 0, 0, 0, 0, 0o644 << 16, len(local)) + encoded
        local += struct.pack("<4sHHHHHL2LHH", _LOCAL_HEADER, _VERSION, 0, zipfile.ZIP_DEFLATED,
                             _DOS_TIME, _DOS_DATE, *sizes, 0) + encoded + member.data
    end = struct.pack("<4sHHHHLLH", _END_RECORD, 0, 0, len(members), len(members), len(central), len(local), 0)
    return bytes(local + central + end)


# Zip header fields (APPNOTE.TXT 4.3.7, 4.3.12, 4.3.16): signatures; version 2.0 needed to extract
# (deflate); 1980-01-01 00:00 in MS-DOS form; "made by" version 2.0 on Unix, whichever system the
# build runs on.
_LOCAL_HEADER, _CENTRAL_HEADER, _END_RECORD = b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06"
_VERSION = 20
_DOS_TIME, _DOS_DATE = 0, (0 << 9) | (1 << 5) | 1
_MADE_BY = (3 << 8) | _VERSION


def docx_text(data: bytes) -> str:
    """The words of a .docx (its ``word/*.xml`` parts without tags), for the checks that read every
    output file as text: a marking or a withheld title must not hide inside a zip."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = [archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
                 if n.startswith("word/") and n.endswith(".xml")]
    except (zipfile.BadZipFile, OSError):
        return data.decode("utf-8", "replace")
    return "\n".join(re.sub(r"<[^>]+>", "", part) for part in parts)
