"""The preview's state: the outcome of the last build, and a way to wait for the next.

Builds go through ``bulletin.pipeline.build`` like ``python build.py build``;
a failed build leaves the last good site in place (the pipeline writes
nothing while there are errors) and its problems become the browser overlay.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bulletin.errors import BuildError, Diagnostic, Diagnostics
from bulletin.pipeline import BuildOptions, BuildResult, build
from bulletin.write import OutputFolderError


@dataclass(frozen=True)
class Problem:
    """One error as the overlay shows it."""

    path: str
    line: int
    code: str
    text: str

    def as_dict(self) -> dict:
        return {"path": self.path, "line": self.line, "code": self.code, "text": self.text}


@dataclass(frozen=True)
class Status:
    """What open tabs need to know: which site version is current, or why the build failed.

    ``serial`` changes after every build; ``version`` only when the site's files
    changed (or a failure was fixed), so that saving an unchanged file does not
    reload every tab.
    """

    serial: int
    version: str
    ok: bool
    problems: tuple[Problem, ...] = field(default=())

    def as_dict(self) -> dict:
        return {"version": self.version, "ok": self.ok, "problems": [p.as_dict() for p in self.problems]}


# What a rebuild reports to the terminal: the diagnostics and, on success, the result.
Reporter = Callable[[Diagnostics, "BuildResult | None", float], None]


class LiveSite:
    """Runs builds one at a time and wakes whoever waits for a new status."""

    def __init__(self, options: BuildOptions, lang: str = "both", report: Reporter | None = None) -> None:
        self.options = options
        self.lang = lang
        self._report = report or (lambda diags, result, seconds: None)
        self._run = secrets.token_hex(3)  # a restarted server must not look like the same version
        self._builds = 0
        self._lock = threading.Lock()
        self._changed = threading.Condition()
        self._status = Status(0, self._version(), ok=True)
        self.closed = False

    @property
    def status(self) -> Status:
        with self._changed:
            return self._status

    def rebuild(self) -> Status:
        """Build now; never raises for bad content or a bug in a build step."""
        with self._lock:
            started = time.perf_counter()
            result: BuildResult | None = None
            try:
                result = build(self.options)
                diags = result.diagnostics
            except BuildError as failure:
                diags = failure.diagnostics
            except OutputFolderError as failure:
                diags = Diagnostics()
                diags.add("E226", str(self.options.out), path=str(failure))
            except Exception as bug:  # noqa: BLE001 — the preview must outlive any one build
                diags = Diagnostics()
                diags.add("E118", str(self.options.content), problem=f"{type(bug).__name__}: {bug}")
            self._report(diags, result, time.perf_counter() - started)
            return self._publish(diags, result)

    def _publish(self, diags: Diagnostics, result: BuildResult | None) -> Status:
        with self._changed:
            previous = self._status
            changed = result is not None and (result.report.written or result.report.removed)
            if result is not None and (changed or not previous.ok or previous.serial == 0):
                self._builds += 1
            problems = tuple(_problem(d, self.lang) for d in diags.sorted() if d.level == "error")
            self._status = Status(previous.serial + 1, self._version(), ok=result is not None, problems=problems)
            self._changed.notify_all()
            return self._status

    def wait(self, seen_serial: int, timeout: float) -> Status:
        """The current status once it is newer than ``seen_serial`` (or the timeout passed)."""
        with self._changed:
            self._changed.wait_for(lambda: self._status.serial != seen_serial or self.closed, timeout)
            return self._status

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()

    def _version(self) -> str:
        return f"{self._run}-{self._builds}"


def _problem(diagnostic: Diagnostic, lang: str) -> Problem:
    return Problem(diagnostic.path, diagnostic.line, diagnostic.code, diagnostic.text(lang))
