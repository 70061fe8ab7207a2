"""Options and reporting shared by several commands."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bulletin.errors import Diagnostics
from bulletin.render.environment import DEFAULT_TEMPLATES
from bulletin.texts import say

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
LANGUAGES = ("both", "zh", "en")

# The language of messages for this run (``--lang``), set once by ``main``.
_language = "both"


def set_language(lang: str) -> None:
    global _language
    _language = lang if lang in LANGUAGES else "both"


def language() -> str:
    return _language


def add_language_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=LANGUAGES, default="both",
                        help="提示信息的语言：both 中英对照（默认）、zh 只用中文、en 只用英文 "
                             "(message language: both, zh or en)")


def add_content_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=Path("content"), metavar="DIR",
                        help="内容文件夹 (content folder, default: content)")


def add_output_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--templates", type=Path, default=DEFAULT_TEMPLATES, metavar="DIR",
                        help="主题模板文件夹 (theme folder, default: the built-in theme)")
    parser.add_argument("--out", type=Path, default=Path("site"), metavar="DIR",
                        help="输出文件夹 (output folder, default: site)")


def add_speed_arguments(parser: argparse.ArgumentParser) -> None:
    """The build cache and worker processes (docs/performance.md)."""
    add_cache_arguments(parser)
    parser.add_argument("--jobs", type=int, default=0, metavar="N",
                        help="并行进程数，默认等于CPU核数 (worker processes, default: one per core)")


def add_cache_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--cache", type=Path, default=None, metavar="DIR",
                        help="构建缓存文件夹，可随时删除 (build cache folder, safe to delete; "
                             "default: .cache beside the content folder)")
    parser.add_argument("--no-cache", action="store_true",
                        help="不使用缓存，完整重新生成 (clean build: neither read nor write the cache)")


def echo(key: str, /, stream=None, **args: object) -> None:
    """Print a text of the catalogue (bulletin/texts.py) in this run's language."""
    print(say(key, _language, **args), file=stream or sys.stdout, flush=True)


def print_diagnostics(diags: Diagnostics, stream=None) -> None:
    stream = stream or sys.stderr
    for item in diags.sorted():
        print(item.format(_language), file=stream)


def summary_counts(diags: Diagnostics) -> str:
    errors, warnings = len(diags.errors), len(diags.warnings)
    if _language == "en":
        return f"{errors} errors, {warnings} warnings"
    if _language == "zh":
        return f"{errors} 个错误，{warnings} 个警告"
    return f"{errors} 个错误，{warnings} 个警告 ({errors} errors, {warnings} warnings)"


def report_path(out: Path) -> Path:
    """``site`` → ``site-report.txt`` beside it: outside the folder that gets published."""
    out = Path(out).resolve()
    return out.parent / f"{out.name}-report.txt"


def write_report(path: Path, heading: str, diags: Diagnostics, summary: str) -> Path | None:
    """The messages of a run as UTF-8 with a BOM and CRLF, so that Notepad on a
    Chinese Windows shows them right; None if the file cannot be written."""
    lines = [heading, f"时间 (time): {time.strftime('%Y-%m-%d %H:%M:%S')}", ""]
    lines += [item.format(_language) for item in diags.sorted()] or ["没有错误或警告 (no errors or warnings)"]
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
