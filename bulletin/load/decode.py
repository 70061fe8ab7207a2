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


class MixedEncodingError(UndecodableError):
    """UTF-8 lines and GBK lines (a paste from another file) in one file; readers that do not
    know this error see it as undecodable."""

    def __init__(self, line: int) -> None:
        super().__init__(f"not UTF-8 from line {line}")
        self.line = line  # 1-based: the first line that is not UTF-8


def decode_text(data: bytes) -> Decoded:
    """Decode file bytes and normalise line endings to ``\\n``."""
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) or (not utf16 and _mostly_zero(data)):
        # UTF-32 (or UTF-16 without its BOM): one of its BOMs starts like UTF-16's; say what it is
        raise UndecodableError("UTF-32 or BOM-less UTF-16")
    try:
        if data.startswith(codecs.BOM_UTF8):
            text, encoding = data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8"
        elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text, encoding = data.decode("utf-16"), "utf-16"
        else:
            try:
                text, encoding = data.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                _refuse_mixed(data)
                text, encoding = data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise UndecodableError(str(exc)) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Decoded(text, encoding)


def _mostly_zero(data: bytes) -> bool:
    """UTF-16/32 text has a zero byte in most characters; text in UTF-8 or GBK has none."""
    sample = data[:4096]
    return len(sample) >= 4 and sample.count(0) * 4 >= len(sample)


def _refuse_mixed(data: bytes) -> None:
    """A file that is not UTF-8 as a whole but has UTF-8 lines with Chinese in them was put
    together from two sources; read as GBK, its UTF-8 part would become mojibake."""
    first_bad = 0
    utf8_seen = False
    for number, line in enumerate(data.split(b"\n"), 1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8_seen = True
        except UnicodeDecodeError:
            try:
                line.decode("gb18030")
            except UnicodeDecodeError:
                return  # not GBK either: undecodable, said as such
            first_bad = first_bad or number
        if utf8_seen and first_bad:
            raise MixedEncodingError(first_bad)
