"""Whether a content file may be published, judged by its (l)stat: one rule for the
validate stage (which files to publish, E326) and the write stage (the descriptor a
file is copied through, write/source_files.py)."""

from __future__ import annotations

import os
import stat

from bulletin.texts import both

LINK_REASON = both("files.symbolic_link")


def unsafe_reason(st: os.stat_result) -> tuple[str, str] | None:
    """Why a file with this (l)stat must not be published, or None."""
    if stat.S_ISLNK(st.st_mode):
        return LINK_REASON
    if not stat.S_ISREG(st.st_mode):
        return both("files.not_regular")
    if st.st_nlink > 1:
        return both("files.hard_link")
    return None
