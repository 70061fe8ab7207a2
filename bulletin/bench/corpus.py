"""A deterministic synthetic bulletin for benchmarks and tests.

The same ``articles`` count and ``seed`` always give the same bytes, so runs
on different days (and machines) measure the same work. The shape follows a
real campaign: 40 units (counties and city departments), 30 tags, about ten
articles per issue, two issues a week, bodies of 600–2,600 Chinese characters
with headings, lists and the odd table, progress reports carrying metrics.
The sentences are assembled from short office phrases, not copied text.
"""

from __future__ import annotations

import csv
import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

UNIT_COUNT = 40
TAG_COUNT = 30
ARTICLES_PER_ISSUE = 10

_PLACES = ("东湖", "西岭", "南平", "北川", "清河", "青山", "白沙", "石桥", "凤凰", "龙泉",
           "桃源", "云溪", "金水", "玉屏", "长宁", "安平", "永和", "新丰", "松阳", "梅江")
_DEPARTMENTS = ("发展和改革委员会", "财政局", "教育局", "民政局", "人力资源和社会保障局", "国土资源局",
                "住房和城乡建设局", "交通运输局", "农业委员会", "水利局", "商务局", "卫生局",
                "环境保护局", "统计局", "审计局", "文化广电新闻出版局", "工商行政管理局",
                "质量技术监督局", "安全生产监督管理局", "科学技术局")
_TAGS = ("行动学习", "中心组学习", "课题研究", "读书活动", "考勤制度", "调查研究", "群众满意度",
         "基层党建", "作风建设", "制度建设", "结对帮扶", "专题讲座", "现场观摩", "经验交流",
         "督导检查", "学习档案", "网络学堂", "民主恳谈", "项目攻坚", "城乡统筹", "产业转型",
         "招商引资", "社会管理", "民生实事", "干部培训", "理论宣讲", "典型培育", "考核评价",
         "基层调研", "学用结合")
_SUBJECTS = ("县委中心组", "班子成员", "课题组", "督导组", "各党支部", "机关干部", "领导小组办公室",
             "试点单位", "引导员", "乡镇党委", "局党组", "青年干部")
_VERBS = ("围绕", "聚焦", "紧扣", "结合", "针对", "立足")
_TOPICS = ("项目建设中的难点问题", "群众反映强烈的突出问题", "产业发展的瓶颈", "审批流程的堵点",
           "基层治理的薄弱环节", "民生服务的短板", "干部作风的具体表现", "学习制度的落实情况",
           "课题研究的阶段成果", "农民增收的现实路径", "城乡统筹的重点任务", "营商环境的改善")
_ACTIONS = ("开展集中研讨", "组织专题调研", "召开座谈会", "深入基层蹲点", "建立工作台账",
            "制定整改清单", "邀请专家授课", "组织现场观摩", "开展交流评比", "形成调研报告")
_RESULTS = ("取得了阶段性成效", "形成了一批可复制的做法", "推动了问题的解决", "提升了班子的学习能力",
            "群众满意度明显提高", "工作效率进一步提升", "制度建设更加完善", "学习氛围日益浓厚")
_HEADINGS = ("主要做法", "初步成效", "存在问题", "下一步打算", "基本情况", "经验体会", "工作要求")
_NUMBERS = "一二三四五六七八九十"
_METRICS = {"participants": ("参学人数", "人"), "study_hours": ("集中学习时长", "小时"),
            "participation_rate": ("参学率", "%"), "projects": ("行动学习课题数", "个")}


@dataclass(frozen=True)
class Corpus:
    root: Path
    articles: int
    issues: int


def site_yaml() -> str:
    metrics = "\n".join(f"  {key}: {{label: {label}, unit: \"{unit}\"}}" for key, (label, unit) in _METRICS.items())
    return (
        "title: 学习型组织建设工作简报\n"
        "publisher: 省学习型组织建设活动领导小组办公室\n"
        "marking: 内部资料 注意保存\n"
        "description: 基准测试用的合成简报（synthetic benchmark bulletin）\n"
        "stages:\n"
        "  - {id: pilot, name: 试点阶段, start: 2010-01-01, end: 2011-12-31}\n"
        "  - {id: rollout, name: 全面铺开, start: 2012-01-01, end: 2014-12-31}\n"
        "  - {id: consolidate, name: 巩固提升, start: 2015-01-01}\n"
        f"metrics:\n{metrics}\n"
        "scoring: {briefing: 1, case: 3, progress: 2}\n"
        "distribution:\n  报: [省委常委]\n  送: [省委组织部, 省委宣传部]\n  发: [各试点单位]\n"
        "copies: 200\n"
    )


def units() -> list[tuple[str, str, str, int]]:
    """(id, name, type, batch) of the 40 units: 20 counties, 20 departments."""
    result = [(f"county-{i + 1:02d}", f"{place}县", "county", 1 + i % 3) for i, place in enumerate(_PLACES)]
    result += [(f"dept-{i + 1:02d}", f"省{name}", "department", 1 + i % 2) for i, name in enumerate(_DEPARTMENTS)]
    return result[:UNIT_COUNT]


def units_yaml() -> str:
    lines = ["units:"]
    for unit_id, name, unit_type, batch in units():
        group = "县市区" if unit_type == "county" else "省直单位"
        lines.append(f"  - {{id: {unit_id}, name: {name}, type: {unit_type}, group: {group}, batch: {batch}}}")
    return "\n".join(lines) + "\n"


def sentence(rng: random.Random) -> str:
    return (f"{rng.choice(_SUBJECTS)}{rng.choice(_VERBS)}{rng.choice(_TOPICS)}，{rng.choice(_ACTIONS)}，"
            f"累计{rng.randint(2, 60)}次，{rng.choice(_RESULTS)}。")


def body(rng: random.Random, length: int, with_table: bool) -> str:
    """Markdown of roughly ``length`` Chinese characters."""
    parts: list[str] = []
    written = 0
    section = 0
    while written < length:
        if written and rng.random() < 0.25 and section < len(_NUMBERS):
            parts.append(f"## {_NUMBERS[section]}、{rng.choice(_HEADINGS)}")
            section += 1
        if rng.random() < 0.12:
            items = [f"{i + 1}. {sentence(rng)}" for i in range(rng.randint(2, 4))]
            parts.append("\n".join(items))
            written += sum(len(i) for i in items)
            continue
        paragraph = "".join(sentence(rng) for _ in range(rng.randint(2, 5)))
        parts.append(paragraph)
        written += len(paragraph)
    if with_table:
        parts.append("| 项目 | 数量 |\n| --- | --- |\n" + "\n".join(
            f"| {rng.choice(_ACTIONS)} | {rng.randint(1, 99)} |" for _ in range(3)))
    return "\n\n".join(parts) + "\n"


def article_text(rng: random.Random, day: date, unit_ids: list[str], serial: int) -> str:
    kind = rng.choices(("briefing", "case", "progress"), weights=(6, 2, 2))[0]
    tags = rng.sample(_TAGS[:TAG_COUNT], rng.randint(0, 3))
    subject = rng.choice(_TOPICS)
    title = f"{rng.choice(_SUBJECTS)}{rng.choice(_VERBS)}{subject}{rng.choice(_ACTIONS)}（第{serial}号）"
    front = [f"title: {title}", f"kind: {kind}", f"units: [{', '.join(unit_ids)}]", f"date: {day.isoformat()}",
             f"author: {rng.choice(_SUBJECTS)} 通讯员"]
    if tags:
        front.append(f"tags: [{', '.join(tags)}]")
    if kind == "progress":
        front.append("metrics:")
        for unit_id in unit_ids:
            figures = (f"participants: {rng.randint(20, 300)}, study_hours: {rng.randint(4, 60)}, "
                       f"participation_rate: {rng.randint(850, 1000) / 10}, projects: {rng.randint(1, 6)}")
            front.append(f"  {unit_id}: {{{figures}}}")
    text = body(rng, rng.randint(600, 2600), with_table=kind == "progress")
    return "---\n" + "\n".join(front) + "\n---\n" + text


def issue_text(day: date, rng: random.Random) -> str:
    note = f"编者按：本期刊发{rng.choice(_TOPICS)}方面的{rng.choice(_RESULTS)}经验，供各单位学习借鉴。\n" \
        if rng.random() < 0.3 else ""
    return f"---\ndate: {day.isoformat()}\neditor: 王晓\napprover: 李明\n---\n{note}"


@dataclass(frozen=True)
class PlannedIssue:
    index: int  # 0-based, across the whole corpus
    day: date
    number: int  # 第N期 within its year
    count: int  # articles
    first_serial: int  # serial number of its first article


def issue_plan(articles: int, start: date = date(2010, 1, 4)) -> list[PlannedIssue]:
    """Two issues a week, ten articles each (the last one may be shorter)."""
    plan: list[PlannedIssue] = []
    day, number, serial = start, 0, 1
    while serial <= articles:
        number = 1 if not plan or plan[-1].day.year != day.year else number + 1
        count = min(ARTICLES_PER_ISSUE, articles - serial + 1)
        plan.append(PlannedIssue(len(plan), day, number, count, serial))
        serial += count
        day += timedelta(days=3 if len(plan) % 2 else 4)
    return plan


def next_issue(plan: list[PlannedIssue], count: int = ARTICLES_PER_ISSUE) -> PlannedIssue:
    """The issue that would follow ``plan`` (the benchmark's "new issue" step)."""
    extended = issue_plan(plan[-1].first_serial + plan[-1].count - 1 + count)
    return extended[len(plan)]


def generate(root: Path, articles: int, seed: int = 6,
             progress: Callable[[int, int], None] | None = None, register_rows: int = 0) -> Corpus:
    """Write a fresh corpus of ``articles`` articles into ``root`` (replacing it), with a
    submissions register of ``register_rows`` rows when that is not 0."""
    root = Path(root)
    if root.exists():
        shutil.rmtree(root)
    (root / "issues").mkdir(parents=True)
    (root / "site.yaml").write_text(site_yaml(), encoding="utf-8")
    (root / "units.yaml").write_text(units_yaml(), encoding="utf-8")
    (root / "pages").mkdir()
    (root / "pages" / "about.md").write_text("---\ntitle: 关于本刊\n---\n本刊为基准测试生成的合成简报。\n",
                                             encoding="utf-8")
    plan = issue_plan(articles)
    for planned in plan:
        write_issue(root, planned, seed)
        if progress and (planned.index + 1) % 100 == 0:
            progress(planned.first_serial + planned.count - 1, articles)
    if register_rows:
        write_register(root, register_rows, seed)
    return Corpus(root, articles, len(plan))


_KIND_LABELS = {"briefing": "工作动态", "case": "典型案例", "progress": "进展通报"}


def write_register(root: Path, rows: int, seed: int = 6) -> Path:
    """``submissions/报送登记.csv``, as the office keeps it in Excel: every published article
    was first a submission (sent a few days before its issue), and the other rows are
    submissions that were not adopted. UTF-8 with a byte-order mark, as Excel saves it."""
    rng = random.Random(f"{seed}-register")
    lines: list[list[str]] = [["编号", "报送日期", "单位", "标题", "类型"]]
    names = {unit_id: name for unit_id, name, _, _ in units()}
    for path in sorted(Path(root).glob("issues/*/*/0*.md")):
        if len(lines) > rows:
            break
        front = path.read_text(encoding="utf-8").split("\n---\n", 1)[0]
        fields = dict(line.split(": ", 1) for line in front.splitlines()[1:] if ": " in line and line[0] != " ")
        sent = date.fromisoformat(fields["date"]) - timedelta(days=rng.randint(1, 6))
        unit_names = "、".join(names[u.strip()] for u in fields["units"].strip("[]").split(","))
        kind = _KIND_LABELS[fields["kind"]]
        lines.append([f"R{len(lines):06d}", sent.isoformat(), unit_names, fields["title"], kind])
    start = date(2010, 1, 1)
    while len(lines) <= rows:
        unit_id = rng.choice(list(names))
        sent = start + timedelta(days=rng.randint(0, 365 * 4))
        title = f"{names[unit_id]}{rng.choice(_VERBS)}{rng.choice(_TOPICS)}{rng.choice(_ACTIONS)}（报送{len(lines)}）"
        lines.append([f"R{len(lines):06d}", sent.isoformat(), names[unit_id], title, ""])
    target = Path(root) / "submissions" / "报送登记.csv"
    target.parent.mkdir(exist_ok=True)
    with open(target, "w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream, lineterminator="\r\n").writerows(lines)
    return target


def issue_folder(root: Path, planned: PlannedIssue) -> Path:
    return Path(root) / "issues" / f"{planned.day.year}" / f"{planned.number:03d}"


def write_issue(root: Path, planned: PlannedIssue, seed: int = 6) -> Path:
    """One issue folder; its bytes depend only on (seed, index), not on what came before."""
    rng = random.Random(f"{seed}-{planned.index}")
    folder = issue_folder(root, planned)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "issue.md").write_text(issue_text(planned.day, rng), encoding="utf-8")
    all_units = [u[0] for u in units()]
    for position in range(planned.count):
        unit_ids = rng.sample(all_units, rng.choice((1, 1, 1, 2)))
        text = article_text(rng, planned.day, unit_ids, planned.first_serial + position)
        (folder / f"{position + 1:02d}-{unit_ids[0]}.md").write_text(text, encoding="utf-8")
    return folder
