"""Fingerprints of what each statistics page shows, figure by figure.

A new issue, or an edit of the register, changes ``statistics_inputs`` (stats/inputs.py) and so
every figure *could* have changed; in fact only some periods' figures did (the new issue's
month, quarter, year and stage, the whole campaign), and the other pages would be rendered to
the same bytes. These tokens are made from the figures themselves — a period's ranking, its
lists and the articles it links to, its 通报, a unit's standings and charts — so that a page is
rendered again only when what it shows changed. They cost the whole computation of the
statistics, so they are kept in the build cache under ``statistics_inputs``: a build that
leaves the statistics' inputs alone reads them back instead.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from bulletin.cache.store import Memo
from bulletin.digest import plain_digest
from bulletin.model.entities import Unit
from bulletin.model.library import Library
from bulletin.render.inputs import fingerprint
from bulletin.stats.adoption import Item
from bulletin.stats.cache import memo_of, per_library, remember
from bulletin.stats.inputs import statistics_inputs
from bulletin.stats.notice import NoticeContent
from bulletin.stats.periods import SPAN, Period, campaign_span
from bulletin.stats.ranking_cache import full_item_tokens, item_token
from bulletin.stats.rankings import Ranking, Standing

SPACE = "stats-tokens"
PERIOD_SPACE = "stats-period-tokens"  # one period's, by what its ranking was counted from
# Bump when a template starts showing something these tokens leave out.
VERSION = 4  # 2: the campaign's span kept with the tokens; 3: a period's kept on its own; 4: the charts'



def period_key(period: Period) -> str:
    return f"period:{period.kind}:{period.key}"


def notice_key(period: Period) -> str:
    return f"notice:{period.kind}:{period.key}"


def unit_key(unit: Unit) -> str:
    return f"unit:{unit.id}"


CHART = "chart:"


def chart_key(chart_id: str) -> str:
    return CHART + chart_id


def remembered_tokens(lib: Library, memo: Memo | None, compute: Callable[[], dict[str, str]]) -> dict[str, str]:
    """The tokens of this library's statistics, from the build cache when its inputs are
    unchanged; the campaign's span (which periods there are) is kept with them."""
    def make() -> dict[str, str]:
        key = f"{VERSION}|{statistics_inputs(lib)}"
        found = memo.get(SPACE, key) if memo is not None else None
        if isinstance(found, tuple) and len(found) == 2:
            tokens, span = found
            remember(lib, SPAN, span)
            return tokens
        tokens = compute()
        if memo is not None:
            memo.put(SPACE, key, (tokens, campaign_span(lib)))
        return tokens
    return per_library(lib, "figure-tokens", make)


def figure_tokens(lib: Library, kinds: list[str], notice_kinds: tuple[str, ...], frame: str,
                  notice: Callable[[Ranking], NoticeContent]) -> dict[str, str]:
    """Per period page, per 通报 page and per unit: a hash of the figures it shows. ``frame`` is
    what every statistics page shows besides (the statistics menu, the CSV files, the units)."""
    # The figures are imported here, not above: an edit that leaves the statistics alone takes
    # these tokens from the build cache and never needs them (stats/pages.py).
    from bulletin.stats.campaign import campaign_stats
    from bulletin.stats.charts import all_charts
    stats = campaign_stats(lib)
    tokens: dict[str, str] = {}
    # An adopted item as a period shows it: its full token (all a ranking counts of it, what the page
    # shows included), made once per build for the rankings' keys and read back for unchanged issues.
    full = full_item_tokens(lib)

    def items(item: Item) -> str:
        return full[id(item)]

    memo = memo_of(lib)
    for kind in kinds:
        rankings = stats.rankings[kind]
        for i, ranking in enumerate(rankings):
            previous = rankings[i - 1].period if i > 0 else None
            following = rankings[i + 1].period if i + 1 < len(rankings) else None
            shown, notice_shown = _remembered_period_tokens(
                memo, ranking, kind in notice_kinds, partial(ranking_token, ranking, items),
                partial(_notice_token, notice, ranking))
            tokens[period_key(ranking.period)] = fingerprint(frame, kind, shown, _link(previous), _link(following))
            if notice_shown is not None:
                tokens[notice_key(ranking.period)] = fingerprint(frame, kind, shown, notice_shown)
    for unit in lib.units:
        tokens[unit_key(unit)] = fingerprint(frame, unit_token(lib, unit))
    for chart in all_charts(lib).values():
        tokens[chart_key(chart.id)] = chart.token
    return tokens


def _link(period: Period | None) -> tuple[str, str, str] | None:
    """What a period page shows of its neighbours: a link and its label. (Not their days: the last
    stage ends on the campaign's last day, which every new issue moves, and the stage before it
    would be drawn again for nothing.)"""
    return None if period is None else (period.kind, period.key, period.label)


def _notice_token(notice: Callable[[Ranking], NoticeContent], ranking: Ranking) -> str:
    return fingerprint(repr(notice(ranking)))


def _remembered_period_tokens(memo: Memo | None, ranking: Ranking, with_notice: bool, shown: Callable[[], str],
                              notice: Callable[[], str]) -> tuple[str, str | None]:
    """A period's ranking section and its 通报 as tokens: from the build cache when the ranking
    was (``Ranking.digest``: what it was counted from; with 连续末位, found after it)."""
    def make() -> tuple[str, str | None]:
        return shown(), notice() if with_notice else None
    if memo is None or not ranking.made_from:
        return make()
    key = f"{VERSION}|{ranking.made_from}|{with_notice}"
    found = memo.get(PERIOD_SPACE, key)
    if isinstance(found, tuple) and len(found) == 2:
        return found
    made = make()
    memo.put(PERIOD_SPACE, key, made)
    return made


def _period(period: Period) -> tuple:
    """A period's every field (plain values), as ``_figures``."""
    return (period.kind, period.key, period.label, str(period.start), str(period.end))


def _figures(standing: Standing) -> tuple:
    """A standing's every field (plain values): cheaper to hash than the dataclass's own repr."""
    return tuple(vars(standing).values())


def ranking_token(ranking: Ranking, items: Callable[[Item], str] = item_token) -> str:
    """Everything a ranking section shows: standings, lists (by unit: the standings are in
    already), totals and the items adopted."""
    def ids(standings: list[Standing] | None) -> list[str] | None:
        return None if standings is None else [s.unit_id for s in standings]

    return fingerprint(ranking.period, [_figures(s) for s in ranking.standings],
                       [_figures(s) for s in ranking.not_joined], ids(ranking.not_submitted),
                       ids(ranking.zero_adoption), ids(ranking.missed_requests), ids(ranking.last_place),
                       "\x1e".join(items(i) for i in ranking.adopted_items), ranking.has_register,
                       ranking.has_requests, ranking.totals, ranking.group_names)


def _period_fields(lib: Library, kind: str) -> list[tuple]:
    """``_period`` of each period of ``kind``, in the order of a unit's rank history: once, not per unit."""
    from bulletin.stats.campaign import campaign_stats
    return per_library(lib, f"period-fields:{kind}",
                       lambda: [_period(r.period) for r in campaign_stats(lib).rankings[kind]])


def unit_token(lib: Library, unit: Unit) -> str:
    """What a unit page shows of the statistics (stats/unit_charts.html, stats/unit_history.html)."""
    from bulletin.stats.unit import unit_stats
    shown = unit_stats(lib, unit)
    # marshalled, not repr'd (bulletin/digest.py): 40 units × 170 periods of standings per build
    return plain_digest(str(shown.counting_from), _figures(shown.overall), [f.chart.token for f in shown.figures],
                        [(h.kind, h.label, list(zip(_period_fields(lib, h.kind), [_figures(s) for _, s in h.rows],
                                                    strict=True))) for h in shown.history],
                        shown.has_register, [c.token for c in shown.charts],
                        "\x1e".join(item_token(i) for i in shown.submitted_titles))
