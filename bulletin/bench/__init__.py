"""The speed benchmark: a deterministic synthetic bulletin (``corpus.py``),
timed builds in fresh processes (``probe.py``) and the scenarios with their
report (``runner.py``). Run ``python -m bulletin.bench --help``; results are
recorded in docs/performance.md. Not a test: tests check correctness."""
