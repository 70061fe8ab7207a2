"""The statistics as files and text: CSV for Excel, JSON for other tools, tables for the terminal.

CSV is UTF-8 with a byte-order mark and CRLF line ends: Excel on a Chinese
Windows opens it as GBK otherwise and shows mojibake.
"""

from __future__ import annotations

import csv
import io
import json
import operator
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from bulletin.cache.store import Memo
from bulletin.digest import plain_digest
from bulletin.model.entities import KINDS
from bulletin.model.library import Library
from bulletin.stats.cache import memo_of
from bulletin.stats.periods import PERIOD_LABELS
from bulletin.stats.rankings import Ranking, Standing
from bulletin.stats.series import CampaignTotal, MetricSeries, number_text

BOM = "\ufeff"


def _rank(value: int | None) -> str:
    return "" if value is None else str(value)


# -- CSV ------------------------------------------------------------------------------


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    return (BOM + _csv_text([header]) + _csv_text(rows)).encode("utf-8")


def _csv_text(rows: Iterable[Sequence[object]]) -> str:
    """The rows as CSV lines, each cell guarded (``_as_text``). A row is written on its own,
    so the lines of several lists of rows joined are the lines of the rows together."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(map(_guarded, rows))
    return buffer.getvalue()


_FORMULA_STARTS = frozenset(("=", "+", "-", "@", "\t", "\r"))
_FIRST: Callable[[Any], object] = operator.itemgetter(slice(None, 1))  # a cell's first character


def _guarded(row: Sequence[object]) -> Sequence[object]:
    """``row`` with its cells that Excel would take for formulas made text. A large campaign's
    CSV files have some 300,000 cells, nearly all plain: a row of text cells none of which starts
    like a formula is found so in C (the first characters, mapped) and passed on as it is."""
    try:
        if _FORMULA_STARTS.isdisjoint(map(_FIRST, row)):
            return row
    except TypeError:  # a number among the cells: judged cell by cell
        pass
    return [cell if not isinstance(cell, str) or cell[:1] not in _FORMULA_STARTS else _as_text(cell) for cell in row]


def _as_text(cell: object) -> object:
    """A name such as ``=HYPERLINK(…)`` must stay text in Excel, not become a
    formula (CSV injection): such cells get a leading apostrophe. Numbers,
    negative ones included, are left alone."""
    if isinstance(cell, str) and cell[:1] in _FORMULA_STARTS:
        try:
            float(cell)
        except ValueError:
            return "'" + cell
    return cell


# The columns the office's spreadsheets and outside checks rely on, first and in this order.
RANKING_COLUMNS = ["期间代码", "单位", "报送", "采用", "外部采用", "批示", "采用率", "积分", "名次", "系统内名次"]


def ranking_header(lib: Library) -> list[str]:
    return [*RANKING_COLUMNS, "统计口径", "期间", "起始日期", "截止日期", "单位代码", "所属系统", "状态",
            "约稿完成", "约稿未完成", "报送任务", "完成报送任务", *(f"采用{lib.site.kinds[k]}" for k in KINDS),
            "列入名单"]


def ranking_rows(lib: Library, all_rankings: Iterable[Ranking]) -> list[list[str]]:
    rows = []
    for ranking in all_rankings:
        period = ranking.period
        listed = _listed(ranking)
        for s in ranking.everyone:
            rows.append([period.key, s.unit_name, str(s.submitted), str(s.adopted), str(s.elsewhere),
                         str(s.instructions), "" if s.rate is None else s.rate_text, number_text(s.points),
                         _rank(s.rank), _rank(s.group_rank),
                         PERIOD_LABELS[period.kind], period.label,
                         period.start.isoformat() if period.start else "",
                         period.end.isoformat() if period.end else "",
                         s.unit_id, s.group, s.status_label, str(s.answered), str(s.missed),
                         "" if s.quota is None else str(s.quota),
                         "" if s.quota_met is None else ("是" if s.quota_met else "否"),
                         *(str(s.counts.get(k, 0)) for k in KINDS), "、".join(listed.get(s.unit_id, []))])
    return rows


def _listed(ranking: Ranking) -> dict[str, list[str]]:
    """unit id → the names of the lists it is on in this period."""
    listed: dict[str, list[str]] = {}
    for name, standings in ranking.lists():
        for s in standings:
            listed.setdefault(s.unit_id, []).append(name)
    return listed


def rankings_csv(lib: Library, all_rankings: Iterable[Ranking]) -> bytes:
    """``csv_bytes(ranking_header(lib), ranking_rows(lib, all_rankings))``, each period's lines
    taken from the build cache when its ranking was counted from the same inputs."""
    memo = memo_of(lib)
    lines = [_ranking_lines(lib, ranking, memo) for ranking in all_rankings]
    return (BOM + _csv_text([ranking_header(lib)])).encode("utf-8") + b"".join(lines)


# The build cache's space for each period's lines of the rankings CSV.
RANKING_LINES = "stats-csv-lines"


def _ranking_lines(lib: Library, ranking: Ranking, memo: Memo | None) -> bytes:
    """One period's lines. A new issue changes the rankings of the few periods holding its date;
    the others' lines are kept under what their ranking was counted from (``Ranking.made_from``:
    site.yaml, the units, the items and issues of the period, 连续末位), which is all they show."""
    if memo is None or not ranking.made_from:
        return _csv_text(ranking_rows(lib, [ranking])).encode("utf-8")
    found = memo.get(RANKING_LINES, ranking.made_from)
    if not isinstance(found, bytes):
        found = _csv_text(ranking_rows(lib, [ranking])).encode("utf-8")
        memo.put(RANKING_LINES, ranking.made_from, found)
    return found


FIGURES_HEADER = ["单位", "单位代码", "指标", "指标代码", "计量单位", "日期", "数值", "来源文章", "来源文件"]


def figures_csv(lib: Library, series: dict[str, list[MetricSeries]]) -> bytes:
    """``csv_bytes(FIGURES_HEADER, rows)`` of every unit's figures, each unit's lines taken from the
    build cache when its figures are the same: a new issue brings the figures of a few units."""
    memo = memo_of(lib)
    lines = [_unit_figure_lines(lib, unit_id, unit_series, memo) for unit_id, unit_series in series.items()]
    return (BOM + _csv_text([FIGURES_HEADER])).encode("utf-8") + b"".join(lines)


# The build cache's space for each unit's lines of the figures CSV.
FIGURE_LINES = "stats-csv-figures"


def _unit_figure_lines(lib: Library, unit_id: str, unit_series: list[MetricSeries], memo: Memo | None) -> bytes:
    name = lib.unit_by_id[unit_id].name
    if memo is None:
        return _csv_text(_figure_rows(name, unit_id, unit_series)).encode("utf-8")
    # Everything the lines show: the unit, each metric as site.yaml defines it, each reading with its article.
    # (marshalled, bulletin/digest.py: cheaper than repr for the 10,000 readings of 40 units)
    key = plain_digest(name, unit_id, [(repr(s.metric), [(r.day.toordinal(), r.value, r.article.title, r.article.source)
                                                         for r in s.readings]) for s in unit_series])
    found = memo.get(FIGURE_LINES, key)
    if not isinstance(found, bytes):
        found = _csv_text(_figure_rows(name, unit_id, unit_series)).encode("utf-8")
        memo.put(FIGURE_LINES, key, found)
    return found


def _figure_rows(name: str, unit_id: str, unit_series: list[MetricSeries]) -> list[list[str]]:
    return [[name, unit_id, s.metric.label, s.metric.id, s.metric.unit, r.day.isoformat(), number_text(r.value),
             r.article.title, r.article.source] for s in unit_series for r in s.readings]


TOTALS_HEADER = ["指标", "指标代码", "计量单位", "口径", "日期", "数值", "计入单位数"]


def totals_csv(totals: Iterable[CampaignTotal]) -> bytes:
    rows = [[t.metric.label, t.metric.id, t.metric.unit, "平均" if t.is_average else "合计",
             p.day.isoformat(), number_text(p.value), str(p.units_counted)]
            for t in totals for p in t.points]
    return csv_bytes(TOTALS_HEADER, rows)


# -- JSON -----------------------------------------------------------------------------


def _standing_json(s: Standing) -> dict:
    return {"unit": s.unit_id, "name": s.unit_name, "group": s.group, "status": s.status,
            "submitted": s.submitted, "adopted": s.adopted, "articles": s.adopted, "adopted_elsewhere": s.elsewhere,
            "instructions": s.instructions, "rate": s.rate, "points": s.points, "rank": s.rank,
            "group_rank": s.group_rank, "requests_answered": s.answered, "requests_missed": s.missed,
            "quota": s.quota, "quota_met": s.quota_met, "adopted_by_kind": dict(s.counts)}


def rankings_json(lib: Library, kind: str, all_rankings: Iterable[Ranking]) -> str:
    periods = []
    for ranking in all_rankings:
        period = ranking.period
        periods.append({
            "key": period.key, "label": period.label,
            "start": period.start.isoformat() if period.start else None,
            "end": period.end.isoformat() if period.end else None,
            "ranking": [_standing_json(s) for s in ranking.standings],
            "not_joined": [s.unit_id for s in ranking.not_joined],
            "lists": {name: [s.unit_id for s in standings] for name, standings in ranking.lists()},
        })
    document = {"title": lib.site.title, "period": kind, "scoring": dict(lib.site.scoring),
                "register": lib.has_register, "kinds": {k: lib.site.kinds[k] for k in KINDS}, "periods": periods}
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
    requests = ranking.requests_due
    quota = any(s.quota is not None for s in ranking.standings)
    register = lib.has_register  # without one the figures are adoption only
    header = ["名次", "单位", "所属系统", "系统内名次", *(["报送"] if register else []), "采用",
              *(["采用率"] if register else []), "外部采用", "批示", "积分",
              *(["约稿完成", "约稿未完成"] if requests else []), *(["报送任务"] if quota else [])]
    rows = [[_rank(s.rank), s.unit_name, s.group, _rank(s.group_rank), *([str(s.submitted)] if register else []),
             str(s.adopted), *([s.rate_text] if register else []), str(s.elsewhere), str(s.instructions),
             number_text(s.points),
             *([str(s.answered), str(s.missed)] if requests else []),
             *([_quota_text(s)] if quota else [])] for s in ranking.standings]
    right = [True, False, False, *(True for _ in header[3:])]
    parts.append(text_table(header, rows, right) if rows else "（本期没有参加统计的单位）")
    if not lib.has_register:
        parts.append("（未设报送登记表：只统计采用情况）")
    for name, standings in ranking.lists():
        parts.append(f"{name}：" + ("、".join(s.unit_name for s in standings) or "无"))
    if ranking.not_joined:
        parts.append("尚未参加：" + "、".join(s.unit_name for s in ranking.not_joined))
    return "\n".join(parts) + "\n"


def _quota_text(s: Standing) -> str:
    if s.quota is None:
        return ""
    return f"{s.submitted}/{s.quota}" + ("" if s.quota_met else " 未完成")
