"""Everything the command line says that is not a diagnostic, in one place.

Diagnostics (problems in the content) live in ``errors.CATALOG``; this table
holds the rest: progress lines, summaries, command results. Each text has a
stable key, a Chinese and an English form, and is formatted strictly: a
missing argument raises instead of printing an empty string.

Keys are grouped by command (``build.*``, ``publish.*`` …); add new texts to
the section of their command.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    key: str
    zh: str
    en: str


TEXTS: dict[str, Text] = {
    t.key: t
    for t in [
        # -- shared --------------------------------------------------------------
        Text("common.interrupted", "已中断", "interrupted"),
        # -- bench (python -m bulletin.bench) -------------------------------------
        Text("bench.corpus", "[{articles}] 生成语料……", "[{articles}] generating corpus …"),
        Text("bench.corpus_progress", "[{articles}]   {done}/{total} 篇", "[{articles}]   {done}/{total} articles"),
        Text("bench.hugo_found", "对照：Hugo {version}（{path}）", "reference: Hugo {version} ({path})"),
        Text("bench.hugo_missing", "未找到 Hugo，只测本程序，不计算与 Hugo 的比值；安装：apt-get install hugo",
             "Hugo not found: measuring this program only, without the Hugo ratios; install: apt-get install hugo"),
        Text("bench.sample",
             "[{articles}] {scenario} {run}/{runs}：{wall:.2f} 秒（CPU {cpu:.1f} 秒，重新生成 {rendered} 页，"
             "写入 {written} 个文件，内存 {rss:.0f} MB / 子进程 {worker_rss:.0f} MB）",
             "[{articles}] {scenario_en} {run}/{runs}: {wall:.2f} s (CPU {cpu:.1f} s, {rendered} pages rendered, "
             "{written} files written, memory {rss:.0f} MB / worker {worker_rss:.0f} MB)"),
        Text("bench.sample_other",
             "[{articles}] {scenario} {run}/{runs}：{wall:.2f} 秒（CPU {cpu:.1f} 秒，内存 {rss:.0f} MB）",
             "[{articles}] {scenario_en} {run}/{runs}: {wall:.2f} s (CPU {cpu:.1f} s, memory {rss:.0f} MB)"),
        Text("bench.comparing", "[{articles}] 与完整重建逐字节比较……", "[{articles}] comparing with a clean build …"),
        Text("bench.identical", "[{articles}]   一致", "[{articles}]   identical"),
        Text("bench.different", "[{articles}]   不一致", "[{articles}]   DIFFERENT"),
        Text("bench.heading", "{articles} 篇（{issues} 期）", "{articles} articles ({issues} issues)"),
        Text("bench.written", "结果已写入 {path}", "results written to {path}"),
        Text("bench.pdf_cost", "[{articles}] PDF：单期成本……", "[{articles}] PDF: CPU cost per issue …"),
        Text("bench.pdf_cost_result",
             "[{articles}]   每期 PDF：CPU 中位数 {cpu_median_s:.2f} 秒（最多 {cpu_max_s:.2f} 秒），{pages_median} 页",
             "[{articles}]   PDF per issue: median {cpu_median_s:.2f} CPU s (max {cpu_max_s:.2f} s), "
             "{pages_median} pages"),
        # -- build: PDFs (bulletin/pdf) --------------------------------------------
        Text("pdf.progress", "PDF：已生成 {done}/{total} 个", "PDFs: {done} of {total} made"),
        # -- stats ----------------------------------------------------------------
        Text("stats.content_errors", "内容有错误，未统计：{counts}", "content errors; no statistics: {counts}"),
        # -- notice ---------------------------------------------------------------
        Text("notice.content_errors", "内容有错误，未生成通报：{counts}",
             "content errors; no notice written: {counts}"),
        Text("notice.written", "已写入《{title}》：{path}", "notice written: {path}"),
        # -- setup (python build.py setup; standard library only) --------------
        Text("setup.apt", "正在用 apt-get 安装 {packages}（创建虚拟环境需要）",
             "installing {packages} with apt-get (needed to create the virtual environment)"),
        Text("setup.creating", "正在创建虚拟环境 {venv}", "creating the virtual environment {venv}"),
        Text("setup.installing", "正在安装本程序及其依赖（{what}）到 {venv}",
             "installing this program and its dependencies ({what}) into {venv}"),
        Text("setup.done", "安装完成。以后的命令照常写“{command}”，会自动使用 {venv}",
             "set up. Run commands as usual with '{command}'; they use {venv} automatically"),
        # -- bundle (python build.py bundle) --------------------------------------
        Text("bundle.downloading", "正在下载 {platform} / Python {python} 的依赖包（{count} 项）",
             "downloading the dependencies for {platform} / Python {python} ({count} requirements)"),
        Text("bundle.written", "已写出离线安装包 {path}（{wheels} 个 wheel，{size} MB）",
             "offline bundle written: {path} ({wheels} wheels, {size} MB)"),
        # -- new (issue 10: series and supplements) -------------------------------
        Text("new.supplement_created", "已新建增刊：{path}", "created a supplement: {path}"),
        # -- import (Word archives) -------------------------------------------------
        Text("import.converting", "正在用 LibreOffice 把 {source} 转换为 .docx …",
             "converting {source} to .docx with LibreOffice …"),
        Text("import.created", "已创建", "created"),
        Text("import.planned", "将创建", "would create"),
        Text("import.issue_what", "第{number}期{total}，{date}{title}，{pieces}篇文章",
             "issue {number}{total}, {date}{title}, {pieces} article(s)"),
        Text("import.supplement", "增刊", "supplement"),
        Text("import.picture", "图片", "picture"),
        Text("import.from_paragraph", "第{number}段起", "from paragraph {number}"),
        Text("import.summary", "导入：新建 {created} 期，跳过 {skipped} 期（已存在），失败 {failed} 个文件",
             "import: {created} issue(s) created, {skipped} skipped (already there), {failed} file(s) failed"),
        Text("import.dry_run", "试运行（--dry-run）：以上是导入计划，没有写入任何文件",
             "dry run: the plan above; nothing was written"),
        Text("import.report", "导入报告（可用记事本打开）：{path}", "import report (opens in Notepad): {path}"),
        Text("import.report_heading", "简报导入报告", "bulletin import report"),
        Text("import.bad_issue", "“{value}”不是有效的期，请写成 2011/3，增刊写成 2011/s1",
             "'{value}' is not an issue: write 2011/3, or 2011/s1 for a supplement"),
    ]
}


def say(key: str, lang: str = "both", /, **args: object) -> str:
    """The text ``key`` in ``lang`` (zh, en or both: "中文 (English)")."""
    text = TEXTS[key]
    zh, en = text.zh.format(**args), text.en.format(**args)
    if lang == "zh":
        return zh
    if lang == "en":
        return en
    return f"{zh} ({en})"
