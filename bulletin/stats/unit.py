"""What a unit page shows of the statistics: its charts and its rank history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bulletin.model.entities import Unit
from bulletin.model.library import Library
from bulletin.stats.campaign import campaign_stats
from bulletin.stats.charts import Chart, all_charts, unit_chart_id
from bulletin.stats.periods import PERIOD_LABELS, Period
from bulletin.stats.rankings import Standing, rank_history
from bulletin.stats.series import MetricSeries

# Rank history on the unit page: broad periods first, months last (folded).
HISTORY_KINDS = ("stage", "year", "month")


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
    def not_reported_count(self) -> int:
        return sum(1 for _, s in self.rows if s.status == "not_reported")


@dataclass(frozen=True)
class UnitStats:
    counting_from: date | None
    overall: Standing
    figures: list[UnitFigure]
    history: list[RankHistory]


def unit_stats(lib: Library, unit: Unit) -> UnitStats:
    stats = campaign_stats(lib)
    charts = all_charts(lib)
    figures = [UnitFigure(s, charts[unit_chart_id(unit.id, s.metric.id)]) for s in stats.series[unit.id]
               if unit_chart_id(unit.id, s.metric.id) in charts]
    history = [RankHistory(kind, PERIOD_LABELS[kind], rank_history(stats.rankings[kind], unit.id))
               for kind in HISTORY_KINDS if stats.rankings[kind]]
    return UnitStats(stats.joined[unit.id], stats.overall.of(unit.id), figures, history)
