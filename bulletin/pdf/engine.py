"""HTML → PDF with WeasyPrint, in worker processes when there are several.

WeasyPrint was chosen by measurement (docs/readers.md): it lays out GB/T 9704
pages with CSS paged media (alternating page numbers, the 版记 as a footnote
float at the foot of the last page) and embeds CJK fonts as subset CID fonts,
where Chromium writes Type 3 fonts and cannot pin the 版记 to the foot.

The PDF may read only files: the content folder (images) and the font files.
Nothing is fetched from the network, so a build works offline and a hostile
``<img src="http://…">`` never leaves the machine.
"""

from __future__ import annotations

import logging
import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Fixed document metadata, so that the same input gives the same bytes (no creation time).
PDF_OPTIONS = {"pdf_identifier": b"bulletin", "uncompressed_pdf": False}


class FetchRefusedError(ValueError):
    """A resource outside the allowed folders (WeasyPrint leaves it out)."""


def _fetcher(allowed: tuple[str, ...]) -> object:
    """A WeasyPrint fetcher that reads only local files under ``allowed`` (data: URLs too)."""
    from weasyprint.urls import URLFetcher

    roots = tuple(Path(a).resolve() for a in allowed)

    class LocalFiles(URLFetcher):
        def fetch(self, url: str, headers: dict | None = None) -> object:
            parts = urlsplit(url)
            if parts.scheme == "file":
                path = Path(unquote(parts.path)).resolve()
                if not any(path == root or root in path.parents for root in roots):
                    raise FetchRefusedError(url)
            elif parts.scheme != "data":
                raise FetchRefusedError(url)
            return super().fetch(url, headers)

    return LocalFiles(allowed_protocols=("file", "data"), allow_redirects=False)


def render_pdf(html: str, base: str, allowed: tuple[str, ...]) -> bytes:
    """One PDF from its HTML; ``allowed``: the folders and files it may read."""
    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # refused fetches and CSS notes are not news
    document = weasyprint.HTML(string=html, base_url=base, url_fetcher=_fetcher(allowed))
    return document.write_pdf(**PDF_OPTIONS)


class PdfPool:
    """Renders PDFs in forked workers: ``submit`` queues one, ``result`` gives its bytes.

    The pool is forked at the second PDF only (for one, forking costs more than it
    saves) and only where fork exists; a PDF left alone is made in this process."""

    def __init__(self, jobs: int) -> None:
        self.jobs = max(1, jobs)
        self._pool: ProcessPoolExecutor | None = None
        self._waiting: list[tuple[Future[bytes], tuple[str, str, tuple[str, ...]]]] = []

    def submit(self, html: str, base: str, allowed: tuple[str, ...]) -> Future[bytes]:
        job = (html, base, allowed)
        if self._pool is not None:
            return self._pool.submit(render_pdf, *job)
        handle: Future[bytes] = Future()
        self._waiting.append((handle, job))
        if len(self._waiting) > 1 and self.jobs > 1 and "fork" in multiprocessing.get_all_start_methods():
            self._pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=multiprocessing.get_context("fork"))
            for waiting, queued in self._waiting:
                self._pool.submit(render_pdf, *queued).add_done_callback(partial(_relay, waiting))
            self._waiting.clear()
        return handle

    def result(self, handle: Future[bytes]) -> bytes:
        for i, (waiting, job) in enumerate(self._waiting):
            if waiting is handle:
                del self._waiting[i]
                handle.set_result(render_pdf(*job))
                break
        return handle.result()

    def close(self) -> None:
        self._waiting.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _relay(target: Future[bytes], source: Future[bytes]) -> None:
    error = source.exception()
    if error is not None:
        target.set_exception(error)
    else:
        target.set_result(source.result())
