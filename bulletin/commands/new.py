"""``new``: start the next issue, or the next article of an issue.

    python build.py new issue [--year 2011] [--series tongbao] [--supplement]
    python build.py new briefing|case|progress --issue 2011/3 --unit yudong [--title 标题]
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date

from bulletin.commands.common import (
    EXIT_CONTENT,
    EXIT_OK,
    EXIT_USAGE,
    add_content_argument,
    echo,
    print_diagnostics,
)
from bulletin.errors import Diagnostics
from bulletin.model.entities import Series
from bulletin.scaffold import Settings, new_article, new_issue, read_settings
from bulletin.validate.fields import KIND_ALIASES, parse_date

_ISSUE = re.compile(r"^\s*(\d{4})\s*(?:[/\-.]|年第?)\s*(\d{1,4})\s*期?\s*$")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("what", metavar="issue|briefing|case|progress",
                        help="新建什么：issue 一期简报；briefing 工作动态、case 典型案例、progress 进展通报 "
                             "(what to create)")
    add_content_argument(parser)
    parser.add_argument("--year", type=int, help="新一期的年份，默认今年 (year of the new issue)")
    parser.add_argument("--number", type=int, help="新一期的期号，默认接着上一期 (issue number, default: next)")
    parser.add_argument("--date", type=_day, help="印发日期，默认今天 (issue date, default: today)")
    parser.add_argument("--issue", type=_issue, metavar="YYYY/N",
                        help="文章所在的期，例如 2011/3 (the article's issue)")
    parser.add_argument("--unit", help="供稿单位的 id 或名称，例如 yudong 或 玉东新区 (the unit)")
    parser.add_argument("--title", default="", help="文章标题，可以以后再填 (article title)")
    parser.add_argument("--series", metavar="ID",
                        help="简报系列的 id（site.yaml 的 series），默认主刊 (the series, default: the main one)")
    parser.add_argument("--supplement", action="store_true",
                        help="增刊：新建下一期增刊，或 --issue 指增刊第N期 (a supplement, 增刊)")


def run(args: argparse.Namespace) -> int:
    what = args.what.strip()
    if what.lower() in ("issue", "期", "简报期"):
        return _new_issue(args)
    kind = KIND_ALIASES.get(what) or KIND_ALIASES.get(what.lower())
    if kind is None:
        print(f"不知道要新建“{what}”：请写 issue、briefing、case 或 progress "
              f"(unknown '{what}': use issue, briefing, case or progress)", file=sys.stderr)
        return EXIT_USAGE
    if args.issue is None or not args.unit:
        print("新建文章需要 --issue 和 --unit，例如：python build.py new case --issue 2011/3 --unit yudong "
              "(an article needs --issue and --unit)", file=sys.stderr)
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
        print(f"已新建：{path} (created)")
    if args.year and args.year != day.year:
        print(f"请核对印发日期 {day.isoformat()}：与年份 {args.year} 不一致 (check the issue date)")
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
    print(f"已新建：{path}（草稿，定稿后删除 draft: true 一行才会发布）(created, as a draft)")
    return EXIT_OK


def _series(args: argparse.Namespace, settings: Settings, diags: Diagnostics) -> Series | None:
    """The series ``--series`` names (E268 if site.yaml has none such); None: the main one."""
    if not args.series:
        return None
    series = settings.site.series_by_id(args.series.strip())
    if series is None:
        choices = "、".join(f"{s.id}（{s.title}）" for s in settings.site.series)
        diags.add("E268", "site.yaml", value=args.series, choices=choices)
    return series


def _failed(diags: Diagnostics) -> int:
    print_diagnostics(diags)
    return EXIT_CONTENT


def _issue(value: str) -> tuple[int, int]:
    match = _ISSUE.match(value)
    if not match or int(match.group(2)) == 0:
        raise argparse.ArgumentTypeError(f"“{value}”不是有效的期，请写成 2011/3 (write the issue as 2011/3)")
    return int(match.group(1)), int(match.group(2))


def _day(value: str) -> date:
    day = parse_date(value)
    if day is None:
        raise argparse.ArgumentTypeError(f"“{value}”不是有效的日期，请写成 2011-03-05 (write the date as 2011-03-05)")
    return day
