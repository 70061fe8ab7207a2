"""A strict, predictable YAML reader for the office's files.

PyYAML follows YAML 1.1, which surprises people: ``yes``/``no``/``on`` become
booleans, ``010`` becomes 8, bare dates become ``date`` objects and a repeated
key silently keeps the last value. Here only ``true``/``false`` are booleans,
integers are decimal, dates stay strings (``validate`` parses them, Chinese
forms included), a repeated key is an error, and every key keeps the line it
was written on. Aliases are expanded under a budget so that a "billion laughs"
file is refused instead of eating the machine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_NODES = 20_000
MAX_DEPTH = 40


class StrictLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    yaml_implicit_resolvers: dict = {}


def _resolver(tag: str, pattern: str, first: str | list[str]) -> None:
    StrictLoader.add_implicit_resolver(tag, re.compile(pattern, re.X), list(first))


_resolver("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF")
_resolver("tag:yaml.org,2002:int", r"^[-+]?[0-9]+$", "-+0123456789")
_resolver(
    "tag:yaml.org,2002:float",
    r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)(?:[eE][-+]?[0-9]+)?$",
    "-+0123456789.",
)
_resolver("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""])


@dataclass
class Parsed:
    """A parsed YAML value plus the file line of every key.

    ``lines`` maps a dotted key path (``title``, ``metrics.yudong``,
    ``units.2``) to its 1-based line in the file.
    """

    value: object
    lines: dict[str, int] = field(default_factory=dict)


class YamlError(ValueError):
    """A YAML text that cannot be read; ``kind`` names the message to use."""

    def __init__(self, kind: str, line: int, /, **args: object) -> None:
        super().__init__(kind)
        self.kind = kind  # "syntax" | "duplicate" | "complex"
        self.line = line
        self.args_ = args


def parse_yaml(text: str, first_line: int = 1) -> Parsed:
    """Parse ``text`` whose first line is line ``first_line`` of its file."""
    loader = StrictLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        unclosed = find_unclosed(text)
        if unclosed is not None:  # said in Chinese, on the opening's line: PyYAML points past it
            opening, at = unclosed
            raise YamlError("unclosed", first_line + at, open=opening, close=_CLOSING[opening],
                            line=first_line + at) from None
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and mark and mark.line >= text.count("\n"):
            mark = exc.context_mark  # an unclosed [ or { fails at the end; its start is what to fix
        line = first_line + mark.line if mark else first_line
        problem = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise YamlError("syntax", line, problem=problem) from None
    except yaml.YAMLError as exc:
        raise YamlError("syntax", first_line, problem=str(exc)) from None
    finally:
        loader.dispose()
    builder = _Builder(first_line)
    value = builder.build(node, "", 0) if node is not None else None
    return Parsed(value, builder.lines)


_CLOSING = {"[": "]", "{": "}", '"': '"', "'": "'"}
# Where a bracket or quote opens a value (a "[" inside 关于[试点]的通知 is just text).
_VALUE_START = frozenset(":-[{,")


def find_unclosed(text: str) -> tuple[str, int] | None:
    """The first ``[``, ``{`` or quote that opens a value and is never closed: (char, 0-based line)."""
    stack: list[tuple[str, int]] = []
    for number, line in enumerate(text.split("\n")):
        previous = ""  # the last non-space character of this line outside quotes
        index = 0
        while index < len(line):
            char = line[index]
            if stack and stack[-1][0] in "\"'":
                quote = stack[-1][0]
                if char == "\\" and quote == '"':
                    index += 2
                    continue
                if char == quote:
                    if quote == "'" and line[index + 1:index + 2] == "'":
                        index += 2
                        continue
                    stack.pop()
                    previous = char
                index += 1
                continue
            if char == "#" and (index == 0 or line[index - 1] in " \t"):
                break  # a comment
            in_flow = any(opening in "[{" for opening, _ in stack)
            if char in "[{\"'" and (previous == "" or previous in _VALUE_START):
                stack.append((char, number))
            elif char in "]}" and in_flow and stack[-1][0] == {"]": "[", "}": "{"}[char]:
                stack.pop()
            if not char.isspace():
                previous = char
            index += 1
    return stack[-1] if stack else None  # the innermost: in {x: [1, 2} it is the "[" that lacks its "]"


class _Builder:
    def __init__(self, first_line: int) -> None:
        self.first_line = first_line
        self.lines: dict[str, int] = {}
        self.count = 0

    def line_of(self, node: yaml.Node) -> int:
        return self.first_line + node.start_mark.line

    def build(self, node: yaml.Node, path: str, depth: int) -> object:
        self.count += 1
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            raise YamlError("complex", self.line_of(node))
        if isinstance(node, yaml.ScalarNode):
            return _scalar(node)
        if isinstance(node, yaml.SequenceNode):
            items = []
            for i, child in enumerate(node.value):
                child_path = f"{path}.{i}" if path else str(i)
                self.lines.setdefault(child_path, self.line_of(child))
                items.append(self.build(child, child_path, depth + 1))
            return items
        mapping: dict = {}
        for key_node, value_node in node.value:
            key = self.build(key_node, path, depth + 1)
            if isinstance(key, (list, dict)):
                raise YamlError("syntax", self.line_of(key_node), problem="a key must be a plain word")
            key = "" if key is None else str(key)
            key_path = f"{path}.{key}" if path else key
            if key in mapping:
                raise YamlError("duplicate", self.line_of(key_node), key=key,
                                  first=self.lines.get(key_path, 0))
            self.lines[key_path] = self.line_of(key_node)
            mapping[key] = self.build(value_node, key_path, depth + 1)
        return mapping


def _scalar(node: yaml.ScalarNode) -> object:
    tag, value = node.tag, node.value
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return value.lower() == "true"
    if tag == "tag:yaml.org,2002:int":
        try:
            return int(value, 10)
        except ValueError:
            return value
    if tag == "tag:yaml.org,2002:float":
        try:
            return float(value)
        except ValueError:
            return value
    # Strings, and any explicit tag (``!!python/object`` …): kept as plain text.
    return value
