"""Write the output folder so that readers never see a half-written file.

Each file is written to a temporary name and renamed into place; a file whose
bytes did not change is left alone (same mtime), and files no longer produced
are removed. The folder carries a marker so that the generator never empties a
folder it did not make.

A first build into an empty (or missing) folder has nothing to compare with or
protect file by file: it writes straight into one staging folder beside the
output and moves it into place at the end (a handful of renames instead of one
per file, no temporary names, no comparisons: on this machine's disk creating
12,000 files was most of the write stage).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bulletin.render.outputs import OutputFile
from bulletin.write.source_files import copy_from, open_source, same_content, write_chunks

MARKER = ".bulletin-site"


class OutputFolderError(Exception):
    """The output folder holds files the generator did not write."""


@dataclass
class WriteReport:
    written: int = 0
    unchanged: int = 0  # same bytes as before, or known up to date and not even rendered
    removed: int = 0
    stats: dict[str, tuple[int, int]] = field(default_factory=dict)  # path → (size, mtime_ns) of files handled

    @property
    def total(self) -> int:
        return self.written + self.unchanged


class SiteWriter:
    """Writes a site in two steps so that large sites need not sit in memory:
    ``add`` puts each changed file beside its target under a temporary name,
    ``commit`` renames them all into place and removes stale files, ``abort``
    (on any error before commit) deletes the temporary files: the old site stays."""

    def __init__(self, out: Path) -> None:
        self.out = Path(out)
        self.report = WriteReport()
        self._claimed = False
        self._wanted: set[str] = {MARKER}
        self._staged: list[tuple[str, Path, Path]] = []  # (path, temporary, target)
        self._folders: dict[str, Path] = {}  # checked output folders, resolved
        self._fresh: Path | None = None  # the staging folder of a first build (see the module's notes)
        self._created = False  # the output folder did not exist: a failed build removes it again

    def add(self, item: OutputFile) -> None:
        if not self._claimed:
            self._claim()
        self._wanted.add(item.path)
        if item.data is None:  # a content file: judged and streamed through one descriptor
            fd = open_source(item.source)  # type: ignore[arg-type]
            try:
                self._put(item.path, lambda target: same_content(fd, target), lambda path: copy_from(fd, path))
            finally:
                os.close(fd)
            return
        data = item.data
        self._put(item.path, lambda target: _same_bytes(target, data), lambda path: _write_file(path, data))

    def _put(self, rel: str, same: Callable[[Path], bool], write: Callable[[Path], tuple[int, int]]) -> None:
        if self._fresh is not None:
            self.report.stats[rel] = write(self._target(rel, self._fresh))
            self.report.written += 1
            return
        target = self._target(rel, self.out)
        if same(target):
            self.report.unchanged += 1
            st = target.stat()
            self.report.stats[rel] = (st.st_size, st.st_mtime_ns)
            return
        temporary = target.with_name(f".{target.name}.tmp{os.getpid()}")
        self._staged.append((rel, temporary, target))  # listed first: abort removes a partial file
        write(temporary)

    def _claim(self) -> None:
        self._created = not self.out.exists()
        self._claimed = True
        self._fresh = _claim(self.out)

    def _target(self, rel: str, base: Path) -> Path:
        """Where ``rel`` goes under ``base``; its folder is checked (and made) once, not once per file."""
        folder, _, name = rel.rpartition("/")
        if name in ("", ".", ".."):
            raise ValueError(f"output path escapes the output folder: {rel}")
        resolved = self._folders.get(folder)
        if resolved is None:
            resolved = _inside(base, folder or ".")
            resolved.mkdir(parents=True, exist_ok=True)
            self._folders[folder] = resolved
        return resolved / name

    def commit(self, keep: Iterable[str] = (), existing: Iterable[str] | None = None) -> WriteReport:
        """``existing``: every file the folder held when the build began (the build cache's scan
        of it), so that finding stale files needs no second walk of a large site."""
        if not self._claimed:
            self._claim()
        if self._fresh is not None:
            _move_contents(self._fresh, self.out)
            self._fresh = None
            return self.report
        kept = set(keep) - self._wanted
        self._wanted |= kept
        self.report.unchanged += len(kept)
        for path, temporary, target in self._staged:
            os.replace(temporary, target)
            st = target.stat()
            self.report.stats[path] = (st.st_size, st.st_mtime_ns)
        self.report.written += len(self._staged)
        self._staged = []
        if existing is None:
            self.report.removed = _remove_stale(self.out, self._wanted)
        else:
            self.report.removed = _remove_listed(self.out, [p for p in existing if p not in self._wanted])
        return self.report

    def abort(self) -> None:
        for _, temporary, _ in self._staged:
            temporary.unlink(missing_ok=True)
        self._staged = []
        if self._fresh is not None:
            shutil.rmtree(self._fresh, ignore_errors=True)
            self._fresh = None
        if self._created:  # nothing left behind: not even the folder and its marker
            with contextlib.suppress(OSError):
                (self.out / MARKER).unlink()
                self.out.rmdir()


def _claim(out: Path) -> Path | None:
    """Make sure ``out`` is ours; returns a new staging folder when it holds nothing yet."""
    entries = [e.name for e in os.scandir(out)] if out.is_dir() else []
    if entries and MARKER not in entries:
        raise OutputFolderError(str(out))
    out.mkdir(parents=True, exist_ok=True)
    marker = out / MARKER
    if MARKER not in entries:
        marker.write_text("This folder is written by the bulletin generator; its files are replaced on each build.\n",
                          encoding="utf-8")
    if entries and entries != [MARKER]:
        return None
    staging = out.resolve().parent / f".{out.resolve().name}.staging{os.getpid()}"
    staging.mkdir()
    return staging


def remove_leftovers(out: Path) -> None:
    """The staging folder a killed first build of ``out`` left beside it. (Temporary files a killed
    rebuild left inside it are not wanted by any build, so the stale-file pass removes them.)
    Called under the build lock (write/lock.py), so no other build is using it."""
    out = Path(out).resolve()
    if not out.parent.is_dir():
        return
    prefix = f".{out.name}.staging"
    for entry in os.scandir(out.parent):
        if entry.name.startswith(prefix) and entry.name[len(prefix):].isdigit():
            shutil.rmtree(entry.path, ignore_errors=True)


def _write_file(path: Path, data: bytes) -> tuple[int, int]:
    """Write ``data``; its (size, mtime)."""
    return write_chunks(path, (data,))


def _move_contents(staging: Path, out: Path) -> None:
    """A first build's files into the (empty) output folder: one rename per top-level entry
    (keeps ``out`` itself, which may be a mount point or served by a web server)."""
    for entry in os.scandir(staging):
        os.replace(entry.path, out / entry.name)
    os.rmdir(staging)


def _inside(out: Path, rel: str) -> Path:
    target = (out / rel).resolve()
    if not target.is_relative_to(out.resolve()):
        raise ValueError(f"output path escapes the output folder: {rel}")
    return target


def _same_bytes(target: Path, data: bytes) -> bool:
    try:
        if target.stat().st_size != len(data):
            return False
        return target.read_bytes() == data
    except OSError:
        return False


def _remove_listed(out: Path, stale: list[str]) -> int:
    """Delete ``stale`` files, then the folders they leave empty."""
    removed = 0
    folders: set[str] = set()
    for rel in stale:
        try:
            os.unlink(_inside(out, rel))
        except FileNotFoundError:
            continue
        removed += 1
        folder = rel.rpartition("/")[0]
        while folder:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    for folder in sorted(folders, key=lambda f: -f.count("/")):  # deepest first
        with contextlib.suppress(OSError):  # not empty: kept
            os.rmdir(out / folder)
    return removed


def _remove_stale(out: Path, wanted: set[str]) -> int:
    """Delete files no longer produced, then folders left empty (os.walk: fast on 10,000s of files)."""
    removed = 0
    for folder, _dirs, names in os.walk(out, topdown=False):
        prefix = os.path.relpath(folder, out).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        for name in names:
            if prefix + name not in wanted:
                os.unlink(os.path.join(folder, name))
                removed += 1
        if prefix and not os.listdir(folder):
            os.rmdir(folder)
    return removed
