"""Options and reporting shared by several commands."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bulletin.errors import Diagnostics
from bulletin.render.environment import DEFAULT_TEMPLATES
from bulletin.texts import Both, both, say

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
LANGUAGES = ("both", "zh", "en")

# The language of messages for this run (``--lang``), set once by ``main``.
_language = "both"


def set_language(lang: str) -> None:
    global _language
    _language = lang if lang in LANGUAGES else "both"


def language() -> str:
    return _language


def language_in(argv: list[str]) -> str:
    """The ``--lang`` of a command line, before it is parsed (its help and errors are said in it)."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return "both"


def text(key: str, /, **args: object) -> str:
    """A text of the catalogue in this run's language (option help, argparse messages)."""
    return say(key, _language, **args)


def add_language_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=LANGUAGES, default="both", help=text("common.help.lang"))


def add_content_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=Path("content"), metavar="DIR",
                        help=text("common.help.content"))


def add_templates_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--templates", type=Path, default=DEFAULT_TEMPLATES, metavar="DIR",
                        help=text("common.help.templates"))


def add_output_arguments(parser: argparse.ArgumentParser) -> None:
    add_templates_argument(parser)
    parser.add_argument("--out", type=Path, default=Path("site"), metavar="DIR", help=text("common.help.out"))


def add_speed_arguments(parser: argparse.ArgumentParser) -> None:
    """The build cache and worker processes (docs/performance.md)."""
    add_cache_arguments(parser)
    parser.add_argument("--jobs", type=int, default=0, metavar="N", help=text("common.help.jobs"))


def add_cache_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--cache", type=Path, default=None, metavar="DIR", help=text("common.help.cache"))
    parser.add_argument("--no-cache", action="store_true", help=text("common.help.no_cache"))


def echo(key: str, /, stream=None, **args: object) -> None:
    """Print a text of the catalogue (bulletin/texts.py) in this run's language."""
    print(say(key, _language, **args), file=stream or sys.stdout, flush=True)


def print_diagnostics(diags: Diagnostics, stream=None) -> None:
    stream = stream or sys.stderr
    for item in diags.sorted():
        print(item.format(_language), file=stream)


def print_problem(code: str, path: str, /, **args: object) -> None:
    """One diagnostic about the command line itself (an option, the output folder), on stderr."""
    diags = Diagnostics()
    diags.add(code, path, **args)
    print_diagnostics(diags)


def summary_counts(diags: Diagnostics) -> Both:
    """"2 个错误，1 个警告" / "2 errors, 1 warning": an argument for the summary texts."""
    return both("common.counts", errors=both("common.errors", count=len(diags.errors)),
                warnings=both("common.warnings", count=len(diags.warnings)))


def report_path(out: Path) -> Path:
    """``site`` → ``site-report.txt`` beside it: outside the folder that gets published."""
    out = Path(out).resolve()
    return out.parent / f"{out.name}-report.txt"


def write_report(path: Path, heading: str, diags: Diagnostics, summary: str) -> Path | None:
    """The messages of a run as UTF-8 with a BOM and CRLF, so that Notepad on a
    Chinese Windows shows them right; None if the file cannot be written."""
    lines = [heading, f"{text('common.report_time')}: {time.strftime('%Y-%m-%d %H:%M:%S')}", ""]
    lines += [item.format(_language) for item in diags.sorted()] or [text("common.report_empty")]
    lines += ["", summary, ""]
    return write_notepad_text(path, lines)


def write_notepad_text(path: Path, lines: list[str]) -> Path | None:
    """Lines as UTF-8 with a BOM and CRLF (what Notepad on a Chinese Windows reads
    right); None if the file cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\r\n".join(lines), encoding="utf-8-sig", newline="")
    except OSError:
        return None
    return path
