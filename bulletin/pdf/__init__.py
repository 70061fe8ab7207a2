"""Printable PDFs: every issue as a GB/T 9704 A4 PDF and every year as a 合订本.

The feature ``pdf`` (``PdfFeature``, render/feature.py; ``build --no-pdf`` leaves
it out, and the issue, archive and year pages then link no PDF). ``generated``
gives one group per PDF, each with a fingerprint of everything the PDF shows,
so a rebuild remakes only the PDFs of changed issues and their years'
合订本; the PDFs still to make are all started in the worker pool
(``prefetch``) before the first is collected. Layout: ``templates/pdf.css``;
fonts: ``fonts.py``; engine: ``engine.py``. docs/readers.md has the rules
and the measured costs.
"""

from __future__ import annotations

import sys
import time
from concurrent.futures import Future
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from bulletin.cache.store import Memo
from bulletin.errors import Diagnostics
from bulletin.model.entities import Issue, IssueKey
from bulletin.model.library import Library
from bulletin.pdf.document import Documents, IssueDoc, issue_doc, published
from bulletin.pdf.fonts import FontChoice, choose_fonts
from bulletin.render.feature import Feature
from bulletin.render.inputs import PageInputs, fingerprint
from bulletin.render.outputs import OutputFile
from bulletin.render.plan import Generated
from bulletin.router import Router
from bulletin.texts import Both

if TYPE_CHECKING:
    from bulletin.pdf.engine import PdfPool

FEATURE = "pdf"
LAYOUT_VERSION = 1  # raise when the PDF layout changes in a way the fingerprints cannot see
PROGRESS_FROM = 8  # a progress line when at least this many PDFs are made


class PdfFeature(Feature):
    """No pages of its own (the issue, archive and year pages link the PDFs): files and a diagnosis."""

    name = FEATURE

    def generated(self, lib: Library, router: Router, root: Path) -> list[Generated]:
        return generated(lib, router, root)

    def diagnose(self, lib: Library, root: Path, diags: Diagnostics) -> None:
        diagnose(lib, root, diags)


def generated(lib: Library, router: Router, root: Path | None = None) -> list[Generated]:
    """Per series and year: its issues' PDFs, then its 合订本 (made from them, so they come first)."""
    maker = PdfMaker(lib, router, root)
    groups = []
    for series_id, year, issues in volumes(lib):
        groups += [Generated(f"{FEATURE}/{router.issue_pdf(issue)}", partial(maker.collect, issue.key),
                             maker.issue_fingerprint(issue), [router.issue_pdf(issue)],
                             partial(maker.start, issue.key))
                   for issue in issues]
        groups.append(Generated(f"{FEATURE}/{router.volume_pdf(year, series_id)}",
                                partial(maker.collect_volume, series_id, year),
                                maker.volume_fingerprint(series_id, year), [router.volume_pdf(year, series_id)]))
    return groups


def volumes(lib: Library) -> list[tuple[str, int, list[Issue]]]:
    """(series id, year, issues in reading order, 增刊 included) for every 合订本."""
    found = []
    for series_id, issues in lib.issues_by_series.items():
        for year in sorted({issue.year for issue in issues}):
            found.append((series_id, year, [issue for issue in issues if issue.year == year]))
    return found


def outputs(lib: Library, router: Router, root: Path | None = None) -> list[OutputFile]:
    """Every PDF at once (a build without the incremental engine)."""
    groups = generated(lib, router, root)
    for group in groups:
        if group.prefetch is not None:
            group.prefetch()
    return [item for group in groups for item in group.make(None)]


def diagnose(lib: Library, root: Path | None, diags: Diagnostics) -> None:
    """An engine that cannot load stops the build before anything is written (E604: no site
    linking PDFs that are not there); one warning names each face taken from the free fonts (W470)."""
    try:
        import weasyprint  # noqa: F401 (its system libraries, Pango above all, load here)
    except (ImportError, OSError) as problem:
        diags.add("E604", lib.site.source, reason=str(problem).splitlines()[0][:200] if str(problem) else "?")
        return
    missing = [choice.role for choice in choose_fonts(lib.site.pdf_fonts, root) if not choice.path]
    if missing:
        diags.add("W470", lib.site.source,
                  substitutions=Both("；".join(f"{role.label} → {role.fallback_label}" for role in missing),
                                     "; ".join(f"{role.id} → {role.fallback[0]}" for role in missing)))


class PdfMaker:
    """The PDFs of one build: fingerprints, HTML, and the rendering in the pool."""

    def __init__(self, lib: Library, router: Router, root: Path | None) -> None:
        self.lib = lib
        self.router = router
        self.root = Path(root).resolve() if root is not None else None
        self.fonts: list[FontChoice] = choose_fonts(lib.site.pdf_fonts, self.root)
        self._track = PageInputs(lib)
        self._issues = {issue.key: issue for issue in lib.issues}
        self._volumes = {(series_id, year): issues for series_id, year, issues in volumes(lib)}
        self._fingerprints: dict[IssueKey, str] = {}
        self._common_cached: str | None = None
        self._documents: Documents | None = None
        self._docs: dict[IssueKey, IssueDoc] = {}
        self._pending: dict[IssueKey, Future[bytes]] = {}
        self._made: dict[IssueKey, bytes] = {}  # issue PDFs of this build, until their 合订本 is made
        self._pool: PdfPool | None = None
        self._started = 0
        self._done = 0
        self._clock = time.monotonic()

    # -- fingerprints: everything a PDF shows --
    def _common(self) -> str:
        """What every PDF shows besides its issue. (WeasyPrint's version is not here: the build
        cache is emptied when it changes, docs/architecture.md.)"""
        if self._common_cached is None:
            self._common_cached = fingerprint(
                LAYOUT_VERSION, repr(self.lib.site), [f.identity() for f in self.fonts],
                [(u.id, u.name) for u in self.lib.units], str(self.root))
        return self._common_cached

    def issue_fingerprint(self, issue: Issue) -> str:
        token = self._fingerprints.get(issue.key)
        if token is None:
            assets = [_stamp(self.root / rel) if self.root is not None else rel for rel in issue.assets]
            articles = [(self._track.article(a), a.publish_after) for a in published(issue)]
            token = fingerprint(self._common(), self._track.issue(issue), repr(issue.series), articles, assets)
            self._fingerprints[issue.key] = token
        return token

    def volume_fingerprint(self, series_id: str, year: int) -> str:
        return fingerprint("volume", series_id, year, [self.issue_fingerprint(i)
                                                       for i in self._volumes[(series_id, year)]])

    # -- making them --
    def start(self, key: IssueKey) -> None:
        """Start making one issue's PDF (in the pool when several are to be made)."""
        if key in self._pending:
            return
        if self._pool is None:
            from bulletin.markdown.parallel import default_jobs
            from bulletin.pdf.engine import PdfPool

            self._pool = PdfPool(default_jobs())
        html = self.issue_html(self._issues[key])
        base = (self.root / self._issues[key].folder).as_uri() + "/" if self.root is not None else ""
        self._pending[key] = self._pool.submit(html, base, self._allowed())
        self._started += 1

    def collect(self, key: IssueKey, memo: Memo | None) -> list[OutputFile]:
        """One issue's PDF; kept for its 合订本 (and in the cache for later ones)."""
        if key not in self._pending:
            self.start(key)
        assert self._pool is not None
        data = self._pool.result(self._pending.pop(key))
        self._done += 1
        self._progress()
        if not self._pending:
            self._pool.close()
            self._pool = None
        issue = self._issues[key]
        self._made[key] = data
        if memo is not None:
            memo.put(_space(issue.series.id, issue.year), self.issue_fingerprint(issue), data)
        return [OutputFile(self.router.issue_pdf(issue), data)]

    def collect_volume(self, series_id: str, year: int, memo: Memo | None) -> list[OutputFile]:
        """The 合订本 from the year's issue PDFs: made in this build, else from the cache, else made now."""
        from bulletin.pdf.volume import assemble

        issues = self._volumes[(series_id, year)]
        space = _space(series_id, year)
        pdfs = []
        for issue in issues:
            data = self._made.pop(issue.key, None)
            if data is None and memo is not None:
                data = memo.get(space, self.issue_fingerprint(issue))
            if data is None:
                data = self.collect(issue.key, memo)[0].data or b""
                self._made.pop(issue.key, None)
            elif memo is not None:
                memo.put(space, self.issue_fingerprint(issue), data)  # asked for: kept in the cache
            pdfs.append(data)
        docs = [self._doc(issue) for issue in issues]
        allowed = self._allowed()

        def render_part(part: str, pages: dict) -> bytes:
            from bulletin.pdf.engine import render_pdf

            return render_pdf(self.documents.volume_html(part, year, docs, pages), "", allowed)

        return [OutputFile(self.router.volume_pdf(year, series_id), assemble(docs, pdfs, render_part))]

    def issue_html(self, issue: Issue) -> str:
        return self.documents.issue_html(self._doc(issue))

    @property
    def documents(self) -> Documents:
        if self._documents is None:
            self._documents = Documents(self.lib, self.fonts)
        return self._documents

    def _doc(self, issue: Issue) -> IssueDoc:
        doc = self._docs.get(issue.key)
        if doc is None:
            doc = self._docs[issue.key] = issue_doc(self.lib, issue, self.root)
        return doc

    def _allowed(self) -> tuple[str, ...]:
        """What a PDF may read: the content folder (images) and the font files."""
        return tuple(([str(self.root)] if self.root is not None else []) + [f.path for f in self.fonts if f.path])

    def _progress(self) -> None:
        """A line now and then on long runs (a cold build of a large bulletin)."""
        if self._started < PROGRESS_FROM:
            return
        now = time.monotonic()
        if self._done == self._started or now - self._clock >= 5:
            self._clock = now
            from bulletin.commands.common import echo

            echo("pdf.progress", stream=sys.stderr, done=self._done, total=self._started)


def _space(series_id: str, year: int) -> str:
    """The cache space of a series' issue PDFs of one year, which its 合订本 is made from."""
    return f"{FEATURE}/issues-{series_id}-{year}"


def _stamp(path: Path) -> tuple:
    try:
        stat = path.stat()
    except OSError:
        return (str(path), None)
    return (str(path), stat.st_size, stat.st_mtime_ns)
