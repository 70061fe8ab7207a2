"""What the render stage hands to the write stage."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class OutputFile:
    """A file of the output: rendered ``data``, or a copy of ``source``."""

    path: str
    data: bytes | None = None
    source: Path | None = None
    origin: str = ""  # the file it comes from, as messages name it (a copy's path in the content folder)
