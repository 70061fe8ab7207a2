"""The benchmark's probe reports its own peak memory, not the benchmark's.

Linux keeps ``ru_maxrss`` across ``exec``: a process started by a large parent reports the
parent's size when it needs less itself. The probe reads VmHWM instead (bench/probe.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
LARGE_MB = 300

CHILD = """
import json, resource
from bulletin.bench.probe import own_peak_mb
own = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"reported": own_peak_mb(own), "ru_maxrss": own.ru_maxrss / 1024}))
"""


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="VmHWM is Linux's")
def test_a_probe_started_by_a_large_process_reports_its_own_peak() -> None:
    large = bytearray(LARGE_MB << 20)
    large[::4096] = b"\x01" * len(range(0, len(large), 4096))  # touched: resident, not only reserved
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, check=True, cwd=REPO)
    figures = json.loads(done.stdout)
    assert figures["ru_maxrss"] >= LARGE_MB  # what the probe used to report: this test process's size
    assert figures["reported"] < LARGE_MB / 2  # its own: the interpreter and the build's modules
    del large
