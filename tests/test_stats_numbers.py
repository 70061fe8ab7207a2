"""Exact statistics on a fixture site counted by hand, on the example, and edge cases."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bulletin.model.library import Library
from bulletin.pipeline import check
from bulletin.stats.campaign import compute
from bulletin.stats.periods import counting_from, periods
from bulletin.stats.rankings import Ranking, rank_history, rankings, shared_ranks
from bulletin.stats.series import all_series, campaign_totals, comparisons
from tests.conftest import EXAMPLE
from tests.stats_fixture import write_stats_site


def load(content: Path, drafts: bool = False) -> Library:
    lib, diags = check(content, include_drafts=drafts)
    assert lib is not None, [d.format() for d in diags.errors]
    return lib


@pytest.fixture
def lib(tree) -> Library:
    return load(write_stats_site(tree))


def table(ranking: Ranking) -> list[tuple[str, float, int, int]]:
    return [(s.unit_id, s.points, s.rank, s.group_rank) for s in ranking.standings]


def ids(standings) -> list[str]:
    return [s.unit_id for s in standings]


def by_key(lib: Library, kind: str) -> dict[str, Ranking]:
    return {r.period.key: r for r in rankings(lib, kind)}


def test_shared_ranks_are_competition_ranks() -> None:
    assert shared_ranks({"a": 5, "b": 3, "c": 3, "d": 1}) == {"a": 1, "b": 2, "c": 2, "d": 4}
    assert shared_ranks({"a": 2, "b": 2}) == {"a": 1, "b": 1}
    assert shared_ranks({}) == {}


def test_units_count_from_since_batch_mates_or_their_batch_first_article(lib: Library) -> None:
    assert counting_from(lib) == {
        "yudong": date(2010, 5, 1), "pinghe": None, "lanxi": date(2010, 11, 1),
        "songling": date(2010, 11, 1), "gongxin": None, "weisheng": None, "zhujian": date(2010, 12, 15)}


def test_whole_campaign_ranking(lib: Library) -> None:
    overall = rankings(lib, "all")[0]
    assert (overall.period.start, overall.period.end) == (date(2010, 6, 10), date(2010, 12, 20))
    # yudong 3+2+2+2 (the draft case does not count), lanxi 3+2, pinghe 1+1+1, gongxin 2+1
    # Every unit that had joined is ranked, weisheng with nothing adopted last (no register: nobody is 未报送).
    assert table(overall) == [("yudong", 9, 1, 1), ("lanxi", 5, 2, 2), ("pinghe", 3, 3, 3),
                              ("gongxin", 3, 3, 1), ("songling", 1, 5, 4), ("zhujian", 1, 5, 2),
                              ("weisheng", 0, 7, 3)]
    # Without a register each article is an item submitted and adopted.
    assert [(s.unit_id, s.adopted, s.submitted) for s in overall.standings][:3] == [
        ("yudong", 4, 4), ("lanxi", 2, 2), ("pinghe", 3, 3)]
    assert overall.of("yudong").counts == {"briefing": 0, "case": 1, "progress": 3}
    assert overall.not_submitted is None and overall.lists() == []
    assert overall.not_joined == []
    assert [(g, ids(s)) for g, s in overall.groups] == [
        ("县市区", ["yudong", "lanxi", "pinghe", "songling"]), ("市直单位", ["gongxin", "zhujian", "weisheng"])]


def test_monthly_rankings_ties_and_units_that_sent_nothing(lib: Library) -> None:
    months = by_key(lib, "month")
    assert list(months) == ["2010-06", "2010-07", "2010-08", "2010-09", "2010-10", "2010-11", "2010-12"]
    june = months["2010-06"]
    assert table(june) == [("yudong", 5, 1, 1), ("gongxin", 2, 2, 1), ("pinghe", 1, 3, 2), ("weisheng", 0, 4, 2)]
    assert ids(june.not_joined) == ["lanxi", "songling", "zhujian"]
    july = months["2010-07"]
    assert table(july) == [("yudong", 2, 1, 1), ("pinghe", 1, 2, 2), ("gongxin", 1, 2, 1), ("weisheng", 0, 4, 2)]
    # No issue at all in August: everyone ties on nothing, and there is no 零采用 list.
    august = months["2010-08"]
    assert table(august) == [("yudong", 0, 1, 1), ("pinghe", 0, 1, 1), ("gongxin", 0, 1, 1), ("weisheng", 0, 1, 1)]
    assert august.zero_adoption is None and not august.printed
    assert ids(august.not_joined) == ["lanxi", "songling", "zhujian"]
    november = months["2010-11"]
    assert table(november) == [("lanxi", 3, 1, 1), ("yudong", 2, 2, 2), ("pinghe", 1, 3, 3),
                               ("songling", 1, 3, 3), ("gongxin", 0, 5, 1), ("weisheng", 0, 5, 1)]
    assert ids(november.not_joined) == ["zhujian"]  # batch 3 starts with its first article in December
    december = months["2010-12"]
    assert table(december)[:2] == [("lanxi", 2, 1, 1), ("zhujian", 1, 2, 1)]
    assert all(name != "未报送" for r in months.values() for name, _ in r.lists())


def test_second_batch_is_never_unreported_before_it_joined(lib: Library) -> None:
    for ranking in rankings(lib, "month"):
        if ranking.period.end < date(2010, 11, 1):
            assert {"lanxi", "songling"} <= set(ids(ranking.not_joined)), ranking.period.key
            assert not {"lanxi", "songling"} & set(ids(ranking.standings)), ranking.period.key
    history = rank_history(rankings(lib, "month"), "songling")
    assert [(p.key, s.status) for p, s in history] == [
        ("2010-06", "not_joined"), ("2010-07", "not_joined"), ("2010-08", "not_joined"),
        ("2010-09", "not_joined"), ("2010-10", "not_joined"), ("2010-11", "joined"),
        ("2010-12", "joined")]


def test_stage_and_year_rankings(lib: Library) -> None:
    stages = by_key(lib, "stage")
    assert list(stages) == ["pilot", "rollout"]  # 总结验收 has not begun by the last article
    assert stages["rollout"].period.end == date(2010, 12, 20)  # an open stage ends at the last article
    assert table(stages["pilot"]) == [("yudong", 7, 1, 1), ("gongxin", 3, 2, 1), ("pinghe", 2, 3, 2),
                                      ("weisheng", 0, 4, 2)]
    assert ids(stages["pilot"].not_joined) == ["lanxi", "songling", "zhujian"]
    assert table(stages["rollout"]) == [("lanxi", 5, 1, 1), ("yudong", 2, 2, 2), ("pinghe", 1, 3, 3),
                                        ("songling", 1, 3, 3), ("zhujian", 1, 3, 1), ("gongxin", 0, 6, 2),
                                        ("weisheng", 0, 6, 2)]
    years = by_key(lib, "year")
    assert list(years) == ["2010"]
    assert table(years["2010"]) == table(rankings(lib, "all")[0])


def test_weeks_cover_the_campaign(lib: Library) -> None:
    weeks = periods(lib, "week")
    assert weeks[0].key == "2010-W23" and weeks[0].start == date(2010, 6, 7)
    assert weeks[-1].key == "2010-W51" and weeks[-1].end == date(2010, 12, 26)
    assert len(weeks) == 29


def test_drafts_never_count_even_in_a_preview_build(tree) -> None:
    preview = load(write_stats_site(tree), drafts=True)
    assert rankings(preview, "all")[0].of("yudong").points == 9


def test_series_by_article_date_with_a_metric_missing_in_some_reports(lib: Library) -> None:
    series = all_series(lib)
    yudong = {s.metric.id: [(r.day, r.value) for r in s.readings] for s in series["yudong"]}
    assert yudong == {
        "participants": [(date(2010, 6, 30), 80), (date(2010, 7, 31), 90), (date(2010, 11, 30), 100)],
        "study_hours": [(date(2010, 6, 30), 10), (date(2010, 11, 30), 30)],  # July's report left it out
        "participation_rate": [(date(2010, 6, 30), 90.5), (date(2010, 7, 31), 92), (date(2010, 11, 30), 96)],
    }
    assert [s.metric.id for s in series["gongxin"]] == ["participants", "participation_rate"]
    assert [(r.day, r.value) for s in series["lanxi"] for r in s.readings] == [(date(2010, 12, 20), 60)]
    assert series["weisheng"] == []  # a unit with no reports
    assert series["yudong"][0].readings[1].article.title == "玉东新区7月份进展"


def test_latest_figures_side_by_side(lib: Library) -> None:
    by_metric = {c.metric.id: c for c in comparisons(lib)}
    participants = by_metric["participants"]
    assert [(e.unit_id, e.reading.value, e.reading.day) for e in participants.entries] == [
        ("yudong", 100, date(2010, 11, 30)), ("lanxi", 60, date(2010, 12, 20)), ("gongxin", 40, date(2010, 6, 30))]
    assert participants.missing == ["平河区", "松岭县", "市卫生局", "市住房和城乡建设委员会"]
    assert [e.unit_id for e in by_metric["study_hours"].entries] == ["yudong"]


def test_campaign_totals_carry_each_units_latest_figure(lib: Library) -> None:
    totals = {t.metric.id: t for t in campaign_totals(lib)}
    participants = totals["participants"]
    assert not participants.is_average
    assert [(p.day, p.value, p.units_counted) for p in participants.points] == [
        (date(2010, 6, 30), 120, 2), (date(2010, 7, 31), 130, 2), (date(2010, 11, 30), 140, 2),
        (date(2010, 12, 20), 200, 3)]
    rate = totals["participation_rate"]
    assert rate.is_average  # a per-cent figure is averaged, not added up
    assert [(p.day, p.value) for p in rate.points] == [
        (date(2010, 6, 30), 92.75), (date(2010, 7, 31), 93.5), (date(2010, 11, 30), 95.5)]
    assert [(p.day, p.value) for p in totals["study_hours"].points] == [(date(2010, 6, 30), 10),
                                                                          (date(2010, 11, 30), 30)]


def test_same_day_correction_replaces_the_earlier_figure(tree) -> None:
    write_stats_site(tree)
    tree.issue(2010, "005", "date: 2010-12-28\n")
    tree.article("issues/2010/005/01-correction.md", """
        title: 关于兰溪市12月份参学人数的更正
        kind: progress
        units: [lanxi]
        date: 2010-12-20
        metrics: {participants: 66}
    """)
    series = all_series(load(tree.root))["lanxi"]
    assert [(r.day, r.value, r.article.title) for r in series[0].readings] == [
        (date(2010, 12, 20), 66, "关于兰溪市12月份参学人数的更正")]


def test_default_scoring_is_one_point_per_article(tree) -> None:
    tree.article("issues/2010/001/02-gongxin.md", """
        title: 市工信委案例
        kind: case
        units: [gongxin]
    """)
    overall = rankings(load(tree.root), "all")[0]
    # lanxi is in batch 2 with no date anywhere and no article: it counts from the start.
    assert table(overall) == [("yudong", 1, 1, 1), ("gongxin", 1, 1, 1), ("lanxi", 0, 3, 2)]


def test_fractional_points_tie_exactly(tree) -> None:
    tree.write("site.yaml", tree.root.joinpath("site.yaml").read_text(encoding="utf-8")
               + "scoring: {briefing: 0.1, case: 0.2, progress: 0.3}\n")
    tree.article("issues/2010/001/02-gongxin.md", """
        title: 市工信委进展
        kind: progress
        units: [gongxin]
    """)
    tree.article("issues/2010/001/03-yudong.md", """
        title: 玉东新区案例
        kind: case
        units: [yudong]
    """)
    overall = rankings(load(tree.root), "all")[0]
    assert table(overall) == [("yudong", 0.3, 1, 1), ("gongxin", 0.3, 1, 1), ("lanxi", 0, 3, 2)]


def test_a_site_without_articles_calls_nobody_unreported(tree) -> None:
    (tree.root / "issues/2010/001/01-yudong.md").unlink()
    lib = load(tree.root)
    stats = compute(lib)
    assert ids(stats.overall.standings) == ["yudong", "gongxin", "lanxi"]
    assert stats.overall.not_submitted is None
    assert stats.rankings["month"] == [] and stats.comparisons == [] and stats.totals == []


# -- the example bulletin ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example() -> Library:
    return load(EXAMPLE)


def test_example_whole_campaign_ranking(example: Library) -> None:
    """The example keeps a register: 399 items submitted, the 58 articles adopted (14.5 %); the
    briefing of the 2011 supplement has no row (submitted and adopted on its date)."""
    overall = rankings(example, "all")[0]
    assert overall.totals == {"submitted": 399, "adopted": 58, "elsewhere": 5, "instructions": 2}
    assert table(overall) == [
        ("qingshui", 62.86, 1, 1), ("guotu", 29.64, 2, 1), ("yudong", 24.23, 3, 2), ("gongxin", 20.86, 4, 2),
        ("pinghe", 19.86, 5, 3), ("nongwei", 11.94, 6, 3), ("lanxi", 10.98, 7, 4), ("zhujian", 4.14, 8, 4),
        ("songling", 3.48, 9, 5), ("weisheng", -5, 10, 5)]
    assert ids(overall.zero_adoption) == ["weisheng"] and overall.not_submitted == []
    assert ids(overall.missed_requests) == ["songling", "zhujian", "weisheng"]


def test_example_stages_and_second_batch(example: Library) -> None:
    stages = by_key(example, "stage")
    pilot = stages["pilot"]
    assert table(pilot) == [("guotu", 27.33, 1, 1), ("pinghe", 16.83, 2, 1), ("yudong", 16, 3, 2),
                            ("gongxin", 15.5, 4, 2), ("nongwei", 7.17, 5, 3), ("qingshui", 6.17, 6, 3)]
    assert ids(pilot.not_joined) == ["lanxi", "songling", "zhujian", "weisheng"]
    december = by_key(example, "month")["2011-12"]
    assert ids(december.not_submitted) == ["weisheng"]  # 市卫生局 sends something every other month
    assert ids(december.last_place) == ["qingshui", "weisheng"]


def test_example_yudong_participants_over_time(example: Library) -> None:
    series = {s.metric.id: s for s in all_series(example)["yudong"]}
    assert [(r.day.isoformat(), r.value) for r in series["participants"].readings] == [
        ("2010-06-30", 86), ("2010-07-31", 102), ("2010-08-25", 110), ("2010-10-25", 126),
        ("2010-12-20", 132), ("2011-05-25", 140), ("2011-08-25", 146), ("2011-12-20", 150)]
    # 市国土局's report of 2010-09-20 gives no 课题数: its series has fewer points than its 参学人数.
    guotu = {s.metric.id: len(s.readings) for s in all_series(example)["guotu"]}
    assert guotu["projects"] < guotu["participants"]
