"""Rankings (排行榜): points and article counts per period, overall and within groups.

Points come from the ``scoring`` of the article's series (site.yaml's for the main
series: points per published article of each kind, default 1); the articles of a
series with ``adoption: false`` count for nobody. An article naming several units counts in full for each of
them: each contributed the information. Ranks are shared on equal points
(1, 2, 2, 4: "competition" ranking, as in the office's 通报); units that had
joined but have no published article in the period are listed as 未报送 and
are not ranked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from bulletin.model.entities import KINDS, Unit
from bulletin.model.library import Library
from bulletin.stats.periods import Period, articles_in, counting_from, has_joined, periods

REPORTED, NOT_REPORTED, NOT_JOINED = "reported", "not_reported", "not_joined"
STATUS_LABELS = {REPORTED: "已报送", NOT_REPORTED: "未报送", NOT_JOINED: "未参加"}
NO_GROUP = "未分组"


@dataclass(frozen=True)
class Standing:
    """One unit in one period."""

    unit_id: str
    unit_name: str
    group: str
    status: str  # REPORTED | NOT_REPORTED | NOT_JOINED
    points: float = 0
    counts: dict[str, int] = field(default_factory=dict)  # per kind
    rank: int | None = None  # by points, all units
    group_rank: int | None = None  # by points, within the unit's group
    count_rank: int | None = None  # by number of articles, all units
    kind_ranks: dict[str, int] = field(default_factory=dict)  # by number of articles of each kind, all units

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class Ranking:
    period: Period
    standings: list[Standing]  # ranked units, best first
    not_reported: list[Standing]  # 未报送, in units.yaml order
    not_joined: list[Standing]  # had not joined yet: neither ranked nor 未报送

    @property
    def groups(self) -> list[tuple[str, list[Standing]]]:
        """The ranked units of each group (系统), in order of the groups' first appearance in units.yaml."""
        names = list(dict.fromkeys(s.group for s in self.everyone))
        return [(name, [s for s in self.standings if s.group == name]) for name in names]

    @property
    def everyone(self) -> list[Standing]:
        return self.standings + self.not_reported + self.not_joined

    def of(self, unit_id: str) -> Standing:
        return next(s for s in self.everyone if s.unit_id == unit_id)

    def not_reported_in(self, group: str) -> list[Standing]:
        return [s for s in self.not_reported if s.group == group]


def shared_ranks(scores: Mapping[str, float | Decimal]) -> dict[str, int]:
    """1 + the number of strictly better scores: equal scores share a rank (1, 2, 2, 4)."""
    first: dict[float | Decimal, int] = {}  # a score → how many scores are better (its first place, best first)
    for place, score in enumerate(sorted(scores.values(), reverse=True)):
        first.setdefault(score, place)
    return {key: 1 + first[score] for key, score in scores.items()}


def group_of(unit: Unit) -> str:
    return unit.group or NO_GROUP


def rank_period(lib: Library, period: Period, joined: dict | None = None) -> Ranking:
    joined = counting_from(lib) if joined is None else joined
    points: dict[str, Decimal] = {u.id: Decimal(0) for u in lib.units}
    counts: dict[str, dict[str, int]] = {u.id: dict.fromkeys(KINDS, 0) for u in lib.units}
    for article in articles_in(lib, period):
        series = article.issue.series
        if not series.adoption:  # the office's own reports (adoption: false) count for no unit
            continue
        # Decimal from the text of the number: 0.1 + 0.2 points must be 0.3, or ties break.
        value = Decimal(str(series.scoring.get(article.kind, 1)))
        for unit_id in article.unit_ids:
            points[unit_id] += value
            counts[unit_id][article.kind] += 1
    reported = [u for u in lib.units if sum(counts[u.id].values())]
    overall = shared_ranks({u.id: points[u.id] for u in reported})
    by_count = shared_ranks({u.id: sum(counts[u.id].values()) for u in reported})
    by_kind = {kind: shared_ranks({u.id: counts[u.id][kind] for u in reported}) for kind in KINDS}
    in_group: dict[str, int] = {}
    for group in {group_of(u) for u in reported}:
        in_group.update(shared_ranks({u.id: points[u.id] for u in reported if group_of(u) == group}))
    order = {u.id: i for i, u in enumerate(lib.units)}
    standings = sorted(
        (Standing(u.id, u.name, group_of(u), REPORTED, _number(points[u.id]), counts[u.id],
                  overall[u.id], in_group[u.id], by_count[u.id], {k: by_kind[k][u.id] for k in KINDS})
         for u in reported),
        key=lambda s: (s.rank, s.count_rank, order[s.unit_id]))
    reported_ids = {u.id for u in reported}
    silent = [u for u in lib.units if u.id not in reported_ids]
    not_reported = [Standing(u.id, u.name, group_of(u), NOT_REPORTED, 0, dict(counts[u.id]))
                    for u in silent if has_joined(joined[u.id], period)]
    not_joined = [Standing(u.id, u.name, group_of(u), NOT_JOINED, 0, dict(counts[u.id]))
                  for u in silent if not has_joined(joined[u.id], period)]
    return Ranking(period, standings, not_reported, not_joined)


def rankings(lib: Library, kind: str) -> list[Ranking]:
    """The ranking of every period of ``kind``, oldest first."""
    joined = counting_from(lib)
    return [rank_period(lib, period, joined) for period in periods(lib, kind)]


def rank_history(all_rankings: list[Ranking], unit_id: str) -> list[tuple[Period, Standing]]:
    """One unit's standing in each period, oldest first."""
    return [(r.period, r.of(unit_id)) for r in all_rankings]


def _number(value: Decimal) -> float | int:
    return int(value) if value == value.to_integral_value() else float(value)
