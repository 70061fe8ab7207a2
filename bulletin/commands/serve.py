"""``serve``: build, preview on localhost, rebuild on every save, reload open tabs.

The site is built into a temporary folder unless ``--out`` is given, so that a
preview (perhaps with drafts) never ends up in the folder that is published.
"""

from __future__ import annotations

import argparse
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

from bulletin.commands.common import (
    EXIT_OK,
    EXIT_USAGE,
    add_content_argument,
    language,
    print_diagnostics,
    summary_counts,
)
from bulletin.errors import Diagnostic, Diagnostics
from bulletin.pdf import FEATURE as PDF_FEATURE
from bulletin.pipeline import BuildOptions, BuildResult
from bulletin.render import pages
from bulletin.render.environment import DEFAULT_TEMPLATES
from bulletin.serve import Preview

LOOPBACK = ("127.0.0.1", "localhost", "::1")
MAX_PORT = 65535


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_content_argument(parser)
    parser.add_argument("--templates", type=Path, default=DEFAULT_TEMPLATES, metavar="DIR",
                        help="主题模板文件夹 (theme folder, default: the built-in theme)")
    parser.add_argument("--out", type=Path, default=None, metavar="DIR",
                        help="输出文件夹，默认用临时文件夹 (output folder, default: a temporary folder)")
    parser.add_argument("--port", type=int, default=8000, help="端口，0 表示自动选择 (port, 0 = any free port)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="监听地址，默认只允许本机访问 (address to listen on, default: this computer only)")
    parser.add_argument("--drafts", action="store_true", help="同时显示草稿，并标明 (show drafts, marked as such)")
    # A preview starts in a fresh folder: making every PDF first would keep a large bulletin's
    # preview waiting for minutes, so PDFs are made only when asked for.
    parser.add_argument("--pdf", action="store_true",
                        help="预览时也生成每期 PDF 和合订本（较慢） (also make the PDFs; slower)")


def run(args: argparse.Namespace) -> int:
    temporary = None if args.out else Path(tempfile.mkdtemp(prefix="bulletin-preview-"))
    out = args.out or temporary / "site"
    features = [f for f in pages.FEATURES if args.pdf or f != PDF_FEATURE]
    options = BuildOptions(content=args.content, out=out, templates=args.templates, drafts=args.drafts,
                           features=features)
    try:
        return _serve(args, options)
    finally:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)


def _serve(args: argparse.Namespace, options: BuildOptions) -> int:
    try:
        if not 0 <= args.port <= MAX_PORT:
            raise OverflowError(f"端口须在 0 到 {MAX_PORT} 之间 (the port must be 0 to {MAX_PORT})")
        preview = Preview(options, args.host, args.port, language(), report=_report)
    except (OSError, OverflowError, UnicodeError) as failure:  # busy port, bad port, unknown host name
        reason = getattr(failure, "strerror", None) or str(failure)
        where = Diagnostic("E117", "serve", 0, {"host": args.host, "port": args.port, "reason": reason})
        print(where.format(language()), file=sys.stderr)
        return EXIT_USAGE
    try:
        status = preview.start()
        if any(problem.code in ("E222", "E226") for problem in status.problems):
            return EXIT_USAGE  # no content folder, or a folder of someone else's files: nothing to preview
        print(f"预览地址 (preview at): {preview.url}  按 Ctrl+C 停止 (Ctrl+C to stop)", flush=True)
        if args.host not in LOOPBACK:
            print(f"注意：监听 {args.host}，局域网内其他电脑也能访问本预览 "
                  f"(note: other computers can reach this preview)", flush=True)
        _stop_on_sigterm()
        preview.serve_forever()
    except KeyboardInterrupt:
        print("预览已停止 (preview stopped)", flush=True)
    finally:
        preview.close()
    return EXIT_OK


def _report(diags: Diagnostics, result: BuildResult | None, seconds: float) -> None:
    """One block per rebuild in the terminal: the problems, then a summary line."""
    print_diagnostics(diags)
    stamp = time.strftime("%H:%M:%S")
    if result is None:
        print(f"[{stamp}] 生成失败：{summary_counts(diags)}；浏览器中显示错误，改正并保存后自动更新 "
              f"(build failed; fix and save)", file=sys.stderr, flush=True)
        return
    report = result.report
    print(f"[{stamp}] 已生成：新写入 {report.written} 个文件，删除 {report.removed} 个，"
          f"用时 {seconds:.2f} 秒；{summary_counts(diags)} "
          f"(built: {report.written} written, {report.removed} removed, {seconds:.2f} s)", flush=True)
    sys.stderr.flush()


def _stop_on_sigterm() -> None:
    """``kill`` stops the preview as Ctrl+C does, so the temporary folder is removed."""
    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, stop)
