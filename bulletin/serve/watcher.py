"""Watch the content and theme folders and rebuild once per save.

Editors save in bursts: Notepad++ and WPS write a temporary file and rename
it, Vim writes a backup, and each step is one or more file-system events.
``Debouncer`` turns a burst into one rebuild: it waits until no event has
arrived for ``quiet`` seconds (or ``longest`` seconds have passed since the
first, so that a constant trickle cannot starve the preview).
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from watchdog.events import (
    EVENT_TYPE_CLOSED_NO_WRITE,
    EVENT_TYPE_OPENED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

# Names editors and office suites use for their temporary files while saving.
_LITTER = re.compile(r"^(?:\.|~\$|#)|(?:~|\.tmp|\.swp|\.swx|\.swo|\.bak|\.part|\.crdownload)$|^4913$", re.I)
# Reading a file is an event too on Linux (inotify); the build reads every file.
_READ_ONLY_EVENTS = {EVENT_TYPE_OPENED, EVENT_TYPE_CLOSED_NO_WRITE}


class Debouncer:
    """Calls ``action`` once per burst of ``poke`` calls, on its own thread."""

    def __init__(self, action: Callable[[], object], quiet: float = 0.2, longest: float = 2.0) -> None:
        self._action = action
        self._quiet = quiet
        self._longest = longest
        self._wake = threading.Condition()
        self._first: float | None = None  # when the pending burst began
        self._last = 0.0
        self._stopping = False
        self._thread = threading.Thread(target=self._loop, name="bulletin-rebuild", daemon=True)
        self._thread.start()

    def poke(self) -> None:
        with self._wake:
            now = time.monotonic()
            if self._first is None:
                self._first = now
            self._last = now
            self._wake.notify()

    def close(self) -> None:
        with self._wake:
            self._stopping = True
            self._wake.notify()
        self._thread.join(timeout=5)

    def _loop(self) -> None:
        while True:
            with self._wake:
                self._wake.wait_for(lambda: self._first is not None or self._stopping)
                if self._stopping:
                    return
                while not self._stopping:
                    now = time.monotonic()
                    due = min(self._last + self._quiet, self._first + self._longest)  # type: ignore[operator]
                    if now >= due:
                        break
                    self._wake.wait(due - now)
                if self._stopping:
                    return
                self._first = None
            self._action()  # outside the lock: events during a build start the next burst


class _Handler(FileSystemEventHandler):
    def __init__(self, on_change: Callable[[], None], ignored: list[Path]) -> None:
        self._on_change = on_change
        self._ignored = ignored

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in _READ_ONLY_EVENTS or (event.is_directory and event.event_type == "modified"):
            return
        paths = [p for p in (event.src_path, getattr(event, "dest_path", "")) if p]
        if any(self._relevant(Path(_text(p))) for p in paths):
            self._on_change()

    def _relevant(self, path: Path) -> bool:
        if _LITTER.search(path.name):
            return False
        return not any(path.is_relative_to(folder) for folder in self._ignored)


def _text(path: str | bytes) -> str:
    return path.decode(errors="replace") if isinstance(path, bytes) else path


def watch(folders: Iterable[Path], on_change: Callable[[], None], ignored: Iterable[Path] = ()) -> BaseObserver:
    """Start watching ``folders`` (recursively); events under ``ignored`` are dropped."""
    observer = Observer()
    handler = _Handler(on_change, [Path(p).resolve() for p in ignored])
    seen: set[Path] = set()
    for folder in folders:
        folder = Path(folder).resolve()
        if folder.is_dir() and folder not in seen:
            seen.add(folder)
            observer.schedule(handler, str(folder), recursive=True)
    observer.daemon = True
    observer.start()
    return observer
