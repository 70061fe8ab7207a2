"""One build's use of the cache: is there anything to do, which outputs are
still good, and what to remember for next time."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bulletin.cache.state import FINGERPRINT, STAT, BuildState, Stat, TreeScan, inputs_digest, now_ns, scan_tree
from bulletin.cache.store import CacheStore, library_versions
from bulletin.errors import Diagnostic
from bulletin.texts import both


class CacheFolderError(Exception):
    """The cache folder cannot be created or written."""


class CacheSession:
    """Opened at the start of a build, finished after a successful write."""

    def __init__(self, folder: Path, out: Path, options: str, day: str = "", parallel: bool = True) -> None:
        self.folder = Path(folder)
        self.day = day  # a scheduled article (publish_after) appears on its day without any file changing
        self.out = Path(out)
        # The output folder is scanned in a forked process (``parallel``) while this one opens the cache.
        self.output_scan = TreeScan(self.out, aside=parallel)
        self.options = f"{options}|{library_versions()}"
        try:
            self.store = CacheStore(self.folder)  # (a cache home that cannot be written: E250 now, not mid-build)
        except (OSError, sqlite3.Error) as exc:
            self.output_scan.cancel()
            raise CacheFolderError(str(exc)) from None
        self.previous = BuildState.load(self.folder, self.out, self.store.problems)
        self.started_ns = now_ns()
        self.inputs = ""  # the content and theme files' stats, as one digest (cache/state.py inputs_digest)
        self.input_stats: list[Stat] = []
        self.found: dict[str, Stat] = {}  # what the output folder holds now
        self.content_stats: tuple[dict[str, Stat], int] | None = None  # the content files, and when scanned
        self.marker = ""

    def scan(self, content: Path, templates: Path, marker: str) -> None:
        """Sizes and times of every input (content, theme) and of the output folder."""
        inside = self.folder.resolve().parent == Path(content).resolve()
        skip = frozenset({self.folder.name}) if inside else frozenset()
        found = scan_tree(content, skip)
        self.content_stats = (found, self.started_ns)  # load's cache keys rest on them (load/sources.py)
        theme = scan_tree(templates)
        self.inputs = inputs_digest(found, theme)
        self.input_stats = [*found.values(), *theme.values()]
        self.found = self.output_scan.result()
        self.marker = marker

    def nothing_changed(self) -> bool:
        """Inputs, options and outputs exactly as the last build left them."""
        return (self.previous.day == self.day and self.previous.inputs_unchanged(self.options, self.inputs,
                                                                                 self.input_stats)
                and self.previous.outputs_intact(self.found, self.marker))

    @property
    def previous_diagnostics(self) -> list[Diagnostic]:
        return self.previous.diagnostics

    @property
    def previous_output_count(self) -> int:
        return len(self.previous.outputs)

    # -- PreviousBuild (render/incremental.py) --------------------------------
    def up_to_date(self, path: str, fingerprint: str | None) -> bool:
        if fingerprint is None or self.previous.options != self.options:
            return False
        record = self.previous.outputs.get(path)
        return (record is not None and record[FINGERPRINT] == fingerprint
                and self.found.get(path) == record[STAT])

    def group_paths(self, name: str, fingerprint: str | None) -> list[str] | None:
        if fingerprint is None or self.previous.options != self.options:
            return None
        recorded = self.previous.groups.get(name)
        if recorded is None or recorded[0] != fingerprint:
            return None
        paths = recorded[1]
        if all(p in self.previous.outputs and self.found.get(p) == self.previous.outputs[p][STAT] for p in paths):
            return paths
        return None

    def recorded_paths(self, name: str) -> list[str] | None:
        """The paths the last build recorded under ``name``, whatever their fingerprint (a bundle of
        pages, whose name holds the token their paths follow from: render/plan.py PageBundle)."""
        if self.previous.options != self.options:
            return None
        recorded = self.previous.groups.get(name)
        return None if recorded is None else recorded[1]

    # -- after writing ----------------------------------------------------------
    def finish(self, fingerprints: dict[str, str | None], groups: dict[str, tuple[str | None, list[str]]],
               written: dict[str, Stat], kept: list[str], diagnostics: list[Diagnostic]) -> None:
        """Remember this build: every output with its fingerprint and file stat, and what the stages computed."""
        state = BuildState(options=self.options, day=self.day, inputs=self.inputs, groups=groups,
                           diagnostics=diagnostics, recorded_at_ns=self.started_ns)
        for path in kept:
            state.outputs[path] = self.previous.outputs[path]
        for path, stat in written.items():
            state.outputs[path] = (fingerprints.get(path), stat)
        self.store.commit()
        try:
            state.save(self.folder, self.out)
        except OSError as exc:  # a full disk: the site is written; the next build just trusts nothing
            BuildState.forget(self.folder, self.out)
            self.store.problems.append(both("cache.not_saved", reason=exc.strerror or exc))

    @property
    def problems(self) -> list[tuple[str, str]]:
        """What went wrong with the cache (W413): damaged or altered entries were discarded."""
        found = list(self.store.problems)
        if self.store.discarded:
            found.append(both("cache.discarded", count=self.store.discarded))
        return found

    def close(self) -> None:
        self.output_scan.cancel()  # (when ``scan`` was never reached)
        self.store.close()
