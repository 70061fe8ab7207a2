"""Rendering many pages on all cores.

Workers are forked after the library, plan and Jinja2 environment exist, so
they share them copy-on-write instead of receiving them through a pipe; each
renders a slice of the pages and sends the bytes back. Where ``fork`` does not
exist (Windows) pages are rendered in this process.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

import jinja2

from bulletin.errors import BuildError, Diagnostic, Diagnostics
from bulletin.render.pages import render_page
from bulletin.render.plan import PageSpec
from bulletin.router import Router

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

# Below this many pages forking costs more than it saves (measured at 10,000 articles: a new
# issue's ~120 pages gain from two workers once inherited objects are frozen, pipeline.py).
POOL_THRESHOLD = 60
CHUNK = 100  # pages per task at most; fewer when there are few pages, so every worker gets some
SLICES_PER_WORKER = 4

_job: tuple[jinja2.Environment, list[PageSpec], dict, Router, int] | None = None


class PageBatch:
    """Pages being rendered: already in worker processes (``in_workers``), or in this process
    as they are asked for. Iterating gives each page with its bytes, in order; ``close`` stops
    the workers (after an error elsewhere, unfinished pages are abandoned)."""

    def __init__(self, pages: Iterator[tuple[PageSpec, bytes]], pool: ProcessPoolExecutor | None = None) -> None:
        self._pages = pages
        self._pool = pool
        self.in_workers = pool is not None

    def __iter__(self) -> Iterator[tuple[PageSpec, bytes]]:
        return self._pages

    def close(self) -> None:
        global _job
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
        _job = None


def _can_fork() -> bool:
    import multiprocessing  # only when there are pages enough for workers (as below)
    return "fork" in multiprocessing.get_all_start_methods()


def render_pages(env: jinja2.Environment, specs: list[PageSpec], common: dict, router: Router,
                 jobs: int = 1) -> PageBatch:
    """Start rendering ``specs``: on ``jobs`` forked workers when there are enough pages, so that
    this process may do other work meanwhile. Iterating the batch raises BuildError on a template error."""
    if jobs <= 1 or len(specs) < POOL_THRESHOLD or not _can_fork():
        return PageBatch((spec, render_page(env, spec, common, router)) for spec in specs)
    # Imported only here: a small rebuild, rendering its few pages itself, does without them.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    lazy = next((spec.lazy for spec in specs if spec.lazy is not None), None)
    if lazy is not None:
        # Costly contexts (statistics, charts) keep their results per library: made once
        # here, before forking, every worker shares them instead of making its own.
        lazy()
    _compile_templates(env)
    global _job
    size = max(1, min(CHUNK, -(-len(specs) // (jobs * SLICES_PER_WORKER))))
    _job = (env, specs, common, router, size)
    starts = list(range(0, len(specs), size))
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"))
    try:
        slices = pool.map(_render_slice, starts)  # every worker forks now, with the job in its memory
    except BaseException:
        pool.shutdown(cancel_futures=True)
        _job = None
        raise
    return PageBatch(_in_order(specs, starts, size, slices), pool)


def _in_order(specs: list[PageSpec], starts: list[int], size: int,
              slices: Iterator[list[bytes] | tuple[str, list[Diagnostic]]]) -> Iterator[tuple[PageSpec, bytes]]:
    for start, result in zip(starts, slices, strict=True):
        if isinstance(result, tuple):  # a worker met a template error
            diags = Diagnostics()
            diags.extend(result[1])
            raise BuildError(diags)
        yield from zip(specs[start:start + size], result, strict=True)


def _compile_templates(env: jinja2.Environment) -> None:
    """Compile the theme's page templates once, before forking: else every worker compiles them
    again (a cold build has no compiled templates in its cache)."""
    for name in env.list_templates(filter_func=_is_page_template):
        # A broken template is reported, with the page that uses it, by the worker rendering that page.
        with contextlib.suppress(jinja2.TemplateError):
            env.get_template(name)


def _is_page_template(name: str) -> bool:
    return name.endswith((".html", ".xml")) and not name.startswith("static/")


def _render_slice(start: int) -> list[bytes] | tuple[str, list[Diagnostic]]:
    assert _job is not None
    env, specs, common, router, size = _job
    try:
        return [render_page(env, spec, common, router) for spec in specs[start:start + size]]
    except BuildError as failure:  # its diagnostics travel back; the exception itself does not pickle
        return ("error", failure.diagnostics.items)
