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
(decimal or binary rounding would break ties). Each of these is an ``Event`` on a day for a
unit; a period's figures are the sum of the events whose day falls in it (``bisect`` on the
sorted days, so many periods stay cheap).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from bulletin.model.entities import Article, Request, Submission
from bulletin.model.library import Library
from bulletin.stats.cache import per_library
from bulletin.stats.joining import counting_from


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Event:
    day: date
    unit_id: str
    field: str
    amount: Fraction
    kind: str = ""  # the article kind, for 采用 by kind
    request: str = ""  # the 约稿, for answered/missed


def article_points(lib: Library, article: Article) -> Fraction | None:
    """Whether an article counts as adopted here, and its points (None: it counts for nothing).

    Drafts shown in a preview never count; nor do the articles of a series with ``adoption:
    false`` (the office's own reports). The points are those of the article's series."""
    series = article.issue.series
    if article.draft or not series.adoption:
        return None
    return Fraction(str(series.scoring.get(article.kind, 1)))


def items(lib: Library) -> list[Item]:
    return per_library(lib, "adoption-items", lambda: _items(lib))


def _items(lib: Library) -> list[Item]:
    counted = {a.source: points for a in lib.articles if (points := article_points(lib, a)) is not None}
    adopting = {a.adopts: a for a in lib.articles if a.adopts and a.source in counted}
    found: list[Item] = []
    for row in lib.submissions:
        article = adopting.get(row.key)
        found.append(Item(
            key=row.key, title=row.title, unit_ids=row.unit_ids, submitted=row.day,
            kind=article.kind if article else row.kind, request=row.request, returned=row.returned,
            outlets=tuple(article.adopted_elsewhere) if article and article.adopted_elsewhere else row.outlets,
            instructions=tuple(article.instructions) if article and article.instructions else row.instructions,
            article=article, printed=lib.issue_of(article).date if article else None,
            here_points=counted[article.source] if article else Fraction(0), row=row))
    for article in lib.articles:
        if article.source in counted and not article.adopts:
            found.append(Item(
                key=article.source, title=article.title, unit_ids=tuple(article.unit_ids), submitted=article.date,
                kind=article.kind, request="", returned="", outlets=tuple(article.adopted_elsewhere),
                instructions=tuple(article.instructions), article=article, printed=lib.issue_of(article).date,
                here_points=counted[article.source], row=None))
    return found


def events(lib: Library) -> list[Event]:
    """Every event of the campaign, sorted by day."""
    return per_library(lib, "adoption-events", lambda: sorted(_events(lib), key=lambda e: e.day))


def event_days(lib: Library) -> list[date]:
    return per_library(lib, "adoption-event-days", lambda: [e.day for e in events(lib)])


def events_between(lib: Library, start: date | None, end: date | None) -> list[Event]:
    days, all_events = event_days(lib), events(lib)
    low = 0 if start is None else bisect_left(days, start)
    high = len(days) if end is None else bisect_right(days, end)
    return all_events[low:high]


def _events(lib: Library) -> list[Event]:
    rules = lib.site.adoption
    one = Fraction(1)
    result: list[Event] = []
    for item in items(lib):
        share = one / len(item.unit_ids) if rules.joint == "split" else one
        elsewhere = sum((Fraction(str(rules.outlets.get(o, 0))) for o in item.outlets), Fraction(0))
        instructed = sum((Fraction(str(rules.instructions.get(i, 0))) for i in item.instructions), Fraction(0))
        for unit_id in item.unit_ids:
            result.append(Event(item.submitted, unit_id, SUBMITTED, one))
            if item.outlets:
                result.append(Event(item.submitted, unit_id, ELSEWHERE, Fraction(len(item.outlets))))
            if item.instructions:
                result.append(Event(item.submitted, unit_id, INSTRUCTIONS, Fraction(len(item.instructions))))
            if elsewhere + instructed:
                result.append(Event(item.submitted, unit_id, POINTS, (elsewhere + instructed) * share))
            if item.printed is not None:
                result.append(Event(item.printed, unit_id, ADOPTED, one, kind=item.kind))
                result.append(Event(item.printed, unit_id, POINTS, item.here_points * share))
    result += _request_events(lib)
    return result


def _request_events(lib: Library) -> list[Event]:
    joined = counting_from(lib)
    answers: dict[tuple[str, str], date] = {}  # (request, unit) → its earliest answer
    for item in items(lib):
        if item.request:
            for unit_id in item.unit_ids:
                key = (item.request, unit_id)
                answers[key] = min(item.submitted, answers.get(key, item.submitted))
    penalty = Fraction(str(lib.site.adoption.missed_request))
    result = []
    for request in lib.site.requests:
        for unit_id in request_units(lib, request, joined):
            answered = answers.get((request.id, unit_id))
            if answered is not None and answered <= request.due:
                result.append(Event(request.due, unit_id, ANSWERED, Fraction(1), request=request.id))
            else:
                result.append(Event(request.due, unit_id, MISSED, Fraction(1), request=request.id))
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
        dated = sorted(((getattr(i, name), n, i) for n, i in enumerate(items(lib)) if getattr(i, name) is not None),
                       key=lambda t: (t[0], t[1]))
        return [d for d, _, _ in dated], [i for _, _, i in dated]
    return per_library(lib, f"items-by-{name}", make)


def items_between(lib: Library, name: str, start: date | None, end: date | None) -> list[Item]:
    """The items submitted (``name="submitted"``) or printed (``"printed"``) in a period, found by bisection."""
    days, found = _by_day(lib, name)
    low = 0 if start is None else bisect_left(days, start)
    high = len(days) if end is None else bisect_right(days, end)
    return found[low:high]


def activity_days(lib: Library) -> list[date]:
    """Every day something counted happened: 报送, printing and due dates (the campaign's span)."""
    days = event_days(lib)
    return [days[0], days[-1]] if days else []


def printed_between(lib: Library, start: date | None, end: date | None) -> bool:
    """Whether an issue was printed in the period (else it has no 零采用 list)."""
    return any((start is None or start <= i.date) and (end is None or i.date <= end) for i in lib.issues)
