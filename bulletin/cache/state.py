"""What the last build of one output folder saw and wrote.

A rebuild compares file sizes and modification times (like make and git) to
learn what may have changed, and only then reads and hashes. A file modified
so soon after it was recorded that its time cannot tell two versions apart is
not trusted (git's "racy" rule): it is read again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import time
from dataclasses import dataclass, field
from pathlib import Path

from bulletin.cache.seal import seal, unseal
from bulletin.errors import Diagnostic
from bulletin.texts import both

Stat = tuple[int, int]  # (size, mtime_ns)

# Two modification times closer than this may hide a second write (coarse clocks
# and file systems); whole-second times (FAT, SMB shares) need a wider margin.
FINE_MARGIN_NS = 50_000_000
COARSE_MARGIN_NS = 2_000_000_000


def stat_trusted(stat: Stat, recorded_at_ns: int) -> bool:
    """Whether an unchanged (size, mtime) may stand for unchanged bytes."""
    mtime = stat[1]
    margin = COARSE_MARGIN_NS if mtime % 1_000_000_000 == 0 else FINE_MARGIN_NS
    return mtime < recorded_at_ns - margin


def scan_tree(folder: Path, skip: frozenset[str] = frozenset()) -> dict[str, Stat]:
    """rel path → (size, mtime_ns) of every file under ``folder`` (``skip``: folder names at the top)."""
    found: dict[str, Stat] = {}
    pending = [(str(folder), "")]
    while pending:
        path, prefix = pending.pop()
        try:
            entries = list(os.scandir(path))
        except OSError:
            continue
        for entry in entries:
            rel = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):  # a linked folder is not entered: links may loop
                if not (prefix == "" and entry.name in skip):
                    pending.append((entry.path, rel + "/"))
            else:
                with contextlib.suppress(OSError):
                    st = entry.stat()
                    found[rel] = (st.st_size, st.st_mtime_ns)
    return found


# An output as the last build left it: (fingerprint, stat); a fingerprint None is not tracked
# (copied files are compared byte by byte). A plain tuple: a rebuild unpickles 13,000 of them at
# 10,000 articles, five times faster than as objects.
OutputRecord = tuple[str | None, Stat]
FINGERPRINT, STAT = 0, 1

# Part of the state file's name: a state of an earlier format is not read (nor reported damaged).
STATE_FORMAT = 2


@dataclass
class BuildState:
    """Saved after every successful build, one file per output folder."""

    options: str = ""  # everything about the call that shapes the output
    day: str = ""  # the build's date (scheduled articles)
    inputs: dict[str, Stat] = field(default_factory=dict)  # content and theme files
    outputs: dict[str, OutputRecord] = field(default_factory=dict)
    groups: dict[str, tuple[str | None, list[str]]] = field(default_factory=dict)  # generated files by producer
    diagnostics: list[Diagnostic] = field(default_factory=list)  # warnings to repeat on a no-op build
    recorded_at_ns: int = 0

    @staticmethod
    def path_for(cache: Path, out: Path, version: int = STATE_FORMAT) -> Path:
        name = hashlib.blake2b(str(Path(out).resolve()).encode(), digest_size=8).hexdigest()
        return Path(cache) / (f"state-{name}.pickle" if version == 1 else f"state-{name}-v{version}.pickle")

    @classmethod
    def load(cls, cache: Path, out: Path, problems: list[tuple[str, str]] | None = None) -> BuildState:
        """The state the last build saved; a missing one is no build, a damaged or unsealed one is
        reported into ``problems`` (W413) and treated as no build: it is never unpickled unsealed."""
        path = cls.path_for(cache, out)
        try:
            sealed = path.read_bytes()
        except OSError:
            return cls()
        try:
            state = pickle.loads(unseal(_label(out), sealed))
        except Exception:
            if problems is not None:
                problems.append(both("cache.state_discarded"))
            with contextlib.suppress(OSError):
                path.unlink()
            return cls()
        return state if isinstance(state, cls) else cls()

    def save(self, cache: Path, out: Path) -> None:
        target = self.path_for(cache, out)
        temporary = target.with_name(f".{target.name}.tmp{os.getpid()}")
        try:
            with open(temporary, "wb") as stream:
                stream.write(seal(_label(out), pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)))
            os.replace(temporary, target)
        finally:
            with contextlib.suppress(OSError):
                temporary.unlink()
        with contextlib.suppress(OSError):  # the first format's file, left by an earlier version
            self.path_for(cache, out, version=1).unlink()

    @staticmethod
    def forget(cache: Path, out: Path) -> None:
        """No record at all (after a build whose record could not be saved): the next build trusts nothing."""
        with contextlib.suppress(OSError):
            BuildState.path_for(cache, out).unlink()

    def inputs_unchanged(self, options: str, inputs: dict[str, Stat]) -> bool:
        return (bool(self.recorded_at_ns) and options == self.options and inputs == self.inputs
                and all(stat_trusted(stat, self.recorded_at_ns) for stat in inputs.values()))

    def outputs_intact(self, found: dict[str, Stat], marker: str) -> bool:
        """The output folder holds exactly what this state wrote, untouched."""
        if len(found) != len(self.outputs) + (marker in found):
            return False
        return all(found.get(path) == record[STAT] for path, record in self.outputs.items())


def _label(out: Path) -> str:
    return f"state\0{Path(out).resolve()}"


def now_ns() -> int:
    return time.time_ns()
