"""Markdown started during validation (markdown/parallel.py, EarlyMarkdown): only published
texts are ever sent to the workers, and the site is the one a serial build makes."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from bulletin.errors import BuildError
from bulletin.markdown import parallel
from bulletin.pipeline import BuildOptions, build


class RecordingPool(ThreadPoolExecutor):
    """The workers' pool, in threads, remembering every text sent to it."""

    sent: list[str] = []

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future:
        if fn is parallel._render_chunk:
            RecordingPool.sent += args[1]
        return super().submit(fn, *args, **kwargs)


@pytest.fixture
def recording(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    RecordingPool.sent = []
    monkeypatch.setattr(parallel, "POOL_THRESHOLD", 1)
    monkeypatch.setattr(parallel, "CHUNK", 1)
    monkeypatch.setattr(parallel, "markdown_pool", lambda jobs: RecordingPool(max_workers=jobs))
    return RecordingPool.sent


def site_files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def write_issues(tree) -> None:  # noqa: ANN001 (the conftest fixture)
    tree.article("issues/2010/001/02-draft.md", "title: 草稿\nkind: briefing\nunits: [yudong]\ndraft: true",
                 "草稿的正文不得渲染。\n")
    tree.issue(2010, "002", "date: 2010-07-01\ndraft: true\n")
    tree.article("issues/2010/002/01-held.md", "title: 待发\nkind: briefing\nunits: [yudong]", "待发一期的正文。\n")
    tree.issue(2010, "003", "date: 2010-08-01\n")
    tree.article("issues/2010/003/01-public.md", "title: 公开\nkind: case\nunits: [yudong]",
                 "公开的正文，[链接](../001/01-yudong.md)。\n\n## 小标题\n")


def test_only_published_texts_reach_the_workers_and_the_site_is_unchanged(tree, tmp_path: Path,
                                                                          recording: list[str]) -> None:
    write_issues(tree)
    early = build(BuildOptions(content=tree.root, out=tmp_path / "early", jobs=2, use_cache=False))
    assert recording and any("公开的正文" in text for text in recording)
    assert not any("草稿" in text or "待发" in text for text in recording)
    serial = build(BuildOptions(content=tree.root, out=tmp_path / "serial", jobs=1, use_cache=False))
    assert site_files(tmp_path / "early") == site_files(tmp_path / "serial")
    assert [d.format() for d in early.diagnostics.items] == [d.format() for d in serial.diagnostics.items]
    assert {d.code for d in early.diagnostics.items} >= {"W403"}


def test_a_build_with_errors_sends_no_text_after_them_and_writes_nothing(tree, tmp_path: Path,
                                                                         recording: list[str]) -> None:
    write_issues(tree)
    tree.article("issues/2010/003/02-secret.md", "title: 密件\nkind: case\nunits: [yudong]\nclassification: 秘密",
                 "涉密文件的正文。\n")
    with pytest.raises(BuildError) as failure:
        build(BuildOptions(content=tree.root, out=tmp_path / "site", jobs=2, use_cache=False))
    assert [d.code for d in failure.value.diagnostics.errors] == ["E301"]
    assert not any("涉密" in text for text in recording)
    assert not (tmp_path / "site").exists() or not any((tmp_path / "site").iterdir())
