"""Offline bundles: `build.py bundle` downloads real wheels from PyPI for the
target platform; the Linux bundle is installed with no index by Debian's own
python3 and builds the example, the Windows bundle holds only Windows wheels."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from bulletin.commands import main

ROOT = Path(__file__).resolve().parent.parent
DEBIAN_PYTHON = Path("/usr/bin/python3")


def bundle(tmp: Path, platform: str, *extra: str) -> Path:
    output = tmp / f"{platform}.zip"
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "bundle", "--platform", platform,
                           "--output", str(output), *extra], cwd=tmp, capture_output=True, text=True,
                          encoding="utf-8", timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "已写出离线安装包" in done.stdout
    return output


@pytest.fixture(scope="module")
def windows_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return bundle(tmp_path_factory.mktemp("win"), "win_amd64")


@pytest.fixture(scope="module")
def linux_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return bundle(tmp_path_factory.mktemp("linux"), "manylinux2014_x86_64", "--python", "3.11")


def distribution(name: str) -> str:
    """PEP 503 normalised project name of a requirement or a wheel file name."""
    return re.sub(r"[-_.]+", "-", re.split(r"[<>=!~;\[ ]", name, maxsplit=1)[0]).lower()


def runtime_requirements() -> set[str]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return {distribution(r) for r in tomllib.load(handle)["project"]["dependencies"]}


def members(archive: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(archive) as zipped:
        names = zipped.namelist()
        tops = {name.split("/")[0] for name in names}
        assert len(tops) == 1, "one top folder: unzipping gives one folder"
        return {name.split("/", 1)[1]: zipped.read(name) for name in names if not name.endswith("/")}


def test_the_windows_bundle_holds_only_windows_wheels_bat_scripts_and_the_example(windows_zip: Path) -> None:
    files = members(windows_zip)
    wheels = sorted(name.removeprefix("wheels/") for name in files if name.endswith(".whl"))
    platform_tags = {w.removesuffix(".whl").split("-")[-1] for w in wheels}
    assert platform_tags <= {"win_amd64", "any"}, platform_tags
    assert "win_amd64" in platform_tags, "binary dependencies (PyYAML, nh3 …) come as Windows wheels"
    found = {distribution(w.split("-")[0]) for w in wheels}
    assert runtime_requirements() | {"bulletin"} <= found
    assert any(re.search(r"-cp312-|-abi3-", w) for w in wheels if w.endswith("win_amd64.whl"))
    sums = dict(line.split("  ")[::-1] for line in files["wheels/SHA256SUMS"].decode().splitlines())
    assert sums == {w: hashlib.sha256(files[f"wheels/{w}"]).hexdigest() for w in wheels}
    assert {"安装.bat", "预览.bat", "生成.bat", "安装说明.txt"} <= files.keys()
    assert not any(name.endswith(".sh") for name in files)
    for name in ("安装.bat", "预览.bat", "生成.bat"):
        data = files[name]
        first, second = data.split(b"\r\n")[:2]
        assert first == b"@echo off" and second == b"chcp 65001 >nul", "ASCII until the console reads UTF-8"
        assert b"\n" not in data.replace(b"\r\n", b""), "CRLF line ends throughout"
        data.decode("utf-8")
    install = files["安装.bat"].decode("utf-8")
    assert "py -3.12" in install and "--no-index" in install and "(3, 12)" in install
    assert "--templates templates" in files["生成.bat"].decode("utf-8")
    guide = files["安装说明.txt"]
    assert guide.startswith(b"\xef\xbb\xbf") and b"\r\n" in guide
    text = guide.decode("utf-8-sig")
    assert "Python 3.12（64 位）" in text and "python.org" in text and "不需要管理员权限" in text
    for folder in ("content", "templates"):  # the example and the theme, byte for byte
        shipped = {p.relative_to(ROOT).as_posix(): p.read_bytes() for p in (ROOT / folder).rglob("*")
                   if p.is_file() and ".cache" not in p.parts and "__pycache__" not in p.parts}
        assert shipped and all(files.get(name) == data for name, data in shipped.items())


def test_the_linux_bundle_installs_offline_with_debians_python_and_builds(linux_zip: Path, tmp_path: Path) -> None:
    assert DEBIAN_PYTHON.is_file()
    with zipfile.ZipFile(linux_zip) as zipped:
        zipped.extractall(tmp_path)
        assert {zipped.getinfo(n).external_attr >> 16 & 0o777 for n in zipped.namelist() if n.endswith(".sh")} \
            == {0o755}
    folder = next(tmp_path.iterdir())
    tags = {w.name.removesuffix(".whl").split("-")[-1] for w in (folder / "wheels").glob("*.whl")}
    assert all(t == "any" or "manylinux2014_x86_64" in t.split(".") or "manylinux_2_17_x86_64" in t.split(".")
               or re.fullmatch(r"manylinux_2_([5-9]|1[0-7])_x86_64|manylinux(1|2010)_x86_64", t) for t in tags), tags
    # Debian's own python3 and no pip configuration or index at all: only the bundle's wheels.
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8", "PIP_CONFIG_FILE": os.devnull,
           "PIP_NO_INDEX": "1"}
    before = subprocess.run(["bash", "生成.sh"], cwd=folder, env=env, capture_output=True, text=True)
    assert before.returncode == 1 and "请先运行：bash 安装.sh" in before.stderr
    install = subprocess.run(["bash", "安装.sh"], cwd=folder, env=env, capture_output=True, text=True, timeout=600)
    assert install.returncode == 0, install.stdout + install.stderr
    assert "安装完成" in install.stdout
    python = folder / ".venv" / "bin" / "python"
    assert subprocess.run([str(python), "-c", "import sys; print(sys.base_prefix)"], capture_output=True,
                          text=True).stdout.strip() == "/usr"
    made = subprocess.run(["bash", "生成.sh"], cwd=folder, env=env, capture_output=True, text=True, timeout=600)
    assert made.returncode == 0, made.stdout + made.stderr
    assert "已生成到 site 文件夹" in made.stdout
    index = (folder / "site" / "index.html").read_text(encoding="utf-8")
    assert "学习型领导班子" in index and "<link" in index
    assert (folder / "site" / "static").is_dir()
    own = tmp_path / "我的简报"
    own.mkdir()
    (own / "site.yaml").write_text("title: 坏的\n", encoding="utf-8")  # not a complete bulletin
    wrong = subprocess.run(["bash", "生成.sh", str(own)], cwd=folder, env=env, capture_output=True, text=True)
    assert wrong.returncode == 1 and "生成失败" in wrong.stderr and "Traceback" not in wrong.stderr + wrong.stdout


def test_an_unknown_platform_or_python_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["bundle", "--platform", "macosx_arm64"])
    assert stop.value.code == 2
    with pytest.raises(SystemExit) as stop:
        main(["bundle", "--platform", "win_amd64", "--python", "python3"])
    assert stop.value.code == 2
    assert "3.11, 3.12" in capsys.readouterr().err


def test_the_arm_bundle_for_xinchuang_machines_holds_only_aarch64_wheels(tmp_path: Path) -> None:
    files = members(bundle(tmp_path, "manylinux2014_aarch64", "--python", "3.12"))
    wheels = [name.removeprefix("wheels/") for name in files if name.endswith(".whl")]
    assert runtime_requirements() | {"bulletin"} <= {distribution(w.split("-")[0]) for w in wheels}
    for wheel in wheels:
        tags = wheel.removesuffix(".whl").split("-")[-1].split(".")
        assert tags == ["any"] or all(t.endswith("_aarch64") for t in tags), wheel
        python_tag, abi_tag = wheel.split("-")[-3:-1]
        assert python_tag in ("py3", "py2.py3", "cp312") or abi_tag == "abi3", wheel
    install = files["安装.sh"].decode("utf-8")
    assert '"$(uname -m)" != "aarch64"' in install and "(3, 12)" in install
    assert "Linux aarch64，Python 3.12" in files["安装说明.txt"].decode("utf-8")
