"""``rollback``: point the published folder back at an earlier release."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from bulletin.commands.common import EXIT_CONTENT, EXIT_OK, print_diagnostics
from bulletin.errors import BuildError
from bulletin.publish import Releases, rollback


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--to", type=Path, required=True, metavar="DIR",
                        help="发布目录 (the published folder)")
    parser.add_argument("--release", metavar="ID",
                        help="回退到指定版本，如 0003 (a release; default: the one before the live one)")
    parser.add_argument("--list", action="store_true", help="列出保留的版本 (list the kept releases)")


def run(args: argparse.Namespace) -> int:
    if args.list:
        return _list(args.to)
    try:
        release = rollback(args.to, args.release)
    except BuildError as failure:
        print_diagnostics(failure.diagnostics)
        print("回退失败；已发布的站点未改动 (rollback failed; the published site was not changed)", file=sys.stderr)
        return EXIT_CONTENT
    except OSError as failure:
        print(f"回退失败：{failure} (rollback failed)", file=sys.stderr)
        return EXIT_CONTENT
    print(f"已回退到版本 {release.name} → {args.to} (rolled back to release {release.name})")
    return EXIT_OK


def _list(target: Path) -> int:
    releases = Releases(target)
    live = releases.live()
    found = releases.all()
    if not found:
        print(f"“{target}”还没有发布过 (nothing published to {target})")
        return EXIT_OK
    for release in reversed(found):
        when = datetime.fromtimestamp(release.path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
        mark = "  ← 当前 (live)" if release == live else ""
        print(f"{release.name}  {when}{mark}")
    return EXIT_OK
