"""Shared fixtures: the example content, small fixture sites written on the fly,
and helpers to build them."""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest

from bulletin.pipeline import BuildOptions, build

ROOT = Path(__file__).resolve().parent.parent
WINDOWS_LIKE_DIR = ROOT / "tests" / "windows_like"
EXAMPLE = ROOT / "content"
ARTIFACTS = ROOT / "tests" / "artifacts"

MINIMAL_SITE = """\
title: 学习型领导班子建设工作简报
publisher: 市学习型领导班子建设活动领导小组办公室
marking: 内部资料 注意保存
stages:
  - {id: pilot, name: 试点阶段, start: 2010-05-01, end: 2010-10-31}
  - {id: rollout, name: 全面铺开, start: 2010-11-01}
metrics:
  participants: {label: 参加人数, unit: 人}
  participation_rate: {label: 参学率, unit: "%"}
distribution:
  报: [市委常委]
  送: [市委组织部]
  发: [各试点单位]
copies: 120
"""

MINIMAL_UNITS = """\
units:
  - {id: yudong, name: 玉东新区, short: 玉东, type: county, group: 县市区, batch: 1}
  - {id: gongxin, name: 市工业和信息化委员会, short: 市工信委, type: department, group: 市直单位, batch: 1}
  - {id: lanxi, name: 兰溪市, type: county, group: 县市区, batch: 2}
"""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the slow tests that need a real browser or a real nginx (registered in
    pyproject.toml), so that ``pytest -m "not browser and not nginx"`` runs the rest."""
    browser_folder = Path(__file__).resolve().parent / "browser"
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if browser_folder in Path(item.path).parents or "browser" in fixtures or "page" in fixtures:
            item.add_marker(pytest.mark.browser)
        if "nginx" in fixtures:
            item.add_marker(pytest.mark.nginx)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--windows-like", action="store_true",
                     help="behave like Windows: spawn only, no fork; os.symlink fails with WinError 1314")


def pytest_configure(config: pytest.Config) -> None:
    """Windows-like mode (tests/windows_like/sitecustomize.py) for this process and every
    process the tests start, which inherit the variable and find the module on PYTHONPATH."""
    if not (config.getoption("--windows-like") or os.environ.get("BULLETIN_WINDOWS_LIKE") == "1"):
        return
    os.environ["BULLETIN_WINDOWS_LIKE"] = "1"
    os.environ["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(WINDOWS_LIKE_DIR), str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    import importlib.util

    spec = importlib.util.spec_from_file_location("bulletin_windows_like", WINDOWS_LIKE_DIR / "sitecustomize.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # applies the patches, since the variable is set


class ContentTree:
    """A content folder under tmp_path; ``write`` takes text or raw bytes."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, rel: str, data: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(textwrap.dedent(data), encoding="utf-8")
        return path

    def article(self, rel: str, front: str, body: str = "正文。\n") -> Path:
        return self.write(rel, "---\n" + textwrap.dedent(front).strip("\n") + "\n---\n" + body)

    def issue(self, year: int, number: str, front: str = "date: 2010-06-01\n") -> Path:
        return self.write(f"issues/{year}/{number}/issue.md", "---\n" + textwrap.dedent(front) + "---\n")


@pytest.fixture(autouse=True, scope="session")
def _cache_home(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Build caches, their key and build locks go to a folder of this test run, not the user's home."""
    os.environ["BULLETIN_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache-home"))
@pytest.fixture(autouse=True)
def _pdfs_only_when_asked(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """PDFs cost seconds per build: tests build them only when marked ``pdf`` (tests/test_pdf.py)
    or through a session fixture (the example site and the browser tests' site have them)."""
    if request.node.get_closest_marker("pdf") is None:
        from bulletin import pipeline

        monkeypatch.delitem(pipeline.FEATURES, "pdf")


@pytest.fixture
def tree(tmp_path: Path) -> ContentTree:
    """A minimal valid bulletin: one issue with one article."""
    content = ContentTree(tmp_path / "content")
    content.write("site.yaml", MINIMAL_SITE)
    content.write("units.yaml", MINIMAL_UNITS)
    content.issue(2010, "001", "date: 2010-06-01\n")
    content.article("issues/2010/001/01-yudong.md", """
        title: 玉东新区召开行动学习动员会
        kind: briefing
        units: [yudong]
        tags: [行动学习]
    """)
    return content


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example content built once for the whole session (read-only!)."""
    out = tmp_path_factory.mktemp("example") / "site"
    build(BuildOptions(content=EXAMPLE, out=out))
    return out


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A private copy of the example content that a test may change."""
    target = tmp_path / "content"
    shutil.copytree(EXAMPLE, target)
    return target


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
