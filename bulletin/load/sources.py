"""Walk the content folder (layout in docs/content-format.md) and read every
file into raw documents. Unknown folders and editor litter are ignored; a
Markdown file in the wrong place is reported."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from bulletin.cache.state import now_ns, stat_trusted
from bulletin.cache.store import Memo
from bulletin.errors import Diagnostics
from bulletin.load.decode import UndecodableError, decode_text
from bulletin.load.front_matter import FrontMatter, parse_mapping, split_front_matter
from bulletin.patterns import NUMBER_FOLDER, YEAR_FOLDER
from bulletin.texts import both

# Files editors and office suites leave behind while saving.
_LITTER = re.compile(r"^(?:\.|~\$)|(?:~|\.tmp|\.swp|\.swx|\.bak)$", re.I)
# A text file larger than this is a mistake (an article is a few thousand
# characters), and refusing it keeps the build fast and bounded.
MAX_TEXT_BYTES = 2 * 1024 * 1024


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
    rel: str  # issues/2011/003
    year: int
    number: int
    issue: Document | None
    articles: list[Document] = field(default_factory=list)
    assets: list[str] = field(default_factory=list)  # rel paths of images/attachments
    stamp: str = ""  # identity of its files (names and content digests): the validate cache's key
    # Set when the build cache vouched for the folder and its files were not read:
    # ``issue`` and ``articles`` are then empty, and ``reread`` fetches them if needed.
    unread: bool = False


@dataclass
class RawContent:
    root: Path
    site: YamlFile | None
    units: YamlFile | None
    profiles: list[Document] = field(default_factory=list)
    pages: list[Document] = field(default_factory=list)
    issues: list[IssueFolder] = field(default_factory=list)


def load_content(root: Path, diags: Diagnostics, memo: Memo | None = None) -> RawContent:
    """Read the whole content tree; every problem is added to ``diags``.

    With a ``memo`` (the build cache), an issue folder whose files all have the
    sizes and times they had when it was last read is not read again.
    """
    root = Path(root)
    if not (root / "site.yaml").is_file():
        diags.add("E222", str(root), path=str(root))
        return RawContent(root, None, None)
    _report_links_leaving(root, diags)
    raw = RawContent(root, _read_yaml(root, "site.yaml", diags), _read_yaml(root, "units.yaml", diags))
    raw.profiles = [_read_document(root, p, diags, required=False) for p in _markdown_in(root / "units")]
    raw.pages = [_read_document(root, p, diags) for p in _markdown_in(root / "pages")]
    raw.issues = _read_issues(root, diags, memo)
    _report_strays(root, diags)
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


def _markdown_in(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".md"
                  and not _LITTER.search(p.name))


def _read_issues(root: Path, diags: Diagnostics, memo: Memo | None) -> list[IssueFolder]:
    issues_dir = root / "issues"
    if not issues_dir.is_dir():
        return []
    folders: list[IssueFolder] = []
    for year_dir in sorted(p for p in issues_dir.iterdir() if p.is_dir() and not _LITTER.search(p.name)):
        if not YEAR_FOLDER.match(year_dir.name):
            diags.add("E211", year_dir.relative_to(root).as_posix(), name=year_dir.name,
                      what=both("load.year_folder"))
            continue
        for number_dir in sorted(p for p in year_dir.iterdir() if p.is_dir() and not _LITTER.search(p.name)):
            rel = number_dir.relative_to(root).as_posix()
            if not NUMBER_FOLDER.match(number_dir.name) or int(number_dir.name) == 0:
                diags.add("E211", rel, name=number_dir.name, what=both("load.number_folder"))
                continue
            folders.append(_remembered_issue_folder(root, number_dir, int(year_dir.name), diags, memo))
    return folders


def _remembered_issue_folder(root: Path, folder: Path, year: int, diags: Diagnostics,
                             memo: Memo | None) -> IssueFolder:
    """An unread stand-in when none of the folder's files changed since the cache
    saw them (validation then comes from the cache too), else the folder read."""
    if memo is None:
        return _read_issue_folder(root, folder, year, diags)
    started = now_ns()
    signature = _signature(folder)
    stamp = hashlib.blake2b(repr(signature).encode(), digest_size=16).hexdigest()
    rel = folder.relative_to(root).as_posix()
    key = f"{root.resolve()}|{rel}|{stamp}"
    cached = memo.get("load", key)
    if cached is not None:
        content_stamp, assets, found = cached
        diags.extend(found)
        return IssueFolder(rel, year, int(folder.name), None, [], assets, content_stamp, unread=True)
    local = Diagnostics()
    result = _read_issue_folder(root, folder, year, local)
    diags.extend(local.items)
    if all(stat_trusted((size, mtime), started) for _, size, mtime in signature):
        memo.put("load", key, (result.stamp, result.assets, local.items))
    return result


def reread(root: Path, folder: IssueFolder) -> IssueFolder:
    """The documents of a folder the cache had vouched for (its messages were already given)."""
    return _read_issue_folder(Path(root), Path(root) / folder.rel, folder.year, Diagnostics())


def _signature(folder: Path) -> list[tuple[str, int, int]]:
    """(rel path, size, mtime) of every file in the folder: what the cache key rests on."""
    found = []
    pending = [(str(folder), "")]
    while pending:
        path, prefix = pending.pop()
        for entry in os.scandir(path):
            if entry.is_dir(follow_symlinks=False):  # a linked folder is not entered: links may loop
                pending.append((entry.path, prefix + entry.name + "/"))
                continue
            try:
                st = entry.stat()
            except OSError:  # a dangling link: its own time stands for it
                st = entry.stat(follow_symlinks=False)
            found.append((prefix + entry.name, st.st_size, st.st_mtime_ns))
    return sorted(found)


def _read_issue_folder(root: Path, folder: Path, year: int, diags: Diagnostics) -> IssueFolder:
    rel = folder.relative_to(root).as_posix()
    issue_path = folder / "issue.md"
    issue = _read_document(root, issue_path, diags) if issue_path.is_file() else None
    if issue is None:
        diags.add("E210", rel)
    result = IssueFolder(rel, year, int(folder.name), issue)
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or any(_LITTER.search(part) for part in path.relative_to(folder).parts):
            continue
        if path == issue_path:
            continue
        if path.suffix.lower() == ".md" and path.parent == folder:
            result.articles.append(_read_document(root, path, diags))
        else:
            result.assets.append(path.relative_to(root).as_posix())
    docs = ([issue] if issue else []) + result.articles
    identity = [(d.rel, d.source.digest) for d in docs] + [("asset", a) for a in result.assets]
    result.stamp = hashlib.blake2b(repr(identity).encode(), digest_size=16).hexdigest()
    return result


def _report_links_leaving(root: Path, diags: Diagnostics) -> None:
    """Symbolic links (and Windows junctions) inside content/ that lead outside it
    (E311): nothing outside the content folder may be read or copied. Walked with
    ``os.scandir``, whose entries know whether they are links without a system call
    per file (a large bulletin has tens of thousands)."""
    top = root.resolve()
    pending = [str(root)]
    while pending:
        folder = pending.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        folders = []
        for entry in entries:
            if entry.is_symlink() or (os.name == "nt" and _is_junction(Path(entry.path))):
                path = Path(entry.path)
                try:
                    inside = path.resolve(strict=True).is_relative_to(top)
                except (OSError, RuntimeError):
                    inside = False  # dangling or looping: refuse it as well
                if not inside:
                    rel = path.relative_to(root).as_posix()
                    diags.add("E311", rel, path=rel)
            elif entry.is_dir(follow_symlinks=False):  # linked folders are not entered: links may loop
                folders.append(entry.path)
        pending += reversed(folders)  # depth first, in name order


def _is_junction(path: Path) -> bool:
    return bool(getattr(os.path, "isjunction", lambda _p: False)(path))


def _report_strays(root: Path, diags: Diagnostics) -> None:
    """Markdown files that are not where an article can be (E209)."""
    issues_dir = root / "issues"
    candidates = list(root.glob("*.md"))
    if issues_dir.is_dir():
        candidates += list(issues_dir.glob("*.md")) + list(issues_dir.glob("*/*.md"))
    for path in sorted(candidates):
        if not _LITTER.search(path.name) and not path.name.upper().startswith("README"):
            diags.add("E209", path.relative_to(root).as_posix())
