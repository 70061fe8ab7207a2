"""``import``: bring Word bulletins (.docx, .doc, .wps) into the content folder.

    python build.py import 简报存档/ [--content DIR] [--series ID] [--issue YYYY/N] [--unit ID] [--dry-run]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bulletin.commands.common import (
    EXIT_CONTENT,
    EXIT_OK,
    add_content_argument,
    echo,
    language,
    print_diagnostics,
    text,
    write_notepad_text,
)
from bulletin.errors import Diagnostics
from bulletin.patterns import SUPPLEMENT_ISSUE_REF
from bulletin.scaffold import read_settings
from bulletin.texts import say


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="FILE_OR_FOLDER", help=text("import.help.paths"))
    add_content_argument(parser)
    parser.add_argument("--series", metavar="ID", help=text("import.help.series"))
    parser.add_argument("--issue", type=_issue, metavar="YYYY/N", help=text("import.help.issue"))
    parser.add_argument("--unit", metavar="ID", help=text("import.help.unit"))
    parser.add_argument("--dry-run", action="store_true", help=text("import.help.dry_run"))
    parser.add_argument("--report", type=Path, default=None, metavar="FILE", help=text("import.help.report"))


def run(args: argparse.Namespace) -> int:
    from bulletin.wordimport.importer import Importer, ImportOptions, collect

    diags = Diagnostics()
    files = collect(list(args.paths), diags)
    if args.issue is not None and len(files) > 1:
        diags.add("E708", "--issue")
    settings = None if diags.errors else read_settings(args.content, diags)
    if settings is not None and args.series and not any(s.get("id") == args.series for s in settings.series):
        diags.add("E709", "site.yaml", value=args.series)
    if diags.errors or settings is None:
        print_diagnostics(diags)
        return EXIT_CONTENT
    options = ImportOptions(Path(args.content), series=args.series, issue=args.issue, unit=args.unit,
                            dry_run=args.dry_run)
    importer = Importer(options, settings, language(), _print)
    tally = importer.run(files)
    echo("import.summary", created=tally.created, skipped=tally.skipped, failed=tally.failed)
    lines = [say("import.report_heading", language()), *tally.lines,
             say("import.summary", language(), created=tally.created, skipped=tally.skipped,
                 failed=tally.failed), ""]
    if args.dry_run:
        echo("import.dry_run")
    else:
        report = args.report or _report_beside(Path(args.content))
        if write_notepad_text(report, lines) is not None:
            echo("import.report", path=report)
    return EXIT_CONTENT if importer.diags.errors else EXIT_OK


def _print(line: str, problem: bool) -> None:
    """Progress to stdout, problems to stderr (as every command does)."""
    print(line, file=sys.stderr if problem else sys.stdout, flush=True)


def _report_beside(content: Path) -> Path:
    """``content`` → ``content-导入报告.txt`` beside it: outside what is published."""
    content = content.resolve()
    return content.parent / f"{content.name}-{say('import.report_file', 'zh')}.txt"


def _issue(value: str) -> tuple[int, int, bool]:
    match = SUPPLEMENT_ISSUE_REF.match(value)
    if not match or int(match.group(3)) == 0:
        raise argparse.ArgumentTypeError(say("import.bad_issue", "both", value=value))
    return int(match.group(1)), int(match.group(3)), bool(match.group(2))
