"""``import``: Word bulletins (.docx, .doc, .wps) become issue folders of the content.

Every file is read and checked first; then the issues are written in number
order, each into a staging folder that is renamed into place only when all its
files are there. An issue that already exists is skipped and left untouched, so
importing a folder again does no harm. A classified document is refused.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bulletin.errors import Diagnostics
from bulletin.load.front_matter import split_front_matter
from bulletin.load.sources import Document, IssueFolder, SourceFile
from bulletin.scaffold import Settings
from bulletin.texts import say
from bulletin.validate.documents import UnitLookup, validate_article, validate_issue
from bulletin.validate.secrecy import find_markings
from bulletin.wordimport.assemble import IssueFiles, assemble, kind_of
from bulletin.wordimport.convert import ConversionError, convert_to_docx, file_kind, find_soffice
from bulletin.wordimport.reading import NotWordError, OtherPackageError, WordDocument, read_docx
from bulletin.wordimport.safety import classified_marking
from bulletin.wordimport.split import Bulletin, split

WORD_SUFFIXES = (".docx", ".doc", ".wps")
_LITTER = re.compile(r"^(?:~\$|\.)")
_SUPPLEMENT = re.compile(r"^s0*(\d{1,4})$", re.I)
_WHERE = {"body": ("正文", "body"), "textbox": ("文本框", "text box"), "header": ("页眉", "page header"),
          "footer": ("页脚", "page footer")}


@dataclass
class ImportOptions:
    content: Path
    series: str | None = None
    issue: tuple[int, int, bool] | None = None  # year, number, supplement
    unit: str | None = None  # the unit of pieces that name none
    dry_run: bool = False


@dataclass
class Parsed:
    path: Path
    shown: str
    bulletin: Bulletin
    year: int
    number: int
    supplement: bool
    notes: Diagnostics = field(default_factory=Diagnostics)  # warnings found while reading
    series: str | None = None  # the series it goes to (None: the main one, issues/)


@dataclass
class Tally:
    created: int = 0
    skipped: int = 0
    failed: int = 0
    lines: list[str] = field(default_factory=list)  # the report, as printed


class Importer:
    def __init__(self, options: ImportOptions, settings: Settings, lang: str,
                 emit: Callable[[str, bool], None]) -> None:
        self.options = options
        self.settings = settings
        self.lang = lang
        self.emit_line = emit
        self.diags = Diagnostics()
        self.tally = Tally()
        self.placed: dict[Path, str] = {}  # folders taken in this run → by which file

    # -- output ------------------------------------------------------------------

    def emit(self, key: str, **args: object) -> None:
        self.line(say(key, self.lang, **args))

    def line(self, text: str, problem: bool = False) -> None:
        self.tally.lines.append(text)
        self.emit_line(text, problem)

    def detail(self, key: str, **args: object) -> str:
        """Details after a path: in Chinese only when both languages are asked for
        (they are mostly Chinese titles and names anyway)."""
        return say(key, "zh" if self.lang == "both" else self.lang, **args)

    def problems(self, found: Diagnostics) -> None:
        for item in found.sorted():
            self.line(item.format(self.lang), problem=True)
        self.diags.extend(found.items)

    # -- the run -----------------------------------------------------------------

    def run(self, files: list[Path]) -> Tally:
        parsed: list[Parsed] = []
        with tempfile.TemporaryDirectory(prefix="bulletin-import-") as work:
            for index, path in enumerate(files):
                found = Diagnostics()
                try:
                    item = self.parse(path, Path(work) / str(index), found)
                except Exception as exc:  # a document this reader did not foresee: one file fails, not the run
                    found.add("E716", shown(path), problem=f"{type(exc).__name__}: {exc}")
                    item = None
                if item is None:
                    self.tally.failed += 1
                    self.line(f"{shown(path)} → —")
                    self.problems(found)
                else:
                    parsed.append(item)
        parsed.sort(key=lambda p: (p.year, p.supplement, p.number, p.shown))
        for item in parsed:
            try:
                self.place(item)
            except Exception as exc:  # as above; write_issue has already removed any staging folder
                found = Diagnostics()
                found.add("E716", item.shown, problem=f"{type(exc).__name__}: {exc}")
                self.tally.failed += 1
                self.problems(found)
        return self.tally

    def parse(self, path: Path, work: Path, diags: Diagnostics) -> Parsed | None:
        name = shown(path)
        document = self.read(path, work, diags)
        if document is None:
            return None
        if not any(b.text or b.pictures for b in document.blocks):
            diags.add("E702", name)
            return None
        marking = classified_marking(document)
        if marking:
            diags.add("E706", name, mark=marking[0], where=marking[1], where_en=marking[2])
            return None
        bulletin = split(document)
        year, number, supplement = self.location_of(bulletin, name, diags)
        if bulletin.date is None or number is None or year is None:
            missing = [w for w, absent in (("“第N期”期号", number is None), ("印发日期", bulletin.date is None))
                       if absent]
            missing_en = [w for w, absent in (("issue number", number is None), ("date", bulletin.date is None))
                          if absent]
            diags.add("E703", name, missing="和".join(missing), missing_en=" and ".join(missing_en))
            return None
        if not bulletin.pieces:
            diags.add("E715", name)
            return None
        return Parsed(path, name, bulletin, year, number, supplement, diags,
                      series=self.series_for(bulletin, name, diags))

    def read(self, path: Path, work: Path, diags: Diagnostics) -> WordDocument | None:
        name = shown(path)
        try:
            kind = file_kind(path)
        except OSError as exc:
            diags.add("E101", name, reason=exc.strerror or str(exc))
            return None
        if kind == "other":
            diags.add("E700", name)
            return None
        source = path
        if kind == "ole":
            soffice = find_soffice()
            if soffice is None:
                diags.add("E704", name, suffix=path.suffix.lower() or ".doc")
                return None
            self.emit("import.converting", source=name)
            work.mkdir(parents=True, exist_ok=True)
            try:
                source = convert_to_docx(soffice, path, work)
            except ConversionError as exc:
                diags.add("E705", name, reason=str(exc))
                return None
        try:
            document = read_docx(source)
        except OtherPackageError:
            diags.add("E700", name)
            return None
        except NotWordError as exc:
            diags.add("E701", name, reason=str(exc))
            return None
        document.path = path
        return document

    def series_for(self, bulletin: Bulletin, name: str, diags: Diagnostics) -> str | None:
        """--series when given; otherwise the series whose title the masthead shows (a folder
        may mix the 简报 and the 通报), else the main one. A masthead naming neither is reported."""
        masthead = _compact(bulletin.masthead)
        chosen: str | None = self.options.series
        if not chosen:
            chosen = next((str(s["id"]) for s in self.settings.series if masthead and s.get("id")
                           and _compact(str(s.get("title", ""))) == masthead), None)
        expected = str((self.series_entry(chosen) or {}).get("title") or self.settings.site.title)
        if masthead and masthead != _compact(expected):
            against = f"系列“{chosen}”" if chosen else "site.yaml"
            diags.add("W486", name, found=bulletin.masthead, expected=expected, against=against,
                      against_en=f"series '{chosen}'" if chosen else "site.yaml")
        return chosen

    def location_of(self, bulletin: Bulletin, name: str,
                    diags: Diagnostics) -> tuple[int | None, int | None, bool]:
        if self.options.issue is not None:
            year, number, supplement = self.options.issue
            if bulletin.number is not None and bulletin.number != number:
                diags.add("W485", name, found=bulletin.number, number=number)
            return year, number, supplement
        found_year: int | None = bulletin.year or (bulletin.date.year if bulletin.date else None)
        return found_year, bulletin.number, bulletin.supplement

    # -- placing one issue -----------------------------------------------------------

    def place(self, item: Parsed) -> None:
        content = self.options.content
        folder = self.folder_for(item)
        rel = folder.relative_to(content).as_posix()
        self.line(f"{item.shown} → {rel}")
        found = Diagnostics()
        found.extend(item.notes.items)
        if folder in self.placed:
            found.add("E714", item.shown, other=self.placed[folder], where=rel)
            self.tally.failed += 1
            self.problems(found)
            return
        existing = existing_issue(folder.parent, item.number, item.supplement)
        if existing is not None:
            found.add("W483", item.shown, number=item.number, folder=existing.relative_to(content).as_posix())
            self.tally.skipped += 1
            self.problems(found)
            return
        files = self.assemble(item, found)
        if files is None or not self.checked(item, files, rel, found):
            self.tally.failed += 1
            self.problems(found)
            return
        self.report_leftovers(item, found)
        if not self.options.dry_run:
            try:
                write_issue(folder, _contents(files))
            except OSError as exc:
                found.add("E712", item.shown, path=rel, reason=exc.strerror or str(exc))
                self.tally.failed += 1
                self.problems(found)
                return
        self.placed[folder] = item.shown
        self.tally.created += 1
        self.report_created(item, files, rel)
        self.problems(found)

    def folder_for(self, item: Parsed) -> Path:
        base = self.options.content / (f"series/{item.series}" if item.series else "issues")
        name = f"s{item.number}" if item.supplement else f"{item.number:03d}"
        return base / str(item.year) / name

    def assemble(self, item: Parsed, found: Diagnostics) -> IssueFiles | None:
        fallback = None
        if self.options.unit:
            fallback = UnitLookup(self.settings.units).resolve(self.options.unit.strip())
        files = assemble(item.bulletin, self.settings.site, self.settings.units, item.path.name,
                         fallback_unit=fallback, defaults=self.masthead_defaults(item.series))
        for piece in files.missing_units:
            found.add("E707", item.shown, title=piece.title, number=piece.number)
        return None if files.missing_units else files

    def masthead_defaults(self, series_id: str | None) -> dict:
        """What an issue inherits: its series' copies and 报/送/发, else site.yaml's."""
        site = self.settings.site
        series = self.series_entry(series_id) or {}
        copies = series["copies"] if isinstance(series.get("copies"), int) else site.copies
        distribution = dict(site.distribution)
        if isinstance(series.get("distribution"), dict):
            distribution.update(series["distribution"])
        return {"copies": copies, "distribution": distribution}

    def series_entry(self, series_id: str | None) -> dict | None:
        if not series_id:
            return None
        return next((s for s in self.settings.series if s.get("id") == series_id), None)

    def checked(self, item: Parsed, files: IssueFiles, rel: str, found: Diagnostics) -> bool:
        """The files must pass the build's own checks, markings included, before they are written."""
        problems = Diagnostics()
        folder = IssueFolder(rel, item.year, item.number, _document(f"{rel}/issue.md", files.issue_text, problems))
        issue = validate_issue(folder, self.settings.site, problems)
        texts = [(f"{rel}/issue.md", files.issue_text)] + [(f"{rel}/{p.name}", p.text) for p in files.pieces]
        for path, text in texts:
            for _, mark in find_markings(text):
                problems.add("E303", path, mark=mark)
        if issue is not None:
            lookup = UnitLookup(self.settings.units)
            for piece in files.pieces:
                doc = _document(f"{rel}/{piece.name}", piece.text, problems)
                validate_article(doc, issue, self.settings.site, lookup, problems)
        if not problems.errors:
            return True
        first = sorted(problems.errors, key=lambda d: (d.path, d.line))[0]
        found.add("E713", item.shown, problem=first.format("zh"))
        return False

    def report_leftovers(self, item: Parsed, found: Diagnostics) -> None:
        bulletin = item.bulletin
        self.check_publisher(item, found)
        for left in bulletin.unplaced:
            zh, en = _WHERE.get(left.where, (left.where, left.where))
            found.add("W482", item.shown, number=left.number or "—", where=zh, where_en=en, text=_short(left.text))
        for piece in bulletin.pieces:
            kind, known = kind_of(piece.column, self.settings.site)
            if piece.column and not known:
                found.add("W481", item.shown, column=piece.column, label=self.settings.site.kinds.get(kind, kind))
        if bulletin.linked_pictures:
            found.add("W484", item.shown, count=bulletin.linked_pictures)

    def check_publisher(self, item: Parsed, found: Diagnostics) -> None:
        written = _publisher(item.bulletin.publisher)
        series = self.series_entry(item.series) or {}
        expected = str(series.get("publisher") or self.settings.site.publisher)
        against = f"系列“{item.series}”" if series.get("publisher") else "site.yaml"
        if written and written not in expected and _publisher(expected) not in written:
            found.add("W480", item.shown, found=written, expected=expected, against=against,
                      against_en=f"series '{item.series}'" if series.get("publisher") else "site.yaml")

    def report_created(self, item: Parsed, files: IssueFiles, rel: str) -> None:
        bulletin = item.bulletin
        verb = say("import.planned" if self.options.dry_run else "import.created", self.lang)
        what = self.detail("import.issue_what", number=item.number,
                           total=f"（总第{bulletin.total}期）" if bulletin.total and not item.supplement else "",
                           date=bulletin.date.isoformat() if bulletin.date else "",
                           title=f"，{bulletin.special_title}" if bulletin.special_title else "",
                           pieces=len(files.pieces))
        if item.supplement:
            what = f"{self.detail('import.supplement')} {what}"
        self.line(f"  {verb} {rel}/issue.md  {what}")
        names = {u.id: u.name for u in self.settings.units}
        kinds = self.settings.site.kinds
        for piece in files.pieces:
            units = "、".join(names.get(u, u) for u in piece.unit_ids)
            column = f"【{piece.column}】" if piece.column else "—"
            author = f"，{piece.author}" if piece.author else ""
            self.line(f"  {verb} {rel}/{piece.name}  《{piece.title}》 {kinds.get(piece.kind, piece.kind)}"
                      f" {column}，{units}{author}，{self.detail('import.from_paragraph', number=piece.number)}")
            for picture in piece.pictures:
                self.line(f"  {verb} {rel}/{picture}  {self.detail('import.picture')}")


# -- helpers -------------------------------------------------------------------------

def collect(paths: list[Path], diags: Diagnostics) -> list[Path]:
    """The Word files named, or found in the folders named (sorted, Word's lock files skipped)."""
    files: list[Path] = []
    for path in paths:
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in WORD_SUFFIXES
                           and not any(_LITTER.match(part) for part in p.relative_to(path).parts))
            if not found:
                diags.add("E711", shown(path))
            files += found
        else:
            diags.add("E710", shown(path), path=shown(path))
    return files


def existing_issue(year_dir: Path, number: int, supplement: bool) -> Path | None:
    """The folder already holding this issue (3, 003 and s1, s01 are the same), if any."""
    if not year_dir.is_dir():
        return None
    for child in year_dir.iterdir():
        if not child.is_dir():
            continue
        if supplement:
            match = _SUPPLEMENT.match(child.name)
            if match and int(match.group(1)) == number:
                return child
        elif child.name.isdigit() and int(child.name) == number:
            return child
    return None


def write_issue(folder: Path, files: dict[str, bytes]) -> None:
    """All files of an issue appear at once: written into a staging folder beside
    it (a dot folder the build ignores), then renamed into place."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".import-", dir=folder.parent))
    try:
        for name, data in files.items():
            (staging / name).write_bytes(data)
        if folder.exists():
            raise FileExistsError(17, "exists", str(folder))
        os.rename(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def shown(path: Path) -> str:
    """A path as the user would recognise it: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def _contents(files: IssueFiles) -> dict[str, bytes]:
    result = {"issue.md": files.issue_text.encode("utf-8")}
    for piece in files.pieces:
        result[piece.name] = piece.text.encode("utf-8")
        result.update(piece.pictures)
    return result


def _document(rel: str, text: str, diags: Diagnostics) -> Document:
    front = split_front_matter(text, rel, diags)
    return Document(SourceFile(rel, Path(rel), "", text), front.meta, front.lines, front.body, front.body_line,
                    front.ok)


def _publisher(text: str) -> str:
    text = re.sub(r"^编印(?:单位)?[：:]?", "", "".join(text.split()))
    return re.sub(r"(?:编印|主办|编|印)$", "", text)


def _compact(text: str) -> str:
    return "".join(text.split())


def _short(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"
