"""The scripts and the 安装说明 of an offline bundle.

Windows .bat files are UTF-8 with CRLF and switch the console to code page
65001 on their second line (the first is plain ASCII, read before the switch),
so Chinese texts and Chinese folder names work on Windows 10/11 whatever the
system code page. Linux scripts are bash. Every script first goes to its own
folder, so it can be double-clicked or run from anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    platform: str  # the wheel platform tag
    system: str  # windows | linux
    machine: str  # what the machine reports (PROCESSOR_ARCHITECTURE / uname -m)
    python: str  # the default Python version (X.Y)


def scripts(target: Target, version: str) -> dict[str, bytes]:
    if target.system == "windows":
        return {name: _crlf(text.replace("@PY@", version).replace("@PYTUPLE@", _tuple(version)))
                for name, text in _BAT.items()}
    return {name: text.replace("@PY@", version).replace("@PYTUPLE@", _tuple(version))
            .replace("@MACHINE@", target.machine).encode("utf-8") for name, text in _SH.items()}


def instructions(target: Target, version: str, wheels: list[str]) -> bytes:
    body = _WINDOWS_GUIDE if target.system == "windows" else _LINUX_GUIDE
    text = (body.replace("@PY@", version).replace("@PLATFORM@", target.platform)
            .replace("@MACHINE@", target.machine).replace("@WHEELS@", "\n".join(f"  {w}" for w in wheels)))
    if target.system == "windows":  # Notepad on older Windows 10 needs the BOM to read UTF-8
        return b"\xef\xbb\xbf" + _crlf(text)
    return text.encode("utf-8")


def _crlf(text: str) -> bytes:
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")


def _tuple(version: str) -> str:
    major, minor = version.split(".")[:2]
    return f"({int(major)}, {int(minor)})"


_BAT_HEAD = """@echo off
chcp 65001 >nul
setlocal
cd /d "%~dp0"
"""

_BAT_NEEDS_VENV = """if not exist ".venv\\Scripts\\python.exe" (
  echo 还没有安装。请先双击“安装.bat”。
  pause
  exit /b 1
)
set "CONTENT=%~1"
if not defined CONTENT set "CONTENT=content"
set "THEME=--templates templates --lang zh"
"""

_BAT = {
    "安装.bat": _BAT_HEAD + """
set "PYCHECK=import sys, struct; sys.exit(sys.version_info[:2] != @PYTUPLE@ or struct.calcsize('P') != 8)"
set "PY="
py -@PY@ -c "%PYCHECK%" >nul 2>nul && set "PY=py -@PY@"
if not defined PY python -c "%PYCHECK%" >nul 2>nul && set "PY=python"
if not defined PY (
  echo 没有找到 Python @PY@（64 位）。请先安装它，见“安装说明.txt”。
  pause
  exit /b 1
)
if not exist ".venv\\Scripts\\python.exe" %PY% -m venv .venv
if not exist ".venv\\Scripts\\python.exe" (
  echo 创建虚拟环境 .venv 失败。请确认本文件夹可以写入，见“安装说明.txt”。
  pause
  exit /b 1
)
set "OFFLINE=--no-index --find-links wheels --upgrade --disable-pip-version-check -q"
".venv\\Scripts\\python.exe" -m pip install %OFFLINE% bulletin
if errorlevel 1 (
  echo 安装失败，请把上面的提示发给信息化部门。
  pause
  exit /b 1
)
echo 安装完成。双击“预览.bat”边写边预览，双击“生成.bat”生成站点。
pause
""",
    "预览.bat": _BAT_HEAD + _BAT_NEEDS_VENV + """
echo 正在生成并预览；浏览器打开 http://127.0.0.1:8000/ ，关闭本窗口即停止预览。
start "" cmd /c "timeout /t 3 >nul & start http://127.0.0.1:8000/"
".venv\\Scripts\\python.exe" -m bulletin serve --content "%CONTENT%" %THEME%
pause
""",
    "生成.bat": _BAT_HEAD + _BAT_NEEDS_VENV + """
".venv\\Scripts\\python.exe" -m bulletin build --content "%CONTENT%" %THEME% --out site
if errorlevel 1 (
  echo 生成失败：请按上面的提示修改内容后重试（提示也写在 site-report.txt 中）。
) else (
  echo 已生成到 site 文件夹，双击 site\\index.html 查看。
)
pause
""",
}

_SH_HEAD = """#!/usr/bin/env bash
set -euo pipefail
cd "$(dirname "$0")"
"""

_SH_NEEDS_VENV = """if [ ! -x .venv/bin/python ]; then
  echo "还没有安装。请先运行：bash 安装.sh" >&2
  exit 1
fi
CONTENT="${1:-content}"
THEME=(--templates templates --lang zh)
"""

_SH = {
    "安装.sh": _SH_HEAD + """# 在本文件夹创建 .venv，从 wheels/ 安装，不访问网络。
if [ "$(uname -m)" != "@MACHINE@" ]; then
  echo "这个安装包适用于 @MACHINE@ 电脑，本机是 $(uname -m)。请换用对应的安装包。" >&2
  exit 1
fi
CHECK='import sys; sys.exit(0 if sys.version_info[:2] == @PYTUPLE@ else 1)'
PY=""
for candidate in ${PYTHON:-} python@PY@ python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c "$CHECK" 2>/dev/null; then
    PY="$candidate"
    break
  fi
done
if [ -z "$PY" ]; then
  echo "没有找到 Python @PY@。请先安装它（见 安装说明.txt），" >&2
  echo "或者这样指定：PYTHON=/路径/python3 bash 安装.sh" >&2
  exit 1
fi
if ! "$PY" -c "import ensurepip" 2>/dev/null; then
  echo "这个 Python 不能创建虚拟环境。请管理员运行：sudo apt-get install python@PY@-venv" >&2
  exit 1
fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv
OFFLINE=(--no-index --find-links wheels --upgrade --disable-pip-version-check -q)
.venv/bin/python -m pip install "${OFFLINE[@]}" bulletin
echo "安装完成。边写边预览：bash 预览.sh ；生成站点：bash 生成.sh"
""",
    "预览.sh": _SH_HEAD + _SH_NEEDS_VENV + """
echo "正在生成并预览：在浏览器中打开 http://127.0.0.1:8000/ ，按 Ctrl+C 停止。"
exec .venv/bin/python -m bulletin serve --content "$CONTENT" "${THEME[@]}"
""",
    "生成.sh": _SH_HEAD + _SH_NEEDS_VENV + """
if .venv/bin/python -m bulletin build --content "$CONTENT" "${THEME[@]}" --out site; then
  echo "已生成到 site 文件夹，用浏览器打开 site/index.html 查看。"
else
  echo "生成失败：请按上面的提示修改内容后重试（提示也写在 site-report.txt 中）。" >&2
  exit 1
fi
""",
}

_WINDOWS_GUIDE = """学习简报 离线安装包（Windows 10/11，64 位，Python @PY@）
==========================================================

这个文件夹里有安装和使用“学习简报”所需的全部文件，安装时不需要访问互联网，
也不需要管理员权限。

一、先安装 Python @PY@（64 位）——只需一次
  1. 信息化部门从 Python 官方网站 https://www.python.org/downloads/windows/ 下载
     “Windows installer (64-bit)”，文件名形如 python-@PY@.x-amd64.exe，核对网站上公布的
     校验值后，通过单位软件中心、内网文件服务器或 U 盘分发。
  2. 在办公电脑上双击安装程序：
     - 不要勾选 “Use admin privileges when installing py.exe”（这样不需要管理员权限）；
     - 选择 “Install Now” 即安装到当前用户的文件夹。
  已经装有 Python @PY@ 的电脑可以跳过这一步。其他版本（如 3.11、3.13）不能使用本安装包，
  请向信息化部门要对应版本的安装包。

二、安装学习简报
  把本压缩包完整解压到一个路径较短的文件夹，例如 D:\\学习简报（路径太长时 Windows 会出错），
  然后双击“安装.bat”。看到“安装完成”即可。

三、使用
  - 双击“预览.bat”：生成站点并在浏览器中打开 http://127.0.0.1:8000/ ，修改并保存文章后
    页面自动刷新。关闭黑色窗口即停止预览。
  - 双击“生成.bat”：把内容生成到 site 文件夹，双击 site\\index.html 查看。
  - content 文件夹是示例内容。用自己的内容时，把内容文件夹拖到“预览.bat”或“生成.bat”上。
  - 出错时窗口中会写明文件、行号和怎样改正，同样的提示也写在 site-report.txt 中。

四、升级
  解压新的安装包到新文件夹（或覆盖原文件夹，自己的内容请放在别处），再双击“安装.bat”。

附：本安装包适用于 @PLATFORM@，包含的程序包（校验值见 wheels\\SHA256SUMS）：
@WHEELS@
"""

_LINUX_GUIDE = """学习简报 离线安装包（Linux @MACHINE@，Python @PY@）
==========================================================

适用于 Debian、Ubuntu 以及银河麒麟、统信 UOS 等信创系统（@MACHINE@ 处理器）。安装时不需要
访问互联网，也不需要 root 权限。

一、准备 Python @PY@
  查看本机版本：python@PY@ --version 或 python3 --version
  - Debian 12 自带 Python 3.11；Ubuntu 24.04 自带 Python 3.12。还需要 venv 组件：
    sudo apt-get install python@PY@-venv （由管理员从内网软件源安装）。
  - 麒麟 V10、统信 UOS 20 自带的 Python（3.7、3.8）版本太低。请信息化部门从系统厂商的
    软件源安装 Python @PY@；或者在能上网的电脑上下载 Miniforge 离线安装程序
    （https://github.com/conda-forge/miniforge/releases ，选择 Linux-@MACHINE@），拷贝到本机
    运行，它安装到用户自己的目录，不需要 root；再用
    PYTHON=$HOME/miniforge3/bin/python3 bash 安装.sh 指定它（版本须为 @PY@）。
  版本不是 @PY@ 时请向信息化部门要对应版本的安装包（制作时用 --python 指定）。

二、安装
  解压后在本文件夹中运行：bash 安装.sh

三、使用
  - bash 预览.sh ：生成站点并在 http://127.0.0.1:8000/ 预览，保存后页面自动刷新，Ctrl+C 停止。
  - bash 生成.sh ：生成到 site 文件夹，用浏览器打开 site/index.html。
  - 用自己的内容：bash 生成.sh /路径/内容文件夹
  - 出错时会写明文件、行号和怎样改正，同样的提示也写在 site-report.txt 中。

四、升级
  解压新的安装包，再运行 bash 安装.sh 。

附：本安装包适用于 @PLATFORM@，包含的程序包（校验值见 wheels/SHA256SUMS）：
@WHEELS@
"""
