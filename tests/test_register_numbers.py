"""Figures, ranks and lists with a submissions register, against the hand count in tests/register_fixture.py."""

from __future__ import annotations

from datetime import date

import pytest

from bulletin.commands import main
from bulletin.model.library import Library
from bulletin.pipeline import check
from bulletin.stats.rankings import Ranking, rankings
from tests.register_fixture import write_register_site


@pytest.fixture
def lib(tree) -> Library:
    found, diags = check(write_register_site(tree))
    assert found is not None, [d.format() for d in diags.errors]
    return found


def figures(ranking: Ranking) -> list[tuple]:
    """(unit, 报送, 采用, 外部采用, 批示, 积分, 名次, 系统内名次) in ranking order."""
    return [(s.unit_id, s.submitted, s.adopted, s.elsewhere, s.instructions, s.points, s.rank, s.group_rank)
            for s in ranking.standings]


def ids(standings) -> list[str] | None:
    return None if standings is None else [s.unit_id for s in standings]


def months(lib: Library) -> dict[str, Ranking]:
    return {r.period.key: r for r in rankings(lib, "month")}


def test_register_rows_are_read_from_gbk_csv_and_xlsx_date_cells(lib: Library) -> None:
    rows = {row.id: row for row in lib.submissions}
    assert sorted(rows) == [f"X-{n}" for n in range(1, 9)]
    assert rows["X-2"].unit_ids == ("yudong", "pinghe") and rows["X-2"].day == date(2011, 1, 6)
    assert rows["X-3"].day == date(2011, 1, 10) and rows["X-3"].request == "r1"
    assert rows["X-6"].day == date(2011, 3, 1)  # an Excel date cell
    assert rows["X-6"].outlets == ("市委办《每日要情》",) and rows["X-6"].instructions == ("市领导",)
    assert rows["X-4"].returned == "内容与已刊发信息重复"
    adopts = {a.slug: a.adopts for a in lib.articles}
    # by title and a shared unit (spaces and punctuation ignored), by `submission:`, or no row at all
    assert adopts == {"01-yudong": "X-1", "02-joint": "X-2", "03-gongxin": "", "01-lanxi": "X-5",
                      "02-weisheng": "X-6"}


def test_january_joint_split_article_without_row_request_and_returned_item(lib: Library) -> None:
    january = months(lib)["2011-01"]
    assert figures(january) == [
        ("pinghe", 2, 1, 0, 0, 0.5, 1, 1),  # half of the joint briefing; answered r1
        ("yudong", 2, 2, 0, 0, -1.5, 2, 2),  # case 3 + half a briefing − 5 for r1 answered late
        ("gongxin", 1, 1, 0, 0, -3, 3, 1),  # its article has no row: submitted and adopted; r1 missed
        ("weisheng", 1, 0, 0, 0, -5, 4, 2),  # the returned item counts as submitted, never adopted
    ]
    assert ids(january.not_joined) == ["lanxi"]
    assert [(s.unit_id, s.answered, s.missed) for s in january.standings] == [
        ("pinghe", 1, 0), ("yudong", 0, 1), ("gongxin", 0, 1), ("weisheng", 0, 1)]
    assert [(s.unit_id, s.quota, s.quota_met) for s in january.standings] == [
        ("pinghe", 2, True), ("yudong", 2, True), ("gongxin", 1, True), ("weisheng", 1, True)]
    assert january.of("yudong").rate_text == "100.0%" and january.of("weisheng").rate_text == "0.0%"
    assert ids(january.not_submitted) == []
    assert ids(january.zero_adoption) == ["weisheng"]
    assert ids(january.missed_requests) == ["yudong", "gongxin", "weisheng"]
    assert ids(january.last_place) == []  # two periods in a row are needed
    assert january.totals == {"submitted": 5, "adopted": 3, "elsewhere": 0, "instructions": 0}


def test_february_no_issue_printed_a_unit_joins_and_quotas_fall_short(lib: Library) -> None:
    february = months(lib)["2011-02"]
    assert figures(february) == [
        ("yudong", 2, 0, 0, 0, 0, 1, 1), ("lanxi", 1, 0, 0, 0, 0, 1, 1), ("pinghe", 0, 0, 0, 0, 0, 1, 1),
        ("gongxin", 0, 0, 0, 0, 0, 1, 1), ("weisheng", 0, 0, 0, 0, 0, 1, 1)]
    assert [(s.unit_id, s.quota_met) for s in february.standings] == [
        ("yudong", True), ("lanxi", False), ("pinghe", False), ("gongxin", False), ("weisheng", False)]
    assert ids(february.not_submitted) == ["pinghe", "gongxin", "weisheng"]
    assert february.zero_adoption is None  # no issue was printed: no 零采用 list
    assert [name for name, _ in february.lists()] == ["未报送", "未完成约稿", "连续末位"]
    # last in their group in January and (all tied on nothing) in February
    assert ids(february.last_place) == ["yudong", "weisheng"]


def test_march_adopted_elsewhere_instructions_and_ties_for_last_place(lib: Library) -> None:
    march = months(lib)["2011-03"]
    assert figures(march) == [
        ("weisheng", 1, 1, 1, 1, 23, 1, 1),  # case 3 + 每日要情 10 + 市领导批示 10
        ("lanxi", 0, 1, 0, 0, 1, 2, 1),  # submitted in February, adopted (printed) in March
        ("yudong", 0, 0, 0, 0, 0, 3, 2), ("pinghe", 0, 0, 0, 0, 0, 3, 2), ("gongxin", 0, 0, 0, 0, 0, 3, 2)]
    assert march.of("lanxi").rate is None and march.of("lanxi").rate_text == "—"
    assert ids(march.not_submitted) == ["yudong", "pinghe", "lanxi", "gongxin"]
    assert ids(march.zero_adoption) == []
    assert ids(march.missed_requests) == []
    assert ids(march.last_place) == ["yudong", "pinghe", "gongxin"]  # 玉东 and 平河 tie for last
    assert [(i.key, i.title) for i in march.adopted_items] == [("X-5", "兰溪市推进课题攻关"),
                                                               ("X-6", "市卫生局以行动学习改进医疗服务")]


def test_quarter_and_whole_campaign(lib: Library) -> None:
    [quarter] = rankings(lib, "quarter")
    assert quarter.period.key == "2011-Q1" and quarter.period.label == "2011年第一季度"
    assert figures(quarter) == [
        ("weisheng", 2, 1, 1, 1, 18, 1, 1), ("lanxi", 1, 1, 0, 0, 1, 2, 1), ("pinghe", 2, 1, 0, 0, 0.5, 3, 2),
        ("yudong", 4, 2, 0, 0, -1.5, 4, 3), ("gongxin", 1, 1, 0, 0, -3, 5, 2)]
    assert quarter.totals == {"submitted": 9, "adopted": 5, "elsewhere": 1, "instructions": 1}
    assert quarter.rate_text == "55.6%"
    assert quarter.of("weisheng").quota is None  # the quota is per month
    overall = rankings(lib, "all")[0]
    assert (overall.period.start, overall.period.end) == (date(2011, 1, 5), date(2011, 3, 15))
    assert figures(overall) == figures(quarter)


def test_stats_command_prints_each_list_on_its_own_line(tree, capsys) -> None:
    content = write_register_site(tree)
    assert main(["stats", "--content", str(content), "--at", "2011-01"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split() == ["名次", "单位", "所属系统", "系统内名次", "报送", "采用", "采用率", "外部采用", "批示",
                                "积分", "约稿完成", "约稿未完成", "报送任务"]
    assert lines[3].split() == ["1", "平河区", "县市区", "1", "2", "1", "50.0%", "0", "0", "0.5", "1", "0", "2/2"]
    assert "未报送：无" in lines
    assert "零采用：市卫生局" in lines
    assert "未完成约稿：玉东新区、市工业和信息化委员会、市卫生局" in lines
    assert "连续末位：无" in lines
    assert "尚未参加：兰溪市" in lines
    assert main(["stats", "--content", str(content), "--period", "month", "--at", "2011-02"]) == 0
    out = capsys.readouterr().out
    assert "未报送：平河区、市工业和信息化委员会、市卫生局" in out.splitlines() and "零采用" not in out
    assert "1/2 未完成" in out  # 兰溪市 sent one item of the two a county owes


def test_stats_csv_has_the_columns_the_office_relies_on(tree, tmp_path) -> None:
    import csv
    import io

    content = write_register_site(tree)
    target = tmp_path / "季度.csv"
    assert main(["stats", "--content", str(content), "--period", "quarter", "--format", "csv",
                 "--output", str(target)]) == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0][:10] == ["期间代码", "单位", "报送", "采用", "外部采用", "批示", "采用率", "积分", "名次",
                            "系统内名次"]
    assert rows[1][:10] == ["2011-Q1", "市卫生局", "2", "1", "1", "1", "50.0%", "18", "1", "1"]
    assert rows[4][:10] == ["2011-Q1", "玉东新区", "4", "2", "0", "0", "50.0%", "-1.5", "4", "3"]


def _site_text(out) -> str:
    return "\n".join(p.read_bytes().decode("utf-8", "replace") for p in out.rglob("*")
                     if p.suffix in (".html", ".csv", ".js", ".xml", ".svg"))


def test_titles_of_items_not_adopted_stay_unpublished_unless_site_yaml_opts_in(tree, tmp_path) -> None:
    from bulletin.pipeline import BuildOptions, build

    content = write_register_site(tree)
    out = tmp_path / "site"
    build(BuildOptions(content=content, out=out))
    text = _site_text(out)
    assert "玉东新区二月学习动态" not in text and "市卫生局学习情况" not in text  # not adopted, returned
    assert "玉东新区开展集中学习" in text  # adopted: an article of the bulletin
    tree.write("site.yaml", (content / "site.yaml").read_text(encoding="utf-8") + "show_submitted_titles: true\n")
    build(BuildOptions(content=content, out=out))
    yudong = (out / "units/yudong.html").read_text(encoding="utf-8")
    assert "玉东新区二月学习动态" in yudong and "报送信息（4条）" in yudong
    assert "市卫生局学习情况（退稿）" in (out / "units/weisheng.html").read_text(encoding="utf-8")


def test_editing_the_register_rebuilds_like_a_clean_build(tree, tmp_path) -> None:
    from bulletin.pipeline import BuildOptions, build

    content = write_register_site(tree)
    out, clean = tmp_path / "site", tmp_path / "clean"
    build(BuildOptions(content=content, out=out, cache=tmp_path / "cache"))
    register = content / "submissions/2011上半年.csv"
    register.write_bytes(register.read_bytes() + "X-9,2011-03-02,平河区,平河区三月信息,,,,,\r\n".encode("gbk"))
    result = build(BuildOptions(content=content, out=out, cache=tmp_path / "cache"))
    assert result.rendered > 0
    build(BuildOptions(content=content, out=clean, use_cache=False))
    files = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(clean) for p in clean.rglob("*") if p.is_file())
    assert all((out / f).read_bytes() == (clean / f).read_bytes() for f in files)
    assert "2011-03,平河区,1,0" in (out / "stats/rankings-month.csv").read_text(encoding="utf-8-sig")


def test_series_without_adoption_counts_for_nobody_and_a_series_scores_its_own(tree) -> None:
    content = write_register_site(tree)
    tree.write("site.yaml", (content / "site.yaml").read_text(encoding="utf-8") + (
        "series:\n  - {id: tongbao, title: 学习情况通报, adoption: false}\n"
        "  - {id: zhuanbao, title: 专报, scoring: {case: 5}}\n"))
    tree.issue(2011, "001", "date: 2011-01-20\n")
    for series, title in (("tongbao", "市卫生局学习情况"), ("zhuanbao", "市卫生局专报案例")):
        tree.write(f"series/{series}/2011/001/issue.md", "---\ndate: 2011-01-25\n---\n")
        tree.article(f"series/{series}/2011/001/01-weisheng.md", f"""
            title: {title}
            kind: case
            units: [weisheng]
        """)
    found, diags = check(content)
    assert found is not None, [d.format() for d in diags.errors]
    january = months(found)["2011-01"]
    # 通报 (adoption: false) adopts nothing, not even the row with its title; 专报 adopts 5 points' worth
    assert (january.of("weisheng").submitted, january.of("weisheng").adopted, january.of("weisheng").points) == (
        2, 1, 0)
