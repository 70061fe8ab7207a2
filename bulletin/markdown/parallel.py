"""Markdown over all cores: Python-Markdown is pure Python and the slowest
stage of a cold build, so large batches go to a process pool, one
``MarkdownRenderer`` per worker process, in chunks to keep the pipes busy."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor

from bulletin.markdown import limits
from bulletin.markdown.lint import Finding, prepare
from bulletin.markdown.renderer import MarkdownRenderer, Rendered

# Below this many documents a pool costs more (start-up, pickling) than it saves.
POOL_THRESHOLD = 200
CHUNK = 64

_worker_renderer: MarkdownRenderer | None = None


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def render_texts(texts: list[str], jobs: int = 1, allow_html: bool = False) -> list[tuple[Rendered, list[Finding]]]:
    """Lint and render every text, in order; ``jobs`` > 1 uses that many worker processes."""
    if jobs <= 1 or len(texts) < POOL_THRESHOLD:
        renderer = MarkdownRenderer(allow_html=allow_html)
        return [render_one(renderer, text) for text in texts]
    chunks = [texts[i:i + CHUNK] for i in range(0, len(texts), CHUNK)]
    with ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=(allow_html,)) as pool:
        return [rendered for chunk in pool.map(_render_chunk, chunks) for rendered in chunk]


def render_one(renderer: MarkdownRenderer, text: str) -> tuple[Rendered, list[Finding]]:
    """The Markdown traps found in ``text`` (markdown/lint.py) and its HTML."""
    try:
        with limits.time_budget(limits.budget(text)):  # the trap scan is bounded like rendering
            prepared = prepare(text)
    except limits.TooComplexError:
        return Rendered("", too_complex="lint"), []
    return renderer.render(prepared.text), prepared.findings


def _start_worker(allow_html: bool) -> None:
    global _worker_renderer
    _worker_renderer = MarkdownRenderer(allow_html=allow_html)


def _render_chunk(texts: list[str]) -> list[tuple[Rendered, list[Finding]]]:
    assert _worker_renderer is not None
    return [render_one(_worker_renderer, text) for text in texts]
