"""The statistics in the built site: pages, unit pages, CSV and SVG files."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

from bulletin.pipeline import BuildOptions, build
from bulletin.stats.charts import safe_id
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


def test_index_without_a_register_shows_adoption_only_and_calls_nobody_unreported(site: Path) -> None:
    text = text_of(read(site, "stats/index.html"))
    assert "参加统计的单位7个，本刊采用稿件11篇（未设报送登记表，只统计采用情况）" in text
    # 名次 单位 所属系统 系统内名次 采用 外部采用 批示 积分 工作动态 典型案例 进展通报
    assert "1 玉东新区 县市区 1 4 0 0 9 0 1 3" in text
    assert "3 平河区 县市区 3 3 0 0 3 3 0 0" in text and "3 市工业和信息化委员会 市直单位 1 2 0 0 3 1 0 1" in text
    assert "7 市卫生局 市直单位 3 0 0 0 0 0 0 0" in text
    assert "积分办法：本刊采用工作动态每篇1分，典型案例每篇3分，进展通报每篇2分" in text
    assert "未报送" not in text and "采用率" not in text


def test_a_month_without_an_issue_ranks_everyone_equal_and_lists_nobody(site: Path) -> None:
    text = text_of(read(site, "stats/month/2010-08.html"))
    assert "1 玉东新区 县市区 1 0 0 0 0" in text and "1 市卫生局 市直单位 1 0 0 0 0" in text
    assert "未报送" not in text and "零采用" not in text
    assert "尚未参加、不计入本期统计的单位： 兰溪市 、 松岭县 、 市住房和城乡建设委员会" in text


def test_month_overview_matrix(site: Path) -> None:
    html = read(site, "stats/month/index.html")

    def row(name: str) -> list[str]:
        return text_of(re.search(rf'<tr><th scope="row"><a [^>]*title="{name}">.*?</tr>', html, re.S).group(0)).split()

    assert row("市卫生局") == ["市卫生局", "0篇", "0分", "第4名", "0篇", "0分", "第4名", "0篇", "0分", "第1名",
                               "0篇", "0分", "第1名", "0篇", "0分", "第1名", "0篇", "0分", "第5名", "0篇", "0分",
                               "第3名", "0"]
    assert row("兰溪市") == ["兰溪"] + ["—"] * 5 + ["1篇", "3分", "第1名", "1篇", "2分", "第1名", "2"]
    assert row("松岭县") == ["松岭"] + ["—"] * 5 + ["1篇", "1分", "第3名", "0篇", "0分", "第3名", "1"]


def test_unit_page_has_charts_table_and_rank_history(site: Path) -> None:
    html = read(site, "units/yudong.html")
    svgs = re.findall(r"<svg .*?</svg>", html, re.S)
    assert len(svgs) == 4  # 参学人数, 集中学习时长, 参学率: one chart per metric; points per month
    ids = re.findall(r'<svg [^>]*id="([^"]+)"', html)
    assert ids == ["chart-unit-yudong-participants", "chart-unit-yudong-study_hours",
                   "chart-unit-yudong-participation_rate", "chart-unit-yudong-points"]
    # The charts carry no script (pygal's default); the page's own reader.js (大字, print) is not a chart's.
    assert all("<script" not in svg for svg in svgs)
    assert "<script" not in html.replace('<script src="../static/reader.js"></script>', "")
    assert "玉东新区历次进展通报中的集中学习时长：2010年6月30日 10小时；2010年11月30日 30小时。" in html
    text = text_of(html)
    assert "活动以来：本刊采用4条，积分9分，全市第1名，县市区第1名" in text
    assert "试点阶段 3 7 1 1" in text and "全面铺开 1 2 2 2" in text
    assert "2010年8月 0 0 1 1" in text and "未报送" not in text
    assert 'href="../stats/charts/chart-unit-yudong-participants.svg"' in html


def test_units_without_enough_figures_get_no_chart(site: Path) -> None:
    weisheng_html = read(site, "units/weisheng.html")
    assert re.findall(r'<svg [^>]*id="([^"]+)"', weisheng_html) == ["chart-unit-weisheng-points"]  # no metrics
    weisheng = text_of(weisheng_html)
    assert "活动以来：本刊采用0条，积分0分，全市第7名，市直单位第3名" in weisheng
    lanxi = read(site, "units/lanxi.html")
    # one report: the table, no trend line; two months counted: the points chart
    assert re.findall(r'<svg [^>]*id="([^"]+)"', lanxi) == ["chart-unit-lanxi-points"] and "主要指标" in lanxi
    assert "自2010年11月1日起参加统计" in text_of(lanxi)


def test_svg_files_are_static_accessible_and_well_formed(site: Path) -> None:
    files = sorted((site / "stats/charts").glob("*.svg"))
    assert [f.stem for f in files] == sorted([
        "chart-unit-yudong-participants", "chart-unit-yudong-study_hours", "chart-unit-yudong-participation_rate",
        "chart-latest-participants", "chart-latest-study_hours", "chart-latest-participation_rate",
        "chart-total-participants", "chart-total-study_hours", "chart-total-participation_rate",
        safe_id("group-县市区-adopted"), safe_id("group-市直单位-adopted"),  # no register: no 采用率 charts
        *(f"chart-unit-{u}-points" for u in ("yudong", "pinghe", "lanxi", "songling", "gongxin", "weisheng"))])
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
    unit_charts = sorted(p.name for p in (out / "stats/charts").glob("chart-unit-*.svg") if "-points" not in p.name)
    assert len(unit_charts) == 2 and unit_charts[0] != unit_charts[1]
    html = read(out, "units/yudong.html")
    assert "参学人数：2010年6月20日 10人；2010年6月30日 12人。" in html
    assert "学习时长：2010年6月20日 2小时；2010年6月30日 5小时。" in html
