"""The 通报 written from the frozen template (bulletin/stats/notice_frozen.py) are, byte for byte, the
documents python-docx writes (``notice_docx``), for real contents and for hostile texts; a build whose
cache holds the frozen template makes them without importing python-docx, the same as a clean build;
a damaged, missing or differently keyed entry is made again."""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from docx.oxml.parser import OxmlElement
from lxml import etree

from bulletin.bench.corpus import generate, issue_plan
from bulletin.bench.runner import write_new_issue
from bulletin.cache.store import DATABASE
from bulletin.pipeline import BuildOptions, build, read_library
from bulletin.stats import notice_frozen
from bulletin.stats.campaign import campaign_stats
from bulletin.stats.notice import NOTICE_PERIODS, NoticeContent, notice_content, notice_docx
from bulletin.stats.notice_frozen import NOT_XML, FrozenTemplate, freeze, remembered_template
from tests.conftest import EXAMPLE, ROOT
from tests.test_notice_template import content as sample

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
HOSTILE = ["\t", "\n", "\r\n", "\r", "a\tb\nc\r\nd", "\t\t前后\n\n", " 前导空格", "尾随空格 ", "　全角空格　",
           "\xa0不间断", "&<>\"'&amp;", "<w:t>注入</w:t>", "]]>",
           "长" * 5000, "😀 emoji", "\x85下一行", "a\u2028b", "\ufffd"]


@pytest.fixture(scope="module")
def frozen() -> FrozenTemplate:
    return freeze()


def both_ways(frozen: FrozenTemplate, content: NoticeContent) -> bytes:
    ours = frozen.docx(content)
    assert ours == notice_docx(content), content.title
    return ours


def notices_of(content: Path) -> list[NoticeContent]:
    lib, _ = read_library(content, use_cache=False)
    assert lib is not None
    rankings = campaign_stats(lib).rankings
    return [notice_content(lib, r) for kind in NOTICE_PERIODS for r in rankings[kind]]


def test_real_notices_are_the_bytes_python_docx_writes(frozen: FrozenTemplate, tmp_path: Path) -> None:
    generate(tmp_path / "corpus", 30, register_rows=300)
    contents = notices_of(EXAMPLE) + notices_of(tmp_path / "corpus")
    assert len(contents) > 40 and any(c.annex for c in contents) and any(not c.annex for c in contents)
    for content in contents:
        both_ways(frozen, content)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_texts_in_every_field_are_the_bytes_python_docx_writes(frozen: FrozenTemplate, text: str) -> None:
    row = ["1", text, text, "3", "50%", "0", "1", text]
    annex = [["1", text, "平河区、" + text, ""], ["2", "", text, "2011年第3期（总第30期）"]]
    both_ways(frozen, NoticeContent(text[:255], text, [(text, [row, row]), ("市直单位", [row])], [(text, text)],
                                    text, annex, text[:255]))
    groups = [(f"{text}{n}", [row[:2] + row[3:4] + row[5:]]) for n in range(12)]  # past 十: the numbering wraps
    both_ways(frozen, NoticeContent("通报", text, groups, [], text, [], "", has_register=False))


@pytest.mark.parametrize("publisher", ["", " ", "\t", "市委办公室"])
def test_empty_and_blank_publishers_and_annexes(frozen: FrozenTemplate, publisher: str) -> None:
    for annex_rows in (0, 1, 300):
        for register in (True, False):
            both_ways(frozen, sample(annex_rows, register, publisher))


@pytest.mark.parametrize("change", [
    {"title": "长" * 256},  # python-docx refuses a core property over 255 characters
    {"publisher": "x" * 256},
    {"opening": "控制字符\x0b"},  # lxml refuses what is not XML
    {"title": "\x00"},
    {"annex": [["1", "\ud800", "", ""]]},
    {"annex": [["1", "少一列"]]},  # a row shorter than its header
])
def test_what_python_docx_refuses_it_still_refuses(frozen: FrozenTemplate, change: dict[str, Any]) -> None:
    fields = {**sample(2).__dict__, **change}
    content = NoticeContent(**fields)
    with pytest.raises((ValueError, UnicodeEncodeError)) as theirs:
        notice_docx(content)
    with pytest.raises(theirs.type):
        frozen.docx(content)


def test_text_is_escaped_as_lxml_serialises_it_for_every_character() -> None:
    """Every character lxml takes is written as lxml writes it; every other one lxml refuses (and the
    frozen form leaves it to python-docx)."""
    taken = "".join(c for c in map(chr, range(0x110000)) if not NOT_XML.match(c))
    element = etree.Element("t")
    element.text = taken
    assert etree.tostring(element, encoding="UTF-8") == f"<t>{notice_frozen._text_xml(taken)}</t>".encode()
    for refused in (c for c in map(chr, range(0x110000)) if NOT_XML.match(c)):
        with pytest.raises((ValueError, UnicodeEncodeError)):
            element.text = refused


def test_run_text_is_python_docx_run_text_setter() -> None:
    """``_run_xml`` against python-docx's ``CT_R.text`` on random strings of the characters it treats apart."""
    pick = random.Random(17)
    alphabet = ["\t", "\n", "\r", " ", "　", "\xa0", "\x85", "&", "<", ">", "a", "中", "\u2028"]
    texts = ["", *("".join(pick.choices(alphabet, k=pick.randint(1, 8))) for _ in range(3000))]
    for text in texts:
        run = OxmlElement("w:r")
        run.text = text
        inner = notice_frozen._run_xml(text)
        expected = f'<w:r xmlns:w="{W}">{inner}</w:r>' if inner else f'<w:r xmlns:w="{W}"/>'
        assert etree.tostring(run, encoding="unicode") == expected, repr(text)


# -- Builds ---------------------------------------------------------------------------------------

PROBE = """
import json, sys
from pathlib import Path
from bulletin.pipeline import BuildOptions, build
from bulletin.stats.notice_frozen import FrozenTemplate
made = []
original = FrozenTemplate.docx
def counted(self, content):
    made.append(content.title)
    return original(self, content)
FrozenTemplate.docx = counted
content, out, cache = map(Path, sys.argv[1:4])
build(BuildOptions(content=content, out=out, cache=cache, features=["stats"]))
print(json.dumps({"made": len(made), "docx": "docx" in sys.modules}))
"""


def probe_build(content: Path, out: Path, cache: Path) -> dict[str, Any]:
    """A build in a fresh process: how many 通报 it made, and whether python-docx was imported."""
    done = subprocess.run([sys.executable, "-c", PROBE, str(content), str(out), str(cache)], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def documents(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*.docx"))}


def clean_documents(content: Path, out: Path) -> dict[str, bytes]:
    build(BuildOptions(content=content, out=out, use_cache=False, features=["stats"]))
    return documents(out)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    generate(content, 30, register_rows=300)
    return content


def new_issue(content: Path, n: int = 1) -> None:
    """An issue after the last: its month's and quarter's 通报 change."""
    write_new_issue(content, issue_plan(30 + 10 * (n - 1)))


def test_a_build_whose_cache_holds_the_template_does_not_import_python_docx(corpus: Path, tmp_path: Path) -> None:
    cache, out = tmp_path / "cache", tmp_path / "site"
    first = probe_build(corpus, out, cache)
    assert first == {"made": len(documents(out)), "docx": True}
    new_issue(corpus)
    second = probe_build(corpus, out, cache)
    assert second["made"] >= 1 and second["docx"] is False
    assert documents(out) == clean_documents(corpus, tmp_path / "clean")


@pytest.mark.parametrize("damage", ["UPDATE entries SET value = CAST(x'00' || value AS BLOB) WHERE space = ?",
                                    "DELETE FROM entries WHERE space = ?"])
def test_a_damaged_or_missing_template_entry_is_made_again(corpus: Path, tmp_path: Path, damage: str) -> None:
    cache, out = tmp_path / "cache", tmp_path / "site"
    probe_build(corpus, out, cache)
    db = sqlite3.connect(cache / DATABASE)
    assert db.execute(damage, (notice_frozen.SPACE,)).rowcount == 1
    db.commit()
    db.close()
    new_issue(corpus)
    second = probe_build(corpus, out, cache)
    assert second["made"] >= 1 and second["docx"] is True  # made again by python-docx ...
    assert documents(out) == clean_documents(corpus, tmp_path / "clean")
    new_issue(corpus, 2)
    third = probe_build(corpus, out, cache)
    assert third["made"] >= 1 and third["docx"] is False, third  # ... and kept again


class DictMemo:
    def __init__(self) -> None:
        self.values: dict[tuple[str, str], Any] = {}

    def get(self, space: str, key: str) -> Any | None:
        return self.values.get((space, key))

    def put(self, space: str, key: str, value: Any) -> None:
        self.values[(space, key)] = value

    def keep(self, space: str, key: str) -> None:
        pass


def test_a_template_kept_under_another_lxml_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    memo = DictMemo()
    kept = remembered_template(memo)
    assert memo.values == {(notice_frozen.SPACE, notice_frozen.template_key()): kept}
    memo.values[(notice_frozen.SPACE, notice_frozen.template_key())] = "not a template"  # a stray value: made again
    assert remembered_template(memo) == kept
    stale = FrozenTemplate(kept.members, kept.document, kept.core, kept.paragraphs, "<w:p/>", kept.tables)
    memo.values[(notice_frozen.SPACE, notice_frozen.template_key())] = stale
    monkeypatch.setattr(notice_frozen, "template_key", lambda: "another lxml")
    assert remembered_template(memo).docx(sample(3)) == notice_docx(sample(3))
