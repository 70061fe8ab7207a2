"""``import``: Word bulletins made with python-docx (direct formatting, text boxes,
footnotes, pictures) are imported, then built, and the pages are checked."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from bulletin.commands import main
from bulletin.model.entities import Unit
from bulletin.pipeline import BuildOptions, build
from bulletin.wordimport.assemble import find_units
from bulletin.wordimport.patterns import cn_number, find_date
from bulletin.wordimport.reading import read_docx
from bulletin.wordimport.split import split
from tests.conftest import MINIMAL_SITE, MINIMAL_UNITS, ContentTree
from tests.word_fixtures import (
    Bulletin,
    classified_issue,
    letter,
    numbered_issue,
    png,
    regular_issue,
    short_issue,
    supplement_issue,
    wps_style_issue,
)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    tree = ContentTree(tmp_path / "content")
    tree.write("site.yaml", MINIMAL_SITE)
    tree.write("units.yaml", MINIMAL_UNITS)
    return tree.root


def run_import(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["import", *args, *([] if "--lang" in args else ["--lang", "zh"])])
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file()}


def page(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# -- import, then build, then read the pages ------------------------------------------------

def test_imported_issue_builds_into_the_right_pages(content: Path, tmp_path: Path, capsys) -> None:
    source = regular_issue(tmp_path / "archive" / "2011年第3期.docx")
    code, out, err = run_import(capsys, str(source), "--content", str(content))
    assert code == 0, err
    folder = content / "issues" / "2011" / "003"
    assert sorted(p.name for p in folder.iterdir()) == ["01-yudong-1.png", "01-yudong.md", "02-gongxin.md",
                                                        "issue.md"]
    assert (folder / "01-yudong-1.png").read_bytes() == png()
    assert "issues/2011/003/01-yudong.md" in out and "市工业和信息化委员会" in out

    site = tmp_path / "site"
    build(BuildOptions(content=content, out=site, use_cache=False))
    issue = text_of(page(site, "issues/2011/003/index.html"))
    assert "第3期" in issue and "总第12期" in issue
    assert "2011年4月22日" in issue
    assert "编者按：行动学习重在把学习成果用到破解发展难题上" in issue
    assert "报： 市委常委，市长。" in issue
    assert "送： 市委组织部。" in issue  # site.yaml's list, which the document repeats
    assert "发： 各试点单位，各督导组。" in issue
    assert "共印150份" in issue and "责任编辑：王晓" in issue and "签发：李明" in issue

    first = page(site, "issues/2011/003/01-yudong.html")
    assert re.search(r"<h1[^>]*>玉东新区召开行动学习课题推进会</h1>", first)
    assert re.search(r"<h2[^>]*>一、课题推进的主要做法</h2>", first)
    assert re.search(r"<h3[^>]*>（一）建立课题台账</h3>", first)
    assert re.search(r"<h4[^>]*>1\.明确责任分工</h4>", first)
    assert "<th>课题组</th>" in first and "<td>土地流转</td>" in first and "<td>60%</td>" in first
    assert 'src="01-yudong-1.png"' in first and (site / "issues/2011/003/01-yudong-1.png").read_bytes() == png()
    assert "课题组由区直部门和乡镇的班子成员组成。" in first  # the footnote
    first_text = text_of(first)
    assert "工作动态" in first_text and "玉东新区" in first_text and "玉东新区委组织部 张华" in first_text

    second = text_of(page(site, "issues/2011/003/02-gongxin.html"))
    assert "市工信委以行动学习破解企业用工难题" in second
    assert "典型案例" in second and "市工业和信息化委员会" in second and "李强" in second
    # the text box is the masthead's marking, not part of any article
    assert all("内部资料" not in p.read_text(encoding="utf-8") for p in folder.glob("0*.md"))


def test_issue_md_keeps_what_the_document_says(content: Path, tmp_path: Path, capsys) -> None:
    source = regular_issue(tmp_path / "a.docx")
    assert run_import(capsys, str(source), "--content", str(content))[0] == 0
    issue = (content / "issues/2011/003/issue.md").read_text(encoding="utf-8")
    assert "date: 2011-04-22\n" in issue and "total: 12\n" in issue
    assert "editor: 王晓\n" in issue and "approver: 李明\n" in issue and "copies: 150\n" in issue
    assert "  报: [市委常委, 市长]\n" in issue and "  发: [各试点单位, 各督导组]\n" in issue
    assert "送:" not in issue  # the same as site.yaml's: inherited, not repeated
    assert "classification: 内部\n" in issue  # 内部资料 in the text box


def test_supplement_goes_to_its_own_folder(content: Path, tmp_path: Path, capsys) -> None:
    source = supplement_issue(tmp_path / "增刊.docx")
    code, out, _ = run_import(capsys, str(source), "--content", str(content))
    assert code == 0
    issue = (content / "issues/2011/s1/issue.md").read_text(encoding="utf-8")
    assert "title: 行动学习成果展示专刊\n" in issue and "date: 2011-05-06\n" in issue
    assert "total:" not in issue  # a supplement is not counted in 总第N期
    article = (content / "issues/2011/s1/01-lanxi.md").read_text(encoding="utf-8")
    assert "units: [lanxi]" in article and "author: 兰溪市委组织部" in article
    assert "增刊" in out


def test_wps_style_layout(content: Path, tmp_path: Path, capsys) -> None:
    code, out, err = run_import(capsys, str(wps_style_issue(tmp_path / "12.docx")), "--content", str(content))
    assert code == 0 and "W482" not in err, err
    folder = content / "issues/2011/012"
    first = (folder / "01-lanxi.md").read_text(encoding="utf-8")
    assert "title: 兰溪市推行“课题化”学习——兰溪市行动学习工作经验\n" in first
    assert "author: 兰溪市委组织部 赵敏\n" in first
    second = (folder / "02-lanxi.md").read_text(encoding="utf-8")
    assert "units: [lanxi, gongxin]" in second
    assert all("平稳推进第二批单位活动" not in p.read_text(encoding="utf-8") for p in folder.glob("*.md"))

    site = tmp_path / "site"
    build(BuildOptions(content=content, out=site, use_cache=False))
    issue = text_of(page(site, "issues/2011/012/index.html"))
    assert "第12期" in issue and "总第21期" in issue and "2011年11月8日" in issue
    assert "报： 市委常委，市人大常委会主任，市长。" in issue and "共印120份" in issue
    assert "编者按" not in issue.split("本期目录", 1)[0].split("2011年11月8日", 1)[1]  # no issue note
    article = page(site, "issues/2011/012/01-lanxi.html")
    assert "<strong>（一）选题贴近中心工作。</strong>兰溪市围绕项目建设选定课题" in article
    second_page = page(site, "issues/2011/012/02-lanxi.html")
    assert re.search(r"<blockquote>\s*<p>编者按：第二批单位起步晚，更要抓好督导。</p>", second_page)


def test_picture_masthead_and_bold_titles(content: Path, tmp_path: Path, capsys) -> None:
    """A masthead pasted as a picture, titles in bold 三号 黑体, a 供稿 line without brackets."""
    b = Bulletin()
    b.picture(png(40, 8))
    b.para("第7期", center=True)
    b.para("市学习型领导班子建设活动领导小组办公室　　2011年7月15日", indent=False)
    b.para("市工信委召开课题推进会", size=16, font="黑体", bold=True, center=True)
    b.para("市工信委召开课题推进会，听取各课题组汇报。")
    b.para("市工信委办公室供稿", indent=False)
    b.para("兰溪市课题组赴外地学习", size=16, font="黑体", bold=True, center=True)
    b.para("兰溪市课题组赴外地学习土地流转经验。")
    code, out, err = run_import(capsys, str(b.save(tmp_path / "7.docx")), "--content", str(content),
                                "--lang", "en")
    assert code == 0 and "W482" not in err, err
    assert "created issues/2011/007/01-gongxin.md" in out and "created issues/2011/007/02-lanxi.md" in out
    assert "author: 市工信委办公室\n" in (content / "issues/2011/007/01-gongxin.md").read_text(encoding="utf-8")


# -- never overwrite, always report -------------------------------------------------------

def test_second_import_changes_nothing(content: Path, tmp_path: Path, capsys) -> None:
    archive = tmp_path / "archive"
    regular_issue(archive / "3.docx")
    supplement_issue(archive / "s1.docx")
    assert run_import(capsys, str(archive), "--content", str(content))[0] == 0
    before = snapshot(content)
    code, out, err = run_import(capsys, str(archive), "--content", str(content))
    assert code == 0
    assert snapshot(content) == before
    assert "W483" in err and "第3期已存在" in err and "新建 0 期，跳过 2 期" in out


def test_existing_issue_is_skipped_and_left_alone(content: Path, tmp_path: Path, capsys) -> None:
    mine = content / "issues/2011/3/issue.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("---\ndate: 2011-04-20\n---\n手工录入的一期。\n", encoding="utf-8")
    code, _, err = run_import(capsys, str(regular_issue(tmp_path / "x.docx")), "--content", str(content))
    assert code == 0 and "issues/2011/3" in err
    assert sorted(p.name for p in mine.parent.iterdir()) == ["issue.md"]
    assert mine.read_text(encoding="utf-8") == "---\ndate: 2011-04-20\n---\n手工录入的一期。\n"
    assert not (content / "issues/2011/003").exists()


def test_dry_run_writes_nothing(content: Path, tmp_path: Path, capsys) -> None:
    source = regular_issue(tmp_path / "x.docx")
    before = snapshot(tmp_path)
    code, out, _ = run_import(capsys, str(source), "--content", str(content), "--dry-run")
    assert code == 0
    assert "将创建 issues/2011/003/01-yudong.md" in out and "没有写入任何文件" in out
    assert snapshot(tmp_path) == before


def test_folder_imports_in_number_order(content: Path, tmp_path: Path, capsys) -> None:
    archive = tmp_path / "archive"
    numbered_issue(archive / "a.docx", 10, "2011年9月1日", "玉东新区开展第十期集中研讨")
    numbered_issue(archive / "b" / "b.docx", 2, "2011年3月1日", "玉东新区开展第二期集中研讨")
    numbered_issue(archive / "c.docx", 1, "2010年12月20日", "玉东新区开展第一期集中研讨")
    (archive / "~$a.docx").write_bytes(b"lock file Word leaves while a document is open")
    code, out, _ = run_import(capsys, str(archive), "--content", str(content))
    assert code == 0
    order = re.findall(r"→ (issues/\d{4}/\w+)", out)
    assert order == ["issues/2010/001", "issues/2011/002", "issues/2011/010"]
    site = tmp_path / "site"
    build(BuildOptions(content=content, out=site, use_cache=False))
    assert "玉东新区开展第十期集中研讨" in page(site, "issues/2011/010/index.html")


def test_two_files_of_one_issue(content: Path, tmp_path: Path, capsys) -> None:
    archive = tmp_path / "archive"
    regular_issue(archive / "第3期.docx")
    shutil.copyfile(archive / "第3期.docx", archive / "第3期（定稿）.docx")
    code, out, err = run_import(capsys, str(archive), "--content", str(content))
    assert code == 1 and "E714" in err and "第3期.docx" in err and "新建 1 期" in out
    assert sorted(p.name for p in (content / "issues/2011").iterdir()) == ["003"]


def test_report_file_names_paragraphs_and_opens_in_notepad(content: Path, tmp_path: Path, capsys) -> None:
    b = Bulletin()
    b.head("第4期", "2011年5月20日")
    b.para("此页无正文")  # between the red rule and the first title: belongs nowhere
    b.title("玉东新区召开课题结题会")
    b.para("玉东新区召开课题结题会。")
    b.foot(["发：各试点单位。", "（共印120份）", "附件另发"])
    source = b.save(tmp_path / "4.docx")
    code, out, err = run_import(capsys, str(source), "--content", str(content))
    assert code == 0
    assert "W482" in err and "第4段" in err and "此页无正文" in err
    report = content.parent / "content-导入报告.txt"
    data = report.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    text = data.decode("utf-8-sig")
    assert "已创建 issues/2011/004/01-yudong.md" in text and "第4段" in text and "附件另发" in text


# -- where it goes --------------------------------------------------------------------------

def test_issue_option_places_the_file(content: Path, tmp_path: Path, capsys) -> None:
    source = regular_issue(tmp_path / "x.docx")
    # the same year as the document's date (2011-04-22): an issue dated outside its folder's year is E124
    code, _, err = run_import(capsys, str(source), "--content", str(content), "--issue", "2011/7")
    assert code == 0 and "W485" in err
    assert (content / "issues/2011/007/issue.md").is_file()


def test_issue_option_needs_a_single_file(content: Path, tmp_path: Path, capsys) -> None:
    regular_issue(tmp_path / "a" / "1.docx")
    supplement_issue(tmp_path / "a" / "2.docx")
    code, _, err = run_import(capsys, str(tmp_path / "a"), "--content", str(content), "--issue", "2012/7")
    assert code == 1 and "E708" in err
    assert not (content / "issues").exists()


def test_series_option(content: Path, tmp_path: Path, capsys) -> None:
    site = content / "site.yaml"
    source = regular_issue(tmp_path / "x.docx")
    code, _, err = run_import(capsys, str(source), "--content", str(content), "--series", "tongbao")
    assert code == 1 and "E709" in err and "tongbao" in err
    site.write_text(MINIMAL_SITE + "series:\n  - {id: tongbao, title: 学习情况通报, copies: 150}\n", encoding="utf-8")
    code, _, err = run_import(capsys, str(source), "--content", str(content), "--series", "tongbao")
    assert code == 0, err
    issue = (content / "series/tongbao/2011/003/issue.md").read_text(encoding="utf-8")
    assert "copies:" not in issue  # the series' own default
    assert not (content / "issues").exists()


def test_a_folder_mixing_two_bulletins_sorts_them_by_masthead(content: Path, tmp_path: Path, capsys) -> None:
    (content / "site.yaml").write_text(MINIMAL_SITE + "series:\n  - {id: tongbao, title: 学习情况通报}\n",
                                       encoding="utf-8")
    archive = tmp_path / "archive"
    regular_issue(archive / "jianbao-3.docx")
    short_issue(archive / "tongbao-3.docx", "第3期", "2011年4月25日", "一季度中心组学习情况",
                "玉东新区党工委中心组一季度集中学习6次。", masthead="学习情况通报")
    code, out, err = run_import(capsys, str(archive), "--content", str(content))
    assert code == 0 and "W486" not in err, err
    assert (content / "issues/2011/003/02-gongxin.md").is_file()
    assert "一季度中心组学习情况" in (content / "series/tongbao/2011/003/01-yudong.md").read_text(encoding="utf-8")


def test_article_without_a_known_unit(content: Path, tmp_path: Path, capsys) -> None:
    source = short_issue(tmp_path / "6.docx", "第6期", "2011年7月1日", "全市召开行动学习工作座谈会",
                         "6月28日，全市召开行动学习工作座谈会。")
    code, _, err = run_import(capsys, str(source), "--content", str(content))
    assert code == 1 and "E707" in err and "全市召开行动学习工作座谈会" in err and "第4段" in err
    assert not (content / "issues").exists()
    code, _, err = run_import(capsys, str(source), "--content", str(content), "--unit", "玉东新区")
    assert code == 0, err
    assert "units: [yudong]" in (content / "issues/2011/006/01-yudong.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("head", "code"), [({"masthead": "机关党建动态"}, "W486"),
                                           ({"publisher": "市直机关工委办公室"}, "W480")])
def test_another_bulletins_masthead_or_publisher_is_reported(content: Path, tmp_path: Path, capsys,
                                                             head: dict, code: str) -> None:
    source = short_issue(tmp_path / "8.docx", "第8期", "2011年8月1日", "玉东新区完成课题中期评估",
                         "玉东新区完成课题中期评估。", **head)
    exit_code, _, err = run_import(capsys, str(source), "--content", str(content))
    assert exit_code == 0 and code in err and next(iter(head.values())) in err
    assert (content / "issues/2011/008/01-yudong.md").is_file()  # imported all the same


# -- classified documents never reach the site ----------------------------------------------

@pytest.mark.parametrize("where", ["textbox", "header"])
def test_classified_document_is_refused_and_never_built(content: Path, tmp_path: Path, capsys,
                                                        where: str) -> None:
    archive = tmp_path / "archive"
    classified_issue(archive / "5.docx", where)
    regular_issue(archive / "3.docx")
    code, _, err = run_import(capsys, str(archive), "--content", str(content))
    assert code == 1 and "E706" in err
    assert ("机密★1年" if where == "textbox" else "秘密") in err and "5.docx" in err
    assert not (content / "issues/2011/005").exists()
    assert (content / "issues/2011/003/issue.md").is_file()  # the rest of the archive still comes in
    site = tmp_path / "site"
    build(BuildOptions(content=content, out=site, use_cache=False))
    built = " ".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*")
                     if p.is_file() and p.suffix in (".html", ".xml", ".js", ".json", ".txt"))
    assert "征地补偿方案" not in built and "机密" not in built


def test_classified_file_name_is_refused(content: Path, tmp_path: Path, capsys) -> None:
    code, _, err = run_import(capsys, str(regular_issue(tmp_path / "第3期（机密）.docx")), "--content", str(content))
    assert code == 1 and "E706" in err and "文件名" in err
    assert not (content / "issues").exists()


def test_mentioning_secrecy_in_a_sentence_is_not_a_marking(content: Path, tmp_path: Path, capsys) -> None:
    source = short_issue(tmp_path / "9.docx", "第9期", "2011年9月1日", "玉东新区开展保密教育",
                         "玉东新区组织学习保守国家秘密法，涉密人员签订保密承诺书。")
    code, _, err = run_import(capsys, str(source), "--content", str(content))
    assert code == 0, err


# -- bad input --------------------------------------------------------------------------

def test_bad_files_get_clear_messages(content: Path, tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "notes.docx").write_text("这是一段文字，不是 Word 文档。", encoding="utf-8")
    (bad / "broken.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 60)
    cut = regular_issue(tmp_path / "whole.docx").read_bytes()
    (bad / "truncated.docx").write_bytes(cut[: len(cut) // 2])
    Bulletin().save(bad / "empty.docx")
    _as_workbook(regular_issue(tmp_path / "book.docx"), bad / "book.docx")
    _rewrite(regular_issue(tmp_path / "xml.docx"), bad / "badxml.docx", "word/document.xml",
             lambda data: data[: len(data) // 2])
    letter(bad / "letter.docx")
    code, out, err = run_import(capsys, str(bad), "--content", str(content))
    assert code == 1
    assert "Traceback" not in out + err
    assert re.search(r"notes\.docx: 错误 E700: 不是 Word 文档", err)
    assert re.search(r"broken\.docx: 错误 E701: Word 文档已损坏", err)
    assert re.search(r"truncated\.docx: 错误 E701", err)
    assert re.search(r"empty\.docx: 错误 E702", err)
    assert re.search(r"book\.docx: 错误 E700", err)
    assert re.search(r"badxml\.docx: 错误 E701", err)
    assert re.search(r"letter\.docx: 错误 E703: 看不出这是一期简报：找不到“第N期”期号和印发日期", err)
    assert "失败 7 个文件" in out
    assert not (content / "issues").exists()


def _rewrite(source: Path, target: Path, member: str, change) -> None:
    """A copy of the package ``source`` with one member changed."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            new.writestr(item, change(data) if item.filename == member else data)


def _as_workbook(source: Path, target: Path) -> None:
    """The package of ``source`` declared as an Excel workbook (an .xlsx named .docx)."""
    _rewrite(source, target, "[Content_Types].xml",
             lambda data: data.replace(b"wordprocessingml.document.main+xml", b"spreadsheetml.sheet.main+xml"))


def test_missing_path(content: Path, tmp_path: Path, capsys) -> None:
    code, _, err = run_import(capsys, str(tmp_path / "nowhere.docx"), "--content", str(content))
    assert code == 1 and "E710" in err and "nowhere.docx" in err


def test_old_word_file_without_libreoffice(content: Path, tmp_path: Path, capsys,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    old = tmp_path / "2009年第1期.doc"
    # A Word 97 compound file starts with this signature, whatever follows.
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    monkeypatch.setenv("PATH", str(empty_bin))
    monkeypatch.delenv("PROGRAMFILES", raising=False)
    code, out, err = run_import(capsys, str(old), "--content", str(content))
    assert code == 1 and "Traceback" not in out + err
    assert "2009年第1期.doc: 错误 E704: 导入 .doc 文件需要 LibreOffice" in err
    assert "另存为" in err and "apt-get install libreoffice-writer" in err


def test_real_doc_file_is_converted_with_libreoffice(content: Path, tmp_path: Path, capsys) -> None:
    """.ci/run installs LibreOffice; an old Word 97 file made by it imports like the .docx."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice (soffice) is installed by .ci/run"
    import subprocess

    source = regular_issue(tmp_path / "2011-03.docx")
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "doc:MS Word 97", "--outdir", str(tmp_path / "old"), str(source)],
                   check=True, capture_output=True, timeout=180)
    old = tmp_path / "old" / "2011-03.doc"
    assert old.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"
    code, _, err = run_import(capsys, str(old), "--content", str(content))
    assert code == 0, err
    folder = content / "issues/2011/003"
    assert "classification: 内部" in (folder / "issue.md").read_text(encoding="utf-8")
    article = (folder / "01-yudong.md").read_text(encoding="utf-8")
    assert "## 一、课题推进的主要做法" in article and "| 土地流转 | 12 | 60% |" in article
    assert (folder / "01-yudong-1.png").read_bytes() == png()


# -- the pieces -----------------------------------------------------------------------------

def test_numbers_and_dates_in_chinese() -> None:
    assert cn_number("十二") == 12 and cn_number("３") == 3 and cn_number("二十一") == 21
    assert find_date("二〇一一年四月二十二日")[0].isoformat() == "2011-04-22"
    assert find_date("市学习办　　2011年4月2日")[0].isoformat() == "2011-04-02"


def test_head_variants(tmp_path: Path) -> None:
    """期号 and date in one table, a 专刊 title under the 期号 line, the date only in the 版记."""
    b = Bulletin()
    b.para("学习型领导班子建设工作简报", size=36, red=True, center=True)
    head = b.doc.add_table(rows=1, cols=2)
    head.cell(0, 0).text = "第 3 期"
    head.cell(0, 1).text = "总第12期"
    b.para("经验交流会专刊", size=22, font="方正小标宋简体", red=True, center=True)
    b.title("玉东新区交流发言")
    b.para("玉东新区交流了课题管理的做法。")
    b.foot(["市学习型领导班子建设活动领导小组办公室　　2011年4月22日印发"])
    found = split(read_docx(b.save(tmp_path / "x.docx")))
    assert (found.number, found.total, found.special_title) == (3, 12, "经验交流会专刊")
    assert found.date is not None and found.date.isoformat() == "2011-04-22"
    assert [p.title for p in found.pieces] == ["玉东新区交流发言"]
    assert found.pieces[0].plain == ["玉东新区交流了课题管理的做法。"] and not found.unplaced


def test_units_by_longest_name_first() -> None:
    units = [Unit("lanxi", "兰溪市", short="兰溪"), Unit("gongxin", "市工业和信息化委员会", short="市工信委"),
             Unit("yudong", "玉东新区", short="玉东")]
    assert find_units("市工信委和兰溪市联合调研，兰溪同志参加", units) == ["gongxin", "lanxi"]
    assert find_units("全市召开座谈会", units) == []
