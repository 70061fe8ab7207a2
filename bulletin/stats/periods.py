"""The periods statistics are counted over, and from when each unit counts.

A unit is expected to send information from the day it joined the campaign:
its ``since`` date; without one, the earliest ``since`` of its batch-mates;
a first-batch unit (or one without a batch) counts from the start; a later
batch with no date at all counts from the first article about any of its
units. A unit is not counted in a period that ended before it joined.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from bulletin.model.entities import Article
from bulletin.model.library import Library
from bulletin.stats.cache import per_library
from bulletin.stats.joining import _published, counting_from  # noqa: F401 (counting_from: also from here)

# Period kinds, broadest first. "all" is the whole campaign.
PERIOD_KINDS = ("all", "year", "stage", "quarter", "month", "week")
PERIOD_LABELS = {"all": "活动以来", "year": "年度", "stage": "阶段", "quarter": "季度", "month": "月度", "week": "周"}
QUARTER_NAMES = ("一", "二", "三", "四")


@dataclass(frozen=True)
class Period:
    kind: str
    key: str  # "all", "2011", "pilot", "2011-03", "2011-W09"
    label: str  # 活动以来, 2011年, 试点阶段, 2011年3月, 2011年第9周
    start: date | None = None
    end: date | None = None

    @property
    def short_label(self) -> str:
        """For narrow table headers: 2011.3 rather than 2011年3月."""
        if self.kind == "month" and self.start is not None:
            return f"{self.start.year}.{self.start.month}"
        return self.label

    def contains(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


def published(lib: Library) -> list[Article]:
    """Articles that count: drafts shown in a preview build never do."""
    return list(_published(lib))


def _month_buckets(lib: Library) -> dict[tuple[int, int], list[int]]:
    """(year, month) → positions in ``_published(lib)``: a period's articles are found
    without testing every article of the campaign against every period."""
    def make() -> dict[tuple[int, int], list[int]]:
        buckets: dict[tuple[int, int], list[int]] = {}
        for i, article in enumerate(_published(lib)):
            buckets.setdefault((article.date.year, article.date.month), []).append(i)
        return buckets
    return per_library(lib, "month-buckets", make)


def campaign_span(lib: Library) -> tuple[date, date] | None:
    """From the first to the last day anything counted: an article, a register row's
    报送日期, an issue's printing date or a 约稿's due date."""
    return per_library(lib, SPAN, lambda: _campaign_span(lib))


# per_library's key for the span: the statistics pages' plan takes it from the build cache
# (stats/tokens.py) when the statistics' inputs are unchanged, so that an edit never builds
# the campaign's adoption events just to list its months.
SPAN = "campaign-span"


def _campaign_span(lib: Library) -> tuple[date, date] | None:
    from bulletin.stats.adoption import activity_days  # adoption reads counting_from from here

    days = [a.date for a in _published(lib)] + activity_days(lib)
    return (min(days), max(days)) if days else None


def periods(lib: Library, kind: str) -> list[Period]:
    """Every period of ``kind`` over the campaign (``campaign_span``), oldest first.

    Periods without any article are kept: the office needs to see a month in
    which nothing was printed.
    """
    if kind not in PERIOD_KINDS:
        raise ValueError(f"unknown period kind {kind!r}")
    span = campaign_span(lib)
    if kind == "all":
        return [Period("all", "all", PERIOD_LABELS["all"], *(span or (None, None)))]
    if span is None:
        return []
    first, last = span
    if kind == "stage":
        return _stages(lib, first, last)
    return list({"year": _years, "quarter": _quarters, "month": _months, "week": _weeks}[kind](first, last))


def _years(first: date, last: date) -> Iterator[Period]:
    for year in range(first.year, last.year + 1):
        yield Period("year", str(year), f"{year}年", date(year, 1, 1), date(year, 12, 31))


def _quarters(first: date, last: date) -> Iterator[Period]:
    year, quarter = first.year, (first.month - 1) // 3
    while (year, quarter) <= (last.year, (last.month - 1) // 3):
        start = date(year, quarter * 3 + 1, 1)
        following = date(year + 1, 1, 1) if quarter == 3 else date(year, quarter * 3 + 4, 1)
        yield Period("quarter", f"{year}-Q{quarter + 1}", f"{year}年第{QUARTER_NAMES[quarter]}季度", start,
                     following - timedelta(days=1))
        year, quarter = (year + 1, 0) if quarter == 3 else (year, quarter + 1)


def _months(first: date, last: date) -> Iterator[Period]:
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        following = date(year + month // 12, month % 12 + 1, 1)
        yield Period("month", f"{year}-{month:02d}", f"{year}年{month}月", date(year, month, 1),
                     following - timedelta(days=1))
        year, month = following.year, following.month


def _weeks(first: date, last: date) -> Iterator[Period]:
    monday = first - timedelta(days=first.weekday())
    while monday <= last:
        year, week, _ = monday.isocalendar()
        yield Period("week", f"{year}-W{week:02d}", f"{year}年第{week}周", monday, monday + timedelta(days=6))
        monday += timedelta(days=7)


def _stages(lib: Library, first: date, last: date) -> list[Period]:
    """The stages of site.yaml that have begun by the last article; open ends close there."""
    result = []
    for stage in lib.site.stages:
        if stage.start is not None and stage.start > last:
            continue
        result.append(Period("stage", stage.id, stage.name, stage.start or first,
                             stage.end if stage.end is not None else max(last, stage.start or first)))
    return result


def articles_in(lib: Library, period: Period) -> list[Article]:
    """A stage holds the articles filed under it (an explicit ``stage`` wins over the date)."""
    if period.kind == "stage":
        return [a for a in lib.by_stage.get(period.key, []) if not a.draft]
    articles = _published(lib)
    if period.start is None or period.end is None:
        return [a for a in articles if period.contains(a.date)]
    buckets = _month_buckets(lib)
    picked: list[int] = []
    year, month = period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        picked += buckets.get((year, month), ())
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    picked.sort()  # the campaign's order, as a plain scan would give
    return [articles[i] for i in picked if period.contains(articles[i].date)]


def has_joined(joined: date | None, period: Period) -> bool:
    """A unit counts in a period when it had joined by the period's last day."""
    return joined is None or period.end is None or joined <= period.end
