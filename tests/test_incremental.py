"""Incremental builds give exactly the bytes of a clean build, and touch nothing else.

Every test builds a small synthetic bulletin (the benchmark's generator, 60
articles) with the cache, changes something, rebuilds incrementally, and
compares the whole output folder with a clean build of the same content.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from bulletin.bench.corpus import generate, issue_plan, next_issue, write_issue
from bulletin.commands import main
from bulletin.errors import BuildError
from bulletin.pipeline import BuildOptions, BuildResult, build
from bulletin.render.environment import DEFAULT_TEMPLATES

ARTICLES = 60


class Workspace:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.content = root / "content"
        self.theme = root / "theme"
        self.out = root / "site"
        self.cache = root / "cache"
        generate(self.content, ARTICLES)
        shutil.copytree(DEFAULT_TEMPLATES, self.theme)

    def build(self, **options) -> BuildResult:
        return build(BuildOptions(content=self.content, out=self.out, templates=self.theme, cache=self.cache,
                                  **options))

    def clean_build(self) -> Path:
        clean = self.root / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        build(BuildOptions(content=self.content, out=clean, templates=self.theme, use_cache=False, jobs=1))
        return clean

    def articles(self) -> list[Path]:
        return sorted((self.content / "issues").glob("*/*/0*.md"))

    def assert_same_as_clean(self) -> None:
        assert tree(self.out) == tree(self.clean_build())


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def mtimes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}


def settle(ws: Workspace) -> None:
    """Backdate every input so the cache may trust sizes and times (as for files saved a while ago)."""
    for path in list(ws.content.rglob("*")) + list(ws.theme.rglob("*")):
        if path.is_file():
            st = path.stat()
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - 10_000_000_000))


def built_workspace(tmp_path: Path) -> Workspace:
    """The generated corpus, settled and built once with the cache (the other tests' starting point)."""
    workspace = Workspace(tmp_path)
    settle(workspace)
    workspace.build()
    return workspace


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return built_workspace(tmp_path)


def test_two_clean_builds_are_identical(ws: Workspace) -> None:
    first = tree(ws.clean_build())
    second = tree(ws.clean_build())
    assert first == second
    assert tree(ws.out) == first  # the cached first build too


def test_noop_rebuild_renders_nothing_and_touches_nothing(ws: Workspace) -> None:
    before = mtimes(ws.out)
    result = ws.build()
    assert result.rendered == 0
    assert result.library is None  # not even loaded
    assert result.report.written == 0 and result.report.removed == 0
    assert mtimes(ws.out) == before


def test_edited_article_rerenders_its_pages_only(ws: Workspace) -> None:
    target = ws.articles()[25]
    before = mtimes(ws.out)
    target.write_text(target.read_text(encoding="utf-8") + "\n补充一段新的情况说明。\n", encoding="utf-8")
    result = ws.build()
    assert 0 < result.rendered < 10
    ws.assert_same_as_clean()
    after = mtimes(ws.out)
    changed = {path for path in after if after[path] != before.get(path)}
    assert f"{target.relative_to(ws.content).with_suffix('.html').as_posix()}" in changed
    assert "index.html" not in changed  # its first paragraph did not change, nor did the home page
    assert len(changed) == result.report.written
    # the search index rewrites the shards of the article's segment (tests/test_search_incremental.py)
    assert len({path for path in changed if not path.startswith("search/")}) < 10


def test_retitled_article_updates_neighbours_and_lists(ws: Workspace) -> None:
    target = ws.articles()[-3]
    text = target.read_text(encoding="utf-8").replace("title: ", "title: 【更正】", 1)
    target.write_text(text, encoding="utf-8")
    ws.build()
    ws.assert_same_as_clean()
    siblings = sorted(target.parent.glob("0*.md"))
    previous = siblings[siblings.index(target) - 1]
    html = (ws.out / previous.relative_to(ws.content).with_suffix(".html")).read_text(encoding="utf-8")
    assert "下一篇：【更正】" in html


def test_added_article(ws: Workspace) -> None:
    folder = ws.articles()[0].parent
    (folder / "99-extra.md").write_text("---\ntitle: 新增的一篇文章\nkind: case\nunits: [county-01]\n"
                                        "tags: [行动学习]\n---\n新增文章的正文。\n", encoding="utf-8")
    ws.build()
    ws.assert_same_as_clean()
    assert (ws.out / folder.relative_to(ws.content) / "99-extra.html").is_file()


def test_deleted_article_disappears(ws: Workspace) -> None:
    target = ws.articles()[12]
    page = ws.out / target.relative_to(ws.content).with_suffix(".html")
    assert page.is_file()
    target.unlink()
    result = ws.build()
    assert not page.exists()
    assert result.report.removed >= 1
    ws.assert_same_as_clean()


def test_renamed_article(ws: Workspace) -> None:
    target = ws.articles()[33]
    renamed = target.with_name("09-renamed.md")
    target.rename(renamed)
    ws.build()
    assert not (ws.out / target.relative_to(ws.content).with_suffix(".html")).exists()
    assert (ws.out / renamed.relative_to(ws.content).with_suffix(".html")).is_file()
    ws.assert_same_as_clean()


def test_new_issue_and_deleted_issue(ws: Workspace) -> None:
    plan = issue_plan(ARTICLES)
    folder = write_issue(ws.content, next_issue(plan))
    ws.build()
    ws.assert_same_as_clean()
    shutil.rmtree(folder)
    shutil.rmtree(ws.content / "issues" / str(plan[0].day.year) / f"{plan[0].number:03d}")
    ws.build()
    ws.assert_same_as_clean()


def test_units_yaml_edit(ws: Workspace) -> None:
    units = ws.content / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8").replace("东湖县", "东湖新区"), encoding="utf-8")
    result = ws.build()
    assert result.rendered > 0
    ws.assert_same_as_clean()
    assert "东湖新区" in (ws.out / "units" / "county-01.html").read_text(encoding="utf-8")


def test_site_yaml_edit(ws: Workspace) -> None:
    site = ws.content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("学习型组织建设工作简报", "学习型机关建设简报"),
                    encoding="utf-8")
    result = ws.build()
    assert result.rendered == len([p for p in tree(ws.out) if p.endswith(".html")])
    ws.assert_same_as_clean()


def test_template_edit_rerenders_the_pages_using_it(ws: Workspace) -> None:
    template = ws.theme / "article.html"
    template.write_text(template.read_text(encoding="utf-8").replace("返回本期", "回到本期目录"), encoding="utf-8")
    before = mtimes(ws.out)
    result = ws.build()
    assert result.rendered == ARTICLES
    ws.assert_same_as_clean()
    assert mtimes(ws.out)["index.html"] == before["index.html"]
    partial = ws.theme / "partials" / "article_list.html"
    partial.write_text(partial.read_text(encoding="utf-8").replace('class="summary"', 'class="summary lead"'),
                       encoding="utf-8")
    result = ws.build()
    assert 0 < result.rendered < len(before)  # the list pages, not the article pages
    ws.assert_same_as_clean()


def test_tampered_output_is_repaired(ws: Workspace) -> None:
    victim = ws.out / ws.articles()[5].relative_to(ws.content).with_suffix(".html")
    victim.unlink()
    (ws.out / "index.html").write_text("篡改", encoding="utf-8")
    (ws.out / "stray.html").write_text("多余的文件", encoding="utf-8")
    ws.build()
    ws.assert_same_as_clean()


def test_cache_is_safe_to_delete_or_damage(ws: Workspace) -> None:
    for path in ws.cache.iterdir():
        if path.is_file():
            path.write_bytes(b"\x00not a cache\x00" * 10)
    target = ws.articles()[2]
    target.write_text(target.read_text(encoding="utf-8") + "\n再补充一句。\n", encoding="utf-8")
    ws.build()
    ws.assert_same_as_clean()
    shutil.rmtree(ws.cache)
    result = ws.build()
    assert result.rendered > 0  # a cold build again, same bytes
    ws.assert_same_as_clean()


@pytest.mark.parametrize("overlap_pages", [10**6, 0], ids=["groups-while-pages-render", "groups-after-pages"])
def test_parallel_build_matches_single_process(ws: Workspace, monkeypatch: pytest.MonkeyPatch,
                                               overlap_pages: int) -> None:
    from bulletin.load import sources
    from bulletin.markdown import parallel as markdown_pool
    from bulletin.render import incremental
    from bulletin.render import parallel as render_pool
    monkeypatch.setattr(incremental, "OVERLAP_PAGES", overlap_pages)
    monkeypatch.setattr(sources, "FOLDER_POOL_THRESHOLD", 1)  # issue folders read in the workers too
    monkeypatch.setattr(markdown_pool, "POOL_THRESHOLD", 1)
    monkeypatch.setattr(markdown_pool, "CHUNK", 7)
    monkeypatch.setattr(render_pool, "POOL_THRESHOLD", 1)
    monkeypatch.setattr(render_pool, "CHUNK", 9)
    shutil.rmtree(ws.out)
    shutil.rmtree(ws.cache)
    ws.build(jobs=2)
    ws.assert_same_as_clean()


def test_failed_build_leaves_site_and_cache_usable(ws: Workspace) -> None:
    before = tree(ws.out)
    target = ws.articles()[7]
    good = target.read_text(encoding="utf-8")
    target.write_text(good.replace("kind: ", "kind: 未知类型", 1), encoding="utf-8")
    with pytest.raises(BuildError):
        ws.build()
    assert tree(ws.out) == before
    target.write_text(good, encoding="utf-8")
    ws.build()
    ws.assert_same_as_clean()


def test_template_error_in_workers_leaves_no_half_site(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    from bulletin.render import parallel as render_pool
    monkeypatch.setattr(render_pool, "POOL_THRESHOLD", 1)
    before = tree(ws.out)
    template = ws.theme / "article.html"
    template.write_text(template.read_text(encoding="utf-8").replace("{{ article.title }}</h1>",
                                                                     "{{ article.no_such_field }}</h1>"),
                        encoding="utf-8")
    with pytest.raises(BuildError) as failure:
        ws.build(jobs=2)
    assert [d.code for d in failure.value.diagnostics.errors] == ["E225"]
    assert tree(ws.out) == before  # no temporary files left, nothing replaced


def test_warnings_are_repeated_on_a_noop_rebuild(ws: Workspace) -> None:
    target = ws.articles()[1]
    target.write_bytes(target.read_text(encoding="utf-8").encode("gb18030"))
    settle(ws)
    first = ws.build()
    second = ws.build()
    assert second.library is None
    assert [d.code for d in first.diagnostics.warnings] == [d.code for d in second.diagnostics.warnings] == ["W401"]


def test_default_cache_lives_outside_the_content_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """In the user's own cache home (platformdirs; BULLETIN_CACHE_HOME here), not in the repository."""
    home = tmp_path / "home-cache"
    monkeypatch.setenv("BULLETIN_CACHE_HOME", str(home))
    content = tmp_path / "bulletin" / "content"
    generate(content, 12)
    assert main(["build", "--content", str(content), "--out", str(tmp_path / "site")]) == 0
    assert (home / "builds").is_dir() and (home / "cache-key").stat().st_mode & 0o077 == 0
    assert sorted(p.name for p in (tmp_path / "bulletin").iterdir()) == ["content"]
    assert main(["build", "--content", str(content), "--out", str(tmp_path / "site")]) == 0
    assert "重新生成页面 0 个" in capsys.readouterr().out


def test_unusable_cache_folder_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = tmp_path / "content"
    generate(content, 12)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    code = main(["build", "--content", str(content), "--out", str(tmp_path / "site"), "--cache", str(blocker)])
    assert code == 1
    err = capsys.readouterr().err
    assert "E250" in err and "Traceback" not in err
    assert not (tmp_path / "site").exists()


def test_first_build_into_empty_folder_is_staged_and_swapped(ws: Workspace) -> None:
    """A first build writes into one staging folder beside the output and moves it into place:
    same bytes as a clean build; on failure nothing is left, neither in the folder nor beside it."""
    shutil.rmtree(ws.out)
    shutil.rmtree(ws.cache)
    ws.out.mkdir()  # an empty folder made by the author is used as it is
    result = ws.build()
    assert result.report.written == len(tree(ws.out)) - 1  # every file but the marker
    ws.assert_same_as_clean()
    assert not [p for p in ws.root.iterdir() if ".staging" in p.name]
    shutil.rmtree(ws.out)
    shutil.rmtree(ws.cache)
    template = ws.theme / "article.html"
    template.write_text(template.read_text(encoding="utf-8").replace("{{ article.title }}</h1>",
                                                                     "{{ article.no_such_field }}</h1>"),
                        encoding="utf-8")
    with pytest.raises(BuildError):
        ws.build()
    assert not ws.out.exists()  # the folder this build made is gone again, marker and all
    assert not [p for p in ws.root.iterdir() if ".staging" in p.name]


def test_stray_files_and_their_folders_are_removed(ws: Workspace) -> None:
    """Stale files are found from the build cache's scan of the output folder, not a second walk."""
    (ws.out / "old" / "deep").mkdir(parents=True)
    (ws.out / "old" / "deep" / "page.html").write_text("旧页面", encoding="utf-8")
    (ws.out / "issues" / ".index.html.tmp999").write_text("残留的临时文件", encoding="utf-8")
    result = ws.build()
    assert result.report.removed == 2
    assert not (ws.out / "old").exists()
    ws.assert_same_as_clean()


def test_text_edit_does_not_recompute_statistics(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    """Correcting a sentence leaves the statistics' inputs alone: rankings and charts are not made."""
    from bulletin.stats import campaign

    def refuse(lib: object) -> None:
        raise AssertionError("statistics recomputed for a text edit")

    target = ws.articles()[4]
    target.write_text(target.read_text(encoding="utf-8") + "\n补充说明一句。\n", encoding="utf-8")
    with monkeypatch.context() as patch:
        patch.setattr(campaign, "compute", refuse)
        result = ws.build()
    assert result.rendered == 2  # the article and its issue
    ws.assert_same_as_clean()


def test_old_article_kind_change_updates_its_periods_rankings(ws: Workspace) -> None:
    """A period's ranking page depends on the articles counted in it: changing an old article's
    kind re-renders that month's, year's and stage's pages, and the result equals a clean build."""
    target = next(p for p in ws.articles() if "\nkind: briefing\n" in p.read_text(encoding="utf-8"))
    target.write_text(target.read_text(encoding="utf-8").replace("\nkind: briefing\n", "\nkind: case\n", 1),
                      encoding="utf-8")
    result = ws.build()
    assert result.rendered > 0
    ws.assert_same_as_clean()


def test_a_file_saved_while_a_build_reads_is_picked_up_by_the_next(ws: Workspace,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Load keys its cache by the sizes and times the build took at its start (load/sources.py
    KnownStats); a file saved after that, while the build goes on, is seen by the next build."""
    import bulletin.load

    target, other = ws.articles()[7], ws.articles()[30]
    other.write_text(other.read_text(encoding="utf-8") + "\n另一处修改。\n", encoding="utf-8")  # so it rebuilds
    load_content = bulletin.load.load_content

    def saved_meanwhile(*args, **kwargs):  # type: ignore[no-untyped-def]
        target.write_text(target.read_text(encoding="utf-8") + "\n刚刚保存的一段。\n", encoding="utf-8")
        return load_content(*args, **kwargs)
    monkeypatch.setattr(bulletin.load, "load_content", saved_meanwhile)
    ws.build()
    monkeypatch.undo()
    assert ws.build().rendered > 0
    ws.assert_same_as_clean()
    page = ws.out / target.relative_to(ws.content).with_suffix(".html")
    assert "刚刚保存的一段" in page.read_text(encoding="utf-8")
