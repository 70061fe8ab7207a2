"""Markdown traps in office text: what Word and WPS habits turn into surprises.

``prepare`` looks at a Markdown body line by line (outside fenced code) and
returns the text to render plus one finding per trap, each with its line
within the body. Only one trap is repaired rather than reported alone: a run
of three or more asterisks, which offices use to hide a name or document
number (``***教语〔2013〕5号``), is escaped so that it shows as typed instead
of turning the text between two runs into bold italics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bulletin.patterns import HAN_NAME

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+).*?\1")
# Three or more asterisks, unless the author escaped them already.
_STAR_RUN = re.compile(r"(?<!\\)\*{3,}")
_THEMATIC_BREAK = re.compile(r"^ {0,3}(?:\*[ \t]*){3,}$")
_SETEXT = re.compile(r"^ {0,3}(-{3,}|={3,})[ \t]*$")
_NOT_PARAGRAPH = re.compile(r"^ {0,3}(?:#|\||>|[-*+][ \t]|\d+[.)][ \t]|(?:-{3,}|={3,}|\*{3,})[ \t]*$)")
_FULLWIDTH_HEADING = re.compile(r"^[ \t\u3000]*＃")
# Images and links; the groups are the syntax characters, which must be half-width.
_IMAGE = re.compile(r"([!！])([\[［])[^\]］\n]*([\]］])([（(])[^)）\n]*([)）])")
_LINK = re.compile(r"([\[［])[^\]］\n]+([\]］])([（(])[\w./:#%?=&~-]+([)）])")
_FULLWIDTH_SYNTAX = set("！［］（）")
_LOST = re.compile(rf"锟斤拷|烫烫烫|屯屯屯|\ufffd+|(?<=[{HAN_NAME}])\?{{2,}}|\?{{2,}}(?=[{HAN_NAME}])|\?{{4,}}")
_INDENTED = re.compile(r"^( {4,}|\t)\S")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d+[.)])[ \t]")


@dataclass(frozen=True)
class Finding:
    code: str
    offset: int  # 0-based line within the text
    args: dict = field(default_factory=dict, hash=False, compare=False)


@dataclass
class Prepared:
    text: str
    findings: list[Finding]


# What each trap above needs somewhere in the text: three asterisks (W405), a dash or equals rule
# (W406), ＃ (W407), a bracket (W408), lost characters (W409), an indent (W410). A text with none
# of them (most articles) has no trap and nothing to escape, so the line-by-line pass is skipped;
# substring tests, because one regular expression over the whole text costs as much as that pass.
_NEEDED = ("***", "---", "===", "＃", "[", "［", "锟斤拷", "烫烫烫", "屯屯屯", "\ufffd", "??", "    ", "\t")


def prepare(text: str) -> Prepared:
    """Return the text to hand to Markdown and the traps found in it."""
    if not any(needed in text for needed in _NEEDED):
        return Prepared(text, [])
    return prepare_line_by_line(text)


def prepare_line_by_line(text: str) -> Prepared:
    """``prepare`` without the shortcut."""
    lines = text.split("\n")
    findings: list[Finding] = []
    out: list[str] = []
    fence: str | None = None
    previous = ""  # the previous line outside code, for setext and indent checks
    in_list = False
    for offset, line in enumerate(lines):
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            out.append(line)
            continue
        if opened:
            fence = opened.group(1)
            out.append(line)
            previous = ""
            continue
        line, stars = _protect_stars(line)
        if stars:  # one warning per line is enough to point at it
            findings.append(Finding("W405", offset, {"stars": stars[0]}))
        findings += _line_traps(line, offset, previous, in_list)
        if _LIST_ITEM.match(line):
            in_list = True
        elif line.strip() and not line[:1].isspace():
            in_list = False
        out.append(line)
        previous = line
    return Prepared("\n".join(out), findings)


def _protect_stars(line: str) -> tuple[str, list[str]]:
    """Escape asterisk runs that hide text; a line of only asterisks is a rule."""
    if _THEMATIC_BREAK.match(line) or "*" not in line:
        return line, []
    found: list[str] = []
    pieces: list[str] = []
    position = 0
    for span in _code_spans(line):
        pieces.append(_escape_runs(line[position:span[0]], found))
        pieces.append(line[span[0]:span[1]])
        position = span[1]
    pieces.append(_escape_runs(line[position:], found))
    return "".join(pieces), found


def _escape_runs(segment: str, found: list[str]) -> str:
    def escape(match: re.Match) -> str:
        found.append(match.group(0))
        return "\\*" * len(match.group(0))

    return _STAR_RUN.sub(escape, segment)


def _code_spans(line: str) -> list[tuple[int, int]]:
    return [m.span() for m in _CODE_SPAN.finditer(line)]


def _line_traps(line: str, offset: int, previous: str, in_list: bool) -> list[Finding]:
    found: list[Finding] = []
    setext = _SETEXT.match(line)
    if setext and previous.strip() and not _NOT_PARAGRAPH.match(previous) and not previous[:1].isspace():
        found.append(Finding("W406", offset, {"rule": setext.group(1)}))
    if _FULLWIDTH_HEADING.match(line):
        found.append(Finding("W407", offset))
    for match in [*_IMAGE.finditer(line), *_LINK.finditer(line)]:
        if _FULLWIDTH_SYNTAX & set(match.groups()):
            found.append(Finding("W408", offset, {"found": match.group(0)[:40]}))
            break
    lost = _LOST.search(line)
    if lost:
        found.append(Finding("W409", offset, {"found": lost.group(0)[:12]}))
    indented = _INDENTED.match(line)
    if indented and not previous.strip() and not in_list:
        tab = indented.group(1) == "\t"
        found.append(Finding("W410", offset, {
            "indent": "制表符（Tab）" if tab else f"{len(indented.group(1))}个半角空格",
            "indent_en": "a tab" if tab else f"{len(indented.group(1))} spaces"}))
    return found

