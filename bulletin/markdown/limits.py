"""Bounds on what one Markdown document may cost.

Python-Markdown is pure Python with some super-linear corners: thousands of
``[`` in a paragraph, unclosed ``<a`` tags or footnote references take
minutes, and deeply nested lists overflow the stack. A bulletin article never
needs any of that, so such a text is refused with a message (E324) instead of
hanging the build: nesting is measured before rendering, and rendering runs
under a time budget where the platform allows one (a POSIX main thread, which
is also where process-pool workers run).
"""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

SECONDS = 5.0  # per document, plus a share per character: ordinary text takes ~5 µs a character,
SECONDS_PER_CHAR = 20e-6  # so a long but ordinary document always fits, and super-linear input never does
MAX_NESTING = 30  # nested list items and block quotes
MAX_HTML_NESTING = 100  # raw HTML tags inside one another
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?:[^<>]*?(/))?[^<>]*>")
# Not counted: void elements, and those whose end tag may be left out (an HTML parser closes them itself).
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                   "wbr", "p", "li", "td", "th", "tr", "dt", "dd", "option", "thead", "tbody", "tfoot", "colgroup",
                   "caption"})
_MARKERS = re.compile(r"(?:[-*+]|\d{1,9}[.)]|>)[ \t]+|>")


def budget(text: str) -> float:
    """Seconds that rendering ``text`` may take."""
    return SECONDS + len(text) * SECONDS_PER_CHAR


class TooComplexError(Exception):
    """A Markdown text that would take too long or nest too deeply."""


def nesting_depth(text: str) -> int:
    """The deepest run of list/quote markers (and 4-space indents) opening a line."""
    deepest = 0
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        depth = (len(line) - len(stripped)) // 4
        position = 0
        while depth <= MAX_NESTING:
            match = _MARKERS.match(stripped, position)
            if not match:
                break
            depth += 1
            position = match.end()
        deepest = max(deepest, depth)
    return deepest


def html_depth(text: str) -> int:
    """The deepest nesting of raw HTML tags in ``text``, stopping once past MAX_HTML_NESTING.

    The sanitiser (nh3, in Rust) is quadratic in nesting depth and cannot be interrupted by the
    time budget: 100,000 nested ``<div>`` took over a minute. No article nests raw HTML deeply,
    so the depth is measured first, in one linear pass."""
    if "<" not in text:
        return 0
    depth = deepest = 0
    for match in _TAG.finditer(text):
        closing, name, self_closing = match.groups()
        if name.lower() in _VOID or self_closing:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        if depth > deepest:
            deepest = depth
            if deepest > MAX_HTML_NESTING:
                break
    return deepest


def _interrupt(signum: int, frame: object) -> None:
    raise TooComplexError


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise TooComplexError in the block after ``seconds`` (no-op where impossible)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return
    previous = signal.signal(signal.SIGALRM, _interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
