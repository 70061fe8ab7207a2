"""What the last build of one output folder saw and wrote.

A rebuild compares file sizes and modification times (like make and git) to
learn what may have changed, and only then reads and hashes. A file modified
so soon after it was recorded that its time cannot tell two versions apart is
not trusted (git's "racy" rule): it is read again.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import pickle
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bulletin.cache.seal import seal, unseal
from bulletin.digest import plain_digest
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


class TreeScan:
    """``scan_tree(folder)`` done in a forked process while this one goes on, and ``result()``
    waiting for it. A scan is tens of thousands of ``stat`` calls, mostly system time: the output
    folder's (15,000 files at 10,000 articles) runs on the second core while the build reads its
    state and scans the content. Forked at a build's start, when the process is still small.
    Without ``fork`` (Windows), in a process with other threads (``serve``: a thread's locks would
    be copied held), or when the child fails, the folder is scanned here when asked."""

    def __init__(self, folder: Path, aside: bool = True) -> None:
        self.folder = folder
        self._child: tuple[int, int] | None = None  # (pid, read end of its pipe)
        if aside and hasattr(os, "fork") and _single_threaded():
            self._child = _fork_scan(folder)

    def result(self) -> dict[str, Stat]:
        child, self._child = self._child, None
        if child is not None:
            found = _child_result(*child)
            if found is not None:
                return found
        return scan_tree(self.folder) if self.folder.is_dir() else {}

    def cancel(self) -> None:
        """Stop waiting for the child (a build that ended early): it is reaped, nothing is read."""
        child, self._child = self._child, None
        if child is not None:
            pid, stream = child
            os.close(stream)  # a child still writing gets a broken pipe and exits
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


def _single_threaded() -> bool:
    threading = sys.modules.get("threading")  # not imported: no thread was started from Python
    return threading is None or threading.active_count() == 1


def _fork_scan(folder: Path) -> tuple[int, int] | None:
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # the child: scan, hand the result over, and leave without any clean-up of the parent's
        status = 1
        try:
            os.close(read_end)
            data = marshal.dumps(scan_tree(folder) if folder.is_dir() else {})
            with open(write_end, "wb") as stream:
                stream.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, read_end


def _child_result(pid: int, read_end: int) -> dict[str, Stat] | None:
    with open(read_end, "rb") as stream:
        data = stream.read()
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return None
    if status != 0:
        return None
    found = marshal.loads(data)
    return found if isinstance(found, dict) else None


# An output as the last build left it: (fingerprint, stat); a fingerprint None is not tracked
# (copied files are compared byte by byte). A plain tuple: a rebuild unpickles 13,000 of them at
# 10,000 articles, five times faster than as objects.
OutputRecord = tuple[str | None, Stat]
FINGERPRINT, STAT = 0, 1

# Part of the state file's name: a state of an earlier format is not read (nor reported damaged).
# 3: the inputs kept as one digest (a rebuild never needs them one by one).
STATE_FORMAT = 3


@dataclass
class BuildState:
    """Saved after every successful build, one file per output folder."""

    options: str = ""  # everything about the call that shapes the output
    day: str = ""  # the build's date (scheduled articles)
    inputs: str = ""  # the content and theme files' stats: ``inputs_digest``
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
        for earlier in range(1, STATE_FORMAT):  # the file of an earlier format, left by an earlier version
            with contextlib.suppress(OSError):
                self.path_for(cache, out, version=earlier).unlink()

    @staticmethod
    def forget(cache: Path, out: Path) -> None:
        """No record at all (after a build whose record could not be saved): the next build trusts nothing."""
        with contextlib.suppress(OSError):
            BuildState.path_for(cache, out).unlink()

    def inputs_unchanged(self, options: str, inputs: str, stats: Iterable[Stat]) -> bool:
        """``inputs``: the digest of the files' stats now (``inputs_digest``); ``stats``: those stats."""
        return (bool(self.recorded_at_ns) and options == self.options and inputs == self.inputs
                and all(stat_trusted(stat, self.recorded_at_ns) for stat in stats))

    def outputs_intact(self, found: dict[str, Stat], marker: str) -> bool:
        """The output folder holds exactly what this state wrote, untouched."""
        if len(found) != len(self.outputs) + (marker in found):
            return False
        return all(found.get(path) == record[STAT] for path, record in self.outputs.items())


def inputs_digest(*scans: dict[str, Stat]) -> str:
    """The stats of every input file as one digest: a no-op rebuild compares it with the last
    build's, and a rebuild never unpickles 11,000 file stats it does not need."""
    return plain_digest(*(sorted(scan.items()) for scan in scans))


def _label(out: Path) -> str:
    return f"state\0{Path(out).resolve()}"


def now_ns() -> int:
    return time.time_ns()
