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
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, partial
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


# A register file's header texts and its rows below the header.
Table = tuple[list[str], list[RegisterRow]]


@dataclass
class RegisterFile:
    rel: str  # submissions/2011.csv
    digest: str  # of its bytes
    # Its cells, read when they are first needed: validation of an unchanged register comes from the
    # build cache (validate/register.py), and then the 10,000 rows' cells are never unpickled.
    read_table: Callable[[], Table] = field(repr=False, compare=False, default=lambda: ([], []))

    @cached_property
    def _table(self) -> Table:
        return self.read_table()

    @property
    def header(self) -> list[str]:
        return self._table[0]

    @property
    def rows(self) -> list[RegisterRow]:
        return self._table[1]


def register_paths(root: Path, files: list[str]) -> list[Path]:
    """The register files among ``files`` (the content folder's listing, load/sources.py)."""
    prefix = REGISTER_FOLDER + "/"
    names = [f[len(prefix):] for f in files if f.startswith(prefix) and "/" not in f[len(prefix):]]
    return sorted(root / REGISTER_FOLDER / name for name in names
                  if Path(name).suffix.lower() in REGISTER_SUFFIXES and not name.startswith(("~$", ".")))


# The build cache's space for the cells of a register file, by its bytes' digest: openpyxl takes
# about 0.4 s to read a 10,000-row .xlsx, on every build, though the register rarely changes.
GRID_SPACE = "register-grid"
# ... and for how many rows it has (0: W460), so that a build reads those cells only if it validates them.
ROW_COUNT_SPACE = "register-row-count"


def load_registers(root: Path, diags: Diagnostics, listed: list[str],
                   memo: Memo | None = None) -> list[RegisterFile] | None:
    """Every register file among ``listed`` (load's one listing of the content folder); None when
    there is no ``submissions/`` folder with such files (the office keeps no register: figures
    are adoption only). With ``memo`` (the build cache), a file whose bytes were read before
    is not parsed again, and its cells are read from the cache only if validation needs them."""
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
    key = f"{'csv' if _is_csv(rel) else 'xlsx'}|{digest}"
    count = memo.get(ROW_COUNT_SPACE, key) if memo is not None else None
    if isinstance(count, int) and memo is not None:  # these bytes were read before
        memo.keep(GRID_SPACE, key)  # asked for only if validation needs the cells: kept meanwhile
        table: Callable[[], Table] = partial(_cached_table, rel, data, key, diags, memo)
    else:
        grid = _parsed_grid(rel, data, diags)
        if grid is None:  # not remembered: its message is given on every build
            return None
        made = _table(grid)
        count = len(made[1]) + bool(made[0])
        if memo is not None:
            memo.put(GRID_SPACE, key, grid)
            memo.put(ROW_COUNT_SPACE, key, count)
        table = partial(_given, made)
    if not count:
        diags.add("W460", rel)
        return RegisterFile(rel, digest)
    return RegisterFile(rel, digest, table)


def _is_csv(rel: str) -> bool:
    return rel.lower().endswith(".csv")


def _parsed_grid(rel: str, data: bytes, diags: Diagnostics) -> list[list[object]] | None:
    return _csv_grid(rel, data, diags) if _is_csv(rel) else _xlsx_grid(rel, data, diags)


def _cached_table(rel: str, data: bytes, key: str, diags: Diagnostics, memo: Memo) -> Table:
    """The cells kept for these bytes; parsed again if the cache no longer has them."""
    grid = memo.get(GRID_SPACE, key)
    if not isinstance(grid, list):
        grid = _parsed_grid(rel, data, diags) or []
    return _table(grid)


def _given(table: Table) -> Table:
    return table


def _table(grid: list[list[object]]) -> Table:
    """The first row that is not blank is the header; blank rows are skipped (rows keep Excel's numbers)."""
    rows = [(i, cells) for i, cells in enumerate(grid, 1) if any(not _blank(c) for c in cells)]
    if not rows:
        return [], []
    (_, header), body = rows[0], rows[1:]
    return [_header_text(c) for c in header], [RegisterRow(i, cells) for i, cells in body]


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
