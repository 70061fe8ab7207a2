"""One publish (or rollback) at a time per target.

An operating-system file lock (filelock: flock on POSIX, LockFileEx on
Windows), not a "lock file exists" check: the lock goes away with the
process, so a publish killed half-way never blocks the next.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout


class LockTimeoutError(Exception):
    """Another publish held the lock for longer than we were willing to wait."""


@contextmanager
def exclusive(path: Path, wait_seconds: float, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the lock on ``path`` for the block, waiting up to ``wait_seconds`` for it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # thread_local=False: the lock belongs to this publish, whichever thread releases it
    lock = FileLock(path, thread_local=False)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if on_wait is not None:
            on_wait()
        try:
            lock.acquire(timeout=wait_seconds, poll_interval=0.05)
        except Timeout:
            raise LockTimeoutError(str(path)) from None
    try:
        yield
    finally:
        lock.release()
