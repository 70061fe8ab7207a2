"""One build at a time per output folder.

Two builds writing into one folder would interleave their files, and the
result would mix both. A build holds an operating-system file lock (the
``filelock`` library: ``flock`` on POSIX, ``LockFileEx`` on Windows) on a
small file in the user's cache home (named after the output folder) for its whole run; a second build waits
for it. The lock goes away with its process, so a build killed half-way
never blocks the next one, which then removes what the killed one left.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from bulletin.cache.location import lock_file

WAIT_SECONDS = 600.0  # a build of a large bulletin takes minutes; longer than this, something is stuck


class BuildLockedError(Exception):
    """Another build kept the output folder for longer than ``WAIT_SECONDS``."""


def lock_path(out: Path) -> Path:
    """In this user's cache home, named after the folder: nothing is left in or beside the output."""
    return lock_file(out)


@contextmanager
def build_lock(out: Path, wait_seconds: float | None = None) -> Iterator[None]:
    path = lock_path(out)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:  # a read-only home (some CI runners): the system's temporary folder instead
        path = Path(tempfile.gettempdir()) / "bulletin-locks" / path.name
        path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(path), timeout=WAIT_SECONDS if wait_seconds is None else wait_seconds)
    try:
        lock.acquire()
    except Timeout:
        raise BuildLockedError(str(path)) from None
    try:
        yield
    finally:
        lock.release()
