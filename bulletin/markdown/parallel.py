"""Markdown over all cores: Python-Markdown is pure Python and the slowest
stage of a cold build, so large batches go to a process pool, one
``MarkdownRenderer`` per worker process, in chunks to keep the pipes busy."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor

from bulletin.markdown.renderer import MarkdownRenderer, Rendered

# Below this many documents a pool costs more (start-up, pickling) than it saves.
POOL_THRESHOLD = 200
CHUNK = 64

_worker_renderer: MarkdownRenderer | None = None


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def render_texts(texts: list[str], jobs: int = 1) -> list[Rendered]:
    """Render every text, in order; ``jobs`` > 1 uses that many worker processes."""
    if jobs <= 1 or len(texts) < POOL_THRESHOLD:
        renderer = MarkdownRenderer()
        return [renderer.render(text) for text in texts]
    chunks = [texts[i:i + CHUNK] for i in range(0, len(texts), CHUNK)]
    with ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker) as pool:
        return [rendered for chunk in pool.map(_render_chunk, chunks) for rendered in chunk]


def _start_worker() -> None:
    global _worker_renderer
    _worker_renderer = MarkdownRenderer()


def _render_chunk(texts: list[str]) -> list[Rendered]:
    assert _worker_renderer is not None
    return [_worker_renderer.render(text) for text in texts]
