"""One marking rule (validate/secrecy.py) for text, keys, file names and attachments, in check, build and publish."""

from __future__ import annotations

import subprocess
from pathlib import Path

import docx
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from bulletin.errors import BuildError
from bulletin.pipeline import BuildOptions, build, check
from bulletin.publish.verify import _check_markings
from bulletin.validate.secrecy import find_markings, looks_like_classification_key

ARTICLE = "title: 某文\nkind: briefing\nunits: [yudong]\n"
FUZZ = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.mark.parametrize("text", [
    "机密＊1年", "机密⭐1年", "机密✩长期", "秘密☆6个月", "绝密✱长期", "机密*1年",
    "机 密★1年", "机\u3000密★1年", "机\u200b密★1年", "机\u2060密★1年", "机\ufeff密★1年", "机\u00ad密★1年",
    "機密★1年", "絕密★長期", "祕密★6個月",
    "机**密**★1年", "*机*密★1年", "机__密__★1年", "机~~密~~★1年", "机<b>密</b>★1年",
    "&#26426;密★1年", "&#x673a;&#x5bc6;&starf;1年", "机密&#9733;1年",
    "ｍ机密★１年", "机密★１年", "【機密】", "〔绝 密〕", "（祕密）", "**機密**", "㊙密★1年",
])
def test_every_variant_is_caught(text: str) -> None:
    (found,) = find_markings("第一行\n" + text)
    assert found[0] == 1
    assert found[1] and found[1] in text, "the marking is shown as written"


@pytest.mark.parametrize("text", [
    "保守国家秘密是每个公民的义务。", "严守党和国家秘密，增强保密意识。", "涉密内容一律不得报送。",
    "机密文件管理规定学习会召开", "学习的秘密在于坚持", "★ 重点工作 ★", "这是**重要**的秘密工作",
    "密切联系群众", "保密工作 *1* 年一考核", "秘密地 1年 来",
])
def test_ordinary_prose_passes(text: str) -> None:
    assert list(find_markings(text)) == []


LEVEL = st.sampled_from(["绝密", "机密", "秘密", "機密", "絕密", "祕密"])
STAR = st.sampled_from(list("★☆⭐✩✪✫✬✭✮✯✱✲✳✴✵✶✷＊*"))
PERIOD = st.sampled_from(["1年", "6个月", "6個月", "长期", "長期", "１年", "10年", "30天", ""])
NOISE = st.lists(st.sampled_from(["", " ", "\u3000", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "**",
                                  "_", "<i>", "</i>", "~~"]), max_size=2).map("".join)


@FUZZ
@given(LEVEL, STAR, PERIOD, NOISE, NOISE, NOISE, st.text(alphabet="，。的工作学习", max_size=6))
def test_fuzzed_variants_are_caught(level: str, star: str, period: str, inside: str, before: str,
                                    after: str, prose: str) -> None:
    # an asterisk only counts as the star when a period follows it (else it is emphasis)
    star = star if period or star not in "*＊" else "★"
    marking = level[0] + inside + level[1] + before + star + after + period
    assert [index for index, _ in find_markings(prose + marking + prose)] == [0]


PROSE = st.lists(st.sampled_from(
    ["保守", "国家", "秘密", "机密", "文件", "涉密", "内容", "不得", "报送", "，", "。", "的", "学习", " ", "★",
     "*", "1年", "工作", "绝密", "管理", "\u3000", "规定"]), min_size=1, max_size=20).map("".join)


@FUZZ
@given(PROSE)
def test_fuzzed_prose_with_the_words_passes_unless_it_forms_a_marking(text: str) -> None:
    """A level followed (through spaces and emphasis) by a star, bracketed, or alone is a marking; nothing else."""
    import re
    plain = re.sub(r"[\s\u3000]", "", text)
    forms = re.search(r"(绝密|机密|秘密|涉密)(★|\*(?=1年))", plain) or re.fullmatch(r"(绝密|机密|秘密|涉密)", plain)
    assert bool(list(find_markings(text))) == bool(forms)


@pytest.mark.parametrize("key", ["密級", "保密等级", "密级程度", "密\u200b级", "密　级", "ｃｌａｓｓｉｆｉｃａｔｉｏｎ",
                                 "Classification Level", "secret"])
def test_classification_looking_keys_are_errors(tree, key: str) -> None:
    tree.article("issues/2010/001/02-x.md", ARTICLE + f"{key}: 机密\n")
    _, diags = check(tree.root)
    assert ("E327", "issues/2010/001/02-x.md", 5) in {(d.code, d.path, d.line) for d in diags.errors}
    assert looks_like_classification_key(key)


def test_ordinary_unknown_keys_stay_warnings(tree) -> None:
    tree.article("issues/2010/001/02-x.md", ARTICLE + "备注: 无\n")
    _, diags = check(tree.root)
    assert [(d.code, d.line) for d in diags.items] == [("W402", 5)]


@pytest.mark.parametrize("where, body", [
    ("body", "机**密**★1年\n"),
    ("page", None),
    ("profile", None),
    ("note", None),
])
def test_check_build_and_publish_agree(tree, tmp_path: Path, where: str, body: str | None) -> None:
    marking = "绝\u200b密⭐长期"
    if where == "body":
        tree.article("issues/2010/001/02-x.md", ARTICLE, body)
    elif where == "page":
        tree.write("pages/about.md", f"---\ntitle: 关于\n---\n{marking}\n")
    elif where == "profile":
        tree.write("units/yudong.md", f"---\ntitle: 玉东\n---\n{marking}\n")
    else:
        tree.issue(2010, "001", f"date: 2010-06-01\nnote: |\n  {marking}\n")
    _, checked = check(tree.root)
    assert [d.code for d in checked.errors] == ["E303"]
    with pytest.raises(BuildError) as failure:
        build(BuildOptions(content=tree.root, out=tmp_path / "site"))
    assert [d.code for d in failure.value.diagnostics.errors] == ["E303"]


def test_publish_check_uses_the_same_rule(tmp_path: Path) -> None:
    from bulletin.errors import Diagnostics
    diags = Diagnostics()
    _check_markings("a.html", "<p>机<em>密</em>＊1年</p>", diags)
    _check_markings("b.html", "<p>&#26426;&#23494;&#9733;1&#24180;</p>", diags)
    _check_markings("c.html", "<p>保守国家秘密</p>", diags)
    assert [(d.code, d.path) for d in diags.items] == [("E315", "a.html"), ("E315", "b.html")]


def test_file_names_use_the_rule(tree) -> None:
    tree.write("issues/2010/001/機密＊1年.png", b"\x89PNG")
    _, diags = check(tree.root)
    assert ("E304", "issues/2010/001/機密＊1年.png") in {(d.code, d.path) for d in diags.errors}


def _linked(tree, name: str) -> None:
    tree.article("issues/2010/001/02-x.md", ARTICLE, f"[附件]({name})\n")


def test_a_docx_attachment_with_a_marking_in_its_header_is_an_error(tree, tmp_path: Path) -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "机密★1年"
    document.add_paragraph("会议纪要正文")
    document.save(tree.root / "issues/2010/001/纪要.docx")
    _linked(tree, "纪要.docx")
    _, diags = check(tree.root)
    assert [(d.code, d.path) for d in diags.errors] == [("E328", "issues/2010/001/纪要.docx")]
    assert "机密★1年" in diags.errors[0].text("zh") and "页眉页脚" in diags.errors[0].text("zh")


def test_a_docx_without_markings_is_published(tree, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("保守国家秘密，人人有责。")
    document.save(tree.root / "issues/2010/001/学习材料.docx")
    _linked(tree, "学习材料.docx")
    build(BuildOptions(content=tree.root, out=tmp_path / "site"))
    assert (tmp_path / "site/issues/2010/001/学习材料.docx").is_file()


def test_an_xlsx_attachment_with_a_marking_in_a_cell_is_an_error(tree) -> None:
    book = openpyxl.Workbook()
    book.active.title = "名单"
    book.active["A1"] = "参学人员"
    book.active["C7"] = "秘密　★　6个月"
    book.save(tree.root / "issues/2010/001/名单.xlsx")
    _linked(tree, "名单.xlsx")
    _, diags = check(tree.root)
    assert [(d.code, d.path) for d in diags.errors] == [("E328", "issues/2010/001/名单.xlsx")]
    assert "C7" in diags.errors[0].text("zh")


@pytest.mark.parametrize("name, data", [
    ("说明.txt", "第一行\r\n绝密★长期\r\n".encode("gb18030")),
    ("统计.csv", "\ufeff单位,人数\n玉东,（機密）\n".encode()),
])
def test_text_attachments_are_read_line_by_line(tree, name: str, data: bytes) -> None:
    tree.write(f"issues/2010/001/{name}", data)
    _linked(tree, name)
    _, diags = check(tree.root)
    assert [(d.code, d.path) for d in diags.errors] == [("E328", f"issues/2010/001/{name}")]
    assert "第2行" in diags.errors[0].text("zh")


def test_a_pdf_attachment_with_a_marking_is_an_error(tree, tmp_path: Path) -> None:
    page = tmp_path / "doc.html"
    page.write_text("<html><body><p>机密★1年</p><p>会议纪要</p></body></html>", encoding="utf-8")
    pdf = tree.root / "issues/2010/001/纪要.pdf"
    subprocess.run(["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
                    f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri()],
                   check=True, capture_output=True, timeout=120)
    assert "机密" in PdfReader(str(pdf)).pages[0].extract_text()
    _linked(tree, "纪要.pdf")
    _, diags = check(tree.root)
    assert [(d.code, d.path) for d in diags.errors] == [("E328", "issues/2010/001/纪要.pdf")]
    assert "第1页" in diags.errors[0].text("zh")


def test_a_damaged_attachment_cannot_be_vouched_for(tree) -> None:
    tree.write("issues/2010/001/坏.docx", b"not a zip at all")
    _linked(tree, "坏.docx")
    _, diags = check(tree.root)
    assert [(d.code, d.path) for d in diags.errors] == [("E329", "issues/2010/001/坏.docx")]


def test_only_the_prefiltered_characters_normalise_into_a_level() -> None:
    """find_markings and marking_in_name skip text without a _MAYBE character: no other character
    becomes 密 or 秘 (the one character every level has) when normalised."""
    import unicodedata

    from bulletin.validate.secrecy import _MAYBE, _TRADITIONAL, normalise

    # Only NFKC and the table of traditional forms change a character (entities need "&", in _MAYBE).
    changed = [chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000
               and (code in _TRADITIONAL or unicodedata.normalize("NFKC", chr(code)) != chr(code))]
    assert "祕" in changed and "㊙" in changed
    missed = [hex(ord(char)) for char in changed + ["密", "秘"]
              if not _MAYBE.search(char) and any(c in normalise(char) for c in "密秘")]
    assert missed == []
