"""Hostile fixtures (tests/fixtures/hostile/): each case has an exact expected outcome.

A case that must build is then checked file by file: every payload of the
fixtures carries the marker XSS7, and no output file — HTML, feeds, sitemap,
and whatever later features add (search index JSON, statistics) — may carry
it in a form a browser or feed reader would execute.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml

from bulletin.cache import default_cache_folder
from bulletin.errors import BuildError, Diagnostics
from bulletin.markdown import limits
from bulletin.pipeline import BuildOptions, build
from bulletin.stats.notice import docx_text

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
EXPECTED: dict = yaml.safe_load((HOSTILE / "expected.yaml").read_text(encoding="utf-8"))
MARK = "XSS7"
BINARY_SUFFIXES = {".ico", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".pdf", ".zip"}


def _listed(diags: Diagnostics, level: str) -> list[str]:
    items = diags.errors if level == "error" else diags.warnings
    return sorted(f"{d.code} {d.path}:{d.line}" for d in items)


def _lay_over(tree, case: str) -> None:
    shutil.copytree(HOSTILE / "cases" / case, tree.root, dirs_exist_ok=True)


def test_every_case_has_an_expectation() -> None:
    assert sorted(p.name for p in (HOSTILE / "cases").iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_hostile_case(case: str, tree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "SECONDS", 0.5)  # the bracket storm is refused quickly
    expected = EXPECTED[case]
    _lay_over(tree, case)
    out = tmp_path / "site"
    if expected.get("builds"):
        result = build(BuildOptions(content=tree.root, out=out))
        assert _listed(result.diagnostics, "warning") == sorted(expected.get("warnings", []))
        assert_harmless(out)
        assert_inside(tmp_path, {tree.root, out})
    else:
        with pytest.raises(BuildError) as failure:
            build(BuildOptions(content=tree.root, out=out))
        assert _listed(failure.value.diagnostics, "error") == sorted(expected["errors"])
        if "warnings" in expected:
            assert _listed(failure.value.diagnostics, "warning") == sorted(expected["warnings"])
        assert not out.exists(), "a failed build must not write anything"


class _Scripts(HTMLParser):
    """Everything in a page that would run a payload: frames, inline handlers,
    script URLs, scripts that are inline with a payload or come from elsewhere.
    (The theme's own local scripts, such as a search box, are fine.)"""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: (value or "").strip().lower() for name, value in attrs}
        if tag in ("iframe", "frame", "object", "embed"):
            self.found.append(f"<{tag}>")
        if tag == "script" and values.get("src", "").startswith(("http:", "https:", "//")):
            self.found.append(f"<script src={values['src']}>")
        self._in_script = tag == "script"
        for name, value in values.items():
            if name.startswith("on"):
                self.found.append(f"{tag} {name}")
            if value.startswith(("javascript:", "vbscript:")) or (tag == "meta" and "url=" in value):
                self.found.append(f"{tag} {name}={value[:30]}")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and MARK in data:
            self.found.append("inline script with the payload")


# Data files are downloaded, not rendered: there a payload is faithful text in
# the file's own syntax, and what matters is that Excel never runs it.
DATA_SUFFIXES = {".csv", ".json", ".txt"}


def assert_harmless(out: Path) -> None:
    """No output file carries a payload that would run."""
    files = [p for p in out.rglob("*") if p.is_file()]
    assert files
    for path in files:
        data = path.read_bytes()
        # a .docx (the 通报) is a zip: its words are what Word shows
        text = docx_text(data) if path.suffix == ".docx" else data.decode("utf-8", errors="replace")
        rel = path.relative_to(out).as_posix()
        for control in ("\x01", "\x02", "\x03", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f"):
            if path.suffix.lower() in BINARY_SUFFIXES:
                break  # pictures (the theme's favicon): bytes, not text a reader sees
            assert control not in text, f"{rel} carries the control character {control!r}"
        if path.suffix == ".csv":
            for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))):
                for cell in row:
                    assert cell[:1] not in ("=", "+", "@") and not (cell[:1] == "-" and not _number(cell)), (
                        f"{rel}: the cell {cell!r} would run as an Excel formula")
        if path.suffix == ".json":
            json.loads(text)
        if path.suffix in DATA_SUFFIXES:
            continue
        # Pages, feeds, charts, scripts: the payloads only ever appear with "<" escaped.
        for raw in ("<script>alert('XSS7')", "<img src=x onerror=alert('XSS7')", "</title><script>",
                    "<iframe src=\"http://evil.example/XSS7", "ontoggle=alert('XSS7')", "<svg onload="):
            assert raw not in text, f"{rel} carries the raw payload {raw!r}"
        if path.suffix == ".html":
            parser = _Scripts()
            parser.feed(text)
            assert parser.found == [], f"{rel}: {parser.found}"
            assert "evil.example" not in text or "evil.example/XSS7" not in _urls(text), rel
        if path.suffix == ".xml":
            ElementTree.fromstring(path.read_bytes())  # feeds stay well-formed


def _number(cell: str) -> bool:
    try:
        float(cell)
        return True
    except ValueError:
        return False


def _urls(text: str) -> str:
    """The href/src/action values of a page, joined (to find leaked external URLs)."""
    class Urls(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.values: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.values += [v or "" for n, v in attrs if n in ("href", "src", "action", "data", "style")]

    parser = Urls()
    parser.feed(text)
    return " ".join(parser.values)


def assert_inside(tmp_path: Path, allowed: set[Path]) -> None:
    """Nothing was written anywhere but the content and output folders (and the build
    cache, ``.cache`` beside the content folder: docs/performance.md)."""
    allowed = allowed | {default_cache_folder(a) for a in allowed}
    for path in tmp_path.rglob("*"):
        assert any(path == a or path.is_relative_to(a) for a in allowed), f"written outside: {path}"


def test_xss_payloads_in_every_field_reach_pages_as_text(tree, tmp_path: Path) -> None:
    """The payloads are still visible as text (escaped, not silently dropped)."""
    _lay_over(tree, "xss-everywhere")
    out = tmp_path / "site"
    build(BuildOptions(content=tree.root, out=out))
    article = (out / "issues/2010/001/01-yudong.html").read_text(encoding="utf-8")
    assert "玉东新区召开动员会&lt;script&gt;alert(&#39;XSS7&#39;)&lt;/script&gt;" in article
    assert "张华&#34;&gt;&lt;img src=x onerror=alert(&#39;XSS7&#39;)&gt;" in article
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    entry_title = ElementTree.fromstring(feed.encode()).find("{http://www.w3.org/2005/Atom}entry/"
                                                               "{http://www.w3.org/2005/Atom}title")
    assert entry_title is not None and entry_title.text == "玉东新区召开动员会<script>alert('XSS7')</script>"
    # raw HTML of the body was sanitised: the script and handlers are gone, the text stays
    assert "正文第一段。" in article and "alert('XSS7')</script>" not in article


def test_tags_and_file_names_shaped_like_paths_stay_in_the_output(tree, tmp_path: Path) -> None:
    _lay_over(tree, "traversal-names")
    out = tmp_path / "site"
    build(BuildOptions(content=tree.root, out=out))
    entries = sorted(p.name for p in (out / "tags").iterdir())
    assert all("/" not in t and not t.startswith(".") for t in entries)
    tags = [name for name in entries if (out / "tags" / name).is_file()]  # folders hold each tag's year pages
    assert len(tags) == 8  # index + 行动学习 + the six path-shaped tags, each its own page
    assert (out / "issues/2010/001").is_dir()
    assert_inside(tmp_path, {tree.root, out})
    assert not Path("/tmp/bulletin-escape.html").exists()
