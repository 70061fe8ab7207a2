"""``stats``: submissions, adoption, rankings and the lists of the office's 通报.

``python build.py stats --period month --latest`` prints the latest month's
ranking; ``--format csv --output 月度排行.csv`` writes a file Excel opens;
``--series tongbao`` counts the articles of one series only.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bulletin.commands.common import (
    EXIT_CONTENT,
    EXIT_OK,
    EXIT_USAGE,
    add_cache_arguments,
    add_content_argument,
    echo,
    print_diagnostics,
    print_problem,
    summary_counts,
    text,
)
from bulletin.model.library import Library, only_series
from bulletin.pipeline import read_library
from bulletin.process import collector_paused
from bulletin.stats.export import ranking_text, rankings_csv, rankings_json
from bulletin.stats.periods import PERIOD_KINDS, PERIOD_LABELS
from bulletin.stats.rankings import Ranking, rankings

FORMATS = ("table", "csv", "json")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_content_argument(parser)
    parser.add_argument("--period", choices=PERIOD_KINDS, default="month", help=text("stats.help.period"))
    parser.add_argument("--format", choices=FORMATS, default="table", help=text("stats.help.format"))
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--at", metavar=text("stats.period_metavar"), help=text("stats.help.at"))
    which.add_argument("--latest", action="store_true", help=text("stats.help.latest"))
    parser.add_argument("--series", metavar="ID", help=text("stats.help.series"))
    parser.add_argument("--output", type=Path, metavar="FILE", help=text("stats.help.output"))
    add_cache_arguments(parser)


def checked_library(content: Path, failure: str, cache: Path | None = None,
                    use_cache: bool = True) -> Library | None:
    """The checked content (front matter only, through the build cache: the figures need
    no HTML, so no Markdown is rendered), its messages printed; None (and ``failure``,
    a text key) on errors."""
    lib, diags = read_library(content, cache, use_cache)
    print_diagnostics(diags)
    if lib is None:
        echo(failure, stream=sys.stderr, counts=summary_counts(diags))
    return lib


def run(args: argparse.Namespace) -> int:
    # reading a large campaign makes hundreds of thousands of long-lived objects (unpickled issues,
    # register rows, events), and each automatic full collection walks all of them again: about
    # a fifth of the command's time at 10,000 articles
    with collector_paused():
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    lib = checked_library(args.content, "stats.content_errors", args.cache, use_cache=not args.no_cache)
    if lib is None:
        return EXIT_CONTENT
    if args.series:
        lib = series_view(lib, args.series)
        if lib is None:
            return EXIT_USAGE
    chosen = rankings(lib, args.period)
    if args.latest:
        chosen = chosen[-1:]
    elif args.at:
        chosen = [r for r in chosen if r.period.key == args.at.strip()]
        if not chosen:
            return unknown_period(args.at, args.period, rankings(lib, args.period))
    if args.format == "csv":
        data = rankings_csv(lib, chosen)
    elif args.format == "json":
        data = rankings_json(lib, args.period, chosen).encode("utf-8")
    else:
        data = "\n".join(ranking_text(lib, r) for r in chosen).encode("utf-8")
    return _emit(data, args)


def unknown_period(at: str, kind: str, available: list[Ranking]) -> int:
    """E240 for an ``--at`` that names no period of ``kind``, listing some that exist."""
    keys = [r.period.key for r in available]
    choices = ", ".join(keys[:6] + (["…"] if len(keys) > 12 else []) + keys[max(6, len(keys) - 6):]) \
        or text("stats.no_choices")
    print_problem("E240", "--at", value=at, kind=PERIOD_LABELS[kind], kind_en=kind, choices=choices)
    return EXIT_USAGE


def series_view(lib: Library, series_id: str) -> Library | None:
    """The library of one series (``--series``); None, and E268 printed, for an unknown one."""
    if lib.site.series_by_id(series_id.strip()) is None:
        choices = "、".join(f"{s.id}（{s.title}）" for s in lib.series)  # in the hint: shown in Chinese only
        print_problem("E268", "--series", value=series_id, choices=choices)
        return None
    return only_series(lib, series_id.strip())


def _emit(data: bytes, args: argparse.Namespace) -> int:
    if args.output is None:
        # On a console the byte-order mark would only show as a stray character.
        sys.stdout.write(data.decode("utf-8").removeprefix("\ufeff"))
        sys.stdout.flush()
        return EXIT_OK
    temporary = args.output.with_name(f".{args.output.name}.tmp")
    try:
        temporary.write_bytes(data)
        temporary.replace(args.output)
    except OSError as failure:
        temporary.unlink(missing_ok=True)
        print_problem("E241", str(args.output), reason=failure.strerror or str(failure))
        return EXIT_USAGE
    print(f"{text('stats.written')}: {args.output}", file=sys.stderr)
    return EXIT_OK
