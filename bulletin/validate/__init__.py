"""Stage 2, validate: check every raw document and turn it into model objects.

Everything is checked before anything is rendered, and every problem is
collected, so the office sees all of them in one run.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from functools import partial

from bulletin.cache.store import Memo
from bulletin.errors import Diagnostics
from bulletin.load.sources import SERIES_FOLDER, IssueFolder, RawContent
from bulletin.model.content import Content
from bulletin.model.entities import Article, Issue, SiteConfig, Unit
from bulletin.validate.documents import (
    UnitLookup,
    validate_article,
    validate_issue,
    validate_page,
    validate_profile,
)
from bulletin.validate.fields import suggestion, today
from bulletin.validate.register import match_adoptions, register_key, validate_registers
from bulletin.validate.secrecy import scan_content
from bulletin.validate.site import validate_site, validate_units

# Gives the documents of an issue folder that load left unread (the build cache vouched for its
# files) when they are needed after all: load's own reader, handed in by the pipeline.
Reread = Callable[[IssueFolder], IssueFolder]
# Told of every issue validated afresh (not taken from the cache) as soon as it is, so that a later
# stage can start on it while validation goes on (the pipeline starts its Markdown in worker processes).
Validated = Callable[[Issue, SiteConfig], None]


def validate(raw: RawContent, diags: Diagnostics, memo: Memo | None = None,
             reread: Reread | None = None, validated: Validated | None = None) -> Content:
    """With a ``memo`` (the build cache), an issue folder whose files, site.yaml
    and units.yaml are unchanged is not validated again. (The secrecy scan skips
    folders the cache vouched for: they passed it unchanged in a successful build.)
    An unread folder whose validation is not cached (site.yaml or units.yaml changed)
    is read through ``reread``: validate itself never touches the content folder."""
    scan_content(raw, diags)
    site = validate_site(raw.site, diags)
    units = validate_units(raw.units, diags)
    by_id = {u.id: u for u in units}
    for doc in raw.profiles:
        validate_profile(doc, by_id, diags)
    pages = [p for p in (validate_page(doc, diags) for doc in raw.pages) if p]
    lookup = UnitLookup(units)
    settings = _settings_digest(raw)
    issues: list[Issue] = []
    drafts: list[Article] = []
    refused = _undeclared_series(raw, site, diags)
    seen: dict[tuple[str, int, bool, int], str] = {}
    for folder in raw.issues:
        if folder.rel.startswith(f"{SERIES_FOLDER}/{folder.series}/") and folder.series in refused:
            continue  # E260 said so once for the whole series folder
        key = (folder.series, folder.year, folder.supplement, folder.number)
        if key in seen:
            diags.add("E263" if folder.supplement else "E208", folder.rel, number=folder.number, other=seen[key])
            continue
        seen[key] = folder.rel
        issue, folder_drafts, fresh = _remembered_folder(folder, site, lookup, settings, diags, memo, reread)
        drafts += folder_drafts
        if issue is not None:
            issues.append(issue)
            if fresh and validated is not None:
                validated(issue, site)
    _check_totals(issues, diags)
    _check_order(issues, diags)
    _check_conflicting_figures(issues, units, diags)
    _resolve_request_units(site, lookup, raw, diags)
    submissions = None if raw.registers is None else validate_registers(raw.registers, site, lookup, diags,
                                                                             memo, settings)
    register = None if raw.registers is None else register_key(raw.registers, settings)
    # the articles of a series with ``adoption: false`` adopt no row (they count for nobody)
    match_adoptions([a for issue in issues if issue.series.adoption for a in issue.articles], submissions or [], diags,
                    memo, register)
    paths = frozenset(raw.listing.files + raw.listing.folders)
    return Content(site, units, issues, pages, drafts, submissions, paths, list(raw.shared_assets),
                   frozenset(raw.listing.files))


def _resolve_request_units(site: SiteConfig, lookup: UnitLookup, raw: RawContent, diags: Diagnostics) -> None:
    """A 约稿's ``units`` as written (ids, names or short names) → unit ids (E204 for an unknown one)."""
    resolved = []
    for i, request in enumerate(site.requests):
        if request.unit_ids is None:
            resolved.append(request)
            continue
        ids = []
        for word in request.unit_ids:
            unit_id = lookup.resolve(word)
            if unit_id is None:
                zh, en = suggestion(word, lookup.ids)
                line = raw.site.lines.get(f"requests.{i}.units", 1) if raw.site else 1
                diags.add("E204", site.source, line, value=word, suggestion=zh, suggestion_en=en)
            elif unit_id not in ids:
                ids.append(unit_id)
        resolved.append(replace(request, unit_ids=tuple(ids)))
    site.requests = resolved


def _check_order(issues: list[Issue], diags: Diagnostics) -> None:
    """Within a year of one series (增刊 apart), a later issue number printed before an earlier one (W415)."""
    runs: dict[tuple[str, bool, int], list[Issue]] = {}
    for issue in issues:
        runs.setdefault((issue.series.id, issue.supplement, issue.year), []).append(issue)
    pairs = [pair for run in runs.values() for pair in itertools.pairwise(sorted(run, key=lambda i: i.number))]
    for previous, issue in pairs:
        if issue.date < previous.date:
            diags.add("W415", issue.source, 1, number=issue.number, date=issue.date.isoformat(),
                      previous=previous.number, previous_date=previous.date.isoformat(),
                      previous_source=previous.source)


def _check_conflicting_figures(issues: list[Issue], units: list[Unit], diags: Diagnostics) -> None:
    """Two progress reports giving one unit different values on one date: a chart keeps only one (W417)."""
    names = {u.id: u.name for u in units}
    seen: dict[tuple[str, str, date], tuple[float, str]] = {}
    for issue in sorted(issues, key=lambda i: i.key):
        for article in issue.articles:
            for unit_id, figures in article.metrics.items():
                for metric, value in figures.items():
                    key = (unit_id, metric, article.date)
                    other = seen.get(key)
                    if other is not None and other[0] != value and other[1] != article.source:
                        diags.add("W417", article.source, 0, unit=names.get(unit_id, unit_id), metric=metric,
                                  date=article.date.isoformat(), value=f"{value:g}", other_value=f"{other[0]:g}",
                                  other=other[1])
                    seen[key] = (value, article.source)


def _undeclared_series(raw: RawContent, site: SiteConfig, diags: Diagnostics) -> set[str]:
    """Folders under series/ that site.yaml does not declare (E260): their issues are not read."""
    declared = {s.id for s in site.series if not s.main}
    refused = {folder.id for folder in raw.series if folder.id not in declared}
    for folder in raw.series:
        if folder.id in refused:
            diags.add("E260", folder.rel, id=folder.id)
    return refused

def _settings_digest(raw: RawContent) -> str | None:
    """What validating an article reads besides its own file: site.yaml and units.yaml."""
    if raw.site is None or not raw.site.source.digest:
        return None
    # today(): an article with a future publish_after is withheld until that day
    return (raw.site.source.digest + "+" + (raw.units.source.digest if raw.units else "-")
            + "+" + today().isoformat())


def _remembered_folder(folder: IssueFolder, site: SiteConfig, lookup: UnitLookup, settings: str | None,
                       diags: Diagnostics, memo: Memo | None,
                       reread: Reread | None) -> tuple[Issue | None, list[Article], bool]:
    """The folder's issue and drafts, and whether they were validated now (not taken from the cache)."""
    key = f"{folder.rel}|{settings}|{folder.stamp}" if folder.stamp and settings else None
    if memo is not None and key is not None:
        cached = memo.get("validate", key)
        if cached is not None:
            issue, drafts, found = cached
            if issue is not None:
                issue.validated_as = key
                memo.keep(BODIES, key)
                _defer_bodies(issue, _CachedBodies(memo, key, folder, reread, [a.source for a in issue.articles]))
            diags.extend(found)
            return issue, drafts, False
    if folder.unread:  # site.yaml or units.yaml changed: the cache's stand-in is not enough
        folder = _reread(folder, reread)
    local = Diagnostics()
    issue, drafts = validate_folder(folder, site, lookup, local)
    diags.extend(local.items)
    if key is not None and memo is not None:
        _remember(memo, key, issue, drafts, local.items)
        if issue is not None:
            issue.validated_as = key
    return issue, drafts, True


# The Markdown of an issue's articles, cached apart from the rest of its validation: a rebuild
# reads it only for the issues whose HTML is rendered again (the markdown stage's cache has the rest).
BODIES = "validate-bodies"


def _remember(memo: Memo, key: str, issue: Issue | None, drafts: list[Article], found: list) -> None:
    articles = issue.articles if issue is not None else []
    bodies = [article.body for article in articles]
    for article in articles:
        article.body = ""
    try:
        memo.put("validate", key, (issue, drafts, found))  # pickled now, without the bodies
    finally:
        for article, body in zip(articles, bodies, strict=True):
            article.body = body
    if issue is not None:
        memo.put(BODIES, key, bodies)


def _defer_bodies(issue: Issue, bodies: _CachedBodies) -> None:
    for i, article in enumerate(issue.articles):
        article.defer_body(partial(bodies.body, i))


class _CachedBodies:
    """An issue's article bodies, read from the cache when first asked for; read again from the
    folder (through load) when the cache no longer has them."""

    def __init__(self, memo: Memo, key: str, folder: IssueFolder, reread: Reread | None,
                 sources: list[str]) -> None:
        self.memo, self.key, self.folder, self.reread, self.sources = memo, key, folder, reread, sources
        self._bodies: list[str] | None = None

    def body(self, index: int) -> str:
        if self._bodies is None:
            found = self.memo.get(BODIES, self.key)
            self._bodies = found if isinstance(found, list) and len(found) == len(self.sources) else self._from_folder()
        return self._bodies[index]

    def _from_folder(self) -> list[str]:
        folder = _reread(self.folder, self.reread) if self.folder.unread else self.folder
        by_source = {doc.rel: doc.body for doc in folder.articles}
        return [by_source[rel] for rel in self.sources]


def _reread(folder: IssueFolder, reread: Reread | None) -> IssueFolder:
    if reread is None:
        raise ValueError(f"{folder.rel} was left unread and cannot be read again")  # a wiring bug
    return reread(folder)


def validate_folder(folder: IssueFolder, site: SiteConfig, lookup: UnitLookup,
                    diags: Diagnostics) -> tuple[Issue | None, list[Article]]:
    """An issue and its publishable articles in file order, plus its drafts."""
    issue = validate_issue(folder, site, diags)
    drafts: list[Article] = []
    if issue is None:
        return None, drafts
    for doc in folder.articles:
        article = validate_article(doc, issue, site, lookup, diags)
        if article is None:
            continue
        if issue.withheld:  # a draft (or not yet due) issue: every article is withheld with it
            article.draft = True
        if article.draft or (article.publish_after and article.publish_after > today()):
            drafts.append(article)
        else:
            article.position = len(issue.articles) + 1
            issue.articles.append(article)
    return issue, drafts


def _check_totals(issues: list[Issue], diags: Diagnostics) -> None:
    """An explicit 总第N期 is given once per series."""
    given: dict[tuple[str, int], str] = {}
    for issue in issues:
        if issue.total is None:
            continue
        key = (issue.series.id, issue.total)
        if key in given:
            diags.add("E223", issue.source, 1, total=issue.total, other=given[key])
        given[key] = issue.source
