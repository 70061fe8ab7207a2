"""The search index rebuilt incrementally: one segment at a time, always the bytes of a clean build.

Small segments (16 articles) split the 60-article workspace of
tests/test_incremental.py into four, so each change below must leave the
other segments' files untouched and still equal a clean build.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from bulletin.bench.corpus import issue_plan, next_issue, write_issue
from bulletin.cache.store import DATABASE
from bulletin.search import ASSEMBLED, shards
from tests.test_incremental import ARTICLES, Workspace, built_workspace, mtimes


def built_with_segments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int, per_pair_shard: int,
                        per_char_shard: int) -> Workspace:
    """The example workspace built with small search segments and shards (many files to compare)."""
    monkeypatch.setattr(shards, "SEGMENT_SIZE", size)
    monkeypatch.setattr(shards, "ARTICLES_PER_PAIR_SHARD", per_pair_shard)
    monkeypatch.setattr(shards, "ARTICLES_PER_CHAR_SHARD", per_char_shard)
    return built_workspace(tmp_path)


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    return built_with_segments(tmp_path, monkeypatch, 16, 2, 4)


def search_changes(ws: Workspace, before: dict[str, int]) -> set[str]:
    """Search files written, or removed, since ``before``."""
    after = mtimes(ws.out)
    return {path for path in set(after) | set(before)
            if path.startswith("search/") and after.get(path) != before.get(path)}


def segment_files(ws: Workspace, segment: int) -> set[str]:
    return {f"search/{p.name}" for p in (ws.out / "search").glob(f"index-?-{segment:03d}-*.js")}


def test_edit_rewrites_only_its_segment(ws: Workspace) -> None:
    target = ws.articles()[20]  # article 20 by number: the second segment
    before = mtimes(ws.out)
    target.write_text(target.read_text(encoding="utf-8") + "\n补充一段新的情况说明：量子计算。\n", encoding="utf-8")
    ws.build()
    ws.assert_same_as_clean()
    changed = search_changes(ws, before)
    assert changed and changed <= segment_files(ws, 1) | {"search/docs-001.js"}
    assert "search/meta.js" not in changed


def test_new_issue_touches_only_the_last_segment_and_meta(ws: Workspace) -> None:
    before = mtimes(ws.out)
    write_issue(ws.content, next_issue(issue_plan(ARTICLES)))
    ws.build()
    ws.assert_same_as_clean()
    changed = search_changes(ws, before)
    assert "search/meta.js" in changed
    assert not changed & (segment_files(ws, 0) | segment_files(ws, 1) | segment_files(ws, 2))


def test_deleting_an_early_article_renumbers_later_segments(ws: Workspace) -> None:
    ws.articles()[3].unlink()
    ws.build()
    ws.assert_same_as_clean()


def test_edits_in_two_segments_in_turn_reuse_the_cached_terms(ws: Workspace) -> None:
    for number in (5, 40, 5):
        target = ws.articles()[number]
        target.write_text(target.read_text(encoding="utf-8") + f"\n第{number}篇补记。\n", encoding="utf-8")
        ws.build()
        ws.assert_same_as_clean()


def test_removed_segments_disappear(ws: Workspace) -> None:
    assert segment_files(ws, 3)
    issues = sorted(p.parent for p in (ws.content / "issues").rglob("issue.md"))
    while sum(1 for folder in issues for p in folder.glob("*.md") if p.name != "issue.md") > 48:
        shutil.rmtree(issues.pop())
    ws.build()
    ws.assert_same_as_clean()
    assert not segment_files(ws, 3)


def test_workers_make_the_segments_and_give_the_same_bytes(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a low threshold every segment is tokenised and assembled by forked workers, a few ahead."""
    import bulletin.search
    from bulletin.markdown import parallel
    from bulletin.search import workers

    submitted: list[int] = []
    submit = workers.SegmentWorkers.submit

    def counted(self: workers.SegmentWorkers, number: int, *args: object) -> object:
        submitted.append(number)
        return submit(self, number, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "default_jobs", lambda: 2)
    monkeypatch.setattr(workers.SegmentWorkers, "submit", counted)
    monkeypatch.setattr(bulletin.search, "POOL_THRESHOLD", 4)
    shutil.rmtree(ws.cache)
    shutil.rmtree(ws.out)
    ws.build()
    assert sorted(submitted) == [0, 1, 2, 3]  # every segment made by a worker
    assert workers._job is None  # the pool was shut down after the last segment
    monkeypatch.setattr(bulletin.search, "POOL_THRESHOLD", 10**9)
    ws.assert_same_as_clean()


def test_a_cold_build_starts_the_segments_before_making_any_file(ws: Workspace,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The workers tokenise while the main process makes the groups before the index (feeds,
    statistics); an incremental build looks nothing up ahead."""
    import bulletin.search
    from bulletin.markdown import parallel
    from bulletin.render import incremental
    from bulletin.search import workers

    events: list[str] = []
    submit = workers.SegmentWorkers.submit
    make_groups = incremental._make_groups

    def counted(self: workers.SegmentWorkers, number: int, *args: object) -> object:
        events.append(f"submit {number}")
        return submit(self, number, *args)  # type: ignore[arg-type]

    def recorded(plan, *args, **kwargs):  # type: ignore[no-untyped-def]
        for group in plan.generated:
            group.make = lambda memo, make=group.make, name=group.name: events.append(name) or make(memo)
        return make_groups(plan, *args, **kwargs)

    monkeypatch.setattr(parallel, "default_jobs", lambda: 2)
    monkeypatch.setattr(workers.SegmentWorkers, "submit", counted)
    monkeypatch.setattr(incremental, "_make_groups", recorded)
    monkeypatch.setattr(bulletin.search, "POOL_THRESHOLD", 4)
    shutil.rmtree(ws.cache)
    shutil.rmtree(ws.out)
    ws.build()
    assert events[:4] == ["submit 0", "submit 1", "submit 2", "submit 3"]
    assert sorted(e for e in events if e.startswith("submit")) == ["submit 0", "submit 1", "submit 2", "submit 3"]
    events.clear()
    target = ws.articles()[2]
    target.write_text(target.read_text(encoding="utf-8") + "\n补充一段。\n", encoding="utf-8")
    ws.build()
    assert not [e for e in events if e.startswith("submit")]
    monkeypatch.setattr(bulletin.search, "POOL_THRESHOLD", 10**9)
    ws.assert_same_as_clean()


def counted_assembly(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Prefixes of the shard families assembled afresh from every article of a segment."""
    assembled: list[str] = []
    whole = shards.shard_scripts

    def counted(prefix: str, *args: object) -> dict[str, bytes]:
        assembled.append(prefix)
        return whole(prefix, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(shards, "shard_scripts", counted)
    return assembled


def test_an_edit_updates_its_segment_without_assembling_it_again(ws: Workspace,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    assembled = counted_assembly(monkeypatch)
    for number, addition in ((20, "补充一段新的情况说明：量子计算。"), (20, "再补一句。"), (5, "第三次修改。")):
        target = ws.articles()[number]
        before = mtimes(ws.out)
        target.write_text(target.read_text(encoding="utf-8") + f"\n{addition}\n", encoding="utf-8")
        assembled.clear()  # of the last clean build
        ws.build()
        segment = number // shards.SEGMENT_SIZE
        changed = search_changes(ws, before)
        assert changed and changed <= segment_files(ws, segment) | {f"search/docs-{number // 16:03d}.js"}
        assert len(changed & segment_files(ws, segment)) < len(segment_files(ws, segment))  # a few shards only
        assert assembled == []
        ws.assert_same_as_clean()


def test_renamed_units_and_retitled_articles_reach_the_updated_shards(ws: Workspace,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A unit's name is indexed with each of its articles: renaming it changes many articles of
    every segment at once, as an article's new title changes its own postings."""
    assembled = counted_assembly(monkeypatch)
    units = ws.content / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8").replace("东湖县", "东湖新区"), encoding="utf-8")
    ws.build()
    assert assembled == []
    ws.assert_same_as_clean()
    target = ws.articles()[33]
    text = target.read_text(encoding="utf-8")
    target.write_text(re.sub(r"(?m)^title: .*$", "title: 量子通信试点的新标题", text, count=1), encoding="utf-8")
    ws.build()
    ws.assert_same_as_clean()


def test_the_last_articles_removed_shrink_the_last_segment(ws: Workspace) -> None:
    for path in ws.articles()[-2:]:
        path.unlink()
    ws.build()
    ws.assert_same_as_clean()


def test_a_base_whose_entries_the_cache_lost_is_not_used(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the entries it was assembled from, the last assembly cannot be updated: the
    segment is assembled afresh from its articles."""
    with sqlite3.connect(ws.cache / DATABASE) as db:
        db.execute("DELETE FROM entries WHERE space = 'search/segment-001' AND key != ?", (f"{ASSEMBLED}-0",))
    target = ws.articles()[20]
    target.write_text(target.read_text(encoding="utf-8") + "\n补记一句。\n", encoding="utf-8")
    assembled = counted_assembly(monkeypatch)
    ws.build()
    assert assembled == ["index-b-001", "index-c-001"]
    ws.assert_same_as_clean()


def test_docs_chunks_remade_alone_keep_their_segments_in_the_cache(ws: Workspace,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A second series makes every result name its series (the docs chunks) but leaves the
    index alone: the chunks read their articles' excerpts from the segments' cache spaces,
    which must keep everything else in them, so that the next edit still updates its
    segment's shards instead of starting over."""
    site = ws.content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "series:\n  - id: tongbao\n    title: 学习情况通报\n",
                    encoding="utf-8")
    before = mtimes(ws.out)
    ws.build()
    changed = search_changes(ws, before)
    assert "search/docs-001.js" in changed and not any(path.startswith("search/index-") for path in changed)
    ws.assert_same_as_clean()
    assembled = counted_assembly(monkeypatch)
    target = ws.articles()[20]
    target.write_text(target.read_text(encoding="utf-8") + "\n补记一句。\n", encoding="utf-8")
    ws.build()
    assert assembled == []
    ws.assert_same_as_clean()


@pytest.fixture
def split_ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """Blocks of 32 articles in docs chunks of 4: the 60 articles are a whole segment, then the
    unfinished block cut into 16 + 8 + 4."""
    monkeypatch.setattr(shards, "DOCS_PER_CHUNK", 4)
    return built_with_segments(tmp_path, monkeypatch, 32, 2, 4)


def tokenised(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Titles of the articles tokenised (not found in the cache), in this process or a worker."""
    import bulletin.search
    from bulletin.search import workers

    titles: list[str] = []
    entry = workers.article_entry

    def counted(article, lib):  # type: ignore[no-untyped-def]
        titles.append(article.title)
        return entry(article, lib)

    monkeypatch.setattr(workers, "article_entry", counted)
    monkeypatch.setattr(bulletin.search, "article_entry", counted)
    return titles


def test_new_issues_rewrite_only_the_small_segments_at_the_end(split_ws: Workspace,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Each new issue writes the files of the small segments at the end: the segments before
    them are left alone, and joining small segments into a larger one (here the block from
    32 into a whole segment) tokenises nothing again: they share their block's cache space."""
    ws = split_ws
    titles = tokenised(monkeypatch)
    last = issue_plan(ARTICLES)[-1]
    # 60 = 32 | 16 + 8 + 4; 61: … + 1; 63: the 1 grows to 3; 68: 32 | 32 (a whole block) | 4.
    for count, kept, starts in ((1, 4, [0, 32, 48, 56, 60]), (2, 4, [0, 32, 48, 56, 60]), (5, 1, [0, 32, 64])):
        last = replace(last, index=last.index + 1, day=last.day + timedelta(days=3), number=last.number + 1,
                       count=count, first_serial=last.first_serial + last.count)
        untouched = set().union(*(segment_files(ws, segment) for segment in range(kept)))
        before = mtimes(ws.out)
        titles.clear()
        write_issue(ws.content, last)
        ws.build()
        assert len(titles) == count  # only the new articles
        assert not search_changes(ws, before) & untouched
        assert [first for _, _, first in load_meta(ws)["segments"]] == starts
        ws.assert_same_as_clean()


def test_an_edit_after_new_issues_updates_a_small_segment_in_place(split_ws: Workspace,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A new issue's build keeps the cache entries of the block's segments it did not remake,
    so a later edit of one of those updates its shards instead of assembling it again."""
    ws = split_ws
    write_issue(ws.content, replace(next_issue(issue_plan(ARTICLES)), count=3))
    ws.build()
    assembled = counted_assembly(monkeypatch)
    titles = tokenised(monkeypatch)
    target = ws.articles()[40]  # in the 16-article segment from 32
    target.write_text(target.read_text(encoding="utf-8") + "\n补记一句：量子计算。\n", encoding="utf-8")
    ws.build()
    assert assembled == [] and len(titles) == 1
    ws.assert_same_as_clean()


def load_meta(ws: Workspace) -> dict:
    text = (ws.out / "search/meta.js").read_text(encoding="utf-8")
    return json.loads(text[text.index(",") + 1:-len(");\n")])
