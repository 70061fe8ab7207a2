"""Each period's lines of the rankings CSV are kept in the build cache under what its ranking was
counted from (stats/export.py, ``Ranking.made_from``), each unit's lines of the figures CSV under its
figures: a rebuild writes again the lines of the periods and units whose figures changed, and every
CSV still equals a clean build's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bulletin.bench.corpus import issue_plan, next_issue, write_issue
from bulletin.pipeline import BuildOptions, build
from bulletin.stats import export
from bulletin.stats.rankings import Ranking
from tests.register_fixture import write_register_site
from tests.test_feed_entries import assert_change_remakes, substitute
from tests.test_incremental import ARTICLES, Workspace, built_workspace
from tests.test_stats_tokens import assert_same_as_clean


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The periods whose lines a build makes (rather than takes from the cache)."""
    periods: list[str] = []
    rows = export.ranking_rows

    def counted(lib, rankings: list[Ranking]):  # type: ignore[no-untyped-def]
        periods.extend(r.period.key for r in rankings)
        return rows(lib, rankings)

    monkeypatch.setattr(export, "ranking_rows", counted)
    return periods


def _append(path: Path, text: str, encoding: str = "utf-8") -> None:
    path.write_bytes(path.read_bytes() + text.encode(encoding))


def test_a_register_edit_writes_the_lines_of_its_periods_only(tree, tmp_path: Path, made: list[str]) -> None:
    content = write_register_site(tree)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(BuildOptions(content=content, out=out, cache=cache))
    # 平河区 submits one more item in March: March, the first quarter, the year … change, not January.
    _append(content / "submissions/2011上半年.csv", "X-9,2011-03-02,平河区,平河区三月信息,,,,,\r\n", "gbk")
    made.clear()
    build(BuildOptions(content=content, out=out, cache=cache))
    assert "2011-03" in made and "2011-Q1" in made
    assert "2011-01" not in made and "2011-02" not in made
    assert "2011-03,平河区,1,0" in (out / "stats/rankings-month.csv").read_text(encoding="utf-8-sig")
    assert_same_as_clean(content, out, tmp_path / "clean")


CHANGES = {
    # what the lines show besides the register: a unit's name, the points (site.yaml)
    "unit name": ("units.yaml", "name: 平河区", "name: 平河新区"),
    "scoring": ("site.yaml", "missed_request: -5", "missed_request: -3"),
}


@pytest.mark.parametrize("change", CHANGES)
def test_each_input_of_the_lines_writes_them_again(tree, tmp_path: Path, made: list[str], change: str) -> None:
    content = write_register_site(tree)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(BuildOptions(content=content, out=out, cache=cache))
    before = (out / "stats/rankings-month.csv").read_bytes()
    name, old, new = CHANGES[change]
    path = content / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    made.clear()
    build(BuildOptions(content=content, out=out, cache=cache))
    assert "2011-01" in made
    assert (out / "stats/rankings-month.csv").read_bytes() != before
    assert_same_as_clean(content, out, tmp_path / "clean")


@pytest.fixture
def units_made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The units whose lines of the figures CSV a build makes (rather than takes from the cache)."""
    units: list[str] = []
    rows = export._figure_rows

    def counted(name: str, unit_id: str, unit_series):  # type: ignore[no-untyped-def]
        units.append(unit_id)
        return rows(name, unit_id, unit_series)

    monkeypatch.setattr(export, "_figure_rows", counted)
    return units


def _progress(ws: Workspace) -> Path:
    """The newest progress report with figures."""
    return next(p for p in reversed(ws.articles()) if "\nmetrics:" in p.read_text(encoding="utf-8"))


def _units_with_figures(path: Path) -> set[str]:
    return set(re.findall(r"^  ([\w-]+): \{", path.read_text(encoding="utf-8"), flags=re.M))


def test_a_new_issue_writes_the_figures_of_its_units_only(tmp_path: Path, units_made: list[str]) -> None:
    ws = built_workspace(tmp_path)
    planned = next_issue(issue_plan(ARTICLES))
    folder = write_issue(ws.content, planned)
    units_made.clear()
    ws.build()
    assert set(units_made) == set().union(*(_units_with_figures(p) for p in folder.glob("*.md")))
    ws.assert_same_as_clean()


FIGURE_CHANGES = {
    # what the figures CSV shows: a reading, the article's title, the unit's name, the metric's label
    "reading": lambda ws: substitute(_progress(ws), r"participants: \d+", "participants: 12345"),
    "title": lambda ws: substitute(_progress(ws), r"^title: ", "title: 【更正】"),
    "unit name": lambda ws: substitute(ws.content / "units.yaml",
                                        rf"(id: {sorted(_units_with_figures(_progress(ws)))[0]}, name: )", r"\1新"),
    "metric label": lambda ws: substitute(ws.content / "site.yaml", r"label: 参学人数", "label: 参学人次"),
}


@pytest.mark.parametrize("change", FIGURE_CHANGES)
def test_each_input_of_the_figures_writes_them_again(tmp_path: Path, change: str) -> None:
    ws = built_workspace(tmp_path)
    assert_change_remakes(ws, ws.out / "stats/figures.csv", FIGURE_CHANGES[change])
