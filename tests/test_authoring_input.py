"""Files as office PCs really save them: each case is a real file on disk with
the real bytes (BOM, CRLF, GBK, UTF-16), checked through the whole pipeline."""

from __future__ import annotations

import codecs
from datetime import date
from pathlib import Path

import pytest

from bulletin.commands import main
from bulletin.pipeline import BuildOptions, build, check

ARTICLE = "issues/2010/001/02-test.md"


def messages(root: Path) -> list[str]:
    _lib, diags = check(root)
    return [d.format() for d in diags.sorted()]


def only_article(lib) -> object:
    return next(a for a in lib.articles if a.source == ARTICLE)


# -- encodings and line endings -------------------------------------------------

def test_utf8_bom_crlf_and_no_final_newline_build_normally(tree, tmp_path: Path) -> None:
    text = ("---\r\ntitle: 玉东新区召开中心组学习会\r\nkind: briefing\r\nunits: [yudong]\r\n---\r\n"
            "第一段。\r\n\r\n最后一段")
    tree.write(ARTICLE, codecs.BOM_UTF8 + text.encode("utf-8"))
    result = build(BuildOptions(content=tree.root, out=tmp_path / "site"))
    assert [d.format() for d in result.diagnostics.items] == []
    article = only_article(result.library)
    assert article.title == "玉东新区召开中心组学习会"  # no BOM glued to the first key, no \r in values
    html = (tmp_path / "site/issues/2010/001/02-test.html").read_text(encoding="utf-8")
    assert "<p>最后一段</p>" in html and "\r" not in article.body and "\ufeff" not in html


def test_gbk_file_is_read_correctly_with_a_warning_naming_file_and_fix(tree, tmp_path: Path) -> None:
    text = ("---\r\ntitle: 兰溪市召开行动学习课题研讨会\r\nkind: 工作动态\r\nunits: [兰溪市]\r\n---\r\n"
            "会议由市委书记主持。\r\n")
    tree.write(ARTICLE, text.encode("gbk"))
    result = build(BuildOptions(content=tree.root, out=tmp_path / "site"))
    assert [d.format() for d in result.diagnostics.items] == [
        "issues/2010/001/02-test.md: 警告 W401: 文件以 GBK/GB18030 编码保存，已按 GBK 读取 "
        "(file is saved as GBK/GB18030; read as GBK) 提示：建议用记事本“另存为”，编码选“UTF-8”，以免乱码。"]
    html = (tmp_path / "site/issues/2010/001/02-test.html").read_text(encoding="utf-8")
    assert "兰溪市召开行动学习课题研讨会" in html and "会议由市委书记主持。" in html


def test_gb18030_only_characters_are_not_mojibake(tree) -> None:
    # 𠀀 and 㐀 are outside GBK proper; Windows saves them in GB18030.
    tree.write(ARTICLE, "---\ntitle: 生僻字㐀𠀀测试\nkind: case\nunits: [yudong]\n---\n正文\n".encode("gb18030"))
    lib, diags = check(tree.root)
    assert [d.code for d in diags.items] == ["W401"]
    assert only_article(lib).title == "生僻字㐀𠀀测试"


def test_utf16_from_notepad_unicode_is_read(tree) -> None:
    text = "---\r\ntitle: 市工信委召开读书交流会\r\nkind: briefing\r\nunits: [gongxin]\r\n---\r\n正文。\r\n"
    tree.write(ARTICLE, codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    lib, diags = check(tree.root)
    assert diags.items == []
    assert only_article(lib).title == "市工信委召开读书交流会"


def test_bytes_that_are_no_text_stop_with_e102(tree, tmp_path: Path) -> None:
    tree.write(ARTICLE, b"---\ntitle: \xff\xfe\xfa\x80\x81\n---\n")
    assert messages(tree.root) == [
        "issues/2010/001/02-test.md: 错误 E102: 文件不是有效的 UTF-8 或 GBK 编码文本 (file is not valid UTF-8 or GBK "
        "text) 提示：请用记事本打开后“另存为”，编码选择“UTF-8”。"]
    assert main(["build", "--content", str(tree.root), "--out", str(tmp_path / "site")]) == 1
    assert not (tmp_path / "site").exists()  # nothing half-written


# -- front matter typed in Notepad --------------------------------------------------

def test_full_width_colon_names_the_line_and_the_fix(tree) -> None:
    tree.write(ARTICLE, "---\r\nkind: briefing\r\ntitle：玉东新区召开动员会\r\nunits: [yudong]\r\n---\r\n正文\r\n"
               .encode())
    assert messages(tree.root) == [
        "issues/2010/001/02-test.md:3: 错误 E108: 第3行使用了全角冒号“：”，请改为半角冒号“:” "
        "(line 3 uses a full-width colon '：'; use ':' instead) 提示：把“：”改为英文半角“:”，并在其后加一个空格。"]


def test_full_width_colon_after_chinese_key(tree) -> None:
    tree.write(ARTICLE, "---\n标题：玉东新区召开动员会\n类型: 工作动态\n单位: 玉东新区\n---\n")
    assert [m.split(" (")[0] for m in messages(tree.root)] == [
        "issues/2010/001/02-test.md:2: 错误 E108: 第2行使用了全角冒号“：”，请改为半角冒号“:”"]


def test_full_width_colon_inside_a_value_is_just_text(tree) -> None:
    tree.write(ARTICLE, "---\ntitle: 课题组：把问题找准\nkind: case\nunits: [yudong]\n---\n")
    lib, diags = check(tree.root)
    assert diags.items == [] and only_article(lib).title == "课题组：把问题找准"


@pytest.mark.parametrize(("indent", "what"), [("\u3000", "全角空格“\u3000”"), ("\t", "制表符（Tab）")])
def test_full_width_space_or_tab_indent(tree, indent: str, what: str) -> None:
    tree.write(ARTICLE, f"---\ntitle: 玉东新区召开动员会\nkind: case\nunits:\n{indent}- yudong\n---\n".encode())
    found = messages(tree.root)
    assert len(found) == 1
    assert found[0].startswith(f"issues/2010/001/02-test.md:5: 错误 E109: 第5行行首使用了{what}缩进")
    assert "提示：头信息只能用半角空格缩进，请删除全角空格或制表符。" in found[0]


@pytest.mark.parametrize("line", ["title:\u3000玉东新区召开动员会", "title\u3000: 玉东新区召开动员会"])
def test_full_width_space_next_to_the_colon(tree, line: str) -> None:
    tree.write(ARTICLE, f"---\nkind: case\n{line}\nunits: [yudong]\n---\n")
    assert messages(tree.root) == [
        "issues/2010/001/02-test.md:3: 错误 E113: 第3行在字段名或冒号旁使用了全角空格“\u3000” "
        "(line 3 has a full-width space '\u3000' in a key or next to its colon) "
        "提示：把全角空格改为半角空格，写成“字段: 值”。"]


def test_missing_space_after_colon(tree) -> None:
    tree.write(ARTICLE, "---\ntitle:玉东新区召开动员会\nkind: case\nunits: [yudong]\n---\n")
    assert [m.split(" (")[0] for m in messages(tree.root)] == [
        "issues/2010/001/02-test.md:2: 错误 E114: 第2行冒号后缺少空格"]


def test_tab_after_the_colon_is_accepted(tree) -> None:
    tree.write(ARTICLE, "---\ntitle:\t玉东新区召开动员会\nkind: case\nunits: [yudong]\n---\n")
    lib, diags = check(tree.root)
    assert diags.items == [] and only_article(lib).title == "玉东新区召开动员会"


def test_colons_and_indents_inside_a_block_text_are_not_errors(tree) -> None:
    tree.write(ARTICLE, "---\ntitle: 玉东新区召开动员会\nkind: case\nunits: [yudong]\nsummary: |\n"
                        "  会议要求：\n  \u3000\u3000一是抓学习\n---\n正文\n")
    lib, diags = check(tree.root)
    assert diags.items == []
    assert only_article(lib).summary == "会议要求：\n\u3000\u3000一是抓学习"


def test_unclosed_front_matter(tree) -> None:
    tree.write(ARTICLE, "---\r\ntitle: 玉东新区召开动员会\r\nkind: case\r\nunits: [yudong]\r\n\r\n正文第一段。\r\n"
               .encode())
    assert messages(tree.root) == [
        "issues/2010/001/02-test.md:1: 错误 E104: 头信息没有结束：从第1行的“---”开始，找不到结束的“---” "
        "(unclosed front matter: no closing '---' after line 1) 提示：请在头信息最后一个字段之后单独写一行“---”。"]


@pytest.mark.parametrize(("front", "found"), [("- 玉东新区\n- 召开动员会\n", "列表"),
                                               ("玉东新区召开动员会\n", "文字“玉东新区召开动员会”")])
def test_front_matter_that_is_not_a_mapping(tree, front: str, found: str) -> None:
    tree.write(ARTICLE, f"---\n{front}---\n正文\n")
    assert [m.split(" (")[0] for m in messages(tree.root)] == [
        f"issues/2010/001/02-test.md:2: 错误 E106: 头信息必须是“字段: 值”的列表，这里却是{found}"]


# -- dates, aliases and unit names -----------------------------------------------

@pytest.mark.parametrize("written", ["2010年5月28日", "2010.5.28", "2010/5/28", "2010-05-28", "2010 年 5 月 28 日"])
def test_chinese_date_forms(tree, written: str) -> None:
    tree.write(ARTICLE, f"---\ntitle: 玉东新区召开动员会\nkind: case\nunits: [yudong]\ndate: {written}\n---\n")
    lib, diags = check(tree.root)
    assert diags.items == []
    assert only_article(lib).date == date(2010, 5, 28)


def test_impossible_date_is_rejected_with_its_line(tree) -> None:
    tree.write(ARTICLE, "---\ntitle: 玉东新区召开动员会\nkind: case\nunits: [yudong]\ndate: 2011-13-45\n---\n")
    assert messages(tree.root) == [
        "issues/2010/001/02-test.md:5: 错误 E125: 日期“2011-13-45”不存在：没有13月 "
        "(date '2011-13-45' does not exist: there is no month 13) "
        "提示：请核对日期；格式可写 2011-03-05、2011年3月5日、2011年3月5号、2011.3.5 或 2011/3/5。"]


def test_chinese_keys_kind_aliases_and_unit_names(tree) -> None:
    tree.write("issues/2010/001/02-test.md", """\
        ---
        标题: 玉东新区行动学习课题进展情况
        类型: 进展情况
        单位: [玉东新区, 市工信委]
        日期: 2010年5月30日
        通讯员: 玉东新区委组织部 张华
        标签: 行动学习、课题研究
        阶段: 试点阶段
        摘要: 两个单位课题进展顺利
        指标:
          玉东新区: {participants: 126}
        ---
        正文
        """)
    tree.write("issues/2010/001/03-case.md", "---\n题目: 典型经验一则\n类型: 典型经验\n单位: 兰溪市\n---\n")
    tree.write("issues/2010/001/04-brief.md", "---\ntitle: 动态一则\nkind: 简报\nunits: 玉东\n---\n")
    lib, diags = check(tree.root)
    assert diags.items == []
    progress = only_article(lib)
    assert (progress.title, progress.kind, progress.unit_ids) == ("玉东新区行动学习课题进展情况", "progress",
                                                                  ["yudong", "gongxin"])
    assert (progress.date, progress.author, progress.tags) == (date(2010, 5, 30), "玉东新区委组织部 张华",
                                                               ["行动学习", "课题研究"])
    assert (progress.stage_id, progress.summary, progress.metrics) == ("pilot", "两个单位课题进展顺利",
                                                                       {"yudong": {"participants": 126}})
    kinds = {a.source.rsplit("/", 1)[1]: (a.kind, a.unit_ids) for a in lib.articles}
    assert kinds["03-case.md"] == ("case", ["lanxi"]) and kinds["04-brief.md"] == ("briefing", ["yudong"])
