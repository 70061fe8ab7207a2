"""Prove that a built site may go live, by reading the files themselves.

Validation has already refused bad content; this is the last look before the
switch, at what readers would actually receive, so that a theme, a new
feature or a bug upstream cannot leak what the content checks kept out:

- every relative link and image resolves to a file of the site (E313);
- nothing is loaded from another host (E314);
- no classification marking appears anywhere in the output (E315);
- no withheld article (draft, not yet due) reached it, by file or by title (E316);
- the PDFs (bulletin/pdf) are read as text (pypdf) for both of these; an unreadable PDF is E603;
- no script-bearing HTML: event handlers, ``javascript:`` URLs, frames (E317);
- when site.yaml asks for it, every issue carries its 保密审查 sign-off (E305).
"""

from __future__ import annotations

import html
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

from bulletin.errors import Diagnostics
from bulletin.model.library import Library
from bulletin.router import Router
from bulletin.stats.notice import docx_text
from bulletin.validate.secrecy import find_markings

TEXT_SUFFIXES = {".html", ".htm", ".xml", ".json", ".js", ".css", ".txt", ".svg", ".csv"}
# A withheld title shorter than this is too common a phrase to search for.
MIN_TITLE_CHARS = 6
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""", re.I)
_TAG = re.compile(r"<[^>]*>")
_INLINE = "a|abbr|b|cite|code|del|em|i|ins|kbd|mark|q|s|samp|small|span|strong|sub|sup|u|var"
_BLOCK_TAG = re.compile(rf"<(?!/?(?:{_INLINE})\b)[^>]*>", re.I)
_SPACE = re.compile(r"\s+")
_LOADING_LINK_RELS = {"stylesheet", "icon", "shortcut", "preload", "modulepreload", "manifest", "apple-touch-icon"}
_FRAMES = {"iframe", "frame", "frameset", "object", "embed", "applet"}
_URL_ATTRIBUTES = {"href", "src", "srcset", "poster", "data", "action", "formaction", "background", "xlink:href"}


def verify_site(root: Path, lib: Library, router: Router) -> Diagnostics:
    """Every problem that stops ``root`` from being published."""
    diags = Diagnostics()
    files = _files(root)
    texts: dict[str, str] = {}
    for rel in files:
        if Path(rel).suffix.lower() in TEXT_SUFFIXES:
            texts[rel] = (root / rel).read_bytes().decode("utf-8", errors="replace")
        elif Path(rel).suffix.lower() == ".pdf":
            text = pdf_text(root / rel)
            if text is None:
                diags.add("E603", rel)
            else:
                texts[rel] = text
        elif Path(rel).suffix.lower() == ".docx":  # the 通报 (stats/notice): its words, for markings and titles
            texts[rel] = docx_text((root / rel).read_bytes())
    for rel, text in texts.items():
        suffix = Path(rel).suffix.lower()
        if suffix in (".html", ".htm"):
            _check_html(rel, text, files, lib.site.allow_html, diags)
        elif suffix == ".css":
            _check_css(rel, text, 1, files, diags)
        _check_markings(rel, text, diags)
    _check_withheld(lib, router, files, texts, diags)
    _check_reviews(lib, diags)
    return diags


def pdf_text(path: Path) -> str | None:
    """The text of a PDF without line breaks or spaces (a title may wrap); None if unreadable."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(path)
        text = "".join(page.extract_text() or "" for page in reader.pages)
    except (PyPdfError, OSError, ValueError, KeyError, TypeError):
        return None
    return _SPACE.sub("", text)


def _files(root: Path) -> set[str]:
    found: set[str] = set()
    for folder, _dirs, names in os.walk(root):
        for name in names:
            found.add((Path(folder) / name).relative_to(root).as_posix())
    return found


class _PageReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[int, str, bool]] = []  # (line, url, loaded with the page)
        self.unsafe: list[tuple[int, str]] = []
        self.styles: list[tuple[int, str]] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        values = {name: value or "" for name, value in attrs}
        if tag in _FRAMES:
            self.unsafe.append((line, f"<{tag}>"))
        refresh = tag == "meta" and values.get("http-equiv", "").lower() == "refresh"
        if refresh and "url=" in values.get("content", "").lower():
            self.unsafe.append((line, "meta refresh"))
        if tag == "style":
            self._in_style = True
        for name, value in values.items():
            if name.startswith("on"):
                self.unsafe.append((line, f"{name}="))
            elif name == "style":
                self.styles.append((line, value))
            elif name in _URL_ATTRIBUTES and value.strip():
                for url in _split_srcset(value) if name == "srcset" else [value.strip()]:
                    self.urls.append((line, url, _loads(tag, name, values)))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append((self.getpos()[0], data))


def _loads(tag: str, attribute: str, values: dict[str, str]) -> bool:
    if tag == "a" or tag == "area" or attribute in ("action", "formaction"):
        return False
    if tag == "link":
        return bool(set(values.get("rel", "").lower().split()) & _LOADING_LINK_RELS)
    return True


def _split_srcset(value: str) -> list[str]:
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def _check_html(rel: str, text: str, files: set[str], allow_html: bool, diags: Diagnostics) -> None:
    reader = _PageReader()
    reader.feed(text)
    reader.close()
    if not allow_html:
        for line, what in reader.unsafe:
            diags.add("E317", rel, line, what=what)
    for line, url, loads in reader.urls:
        _check_url(rel, line, url, loads, files, allow_html, diags)
    for line, css in reader.styles:
        _check_css(rel, css, line, files, diags)


def _check_css(rel: str, css: str, first_line: int, files: set[str], diags: Diagnostics) -> None:
    for match in _CSS_URL.finditer(css):
        url = (match.group(2) or match.group(4) or "").strip()
        line = first_line + css.count("\n", 0, match.start())
        if url and not url.startswith("data:"):
            _check_url(rel, line, url, True, files, False, diags)


def _check_url(rel: str, line: int, url: str, loads: bool, files: set[str], allow_html: bool,
               diags: Diagnostics) -> None:
    if url.startswith("#"):
        return
    scheme = _SCHEME.match(url)
    if scheme:
        name = scheme.group(1).lower()
        if name in ("javascript", "vbscript") and not allow_html:
            diags.add("E317", rel, line, what=f"{name}: 链接")
        elif loads and name != "data":
            diags.add("E314", rel, line, target=url)
        return
    if url.startswith("//"):
        if loads:
            diags.add("E314", rel, line, target=url)
        return
    if not _resolves(rel, url, files):
        diags.add("E313", rel, line, target=url)


def _resolves(rel: str, url: str, files: set[str]) -> bool:
    """Does the relative ``url`` on page ``rel`` name a file of the site?"""
    if url.startswith(("/", "\\")):
        return False  # breaks under a sub-path and on file://
    path = unquote(url.split("#", 1)[0].split("?", 1)[0])
    if not path:
        return True
    base = rel.rsplit("/", 1)[0] if "/" in rel else ""
    parts: list[str] = base.split("/") if base else []
    for part in path.split("/"):
        if part == "..":
            if not parts:
                return False  # above the site root
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    target = "/".join(parts)
    return target in files or f"{target}/index.html" in files or (not target and "index.html" in files)


def _check_markings(rel: str, text: str, diags: Diagnostics) -> None:
    # Block tags end a line; inline tags (机<em>密</em>) and entities are left to the marking rule.
    visible = _BLOCK_TAG.sub("\n", text) if rel.endswith((".html", ".htm", ".xml", ".svg")) else text
    for _index, mark in find_markings(visible):
        diags.add("E315", rel, mark=mark)
        return  # one per file is enough to stop the publish


def _check_withheld(lib: Library, router: Router, files: set[str], texts: dict[str, str],
                    diags: Diagnostics) -> None:
    """The final scan: no withheld article's page or title is in the output."""
    for article in lib.withheld:
        if router.article(article) in files:
            diags.add("E316", router.article(article), title=article.title, source=article.source)
        if len(article.title) < MIN_TITLE_CHARS:
            continue
        title = article.title
        forms = {title, html.escape(title), html.escape(title, quote=False),  # pages, feeds
                 json.dumps(title)[1:-1], json.dumps(title, ensure_ascii=False)[1:-1],  # search index
                 _SPACE.sub("", title)}  # PDFs, read without line breaks
        for rel, text in texts.items():
            if any(form in text for form in forms):
                diags.add("E316", rel, title=article.title, source=article.source)


def _check_reviews(lib: Library, diags: Diagnostics) -> None:
    if not lib.site.review_required:
        return
    for issue in lib.issues:
        if not issue.review_by:
            diags.add("E305", issue.source, 1)
