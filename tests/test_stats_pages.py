"""The statistics in the built site: pages, unit pages, CSV and SVG files."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

from bulletin.pipeline import BuildOptions, build
from tests.stats_fixture import write_stats_site

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def site(tree, tmp_path: Path) -> Path:
    out = tmp_path / "site"
    build(BuildOptions(content=write_stats_site(tree), out=out))
    return out


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_statistics_pages_exist_and_are_linked(site: Path) -> None:
    for rel in ["stats/index.html", "stats/figures.html", "stats/month/index.html", "stats/month/2010-08.html",
                "stats/stage/index.html", "stats/stage/pilot.html", "stats/year/2010.html",
                "stats/rankings-all.csv", "stats/rankings-month.csv", "stats/rankings-stage.csv",
                "stats/rankings-year.csv", "stats/figures.csv", "stats/totals.csv"]:
        assert (site / rel).is_file(), rel
    assert not (site / "stats/stage/review.html").exists()  # a stage that has not begun
    assert '<a href="../stats/index.html">统计</a>' in read(site, "units/yudong.html")  # the site nav
    index = read(site, "stats/index.html")
    for href in ["month/index.html", "stage/index.html", "year/index.html", "figures.html", "rankings-month.csv"]:
        assert f'href="../stats/{href}"' in index, href


def test_index_shows_the_whole_campaign_ranking_and_who_sent_nothing(site: Path) -> None:
    text = text_of(read(site, "stats/index.html"))
    assert "参加统计的单位7个，其中有稿件被采用的6个，未报送的1个。" in text
    assert "未报送（1个）： 市卫生局" in text
    # 名次 单位 所属系统 系统内名次 积分 稿件数 篇数名次 工作动态 典型案例 进展通报
    assert "1 玉东新区 县市区 1 9 4 1 0 1 3" in text
    assert "3 平河区 县市区 3 3 3 2 3 0 0" in text and "3 市工业和信息化委员会 市直单位 1 3 2 3 1 0 1" in text
    assert "积分办法：工作动态每篇1分，典型案例每篇3分，进展通报每篇2分" in text
    assert "2010年12月月度排行 ：未报送5个" in text


def test_a_month_without_articles_names_every_unit(site: Path) -> None:
    text = text_of(read(site, "stats/month/2010-08.html"))
    assert "本期没有被采用的稿件" in text
    assert "未报送（4个）： 玉东新区 、 平河区 、 市工业和信息化委员会 、 市卫生局" in text
    assert "尚未参加、不计入本期统计的单位： 兰溪市 、 松岭县 、 市住房和城乡建设委员会" in text


def test_month_overview_matrix(site: Path) -> None:
    html = read(site, "stats/month/index.html")

    def row(name: str) -> list[str]:
        return text_of(re.search(rf'<tr><th scope="row"><a [^>]*title="{name}">.*?</tr>', html, re.S).group(0)).split()

    assert row("市卫生局") == ["市卫生局"] + ["未报送"] * 7 + ["7"]
    assert row("兰溪市") == ["兰溪"] + ["—"] * 5 + ["3分", "第1名", "2分", "第1名", "0"]
    assert row("松岭县") == ["松岭"] + ["—"] * 5 + ["1分", "第3名", "未报送", "1"]


def test_unit_page_has_charts_table_and_rank_history(site: Path) -> None:
    html = read(site, "units/yudong.html")
    svgs = re.findall(r"<svg .*?</svg>", html, re.S)
    assert len(svgs) == 3  # 参学人数, 集中学习时长, 参学率: one chart per metric
    ids = re.findall(r'<svg [^>]*id="([^"]+)"', html)
    assert ids == ["chart-unit-yudong-participants", "chart-unit-yudong-study_hours",
                   "chart-unit-yudong-participation_rate"]
    # The charts carry no script (pygal's default); the page's own reader.js (大字, print) is not a chart's.
    assert all("<script" not in svg for svg in svgs)
    assert "<script" not in html.replace('<script src="../static/reader.js"></script>', "")
    assert "玉东新区历次进展通报中的集中学习时长：2010年6月30日 10小时；2010年11月30日 30小时。" in html
    text = text_of(html)
    assert "活动以来：积分9分，全市第1名，县市区第1名" in text
    assert "试点阶段 7 3 1 1" in text and "全面铺开 2 1 2 2" in text
    assert "2010年8月 未报送" in text and "月度排行（未报送4个月）" in text
    assert 'href="../stats/charts/chart-unit-yudong-participants.svg"' in html


def test_units_without_enough_figures_get_no_chart(site: Path) -> None:
    assert "<svg" not in read(site, "units/weisheng.html")  # never reported anything
    weisheng = text_of(read(site, "units/weisheng.html"))
    assert "活动以来：未报送" in weisheng
    lanxi = read(site, "units/lanxi.html")
    assert "<svg" not in lanxi and "主要指标" in lanxi  # one report: the table, no trend line
    assert "自2010年11月1日起参加统计" in text_of(lanxi)


def test_svg_files_are_static_accessible_and_well_formed(site: Path) -> None:
    files = sorted((site / "stats/charts").glob("*.svg"))
    assert [f.stem for f in files] == sorted([
        "chart-unit-yudong-participants", "chart-unit-yudong-study_hours", "chart-unit-yudong-participation_rate",
        "chart-latest-participants", "chart-latest-study_hours", "chart-latest-participation_rate",
        "chart-total-participants", "chart-total-study_hours", "chart-total-participation_rate"])
    for path in files:
        root = ElementTree.parse(path).getroot()
        assert root.get("role") == "img"
        assert root.find(f"{SVG}title").text and root.find(f"{SVG}desc").text
        assert not list(root.iter(f"{SVG}script"))
        data = path.read_text(encoding="utf-8")
        assert "http://" not in data.replace("http://www.w3.org/", "")  # nothing loaded from other hosts
        assert "//kozea" not in data and "googleapis" not in data
    bar = ElementTree.parse(site / "stats/charts/chart-latest-participants.svg").getroot()
    labels = [t.text for t in bar.iter(f"{SVG}text")]
    assert {"玉东", "兰溪", "市工信委"} <= set(labels) and {"100", "60", "40"} <= set(labels)


def test_figures_page_tables_behind_the_charts(site: Path) -> None:
    text = text_of(read(site, "stats/figures.html"))
    assert "玉东新区 100 2010年11月30日 玉东新区11月份进展" in text
    assert "尚未通报该指标：平河区、松岭县、市卫生局、市住房和城乡建设委员会" in text
    assert "2010年12月20日 200 3" in text  # 参学人数合计 with three units counted
    assert "2010年11月30日 95.5 2" in text  # 参学率平均


def test_figures_csv_and_totals_csv(site: Path) -> None:
    rows = list(csv.DictReader(io.StringIO((site / "stats/figures.csv").read_bytes().decode("utf-8-sig"))))
    assert [(r["单位代码"], r["指标代码"], r["日期"], r["数值"]) for r in rows if r["单位代码"] == "gongxin"] == [
        ("gongxin", "participants", "2010-06-30", "40"), ("gongxin", "participation_rate", "2010-06-30", "95")]
    assert (site / "stats/totals.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_rebuild_leaves_statistics_files_untouched(tree, tmp_path: Path) -> None:
    content = write_stats_site(tree)
    out = tmp_path / "site"
    build(BuildOptions(content=content, out=out))
    again = build(BuildOptions(content=content, out=out))
    assert again.report.written == 0  # charts and CSV are byte-for-byte stable: no random ids, no dates


def test_chinese_metric_ids_get_separate_charts(tree, tmp_path: Path) -> None:
    tree.write("site.yaml", "title: 简报\npublisher: 办公室\n"
                            "metrics:\n  参学人数: {unit: 人}\n  学习时长: {unit: 小时}\n")
    tree.issue(2010, "002", "date: 2010-07-01\n")
    for number, day, people, hours in (("01", "2010-06-20", 10, 2), ("02", "2010-06-30", 12, 5)):
        tree.article(f"issues/2010/002/{number}-progress.md", f"""
            title: 进展{number}
            kind: progress
            units: [yudong]
            date: {day}
            metrics: {{参学人数: {people}, 学习时长: {hours}}}
        """)
    out = tmp_path / "site"
    build(BuildOptions(content=tree.root, out=out))
    unit_charts = sorted(p.name for p in (out / "stats/charts").glob("chart-unit-*.svg"))
    assert len(unit_charts) == 2 and unit_charts[0] != unit_charts[1]
    html = read(out, "units/yudong.html")
    assert "参学人数：2010年6月20日 10人；2010年6月30日 12人。" in html
    assert "学习时长：2010年6月20日 2小时；2010年6月30日 5小时。" in html
