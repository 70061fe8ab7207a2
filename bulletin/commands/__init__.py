"""The command line: ``python build.py [command] [options]``.

One module per command, each with ``add_arguments(parser)`` and ``run(args)``
returning the exit code: 0 ok, 1 content errors, 2 usage errors.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from types import ModuleType
from typing import NoReturn

from bulletin.commands.arguments import argparse_in
from bulletin.commands.common import add_language_argument, echo, language, language_in, set_language, text
from bulletin.process import collector_paused, exit_process

# command name → its module (bulletin.commands.<module>); its one-line help is the text
# ``cli.<name>`` (texts.py)
COMMANDS: dict[str, str] = {"build": "build", "check": "check", "serve": "serve", "new": "new", "stats": "stats",
                            "notice": "notice", "publish": "publish", "rollback": "rollback", "bundle": "bundle",
                            "import": "import_"}
DEFAULT_COMMAND = "build"


def command_module(name: str) -> ModuleType:
    return importlib.import_module(f"bulletin.commands.{COMMANDS[name]}")


def make_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with ``only``, the other commands' options are left out, so that
    running one command imports that command alone (``stats`` needs neither the server, the Word
    import nor the bundle, and their imports would be a good part of its time)."""
    parser = argparse.ArgumentParser(prog="bulletin", description=text("cli.description"))
    commands = parser.add_subparsers(dest="command", metavar=text("cli.commands"))
    for name in COMMANDS:
        help_text = text(f"cli.{name}")
        sub = commands.add_parser(name, help=help_text, description=help_text)
        if only is None or name == only:
            command_module(name).add_arguments(sub)
        add_language_argument(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    _readable_console()
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv.insert(0, DEFAULT_COMMAND)
    set_language(language_in(argv))  # the help and argparse's errors are said in it too
    with argparse_in(language()), collector_paused():  # the parser imports the command's module
        args = make_parser(only=argv[0] if argv[0] in COMMANDS else None).parse_args(argv)
    set_language(args.lang)
    try:
        return command_module(args.command).run(args)
    except KeyboardInterrupt:
        echo("common.interrupted", stream=sys.stderr)
        return 130


def console() -> NoReturn:
    """The ``bulletin`` script installed with the package."""
    exit_process(main())


def _readable_console() -> None:
    """Never crash on a console that cannot show a character (cp936, ascii)."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
