"""Stage 2, validate: check every raw document and turn it into model objects.

Everything is checked before anything is rendered, and every problem is
collected, so the office sees all of them in one run.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bulletin.errors import Diagnostics
from bulletin.load.sources import RawContent
from bulletin.model.entities import Article, Issue, Page, SiteConfig, Unit
from bulletin.validate.documents import (
    UnitLookup,
    validate_article,
    validate_issue,
    validate_page,
    validate_profile,
)
from bulletin.validate.fields import today
from bulletin.validate.secrecy import scan_content
from bulletin.validate.site import validate_site, validate_units


@dataclass
class Content:
    """Validated content: issues hold their publishable articles in file order."""

    site: SiteConfig
    units: list[Unit]
    issues: list[Issue]
    pages: list[Page]
    drafts: list[Article] = field(default_factory=list)  # withheld: drafts and articles not yet due


def validate(raw: RawContent, diags: Diagnostics) -> Content:
    scan_content(raw, diags)
    site = validate_site(raw.site, diags)
    units = validate_units(raw.units, diags)
    by_id = {u.id: u for u in units}
    for doc in raw.profiles:
        validate_profile(doc, by_id, diags)
    pages = [p for p in (validate_page(doc, diags) for doc in raw.pages) if p]
    lookup = UnitLookup(units)
    issues: list[Issue] = []
    drafts: list[Article] = []
    seen: dict[tuple[int, int], str] = {}
    for folder in raw.issues:
        key = (folder.year, folder.number)
        if key in seen:
            diags.add("E208", folder.rel, number=folder.number, other=seen[key])
            continue
        seen[key] = folder.rel
        issue = validate_issue(folder, site, diags)
        for doc in folder.articles:
            if issue is None:
                continue
            article = validate_article(doc, issue, site, lookup, diags)
            if article is None:
                continue
            if article.draft or (article.publish_after and article.publish_after > today()):
                drafts.append(article)
            else:
                article.position = len(issue.articles) + 1
                issue.articles.append(article)
        if issue is not None:
            issues.append(issue)
    _check_totals(issues, diags)
    return Content(site, units, issues, pages, drafts)


def _check_totals(issues: list[Issue], diags: Diagnostics) -> None:
    given: dict[int, str] = {}
    for issue in issues:
        if issue.total is None:
            continue
        if issue.total in given:
            diags.add("E223", issue.source, 1, total=issue.total, other=given[issue.total])
        given[issue.total] = issue.source
