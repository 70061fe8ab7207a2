"""``notice``: a period's 信息报送采用情况通报 as a Word document the office edits before issuing.

``python build.py notice --period month --at 2011-04 --output 4月通报.docx``
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bulletin.commands.common import EXIT_CONTENT, EXIT_OK, EXIT_USAGE, add_content_argument, echo, language
from bulletin.commands.stats import checked_library, series_view, unknown_period
from bulletin.errors import Diagnostic
from bulletin.stats.notice import NOTICE_PERIODS, notice_content, notice_docx
from bulletin.stats.rankings import rankings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_content_argument(parser)
    parser.add_argument("--period", choices=NOTICE_PERIODS, default="month",
                        help="通报期间：month 月度 (默认), quarter 季度, year 年度 (period kind, default: month)")
    parser.add_argument("--at", metavar="期间", help="期间代码，如 2011-04、2011-Q2、2011；不写为最近一期 "
                                                   "(period code; default: the latest)")
    parser.add_argument("--series", metavar="ID",
                        help="只统计一个简报系列的采用（site.yaml 的 series id，主刊为 main）(one series only)")
    parser.add_argument("--output", type=Path, metavar="FILE.docx",
                        help="写入的 Word 文件，默认为“<期间>信息报送采用情况通报.docx” (the .docx to write)")


def run(args: argparse.Namespace) -> int:
    lib = checked_library(args.content, "notice.content_errors")
    if lib is None:
        return EXIT_CONTENT
    if args.series:  # adopted in that series only; submissions count whichever series prints them
        lib = series_view(lib, args.series)
        if lib is None:
            return EXIT_USAGE
    available = rankings(lib, args.period)
    chosen = available[-1:] if not args.at else [r for r in available if r.period.key == args.at.strip()]
    if not chosen:
        return unknown_period(args.at or "", args.period, available)
    series = lib.site.series_by_id(args.series.strip()) if args.series else None
    content = notice_content(lib, chosen[0], series.title if series else "")
    target = args.output or Path(f"{content.title}.docx")
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        temporary.write_bytes(notice_docx(content))
        temporary.replace(target)
    except OSError as failure:
        temporary.unlink(missing_ok=True)
        print(Diagnostic("E241", str(target), 0, {"reason": failure.strerror or str(failure)}).format(language()),
              file=sys.stderr)
        return EXIT_USAGE
    echo("notice.written", stream=sys.stderr, title=content.title, path=str(target))
    return EXIT_OK

