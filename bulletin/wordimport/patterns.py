"""What the lines of a 简报 look like: 期号, dates, 栏目, 供稿, 版记, headings."""

from __future__ import annotations

import re
from datetime import date

_DIGITS = {"〇": 0, "零": 0, "○": 0, "O": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
_NUM = r"[0-9０-９一二三四五六七八九十百〇零○两]+"

NUMBER_LINE = re.compile(rf"(?:(?P<year>\d{{4}})\s*年\s*)?(?P<supplement>增刊)?\s*第\s*(?P<number>{_NUM})\s*期")
TOTAL = re.compile(rf"总\s*第\s*(?P<total>{_NUM})\s*期")
SUPPLEMENT_ALONE = re.compile(r"^[（(]?\s*增\s*刊\s*[）)]?$")
DATE = re.compile(rf"(?P<y>[0-9０-９〇零○一二三四五六七八九]{{4}})\s*年\s*(?P<m>{_NUM})\s*月\s*(?P<d>{_NUM})\s*日")
COLUMN = re.compile(r"^[【〔\[]\s*(?P<name>[^】〕\]]{2,12}?)\s*[】〕\]]$")
NOTE = re.compile(r"^[【\[]?\s*(?:编\s*者\s*按|编\s*者\s*的\s*话|按\s*语)\s*[】\]]?\s*[：:]?")
CONTENTS = re.compile(r"^(?:本期(?:目录|要目|导读)|目\s*录)[：:]?$")
# (玉东新区委组织部 张华供稿) (通讯员：张华) (供稿：市农委)
BYLINE = re.compile(r"^[（(]\s*(?P<inner>[^（()）]*(?:供稿|供|通讯员|撰稿|执笔|报送|来源)[^（()）]*)\s*[）)]$"
                    r"|^(?P<bare>[^，。；（()）]{2,30}供稿)$")
BYLINE_WORDS = re.compile(r"供稿|通讯员|撰稿|执笔|报送单位|报送|来源|[：:]|供$")
FOOT_KEY = re.compile(r"^\s*(?P<key>报|送|发|抄送|抄报|分送|印发|发送)\s*[：:]\s*(?P<names>.*)$")
COPIES = re.compile(r"共\s*印\s*(?P<copies>\d+)\s*份")
EDITOR = re.compile(r"(?:责任编辑|责编|编\s*辑)\s*[：:]\s*(?P<name>[^\s　，,；;（(]+)")
APPROVER = re.compile(r"(?:签\s*发|审\s*签|签发人)\s*[：:]\s*(?P<name>[^\s　，,；;（(]+)")
PRINTED_ON = re.compile(rf"{DATE.pattern}\s*印\s*发")
MARKING_INTERNAL = re.compile(r"内部资料|内部刊物|内部文件|注意保存|内部\s*$")
SUBTITLE = re.compile(r"^[—－\-]{1,2}")
SEPARATOR_ONLY = re.compile(r"^[\s　_\-—━─═=＿·.…*]+$")

HEADING_1 = re.compile(r"^[一二三四五六七八九十]+\s*、")
HEADING_2 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
HEADING_3 = re.compile(r"^\d{1,2}\s*[.．、](?!\d)")
HEADING_4 = re.compile(r"^[（(]\d{1,2}[）)]")
NAMES_SPLIT = re.compile(r"[，,、；;]\s*")


def cn_number(text: str) -> int | None:
    """``12``, ``１２``, ``十二``, ``二〇一一`` → int."""
    text = text.strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if text.isdigit():
        return int(text)
    if all(ch in _DIGITS for ch in text):  # digit by digit: 二〇一一
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total, current = 0, 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def find_date(text: str) -> tuple[date, int, int] | None:
    """The first date in ``text`` with its span."""
    for match in DATE.finditer(text):
        parts = [cn_number(match.group(k)) for k in ("y", "m", "d")]
        if None in parts:
            continue
        try:
            return date(*parts), match.start(), match.end()  # type: ignore[arg-type]
        except ValueError:
            continue
    return None


def names(text: str) -> list[str]:
    """``市委常委，市长，市政协主席。`` → the names."""
    return [n.strip(" 　。.") for n in NAMES_SPLIT.split(text.strip(" 　。.")) if n.strip(" 　。.")]


def heading_level(text: str) -> int:
    """2 for 一、, 3 for （一）, 4 for 1., 5 for （1）; 0 when not numbered."""
    for level, pattern in ((2, HEADING_1), (3, HEADING_2), (4, HEADING_3), (5, HEADING_4)):
        if pattern.match(text):
            return level
    return 0
