"""Rankings (排行榜): each unit's figures in a period, its ranks, and the lists of the 通报.

Figures per unit that had joined by the period's end (``periods.counting_from``):
报送, 采用, 外部采用, 批示, 采用率 (采用 / 报送), 积分, 约稿 answered and missed,
quota met or not. Ranks by points, overall and within the unit's group (系统); equal
points share a rank (1, 2, 2, 4: "competition" ranking, as in the office's 通报).

Lists, exactly as the contract defines them:
- 未报送: units that submitted nothing — only when a register exists; without one no unit
  is ever called that (``not_submitted`` is None);
- 零采用: units that submitted something and had nothing adopted here — None for a period in
  which no issue was printed;
- 未完成约稿: units that missed a request whose due date falls in the period;
- 连续末位: units last in their group (all tied for the lowest points; groups of two or more)
  in ``scoring.last_place`` consecutive periods of the same kind, ending with this one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import cached_property

from bulletin.cache.store import Memo
from bulletin.model.entities import KINDS, Unit
from bulletin.model.library import Library
from bulletin.stats.adoption import (
    ADOPTED,
    ANSWERED,
    ELSEWHERE,
    INSTRUCTIONS,
    MISSED,
    POINTS,
    SUBMITTED,
    Item,
    adopted_between,
    events_between,
    items_between,
    point_scale,
    printed_between,
)
from bulletin.stats.cache import per_library
from bulletin.stats.periods import Period, counting_from, has_joined, periods
from bulletin.stats.ranking_cache import SPACE as RANKING_SPACE
from bulletin.stats.ranking_cache import period_digest

JOINED, NOT_JOINED = "joined", "not_joined"
STATUS_LABELS = {JOINED: "已参加", NOT_JOINED: "未参加"}
NO_GROUP = "未分组"


@dataclass(frozen=True)
class Standing:
    """One unit in one period."""

    unit_id: str
    unit_name: str
    group: str
    status: str  # JOINED | NOT_JOINED
    submitted: int = 0  # 报送
    adopted: int = 0  # 采用 (here)
    elsewhere: int = 0  # 外部采用
    instructions: int = 0  # 批示
    points: float = 0
    answered: int = 0  # 约稿 answered (due in the period)
    missed: int = 0  # 约稿 missed (due in the period)
    quota: int | None = None  # items to submit, when a quota applies to this period and unit
    counts: dict[str, int] = field(default_factory=dict)  # adopted here, per kind
    rank: int | None = None  # by points, all units
    group_rank: int | None = None  # by points, within the unit's group

    @property
    def total(self) -> int:
        """Adopted here (the old name, kept for the templates that show it)."""
        return self.adopted

    @property
    def rate(self) -> float | None:
        """采用率 = adopted here / submitted, in the period; None when nothing was submitted."""
        return self.adopted / self.submitted if self.submitted else None

    @property
    def rate_text(self) -> str:
        return "—" if self.rate is None else f"{self.rate * 100:.1f}%"

    @property
    def quota_met(self) -> bool | None:
        return None if self.quota is None else self.submitted >= self.quota

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class Ranking:
    period: Period
    standings: list[Standing]  # every unit that had joined, best first
    not_joined: list[Standing]  # had not joined yet: not counted
    not_submitted: list[Standing] | None  # 未报送; None without a register
    zero_adoption: list[Standing] | None  # 零采用; None when no issue was printed in the period
    missed_requests: list[Standing]  # 未完成约稿
    last_place: list[Standing] | None  # 连续末位; None when site.yaml sets no ``last_place``
    adopted_items: list[Item] = field(default_factory=list)  # adopted here in the period: the 通报's annex
    has_register: bool = False
    has_requests: bool = False  # site.yaml lists 约稿
    totals: dict[str, int] = field(default_factory=dict)  # distinct items: a joint item counts once
    group_names: tuple[str, ...] = ()  # the groups in order of their first unit in units.yaml
    # what its figures were counted from (stats/ranking_cache.py); "" when not kept in the build cache
    digest: str = field(default="", compare=False, repr=False)

    @property
    def made_from(self) -> str:
        """What it was counted from, 连续末位 included: equal, the ranking, its page and its 通报 are
        the same; "" when that is not known (no build cache), then only its figures tell."""
        if not self.digest:
            return ""
        last = None if self.last_place is None else [s.unit_id for s in self.last_place]
        return f"{self.digest}|{last}"

    @property
    def groups(self) -> list[tuple[str, list[Standing]]]:
        """The ranked units of each group (系统), in order of the groups' first appearance in units.yaml."""
        names = self.group_names or tuple(dict.fromkeys(s.group for s in self.everyone))
        return [(name, [s for s in self.standings if s.group == name]) for name in names]

    @property
    def everyone(self) -> list[Standing]:
        return self.standings + self.not_joined

    def of(self, unit_id: str) -> Standing:
        return self._by_unit[unit_id]

    @cached_property
    def _by_unit(self) -> dict[str, Standing]:
        """Every unit's standing by its id: unit pages, charts and overviews ask 40 units × 170 periods."""
        return {s.unit_id: s for s in self.everyone}

    @property
    def requests_due(self) -> bool:
        """A 约稿 fell due in the period: its answered/missed columns say something."""
        return any(s.answered or s.missed for s in self.standings)

    @property
    def printed(self) -> bool:
        return self.zero_adoption is not None

    def total(self, name: str) -> int:
        """submitted, adopted, elsewhere or instructions in the period, each item once."""
        return self.totals.get(name, 0)

    @property
    def rate_text(self) -> str:
        submitted = self.total("submitted")
        return f"{self.total('adopted') / submitted * 100:.1f}%" if submitted else "—"

    def lists(self) -> list[tuple[str, list[Standing]]]:
        """The lists of the 通报 that apply to this period, by name."""
        found = []
        if self.not_submitted is not None:
            found.append(("未报送", self.not_submitted))
        if self.zero_adoption is not None and self.has_register:  # without a register it is always empty
            found.append(("零采用", self.zero_adoption))
        if self.has_requests:
            found.append(("未完成约稿", self.missed_requests))
        if self.last_place is not None:
            found.append(("连续末位", self.last_place))
        return found


def shared_ranks(scores: Mapping[str, float | Fraction | int]) -> dict[str, int]:
    """1 + the number of strictly better scores: equal scores share a rank (1, 2, 2, 4)."""
    first: dict[float | Fraction | int, int] = {}  # a score → how many scores are better (its first place, best first)
    for place, score in enumerate(sorted(scores.values(), reverse=True)):
        first.setdefault(score, place)
    return {key: 1 + first[score] for key, score in scores.items()}


def group_of(unit: Unit) -> str:
    return unit.group or NO_GROUP


def rank_period(lib: Library, period: Period, joined: dict | None = None,
                earlier: list[Ranking] | None = None, memo: Memo | None = None) -> Ranking:
    """The figures, ranks and lists of one period; ``earlier``: the rankings of the periods
    of the same kind before it, oldest first (for 连续末位). With ``memo`` (the build cache) a
    period whose inputs are unchanged is read back instead of counted (stats/ranking_cache.py)."""
    joined = counting_from(lib) if joined is None else joined
    ranking, digest = _remembered_base(lib, period, joined, memo)
    rules = lib.site.adoption
    last_place = None
    if rules.last_place:
        in_order = sorted(ranking.standings, key=lambda s: _unit_order(lib)[s.unit_id])
        last_place = _last_place(ranking, earlier or [], rules.last_place, in_order)
    # one copy with all this build adds (a dataclass copy per field cost 340 of them per build)
    return replace(ranking, adopted_items=adopted_between(lib, period.start, period.end), digest=digest,
                   last_place=last_place)


def _unit_order(lib: Library) -> dict[str, int]:
    return per_library(lib, "unit-order", lambda: {u.id: i for i, u in enumerate(lib.units)})


def _remembered_base(lib: Library, period: Period, joined: dict, memo: Memo | None) -> tuple[Ranking, str]:
    """The period's ranking without its adopted items and 连续末位, from the build cache when there
    is one, and what it was counted from (its ``digest``: the tokens of its pages are kept under
    it; "" without a build cache)."""
    if memo is None:
        return _base_ranking(lib, period, joined), ""
    key = period_digest(lib, period)
    found = memo.get(RANKING_SPACE, key)
    if isinstance(found, Ranking):
        return found, key
    ranking = _base_ranking(lib, period, joined)
    memo.put(RANKING_SPACE, key, ranking)
    return ranking, key


def _base_ranking(lib: Library, period: Period, joined: dict) -> Ranking:
    """Counted: figures, ranks and the lists but 连续末位; no adopted items (live objects)."""
    members = [u for u in lib.units if has_joined(joined[u.id], period)]
    # whole numbers: points are in 1/scale-ths of a point (adoption.point_scale), so ranks are exact
    scale = point_scale(lib)
    sums: dict[str, dict[str, int]] = {u.id: {} for u in lib.units}
    counts: dict[str, dict[str, int]] = {u.id: dict.fromkeys(KINDS, 0) for u in lib.units}
    for _day, unit_id, name, amount, kind, _request in events_between(lib, period.start, period.end):
        figures = sums[unit_id]
        figures[name] = figures.get(name, 0) + amount
        if name == ADOPTED and kind in KINDS:
            counts[unit_id][kind] += 1
    points = {u.id: sums[u.id].get(POINTS, 0) for u in members}
    overall = shared_ranks(points)
    in_group: dict[str, int] = {}
    for group in {group_of(u) for u in members}:
        in_group.update(shared_ranks({u.id: points[u.id] for u in members if group_of(u) == group}))
    rules = lib.site.adoption
    quota_applies = rules.quota_period == period.kind

    def standing(unit: Unit, status: str) -> Standing:
        figures = sums[unit.id]
        whole = figures.get
        return Standing(unit.id, unit.name, group_of(unit), status, whole(SUBMITTED, 0), whole(ADOPTED, 0),
                        whole(ELSEWHERE, 0), whole(INSTRUCTIONS, 0), _number(Fraction(whole(POINTS, 0), scale)),
                        whole(ANSWERED, 0), whole(MISSED, 0),
                        rules.quota.get(unit.type) if quota_applies and status == JOINED else None,
                        counts[unit.id], overall.get(unit.id), in_group.get(unit.id))

    order = _unit_order(lib)
    standings = sorted((standing(u, JOINED) for u in members),
                       key=lambda s: (s.rank, -s.adopted, -s.submitted, order[s.unit_id]))
    member_ids = {u.id for u in members}
    not_joined = [standing(u, NOT_JOINED) for u in lib.units if u.id not in member_ids]
    in_order = sorted(standings, key=lambda s: order[s.unit_id])
    return Ranking(
        period, standings, not_joined,
        not_submitted=[s for s in in_order if not s.submitted] if lib.has_register else None,
        zero_adoption=([s for s in in_order if s.submitted and not s.adopted]
                       if printed_between(lib, period.start, period.end) else None),
        missed_requests=[s for s in in_order if s.missed],
        last_place=None, has_register=lib.has_register,
        has_requests=bool(lib.site.requests), totals=_totals(lib, period),
        group_names=tuple(dict.fromkeys(group_of(u) for u in lib.units)))


def _totals(lib: Library, period: Period) -> dict[str, int]:
    """The period's items, each counted once however many units sent it jointly."""
    submitted = items_between(lib, "submitted", period.start, period.end)
    return {"submitted": len(submitted),
            "adopted": len(items_between(lib, "printed", period.start, period.end)),
            "elsewhere": sum(len(i.outlets) for i in submitted),
            "instructions": sum(len(i.instructions) for i in submitted)}


def last_in_group(ranking: Ranking) -> set[str]:
    """Units with the lowest points of their group (all tied for it), in groups of two or more."""
    last: set[str] = set()
    for _group, standings in ranking.groups:
        if len(standings) >= 2:
            lowest = min(s.points for s in standings)
            last |= {s.unit_id for s in standings if s.points == lowest}
    return last


def _last_place(ranking: Ranking, earlier: list[Ranking], run: int, in_order: list[Standing]) -> list[Standing]:
    """连续末位: the units last in their group in this period and the ``run - 1`` before it."""
    chain = ([*earlier, ranking])[-run:]
    if len(chain) < run:
        flagged: set[str] = set()
    else:
        flagged = set.intersection(*(last_in_group(r) for r in chain))
    return [s for s in in_order if s.unit_id in flagged]


def rankings(lib: Library, kind: str, memo: Memo | None = None) -> list[Ranking]:
    """The ranking of every period of ``kind``, oldest first (see ``rank_period`` for ``memo``)."""
    joined = counting_from(lib)
    result: list[Ranking] = []
    for period in periods(lib, kind):
        result.append(rank_period(lib, period, joined, result, memo))
    return result


def rank_history(all_rankings: list[Ranking], unit_id: str) -> list[tuple[Period, Standing]]:
    """One unit's standing in each period, oldest first."""
    return [(r.period, r.of(unit_id)) for r in all_rankings]


def _number(value: Fraction) -> float | int:
    """Exact points as the office shows them: whole numbers as such, shares to two decimals."""
    return int(value) if value.denominator == 1 else round(float(value), 2)
