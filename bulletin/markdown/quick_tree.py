"""Cheaper tree passes for Python-Markdown's ``toc`` and ``attr_list``, with identical output.

Both extensions walk every element of every document. On office prose most of
that walk finds nothing to do:

- ``toc`` gives headings their ids, and also builds, prettifies and serialises a
  table of contents that only a ``[TOC]`` marker in the text would show (the
  site never reads ``Markdown.toc``). Without a marker in the tree, only the ids
  are made, exactly as ``toc`` makes them.
- ``attr_list`` looks for ``{: …}`` in every element's text; every one of its
  patterns needs a ``{``, so a tree without one is left as it is.

Anything unusual (anchors or permalinks switched on, a marker present) runs
the extension's own pass.
"""

from __future__ import annotations

import html
import re
from xml.etree import ElementTree

from markdown.extensions.attr_list import AttrListExtension, AttrListTreeprocessor
from markdown.extensions.toc import (
    TocExtension,
    TocTreeprocessor,
    remove_fnrefs,
    render_inner_html,
    strip_tags,
    unique,
)

_KNOWN_POSTPROCESSORS = frozenset({"raw_html", "amp_substitute", "footnote"})
_MARKED = re.compile("[&<>\x02\x03]|qq")


class HeadingIds(TocTreeprocessor):
    """``toc``'s heading ids (and levels), without the table of contents nobody reads."""

    def run(self, doc: ElementTree.Element) -> None:
        if self.use_anchors or self.use_permalinks not in (False, None) or self._has_marker(doc):
            super().run(doc)
            return
        used_ids = {el.attrib["id"] for el in doc.iter() if "id" in el.attrib}
        id_counters: dict[str, int] = {}
        for el in doc.iter():
            if isinstance(el.tag, str) and self.header_rgx.match(el.tag):
                self.set_level(el)
                if "id" not in el.attrib:
                    el.attrib["id"] = unique(self.slugify(html.unescape(self._name(el)), self.sep), used_ids,
                                             id_counters)
                el.attrib.pop("data-toc-label", None)  # toc drops it once it has read the label

    def _name(self, heading: ElementTree.Element) -> str:
        """The heading's text as toc reads it (rendered, tags stripped, spaces collapsed). Plain text
        without children is its own rendering when nothing in it is escaped, stashed or replaced by
        a postprocessor (these are marked by &, <, >, STX, ETX and, for footnotes, "qq")."""
        text = heading.text or ""
        if len(heading) == 0 and self._only_known_postprocessors() and not _MARKED.search(text):
            return " ".join(text.split())
        return strip_tags(render_inner_html(remove_fnrefs(heading), self.md))

    def _only_known_postprocessors(self) -> bool:
        registry = self.md.postprocessors
        return len(registry) == sum(name in registry for name in _KNOWN_POSTPROCESSORS)

    def _has_marker(self, doc: ElementTree.Element) -> bool:
        marker = self.marker
        return bool(marker) and any(el.text and marker in el.text for el in doc.iter())


class HeadingIdsExtension(TocExtension):
    TreeProcessorClass = HeadingIds


class QuickAttrList(AttrListTreeprocessor):
    """``attr_list``, skipped for a tree in which no text or tail holds a ``{``."""

    def run(self, doc: ElementTree.Element) -> None:
        if any((el.text and "{" in el.text) or (el.tail and "{" in el.tail) for el in doc.iter()):
            super().run(doc)


class QuickAttrListExtension(AttrListExtension):
    def extendMarkdown(self, md):  # noqa: ANN001, ANN201, N802 (signature of the Markdown API)
        md.treeprocessors.register(QuickAttrList(md), "attr_list", 8)
        md.registerExtension(self)
