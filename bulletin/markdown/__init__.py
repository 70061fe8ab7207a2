"""Stage 3b, markdown: render every Markdown body of the library to HTML."""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from urllib.parse import unquote

from bulletin.cache.store import Memo
from bulletin.errors import Diagnostics
from bulletin.markdown.lint import Finding, prepare
from bulletin.markdown.parallel import render_texts
from bulletin.markdown.renderer import MarkdownRenderer, Rendered
from bulletin.model.entities import Article, Issue, Page, Unit
from bulletin.model.library import Library

__all__ = ["MarkdownRenderer", "Rendered", "render_library"]


def render_library(lib: Library, root: Path, diags: Diagnostics, memo: Memo | None = None,
                   jobs: int = 1) -> None:
    """Fill ``html`` (and missing summaries) on articles, notes, pages and profiles.

    Each text is first checked for Markdown traps (markdown/lint.py). With a
    ``memo`` (the build cache) an issue whose files did not change takes its
    HTML and findings from the cache; what is left is rendered on ``jobs`` processes.
    """
    groups = [_issue_group(issue) for issue in lib.issues]
    groups += [_Group(f"page|{page.digest}", [(page.body, page.source, page.body_line, partial(_set_page, page))])
               for page in lib.pages]
    groups += [_Group(f"profile|{unit.profile_line}|{_text_digest(unit.profile)}",
                      [(unit.profile, unit.profile_source, unit.profile_line, partial(_set_profile, unit))])
               for unit in lib.units if unit.profile]
    todo: list[_Group] = []
    for group in groups:
        cached = memo.get("markdown", group.key) if memo is not None and group.key else None
        if cached is not None and len(cached) == len(group.items):
            group.results = cached
        else:
            todo.append(group)
    prepared = [prepare(text) for group in todo for text, *_ in group.items]  # the Markdown traps lint
    rendered = iter(zip(render_texts([p.text for p in prepared], jobs), prepared, strict=True))
    for group in todo:
        group.results = [(html, p.findings) for html, p in (next(rendered) for _ in group.items)]
        if memo is not None and group.key:
            memo.put("markdown", group.key, group.results)
    for group in groups:
        for (_, source, first_line, apply), (result, findings) in zip(group.items, group.results, strict=True):
            for finding in findings:
                diags.add(finding.code, source, first_line + finding.offset, **finding.args)
            apply(result)
            _check_references(result, source, root, diags)


@dataclass
class _Group:
    """Documents cached together: an issue's note and articles, or one page or profile."""

    key: str  # "" = never cached
    items: list[tuple[str, str, int, Callable[[Rendered], None]]]  # (Markdown, source, first line, where it goes)
    results: list[tuple[Rendered, list[Finding]]] = field(default_factory=list)


def _issue_group(issue: Issue) -> _Group:
    items = [(issue.note, issue.source, issue.note_line, partial(_set_note, issue))] if issue.note else []
    items += [(a.body, a.source, a.body_line, partial(_set_article, a)) for a in issue.articles]
    digests = [issue.digest] + [a.digest for a in issue.articles]
    key = "issue|" + ",".join(digests) if all(digests) else ""
    return _Group(key, items)


def _set_note(issue: Issue, rendered: Rendered) -> None:
    issue.note_html = rendered.html


def _set_article(article: Article, rendered: Rendered) -> None:
    article.html = rendered.html
    if not article.summary:
        article.summary = rendered.first_paragraph


def _set_page(page: Page, rendered: Rendered) -> None:
    page.html = rendered.html


def _set_profile(unit: Unit, rendered: Rendered) -> None:
    unit.profile_html = rendered.html


def _text_digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _check_references(rendered: Rendered, source: str, root: Path, diags: Diagnostics) -> None:
    folder = posixpath.dirname(source)
    for target in rendered.references:
        path = posixpath.normpath(posixpath.join(folder, unquote(target)))
        if path.startswith("..") or not (root / path).exists():
            diags.add("W404", source, target=target)
