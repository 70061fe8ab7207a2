"""Read the submissions register (报送登记): ``content/submissions/*.csv`` and ``*.xlsx``.

A CSV is UTF-8 (with or without a BOM), GBK as Excel saves it on a Chinese
Windows, or Excel's "Unicode text" (UTF-16, tab-separated); bytes are decoded
by the same helper as every other file. An .xlsx is read with openpyxl in
read-only mode, first worksheet, date cells as dates. Only cells are read here;
what they mean is checked in ``validate/register.py``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from bulletin.cache.store import Memo
from bulletin.errors import Diagnostics
from bulletin.load.decode import UndecodableError, decode_text

REGISTER_FOLDER = "submissions"
REGISTER_SUFFIXES = (".csv", ".xlsx")
# An encrypted (password-protected) .xlsx, like an old .xls, is an OLE compound file, not a zip.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_REGISTER_BYTES = 20 * 1024 * 1024


@dataclass
class RegisterRow:
    row: int  # the row number the office sees in Excel (the header is row 1)
    cells: list[object]  # str, or date/datetime/number from an .xlsx


@dataclass
class RegisterFile:
    rel: str  # submissions/2011.csv
    header: list[str]
    rows: list[RegisterRow] = field(default_factory=list)
    digest: str = ""


def register_paths(root: Path, files: list[str]) -> list[Path]:
    """The register files among ``files`` (the content folder's listing, load/sources.py)."""
    prefix = REGISTER_FOLDER + "/"
    names = [f[len(prefix):] for f in files if f.startswith(prefix) and "/" not in f[len(prefix):]]
    return sorted(root / REGISTER_FOLDER / name for name in names
                  if Path(name).suffix.lower() in REGISTER_SUFFIXES and not name.startswith(("~$", ".")))


# The build cache's space for the cells of a register file, by its bytes' digest: openpyxl takes
# about 0.4 s to read a 10,000-row .xlsx, on every build, though the register rarely changes.
GRID_SPACE = "register-grid"


def load_registers(root: Path, diags: Diagnostics, listed: list[str],
                   memo: Memo | None = None) -> list[RegisterFile] | None:
    """Every register file among ``listed`` (load's one listing of the content folder); None when
    there is no ``submissions/`` folder with such files (the office keeps no register: figures
    are adoption only). With ``memo`` (the build cache), a file whose bytes were read before
    is not parsed again."""
    paths = register_paths(root, listed)
    if not paths:
        return None
    files = []
    for path in paths:
        found = read_register(root, path, diags, memo)
        if found is not None:
            files.append(found)
    return files


def read_register(root: Path, path: Path, diags: Diagnostics, memo: Memo | None = None) -> RegisterFile | None:
    rel = path.relative_to(root).as_posix()
    try:
        if path.stat().st_size > MAX_REGISTER_BYTES:
            diags.add("E500", rel, reason=f"文件超过 {MAX_REGISTER_BYTES // 1048576} MB",
                      reason_en=f"larger than {MAX_REGISTER_BYTES // 1048576} MB")
            return None
        data = path.read_bytes()
    except OSError as exc:
        diags.add("E500", rel, reason=exc.strerror or str(exc), reason_en=exc.strerror or str(exc))
        return None
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    grid = _remembered_grid(rel, data, digest, diags, memo)
    if grid is None:
        return None
    rows = [(i, cells) for i, cells in enumerate(grid, 1) if any(not _blank(c) for c in cells)]
    if not rows:
        diags.add("W460", rel)
        return RegisterFile(rel, [], [], digest)
    (_, header), body = rows[0], rows[1:]
    return RegisterFile(rel, [_header_text(c) for c in header], [RegisterRow(i, cells) for i, cells in body], digest)


def _remembered_grid(rel: str, data: bytes, digest: str, diags: Diagnostics,
                     memo: Memo | None) -> list[list[object]] | None:
    """The file's cells; from the cache when these bytes were read before (a file that could not
    be read is not remembered: its message is given on every build)."""
    csv_file = rel.lower().endswith(".csv")
    key = f"{'csv' if csv_file else 'xlsx'}|{digest}"
    grid = memo.get(GRID_SPACE, key) if memo is not None else None
    if isinstance(grid, list):
        return grid
    grid = _csv_grid(rel, data, diags) if csv_file else _xlsx_grid(rel, data, diags)
    if grid is not None and memo is not None:
        memo.put(GRID_SPACE, key, grid)
    return grid


def _csv_grid(rel: str, data: bytes, diags: Diagnostics) -> list[list[object]] | None:
    try:
        text = decode_text(data).text
    except UndecodableError:
        diags.add("E501", rel)
        return None
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _xlsx_grid(rel: str, data: bytes, diags: Diagnostics) -> list[list[object]] | None:
    if data.startswith(_OLE_MAGIC):
        diags.add("E500", rel, reason="文件设置了打开密码，或是旧版 .xls 格式",
                  reason_en="the file is password-protected or an old .xls file")
        return None
    import openpyxl  # only offices with an .xlsx register pay for the import

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        diags.add("E500", rel, reason="不是有效的 Excel（.xlsx）文件", reason_en=f"not a valid .xlsx file ({exc})")
        return None
    except Exception as exc:  # openpyxl raises its own kinds for damaged parts; no traceback for the office
        diags.add("E500", rel, reason="Excel 文件已损坏", reason_en=f"damaged .xlsx file ({type(exc).__name__})")
        return None
    try:
        sheet = book.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _header_text(cell: object) -> str:
    return "" if cell is None else str(cell).strip().lstrip("\ufeff")
