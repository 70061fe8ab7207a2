"""``publish``: build, verify and switch the published folder atomically."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bulletin.commands.common import (
    EXIT_CONTENT,
    EXIT_OK,
    add_content_argument,
    add_templates_argument,
    echo,
    print_diagnostics,
    summary_counts,
    text,
)
from bulletin.errors import BuildError
from bulletin.publish import DEFAULT_KEEP, publish


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_content_argument(parser)
    parser.add_argument("--to", type=Path, required=True, metavar="DIR", help=text("publish.help.to"))
    parser.add_argument("--keep", type=_positive, default=DEFAULT_KEEP, metavar="N",
                        help=text("publish.help.keep", keep=DEFAULT_KEEP))
    add_templates_argument(parser)


def _positive(written: str) -> int:
    value = int(written)
    if value < 1:
        raise argparse.ArgumentTypeError(text("publish.keep_one"))
    return value


def run(args: argparse.Namespace) -> int:
    try:
        result = publish(args.content, args.to, args.templates, args.keep, on_wait=_waiting)
    except BuildError as failure:
        print_diagnostics(failure.diagnostics)
        echo("publish.failed", stream=sys.stderr, counts=summary_counts(failure.diagnostics))
        return EXIT_CONTENT
    except OSError as failure:
        echo("publish.failed_os", stream=sys.stderr, reason=failure)
        return EXIT_CONTENT
    print_diagnostics(result.diagnostics)
    if not result.changed:
        echo("publish.unchanged", release=result.release.name, to=args.to)
        return EXIT_OK
    echo("publish.done", release=result.release.name, files=result.files, to=args.to, keep=args.keep,
         removed=len(result.removed))
    return EXIT_OK


def _waiting() -> None:
    echo("publish.waiting", stream=sys.stderr)
