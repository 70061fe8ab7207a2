"""What each page reads, as fingerprints: the incremental build's dependency list.

Every ``PageSpec`` built by ``plan_site`` carries ``inputs``: short tokens for
exactly the data its template shows (an article's source digest, its
neighbours' titles, its units' names, its issue's 总第N期 …). The build
re-renders a page only when its fingerprint — these inputs, the page's
template and everything that template includes, the site settings and the
library version — differs from the last build. Pages and features that give
no inputs (``None``) are rendered on every build.

Tokens are made here and nowhere else, so a change of what a template shows
has one place to be declared. Each function says which template fields it covers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import jinja2
import jinja2.meta

from bulletin.cache.store import Memo
from bulletin.model.entities import Article, Issue, IssueKey, Unit
from bulletin.model.library import Library

# The build cache's space for each issue's card tokens (PageInputs._remember_cards).
CARDS = "page-cards"


def fingerprint(*parts: object) -> str:
    """A stable hash of plain values (str, int, float, date, tuples, lists, dicts)."""
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=16).hexdigest()


class PageInputs:
    """Tokens for one library, computed once per build and shared by all pages."""

    def __init__(self, lib: Library, memo: Memo | None = None) -> None:
        self.lib = lib
        # Unit name and short name: what links to a unit show.
        self._unit_labels = {u.id: (u.id, u.name, u.short) for u in lib.units}
        self._cards: dict[str, str] = {}
        self._full: dict[str, str] = {}
        self._issues: dict[IssueKey, str] = {}
        if memo is not None:
            self._remember_cards(memo)

    def _remember_cards(self, memo: Memo) -> None:
        """Each issue's cards, kept in the build cache under what its articles' fields are made of
        (the key of its validation, model/entities.py Issue.validated_as, and preview mode): a
        rebuild reads a thousand short lists instead of hashing 10,000 articles' fields."""
        for issue in self.lib.issues:
            if not issue.validated_as:
                continue
            key = f"{issue.validated_as}|{self.lib.drafts_shown}"
            cards = memo.get(CARDS, key)
            if isinstance(cards, list) and len(cards) == len(issue.articles):
                self._cards.update(zip((a.source for a in issue.articles), cards, strict=True))
            else:
                memo.put(CARDS, key, [self.card(a) for a in issue.articles])

    def common(self, features: object = ()) -> str:
        """What every page shows through base.html: site.yaml, the pages menu, preview mode
        and the enabled features (their menu entries)."""
        lib = self.lib
        site = lib.site
        return fingerprint(repr(site), [(p.slug, p.title) for p in lib.pages], lib.drafts_shown, repr(features))

    def unit(self, unit: Unit) -> str:
        """A unit page's own fields: facts and profile."""
        return fingerprint(repr(unit))

    def card(self, article: Article) -> str:
        """An article in a list (article_list.html, contents of an issue): title, kind, date,
        issue, units' names, summary, draft badge, its link."""
        token = self._cards.get(article.source)
        if token is None:
            token = fingerprint(article.slug, article.title, article.kind, article.date, article.issue_key,
                                article.position, article.summary, article.draft, article.tags,
                                [self._unit_labels[u] for u in article.unit_ids])
            self._cards[article.source] = token
        return token

    def article(self, article: Article) -> str:
        """An article shown in full: its source file (body, metrics, author …), its card
        and its stage (derived from site.yaml when not given)."""
        token = self._full.get(article.source)
        if token is None:
            token = fingerprint(self.card(article), article.digest, article.stage_id)
            self._full[article.source] = token
        return token

    def cards(self, articles: Iterable[Article]) -> list[str]:
        return [self.card(a) for a in articles]

    def issue(self, issue: Issue) -> str:
        """An issue's masthead data: its issue.md (date, title, note, distribution), 总第N期, size."""
        token = self._issues.get(issue.key)
        if token is None:
            token = self._issues[issue.key] = fingerprint(issue.key, issue.digest, issue.total, len(issue.articles))
        return token


class TemplateHashes:
    """The fingerprint of a template together with every template it extends,
    includes or imports, so editing article.html re-renders article pages only."""

    def __init__(self, env: jinja2.Environment, memo: Memo | None = None) -> None:
        self.env = env
        self.memo = memo  # remembers what each template source references: parsing them all is slow
        self._own: dict[str, str] = {}
        self._closure: dict[tuple[str, tuple[str, ...]], str] = {}
        self._everything: str | None = None

    def closure(self, name: str, includes: tuple[str, ...] = ()) -> str:
        """``includes``: the templates a page includes by a name computed at run time (a
        feature's extras, render/plan.py PageExtra); with them, such includes are accounted for."""
        token = self._closure.get((name, includes))
        if token is None:
            names = self._referenced(name, bool(includes))
            if names is not None:
                for extra in includes:
                    names |= self._referenced(extra) or {"*"}
            token = (self.everything() if names is None or "*" in names
                     else fingerprint(sorted(self._source(n) for n in names)))
            self._closure[(name, includes)] = token
        return token

    def _source(self, name: str) -> str:
        token = self._own.get(name)
        if token is None:
            source, _, _ = self.env.loader.get_source(self.env, name)  # type: ignore[union-attr]
            token = fingerprint(name, source)
            self._own[name] = token
        return token

    def _referenced(self, name: str, declared: bool = False) -> set[str] | None:
        """``name`` and all it pulls in; None when a reference is computed at run time
        (unless such references are ``declared`` by the page)."""
        seen: set[str] = set()
        pending = [name]
        while pending:
            current = pending.pop()
            if current in seen:
                continue
            seen.add(current)
            for child in self._children(current):
                if child is None:
                    if declared:
                        continue
                    return None
                pending.append(child)
        return seen

    def _children(self, name: str) -> list[str | None]:
        source, _, _ = self.env.loader.get_source(self.env, name)  # type: ignore[union-attr]
        key = fingerprint(name, source)
        children = self.memo.get("template-references", key) if self.memo is not None else None
        if children is None:
            children = list(jinja2.meta.find_referenced_templates(self.env.parse(source)))
            if self.memo is not None:
                self.memo.put("template-references", key, children)
        return children

    def everything(self) -> str:
        if self._everything is None:
            self._everything = fingerprint(sorted(self._source(n) for n in self.env.list_templates()
                                                  if not n.startswith("static/")))
        return self._everything
