import sys

from bulletin.bootstrap import run

sys.exit(run(sys.argv[1:]))
