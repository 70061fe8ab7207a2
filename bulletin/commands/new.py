"""``new``: start the next issue, or the next article of an issue.

    python build.py new issue [--year 2011] [--series tongbao] [--supplement]
    python build.py new briefing|case|progress --issue 2011/3 --unit yudong [--title 标题]
"""

from __future__ import annotations

import argparse
import sys
from datetime import date

from bulletin.commands.common import (
    EXIT_CONTENT,
    EXIT_OK,
    EXIT_USAGE,
    add_content_argument,
    echo,
    print_diagnostics,
    text,
)
from bulletin.errors import Diagnostics
from bulletin.model.entities import Series
from bulletin.patterns import ISSUE_REF
from bulletin.scaffold import Settings, new_article, new_issue, read_settings
from bulletin.validate.fields import ISSUE_WORDS, KIND_ALIASES, parse_date


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("what", metavar="issue|briefing|case|progress", help=text("new.help.what"))
    add_content_argument(parser)
    parser.add_argument("--year", type=int, help=text("new.help.year"))
    parser.add_argument("--number", type=int, help=text("new.help.number"))
    parser.add_argument("--date", type=_day, help=text("new.help.date"))
    parser.add_argument("--issue", type=_issue, metavar="YYYY/N", help=text("new.help.issue"))
    parser.add_argument("--unit", help=text("new.help.unit"))
    parser.add_argument("--title", default="", help=text("new.help.title"))
    parser.add_argument("--series", metavar="ID", help=text("new.help.series"))
    parser.add_argument("--supplement", action="store_true", help=text("new.help.supplement"))


def run(args: argparse.Namespace) -> int:
    what = args.what.strip()
    if what.lower() in ISSUE_WORDS:
        return _new_issue(args)
    kind = KIND_ALIASES.get(what) or KIND_ALIASES.get(what.lower())
    if kind is None:
        echo("new.unknown_what", stream=sys.stderr, what=what)
        return EXIT_USAGE
    if args.issue is None or not args.unit:
        echo("new.article_needs", stream=sys.stderr)
        return EXIT_USAGE
    return _new_article(args, kind)


def _new_issue(args: argparse.Namespace) -> int:
    diags = Diagnostics()
    settings = read_settings(args.content, diags)
    if settings is None:
        return _failed(diags)
    series = _series(args, settings, diags)
    if diags.errors:
        return _failed(diags)
    day = args.date or date.today()
    path = new_issue(args.content, day, diags, year=args.year, number=args.number, series=series,
                     supplement=args.supplement)
    if path is None:
        return _failed(diags)
    if args.supplement:
        echo("new.supplement_created", path=path)
    else:
        echo("new.created", path=path)
    if args.year and args.year != day.year:
        echo("new.check_date", date=day.isoformat(), year=args.year)
    return EXIT_OK


def _new_article(args: argparse.Namespace, kind: str) -> int:
    diags = Diagnostics()
    settings = read_settings(args.content, diags)
    if settings is None:
        return _failed(diags)
    series = _series(args, settings, diags)
    if diags.errors:
        return _failed(diags)
    year, number = args.issue
    path = new_article(args.content, settings, kind, year, number, args.unit, diags, title=args.title,
                       series=series, supplement=args.supplement)
    if path is None:
        return _failed(diags)
    echo("new.created_draft", path=path)
    return EXIT_OK


def _series(args: argparse.Namespace, settings: Settings, diags: Diagnostics) -> Series | None:
    """The series ``--series`` names (E268 if site.yaml has none such); None: the main one."""
    if not args.series:
        return None
    series = settings.site.series_by_id(args.series.strip())
    if series is None:
        choices = "、".join(f"{s.id}（{s.title}）" for s in settings.site.series)  # in the hint: Chinese only
        diags.add("E268", "site.yaml", value=args.series, choices=choices)
    return series


def _failed(diags: Diagnostics) -> int:
    print_diagnostics(diags)
    return EXIT_CONTENT


def _issue(value: str) -> tuple[int, int]:
    match = ISSUE_REF.match(value)
    if not match or int(match.group(2)) == 0:
        raise argparse.ArgumentTypeError(text("new.bad_issue", value=value))
    return int(match.group(1)), int(match.group(2))


def _day(value: str) -> date:
    day = parse_date(value)
    if day is None:
        raise argparse.ArgumentTypeError(text("new.bad_date", value=value))
    return day
