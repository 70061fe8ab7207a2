"""Traps new users fell into: each is a message with file, line and fix."""

from __future__ import annotations

import codecs
from datetime import date
from pathlib import Path

import pytest

from bulletin.commands import main
from bulletin.errors import Diagnostics
from bulletin.pipeline import check
from bulletin.scaffold import PLACEHOLDER_TITLE, read_settings

ARTICLE = "title: 某文\nkind: briefing\nunits: [yudong]\n"


def _found(diags: Diagnostics) -> set[tuple[str, str, int]]:
    return {(d.code, d.path, d.line) for d in diags.items}


def test_an_unfilled_scaffold_is_an_error_in_check_build_and_publish(tree, tmp_path: Path, capsys) -> None:
    assert main(["new", "progress", "--content", str(tree.root), "--issue", "2010/1", "--unit", "yudong"]) == 0
    (made,) = [p for p in (tree.root / "issues/2010/001").glob("02-*.md")]
    text = made.read_text(encoding="utf-8").replace("draft: true", "draft: false")
    made.write_text(text, encoding="utf-8")
    rel = made.relative_to(tree.root).as_posix()
    _, diags = check(tree.root)
    assert {("E121", rel, 2), ("E123", rel, 8)} <= _found(diags)
    assert "E122" in {d.code for d in diags.errors}
    assert PLACEHOLDER_TITLE in made.read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["build", "--content", str(tree.root), "--out", str(tmp_path / "site")]) == 1
    assert main(["publish", "--content", str(tree.root), "--to", str(tmp_path / "www/jb")]) == 1
    err = capsys.readouterr().err
    assert err.count("错误 E121") == 2 and not (tmp_path / "site").exists()


def test_a_filled_in_scaffold_passes(tree) -> None:
    settings = read_settings(tree.root, Diagnostics())
    assert settings is not None
    tree.article("issues/2010/001/02-yudong.md", "title: 玉东新区八月份参学情况\nkind: progress\nunits: [yudong]\n"
                 "metrics:\n  participants: 0\n  participation_rate: 96.5\n", "本月参学情况如下。\n")
    _, diags = check(tree.root)
    assert not diags.errors


@pytest.mark.parametrize("day, code", [("2026-06-01", "E124"), ("2009-11-20", "E124"), ("2011-01-10", "W414"),
                                       ("2009-12-28", "W414")])
def test_an_issue_dated_outside_its_folder_year(tree, day: str, code: str) -> None:
    tree.issue(2010, "001", f"date: {day}\n")
    tree.article("issues/2010/001/01-yudong.md", ARTICLE + "date: 2009-12-01\n")
    _, diags = check(tree.root)
    assert (code, "issues/2010/001/issue.md", 2) in _found(diags)


def test_issues_out_of_date_order_warn(tree) -> None:
    tree.issue(2010, "002", "date: 2010-05-01\n")
    tree.article("issues/2010/002/01-a.md", ARTICLE + "date: 2010-05-01\n")
    _, diags = check(tree.root)
    (warning,) = [d for d in diags.warnings if d.code == "W415"]
    assert warning.path == "issues/2010/002/issue.md" and "issues/2010/001/issue.md" in warning.text("zh")


@pytest.mark.parametrize("written", ["[行动学习，乡镇]", "[行动学习、乡镇]", "行动学习，乡镇"])
def test_full_width_commas_split_list_items(tree, written: str) -> None:
    tree.article("issues/2010/001/02-x.md", ARTICLE + f"tags: {written}\n")
    lib, diags = check(tree.root)
    assert lib is not None
    (article,) = [a for a in lib.articles if a.source.endswith("02-x.md")]
    assert article.tags == ["行动学习", "乡镇"]
    if written.startswith("["):
        assert ("W416", "issues/2010/001/02-x.md", 5) in _found(diags)


def test_a_name_with_a_dunhao_inside_brackets_is_not_split(tree) -> None:
    tree.issue(2010, "001", "date: 2010-06-01\ndistribution:\n  发: [各县（市、区）委, 市直各单位]\n")
    lib, diags = check(tree.root)
    assert lib is not None and lib.issues[0].distribution["发"] == ["各县（市、区）委", "市直各单位"]
    assert "W416" not in {d.code for d in diags.items}


@pytest.mark.parametrize("front, line, opening, closing", [
    ("title: 某文\nkind: briefing\ntags: [行动学习, 乡镇\nunits: [yudong]\n", 4, "[", "]"),
    ('title: "某文\nkind: briefing\nunits: [yudong]\n', 2, '"', '"'),
    ("title: 某文\nkind: briefing\nunits: {a: [yudong}\n", 4, "[", "]"),
])
def test_an_unclosed_bracket_is_reported_on_its_line_in_chinese(tree, capsys, front: str, line: int,
                                                                  opening: str, closing: str) -> None:
    tree.write("issues/2010/001/02-x.md", "---\n" + front + "---\n正文。\n")
    assert main(["check", "--content", str(tree.root), "--lang", "zh"]) == 1
    err = capsys.readouterr().err
    (message,) = [m for m in err.splitlines() if "02-x.md" in m]
    expected = f"issues/2010/001/02-x.md:{line}: 错误 E119: 第{line}行的“{opening}”没有对应的“{closing}”"
    assert message.startswith(expected)
    assert not any(word in message for word in ("while parsing", "expected", "found"))


def test_other_yaml_errors_keep_parser_english_out_of_the_chinese(tree, capsys) -> None:
    tree.write("issues/2010/001/02-x.md", "---\ntitle: 某文\n  kind: briefing: x\n---\n正文。\n")
    assert main(["check", "--content", str(tree.root), "--lang", "zh"]) == 1
    (message,) = [m for m in capsys.readouterr().err.splitlines() if "02-x.md" in m]
    assert "E105" in message and message.isascii() is False
    assert not any(word in message for word in ("mapping", "expected", "found", "line"))


def test_a_file_mixing_utf8_and_gbk_is_an_error_on_the_first_gbk_line(tree) -> None:
    data = ("---\n" + ARTICLE + "---\n第一段是 UTF-8。\n").encode() + "第二段是从别处粘贴的 GBK。\n".encode("gbk")
    tree.write("issues/2010/001/02-x.md", data)
    _, diags = check(tree.root)
    assert ("E120", "issues/2010/001/02-x.md", 7) in _found(diags)


def test_a_pure_gbk_file_is_still_read_with_a_warning(tree) -> None:
    tree.write("issues/2010/001/02-x.md", ("---\n" + ARTICLE + "---\n全文 GBK。\n").encode("gbk"))
    lib, diags = check(tree.root)
    assert lib is not None and ("W401", "issues/2010/001/02-x.md", 0) in _found(diags)


@pytest.mark.parametrize("codec", ["utf-32", "utf-32-le", "utf-32-be"])
def test_utf32_gets_the_encoding_message(tree, codec: str) -> None:
    text = "---\n" + ARTICLE + "---\n正文。\n"
    data = text.encode(codec)
    if codec != "utf-32":
        data = (codecs.BOM_UTF32_LE if codec.endswith("le") else codecs.BOM_UTF32_BE) + data
    tree.write("issues/2010/001/02-x.md", data)
    _, diags = check(tree.root)
    assert [d.code for d in diags.errors] == ["E102"]


def test_conflicting_figures_for_one_unit_on_one_date_warn_naming_both_files(tree) -> None:
    progress = "title: 进展{n}\nkind: progress\nunits: [yudong]\ndate: 2010-05-31\nmetrics: {{participants: {v}}}\n"
    tree.article("issues/2010/001/02-a.md", progress.format(n=1, v=120))
    tree.article("issues/2010/001/03-b.md", progress.format(n=2, v=125))
    _, diags = check(tree.root)
    (warning,) = [d for d in diags.warnings if d.code == "W417"]
    assert warning.path == "issues/2010/001/03-b.md" and "issues/2010/001/02-a.md" in warning.text("zh")
    assert "125" in warning.text("zh") and "120" in warning.text("zh")


@pytest.mark.parametrize("written, expected", [("2010年5月20号", date(2010, 5, 20)),
                                               ("2010年5月20日", date(2010, 5, 20))])
def test_convenient_date_forms(tree, written: str, expected: date) -> None:
    tree.article("issues/2010/001/02-x.md", ARTICLE + f"date: {written}\n")
    lib, _ = check(tree.root)
    assert lib is not None and [a.date for a in lib.articles if a.source.endswith("02-x.md")] == [expected]


@pytest.mark.parametrize("written, reason", [("2010-02-29", "2010年2月只有28天"),
                                             ("2010年4月31日", "2010年4月只有30天"), ("2010-13-01", "没有13月")])
def test_an_impossible_date_gets_its_reason(tree, written: str, reason: str) -> None:
    tree.article("issues/2010/001/02-x.md", ARTICLE + f"date: {written}\n")
    _, diags = check(tree.root)
    (error,) = diags.errors
    assert (error.code, error.line) == ("E125", 5) and reason in error.text("zh")


def test_chart_time_axis_is_proportional_to_dates() -> None:
    """Reports in January, February and July: the second gap is five times the first."""
    import re

    from bulletin.stats.charts import line_chart
    days = [date(2010, 1, 31), date(2010, 2, 28), date(2010, 7, 31)]
    chart = line_chart("c", "参学人数", "说明", ["1月", "2月", "7月"], [10, 20, 30], days=days)
    xs = [float(x) for x in re.findall(r'<circle class="dot" cx="([\d.]+)"', chart.svg)]
    first, second = xs[1] - xs[0], xs[2] - xs[1]
    assert second / first == pytest.approx((days[2] - days[1]).days / (days[1] - days[0]).days, rel=0.01)
