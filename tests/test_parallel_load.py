"""Issue folders read in worker processes (load/sources.py): the same documents and the
same messages, in the same order, as reading them in the main process."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from bulletin.cache import CacheStore
from bulletin.errors import Diagnostics
from bulletin.load import load_content, sources

EXAMPLE = Path(__file__).resolve().parent.parent / "content"


def loaded(root: Path, pool: ProcessPoolExecutor | None, memo: CacheStore | None = None) -> tuple[list, list[str]]:
    diags = Diagnostics()
    diags.add("W401", "before.md")  # what earlier stages said stays first
    raw = load_content(root, diags, memo, pool)
    return raw.issues, [d.format() for d in diags.items]


@pytest.fixture
def pooled(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    monkeypatch.setattr(sources, "FOLDER_POOL_THRESHOLD", 1)
    monkeypatch.setattr(sources, "FOLDER_CHUNK", 2)
    with ProcessPoolExecutor(max_workers=2) as pool:
        yield pool


def test_the_example_reads_the_same_in_workers(pooled: ProcessPoolExecutor) -> None:
    serial, said = loaded(EXAMPLE, None)
    assert len(serial) > 20
    assert loaded(EXAMPLE, pooled) == (serial, said)


def test_problems_come_in_the_same_order(tree, pooled: ProcessPoolExecutor, tmp_path: Path) -> None:
    tree.write("issues/2010/002/issue.md", "---\ndate: 2010-07-01\n---\n编者按\r\n")
    tree.write("issues/2010/002/01-gbk.md",
               "---\ntitle: 旧稿\nkind: case\nunits: [yudong]\n---\n正文\n".encode("gb18030"))
    tree.write("issues/2010/002/02-bad.md", "---\ntitle: [未闭合\nkind: case\n---\n正文\n")
    tree.write("issues/2010/002/03-no-front.md", "只有正文，没有头信息。\n")
    tree.write("issues/2010/002/图片.png", b"\x89PNG\r\n\x1a\n")
    tree.write("issues/2010/abc/issue.md", "---\ndate: 2010-08-01\n---\n")  # E211, between folders
    tree.write("issues/2010/003/01-orphan.md", "---\ntitle: 无期\nkind: case\nunits: [yudong]\n---\n")  # E210
    tree.write("issues/2010/004/issue.md", "---\ndate: 2010-09-01\n---\n")
    tree.write("issues/2010/004/01-empty.md", "")
    for path in tree.root.rglob("*"):  # old enough for the cache to trust their sizes and times
        os.utime(path, (path.stat().st_mtime - 3600,) * 2)
    serial, said = loaded(tree.root, None)
    assert {"W401", "E119", "E103", "E211", "E210"} <= {line.split(" ")[2].rstrip(":") for line in said[1:]}
    assert loaded(tree.root, pooled) == (serial, said)
    # With the build cache the folders read are remembered just the same: a second load takes
    # them from it (unread stand-ins) and repeats the messages in the same order.
    for name in ("serial", "pooled"):
        folder = tmp_path / f"cache-{name}"
        store = CacheStore(folder)
        first = loaded(tree.root, pooled if name == "pooled" else None, store)
        assert first == (serial, said)
        store.commit()
    again = [loaded(tree.root, None, CacheStore(tmp_path / f"cache-{name}")) for name in ("serial", "pooled")]
    assert again[0] == again[1]
    assert all(folder.unread for folder in again[1][0]) and again[1][1] == said
