"""Key → value memory that outlives a build, in one SQLite file.

Values are pickled Python objects, each sealed with this user's key
(``cache/seal.py``): an entry that does not verify — crafted, edited or
damaged — is never unpickled, it is a miss and is made again. A database that
SQLite finds damaged is deleted and the build goes on without it; either way
the build hears of it (``problems``: warning W413). Each stage uses its own ``space``
(``load``, ``validate``, ``markdown``, a feature's name …) and keys that name
everything the value was computed from (content digests, settings digests), so
a stale value can never be found: it is simply not asked for again, and
``prune`` drops such values after a successful build, once they are a tenth of
those it used. The whole store is keyed by the program's own source files, the
Python version and the libraries whose output lands in the site (Markdown,
Jinja2, PyYAML, WeasyPrint, python-docx, lxml): any change empties it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import os
import pickle
import sqlite3
import sys
from pathlib import Path
from typing import Any, Protocol

import bulletin
from bulletin.cache.seal import key as user_key
from bulletin.cache.seal import seal, unseal
from bulletin.texts import both

DATABASE = "build.sqlite"
FLUSH_BYTES = 8 << 20  # keep at most this much of new values in memory
BUSY_SECONDS = 30.0  # how long to wait for another process that holds the database
STALE_SHARE = 10  # entries no build asks for are dropped once they are a tenth of those it used


class Memo(Protocol):
    """What the stages see of the cache: get and put, nothing else."""

    def get(self, space: str, key: str) -> Any | None: ...

    def put(self, space: str, key: str, value: Any) -> None: ...

    def keep(self, space: str, key: str) -> None: ...


# The program's files: its code and the templates and scripts inside the package (the PDF layout).
PROGRAM_SUFFIXES = frozenset({".py", ".html", ".css", ".js"})


@functools.lru_cache(maxsize=1)
def library_versions() -> str:
    """Everything besides the content and theme that shapes the output: this
    program's own source files (so a changed renderer never serves old HTML),
    Python, and the libraries whose output lands in the site. Files are
    fingerprinted without importing them, which a no-op rebuild cannot afford."""
    package = Path(bulletin.__file__).resolve().parent
    parts = [f"python {sys.version_info[:2]}"]
    parts += [f"{p.relative_to(package)}:{p.stat().st_size}:{p.stat().st_mtime_ns}"
              for p in sorted(package.rglob("*")) if p.suffix in PROGRAM_SUFFIXES]
    for module, version_file in (("markdown", "__meta__.py"), ("jinja2", "__init__.py"), ("yaml", "__init__.py"),
                                 ("weasyprint", "__init__.py"), ("pydyf", "__init__.py"), ("docx", "__init__.py"),
                                 ("lxml", "__init__.py")):
        spec = importlib.util.find_spec(module)
        if spec is not None and spec.origin:
            path = Path(spec.origin).with_name(version_file)
            parts.append(f"{module}:{hashlib.blake2b(path.read_bytes(), digest_size=8).hexdigest()}")
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


class CacheStore:
    """The SQLite file of one cache folder; a damaged file or entry is discarded, never trusted."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.versions = library_versions()
        # This user's sealing key, found (or made) once: a cache home that cannot be written fails
        # here, when the store is opened, not in the middle of a build.
        self._secret = user_key()
        self._pending: dict[tuple[str, str], bytes] = {}
        self._pending_bytes = 0
        self._wrote = False
        self._used: dict[str, set[str]] = {}
        self.problems: list[tuple[str, str]] = []  # (Chinese, English) reasons, for W413
        self.discarded = 0  # entries whose seal did not verify
        # A new database file is written in SQLite's rollback-journal mode, and switched to WAL
        # when the build commits (``commit``). In WAL mode SQLite writes every page twice (to
        # the log, then back into the file at the checkpoint): a first build's ~250 MB cost
        # ~0.35 s at the end of the build, with one core idle. Nothing in a new file is
        # committed before the build's end, so no other connection has anything to read.
        self.fresh = False
        self._db: sqlite3.Connection | None = self._open()
        self._pid = os.getpid()
        self._child: tuple[int, sqlite3.Connection] | None = None  # a forked worker's own connection

    def _open(self) -> sqlite3.Connection | None:
        path = self.folder / DATABASE
        try:
            return self._connect(path)
        except sqlite3.DatabaseError as exc:  # not a database, damaged, or from an incompatible version
            if _busy(exc):  # another process holds it: this build goes without, the file stays
                self.problems.append(both("cache.busy", reason=exc))
                return None
            self._discard_database(exc)
            try:
                return self._connect(path)
            except sqlite3.Error:
                return None

    def _connect(self, path: Path) -> sqlite3.Connection:
        self.fresh = not path.exists()
        db = sqlite3.connect(path, timeout=BUSY_SECONDS)
        if not self.fresh:  # WAL: forked workers and other processes read while this build writes
            db.execute("PRAGMA journal_mode=WAL")
        # No fsync: every entry is sealed (cache/seal.py) and a damaged file is discarded on
        # opening or reading, so a power cut can cost cache hits, never a wrong output. Syncing
        # cost a cold build about 0.3 s for its ~200 MB of entries.
        db.execute("PRAGMA synchronous=OFF")
        db.execute("CREATE TABLE IF NOT EXISTS info (name TEXT PRIMARY KEY, value TEXT)")
        db.execute("CREATE TABLE IF NOT EXISTS entries (space TEXT, key TEXT, value BLOB, PRIMARY KEY (space, key))")
        row = db.execute("SELECT value FROM info WHERE name = 'versions'").fetchone()
        if row is None or row[0] != self.versions:
            db.execute("DELETE FROM entries")  # made by other code: nothing in it can be trusted
            db.execute("INSERT OR REPLACE INTO info VALUES ('versions', ?)", (self.versions,))
            db.commit()
        return db

    def _discard_database(self, exc: BaseException) -> None:
        """Forget the database file: the rest of this build runs without a cache. (Only the
        connection when another process holds the file: it is not damaged, only busy.)"""
        if _busy(exc):
            self.close()
            self._pending.clear()
            self.problems.append(both("cache.busy", reason=exc))
            return
        if getattr(self, "_db", None) is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()  # type: ignore[union-attr]
        self._db = None
        self._pending.clear()
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                (self.folder / (DATABASE + suffix)).unlink()
        self.problems.append(both("cache.database_deleted", reason=exc))

    def get(self, space: str, key: str) -> Any | None:
        self._used.setdefault(space, set()).add(key)
        sealed = self._pending.get((space, key))
        if sealed is None and os.getpid() != self._pid:  # a forked worker reading deferred HTML (Article.defer_html)
            sealed = self._read_in_child(space, key)
        elif sealed is None and self._db is not None:
            try:
                if not self._db.in_transaction:
                    # One read transaction for the reads before this build's first write, not one per
                    # read: each takes and drops SQLite's locks (a rebuild reads ~4,000 entries).
                    self._db.execute("BEGIN")
                row = self._db.execute("SELECT value FROM entries WHERE space = ? AND key = ?",
                                       (space, key)).fetchone()
            except sqlite3.Error as exc:
                self._discard_database(exc)
                return None
            sealed = row[0] if row is not None else None
        if sealed is None:
            return None
        try:
            return pickle.loads(unseal(_label(space, key), sealed, self._secret))
        except Exception:  # a crafted, edited or damaged entry is a miss; the build makes it again
            self.discarded += 1
            return None

    def _read_in_child(self, space: str, key: str) -> bytes | None:
        """A committed entry, through a connection of this process's own: SQLite connections
        must not cross ``fork``. Children only read; what they do not find they make again.
        A new database holds nothing committed until the build's end: nothing to read there."""
        if self.fresh:
            return None
        try:
            if self._child is None or self._child[0] != os.getpid():
                self._child = (os.getpid(), sqlite3.connect(self.folder / DATABASE, timeout=BUSY_SECONDS))
            row = self._child[1].execute("SELECT value FROM entries WHERE space = ? AND key = ?",
                                         (space, key)).fetchone()
        except sqlite3.Error:
            return None
        return row[0] if row is not None else None

    def keep(self, space: str, key: str) -> None:
        """Keep an entry this build may not read (a deferred one): ``prune`` would drop it."""
        self._used.setdefault(space, set()).add(key)

    def put(self, space: str, key: str, value: Any) -> None:
        self._used.setdefault(space, set()).add(key)
        data = seal(_label(space, key), pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), self._secret)
        self._pending[(space, key)] = data
        self._pending_bytes += len(data)
        if self._pending_bytes > FLUSH_BYTES:
            self._flush()

    def _flush(self) -> None:
        """Hand pending values to SQLite (uncommitted: a failed build leaves the cache as it was)."""
        if self._db is not None:
            try:
                if not self._wrote and self._db.in_transaction:
                    self._db.commit()  # the reads' transaction: the writes take a fresh one
                self._db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)",
                                     [(space, key, value) for (space, key), value in self._pending.items()])
                self._wrote = True
            except sqlite3.Error as exc:
                self._discard_database(exc)
        self._pending.clear()
        self._pending_bytes = 0

    def commit(self, prune: bool = True) -> None:
        """Write what this build made; with ``prune``, forget what it did not ask for."""
        self._flush()
        if self._db is None:
            return
        try:
            if prune and self._wrote and self._stale_enough(self._db):
                self._prune(self._db)
            self._db.commit()
        except sqlite3.Error as exc:
            self._discard_database(exc)
        self._wrote = False
        if self.fresh and self._db is not None:
            with contextlib.suppress(sqlite3.Error):  # else the next build's connection switches it
                self._db.execute("PRAGMA journal_mode=WAL")
                self.fresh = False

    def _stale_enough(self, db: sqlite3.Connection) -> bool:
        """Whether the spaces this build used hold more than a tenth more entries than it used.
        A stale entry is never found (its key names inputs that are gone), only stored: it is
        dropped when enough have gathered, not after every build (listing the 40,000 keys a
        10,000-article build uses took ~35 ms of every rebuild)."""
        used = sum(len(keys) for keys in self._used.values())
        spaces = list(self._used)
        marks = ",".join("?" * len(spaces))
        stored = db.execute(f"SELECT COUNT(*) FROM entries WHERE space IN ({marks})", spaces).fetchone()[0]
        return bool(stored > used + used // STALE_SHARE)

    def _prune(self, db: sqlite3.Connection) -> None:
        db.execute("CREATE TEMP TABLE IF NOT EXISTS used (space TEXT, key TEXT, PRIMARY KEY (space, key))")
        db.execute("DELETE FROM used")
        db.executemany("INSERT OR IGNORE INTO used VALUES (?, ?)",
                       [(space, key) for space, keys in self._used.items() for key in keys])
        spaces = list(self._used)
        marks = ",".join("?" * len(spaces))
        db.execute(f"DELETE FROM entries WHERE space IN ({marks}) AND NOT EXISTS "
                   "(SELECT 1 FROM used WHERE used.space = entries.space AND used.key = entries.key)", spaces)

    def close(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None  # read after the build (deferred HTML): a miss, never a closed connection


def _busy(exc: BaseException) -> bool:
    """Whether SQLite gave up waiting for another process's lock (the file itself is sound)."""
    code = getattr(exc, "sqlite_errorcode", None)  # an extended code: its low byte is the primary one
    return code is not None and code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def _label(space: str, key: str) -> str:
    return f"entry\0{space}\0{key}"
