"""One timed build in a fresh process; prints its figures as JSON.

Run by the benchmark as ``python -m bulletin.bench.probe OPTIONS.json`` so
that every measured build pays interpreter start-up and imports, as an author
running ``python build.py`` does.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

started = time.perf_counter()

from bulletin.process import collector_paused, exit_process  # noqa: E402 (imports are part of what is timed)

with collector_paused():  # as bulletin.commands imports a command
    from bulletin.errors import BuildError
    from bulletin.pipeline import BuildOptions, build


def own_peak_mb(own: resource.struct_rusage) -> float:
    """This process's peak memory since it started. Linux keeps ``ru_maxrss`` across ``exec``: a
    probe started by the benchmark would report the benchmark's own size when its build needs less
    (a no-op rebuild showed 78 MB, the runner's, not its own ~40 MB; 382 MB after the runner had
    timed PDFs itself). The peak of this program's own memory is VmHWM, where there is one."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except (OSError, ValueError, IndexError):
        pass
    return own.ru_maxrss / 1024


def main(argv: list[str]) -> int:
    spec = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    options = BuildOptions(content=Path(spec["content"]), out=Path(spec["out"]), cache=Path(spec["cache"]),
                           templates=Path(spec["templates"]), use_cache=spec.get("use_cache", True),
                           features=spec.get("features"))
    try:
        result = build(options)
    except BuildError as failure:
        print(json.dumps({"error": [d.format() for d in failure.diagnostics.errors]}))
        return 1
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({
        "seconds_in_process": time.perf_counter() - started,
        "build_seconds": result.seconds,
        "rendered": result.rendered,
        "written": result.report.written,
        "files": result.report.total,
        "cpu_seconds": own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime,
        "peak_rss_mb": own_peak_mb(own),
        "peak_worker_rss_mb": workers.ru_maxrss / 1024,
    }))
    return 0


if __name__ == "__main__":
    exit_process(main(sys.argv[1:]))  # as build.py leaves, so that its exit is timed alike
