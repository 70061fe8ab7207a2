"""Browser fixtures: the example site built once, served over HTTP under the
/jianbao/ sub-path by a small threaded server on a free port, and Debian's
chromium driven headless by Playwright (never ``playwright install``)."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from bulletin.pipeline import BuildOptions, build
from bulletin.search import shards

EXAMPLE = Path(__file__).resolve().parent.parent.parent / "content"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SUB_PATH = "jianbao"
# The example is one segment of few shards; small segments of many shards make
# every query read several segments and shards, so the browser must number
# articles and hash keys exactly as the Python build does. Blocks of 32 articles
# in docs chunks of 4 cut the example's 61 into a whole segment and the unfinished
# block's 16 + 8 + 4 + 1, each numbering its articles from its own first one.
TEST_SEGMENTS = {"SEGMENT_SIZE": 32, "DOCS_PER_CHUNK": 4, "ARTICLES_PER_PAIR_SHARD": 2, "ARTICLES_PER_CHAR_SHARD": 4}


@pytest.fixture(scope="session")
def served_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the built example as ``jianbao/``."""
    root = tmp_path_factory.mktemp("served")
    saved = {name: getattr(shards, name) for name in TEST_SEGMENTS}
    for name, value in TEST_SEGMENTS.items():
        setattr(shards, name, value)
    try:
        build(BuildOptions(content=EXAMPLE, out=root / SUB_PATH))
    finally:
        for name, value in saved.items():
            setattr(shards, name, value)
    return root


@pytest.fixture(scope="session")
def site_dir(served_root: Path) -> Path:
    return served_root / SUB_PATH


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (base class signature)
        pass


@pytest.fixture(scope="session")
def http_base(served_root: Path) -> Iterator[str]:
    """``http://127.0.0.1:<free port>/jianbao/``."""
    handler = functools.partial(_QuietHandler, directory=str(served_root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{SUB_PATH}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def file_base(site_dir: Path) -> str:
    return site_dir.as_uri() + "/"


@pytest.fixture(scope="module")
def browser():
    # Module scope: only one sync Playwright may run at a time, and other test
    # modules (statistics, serve) start their own.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.script_errors = errors  # type: ignore[attr-defined]
    try:
        yield page
    finally:
        context.close()
