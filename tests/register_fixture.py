"""A fixture bulletin with a submissions register, counted by hand (tests/test_register_numbers.py).

Units: 县市区 玉东新区 (yudong), 平河区 (pinghe), 兰溪市 (lanxi, joins 2011-02-01);
市直单位 市工业和信息化委员会 (gongxin), 市卫生局 (weisheng).
Issues: 2011年第1期 printed 2011-01-20, 第2期 printed 2011-03-15 — none in February.
Register: X-1…X-4 in a GBK CSV, X-5…X-8 in an .xlsx with real date cells.

| row | 报送日期 | units | what happens |
|---|---|---|---|
| X-1 | 2011-01-05 | 玉东 | adopted in issue 1 (case, 3 points) by title and unit |
| X-2 | 2011-01-06 | 玉东、平河 | joint, adopted in issue 1 (briefing, 1 point split: 0.5 each) |
| X-3 | 2011-01-10 | 平河 | answers 约稿 r1 (due 2011-01-31) in time |
| X-4 | 2011-01-12 | 市卫生局 | returned (退稿) |
| X-5 | 2011-02-10 | 兰溪 | adopted in issue 2 (briefing, 1) by ``submission: X-5`` |
| X-6 | 2011-03-01 | 市卫生局 | adopted in issue 2 (case, 3) + 市委办《每日要情》 10 + 市领导批示 10 |
| X-7 | 2011-02-15 | 玉东 | not adopted |
| X-8 | 2011-02-01 | 玉东 | answers r1 after its due date: missed |

Issue 1 also carries an article of 市工信委 that has no row (progress, 2 points, dated 2011-01-18).
r1 applies to the units that had joined by 2011-01-31 (not 兰溪); missing it costs 5 points.
Quota: counties 2 a month, departments 1. ``last_place: 2``.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

SITE = """\
title: 学习型领导班子建设工作简报
publisher: 市学习型领导班子建设活动领导小组办公室
scoring:
  kinds: {briefing: 1, case: 3, progress: 2}
  outlets: {市委办《每日要情》: 10, 省委办公厅《信息快报》: 30}
  instructions: {市领导: 10, 省领导: 20}
  joint: split
  quota: {period: month, county: 2, department: 1}
  missed_request: -5
  last_place: 2
requests:
  - {id: r1, title: 行动学习成果转化情况, units: all, due: 2011-01-31}
"""

UNITS = """\
units:
  - {id: yudong, name: 玉东新区, short: 玉东, type: county, group: 县市区}
  - {id: pinghe, name: 平河区, short: 平河, type: county, group: 县市区}
  - {id: lanxi, name: 兰溪市, short: 兰溪, type: county, group: 县市区, since: 2011-02-01}
  - {id: gongxin, name: 市工业和信息化委员会, short: 市工信委, type: department, group: 市直单位}
  - {id: weisheng, name: 市卫生局, type: department, group: 市直单位}
"""

CSV_ROWS = """\
编号,报送日期,单位,标题,类型,约稿,外部采用,批示,退稿原因
X-1,2011年1月5日,玉东新区,玉东新区开展集中学习,典型案例,,,,
X-2,2011/1/6,玉东、平河,玉东平河两地结对交流,工作动态,,,,
X-3,2011.1.10,pinghe,平河区行动学习成果转化情况,工作动态,r1,,,
X-4,2011-01-12,市卫生局,市卫生局学习情况,工作动态,,,,内容与已刊发信息重复
"""

XLSX_HEADER = ["title", "units", "date", "id", "request", "adopted_elsewhere", "instructions"]  # English, own order
XLSX_ROWS = [
    ["兰溪市推进课题攻关", "兰溪市", datetime(2011, 2, 10), "X-5", None, None, None],
    ["市卫生局以行动学习改进医疗服务", "市卫生局", datetime(2011, 3, 1), "X-6", None, "市委办《每日要情》", "市领导"],
    ["玉东新区二月学习动态", "玉东新区", datetime(2011, 2, 15), "X-7", None, None, None],
    ["玉东新区成果转化情况", "玉东", datetime(2011, 2, 1), "X-8", "r1", None, None],
]


def write_xlsx(path: Path, header: list, rows: list[list]) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


def write_register_site(tree) -> Path:
    tree.write("site.yaml", SITE)
    tree.write("units.yaml", UNITS)
    shutil.rmtree(tree.root / "issues", ignore_errors=True)  # the tree fixture's own 2010 issue
    tree.write("submissions/2011上半年.csv", CSV_ROWS.replace("\n", "\r\n").encode("gbk"))
    write_xlsx(tree.root / "submissions/2011补充.xlsx", XLSX_HEADER, XLSX_ROWS)
    tree.issue(2011, "001", "date: 2011-01-20\n")
    tree.article("issues/2011/001/01-yudong.md", """
        title: 玉东新区开展集中学习
        kind: case
        units: [yudong]
        date: 2011-01-08
    """)
    tree.article("issues/2011/001/02-joint.md", """
        title: 玉东、平河两地结对交流
        kind: briefing
        units: [pinghe, yudong]
        date: 2011-01-09
    """)
    tree.article("issues/2011/001/03-gongxin.md", """
        title: 市工信委1月份进展
        kind: progress
        units: [gongxin]
        date: 2011-01-18
    """)
    tree.issue(2011, "002", "date: 2011-03-15\n")
    tree.article("issues/2011/002/01-lanxi.md", """
        title: 兰溪市以课题攻关推动产业转型
        kind: briefing
        units: [lanxi]
        submission: X-5
    """)
    tree.article("issues/2011/002/02-weisheng.md", """
        title: 市卫生局以行动学习改进医疗服务
        kind: case
        units: [weisheng]
    """)
    return tree.root
