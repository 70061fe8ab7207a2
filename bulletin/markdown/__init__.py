"""Stage 3b, markdown: render every Markdown body of the library to HTML."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote

from bulletin.errors import Diagnostics
from bulletin.markdown import limits
from bulletin.markdown.lint import prepare
from bulletin.markdown.renderer import MarkdownRenderer, Rendered
from bulletin.model.library import Library

__all__ = ["MarkdownRenderer", "Rendered", "render_library"]


def render_library(lib: Library, root: Path, diags: Diagnostics) -> None:
    """Fill ``html`` (and missing summaries) on articles, notes, pages and profiles."""
    renderer = MarkdownRenderer(allow_html=lib.site.allow_html)

    def render(text: str, source: str, first_line: int) -> Rendered:
        try:
            with limits.time_budget(limits.budget(text)):  # the trap scan is bounded like rendering
                prepared = prepare(text)
        except limits.TooComplexError:
            diags.add("E324", source, first_line, reason=f"检查超过 {limits.budget(text):.0f} 秒")
            return Rendered("", too_complex="lint")
        for finding in prepared.findings:
            diags.add(finding.code, source, first_line + finding.offset, **finding.args)
        rendered = renderer.render(prepared.text)
        if rendered.too_complex:
            diags.add("E324", source, first_line, reason=rendered.too_complex)
            return rendered
        _check_references(rendered, source, root, diags)
        _check_urls(rendered, text, first_line, source, root, diags)
        if rendered.removed:
            diags.add("W422", source, _removed_line(rendered.removed, text, first_line),
                      what="、".join(rendered.removed[:5]))
        return rendered

    for issue in lib.issues:
        if issue.note:
            issue.note_html = render(issue.note, issue.source, issue.note_line).html
        for article in issue.articles:
            rendered = render(article.body, article.source, article.body_line)
            article.html = rendered.html
            if not article.summary:
                article.summary = rendered.first_paragraph
    for page in lib.pages:
        page.html = render(page.body, page.source, page.body_line).html
    for unit in lib.units:
        if unit.profile:
            unit.profile_html = render(unit.profile, unit.profile_source, unit.profile_line).html


def _check_references(rendered: Rendered, source: str, root: Path, diags: Diagnostics) -> None:
    folder = posixpath.dirname(source)
    for target in rendered.references:
        path = posixpath.normpath(posixpath.join(folder, unquote(target).replace("\\", "/")))
        if not _leaves_content(path) and not (root / path).exists():
            diags.add("W404", source, target=target)


# file:///C:/…, C:\…, \\server\share, /etc/passwd: a path on some machine, not in the site.
_ABSOLUTE = re.compile(r"^(?:file:|[a-zA-Z]:[\\/]|\\|/(?!/))", re.I)
_REMOTE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")


def _check_urls(rendered: Rendered, text: str, first_line: int, source: str, root: Path,
                diags: Diagnostics) -> None:
    """Links and images stay inside the content folder; images never come from other hosts."""
    folder = posixpath.dirname(source)
    for ref in rendered.urls:
        url = ref.url
        if url.startswith("#"):
            continue
        line = _line_of(url, text, first_line)
        if _ABSOLUTE.match(url):
            diags.add("E309", source, line, target=url)
        elif _REMOTE.match(url):
            if ref.loads and not url.lower().startswith(("data:", "mailto:", "tel:")):
                diags.add("E310", source, line, target=url)
        else:
            path = posixpath.normpath(posixpath.join(folder, unquote(url.split("#")[0].split("?")[0])
                                                     .replace("\\", "/")))
            if _leaves_content(path):  # symbolic links leading out are refused by load (E311)
                diags.add("E308", source, line, target=url)


def _leaves_content(path: str) -> bool:
    return path == ".." or path.startswith("../") or path.startswith("/")


def _removed_line(removed: list[str], text: str, first_line: int) -> int:
    """The line of the first thing the sanitiser removed (``<script>``, ``onclick`` …)."""
    lowered = text.lower()
    places = []
    for item in removed:
        needle = item[:-1] if item.startswith("<") else "javascript:" if item.startswith("javascript") else item + "="
        at = lowered.find(needle.lower())
        if at >= 0:
            places.append(at)
    return first_line + text.count("\n", 0, min(places)) if places else first_line


def _line_of(url: str, text: str, first_line: int) -> int:
    """The file line on which ``url`` (or its .md form before rewriting) is written."""
    for needle in (url, url[:-5] + ".md" if url.endswith(".html") else url, url[:40]):
        at = text.find(needle)
        if at >= 0:
            return first_line + text.count("\n", 0, at)
    return first_line
