"""``publish``: build, verify and switch the published folder atomically."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bulletin.commands.common import EXIT_CONTENT, EXIT_OK, add_content_argument, print_diagnostics, summary_counts
from bulletin.errors import BuildError
from bulletin.publish import DEFAULT_KEEP, publish
from bulletin.render.environment import DEFAULT_TEMPLATES


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_content_argument(parser)
    parser.add_argument("--to", type=Path, required=True, metavar="DIR",
                        help="发布目录，网站服务器指向它 (the folder the web server serves)")
    parser.add_argument("--keep", type=_positive, default=DEFAULT_KEEP, metavar="N",
                        help=f"保留最近 N 个版本以便回退 (releases kept for rollback, default {DEFAULT_KEEP})")
    parser.add_argument("--templates", type=Path, default=DEFAULT_TEMPLATES, metavar="DIR",
                        help="主题模板文件夹 (theme folder, default: the built-in theme)")


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("至少保留 1 个版本 (keep at least 1)")
    return value


def run(args: argparse.Namespace) -> int:
    try:
        result = publish(args.content, args.to, args.templates, args.keep, on_wait=_waiting)
    except BuildError as failure:
        print_diagnostics(failure.diagnostics)
        print(f"发布失败：{summary_counts(failure.diagnostics)}；已发布的站点未改动 "
              f"(publish failed; the published site was not changed)", file=sys.stderr)
        return EXIT_CONTENT
    except OSError as failure:
        print(f"发布失败：{failure}；已发布的站点未改动 (publish failed; the published site was not changed)",
              file=sys.stderr)
        return EXIT_CONTENT
    print_diagnostics(result.diagnostics)
    if not result.changed:
        print(f"内容没有变化，仍为版本 {result.release.name} → {args.to} "
              f"(nothing changed; release {result.release.name} stays live)")
        return EXIT_OK
    print(f"已发布：版本 {result.release.name}，{result.files} 个文件 → {args.to}"
          f"（保留 {args.keep} 个版本，清理 {len(result.removed)} 个）"
          f" (published release {result.release.name}, {result.files} files)")
    return EXIT_OK


def _waiting() -> None:
    print("另一个发布正在进行，等待其完成… (waiting for another publish to finish)", file=sys.stderr)
