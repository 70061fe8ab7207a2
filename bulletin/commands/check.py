"""``check``: validate the content without writing anything."""

from __future__ import annotations

import argparse

from bulletin.commands.common import (
    EXIT_CONTENT,
    EXIT_OK,
    add_content_argument,
    echo,
    print_diagnostics,
    summary_counts,
)
from bulletin.pipeline import check, enabled_features, plan_outputs
from bulletin.render.environment import DEFAULT_TEMPLATES


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_content_argument(parser)


def run(args: argparse.Namespace) -> int:
    lib, diags = check(args.content)
    if lib is not None and not diags.errors:
        # Where every page and file would be written: two sources on one output (E230–E232)
        # are found here too, before anyone runs build.
        plan_outputs(lib, args.content, DEFAULT_TEMPLATES, enabled_features(None), diags)
    print_diagnostics(diags)
    if lib is None or diags.errors:
        echo("check.failed", counts=summary_counts(diags))
        return EXIT_CONTENT
    echo("check.passed", issues=len(lib.issues), articles=len(lib.articles), units=len(lib.units),
         counts=summary_counts(diags))
    return EXIT_OK
