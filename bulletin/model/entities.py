"""The content model: what a bulletin is made of, free of files and HTML."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple, cast

Day = date  # the type, where a field named ``date`` hides it (Article.date, Issue.date)

KINDS = ("briefing", "case", "progress")
DEFAULT_KIND_LABELS = {"briefing": "工作动态", "case": "典型案例", "progress": "进展通报"}
UNIT_TYPES = {"county": "县市区", "department": "市直单位", "other": "其他单位"}
PUBLISHABLE = ("公开", "内部")
CLASSIFIED = ("秘密", "机密", "绝密")
# The series whose issues live in issues/ and whose masthead is site.yaml's own.
MAIN_SERIES = "main"


@dataclass
class Series:
    """One bulletin the office edits (简报, 学习情况通报 …): its masthead, its
    distribution and how its articles count for the units that wrote them.
    Issues are numbered per series; the main series is site.yaml itself."""

    id: str
    title: str
    marking: str = ""
    copies: int | None = None
    distribution: dict[str, list[str]] = field(default_factory=dict)
    scoring: dict[str, float] = field(default_factory=dict)  # points per kind adopted (信息采用积分)
    adoption: bool = True  # False: the office's own reports, counted for no unit
    main: bool = False
    folder: str = "issues"  # where its issues live in the content folder
    line: int = 1  # its entry in site.yaml (diagnostics)


class IssueKey(NamedTuple):
    """What names one issue: regular and supplement numbers are counted apart, per series."""

    year: int
    number: int
    supplement: bool = False
    series: str = MAIN_SERIES


@dataclass(frozen=True)
class Stage:
    id: str
    name: str
    start: date | None = None
    end: date | None = None

    def contains(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Metric:
    id: str
    label: str
    unit: str = ""


@dataclass(frozen=True)
class Request:
    """A 约稿: a topic the office asked units to report on by a due date."""

    id: str
    title: str
    due: date
    unit_ids: tuple[str, ...] | None = None  # None: all units


@dataclass
class AdoptionRules:
    """The full form of site.yaml ``scoring`` beyond points per kind (docs/statistics.md)."""

    outlets: dict[str, float] = field(default_factory=dict)  # adopted elsewhere: points per outlet
    instructions: dict[str, float] = field(default_factory=dict)  # 批示: points per level
    joint: str = "full"  # "split": a joint item's points are shared equally (均分)
    quota_period: str = ""  # "week" | "month" | "quarter" | "year" | "" (no quota)
    quota: dict[str, int] = field(default_factory=dict)  # unit type → items to submit per quota period
    missed_request: float = 0  # points for each 约稿 not answered by its due date (negative)
    last_place: int = 0  # flag units last in their group this many periods in a row (0: never)


@dataclass
class SiteConfig:
    title: str
    publisher: str
    marking: str = ""
    description: str = ""
    base_url: str = ""
    kinds: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_KIND_LABELS))
    stages: list[Stage] = field(default_factory=list)
    metrics: dict[str, Metric] = field(default_factory=dict)
    scoring: dict[str, float] = field(default_factory=lambda: {k: 1 for k in KINDS})
    distribution: dict[str, list[str]] = field(default_factory=dict)
    copies: int | None = None
    source: str = "site.yaml"
    # Every series, the main one (site.yaml's own masthead) first; filled by validation.
    series: list[Series] = field(default_factory=list)
    # Publishing safety (docs/publishing.md): the edition ("internal" or
    # "public"), whether each issue needs a 保密审查 sign-off before it is
    # published, and whether raw HTML in Markdown is trusted.
    edition: str = "internal"
    review_required: bool = False
    allow_html: bool = False
    # The font files the PDFs embed, by face (fangsong, xiaobiaosong, kaiti, heiti): absolute
    # paths from site.yaml's pdf_fonts (bulletin/pdf/fonts.py finds the rest).
    pdf_fonts: dict[str, str] = field(default_factory=dict)
    # Submissions and adoption (docs/statistics.md): the rest of ``scoring``, the 约稿,
    # and whether the titles of items that were not adopted may be shown (unpublished material).
    adoption: AdoptionRules = field(default_factory=AdoptionRules)
    requests: list[Request] = field(default_factory=list)
    show_submitted_titles: bool = False

    def stage(self, stage_id: str | None) -> Stage | None:
        return next((s for s in self.stages if s.id == stage_id), None)

    def stage_on(self, day: date) -> Stage | None:
        return next((s for s in self.stages if s.contains(day)), None)

    @property
    def main_series(self) -> Series:
        return self.series[0] if self.series else main_series_of(self)

    def series_by_id(self, series_id: str) -> Series | None:
        return next((s for s in self.series or [self.main_series] if s.id == series_id), None)

    @property
    def has_several_series(self) -> bool:
        return len(self.series) > 1


def main_series_of(site: SiteConfig) -> Series:
    """The main series: site.yaml's masthead, distribution and scoring."""
    return Series(MAIN_SERIES, site.title, marking=site.marking, copies=site.copies,
                  distribution=dict(site.distribution), scoring=dict(site.scoring), main=True)


@dataclass
class Unit:
    id: str
    name: str
    short: str = ""
    type: str = "other"
    group: str = ""
    batch: int | None = None
    since: date | None = None
    profile: str = ""  # Markdown
    profile_html: str = ""
    profile_source: str = ""
    profile_line: int = 1  # file line on which the profile text starts

    @property
    def type_label(self) -> str:
        return UNIT_TYPES.get(self.type, self.type)

    @property
    def display_short(self) -> str:
        return self.short or self.name


@dataclass
class Article:
    slug: str  # file stem, unique within its issue
    source: str  # path relative to content/
    title: str
    kind: str
    unit_ids: list[str]
    date: date
    body: str  # Markdown (the build cache may give it as a loader: ``defer_body``)
    body_line: int
    author: str = ""
    tags: list[str] = field(default_factory=list)
    stage_id: str | None = None
    summary: str = ""
    metrics: dict[str, dict[str, float]] = field(default_factory=dict)
    draft: bool = False
    classification: str = ""
    publish_after: Day | None = None  # withheld until this day
    # Filled by the markdown stage; HTML the build cache holds is read only when something shows
    # it (``defer_html``): a rebuild after one edit renders two pages, not 10,000 articles.
    html: str = field(default="", compare=False)
    issue_key: IssueKey = IssueKey(0, 0)
    position: int = 0  # 1-based place within the issue
    digest: str = ""  # content hash of the source file: the build cache's key
    # Adoption (采用): the register row it adopts (its key, found by validation), and what it
    # earned besides being printed here. Empty lists: take the register row's.
    submission: str = ""  # as written in front matter
    submission_line: int = 1  # its line, for messages
    adopts: str = ""  # the key of the register row it adopts ("" when it matches none)
    adopted_elsewhere: list[str] = field(default_factory=list)
    instructions: list[str] = field(default_factory=list)

    # The issue that carries the article (its series: ``article.issue.series``); set by
    # validation. Not compared: the issue lists its articles, and == would go round.
    issue: Issue = field(default=cast("Issue", None), compare=False, repr=False)

    def defer_html(self, load: Callable[[], str]) -> None:
        """``html`` is ``load()``, called when ``html`` is first read."""
        self.__dict__["_html"] = load

    def defer_body(self, load: Callable[[], str]) -> None:
        """``body`` is ``load()``, called when ``body`` is first read."""
        self.__dict__["_body"] = load

    def __getstate__(self) -> dict:
        """Pickled with its text itself (spawned workers receive the library pickled), never a loader."""
        state = dict(self.__dict__)
        state["_html"], state["_body"] = self.html, self.body
        return state


class _Deferred:
    """A text field of a dataclass that may be given as a loader (``Article.defer_html``,
    ``defer_body``): the build cache's large texts are read only if something reads them."""

    def __init__(self, name: str) -> None:
        self.slot = "_" + name

    def __get__(self, owner: object | None, kind: type | None = None) -> Any:
        if owner is None:  # the class's attribute itself
            return self
        value = owner.__dict__[self.slot]
        if not isinstance(value, str):
            value = owner.__dict__[self.slot] = value()
        return value

    def __set__(self, owner: object, value: str) -> None:
        owner.__dict__[self.slot] = value


# In place of the dataclass fields, after the dataclass made its __init__ (which assigns through them).
Article.html = _Deferred("html")  # type: ignore[assignment]
Article.body = _Deferred("body")  # type: ignore[assignment]


@dataclass(frozen=True)
class Submission:
    """One row of the submissions register (报送登记): an item a unit submitted."""

    key: str  # its 编号, or "<file>:<row>" when it has none
    id: str  # 编号 as written ("" when none)
    day: date  # 报送日期
    unit_ids: tuple[str, ...]
    title: str
    kind: str = ""
    request: str = ""  # the 约稿 it answers
    outlets: tuple[str, ...] = ()  # 外部采用
    instructions: tuple[str, ...] = ()  # 批示, one entry per 批示
    returned: str = ""  # 退稿原因: not empty when the item was returned
    source: str = ""  # submissions/2011.csv
    row: int = 0  # its row in that file (the header is row 1)


@dataclass
class Issue:
    year: int
    number: int
    date: date
    source: str  # issues/2011/003/issue.md
    folder: str  # issues/2011/003
    title: str = ""
    total: int | None = None
    editor: str = ""
    approver: str = ""
    copies: int | None = None
    distribution: dict[str, list[str]] = field(default_factory=dict)
    note: str = ""  # Markdown of the editor's note (编者按)
    note_html: str = ""
    note_line: int = 1
    articles: list[Article] = field(default_factory=list)
    assets: list[str] = field(default_factory=list)
    digest: str = ""  # content hash of issue.md
    classification: str = ""  # 公开 | 内部 | "" (unmarked)
    review_by: str = ""  # 保密审查: who signed off, and when
    review_on: Day | None = None
    series: Series = field(default_factory=lambda: Series(MAIN_SERIES, "", main=True))
    supplement: bool = False  # 增刊: numbered apart (增刊第N期), not counted in 总第N期
    withheld: bool = False  # draft: true, or publish_after still to come: the whole issue stays out
    # The build cache's key of its validation (its folder's files, site.yaml, units.yaml, the day):
    # everything its articles' fields are made from. "" without a cache.
    validated_as: str = field(default="", compare=False, repr=False)

    @property
    def key(self) -> IssueKey:
        return IssueKey(self.year, self.number, self.supplement, self.series.id)

    @property
    def label(self) -> str:
        """第3期 or 增刊第1期."""
        return f"增刊第{self.number}期" if self.supplement else f"第{self.number}期"

    @property
    def year_label(self) -> str:
        """2011年第3期 or 2011年增刊第1期."""
        return f"{self.year}年{self.label}"

    @property
    def series_label(self) -> str:
        """《学习情况通报》2011年第3期: where an article came from, on a site with several series."""
        return f"《{self.series.title}》{self.year_label}"


@dataclass
class Page:
    slug: str
    title: str
    body: str
    body_line: int
    source: str
    html: str = ""
    digest: str = ""  # content hash of the source file
    withheld: bool = False  # draft: true, or publish_after still to come
