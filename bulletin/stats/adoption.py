"""Items (报送的信息) and the events they give each unit: what the rankings count.

Pure functions from the ``Library``. The rules are the contract's "How items are counted"
(docs/statistics.md explains them to the office):

- an item is a register row, or an article that matches no row; its units are the row's
  (or the article's); a joint item counts once for each of its units, and with
  ``joint: split`` its points are shared equally;
- 报送 counts on the item's 报送日期 (an article without a row: its date); a returned
  item (退稿) counts as submitted, never as adopted;
- 采用 counts on the printing date of the issue that carried it, with that issue's points
  for the article's kind (``article_points``: the one place that decides whether an
  article counts and for how much);
- 外部采用 and 批示 count on the 报送日期: the article's own where it gives them, else the row's;
- a 约稿 applies to the units it names (or all) that had joined by its due date; a unit
  answered it with an item naming it submitted on or before the due date, otherwise
  ``missed_request`` points count on the due date.

Points are exact fractions: a third of a joint item's points, three times over, is exactly one
(decimal or binary rounding would break ties); events carry them as whole multiples of one
common denominator (``point_scale``), so sums are plain integer additions. Each of these is an
``Event`` on a day for a unit; a period's figures are the sum of the events whose day falls in it (``bisect`` on the
sorted days, so many periods stay cheap).
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from operator import attrgetter, itemgetter
from typing import NamedTuple

from bulletin.model.entities import Article, Request, Submission
from bulletin.model.library import Library
from bulletin.stats.cache import per_library
from bulletin.stats.joining import counting_from


@dataclass(slots=True)  # not frozen: a campaign makes 20,000 of them per build, frozen ones cost twice
class Item:
    key: str
    title: str
    unit_ids: tuple[str, ...]
    submitted: date  # 报送日期
    kind: str
    request: str
    returned: str  # 退稿原因 ("" when not returned)
    outlets: tuple[str, ...]  # 外部采用
    instructions: tuple[str, ...]  # 批示
    article: Article | None  # the article of this bulletin that adopted it
    printed: date | None  # the printing date of that article's issue
    here_points: Fraction  # points for adoption here, the whole item's
    row: Submission | None

    @property
    def adopted(self) -> bool:
        return self.article is not None


# Event fields: the figures of a period are sums of these.
SUBMITTED, ADOPTED, ELSEWHERE, INSTRUCTIONS, ANSWERED, MISSED, POINTS = (
    "submitted", "adopted", "elsewhere", "instructions", "answered", "missed", "points")


class Event(NamedTuple):
    """One thing that counts for a unit on a day. ``amount`` is an integer: a count, or for
    ``points`` a number of ``point_scale(lib)``-ths of a point, so that sums stay exact
    (ties are never broken by rounding) without the cost of ``Fraction`` in the hot sums."""

    day: date
    unit_id: str
    field: str
    amount: int
    kind: str = ""  # the article kind, for 采用 by kind
    request: str = ""  # the 约稿, for answered/missed


def _exact(value: float) -> Fraction:
    """A points value of site.yaml as the office wrote it (0.1 is one tenth, not its binary neighbour)."""
    return Fraction(str(value))


def article_points(lib: Library, article: Article) -> Fraction | None:
    """Whether an article counts as adopted here, and its points (None: it counts for nobody).

    Drafts shown in a preview never count; nor do the articles of a series with ``adoption:
    false`` (the office's own reports). The points are those of the article's series."""
    series = article.issue.series
    if article.draft or not series.adoption:
        return None
    return _exact(series.scoring.get(article.kind, 1))


def items(lib: Library) -> list[Item]:
    return per_library(lib, "adoption-items", lambda: _items(lib))


def _items(lib: Library) -> list[Item]:
    # (series, kind, draft) → ``article_points``, all it reads: asked once, not per article
    known: dict[tuple[str, str, bool], Fraction | None] = {}
    counted: dict[str, Fraction] = {}  # the articles that count, by source
    for each in lib.articles:
        key = (each.issue.series.id, each.kind, each.draft)
        if key not in known:
            known[key] = article_points(lib, each)
        points = known[key]
        if points is not None:
            counted[each.source] = points
    adopting = {a.adopts: a for a in lib.articles if a.adopts and a.source in counted}
    found: list[Item] = []
    zero = Fraction(0)
    for row in lib.submissions:
        article = adopting.get(row.key)
        if article is None:
            found.append(Item(
                key=row.key, title=row.title, unit_ids=row.unit_ids, submitted=row.day, kind=row.kind,
                request=row.request, returned=row.returned, outlets=row.outlets, instructions=row.instructions,
                article=None, printed=None, here_points=zero, row=row))
            continue
        found.append(Item(
            key=row.key, title=row.title, unit_ids=row.unit_ids, submitted=row.day,
            kind=article.kind, request=row.request, returned=row.returned,
            outlets=tuple(article.adopted_elsewhere) if article.adopted_elsewhere else row.outlets,
            instructions=tuple(article.instructions) if article.instructions else row.instructions,
            article=article, printed=lib.issue_of(article).date, here_points=counted[article.source], row=row))
    for article in lib.articles:
        if article.source in counted and not article.adopts:
            found.append(Item(
                key=article.source, title=article.title, unit_ids=tuple(article.unit_ids), submitted=article.date,
                kind=article.kind, request="", returned="", outlets=tuple(article.adopted_elsewhere),
                instructions=tuple(article.instructions), article=article, printed=lib.issue_of(article).date,
                here_points=counted[article.source], row=None))
    return found


def events(lib: Library) -> list[Event]:
    """Every event of the campaign, sorted by day (the builds count periods from ``events_between``)."""
    return sorted((e for run in _runs(lib) for e in run.events), key=itemgetter(0))


def events_between(lib: Library, start: date | None, end: date | None) -> list[Event]:
    """The events whose day falls in the period (in no particular order: a period's figures are sums)."""
    found: list[Event] = []
    for run in _runs(lib):
        low, high = _span(run.days, start, end)
        found += run.events[low:high]
    return found


def request_events(lib: Library) -> list[Event]:
    """The 约稿 events (answered or missed, per unit), by due date."""
    return _runs(lib)[2].events


def point_scale(lib: Library) -> int:
    """The common denominator of every points amount: ``Event.amount`` of a ``points`` event is
    in units of 1/point_scale. It is the least common multiple of the denominators of the
    points site.yaml gives (per kind of every series, per outlet, per 批示, for a missed 约稿)
    times, with ``joint: split``, the least common multiple of the numbers of units of the items."""
    return per_library(lib, "point-scale", lambda: _point_scale(lib))


def _point_scale(lib: Library) -> int:
    rules = lib.site.adoption
    values = [*rules.outlets.values(), *rules.instructions.values(), rules.missed_request]
    values += [v for series in lib.series for v in series.scoring.values()]
    denominators = {_exact(v).denominator for v in values} | {1}
    denominators |= {item.here_points.denominator for item in items(lib)}  # kinds a series does not score: 1
    # a share of a value is value / units: the product of both multiples makes every share whole
    shares = {len(item.unit_ids) for item in items(lib)} if rules.joint == "split" else set()
    return math.lcm(*denominators) * math.lcm(1, *shares)


class _Run(NamedTuple):
    """Events of one kind of day (报送, printing, a 约稿's due date), sorted by it, with their days."""

    days: list[date]
    events: list[Event]


def _runs(lib: Library) -> tuple[_Run, _Run, _Run]:
    """The campaign's events in three runs, each already in order of its day: those on an item's
    报送日期 (from the items sorted by it, ``_by_day``), on its printing date, and the 约稿's. A period
    takes a slice of each; nothing sorts the 40,000 events of a large campaign as one list."""
    return per_library(lib, "adoption-event-runs", lambda: _make_runs(lib))


def _make_runs(lib: Library) -> tuple[_Run, _Run, _Run]:
    rules = lib.site.adoption
    scale = point_scale(lib)
    split = rules.joint == "split"
    outlet_points = {name: _exact(v) for name, v in rules.outlets.items()}
    instruction_points = {name: _exact(v) for name, v in rules.instructions.items()}
    zero = Fraction(0)
    # few distinct values: each multiplied once (keyed by whole numbers: a Fraction hashes in Python)
    scaled: dict[tuple[int, int, int], int] = {}

    def amount(value: Fraction, per_unit: int) -> int:
        key = (value.numerator, value.denominator, per_unit)
        found = scaled.get(key)
        if found is None:
            found = scaled[key] = _whole(value * per_unit)
        return found

    def per_unit(item: Item) -> int:
        # exact: ``scale`` is a multiple of every denominator, and of the number of units when split
        return scale // len(item.unit_ids) if split else scale

    submitted: list[Event] = []
    add = submitted.append
    for item in _by_day(lib, "submitted")[1]:
        share = per_unit(item)
        extra_amount = 0
        if item.outlets or item.instructions:
            extra = sum((outlet_points.get(o, zero) for o in item.outlets), zero) + sum(
                (instruction_points.get(i, zero) for i in item.instructions), zero)
            extra_amount = amount(extra, share)
        day = item.submitted
        for unit_id in item.unit_ids:
            add(Event(day, unit_id, SUBMITTED, 1))
            if item.outlets:
                add(Event(day, unit_id, ELSEWHERE, len(item.outlets)))
            if item.instructions:
                add(Event(day, unit_id, INSTRUCTIONS, len(item.instructions)))
            if extra_amount:
                add(Event(day, unit_id, POINTS, extra_amount))
    printed: list[Event] = []
    add = printed.append
    for item in _by_day(lib, "printed")[1]:
        here_amount = amount(item.here_points, per_unit(item))
        for unit_id in item.unit_ids:
            add(Event(item.printed, unit_id, ADOPTED, 1, item.kind))  # type: ignore[arg-type]
            add(Event(item.printed, unit_id, POINTS, here_amount))  # type: ignore[arg-type]
    requests = sorted(_request_events(lib, scale), key=itemgetter(0))
    return tuple(_Run([e.day for e in run], run) for run in (submitted, printed, requests))  # type: ignore[return-value]


def _whole(value: Fraction) -> int:
    if value.denominator != 1:  # point_scale is wrong: never round a share
        raise ArithmeticError(f"{value} is not a whole number of scaled points")
    return value.numerator


def _request_events(lib: Library, scale: int) -> list[Event]:
    joined = counting_from(lib)
    answers: dict[tuple[str, str], date] = {}  # (request, unit) → its earliest answer
    for item in items(lib):
        if item.request:
            for unit_id in item.unit_ids:
                key = (item.request, unit_id)
                answers[key] = min(item.submitted, answers.get(key, item.submitted))
    penalty = _whole(_exact(lib.site.adoption.missed_request) * scale)
    result = []
    for request in lib.site.requests:
        for unit_id in request_units(lib, request, joined):
            answered = answers.get((request.id, unit_id))
            if answered is not None and answered <= request.due:
                result.append(Event(request.due, unit_id, ANSWERED, 1, request=request.id))
            else:
                result.append(Event(request.due, unit_id, MISSED, 1, request=request.id))
                if penalty:
                    result.append(Event(request.due, unit_id, POINTS, penalty, request=request.id))
    return result


def request_units(lib: Library, request: Request, joined: dict[str, date | None]) -> list[str]:
    """The units a 约稿 applies to: those it names (or all) that had joined by its due date."""
    named = set(request.unit_ids) if request.unit_ids is not None else None
    return [u.id for u in lib.units if (named is None or u.id in named)
            and ((since := joined[u.id]) is None or since <= request.due)]


def _by_day(lib: Library, name: str) -> tuple[list[date], list[Item]]:
    """Items sorted by their 报送日期 (``submitted``) or printing date (``printed``), with the days."""
    def make() -> tuple[list[date], list[Item]]:
        day = attrgetter(name)
        # stable: items of one day stay in the order of ``items``
        dated = sorted((i for i in items(lib) if day(i) is not None), key=day)
        return [day(i) for i in dated], dated
    return per_library(lib, f"items-by-{name}", make)


def items_between(lib: Library, name: str, start: date | None, end: date | None) -> list[Item]:
    """The items submitted (``name="submitted"``) or printed (``"printed"``) in a period, found by bisection."""
    low, high = item_span(lib, name, start, end)
    return _by_day(lib, name)[1][low:high]


def item_span(lib: Library, name: str, start: date | None, end: date | None) -> tuple[int, int]:
    """Where ``items_between(lib, name, start, end)`` lies in the whole campaign's list."""
    return _span(_by_day(lib, name)[0], start, end)


def _span(days: list[date], start: date | None, end: date | None) -> tuple[int, int]:
    """The slice of the sorted ``days`` from ``start`` to ``end`` (None: open)."""
    low = 0 if start is None else bisect_left(days, start)
    high = len(days) if end is None else bisect_right(days, end)
    return low, high


def adopted_between(lib: Library, start: date | None, end: date | None) -> list[Item]:
    """The items printed in a period in the order the 通报's annex lists them: by printing day,
    issue and place in it. The whole campaign is sorted once; a period is a slice of it (the
    sort is stable and its first key is the day, so a slice equals sorting the period alone)."""
    def make() -> tuple[list[date], list[Item]]:
        _days, found = _by_day(lib, "printed")
        ordered = sorted(found, key=lambda i: (i.printed, i.article.issue_key if i.article else (0, 0),
                                               i.article.position if i.article else 0))
        return [i.printed for i in ordered], ordered  # type: ignore[misc]
    days, ordered = per_library(lib, "items-adopted-in-order", make)
    low, high = _span(days, start, end)
    return ordered[low:high]


def activity_days(lib: Library) -> list[date]:
    """The first and the last day something counted happened: 报送, printing and due dates (the
    campaign's span)."""
    ends = [day for run in _runs(lib) if run.days for day in (run.days[0], run.days[-1])]
    return [min(ends), max(ends)] if ends else []


def printed_between(lib: Library, start: date | None, end: date | None) -> bool:
    """Whether an issue was printed in the period (else it has no 零采用 list)."""
    days = per_library(lib, "issue-days", lambda: sorted(i.date for i in lib.issues))
    low = 0 if start is None else bisect_left(days, start)  # the first issue printed on or after the start
    return low < len(days) and (end is None or days[low] <= end)
