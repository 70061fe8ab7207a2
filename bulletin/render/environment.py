"""The Jinja2 environment of a theme: autoescape on, undefined is an error."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2

DEFAULT_TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"


def cn_date(day: date | None) -> str:
    """2011-02-18 → 2011年2月18日 (the form used on 简报 date lines)."""
    if day is None:
        return ""
    return f"{day.year}年{day.month}月{day.day}日"


def number_label(value: float | int | None) -> str:
    """98.0 → 98, 98.4 → 98.4, 12600 → 12600 (figures as the office writes them)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_DIGITS = "〇一二三四五六七八九"


def cn_ordinal(value: int) -> str:
    """1 → 一, 12 → 十二 (第一批, 第十二批)."""
    if not 0 < value < 100:
        return str(value)
    tens, ones = divmod(value, 10)
    if tens == 0:
        return _DIGITS[ones]
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def make_environment(templates: Path, bytecode_folder: Path | None = None) -> jinja2.Environment:
    """``bytecode_folder``: where compiled templates are kept between builds (the build cache)."""
    import jinja2  # here, not at the top: a no-op rebuild never loads it

    bytecode_cache = None
    if bytecode_folder is not None:
        bytecode_folder.mkdir(parents=True, exist_ok=True)
        from bulletin.cache.bytecode import SealedBytecodeCache

        bytecode_cache = SealedBytecodeCache(str(bytecode_folder))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        bytecode_cache=bytecode_cache,
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Every build makes its own environment (serve included), so templates cannot change
        # under it: without this Jinja2 stats each template file again for every page.
        auto_reload=False,
    )
    env.filters["cn_date"] = cn_date
    env.filters["number"] = number_label
    env.filters["cn_ordinal"] = cn_ordinal
    return env
