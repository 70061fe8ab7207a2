"""A short hash of plain values, cheaper than ``render.inputs.fingerprint``'s ``repr`` (statistics and search keys).

``marshal`` writes str, bytes, int, float, bool, None, tuples, lists and dicts in C (strings as
UTF-8, which CPython keeps with the string once made); version 2 writes no back-references, so
equal values always give equal bytes, however the objects are shared in memory. A value it
cannot write (a date, a dataclass) raises ``ValueError``: callers pass plain fields.
"""

from __future__ import annotations

import hashlib
import marshal

# Version 2: the last without references to objects seen before (version 3 added them).
MARSHAL_VERSION = 2


def plain_digest(*parts: object) -> str:
    """The hash of ``parts``: equal plain values, equal digests; different ones, different digests
    (marshal keeps types apart: 1, 1.0 and True are written differently)."""
    return hashlib.blake2b(marshal.dumps(parts, MARSHAL_VERSION), digest_size=16).hexdigest()  # type: ignore[arg-type]
