"""Figures over time: each unit's progress figures (参学人数, 学习时长 …) per metric.

A reading is dated by its progress report's article date. When two reports
give the same unit's figure for the same day, the later report (in issue
order) wins: it is the correction. A report that leaves a metric out simply
adds no reading to that metric's series.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from operator import attrgetter

from bulletin.model.entities import Article, Metric
from bulletin.model.library import Library
from bulletin.stats.periods import published

# Metrics measured in per cent are averaged across units, all others added up.
RATE_UNITS = ("%", "％", "百分比")


@dataclass(frozen=True)
class Reading:
    day: date
    value: float
    article: Article  # the progress report that gave the figure


@dataclass(frozen=True)
class MetricSeries:
    unit_id: str
    metric: Metric
    readings: list[Reading]  # oldest first, one per day

    @property
    def latest(self) -> Reading:
        return self.readings[-1]


@dataclass(frozen=True)
class LatestEntry:
    unit_id: str
    unit_name: str
    unit_short: str  # for chart labels
    reading: Reading


@dataclass(frozen=True)
class Comparison:
    """All units side by side for one metric, each at its latest report."""

    metric: Metric
    entries: list[LatestEntry]  # highest value first
    missing: list[str]  # names of units that never reported this metric


@dataclass(frozen=True)
class TotalPoint:
    day: date
    value: float
    units_counted: int


@dataclass(frozen=True)
class CampaignTotal:
    """The campaign's figure for one metric over time.

    On each day some unit reported, every unit's latest figure so far is
    added up (or averaged, for a rate): a unit that reports monthly still
    counts in the weeks between its reports.
    """

    metric: Metric
    is_average: bool
    points: list[TotalPoint]


def is_rate(metric: Metric) -> bool:
    return metric.unit.strip() in RATE_UNITS


def _reports(lib: Library) -> list[Article]:
    # the few reports picked before sorting (the sort is stable: the same order as sorting all first)
    return sorted((a for a in published(lib) if a.metrics), key=attrgetter("date", "issue_key", "position"))


def all_series(lib: Library) -> dict[str, list[MetricSeries]]:
    """unit id → its series, one per metric it ever reported, in site.yaml metric order."""
    by_unit: dict[str, dict[str, dict[date, Reading]]] = {u.id: {} for u in lib.units}
    for article in _reports(lib):
        for unit_id, figures in article.metrics.items():
            for metric_id, value in figures.items():
                by_unit[unit_id].setdefault(metric_id, {})[article.date] = Reading(article.date, value, article)
    result: dict[str, list[MetricSeries]] = {}
    for unit in lib.units:
        found = by_unit[unit.id]
        result[unit.id] = [MetricSeries(unit.id, metric, sorted(found[metric.id].values(), key=lambda r: r.day))
                           for metric in lib.site.metrics.values() if metric.id in found]
    return result


def unit_series(lib: Library, unit_id: str) -> list[MetricSeries]:
    return all_series(lib)[unit_id]


def comparisons(lib: Library, series: dict[str, list[MetricSeries]] | None = None) -> list[Comparison]:
    """For each metric anyone reported: every unit's latest figure, highest first."""
    series = all_series(lib) if series is None else series
    result = []
    for metric in lib.site.metrics.values():
        entries = [LatestEntry(u.id, u.name, u.display_short, s.latest) for u in lib.units for s in series[u.id]
                   if s.metric.id == metric.id]
        if not entries:
            continue
        entries.sort(key=lambda e: -e.reading.value)  # stable: equal values keep units.yaml order
        reported = {e.unit_id for e in entries}
        result.append(Comparison(metric, entries, [u.name for u in lib.units if u.id not in reported]))
    return result


def campaign_totals(lib: Library, series: dict[str, list[MetricSeries]] | None = None) -> list[CampaignTotal]:
    series = all_series(lib) if series is None else series
    result = []
    for metric in lib.site.metrics.values():
        of_metric = [s for unit_series_ in series.values() for s in unit_series_ if s.metric.id == metric.id]
        if not of_metric:
            continue
        # day → the readings of that day, (series, value) in each series' order: on each day only the
        # series reporting then change, not every series walked for every day of the campaign
        on_day: dict[date, list[tuple[int, float]]] = {}
        for j, s in enumerate(of_metric):
            for r in s.readings:
                on_day.setdefault(r.day, []).append((j, r.value))
        average = is_rate(metric)
        points = []
        latest: list[float | None] = [None] * len(of_metric)
        for day in sorted(on_day):
            for j, value in on_day[day]:  # the latest figure of each series on ``day``
                latest[j] = value
            known = [v for v in latest if v is not None]
            total = sum(known) / len(known) if average else sum(known)
            points.append(TotalPoint(day, round(total, 2), len(known)))
        result.append(CampaignTotal(metric, average, points))
    return result


def number_text(value: float | int | None) -> str:
    """98.0 → 98, 98.40 → 98.4, 12600 → 12600: figures as the office writes them."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
