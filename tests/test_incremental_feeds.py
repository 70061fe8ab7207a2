"""Each Atom feed and the sitemap are kept or remade on their own (render/feeds.py feed_groups):
a new issue remakes the feeds it appears in, and the output still equals a clean build."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin.bench.corpus import issue_plan, next_issue, write_issue
from tests.test_incremental import ARTICLES, Workspace, built_workspace, mtimes, settle


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return built_workspace(tmp_path)


def feeds_of(ws: Workspace) -> dict[str, int]:
    return {path: mtime for path, mtime in mtimes(ws.out).items()
            if path.startswith("feeds/") or path in ("feed.xml", "sitemap.xml")}


def test_new_issue_remakes_only_the_feeds_it_appears_in(ws: Workspace) -> None:
    before = feeds_of(ws)
    folder = write_issue(ws.content, next_issue(issue_plan(ARTICLES)))
    ws.build()
    ws.assert_same_as_clean()
    after = feeds_of(ws)
    changed = {path for path in after if after[path] != before.get(path)}
    assert {"feed.xml", "sitemap.xml"} <= changed
    new_text = "".join(p.read_text(encoding="utf-8") for p in folder.glob("*.md"))
    units = {path for path in after if path.startswith("feeds/units/")}
    touched = {path for path in units if Path(path).stem in new_text}
    assert touched and touched <= changed  # the units of the new articles
    # The other units' feeds are kept, but for those without articles: an empty feed is dated by the
    # latest issue (test below).
    others = {path for path in units - touched if b"<entry>" in (ws.out / path).read_bytes()}
    assert others and not others & changed


def test_empty_feed_follows_the_latest_issue(ws: Workspace) -> None:
    """A feed without articles is dated by the latest issue: a new issue changes it."""
    units = ws.content / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8")
                     + "  - {id: county-99, name: 无稿县, type: county, group: 县市区, batch: 1}\n", encoding="utf-8")
    ws.build()
    ws.assert_same_as_clean()
    empty = ws.out / "feeds" / "units" / "county-99.xml"
    before = empty.read_bytes()
    settle(ws)
    write_issue(ws.content, next_issue(issue_plan(ARTICLES)))
    ws.build()
    ws.assert_same_as_clean()
    assert empty.read_bytes() != before
