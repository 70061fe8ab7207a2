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
    add_templates_argument,
    echo,
    language,
    print_diagnostics,
    print_problem,
    summary_counts,
    text,
)
from bulletin.errors import Diagnostics
from bulletin.pipeline import FEATURE_NAMES, BuildOptions, BuildResult
from bulletin.serve import Preview

LOOPBACK = ("127.0.0.1", "localhost", "::1")
MAX_PORT = 65535


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_content_argument(parser)
    add_templates_argument(parser)
    parser.add_argument("--out", type=Path, default=None, metavar="DIR", help=text("serve.help.out"))
    parser.add_argument("--port", type=int, default=8000, help=text("serve.help.port"))
    parser.add_argument("--host", default="127.0.0.1", help=text("serve.help.host"))
    parser.add_argument("--drafts", action="store_true", help=text("serve.help.drafts"))
    # A preview starts in a fresh folder: making every PDF first would keep a large bulletin's
    # preview waiting for minutes, so PDFs are made only when asked for.
    parser.add_argument("--pdf", action="store_true", help=text("serve.help.pdf"))


def run(args: argparse.Namespace) -> int:
    temporary = None if args.out else Path(tempfile.mkdtemp(prefix="bulletin-preview-"))
    out = args.out if temporary is None else temporary / "site"
    features = [name for name in FEATURE_NAMES if args.pdf or name != "pdf"]
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
            raise OverflowError(text("serve.bad_port", max=MAX_PORT))
        preview = Preview(options, args.host, args.port, language(), report=_report)
    except (OSError, OverflowError, UnicodeError) as failure:  # busy port, bad port, unknown host name
        reason = getattr(failure, "strerror", None) or str(failure)
        print_problem("E117", "serve", host=args.host, port=args.port, reason=reason)
        return EXIT_USAGE
    try:
        status = preview.start()
        if any(problem.code in ("E222", "E226") for problem in status.problems):
            return EXIT_USAGE  # no content folder, or a folder of someone else's files: nothing to preview
        echo("serve.at", url=preview.url)
        if args.host not in LOOPBACK:
            echo("serve.open_network", host=args.host)
        _stop_on_sigterm()
        preview.serve_forever()
    except KeyboardInterrupt:
        echo("serve.stopped")
    finally:
        preview.close()
    return EXIT_OK


def _report(diags: Diagnostics, result: BuildResult | None, seconds: float) -> None:
    """One block per rebuild in the terminal: the problems, then a summary line."""
    print_diagnostics(diags)
    stamp = time.strftime("%H:%M:%S")
    if result is None:
        echo("serve.failed", stream=sys.stderr, stamp=stamp, counts=summary_counts(diags))
        return
    report = result.report
    echo("serve.built", stamp=stamp, written=report.written, removed=report.removed, seconds=f"{seconds:.2f}",
         counts=summary_counts(diags))
    sys.stderr.flush()


def _stop_on_sigterm() -> None:
    """``kill`` stops the preview as Ctrl+C does, so the temporary folder is removed."""
    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, stop)
