"""Turn the bytes office PCs produce into clean text.

Windows Notepad and WPS save UTF-8 with a BOM, CRLF line endings, UTF-16
("Unicode") or, in a Chinese locale, GBK ("ANSI"). All are read; GBK is read
with a warning so the office learns to save as UTF-8.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # "utf-8", "utf-16" or "gb18030"


class UndecodableError(ValueError):
    """The bytes are neither UTF-8, UTF-16 with a BOM, nor GB18030."""


def decode_text(data: bytes) -> Decoded:
    """Decode file bytes and normalise line endings to ``\\n``."""
    try:
        if data.startswith(codecs.BOM_UTF8):
            text, encoding = data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8"
        elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text, encoding = data.decode("utf-16"), "utf-16"
        else:
            try:
                text, encoding = data.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                text, encoding = data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise UndecodableError(str(exc)) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Decoded(text, encoding)
