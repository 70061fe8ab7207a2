"""The HTML that becomes a PDF: one issue, or a year's 合订本.

Made from the library with the package's own templates (``templates/``): the
printed issue is a document of its own, not the web page with parts hidden,
so nothing of the web (navigation, search, buttons, badges) can reach it.
Only published articles are shown: drafts and articles not yet due never
reach a PDF, even in a ``build --drafts`` preview.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markupsafe import Markup

from bulletin.model.entities import Article, Issue, IssueKey, Unit
from bulletin.model.library import Library
from bulletin.pdf.fonts import FontChoice, font_faces
from bulletin.validate.fields import today

TEMPLATES = Path(__file__).resolve().parent / "templates"
DISTRIBUTION_ORDER = ("报", "送", "发", "抄送")
_NOTE_LABEL = re.compile(r"^(\s*<p>)\s*编者按\s*[：:]\s*")
_FIRST_PARAGRAPH = re.compile(r"^(\s*<p>)")
NOTE_LABEL = '<span class="note-label">编者按：</span>'


def editor_note(html: str) -> str:
    """The 编者按's HTML with its label in a span of its own (set in 黑体 in print and PDF),
    whether the office wrote “编者按：” or not."""
    if not html.strip():
        return html
    labelled, count = _NOTE_LABEL.subn(lambda m: m.group(1) + NOTE_LABEL, html, count=1)
    if not count:
        labelled, count = _FIRST_PARAGRAPH.subn(lambda m: m.group(1) + NOTE_LABEL, html, count=1)
    return labelled if count else f"<p>{NOTE_LABEL}</p>{html}"


_IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]+)(")')


@dataclass
class IssueDoc:
    """What the printed issue shows."""

    issue: Issue
    articles: list[Article]
    note_html: Markup
    bodies: list[Markup]
    distribution: list[tuple[str, list[str]]]
    copies: int | None


def published(issue: Issue) -> list[Article]:
    """The issue's articles a reader may see: no drafts, nothing before its publish_after day."""
    day = today()
    return [a for a in issue.articles if not a.draft and not (a.publish_after and a.publish_after > day)]


def numbering(issue: Issue) -> str:
    """The 期号 line: 第N期（总第N期）, or 增刊第N期 for a supplement (not counted in 总第N期)."""
    if issue.supplement or issue.total is None:
        return issue.label
    return f"{issue.label}（总第{issue.total}期）"


def issue_doc(lib: Library, issue: Issue, content_root: Path | None) -> IssueDoc:
    distribution = dict(issue.series.distribution)  # the series' 报/送/发 unless issue.md gives its own
    distribution.update(issue.distribution)
    ordered = sorted(distribution.items(), key=lambda kv: (
        DISTRIBUTION_ORDER.index(kv[0]) if kv[0] in DISTRIBUTION_ORDER else 9, kv[0]))
    articles = published(issue)
    folder = content_root / issue.folder if content_root is not None else None
    note = Markup(editor_note(issue.note_html))  # the markdown stage's sanitised HTML
    return IssueDoc(issue, articles, note, [_body(a.html, folder) for a in articles],
                    [(who, names) for who, names in ordered if names], issue.copies or issue.series.copies)


def _body(html: str, folder: Path | None) -> Markup:
    """An article's HTML with its images addressed as files beside the article's source."""
    if folder is None:
        return Markup(html)

    def absolute(match: re.Match[str]) -> str:
        src = match.group(2)
        if urlsplit(src).scheme or src.startswith(("/", "#")):
            return match.group(0)
        return match.group(1) + (folder / unquote(src)).resolve().as_uri() + match.group(3)

    return Markup(_IMG_SRC.sub(absolute, html))


@dataclass
class IssuePages:
    """Where an issue sits in its 合订本: its first page and each article's page (volume pages)."""

    start: int
    articles: list[int]


def unit_index(lib: Library, docs: list[IssueDoc]) -> list[tuple[Unit, list[tuple[IssueDoc, int]]]]:
    """The 合订本's index by unit: each unit's articles (issue, article number), in the order they appear."""
    entries: dict[str, list[tuple[IssueDoc, int]]] = {}
    for doc in docs:
        for number, article in enumerate(doc.articles):
            for unit_id in article.unit_ids:
                entries.setdefault(unit_id, []).append((doc, number))
    return [(unit, entries[unit.id]) for unit in lib.units if unit.id in entries]


class Documents:
    """Renders the HTML of issues and 合订本 with the package's templates."""

    def __init__(self, lib: Library, fonts: list[FontChoice]) -> None:
        from bulletin.render.environment import make_environment

        self.lib = lib
        self.env = make_environment(TEMPLATES)
        stacks = {choice.role.id: Markup(choice.stack()) for choice in fonts}  # our own names
        css = self.env.get_template("pdf.css").render(fonts=stacks, faces=Markup(font_faces(fonts)))
        self.common = {"site": lib.site, "lib": lib, "numbering": numbering, "css": Markup(css)}

    def issue_html(self, doc: IssueDoc) -> str:
        return self.env.get_template("issue.html").render(self.common, doc=doc)

    def volume_html(self, part: str, year: int, docs: list[IssueDoc], pages: dict[IssueKey, IssuePages]) -> str:
        """The cover and 目录 (``part`` "front") or the 单位索引 ("index") of a series' 合订本 of one year."""
        return self.env.get_template("volume.html").render(
            self.common, part=part, year=year, docs=docs, pages=pages, series=docs[0].issue.series,
            unit_index=unit_index(self.lib, docs))
