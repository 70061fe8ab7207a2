"""Feed entries are kept in the build cache (render/feeds.py FeedEntries): a remade feed takes its
unchanged entries from there instead of reading every article's HTML, and a change of anything
an entry shows makes it again, so the feeds still equal a clean build's."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from bulletin.bench.corpus import issue_plan, next_issue, write_issue
from bulletin.render import feeds
from tests.test_incremental import ARTICLES, Workspace, built_workspace


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return built_workspace(tmp_path)


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The articles whose entries a build makes (rather than takes from the cache)."""
    sources: list[str] = []
    make = feeds._entry_parts

    def counted(lib, article, target):  # type: ignore[no-untyped-def]
        sources.append(article.source)
        return make(lib, article, target)

    monkeypatch.setattr(feeds, "_entry_parts", counted)
    return sources


def test_a_new_issue_makes_only_its_own_entries(ws: Workspace, made: list[str]) -> None:
    plan = issue_plan(ARTICLES)
    for _ in range(2):  # the second issue remakes other units' feeds than the first: their entries were kept
        planned = next_issue(plan)
        plan.append(planned)
        folder = write_issue(ws.content, planned)
        made.clear()
        ws.build()
        articles = [p for p in folder.glob("*.md") if p.name != "issue.md"]
        assert sorted(made) == sorted(p.relative_to(ws.content).as_posix() for p in articles)
    ws.assert_same_as_clean()


def substitute(path: Path, old: str, new: str) -> None:
    """The first match of ``old`` (a regular expression, per line) in the file replaced."""
    text = path.read_text(encoding="utf-8")
    assert re.search(old, text, flags=re.M), old
    path.write_text(re.sub(old, new, text, count=1, flags=re.M), encoding="utf-8")


def assert_change_remakes(ws: Workspace, output: Path, change: Callable[[Workspace], None]) -> None:
    """After ``change``, the next build writes ``output`` again, and the site equals a clean build."""
    before = output.read_bytes()
    change(ws)
    ws.build()
    assert output.read_bytes() != before
    ws.assert_same_as_clean()


def _newest(ws: Workspace) -> Path:
    return ws.articles()[-1]


def _rename_unit(ws: Workspace) -> None:
    """The first unit of the newest article gets another name."""
    unit = re.search(r"^units: \[([\w-]+)", _newest(ws).read_text(encoding="utf-8"), flags=re.M)
    assert unit is not None
    substitute(ws.content / "units.yaml", rf"(id: {unit[1]}, name: )", r"\1新")


# What an entry shows, each changed in its own file.
CHANGES: dict[str, Callable[[Workspace], None]] = {
    "body": lambda ws: substitute(_newest(ws), r"\Z", "\n补充一段新的情况说明。\n"),
    "title": lambda ws: substitute(_newest(ws), r"^title: ", "title: 【更正】"),
    "author": lambda ws: substitute(_newest(ws), r"^author: .*$", "author: 另一位通讯员"),
    "date": lambda ws: substitute(_newest(ws), r"^date: (\d{4})-\d\d-\d\d$", r"date: \1-01-02"),
    "issue date": lambda ws: substitute(_newest(ws).parent / "issue.md", r"^date: (\d{4}-\d\d)-\d\d$", r"date: \1-28"),
    "unit name": lambda ws: _rename_unit(ws),
    "kind label": lambda ws: substitute(ws.content / "site.yaml", r"\Z", "\nkinds: {briefing: 工作信息}\n"),
    "publisher": lambda ws: substitute(ws.content / "site.yaml", r"^publisher: ", "publisher: 市"),
    "base_url": lambda ws: substitute(ws.content / "site.yaml", r"\Z", "\nbase_url: https://jianbao.example/\n"),
}


@pytest.mark.parametrize("change", CHANGES)
def test_each_thing_an_entry_shows_makes_it_again(ws: Workspace, change: str) -> None:
    assert_change_remakes(ws, ws.out / "feed.xml", CHANGES[change])


def test_escaping_equals_the_standard_librarys() -> None:
    """feeds.escape and feeds.quoteattr stand in for xml.sax.saxutils' (which imports the network modules)."""
    from itertools import product
    from xml.sax import saxutils

    pieces = ["a", "&", "<", ">", '"', "'", "\n", "\r", "\t", "&amp;", "中", " "]
    for size in range(5):
        for combination in product(pieces, repeat=size):
            text = "".join(combination)
            assert feeds.escape(text) == saxutils.escape(text)
            assert feeds.quoteattr(text) == saxutils.quoteattr(text)
