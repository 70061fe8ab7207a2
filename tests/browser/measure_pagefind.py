#!/usr/bin/env python3
"""Runs the search recall set against Pagefind, for the comparison in docs/readers.md
(not a test, and Pagefind is not a dependency of the project).

    pip install --target /tmp/pagefind "pagefind[extended]"
    PYTHONPATH=/tmp/pagefind python3 tests/browser/measure_pagefind.py

Builds the example, indexes it with Pagefind (jieba segmentation at index
time), then asks Pagefind's own JavaScript API in headless Chromium for each
query of the recall set, over HTTP under /jianbao/ and from file://. Only
article pages count as results (Pagefind also indexes issue and list pages).
Queries with filters are left out: Pagefind filters need extra markup.
"""

from __future__ import annotations

import functools
import http.server
import re
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from recall_set import RECALL_SET  # noqa: E402

from bulletin.pipeline import (  # noqa: E402
    BuildOptions,
    build,
    check,  # noqa: E402
)
from bulletin.router import Router  # noqa: E402

ARTICLE = re.compile(r"issues/\d{4}/\d{3}/[^/]+\.html$")
SEARCH = """async ([module, query]) => {
  try {
    const pagefind = await import(module);
    const found = await pagefind.search(query);
    const pages = await Promise.all(found.results.map(r => r.data()));
    return {urls: pages.map(p => p.url)};
  } catch (e) { return {error: String(e)}; }
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


def run(page, base: str, by_source: dict[str, str]) -> tuple[int, int, str]:
    passed, total, error = 0, 0, ""
    page.goto(base + "index.html")
    for item in RECALL_SET:
        if item.filters:
            continue
        total += 1
        answer = page.evaluate(SEARCH, [base + "pagefind/pagefind.js", item.query])
        if "error" in answer:
            error = answer["error"]
            continue
        found = {unquote(u).split("/jianbao/", 1)[-1].lstrip("/") for u in answer["urls"]}
        found = {u for u in found if ARTICLE.search(u)}
        wanted = {by_source[m] for m in item.must}
        ok = (not found) if item.absent else wanted <= found
        passed += ok
        if not ok:
            print(f"  {base[:4]} {item.query!r}: missing {sorted(wanted - found)[:3]}")
    return passed, total, error


def main() -> int:
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="bulletin-pagefind-"))
    site = work / "jianbao"
    build(BuildOptions(content=ROOT / "content", out=site, features=[]))
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site)], check=True, capture_output=True)
    lib, _ = check(ROOT / "content")
    router = Router()
    by_source = {a.source: router.article(a) for a in lib.articles}
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(work)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page()
        for label, base in (("HTTP under /jianbao/", f"http://127.0.0.1:{server.server_address[1]}/jianbao/"),
                            ("file://", site.as_uri() + "/")):
            passed, total, error = run(page, base, by_source)
            print(f"Pagefind, {label}: {passed}/{total} queries pass" + (f" (error: {error})" if error else ""))
        browser.close()
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
