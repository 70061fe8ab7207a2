"""The fixed costs of a small rebuild: what makes them smaller never changes the output.

Each cached or deferred object here is checked the way tests/test_incremental.py
checks the rest: change one of its inputs, rebuild with the cache, and the site
equals a clean build.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from bulletin.pipeline import GC_THRESHOLD, fewer_collections
from tests.test_incremental import Workspace, settle


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    workspace = Workspace(tmp_path)
    settle(workspace)
    workspace.build()
    return workspace


def test_collections_are_rarer_during_a_build_and_restored_after() -> None:
    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold()[0] >= GC_THRESHOLD
    assert gc.get_threshold() == before


def test_thresholds_are_restored_after_a_build(ws: Workspace) -> None:
    before = gc.get_threshold()
    target = ws.articles()[3]
    target.write_text(target.read_text(encoding="utf-8") + "\n补充。\n", encoding="utf-8")
    ws.build()
    assert gc.get_threshold() == before
    ws.assert_same_as_clean()
