"""Static SVG charts of the statistics, drawn with pygal.

The charts must work on intranet PCs without scripts and on paper, so every
chart is plain SVG: pygal's scripts and tooltips are removed, values are
printed on the chart, axis labels are dates and unit names, the SVG carries
a <title> and a <desc> (read out by screen readers, role="img"), text stays
selectable, and the fonts are the same Chinese font stack as the pages.
Chart ids are derived from their content, never random, so an unchanged
chart is byte-for-byte the same on the next build.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from xml.etree import ElementTree

import pygal
from pygal.style import Style

from bulletin.model.entities import Metric, Unit
from bulletin.model.library import Library
from bulletin.stats.cache import per_library
from bulletin.stats.campaign import campaign_stats
from bulletin.stats.series import CampaignTotal, Comparison, MetricSeries, is_rate, number_text

FONTS = ('"Microsoft YaHei", "微软雅黑", "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", '
         '"Source Han Sans SC", "WenQuanYi Micro Hei", SimSun, "宋体", sans-serif')
RED, BLUE = "#b5121b", "#0b4f9c"
WIDTH, HEIGHT = 720, 360
MIN_TREND_POINTS = 2
_SAFE_ID = re.compile(r"[^a-zA-Z0-9_-]+")


@dataclass(frozen=True)
class Chart:
    id: str  # unique within the site; also the SVG file's name
    title: str
    description: str  # the chart's data in words, for screen readers and the <desc>
    svg: str  # <svg …>…</svg>, ready to be embedded in HTML


def _style(colour: str) -> Style:
    return Style(
        font_family=FONTS, title_font_family=FONTS, label_font_family=FONTS, major_label_font_family=FONTS,
        value_font_family=FONTS, value_label_font_family=FONTS, legend_font_family=FONTS,
        tooltip_font_family=FONTS, no_data_font_family=FONTS,
        background="#ffffff", plot_background="#ffffff", foreground="#1f1f1f", foreground_strong="#000000",
        foreground_subtle="#767676", colors=(colour,), opacity=".85", opacity_hover=".95",
        title_font_size=18, label_font_size=13, major_label_font_size=13, value_font_size=13,
        value_label_font_size=13, transition="0s",
    )


def _config(chart_id: str, title: str, colour: str, extra_css: str = "", **options: object) -> pygal.Config:
    # pygal's base.css makes chart text unselectable (readers copy figures out of
    # charts) and draws lines too thin for a photocopied 通报.
    css = (f"inline:#{chart_id}{{-webkit-user-select:text;user-select:text}}"
           f"#{chart_id} .series .line{{stroke-width:2.5px}}{extra_css}")
    settings: dict[str, object] = {
        "width": WIDTH, "height": HEIGHT, "show_legend": False, "print_values": True,
        "print_values_position": "top", "value_formatter": number_text, "truncate_label": -1,
        "truncate_legend": -1, "min_scale": 3, "max_scale": 8, **options}
    return pygal.Config(js=[], disable_xml_declaration=True, style=_style(colour), title=title,
                        css=["file://style.css", "file://graph.css", css], **settings)


def line_chart(chart_id: str, title: str, description: str, labels: Sequence[str],
               values: Sequence[float], from_zero: bool = True) -> Chart:
    """A figure over time: one point per report, dates along the bottom."""
    chart = pygal.Line(_config(chart_id, title, RED, x_title="日期", include_x_axis=from_zero,
                               x_label_rotation=30 if len(labels) > 5 else 0, dots_size=4, stroke_style={"width": 2.5}))
    chart.x_labels = list(labels)
    chart.add(title, list(values))
    return _render(chart, chart_id, title, description)


def bar_chart(chart_id: str, title: str, description: str, labels: Sequence[str],
              values: Sequence[float]) -> Chart:
    """Units side by side: one horizontal bar per unit, the highest on top."""
    height = max(HEIGHT, 90 + 34 * len(labels))
    chart = pygal.HorizontalBar(_config(chart_id, title, BLUE, height=height, print_values_position="center",
                                        extra_css=f"#{chart_id} .text-overlay text.value{{fill:#ffffff}}"))
    # pygal draws the first label at the bottom; reverse so that the list reads top-down.
    chart.x_labels = list(reversed(labels))
    chart.add(title, list(reversed(values)))
    return _render(chart, chart_id, title, description)


def safe_id(text: str) -> str:
    """An id usable in HTML, CSS selectors and file names; metric ids may be Chinese."""
    cleaned = _SAFE_ID.sub("-", text).strip("-")
    if cleaned != text:  # keep ids of different metrics apart: 参学人数 and 学习时长 both clean to ""
        cleaned += "-" + hashlib.blake2b(text.encode("utf-8"), digest_size=4).hexdigest()
    return "chart-" + cleaned


def _render(chart: pygal.graph.graph.Graph, chart_id: str, title: str, description: str) -> Chart:
    # pygal names a chart "chart-<uuid4>"; the id must be stable (and unique in a page).
    chart.uuid = chart_id.removeprefix("chart-")
    chart.add_xml_filter(lambda root: _accessible(root, chart_id, description))
    return Chart(chart_id, title, description, chart.render(is_unicode=True))


def _accessible(root: ElementTree.Element, chart_id: str, description: str) -> ElementTree.Element:
    """No scripts, no dated comments; a <title> and <desc> that label the whole image."""
    for comment in [c for c in root if c.tag is ElementTree.Comment]:
        root.remove(comment)
    for parent in root.iter():
        for script in [c for c in parent if c.tag == "script"]:
            parent.remove(script)
    title = root.find("title")
    if title is not None:
        title.set("id", f"{chart_id}-title")
        desc = ElementTree.Element("desc", id=f"{chart_id}-desc")
        desc.text = description
        root.insert(list(root).index(title) + 1, desc)
    root.set("role", "img")
    root.set("aria-labelledby", f"{chart_id}-title {chart_id}-desc")
    return root


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
    return {c.id: c for c in charts}


def metric_title(metric: Metric) -> str:
    return f"{metric.label}（{metric.unit}）" if metric.unit else metric.label


def short_date(day: date) -> str:
    return f"{day.year}.{day.month}.{day.day}"


def long_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def unit_chart(unit: Unit, series: MetricSeries) -> Chart:
    title = f"{unit.name} {metric_title(series.metric)}"
    words = "；".join(f"{long_date(r.day)} {number_text(r.value)}{series.metric.unit}" for r in series.readings)
    description = f"{unit.name}历次进展通报中的{series.metric.label}：{words}。"
    return line_chart(unit_chart_id(unit.id, series.metric.id), title, description,
                      [short_date(r.day) for r in series.readings], [r.value for r in series.readings],
                      from_zero=not is_rate(series.metric))


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
                      from_zero=not total.is_average)
