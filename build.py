#!/usr/bin/env python3
"""Entry point: ``python build.py`` builds content/ into site/; see ``--help``.

``python build.py setup`` creates .venv and installs the project there; a
Python without the dependencies (Debian's own python3) then runs every other
command under .venv by itself.
"""

import sys


def _run() -> int:
    if sys.argv[1:2] == ["setup"]:
        from bulletin.bootstrap import setup

        return setup(sys.argv[2:])
    try:
        from bulletin.commands import main

        return main()
    except ModuleNotFoundError as missing:  # a dependency: the commands import them lazily, before doing anything
        if (missing.name or "").startswith("bulletin"):
            raise
        from bulletin.bootstrap import run_in_project_venv

        return run_in_project_venv(missing.name or "?")


if __name__ == "__main__":
    sys.exit(_run())
