"""Property-based robustness: whatever an article file holds, the build either
succeeds or reports errors — never a traceback, never a hang, never a file
outside the output folder, never a half-written site.

Bounded: a few dozen examples per property, a deadline per example, and the
Markdown time budget lowered so that a pathological text is refused quickly.
"""

from __future__ import annotations

import codecs
import itertools
import shutil
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bulletin.commands import main
from bulletin.load import sources
from bulletin.markdown import limits

FUZZ = settings(max_examples=30, deadline=4000, derandomize=True, database=None, print_blob=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
ARTICLE = "issues/2010/001/02-fuzz.md"
_counter = itertools.count()

KEYS = ["title", "标题", "kind", "类型", "units", "单位", "date", "日期", "tags", "author", "summary", "stage",
        "metrics", "draft", "classification", "密级", "publish_after", "review"]
# Markdown's own syntax, HTML, CJK, controls, odd spaces, surrogate-free astral characters.
BODY_ALPHABET = st.sampled_from(list("[]()<>!*_`#-+|:>\\/&;\"'=\n\n\n \t\u3000abc123") + [
    "玉", "东", "机密★1年", "【涉密】", "<script>", "javascript:", "../", "\x00", "\x01", "\x02", "\x03",
    "\x1b", "\x7f", "\ufeff", "\u202e", "\U0001f600", "\r\n", "\r", "&#x3c;", "{: onclick=x }"])

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=40),
    st.sampled_from(["briefing", "case", "progress", "yudong", "2010-06-01", "2010年6月1日", "2999-01-01",
                     "秘密", "内部", "公开", "涉密", "true", "是", "pilot", "x" * 5000]),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)), max_leaves=12)
front_matter = st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=10)), values, max_size=8)
bodies = st.lists(BODY_ALPHABET, max_size=300).map("".join)
encodings = st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "latin-1-tail"])


@pytest.fixture(autouse=True)
def quick_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "SECONDS", 1.0)


def encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-8-sig":
        return codecs.BOM_UTF8 + text.encode("utf-8", "surrogatepass")
    if encoding == "latin-1-tail":  # UTF-8 with a stray single-byte tail, as from a bad copy
        return text.encode("utf-8", "surrogatepass") + b"\xe9t\xe9 \xa0\xff"
    return text.encode(encoding, "replace")


def run_build(tree, tmp_path: Path, relative: str, data: bytes) -> tuple[int, Path]:
    """Build a private copy of ``tree`` with ``data`` at ``relative``; check the invariants."""
    work = tmp_path / f"example-{next(_counter)}"
    content, out = work / "content", work / "site"
    shutil.copytree(tree.root, content)
    target = content / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    code = main(["build", "--content", str(content), "--out", str(out)])
    assert code in (0, 1)
    # Only the output folder, build's own report beside it (docs/messages.md) and the
    # build cache beside the content (docs/performance.md) are written.
    assert {p.name for p in work.iterdir()} <= {"content", "site", "site-report.txt", ".cache"}, \
        "written beside the output"
    if code == 1:
        assert not out.exists(), "a failed build writes nothing"
    else:
        check_output(out)
    shutil.rmtree(work)
    return code, out


class _Handlers(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("iframe", "object", "embed"):
            self.bad.append(tag)
        self.bad += [name for name, value in attrs if name.startswith("on")
                     or (value or "").strip().lower().startswith("javascript:")]


def check_output(out: Path) -> None:
    root = out.resolve()
    for path in out.rglob("*"):
        assert path.resolve().is_relative_to(root)
        if path.suffix == ".xml":
            ElementTree.fromstring(path.read_bytes())
        elif path.suffix == ".html":
            parser = _Handlers()
            parser.feed(path.read_text(encoding="utf-8"))
            assert parser.bad == [], (path, parser.bad)


@FUZZ
@given(meta=front_matter, body=bodies, encoding=encodings)
def test_any_article_builds_or_reports(tree, tmp_path: Path, capsys, meta: dict, body: str, encoding: str) -> None:
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True, default_flow_style=None) + "---\n" + body
    run_build(tree, tmp_path, ARTICLE, encode(text, encoding))
    assert "Traceback" not in capsys.readouterr().err


@FUZZ
@given(data=st.binary(max_size=600),
       prefix=st.sampled_from([b"", b"---\n", b"---\ntitle: x\n---\n", b"\xef\xbb\xbf---\n"]))
def test_any_bytes_build_or_report(tree, tmp_path: Path, capsys, data: bytes, prefix: bytes) -> None:
    run_build(tree, tmp_path, ARTICLE, prefix + data)
    assert "Traceback" not in capsys.readouterr().err


@FUZZ
@given(text=st.text(max_size=400), where=st.sampled_from(["site.yaml", "units.yaml", "issues/2010/001/issue.md",
                                                          "pages/about.md", "units/yudong.md"]))
def test_any_text_in_any_file_builds_or_reports(tree, tmp_path: Path, capsys, text: str, where: str) -> None:
    run_build(tree, tmp_path, where, text.encode("utf-8", "surrogatepass"))
    assert "Traceback" not in capsys.readouterr().err


@FUZZ
@given(depth=st.integers(min_value=1, max_value=120), kind=st.sampled_from(["[", "{a: ", "- ", "> ", "    "]))
def test_deep_nesting_is_refused_or_built(tree, tmp_path: Path, capsys, depth: int, kind: str) -> None:
    if kind in ("[", "{a: "):
        closing = "]" if kind == "[" else "}"
        text = f"---\ntitle: 深\nkind: briefing\nunits: [yudong]\nx: {kind * depth}1{closing * depth}\n---\n正文\n"
    else:
        text = "---\ntitle: 深\nkind: briefing\nunits: [yudong]\n---\n" + kind * depth + "正文\n"
    run_build(tree, tmp_path, ARTICLE, text.encode())
    assert "Traceback" not in capsys.readouterr().err


def test_a_ten_megabyte_body_is_refused_with_a_message(tree, tmp_path: Path, capsys) -> None:
    paragraph = "各试点单位运用行动学习法，围绕中心工作确定课题，集中学习研讨。\n\n".encode()
    data = "---\ntitle: 很长的文章\nkind: briefing\nunits: [yudong]\n---\n".encode()
    data += paragraph * (10 * 1024 * 1024 // len(paragraph))
    assert 10 * 1024 * 1024 - len(paragraph) < len(data) < 10.05 * 1024 * 1024
    code, _ = run_build(tree, tmp_path, ARTICLE, data)
    assert code == 1
    err = capsys.readouterr().err
    assert f"{ARTICLE}: 错误 E312" in err and "10.0 MB" in err


def test_a_long_body_under_the_limit_builds(tree, tmp_path: Path) -> None:
    paragraph = "各试点单位运用行动学习法，围绕中心工作确定课题，集中学习研讨。[链接](01-yudong.md) **要点**\n\n"
    data = ("---\ntitle: 很长的文章\nkind: briefing\nunits: [yudong]\n---\n" + paragraph * 4500).encode()
    assert sources.MAX_TEXT_BYTES * 0.25 < len(data) < sources.MAX_TEXT_BYTES
    code, _ = run_build(tree, tmp_path, ARTICLE, data)
    assert code == 0
