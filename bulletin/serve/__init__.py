"""Live preview: build, serve the output folder on localhost, rebuild on save,
and reload open browser tabs (``python build.py serve``).

- ``live.py``: build outcomes (site version or errors) and waiting for the next;
- ``watcher.py``: watchdog on content/ and templates/, one rebuild per save;
- ``server.py``: serves the output folder only, adds the live-reload script to pages;
- ``livereload.js``: reloads the tab, shows build errors as an overlay.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bulletin.pipeline import BuildOptions
from bulletin.serve.live import LiveSite, Reporter, Status
from bulletin.serve.server import PreviewServer
from bulletin.serve.watcher import Debouncer, watch

if TYPE_CHECKING:
    from watchdog.observers.api import BaseObserver

__all__ = ["LiveSite", "Preview", "PreviewServer", "Status"]


class Preview:
    """The running preview: one server, one watcher, one build at a time."""

    def __init__(self, options: BuildOptions, host: str = "127.0.0.1", port: int = 8000,
                 lang: str = "both", report: Reporter | None = None, quiet: float = 0.2) -> None:
        self.options = options
        self.live = LiveSite(options, lang, report)
        self.server = PreviewServer((host, port), Path(options.out), self.live)  # OSError if the port is taken
        self._debouncer = Debouncer(self.live.rebuild, quiet=quiet)
        self._observer: BaseObserver | None = None
        self._serving = False

    @property
    def url(self) -> str:
        return self.server.url

    def start(self) -> Status:
        """Build once and start watching; returns the first build's status."""
        status = self.live.rebuild()
        watched = [Path(self.options.content), Path(self.options.templates)]
        self._observer = watch(watched, self._debouncer.poke, ignored=[Path(self.options.out)])
        return status

    def serve_forever(self) -> None:
        self._serving = True
        try:
            self.server.serve_forever(poll_interval=0.2)
        finally:
            self._serving = False

    def close(self) -> None:
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=5)
        self._debouncer.close()
        self.live.close()
        if self._serving:  # serve_forever runs on another thread
            self.server.shutdown()
        self.server.server_close()
