"""A fixture bulletin with hand-counted statistics (see the numbers in test_stats_numbers.py).

Units: 县市区 yudong, pinghe (batch 1, no since), lanxi (batch 2, since 2010-11-01),
songling (batch 2, no since: counts from its batch-mate's since), 市直单位 gongxin,
weisheng (batch 1, never sends anything), zhujian (batch 3, no date anywhere:
counts from its batch's first article, 2010-12-15).
"""

from __future__ import annotations

from pathlib import Path

SITE = """\
title: 学习型领导班子建设工作简报
publisher: 市学习型领导班子建设活动领导小组办公室
stages:
  - {id: pilot, name: 试点阶段, start: 2010-05-01, end: 2010-10-31}
  - {id: rollout, name: 全面铺开, start: 2010-11-01}
  - {id: review, name: 总结验收, start: 2011-07-01}
metrics:
  participants: {label: 参学人数, unit: 人}
  study_hours: {label: 集中学习时长, unit: 小时}
  participation_rate: {label: 参学率, unit: "%"}
scoring: {briefing: 1, case: 3, progress: 2}
"""

UNITS = """\
units:
  - {id: yudong, name: 玉东新区, short: 玉东, type: county, group: 县市区, batch: 1, since: 2010-05-01}
  - {id: pinghe, name: 平河区, short: 平河, type: county, group: 县市区, batch: 1}
  - {id: lanxi, name: 兰溪市, short: 兰溪, type: county, group: 县市区, batch: 2, since: 2010-11-01}
  - {id: songling, name: 松岭县, short: 松岭, type: county, group: 县市区, batch: 2}
  - {id: gongxin, name: 市工业和信息化委员会, short: 市工信委, type: department, group: 市直单位, batch: 1}
  - {id: weisheng, name: 市卫生局, type: department, group: 市直单位, batch: 1}
  - {id: zhujian, name: 市住房和城乡建设委员会, short: 市住建委, type: department, group: 市直单位, batch: 3}
"""


def write_stats_site(tree) -> Path:
    """Turn the ``tree`` fixture into the statistics fixture site; returns the content folder."""
    tree.write("site.yaml", SITE)
    tree.write("units.yaml", UNITS)
    tree.issue(2010, "001", "date: 2010-06-30\n")
    tree.article("issues/2010/001/01-yudong.md", """
        title: 玉东新区以课题攻关破解项目落地难题
        kind: case
        units: [yudong]
        date: 2010-06-10
    """)
    tree.article("issues/2010/001/02-pinghe.md", """
        title: 平河区召开试点工作推进会
        kind: briefing
        units: [平河区]
        date: 2010-06-12
    """)
    tree.article("issues/2010/001/03-progress.md", """
        title: 6月份试点进展情况
        kind: progress
        units: [yudong, gongxin]
        date: 2010-06-30
        metrics:
          yudong: {participants: 80, study_hours: 10, participation_rate: 90.5}
          gongxin: {participants: 40, participation_rate: 95}
    """)
    tree.issue(2010, "002", "date: 2010-07-31\n")
    tree.article("issues/2010/002/01-pinghe.md", """
        title: 平河区开展专题学习
        kind: briefing
        units: [pinghe]
        date: 2010-07-05
    """)
    tree.article("issues/2010/002/02-gongxin.md", """
        title: 市工信委举办中心组学习会
        kind: briefing
        units: [gongxin]
        date: 2010-07-06
    """)
    tree.article("issues/2010/002/03-yudong.md", """
        title: 玉东新区7月份进展
        kind: progress
        units: [yudong]
        date: 2010-07-31
        metrics: {participants: 90, participation_rate: 92}
    """)
    tree.issue(2010, "003", "date: 2010-11-30\n")
    tree.article("issues/2010/003/01-lanxi.md", """
        title: 兰溪市以行动学习推动产业转型
        kind: case
        units: [lanxi]
        date: 2010-11-10
    """)
    tree.article("issues/2010/003/02-joint.md", """
        title: 松岭县与平河区结对交流
        kind: briefing
        units: [songling, pinghe]
        date: 2010-11-12
    """)
    tree.article("issues/2010/003/03-yudong.md", """
        title: 玉东新区11月份进展
        kind: progress
        units: [yudong]
        date: 2010-11-30
        metrics: {participants: 100, study_hours: 30, participation_rate: 96}
    """)
    tree.article("issues/2010/003/04-draft.md", """
        title: 尚未定稿的玉东新区案例
        kind: case
        units: [yudong]
        draft: true
    """)
    tree.issue(2010, "004", "date: 2010-12-20\n")
    tree.article("issues/2010/004/01-zhujian.md", """
        title: 市住建委启动活动
        kind: briefing
        units: [zhujian]
        date: 2010-12-15
    """)
    tree.article("issues/2010/004/02-lanxi.md", """
        title: 兰溪市12月份进展
        kind: progress
        units: [lanxi]
        date: 2010-12-20
        metrics: {participants: 60}
    """)
    return tree.root
