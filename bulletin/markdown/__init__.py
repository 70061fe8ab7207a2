"""Stage 3b, markdown: render every Markdown body of the library to HTML."""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Iterator
from dataclasses import replace
from functools import partial
from urllib.parse import unquote

from bulletin.cache.store import Memo
from bulletin.errors import Diagnostics
from bulletin.markdown import limits
from bulletin.markdown.groups import Group, issue_group, set_page, set_profile, set_summary
from bulletin.markdown.links import MarkdownLinks
from bulletin.markdown.lint import Finding
from bulletin.markdown.parallel import EarlyMarkdown, Result, render_texts
from bulletin.markdown.renderer import MarkdownRenderer, Rendered
from bulletin.model.content import Link
from bulletin.model.library import Library
from bulletin.router import Router
from bulletin.texts import both
from bulletin.validate.assets import content_path

__all__ = ["EarlyMarkdown", "MarkdownRenderer", "Rendered", "render_library"]


def render_library(lib: Library, diags: Diagnostics, memo: Memo | None = None,
                   jobs: int = 1, router: Router | None = None, early: EarlyMarkdown | None = None) -> None:
    """Fill ``html`` (and missing summaries) on articles, notes, pages and profiles.

    Each text is checked for Markdown traps (markdown/lint.py), rendered and
    sanitised; links and images are then checked against load's listing of the content folder, and
    links to other Markdown files point where the router writes them (links.py).
    With a ``memo`` (the build cache) an issue whose files did not change takes
    its HTML and findings from the cache; the rest is rendered on ``jobs`` processes,
    where ``early`` (started during validation) has not rendered it already.
    """
    allow_html = lib.site.allow_html
    groups = [issue_group(issue, allow_html) for issue in lib.issues]
    groups += [Group(f"page|{allow_html}|{page.digest}",
                     [(partial(getattr, page, "body"), page.source, page.body_line, partial(set_page, page))])
               for page in lib.pages]
    groups += [Group(f"profile|{allow_html}|{unit.profile_line}|{_text_digest(unit.profile)}",
                     [(partial(getattr, unit, "profile"), unit.profile_source, unit.profile_line,
                       partial(set_profile, unit))])
               for unit in lib.units if unit.profile]
    links = MarkdownLinks(lib, router or Router())
    todo: list[Group] = []
    for group in groups:
        cached = _cached(group.key, memo, early)
        if memo is not None and cached is not None and len(cached) == len(group.items):
            group.facts = cached
            if group.deferrable < len(group.items):
                memo.keep(HTML_SPACE, group.key)
                group.deferred = _DeferredHtml(group, memo, links, allow_html).html
        else:
            todo.append(group)
    made = _rendered([text() for group in todo for text, *_ in group.items], jobs, allow_html, early)
    recorded: dict[str, Link] = {}
    waiting = {id(group) for group in todo}
    for group in groups:  # each group's results taken as the workers finish them: checked meanwhile
        if id(group) in waiting:
            group.results = [next(made) for _ in group.items]
            if memo is not None and group.key and not any(r.too_complex for r, _ in group.results):
                _remember(memo, group)  # a timed-out text is tried again next build
        for i, (text_of, source, first_line, apply) in enumerate(group.items):
            fact = group.facts[i] if group.facts is not None else None
            if isinstance(fact, str) and group.deferred is not None and i >= group.deferrable:
                # An unchanged article with nothing to check nor to link (most): its first
                # paragraph, and its HTML when something reads it.
                article = group.articles[i - group.deferrable]
                set_summary(article, fact)
                article.defer_html(partial(group.deferred, i - group.deferrable))
                continue
            rendered, findings = _expanded(fact) if fact is not None else group.results[i]
            # An unchanged article's Markdown is read from the cache only when a message may need its lines.
            text = text_of() if _uses_text(rendered) else ""
            checked = _checked(rendered, findings, text, source, first_line, lib.paths, diags)
            if group.deferred is not None and i >= group.deferrable:
                apply(checked)
                group.articles[i - group.deferrable].defer_html(partial(group.deferred, i - group.deferrable))
            else:
                # The cached HTML keeps the links as written: where a target is written may change without its text.
                apply(replace(checked, html=_resolved(links, checked.html, source)))
            _record_links(rendered, text, source, first_line, recorded)
    lib.links = recorded


def _cached(key: str, memo: Memo | None, early: EarlyMarkdown | None) -> list[Result] | None:
    """A group's results from the cache (fetched already if validation offered it early)."""
    if not key or memo is None:
        return None
    taken = early.cached(key) if early is not None else None
    return taken if taken is not None else memo.get("markdown", key)


def _rendered(texts: list[str], jobs: int, allow_html: bool, early: EarlyMarkdown | None) -> Iterator[Result]:
    """Every text's result, in order: the early workers' (each as soon as it is there) where they
    were sent, the others rendered first."""
    sent = [early is not None and early.was_sent(text, allow_html) for text in texts]
    made = iter(render_texts([text for text, was in zip(texts, sent, strict=True) if not was], jobs, allow_html,
                             early.pool if early is not None else None))
    for text, was in zip(texts, sent, strict=True):
        result = early.result(text, allow_html) if was and early is not None else None
        yield result if result is not None else next(made)


# An issue's articles' HTML, cached apart from what every build needs of them (summaries, links,
# findings): read only when a page that shows them is rendered (Article.defer_html).
HTML_SPACE = "markdown-html"


def _remember(memo: Memo, group: Group) -> None:
    """The results without the articles' HTML in ``markdown``, that HTML in ``HTML_SPACE``."""
    facts = [_compact(replace(rendered, html="") if i >= group.deferrable else rendered, findings)
             for i, (rendered, findings) in enumerate(group.results)]
    memo.put("markdown", group.key, facts)
    if group.deferrable < len(group.items):
        memo.put(HTML_SPACE, group.key, [rendered.html for rendered, _ in group.results[group.deferrable:]])


# What the cache keeps of a text without HTML, links, removed markup or findings (most
# articles): its first paragraph alone, so that a rebuild unpickles one string, not six objects.
Fact = str | tuple[Rendered, list[Finding]]


def _compact(rendered: Rendered, findings: list[Finding]) -> Fact:
    plain = Rendered("", first_paragraph=rendered.first_paragraph)
    return rendered.first_paragraph if rendered == plain and not findings else (rendered, findings)


def _expanded(fact: Fact) -> tuple[Rendered, list[Finding]]:
    return (Rendered("", first_paragraph=fact), []) if isinstance(fact, str) else fact


def _resolved(links: MarkdownLinks, html: str, source: str) -> str:
    return links.resolve(html, source, links.targets.get(source, source))


class _DeferredHtml:
    """The HTML of one issue's articles, read from the cache when first asked for; rendered
    again from the Markdown when the cache no longer has it (damaged, deleted, closed)."""

    def __init__(self, group: Group, memo: Memo, links: MarkdownLinks, allow_html: bool) -> None:
        self.group, self.memo, self.links, self.allow_html = group, memo, links, allow_html
        self._html: list[str] | None = None

    def html(self, index: int) -> str:
        if self._html is None:
            items = self.group.items[self.group.deferrable:]
            found = self.memo.get(HTML_SPACE, self.group.key)
            if not isinstance(found, list) or len(found) != len(items):
                found = [rendered.html for rendered, _ in render_texts([text() for text, *_ in items], 1,
                                                                       self.allow_html)]
            self._html = [_resolved(self.links, html, source) for html, (_, source, *_) in zip(found, items,
                                                                                              strict=True)]
        return self._html[index]


def _checked(rendered: Rendered, findings: list[Finding], text: str, source: str, first_line: int,
             paths: frozenset[str],
             diags: Diagnostics) -> Rendered:
    """Report what rendering found; checks that look at the content folder run on every build."""
    if rendered.too_complex == "lint":
        diags.add("E324", source, first_line, reason=both("markdown.lint_slow", seconds=f"{limits.budget(text):.0f}"))
        return rendered
    for finding in findings:
        diags.add(finding.code, source, first_line + finding.offset, **finding.args)
    if rendered.too_complex:
        reason = (both("markdown.too_deep", levels=limits.MAX_NESTING) if rendered.too_complex == "nesting"
                  else both("markdown.too_deep_html", levels=limits.MAX_HTML_NESTING) if rendered.too_complex == "html"
                  else both("markdown.too_slow", seconds=f"{limits.budget(text):.0f}"))
        diags.add("E324", source, first_line, reason=reason)
        return rendered
    _check_references(rendered, text, first_line, source, paths, diags)
    _check_urls(rendered, text, first_line, source, diags)
    if rendered.removed:
        diags.add("W422", source, _removed_line(rendered.removed, text, first_line),
                  what="、".join(rendered.removed[:5]))
    return rendered


def _uses_text(rendered: Rendered) -> bool:
    """Whether checking ``rendered`` may look at its Markdown (for the line of a link, a
    removed tag, or the time budget of a refused text)."""
    return bool(rendered.too_complex or rendered.references or rendered.urls or rendered.removed)


def _text_digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _local_targets(rendered: Rendered) -> list[str]:
    """Relative link and image targets: Markdown's, and those of raw ``<img>``/``<a>`` (which
    Markdown passes through unseen); a raw link to a generated ``.html`` page is not a file."""
    raw = [ref.url for ref in rendered.urls
           if not ref.url.startswith("#") and not _ABSOLUTE.match(ref.url) and not _REMOTE.match(ref.url)
           and not ref.url.split("#", 1)[0].split("?", 1)[0].lower().endswith((".html", ".htm"))]
    return list(dict.fromkeys(rendered.references + [url.split("#", 1)[0].split("?", 1)[0] for url in raw]))


def _record_links(rendered: Rendered, text: str, source: str, first_line: int, links: dict[str, Link]) -> None:
    """Every content file a published text links: only these may be copied to the site."""
    for target in _local_targets(rendered):
        path = content_path(source, target)
        if path is not None and path not in links:
            links[path] = Link(source, _line_of(target, text, first_line), target)


def _check_references(rendered: Rendered, text: str, first_line: int, source: str, paths: frozenset[str],
                      diags: Diagnostics) -> None:
    """Links and images to files of the content folder that do not exist (W404): asked of
    load's listing, not of the disk."""
    folder = posixpath.dirname(source)
    for target in _local_targets(rendered):
        path = posixpath.normpath(posixpath.join(folder, unquote(target).replace("\\", "/")))
        if not _leaves_content(path) and path not in paths and path != ".":
            diags.add("W404", source, _line_of(target, text, first_line), target=target)


# file:///C:/…, C:\…, \\server\share, /etc/passwd: a path on some machine, not in the site.
_ABSOLUTE = re.compile(r"^(?:file:|[a-zA-Z]:[\\/]|\\|/(?!/))", re.I)
_REMOTE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")


def _check_urls(rendered: Rendered, text: str, first_line: int, source: str, diags: Diagnostics) -> None:
    """Links and images stay inside the content folder; images never come from other hosts."""
    folder = posixpath.dirname(source)
    for ref in rendered.urls:
        url = ref.url
        if url.startswith("#"):
            continue
        line = _line_of(url, text, first_line)
        if _ABSOLUTE.match(url):
            diags.add("E309", source, line, target=url)
        elif "\\" in url and not _REMOTE.match(url):  # images\图1.png, typed as in Windows Explorer
            diags.add("E805", source, line, value=url)
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
