"""``python3 build.py setup``: a private environment for this checkout.

Stock Debian 12 and Ubuntu 24.04 refuse ``pip install`` into the system
Python (PEP 668, "externally-managed-environment"), and stock Debian's python3
cannot even create a virtual environment until the python3-venv package is
installed. So setup makes ``.venv`` beside build.py and installs the project
there; afterwards ``python3 build.py …`` with any Python finds ``.venv`` by
itself (``run_in_project_venv``) and the README's commands stay the same.

This module uses the standard library only: it runs before the dependencies
exist. Windows office PCs run it with ``py -3 build.py setup``.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NoReturn

from bulletin.errors import Diagnostics
from bulletin.process import exit_process
from bulletin.texts import say

MIN_PYTHON = (3, 11)
VENV = ".venv"
ROOT = Path(__file__).resolve().parent.parent  # the checkout: build.py, pyproject.toml


class SetupError(Exception):
    """One diagnostic that stops the setup."""

    def __init__(self, code: str, path: str, /, **args: object) -> None:
        super().__init__(code)
        self.diagnostics = Diagnostics()
        self.diagnostics.add(code, path, **args)


def venv_python(root: Path = ROOT) -> Path:
    """The interpreter inside the project's virtual environment."""
    if os.name == "nt":
        return root / VENV / "Scripts" / "python.exe"
    return root / VENV / "bin" / "python"


def setup(argv: list[str]) -> int:
    """Create ``.venv`` if needed and install the project into it (editable)."""
    parser = argparse.ArgumentParser(prog="build.py setup", description=say("setup.description"))
    parser.add_argument("--test", action="store_true", help=say("setup.help.test"))
    parser.add_argument("--lang", choices=("zh", "en", "both"), default="both")
    args = parser.parse_args(argv)
    try:
        _check_python()
        python = _ensure_venv(args.lang)
        _install(python, args.test, args.lang)
    except SetupError as failure:
        for item in failure.diagnostics.sorted():
            print(item.format(args.lang), file=sys.stderr)
        return 1
    print(say("setup.done", args.lang, command=_own_command(), venv=VENV), flush=True)
    return 0


def run(argv: list[str]) -> int:
    """The command line of build.py and ``python -m bulletin``: ``setup`` here, the
    rest in bulletin.commands, under .venv when this Python lacks a dependency."""
    if argv[:1] == ["setup"]:
        return setup(argv[1:])
    try:
        from bulletin.commands import main

        return main(argv)
    except ModuleNotFoundError as missing:  # a dependency: commands import them lazily, before doing anything
        if (missing.name or "").startswith("bulletin"):
            raise
        return run_in_project_venv(missing.name or "?")


def main() -> NoReturn:
    """The process entry of build.py and ``python -m bulletin``."""
    exit_process(run(sys.argv[1:]))


def run_in_project_venv(missing_module: str) -> int:
    """Run this same command under ``.venv`` when the current Python lacks the
    dependencies (for example Debian's own python3 after ``setup``)."""
    python = venv_python()
    inside = Path(sys.prefix).resolve() == (ROOT / VENV).resolve()
    if inside or not python.is_file():
        diags = Diagnostics()
        diags.add("E804", str(ROOT / "build.py"), module=missing_module, command=_own_command())
        for item in diags.items:
            print(item.format(), file=sys.stderr)
        return 1
    command = [str(python), *sys.orig_argv[1:]]  # with "-m bulletin" when started so
    if os.name == "nt":  # exec on Windows starts a detached process; wait for it instead
        return subprocess.call(command)
    os.execv(command[0], command)
    return 1  # not reached


# -- steps ----------------------------------------------------------------------


def _check_python() -> None:
    if sys.version_info[:2] < MIN_PYTHON:
        raise SetupError("E800", sys.executable, needed=".".join(map(str, MIN_PYTHON)),
                         found=".".join(map(str, sys.version_info[:3])))


def _ensure_venv(lang: str) -> Path:
    python = venv_python()
    if python.is_file() and _runs(python, "-m", "pip", "--version"):
        return python
    if not _venv_possible():
        _install_venv_package(lang)
    print(say("setup.creating", lang, venv=VENV), flush=True)
    # --clear: a venv left half-made by an earlier attempt (no pip inside) is made again
    made = subprocess.run([sys.executable, "-m", "venv", "--clear", str(ROOT / VENV)],
                          capture_output=True, text=True, errors="replace")
    if made.returncode != 0 or not python.is_file():
        reason = (made.stderr or made.stdout).strip().splitlines()[-1:] or [str(made.returncode)]
        raise SetupError("E802", str(ROOT / VENV), reason=reason[0], venv=str(ROOT / VENV))
    return python


def _venv_possible() -> bool:
    """venv needs ensurepip to put pip into the new environment; Debian keeps
    ensurepip in the separate python3.X-venv package."""
    return all(importlib.util.find_spec(name) is not None for name in ("venv", "ensurepip"))


def _venv_package() -> str:
    return f"python3.{sys.version_info.minor}-venv"


def _install_venv_package(lang: str) -> None:
    """As root on Debian/Ubuntu (containers, CI), install python3.X-venv; elsewhere explain."""
    package = _venv_package()
    apt = shutil.which("apt-get")
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if apt and is_root:
        print(say("setup.apt", lang, packages=package), flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        install = [apt, "install", "-y", "-q", "--no-install-recommends", package]
        if subprocess.run(install, stdout=subprocess.DEVNULL, env=env).returncode != 0:  # no package lists yet
            subprocess.run([apt, "update", "-q"], stdout=subprocess.DEVNULL, env=env)
            subprocess.run(install, stdout=subprocess.DEVNULL, env=env)
        importlib.invalidate_caches()
        if _venv_possible():
            return
    missing = next(name for name in ("venv", "ensurepip") if importlib.util.find_spec(name) is None)
    raise SetupError("E801", sys.executable, module=missing, package=package)


def _install(python: Path, with_tests: bool, lang: str) -> None:
    what = ".[test]" if with_tests else "."
    print(say("setup.installing", lang, what=what, venv=VENV), flush=True)
    command = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", "-e", what]
    code = subprocess.call(command, cwd=ROOT)
    if code != 0:
        raise SetupError("E803", str(ROOT / "pyproject.toml"), code=code)


def _runs(python: Path, *args: str) -> bool:
    return subprocess.run([str(python), *args], capture_output=True).returncode == 0


def _own_command() -> str:
    return "py -3 build.py" if os.name == "nt" else "python3 build.py"
