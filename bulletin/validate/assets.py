"""Which content files the site publishes besides its pages (docs/publishing.md).

A file is published only when a published article, page, unit profile or
editor's note (编者按) links it, and only when it is of a kind readers open
safely: raster images, PDF, Office and WPS documents, CSV, TXT, ZIP, sound and video. HTML,
XHTML, SVG and scripts would run in the site's origin (stored XSS that the
Markdown sanitiser never sees), so they are never copied, linked or not.

Files in the publishable folders (issues/, units/, pages/) that nothing links
are reported (W411), so that an office sees at once that a picture is missing
from its article or that Notepad saved ``稿件.md`` as ``稿件.md.txt`` (W412).
Files linked only by drafts or by articles not yet due are not linked by
anything published, so they stay out too.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from bulletin.errors import Diagnostics
from bulletin.load.file_checks import unsafe_reason
from bulletin.load.sources import is_litter
from bulletin.model.content import Link

if TYPE_CHECKING:
    from bulletin.model.library import Library

# Lower-case suffixes of the files a reader may download or see.
ALLOWED_SUFFIXES = frozenset({
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp",  # raster images
    ".pdf", ".ofd",
    ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".rtf", ".odt", ".ods", ".odp",  # Office
    ".wps", ".et", ".dps", ".wpt", ".ett", ".dpt",  # WPS
    ".csv", ".txt", ".zip",
    ".mp3", ".m4a", ".wav", ".mp4", ".webm",  # sound and video: played by the browser, never run as code
})
# The folders whose non-Markdown files can be published (beside the pages that link them).
PUBLISHABLE_FOLDERS = ("issues", "units", "pages")


def is_allowed(rel: str) -> bool:
    return PurePosixPath(rel).suffix.lower() in ALLOWED_SUFFIXES


def content_path(source: str, target: str) -> str | None:
    """The content-relative path a relative link of ``source`` points at (None: not a local file)."""
    from urllib.parse import unquote

    path = target.split("#", 1)[0].split("?", 1)[0]
    if not path:
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(source), unquote(path).replace("\\", "/")))
    if joined in (".", "..") or joined.startswith(("../", "/")):
        return None
    return joined


def asset_candidates(lib: Library) -> list[str]:
    """Files that could be published, from load's listing: those of the published issues'
    folders, and those beside unit profiles and pages (units/, pages/)."""
    return [rel for issue in lib.issues for rel in issue.assets] + list(lib.shared_assets)


def review_assets(root: Path, candidates: list[str], links: dict[str, Link], files: frozenset[str],
                  diags: Diagnostics) -> list[str]:
    """The assets to publish: linked ones of an allowed type. Linked files of another type are
    errors (E325); files of the publishable folders that nothing links are warnings (W411, W412)."""
    published: list[str] = []
    for rel in sorted(set(candidates)):
        link = links.get(rel)
        if link is None:
            continue
        if not is_allowed(rel):
            diags.add("E325", link.source, link.line, target=link.written,
                      suffix=PurePosixPath(rel).suffix or PurePosixPath(rel).name)
            continue
        try:
            unsafe = unsafe_reason(os.lstat(root / rel))
        except OSError:
            continue  # gone since it was listed: W404 said so
        if unsafe is None:
            published.append(rel)
        else:
            diags.add("E326", rel, path=rel, reason=unsafe[0], reason_en=unsafe[1])
    _report_unused(files, links, diags)
    return published


def _report_unused(files: frozenset[str], links: dict[str, Link], diags: Diagnostics) -> None:
    """``files``: every file of load's listing of the content folder."""
    for rel in _unlinked_assets(files, links):
        name = rel.rpartition("/")[2]
        if name.lower().endswith(".md.txt"):
            diags.add("W412", rel, name=name, fixed=name[:-4])
        else:
            diags.add("W411", rel, name=name)


def _is_source(rel: str) -> bool:
    """Files the generator reads itself (articles, issue.md, pages, profiles), not assets."""
    return rel.lower().endswith(".md")


def _unlinked_assets(files: frozenset[str], links: dict[str, Link]) -> list[str]:
    """The files of the publishable folders that no text links, sources and litter aside.
    (Run on every build over every file of the content folder: plain string tests first.)"""
    folders = tuple(f"{top}/" for top in PUBLISHABLE_FOLDERS)
    return sorted(rel for rel in files if rel.startswith(folders) and rel not in links and not _is_source(rel)
                  and not is_litter(rel.rpartition("/")[2]))
