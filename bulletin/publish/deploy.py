"""Publish and roll back: build → verify → switch, under one lock.

Nothing reaches the target until the new release is complete and verified;
any failure before the switch leaves the published site exactly as it was.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bulletin.errors import BuildError, Diagnostics
from bulletin.pipeline import BuildOptions, build
from bulletin.publish.lock import LockTimeoutError, exclusive
from bulletin.publish.releases import Release, Releases, TargetError, tree_digest
from bulletin.publish.verify import verify_site
from bulletin.render.environment import DEFAULT_TEMPLATES
from bulletin.router import Router

LOCK_WAIT_SECONDS = 600.0
DEFAULT_KEEP = 5


@dataclass
class PublishResult:
    release: Release
    changed: bool  # False when the built site equals the live one
    files: int = 0
    removed: list[Release] = field(default_factory=list)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)


def publish(content: Path, target: Path, templates: Path = DEFAULT_TEMPLATES, keep: int = DEFAULT_KEEP,
            on_wait: Callable[[], None] | None = None) -> PublishResult:
    """Build ``content`` into a new release and make it live at ``target``.

    Raises BuildError with every problem (content, verification, target);
    in that case the target and its releases are unchanged.
    """
    releases = Releases(target)
    _check_target(releases)
    with _locked(releases, on_wait):
        _repair(releases)
        staging = releases.staging()
        try:
            result = build(BuildOptions(content=Path(content), out=staging, templates=Path(templates)))
            assert result.library is not None  # a build into a fresh staging folder always loads the content
            problems = verify_site(staging, result.library, Router())
            if problems.errors:
                problems.extend(result.diagnostics.items)
                raise BuildError(problems)
            digest = tree_digest(staging)
            files = sum(1 for p in staging.rglob("*") if p.is_file())
            live = releases.live()
            if live is not None and live.digest == digest:
                return PublishResult(live, False, files, [], result.diagnostics)
            release = _switch(releases, releases.add(staging, digest))
            releases.log("publish", release)
            removed = releases.prune(max(1, keep))
            return PublishResult(release, True, files, removed, result.diagnostics)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def rollback(target: Path, to_release: str | None = None,
             on_wait: Callable[[], None] | None = None) -> Release:
    """Point ``target`` back at the release before the live one (or ``to_release``)."""
    releases = Releases(target)
    if not releases.folder.is_dir():  # nothing published here: create nothing, not even the lock's folder
        raise _failure("E323", str(target), path=str(target))
    with _locked(releases, on_wait):
        _repair(releases)
        live = releases.live()
        if to_release:
            chosen = releases.find(to_release)
            if chosen is None:
                raise _failure("E322", str(target), release=to_release)
        else:
            if live is None and not releases.all():
                raise _failure("E323", str(target), path=str(target))
            older = [r for r in releases.all() if live is None or r.number < live.number]
            if not older:
                raise _failure("E321", str(target))
            chosen = older[-1]
        chosen = _switch(releases, chosen)
        releases.log("rollback", chosen)
        return chosen


def _check_target(releases: Releases) -> None:
    try:
        releases.check_target()
    except TargetError as problem:
        raise _failure("E318", str(problem), path=str(problem)) from None
    if os.path.islink(releases.target) and not _points_into(releases.target, releases.folder):
        # a link someone made to another folder: replacing it would take that site off the air
        raise _failure("E318", str(releases.target), path=str(releases.target))


def _points_into(link: Path, folder: Path) -> bool:
    pointed = Path(os.path.normpath(link.parent / os.readlink(link)))
    return pointed.parent == Path(os.path.normpath(folder))


def _repair(releases: Releases) -> None:
    """Finish what a publish killed between its steps left undone (called under the lock):
    a switch without its log line gets one now; a release that was added but never made live
    (nor logged) is removed. Pruning runs on every publish, so a skipped one happens next time."""
    logged = _logged_names(releases.log_path)
    live = releases.live()
    if live is not None and (not logged or logged[-1] != live.name):
        releases.log("publish-recorded-late", live)
        logged.append(live.name)
    if live is None:
        return
    for release in releases.all():
        if release.number > live.number and release.name not in logged:
            shutil.rmtree(release.path, ignore_errors=True)


def _logged_names(log: Path) -> list[str]:
    """The release names of publish.log's lines, oldest first."""
    try:
        lines = log.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    return [fields[2] for fields in (line.split("\t") for line in lines) if len(fields) >= 4]


@contextmanager
def _locked(releases: Releases, on_wait: Callable[[], None] | None) -> Iterator[None]:
    lock = exclusive(releases.lock_path, LOCK_WAIT_SECONDS, on_wait)
    try:
        lock.__enter__()
    except LockTimeoutError:
        raise _failure("E319", str(releases.target), seconds=int(LOCK_WAIT_SECONDS),
                       lock=str(releases.lock_path)) from None
    try:
        yield
    finally:
        lock.__exit__(None, None, None)


def _switch(releases: Releases, release: Release) -> Release:
    try:
        return releases.switch(release)
    except OSError as problem:
        raise _failure("E320", str(releases.target), path=str(releases.target),
                       reason=problem.strerror or str(problem)) from None


def _failure(code: str, path: str, /, **args: object) -> BuildError:
    diags = Diagnostics()
    diags.add(code, path, **args)
    return BuildError(diags)
