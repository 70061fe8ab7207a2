"""Stage 3b, markdown: render every Markdown body of the library to HTML."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote

from bulletin.errors import Diagnostics
from bulletin.markdown.lint import prepare
from bulletin.markdown.renderer import MarkdownRenderer, Rendered
from bulletin.model.library import Library

__all__ = ["MarkdownRenderer", "Rendered", "render_library"]


def render_library(lib: Library, root: Path, diags: Diagnostics) -> None:
    """Fill ``html`` (and missing summaries) on articles, notes, pages and profiles."""
    renderer = MarkdownRenderer()

    def render(text: str, source: str, first_line: int) -> Rendered:
        prepared = prepare(text)
        for finding in prepared.findings:
            diags.add(finding.code, source, first_line + finding.offset, **finding.args)
        rendered = renderer.render(prepared.text)
        _check_references(rendered, source, root, diags)
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
        path = posixpath.normpath(posixpath.join(folder, unquote(target)))
        if path.startswith("..") or not (root / path).exists():
            diags.add("W404", source, target=target)
