"""Output paths that a Windows PC, a FAT32 USB stick and IIS can hold.

Windows refuses paths of 260 characters or more (MAX_PATH) in Explorer, in
most tools and, unless long paths are enabled by the IT department, in Python
itself. A site built on Linux is copied to such machines, under a folder of
its own (``D:\\简报\\site\\``), so output paths longer than ``PORTABLE_LENGTH``
are a warning everywhere; building on Windows, a full path at the limit is an
error before anything is written. (Case-only twins and reserved names such as
CON are the router's business.)
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from bulletin.errors import Diagnostics

WINDOWS_MAX_PATH = 260
PORTABLE_LENGTH = 200  # leaves 60 characters for the folder the site is copied into
ON_WINDOWS = os.name == "nt"


def check_path_lengths(out: Path, paths: Iterable[str], diags: Diagnostics) -> None:
    """E806 for a path Windows cannot write here, W490 for one that is long anywhere."""
    base = len(os.path.abspath(out)) + 1  # the separator after the output folder
    for rel in sorted(set(paths)):
        full = base + len(rel)
        if ON_WINDOWS and full >= WINDOWS_MAX_PATH:
            diags.add("E806", rel, length=full, value=os.path.join(os.path.abspath(out), rel))
        elif len(rel) > PORTABLE_LENGTH:
            diags.add("W490", rel, length=len(rel), value=rel)
