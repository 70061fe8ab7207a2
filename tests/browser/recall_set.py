"""The search recall test set over the example content (content/issues/...).

Each query lists articles it must find (chosen by reading them), and where the
ranking matters, the article that must come first (a title hit). The browser
test also checks that a query finds exactly the articles whose title, text,
unit names or tags contain every part of the query, so nothing is missed and
nothing unrelated comes back.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RecallQuery:
    query: str
    must: tuple[str, ...] = ()  # article sources, relative to content/
    first: str = ""  # the article that must rank first
    filters: dict[str, str] = field(default_factory=dict)  # kind / unit / year
    absent: bool = False  # the query is nowhere on the site: no result at all


def _q(query: str, *must: str, first: str = "", absent: bool = False, **filters: str) -> RecallQuery:
    return RecallQuery(query, tuple(f"issues/{m}.md" for m in must), f"issues/{first}.md" if first else "",
                       filters, absent)


RECALL_SET: list[RecallQuery] = [
    # two-character words
    _q("考勤", "2010/002/02-pinghe-attendance", "2011/001/02-lanxi-attendance",
       first="2010/002/02-pinghe-attendance"),
    _q("督导", "2010/004/01-inspection", "2011/002/01-spring-inspection"),
    _q("融资", "2010/009/03-gongxin-finance", "2011/006/03-gongxin-smallbiz", "2010/005/02-gongxin-study"),
    _q("山区", "2011/002/02-songling-mountain", "2011/008/03-songling-expand", first="2011/002/02-songling-mountain"),
    _q("课题", "2010/002/04-nongwei-topic", "2010/008/03-zhujian-topic", "2011/004/02-guotu-petition"),
    _q("考核", "2011/008/02-annual-assessment", "2010/002/02-pinghe-attendance"),
    # three-character words
    _q("参学率", "2011/001/02-lanxi-attendance", "2010/002/02-pinghe-attendance",
       first="2011/001/02-lanxi-attendance"),
    _q("引导员", "2010/005/04-facilitator-training", first="2010/005/04-facilitator-training"),
    _q("合作社", "2010/007/02-nongwei-coop", "2010/002/04-nongwei-topic", "2011/004/03-nongwei-satisfaction"),
    _q("满意度", "2011/007/01-satisfaction-survey", "2011/004/03-nongwei-satisfaction"),
    _q("农民工", "2010/004/02-qingshui-training", first="2010/004/02-qingshui-training"),
    _q("中心组", "2010/002/02-pinghe-attendance", "2011/001/02-lanxi-attendance", "2010/005/02-gongxin-study"),
    # four-character phrases and longer
    _q("行动学习", "2010/002/01-yudong-land", "2011/003/04-lanxi-speech", "2010/001/01-mobilization"),
    _q("读书活动", "2010/003/02-qingshui-reading", "2010/006/04-nongwei-reading", "2011/002/04-pinghe-reading"),
    _q("述学评学", "2010/009/02-qingshui-review", "2011/006/02-county-progress"),
    _q("土地流转", "2011/003/04-lanxi-speech", "2011/001/03-lanxi-progress", first="2011/003/04-lanxi-speech"),
    _q("职业教育", "2011/005/03-qingshui-vocational", first="2011/005/03-qingshui-vocational"),
    _q("环境整治", "2010/005/03-pinghe-survey", "2011/001/01-commendation", first="2010/005/03-pinghe-survey"),
    _q("用地审批", "2010/003/03-guotu-approval", "2011/004/02-guotu-petition", first="2010/003/03-guotu-approval"),
    _q("征地信访", "2011/004/02-guotu-petition", "2011/004/01-may-progress", first="2011/004/02-guotu-petition"),
    _q("小微企业", "2011/006/03-gongxin-smallbiz", "2010/009/03-gongxin-finance",
       first="2011/006/03-gongxin-smallbiz"),
    _q("书香班子", "2011/002/04-pinghe-reading"),
    _q("技能培训", "2010/004/02-qingshui-training", "2011/005/03-qingshui-vocational"),
    _q("总结表彰", "2011/001/01-commendation"),
    _q("保障性住房", "2010/008/03-zhujian-topic", "2011/003/03-zhujian-speech", "2011/002/03-zhujian-progress"),
    _q("学习成果转化", "2010/008/05-yudong-conversion", "2011/001/01-commendation"),
    _q("农产品质量安全", "2011/007/03-nongwei-quality", "2010/006/04-nongwei-reading",
       first="2011/007/03-nongwei-quality"),
    # unit names, full and short
    _q("玉东新区", "2010/002/01-yudong-land", "2010/001/02-yudong-deploy", "2011/003/02-yudong-speech"),
    _q("市工信委", "2010/009/03-gongxin-finance", "2010/005/02-gongxin-study", "2011/006/03-gongxin-smallbiz"),
    _q("市国土资源局", "2010/003/03-guotu-approval", "2011/004/02-guotu-petition"),
    _q("松岭县", "2010/008/04-songling-training", "2011/002/02-songling-mountain"),
    _q("市卫生局", "2010/008/01-rollout-plan", "2011/008/01-annual-progress"),
    # several words separated by spaces (full-width space too): every word must occur
    _q("平河 考勤", "2010/002/02-pinghe-attendance", "2011/002/04-pinghe-reading",
       first="2010/002/02-pinghe-attendance"),
    _q("兰溪\u3000土地流转", "2011/003/04-lanxi-speech", "2011/005/02-songling-lanxi-progress"),
    # a single character, and digits next to Chinese
    _q("偿", "2010/002/01-yudong-land", "2011/002/02-songling-mountain"),
    _q("800字", "2010/002/02-pinghe-attendance"),
    # with filters
    _q("行动学习", "2010/002/01-yudong-land", "2011/003/04-lanxi-speech", kind="case"),
    _q("参学率", "2011/001/02-lanxi-attendance", "2011/008/01-annual-progress", year="2011"),
    _q("考勤", "2010/002/02-pinghe-attendance", unit="pinghe"),
    # nowhere on the site
    _q("量子计算", absent=True),
]
