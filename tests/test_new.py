"""``python build.py new``: the next issue and the next article, ready to fill in."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bulletin.commands import main
from bulletin.pipeline import BuildOptions, build, check


def test_new_issue_is_the_next_number_dated_today(example_copy: Path, capsys) -> None:
    assert main(["new", "issue", "--content", str(example_copy), "--year", str(date.today().year)]) == 0
    created = example_copy / f"issues/{date.today().year}/001/issue.md"
    assert f"已新建：{created}" in capsys.readouterr().out
    assert created.read_text(encoding="utf-8").startswith(f"---\ndate: {date.today().isoformat()}\n")
    assert main(["new", "issue", "--content", str(example_copy), "--date", "2011年12月30日"]) == 0
    second = example_copy / "issues/2011/009/issue.md"  # 2011 has 001..008
    assert "date: 2011-12-30\n" in second.read_text(encoding="utf-8")
    lib, diags = check(example_copy)
    assert diags.errors == [] and lib.issue_by_key[(2011, 9)].date == date(2011, 12, 30)
    assert lib.issue_by_key[(2011, 9)].total == lib.issue_by_key[(2011, 8)].total + 1


def test_new_issue_refuses_to_overwrite(example_copy: Path, capsys) -> None:
    issue = example_copy / "issues/2011/003/issue.md"
    before = issue.read_bytes()
    assert main(["new", "issue", "--content", str(example_copy), "--year", "2011", "--number", "3"]) == 1
    assert issue.read_bytes() == before
    assert ("issues/2011/003/issue.md: 错误 E116: 文件已存在，未覆盖：issues/2011/003/issue.md"
            in capsys.readouterr().err)


def test_new_progress_report_lists_the_site_metrics(example_copy: Path, capsys, tmp_path: Path) -> None:
    assert main(["new", "progress", "--content", str(example_copy), "--issue", "2011/3", "--unit", "玉东新区",
                 "--title", "玉东新区活动进展情况: 3月"]) == 0
    folder = example_copy / "issues/2011/003"
    created = folder / "05-yudong.md"  # 2011/003 has four articles
    assert str(created) in capsys.readouterr().out
    text = created.read_text(encoding="utf-8")
    assert 'title: "玉东新区活动进展情况: 3月"\nkind: progress' in text
    assert "units: [yudong]\n" in text and "draft: true" in text
    for line in ["  participants: 0    # 参学人数（人）", "  study_hours: 0    # 集中学习时长（小时）",
                 "  participation_rate: 0    # 参学率（%）", "  projects: 0    # 行动学习课题数（个）"]:
        assert line + "\n" in text
    # The new file is valid: a draft, shown (and marked) only when drafts are asked for.
    lib, diags = check(example_copy)
    assert [(d.path, d.code) for d in diags.items if d.path.endswith("05-yudong.md")] == [
        ("issues/2011/003/05-yudong.md", "W403")]
    assert all(a.source != "issues/2011/003/05-yudong.md" for a in lib.articles)
    result = build(BuildOptions(content=example_copy, out=tmp_path / "site", drafts=True))
    draft = next(a for a in result.library.articles if a.source.endswith("05-yudong.md"))
    assert draft.draft and draft.metrics == {"yudong": {"participants": 0, "study_hours": 0,
                                                        "participation_rate": 0, "projects": 0}}
    html = (tmp_path / "site/issues/2011/003/05-yudong.html").read_text(encoding="utf-8")
    assert '<span class="badge draft">草稿</span>' in html and "预览模式" in html


def test_new_articles_are_numbered_on(example_copy: Path) -> None:
    args = ["--content", str(example_copy), "--issue", "2011年第3期", "--unit", "lanxi"]
    assert main(["new", "典型案例", *args]) == 0
    assert main(["new", "briefing", *args]) == 0
    folder = example_copy / "issues/2011/003"
    assert (folder / "05-lanxi.md").read_text(encoding="utf-8").count("kind: case") == 1
    text = (folder / "06-lanxi.md").read_text(encoding="utf-8")
    assert "kind: briefing" in text and "title: 请在这里填写标题" in text and "metrics" not in text


def test_new_article_problems_are_reported_not_raised(example_copy: Path, capsys) -> None:
    base = ["--content", str(example_copy)]
    assert main(["new", "case", *base, "--issue", "2011/30", "--unit", "yudong"]) == 1
    assert "issues/2011/030: 错误 E115: 找不到第30期的文件夹（2011年）" in capsys.readouterr().err
    assert main(["new", "case", *base, "--issue", "2011/3", "--unit", "yudnog"]) == 1
    assert "错误 E204: 未知的单位“yudnog”，是否想写“yudong”？" in capsys.readouterr().err
    assert main(["new", "case", *base, "--unit", "yudong"]) == 2
    assert "新建文章需要 --issue 和 --unit" in capsys.readouterr().err
    assert main(["new", "report", *base]) == 2
    assert "不知道要新建“report”" in capsys.readouterr().err
    assert main(["new", "issue", "--content", str(example_copy / "nowhere")]) == 1
    assert "错误 E222: 找不到内容文件夹" in capsys.readouterr().err
    assert sorted(p.name for p in (example_copy / "issues/2011/003").iterdir()) == [
        "01-exchange-meeting.md", "02-yudong-speech.md", "03-zhujian-speech.md", "04-lanxi-speech.md", "issue.md"]
