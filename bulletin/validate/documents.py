"""Issues, articles, standalone pages and unit profiles."""

from __future__ import annotations

from datetime import date
from pathlib import PurePosixPath

from bulletin.errors import Diagnostics
from bulletin.load.sources import Document, IssueFolder
from bulletin.model.entities import CLASSIFIED, KINDS, PUBLISHABLE, Article, Issue, Page, SiteConfig, Unit
from bulletin.validate import fields
from bulletin.validate.fields import FieldContext
from bulletin.validate.register import check_instructions, check_outlets
from bulletin.validate.site import distribution


class UnitLookup:
    """Resolves what authors write in ``units``: an id, a full name or a short name."""

    def __init__(self, units: list[Unit]) -> None:
        self.ids = [u.id for u in units]
        self.by_word: dict[str, str] = {}
        for unit in units:
            for word in (unit.short, unit.name, unit.id):
                if word:
                    self.by_word[word] = unit.id

    def resolve(self, word: str) -> str | None:
        return self.by_word.get(word) or self.by_word.get(word.lower())


# The title a new article starts with (scaffold, ``new``): validation refuses it (E121),
# so an unfilled scaffold is never published.
PLACEHOLDER_TITLE = "请在这里填写标题"
# A note only the template has: a file that still carries it and has no text was never filled in (E122).
AUTHOR_NOTE = "# 通讯员（单位 姓名）"

def validate_issue(folder: IssueFolder, site: SiteConfig, diags: Diagnostics) -> Issue | None:
    doc = folder.issue
    if doc is None or not doc.ok:
        return None
    ctx = FieldContext(doc.rel, dict(doc.lines), diags)
    meta = fields.canonical_keys(doc.meta, fields.ISSUE_KEYS, ctx)
    day = fields.a_date(meta.get("date"), "date", ctx, required=True)
    classification = _classification(meta.get("classification"), ctx)
    review_by, review_on = _review(meta.get("review"), site, ctx)
    draft, publish_after = withholding(meta, ctx)
    total = fields.integer(meta.get("total"), "total", ctx, minimum=1)
    if folder.supplement and total is not None:
        ctx.error("E267", "total")
        total = None
    series = site.series_by_id(folder.series)
    if day is None or classification is None or series is None:
        return None
    _check_year(day, folder.year, ctx)
    _check_edition(classification, site, ctx, what=f"第{folder.number}期", what_en=f"issue {folder.number}")
    return Issue(
        year=folder.year, number=folder.number, date=day, source=doc.rel, folder=folder.rel,
        title=fields.text(meta.get("title"), "title", ctx),
        total=total, series=series, supplement=folder.supplement,
        editor=fields.text(meta.get("editor"), "editor", ctx),
        approver=fields.text(meta.get("approver"), "approver", ctx),
        copies=fields.integer(meta.get("copies"), "copies", ctx, minimum=1),
        distribution=distribution(meta.get("distribution"), "distribution", ctx),
        note=doc.body.strip("\n"), note_line=doc.body_line + _leading_newlines(doc.body),
        assets=list(folder.assets), digest=doc.source.digest,
        classification=classification, review_by=review_by, review_on=review_on,
        withheld=is_withheld(draft, publish_after),
    )


def _check_year(day: date, year: int, ctx: FieldContext) -> None:
    """An issue in issues/2011/ dated 2026: an error beyond a month from that year, else a warning
    (a first issue printed in late December, a last one in early January)."""
    if day.year == year:
        return
    nearest = date(year, 1, 1) if day.year < year else date(year, 12, 31)
    code = "E124" if abs((day - nearest).days) > 31 else "W414"
    ctx.error(code, "date", date=day.isoformat(), year=year, date_year=day.year)


def validate_article(doc: Document, issue: Issue, site: SiteConfig, units: UnitLookup,
                     diags: Diagnostics) -> Article | None:
    if not doc.ok:
        return None
    ctx = FieldContext(doc.rel, dict(doc.lines), diags)
    meta = fields.canonical_keys(doc.meta, fields.ARTICLE_KEYS, ctx)
    title = fields.text(meta.get("title"), "title", ctx, required=True)
    kind = _kind(meta.get("kind"), ctx)
    unit_ids = _units(meta.get("units"), ctx, units)
    day = fields.a_date(meta.get("date"), "date", ctx) or issue.date
    if day > issue.date:
        ctx.error("E212", "date", date=day.isoformat(), issue_date=issue.date.isoformat())
    classification = _classification(meta.get("classification"), ctx)
    stage_id = _stage(meta.get("stage"), site, ctx)
    if stage_id is None:
        stage = site.stage_on(day)
        stage_id = stage.id if stage else None
    metrics = _metrics(meta.get("metrics"), kind, unit_ids, site, ctx, units)
    draft, publish_after = withholding(meta, ctx)
    adoption = _adoption(meta, site, ctx)
    if not draft and not _filled_in(title, doc, metrics, ctx):  # a draft is still being written
        return None
    if not (title and kind and unit_ids) or classification is None:
        return None
    _check_edition(classification, site, ctx, what=f"文章“{title}”", what_en=f"article '{title}'")
    return Article(
        slug=file_stem(doc.rel), source=doc.rel, title=title, kind=kind,
        unit_ids=unit_ids, date=day, body=doc.body, body_line=doc.body_line,
        author=fields.text(meta.get("author"), "author", ctx),
        tags=_dedupe(fields.string_list(meta.get("tags"), "tags", ctx, split_ime=True)),
        stage_id=stage_id, summary=fields.text(meta.get("summary"), "summary", ctx),
        metrics=metrics or {}, draft=draft, classification=classification,
        publish_after=publish_after, issue_key=issue.key, digest=doc.source.digest, issue=issue, **adoption,
    )


def _filled_in(title: str, doc: Document, metrics: dict[str, dict[str, float]] | None, ctx: FieldContext) -> bool:
    """The traps of an article ``new`` made and nobody finished: the template's title (E121), the
    template with no text written (E122), every figure still 0 (E123, in any progress report).
    Checked once the draft line is gone, alike in check, build and publish."""
    ok = True
    if title == PLACEHOLDER_TITLE:
        ctx.error("E121", "title", title=title)
        ok = False
    if not doc.body.strip() and AUTHOR_NOTE in doc.source.text:
        ctx.diags.add("E122", ctx.path, doc.body_line)
        ok = False
    for unit_id, figures in (metrics or {}).items():
        if figures and not any(figures.values()):
            ctx.error("E123", f"metrics.{unit_id}" if f"metrics.{unit_id}" in ctx.lines else "metrics", unit=unit_id)
            ok = False
    return ok


def withholding(meta: dict, ctx: FieldContext) -> tuple[bool, date | None]:
    """``draft`` and ``publish_after`` of an article, an issue or a page, each with its warning."""
    draft = fields.boolean(meta.get("draft"), "draft", ctx)
    publish_after = fields.a_date(meta.get("publish_after"), "publish_after", ctx)
    if draft:
        ctx.diags.add("W403", ctx.path, ctx.line("draft"))
    elif publish_after and publish_after > fields.today():
        ctx.diags.add("W421", ctx.path, ctx.line("publish_after"), date=publish_after.isoformat())
    return draft, publish_after


def is_withheld(draft: bool, publish_after: date | None) -> bool:
    return draft or (publish_after is not None and publish_after > fields.today())


def _adoption(meta: dict, site: SiteConfig, ctx: FieldContext) -> dict:
    """``submission``, ``adopted_elsewhere`` and ``instructions``: outlets and 批示 levels
    must be those of site.yaml ``scoring`` (E506, E507)."""
    outlets = fields.string_list_keeping_commas(meta.get("adopted_elsewhere"), "adopted_elsewhere", ctx)
    levels = fields.string_list_keeping_commas(meta.get("instructions"), "instructions", ctx)
    check_outlets(outlets, site, lambda value, zh, en: ctx.error(
        "E506", "adopted_elsewhere", column="adopted_elsewhere", value=value, suggestion=zh, suggestion_en=en))
    check_instructions(levels, site, lambda value, zh, en: ctx.error(
        "E507", "instructions", column="instructions", value=value, suggestion=zh, suggestion_en=en))
    submission = meta.get("submission")
    if isinstance(submission, float) and submission.is_integer():
        submission = int(submission)
    return {"submission": "" if submission is None else str(submission).strip(),
            "submission_line": ctx.line("submission"), "adopted_elsewhere": outlets, "instructions": levels}


def validate_page(doc: Document, diags: Diagnostics) -> Page | None:
    if not doc.ok:
        return None
    ctx = FieldContext(doc.rel, dict(doc.lines), diags)
    meta = fields.canonical_keys(doc.meta, fields.PAGE_KEYS, ctx)
    title = fields.text(meta.get("title"), "title", ctx, required=True)
    draft, publish_after = withholding(meta, ctx)
    if not title:
        return None
    return Page(PurePosixPath(doc.rel).stem, title, doc.body, doc.body_line, doc.rel, digest=doc.source.digest,
                withheld=is_withheld(draft, publish_after))


def validate_profile(doc: Document, units: dict[str, Unit], diags: Diagnostics) -> None:
    """Attach a unit's profile Markdown (units/<id>.md) to its unit."""
    unit_id = PurePosixPath(doc.rel).stem
    if unit_id not in units:
        diags.add("E219", doc.rel, 1, value=unit_id)
        return
    if doc.ok:
        ctx = FieldContext(doc.rel, dict(doc.lines), diags)
        fields.canonical_keys(doc.meta, fields.PROFILE_KEYS, ctx)
        units[unit_id].profile = doc.body
        units[unit_id].profile_source = doc.rel
        units[unit_id].profile_line = doc.body_line


def _kind(value: object, ctx: FieldContext) -> str:
    if value is None or value == "":
        ctx.error("E201", "kind", key="kind")
        return ""
    word = str(value).strip()
    kind = fields.KIND_ALIASES.get(word) or fields.KIND_ALIASES.get(word.lower())
    if kind not in KINDS:
        ctx.error("E203", "kind", value=word)
        return ""
    return kind


def _units(value: object, ctx: FieldContext, units: UnitLookup) -> list[str]:
    if value is None or value == "" or value == []:
        ctx.error("E201", "units", key="units")
        return []
    words = fields.string_list(value, "units", ctx, split_ime=True)
    resolved: list[str] = []
    for i, word in enumerate(words):
        unit_id = units.resolve(word)
        if unit_id is None:
            zh, en = fields.suggestion(word, units.ids)
            line = ctx.lines.get(f"units.{i}", ctx.line("units"))
            ctx.diags.add("E204", ctx.path, line, value=word, suggestion=zh, suggestion_en=en)
            return []
        if unit_id not in resolved:
            resolved.append(unit_id)
    return resolved


def _classification(value: object, ctx: FieldContext) -> str | None:
    """'' for unmarked; None when the article must not be built at all."""
    word = fields.text(value, "classification", ctx)
    if not word or word in PUBLISHABLE:
        return word
    if any(mark in word for mark in (*CLASSIFIED, "涉密")):
        ctx.error("E301", "classification", value=word)
    else:
        ctx.error("E302", "classification", value=word)
    return None


def _check_edition(classification: str, site: SiteConfig, ctx: FieldContext, what: str, what_en: str) -> None:
    """A public edition refuses anything marked 内部 (内部资料)."""
    if site.edition == "public" and classification == "内部":
        ctx.error("E307", "classification", what=f"{what}的密级为“内部”", what_en=f"{what_en} is internal")


def _review(value: object, site: SiteConfig, ctx: FieldContext) -> tuple[str, date | None]:
    """``review: {by: 张三, on: 2011-03-01}``: the 保密审查 sign-off (谁发布谁负责)."""
    if value is None or value == "":
        if site.review_required:
            ctx.diags.add("W420", ctx.path, 1)
        return "", None
    if not isinstance(value, dict):
        ctx.error("E306", "review", problem="应写成“review: {by: 审查人, on: 审查日期}”",
                  problem_en="write 'review: {by: name, on: date}'")
        return "", None
    inner = FieldContext(ctx.path, ctx.lines, ctx.diags, prefix="review")
    review = fields.canonical_keys(value, fields.REVIEW_KEYS, inner)
    by = fields.text(review.get("by"), "by", inner)
    day = fields.a_date(review.get("on"), "on", inner)
    if not by or day is None:
        missing = "审查人（by）" if not by else "审查日期（on）"
        ctx.error("E306", "review", problem=f"缺少{missing}", problem_en="'by' and 'on' are both required")
        return "", None
    return by, day


def _stage(value: object, site: SiteConfig, ctx: FieldContext) -> str | None:
    word = fields.text(value, "stage", ctx)
    if not word:
        return None
    for stage in site.stages:
        if word in (stage.id, stage.name):
            return stage.id
    zh, en = fields.suggestion(word, [s.id for s in site.stages])
    ctx.error("E215", "stage", value=word, suggestion=zh, suggestion_en=en)
    return None


def _metrics(value: object, kind: str, unit_ids: list[str], site: SiteConfig,
             ctx: FieldContext, units: UnitLookup) -> dict[str, dict[str, float]] | None:
    if value is None or value == {}:
        return None
    if kind and kind != "progress":
        ctx.error("E217", "metrics")
        return None
    if not isinstance(value, dict):
        ctx.error("E202", "metrics", key="metrics", expected="“指标: 数值”的映射",
                  expected_en="a mapping", value=str(value)[:40])
        return None
    nested = all(isinstance(v, dict) for v in value.values())
    if not nested:
        if len(unit_ids) != 1:
            if unit_ids:
                ctx.error("E218", "metrics")
            return None
        value, prefix = {unit_ids[0]: value}, {unit_ids[0]: "metrics"}
    else:
        prefix = {u: f"metrics.{u}" for u in value}
    result: dict[str, dict[str, float]] = {}
    for unit_word, figures in value.items():
        unit_id = units.resolve(str(unit_word)) or str(unit_word)  # a unit's name works as well as its id
        if unit_id not in unit_ids:
            ctx.error("E216", prefix[unit_word], value=unit_id)
            continue
        result[unit_id] = _figures(figures, prefix[unit_word], site, ctx)
    return result


def _figures(figures: dict, prefix: str, site: SiteConfig, ctx: FieldContext) -> dict[str, float]:
    clean: dict[str, float] = {}
    for metric_id, raw in figures.items():
        key = f"{prefix}.{metric_id}"
        if metric_id not in site.metrics:
            zh, en = fields.suggestion(str(metric_id), list(site.metrics))
            ctx.error("E206", key, value=metric_id, suggestion=zh, suggestion_en=en)
            continue
        if fields.out_of_range(raw):
            ctx.error("E330", key, value=_shown_number(raw))
            continue
        figure = fields.number(raw)
        if figure is None and site.metrics[metric_id].unit in ("%", "％"):
            figure = fields.percent(raw)
        if figure is None:
            ctx.error("E207", key, metric=metric_id, value=str(raw)[:40])
            continue
        clean[metric_id] = figure
    return clean


def _shown_number(value: object) -> str:
    """A number as a message shows it: a 4000-digit integer is cut (and str() of it would raise)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > fields.MAX_NUMBER:
        return f"{int(value.bit_length() * 0.30103) + 1} 位的整数"  # str() of a huge int raises
    return str(value)[:40]


def _leading_newlines(text: str) -> int:
    return len(text) - len(text.lstrip("\n"))


def file_stem(rel: str) -> str:
    """``PurePosixPath(rel).stem`` of a path as load lists it, without making a path object
    (once per article: a tenth of validating a large bulletin)."""
    name = rel.rpartition("/")[2]
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def _dedupe(words: list[str]) -> list[str]:
    return list(dict.fromkeys(words))
