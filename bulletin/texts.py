"""Everything the command line says that is not a diagnostic, in one place.

Diagnostics (problems in the content) live in ``errors.CATALOG``; this table
holds the rest: progress lines, summaries, command results, the help of
every option and argparse's own words. Each text has a stable key, a Chinese
and an English form, and is formatted strictly: a missing argument raises
instead of printing an empty string. An argument that is itself a text in
both languages is passed as ``Both(zh, en)``; a count that changes the English
noun is passed as ``count`` with ``en_one`` giving the singular form.

Keys are grouped by command (``build.*``, ``publish.*`` …); add new texts to
the section of their command.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True)
class Text:
    key: str
    zh: str
    en: str
    en_one: str = ""  # the English when ``count`` is 1 ("1 error")


class Both(NamedTuple):
    """An argument that is itself said in both languages (a nested text)."""

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
        Text("common.errors", "{count} 个错误", "{count} errors", "{count} error"),
        Text("common.warnings", "{count} 个警告", "{count} warnings", "{count} warning"),
        Text("common.counts", "{errors}，{warnings}", "{errors}, {warnings}"),
        Text("common.report_time", "时间", "time"),
        Text("common.report_empty", "没有错误或警告", "no errors or warnings"),
        Text("common.report_written", "详细报告", "report"),  # followed by ": <path>"
        Text("common.help.lang", "提示信息的语言：both 中英对照（默认）、zh 只用中文、en 只用英文",
             "message language: both (default), zh or en"),
        Text("common.help.content", "内容文件夹（默认：content）", "content folder, default: content"),
        Text("common.help.templates", "主题模板文件夹（默认：内置主题）", "theme folder, default: the built-in theme"),
        Text("common.help.out", "输出文件夹（默认：site）", "output folder, default: site"),
        Text("common.help.cache", "构建缓存文件夹，可随时删除（默认：本机用户的缓存目录，不在内容文件夹里）",
             "build cache folder, safe to delete, default: the user's cache folder, outside the content"),
        Text("common.help.no_cache", "不使用缓存，完整重新生成", "clean build: neither read nor write the cache"),
        Text("common.help.jobs", "并行进程数，默认等于CPU核数", "worker processes, default: one per core"),
        Text("common.help.drafts", "同时生成草稿，并标明", "include drafts, marked as such"),
        # -- the command line itself (commands/__init__.py) ---------------------------
        Text("cli.description", "学习简报：把 Markdown 简报生成内网站点",
             "bulletin: the intranet site of a work bulletin"),
        Text("cli.commands", "命令", "command"),
        Text("cli.build", "生成站点", "build the site"),
        Text("cli.check", "只检查内容", "validate the content only"),
        Text("cli.serve", "边写边预览：生成、在本机浏览并自动刷新", "live preview on this computer"),
        Text("cli.new", "新建一期或一篇文章", "start a new issue or article"),
        Text("cli.stats", "信息报送采用统计与排行", "submissions, adoption and rankings"),
        Text("cli.publish", "生成、检查并原子发布", "build, verify and publish atomically"),
        Text("cli.rollback", "回退到上一个发布版本", "roll back to an earlier release"),
        Text("cli.notice", "生成信息报送采用情况通报（Word）",
             "the period's notice of submissions and adoption (.docx)"),
        Text("notice.help.period", "通报期间：month 月度（默认）、quarter 季度、year 年度",
             "period kind: month (default), quarter or year"),
        Text("notice.help.at", "期间代码，如 2011-04、2011-Q2、2011；不写为最近一期",
             "period code, default: the latest"),
        Text("notice.help.series", "只统计一个简报系列的采用（site.yaml 的 series id，主刊为 main）",
             "adoption in one series only (its id in site.yaml; the main one is main)"),
        Text("notice.help.output", "写入的 Word 文件，默认为“<期间>信息报送采用情况通报.docx”",
             "the .docx to write, default: named after the period"),
        Text("cli.bundle", "制作离线安装包", "make an offline installation bundle"),
        Text("cli.import", "导入 Word 简报存档（.docx/.doc/.wps）", "import Word bulletins (.docx, .doc, .wps)"),
        # -- argparse's own words (commands/arguments.py) ------------------------------
        Text("argparse.usage", "用法", "usage"),
        Text("argparse.positional", "位置参数", "positional arguments"),
        Text("argparse.options", "选项", "options"),
        Text("argparse.help", "显示本帮助并退出", "show this help message and exit"),
        Text("argparse.error", "错误", "error"),
        Text("argparse.required", "缺少参数：{names}", "the following arguments are required: {names}"),
        Text("argparse.unrecognized", "无法识别的参数：{names}", "unrecognized arguments: {names}"),
        Text("argparse.invalid_choice", "无效的选择：{value}（可选：{choices}）",
             "invalid choice: {value} (choose from {choices})"),
        Text("argparse.argument", "参数 {name}：{message}", "argument {name}: {message}"),
        Text("argparse.one_argument", "需要一个值", "expected one argument"),
        Text("argparse.invalid_value", "无效的{type}值：{value}", "invalid {type} value: {value}"),
        Text("argparse.not_allowed", "不能与参数 {name} 同时使用", "not allowed with argument {name}"),
        Text("argparse.ambiguous", "选项 {option} 有歧义，可能是：{matches}",
             "ambiguous option: {option} could match {matches}"),
        Text("argparse.one_of", "以下参数须给出一个：{names}", "one of the arguments {names} is required"),
        # -- build ---------------------------------------------------------------
        Text("build.help.no_search", "不生成全文检索（搜索页、索引和页头搜索框）", "skip the full-text search"),
        Text("build.help.no_pdf", "不生成 PDF（各期 PDF 和合订本）", "skip the PDFs"),
        Text("build.help.no_stats", "不生成统计（排行、指标图表、单位页上的统计）", "skip the statistics"),
        Text("build.failed", "生成失败：{counts}；站点未改动", "build failed: {counts}; the site was not changed"),
        Text("build.done", "完成：{total} 个文件（新写入 {written}，未变 {unchanged}，删除 {removed}），"
             "重新生成页面 {rendered} 个，用时 {seconds} 秒 → {out}；{counts}",
             "done: {total} files ({written} written, {unchanged} unchanged, {removed} removed), "
             "{rendered} pages rendered in {seconds} s → {out}; {counts}"),
        Text("build.report_heading", "学习简报生成报告：{content} → {out}", "bulletin build report: {content} → {out}"),
        # -- check ---------------------------------------------------------------
        Text("check.failed", "检查未通过：{counts}", "check failed: {counts}"),
        Text("check.passed", "检查通过：{issues} 期，{articles} 篇文章，{units} 个单位；{counts}",
             "check passed: {issues} issues, {articles} articles, {units} units; {counts}"),
        # -- stats ---------------------------------------------------------------
        Text("stats.help.period", "统计期间：all 活动以来、year 年度、stage 阶段、month 月度（默认）、week 周",
             "period kind: all, year, stage, month (default) or week"),
        Text("stats.help.format", "输出格式：table 表格（默认）、csv、json",
             "output format: table (default), csv or json"),
        Text("stats.help.at", "只看某一期，如 2011-03、2011、pilot、2011-W09", "one period only, e.g. 2011-03"),
        Text("stats.help.latest", "只看最近一期", "the latest period only"),
        Text("stats.help.output", "写入文件而不是显示；CSV 带 BOM，Excel 可直接打开",
             "write to a file; CSV has a BOM so that Excel opens it"),
        Text("stats.period_metavar", "期间", "PERIOD"),
        Text("stats.no_choices", "无", "none"),
        Text("stats.content_errors", "内容有错误，未统计：{counts}", "content errors, no statistics: {counts}"),
        Text("stats.written", "已写入", "written"),  # followed by ": <path>"
        # -- new -----------------------------------------------------------------
        Text("new.help.what", "新建什么：issue 一期简报；briefing 工作动态、case 典型案例、progress 进展通报",
             "what to create: issue, briefing, case or progress"),
        Text("new.help.year", "新一期的年份，默认今年", "year of the new issue, default: this year"),
        Text("new.help.number", "新一期的期号，默认接着上一期", "issue number, default: the next one"),
        Text("new.help.date", "印发日期，默认今天", "issue date, default: today"),
        Text("new.help.issue", "文章所在的期，例如 2011/3", "the article's issue, e.g. 2011/3"),
        Text("new.help.unit", "供稿单位的 id 或名称，例如 yudong 或 玉东新区", "the unit's id or name, e.g. yudong"),
        Text("new.help.title", "文章标题，可以以后再填", "article title (may be filled in later)"),
        Text("new.unknown_what", "不知道要新建“{what}”：请写 issue、briefing、case 或 progress",
             "unknown '{what}': use issue, briefing, case or progress"),
        Text("new.article_needs",
             "新建文章需要 --issue 和 --unit，例如：python build.py new case --issue 2011/3 --unit yudong",
             "an article needs --issue and --unit, e.g. python build.py new case --issue 2011/3 --unit yudong"),
        Text("new.created", "已新建：{path}", "created: {path}"),
        Text("new.check_date", "请核对印发日期 {date}：与年份 {year} 不一致",
             "check the issue date {date}: it is not in {year}"),
        Text("new.created_draft", "已新建：{path}（草稿，定稿后删除 draft: true 一行才会发布）",
             "created: {path} (a draft: delete the line draft: true to publish it)"),
        Text("new.bad_issue", "“{value}”不是有效的期，请写成 2011/3", "'{value}' is not an issue: write it as 2011/3"),
        Text("new.bad_date", "“{value}”不是有效的日期，请写成 2011-03-05",
             "'{value}' is not a date: write it as 2011-03-05"),
        # -- publish and rollback ------------------------------------------------------
        Text("publish.help.to", "发布目录，网站服务器指向它", "the folder the web server serves"),
        Text("publish.help.keep", "保留最近 N 个版本以便回退（默认 {keep}）",
             "releases kept for rollback, default {keep}"),
        Text("publish.keep_one", "至少保留 1 个版本", "keep at least 1 release"),
        Text("publish.failed", "发布失败：{counts}；已发布的站点未改动",
             "publish failed: {counts}; the published site was not changed"),
        Text("publish.failed_os", "发布失败：{reason}；已发布的站点未改动",
             "publish failed: {reason}; the published site was not changed"),
        Text("publish.unchanged", "内容没有变化，仍为版本 {release} → {to}",
             "nothing changed: release {release} stays live → {to}"),
        Text("publish.done", "已发布：版本 {release}，{files} 个文件 → {to}（保留 {keep} 个版本，清理 {removed} 个）",
             "published release {release}: {files} files → {to} ({keep} releases kept, {removed} removed)"),
        Text("publish.waiting", "另一个发布正在进行，等待其完成…", "waiting for another publish to finish…"),
        Text("rollback.help.to", "发布目录", "the published folder"),
        Text("rollback.help.release", "回退到指定版本，如 0003（默认：当前版本的上一个）",
             "the release to go back to, e.g. 0003; default: the one before the live one"),
        Text("rollback.help.list", "列出保留的版本", "list the kept releases"),
        Text("rollback.failed", "回退失败；已发布的站点未改动", "rollback failed; the published site was not changed"),
        Text("rollback.failed_os", "回退失败：{reason}", "rollback failed: {reason}"),
        Text("rollback.done", "已回退到版本 {release} → {to}", "rolled back to release {release} → {to}"),
        Text("rollback.nothing", "“{to}”还没有发布过", "nothing published to {to}"),
        Text("rollback.live", "← 当前", "← live"),
        # -- serve ---------------------------------------------------------------
        Text("serve.help.out", "输出文件夹，默认用临时文件夹", "output folder, default: a temporary folder"),
        Text("serve.help.port", "端口，0 表示自动选择", "port, 0 = any free port"),
        Text("serve.help.host", "监听地址，默认只允许本机访问", "address to listen on, default: this computer only"),
        Text("serve.help.drafts", "同时显示草稿，并标明", "show drafts, marked as such"),
        Text("serve.help.pdf", "预览时也生成每期 PDF 和合订本（较慢）", "also make the PDFs (slower)"),
        Text("serve.bad_port", "端口须在 0 到 {max} 之间", "the port must be 0 to {max}"),
        Text("serve.at", "预览地址：{url}  按 Ctrl+C 停止", "preview at {url}  Ctrl+C to stop"),
        Text("serve.open_network", "注意：监听 {host}，局域网内其他电脑也能访问本预览",
             "note: listening on {host}, other computers can reach this preview"),
        Text("serve.stopped", "预览已停止", "preview stopped"),
        Text("serve.failed", "[{stamp}] 生成失败：{counts}；浏览器中显示错误，改正并保存后自动更新",
             "[{stamp}] build failed: {counts}; the browser shows why, fix and save"),
        Text("serve.built", "[{stamp}] 已生成：新写入 {written} 个文件，删除 {removed} 个，用时 {seconds} 秒；{counts}",
             "[{stamp}] built: {written} written, {removed} removed in {seconds} s; {counts}"),
        # -- arguments of diagnostics (errors.py) -------------------------------------
        Text("cache.not_saved", "缓存未能保存（{reason}）", "the cache could not be saved ({reason})"),
        Text("cache.discarded", "{count} 条缓存记录已损坏或被改动，已丢弃并重新生成",
             "{count} cache entries were damaged or altered; discarded and rebuilt",
             "{count} cache entry was damaged or altered; discarded and rebuilt"),
        Text("cache.state_discarded", "上次生成的记录已损坏或被改动，已丢弃",
             "the last build's record was damaged or altered"),
        Text("cache.busy", "缓存数据库正被另一个程序使用，本次生成不用缓存（{reason}）",
             "the cache database is in use by another process; this build runs without it ({reason})"),
        Text("cache.database_deleted", "缓存数据库已损坏，已删除（{reason}）",
             "the cache database was damaged and deleted ({reason})"),
        Text("files.symbolic_link", "它是符号链接（快捷方式）", "it is a symbolic link"),
        Text("files.not_regular", "它不是普通文件", "it is not a regular file"),
        Text("files.hard_link", "它是硬链接，同一文件还有别的名字", "it is a hard link: the same file has other names"),
        Text("files.unreadable", "无法读取（{reason}）", "cannot be read ({reason})"),
        Text("attachments.damaged", "文件已损坏或格式不对（{kind}）", "damaged or not what its name says ({kind})"),
        Text("attachments.too_large", "文件超过 {limit} MB", "larger than {limit} MB"),
        Text("attachments.not_docx", "不是有效的 DOCX 文件", "not a valid DOCX file"),
        Text("attachments.not_xlsx", "不是有效的 XLSX 文件", "not a valid XLSX file"),
        Text("attachments.encrypted", "PDF 已加密", "the PDF is encrypted"),
        Text("attachments.line", "第{number}行", "line {number}"),
        Text("attachments.paragraph", "第{number}段", "paragraph {number}"),
        Text("attachments.table", "第{number}个表格", "table {number}"),
        Text("attachments.sheet", "工作表“{sheet}”{place}", "sheet '{sheet}' {place}"),
        Text("attachments.page", "第{number}页", "page {number}"),
        Text("attachments.header_footer", "页眉页脚", "header or footer"),
        Text("markdown.too_deep", "列表或引用嵌套超过 {levels} 层", "lists or quotes nested deeper than {levels}"),
        Text("markdown.too_deep_html", "HTML 标签嵌套超过 {levels} 层", "HTML tags nested deeper than {levels}"),
        Text("markdown.too_slow", "排版超过 {seconds} 秒", "rendering took over {seconds} s"),
        Text("markdown.lint_slow", "检查超过 {seconds} 秒", "checking took over {seconds} s"),
        Text("load.found_list", "列表", "a list"),
        Text("load.found_text", "文字“{text}”", "the text '{text}'"),
        Text("load.full_width_space", "全角空格“　”", "a full-width space"),
        Text("load.tab", "制表符（Tab）", "a tab"),
        Text("load.year_folder", "年份", "year"),
        Text("load.number_folder", "期号", "issue number"),
        # -- messages_doc --------------------------------------------------------
        Text("messages_doc.written", "已写入 {path}：{count} 条信息", "written {path}: {count} messages",
             "written {path}: {count} message"),
        # -- build: PDFs (bulletin/pdf) --------------------------------------------
        Text("pdf.progress", "PDF：已生成 {done}/{total} 个", "PDFs: {done} of {total} made"),
        # -- stats ----------------------------------------------------------------
        # -- notice ---------------------------------------------------------------
        Text("notice.content_errors", "内容有错误，未生成通报：{counts}",
             "content errors; no notice written: {counts}"),
        Text("notice.written", "已写入《{title}》：{path}", "notice written: {path}"),
        # -- setup (python build.py setup; standard library only) --------------
        Text("setup.description", "创建 .venv 并安装本程序", "create .venv and install this program"),
        Text("setup.help.test", "同时安装测试工具", "also install the test tools"),
        Text("setup.apt", "正在用 apt-get 安装 {packages}（创建虚拟环境需要）",
             "installing {packages} with apt-get (needed to create the virtual environment)"),
        Text("setup.creating", "正在创建虚拟环境 {venv}", "creating the virtual environment {venv}"),
        Text("setup.installing", "正在安装本程序及其依赖（{what}）到 {venv}",
             "installing this program and its dependencies ({what}) into {venv}"),
        Text("setup.done", "安装完成。以后的命令照常写“{command}”，会自动使用 {venv}",
             "set up. Run commands as usual with '{command}'; they use {venv} automatically"),
        # -- bundle (python build.py bundle) --------------------------------------
        Text("bundle.help.platform", "目标电脑", "target: Windows 64-bit, Linux x86-64 or Linux ARM64"),
        Text("bundle.help.python", "目标电脑的 Python 版本，默认 Windows 3.12、Linux 3.11",
             "the target's Python, default: 3.12 on Windows, 3.11 on Linux"),
        Text("bundle.help.output", "写出的 zip 文件", "the zip to write"),
        Text("bundle.downloading", "正在下载 {platform} / Python {python} 的依赖包（{count} 项）",
             "downloading the dependencies for {platform} / Python {python} ({count} requirements)"),
        Text("bundle.written", "已写出离线安装包 {path}（{wheels} 个 wheel，{size} MB）",
             "offline bundle written: {path} ({wheels} wheels, {size} MB)"),
        # -- new (issue 10: series and supplements) -------------------------------
        Text("new.supplement_created", "已新建增刊：{path}", "created a supplement: {path}"),
        Text("new.help.series", "简报系列的 id（site.yaml 的 series），默认主刊",
             "the series' id in site.yaml, default: the main one"),
        Text("new.help.supplement", "增刊：新建下一期增刊，或 --issue 指增刊第N期",
             "a supplement: the next one, or with --issue the supplement numbered so"),
        Text("stats.help.series", "只统计一个简报系列的文章（site.yaml 的 series id，主刊为 main）",
             "one series only (its id in site.yaml; the main one is main)"),
        # -- import (Word archives) -------------------------------------------------
        Text("import.help.paths", "Word 简报文件（.docx、.doc、.wps）或存放它们的文件夹",
             "Word files (.docx, .doc, .wps) or folders holding them"),
        Text("import.help.series", "导入到 site.yaml 中登记的这个系列", "import into this series of site.yaml"),
        Text("import.help.issue", "存为哪一期，例如 2011/3，增刊写 2011/s1；只用于一个文件",
             "the issue to store it as, e.g. 2011/3, or 2011/s1 for a supplement; one file only"),
        Text("import.help.unit", "找不到单位的文章归入这个单位", "the unit of articles that name none"),
        Text("import.help.dry_run", "只显示导入计划，不写入任何文件", "show the plan, write nothing"),
        Text("import.help.report", "导入报告文件，默认在内容文件夹旁",
             "report file, default: beside the content folder"),
        Text("import.report_file", "导入报告", "import-report"),  # the report's file name (Chinese in every mode)
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
    """The text ``key`` in ``lang`` (zh, en or both: "中文 (English)"); raises KeyError on a missing argument."""
    if lang == "zh":
        return _form(key, "zh", args)
    if lang == "en":
        return _form(key, "en", args)
    return f"{_form(key, 'zh', args)} ({_form(key, 'en', args)})"


def both(key: str, /, **args: object) -> Both:
    """The text ``key`` in both languages, to pass as an argument of another text."""
    return Both(_form(key, "zh", args), _form(key, "en", args))


def _form(key: str, lang: str, args: dict[str, object]) -> str:
    text = TEXTS[key]
    pattern = text.zh if lang == "zh" else text.en_one if text.en_one and args.get("count") == 1 else text.en
    values = {name: (getattr(value, lang) if isinstance(value, Both) else value) for name, value in args.items()}
    return pattern.format_map(_Strict(values))


class _Strict(dict):
    """A missing field is a bug in the caller, never an empty string in the output."""

    def __missing__(self, key: str) -> str:
        raise KeyError(f"text argument '{key}' is missing")
