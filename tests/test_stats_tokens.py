"""Statistics pages are fingerprinted by the figures they show (stats/tokens.py): an edit of the
register or a new issue renders again only the pages whose figures changed, and the site equals
a clean build."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bulletin.pipeline import BuildOptions, BuildResult, build
from bulletin.render import incremental
from tests.register_fixture import write_register_site


def built(content: Path, out: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[BuildResult, set[str]]:
    """A build, and the paths of the pages it rendered."""
    rendered: set[str] = set()
    render_pages = incremental.render_pages

    def recording(env, todo, *args, **kwargs):
        rendered.update(spec.path for spec in todo)
        return render_pages(env, todo, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(incremental, "render_pages", recording)
        result = build(BuildOptions(content=content, out=out, cache=cache))
    return result, rendered


def assert_same_as_clean(content: Path, out: Path, clean: Path) -> None:
    build(BuildOptions(content=content, out=clean, use_cache=False))
    files = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(clean) for p in clean.rglob("*") if p.is_file())
    assert [f for f in files if (out / f).read_bytes() != (clean / f).read_bytes()] == []


def add_gongxin_issue(tree, year: int, number: str, printed: str, written: str, title: str) -> None:
    """A new issue of the register site carrying one article (a case) of 市工信委."""
    tree.issue(year, number, f"date: {printed}\n")
    tree.article(f"issues/{year}/{number}/01-gongxin.md", f"""
        title: {title}
        kind: case
        units: [gongxin]
        date: {written}
    """)


def add_april_issue(tree) -> None:
    """A new issue after the register site's two: April, one article of 市工信委."""
    add_gongxin_issue(tree, 2011, "003", "2011-04-12", "2011-04-08", "市工信委四月进展")


def test_a_register_edit_renders_only_the_statistics_pages_it_changes(tree, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    content = write_register_site(tree)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(BuildOptions(content=content, out=out, cache=cache))
    register = content / "submissions/2011上半年.csv"
    # 平河区 submits one more item in March, not adopted: March's figures change, no points do.
    register.write_bytes(register.read_bytes() + "X-9,2011-03-02,平河区,平河区三月信息,,,,,\r\n".encode("gbk"))
    _, rendered = built(content, out, cache, monkeypatch)
    assert {"stats/month/2011-03.html", "stats/notice/2011-03.html", "stats/quarter/2011-Q1.html",
            "stats/notice/2011-Q1.html", "stats/index.html", "units/pinghe.html"} <= rendered
    # January and February, their 通报, and the units whose figures and ranks stay as they were
    assert not {"stats/month/2011-01.html", "stats/month/2011-02.html", "stats/notice/2011-01.html",
                "stats/notice/2011-02.html", "units/gongxin.html", "units/weisheng.html"} & rendered
    assert "2011-03,平河区,1,0" in (out / "stats/rankings-month.csv").read_text(encoding="utf-8-sig")
    assert_same_as_clean(content, out, tmp_path / "clean")


def test_a_new_issue_leaves_the_earlier_periods_pages_alone(tree, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    content = write_register_site(tree)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(BuildOptions(content=content, out=out, cache=cache))
    add_april_issue(tree)
    _, rendered = built(content, out, cache, monkeypatch)
    assert {"stats/month/2011-04.html", "stats/notice/2011-04.html", "stats/quarter/2011-Q2.html",
            "stats/month/2011-03.html", "stats/quarter/2011-Q1.html",  # their links to the next period are new
            "units/gongxin.html"} <= rendered
    # the 通报 show no neighbours: March's and the first quarter's stay as they were
    assert not {"stats/month/2011-01.html", "stats/month/2011-02.html", "stats/notice/2011-01.html",
                "stats/notice/2011-03.html", "stats/notice/2011-Q1.html"} & rendered
    assert_same_as_clean(content, out, tmp_path / "clean")

    # and back: the issue withdrawn, the site is again what a clean build makes
    for path in sorted((content / "issues/2011/003").iterdir()):
        path.unlink()
    (content / "issues/2011/003").rmdir()
    built(content, out, cache, monkeypatch)
    assert_same_as_clean(content, out, tmp_path / "clean-again")


def test_a_text_edit_takes_the_campaigns_periods_from_the_cache(tree, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The statistics pages' plan needs the campaign's span (which months there are): with the
    statistics' inputs unchanged it comes from the cache, so no adoption event is built."""
    from bulletin.stats import adoption

    content = write_register_site(tree)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(BuildOptions(content=content, out=out, cache=cache))
    article = content / "issues/2011/001/01-yudong.md"
    article.write_bytes(article.read_bytes() + "\n补充一句说明。\n".encode())
    calls: list[int] = []
    make_runs = adoption._make_runs
    monkeypatch.setattr(adoption, "_make_runs", lambda lib: calls.append(1) or make_runs(lib))
    _, rendered = built(content, out, cache, monkeypatch)
    assert calls == []
    assert rendered == {"issues/2011/001/01-yudong.html", "issues/2011/001/index.html"}
    assert_same_as_clean(content, out, tmp_path / "clean")


def test_a_text_edit_reads_the_statistics_fields_of_its_own_issue_only(tree, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The statistics' inputs are kept per issue in the build cache, by the issue's files: a text
    edit reads the fields of its own issue's articles again (unchanged: no statistics page is
    rendered), a title edit changes them and the statistics with them."""
    from bulletin.stats import inputs

    content = write_register_site(tree)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(BuildOptions(content=content, out=out, cache=cache))
    read: list[list[str]] = []
    digest = inputs._articles_digest
    monkeypatch.setattr(inputs, "_articles_digest", lambda run: read.append([a.source for a in run]) or digest(run))
    article = content / "issues/2011/002/02-weisheng.md"
    article.write_bytes(article.read_bytes() + "\n补充一句说明。\n".encode())
    _, rendered = built(content, out, cache, monkeypatch)
    assert [sorted(set(s.split("/")[2] for s in run)) for run in read] == [["002"]]
    assert not {p for p in rendered if p.startswith("stats/")}
    assert_same_as_clean(content, out, tmp_path / "clean")

    # The title of an article in a cached issue: it no longer adopts its row, the figures change.
    read.clear()
    article = content / "issues/2011/001/01-yudong.md"
    article.write_text(article.read_text(encoding="utf-8").replace("玉东新区开展集中学习", "玉东新区集中学习再部署"),
                       encoding="utf-8")
    _, rendered = built(content, out, cache, monkeypatch)
    assert [sorted(set(s.split("/")[2] for s in run)) for run in read] == [["001"]]
    assert {"stats/month/2011-01.html", "stats/index.html"} <= rendered
    assert_same_as_clean(content, out, tmp_path / "clean-again")


def test_a_new_issue_counts_only_the_periods_it_falls_in(tree, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Each period's ranking is kept in the build cache by what it was counted from
    (stats/ranking_cache.py): a new issue counts again its month, quarter, year and the whole
    campaign; January to March come back from the cache."""
    from bulletin.stats import rankings

    content = write_register_site(tree)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(BuildOptions(content=content, out=out, cache=cache))
    add_april_issue(tree)
    counted: list[rankings.Period] = []
    base_ranking = rankings._base_ranking
    monkeypatch.setattr(rankings, "_base_ranking",
                        lambda lib, period, joined: counted.append(period) or base_ranking(lib, period, joined))
    built(content, out, cache, monkeypatch)
    assert {(p.kind, p.key) for p in counted} >= {("month", "2011-04"), ("quarter", "2011-Q2"), ("all", "all")}
    assert all(p.contains(date(2011, 4, 8)) for p in counted)  # January to March: from the cache
    assert_same_as_clean(content, out, tmp_path / "clean")


def test_a_new_issue_makes_the_item_tokens_of_its_own_articles_only(tree, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The items the articles make are kept in the build cache per issue (stats/ranking_cache.py):
    a new issue makes its own items' tokens; the other issues' come back, and so do those of the rows
    no article adopted (X-7, kept by row under the register). An issue inserted before them changes
    their 总第N期: see the next test."""
    from bulletin.stats import ranking_cache

    content = write_register_site(tree)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(BuildOptions(content=content, out=out, cache=cache))
    add_april_issue(tree)
    made: list[str] = []
    full_token = ranking_cache._full_token
    monkeypatch.setattr(ranking_cache, "_full_token",
                        lambda lib, item: made.append(item.article.source if item.article else "-") or full_token(
                            lib, item))
    built(content, out, cache, monkeypatch)
    assert made == ["issues/2011/003/01-gongxin.md"]
    assert_same_as_clean(content, out, tmp_path / "clean")


def test_a_changed_row_no_article_adopted_makes_its_token_again(tree, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The tokens of the rows no article adopted are kept by row key under the register's digest:
    a new title of such a row (X-7, in the .xlsx) is a new register, so its token is made again
    and the statistics pages that list it follow, as a clean build."""
    from bulletin.stats import ranking_cache
    from tests.register_fixture import XLSX_HEADER, XLSX_ROWS, write_xlsx

    content = write_register_site(tree)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(BuildOptions(content=content, out=out, cache=cache))
    rows = [[("玉东新区二月学习动态（修订）" if cell == "玉东新区二月学习动态" else cell) for cell in row]
            for row in XLSX_ROWS]
    write_xlsx(content / "submissions/2011补充.xlsx", XLSX_HEADER, rows)
    made: list[str] = []
    full_token = ranking_cache._full_token
    monkeypatch.setattr(ranking_cache, "_full_token",
                        lambda lib, item: made.append(item.key) or full_token(lib, item))
    built(content, out, cache, monkeypatch)
    assert "X-7" in made
    assert_same_as_clean(content, out, tmp_path / "clean")


def test_an_earlier_issue_renumbers_the_notices_of_unchanged_periods(tree, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """January's figures stay as they were when an issue of December 2010 is added, but its
    通报 lists its items' issues as 总第N期, now one more: its cached ranking, page and .docx
    are made again (the issues are part of what a period's ranking is kept under)."""
    content = write_register_site(tree)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(BuildOptions(content=content, out=out, cache=cache))
    january = (out / "stats/notice/2011-01.docx").read_bytes()
    add_gongxin_issue(tree, 2010, "009", "2010-12-20", "2010-12-10", "市工信委十二月进展")
    _, rendered = built(content, out, cache, monkeypatch)
    assert "stats/notice/2011-01.html" in rendered
    assert (out / "stats/notice/2011-01.docx").read_bytes() != january
    assert_same_as_clean(content, out, tmp_path / "clean")


def test_a_new_issue_draws_again_only_the_charts_whose_data_changed(tree, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """With the build cache every chart's SVG file is kept by what it is drawn from (its data,
    title and words): an issue in a month that already had one changes the charts of 市工信委 and
    of its group; the county group's and the other units' files are kept."""
    from bulletin.stats import pages
    from bulletin.stats.charts import group_chart_id, unit_points_chart_id

    content = write_register_site(tree)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(BuildOptions(content=content, out=out, cache=cache))
    add_gongxin_issue(tree, 2011, "003", "2011-03-25", "2011-03-22", "市工信委三月进展")
    drawn: list[str] = []
    chart_file = pages.chart_file
    monkeypatch.setattr(pages, "chart_file",
                        lambda lib, router, chart_id, memo=None: drawn.append(chart_id) or chart_file(
                            lib, router, chart_id, memo))
    built(content, out, cache, monkeypatch)
    assert {unit_points_chart_id("gongxin"), group_chart_id("市直单位", "adopted")} <= set(drawn)
    assert not {unit_points_chart_id("yudong"), unit_points_chart_id("weisheng"),
                group_chart_id("县市区", "adopted")} & set(drawn)
    assert_same_as_clean(content, out, tmp_path / "clean")


def test_a_new_issue_makes_again_only_the_notices_whose_content_changed(tree, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """With the build cache every 通报 .docx is kept by its page's token: an issue in April makes
    April's and the second quarter's; January's to March's and the first quarter's are neither
    made, read back from the cache, nor compared with the site's files — and stay as they were."""
    from bulletin.stats import pages

    content = write_register_site(tree)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(BuildOptions(content=content, out=out, cache=cache))
    before = {p.name: p.read_bytes() for p in (out / "stats/notice").glob("*.docx")}
    add_april_issue(tree)
    made: list[str] = []
    notice_file = pages.notice_file
    monkeypatch.setattr(pages, "notice_file",
                        lambda lib, router, period, memo=None: made.append(period.key) or notice_file(
                            lib, router, period, memo))
    built(content, out, cache, monkeypatch)
    assert sorted(made) == ["2011-04", "2011-Q2"]
    after = {p.name: p.read_bytes() for p in (out / "stats/notice").glob("*.docx")}
    assert {name for name in after if after[name] != before.get(name)} == {"2011-04.docx", "2011-Q2.docx"}
    assert_same_as_clean(content, out, tmp_path / "clean")


def test_a_new_issue_in_the_last_stage_leaves_the_page_of_the_stage_before_alone(
        tree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The last stage ends on the campaign's last day, which a new issue moves; the stage before it
    shows only a link to it (its address and name), so its page is not drawn again."""
    content = write_register_site(tree)
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "stages:\n"
                    "  - {id: early, name: 起步阶段, start: 2011-01-01, end: 2011-02-28}\n"
                    "  - {id: later, name: 推进阶段, start: 2011-03-01}\n", encoding="utf-8")
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(BuildOptions(content=content, out=out, cache=cache))
    add_april_issue(tree)
    _, rendered = built(content, out, cache, monkeypatch)
    assert "stats/stage/later.html" in rendered
    assert "stats/stage/early.html" not in rendered
    assert_same_as_clean(content, out, tmp_path / "clean")
