"""Compute each statistic once per build.

The unit pages, the statistics pages and the CSV/SVG files all ask for the same
numbers and charts; they are kept here per Library object and forgotten when
that Library is (a watch-mode rebuild makes a new one, so nothing goes stale).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TypeVar

from bulletin.model.library import Library

T = TypeVar("T")
_store: dict[int, dict[str, object]] = {}


def per_library(lib: Library, key: str, compute: Callable[[], T]) -> T:
    bucket = _store.get(id(lib))
    if bucket is None:
        bucket = _store[id(lib)] = {}
        weakref.finalize(lib, _store.pop, id(lib), None)
    if key not in bucket:
        bucket[key] = compute()
    return bucket[key]  # type: ignore[return-value]
