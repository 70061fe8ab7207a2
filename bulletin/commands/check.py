"""``check``: validate the content without writing anything."""

from __future__ import annotations

import argparse

from bulletin.commands.common import EXIT_CONTENT, EXIT_OK, add_content_argument, print_diagnostics, summary_counts
from bulletin.pipeline import check


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_content_argument(parser)


def run(args: argparse.Namespace) -> int:
    lib, diags = check(args.content)
    print_diagnostics(diags)
    if lib is None or diags.errors:
        print(f"检查未通过：{summary_counts(diags)} (check failed)")
        return EXIT_CONTENT
    print(f"检查通过：{len(lib.issues)} 期，{len(lib.articles)} 篇文章，{len(lib.units)} 个单位；"
          f"{summary_counts(diags)} (check passed: {len(lib.issues)} issues, {len(lib.articles)} articles)")
    return EXIT_OK
