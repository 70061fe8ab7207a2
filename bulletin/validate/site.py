"""site.yaml and units.yaml: the bulletin's settings and its unit registry."""

from __future__ import annotations

import re
from pathlib import Path

from bulletin.errors import Diagnostics
from bulletin.load.sources import YamlFile
from bulletin.model.entities import (
    KINDS,
    MAIN_SERIES,
    UNIT_TYPES,
    AdoptionRules,
    Metric,
    Request,
    Series,
    SiteConfig,
    Stage,
    Unit,
    main_series_of,
)
from bulletin.validate import fields
from bulletin.validate.fields import FieldContext

UNIT_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")

# Keys site.yaml may carry; later features register theirs here.
SITE_KEYS = {
    "title", "publisher", "marking", "description", "base_url", "kinds", "stages", "metrics",
    "scoring", "distribution", "copies",
    "edition", "review_required", "allow_html",  # publishing safety, docs/publishing.md
    "pdf_fonts",  # the font files of the PDFs, docs/readers.md
    "requests", "show_submitted_titles",  # submissions and adoption, docs/statistics.md
    "series",  # several bulletins in one site (docs/content-format.md)
}
SERIES_KEYS = {"id", "title", "marking", "copies", "distribution", "scoring", "adoption"}
# Series ids name folders (series/<id>/) and URLs: not the main series' own names,
# nor names Windows cannot use for a folder.
RESERVED_SERIES = {MAIN_SERIES, "issues", "series", "con", "prn", "aux", "nul",
                   *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))}
EDITIONS = {"internal": "internal", "内部版": "internal", "内部": "internal",
            "public": "public", "公开版": "public", "公开": "public"}
UNIT_KEYS = {"id", "name", "short", "type", "group", "batch", "since"}


def validate_site(file: YamlFile | None, diags: Diagnostics) -> SiteConfig:
    if file is None:  # load has already said that site.yaml is missing
        return SiteConfig(title="", publisher="")
    data, ctx = file.data, FieldContext(file.source.rel, file.lines, diags)
    for key in data:
        if key not in SITE_KEYS:
            fields.unknown_key(key, ctx)
    site = SiteConfig(
        title=fields.text(data.get("title"), "title", ctx, required=True),
        publisher=fields.text(data.get("publisher"), "publisher", ctx, required=True),
        marking=fields.text(data.get("marking"), "marking", ctx),
        description=fields.text(data.get("description"), "description", ctx),
        base_url=fields.text(data.get("base_url"), "base_url", ctx),
        copies=fields.integer(data.get("copies"), "copies", ctx, minimum=1),
        source=file.source.rel,
    )
    _publishing(site, data, ctx)
    if site.base_url and not site.base_url.lower().startswith(("http://", "https://")):
        ctx.error("E202", "base_url", key="base_url", expected="以 http:// 或 https:// 开头的网址",
                  expected_en="an http:// or https:// address", value=site.base_url)
        site.base_url = ""
    if site.base_url and not site.base_url.endswith("/"):
        site.base_url += "/"
    site.kinds.update(_kinds(data.get("kinds"), ctx))
    site.stages = _stages(data.get("stages"), ctx)
    site.metrics = _metrics(data.get("metrics"), ctx)
    scoring = _mapping(data.get("scoring"), "scoring", ctx)
    if FULL_SCORING_KEYS & set(scoring):
        site.scoring.update(_scoring(scoring.get("kinds"), ctx, "scoring.kinds"))
        site.adoption = _adoption_rules(scoring, ctx)
    else:
        site.scoring.update(_scoring(scoring, ctx))
    site.requests = _requests(data.get("requests"), ctx)
    site.show_submitted_titles = fields.boolean(data.get("show_submitted_titles"), "show_submitted_titles", ctx)
    site.distribution = distribution(data.get("distribution"), "distribution", ctx)
    site.pdf_fonts = _pdf_fonts(data.get("pdf_fonts"), ctx, file.source.path.parent)
    site.series = [main_series_of(site), *_series(data.get("series"), site, ctx)]
    return site


def _pdf_fonts(value: object, ctx: FieldContext, root: Path) -> dict[str, str]:
    """``pdf_fonts: {仿宋: fonts/simfang.ttf, …}``: face → font file, relative to the content folder."""
    faces = _mapping(value, "pdf_fonts", ctx)
    if not faces:
        return {}  # (most sites: the PDF package is not even imported)
    from bulletin.pdf.fonts import FONT_SUFFIXES, ROLE_BY_KEY, ROLES

    chosen: dict[str, str] = {}
    for face, rel in faces.items():
        key = f"pdf_fonts.{face}"
        role = ROLE_BY_KEY.get(str(face).strip())
        if role is None:
            ctx.error("E601", key, face=face, faces="、".join(r.label for r in ROLES),
                      faces_en=", ".join(r.id for r in ROLES))
            continue
        name = fields.text(rel, key, ctx)
        if not name:
            continue
        path = Path(name).expanduser()
        path = path if path.is_absolute() else root / path
        if not path.is_file():
            ctx.error("E600", key, face=role.label, path=name)
        elif not path.name.lower().endswith(FONT_SUFFIXES):
            ctx.error("E602", key, face=role.label, path=name)
        else:
            chosen[role.id] = str(path.resolve())
    return chosen


def _series(value: object, site: SiteConfig, ctx: FieldContext) -> list[Series]:
    """More series besides the main one; each defaults to site.yaml's masthead settings."""
    if value is None:
        return []
    if not isinstance(value, list):
        ctx.error("E266", "series", problem="series 应是列表，每项以“- id:”开头",
                  problem_en="series must be a list of entries starting with '- id:'")
        return []
    found: list[Series] = []
    for i, item in enumerate(value):
        item_ctx = FieldContext(ctx.path, ctx.lines, ctx.diags, prefix=f"series.{i}")
        if not isinstance(item, dict):
            item_ctx.diags.add("E266", ctx.path, ctx.line(f"series.{i}"), problem=f"第{i + 1}项不是“字段: 值”的映射",
                               problem_en=f"entry {i + 1} is not a mapping")
            continue
        series = _one_series(item, site, item_ctx)
        if series is None:
            continue
        first = next((s for s in found if s.id == series.id), None)
        if first is not None:
            item_ctx.error("E261", "id", value=series.id, first=first.line)
            continue
        found.append(series)
    return found


def _one_series(item: dict, site: SiteConfig, ctx: FieldContext) -> Series | None:
    for key in item:
        if key not in SERIES_KEYS:
            ctx.diags.add("W402", ctx.path, ctx.line(key), key=f"series.{key}")
    series_id = fields.text(item.get("id"), "id", ctx, required=True)
    title = fields.text(item.get("title"), "title", ctx, required=True)
    if not series_id or not title:
        return None
    if not UNIT_ID.match(series_id):
        ctx.error("E262", "id", value=series_id, reason="只能用小写英文字母、数字和连字符",
                  reason_en="only lower-case letters, digits and hyphens are allowed")
        return None
    if series_id in RESERVED_SERIES:
        ctx.error("E262", "id", value=series_id, reason="这是保留的名称", reason_en="it is a reserved name")
        return None
    own = distribution(item.get("distribution"), "distribution", ctx)
    scoring = dict(site.scoring)
    scoring.update(_scoring(item.get("scoring"), ctx))
    adoption = item.get("adoption")
    return Series(
        id=series_id, title=title,
        marking=fields.text(item.get("marking"), "marking", ctx) if "marking" in item else site.marking,
        copies=fields.integer(item.get("copies"), "copies", ctx, minimum=1) or site.copies,
        distribution={**site.distribution, **own}, scoring=scoring,
        adoption=True if adoption is None else fields.boolean(adoption, "adoption", ctx),
        folder=f"series/{series_id}", line=ctx.line("id"),
    )


def _publishing(site: SiteConfig, data: dict, ctx: FieldContext) -> None:
    """edition, review_required and allow_html (docs/publishing.md)."""
    site.review_required = fields.boolean(data.get("review_required"), "review_required", ctx)
    site.allow_html = fields.boolean(data.get("allow_html"), "allow_html", ctx)
    word = fields.text(data.get("edition"), "edition", ctx)
    if word:
        edition = EDITIONS.get(word.lower())
        if edition is None:
            ctx.error("E202", "edition", key="edition", expected="internal（内部版）或 public（公开版）",
                      expected_en="internal or public", value=word)
        else:
            site.edition = edition
    if site.edition == "public" and "内部" in site.marking:
        ctx.error("E307", "marking", what=f"site.yaml 的 marking 为“{site.marking}”",
                  what_en=f"site.yaml marking is '{site.marking}'")


def _mapping(value: object, key: str, ctx: FieldContext) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        ctx.error("E202", key, key=key, expected="“字段: 值”的映射", expected_en="a mapping",
                  value=str(value)[:40])
        return {}
    return value


def _kinds(value: object, ctx: FieldContext) -> dict[str, str]:
    labels = {}
    for kind, label in _mapping(value, "kinds", ctx).items():
        if kind not in KINDS:
            ctx.diags.add("E203", ctx.path, ctx.line(f"kinds.{kind}"), value=kind)
        else:
            labels[kind] = fields.text(label, f"kinds.{kind}", ctx) or kind
    return labels


def _stages(value: object, ctx: FieldContext) -> list[Stage]:
    if value is None:
        return []
    if not isinstance(value, list):
        ctx.error("E202", "stages", key="stages", expected="阶段列表", expected_en="a list",
                  value=str(value)[:40])
        return []
    stages: list[Stage] = []
    for i, item in enumerate(value):
        item_ctx = FieldContext(ctx.path, ctx.lines, ctx.diags, prefix=f"stages.{i}")
        if not isinstance(item, dict) or not item.get("id") or not item.get("name"):
            ctx.diags.add("E221", ctx.path, ctx.line(f"stages.{i}"), value=str(item)[:40])
            continue
        stage_id = str(item["id"])
        if any(s.id == stage_id for s in stages) or not UNIT_ID.match(stage_id):
            ctx.diags.add("E221", ctx.path, item_ctx.line("id"), value=stage_id)
            continue
        stages.append(Stage(stage_id, fields.text(item["name"], "name", item_ctx),
                            fields.a_date(item.get("start"), "start", item_ctx),
                            fields.a_date(item.get("end"), "end", item_ctx)))
    return stages


def _metrics(value: object, ctx: FieldContext) -> dict[str, Metric]:
    metrics = {}
    for metric_id, spec in _mapping(value, "metrics", ctx).items():
        item_ctx = FieldContext(ctx.path, ctx.lines, ctx.diags, prefix=f"metrics.{metric_id}")
        if isinstance(spec, dict):
            label = fields.text(spec.get("label"), "label", item_ctx) or metric_id
            unit = fields.text(spec.get("unit"), "unit", item_ctx)
        else:
            label, unit = fields.text(spec, f"metrics.{metric_id}", ctx) or metric_id, ""
        metrics[metric_id] = Metric(metric_id, label, unit)
    return metrics


def _scoring(value: object, ctx: FieldContext, key: str = "scoring") -> dict[str, float]:
    scoring = {}
    for kind, points in _mapping(value, key, ctx).items():
        if kind not in KINDS:
            ctx.diags.add("E203", ctx.path, ctx.line(f"{key}.{kind}"), value=kind)
        elif fields.out_of_range(points):
            ctx.error("E330", f"{key}.{kind}", value=str(points)[:40])
        elif fields.number(points) is None:
            ctx.error("E202", f"{key}.{kind}", key=f"{key}.{kind}", expected="数字",
                      expected_en="a number", value=str(points))
        else:
            scoring[kind] = points
    return scoring


# The keys that make ``scoring`` the full form (docs/statistics.md) rather than points per kind.
FULL_SCORING_KEYS = {"kinds", "outlets", "instructions", "joint", "quota", "missed_request", "last_place"}
JOINT = {"split": "split", "均分": "split", "full": "full", "全分": "full"}
QUOTA_PERIODS = ("week", "month", "quarter", "year")


def _adoption_rules(scoring: dict, ctx: FieldContext) -> AdoptionRules:
    rules = AdoptionRules()
    for key in scoring:
        if key not in FULL_SCORING_KEYS:
            ctx.diags.add("W402", ctx.path, ctx.line(f"scoring.{key}"), key=f"scoring.{key}")
    rules.outlets = _points(scoring.get("outlets"), "scoring.outlets", ctx)
    rules.instructions = _points(scoring.get("instructions"), "scoring.instructions", ctx)
    joint = fields.text(scoring.get("joint"), "scoring.joint", ctx)
    if joint and joint not in JOINT:
        ctx.error("E202", "scoring.joint", key="scoring.joint", expected="split（均分）或 full（各计全分）",
                  expected_en="split or full", value=joint)
    rules.joint = JOINT.get(joint, "full")
    for key in ("missed_request", "last_place"):
        value = scoring.get(key)
        if value is None:
            continue
        if fields.number(value) is None or (key == "last_place" and (not isinstance(value, int) or value < 1)):
            ctx.error("E202", f"scoring.{key}", key=f"scoring.{key}",
                      expected="数字" if key == "missed_request" else "不小于1的整数",
                      expected_en="a number" if key == "missed_request" else "a whole number ≥ 1", value=str(value))
        else:
            setattr(rules, key, value)
    _quota(scoring.get("quota"), rules, ctx)
    return rules


def _points(value: object, key: str, ctx: FieldContext) -> dict[str, float]:
    points = {}
    for name, number in _mapping(value, key, ctx).items():
        if fields.number(number) is None:
            ctx.error("E202", f"{key}.{name}", key=f"{key}.{name}", expected="数字", expected_en="a number",
                      value=str(number))
        else:
            points[str(name)] = number
    return points


def _quota(value: object, rules: AdoptionRules, ctx: FieldContext) -> None:
    """``quota: {period: month, county: 4, department: 2}``: items per period by unit type."""
    quota = _mapping(value, "scoring.quota", ctx)
    if not quota:
        return
    period = fields.text(quota.get("period"), "scoring.quota.period", ctx) or "month"
    if period not in QUOTA_PERIODS:
        ctx.error("E202", "scoring.quota.period", key="scoring.quota.period",
                  expected="week、month、quarter 或 year", expected_en="week, month, quarter or year", value=period)
        return
    rules.quota_period = period
    for unit_type, count in quota.items():
        if unit_type == "period":
            continue
        if unit_type not in UNIT_TYPES:
            ctx.error("E220", f"scoring.quota.{unit_type}", value=unit_type)
        elif isinstance(count, bool) or not isinstance(count, int) or count < 0:
            ctx.error("E202", f"scoring.quota.{unit_type}", key=f"scoring.quota.{unit_type}",
                      expected="不小于0的整数", expected_en="a whole number ≥ 0", value=str(count))
        else:
            rules.quota[unit_type] = count


def _requests(value: object, ctx: FieldContext) -> list[Request]:
    """``requests``: the 约稿, each ``{id, title, units: all | [ids], due}``."""
    if value is None:
        return []
    if not isinstance(value, list):
        ctx.error("E202", "requests", key="requests", expected="约稿列表", expected_en="a list",
                  value=str(value)[:40])
        return []
    requests: list[Request] = []
    for i, item in enumerate(value):
        item_ctx = FieldContext(ctx.path, ctx.lines, ctx.diags, prefix=f"requests.{i}")
        if not isinstance(item, dict):
            ctx.diags.add("E515", ctx.path, ctx.line(f"requests.{i}"), value=str(item)[:40])
            continue
        request_id = fields.text(item.get("id"), "id", item_ctx)
        due = fields.a_date(item.get("due"), "due", item_ctx)
        if not request_id or due is None or any(r.id == request_id for r in requests):
            ctx.diags.add("E515", ctx.path, ctx.line(f"requests.{i}"), value=request_id or str(item)[:40])
            continue
        units = item.get("units", "all")
        unit_words = None if units in ("all", "全部", None) else fields.string_list(units, "units", item_ctx)
        requests.append(Request(request_id, fields.text(item.get("title"), "title", item_ctx) or request_id, due,
                                None if unit_words is None else tuple(unit_words)))
    return requests


def distribution(value: object, key: str, ctx: FieldContext) -> dict[str, list[str]]:
    """报/送/发 lists: ``{报: [市委常委, …]}``; a single string is one name."""
    result = {}
    for who, names in _mapping(value, key, ctx).items():
        result[str(who)] = fields.string_list(names, f"{key}.{who}", ctx)
    return result


def validate_units(file: YamlFile | None, diags: Diagnostics) -> list[Unit]:
    if file is None:
        return []
    ctx = FieldContext(file.source.rel, file.lines, diags)
    items = file.data.get("units")
    if not isinstance(items, list):
        ctx.error("E202", "units", key="units", expected="单位列表", expected_en="a list of units",
                  value=str(items)[:40])
        return []
    units: list[Unit] = []
    for i, item in enumerate(items):
        item_ctx = FieldContext(ctx.path, ctx.lines, diags, prefix=f"units.{i}")
        if not isinstance(item, dict):
            ctx.error("E202", f"units.{i}", key="units", expected="“id: …”等字段",
                      expected_en="a mapping", value=str(item)[:40])
            continue
        unit = _unit(item, item_ctx)
        if unit is None:
            continue
        if any(u.id == unit.id for u in units):
            item_ctx.error("E214", "id", value=unit.id)
            continue
        units.append(unit)
    return units


def _unit(item: dict, ctx: FieldContext) -> Unit | None:
    for key in item:
        if key not in UNIT_KEYS:
            fields.unknown_key(key, ctx)
    unit_id = fields.text(item.get("id"), "id", ctx, required=True)
    name = fields.text(item.get("name"), "name", ctx, required=True)
    if not unit_id:
        return None
    if not UNIT_ID.match(unit_id):
        ctx.error("E213", "id", value=unit_id)
        return None
    unit_type = fields.text(item.get("type"), "type", ctx) or "other"
    if unit_type not in UNIT_TYPES:
        ctx.error("E220", "type", value=unit_type)
    return Unit(
        id=unit_id, name=name or unit_id,
        short=fields.text(item.get("short"), "short", ctx),
        type=unit_type if unit_type in UNIT_TYPES else "other",
        group=fields.text(item.get("group"), "group", ctx),
        batch=fields.integer(item.get("batch"), "batch", ctx, minimum=1),
        since=fields.a_date(item.get("since"), "since", ctx),
    )
