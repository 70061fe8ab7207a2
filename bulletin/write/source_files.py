"""Copy content files (pictures, attachments) into the site safely and in bounded memory.

A file is judged through the descriptor it is read from, not by its name
beforehand: between a check by name and the copy, an attachment can be swapped
for a symbolic link to a file outside the content folder. So the file is
opened without following a final symbolic link, and the open descriptor must
be a regular file with a single name (a hard link makes an outside file look
like one inside). The bytes are then streamed in chunks, never read whole: an
attachment may be gigabytes.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from pathlib import Path

from bulletin.load.file_checks import LINK_REASON as _LINK
from bulletin.load.file_checks import unsafe_reason
from bulletin.texts import both

CHUNK = 1024 * 1024


class UnsafeSourceError(Exception):
    """A content file that must not be copied; ``reason``/``reason_en`` say why."""

    def __init__(self, path: Path, reason: str, reason_en: str) -> None:
        super().__init__(f"{path}: {reason_en}")
        self.path = path
        self.reason = reason
        self.reason_en = reason_en


def open_source(path: Path) -> int:
    """A read descriptor for ``path``, or UnsafeSourceError when it is not a plain, single-named file."""
    nofollow = getattr(os, "O_NOFOLLOW", 0)
    # O_NONBLOCK: a FIFO put in place of the file must not hang the build (fstat then refuses it).
    flags = os.O_RDONLY | nofollow | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    if not nofollow and os.path.islink(path):  # Windows: no O_NOFOLLOW, the name is checked instead
        raise UnsafeSourceError(path, *_LINK)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP or os.path.islink(path):  # O_NOFOLLOW refused a link
            raise UnsafeSourceError(path, *_LINK) from None
        raise UnsafeSourceError(path, *both("files.unreadable", reason=exc.strerror)) from None
    reason = unsafe_reason(os.fstat(fd))
    if reason is not None:
        os.close(fd)
        raise UnsafeSourceError(path, *reason)
    return fd


def same_content(fd: int, target: Path) -> bool:
    """Whether ``target`` holds exactly the bytes behind ``fd`` (compared chunk by chunk)."""
    try:
        if os.fstat(fd).st_size != target.stat().st_size:
            return False
        with target.open("rb") as existing:
            os.lseek(fd, 0, os.SEEK_SET)
            while True:
                chunk = os.read(fd, CHUNK)
                if chunk != existing.read(CHUNK):
                    return False
                if not chunk:
                    return True
    except OSError:
        return False


def copy_from(fd: int, target: Path) -> tuple[int, int]:
    """Stream the bytes behind ``fd`` into a new file ``target``; its (size, mtime_ns)."""
    os.lseek(fd, 0, os.SEEK_SET)
    return write_chunks(target, iter(lambda: os.read(fd, CHUNK), b""))


def write_chunks(target: Path, chunks: Iterable[bytes]) -> tuple[int, int]:
    """Write ``chunks`` to a new file ``target``; its (size, mtime_ns) from the open file, saving a stat call."""
    out = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o666)
    try:
        for chunk in chunks:
            view = memoryview(chunk)
            while view:
                view = view[os.write(out, view):]
        st = os.fstat(out)
    finally:
        os.close(out)
    return st.st_size, st.st_mtime_ns
