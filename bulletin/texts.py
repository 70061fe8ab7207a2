"""Everything the command line says that is not a diagnostic, in one place.

Diagnostics (problems in the content) live in ``errors.CATALOG``; this table
holds the rest: progress lines, summaries, command results. Each text has a
stable key, a Chinese and an English form, and is formatted strictly: a
missing argument raises instead of printing an empty string.

Keys are grouped by command (``build.*``, ``publish.*`` …); add new texts to
the section of their command.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    key: str
    zh: str
    en: str


TEXTS: dict[str, Text] = {
    t.key: t
    for t in [
        # -- shared --------------------------------------------------------------
        Text("common.interrupted", "已中断", "interrupted"),
        # -- setup (python build.py setup; standard library only) --------------
        Text("setup.apt", "正在用 apt-get 安装 {packages}（创建虚拟环境需要）",
             "installing {packages} with apt-get (needed to create the virtual environment)"),
        Text("setup.creating", "正在创建虚拟环境 {venv}", "creating the virtual environment {venv}"),
        Text("setup.installing", "正在安装本程序及其依赖（{what}）到 {venv}",
             "installing this program and its dependencies ({what}) into {venv}"),
        Text("setup.done", "安装完成。以后的命令照常写“{command}”，会自动使用 {venv}",
             "set up. Run commands as usual with '{command}'; they use {venv} automatically"),
        # -- bundle (python build.py bundle) --------------------------------------
        Text("bundle.downloading", "正在下载 {platform} / Python {python} 的依赖包（{count} 项）",
             "downloading the dependencies for {platform} / Python {python} ({count} requirements)"),
        Text("bundle.written", "已写出离线安装包 {path}（{wheels} 个 wheel，{size} MB）",
             "offline bundle written: {path} ({wheels} wheels, {size} MB)"),
    ]
}


def say(key: str, lang: str = "both", /, **args: object) -> str:
    """The text ``key`` in ``lang`` (zh, en or both: "中文 (English)")."""
    text = TEXTS[key]
    zh, en = text.zh.format(**args), text.en.format(**args)
    if lang == "zh":
        return zh
    if lang == "en":
        return en
    return f"{zh} ({en})"
