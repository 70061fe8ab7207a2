#!/usr/bin/env python3
"""Measures the search at scale (not a test; numbers go to docs/readers.md).

Generates a corpus of N articles (default 10,000) from the example content's
units and sentences, builds it, serves it over HTTP under /jianbao/, and for
each query records in headless Chromium how many bytes of index the search
page loaded and how long the query took (page script start to results shown).

    python3 tests/browser/measure_search.py [--articles 10000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import random
import re
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from bulletin.pipeline import BuildOptions, build  # noqa: E402

EXAMPLE = ROOT / "content"
QUERIES = ["行动学习", "参学率", "考勤", "玉东新区", "市工信委", "保障性住房", "农产品质量安全", "学习成果转化",
           "平河 考勤", "偿", "800字", "量子计算"]
ARTICLES_PER_ISSUE = 20
ISSUES_PER_YEAR = 25
KINDS = ["briefing", "case", "progress"]


def sentences() -> list[str]:
    found = []
    for path in sorted((EXAMPLE / "issues").rglob("*.md")):
        body = path.read_text(encoding="utf-8").split("---", 2)[-1]
        found += [s + "。" for s in re.split(r"[。\n]", body)
                  if len(s) > 12 and not s.startswith(("#", "|", "!")) and "](" not in s]  # no links to files
    return found


def generate(target: Path, count: int, seed: int = 4) -> None:
    rng = random.Random(seed)
    pool = sentences()
    shutil.copy(EXAMPLE / "site.yaml", target / "site.yaml")
    shutil.copy(EXAMPLE / "units.yaml", target / "units.yaml")
    units = re.findall(r"- id: (\w+)\n\s+name: (\S+)", (EXAMPLE / "units.yaml").read_text(encoding="utf-8"))
    made = 0
    year = 2012
    while made < count:
        for number in range(1, ISSUES_PER_YEAR + 1):
            if made >= count:
                break
            folder = target / "issues" / str(year) / f"{number:03d}"
            folder.mkdir(parents=True)
            day = f"{year}-{(number - 1) // 2 % 12 + 1:02d}-{(number % 2) * 14 + 1:02d}"
            (folder / "issue.md").write_text(f"---\ndate: {day}\n---\n", encoding="utf-8")
            for position in range(1, ARTICLES_PER_ISSUE + 1):
                if made >= count:
                    break
                unit_id, unit_name = rng.choice(units)
                title = unit_name + rng.choice(pool)[:rng.randint(8, 18)].rstrip("。，、")
                paragraphs = ["".join(rng.sample(pool, rng.randint(3, 6))) for _ in range(rng.randint(3, 6))]
                (folder / f"{position:02d}-a.md").write_text(
                    f"---\ntitle: {title}\nkind: {rng.choice(KINDS)}\nunits: [{unit_id}]\n---\n"
                    + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
                made += 1
        year += 1


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


def measure(served: Path) -> list[tuple[str, int, int, int, int]]:
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(served)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/jianbao/"
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for query in QUERIES:
            context = browser.new_context()  # a cold cache for every query
            page = context.new_page()
            page.goto(base + "search/index.html?q=" + quote(query))
            page.wait_for_selector("body[data-search-state=done]", timeout=60000)
            loaded = page.evaluate("""performance.getEntriesByType('resource')
                .filter(r => r.name.indexOf('/search/') >= 0 && r.name.indexOf('search.js') < 0)
                .map(r => r.encodedBodySize)""")
            ms = int(page.get_attribute("body", "data-search-ms"))
            hits = page.locator("#search-results > li").count()
            status = page.inner_text("#search-status")
            counted = re.search(r"找到 (\d+) 篇", status)
            found = int(counted.group(1)) if counted else 0
            rows.append((query, len(loaded), sum(loaded), ms, found if found else hits))
            context.close()
        browser.close()
    server.shutdown()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bulletin-search-scale-"))
    content, served = work / "content", work / "served"
    content.mkdir(parents=True, exist_ok=True)
    if not (content / "site.yaml").exists():
        generate(content, args.articles)
    articles = sum(1 for p in (content / "issues").rglob("*.md") if p.name != "issue.md")
    started = time.perf_counter()
    build(BuildOptions(content=content, out=served / "jianbao"))
    build_seconds = time.perf_counter() - started
    index = served / "jianbao" / "search"
    files = list(index.glob("*.js"))
    total = sum(f.stat().st_size for f in files) / 1e6
    largest = max(f.stat().st_size for f in files if f.name.startswith("index-")) / 1e3
    print(f"{articles} articles: build {build_seconds:.1f} s; index {len(files)} files, {total:.1f} MB; "
          f"meta.js {(index / 'meta.js').stat().st_size / 1e3:.0f} KB; largest shard {largest:.0f} KB")
    print("| query | scripts loaded | index bytes loaded | query time (ms) | results |")
    print("|---|---|---|---|---|")
    for query, scripts, size, ms, found in measure(served):
        print(f"| {query} | {scripts} | {size / 1e3:.0f} KB | {ms} | {found} |")
    if not args.keep:
        shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
