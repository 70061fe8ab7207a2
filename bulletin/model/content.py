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
    files: frozenset[str] = frozenset()  # the files among ``paths`` (unused ones are reported: W411, W412)


@dataclass(frozen=True)
class Link:
    """Where a content file is first linked: for the message of a refused link (validate/assets.py)."""

    source: str
    line: int
    written: str  # the link as its author wrote it
