"""The text inside published attachments, checked by the one marking rule (validate/secrecy.py).

A Word file whose first page reads 机密★1年 is as classified as an article
that does. Attachments a published text links are read with maintained
libraries — python-docx (paragraphs, tables, headers and footers), openpyxl
(every cell and sheet name, read-only and streamed), pypdf (the text of every
page) — and TXT/CSV line by line; each line goes through ``find_markings``.
A file that cannot be read (encrypted, damaged) cannot be vouched for, so it
is an error (E329) rather than published unread.

Old binary formats (.doc, .wps, .xls, .et) have no maintained reader; their
file names are checked (E304) but not their text (docs/publishing.md).
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from bulletin.cache.store import Memo
from bulletin.errors import Diagnostics
from bulletin.texts import both
from bulletin.validate.secrecy import find_markings

# Text of a DOCX, XLSX or PDF larger than this is not extracted (a whole document model sits in memory).
MAX_PARSED_BYTES = 100 * 1024 * 1024
READERS_VERSION = 1  # part of the cache key: bump when what is read changes

# (where in Chinese, where in English, text)
Place = tuple[str, str, str]


class UnreadableError(Exception):
    def __init__(self, reason: str, reason_en: str) -> None:
        super().__init__(reason_en)
        self.reason = reason
        self.reason_en = reason_en


def scan_attachments(root: Path, assets: list[str], diags: Diagnostics, memo: Memo | None = None) -> None:
    """E328 for every marking in the text of a published attachment, E329 when it cannot be read."""
    for rel in assets:
        if PurePosixPath(rel).suffix.lower() not in _READERS:
            continue
        path = root / rel
        try:
            st = os.stat(path)
        except OSError:
            continue
        key = f"{READERS_VERSION}|{rel}|{st.st_size}|{st.st_mtime_ns}|{st.st_ino}"
        found = memo.get("attachment-markings", key) if memo is not None else None
        if found is None:
            found = _findings(path)
            if memo is not None:
                memo.put("attachment-markings", key, found)
        for code, args in found:
            diags.add(code, rel, **args)


def _findings(path: Path) -> list[tuple[str, dict]]:
    try:
        for where, where_en, text in _READERS[path.suffix.lower()](path):
            for _, mark in find_markings(text):
                return [("E328", {"mark": mark, "where": where, "where_en": where_en})]
    except UnreadableError as problem:
        return [("E329", {"path": path.name, "reason": problem.reason, "reason_en": problem.reason_en})]
    except Exception as problem:  # noqa: BLE001 — a damaged file may fail anywhere inside a reader library
        reason, reason_en = both("attachments.damaged", kind=type(problem).__name__)
        return [("E329", {"path": path.name, "reason": reason, "reason_en": reason_en})]
    return []


def _plain_lines(path: Path) -> Iterator[Place]:
    with path.open("rb") as handle:  # streamed: a TXT or CSV may be large
        for number, raw in enumerate(handle, 1):
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                line = raw.decode("gb18030", errors="replace")
            yield *both("attachments.line", number=number), line


def _bounded(path: Path) -> None:
    if path.stat().st_size > MAX_PARSED_BYTES:
        limit = MAX_PARSED_BYTES // 1048576
        raise UnreadableError(*both("attachments.too_large", limit=limit))


def _docx_lines(path: Path) -> Iterator[Place]:
    import docx

    _bounded(path)
    if not zipfile.is_zipfile(path):
        raise UnreadableError(*both("attachments.not_docx"))
    document = docx.Document(str(path))
    for section in document.sections:
        for part, part_en in ((section.header, "header"), (section.footer, "footer"),
                              (section.first_page_header, "first-page header")):
            for paragraph in part.paragraphs:
                yield both("attachments.header_footer").zh, part_en, paragraph.text
    for number, paragraph in enumerate(document.paragraphs, 1):
        yield *both("attachments.paragraph", number=number), paragraph.text
    for number, table in enumerate(document.tables, 1):
        for row in table.rows:
            for cell in row.cells:
                yield *both("attachments.table", number=number), cell.text


def _xlsx_lines(path: Path) -> Iterator[Place]:
    import openpyxl

    _bounded(path)
    if not zipfile.is_zipfile(path):
        raise UnreadableError(*both("attachments.not_xlsx"))
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        for sheet in book.worksheets:
            yield *both("attachments.sheet", sheet=sheet.title, place=""), sheet.title
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str):
                        place = getattr(cell, "coordinate", "")
                        yield *both("attachments.sheet", sheet=sheet.title, place=place), cell.value
    finally:
        book.close()


def _pdf_lines(path: Path) -> Iterator[Place]:
    from pypdf import PdfReader

    _bounded(path)
    reader = PdfReader(str(path))
    if reader.is_encrypted:
        raise UnreadableError(*both("attachments.encrypted"))
    for number, page in enumerate(reader.pages, 1):
        yield *both("attachments.page", number=number), page.extract_text() or ""


_READERS = {".txt": _plain_lines, ".csv": _plain_lines, ".docx": _docx_lines, ".xlsx": _xlsx_lines,
            ".pdf": _pdf_lines}
