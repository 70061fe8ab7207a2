"""Write the example campaign's submissions register (content/submissions/), deterministically.

    python3 -m tests.example_register

2010 goes into a CSV saved as GBK (as Excel saves "CSV (逗号分隔)" on a Chinese Windows),
2011 into an .xlsx with real date cells. Every article a unit sent gets its row (adopted by
title and unit); the office's own summaries naming four or more units get none (they count
as submitted and adopted on their date). Besides them each unit sent items that were not
adopted, at its own pace; one was returned; a few were adopted elsewhere or drew a 批示; a
约稿 runs to 2011-06-30. The files are committed: this script documents how they were made.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

from bulletin.model.library import Library

EXAMPLE = Path(__file__).resolve().parent.parent / "content"
HEADER = ["编号", "报送日期", "单位", "标题", "类型", "约稿", "外部采用", "批示", "退稿原因"]
# Not adopted: what units report month after month. Never published: only counts show on the site.
TOPICS = ["召开理论学习中心组（扩大）学习会", "组织行动学习课题组集中研讨", "开展“走基层、解难题”专题调研",
          "举办行动学习促进师培训班", "推进课题成果转化应用", "召开课题中期汇报会", "组织领导班子专题读书活动",
          "邀请专家作专题辅导报告", "开展学习型科室创建评比", "建立领导干部学习档案", "召开学习交流座谈会",
          "组织课题组赴外地考察学习"]
# Items per month that were not adopted, by unit: a busy unit, a steady one, a slow one.
PACE = {"yudong": 2, "pinghe": 2, "qingshui": 2, "lanxi": 2, "songling": 2, "gongxin": 2, "guotu": 2,
        "nongwei": 2, "zhujian": 2, "weisheng": 1}
# Adopted elsewhere and 批示, by article file (the office learns of them later).
OUTLETS = {"issues/2010/002/01-yudong-land.md": "市委办《每日要情》",
           "issues/2010/006/03-gongxin-guotu-progress.md": "市委办《每日要情》、市委组织部《组工信息》"}
INSTRUCTIONS = {"issues/2010/002/01-yudong-land.md": "市领导"}
REQUEST = "yq-2011-03"


def rows_for(lib: Library) -> list[list[object]]:
    rows: list[tuple[date, str, str, str, str, str, str, str]] = []
    for article in lib.articles:
        if len(article.unit_ids) >= 4 or article.draft:
            continue  # the office's own summary: no register row
        issue = lib.issue_of(article)
        sent = max(article.date, min(article.date + timedelta(days=2), issue.date - timedelta(days=3)))
        units = "、".join(lib.unit_by_id[u].name for u in article.unit_ids)
        rows.append((sent, units, article.title, lib.site.kinds[article.kind], "",
                     OUTLETS.get(article.source, ""), INSTRUCTIONS.get(article.source, ""), ""))
    months = [(y, m) for y in (2010, 2011) for m in range(1, 13) if (y, m) >= (2010, 5)]
    for n, (year, month) in enumerate(months):
        for i, unit in enumerate(lib.units):
            joined = unit.since or date(2010, 5, 1)
            if (year, month) < (joined.year, joined.month):
                continue
            pace = PACE[unit.id]
            if unit.id == "weisheng" and n % 2:
                continue  # 市卫生局 sends something every other month
            for k in range(pace):
                day = date(year, month, min(28, 5 + 9 * k + i))
                topic = TOPICS[(n * 3 + i * 5 + k) % len(TOPICS)]
                rows.append((day, unit.name, f"{unit.display_short}{topic}", "工作动态", "", "", "", ""))
    # the 约稿 of 2011: answered by most units before it was due; 松岭县 and 市卫生局 did not answer
    for i, unit in enumerate(lib.units):
        if unit.id in ("songling", "weisheng"):
            continue
        late = unit.id == "zhujian"  # answered, but after the due date: still missed
        day = date(2011, 7, 8) if late else date(2011, 6, 10 + i)
        rows.append((day, unit.name, f"{unit.display_short}行动学习成果转化情况", "工作动态", REQUEST, "", "", ""))
    rows.append((date(2011, 3, 2), "平河区", "平河区学习活动情况汇总", "工作动态", "", "", "",
                 "内容与已刊发信息重复"))
    rows.append((date(2011, 4, 8), "清水县", "清水县以课题攻关推动生态补偿机制落地", "典型案例", "",
                 "省委办公厅《信息快报》", "省领导", ""))
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    numbered = []
    for year in (2010, 2011):
        of_year = [r for r in rows if r[0].year == year]
        numbered += [[f"{year}-{n:03d}", *r] for n, r in enumerate(of_year, 1)]
    return numbered


def write(lib: Library, folder: Path) -> None:
    import openpyxl

    folder.mkdir(exist_ok=True)
    rows = rows_for(lib)
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows([r[0], f"{r[1].year}/{r[1].month}/{r[1].day}", *r[2:]] for r in rows if r[1].year == 2010)
    (folder / "2010年信息报送登记.csv").write_bytes(text.getvalue().encode("gbk"))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2011年"
    sheet.append(HEADER)
    for row in (r for r in rows if r[1].year == 2011):
        sheet.append(row)
        sheet.cell(sheet.max_row, 2).number_format = "yyyy-mm-dd"
    book.properties.creator = "信息科"
    fixed = __import__("datetime").datetime(2012, 1, 5, 9, 0, 0)
    book.properties.created = book.properties.modified = fixed
    path = folder / "2011年信息报送登记.xlsx"
    book.save(path)


def main() -> None:
    from bulletin.pipeline import check

    lib, diags = check(EXAMPLE)
    assert lib is not None, [d.format() for d in diags.errors]
    write(lib, EXAMPLE / "submissions")


if __name__ == "__main__":
    main()
