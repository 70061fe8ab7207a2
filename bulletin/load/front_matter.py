"""Split a Markdown file into its YAML front matter and body, and parse both
halves' positions so that every message can name a line of the file."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bulletin.errors import Diagnostics
from bulletin.load.yamlish import YamlError, parse_yaml
from bulletin.patterns import HAN_NAME
from bulletin.texts import both

_FENCE = re.compile(r"^---[ \t]*$")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
# ``title：…`` — a full-width colon where YAML needs ``:``.
_FULLWIDTH_KEY = re.compile(rf"^[ \t]*[-\w{HAN_NAME}]+[ \t\u3000]*：")
_BAD_INDENT = re.compile(r"^([ ]*)([\t\u3000])")
# ``title　: …`` or ``title:　…`` — a full-width space where YAML needs a plain one.
_FULLWIDTH_SPACE_KEY = re.compile(rf"^[ \t]*(?:-[ ]+)?[-\w{HAN_NAME}]+(?:\u3000+[ \t]*:|[ \t]*:\u3000)")
_BLOCK_SCALAR = re.compile(r":[ ]+[|>][-+0-9]*[ ]*(?:#.*)?$")
# ``title:玉东`` — YAML reads the whole line as one word unless a space follows the colon.
_NO_SPACE_AFTER_COLON = re.compile(rf"^[ \t]*(?:-[ ]+)?[-\w{HAN_NAME}]+:(?![\s/])\S")


@dataclass
class FrontMatter:
    meta: dict = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # the file line on which the body starts
    ok: bool = True


def split_front_matter(text: str, path: str, diags: Diagnostics, required: bool = True) -> FrontMatter:
    """Return the parsed front matter of ``text``; problems go to ``diags``.

    When ``required`` is false a file without a leading ``---`` is all body.
    """
    lines = text.split("\n")
    first = 0
    while first < len(lines) and not lines[first].strip():
        first += 1  # blank lines before the fence are harmless
    if first >= len(lines) or not _FENCE.match(lines[first]):
        if required:
            diags.add("E103", path, 1)
            return FrontMatter(body=text, ok=False)
        return FrontMatter(body=text)
    close = next((i for i in range(first + 1, len(lines)) if _CLOSE.match(lines[i])), None)
    if close is None:
        diags.add("E104", path, first + 1, start=first + 1)
        return FrontMatter(body="", ok=False)
    yaml_lines = lines[first + 1:close]
    body = "\n".join(lines[close + 1:])
    result = FrontMatter(body=body, body_line=close + 2)
    if not _lint_lines(yaml_lines, first + 2, path, diags):
        result.ok = False
        return result
    meta, key_lines, ok = parse_mapping("\n".join(yaml_lines), first + 2, path, diags)
    result.meta, result.lines, result.ok = meta, key_lines, ok
    return result


def parse_mapping(text: str, first_line: int, path: str, diags: Diagnostics,
                  what: str = "front matter") -> tuple[dict, dict[str, int], bool]:
    """Parse YAML that must be a mapping (front matter, site.yaml, units.yaml)."""
    try:
        parsed = parse_yaml(text, first_line)
    except YamlError as problem:
        code = {"syntax": "E105" if what == "front matter" else "E111",
                "duplicate": "E107", "complex": "E110", "unclosed": "E119"}[problem.kind]
        diags.add(code, path, problem.line, **problem.args_)
        return {}, {}, False
    if parsed.value is None:
        return {}, {}, True
    if not isinstance(parsed.value, dict):
        found = (both("load.found_list") if isinstance(parsed.value, list)
                 else both("load.found_text", text=str(parsed.value)[:30]))
        if what == "front matter":
            diags.add("E106", path, first_line, found=found)
        else:
            diags.add("E112", path, first_line, name=what)
        return {}, {}, False
    return parsed.value, parsed.lines, True


def _lint_lines(yaml_lines: list[str], first_line: int, path: str, diags: Diagnostics) -> bool:
    """Catch what Notepad users type and YAML misreads, with the exact fix."""
    ok = True
    for offset in _structural_lines(yaml_lines):
        line, number = yaml_lines[offset], first_line + offset
        if _FULLWIDTH_KEY.match(line) and ":" not in line.split("：", 1)[0]:
            diags.add("E108", path, number, line=number)
            ok = False
        elif _FULLWIDTH_SPACE_KEY.match(line):
            diags.add("E113", path, number, line=number)
            ok = False
        elif _NO_SPACE_AFTER_COLON.match(line):
            diags.add("E114", path, number, line=number)
            ok = False
        bad = _BAD_INDENT.match(line)
        if bad:
            full = bad.group(2) == "\u3000"
            diags.add("E109", path, number, line=number,
                      what=both("load.full_width_space" if full else "load.tab"))
            ok = False
    return ok


def _structural_lines(yaml_lines: list[str]) -> list[int]:
    """Indexes of the lines that hold keys, skipping the text of ``summary: |``
    blocks, where a Chinese colon or an indent is just part of the text."""
    wanted: list[int] = []
    block_indent: int | None = None
    for index, line in enumerate(yaml_lines):
        indent = len(line) - len(line.lstrip(" "))
        if block_indent is not None:
            if not line.strip() or indent > block_indent:
                continue
            block_indent = None
        wanted.append(index)
        if _BLOCK_SCALAR.search(line):
            block_indent = indent
    return wanted
