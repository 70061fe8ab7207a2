"""Everything the statistics show, computed once per build from the Library."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bulletin.model.library import Library
from bulletin.stats.cache import memo_of, per_library
from bulletin.stats.periods import counting_from
from bulletin.stats.rankings import Ranking, rankings
from bulletin.stats.series import CampaignTotal, Comparison, MetricSeries, all_series, campaign_totals, comparisons

# The period kinds that get pages and CSV files (weeks only in the stats command).
PAGE_PERIODS = ("all", "year", "stage", "quarter", "month")


@dataclass(frozen=True)
class CampaignStats:
    joined: dict[str, date | None]  # unit id → the day it counts from (None: the start)
    rankings: dict[str, list[Ranking]]  # period kind → one ranking per period, oldest first
    series: dict[str, list[MetricSeries]]  # unit id → its figures over time
    comparisons: list[Comparison]
    totals: list[CampaignTotal]

    @property
    def overall(self) -> Ranking:
        return self.rankings["all"][0]


def compute(lib: Library) -> CampaignStats:
    series = all_series(lib)
    memo = memo_of(lib)  # the build's cache: periods a change left alone are read back, not counted
    return CampaignStats(
        joined=counting_from(lib),
        rankings={kind: rankings(lib, kind, memo) for kind in PAGE_PERIODS},
        series=series,
        comparisons=comparisons(lib, series),
        totals=campaign_totals(lib, series),
    )


def campaign_stats(lib: Library) -> CampaignStats:
    return per_library(lib, "campaign", lambda: compute(lib))
