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
        # -- build: PDFs (bulletin/pdf) --------------------------------------------
        Text("pdf.progress", "PDF：已生成 {done}/{total} 个", "PDFs: {done} of {total} made"),
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
