"""Field-level checks shared by every file: aliases, dates, numbers, lists.

Each checker takes the value, reports into a ``FieldContext`` and returns the
clean value (or ``None`` when it could not make one).
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from datetime import date

from bulletin.errors import Diagnostics
from bulletin.patterns import CONTROL, DATE
from bulletin.validate.secrecy import looks_like_classification_key

# Chinese names the office may use for front-matter keys.
ARTICLE_KEYS = {
    "title": "title", "标题": "title", "题目": "title",
    "kind": "kind", "类型": "kind", "类别": "kind", "栏目": "kind",
    "units": "units", "unit": "units", "单位": "units",
    "date": "date", "日期": "date",
    "author": "author", "作者": "author", "通讯员": "author", "供稿": "author",
    "tags": "tags", "tag": "tags", "标签": "tags", "关键词": "tags",
    "stage": "stage", "阶段": "stage",
    "summary": "summary", "摘要": "summary",
    "metrics": "metrics", "指标": "metrics",
    "draft": "draft", "草稿": "draft",
    "classification": "classification", "密级": "classification",
    "publish_after": "publish_after", "发布日期": "publish_after", "定时发布": "publish_after",
    # adoption (docs/statistics.md): the register row adopted, outlets and 批示
    "submission": "submission", "报送编号": "submission", "信息编号": "submission",
    "adopted_elsewhere": "adopted_elsewhere", "外部采用": "adopted_elsewhere",
    "instructions": "instructions", "批示": "instructions", "领导批示": "instructions",
}
ISSUE_KEYS = {
    "date": "date", "日期": "date", "印发日期": "date",
    "title": "title", "标题": "title", "专刊": "title",
    "total": "total", "总期号": "total",
    "editor": "editor", "责任编辑": "editor",
    "approver": "approver", "签发": "approver",
    "copies": "copies", "印数": "copies", "共印": "copies",
    "distribution": "distribution", "分送": "distribution",
    "classification": "classification", "密级": "classification",
    "review": "review", "保密审查": "review", "审查": "review",
    "draft": "draft", "草稿": "draft",
    "publish_after": "publish_after", "发布日期": "publish_after", "定时发布": "publish_after",
}
REVIEW_KEYS = {"by": "by", "审查人": "by", "审核人": "by", "on": "on", "日期": "on", "审查日期": "on"}
PAGE_KEYS = {"title": "title", "标题": "title", "order": "order", "排序": "order",
             "draft": "draft", "草稿": "draft",
             "publish_after": "publish_after", "发布日期": "publish_after", "定时发布": "publish_after"}
PROFILE_KEYS = {"title": "title", "标题": "title"}

KIND_ALIASES = {
    "briefing": "briefing", "工作动态": "briefing", "简报": "briefing", "动态": "briefing",
    "case": "case", "典型案例": "case", "典型经验": "case", "案例": "case", "经验": "case",
    "progress": "progress", "进展通报": "progress", "进展情况": "progress", "通报": "progress",
}

# ``new issue`` (commands/new.py) accepts these for "an issue".
ISSUE_WORDS = ("issue", "期", "简报期")

_IME_SEPARATORS = "，、"
_OPENING, _CLOSING = "（(【《“〔[", "）)】》”〕]"


def _split_at_ime_separators(item: str) -> list[str]:
    """Split at ， and 、 outside brackets: 各县（市、区）委 is one name."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in item:
        if char in _OPENING:
            depth += 1
        elif char in _CLOSING:
            depth = max(depth - 1, 0)
        elif char in _IME_SEPARATORS and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    return [*parts, "".join(current)]

_TRUE = {"true", "yes", "是", "1"}
_FALSE = {"false", "no", "否", "0", ""}


@dataclass
class FieldContext:
    """Where the values being checked came from."""

    path: str
    lines: dict[str, int]
    diags: Diagnostics
    prefix: str = ""  # key path of the mapping being checked, for nested lines

    def line(self, key: str) -> int:
        full = f"{self.prefix}.{key}" if self.prefix else key
        return self.lines.get(full, self.lines.get(self.prefix, 1) if self.prefix else 1)

    def error(self, code: str, where: str, /, **args: object) -> None:
        """Report ``code`` on the line of the key ``where``."""
        self.diags.add(code, self.path, self.line(where), **args)


def canonical_keys(meta: dict, aliases: dict[str, str], ctx: FieldContext) -> dict:
    """Map Chinese or alternative keys to their canonical names.

    ``ctx.lines`` gains the canonical names too, so later messages find the line.
    Unknown keys are a warning (a misspelt key would otherwise vanish silently).
    """
    result: dict = {}
    for key, value in meta.items():
        name = aliases.get(str(key).strip(), aliases.get(str(key).strip().lower()))
        if name is None:
            unknown_key(key, ctx)
            continue
        if name in result:
            ctx.diags.add("E107", ctx.path, ctx.line(key), key=key, first=ctx.lines.get(name, 0))
            continue
        result[name] = value
        if name != key:
            _copy_lines(ctx.lines, str(key), name)
    return result


def unknown_key(key: object, ctx: FieldContext) -> None:
    """A key nobody reads: a warning (W402), unless it looks like a classification key (E327)."""
    code = "E327" if looks_like_classification_key(key) else "W402"
    ctx.diags.add(code, ctx.path, ctx.line(str(key)), key=key)


def _copy_lines(lines: dict[str, int], old: str, new: str) -> None:
    for path in [p for p in lines if p == old or p.startswith(old + ".")]:
        lines.setdefault(new + path[len(old):], lines[path])


def text(value: object, key: str, ctx: FieldContext, required: bool = False) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            ctx.error("E201", key, key=key)
        return ""
    if isinstance(value, (dict, list)):
        ctx.error("E202", key, key=key, expected="一段文字", expected_en="text", value=_show(value))
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return CONTROL.sub("", str(value)).strip()


def strip_control(value: str) -> str:
    """Text without the invisible control characters pasted Word text carries (they break XML)."""
    return CONTROL.sub("", value).strip()


def today() -> date:
    """The day publish_after is compared with; ``BULLETIN_TODAY`` fixes it for
    reproducible builds and tests."""
    fixed = parse_date(os.environ.get("BULLETIN_TODAY", ""))
    return fixed or date.today()


def parse_date(value: object) -> date | None:
    """Accept 2011-03-05, 2011年3月5日, 2011.3.5 and 2011/3/5."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    match = DATE.match(value)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def a_date(value: object, key: str, ctx: FieldContext, required: bool = False) -> date | None:
    if value is None or value == "":
        if required:
            ctx.error("E201", key, key=key)
        return None
    day = parse_date(value)
    if day is None:
        reason = impossible_date(value)
        if reason:
            ctx.error("E125", key, value=_show(value), reason=reason[0], reason_en=reason[1])
        else:
            ctx.error("E205", key, value=_show(value))
    return day


def impossible_date(value: object) -> tuple[str, str] | None:
    """Why a date written in a valid form does not exist (2月只有28天), or None."""
    match = DATE.match(value) if isinstance(value, str) else None
    if not match:
        return None
    year, month, day = int(match[1]), int(match[2]), int(match[3])
    if not 1 <= month <= 12:
        return f"没有{month}月", f"there is no month {month}"
    import calendar  # here, not above: only a wrong date needs it (with locale, about 1 ms of each build)
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"{year}年{month}月只有{days}天", f"{calendar.month_name[month]} {year} has {days} days"
    return None


def integer(value: object, key: str, ctx: FieldContext, minimum: int = 0) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        ctx.error("E202", key, key=key, expected=f"不小于{minimum}的整数",
                  expected_en=f"a whole number ≥ {minimum}", value=_show(value))
        return None
    return value


# Figures and points beyond this are typing mistakes, and would overflow charts and sums.
MAX_NUMBER = 10**15
_PERCENT = re.compile(r"^\s*([-+]?\d+(?:\.\d+)?)\s*[%％]\s*$")


def number(value: object) -> float | int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and not out_of_range(value):
        return value
    return None


def out_of_range(value: object) -> bool:
    """1e999, .inf, nan or a 4000-digit integer: numbers no bulletin means (E330)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, float):
        return not math.isfinite(value) or abs(value) > MAX_NUMBER
    if isinstance(value, int):
        return abs(value) > MAX_NUMBER
    return False


def percent(value: object) -> float | None:
    """``98.6%`` (or ``98.6％``) for a metric measured in per cent: 98.6."""
    match = _PERCENT.match(value) if isinstance(value, str) else None
    return float(match.group(1)) if match else None


def boolean(value: object, key: str, ctx: FieldContext) -> bool:
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    word = str(value).strip().lower()
    if word in _TRUE:
        return True
    if word not in _FALSE:
        ctx.error("E202", key, key=key, expected="true 或 false", expected_en="true or false",
                  value=_show(value))
    return False


def string_list(value: object, key: str, ctx: FieldContext, split_ime: bool = False) -> list[str]:
    """A list of words; a single word or a comma-separated string is accepted too."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in re.split(r"[,，、;；]", value) if part.strip()]
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) and not isinstance(v, bool)
                                       for v in value):
        words: list[str] = []
        for index, item in enumerate(value):
            # [行动学习，乡镇] (tags, units): the IME's comma is not YAML's, but it is what was meant. Names in
            # a distribution list keep theirs: 市领导小组组长、副组长 is one recipient.
            parts = [part.strip() for part in _split_at_ime_separators(str(item))] if split_ime else [str(item)]
            if len(parts) > 1:
                line = ctx.lines.get(f"{ctx.prefix + '.' if ctx.prefix else ''}{key}.{index}", ctx.line(key))
                ctx.diags.add("W416", ctx.path, line, item=str(item), count=len([p for p in parts if p]))
            words += [part for part in parts if part]
        return words
    ctx.error("E202", key, key=key, expected="词语列表，如 [行动学习, 考勤]",
              expected_en="a list of words", value=_show(value))
    return []


def string_list_keeping_commas(value: object, key: str, ctx: FieldContext) -> list[str]:
    """Names that may hold commas (an outlet such as 《每日要情》): split on 、 and ; only."""
    if isinstance(value, str):
        return [part.strip() for part in re.split(r"[、;；]", value) if part.strip()]
    return string_list(value, key, ctx)


def suggestion(value: str, choices: list[str]) -> tuple[str, str]:
    """(Chinese, English) tails such as "，是否想写“yudong”？"."""
    import difflib  # here, not above: only a wrong name needs it
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.5)
    if not close:
        return "", ""
    return f"，是否想写“{close[0]}”？", f"; did you mean '{close[0]}'?"


def _show(value: object) -> str:
    shown = repr(value) if not isinstance(value, str) else value
    return shown if len(shown) <= 60 else shown[:57] + "…"
