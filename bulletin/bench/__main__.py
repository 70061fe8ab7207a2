"""``python -m bulletin.bench --articles 1000,10000``: see bulletin/bench/runner.py."""

import sys

from bulletin.bench.runner import main

sys.exit(main())
