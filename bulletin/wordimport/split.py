"""Classify the blocks of a Word bulletin and split them into an issue and its pieces.

The order of a 简报 (docs/wordimport.md): marking and masthead (red, ≥ 26 pt), the
期号 line, publisher and date over the red rule; 编者按; 栏目 headers 【…】 and the
articles under them (titles centred and large, or in 小标宋); the 版记 (报/送/发,
共印N份, 责任编辑, 签发). Whatever fits none of these is reported with its
paragraph number, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

from bulletin.wordimport import patterns as pt
from bulletin.wordimport.inline import escape_line_start
from bulletin.wordimport.reading import Block, WordDocument

MASTHEAD_PT = 26.0
TITLE_PT = 18.0
TITLE_FONTS = ("小标宋", "标宋", "大标宋", "XBS")
TITLE_MAX_CHARS = 80


@dataclass
class Piece:
    """One article as found in the document."""

    title: str
    number: int  # paragraph of its title
    column: str = ""  # the 栏目 it stood under, as written
    byline: str = ""  # the inside of (XX供稿)
    # ("text", markdown) | ("picture", Picture) | ("table", rows), in document order
    body: list[tuple[str, object]] = field(default_factory=list)
    plain: list[str] = field(default_factory=list)  # plain paragraphs, for finding units
    note: list[str] = field(default_factory=list)  # an 编者按 just before it

    @property
    def first_paragraph(self) -> str:
        return self.plain[0] if self.plain else ""


@dataclass
class Unplaced:
    number: int
    where: str
    text: str


@dataclass
class Bulletin:
    masthead: str = ""
    number: int | None = None
    total: int | None = None
    year: int | None = None  # when the 期号 line names it (2011年第3期)
    supplement: bool = False
    special_title: str = ""
    publisher: str = ""
    date: date | None = None
    internal: bool = False
    note: list[str] = field(default_factory=list)
    pieces: list[Piece] = field(default_factory=list)
    distribution: dict[str, list[str]] = field(default_factory=dict)
    copies: int | None = None
    editor: str = ""
    approver: str = ""
    unplaced: list[Unplaced] = field(default_factory=list)
    footnotes: dict[str, str] = field(default_factory=dict)
    linked_pictures: int = 0


def split(doc: WordDocument) -> Bulletin:
    result = Bulletin(footnotes=dict(doc.footnotes))
    body = [b for b in doc.blocks if b.where in ("body", "textbox")]
    for block in doc.blocks:
        if block.where in ("header", "footer", "textbox") and pt.MARKING_INTERNAL.search(block.text):
            result.internal = True
    start = _read_head(body, result)
    left_in_head = list(result.unplaced)
    _Body(result, _is_title).run(body[start:])
    if not result.pieces:
        # Some offices set titles in bold 三号 黑体 rather than large 小标宋: read again with that.
        plain = replace(result, note=[], pieces=[], unplaced=left_in_head, distribution={}, copies=None,
                        editor="", approver="", linked_pictures=0)
        _Body(plain, _is_bold_title).run(body[start:])
        if plain.pieces:
            return plain
    return result


# -- the head ------------------------------------------------------------------------

def _read_head(blocks: list[Block], result: Bulletin) -> int:
    """Read masthead, 期号, publisher/date and rule; the index where the body starts."""
    end = 0
    for index, block in enumerate(blocks[:15]):
        text = block.text
        special = _special_title(text)
        if not special and _starts_body(block) and (result.number is not None or result.date is not None):
            break
        placed = _head_line(block, result, special)
        if not placed:
            if result.number is not None and result.date is not None:
                break
            result.unplaced.append(Unplaced(block.number, block.where, text))
        end = index + 1
        if block.rule and result.date is not None:
            break
    return end


def _head_line(block: Block, result: Bulletin, special: bool) -> bool:
    """Take what one line (or table) of the head says; whether it said anything known."""
    text = block.text
    if pt.MARKING_INTERNAL.search(text) and (block.where == "textbox" or _only_markings(text)):
        result.internal = True
        return True
    if block.size >= MASTHEAD_PT and not result.masthead and result.number is None:
        result.masthead = text.replace("\n", "")
        return True
    if result.masthead and result.number is None and block.red and block.size >= TITLE_PT and not special:
        result.masthead += text.replace("\n", "")  # a masthead set on two lines
        return True
    placed, rest = False, text
    if result.number is None and (number := pt.NUMBER_LINE.search(rest)):
        result.number = pt.cn_number(number.group("number"))
        result.supplement = bool(number.group("supplement")) or "增刊" in rest
        result.year = int(number.group("year")) if number.group("year") else None
        rest, placed = rest.replace(number.group(0), " "), True
    if result.total is None and (total := pt.TOTAL.search(rest)):
        result.total = pt.cn_number(total.group("total"))
        rest, placed = rest.replace(total.group(0), " "), True
    if pt.SUPPLEMENT_ALONE.match(rest.strip(" \t\u3000\n（）()")):
        result.supplement = True
        return True
    if result.date is None and (found := pt.find_date(rest)):
        day, begin, finish = found
        result.date = day  # 编印单位 and date share a line (or a table of two cells)
        result.publisher = " ".join((rest[:begin] + " " + rest[finish:]).split()).strip("（）() ")
        return True
    if placed:
        return True
    if special and not result.special_title:
        result.special_title = text.replace("\n", "")
        return True
    return not text and bool(block.rule or block.pictures)  # the red rule, or a masthead picture


def _only_markings(text: str) -> bool:
    """内部资料 注意保存 standing alone above the masthead."""
    return not pt.MARKING_INTERNAL.sub("", "".join(text.split()))


def _special_title(text: str) -> bool:
    compact = text.replace(" ", "").replace("\u3000", "")
    return len(compact) <= 30 and (compact.endswith("专刊") or compact.endswith("专辑"))


def _starts_body(block: Block) -> bool:
    return bool(pt.COLUMN.match(block.text) or pt.NOTE.match(block.text) or _is_title(block))


def _is_title(block: Block) -> bool:
    """Centred, and large (≥ 18 pt) or in 小标宋."""
    if not _title_shaped(block):
        return False
    big = block.size >= TITLE_PT
    title_font = any(name in font for font in block.fonts for name in TITLE_FONTS)
    return big or title_font


def _is_bold_title(block: Block) -> bool:
    """The second reading: centred and bold (or in 黑体)."""
    return _title_shaped(block) and (block.bold or any("黑" in font for font in block.fonts))


def _title_shaped(block: Block) -> bool:
    if block.is_table or not block.text or len(block.text) > TITLE_MAX_CHARS or block.where != "body":
        return False
    if block.text.endswith(("。", "；", "：", ":")) or not block.centered:
        return False
    return not (block.size >= MASTHEAD_PT and block.red)


# -- the body ------------------------------------------------------------------------

class _Body:
    """A small state machine over the blocks after the head."""

    def __init__(self, result: Bulletin, is_title: Callable[[Block], bool]) -> None:
        self.result = result
        self.is_title = is_title
        self.column = ""
        self.piece: Piece | None = None
        self.pending_note: list[str] | None = None  # an 编者按 waiting for its piece
        self.in_foot = False
        self.in_contents = False
        self.last_key = ""

    def run(self, blocks: list[Block]) -> None:
        for block in blocks:
            self.result.linked_pictures += block.linked_pictures
            self.step(block)
        if self.pending_note:
            self.result.note += self.pending_note

    def step(self, block: Block) -> None:
        text = block.text
        if self._foot(block):
            return
        if block.rule and not text and not block.pictures:
            return
        if block.where == "textbox" and pt.MARKING_INTERNAL.search(text):
            return
        if self.in_contents:
            if self.is_title(block) or pt.COLUMN.match(text) or pt.NOTE.match(text):
                self.in_contents = False
            else:
                return  # the contents list repeats the titles that follow
        if pt.CONTENTS.match(text.replace(" ", "")):
            self.in_contents = True
            return
        if match := pt.COLUMN.match(text):
            self.column = match.group("name").strip()
            return
        if pt.NOTE.match(text):
            self.pending_note = [escape_line_start(block.markdown)]
            return
        if self.is_title(block):
            self._title(block)
            return
        if self.pending_note is not None:  # an 编者按 goes on until the next title
            self.pending_note.append(escape_line_start(block.markdown))
            return
        if self.piece is None:
            self._unplaced(block)
            return
        if self._under_title(block):
            return
        self._body(block)

    def _under_title(self, block: Block) -> bool:
        """A centred line right under a title: its subtitle (——…) or its byline (单位　姓名)."""
        piece = self.piece
        if piece is None or piece.body or piece.byline or not block.centered or not block.text:
            return False
        if len(block.text) > 40 or block.text.endswith("。"):
            return False
        if pt.SUBTITLE.match(block.text):
            piece.title += block.text.replace("\n", "")
        else:
            piece.byline = block.text
        return True

    def _title(self, block: Block) -> None:
        piece = self.piece
        if piece is not None and not piece.body and not piece.byline:
            # a title set on two lines, or its subtitle (——副标题)
            piece.title += block.text.replace("\n", "")
            return
        note: list[str] = []
        if self.pending_note is not None:
            if not self.result.pieces and self.piece is None:
                self.result.note += self.pending_note  # before the first piece: the 编者按
            else:
                note = self.pending_note
            self.pending_note = None
        self.piece = Piece(block.text.replace("\n", ""), block.number, self.column, note=note)
        self.result.pieces.append(self.piece)

    def _body(self, block: Block) -> None:
        assert self.piece is not None
        piece = self.piece
        if match := pt.BYLINE.match(block.text.replace(" ", " ")):
            piece.byline = (match.group("inner") or match.group("bare")).strip()
            return
        if block.is_table:
            piece.body.append(("table", block.table))
            piece.plain.append(block.text)
            return
        if block.text:
            piece.body.append(("text", _paragraph_markdown(block)))
            piece.plain.append(block.text)
        for picture in block.pictures:
            piece.body.append(("picture", picture))

    def _foot(self, block: Block) -> bool:
        """The 版记: 报/送/发 lists, 共印N份, 责任编辑, 签发 (in paragraphs or a table)."""
        result = self.result
        lines = block.text.split("\n") if block.text else []
        keyed = [pt.FOOT_KEY.match(line) for line in lines]
        imprint = any(pt.COPIES.search(line) or pt.EDITOR.search(line) or pt.APPROVER.search(line)
                      or pt.PRINTED_ON.search(line) for line in lines) and len(block.text) <= 80
        if not (any(keyed) or imprint or (self.in_foot and block.text)):
            return False
        self.in_foot = True
        for line, key in zip(lines, keyed, strict=True):
            if key and key.group("key") != "印发":
                self.last_key = {"抄送": "送", "抄报": "报", "分送": "发", "发送": "发"}.get(
                    key.group("key"), key.group("key"))
                result.distribution.setdefault(self.last_key, []).extend(pt.names(key.group("names")))
                continue
            found = False
            if copies := pt.COPIES.search(line):
                result.copies = int(copies.group("copies"))
                found = True
            if editor := pt.EDITOR.search(line):
                result.editor = editor.group("name")
                found = True
            if approver := pt.APPROVER.search(line):
                result.approver = approver.group("name")
                found = True
            if printed := pt.PRINTED_ON.search(line):
                if result.date is None:
                    result.date = pt.find_date(printed.group(0))[0]  # type: ignore[index]
                found = True
            if found or pt.SEPARATOR_ONLY.match(line) or not line.strip():
                continue
            if self.last_key and not pt.FOOT_KEY.match(line) and line.rstrip().endswith(("。", "，", "、")):
                result.distribution[self.last_key].extend(pt.names(line))  # a list going on
            elif self.last_key and _looks_like_names(line):
                result.distribution[self.last_key].extend(pt.names(line))
            else:
                result.unplaced.append(Unplaced(block.number, block.where, line))
        return True

    def _unplaced(self, block: Block) -> None:
        text = block.text or ("[图片]" if block.pictures else "")
        if text:
            self.result.unplaced.append(Unplaced(block.number, block.where, text))


def _looks_like_names(line: str) -> bool:
    return ("，" in line or "、" in line) and len(line) <= 120 and "。" not in line.rstrip("。")


def _paragraph_markdown(block: Block) -> str:
    """A body paragraph; 一、 （一） 1. as headings, a run-in heading as a bold lead."""
    text, markdown = block.text, block.markdown.replace("\n", "  \n")
    level = pt.heading_level(text)
    if level:
        stop = text.find("。")
        run_in = 0 <= stop < len(text) - 1
        if not run_in and len(text) <= 60 and level <= 4:
            return "#" * level + " " + markdown.rstrip("。")
        lead_end = markdown.find("。")
        if run_in and 0 <= lead_end <= 60:
            return f"**{markdown[:lead_end + 1]}**{markdown[lead_end + 1:]}"
    return escape_line_start(markdown)
