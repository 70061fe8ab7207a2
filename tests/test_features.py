"""Features behind one interface: each can be switched off and the site then has no broken link."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin.commands import main
from bulletin.pipeline import FEATURE_NAMES, available_features, check
from bulletin.publish.verify import verify_site
from bulletin.router import Router
from tests.conftest import EXAMPLE


@pytest.mark.parametrize("off", [(), ("stats",), ("search",), ("stats", "search")],
                         ids=["all-on", "no-stats", "no-search", "none"])
def test_every_feature_switched_off_leaves_no_broken_link(tmp_path: Path, off: tuple[str, ...]) -> None:
    out = tmp_path / "site"
    flags = [f"--no-{name}" for name in off]
    assert main(["build", "--content", str(EXAMPLE), "--out", str(out), "--no-cache", *flags]) == 0
    lib, _ = check(EXAMPLE)
    # The verifier ``publish`` runs: links (E313), external loads, markings …
    problems = verify_site(out, lib, Router())
    assert [d.format() for d in problems.items] == []
    assert (out / "stats" / "index.html").exists() == ("stats" not in off)
    assert (out / "search" / "index.html").exists() == ("search" not in off)
    unit_page = (out / "units" / "yudong.html").read_text(encoding="utf-8")
    assert ('class="rank-history"' in unit_page) == ("stats" not in off)
    assert ("stats/index.html" in unit_page) == ("stats" not in off)
    home = (out / "index.html").read_text(encoding="utf-8")
    assert ('class="site-search"' in home) == ("search" not in off)
    assert ("search/index.html" in home) == ("search" not in off)


@pytest.mark.parametrize("off", [pytest.param((), marks=pytest.mark.pdf), ("pdf",)], ids=["pdf-on", "no-pdf"])
def test_pdfs_switched_on_or_off_leave_no_broken_link(tmp_path: Path, off: tuple[str, ...],
                                                      request: pytest.FixtureRequest) -> None:
    """PDFs cost seconds per build: built once with them (marked ``pdf``), once with ``--no-pdf``."""
    out = tmp_path / "site"
    flags = [f"--no-{name}" for name in off]
    assert main(["build", "--content", str(EXAMPLE), "--out", str(out), "--no-cache", *flags]) == 0
    lib, _ = check(EXAMPLE)
    assert lib is not None
    problems = verify_site(out, lib, Router())
    assert [d.format() for d in problems.items] == []
    router = Router()
    issue = lib.issues[-1]
    assert (out / router.issue_pdf(issue)).exists() == ("pdf" not in off)
    page = (out / router.issue(issue)).read_text(encoding="utf-8")
    assert ('class="pdf-link"' in page) == ("pdf" not in off)


@pytest.mark.pdf  # (tests not marked pdf see the features without it: tests/conftest.py)
def test_the_pipeline_owns_one_list_of_features_with_short_names() -> None:
    features = available_features()
    assert [f.name for f in features] == list(FEATURE_NAMES) == ["stats", "search", "pdf"]
    for feature in features:  # every hook answers, whether the feature overrides it or not
        assert isinstance(feature.nav_items(Router()), list)


def test_render_stage_never_imports_a_feature() -> None:
    render = Path(__file__).resolve().parent.parent / "bulletin" / "render"
    for module in render.glob("*.py"):
        text = module.read_text(encoding="utf-8")
        for feature in ("bulletin.stats", "bulletin.search", "bulletin.pdf", "import_module", "inspect.", "hasattr("):
            assert feature not in text, f"{module.name} uses {feature}"
