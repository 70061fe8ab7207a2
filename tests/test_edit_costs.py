"""The fixed costs of a small rebuild: what makes them smaller never changes the output.

An unchanged issue's articles keep their Markdown and HTML in the build cache, read only
when something needs them (Article.defer_body, defer_html). Each test changes what such
a deferred text depends on, or takes it away from the cache, and checks that the
rebuild equals a clean build, as tests/test_incremental.py does for the rest.
"""

from __future__ import annotations

import gc
import multiprocessing
import shutil
import sqlite3
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from types import ModuleType

import pytest

from bulletin import commands
from bulletin.cache.store import DATABASE, CacheStore
from bulletin.markdown import HTML_SPACE
from bulletin.pipeline import GC_THRESHOLDS, BuildOptions, build, fewer_collections, long_lived
from bulletin.process import collector_paused
from bulletin.validate import BODIES
from tests.test_incremental import Workspace, built_workspace, settle


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return built_workspace(tmp_path)


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def edit_template(ws: Workspace, name: str = "article.html") -> None:
    page = ws.theme / name
    page.write_text(page.read_text(encoding="utf-8").replace("</article>", "</article><!-- edited -->", 1),
                    encoding="utf-8")


def forget(ws: Workspace, *spaces: str) -> None:
    """Take every entry of ``spaces`` out of the build cache, as if never made (or pruned)."""
    with sqlite3.connect(ws.cache / DATABASE) as db:
        db.executemany("DELETE FROM entries WHERE space = ?", [(space,) for space in spaces])


def spaces_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    read: list[str] = []
    get = CacheStore.get

    def recording(self: CacheStore, space: str, key: str) -> object:
        read.append(space)
        return get(self, space, key)
    monkeypatch.setattr(CacheStore, "get", recording)
    return read


def linked(ws: Workspace) -> Path:
    """An article of the first issue linking an article of the second (resolved through the router)."""
    first, *_ = ws.articles()
    other = next(a for a in ws.articles() if a.parent != first.parent)
    append(first, f"\n参见[另一篇](../{other.parent.name}/{other.name})。\n")
    settle(ws)
    return first


def test_collections_are_rarer_during_a_build_and_restored_after() -> None:
    before = gc.get_threshold()
    with fewer_collections():
        now = gc.get_threshold()
        assert now[0] >= GC_THRESHOLDS[0] and now[1] >= GC_THRESHOLDS[1]
    assert gc.get_threshold() == before


def test_imports_collect_nothing_and_the_collector_runs_again_after(monkeypatch: pytest.MonkeyPatch) -> None:
    """A command's module is imported without the cyclic collector (process.collector_paused); afterwards
    it collects as before, and stays off for a caller that had switched it off."""
    seen: list[bool] = []
    real = commands.command_module

    def recording(name: str) -> ModuleType:
        seen.append(gc.isenabled())
        return real(name)

    monkeypatch.setattr(commands, "command_module", recording)
    with pytest.raises(SystemExit):
        commands.main(["check", "--help"])
    assert seen and not any(seen)
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="no fork")
def test_forked_workers_collect_as_usual() -> None:
    """Workers render pages and Markdown at a steady rate of garbage: their memory must not grow."""
    usual = gc.get_threshold()
    with fewer_collections(), ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        assert pool.submit(gc.get_threshold).result() == usual


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="no fork")
def test_forked_workers_leave_inherited_objects_to_the_parent() -> None:
    """A worker's collector never walks what it inherited (each visit would copy a page of the
    parent's heap); the parent itself keeps collecting everything."""
    inherited = [[i] for i in range(1000)]
    with fewer_collections(), ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        assert pool.submit(gc.get_freeze_count).result() >= len(inherited)
        assert gc.get_freeze_count() == 0


def test_long_lived_objects_are_frozen_until_the_build_ends() -> None:
    """What the library, plan and statistics make is left out of the collections while the build
    runs (pipeline.long_lived); when it ends the collector sees it all again, as before."""
    with fewer_collections():
        with long_lived():
            assert not gc.isenabled()
            made = [[i] for i in range(1000)]
        assert gc.isenabled()
        assert gc.get_freeze_count() >= len(made)
    assert gc.get_freeze_count() == 0


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="no fork")
def test_workers_forked_while_the_collector_is_held_collect() -> None:
    """The Markdown workers start during validation, inside ``long_lived``: they collect as usual."""
    usual = gc.get_threshold()
    with fewer_collections(), long_lived(), \
            ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        assert pool.submit(gc.isenabled).result() is True
        assert pool.submit(gc.get_threshold).result() == usual
    assert gc.isenabled()


def test_an_edit_reads_no_other_issue_markdown(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    before = gc.get_threshold()
    read = spaces_read(monkeypatch)
    append(ws.articles()[3], "\n补充一段情况说明。\n")
    result = ws.build()
    assert 0 < result.rendered < 10
    assert BODIES not in read  # the edited issue is read from its files, the others need no Markdown
    assert gc.get_threshold() == before
    assert gc.isenabled() and gc.get_freeze_count() == 0
    ws.assert_same_as_clean()


def test_pages_without_article_text_read_no_html(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    read = spaces_read(monkeypatch)
    page = ws.theme / "listing_year.html"
    page.write_text(page.read_text(encoding="utf-8") + "<!-- edited -->\n", encoding="utf-8")
    result = ws.build()
    assert result.rendered > 0
    assert HTML_SPACE not in read and BODIES not in read  # lists show titles and summaries only
    ws.assert_same_as_clean()


def test_deferred_html_of_every_page_after_a_template_edit(ws: Workspace) -> None:
    linked(ws)
    ws.build()
    edit_template(ws)
    result = ws.build()
    assert result.rendered >= len(ws.articles())
    ws.assert_same_as_clean()


def test_deferred_html_read_by_forked_workers(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    from bulletin.render import parallel as render_pool
    monkeypatch.setattr(render_pool, "POOL_THRESHOLD", 1)
    monkeypatch.setattr(render_pool, "CHUNK", 7)
    linked(ws)
    ws.build(jobs=2)
    edit_template(ws)
    ws.build(jobs=2)
    ws.assert_same_as_clean()


def test_allow_html_changes_the_cached_html(ws: Workspace) -> None:
    append(ws.articles()[5], '\n<span class="note">原文带有标签</span>\n')
    settle(ws)
    ws.build()
    site = ws.content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "allow_html: true\n", encoding="utf-8")
    ws.build()
    ws.assert_same_as_clean()


@pytest.mark.parametrize("missing", [(HTML_SPACE,), ("markdown",), ("markdown", BODIES),
                                     ("markdown", HTML_SPACE, BODIES)])
def test_texts_missing_from_the_cache_are_made_again(ws: Workspace, missing: tuple[str, ...]) -> None:
    linked(ws)
    ws.build()
    forget(ws, *missing)
    edit_template(ws)
    append(ws.articles()[-1], "\n补充。\n")
    ws.build()
    ws.assert_same_as_clean()
    forget(ws, *missing)  # and a rebuild that renders only the edited issue
    append(ws.articles()[-1], "\n再补充。\n")
    ws.build()
    ws.assert_same_as_clean()


def test_damaged_html_entries_are_rendered_again(ws: Workspace) -> None:
    with sqlite3.connect(ws.cache / DATABASE) as db:
        db.execute("UPDATE entries SET value = X'00' || value WHERE space = ?", (HTML_SPACE,))
    edit_template(ws)
    ws.build()
    ws.assert_same_as_clean()


def test_html_read_after_the_build_is_the_clean_builds(ws: Workspace) -> None:
    append(ws.articles()[0], "\n补充。\n")
    result = ws.build()
    clean = build(BuildOptions(content=ws.content, out=ws.root / "clean", templates=ws.theme, use_cache=False,
                               jobs=1))
    assert result.library is not None and clean.library is not None
    assert [a.html for a in result.library.articles] == [a.html for a in clean.library.articles]
    assert [a.body for a in result.library.articles] == [a.body for a in clean.library.articles]
    shutil.rmtree(ws.root / "clean")


def test_an_edit_plans_only_its_own_issues_pages(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    """Unchanged issues' pages are kept from the last build's record without being planned
    page by page (render/plan.py PageBundle); the edited issue's are, and only what changed renders."""
    import bulletin.render.pages as pages

    planned: list[str] = []
    issue_pages = pages.issue_pages

    def recording(lib, issue, *args):  # type: ignore[no-untyped-def]
        planned.append(issue.folder)
        return issue_pages(lib, issue, *args)
    monkeypatch.setattr(pages, "issue_pages", recording)
    target = ws.articles()[25]
    append(target, "\n补充一段新的情况说明。\n")
    result = ws.build()
    assert planned == [target.parent.relative_to(ws.content).as_posix()]
    assert 0 < result.rendered < 10
    ws.assert_same_as_clean()
    planned.clear()
    assert ws.build().rendered == 0 and planned == []  # and a second rebuild plans none


def test_unchanged_issues_cards_come_from_the_cache(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    """An edit hashes the list cards of its own issue's articles only (render/inputs.py
    PageInputs._remember_cards); a units.yaml change makes every card again."""
    from bulletin.render.inputs import PageInputs

    made: list[str] = []
    card = PageInputs.card

    def recording(self: PageInputs, article):  # type: ignore[no-untyped-def]
        if article.source not in self._cards:
            made.append(article.source)
        return card(self, article)
    monkeypatch.setattr(PageInputs, "card", recording)
    target = ws.articles()[25]
    append(target, "\n补充一段新的情况说明。\n")
    ws.build()
    edited = target.parent.relative_to(ws.content).as_posix()
    assert made and all(source.startswith(edited + "/") for source in made)
    ws.assert_same_as_clean()
    made.clear()
    units = ws.content / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8").replace("name: ", "name: 新", 1), encoding="utf-8")
    result = ws.build()
    assert result.library is not None and len(set(made)) == len(result.library.articles)
    ws.assert_same_as_clean()
