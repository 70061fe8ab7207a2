"""The 通报 (``notice``): a .docx read back with python-docx, its fonts, and its place on the site."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from bulletin.commands import main
from bulletin.pipeline import BuildOptions, build
from tests.conftest import EXAMPLE
from tests.register_fixture import write_register_site
from tests.stats_fixture import write_stats_site


def texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def east_asian_fonts(document) -> set[str]:
    return {f.get(qn("w:eastAsia")) for f in document.element.body.iter(qn("w:rFonts")) if f.get(qn("w:eastAsia"))}


def test_monthly_notice_reads_back_with_ranking_lists_and_annex(tree, tmp_path: Path, capsys) -> None:
    content = write_register_site(tree)
    target = tmp_path / "一月通报.docx"
    assert main(["notice", "--content", str(content), "--period", "month", "--at", "2011-01",
                 "--output", str(target)]) == 0
    assert "已写入《2011年1月信息报送采用情况通报》" in capsys.readouterr().err
    document = docx.Document(str(target))
    paragraphs = texts(document)
    assert paragraphs[0] == "2011年1月信息报送采用情况通报"
    assert paragraphs[1] == ("2011年1月，全市4个单位共报送信息5条，《学习型领导班子建设工作简报》采用3条，采用率60.0%；"
                             "被上级刊物采用0次，获领导批示0次。现将有关情况通报如下。")
    assert "（一）县市区" in paragraphs and "（二）市直单位" in paragraphs
    assert [p for p in paragraphs if p.startswith("（") and "：" in p] == [
        "（一）未报送：无", "（二）零采用：市卫生局", "（三）未完成约稿：玉东新区、市工业和信息化委员会、市卫生局",
        "（四）连续末位：无"]
    counties, departments, annex = document.tables
    assert rows(counties) == [["名次", "单位", "报送", "采用", "采用率", "外部采用", "批示", "积分"],
                              ["1", "平河区", "2", "1", "50.0%", "0", "0", "0.5"],
                              ["2", "玉东新区", "2", "2", "100.0%", "0", "0", "-1.5"]]
    assert rows(departments)[1:] == [["1", "市工业和信息化委员会", "1", "1", "100.0%", "0", "0", "-3"],
                                     ["2", "市卫生局", "1", "0", "0.0%", "0", "0", "-5"]]
    assert rows(annex) == [["序号", "标题", "单位", "刊发期次"],
                           ["1", "玉东新区开展集中学习", "玉东新区", "2011年第1期（总第1期）"],
                           ["2", "玉东平河两地结对交流", "玉东新区、平河区", "2011年第1期（总第1期）"],
                           ["3", "市工信委1月份进展", "市工业和信息化委员会", "2011年第1期（总第1期）"]]
    # The office's faces on the East Asian slot, where WPS and Word look for the Chinese font.
    assert east_asian_fonts(document) == {"方正小标宋简体", "黑体", "楷体_GB2312", "仿宋_GB2312"}
    title_run = document.paragraphs[0].runs[0]
    assert title_run.element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert title_run.font.size.pt == 22


def test_quarterly_notice_of_a_month_without_issue_and_the_default_file_name(tree, tmp_path: Path, monkeypatch,
                                                                             capsys) -> None:
    content = write_register_site(tree)
    monkeypatch.chdir(tmp_path)
    assert main(["notice", "--content", str(content), "--period", "month", "--at", "2011-02"]) == 0
    february = docx.Document(str(tmp_path / "2011年2月信息报送采用情况通报.docx"))
    lists = [p for p in texts(february) if p.startswith("（") and "：" in p]
    assert lists == ["（一）未报送：平河区、市工业和信息化委员会、市卫生局", "（二）未完成约稿：无",
                     "（三）连续末位：玉东新区、市卫生局", "（四）零采用：本期未印发简报，不列此项"]
    assert main(["notice", "--content", str(content), "--period", "quarter"]) == 0  # the latest quarter
    quarter = docx.Document(str(tmp_path / "2011年第一季度信息报送采用情况通报.docx"))
    assert texts(quarter)[1].startswith("2011年第一季度，全市5个单位共报送信息9条")
    assert rows(quarter.tables[1])[1][:2] == ["1", "市卫生局"]


def test_example_notice_for_april_2011(tmp_path: Path) -> None:
    target = tmp_path / "通报.docx"
    assert main(["notice", "--content", str(EXAMPLE), "--at", "2011-04", "--output", str(target)]) == 0
    document = docx.Document(str(target))
    assert texts(document)[0] == "2011年4月信息报送采用情况通报"
    assert "（一）未报送：市卫生局" in texts(document)
    assert rows(document.tables[0])[1][:2] == ["1", "清水县"]  # 省委办公厅《信息快报》 and a 省领导 批示


def test_notice_without_a_register_never_says_unreported(tree, tmp_path: Path) -> None:
    target = tmp_path / "n.docx"
    assert main(["notice", "--content", str(write_stats_site(tree)), "--at", "2010-11", "--output", str(target)]) == 0
    document = docx.Document(str(target))
    words = "\n".join(texts(document) + [c.text for t in document.tables for row in t.rows for c in row.cells])
    assert "未报送" not in words and "报送信息" not in words
    assert texts(document)[1].startswith("2010年11月，《学习型领导班子建设工作简报》共采用全市6个单位的稿件3篇")
    assert rows(document.tables[0])[0] == ["名次", "单位", "采用", "外部采用", "批示", "积分"]


@pytest.mark.parametrize("args, code, message", [
    (["--at", "2011-13"], 2, "E240"), (["--series", "nosuch"], 2, "E268")])
def test_notice_usage_errors(tree, tmp_path: Path, capsys, args, code, message) -> None:
    content = write_register_site(tree)
    target = tmp_path / "n.docx"
    assert main(["notice", "--content", str(content), "--output", str(target), *args]) == code
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and not target.exists()


def test_site_links_each_months_and_quarters_notice_as_page_and_docx(tree, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(BuildOptions(content=write_register_site(tree), out=out))
    period = (out / "stats/month/2011-01.html").read_text(encoding="utf-8")
    assert 'href="../../stats/notice/2011-01.html"' in period and 'href="../../stats/notice/2011-01.docx"' in period
    page = (out / "stats/notice/2011-01.html").read_text(encoding="utf-8")
    assert "2011年1月信息报送采用情况通报" in page and "零采用：市卫生局" in page
    for rel in ["stats/notice/2011-02.docx", "stats/notice/2011-03.docx", "stats/notice/2011-Q1.docx",
                "stats/notice/2011-Q1.html"]:
        assert (out / rel).is_file(), rel
    quarter = docx.Document(str(out / "stats/notice/2011-Q1.docx"))
    assert quarter.paragraphs[0].text == "2011年第一季度信息报送采用情况通报"
    # Same content, same bytes: a rebuild leaves the documents alone.
    first = (out / "stats/notice/2011-01.docx").read_bytes()
    times = {i.date_time for i in zipfile.ZipFile(out / "stats/notice/2011-01.docx").infolist()}
    assert times == {(1980, 1, 1, 0, 0, 0)}
    again = build(BuildOptions(content=tree.root, out=out, use_cache=False))
    assert (out / "stats/notice/2011-01.docx").read_bytes() == first and again.report.written == 0


def test_notice_of_one_series_names_it(tree, tmp_path: Path) -> None:
    content = write_register_site(tree)
    tree.write("site.yaml", (content / "site.yaml").read_text(encoding="utf-8")
               + "series:\n  - {id: zhuanbao, title: 学习专报}\n")
    tree.write("series/zhuanbao/2011/001/issue.md", "---\ndate: 2011-01-25\n---\n")
    tree.article("series/zhuanbao/2011/001/01-weisheng.md", """
        title: 市卫生局专报案例
        kind: case
        units: [weisheng]
    """)
    target = tmp_path / "专报.docx"
    assert main(["notice", "--content", str(content), "--at", "2011-01", "--series", "zhuanbao",
                 "--output", str(target)]) == 0
    document = docx.Document(str(target))
    # adopted in 《学习专报》 only: the register rows, and its own article without a row
    assert texts(document)[1].startswith("2011年1月，全市4个单位共报送信息5条，《学习专报》采用1条，采用率20.0%")
    assert rows(document.tables[2])[1:] == [["1", "市卫生局专报案例", "市卫生局", "2011年第1期（总第1期）"]]


def test_the_docx_bytes_do_not_depend_on_when_or_where_it_was_written(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fixed zip header fields: the same 通报 written at another time, or with its template saved
    by zipfile on Windows (another "made by" system), is the same bytes, and a sound archive."""
    import io

    from bulletin.stats import notice
    from bulletin.stats.notice import NoticeContent, notice_docx

    content = NoticeContent("2011年4月信息报送采用情况通报", "4月全市共报送信息12条。",
                            [("区县", [["1", "平河区", "5", "2", "40.0%", "0", "0", "4"]])],
                            [("未报送单位", "无")], "2011年4月采用信息目录", [["1", "平河区经验", "平河区", "第3期"]],
                            "市委办公室")
    first = notice_docx(content)
    monkeypatch.setattr(zipfile.time, "time", lambda: 1_700_000_000.0)  # another day and hour
    monkeypatch.setattr(zipfile.ZipInfo, "__init__", _made_on_windows(zipfile.ZipInfo.__init__))
    notice._template.cache_clear()  # the template saved again, at that time and on that system
    second = notice_docx(content)
    notice._template.cache_clear()
    assert first == second
    archive = zipfile.ZipFile(io.BytesIO(second))
    assert archive.testzip() is None
    assert {(i.date_time, i.create_system, i.external_attr >> 16) for i in archive.infolist()} == {
        ((1980, 1, 1, 0, 0, 0), 3, 0o644)}
    assert "平河区经验" in texts(docx.Document(io.BytesIO(second))) + [
        c.text for t in docx.Document(io.BytesIO(second)).tables for r in t.rows for c in r.cells]


def _made_on_windows(init):
    def made(self, *args, **kwargs):
        init(self, *args, **kwargs)
        self.create_system = 0
    return made
