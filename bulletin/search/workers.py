"""Tokenising articles for the index on all cores, ahead of need.

Workers are forked once per build, when a segment first has many articles to
tokenise (a cold build, a changed units.yaml), and share the library
copy-on-write. While the main process assembles one segment the workers
already tokenise the next, so the two cores stay busy. Where fork does not
exist (Windows) workers are spawned and each receives the library once,
pickled, when it starts.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

from bulletin.model.entities import Article
from bulletin.model.library import Library
from bulletin.search.terms import TEXT_LIMIT, CompactTerms, compact, extract_terms, search_document

POOL_THRESHOLD = 200  # articles to tokenise below which forking workers costs more than it saves
SLICES_PER_WORKER = 2

Entry = tuple[str, CompactTerms]  # an article's text excerpt and its index keys

_job: Library | None = None  # the library, shared with forked workers


def article_entry(article: Article, lib: Library) -> Entry:
    document = search_document(article, lib)
    return document.text[:TEXT_LIMIT], compact(extract_terms(document))


class Tokeniser:
    """Hands out entries of articles by number; a pool of workers once there are many."""

    def __init__(self, lib: Library) -> None:
        self.lib = lib
        self._pool: ProcessPoolExecutor | None = None

    def submit(self, numbers: list[int]) -> Callable[[], list[Entry]]:
        """Start on the articles ``numbers``; the returned function gives their entries, in order."""
        lib = self.lib
        pool = self._workers() if len(numbers) >= POOL_THRESHOLD else None
        if pool is None:
            return lambda: [article_entry(lib.articles[i], lib) for i in numbers]
        size = -(-len(numbers) // (pool._max_workers * SLICES_PER_WORKER))  # type: ignore[attr-defined]  # (set by us)
        futures = [pool.submit(_tokenise_slice, numbers[start:start + size]) for start in range(0, len(numbers), size)]
        return lambda: [entry for future in futures for entry in future.result()]

    def close(self) -> None:
        global _job
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
            _job = None

    def _workers(self) -> ProcessPoolExecutor | None:
        from bulletin.markdown.parallel import default_jobs

        jobs = default_jobs()
        if self._pool is None and jobs > 1:
            global _job
            _job = self.lib
            if "fork" in multiprocessing.get_all_start_methods():
                self._pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"))
            else:
                self._pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                                                 initializer=_adopt, initargs=(self.lib,))
        return self._pool


def _adopt(lib: Library) -> None:
    """A spawned worker's start: the library it tokenises from."""
    global _job
    _job = lib


def _tokenise_slice(numbers: list[int]) -> list[Entry]:
    assert _job is not None
    return [article_entry(_job.articles[i], _job) for i in numbers]
