"""Each period's ranking kept in the build cache, keyed by what it was counted from.

A new issue adds events to its own month, quarter, year, stage and the whole campaign; the
other periods of a large campaign (170 of them over ten years) count exactly what they
counted before. Their rankings (figures, ranks, lists; not the adopted items, which are the
live objects of this build, nor 连续末位, which looks at the periods before) come back from
the cache under a key made of everything ``rankings.rank_period`` reads for the period:

- the campaign's context: site.yaml (rules, quotas, requests, series' points), the units in
  order, when each counts from, the common points denominator, whether there is a register,
  and every 约稿 event (answered or missed: they rest on items of other periods);
- the period itself (kind, key, label, start, end) and whether an issue was printed in it;
- every item submitted or printed in it, each with all it gives to a ranking, its page and its
  通报 (units, dates, kind, points, outlets, 批示, 退稿, the article and issue it appeared in).
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

from bulletin.cache.store import Memo
from bulletin.model.entities import Article, IssueKey
from bulletin.model.library import Library
from bulletin.render.inputs import fingerprint
from bulletin.stats.adoption import Item, item_span, items, items_between, point_scale, printed_between, request_events
from bulletin.stats.cache import memo_of, per_library
from bulletin.stats.inputs import Readings, readings
from bulletin.stats.periods import Period, counting_from

SPACE = "stats-rankings"
# Bump when rank_period starts reading something the key leaves out.
VERSION = 2  # 2: a period's items hashed month by month


def period_digest(lib: Library, period: Period) -> str:
    """The key of one period's ranking: a change of anything it is counted from changes it."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(_context(lib).encode())
    digest.update(repr((period, printed_between(lib, period.start, period.end))).encode("utf-8"))
    for name in ("submitted", "printed"):
        digest.update(f"\x1d{name}\x1d".encode())
        for start, end in _pieces(period.start, period.end):
            digest.update(_piece_digest(lib, name, start, end).encode())
    return digest.hexdigest()


def _pieces(start: date | None, end: date | None) -> list[tuple[date | None, date | None]]:
    """The period cut at the months' bounds: a year, a quarter and the whole campaign are made of
    whole months (hashed once per build, ``_month_digests``) and at most two partial ones."""
    if start is None or end is None or (start.year, start.month) == (end.year, end.month):
        return [(start, end)]
    first_whole = start if start.day == 1 else _next_month(start)
    following = _next_month(end)  # the whole months end before the month after ``end`` …
    last_whole = following if end == following - ONE_DAY else date(end.year, end.month, 1)  # … or before end's
    pieces: list[tuple[date | None, date | None]] = []
    if first_whole != start:
        pieces.append((start, first_whole - ONE_DAY))
    month = first_whole
    while month < last_whole:
        after = _next_month(month)
        pieces.append((month, after - ONE_DAY))
        month = after
    if last_whole <= end:
        pieces.append((last_whole, end))
    return pieces


ONE_DAY = timedelta(days=1)


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _piece_digest(lib: Library, name: str, start: date | None, end: date | None) -> str:
    """The items ``name`` (submitted or printed) from ``start`` to ``end``, hashed; a whole month's
    once per build (each is part of its month, quarter, year and the whole campaign)."""
    def make() -> str:
        low, high = item_span(lib, name, start, end)
        return hashlib.blake2b("\x1e".join(_full_tokens(lib, name)[low:high]).encode("utf-8"),
                               digest_size=16).hexdigest()
    if start is not None and end is not None and start.day == 1 and end + ONE_DAY == _next_month(start):
        return per_library(lib, f"ranking-month-{name}-{start}", make)
    return make()


def _context(lib: Library) -> str:
    def make() -> str:
        requests = request_events(lib)  # few: every 约稿 × unit
        return fingerprint(VERSION, repr(lib.site), [repr(u) for u in lib.units],
                           sorted(counting_from(lib).items()), point_scale(lib), lib.has_register, requests)
    return per_library(lib, "ranking-context", make)


def _full_tokens(lib: Library, name: str) -> list[str]:
    """The items' full tokens, in the order ``items_between(lib, name, …)`` slices them."""
    def make() -> list[str]:
        made = full_item_tokens(lib)  # an adopted item is in both lists: its token is made once
        return [made[id(i)] for i in items_between(lib, name, None, None)]
    return per_library(lib, f"ranking-item-tokens-{name}", make)


def full_item_tokens(lib: Library) -> dict[int, str]:
    """Every item's full token (``_full_token``: all it gives a ranking, its page and its 通报), by
    ``id``; made once per build, and with the build cache read back for the unchanged issues."""
    return per_library(lib, "ranking-item-tokens", lambda: _item_tokens(lib, memo_of(lib)))


TOKENS_SPACE = "stats-item-tokens"
ROWS = "rows"  # the group of the rows no article adopted (the others are issues' keys: hex digests)


def _item_tokens(lib: Library, memo: Memo | None) -> dict[int, str]:
    """Every item's full token by ``id``. With the build cache, the tokens of the items an issue's
    articles make are kept per issue, under what they are made of (``_issue_key``): a new issue
    makes the tokens of its own ten items, not of 10,000. Those of the rows no article adopted are
    kept by the row's key: such an item is its row alone, and the rows are in ``Readings.context``."""
    if memo is None:
        return {id(i): _full_token(lib, i) for i in items(lib)}
    read = readings(lib)
    found = memo.get(TOKENS_SPACE, f"{VERSION}|{read.context}")
    known: dict[str, dict[str, str]] = found if isinstance(found, dict) else {}
    now: dict[str, dict[str, str]] = {}  # the issues of this library only: deleted ones are not kept
    keys: dict[IssueKey, str] = {}
    tokens: dict[int, str] = {}
    changed = False
    rows = now[ROWS] = {}
    known_rows = known.get(ROWS, {})
    for item in items(lib):
        article = item.article
        if article is None:
            tokens[id(item)] = rows[item.key] = known_rows.get(item.key) or _full_token(lib, item)
            continue
        issue_key = keys.get(article.issue_key) or keys.setdefault(article.issue_key, _issue_key(lib, article, read))
        made = now.get(issue_key)
        if made is None:
            made = now[issue_key] = known.get(issue_key) or {}
        token = made.get(article.source)
        if token is None:
            token = made[article.source] = _full_token(lib, item)
            changed = True
        tokens[id(item)] = token
    if changed or now.keys() != known.keys() or rows.keys() != known_rows.keys():
        memo.put(TOKENS_SPACE, f"{VERSION}|{read.context}", now)
    return tokens


def _issue_key(lib: Library, article: Article, read: Readings) -> str:
    """What the items of an issue's articles are made of besides ``Readings.context`` (site.yaml's
    points, the units, the register's rows): its articles as the statistics read them (their rows
    by ``adopts``), and the issue's printing date and place (年, 期, 总期)."""
    issue = lib.issue_of(article)
    return fingerprint(read.issues[article.issue_key], issue.key, str(issue.date), issue.total)


def _full_token(lib: Library, item: Item) -> str:
    """All an item gives a ranking and its 通报 (``item_token``: what pages show; its points, outlets,
    批示, 约稿 and where it was printed), hashed short: periods hash each item five times over."""
    article = item.article
    issue = lib.issue_of(article) if article is not None else None
    where = "-" if issue is None or article is None else f"{issue.year}/{issue.number}/{issue.total}/{article.position}"
    points = item.here_points
    text = "\x1f".join((item_token(item), item.request, "\x1d".join(item.outlets), "\x1d".join(item.instructions),
                        f"{points.numerator}/{points.denominator}", where))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


def item_token(item: Item) -> str:
    """An item as pages show it: its title and units, dates, and the article it links to (its
    issue and file name) — joined into one string: a campaign's periods show 40,000 of them."""
    article = item.article
    link = ("-",) if article is None else (*map(str, article.issue_key), article.slug, article.title)
    return "\x1f".join((item.key, item.title, *item.unit_ids, str(item.submitted), str(item.printed), item.kind,
                        item.returned, *link))
