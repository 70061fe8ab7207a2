"""The output folder scanned in a forked process (cache/state.py TreeScan): the same result as a
scan in the build's own process, a failed child costs nothing but the time, no child is left behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bulletin.cache import state
from bulletin.cache.state import TreeScan, scan_tree

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="the scan is forked only where fork exists")


@pytest.fixture
def alone(monkeypatch) -> None:
    """As in a command-line build, which starts no thread: the test suite's own session-wide
    fixtures (the browser's) may leave threads running, and then the scan does not fork."""
    monkeypatch.setattr(state, "_single_threaded", lambda: True)


def _folder(root: Path) -> Path:
    for rel, data in {"index.html": b"<p>1</p>", "issues/2011/001/index.html": "第一期".encode(),
                      "issues/2011/001/01-a.html": b"a" * 5000, "search/seg-0.js": b"", "学习.txt": b"x"}.items():
        path = root / "site" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root / "site"


@needs_fork
def test_a_forked_scan_finds_what_a_scan_here_finds(tmp_path: Path, alone: None) -> None:
    site = _folder(tmp_path)
    scan = TreeScan(site)
    assert scan._child is not None  # really forked
    found = scan.result()
    assert found == scan_tree(site) and len(found) == 5
    assert found["issues/2011/001/01-a.html"][0] == 5000
    assert TreeScan(tmp_path / "missing").result() == {}
    assert TreeScan(site, aside=False).result() == found


@needs_fork
def test_a_failed_child_is_made_up_for_here(tmp_path: Path, monkeypatch, alone: None) -> None:
    site = _folder(tmp_path)
    parent = os.getpid()
    scan_here = state.scan_tree

    def fails_in_child(folder: Path, skip: frozenset[str] = frozenset()) -> dict:
        if os.getpid() != parent:
            raise OSError("磁盘错误")
        return scan_here(folder, skip)
    monkeypatch.setattr(state, "scan_tree", fails_in_child)
    assert TreeScan(site).result() == scan_here(site)


@needs_fork
def test_a_cancelled_scan_leaves_no_child(tmp_path: Path, alone: None) -> None:
    scan = TreeScan(_folder(tmp_path))
    assert scan._child is not None
    pid = scan._child[0]
    scan.cancel()
    with pytest.raises(ChildProcessError):  # reaped: not a zombie waiting for this process
        os.waitpid(pid, os.WNOHANG)
    assert scan.result() == scan_tree(tmp_path / "site")  # asked after all: scanned here


@needs_fork
def test_a_process_with_other_threads_scans_here(tmp_path: Path) -> None:
    """``serve`` builds while its server and watcher threads run: no fork then (a child would
    inherit their locks as they were)."""
    import threading

    site = _folder(tmp_path)
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert not state._single_threaded()
        scan = TreeScan(site)
        assert scan._child is None and scan.result() == scan_tree(site)
    finally:
        release.set()
        other.join()
