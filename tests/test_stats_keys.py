"""The statistics' cache keys: plain values hashed by marshal, a period's items hashed month by month."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bulletin.digest import plain_digest
from bulletin.stats.ranking_cache import _pieces


def test_equal_plain_values_give_equal_digests_however_they_are_shared() -> None:
    title = "".join(["玉东新区", "以行动学习破解难题"])  # a string made at run time, not a shared constant
    shared = [(title, 1), (title, 1)]
    apart = [("玉东新区以行动学习破解难题", 1), ("玉东新区以行动学习破解难题", 1)]
    assert plain_digest(shared, {"case": 2}) == plain_digest(apart, {"case": 2})


@pytest.mark.parametrize("other", [1.0, True, "1", (1,), None, 2])
def test_different_values_or_types_give_different_digests(other: object) -> None:
    assert plain_digest(1) != plain_digest(other)


def test_values_marshal_cannot_write_are_refused() -> None:
    with pytest.raises(ValueError):
        plain_digest(date(2011, 3, 1))


def test_a_period_is_cut_into_whole_months_and_its_partial_ends() -> None:
    assert _pieces(date(2011, 1, 1), date(2011, 3, 31)) == [
        (date(2011, 1, 1), date(2011, 1, 31)), (date(2011, 2, 1), date(2011, 2, 28)),
        (date(2011, 3, 1), date(2011, 3, 31))]
    assert _pieces(date(2010, 12, 15), date(2011, 2, 10)) == [
        (date(2010, 12, 15), date(2010, 12, 31)), (date(2011, 1, 1), date(2011, 1, 31)),
        (date(2011, 2, 1), date(2011, 2, 10))]
    assert _pieces(date(2011, 5, 3), date(2011, 5, 9)) == [(date(2011, 5, 3), date(2011, 5, 9))]
    assert _pieces(None, None) == [(None, None)]


def test_the_pieces_of_any_period_cover_it_exactly_each_within_one_month() -> None:
    first = date(2010, 1, 1)
    for offset in range(0, 800, 7):
        for length in (0, 1, 27, 28, 30, 31, 59, 90, 364, 400):
            start = first + timedelta(days=offset)
            end = start + timedelta(days=length)
            pieces = _pieces(start, end)
            assert pieces[0][0] == start and pieces[-1][1] == end
            for (_, before), (after, _) in zip(pieces, pieces[1:], strict=False):
                assert after == before + timedelta(days=1)
            assert all(a <= b and (a.year, a.month) == (b.year, b.month) for a, b in pieces)
