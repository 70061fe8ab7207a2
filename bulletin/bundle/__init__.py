"""``bundle``: one zip that installs and runs bulletin on a machine without internet.

The zip holds, under one top folder:

- ``wheels/``: a wheel of this project and of every runtime dependency in
  pyproject.toml (read at bundle time, never a list kept here), downloaded
  by pip for the target platform and Python, binary only, with SHA256SUMS;
- ``content/`` (the example) and ``templates/`` (the theme);
- scripts that make ``.venv`` and install from ``wheels/`` with ``--no-index``,
  then build or preview (``安装.bat 预览.bat 生成.bat`` or ``.sh``: scripts.py);
- ``安装说明.txt``: which Python to install and where the IT department gets it.

The zip is deterministic for the same wheels (sorted entries, fixed times),
and written beside its final name then renamed: never half a zip.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

from bulletin import __version__
from bulletin.bundle.scripts import Target, instructions, scripts
from bulletin.errors import BuildError, Diagnostics

ROOT = Path(__file__).resolve().parent.parent.parent  # the source checkout
PLATFORMS: dict[str, Target] = {
    "win_amd64": Target("win_amd64", "windows", "AMD64", "3.12"),
    "manylinux2014_x86_64": Target("manylinux2014_x86_64", "linux", "x86_64", "3.11"),
    "manylinux2014_aarch64": Target("manylinux2014_aarch64", "linux", "aarch64", "3.11"),
}
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: equal bundles are equal bytes


@dataclass(frozen=True)
class Bundle:
    path: Path
    wheels: list[str]
    size: int


def make_bundle(platform: str, python: str | None, output: Path, root: Path = ROOT) -> Bundle:
    """Download, assemble and write the bundle; raises BuildError with the reason."""
    target = PLATFORMS.get(platform)
    if target is None:
        raise _failure("E807", platform, platform=platform)
    if not (root / "pyproject.toml").is_file():
        raise _failure("E809", str(root))
    version = python or target.python
    with tempfile.TemporaryDirectory(prefix="bulletin-bundle-") as scratch:
        wheels = Path(scratch) / "wheels"
        _project_wheel(root, wheels)
        _dependency_wheels(runtime_requirements(root), target, version, wheels)
        top = f"bulletin-{__version__}-{target.platform}-py{version}"
        files = _collect(root, wheels, target, version)
        try:
            _write_zip(output, top, files)
        except OSError as problem:
            raise _failure("E810", str(output), path=str(output), reason=problem.strerror or str(problem)) from None
        names = sorted(p.name for p in wheels.glob("*.whl"))
    return Bundle(output, names, output.stat().st_size)


def runtime_requirements(root: Path = ROOT) -> list[str]:
    """The ``dependencies`` of pyproject.toml, as written there."""
    with (root / "pyproject.toml").open("rb") as handle:
        return list(tomllib.load(handle)["project"]["dependencies"])


# -- steps ----------------------------------------------------------------------


def _project_wheel(root: Path, wheels: Path) -> None:
    """Built from a clean copy: setuptools leaves build/ in the folder it builds, and stale
    modules there would go into the wheel."""
    source = wheels.parent / "source"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    shutil.copytree(root / "bulletin", source / "bulletin", ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(root / name, source / name)
    _pip(["wheel", "--no-deps", "--wheel-dir", str(wheels), str(source)], "E808")


def _dependency_wheels(requirements: list[str], target: Target, version: str, wheels: Path) -> None:
    from bulletin.commands.common import echo

    echo("bundle.downloading", platform=target.platform, python=version, count=len(requirements))
    nodot = version.replace(".", "")
    _pip(["download", "--only-binary=:all:", "--platform", target.platform, "--python-version", version,
          "--implementation", "cp", "--abi", f"cp{nodot}", "--abi", "abi3", "--abi", "none",
          "--dest", str(wheels), *requirements], "E808")


def _pip(args: list[str], code: str) -> None:
    # pip's own progress goes to the terminal; a failure is reported with its exit code
    done = subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", "-q", *args],
                          stdout=sys.stderr)
    if done.returncode != 0:
        raise _failure(code, "pyproject.toml", code=done.returncode)


def _collect(root: Path, wheels: Path, target: Target, version: str) -> dict[str, bytes]:
    """Every file of the bundle by its path inside the top folder."""
    files: dict[str, bytes] = {}
    sums = []
    for wheel in sorted(wheels.glob("*.whl")):
        data = wheel.read_bytes()
        files[f"wheels/{wheel.name}"] = data
        sums.append(f"{hashlib.sha256(data).hexdigest()}  {wheel.name}\n")
    files["wheels/SHA256SUMS"] = "".join(sums).encode("utf-8")
    for folder in ("content", "templates"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and not _is_scratch(path.relative_to(root)):
                files[path.relative_to(root).as_posix()] = path.read_bytes()
    for name, text in scripts(target, version).items():
        files[name] = text
    files["安装说明.txt"] = instructions(target, version, sorted(p.name for p in wheels.glob("*.whl")))
    return files


def _is_scratch(relative: Path) -> bool:
    """Caches and editor leftovers never go into a bundle."""
    return any(part in (".cache", "__pycache__") or part.startswith("~$") for part in relative.parts)


def _write_zip(output: Path, top: str, files: dict[str, bytes]) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.name}.partial-{os.getpid()}")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name in sorted(files):
                entry = zipfile.ZipInfo(f"{top}/{name}", ZIP_TIME)
                entry.compress_type = zipfile.ZIP_STORED if name.endswith(".whl") else zipfile.ZIP_DEFLATED
                executable = name.endswith(".sh")
                entry.external_attr = ((0o755 if executable else 0o644) | 0o100000) << 16
                archive.writestr(entry, files[name])  # non-ASCII names get the UTF-8 flag
        os.replace(partial, output)
    finally:
        if partial.exists():
            partial.unlink()


def _failure(code: str, path: str, /, **args: object) -> BuildError:
    diags = Diagnostics()
    diags.add(code, path, **args)
    return BuildError(diags)
