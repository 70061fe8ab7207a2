"""Turn a split bulletin into the contract's files: issue.md, one .md per piece, pictures.

Fields are found as an office would read them: the kind from the 栏目 (through
site.yaml's kind labels and the Chinese aliases of validation), the units from
their names and short names in the 供稿 line, the title, the first paragraph
and, last, anywhere in the piece.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bulletin.model.entities import SiteConfig, Unit
from bulletin.scaffold import yaml_text
from bulletin.validate.fields import KIND_ALIASES
from bulletin.wordimport import patterns as pt
from bulletin.wordimport.inline import table_cell
from bulletin.wordimport.split import Bulletin, Piece

# Words in a 栏目 name that say its kind when the name is not a known label.
_KIND_WORDS = (("动态", "briefing"), ("简讯", "briefing"), ("信息", "briefing"), ("经验", "case"),
               ("案例", "case"), ("做法", "case"), ("典型", "case"), ("进展", "progress"),
               ("通报", "progress"), ("情况", "progress"))
_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\]")
_FLOW_UNSAFE = re.compile(r"[,\[\]{}:#\"']")


@dataclass
class PieceFile:
    """One article to write, with what the report says about it."""

    name: str  # 01-yudong.md
    text: str
    title: str
    kind: str
    column: str  # as written in the document ('' when there was none)
    kind_known: bool
    unit_ids: list[str]
    author: str
    number: int  # paragraph of its title
    pictures: dict[str, bytes] = field(default_factory=dict)  # file name → bytes


@dataclass
class IssueFiles:
    issue_text: str
    pieces: list[PieceFile]
    missing_units: list[Piece]


def assemble(bulletin: Bulletin, site: SiteConfig, units: list[Unit], source_name: str,
             fallback_unit: str | None = None, defaults: dict | None = None) -> IssueFiles:
    """``defaults``: the masthead defaults the issue inherits (copies, distribution)."""
    defaults = defaults or {"copies": site.copies, "distribution": site.distribution}
    pieces: list[PieceFile] = []
    missing: list[Piece] = []
    for position, piece in enumerate(bulletin.pieces, start=1):
        unit_ids = piece_units(piece, units) or ([fallback_unit] if fallback_unit else [])
        if not unit_ids:
            missing.append(piece)
            continue
        pieces.append(_piece_file(position, piece, unit_ids, site, bulletin.footnotes))
    return IssueFiles(_issue_text(bulletin, source_name, defaults), pieces, missing)


# -- issue.md ----------------------------------------------------------------------

def _issue_text(bulletin: Bulletin, source_name: str, defaults: dict) -> str:
    assert bulletin.date is not None
    lines = ["---", f"# 导入自 (imported from): {yaml_text(source_name)}", f"date: {bulletin.date.isoformat()}"]
    if bulletin.special_title:
        lines.append(f"title: {yaml_text(bulletin.special_title)}")
    if bulletin.total and not bulletin.supplement:
        lines.append(f"total: {bulletin.total}")
    if bulletin.editor:
        lines.append(f"editor: {yaml_text(bulletin.editor)}")
    if bulletin.approver:
        lines.append(f"approver: {yaml_text(bulletin.approver)}")
    if bulletin.copies and bulletin.copies != defaults.get("copies"):
        lines.append(f"copies: {bulletin.copies}")
    inherited = defaults.get("distribution") or {}
    changed = {key: names for key, names in bulletin.distribution.items() if names and names != inherited.get(key)}
    if changed:
        lines.append("distribution:")
        lines += [f"  {key}: {flow_list(names)}" for key, names in changed.items()]
    if bulletin.internal:
        lines.append("classification: 内部")
    lines += ["---", ""]
    note = "\n\n".join(bulletin.note)
    if note:
        lines += [note, ""]
        lines += _footnote_definitions(note, bulletin.footnotes)
    return "\n".join(lines)


def flow_list(items: list[str]) -> str:
    return "[" + ", ".join(f'"{i}"' if _FLOW_UNSAFE.search(i) else yaml_text(i) for i in items) + "]"


# -- articles ------------------------------------------------------------------------

def _piece_file(position: int, piece: Piece, unit_ids: list[str], site: SiteConfig,
                footnotes: dict[str, str]) -> PieceFile:
    kind, known = kind_of(piece.column, site)
    stem = f"{position:02d}-{unit_ids[0]}"
    author = author_of(piece.byline)
    front = ["---", f"title: {yaml_text(piece.title)}",
             f"kind: {kind}" + (f"    # {piece.column}" if piece.column else ""),
             f"units: {flow_list(unit_ids)}"]
    if author:
        front.append(f"author: {yaml_text(author)}")
    front += ["---", ""]
    parts: list[str] = [f"> {line}" for line in piece.note]
    pictures: dict[str, bytes] = {}
    for kind_of_item, item in piece.body:
        if kind_of_item == "text":
            parts.append(str(item))
        elif kind_of_item == "table":
            parts.append(markdown_table(item))  # type: ignore[arg-type]
        else:
            name = f"{stem}-{len(pictures) + 1}{item.ext}"  # type: ignore[attr-defined]
            pictures[name] = item.data  # type: ignore[attr-defined]
            parts.append(f"![图{len(pictures)}]({name})")
    body = "\n\n".join(parts)
    text = "\n".join(front) + body + "\n"
    notes = _footnote_definitions(body, footnotes)
    if notes:
        text += "\n" + "\n".join(notes) + "\n"
    return PieceFile(f"{stem}.md", text, piece.title, kind, piece.column, known, unit_ids, author,
                     piece.number, pictures)


def kind_of(column: str, site: SiteConfig) -> tuple[str, bool]:
    """(kind, whether the 栏目 named it); briefing when it did not."""
    word = column.strip()
    if not word:
        return "briefing", False
    labels = {label: kind for kind, label in site.kinds.items()}
    kind = labels.get(word) or KIND_ALIASES.get(word) or KIND_ALIASES.get(word.lower())
    if kind:
        return kind, True
    for needle, guess in _KIND_WORDS:
        if needle in word:
            return guess, True
    return "briefing", False


def piece_units(piece: Piece, units: list[Unit]) -> list[str]:
    for text in (piece.byline, piece.title, piece.first_paragraph, "\n".join(piece.plain)):
        found = find_units(text, units)
        if found:
            return found
    return []


def find_units(text: str, units: list[Unit]) -> list[str]:
    """Unit ids named in ``text``, in order of appearance; longer names first,
    so 兰溪市 is not also counted as 兰溪."""
    words = sorted(((w, u.id) for u in units for w in (u.name, u.short) if w and len(w) >= 2),
                   key=lambda pair: -len(pair[0]))
    hits: list[tuple[int, str]] = []
    for word, unit_id in words:
        start = text.find(word)
        while start >= 0:
            hits.append((start, unit_id))
            text = text[:start] + "\0" * len(word) + text[start + len(word):]
            start = text.find(word, start + len(word))
    ordered: list[str] = []
    for _, unit_id in sorted(hits):
        if unit_id not in ordered:
            ordered.append(unit_id)
    return ordered


def author_of(byline: str) -> str:
    return " ".join(pt.BYLINE_WORDS.sub(" ", byline).split())


def markdown_table(rows: list[list[str]]) -> str:
    width = max(len(row) for row in rows)
    cells = [[table_cell(c) for c in row] + [""] * (width - len(row)) for row in rows]
    lines = ["| " + " | ".join(cells[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(row) + " |" for row in cells[1:]]
    return "\n".join(lines)


def _footnote_definitions(markdown: str, footnotes: dict[str, str]) -> list[str]:
    seen: list[str] = []
    for ref in _FOOTNOTE_REF.findall(markdown):
        if ref not in seen and ref in footnotes:
            seen.append(ref)
    return [f"[^{ref}]: {footnotes[ref]}" for ref in seen]
