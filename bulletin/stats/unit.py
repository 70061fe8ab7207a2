"""What a unit page shows of the statistics: its charts and its rank history."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bulletin.model.entities import Unit
from bulletin.model.library import Library
from bulletin.stats.adoption import Item, items
from bulletin.stats.cache import per_library
from bulletin.stats.campaign import campaign_stats
from bulletin.stats.charts import Chart, all_charts, unit_chart_id, unit_points_chart_id
from bulletin.stats.periods import PERIOD_LABELS, Period
from bulletin.stats.rankings import Standing, rank_history
from bulletin.stats.series import MetricSeries

# Rank history on the unit page: broad periods first, months last (folded).
HISTORY_KINDS = ("stage", "year", "quarter", "month")


@dataclass(frozen=True)
class UnitFigure:
    series: MetricSeries
    chart: Chart


@dataclass(frozen=True)
class RankHistory:
    kind: str
    label: str  # 阶段, 年度, 月度
    rows: list[tuple[Period, Standing]]

    @property
    def joined_rows(self) -> list[tuple[Period, Standing]]:
        return [(p, s) for p, s in self.rows if s.status == "joined"]


@dataclass(frozen=True)
class UnitStats:
    counting_from: date | None
    overall: Standing
    figures: list[UnitFigure]
    history: list[RankHistory]
    has_register: bool = False
    charts: list[Chart] = field(default_factory=list)  # points over time
    submitted_titles: list[Item] = field(default_factory=list)  # only where site.yaml opts in


def unit_stats(lib: Library, unit: Unit) -> UnitStats:
    """Made once per build: the unit page's context and its fingerprint (stats/tokens.py) both ask."""
    return per_library(lib, f"unit-stats:{unit.id}", lambda: _unit_stats(lib, unit))


def _unit_stats(lib: Library, unit: Unit) -> UnitStats:
    stats = campaign_stats(lib)
    charts = all_charts(lib)
    figures = [UnitFigure(s, charts[unit_chart_id(unit.id, s.metric.id)]) for s in stats.series[unit.id]
               if unit_chart_id(unit.id, s.metric.id) in charts]
    history = [RankHistory(kind, PERIOD_LABELS[kind], rank_history(stats.rankings[kind], unit.id))
               for kind in HISTORY_KINDS if stats.rankings[kind]]
    points = charts.get(unit_points_chart_id(unit.id))
    # The titles of items that were not adopted are unpublished material: shown only on request.
    titles = ([i for i in items(lib) if unit.id in i.unit_ids] if lib.site.show_submitted_titles else [])
    return UnitStats(stats.joined[unit.id], stats.overall.of(unit.id), figures, history, lib.has_register,
                     [points] if points else [], sorted(titles, key=lambda i: (i.submitted, i.title)))
