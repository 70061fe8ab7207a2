"""The benchmark's scenarios, runs and report.

For each corpus size: a cold build (no output, no cache), a no-op rebuild,
one article edited, one new issue of ten articles, one template edited — each
run several times in a fresh process, reported as the median with min–max,
plus CPU seconds (all processes) and peak memory (main process and the
largest worker). Interleaved with these runs, on the same content at the same
moment, Hugo (when installed) builds the same articles cold and then rebuilds
them (bench/hugo.py); the report gives our figures as ratios of Hugo's. The
``stats`` command is timed on the whole campaign. At the end the incremental
output is compared with a clean build of the same content, byte for byte.
Figures go to a JSON file and Markdown tables (for docs/performance.md).
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
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from bulletin.bench.corpus import ARTICLES_PER_ISSUE, PlannedIssue, issue_plan, next_issue, write_issue
from bulletin.bench.corpus import generate as generate_corpus
from bulletin.bench.hugo import HugoSite, find_hugo, hugo_version
from bulletin.render.environment import DEFAULT_TEMPLATES
from bulletin.texts import say as text

SCENARIOS = {  # name: (Chinese, English)
    "cold": ("冷构建", "cold build"),
    "noop": ("无改动重建", "no-op rebuild"),
    "edit": ("改一篇文章", "one article edited"),
    "new_issue": ("新增一期（10篇）", "new 10-article issue"),
    "template": ("改一个模板", "one template edited"),
}
OTHER_RUNS = {
    "hugo_cold": ("Hugo 冷构建", "Hugo cold build"),
    "hugo_rebuild": ("Hugo 重建", "Hugo rebuild"),
    "stats": ("stats 命令（全部期间）", "stats command, every period"),
}
# With --pdf: the same builds with the PDFs of every issue and year (bulletin/pdf); the
# scenarios above build without them, so that PDFs are reported apart.
PDF_SCENARIOS = {
    "cold_pdf": ("冷构建（含PDF）", "cold build with PDFs"),
    "noop_pdf": ("无改动重建（含PDF）", "no-op rebuild with PDFs"),
    "edit_pdf": ("改一篇文章（含PDF）", "one article edited, with PDFs"),
}
PDF_FEATURE = "pdf"
PDF_SAMPLE = 15  # issues whose PDF is timed one by one for the CPU cost per issue
# Issue 17's targets: our time (or memory) over Hugo's; the rebuild scenarios
# are compared with Hugo's full rebuild, since Hugo always renders everything.
RATIO_TARGETS = {"cold": ("hugo_cold", 2.5), "noop": ("hugo_rebuild", 0.1), "edit": ("hugo_rebuild", 0.2),
                 "new_issue": ("hugo_rebuild", 0.3)}
MEMORY_TARGET = 0.5
STATS_TARGET_S = 1.0


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
    hugo_version: str | None = None
    pdf_cost: dict | None = None  # CPU seconds and pages per issue PDF (--pdf)

    def summary(self) -> dict:
        rows = {name: _row(samples) for name, samples in self.samples.items() if samples}
        return {"articles": self.articles, "issues": self.issues, "scenarios": rows, "hugo": self.hugo_version,
                "ratios": ratios(rows), "identical_to_clean_build": self.identical_to_clean,
                "pdf_per_issue": self.pdf_cost}


def _row(samples: list[Sample]) -> dict:
    walls = [s.wall for s in samples]
    last = samples[-1].probe
    return {
        "median_s": statistics.median(walls), "min_s": min(walls), "max_s": max(walls),
        "cpu_median_s": statistics.median(s.probe["cpu_seconds"] for s in samples),
        "rendered_pages": last.get("rendered"), "written_files": last.get("written"),
        "peak_rss_mb": max(s.probe["peak_rss_mb"] for s in samples),
        "peak_worker_rss_mb": max(s.probe.get("peak_worker_rss_mb", 0.0) for s in samples),
        "runs": len(samples),
    }


def ratios(rows: dict) -> dict:
    """Ours over Hugo's, per target: median ratio and the min–max of the run-by-run ratios."""
    result: dict[str, dict] = {}
    for ours, (theirs, target) in RATIO_TARGETS.items():
        if ours in rows and theirs in rows:
            result[ours] = {"against": theirs, "target": target,
                            "ratio": rows[ours]["median_s"] / rows[theirs]["median_s"],
                            # On a busy machine wall times swing; CPU seconds show the work itself.
                            "cpu_ratio": rows[ours]["cpu_median_s"] / rows[theirs]["cpu_median_s"]}
    if "cold" in rows and "hugo_cold" in rows:
        hugo_peak = max(rows["hugo_cold"]["peak_rss_mb"], rows.get("hugo_rebuild", {}).get("peak_rss_mb", 0.0))
        result["memory"] = {"against": "hugo_cold", "target": MEMORY_TARGET,
                            "ratio": max(r["peak_rss_mb"] for n, r in rows.items() if n in SCENARIOS) / hugo_peak}
    for row in result.values():
        row["met"] = row["ratio"] <= row["target"]
    return result


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


def child_environment() -> dict[str, str]:
    """The measured processes' environment: as on an office PC, Python keeps compiled
    modules (__pycache__), so every run after the first skips compiling this program."""
    return {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def timed_process(command: list[str]) -> tuple[float, dict, str]:
    """Run ``command``; wall time, its own CPU time and peak memory (wait4), and its output."""
    started = time.perf_counter()
    done = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=child_environment())
    output = done.stdout.read() if done.stdout else b""  # read to the end before waiting: no full-pipe stall
    _, status, usage = os.wait4(done.pid, 0)
    wall = time.perf_counter() - started
    if done.stdout:
        done.stdout.close()
    done.returncode = os.waitstatus_to_exitcode(status)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n"
                           f"{output.decode('utf-8', 'replace')[-4000:]}")
    return wall, {"cpu_seconds": usage.ru_utime + usage.ru_stime, "peak_rss_mb": usage.ru_maxrss / 1024}, \
        output.decode("utf-8", "replace")


class Bench:
    def __init__(self, workdir: Path, runs: int, say: Callable[[str], None], hugo: str | None,
                 register_rows: int | None = None, pdf: bool = False) -> None:
        self.workdir = workdir
        self.runs = runs
        self.say = say
        self.hugo = hugo
        self.register_rows = register_rows  # None: as many rows as articles
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
                              capture_output=True, text=True, check=False, env=child_environment())
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
        self.say(text("bench.corpus", articles=articles))
        rows = articles if self.register_rows is None else self.register_rows
        corpus = generate_corpus(content, articles, progress=lambda done, total: self.say(
            text("bench.corpus_progress", articles=articles, done=done, total=total)), register_rows=rows)
        shutil.rmtree(theme, ignore_errors=True)
        shutil.copytree(DEFAULT_TEMPLATES, theme)
        hugo_site = HugoSite(base / "hugo") if self.hugo else None
        if hugo_site is not None:
            shutil.rmtree(hugo_site.root, ignore_errors=True)
            hugo_site.write_skeleton()
        names = [*SCENARIOS, *OTHER_RUNS, *(PDF_SCENARIOS if self.pdf else [])]
        result = SizeResult(articles, corpus.issues, {name: [] for name in names},
                            hugo_version=hugo_version(self.hugo) if self.hugo else None)
        plan = issue_plan(articles)
        sources = sorted((content / "issues").glob("*/*/0*.md"))
        builds = (content, out, cache, theme)
        for run in range(1, self.runs + 1):
            # Interleaved, so that both programs see the same machine load and the same content.
            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(cache, ignore_errors=True)
            self.measure(result, "cold", run, lambda: None, *builds)
            self.measure_hugo(result, "hugo_cold", run, content, hugo_site, cold=True)
            self.measure(result, "noop", run, lambda: None, *builds)
            self.measure_hugo(result, "hugo_rebuild", run, content, hugo_site, cold=False)
            self.measure(result, "edit", run, partial(edit_article, sources[(run * 997) % len(sources)], run), *builds)
            self.measure(result, "new_issue", run, lambda: plan.append(write_new_issue(content, plan)), *builds)
            self.measure_stats(result, run, content, cache)
            self.measure(result, "template", run, partial(edit_template, theme, run), *builds)
        if self.pdf:
            self.pdf_builds(result, content, base, theme, sources)
        self.say(text("bench.comparing", articles=articles))
        clean = base / "site-clean"
        shutil.rmtree(clean, ignore_errors=True)
        self.probe(content, clean, cache, theme, use_cache=False)
        result.identical_to_clean = same_tree(out, clean)
        self.say(text("bench.identical" if result.identical_to_clean else "bench.different", articles=articles))
        return result

    def pdf_builds(self, result: SizeResult, content: Path, base: Path, theme: Path, sources: list[Path]) -> None:
        """Cold, no-op and one-edit builds with PDFs (once each: a cold build makes every PDF), and
        the CPU cost of one issue's PDF."""
        out, cache = base / "site-pdf", base / "cache-pdf"
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        self.say(text("bench.pdf_cost", articles=result.articles))
        result.pdf_cost = pdf_cost_per_issue(content)
        self.say(text("bench.pdf_cost_result", articles=result.articles, **result.pdf_cost))
        self.measure(result, "cold_pdf", 1, lambda: None, content, out, cache, theme, with_pdf=True)
        self.measure(result, "noop_pdf", 1, lambda: None, content, out, cache, theme, with_pdf=True)
        self.measure(result, "edit_pdf", 1, partial(edit_article, sources[len(sources) // 2], 99),
                     content, out, cache, theme, with_pdf=True)

    def measure(self, result: SizeResult, name: str, run: int, change: Callable[[], object], content: Path,
                out: Path, cache: Path, theme: Path, with_pdf: bool = False) -> None:
        change()
        sample = self.probe(content, out, cache, theme, with_pdf=with_pdf)
        result.samples[name].append(sample)
        p = sample.probe
        self.say(text("bench.sample", articles=result.articles, **labels(name), run=run, runs=self.runs,
                      wall=sample.wall, cpu=p["cpu_seconds"], rendered=p["rendered"], written=p["written"],
                      rss=p["peak_rss_mb"], worker_rss=p["peak_worker_rss_mb"]))

    def measure_hugo(self, result: SizeResult, name: str, run: int, content: Path, site: HugoSite | None,
                     cold: bool) -> None:
        if site is None or self.hugo is None:
            return
        site.sync(content)
        if cold:
            site.clean()
        done = site.build(self.hugo)
        self.record(result, name, run, Sample(done.wall, {"cpu_seconds": done.cpu_seconds,
                                                          "peak_rss_mb": done.peak_rss_mb, "pages": done.pages}))

    def measure_stats(self, result: SizeResult, run: int, content: Path, cache: Path) -> None:
        """``stats`` over every month of the campaign, to a file, as the office runs it after
        building the site: with the build's cache (the default one when the office runs it)."""
        target = self.workdir / "stats.csv"
        wall, usage, _ = timed_process([sys.executable, "-m", "bulletin", "stats", "--content", str(content),
                                        "--cache", str(cache), "--format", "csv", "--output", str(target)])
        self.record(result, "stats", run, Sample(wall, usage))

    def record(self, result: SizeResult, name: str, run: int, sample: Sample) -> None:
        result.samples[name].append(sample)
        self.say(text("bench.sample_other", articles=result.articles, **labels(name), run=run,
                      runs=self.runs, wall=sample.wall, cpu=sample.probe["cpu_seconds"],
                      rss=sample.probe["peak_rss_mb"]))


def labels(name: str) -> dict[str, str]:
    zh, en = {**SCENARIOS, **OTHER_RUNS, **PDF_SCENARIOS}[name]
    return {"scenario": zh, "scenario_en": en}


def label(name: str) -> str:
    """A scenario's name for the Markdown tables: Chinese, then English."""
    zh, en = {**SCENARIOS, **OTHER_RUNS, **PDF_SCENARIOS}[name]
    return f"{zh} {en}"


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


def write_new_issue(content: Path, plan: list[PlannedIssue]) -> PlannedIssue:
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
    for name, row in summary["scenarios"].items():
        rendered = "—" if row["rendered_pages"] is None else row["rendered_pages"]
        worker = f" / {row['peak_worker_rss_mb']:.0f} MB" if name in SCENARIOS or name in PDF_SCENARIOS else ""
        lines.append(f"| {label(name)} | {row['median_s']:.2f} s | {row['min_s']:.2f}–{row['max_s']:.2f} s | "
                     f"{row['cpu_median_s']:.1f} s | {rendered} | {row['peak_rss_mb']:.0f} MB{worker} |")
    cost = summary.get("pdf_per_issue")
    if cost:
        lines.append(f"\nPDF：每期 CPU 中位数 {cost['cpu_median_s']:.2f} s（最多 {cost['cpu_max_s']:.2f} s），"
                     f"每期 {cost['pages_median']} 页，每页 {cost['cpu_per_page_s']:.2f} s "
                     f"(PDF per issue: median {cost['cpu_median_s']:.2f} CPU s, {cost['pages_median']} pages)")
    return "\n".join(lines)


def ratio_table(summary: dict) -> str:
    """Issue 17's table: ours, Hugo's, the ratio and its target."""
    rows, lines = summary["scenarios"], []
    if not summary["ratios"]:
        return ""
    lines += [f"| 指标 measure | bulletin | Hugo {summary['hugo']} | 比值 ratio | 目标 target | 达到 met "
              "| CPU 比值 CPU ratio |", "|---|---|---|---|---|---|---|"]
    for name, row in summary["ratios"].items():
        met = "是 yes" if row["met"] else "否 no"
        if name == "memory":
            ours = max(r["peak_rss_mb"] for n, r in rows.items() if n in SCENARIOS)
            theirs = max(rows[n]["peak_rss_mb"] for n in ("hugo_cold", "hugo_rebuild") if n in rows)
            lines.append(f"| 峰值内存 peak memory | {ours:.0f} MB | {theirs:.0f} MB | {row['ratio']:.2f} | "
                         f"≤ {row['target']} | {met} | — |")
            continue
        ours, theirs = rows[name], rows[row["against"]]
        lines.append(f"| {label(name)} | {ours['median_s']:.2f} s ({ours['min_s']:.2f}–{ours['max_s']:.2f}) | "
                     f"{theirs['median_s']:.2f} s ({theirs['min_s']:.2f}–{theirs['max_s']:.2f}) | "
                     f"{row['ratio']:.2f} | ≤ {row['target']} | {met} | {row['cpu_ratio']:.2f} |")
    if "stats" in rows:
        stats = rows["stats"]
        met = "是 yes" if stats["median_s"] <= STATS_TARGET_S else "否 no"
        lines.append(f"| {label('stats')} | {stats['median_s']:.2f} s ({stats['min_s']:.2f}–{stats['max_s']:.2f})"
                     f" | — | — | ≤ {STATS_TARGET_S:g} s | {met} | — |")
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
    parser.add_argument("--hugo", default=None, metavar="PATH",
                        help="Hugo 程序的位置，默认在 PATH 中查找 (the hugo executable, default: found on PATH)")
    parser.add_argument("--register-rows", type=int, default=None, metavar="N",
                        help="报送登记表的行数，默认与文章数相同，0 为不要登记表 "
                             "(rows of the submissions register; default: as many as articles, 0: none)")
    args = parser.parse_args(argv)
    sizes = [int(n) for n in args.articles.split(",") if n.strip()]
    args.workdir.mkdir(parents=True, exist_ok=True)
    say = lambda line: print(line, flush=True)  # noqa: E731
    hugo = find_hugo(args.hugo)
    say(text("bench.hugo_found", version=hugo_version(hugo), path=hugo) if hugo else text("bench.hugo_missing"))
    report = {"machine": machine(), "runs": args.runs, "sizes": []}
    bench = Bench(args.workdir.resolve(), max(1, args.runs), say, hugo, args.register_rows, pdf=args.pdf)
    for articles in sizes:
        summary = bench.size(articles).summary()
        report["sizes"].append(summary)
        heading = text("bench.heading", articles=articles, issues=summary["issues"])
        say(f"\n## {heading}\n\n{markdown_table(summary)}\n\n{ratio_table(summary)}\n")
    report["machine"]["loadavg_at_end"] = os.getloadavg() if hasattr(os, "getloadavg") else None
    target = args.results or Path("bench-results") / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    say(text("bench.written", path=target))
    return 0
