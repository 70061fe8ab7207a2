"""``build``: render the content folder into the output folder."""

from __future__ import annotations

import argparse
import sys

from bulletin.commands.common import (
    EXIT_CONTENT,
    EXIT_OK,
    EXIT_USAGE,
    add_content_argument,
    add_output_arguments,
    add_speed_arguments,
    language,
    print_diagnostics,
    report_path,
    summary_counts,
    write_report,
)
from bulletin.errors import BuildError, Diagnostic, Diagnostics
from bulletin.pipeline import FEATURE_NAMES, BuildOptions, build
from bulletin.write import OutputFolderError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_content_argument(parser)
    add_output_arguments(parser)
    parser.add_argument("--drafts", action="store_true", help="同时生成草稿 (include drafts, marked as such)")
    parser.add_argument("--no-search", action="store_true",
                        help="不生成全文检索（搜索页、索引和页头搜索框） (skip the full-text search)")
    parser.add_argument("--no-stats", action="store_true",
                        help="不生成统计（排行、指标图表、单位页上的统计） (skip the statistics)")
    add_speed_arguments(parser)


def run(args: argparse.Namespace) -> int:
    features = [name for name in FEATURE_NAMES if not getattr(args, f"no_{name}")]
    options = BuildOptions(content=args.content, out=args.out, templates=args.templates, drafts=args.drafts,
                           features=features, cache=args.cache, use_cache=not args.no_cache, jobs=args.jobs)
    try:
        result = build(options)
    except BuildError as failure:
        print_diagnostics(failure.diagnostics)
        summary = (f"生成失败：{summary_counts(failure.diagnostics)}；站点未改动 "
                   f"(build failed; the site was not changed)")
        _report(args, failure.diagnostics, summary)
        print(summary, file=sys.stderr)
        return EXIT_CONTENT
    except OutputFolderError as failure:
        print(Diagnostic("E226", str(args.out), 0, {"path": str(failure)}).format(language()), file=sys.stderr)
        return EXIT_USAGE
    print_diagnostics(result.diagnostics)
    report = result.report
    summary = (f"完成：{report.total} 个文件（新写入 {report.written}，未变 {report.unchanged}，"
               f"删除 {report.removed}），重新生成页面 {result.rendered} 个，"
               f"用时 {result.seconds:.2f} 秒 → {args.out}；"
               f"{summary_counts(result.diagnostics)} "
               f"(done: {report.total} files, {report.written} written, {report.unchanged} unchanged, "
               f"{report.removed} removed, {result.rendered} pages rendered, {result.seconds:.2f} s)")
    _report(args, result.diagnostics, summary)
    print(summary)
    return EXIT_OK


def _report(args: argparse.Namespace, diags: Diagnostics, summary: str) -> None:
    heading = f"学习简报生成报告 (bulletin build report): {args.content} → {args.out}"
    written = write_report(report_path(args.out), heading, diags, summary)
    if written is not None:
        print(f"详细报告 (report): {written}", file=sys.stderr)
