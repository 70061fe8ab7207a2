"""Releases beside the published folder, and the atomic switch between them.

For ``--to /srv/www/jianbao`` the layout is::

    /srv/www/jianbao.releases/0001-3f2a9c0d81be/   a complete, verified site
    /srv/www/jianbao.releases/0002-9b7e11c4a0d2/
    /srv/www/jianbao.releases/.lock                 serialises publishes
    /srv/www/jianbao.releases/publish.log           who switched what, when
    /srv/www/jianbao -> jianbao.releases/0002-9b7e11c4a0d2   (a relative symlink)

A release is named by its sequence number and a hash of its files, so the same
content always gets the same name tail and nothing depends on the clock; each
release also carries its name in ``.bulletin-release``.

The switch, in order of preference (docs/install.md, "发布与切换"):

- **symlink** (POSIX): a new link under a temporary name renamed over the old
  one. rename is atomic: every request is served entirely from the old release
  or entirely from the new one.
- **junction** (Windows; needs no privilege, unlike a symlink): a new junction
  under a temporary name; the old one is removed and the new one renamed into
  its place. Between the two steps (microseconds) the path does not exist.
- **rename** (anywhere links cannot be made: Windows without junctions, FAT32,
  network shares, a POSIX file system without symlinks): the live release
  folder is renamed back into ``.releases/`` and the new one renamed to the
  target. Between the two renames the path does not exist, so a request in
  that instant gets "not found"; files already open keep being read.

A failed publish never touches the target at all.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import re
import shutil
import stat
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bulletin.errors import escape_control
from bulletin.write.writer import MARKER

_NAME = re.compile(r"^(\d{4,})-([0-9a-f]{12})$")
STAGING_PREFIX = ".staging-"
RELEASE_NAME = ".bulletin-release"  # inside each release: its own name, found again after a rename swap
RENAME_ATTEMPTS = 20  # Windows refuses to rename a folder while a reader has one of its files open


class TargetError(Exception):
    """The target exists and is not something publish may replace."""


@dataclass(frozen=True)
class Release:
    path: Path
    number: int
    digest: str

    @property
    def name(self) -> str:
        return f"{self.number:04d}-{self.digest}"  # not path.name: a release renamed into place is the target


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
        """Every complete release, oldest first (the live one too when it was renamed into place)."""
        found = []
        if self.folder.is_dir():
            for path in self.folder.iterdir():
                match = _NAME.match(path.name)
                if match and path.is_dir() and not is_link(path) and (path / MARKER).is_file():
                    found.append(Release(path, int(match[1]), match[2]))
        swapped_in = self._swapped_in()
        if swapped_in is not None:
            found.append(swapped_in)
        return sorted(found, key=lambda r: r.number)

    def live(self) -> Release | None:
        """The release the target points at (link) or is (rename swap), if it is one of ours."""
        if not is_link(self.target):
            return self._swapped_in()
        pointed = Path(os.path.normpath(self.target.parent / _link_text(self.target)))
        return next((r for r in self.all() if r.path == pointed), None)

    def _swapped_in(self) -> Release | None:
        """The release renamed to the target itself, known by the name it carries."""
        target = self.target
        if is_link(target) or not (target / MARKER).is_file():
            return None
        try:
            match = _NAME.match((target / RELEASE_NAME).read_text(encoding="utf-8").strip())
        except OSError:
            return None
        return Release(target, int(match[1]), match[2]) if match else None

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
        if is_link(target):
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
        (staging / RELEASE_NAME).write_text(path.name, encoding="utf-8")  # after the digest: names stay stable
        os.replace(staging, path)
        return Release(path, number, digest)

    def switch(self, release: Release) -> Release:
        """Make ``release`` live: a link where one can be made, else a rename swap.
        Returns the release where it now is (the target itself after a rename)."""
        if release.path == self.target:
            return release  # already live (renamed into place)
        link = self._new_link(release)
        moved_out = self._move_plain_target_out()
        try:
            if link is not None:
                self._put_link(link)
                return release
            if is_link(self.target):  # links worked before and do not now
                remove_link(self.target)
            _rename(release.path, self.target)
            return Release(self.target, release.number, release.digest)
        except OSError:
            if moved_out is not None and not os.path.lexists(self.target):
                _rename(moved_out, self.target)  # put the old site back
            raise

    def _new_link(self, release: Release) -> Path | None:
        """A link to ``release`` under a temporary name, or None where links cannot be made."""
        temporary = self.target.parent / f".{self.target.name}.switch-{os.getpid()}"
        if os.path.lexists(temporary):
            remove_link(temporary)
        try:
            if os.name == "nt":
                import _winapi  # a junction needs no privilege; a symlink does (WinError 1314)

                _winapi.CreateJunction(str(release.path), str(temporary))  # type: ignore[attr-defined]
            else:
                os.symlink(os.path.relpath(release.path, self.target.parent), temporary, target_is_directory=True)
        except (OSError, AttributeError):
            return None
        return temporary

    def _put_link(self, link: Path) -> None:
        try:
            os.replace(link, self.target)  # atomic over an old symlink on POSIX
        except OSError:
            if os.name != "nt" or not is_link(self.target):
                remove_link(link)
                raise
            remove_link(self.target)  # Windows will not rename over a junction: remove, then rename
            os.replace(link, self.target)

    def _move_plain_target_out(self) -> Path | None:
        """Free the target path when it is a real folder: a release renamed into place goes back
        into the releases folder under its name; an earlier ``build --out`` becomes release 0000."""
        target = self.target
        if is_link(target) or not target.exists():
            return None
        if not any(target.iterdir()):
            target.rmdir()
            return None
        swapped_in = self._swapped_in()
        if swapped_in is not None:
            destination = self.folder / (target / RELEASE_NAME).read_text(encoding="utf-8").strip()
        else:
            destination = self.folder / f"0000-{tree_digest(target)}"
            (target / RELEASE_NAME).write_text(destination.name, encoding="utf-8")
        _rename(target, destination)
        return destination

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


def is_link(path: Path) -> bool:
    """A symbolic link, or (Windows) a directory junction."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    junction = getattr(info, "st_reparse_tag", 0) == getattr(stat, "IO_REPARSE_TAG_MOUNT_POINT", -1)
    return stat.S_ISLNK(info.st_mode) or junction


def remove_link(path: Path) -> None:
    """Remove a link itself, never what it points at."""
    if os.name == "nt" and path.is_dir():
        os.rmdir(path)  # a junction or directory symlink
    else:
        os.unlink(path)


def _link_text(path: Path) -> str:
    text = os.readlink(path)
    return text[4:] if text.startswith("\\\\?\\") else text  # a junction reads as \\?\C:\...


def _rename(source: Path, destination: Path) -> None:
    """os.replace, retried for a while on Windows, where an open file blocks renaming its folder."""
    for attempt in range(RENAME_ATTEMPTS):
        try:
            os.replace(source, destination)
            return
        except PermissionError:
            if os.name != "nt" or attempt == RENAME_ATTEMPTS - 1:
                raise
            time.sleep(0.1)
