"""A faster inline pass for Python-Markdown, with byte-identical output.

Python-Markdown tries each of its ~16 inline patterns (emphasis, links, code,
entities …) on every run of text, in Python; on Chinese office prose that is
most of the Markdown stage, yet almost no paragraph contains a character any
of those patterns could start with. This inline processor hands such text back
untouched — exactly what the full pass would return after finding no match —
and gives everything else to the full pass.

The shortcut is only safe for patterns whose trigger characters are known, so
it switches itself off while any other inline pattern is registered (an
extension added later keeps working, just without the shortcut).
"""

from __future__ import annotations

import re

from markdown import util
from markdown.treeprocessors import InlineProcessor

# Registered inline pattern → the characters without which it cannot match.
KNOWN_PATTERNS = {
    "backtick": "`", "escape": "\\", "footnote": "[", "reference": "[", "link": "[", "image_link": "[",
    "image_reference": "[", "short_reference": "[", "short_image_ref": "[", "autolink": "<",
    "automail": "<", "linebreak": "  \n", "html": "<", "entity": "&", "not_strong": "*_",
    "em_strong": "*_", "em_strong2": "_",
}
# Placeholders of stashed HTML and code are marked with STX/ETX and must be resolved.
_MAY_MATCH = re.compile(r"[`\\\[<&*_\x02\x03]|  \n")


class QuickInlineProcessor(InlineProcessor):
    def run(self, tree, ancestors=None):  # noqa: ANN001, ANN201 (signature of the Markdown API)
        priority = getattr(self.inlinePatterns, "_priority", None)
        self._quick = priority is not None and all(item.name in KNOWN_PATTERNS for item in priority)
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803
        if (self._quick and patternIndex == 0 and not isinstance(data, util.AtomicString)
                and _MAY_MATCH.search(data) is None):
            return data
        return InlineProcessor._InlineProcessor__handleInline(self, data, patternIndex)  # type: ignore[attr-defined]
