"""Many 通报 .docx are made on all cores, with the same bytes as one by one."""

from __future__ import annotations

from pathlib import Path

import pytest

import bulletin.stats.pages as stats_pages
from bulletin.bench.corpus import generate
from bulletin.pipeline import FEATURE_NAMES, BuildOptions, build


def notices(content: Path, out: Path) -> dict[str, bytes]:
    build(BuildOptions(content=content, out=out, use_cache=False,
                       features=[f for f in FEATURE_NAMES if f != "pdf"]))
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.docx"))}


def test_notices_made_in_workers_equal_those_made_one_by_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = tmp_path / "content"
    generate(content, 30, register_rows=300)  # submissions over four years: a 通报 for every month and quarter
    pooled = notices(content, tmp_path / "pooled")
    assert len(pooled) >= 3 * stats_pages.DOCX_POOL_THRESHOLD
    assert stats_pages.default_jobs_for_docx() >= 2, "this test needs two cores to take the pool path"
    monkeypatch.setattr(stats_pages, "DOCX_POOL_THRESHOLD", 10**9)
    assert notices(content, tmp_path / "serial") == pooled
