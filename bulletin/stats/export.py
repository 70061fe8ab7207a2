"""The statistics as files and text: CSV for Excel, JSON for other tools, tables for the terminal.

CSV is UTF-8 with a byte-order mark and CRLF line ends: Excel on a Chinese
Windows opens it as GBK otherwise and shows mojibake.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterable, Sequence

from bulletin.model.entities import KINDS
from bulletin.model.library import Library
from bulletin.stats.periods import PERIOD_LABELS
from bulletin.stats.rankings import Ranking, Standing
from bulletin.stats.series import CampaignTotal, MetricSeries, number_text

BOM = "\ufeff"


def _rank(value: int | None) -> str:
    return "" if value is None else str(value)


# -- CSV ------------------------------------------------------------------------------


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_as_text(cell) for cell in header])
    writer.writerows([_as_text(cell) for cell in row] for row in rows)
    return (BOM + buffer.getvalue()).encode("utf-8")


def _as_text(cell: object) -> object:
    """A name such as ``=HYPERLINK(…)`` must stay text in Excel, not become a
    formula (CSV injection): such cells get a leading apostrophe. Numbers,
    negative ones included, are left alone."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        try:
            float(cell)
        except ValueError:
            return "'" + cell
    return cell


def ranking_header(lib: Library) -> list[str]:
    return ["统计口径", "期间", "期间代码", "起始日期", "截止日期", "单位", "单位代码", "所属系统", "状态",
            "积分", "名次", "系统内名次", "稿件数", *(lib.site.kinds[k] for k in KINDS), "稿件数名次",
            *(f"{lib.site.kinds[k]}名次" for k in KINDS)]


def ranking_rows(lib: Library, all_rankings: Iterable[Ranking]) -> list[list[str]]:
    rows = []
    for ranking in all_rankings:
        period = ranking.period
        for s in ranking.everyone:
            rows.append([PERIOD_LABELS[period.kind], period.label, period.key,
                         period.start.isoformat() if period.start else "",
                         period.end.isoformat() if period.end else "",
                         s.unit_name, s.unit_id, s.group, s.status_label, number_text(s.points),
                         _rank(s.rank), _rank(s.group_rank), str(s.total),
                         *(str(s.counts.get(k, 0)) for k in KINDS), _rank(s.count_rank),
                         *(_rank(s.kind_ranks.get(k)) for k in KINDS)])
    return rows


def rankings_csv(lib: Library, all_rankings: Iterable[Ranking]) -> bytes:
    return csv_bytes(ranking_header(lib), ranking_rows(lib, all_rankings))


FIGURES_HEADER = ["单位", "单位代码", "指标", "指标代码", "计量单位", "日期", "数值", "来源文章", "来源文件"]


def figures_csv(lib: Library, series: dict[str, list[MetricSeries]]) -> bytes:
    rows = [[lib.unit_by_id[unit_id].name, unit_id, s.metric.label, s.metric.id, s.metric.unit,
             r.day.isoformat(), number_text(r.value), r.article.title, r.article.source]
            for unit_id, unit_series in series.items() for s in unit_series for r in s.readings]
    return csv_bytes(FIGURES_HEADER, rows)


TOTALS_HEADER = ["指标", "指标代码", "计量单位", "口径", "日期", "数值", "计入单位数"]


def totals_csv(totals: Iterable[CampaignTotal]) -> bytes:
    rows = [[t.metric.label, t.metric.id, t.metric.unit, "平均" if t.is_average else "合计",
             p.day.isoformat(), number_text(p.value), str(p.units_counted)]
            for t in totals for p in t.points]
    return csv_bytes(TOTALS_HEADER, rows)


# -- JSON -----------------------------------------------------------------------------


def _standing_json(s: Standing) -> dict:
    return {"unit": s.unit_id, "name": s.unit_name, "group": s.group, "status": s.status,
            "status_label": s.status_label, "points": s.points, "rank": s.rank, "group_rank": s.group_rank,
            "articles": s.total, "by_kind": dict(s.counts), "count_rank": s.count_rank,
            "kind_ranks": dict(s.kind_ranks)}


def rankings_json(lib: Library, kind: str, all_rankings: Iterable[Ranking]) -> str:
    periods = []
    for ranking in all_rankings:
        period = ranking.period
        periods.append({
            "key": period.key, "label": period.label,
            "start": period.start.isoformat() if period.start else None,
            "end": period.end.isoformat() if period.end else None,
            "ranking": [_standing_json(s) for s in ranking.standings],
            "not_reported": [_standing_json(s) for s in ranking.not_reported],
            "not_joined": [_standing_json(s) for s in ranking.not_joined],
        })
    document = {"title": lib.site.title, "period": kind, "scoring": dict(lib.site.scoring),
                "kinds": {k: lib.site.kinds[k] for k in KINDS}, "periods": periods}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# -- terminal -------------------------------------------------------------------------


def display_width(text: str) -> int:
    """Columns on a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * (width - display_width(text))
    return gap + text if right else text + gap


def text_table(header: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool]) -> str:
    widths = [max(display_width(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    lines = []
    for row in [header, *rows]:
        lines.append("  ".join(_pad(str(cell), w, r) for cell, w, r in zip(row, widths, right, strict=True)).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def ranking_text(lib: Library, ranking: Ranking) -> str:
    period = ranking.period
    dates = f"（{period.start.isoformat()} 至 {period.end.isoformat()}）" if period.start and period.end else ""
    parts = [f"{period.label} {PERIOD_LABELS[period.kind]}排行{dates}"]
    header = ["名次", "单位", "所属系统", "系统内名次", "积分", "稿件", *(lib.site.kinds[k] for k in KINDS)]
    rows = [[_rank(s.rank), s.unit_name, s.group, _rank(s.group_rank), number_text(s.points), str(s.total),
             *(str(s.counts.get(k, 0)) for k in KINDS)] for s in ranking.standings]
    right = [True, False, False, True, True, True, *(True for _ in KINDS)]
    parts.append(text_table(header, rows, right) if rows else "（本期无采用稿件）")
    parts.append(f"未报送（{len(ranking.not_reported)}个）：" + ("、".join(s.unit_name for s in ranking.not_reported)
                                                             or "无"))
    if ranking.not_joined:
        parts.append("尚未参加：" + "、".join(s.unit_name for s in ranking.not_joined))
    return "\n".join(parts) + "\n"
