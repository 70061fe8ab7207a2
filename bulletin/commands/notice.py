"""``notice``: a period's 信息报送采用情况通报 as a Word document the office edits before issuing.

``python build.py notice --period month --at 2011-04 --output 4月通报.docx``
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bulletin.commands.common import EXIT_CONTENT, EXIT_OK, EXIT_USAGE, add_content_argument, echo, print_problem, text
from bulletin.commands.stats import checked_library, series_view, unknown_period
from bulletin.process import collector_paused
from bulletin.stats.notice import NOTICE_PERIODS, notice_content, notice_docx
from bulletin.stats.rankings import rankings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_content_argument(parser)
    parser.add_argument("--period", choices=NOTICE_PERIODS, default="month", help=text("notice.help.period"))
    parser.add_argument("--at", metavar=text("stats.period_metavar"), help=text("notice.help.at"))
    parser.add_argument("--series", metavar="ID", help=text("notice.help.series"))
    parser.add_argument("--output", type=Path, metavar="FILE.docx", help=text("notice.help.output"))


def run(args: argparse.Namespace) -> int:
    with collector_paused():  # as for ``stats``: the same reading of the whole campaign
        return _run(args)


def _run(args: argparse.Namespace) -> int:
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
        print_problem("E241", str(target), reason=failure.strerror or str(failure))
        return EXIT_USAGE
    echo("notice.written", stream=sys.stderr, title=content.title, path=str(target))
    return EXIT_OK

