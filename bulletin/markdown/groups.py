"""The texts the markdown stage renders and caches together, and where each result goes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from bulletin.markdown.lint import Finding
from bulletin.markdown.renderer import Rendered
from bulletin.model.entities import Article, Issue, Page, Unit

Text = Callable[[], str]  # a document's Markdown, read when needed (Article.defer_body)


@dataclass
class Group:
    """Documents cached together: an issue's note and articles, or one page or profile."""

    key: str  # "" = never cached
    items: list[tuple[Text, str, int, Callable[[Rendered], None]]]  # (Markdown, source, first line, where it goes)
    results: list[tuple[Rendered, list[Finding]]] = field(default_factory=list)
    # An issue's articles, the items from ``deferrable`` on: their HTML is cached apart and may be deferred.
    articles: list[Article] = field(default_factory=list)
    deferred: Callable[[int], str] | None = None  # the i-th article's HTML, read from the cache when asked for
    # Taken from the cache instead of ``results``: each item's first paragraph alone (a str) when it
    # has no HTML, link, removed markup or finding to keep, else its (Rendered, findings).
    facts: list | None = None

    @property
    def deferrable(self) -> int:
        return len(self.items) - len(self.articles)


def issue_group(issue: Issue, allow_html: bool) -> Group:
    items: list[tuple[Text, str, int, Callable[[Rendered], None]]] = (
        [(partial(getattr, issue, "note"), issue.source, issue.note_line, partial(set_note, issue))]
        if issue.note else [])
    items += [(partial(getattr, a, "body"), a.source, a.body_line, partial(set_article, a)) for a in issue.articles]
    digests = [issue.digest] + [a.digest for a in issue.articles]
    key = f"issue|{allow_html}|" + ",".join(digests) if all(digests) else ""
    return Group(key, items, articles=list(issue.articles))


def set_note(issue: Issue, rendered: Rendered) -> None:
    issue.note_html = rendered.html


def set_article(article: Article, rendered: Rendered) -> None:
    article.html = rendered.html
    set_summary(article, rendered.first_paragraph)


def set_summary(article: Article, first_paragraph: str) -> None:
    """An article without a ``summary`` in its front matter is summed up by its first paragraph."""
    if not article.summary:
        article.summary = first_paragraph


def set_page(page: Page, rendered: Rendered) -> None:
    page.html = rendered.html


def set_profile(unit: Unit, rendered: Rendered) -> None:
    unit.profile_html = rendered.html
