"""CSV (with BOM, read back with csv), JSON and the ``stats`` command."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from bulletin.commands import main
from bulletin.pipeline import check
from bulletin.stats.export import display_width, rankings_csv, text_table
from bulletin.stats.rankings import rankings
from tests.stats_fixture import write_stats_site


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 byte-order mark"
    assert b"\r\n" in data
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_rankings_csv_reads_back_with_every_unit_and_status(tree) -> None:
    lib, _ = check(write_stats_site(tree))
    rows = read_csv(rankings_csv(lib, rankings(lib, "month")))
    assert len(rows) == 7 * 7  # seven months × seven units: nobody is left out
    november = [r for r in rows if r["期间代码"] == "2010-11"]
    assert list(rows[0])[:10] == ["期间代码", "单位", "报送", "采用", "外部采用", "批示", "采用率", "积分", "名次",
                                  "系统内名次"]
    assert [(r["单位"], r["状态"], r["采用"], r["积分"], r["名次"], r["系统内名次"]) for r in november] == [
        ("兰溪市", "已参加", "1", "3", "1", "1"), ("玉东新区", "已参加", "1", "2", "2", "2"),
        ("平河区", "已参加", "1", "1", "3", "3"), ("松岭县", "已参加", "1", "1", "3", "3"),
        ("市工业和信息化委员会", "已参加", "0", "0", "5", "1"), ("市卫生局", "已参加", "0", "0", "5", "1"),
        ("市住房和城乡建设委员会", "未参加", "0", "0", "", "")]
    assert november[0]["采用典型案例"] == "1" and november[0]["起始日期"] == "2010-11-01"
    assert november[0]["统计口径"] == "月度" and november[0]["期间"] == "2010年11月"
    assert not any("未报送" in value for row in rows for value in row.values())


def test_stats_command_writes_csv_excel_opens(tree, tmp_path: Path, capsys) -> None:
    content = write_stats_site(tree)
    target = tmp_path / "月度排行.csv"
    code = main(["stats", "--content", str(content), "--period", "stage", "--format", "csv", "--output", str(target)])
    assert code == 0
    rows = read_csv(target.read_bytes())
    pilot = [r for r in rows if r["期间代码"] == "pilot"]
    assert [(r["单位代码"], r["积分"], r["名次"]) for r in pilot if r["状态"] == "已参加"] == [
        ("yudong", "7", "1"), ("gongxin", "3", "2"), ("pinghe", "2", "3"), ("weisheng", "0", "4")]
    assert not list(tmp_path.glob(".*tmp"))  # no temporary file left behind


def test_stats_command_table_for_the_latest_month(tree, capsys) -> None:
    content = write_stats_site(tree)
    assert main(["stats", "--content", str(content), "--latest"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2010年12月 月度排行（2010-12-01 至 2010-12-31）")
    assert "未报送" not in out and "（未设报送登记表：只统计采用情况）" in out
    lines = out.splitlines()
    assert lines[1].split() == ["名次", "单位", "所属系统", "系统内名次", "采用", "外部采用", "批示", "积分"]
    assert lines[3].split() == ["1", "兰溪市", "县市区", "1", "1", "0", "0", "2"]
    # Columns line up on a terminal although Chinese characters are two columns wide.
    assert lines[4].split()[1] == "市住房和城乡建设委员会"
    assert display_width(lines[3]) == display_width(lines[4]) == display_width(lines[2])


def test_stats_command_json_one_period(tree, capsys) -> None:
    content = write_stats_site(tree)
    assert main(["stats", "--content", str(content), "--period", "month", "--at", "2010-08", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["scoring"] == {"briefing": 1, "case": 3, "progress": 2}
    [august] = document["periods"]
    assert august["key"] == "2010-08"
    assert [(u["unit"], u["adopted"], u["rank"]) for u in august["ranking"]] == [
        ("yudong", 0, 1), ("pinghe", 0, 1), ("gongxin", 0, 1), ("weisheng", 0, 1)]
    assert august["not_joined"] == ["lanxi", "songling", "zhujian"] and august["lists"] == {}


def test_stats_command_week_and_whole_campaign(tree, capsys) -> None:
    content = write_stats_site(tree)
    assert main(["stats", "--content", str(content), "--period", "week", "--at", "2010-W45"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2010年第45周 周排行（2010-11-08 至 2010-11-14）")
    assert "   1  兰溪市" in out
    assert main(["stats", "--content", str(content), "--period", "all"]) == 0
    assert "   7  市卫生局" in capsys.readouterr().out


def test_stats_command_unknown_period_is_a_clear_error(tree, capsys) -> None:
    content = write_stats_site(tree)
    assert main(["stats", "--content", str(content), "--at", "2011-13"]) == 2
    err = capsys.readouterr().err
    assert "E240" in err and "没有名为“2011-13”的月度统计期间" in err and "2010-06" in err
    assert "Traceback" not in err


def test_stats_command_on_broken_content_reports_and_writes_nothing(tree, tmp_path: Path, capsys) -> None:
    content = write_stats_site(tree)
    tree.article("issues/2010/004/03-bad.md", """
        title: 单位写错
        kind: briefing
        units: [yudongg]
    """)
    target = tmp_path / "out.csv"
    assert main(["stats", "--content", str(content), "--format", "csv", "--output", str(target)]) == 1
    err = capsys.readouterr().err
    assert "E204" in err and "内容有错误，未统计：1 个错误" in err and "Traceback" not in err
    assert not target.exists()


def test_stats_command_unwritable_output(tree, tmp_path: Path, capsys) -> None:
    content = write_stats_site(tree)
    target = tmp_path / "no-such-folder" / "out.csv"
    assert main(["stats", "--content", str(content), "--format", "csv", "--output", str(target)]) == 2
    err = capsys.readouterr().err
    assert "E241" in err and "Traceback" not in err


def test_text_table_pads_by_display_width() -> None:
    text = text_table(["单位", "积分"], [["玉东新区", "3"], ["abc", "12"]], [False, True])
    assert text.splitlines() == ["单位      积分", "--------  ----", "玉东新区     3", "abc         12"]
