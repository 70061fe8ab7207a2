"""Cache entries that cannot be turned against the build.

The cache holds pickled values (and Jinja2's marshalled template code):
loading a crafted one runs code. The cache folder may be writable by others
(a shared drive, a content repository), so every entry is sealed with an
HMAC-SHA256 under a key that lives only in this user's own cache home
(``cache/location.py``), outside any content tree, and is created there with
owner-only permissions. An entry whose seal does not verify is never
unpickled: it is discarded and made again. The seal covers what the entry is
(its space and key, which name the digests of what it was made from) as well
as its bytes, so an entry cannot be moved to stand for another.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from functools import lru_cache
from pathlib import Path

from bulletin.cache.location import cache_home

MAC_BYTES = 32
KEY_FILE = "cache-key"


class BrokenSealError(Exception):
    """An entry that was not sealed by this user's key, or was changed since."""


@lru_cache(maxsize=4)
def _key(home: str) -> bytes:
    path = Path(home) / KEY_FILE
    try:
        key = path.read_bytes()
        if len(key) == 32:
            return key
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    temporary = path.with_name(f".{KEY_FILE}.{os.getpid()}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
    try:
        os.write(fd, key)
    finally:
        os.close(fd)
    os.replace(temporary, path)
    return key


def key() -> bytes:
    """This user's key. Finding it builds the cache home's path from the environment: callers
    that seal many entries (the cache store, ~5,000 a rebuild) ask once and pass it as ``secret``."""
    return _key(str(cache_home()))


@lru_cache(maxsize=4)
def _keyed(secret: bytes) -> hmac.HMAC:
    """An HMAC-SHA256 that has taken ``secret``: each seal starts from a copy of it."""
    return hmac.new(secret, digestmod=hashlib.sha256)


def _mac(label: str, data: bytes, secret: bytes | None) -> bytes:
    digest = _keyed(key() if secret is None else secret).copy()
    digest.update(label.encode("utf-8", "surrogatepass") + b"\0")
    digest.update(data)
    return digest.digest()


def seal(label: str, data: bytes, secret: bytes | None = None) -> bytes:
    """``data`` with its seal in front; ``label`` names what it stands for; ``secret``: ``key()``
    when not given."""
    return _mac(label, data, secret) + data


def unseal(label: str, sealed: bytes, secret: bytes | None = None) -> bytes:
    """The data of a sealed entry, or BrokenSealError."""
    if len(sealed) < MAC_BYTES or not hmac.compare_digest(sealed[:MAC_BYTES],
                                                           _mac(label, sealed[MAC_BYTES:], secret)):
        raise BrokenSealError(label)
    return sealed[MAC_BYTES:]
