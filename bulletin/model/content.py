"""What validation hands to the model stage: checked content, not yet indexed."""

from __future__ import annotations

from dataclasses import dataclass, field

from bulletin.model.entities import Article, Issue, Page, SiteConfig, Submission, Unit


@dataclass
class Content:
    """Validated content: issues hold their publishable articles in file order."""

    site: SiteConfig
    units: list[Unit]
    issues: list[Issue]
    pages: list[Page]
    drafts: list[Article] = field(default_factory=list)  # withheld: drafts and articles not yet due
    submissions: list[Submission] | None = None  # the register's rows; None: no register
    # From load's one listing of the content folder (nothing after load walks it):
    paths: frozenset[str] = frozenset()  # every file and folder, relative to the content folder
    shared_assets: list[str] = field(default_factory=list)  # files beside profiles and pages (units/, pages/)
