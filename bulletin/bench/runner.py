"""The benchmark's scenarios, runs and report.

For each corpus size: a cold build (no output, no cache), a no-op rebuild,
one article edited, one new issue of ten articles, one template edited — each
run several times in a fresh process, reported as the median with min–max,
plus CPU seconds (all processes) and peak memory (main process and the
largest worker). At the end the incremental output is compared with a clean
build of the same content, byte for byte. Figures go to a JSON file and a
Markdown table (for docs/performance.md).
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bulletin.bench.corpus import ARTICLES_PER_ISSUE, PlannedIssue, issue_plan, next_issue, write_issue
from bulletin.bench.corpus import generate as generate_corpus
from bulletin.render.environment import DEFAULT_TEMPLATES

SCENARIOS = {
    "cold": "冷构建 cold build",
    "noop": "无改动重建 no-op rebuild",
    "edit": "改一篇文章 one article edited",
    "new_issue": "新增一期（10篇）new 10-article issue",
    "template": "改一个模板 one template edited",
}
# With --pdf: the same builds with the PDFs of every issue and year (bulletin/pdf).
PDF_SCENARIOS = {
    "cold_pdf": "冷构建（含PDF）cold build with PDFs",
    "noop_pdf": "无改动重建（含PDF）no-op rebuild with PDFs",
    "edit_pdf": "改一篇文章（含PDF）one article edited, with PDFs",
}
PDF_FEATURE = "pdf"
PDF_SAMPLE = 15  # issues whose PDF is timed one by one for the CPU cost per issue
TARGETS_10K = {"cold": 10.0, "noop": 0.5, "edit": 1.0, "new_issue": 1.5}  # seconds, from issue 6


@dataclass
class Sample:
    wall: float
    probe: dict


@dataclass
class SizeResult:
    articles: int
    issues: int
    samples: dict[str, list[Sample]] = field(default_factory=dict)
    identical_to_clean: bool | None = None
    pdf_cost: dict | None = None  # CPU seconds and pages per issue PDF (--pdf)

    def summary(self) -> dict:
        rows = {}
        for name, samples in self.samples.items():
            walls = [s.wall for s in samples]
            rows[name] = {
                "median_s": statistics.median(walls), "min_s": min(walls), "max_s": max(walls),
                "cpu_median_s": statistics.median(s.probe["cpu_seconds"] for s in samples),
                "rendered_pages": samples[-1].probe["rendered"],
                "written_files": samples[-1].probe["written"],
                "peak_rss_mb": max(s.probe["peak_rss_mb"] for s in samples),
                "peak_worker_rss_mb": max(s.probe["peak_worker_rss_mb"] for s in samples),
                "runs": len(samples),
            }
        return {"articles": self.articles, "issues": self.issues, "scenarios": rows,
                "identical_to_clean_build": self.identical_to_clean, "pdf_per_issue": self.pdf_cost}


def machine() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {"nproc": cores, "cpu": model or "?", "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}",
            "loadavg_at_start": os.getloadavg() if hasattr(os, "getloadavg") else None}


class Bench:
    def __init__(self, workdir: Path, runs: int, say, pdf: bool = False) -> None:  # noqa: ANN001 (print-like)
        self.workdir = workdir
        self.runs = runs
        self.say = say
        self.pdf = pdf  # also measure builds with PDFs; the other scenarios build without them

    def probe(self, content: Path, out: Path, cache: Path, theme: Path, use_cache: bool = True,
              with_pdf: bool = False) -> Sample:
        from bulletin.pipeline import FEATURE_NAMES

        features = [f for f in FEATURE_NAMES if with_pdf or f != PDF_FEATURE]
        spec = self.workdir / "probe.json"
        spec.write_text(json.dumps({"content": str(content), "out": str(out), "cache": str(cache),
                                    "templates": str(theme), "use_cache": use_cache, "features": features}),
                        encoding="utf-8")
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "bulletin.bench.probe", str(spec)],
                              capture_output=True, text=True, check=False)
        wall = time.perf_counter() - started
        try:
            data = json.loads(done.stdout.strip().splitlines()[-1])
        except (IndexError, json.JSONDecodeError):
            raise RuntimeError(f"build failed:\n{done.stdout}\n{done.stderr}") from None
        if "error" in data:
            raise RuntimeError("build failed: " + "\n".join(data["error"]))
        return Sample(wall, data)

    def size(self, articles: int) -> SizeResult:
        base = self.workdir / f"n{articles}"
        content, out, cache, theme = base / "content", base / "site", base / "cache", base / "theme"
        self.say(f"[{articles}] 生成语料 generating corpus …")
        corpus = generate_corpus(content, articles,
                                 progress=lambda done, total: self.say(f"[{articles}]   {done}/{total} 篇"))
        shutil.rmtree(theme, ignore_errors=True)
        shutil.copytree(DEFAULT_TEMPLATES, theme)
        names = list(SCENARIOS) + (list(PDF_SCENARIOS) if self.pdf else [])
        result = SizeResult(articles, corpus.issues, {name: [] for name in names})
        plan = issue_plan(articles)
        sources = sorted((content / "issues").glob("*/*/0*.md"))
        for run in range(1, self.runs + 1):
            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(cache, ignore_errors=True)
            self.measure(result, "cold", run, lambda: None, content, out, cache, theme)
            self.measure(result, "noop", run, lambda: None, content, out, cache, theme)
            self.measure(result, "edit", run, lambda run=run: edit_article(sources[(run * 997) % len(sources)], run),
                         content, out, cache, theme)
            self.measure(result, "new_issue", run, lambda: plan.append(write_new_issue(content, plan)),
                         content, out, cache, theme)
            self.measure(result, "template", run, lambda run=run: edit_template(theme, run),
                         content, out, cache, theme)
        if self.pdf:
            self.pdf_builds(result, content, base, theme, sources)
        self.say(f"[{articles}] 与完整重建逐字节比较 comparing with a clean build …")
        clean = base / "site-clean"
        shutil.rmtree(clean, ignore_errors=True)
        self.probe(content, clean, cache, theme, use_cache=False)
        result.identical_to_clean = same_tree(out, clean)
        self.say(f"[{articles}]   {'一致 identical' if result.identical_to_clean else '不一致 DIFFERENT'}")
        return result

    def pdf_builds(self, result: SizeResult, content: Path, base: Path, theme: Path, sources: list[Path]) -> None:
        """Cold, no-op and one-edit builds with PDFs (once each: a cold build makes every PDF), and
        the CPU cost of one issue's PDF."""
        out, cache = base / "site-pdf", base / "cache-pdf"
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        self.say(f"[{result.articles}] PDF：单期成本 CPU cost per issue …")
        result.pdf_cost = pdf_cost_per_issue(content)
        self.say(f"[{result.articles}]   {result.pdf_cost}")
        self.measure(result, "cold_pdf", 1, lambda: None, content, out, cache, theme, with_pdf=True)
        self.measure(result, "noop_pdf", 1, lambda: None, content, out, cache, theme, with_pdf=True)
        self.measure(result, "edit_pdf", 1, lambda: edit_article(sources[len(sources) // 2], 99),
                     content, out, cache, theme, with_pdf=True)

    def measure(self, result: SizeResult, name: str, run: int, change, content: Path, out: Path,  # noqa: ANN001
                cache: Path, theme: Path, with_pdf: bool = False) -> None:
        change()
        sample = self.probe(content, out, cache, theme, with_pdf=with_pdf)
        result.samples[name].append(sample)
        p = sample.probe
        label = {**SCENARIOS, **PDF_SCENARIOS}[name]
        self.say(f"[{result.articles}] {label} {run}/{self.runs}: {sample.wall:.2f} s "
                 f"(CPU {p['cpu_seconds']:.1f} s, {p['rendered']} 页重新生成, 写入 {p['written']} 个文件, "
                 f"内存 {p['peak_rss_mb']:.0f} MB / 子进程 {p['peak_worker_rss_mb']:.0f} MB)")


def pdf_cost_per_issue(content: Path, sample: int = PDF_SAMPLE) -> dict:
    """CPU seconds (this process) to lay out one issue's PDF, for issues spread over the
    corpus, after one untimed PDF that loads the fonts; with each PDF's page count."""
    from io import BytesIO

    from pypdf import PdfReader

    from bulletin.pdf import PdfMaker
    from bulletin.pdf.engine import render_pdf
    from bulletin.pipeline import check
    from bulletin.router import Router

    lib, _ = check(content)
    assert lib is not None
    maker = PdfMaker(lib, Router(), content)
    step = max(1, len(lib.issues) // sample)
    chosen = lib.issues[::step][:sample + 1]
    cpu, pages = [], []
    for i, issue in enumerate(chosen):
        started = time.process_time()
        html = maker.issue_html(issue)
        data = render_pdf(html, (content / issue.folder).resolve().as_uri() + "/", maker._allowed())
        if i:  # the first loads the fonts
            cpu.append(time.process_time() - started)
            pages.append(len(PdfReader(BytesIO(data)).pages))
    return {"issues_timed": len(cpu), "cpu_median_s": statistics.median(cpu), "cpu_max_s": max(cpu),
            "pages_median": statistics.median(pages), "cpu_per_page_s": sum(cpu) / sum(pages)}


def edit_article(path: Path, run: int) -> None:
    """A realistic correction: one sentence added to the body."""
    with open(path, "a", encoding="utf-8") as stream:
        stream.write(f"\n（第{run}次修改：补充说明有关情况。）\n")


def write_new_issue(content: Path, plan: list) -> PlannedIssue:
    planned = next_issue(plan, ARTICLES_PER_ISSUE)
    write_issue(content, planned)
    return planned


def edit_template(theme: Path, run: int) -> None:
    """A visible change to the article template: every article page changes."""
    page = theme / "article.html"
    text = re.sub(r'<nav (?:data-edit="\d+" )?class="pager"', f'<nav data-edit="{run}" class="pager"',
                  page.read_text(encoding="utf-8"))
    page.write_text(text, encoding="utf-8")


def same_tree(left: Path, right: Path) -> bool:
    def files(root: Path) -> set[str]:
        return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    names = files(left)
    if names != files(right):
        return False
    _, mismatch, errors = filecmp.cmpfiles(left, right, sorted(names), shallow=False)
    return not mismatch and not errors


def markdown_table(summary: dict) -> str:
    lines = ["| 场景 scenario | 中位数 median | 最小–最大 min–max | CPU | 重新生成页面 pages rendered "
             "| 峰值内存 peak RSS (main / worker) |", "|---|---|---|---|---|---|"]
    labels = {**SCENARIOS, **PDF_SCENARIOS}
    for name, row in summary["scenarios"].items():
        lines.append(f"| {labels[name]} | {row['median_s']:.2f} s | {row['min_s']:.2f}–{row['max_s']:.2f} s | "
                     f"{row['cpu_median_s']:.1f} s | {row['rendered_pages']} | "
                     f"{row['peak_rss_mb']:.0f} MB / {row['peak_worker_rss_mb']:.0f} MB |")
    cost = summary.get("pdf_per_issue")
    if cost:
        lines.append(f"\nPDF：每期 CPU 中位数 {cost['cpu_median_s']:.2f} s（最多 {cost['cpu_max_s']:.2f} s），"
                     f"每期 {cost['pages_median']} 页，每页 {cost['cpu_per_page_s']:.2f} s "
                     f"(PDF per issue: median {cost['cpu_median_s']:.2f} CPU s, {cost['pages_median']} pages)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bulletin.bench",
                                     description="速度基准 (speed benchmark): docs/performance.md")
    parser.add_argument("--articles", default="1000,10000",
                        help="语料规模，逗号分隔 (corpus sizes, default 1000,10000)")
    parser.add_argument("--pdf", action="store_true",
                        help="同时测量含 PDF 的构建和每期 PDF 的成本 (also measure builds with PDFs)")
    parser.add_argument("--runs", type=int, default=3, help="每个场景的运行次数 (runs per scenario, default 3)")
    parser.add_argument("--workdir", type=Path, default=Path("bench-results/work"),
                        help="语料和输出所在文件夹 (where corpora and sites go)")
    parser.add_argument("--results", type=Path, default=None,
                        help="结果文件 (JSON results file, default bench-results/bench-<time>.json)")
    args = parser.parse_args(argv)
    sizes = [int(n) for n in args.articles.split(",") if n.strip()]
    args.workdir.mkdir(parents=True, exist_ok=True)
    say = lambda text: print(text, flush=True)  # noqa: E731
    report = {"machine": machine(), "runs": args.runs, "sizes": []}
    bench = Bench(args.workdir.resolve(), max(1, args.runs), say, pdf=args.pdf)
    for articles in sizes:
        summary = bench.size(articles).summary()
        report["sizes"].append(summary)
        say(f"\n## {articles} 篇 ({summary['issues']} 期)\n\n{markdown_table(summary)}\n")
    report["machine"]["loadavg_at_end"] = os.getloadavg() if hasattr(os, "getloadavg") else None
    target = args.results or Path("bench-results") / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    say(f"结果已写入 results written to {target}")
    return 0
