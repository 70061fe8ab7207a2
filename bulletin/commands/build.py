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
    print_diagnostics,
    print_problem,
    report_path,
    summary_counts,
    text,
    write_report,
)
from bulletin.errors import BuildError, Diagnostics, UsageError
from bulletin.pipeline import FEATURE_NAMES, BuildOptions, build
from bulletin.write import OutputFolderError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_content_argument(parser)
    add_output_arguments(parser)
    parser.add_argument("--drafts", action="store_true", help=text("common.help.drafts"))
    for name in FEATURE_NAMES:  # every feature can be switched off: --no-stats, --no-search …
        parser.add_argument(f"--no-{name}", action="store_true", help=text(f"build.help.no_{name}"))
    add_speed_arguments(parser)


def run(args: argparse.Namespace) -> int:
    features = [name for name in FEATURE_NAMES if not getattr(args, f"no_{name}")]
    options = BuildOptions(content=args.content, out=args.out, templates=args.templates, drafts=args.drafts,
                           features=features, cache=args.cache, use_cache=not args.no_cache, jobs=args.jobs)
    try:
        result = build(options)
    except BuildError as failure:
        print_diagnostics(failure.diagnostics)
        summary = text("build.failed", counts=summary_counts(failure.diagnostics))
        if isinstance(failure, UsageError):  # the report would go beside a file or into the content folder
            print(summary, file=sys.stderr)
            return EXIT_USAGE
        _report(args, failure.diagnostics, summary)
        print(summary, file=sys.stderr)
        return EXIT_CONTENT
    except OutputFolderError as failure:
        print_problem("E226", str(args.out), path=str(failure))
        return EXIT_USAGE
    print_diagnostics(result.diagnostics)
    report = result.report
    summary = text("build.done", total=report.total, written=report.written, unchanged=report.unchanged,
                   removed=report.removed, rendered=result.rendered, seconds=f"{result.seconds:.2f}",
                   out=args.out, counts=summary_counts(result.diagnostics))
    _report(args, result.diagnostics, summary)
    print(summary)
    return EXIT_OK


def _report(args: argparse.Namespace, diags: Diagnostics, summary: str) -> None:
    heading = text("build.report_heading", content=args.content, out=args.out)
    written = write_report(report_path(args.out), heading, diags, summary)
    if written is not None:
        print(f"{text('common.report_written')}: {written}", file=sys.stderr)
