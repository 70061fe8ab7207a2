"""A new issue's articles added to a segment's shard files (``updated_shard_scripts``): always
the bytes of assembling the segment afresh (``shard_scripts``), whatever the keys and their
places in the shards, and only the shards holding a new key rewritten."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from bulletin.bench.corpus import generate
from bulletin.search import shards
from bulletin.search.shards import (
    Keyed,
    char_keyed,
    key_hash,
    pair_keyed,
    shard_scripts,
    updated_shard_scripts,
)
from bulletin.search.terms import MAX_COUNT, TITLE_FLAG, SearchDocument, compact, extract_terms
from tests.test_incremental import ARTICLES, Workspace
from tests.test_search_incremental import built_with_segments

PREFIX = "index-b-000"
CAP = TITLE_FLAG | MAX_COUNT  # the largest weight: every weight bit set


def assembled(count: int, articles: Sequence[Keyed]) -> dict[str, bytes]:
    return shard_scripts(PREFIX, count, articles)


def assert_appended_equals_assembled(count: int, base: Sequence[Keyed], new: Sequence[Keyed]) -> None:
    """``new`` added after the articles of ``base``: the files of ``base + new`` afresh, and only
    the files holding a key of ``new`` rewritten."""
    files = assembled(count, base)
    remade = updated_shard_scripts(PREFIX, count, files, [(len(base) + i, None, keyed) for i, keyed in enumerate(new)])
    assert {**files, **remade} == assembled(count, [*base, *new])
    holding = {f"{PREFIX}-{key_hash(key) % count:03d}.js" for keys, _ in new for key in keys}
    assert set(remade) == holding


def article(*weighted: tuple[str, int]) -> Keyed:
    return [key for key, _ in weighted], bytes(weight for _, weight in weighted)


def test_keys_sorting_around_each_other_new_first_last_and_in_between() -> None:
    """One shard, so every key meets the others: new keys before the first old one, after the
    last, between two, and sharing prefixes with them; UTF-8 of one to four bytes (its byte
    order is the code point order that script() sorts by)."""
    base = [article(("b", 1), ("bd", 2), ("中国", 3)), article(("bd", 4), ("x9", CAP), ("\ue000", 5))]
    new = [article(("a", 1), ("b", CAP), ("bc", 2), ("bdz", 3), ("é", 4)),
           article(("𠀀", 6), ("中", 7), ("中国", 8), ("zz", 9), ("0", 10)),
           article(),  # an article without keys of this family
           article(("a", 2), ("\ue000", 1))]
    assert_appended_equals_assembled(1, base, new)


def test_shards_without_keys_and_a_segment_without_articles() -> None:
    base = [article(("学习", 3))]  # one key: all other shards are empty ({})
    assert_appended_equals_assembled(16, base, [article(("调研", 1), ("学习", 2), ("a", CAP)),
                                                article(("b", 4), ("c", 5))])
    assert_appended_equals_assembled(8, [], [article(("学习", 3), ("调研", 1))])


def test_deltas_cross_long_gaps_and_weights_at_the_cap() -> None:
    """A key last seen in the first article gets a posting a thousand articles later; the
    weights fill all their bits, so a delta borrowing from the weight would show."""
    base = [article(("远", CAP), ("近", CAP))] + [article(("近", CAP)) for _ in range(1020)]
    new = [article(("远", CAP), ("近", 1)), article(("近", CAP), ("远", CAP), ("新", CAP))]
    assert_appended_equals_assembled(4, base, new)


@pytest.mark.parametrize("seed", range(6))
def test_random_keys_and_weights(seed: int) -> None:
    chance = random.Random(seed)
    alphabet = "ab0z中国学习行动é\ue000𠀀"

    def random_article() -> Keyed:
        keys = {"".join(chance.choices(alphabet, k=chance.randint(1, 3))) for _ in range(chance.randint(0, 12))}
        return article(*((key, chance.randint(1, CAP)) for key in keys))

    base = [random_article() for _ in range(chance.randint(1, 60))]
    new = [random_article() for _ in range(chance.randint(1, 10))]
    assert_appended_equals_assembled(chance.choice((1, 2, 8, 32)), base, new)


@pytest.mark.parametrize(("family", "count"), [(pair_keyed, 16), (char_keyed, 8)])
def test_real_articles_appended_to_a_real_segment(tmp_path: Path, family: Callable[..., Keyed], count: int) -> None:
    corpus = generate(tmp_path / "corpus", 48)
    texts = sorted(p for p in (corpus.root / "issues").rglob("*.md") if p.name != "issue.md")
    docs = [compact(extract_terms(SearchDocument(p.stem, p.read_text(encoding="utf-8")))) for p in texts]
    keyed = [family(d) for d in docs]
    assert_appended_equals_assembled(count, keyed[:38], keyed[38:])


def test_keys_that_json_escapes() -> None:
    base = [article(("a", 1), ('q"uote', 2))]
    assert_appended_equals_assembled(1, base, [article(("a", 3))])
    assert_appended_equals_assembled(1, base, [article(("back\\slash", 3), ("new\nline", 4))])
    assert_appended_equals_assembled(2, [article(("a", 1))], [article(("tab\t", 3), ('"', CAP))])


@pytest.fixture
def growing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """One segment that keeps its shard counts from 60 to 96 articles: new issues add to it
    (docs chunks as large as the block: the unfinished block is not cut into smaller segments)."""
    monkeypatch.setattr(shards, "DOCS_PER_CHUNK", 128)
    return built_with_segments(tmp_path, monkeypatch, 128, 12, 24)


def test_new_issues_and_edits_in_turn_update_in_place_and_equal_a_clean_build(
        growing: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue after issue, and an edit between them, the segment's shards are updated (never
    assembled again); each build equals a clean one."""
    from bulletin.bench.corpus import issue_plan, next_issue, write_issue

    calls: list[str] = []
    for name in ("shard_scripts", "updated_shard_scripts"):
        monkeypatch.setattr(shards, name, _counted(calls, name, getattr(shards, name)))
    monkeypatch.setattr("bulletin.search.updated_shard_scripts", shards.updated_shard_scripts)
    articles = ARTICLES
    for step in ("issue", "issue", "edit", "issue"):
        calls.clear()
        if step == "edit":
            target = growing.articles()[-3]  # one of the last issue's
            target.write_text(target.read_text(encoding="utf-8") + "\n补充说明量子计算。\n", encoding="utf-8")
        else:
            write_issue(growing.content, next_issue(issue_plan(articles)))
            articles += 10
        growing.build()
        assert calls == ["updated_shard_scripts"] * 2
        growing.assert_same_as_clean()


def _counted(calls: list[str], name: str, function: Callable[..., object]) -> Callable[..., object]:
    def counted(*args: object, **kwargs: object) -> object:
        calls.append(name)
        return function(*args, **kwargs)
    return counted
