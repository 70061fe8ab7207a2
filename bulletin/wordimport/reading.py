"""Read a .docx into a flat list of blocks, in reading order.

python-docx opens the package; the walk itself is over the raw WordprocessingML,
because what a Chinese 简报 means is in places the API does not reach: the East
Asian font (``w:rFonts/@w:eastAsia``; ``Font.name`` is only the Latin one), the
paragraph borders of the red rule (``w:pBdr``), text boxes (``w:txbxContent``,
where 内部资料 or a 密级 often sits), footnotes, and pictures by relationship id.
mammoth and pandoc were measured and lose some of these (docs/wordimport.md).
"""

from __future__ import annotations

import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bulletin.wordimport.inline import escape_inline

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
V = "urn:schemas-microsoft-com:vml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# Subtrees whose text is not part of the paragraph they sit in: text boxes are
# read as blocks of their own, mc:Fallback repeats mc:Choice, deletions and
# field codes are not visible text.
_SKIP = {_w("txbxContent"), f"{{{MC}}}Fallback", _w("delText"), _w("instrText"), _w("del"),
         _w("footnotePr"), _w("endnotePr"), _w("rPr"), _w("pPr")}


class NotWordError(Exception):
    """The file is not a readable .docx (the message says why, in English)."""


class OtherPackageError(NotWordError):
    """An Office package, but not a word-processing one (a workbook, a presentation)."""


@dataclass
class Picture:
    data: bytes
    ext: str  # ".png"


@dataclass
class Block:
    """A paragraph, a table or a text-box paragraph, with what its formatting says."""

    number: int  # 第N段: position among the non-empty paragraphs and tables of the body (0: header/footer)
    text: str  # plain text
    markdown: str = ""  # inline Markdown: escaped text, footnote references
    where: str = "body"  # body | textbox | header | footer
    size: float = 0.0  # font size (pt) of most of its characters
    red: bool = False  # most characters red
    bold: bool = False
    fonts: frozenset[str] = frozenset()  # East Asian font names used
    centered: bool = False
    rule: bool = False  # a bottom border (the red rule) or a paragraph that is only a line
    pictures: list[Picture] = field(default_factory=list)
    table: list[list[str]] | None = None  # rows of cell Markdown
    linked_pictures: int = 0  # pictures linked to files outside the document (cannot be extracted)

    @property
    def is_table(self) -> bool:
        return self.table is not None


@dataclass
class WordDocument:
    path: Path
    blocks: list[Block]
    footnotes: dict[str, str]  # id → Markdown text


def read_docx(path: Path) -> WordDocument:
    """Every block of the body, its text boxes and the page headers and footers."""
    import docx  # python-docx: imported here so that build never pays for it
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except ValueError as exc:  # a zip package of another kind (.xlsx, .pptx, .odt)
        if "not a Word file" in str(exc):
            raise OtherPackageError(str(exc)) from exc
        raise NotWordError(str(exc)) from exc
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError) as exc:
        raise NotWordError(str(exc) or type(exc).__name__) from exc
    except Exception as exc:  # lxml and zip errors of a damaged package
        raise NotWordError(f"{type(exc).__name__}: {exc}") from exc
    try:
        reader = _Reader(document)
        blocks = list(reader.body())
        blocks += reader.headers_and_footers()
        return WordDocument(Path(path), blocks, reader.footnotes())
    except (KeyError, ValueError, zipfile.BadZipFile, OSError) as exc:  # parts missing or damaged
        raise NotWordError(f"{type(exc).__name__}: {exc}") from exc


class _Reader:
    def __init__(self, document) -> None:
        self.document = document
        self.part = document.part
        self.number = 0
        self.style_sizes = self._style_sizes()

    # -- the body, in order --------------------------------------------------

    def body(self) -> Iterator[Block]:
        yield from self._container(self.document.element.body, "body", self.part)

    def _container(self, element, where: str, part) -> Iterator[Block]:
        for child in element:
            if child.tag == _w("p"):
                yield from self._paragraph_with_boxes(child, where, part)
            elif child.tag == _w("tbl"):
                block = self._table(child, where, part)
                if block is not None:
                    yield block
            elif child.tag == _w("sdt"):  # content controls hold ordinary paragraphs
                content = child.find(_w("sdtContent"))
                if content is not None:
                    yield from self._container(content, where, part)

    def _paragraph_with_boxes(self, p, where: str, part) -> Iterator[Block]:
        block = self._paragraph(p, where, part)
        if block is not None and where == "body":
            self.number += 1
            block.number = self.number
        anchor = block.number if block is not None else self.number
        for box in _text_boxes(p):
            for inner in box.iter(_w("p")):
                found = self._paragraph(inner, "textbox", part)
                if found is not None:
                    found.number = anchor
                    yield found
        if block is not None:
            yield block

    def _paragraph(self, p, where: str, part) -> Block | None:
        pieces: list[str] = []
        marked: list[str] = []
        pictures: list[Picture] = []
        linked = 0
        sizes: Counter[float] = Counter()
        red = bold = total = 0
        fonts: set[str] = set()
        style_size = self.style_sizes.get(_paragraph_style(p), 0.0)
        for node in _visible(p):
            tag = node.tag
            if tag == _w("t"):
                text = node.text or ""
                run = _run_of(node)
                props = _run_props(run)
                size = props["size"] or style_size
                count = len(text.strip())
                sizes[size] += count
                total += count
                red += count if props["red"] else 0
                bold += count if props["bold"] else 0
                if props["font"] and count:
                    fonts.add(props["font"])
                pieces.append(text)
                marked.append(escape_inline(text))
            elif tag == _w("tab"):
                pieces.append("\t")
                marked.append(" ")
            elif tag in (_w("br"), _w("cr")) and node.get(_w("type")) not in ("page", "column"):
                pieces.append("\n")  # a line break; page and column breaks are layout only
                marked.append("\n")
            elif tag == _w("footnoteReference"):
                note = node.get(_w("id"))
                marked.append(f"[^{note}]")
            elif tag == f"{{{A}}}blip" or tag == f"{{{V}}}imagedata":
                picture = _picture(node, part)
                if picture is None:
                    linked += 1
                else:
                    pictures.append(picture)
        text = "".join(pieces)
        rule = _has_rule(p) or _is_drawn_line(p)
        if not text.strip() and not pictures and not rule and not linked:
            return None
        size = sizes.most_common(1)[0][0] if sizes else style_size
        return Block(
            number=0, text=text.strip(" \t\u3000\n"), markdown="".join(marked).strip(" \t\u3000\n"),
            where=where, size=size, red=total > 0 and red * 2 > total, bold=total > 0 and bold * 2 > total,
            fonts=frozenset(fonts), centered=_centered(p), rule=rule, pictures=pictures, linked_pictures=linked,
        )

    def _table(self, tbl, where: str, part) -> Block | None:
        rows: list[list[str]] = []
        plain: list[str] = []
        for tr in tbl.iter(_w("tr")):
            if tr.getparent() is not tbl:
                continue
            row: list[str] = []
            for tc in tr.findall(_w("tc")):
                cell = [self._paragraph(p, where, part) for p in tc.iter(_w("p"))]
                texts = [c for c in cell if c is not None]
                merged = tc.find(f"{_w('tcPr')}/{_w('vMerge')}")
                continuing = merged is not None and merged.get(_w("val")) in (None, "continue")
                row.append("" if continuing else "<br>".join(c.markdown for c in texts if c.markdown))
                plain.extend(c.text for c in texts if c.text and not continuing)
                span = tc.find(f"{_w('tcPr')}/{_w('gridSpan')}")
                if span is not None and (span.get(_w("val")) or "1").isdigit():
                    row.extend([""] * (int(span.get(_w("val"))) - 1))
            rows.append(row)
        if not any(any(cell for cell in row) for row in rows):
            return None
        if where == "body":
            self.number += 1
        return Block(number=self.number if where == "body" else 0, text="\n".join(plain),
                     where=where, table=rows)

    # -- headers, footers, footnotes ------------------------------------------

    def headers_and_footers(self) -> list[Block]:
        blocks: list[Block] = []
        seen: set[str] = set()
        for section in self.document.sections:
            for name in ("header", "first_page_header", "even_page_header",
                         "footer", "first_page_footer", "even_page_footer"):
                try:
                    item = getattr(section, name)
                    if item.is_linked_to_previous:
                        continue
                    part = item.part
                except (AttributeError, KeyError, ValueError):
                    continue
                if part.partname in seen:
                    continue
                seen.add(part.partname)
                where = "header" if "header" in name else "footer"
                blocks += list(self._container(part.element, where, part))
        return blocks

    def footnotes(self) -> dict[str, str]:
        from lxml import etree

        notes: dict[str, str] = {}
        for rel in self.part.rels.values():
            if rel.is_external or not rel.reltype.endswith("/footnotes"):
                continue
            root = etree.fromstring(rel.target_part.blob)
            for note in root.findall(_w("footnote")):
                if note.get(_w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                texts = [b.markdown for p in note.iter(_w("p"))
                         if (b := self._paragraph(p, "footnote", rel.target_part)) is not None]
                notes[note.get(_w("id")) or ""] = " ".join(t for t in texts if t)
        return notes

    def _style_sizes(self) -> dict[str, float]:
        """Font size of each paragraph style (through its base styles), for runs that set none."""
        sizes: dict[str, float] = {}
        try:
            styles = list(self.document.styles)
        except (KeyError, ValueError):
            return sizes
        for style in styles:
            current, size = style, None
            while current is not None and size is None:
                font = getattr(current, "font", None)
                size = font.size if font is not None else None
                current = getattr(current, "base_style", None)
            if size is not None:
                sizes[style.style_id] = size.pt
        return sizes


# -- helpers over the XML -------------------------------------------------------

def _visible(element) -> Iterator:
    for child in element:
        if child.tag in _SKIP:
            continue
        yield child
        yield from _visible(child)


def _text_boxes(p) -> list:
    """The text boxes anchored in a paragraph, each once (not its mc:Fallback copy)."""
    boxes: list = []
    for box in p.iter(_w("txbxContent")):
        ancestor, fallback = box.getparent(), False
        while ancestor is not None and ancestor is not p:
            if ancestor.tag == f"{{{MC}}}Fallback":
                fallback = True
                break
            ancestor = ancestor.getparent()
        if not fallback and not any(b in box.iterancestors() for b in boxes):
            boxes.append(box)
    return boxes


def _run_of(node):
    parent = node.getparent()
    while parent is not None and parent.tag != _w("r"):
        parent = parent.getparent()
    return parent


def _run_props(run) -> dict:
    props = {"size": 0.0, "red": False, "bold": False, "font": ""}
    rpr = run.find(_w("rPr")) if run is not None else None
    if rpr is None:
        return props
    sz = rpr.find(_w("sz"))
    if sz is not None and (sz.get(_w("val")) or "").isdigit():
        props["size"] = int(sz.get(_w("val"))) / 2
    color = rpr.find(_w("color"))
    props["red"] = color is not None and is_red(color.get(_w("val")) or "")
    b = rpr.find(_w("b"))
    props["bold"] = b is not None and b.get(_w("val")) not in ("0", "false")
    fonts = rpr.find(_w("rFonts"))
    if fonts is not None:
        props["font"] = fonts.get(_w("eastAsia")) or fonts.get(_w("ascii")) or ""
    return props


def is_red(value: str) -> bool:
    """FF0000, C00000, E60012 …: the 套红 of a masthead or rule."""
    if len(value) != 6:
        return value.lower() == "red"
    try:
        r, g, b = (int(value[i:i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return False
    return r >= 0xB0 and g < 0x60 and b < 0x60


def _paragraph_style(p) -> str:
    style = p.find(f"{_w('pPr')}/{_w('pStyle')}")
    return style.get(_w("val")) if style is not None else "Normal"


def _centered(p) -> bool:
    jc = p.find(f"{_w('pPr')}/{_w('jc')}")
    return jc is not None and jc.get(_w("val")) in ("center", "centre")


def _has_rule(p) -> bool:
    border = p.find(f"{_w('pPr')}/{_w('pBdr')}/{_w('bottom')}")
    return border is not None and border.get(_w("val")) not in (None, "nil", "none")


def _is_drawn_line(p) -> bool:
    """A paragraph whose only content is a drawn line (VML or DrawingML)."""
    if p.find(f".//{{{V}}}line") is not None:
        return True
    return any(g.get("prst") == "line" for g in p.iter(f"{{{A}}}prstGeom"))


def _picture(node, part) -> Picture | None:
    rid = node.get(f"{{{R}}}embed") or node.get(f"{{{R}}}id")
    if not rid or rid not in part.rels or part.rels[rid].is_external:
        return None
    target = part.rels[rid].target_part
    ext = Path(str(target.partname)).suffix.lower() or ".bin"
    return Picture(target.blob, ".jpg" if ext == ".jpeg" else ext)
