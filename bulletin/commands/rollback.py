"""``rollback``: point the published folder back at an earlier release."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from bulletin.commands.common import EXIT_CONTENT, EXIT_OK, echo, print_diagnostics, text
from bulletin.errors import BuildError
from bulletin.publish import Releases, rollback


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--to", type=Path, required=True, metavar="DIR", help=text("rollback.help.to"))
    parser.add_argument("--release", metavar="ID", help=text("rollback.help.release"))
    parser.add_argument("--list", action="store_true", help=text("rollback.help.list"))


def run(args: argparse.Namespace) -> int:
    if args.list:
        return _list(args.to)
    try:
        release = rollback(args.to, args.release)
    except BuildError as failure:
        print_diagnostics(failure.diagnostics)
        echo("rollback.failed", stream=sys.stderr)
        return EXIT_CONTENT
    except OSError as failure:
        echo("rollback.failed_os", stream=sys.stderr, reason=failure)
        return EXIT_CONTENT
    echo("rollback.done", release=release.name, to=args.to)
    return EXIT_OK


def _list(target: Path) -> int:
    releases = Releases(target)
    live = releases.live()
    found = releases.all()
    if not found:
        echo("rollback.nothing", to=target)
        return EXIT_OK
    for release in reversed(found):
        when = datetime.fromtimestamp(release.path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
        mark = "  " + text("rollback.live") if release == live else ""
        print(f"{release.name}  {when}{mark}")  # data, not prose: the release list
    return EXIT_OK
