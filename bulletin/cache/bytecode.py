"""Compiled templates kept between builds, sealed like every other cache entry.

Jinja2's own ``FileSystemBytecodeCache`` unmarshals whatever file it finds:
code from a folder others may write would run in the build. Here each file is
sealed (``cache/seal.py``); one that does not verify is deleted and the
template is compiled again.
"""

from __future__ import annotations

import contextlib
import io
import os

import jinja2
from jinja2.bccache import Bucket

from bulletin.cache.seal import seal, unseal


class SealedBytecodeCache(jinja2.FileSystemBytecodeCache):
    def load_bytecode(self, bucket: Bucket) -> None:
        path = os.path.join(self.directory, self.pattern % bucket.key)
        try:
            with open(path, "rb") as stream:
                sealed = stream.read()
        except OSError:
            return
        try:
            data = unseal(_label(bucket), sealed)
        except Exception:  # not sealed with this user's key: never unmarshalled
            with contextlib.suppress(OSError):
                os.unlink(path)
            return
        bucket.load_bytecode(io.BytesIO(data))

    def dump_bytecode(self, bucket: Bucket) -> None:
        buffer = io.BytesIO()
        bucket.write_bytecode(buffer)
        path = os.path.join(self.directory, self.pattern % bucket.key)
        temporary = f"{path}.{os.getpid()}.tmp"
        try:
            with open(temporary, "wb") as stream:
                stream.write(seal(_label(bucket), buffer.getvalue()))
            os.replace(temporary, path)
        except OSError:  # a full disk: the template is simply compiled again next time
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _label(bucket: Bucket) -> str:
    return f"jinja\0{bucket.key}"
