"""Compute each statistic once per build.

The unit pages, the statistics pages and the CSV/SVG files all ask for the same
numbers and charts; they are kept here per Library object and forgotten when
that Library is (a watch-mode rebuild makes a new one, so nothing goes stale).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TypeVar

from bulletin.cache.store import Memo
from bulletin.model.library import Library
from bulletin.process import collector_paused

T = TypeVar("T")
_store: dict[int, dict[str, object]] = {}


def per_library(lib: Library, key: str, compute: Callable[[], T]) -> T:
    bucket = _store.get(id(lib))
    if bucket is None:
        bucket = _store[id(lib)] = {}
        weakref.finalize(lib, _store.pop, id(lib), None)
    if key not in bucket:
        # The collector paused while a statistic is computed (the ``stats`` and ``notice`` commands
        # pause it throughout): hundreds of thousands of small objects (events, items, standings,
        # fingerprints) while the build holds the whole library, whose every burst set off full
        # collections that walked all of it again.
        with collector_paused():
            bucket[key] = compute()
    return bucket[key]  # type: ignore[return-value]


def remember(lib: Library, key: str, value: object) -> None:
    """``value`` as the result ``per_library(lib, key, …)`` would compute (taken from the build
    cache), unless it was computed already."""
    per_library(lib, key, lambda: value)


MEMO = "build-cache"


def use_memo(lib: Library, memo: Memo | None) -> None:
    """The build cache for what is computed from ``lib`` (each period's ranking, stats/ranking_cache.py)."""
    if memo is not None:
        remember(lib, MEMO, memo)


def memo_of(lib: Library) -> Memo | None:
    """The build cache given with ``use_memo``; None without one (the ``stats`` command, ``check``)."""
    return _store.get(id(lib), {}).get(MEMO)  # type: ignore[return-value]
