"""The command line: ``python build.py [command] [options]``.

One module per command, each with ``add_arguments(parser)`` and ``run(args)``
returning the exit code: 0 ok, 1 content errors, 2 usage errors.
"""

from __future__ import annotations

import argparse
import sys
from importlib import import_module

from bulletin.commands.common import add_language_argument, echo, set_language

# command name → (module, one-line help)
COMMANDS = {
    "build": ("bulletin.commands.build", "生成站点 (build the site)"),
    "check": ("bulletin.commands.check", "只检查内容 (validate the content only)"),
    "serve": ("bulletin.commands.serve", "边写边预览：生成、在本机浏览并自动刷新 (live preview on localhost)"),
    "new": ("bulletin.commands.new", "新建一期或一篇文章 (start a new issue or article)"),
    "stats": ("bulletin.commands.stats", "信息报送采用统计与排行 (submissions, adoption and rankings)"),
    "notice": ("bulletin.commands.notice", "生成信息报送采用情况通报（Word） (the period's notice as .docx)"),
    "publish": ("bulletin.commands.publish", "生成、检查并原子发布 (build, verify and publish atomically)"),
    "rollback": ("bulletin.commands.rollback", "回退到上一个发布版本 (roll back to an earlier release)"),
    "bundle": ("bulletin.commands.bundle", "制作离线安装包 (make an offline installation bundle)"),
    "import": ("bulletin.commands.import_", "导入 Word 简报存档（.docx/.doc/.wps）(import Word bulletins)"),
}
DEFAULT_COMMAND = "build"


def make_parser(only: str | None = None) -> argparse.ArgumentParser:
    """With ``only``, just that command's module is imported for its options:
    ``stats`` or a no-op ``build`` need not load what the other commands use."""
    parser = argparse.ArgumentParser(
        prog="bulletin", description="学习简报：把 Markdown 简报生成内网站点 (bulletin site generator)")
    commands = parser.add_subparsers(dest="command", metavar="命令")
    for name, (module_name, help_text) in COMMANDS.items():
        sub = commands.add_parser(name, help=help_text, description=help_text)
        if only is None or name == only:
            import_module(module_name).add_arguments(sub)
        add_language_argument(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    _readable_console()
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv.insert(0, DEFAULT_COMMAND)
    args = make_parser(argv[0] if argv[0] in COMMANDS else None).parse_args(argv)
    set_language(args.lang)
    module = import_module(COMMANDS[args.command][0])
    try:
        return module.run(args)
    except KeyboardInterrupt:
        echo("common.interrupted", stream=sys.stderr)
        return 130


def _readable_console() -> None:
    """Never crash on a console that cannot show a character (cp936, ascii)."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
