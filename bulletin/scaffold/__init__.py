"""Start a new issue or article with the front matter filled in (``python build.py new``).

The office should not have to remember field names: ``new_issue`` makes the
next issue folder with its ``issue.md``; ``new_article`` makes the next
numbered article of an issue for one unit, with the metrics of site.yaml
listed for progress reports. New articles are drafts (``draft: true``) so
that a half-written text is never published. Nothing is ever overwritten.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bulletin.errors import Diagnostics
from bulletin.load import load_content
from bulletin.load.sources import folder_number
from bulletin.model.entities import KINDS, Series, SiteConfig, Unit
from bulletin.validate import fields
from bulletin.validate.documents import AUTHOR_NOTE, PLACEHOLDER_TITLE, UnitLookup
from bulletin.validate.site import validate_site, validate_units

_PREFIX = re.compile(r"^(\d+)")
_PLAIN = re.compile(r"^[^\s\"'#:{}\[\],&*!|>%@`?-][^#:\"]*$")


@dataclass
class Settings:
    """What a new file needs from site.yaml and units.yaml."""

    site: SiteConfig
    units: list[Unit]
    series: list[dict] = field(default_factory=list)  # site.yaml's ``series`` entries, as written


def read_settings(content: Path, diags: Diagnostics) -> Settings | None:
    """site.yaml and units.yaml only; problems in other files do not stop ``new``."""
    everything = Diagnostics()
    raw = load_content(Path(content), everything)
    if raw.site is None:
        diags.extend(d for d in everything.items if d.code == "E222" or d.path in ("site.yaml", "units.yaml"))
        if not diags.errors:
            diags.add("E222", str(content), path=str(content))
        return None
    diags.extend(d for d in everything.errors if d.path in ("site.yaml", "units.yaml"))
    site = validate_site(raw.site, diags)
    units = validate_units(raw.units, diags)
    series = raw.site.data.get("series")
    listed = [item for item in series if isinstance(item, dict)] if isinstance(series, list) else []
    return None if diags.errors else Settings(site, units, listed)


# -- issues -------------------------------------------------------------------

def issue_folders(content: Path, year: int, series: Series | None = None,
                  supplement: bool = False) -> dict[int, Path]:
    """The issue folders (or supplement folders, ``s1``) of ``year`` in a series, by
    number (``3`` and ``003``, ``s1`` and ``s01`` are the same); the main series by default."""
    year_dir = Path(content) / (series.folder if series else "issues") / str(year)
    if not year_dir.is_dir():
        return {}
    found = {}
    for path in sorted(year_dir.iterdir()):
        number = folder_number(path.name) if path.is_dir() else None
        if number is not None and number[1] == supplement:
            found[number[0]] = path
    return found


def new_issue(content: Path, day: date, diags: Diagnostics, year: int | None = None,
              number: int | None = None, series: Series | None = None, supplement: bool = False) -> Path | None:
    """Create ``issues/<year>/<NNN>/issue.md`` (``series/<id>/…`` for another series,
    ``…/s<NN>/`` for a supplement); the next number unless ``number`` is given."""
    year = year or day.year
    folders = issue_folders(content, year, series, supplement)
    number = number or max(folders, default=0) + 1
    name = f"s{number:02d}" if supplement else f"{number:03d}"
    folder = folders.get(number) or Path(content) / (series.folder if series else "issues") / str(year) / name
    return _create(folder / "issue.md", issue_text(day, supplement), content, diags)


def issue_text(day: date, supplement: bool = False) -> str:
    title = ("# title: 增刊名称；增刊单独编号为增刊第N期，不计入总期号（不要写 total）\n" if supplement
             else "# title: 专刊名称（只有专刊才写）\n")
    return (
        "---\n"
        f"date: {day.isoformat()}\n"
        "# 以下各项按需填写，不用的可以删除：\n"
        f"{title}"
        "# editor: 责任编辑\n"
        "# approver: 签发人\n"
        "# copies: 120\n"
        "---\n"
        "\n"
    )


# -- articles -----------------------------------------------------------------

def new_article(content: Path, settings: Settings, kind: str, year: int, number: int, unit_word: str,
                diags: Diagnostics, title: str = "", series: Series | None = None,
                supplement: bool = False) -> Path | None:
    """Create the next numbered article ``NN-<unit>.md`` in issue ``year``/``number``."""
    folder = issue_folders(content, year, series, supplement).get(number)
    if folder is None:
        name = f"s{number:02d}" if supplement else f"{number:03d}"
        diags.add("E115", f"{series.folder if series else 'issues'}/{year}/{name}", year=year, number=number)
        return None
    unit_id = UnitLookup(settings.units).resolve(unit_word.strip())
    if unit_id is None:
        zh, en = fields.suggestion(unit_word, [u.id for u in settings.units])
        diags.add("E204", "units.yaml", value=unit_word, suggestion=zh, suggestion_en=en)
        return None
    path = folder / f"{next_article_number(folder):02d}-{unit_id}.md"
    return _create(path, article_text(settings.site, kind, unit_id, title), content, diags)


def next_article_number(folder: Path) -> int:
    articles = [p for p in folder.glob("*.md") if p.name != "issue.md"]
    prefixes = [int(m.group(1)) for p in articles if (m := _PREFIX.match(p.name))]
    return max([len(articles), *prefixes]) + 1


def article_text(site: SiteConfig, kind: str, unit_id: str, title: str = "") -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind}")
    lines = [
        "---",
        f"title: {yaml_text(title or PLACEHOLDER_TITLE)}",
        f"kind: {kind}    # {site.kinds.get(kind, kind)}",
        f"units: [{unit_id}]",
        "# date: 稿件日期，不写则为本期印发日期，例如 2011-03-05",
        f"author:    {AUTHOR_NOTE}",
        "tags: []    # 标签，例如 [行动学习, 中心组学习]",
    ]
    if kind == "progress" and site.metrics:
        lines.append("metrics:    # 请把 0 改为实际数字，不带单位")
        for metric in site.metrics.values():
            unit = f"（{metric.unit}）" if metric.unit else ""
            lines.append(f"  {metric.id}: 0    # {metric.label}{unit}")
    lines += ["draft: true    # 草稿：定稿后删除这一行才会发布", "---", "", ""]
    return "\n".join(lines)


def yaml_text(value: str) -> str:
    """A one-line YAML string: plain when that is safe, otherwise double-quoted."""
    value = " ".join(value.split())
    return value if _PLAIN.match(value) else json.dumps(value, ensure_ascii=False)


def _create(path: Path, text: str, content: Path, diags: Diagnostics) -> Path | None:
    """Write a new file; an existing one is never touched (E116)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        diags.add("E116", path.relative_to(content).as_posix(), target=path.relative_to(content).as_posix())
        return None
    return path
