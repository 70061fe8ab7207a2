#!/usr/bin/env python3
"""Entry point: ``python build.py`` builds content/ into site/; see ``--help``.

``python build.py setup`` creates .venv and installs the project there; a
Python without the dependencies (Debian's own python3) then runs every other
command under .venv by itself (bulletin/bootstrap.py).
"""

from bulletin.bootstrap import main

if __name__ == "__main__":
    main()
