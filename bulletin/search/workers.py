"""Tokenising articles and assembling segments of the index on all cores.

Workers are forked once per build, when a segment first has many articles to
tokenise (a cold build, a changed units.yaml), and share the library
copy-on-write. Each worker makes a whole segment: it tokenises the segment's
articles the cache does not have and assembles its files, and sends back both
(the new entries go into the cache in the main process). So the main process
only writes files while the next few segments are made on the other cores.
Where fork does not exist (Windows) workers are spawned and each receives the
library and the router once, pickled, when it starts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bulletin.model.entities import Article
from bulletin.model.library import Library
from bulletin.router import Router
from bulletin.search.shards import ResultDoc, segment_scripts, segments_of
from bulletin.search.terms import TEXT_LIMIT, CompactTerms, compact, extract_terms, search_document

if TYPE_CHECKING:  # the pool's modules (multiprocessing) are imported when a build first needs workers
    from concurrent.futures import Future, ProcessPoolExecutor

POOL_THRESHOLD = 200  # articles to tokenise below which forking workers costs more than it saves

Entry = tuple[str, CompactTerms]  # an article's text excerpt and its index keys
# A segment made: the entries of the articles that were missing (in their order) and its files.
Made = tuple[list[Entry], dict[str, bytes]]

_job: tuple[Library, Router] | None = None  # the library and router, shared with forked workers


def article_entry(article: Article, lib: Library) -> Entry:
    document = search_document(article, lib)
    return document.text[:TEXT_LIMIT], compact(extract_terms(document))


def make_segment(lib: Library, router: Router, number: int, missing: list[int], found: dict[int, Entry]) -> Made:
    """Segment ``number``: entries of the articles ``missing`` (the others are ``found``) and its files."""
    made = [article_entry(lib.articles[i], lib) for i in missing]
    entries = {**found, **dict(zip(missing, made, strict=True))}
    span = segments_of(len(lib.articles))[number]
    ordered = [entries[i] for i in span]
    docs = [result_doc(lib, router, i, excerpt) for i, (excerpt, _) in zip(span, ordered, strict=True)]
    return made, segment_scripts(number, span.start, [terms for _, terms in ordered], docs)


def result_doc(lib: Library, router: Router, number: int, excerpt: str) -> ResultDoc:
    """What a result shows: title, address, date, issue (the series' on a site with several) and text."""
    article = lib.articles[number]
    issue = lib.issue_of(article)
    place = issue.series_label if lib.site.has_several_series else issue.year_label
    return ResultDoc(article.title, router.article(article), article.date.isoformat(), place, excerpt)


class SegmentWorkers:
    """Makes segments in a pool of workers, started with the first segment given to it."""

    def __init__(self, lib: Library, router: Router) -> None:
        self.lib = lib
        self.router = router
        self._pool: ProcessPoolExecutor | None = None

    def submit(self, number: int, missing: list[int], found: dict[int, Entry]) -> Future[Made] | None:
        """Segment ``number`` started in a worker; None when there is only one core."""
        pool = self._workers()
        return None if pool is None else pool.submit(_segment_job, number, missing, found)

    def close(self) -> None:
        global _job
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
            _job = None

    def _workers(self) -> ProcessPoolExecutor | None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from bulletin.markdown.parallel import default_jobs

        jobs = default_jobs()
        if self._pool is None and jobs > 1:
            global _job
            _job = (self.lib, self.router)
            if "fork" in multiprocessing.get_all_start_methods():
                self._pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"))
            else:
                self._pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                                                 initializer=_adopt, initargs=(self.lib, self.router))
        return self._pool


def _adopt(lib: Library, router: Router) -> None:
    """A spawned worker's start: the library and router it makes segments from."""
    global _job
    _job = (lib, router)


def _segment_job(number: int, missing: list[int], found: dict[int, Entry]) -> Made:
    assert _job is not None
    return make_segment(*_job, number, missing, found)
