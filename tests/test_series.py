"""Several series and supplements (增刊): numbering, 总第N期, order and validation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bulletin.errors import Diagnostics
from bulletin.model.entities import MAIN_SERIES, IssueKey
from bulletin.pipeline import check

TWO_SERIES = """\
series:
  - id: tongbao
    title: 学习情况通报
    marking: 内部资料
    copies: 40
    distribution: {发: [各党支部]}
    scoring: {briefing: 2}
    adoption: false
"""


def issue_md(day: str, extra: str = "") -> str:
    return f"---\ndate: {day}\n{extra}---\n"


def article_md(title: str, unit: str = "yudong", kind: str = "briefing") -> str:
    return f"---\ntitle: {title}\nkind: {kind}\nunits: [{unit}]\n---\n正文。\n"


@pytest.fixture
def two_series(tree):
    """The minimal bulletin plus a second series and a supplement in the main series."""
    tree.write("site.yaml", (tree.root / "site.yaml").read_text(encoding="utf-8") + TWO_SERIES)
    tree.write("issues/2010/002/issue.md", issue_md("2010-07-01"))
    tree.write("issues/2010/002/01-a.md", article_md("第二期文章"))
    tree.write("issues/2010/s1/issue.md", issue_md("2010-06-15", "title: 行动学习经验交流会增刊\n"))
    tree.write("issues/2010/s1/01-a.md", article_md("增刊文章"))
    tree.write("issues/2011/001/issue.md", issue_md("2011-01-10"))
    tree.write("issues/2011/001/01-a.md", article_md("次年文章", "lanxi"))
    tree.write("series/tongbao/2010/001/issue.md", issue_md("2010-06-20"))
    tree.write("series/tongbao/2010/001/01-a.md", article_md("六月参学情况", "gongxin", "progress"))
    tree.write("series/tongbao/2010/002/issue.md", issue_md("2010-07-20"))
    tree.write("series/tongbao/2010/002/01-a.md", article_md("七月参学情况", "gongxin", "progress"))
    return tree


def checked(root: Path):
    lib, diags = check(root)
    assert diags.errors == [], [d.format() for d in diags.errors]
    assert lib is not None
    return lib


def test_series_are_numbered_apart_and_supplements_skip_totals(two_series) -> None:
    lib = checked(two_series.root)
    assert [s.id for s in lib.series] == [MAIN_SERIES, "tongbao"]
    main = lib.issues_of(MAIN_SERIES)
    assert [(i.year, i.label, i.total) for i in main] == [
        (2010, "第1期", 1), (2010, "增刊第1期", None), (2010, "第2期", 2), (2011, "第1期", 3)]
    tongbao = lib.issues_of("tongbao")
    assert [(i.label, i.total) for i in tongbao] == [("第1期", 1), ("第2期", 2)]
    assert lib.issue_by_key[(2010, 2)].total == 2  # a bare (year, number) still names the main series
    assert lib.issue_by_key[IssueKey(2010, 1, True)].title == "行动学习经验交流会增刊"
    assert lib.latest_issue is main[-1]
    assert [i.series.id for i in lib.latest_issues] == [MAIN_SERIES, "tongbao"]
    assert lib.issue_neighbours(main[1]) == (main[0], main[2])
    assert lib.issue_neighbours(tongbao[0]) == (None, tongbao[1])
    assert sorted(lib.issues_by_year) == [2010, 2011] and len(lib.issues_by_year[2010]) == 3


def test_series_settings_and_defaults(two_series) -> None:
    lib = checked(two_series.root)
    main, tongbao = lib.series
    assert main.main and main.title == lib.site.title and main.copies == 120 and main.adoption
    assert main.scoring == lib.site.scoring
    assert (tongbao.title, tongbao.marking, tongbao.copies, tongbao.adoption) == ("学习情况通报", "内部资料", 40, False)
    assert tongbao.distribution["发"] == ["各党支部"] and tongbao.distribution["报"] == ["市委常委"]
    assert tongbao.scoring == {"briefing": 2, "case": 1, "progress": 1}
    article = lib.issues_of("tongbao")[0].articles[0]
    assert article.issue.series is tongbao and article.issue.series.adoption is False
    assert all(a.issue.series is main for i in lib.issues_of(main) for a in i.articles)


def test_without_series_the_main_series_is_the_site(tree) -> None:
    lib = checked(tree.root)
    assert [s.id for s in lib.series] == [MAIN_SERIES]
    assert lib.latest_issues == [lib.latest_issue]


def errors_of(root: Path) -> list[tuple[str, str, int]]:
    lib, diags = check(root)
    assert lib is None
    return [(d.code, d.path, d.line) for d in diags.errors]


def test_all_series_mistakes_reported_at_once(two_series) -> None:
    two_series.write("site.yaml", (two_series.root / "site.yaml").read_text(encoding="utf-8") + """\
  - id: tongbao
    title: 重复的系列
  - id: main
    title: 保留名称
  - id: Bad_ID
    title: 大写
""")
    two_series.write("series/yaoqing/2010/001/issue.md", issue_md("2010-06-01"))
    two_series.write("issues/2010/s01/issue.md", issue_md("2010-06-16"))
    two_series.write("issues/2010/zk2/issue.md", issue_md("2010-06-16"))
    two_series.write("series/tongbao/003/issue.md", issue_md("2010-06-16"))
    two_series.write("series/tongbao/2010/s1/issue.md", issue_md("2010-06-16", "total: 9\n"))
    found = errors_of(two_series.root)
    lines = (two_series.root / "site.yaml").read_text(encoding="utf-8").splitlines()
    line_of = {text: n for n, text in reversed(list(enumerate(lines, 1)))}  # first occurrence
    second = [n for n, t in enumerate(lines, 1) if t == "  - id: tongbao"][1]
    assert [f for f in found if f[0] == "E261"] == [("E261", "site.yaml", second)]
    assert ("E262", "site.yaml", line_of["  - id: main"]) in found
    assert ("E262", "site.yaml", line_of["  - id: Bad_ID"]) in found
    assert ("E260", "series/yaoqing", 0) in found
    assert ("E263", "issues/2010/s1", 0) in found or ("E263", "issues/2010/s01", 0) in found
    assert not any(code == "E209" for code, *_ in found)
    assert ("E264", "issues/2010/zk2", 0) in found
    assert ("E265", "series/tongbao/003", 0) in found
    assert ("E267", "series/tongbao/2010/s1/issue.md", 3) in found


def test_message_names_folder_and_fix(two_series) -> None:
    two_series.write("series/yaoqing/2010/001/issue.md", issue_md("2010-06-01"))
    lib, diags = check(two_series.root)
    text = [d.format() for d in diags.errors if d.code == "E260"][0]
    assert text.startswith("series/yaoqing: 错误 E260: 文件夹 series/yaoqing 不是 site.yaml 中登记的简报系列")
    assert "- id: yaoqing" in text


def test_supplement_folder_numbers(tmp_path) -> None:
    from bulletin.load.sources import folder_number
    assert folder_number("s1") == folder_number("s01") == folder_number("S001") == (1, True)
    assert folder_number("007") == (7, False)
    assert folder_number("s0") is None and folder_number("s") is None and folder_number("增刊1") is None
    assert Diagnostics().items == []


# -- the built site ------------------------------------------------------------------


def built(root: Path, out: Path) -> Path:
    from bulletin.pipeline import BuildOptions, build
    build(BuildOptions(content=root, out=out, use_cache=False, jobs=1))
    return out


def page(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def test_two_series_site_has_every_page_and_no_broken_link(two_series, tmp_path) -> None:
    from bulletin.publish.verify import verify_site
    from bulletin.router import Router

    site = built(two_series.root, tmp_path / "site")
    lib = checked(two_series.root)
    for rel in ["index.html", "issues/index.html", "issues/2010/index.html", "issues/2011/index.html",
                "issues/2010/001/index.html", "issues/2010/s01/index.html", "issues/2010/s01/01-a.html",
                "issues/2010/002/index.html", "series/tongbao/index.html", "series/tongbao/2010/index.html",
                "series/tongbao/2010/001/index.html", "series/tongbao/2010/002/01-a.html",
                "feeds/series/main.xml", "feeds/series/tongbao.xml", "feed.xml", "sitemap.xml"]:
        assert (site / rel).is_file(), rel
    assert [d.format() for d in verify_site(site, lib, Router()).items] == []
    sitemap = page(site, "sitemap.xml")
    assert "series/tongbao/index.html" in sitemap and "series/tongbao/2010/index.html" in sitemap
    assert "issues/2010/s01/index.html" in sitemap and "series/tongbao/2010/002/01-a.html" in sitemap


def test_supplement_is_numbered_apart_on_its_pages(two_series, tmp_path) -> None:
    site = built(two_series.root, tmp_path / "site")
    supplement = page(site, "issues/2010/s01/index.html")
    assert '<p class="issue-number">增刊第1期</p>' in supplement
    assert "总第" not in supplement.split("issue-number")[1][:80]
    assert "行动学习经验交流会增刊" in supplement
    following = page(site, "issues/2010/002/index.html")
    assert "第2期<span class=\"total\">（总第2期）</span>" in following  # the supplement is not counted
    archive = page(site, "issues/2010/index.html")
    assert archive.index("第2期") < archive.index("增刊第1期") < archive.index("第1期（")  # newest first, by date
    main_archive = page(site, "issues/index.html")
    assert "共4期（含增刊1期），4篇文章。" in main_archive and 'class="supplement"' in main_archive
    # previous/next issue within the series: the supplement sits between 第1期 and 第2期
    assert 'href="../../../issues/2010/001/index.html">上一期：2010年第1期' in supplement
    assert 'href="../../../issues/2010/002/index.html">下一期：2010年第2期' in supplement


def test_each_series_has_its_own_masthead_and_foot(two_series, tmp_path) -> None:
    site = built(two_series.root, tmp_path / "site")
    tongbao = page(site, "series/tongbao/2010/001/index.html")
    assert '<p class="marking">内部资料</p>' in tongbao
    assert '<h1 class="masthead-title">学习情况通报</h1>' in tongbao
    assert "第1期<span class=\"total\">（总第1期）</span>" in tongbao
    assert "<dt>发：</dt><dd>各党支部。</dd>" in tongbao and "<dt>报：</dt><dd>市委常委。</dd>" in tongbao
    assert "（共印40份）" in tongbao
    main = page(site, "issues/2010/002/index.html")
    assert '<p class="marking">内部资料 注意保存</p>' in main
    assert '<h1 class="masthead-title">学习型领导班子建设工作简报</h1>' in main
    assert "<dt>发：</dt><dd>各试点单位。</dd>" in main and "（共印120份）" in main


def test_series_are_visible_in_navigation_home_lists_and_search(two_series, tmp_path) -> None:
    site = built(two_series.root, tmp_path / "site")
    home = page(site, "index.html")
    assert 'href="series/tongbao/index.html">学习情况通报</a>' in home  # navigation
    assert home.index("最新一期") < home.index("学习情况通报 最新一期")  # main series first
    assert "七月参学情况" in home
    unit = page(site, "units/gongxin.html")
    assert "《学习情况通报》2010年第2期" in unit
    article = page(site, "series/tongbao/2010/001/01-a.html")
    assert "《学习情况通报》2010年第1期（总第1期）" in article
    assert 'href="../../../../series/tongbao/index.html">学习情况通报</a>' in article  # breadcrumb
    supplement_article = page(site, "issues/2010/s01/01-a.html")
    assert "《学习型领导班子建设工作简报》2010年增刊第1期</a>" in supplement_article  # no 总第N期
    search = page(site, "search/index.html")
    assert '<option value="tongbao">学习情况通报</option>' in search
    meta = page(site, "search/meta.js")
    assert '"articleSeries"' in meta and '"tongbao"' in meta
    feed = page(site, "feeds/series/tongbao.xml")
    assert "<title>学习情况通报</title>" in feed and "七月参学情况" in feed and "第二期文章" not in feed


def test_a_site_without_series_shows_no_series(tree, tmp_path) -> None:
    site = built(tree.root, tmp_path / "site")
    assert not (site / "feeds" / "series").exists() and not (site / "series").exists()
    home = page(site, "index.html")
    assert "《" not in home and "search-series" not in page(site, "search/index.html")
    assert '"articleSeries"' not in page(site, "search/meta.js")


# -- incremental builds stay byte-identical to clean builds ---------------------------

SERIES_YAML = "series:\n  - id: tongbao\n    title: 学习情况通报\n    copies: 40\n    adoption: false\n"


@pytest.fixture
def ws(tmp_path: Path):
    from tests.test_incremental import built_workspace

    return built_workspace(tmp_path)


def add_series(ws, yaml: str = SERIES_YAML) -> None:
    site = ws.content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + yaml, encoding="utf-8")


def issue_folders(ws) -> list[Path]:
    return sorted(p.parent for p in (ws.content / "issues").glob("*/*/issue.md"))


def test_incremental_equals_clean_when_a_series_is_added(ws) -> None:
    add_series(ws)
    first = issue_folders(ws)[0]
    target = ws.content / "series" / "tongbao" / first.parent.name / "001"
    target.parent.mkdir(parents=True)
    shutil.copytree(first, target)
    ws.build()
    assert (ws.out / "series" / "tongbao" / first.parent.name / "001" / "index.html").is_file()
    ws.assert_same_as_clean()


def test_incremental_equals_clean_when_a_series_is_renamed(ws) -> None:
    add_series(ws)
    first = issue_folders(ws)[0]
    shutil.move(str(first), str(ws.content / "series" / "tongbao" / first.parent.name / "001"))
    ws.build()
    ws.assert_same_as_clean()
    site = ws.content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("学习情况通报", "学习情况专报"), encoding="utf-8")
    ws.build()
    assert "学习情况专报" in (ws.out / "series" / "tongbao" / "index.html").read_text(encoding="utf-8")
    ws.assert_same_as_clean()


def test_incremental_equals_clean_when_an_issue_moves_between_series(ws) -> None:
    add_series(ws)
    folders = issue_folders(ws)
    year = folders[-1].parent.name
    tongbao = ws.content / "series" / "tongbao" / year
    tongbao.mkdir(parents=True)
    shutil.move(str(folders[-1]), str(tongbao / "001"))
    ws.build()
    ws.assert_same_as_clean()
    shutil.move(str(tongbao / "001"), str(folders[-1]))  # and back into the main series
    ws.build()
    assert not (ws.out / "series" / "tongbao" / year).exists()  # its archive stays, empty
    ws.assert_same_as_clean()
    shutil.move(str(folders[-2]), str(folders[-2].with_name("s1")))  # a regular issue becomes a supplement
    ws.build()
    ws.assert_same_as_clean()


# -- new issue --series / --supplement ------------------------------------------------


def test_new_issue_of_a_series_and_a_supplement(two_series, capsys) -> None:
    from bulletin.commands import main

    root = str(two_series.root)
    assert main(["new", "issue", "--content", root, "--series", "tongbao", "--date", "2010-08-20"]) == 0
    created = two_series.root / "series/tongbao/2010/003/issue.md"
    assert created.is_file() and "date: 2010-08-20\n" in created.read_text(encoding="utf-8")
    assert main(["new", "issue", "--content", root, "--supplement", "--date", "2010-07-10"]) == 0
    supplement = two_series.root / "issues/2010/s02/issue.md"  # s1 exists: the next supplement is 增刊第2期
    assert f"已新建增刊：{supplement}" in capsys.readouterr().out
    assert "不计入总期号" in supplement.read_text(encoding="utf-8")
    assert main(["new", "case", "--content", root, "--series", "tongbao", "--issue", "2010/3",
                 "--unit", "gongxin"]) == 0
    assert (two_series.root / "series/tongbao/2010/003/01-gongxin.md").is_file()
    assert main(["new", "briefing", "--content", root, "--supplement", "--issue", "2010/1", "--unit", "yudong"]) == 0
    assert (two_series.root / "issues/2010/s1/02-yudong.md").is_file()
    lib = checked(two_series.root)
    assert [i.label for i in lib.issues_of("tongbao")] == ["第1期", "第2期", "第3期"]
    in_2010 = [i.label for i in lib.issues_of(MAIN_SERIES) if i.year == 2010]  # by printing date
    assert in_2010 == ["第1期", "增刊第1期", "第2期", "增刊第2期"]
    assert lib.issue_by_key[(2010, 2)].total == 2  # supplements still not counted


def test_new_issue_of_an_unknown_series_is_refused(two_series, capsys) -> None:
    from bulletin.commands import main

    assert main(["new", "issue", "--content", str(two_series.root), "--series", "tonbao"]) == 1
    err = capsys.readouterr().err
    assert "site.yaml: 错误 E268: 没有名为“tonbao”的简报系列" in err and "tongbao（学习情况通报）" in err
    assert not (two_series.root / "series" / "tonbao").exists()


def test_stats_limited_to_one_series(two_series, capsys) -> None:
    import json

    from bulletin.commands import main

    root = str(two_series.root)

    def articles_of(*more: str) -> dict[str, int]:
        assert main(["stats", "--content", root, "--period", "all", "--format", "json", *more]) == 0
        rows = json.loads(capsys.readouterr().out)["periods"][0]["ranking"]
        # every unit that had joined is ranked; those with articles adopted here:
        return {row["unit"]: row["articles"] for row in rows if row["articles"]}

    # adoption: false — the office's own 通报 count for no unit
    assert articles_of() == {"yudong": 3, "lanxi": 1}
    site = two_series.root / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("adoption: false", "adoption: true"), encoding="utf-8")
    assert articles_of() == {"yudong": 3, "gongxin": 2, "lanxi": 1}
    assert articles_of("--series", "tongbao") == {"gongxin": 2}
    assert articles_of("--series", "main") == {"yudong": 3, "lanxi": 1}
    assert main(["stats", "--content", root, "--series", "nosuch"]) == 2
    assert "--series: 错误 E268: 没有名为“nosuch”的简报系列" in capsys.readouterr().err


def test_markdown_links_into_and_out_of_a_supplement_point_at_its_pages(two_series, tmp_path) -> None:
    """A 增刊 is written as ``s1/`` in the content folder and published as ``s01/``: a ``.md``
    link into it (and one from it) must point where the router wrote the target, not at ``s1``."""
    from bulletin.publish.verify import verify_site
    from bulletin.router import Router

    two_series.write("issues/2010/002/02-b.md", article_md("引用增刊的文章").replace(
        "正文。", "详见[增刊文章](../s1/01-a.md)和[增刊目录](../s1/issue.md)。"))
    two_series.write("issues/2010/s1/02-b.md", article_md("增刊里的引用").replace(
        "正文。", "参见[第二期文章](../002/01-a.md)。"))
    site = built(two_series.root, tmp_path / "site")
    into = page(site, "issues/2010/002/02-b.html")
    assert 'href="../s01/01-a.html">增刊文章</a>' in into and 'href="../s01/index.html">增刊目录</a>' in into
    assert "s1/" not in into.split('<main')[1]
    out_of = page(site, "issues/2010/s01/02-b.html")
    assert 'href="../002/01-a.html">第二期文章</a>' in out_of
    assert [d.format() for d in verify_site(site, checked(two_series.root), Router()).items] == []
