"""Markdown over all cores: Python-Markdown is pure Python and the slowest
stage of a cold build, so large batches go to a process pool, one
``MarkdownRenderer`` per worker process, in chunks to keep the pipes busy.

A build hands its pool to validation as well (``EarlyMarkdown``): an issue's
texts go to the workers as soon as the issue is validated and published, so
Markdown runs on the other core while the main process is still validating.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

from bulletin.cache.store import Memo
from bulletin.markdown import limits
from bulletin.markdown.groups import issue_group
from bulletin.markdown.lint import Finding, prepare
from bulletin.markdown.renderer import MarkdownRenderer, Rendered
from bulletin.model.entities import Issue, SiteConfig

# Below this many documents a pool costs more (start-up, pickling) than it saves.
POOL_THRESHOLD = 200
CHUNK = 64

Result = tuple[Rendered, list[Finding]]

_worker_renderers: dict[bool, MarkdownRenderer] = {}  # per allow_html, made on a worker's first chunk


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


class LazyProcessPool(Executor):
    """A process pool made when first given work. A small rebuild reads and renders its few texts
    in the main process and never uses the build's pool: it then neither makes one (pipes,
    semaphores) nor imports ``concurrent.futures.process`` and ``multiprocessing`` for it."""

    def __init__(self, max_workers: int) -> None:
        self.max_workers = max_workers
        self._pool: ProcessPoolExecutor | None = None

    def _started(self) -> ProcessPoolExecutor:
        if self._pool is None:
            from concurrent.futures import ProcessPoolExecutor
            self._pool = ProcessPoolExecutor(max_workers=self.max_workers)
        return self._pool

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        return self._started().submit(fn, *args, **kwargs)

    def map(self, fn: Callable[..., Any], *iterables: Iterable[Any], timeout: float | None = None,
            chunksize: int = 1) -> Iterator[Any]:
        return self._started().map(fn, *iterables, timeout=timeout, chunksize=chunksize)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait, cancel_futures=cancel_futures)


def markdown_pool(jobs: int) -> Executor | None:
    """The build's worker processes for Markdown (None with one job); made with the first chunk."""
    return LazyProcessPool(jobs) if jobs > 1 else None


def render_texts(texts: list[str], jobs: int = 1, allow_html: bool = False,
                 pool: Executor | None = None) -> list[Result]:
    """Lint and render every text, in order; ``jobs`` > 1 uses that many worker processes
    (``pool``'s, when the build has one)."""
    if jobs <= 1 or len(texts) < POOL_THRESHOLD:
        renderer = MarkdownRenderer(allow_html=allow_html)
        return [render_one(renderer, text) for text in texts]
    if pool is not None:
        return [result for chunk in pool.map(_render_chunk, [allow_html] * len(texts[::CHUNK]), _chunks(texts))
                for result in chunk]
    with LazyProcessPool(jobs) as own:
        return render_texts(texts, jobs, allow_html, own)


def render_one(renderer: MarkdownRenderer, text: str) -> Result:
    """The Markdown traps found in ``text`` (markdown/lint.py) and its HTML."""
    try:
        with limits.time_budget(limits.budget(text)):  # the trap scan is bounded like rendering
            prepared = prepare(text)
    except limits.TooComplexError:
        return Rendered("", too_complex="lint"), []
    return renderer.render(prepared.text), prepared.findings


def _chunks(texts: list[str]) -> list[list[str]]:
    return [texts[i:i + CHUNK] for i in range(0, len(texts), CHUNK)]


def _render_chunk(allow_html: bool, texts: list[str]) -> list[Result]:
    renderer = _worker_renderers.get(allow_html)
    if renderer is None:
        renderer = _worker_renderers[allow_html] = MarkdownRenderer(allow_html=allow_html)
    return [render_one(renderer, text) for text in texts]


class EarlyMarkdown:
    """The texts of published issues, sent to the pool as validation publishes them.

    Only what validation published is sent (never a draft, a withheld issue or an
    issue with errors); the markdown stage takes a result only for the very text it
    would render, and renders everything else itself. Nothing is sent for an issue
    whose Markdown the cache holds, nor before a build has enough texts for a pool
    (``POOL_THRESHOLD``): a small rebuild renders in the main process as before."""

    def __init__(self, pool: Executor | None, memo: Memo | None) -> None:
        self.pool = pool
        self.memo = memo
        self._waiting: list[str] = []  # offered, not yet sent
        self._offered = 0
        self._sent: dict[tuple[bool, str], tuple[Future[list[Result]], int]] = {}
        self._allow_html: bool | None = None
        self._cached: dict[str, list[Result]] = {}

    def offer(self, issue: Issue, site: SiteConfig) -> None:
        """Validation published ``issue``: its note and articles may start rendering."""
        if self.pool is None or issue.withheld or self._allow_html not in (None, site.allow_html):
            return
        self._allow_html = site.allow_html
        group = issue_group(issue, site.allow_html)
        cached = self.memo.get("markdown", group.key) if self.memo is not None and group.key else None
        if cached is not None:
            self._cached[group.key] = cached  # handed to the markdown stage, not fetched twice
            return
        texts = [text() for text, *_ in group.items]
        self._waiting += texts
        self._offered += len(texts)
        if self._offered >= POOL_THRESHOLD:
            self._send(everything=False)

    def cached(self, key: str) -> list[Result] | None:
        """A group's results that ``offer`` found in the cache (once)."""
        return self._cached.pop(key, None)

    def was_sent(self, text: str, allow_html: bool) -> bool:
        """Whether this very text went to the workers (what is still waiting goes now)."""
        self._send(everything=True)
        return (allow_html, text) in self._sent

    def result(self, text: str, allow_html: bool) -> Result | None:
        """The worker's result for exactly this text, if it was sent (waits for it)."""
        self._send(everything=True)
        sent = self._sent.get((allow_html, text))
        return sent[0].result()[sent[1]] if sent is not None else None

    def _send(self, everything: bool) -> None:
        if self.pool is None or self._allow_html is None or (everything and self._offered < POOL_THRESHOLD):
            return
        while len(self._waiting) >= CHUNK or (everything and self._waiting):
            chunk, self._waiting = self._waiting[:CHUNK], self._waiting[CHUNK:]
            future = self.pool.submit(_render_chunk, self._allow_html, chunk)
            for index, text in enumerate(chunk):
                self._sent.setdefault((self._allow_html, text), (future, index))
