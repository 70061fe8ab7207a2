"""Every validation problem is reported with its file, line, code and Chinese
message, all at once, and nothing is rendered while one remains."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin.errors import CATALOG, BuildError
from bulletin.pipeline import BuildOptions, build, check


def problems(tree) -> list[str]:
    """``path:line code`` of every error, plus the formatted messages."""
    _lib, diags = check(tree.root)
    return [d.format() for d in diags.sorted() if d.level == "error"]


def only_error(tree) -> str:
    errors = problems(tree)
    assert len(errors) == 1, errors
    return errors[0]


def test_minimal_fixture_is_valid(tree) -> None:
    assert problems(tree) == []


def test_missing_required_field_names_file_and_line(tree) -> None:
    tree.article("issues/2010/001/02-x.md", "kind: briefing\nunits: [yudong]\n")
    assert only_error(tree).startswith("issues/2010/001/02-x.md:1: 错误 E201: 缺少必填字段“title”")


def test_unknown_kind_on_its_line(tree) -> None:
    tree.article("issues/2010/001/02-x.md", "title: 标题\nkind: report\nunits: [yudong]\n")
    assert only_error(tree).startswith("issues/2010/001/02-x.md:3: 错误 E203: 未知的文章类型“report”")


def test_unit_typo_suggests_the_closest_id(tree) -> None:
    tree.article("issues/2010/001/02-x.md", "title: 标题\nkind: case\nunits:\n  - gongxin\n  - yudongg\n")
    message = only_error(tree)
    assert message.startswith("issues/2010/001/02-x.md:6: 错误 E204: 未知的单位“yudongg”，是否想写“yudong”？")
    assert "did you mean 'yudong'?" in message


def test_unit_names_and_short_names_are_accepted(tree) -> None:
    tree.article("issues/2010/001/02-x.md", "title: 标题\nkind: 典型案例\nunits: [玉东新区, 市工信委]\n")
    lib, _ = check(tree.root)
    article = lib.issues[0].articles[1]
    assert article.unit_ids == ["yudong", "gongxin"] and article.kind == "case"


@pytest.mark.parametrize("written", ["2010-05-03", "2010年5月3日", "2010.5.3", "2010/5/3"])
def test_chinese_date_forms(tree, written: str) -> None:
    tree.article("issues/2010/001/02-x.md", f"title: 标题\nkind: case\nunits: [yudong]\ndate: {written}\n")
    lib, _ = check(tree.root)
    assert lib.issues[0].articles[1].date.isoformat() == "2010-05-03"


def test_impossible_date_is_rejected_with_its_line(tree) -> None:
    tree.article("issues/2010/001/02-x.md", "title: 标题\nkind: case\nunits: [yudong]\ndate: 2010-13-45\n")
    assert only_error(tree).startswith("issues/2010/001/02-x.md:5: 错误 E125: 日期“2010-13-45”不存在：没有13月")


def test_unknown_metric_and_non_numeric_figure(tree) -> None:
    tree.article("issues/2010/001/02-x.md", """
        title: 进展
        kind: progress
        units: [yudong]
        metrics:
          yudong: {participants: 很多, participaton_rate: 98}
    """)
    errors = problems(tree)
    assert any(e.startswith("issues/2010/001/02-x.md:6: 错误 E207: 指标“participants”的值必须是数字") for e in errors)
    assert any("E206: 未知的指标“participaton_rate”，是否想写“participation_rate”？" in e for e in errors)


def test_flat_metrics_for_a_single_unit(tree) -> None:
    tree.article("issues/2010/001/02-x.md", "title: 进展\nkind: progress\nunits: [yudong]\n"
                                             "metrics: {participants: 126, participation_rate: 98.4}\n")
    lib, _ = check(tree.root)
    assert lib.issues[0].articles[1].metrics == {"yudong": {"participants": 126, "participation_rate": 98.4}}


def test_duplicate_issue_numbers_are_one_issue(tree) -> None:
    tree.issue(2010, "1", "date: 2010-06-02\n")
    message = only_error(tree)
    assert "E208" in message and "issues/2010/001" in message and message.startswith("issues/2010/1")


def test_article_outside_an_issue_folder(tree) -> None:
    tree.article("issues/2010/stray.md", "title: 标题\nkind: case\nunits: [yudong]\n")
    assert only_error(tree).startswith("issues/2010/stray.md: 错误 E209: 文章不在某一期的文件夹中")


def test_issue_folder_without_issue_md(tree) -> None:
    tree.article("issues/2010/002/01-x.md", "title: 标题\nkind: case\nunits: [yudong]\n")
    assert only_error(tree).startswith("issues/2010/002: 错误 E210: 期文件夹缺少 issue.md")


@pytest.mark.parametrize("level", ["秘密", "机密", "绝密", "机密★1年"])
def test_classified_article_stops_the_build(tree, tmp_path: Path, level: str) -> None:
    tree.article("issues/2010/001/02-x.md", f"title: 涉密情况\nkind: case\nunits: [yudong]\nclassification: {level}\n")
    assert only_error(tree).startswith(f"issues/2010/001/02-x.md:5: 错误 E301: 文章密级为“{level}”")
    out = tmp_path / "out"
    with pytest.raises(BuildError):
        build(BuildOptions(content=tree.root, out=out))
    assert not out.exists()


def test_draft_is_not_published_and_says_so(tree, tmp_path: Path) -> None:
    tree.article("issues/2010/001/02-x.md", "title: 未定稿\nkind: case\nunits: [yudong]\ndraft: true\n")
    lib, diags = check(tree.root)
    assert [a.title for a in lib.articles] == ["玉东新区召开行动学习动员会"]
    assert [d.code for d in diags.warnings] == ["W403"]


def test_duplicate_key_is_an_error_not_silently_the_last(tree) -> None:
    tree.article("issues/2010/001/02-x.md", "title: 一\nkind: case\ntitle: 二\nunits: [yudong]\n")
    assert only_error(tree).startswith("issues/2010/001/02-x.md:4: 错误 E107: 字段“title”重复出现（上一次在第2行）")


def test_yaml_11_surprises_do_not_happen(tree) -> None:
    tree.article("issues/2010/001/02-x.md", "title: no\nkind: case\nunits: [yudong]\nauthor: on\ntags: [yes, 010]\n")
    lib, _ = check(tree.root)
    article = lib.issues[0].articles[1]
    assert (article.title, article.author, article.tags) == ("no", "on", ["yes", "10"])


def test_full_width_colon_is_explained(tree) -> None:
    tree.article("issues/2010/001/02-x.md", "title：玉东新区\nkind: case\nunits: [yudong]\n")
    assert only_error(tree).startswith(
        "issues/2010/001/02-x.md:2: 错误 E108: 第2行使用了全角冒号“：”，请改为半角冒号“:”")


def test_site_yaml_required_fields(tree) -> None:
    tree.write("site.yaml", "title: 简报\n")
    assert only_error(tree).startswith("site.yaml:1: 错误 E201: 缺少必填字段“publisher”")


def test_bad_unit_registry_entries(tree) -> None:
    tree.write("units.yaml", "units:\n  - {id: YuDong, name: 玉东新区}\n  - {id: lanxi, name: 兰溪市, type: city}\n")
    errors = problems(tree)
    assert errors[-2].startswith("units.yaml:2: 错误 E213: 单位 id“YuDong”无效")
    assert errors[-1].startswith("units.yaml:3: 错误 E220: 未知的单位类型“city”")


def test_all_problems_are_reported_at_once(tree) -> None:
    tree.article("issues/2010/001/02-a.md", "title: 甲\nkind: nonsense\nunits: [yudong]\n")
    tree.article("issues/2010/001/03-b.md", "title: 乙\nkind: case\nunits: [nobody]\n")
    tree.article("issues/2010/001/04-c.md", "title: 丙\nkind: case\nunits: [yudong]\ndate: 2010-02-30\n")
    codes = [e.split(" ")[2].rstrip(":") for e in problems(tree)]
    assert codes == ["E203", "E204", "E125"]  # 2010-02-30: a date that does not exist, with its reason


def test_article_dated_after_its_issue(tree) -> None:
    tree.article("issues/2010/001/02-x.md", "title: 标题\nkind: case\nunits: [yudong]\ndate: 2010-07-01\n")
    assert "E212" in only_error(tree)


def test_every_message_code_has_chinese_english_and_a_hint() -> None:
    for code, message in CATALOG.items():
        assert code[0] in "EW" and message.zh and message.en and message.hint, code
