"""``bundle``: an offline installation zip for Windows or Linux (bulletin/bundle/)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from bulletin.commands.common import EXIT_CONTENT, EXIT_OK, echo, print_diagnostics, text
from bulletin.errors import BuildError


def _python_version(written: str) -> str:
    if not re.fullmatch(r"3\.\d{1,2}", written):
        raise argparse.ArgumentTypeError("3.11, 3.12 …")
    return written


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from bulletin.bundle import PLATFORMS

    parser.add_argument("--platform", required=True, choices=sorted(PLATFORMS),
                        help=text("bundle.help.platform"))
    parser.add_argument("--python", type=_python_version, default=None, metavar="X.Y",
                        help=text("bundle.help.python"))
    parser.add_argument("--output", type=Path, default=None, metavar="FILE.zip",
                        help=text("bundle.help.output"))


def run(args: argparse.Namespace) -> int:
    from bulletin.bundle import PLATFORMS, make_bundle

    python = args.python or PLATFORMS[args.platform].python
    output = args.output or Path(f"bulletin-{args.platform}-py{python}.zip")
    try:
        bundle = make_bundle(args.platform, python, output)
    except BuildError as failure:
        print_diagnostics(failure.diagnostics)
        return EXIT_CONTENT
    echo("bundle.written", path=str(bundle.path), wheels=len(bundle.wheels), size=f"{bundle.size / 1e6:.1f}")
    return EXIT_OK
