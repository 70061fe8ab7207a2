"""Links between content files, resolved through the router.

An author links another article, an issue, a page or a unit profile by its
file name (``[扩大会议](09-玉东（扩大）.md)``). The output path of that file is
the router's business (it may differ from the file name: the router makes
names safe for every file system), so the link is rewritten to the relative
href of the target's real output path. A link to a Markdown file that is not
published (missing, or a draft left out) keeps the content layout's mirror
form (``x.md`` → ``x.html``); W404 and publish's link check report it.
"""

from __future__ import annotations

import html
import posixpath
import re
from urllib.parse import unquote

from bulletin.model.library import Library
from bulletin.router import Router, nearest

_MD_HREF = re.compile(r'href="([^"#?]*?\.md)([#?][^"]*)?"', re.I)
_MD_ENDINGS = (".md", ".MD", ".Md", ".mD")  # every way _MD_HREF's ".md" can be written


class MarkdownLinks:
    """Every published Markdown file's output path, by its path in the content folder."""

    def __init__(self, lib: Library, router: Router) -> None:
        self.targets: dict[str, str] = {a.source: router.article(a) for a in lib.articles}
        self.targets.update({i.source: router.issue(i) for i in lib.issues})
        self.targets.update({p.source: router.page(p) for p in lib.pages})
        self.targets.update({u.profile_source: router.unit(u) for u in lib.units if u.profile_source})

    def resolve(self, page_html: str, source: str, page_path: str) -> str:
        """``page_html`` (from the file ``source``, shown at ``page_path``) with its .md links resolved."""
        if not any(ending in page_html for ending in _MD_ENDINGS):  # most texts link no .md file
            return page_html
        folder = posixpath.dirname(source)

        def href(match: re.Match[str]) -> str:
            written, rest = match.group(1), match.group(2) or ""
            target = posixpath.normpath(posixpath.join(folder, unquote(html.unescape(written)).replace("\\", "/")))
            path = self.targets.get(target)
            new = nearest(page_path, path) if path is not None else mirror(written)
            return f'href="{html.escape(new)}{rest}"'

        return _MD_HREF.sub(href, page_html)


def mirror(target: str) -> str:
    """The output mirrors the content layout: ``x.md`` → ``x.html``, ``issue.md`` → ``index.html``."""
    if target.lower().endswith("issue.md"):
        return target[: -len("issue.md")] + "index.html"
    return target[:-3] + ".html"
