"""Releases beside the published folder, and the atomic switch between them.

For ``--to /srv/www/jianbao`` the layout is::

    /srv/www/jianbao.releases/0001-3f2a9c0d81be/   a complete, verified site
    /srv/www/jianbao.releases/0002-9b7e11c4a0d2/
    /srv/www/jianbao.releases/.lock                 serialises publishes
    /srv/www/jianbao.releases/publish.log           who switched what, when
    /srv/www/jianbao -> jianbao.releases/0002-9b7e11c4a0d2   (a relative symlink)

A release is named by its sequence number and a hash of its files, so the same
content always gets the same name tail and nothing depends on the clock. The
switch writes a new symlink under a temporary name and renames it over the
old one: rename is atomic, so every request is served entirely from the old
release or entirely from the new one, and a failed publish never touches the
link at all.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bulletin.errors import escape_control
from bulletin.write.writer import MARKER

_NAME = re.compile(r"^(\d{4,})-([0-9a-f]{12})$")
STAGING_PREFIX = ".staging-"


class TargetError(Exception):
    """The target exists and is not something publish may replace."""


@dataclass(frozen=True)
class Release:
    path: Path
    number: int
    digest: str

    @property
    def name(self) -> str:
        return self.path.name


def tree_digest(root: Path) -> str:
    """A hash of every file's path and bytes: equal trees, equal digests."""
    digest = hashlib.sha256()
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder) / name
            digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:12]


class Releases:
    """The releases of one publish target."""

    def __init__(self, target: Path) -> None:
        self.target = Path(os.path.abspath(target))
        self.folder = self.target.parent / f"{self.target.name}.releases"
        self.lock_path = self.folder / ".lock"
        self.log_path = self.folder / "publish.log"

    # -- reading -------------------------------------------------------------

    def all(self) -> list[Release]:
        """Every complete release, oldest first."""
        if not self.folder.is_dir():
            return []
        found = []
        for path in self.folder.iterdir():
            match = _NAME.match(path.name)
            if match and path.is_dir() and not path.is_symlink() and (path / MARKER).is_file():
                found.append(Release(path, int(match[1]), match[2]))
        return sorted(found, key=lambda r: r.number)

    def live(self) -> Release | None:
        """The release the target points at, if it points at one of ours."""
        if not self.target.is_symlink():
            return None
        pointed = Path(os.path.normpath(self.target.parent / os.readlink(self.target)))
        return next((r for r in self.all() if r.path == pointed), None)

    def find(self, wanted: str) -> Release | None:
        """By full name, sequence number (``3``, ``0003``) or hash prefix."""
        for release in self.all():
            if wanted in (release.name, release.digest) or (wanted.isdigit() and int(wanted) == release.number):
                return release
        candidates = [r for r in self.all() if len(wanted) >= 4 and r.digest.startswith(wanted)]
        return candidates[0] if len(candidates) == 1 else None

    def check_target(self) -> None:
        """Refuse a target that is a file, or a folder this tool did not make."""
        target = self.target
        if target.is_symlink():
            return
        if target.exists() and not target.is_dir():
            raise TargetError(str(target))
        if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
            raise TargetError(str(target))

    # -- changing (callers hold the lock) ------------------------------------

    def staging(self) -> Path:
        """A fresh, empty folder to build into, on the same file system as the releases."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for leftover in self.folder.glob(STAGING_PREFIX + "*"):  # from a publish that was killed
            shutil.rmtree(leftover, ignore_errors=True)
        path = self.folder / f"{STAGING_PREFIX}{os.getpid()}"
        path.mkdir()
        return path

    def add(self, staging: Path, digest: str) -> Release:
        """Turn a verified staging folder into the next numbered release."""
        existing = self.all()
        number = (existing[-1].number + 1) if existing else 1
        path = self.folder / f"{number:04d}-{digest}"
        os.replace(staging, path)
        return Release(path, number, digest)

    def switch(self, release: Release) -> None:
        """Point the target at ``release`` in one atomic rename."""
        self._adopt_plain_folder()
        link_text = os.path.relpath(release.path, self.target.parent)
        temporary = self.target.parent / f".{self.target.name}.switch-{os.getpid()}"
        if temporary.is_symlink() or temporary.exists():
            temporary.unlink()
        os.symlink(link_text, temporary, target_is_directory=True)
        os.replace(temporary, self.target)

    def _adopt_plain_folder(self) -> None:
        """A target that is still a plain folder (an earlier ``build --out``) is
        moved into the releases once, so that from now on it can be switched
        atomically. This first switch leaves the path missing for an instant."""
        target = self.target
        if target.is_symlink() or not target.exists():
            return
        if not any(target.iterdir()):
            target.rmdir()
            return
        os.replace(target, self.folder / f"0000-{tree_digest(target)}")

    def prune(self, keep: int) -> list[Release]:
        """Remove all but the newest ``keep`` releases; the live one always stays."""
        live = self.live()
        releases = self.all()
        doomed = [r for r in releases[:-keep] if r != live] if keep > 0 else []
        for release in doomed:
            shutil.rmtree(release.path)
        return doomed

    def log(self, action: str, release: Release) -> None:
        """Append to publish.log: 谁发布谁负责 needs to know who switched what, when."""
        try:
            user = getpass.getuser()
        except (KeyError, OSError):
            user = "?"
        stamp = datetime.now(UTC).astimezone().isoformat(timespec="seconds")
        fields = [stamp, action, release.name, user]
        with self.log_path.open("a", encoding="utf-8") as log:
            # One line per switch, whatever a field holds: a LOGNAME with a newline cannot forge a second line.
            log.write("\t".join(escape_control(f) for f in fields) + "\n")
