"""Static SVG charts of the statistics (drawn by ``stats/svg.py``).

The charts must work on intranet PCs without scripts and on paper, so every
chart is plain SVG: no scripts or tooltips, values are printed on the chart,
axis labels are dates and unit names, the SVG carries a <title> and a <desc>
(read out by screen readers, role="img"), text stays selectable, and the fonts
are the same Chinese font stack as the pages. Chart ids are derived from their
content, never random, so an unchanged chart is byte-for-byte the same on the
next build.
"""

from __future__ import annotations

import hashlib
import pickle
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache, partial

from bulletin.model.entities import Metric, Unit
from bulletin.model.library import Library
from bulletin.stats.cache import per_library
from bulletin.stats.campaign import campaign_stats
from bulletin.stats.series import CampaignTotal, Comparison, MetricSeries, is_rate, number_text
from bulletin.stats.svg import bar_svg, line_svg

FONTS = ('"Microsoft YaHei", "微软雅黑", "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", '
         '"Source Han Sans SC", "WenQuanYi Micro Hei", SimSun, "宋体", sans-serif')
RED, BLUE = "#b5121b", "#0b4f9c"
MIN_TREND_POINTS = 2
_SAFE_ID = re.compile(r"[^a-zA-Z0-9_-]+")


@dataclass(frozen=True)
class Chart:
    id: str  # unique within the site; also the SVG file's name
    title: str
    description: str  # the chart's data in words, for screen readers and the <desc>
    # Draws the SVG from the chart's data: called when a page or a file shows it (``svg``), not
    # when a fingerprint asks what it shows (``token``). A new issue changes a few of 200 charts.
    draw: Callable[[], str] = field(repr=False, compare=False)
    token: str = ""  # a hash of everything ``draw`` draws from: equal tokens, equal SVGs

    @cached_property
    def svg(self) -> str:
        """<svg …>…</svg>, ready to be embedded in HTML."""
        return self.draw()


def _chart(chart_id: str, title: str, description: str, draw: Callable[..., str], *args: object) -> Chart:
    """A chart drawn by ``draw(chart_id, title, description, *args)`` when its SVG is first asked for."""
    # pickled, not repr'd: its float lists (values, time positions) cost a third as much. Every
    # argument is made afresh each build (nothing shared that pickle would mark differently).
    token = hashlib.blake2b(pickle.dumps((draw.__name__, chart_id, title, description, args), 5),
                            digest_size=16).hexdigest()
    return Chart(chart_id, title, description, partial(draw, chart_id, title, description, *args), token)


def line_chart(chart_id: str, title: str, description: str, labels: Sequence[str],
               values: Sequence[float], from_zero: bool = True, days: Sequence[date] | None = None) -> Chart:
    """A figure over time: one point per report, dates along the bottom (placed by ``days`` when given)."""
    return _chart(chart_id, title, description, _line, list(labels), list(values), from_zero,
                  time_positions(days) if days else None)


def _line(chart_id: str, title: str, description: str, labels: list[str], values: list[float], from_zero: bool,
          positions: list[float] | None) -> str:
    return line_svg(chart_id, title, description, labels, values, from_zero, FONTS, RED, number_text,
                    x_title="日期", positions=positions)


def _bar(chart_id: str, title: str, description: str, labels: list[str], values: list[float]) -> str:
    return bar_svg(chart_id, title, description, labels, values, FONTS, BLUE, number_text)


def time_positions(days: Sequence[date]) -> list[float]:
    """Each day's place between the first (0) and the last (1): a proportional time axis."""
    first, span = days[0], (days[-1] - days[0]).days
    if span <= 0:
        return [i / max(len(days) - 1, 1) for i in range(len(days))]
    return [(day - first).days / span for day in days]


def bar_chart(chart_id: str, title: str, description: str, labels: Sequence[str],
              values: Sequence[float]) -> Chart:
    """Units side by side: one horizontal bar per unit, the highest on top."""
    return _chart(chart_id, title, description, _bar, list(labels), list(values))


def safe_id(text: str) -> str:
    """An id usable in HTML, CSS selectors and file names; metric ids may be Chinese."""
    cleaned = _SAFE_ID.sub("-", text).strip("-")
    if cleaned != text:  # keep ids of different metrics apart: 参学人数 and 学习时长 both clean to ""
        cleaned += "-" + hashlib.blake2b(text.encode("utf-8"), digest_size=4).hexdigest()
    return "chart-" + cleaned


# -- the site's charts -------------------------------------------------------------


def all_charts(lib: Library) -> dict[str, Chart]:
    """Every chart of the site by id, drawn once per build."""
    return per_library(lib, "charts", lambda: _draw_all(lib))


def unit_chart_id(unit_id: str, metric_id: str) -> str:
    return safe_id(f"unit-{unit_id}-{metric_id}")


def latest_chart_id(metric_id: str) -> str:
    return safe_id(f"latest-{metric_id}")


def total_chart_id(metric_id: str) -> str:
    return safe_id(f"total-{metric_id}")


def _draw_all(lib: Library) -> dict[str, Chart]:
    stats = campaign_stats(lib)
    # A trend needs two points; a single figure is read better from the table.
    charts = [unit_chart(unit, series) for unit in lib.units for series in stats.series[unit.id]
              if len(series.readings) >= MIN_TREND_POINTS]
    charts += [comparison_chart(c) for c in stats.comparisons]
    charts += [total_chart(t) for t in stats.totals if len(t.points) >= MIN_TREND_POINTS]
    charts += adoption_charts(lib)
    return {c.id: c for c in charts}


# -- adoption over time (报送、采用、采用率), by month --------------------------------


def group_chart_id(group: str, what: str) -> str:
    return safe_id(f"group-{group}-{what}")


def unit_points_chart_id(unit_id: str) -> str:
    return safe_id(f"unit-{unit_id}-points")


def adoption_charts(lib: Library) -> list[Chart]:
    """Per group: adopted items and 采用率 (with a register) per month; per unit: points per month."""
    months = campaign_stats(lib).rankings.get("month", [])
    if len(months) < MIN_TREND_POINTS:
        return []
    labels = [r.period.short_label for r in months]
    charts = []
    for group in dict.fromkeys(s.group for s in months[-1].everyone):
        members = [[s for s in r.standings if s.group == group] for r in months]
        adopted = [sum(s.adopted for s in row) for row in members]
        words = "；".join(f"{r.period.label} {n}条" for r, n in zip(months, adopted, strict=True))
        charts.append(line_chart(group_chart_id(group, "adopted"), f"{group}每月被采用信息数（条）",
                                 f"{group}各单位每月被本刊采用的信息合计：{words}。", labels, adopted))
        if lib.has_register:
            rates = [round(sum(s.adopted for s in row) / submitted * 100, 1) if (submitted := sum(
                s.submitted for s in row)) else 0 for row in members]
            words = "；".join(f"{r.period.label} {number_text(v)}%" for r, v in zip(months, rates, strict=True))
            charts.append(line_chart(group_chart_id(group, "rate"), f"{group}每月采用率（%）",
                                     f"{group}每月被采用信息数占报送信息数的比例（当月无报送计为0）：{words}。",
                                     labels, rates))
    for unit in lib.units:
        rows = [(r.period, r.of(unit.id)) for r in months]
        rows = [(period, s) for period, s in rows if s.status == "joined"]
        if len(rows) < MIN_TREND_POINTS:
            continue
        words = "；".join(f"{period.label} {number_text(s.points)}分" for period, s in rows)
        charts.append(line_chart(unit_points_chart_id(unit.id), f"{unit.name}每月信息积分",
                                 f"{unit.name}每月的信息积分：{words}。", [p.short_label for p, _ in rows],
                                 [s.points for _, s in rows], from_zero=False))
    return charts


def metric_title(metric: Metric) -> str:
    return f"{metric.label}（{metric.unit}）" if metric.unit else metric.label


# The same few hundred report days recur in every unit's charts: each written once per process.
@lru_cache(maxsize=8192)
def short_date(day: date) -> str:
    return f"{day.year}.{day.month}.{day.day}"


@lru_cache(maxsize=8192)
def long_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def unit_chart(unit: Unit, series: MetricSeries) -> Chart:
    title = f"{unit.name} {metric_title(series.metric)}"
    words = "；".join(f"{long_date(r.day)} {number_text(r.value)}{series.metric.unit}" for r in series.readings)
    description = f"{unit.name}历次进展通报中的{series.metric.label}：{words}。"
    return line_chart(unit_chart_id(unit.id, series.metric.id), title, description,
                      [short_date(r.day) for r in series.readings], [r.value for r in series.readings],
                      from_zero=not is_rate(series.metric), days=[r.day for r in series.readings])


def comparison_chart(comparison: Comparison) -> Chart:
    metric = comparison.metric
    title = f"各单位{metric_title(metric)}（最近一次通报）"
    words = "；".join(f"{e.unit_name} {number_text(e.reading.value)}{metric.unit}（{long_date(e.reading.day)}）"
                     for e in comparison.entries)
    description = f"各单位最近一次进展通报中的{metric.label}，从高到低：{words}。"
    if comparison.missing:
        description += f"未通报该指标的单位：{'、'.join(comparison.missing)}。"
    return bar_chart(latest_chart_id(metric.id), title, description,
                     [e.unit_short for e in comparison.entries], [e.reading.value for e in comparison.entries])


def total_chart(total: CampaignTotal) -> Chart:
    metric = total.metric
    how = "平均" if total.is_average else "合计"
    title = f"全市{metric.label}{how}（{metric.unit}）" if metric.unit else f"全市{metric.label}{how}"
    words = "；".join(f"{long_date(p.day)} {number_text(p.value)}{metric.unit}（{p.units_counted}个单位）"
                     for p in total.points)
    description = f"各单位截至每次通报的最新{metric.label}的{how}：{words}。"
    return line_chart(total_chart_id(metric.id), title, description,
                      [short_date(p.day) for p in total.points], [p.value for p in total.points],
                      from_zero=not total.is_average, days=[p.day for p in total.points])
