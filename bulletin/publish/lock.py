"""One publish (or rollback) at a time per target.

An operating-system file lock, not a "lock file exists" check: the lock goes
away with the process, so a publish killed half-way never blocks the next.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

try:  # POSIX
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

except ImportError:  # Windows
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]  # (Windows only)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]  # (Windows only)


class LockTimeoutError(Exception):
    """Another publish held the lock for longer than we were willing to wait."""


@contextmanager
def exclusive(path: Path, wait_seconds: float, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the lock on ``path`` for the block, waiting up to ``wait_seconds`` for it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait_seconds
        told = False
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                raise LockTimeoutError(str(path))
            if not told and on_wait is not None:
                on_wait()
                told = True
            time.sleep(0.05)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)
