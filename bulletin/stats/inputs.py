"""What the statistics read, as one fingerprint (see render/inputs.py): the
statistics pages, files and the unit pages' charts are remade only when it changes."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter

from bulletin.cache.store import Memo
from bulletin.digest import plain_digest
from bulletin.model.entities import Article, IssueKey
from bulletin.model.library import Library
from bulletin.render.inputs import fingerprint
from bulletin.stats.cache import memo_of, per_library
from bulletin.stats.periods import Period

SPACE = "stats-inputs"
# Bump when the statistics start reading another field of an article.
VERSION = 1

# What the statistics read of a register row (its day apart: an ordinal is cheaper to write out).
_ROW_FIELDS = attrgetter("key", "id", "unit_ids", "title", "kind", "request", "outlets", "instructions", "returned",
                         "source", "row")


def statistics_inputs(lib: Library) -> str:
    """site.yaml, the units, the register, the issues' printing dates and each article's units,
    kind, date, title, place, metrics and adoption — not its text, so correcting a sentence
    leaves the statistics alone."""
    return per_library(lib, "inputs", lambda: _statistics_inputs(lib))


@dataclass(frozen=True)
class Readings:
    """What the statistics read, in parts: ``context`` (site.yaml, the units, the register) and,
    per issue, a hash of its articles as the statistics read them (stats/ranking_cache.py keeps
    what it makes of an issue's articles under it)."""

    context: str
    runs: list[str]  # per run of one issue's articles, in the library's order
    issues: dict[IssueKey, str]  # the same by issue (its runs' hashes together)


def readings(lib: Library) -> Readings:
    return per_library(lib, "readings", lambda: _readings(lib))


def _readings(lib: Library) -> Readings:
    context = fingerprint(repr(lib.site), [repr(u) for u in lib.units], lib.has_register, _register_digest(lib))
    runs = _by_issue(lib.articles)
    digests = _remembered_issue_digests(memo_of(lib), context, runs)
    issues: dict[IssueKey, str] = {}
    for run, digest in zip(runs, digests, strict=True):
        key = run[0].issue_key
        issues[key] = digest if key not in issues else fingerprint(issues[key], digest)
    return Readings(context, digests, issues)


def _statistics_inputs(lib: Library) -> str:
    read = readings(lib)
    return fingerprint(read.context, [(i.key, i.date) for i in lib.issues], read.runs)


def _register_digest(lib: Library) -> str:
    rows = lib.submissions
    # marshalled, not repr'd (bulletin/digest.py): 10,000 rows on every build that plans the statistics
    return plain_digest([_ROW_FIELDS(s) for s in rows], [s.day.toordinal() for s in rows])


def _by_issue(articles: list[Article]) -> list[list[Article]]:
    """The articles in order, in runs of one issue each."""
    return [list(run) for _, run in groupby(articles, key=attrgetter("issue_key"))]


def _remembered_issue_digests(memo: Memo | None, context: str, runs: list[list[Article]]) -> list[str]:
    """Each issue's articles as the statistics read them, hashed; from the build cache for an issue
    whose files and place are as they were (the whole reading rests on them and on ``context``):
    correcting a sentence reads the fields of one issue's articles, not of 10,000."""
    if memo is None:
        return [_articles_digest(run) for run in runs]
    found = memo.get(SPACE, f"{VERSION}|{context}")
    known: dict[str, str] = found if isinstance(found, dict) else {}
    signatures = [_signature(run) for run in runs]
    digests = [known.get(sig) or _articles_digest(run) for sig, run in zip(signatures, runs, strict=True)]
    now = dict(zip(signatures, digests, strict=True))
    if now != known:
        memo.put(SPACE, f"{VERSION}|{context}", now)
    return digests


def _signature(run: list[Article]) -> str:
    """What one issue's articles are made from: their files (content digests), their issue's file,
    key and date (an article's date defaults to it), their places and the rows they adopt (found
    by matching against the whole register)."""
    issue = run[0].issue
    text = "\x1e".join(f"{a.source}\x1f{a.digest}\x1f{a.position}\x1f{a.adopts}" for a in run)
    head = f"{issue.source}\x1f{issue.digest}\x1f{issue.key}\x1f{issue.date}\x1d"
    return hashlib.blake2b((head + text).encode("utf-8"), digest_size=16).hexdigest()


def _articles_digest(run: Iterable[Article]) -> str:
    return fingerprint([(a.source, a.title, a.kind, a.date, a.issue_key, a.position, a.unit_ids, a.metrics, a.draft,
                         a.adopts, a.adopted_elsewhere, a.instructions) for a in run])


def period_inputs(lib: Library, period: Period, previous: Period | None, following: Period | None,
                  kinds: list[str]) -> str:
    """What one period's ranking page shows: its figures and lists, which rest on everything the
    statistics read (an item submitted in one period is adopted in another, 连续末位 looks back),
    its neighbours and the statistics menu (``kinds``). A sentence corrected in an article
    changes none of it."""
    return fingerprint(statistics_inputs(lib), repr(period), repr(previous), repr(following), kinds)
