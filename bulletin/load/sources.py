"""Walk the content folder (layout in docs/content-format.md) and read every
file into raw documents. Unknown folders and editor litter are ignored; a
Markdown file in the wrong place is reported.

This is the one reader of the content folder: it is walked once
(``list_content``), and everything later stages need to know about its files
— documents, attachments, registers — comes from that listing."""

from __future__ import annotations

import bisect
import hashlib
import os
import re
from concurrent.futures import Executor
from dataclasses import dataclass, field, fields
from pathlib import Path

from bulletin.cache.state import now_ns, stat_trusted
from bulletin.cache.store import Memo
from bulletin.errors import Diagnostic, Diagnostics
from bulletin.load.decode import MixedEncodingError, UndecodableError, decode_text
from bulletin.load.front_matter import FrontMatter, parse_mapping, split_front_matter
from bulletin.load.register import RegisterFile, load_registers
from bulletin.model.entities import MAIN_SERIES
from bulletin.patterns import NUMBER_FOLDER, SUPPLEMENT_FOLDER, SUPPLEMENT_LIKE_FOLDER, YEAR_FOLDER
from bulletin.texts import both

SERIES_FOLDER = "series"  # more series: series/<id>/<YYYY>/<NNN|sN>/
# Files editors and office suites leave behind while saving.
_LITTER = re.compile(r"^(?:\.|~\$)|(?:~|\.tmp|\.swp|\.swx|\.bak)$", re.I)
# A text file larger than this is a mistake (an article is a few thousand
# characters), and refusing it keeps the build fast and bounded.
MAX_TEXT_BYTES = 2 * 1024 * 1024


def is_litter(name: str) -> bool:
    """A file an editor or office suite leaves behind while saving: never read, published or reported."""
    return bool(_LITTER.search(name))


@dataclass
class SourceFile:
    rel: str  # path relative to the content folder, with "/"
    path: Path
    digest: str
    text: str = ""


@dataclass
class Document:
    """A Markdown file: its front matter, its body and where each came from."""

    source: SourceFile
    meta: dict
    lines: dict[str, int]
    body: str
    body_line: int
    ok: bool

    @property
    def rel(self) -> str:
        return self.source.rel

    def line(self, key: str) -> int:
        return self.lines.get(key, 1)


@dataclass
class YamlFile:
    source: SourceFile
    data: dict
    lines: dict[str, int]


@dataclass
class IssueFolder:
    rel: str  # issues/2011/003, issues/2011/s1, series/tongbao/2011/002
    year: int
    number: int
    issue: Document | None
    articles: list[Document] = field(default_factory=list)
    assets: list[str] = field(default_factory=list)  # rel paths of images/attachments
    stamp: str = ""  # identity of its files (names and content digests): the validate cache's key
    # Set when the build cache vouched for the folder and its files were not read:
    # ``issue`` and ``articles`` are then empty, and ``reread`` fetches them if needed.
    unread: bool = False
    series: str = MAIN_SERIES  # the series folder it sits in (validation checks it is declared)
    supplement: bool = False  # an sN folder: 增刊第N期


@dataclass
class SeriesFolder:
    """A folder under series/: validation checks that site.yaml declares its id."""

    rel: str  # series/tongbao
    id: str


@dataclass
class ContentListing:
    """Every file and folder of the content folder, from one walk (paths relative to it, with "/").
    Linked folders are not entered; linked files are listed (links leaving are E311)."""

    files: list[str] = field(default_factory=list)  # sorted
    folders: list[str] = field(default_factory=list)  # sorted

    def files_in(self, folder: str) -> list[str]:
        """Files directly in ``folder`` ("" = the top)."""
        prefix = folder + "/" if folder else ""
        return [f for f in _starting(self.files, prefix) if "/" not in f[len(prefix):]]

    def files_under(self, folder: str) -> list[str]:
        """Files anywhere below ``folder``."""
        return _starting(self.files, folder + "/")

    def has_file(self, rel: str) -> bool:
        at = bisect.bisect_left(self.files, rel)
        return at < len(self.files) and self.files[at] == rel

    def folders_in(self, folder: str) -> list[str]:
        prefix = folder + "/"
        return [d for d in _starting(self.folders, prefix) if "/" not in d[len(prefix):]]


def _starting(names: list[str], prefix: str) -> list[str]:
    """The run of sorted ``names`` that start with ``prefix`` (found by bisection: a large
    bulletin has thousands of issue folders and tens of thousands of files)."""
    start = bisect.bisect_left(names, prefix)
    end = bisect.bisect_left(names, prefix + "\U0010ffff", start)
    return names[start:end]


@dataclass
class RawContent:
    root: Path
    site: YamlFile | None
    units: YamlFile | None
    profiles: list[Document] = field(default_factory=list)
    pages: list[Document] = field(default_factory=list)
    issues: list[IssueFolder] = field(default_factory=list)
    # submissions/*.csv|xlsx, found in the listing and read by load/register.py; None: the office keeps no register
    registers: list[RegisterFile] | None = None
    series: list[SeriesFolder] = field(default_factory=list)
    # Files beside the profiles and pages (units/, pages/: images, attachments), copied as they are.
    shared_assets: list[str] = field(default_factory=list)
    listing: ContentListing = field(default_factory=ContentListing)


# Below this many issue folders to read, reading them in the main process is quicker than a pool.
FOLDER_POOL_THRESHOLD = 24
FOLDER_CHUNK = 16


# Sizes and times of the content folder's files (path → (size, mtime_ns)) that the build has
# just taken, and when it began taking them (time.time_ns()).
KnownStats = tuple[dict[str, tuple[int, int]], int]


def load_content(root: Path, diags: Diagnostics, memo: Memo | None = None,
                 pool: Executor | None = None, known_stats: KnownStats | None = None) -> RawContent:
    """Read the whole content tree; every problem is added to ``diags``.

    With a ``memo`` (the build cache), an issue folder whose files all have the
    sizes and times they had when it was last read is not read again; ``known_stats``,
    when the build has just taken them, spare asking the system for them a second time.
    With a ``pool`` (worker processes), many issue folders are read, decoded and split
    there; the result and the messages, in their order, are those of reading here.
    """
    reads = _FolderReads(Path(root), pool, known_stats)
    raw = _load_content(Path(root), diags, memo, reads)
    reads.finish(diags, memo)
    return raw


def _load_content(root: Path, diags: Diagnostics, memo: Memo | None, reads: _FolderReads) -> RawContent:
    if not (root / "site.yaml").is_file():
        diags.add("E222", str(root), path=str(root))
        return RawContent(root, None, None)
    listing = list_content(root, diags)
    raw = RawContent(root, _read_yaml(root, "site.yaml", diags), _read_yaml(root, "units.yaml", diags),
                     listing=listing)
    raw.profiles = [_read_document(root, root / p, diags, required=False) for p in _markdown_in(listing, "units")]
    raw.pages = [_read_document(root, root / p, diags) for p in _markdown_in(listing, "pages")]
    raw.shared_assets = [f for folder in ("units", "pages") for f in listing.files_under(folder)
                         if not f.lower().endswith(".md")]
    raw.registers = load_registers(root, diags, listing.files, memo)
    raw.issues = _read_issues(root, listing, "issues", MAIN_SERIES, diags, memo, reads)
    for folder in _subfolders(listing, SERIES_FOLDER):
        raw.series.append(SeriesFolder(folder, _name(folder)))
        raw.issues += _read_issues(root, listing, folder, _name(folder), diags, memo, reads)
    _report_strays(listing, diags)
    return raw


def read_source(root: Path, path: Path, diags: Diagnostics) -> SourceFile | None:
    rel = path.relative_to(root).as_posix()
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            diags.add("E312", rel, size=f"{size / 1048576:.1f} MB", limit=f"{MAX_TEXT_BYTES // 1048576} MB")
            return None
        data = path.read_bytes()
    except OSError as exc:
        diags.add("E101", rel, reason=exc.strerror or str(exc))
        return None
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    try:
        decoded = decode_text(data)
    except MixedEncodingError as mixed:
        diags.add("E120", rel, mixed.line, line=mixed.line)
        return None
    except UndecodableError:
        diags.add("E102", rel)
        return None
    if decoded.encoding == "gb18030":
        diags.add("W401", rel)
    return SourceFile(rel, path, digest, decoded.text)


def _read_yaml(root: Path, name: str, diags: Diagnostics) -> YamlFile | None:
    path = root / name
    if not path.is_file():
        return None
    source = read_source(root, path, diags)
    if source is None:
        return None
    data, lines, _ok = parse_mapping(source.text, 1, source.rel, diags, what=name)
    return YamlFile(source, data, lines)


def _read_document(root: Path, path: Path, diags: Diagnostics, required: bool = True) -> Document:
    source = read_source(root, path, diags)
    if source is None:
        rel = path.relative_to(root).as_posix()
        return Document(SourceFile(rel, path, ""), {}, {}, "", 1, False)
    fm: FrontMatter = split_front_matter(source.text, source.rel, diags, required=required)
    return Document(source, fm.meta, fm.lines, fm.body, fm.body_line, fm.ok)


def _markdown_in(listing: ContentListing, folder: str) -> list[str]:
    return [f for f in listing.files_in(folder) if f.lower().endswith(".md") and not _LITTER.search(f)]


def _name(rel: str) -> str:
    return rel.rpartition("/")[2]


def _read_issues(root: Path, listing: ContentListing, issues_dir: str, series: str, diags: Diagnostics,
                 memo: Memo | None, reads: _FolderReads) -> list[IssueFolder]:
    """The issue folders of one series: ``<YYYY>/<NNN>/`` and supplements ``<YYYY>/s<N>/``."""
    folders: list[IssueFolder] = []
    resolved = str(root.resolve())  # once, not per folder (part of each folder's cache key)
    for year_dir in _subfolders(listing, issues_dir):
        if not YEAR_FOLDER.match(_name(year_dir)):
            if series != MAIN_SERIES and listing.has_file(f"{year_dir}/issue.md"):
                diags.add("E265", year_dir, name=_name(year_dir), series=series)  # series/<id>/003/ without a year
            else:
                diags.add("E211", year_dir, name=_name(year_dir), what=both("load.year_folder"))
            continue
        for rel in _subfolders(listing, year_dir):
            if folder_number(_name(rel)) is None:
                if SUPPLEMENT_LIKE_FOLDER.match(_name(rel)):
                    diags.add("E264", rel, name=_name(rel))
                else:
                    diags.add("E211", rel, name=_name(rel), what=both("load.number_folder"))
                continue
            folders.append(_remembered_issue_folder(root, listing, rel, int(_name(year_dir)), diags, memo,
                                                    reads, resolved))
    return folders


def _subfolders(listing: ContentListing, folder: str) -> list[str]:
    return [d for d in listing.folders_in(folder) if not _LITTER.search(_name(d))]


def folder_number(name: str) -> tuple[int, bool] | None:
    """An issue folder's number and whether it is a supplement: ``003`` → (3, False),
    ``s01`` → (1, True); None for any other name."""
    supplement = SUPPLEMENT_FOLDER.match(name)
    digits = supplement.group(1) if supplement else name
    if not NUMBER_FOLDER.match(digits) or int(digits) == 0:
        return None
    return int(digits), bool(supplement)


def folder_series(rel: str) -> str:
    """The series an issue folder belongs to, from its place: ``series/<id>/…`` or the main one."""
    parts = rel.split("/")
    return parts[1] if parts[0] == SERIES_FOLDER and len(parts) > 1 else MAIN_SERIES


def _remembered_issue_folder(root: Path, listing: ContentListing, rel: str, year: int, diags: Diagnostics,
                             memo: Memo | None, reads: _FolderReads, resolved: str) -> IssueFolder:
    """An unread stand-in when none of the folder's files changed since the cache
    saw them (validation then comes from the cache too), else the folder, to be read."""
    folder = root / rel
    if memo is None:
        return reads.add(rel, year, listing.files_under(rel), diags)
    known, started = reads.known_stats if reads.known_stats is not None else ({}, now_ns())
    signature = _signature(root, listing.files_under(rel), rel, known)
    stamp = hashlib.blake2b(repr(signature).encode(), digest_size=16).hexdigest()
    key = f"{resolved}|{rel}|{stamp}"
    cached = memo.get("load", key)
    if cached is not None:
        content_stamp, assets, found = cached
        diags.extend(found)
        number, supplement = folder_number(folder.name) or (0, False)
        return IssueFolder(rel, year, number, None, [], assets, content_stamp, unread=True,
                           series=folder_series(rel), supplement=supplement)
    trusted = all(stat_trusted((size, mtime), started) for _, size, mtime in signature)
    return reads.add(rel, year, listing.files_under(rel), diags, key if trusted else None)


@dataclass
class _FolderRead:
    folder: IssueFolder  # filled in when read
    files: list[str]  # the folder's files, from the listing
    at: int  # where its messages go among the others (after those said before it)
    key: str | None  # the cache key to remember it under; None: not to be remembered


class _FolderReads:
    """The issue folders load has to read, read together at the end: in worker processes
    when there are many, else here; either way each folder's messages are put where
    reading it in turn would have put them."""

    def __init__(self, root: Path, pool: Executor | None, known_stats: KnownStats | None = None) -> None:
        self.root = root
        self.pool = pool
        self.known_stats = known_stats
        self.pending: list[_FolderRead] = []

    def add(self, rel: str, year: int, files: list[str], diags: Diagnostics, key: str | None = None) -> IssueFolder:
        number, supplement = folder_number(_name(rel)) or (0, False)
        folder = IssueFolder(rel, year, number, None, series=folder_series(rel), supplement=supplement)
        self.pending.append(_FolderRead(folder, files, len(diags.items), key))
        return folder

    def finish(self, diags: Diagnostics, memo: Memo | None) -> None:
        items = [(read.folder.rel, read.folder.year, read.files) for read in self.pending]
        if self.pool is not None and len(items) >= FOLDER_POOL_THRESHOLD:
            chunks = [items[i:i + FOLDER_CHUNK] for i in range(0, len(items), FOLDER_CHUNK)]
            done = [_unpacked(self.root, packed) for chunk in self.pool.map(_read_packed, [self.root] * len(chunks),
                                                                              chunks) for packed in chunk]
        else:
            done = [_read_listed(self.root, *item) for item in items]
        for read, (folder, found) in reversed(list(zip(self.pending, done, strict=True))):
            for name in _FOLDER_FIELDS:  # in place: the stand-in is already in RawContent.issues
                setattr(read.folder, name, getattr(folder, name))
            diags.items[read.at:read.at] = found
            if memo is not None and read.key is not None:
                memo.put("load", read.key, (folder.stamp, folder.assets, found))
        self.pending = []


_FOLDER_FIELDS = [f.name for f in fields(IssueFolder)]


def _read_listed(root: Path, rel: str, year: int, files: list[str]) -> tuple[IssueFolder, list[Diagnostic]]:
    local = Diagnostics()
    return _read_issue_folder(root, root / rel, year, local, ContentListing(files=files)), local.items


# A folder as it travels back from a worker: the documents as plain tuples, each body as its
# length when it ends the text (it nearly always does), which halves what is sent and unpickled.
_PackedDocument = tuple[str, str, str, dict, dict, "int | str", int, bool]


def _read_packed(root: Path, items: list[tuple[str, int, list[str]]]) -> list[tuple[tuple, list[Diagnostic]]]:
    """In a worker: read the folders, packed for the way back."""
    packed = []
    for item in items:
        folder, found = _read_listed(root, *item)
        documents = [_packed(d) if d is not None else None for d in [folder.issue, *folder.articles]]
        packed.append(((folder.rel, folder.year, documents, folder.assets, folder.stamp), found))
    return packed


def _packed(doc: Document) -> _PackedDocument:
    text, body = doc.source.text, doc.body
    return (doc.source.rel, doc.source.digest, text, doc.meta, doc.lines,
            len(body) if text.endswith(body) else body, doc.body_line, doc.ok)


def _unpacked(root: Path, packed: tuple[tuple, list[Diagnostic]]) -> tuple[IssueFolder, list[Diagnostic]]:
    (rel, year, documents, assets, stamp), found = packed
    issue, *articles = [_document(root, d) if d is not None else None for d in documents]
    number, supplement = folder_number(_name(rel)) or (0, False)
    folder = IssueFolder(rel, year, number, issue, [a for a in articles if a is not None], assets, stamp,
                         series=folder_series(rel), supplement=supplement)
    return folder, found


def _document(root: Path, packed: _PackedDocument) -> Document:
    rel, digest, text, meta, lines, body, body_line, ok = packed
    if isinstance(body, int):
        body = text[len(text) - body:] if body else ""
    return Document(SourceFile(rel, root / rel, digest, text), meta, lines, body, body_line, ok)


def reread(root: Path, folder: IssueFolder, *, listing: ContentListing) -> IssueFolder:
    """The documents of a folder the cache had vouched for (its messages were already given)."""
    return _read_issue_folder(Path(root), Path(root) / folder.rel, folder.year, Diagnostics(), listing)


def _signature(root: Path, files: list[str], folder: str,
               known: dict[str, tuple[int, int]]) -> list[tuple[str, int, int]]:
    """(path in the folder, size, mtime) of every file in it: what the cache key rests on."""
    found = []
    base = os.path.join(root, "")  # plain strings: pathlib costs more than the stat itself, 11,000 times
    for rel in files:
        stat = known.get(rel)
        if stat is None:
            path = base + rel
            try:
                st = os.stat(path)
            except OSError:  # a dangling link: its own time stands for it
                st = os.lstat(path)
            stat = (st.st_size, st.st_mtime_ns)
        found.append((rel[len(folder) + 1:], *stat))
    return sorted(found)


def _read_issue_folder(root: Path, folder: Path, year: int, diags: Diagnostics,
                       listing: ContentListing) -> IssueFolder:
    rel = folder.relative_to(root).as_posix()
    issue_rel = f"{rel}/issue.md"
    issue = _read_document(root, root / issue_rel, diags) if listing.has_file(issue_rel) else None
    if issue is None:
        diags.add("E210", rel)
    number, supplement = folder_number(folder.name) or (0, False)
    result = IssueFolder(rel, year, number, issue, series=folder_series(rel), supplement=supplement)
    for file in listing.files_under(rel):
        inner = file[len(rel) + 1:]
        if file == issue_rel or any(_LITTER.search(part) for part in inner.split("/")):
            continue
        if file.lower().endswith(".md") and "/" not in inner:
            result.articles.append(_read_document(root, root / file, diags))
        else:
            result.assets.append(file)
    docs = ([issue] if issue else []) + result.articles
    identity = [(d.rel, d.source.digest) for d in docs] + [("asset", a) for a in result.assets]
    result.stamp = hashlib.blake2b(repr(identity).encode(), digest_size=16).hexdigest()
    return result


def list_content(root: Path, diags: Diagnostics) -> ContentListing:
    """The one walk of the content folder: every file and folder, and the symbolic links
    (and Windows junctions) that lead outside it (E311: nothing outside the content folder
    may be read or copied). Walked with ``os.scandir``, whose entries know whether they
    are links without a system call per file (a large bulletin has tens of thousands)."""
    top = root.resolve()
    listing = ContentListing()
    pending = [(str(root), "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        folders = []
        for entry in entries:
            rel = prefix + entry.name
            if entry.is_symlink() or (os.name == "nt" and _is_junction(Path(entry.path))):
                path = Path(entry.path)
                try:
                    inside = path.resolve(strict=True).is_relative_to(top)
                except (OSError, RuntimeError):
                    inside = False  # dangling or looping: refuse it as well
                if not inside:
                    diags.add("E311", rel, path=rel)
                if path.is_file():  # a linked file is read as the file (linked folders are not entered)
                    listing.files.append(rel)
            elif entry.is_dir(follow_symlinks=False):  # linked folders are not entered: links may loop
                folders.append((entry.path, rel + "/"))
                listing.folders.append(rel)
            else:
                listing.files.append(rel)
        pending += reversed(folders)  # depth first, in name order
    listing.files.sort()
    listing.folders.sort()
    return listing


def _is_junction(path: Path) -> bool:
    return bool(getattr(os.path, "isjunction", lambda _p: False)(path))


def _report_strays(listing: ContentListing, diags: Diagnostics) -> None:
    """Markdown files that are not where an article can be (E209)."""
    candidates = listing.files_in("") + listing.files_in("issues")
    candidates += [f for year in listing.folders_in("issues") for f in listing.files_in(year)]
    # series/, series/<id>/ and series/<id>/<YYYY>/ hold folders only (an issue.md in a
    # folder that is not a year is E265's business)
    candidates += listing.files_in(SERIES_FOLDER)
    for series in listing.folders_in(SERIES_FOLDER):
        candidates += listing.files_in(series)
        candidates += [f for year in listing.folders_in(series) for f in listing.files_in(year)
                       if not (_name(f) == "issue.md" and not YEAR_FOLDER.match(_name(year)))]
    for rel in sorted(c for c in candidates if c.lower().endswith(".md")):
        name = _name(rel)
        if not _LITTER.search(name) and not name.upper().startswith("README"):
            diags.add("E209", rel)
