"""Where the build cache lives by default: in this user's own cache folder.

Not beside the content folder: that is usually inside the office's content
repository (a shared drive, a git checkout), where others can write and where
the cache would be committed or synchronised by mistake. ``--cache DIR``
still chooses any folder. The folder per content folder is named after it
plus a hash of its full path, so two bulletins never share one. Locations come
from ``platformdirs`` (``~/.cache/bulletin`` on Linux, honouring
``XDG_CACHE_HOME``; ``%LOCALAPPDATA%\\bulletin\\Cache`` on Windows).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import platformdirs

ENVIRONMENT = "BULLETIN_CACHE_HOME"  # overrides the location (tests, portable installs)


def cache_home() -> Path:
    chosen = os.environ.get(ENVIRONMENT)
    if chosen:
        return Path(chosen)
    return Path(platformdirs.user_cache_dir("bulletin", appauthor=False))


def _named_after(path: Path) -> str:
    resolved = Path(path).resolve()
    digest = hashlib.blake2b(str(resolved).encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in resolved.name)[:40] or "root"
    return f"{safe}-{digest}"


def default_cache_folder(content: Path) -> Path:
    """The build cache of one content folder."""
    return cache_home() / "builds" / _named_after(content)


def lock_file(out: Path) -> Path:
    """The build lock of one output folder (write/lock.py): nothing is left beside the folder."""
    return cache_home() / "locks" / f"{_named_after(out)}.lock"
