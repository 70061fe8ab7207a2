"""The statistics pages and files: the feature ``stats`` (render/feature.py).

Pages: ``stats/index.html`` (the whole campaign's ranking), one overview and
one page per period for years, stages and months, and ``stats/figures.html``
(all units side by side and the campaign totals). Files: the same tables as
CSV and every chart as an SVG file, for pasting into Word reports.
"""

from __future__ import annotations

import hashlib
from functools import cache, partial
from pathlib import Path

from bulletin.cache.store import Memo
from bulletin.model.entities import Unit
from bulletin.model.library import Library
from bulletin.render.feature import Feature
from bulletin.render.inputs import fingerprint
from bulletin.render.outputs import OutputFile
from bulletin.render.plan import Generated, NavItem, PageExtra, PageSpec
from bulletin.router import Router
from bulletin.stats.cache import per_library, use_memo
from bulletin.stats.campaign import PAGE_PERIODS, campaign_stats
from bulletin.stats.charts import Chart, all_charts, group_chart_id, latest_chart_id, total_chart_id
from bulletin.stats.export import figures_csv, rankings_csv, totals_csv
from bulletin.stats.inputs import period_inputs, statistics_inputs
from bulletin.stats.notice import NoticeContent, notice_content
from bulletin.stats.notice_frozen import remembered_template
from bulletin.stats.periods import PERIOD_LABELS, Period, periods
from bulletin.stats.rankings import Ranking, group_of
from bulletin.stats.tokens import CHART, figure_tokens, notice_key, period_key, remembered_tokens, unit_key
from bulletin.stats.unit import unit_stats

FEATURE = "stats"

PERIOD_PAGES = ("year", "stage", "quarter", "month")  # kinds with an overview and one page per period
NOTICE_PAGES = ("quarter", "month")  # kinds whose 通报 the site carries, as a page and as .docx
SVG_HEADER = '<?xml version="1.0" encoding="utf-8"?>\n'


def csv_files(lib: Library) -> list[tuple[str, str]]:
    """(name, what it holds) of every CSV file, as listed on the statistics page."""
    stats = campaign_stats(lib)
    files = [(f"rankings-{kind}", f"{PERIOD_LABELS[kind]}排行") for kind in PAGE_PERIODS if stats.rankings[kind]]
    if stats.comparisons:
        files += [("figures", "各单位历次指标"), ("totals", "全市指标合计")]
    return files


class StatsFeature(Feature):
    """Rankings and figures: their pages and files, the menu entry, and on every unit
    page its charts (inside the figures section) and its rank history (below it)."""

    name = FEATURE

    def __init__(self) -> None:
        self.memo: Memo | None = None

    def use_cache(self, memo: Memo | None) -> None:
        self.memo = memo

    def plan(self, lib: Library, router: Router) -> list[PageSpec]:
        return plan(lib, router, self._tokens(lib))

    def _tokens(self, lib: Library) -> dict[str, str] | None:
        """Each page's figures as a fingerprint (stats/tokens.py); None without a build cache:
        nothing is compared with a last build then, and the statistics are not computed
        before a page asks for them (``check`` plans the pages without rendering any)."""
        if self.memo is None:
            return None
        use_memo(lib, self.memo)
        return remembered_tokens(lib, self.memo, partial(page_tokens, lib))

    def generated(self, lib: Library, router: Router, root: Path) -> list[Generated]:
        # Unchanged statistics inputs: the CSV and SVG files of the last build are kept.
        tokens = self._tokens(lib)
        if tokens is None:
            return [Generated(FEATURE, partial(outputs, lib, router), statistics_inputs(lib))]
        # With the build cache each chart is a group of its own, kept by what it is drawn from: a
        # new issue changes a few of 200 charts (3.5 MB of SVG at 10,000 articles).
        charts = [(key.removeprefix(CHART), token) for key, token in tokens.items() if key.startswith(CHART)]
        # So is each 通报 .docx, kept by its page's token (which covers all the document says): a
        # new issue changes two of 157, which are then neither read back nor compared with the site's.
        notices = [period for kind in NOTICE_PAGES for period in periods(lib, kind)]
        return [Generated(FEATURE, partial(outputs, lib, router, with_charts=False, with_notices=False),
                          statistics_inputs(lib)),
                *(Generated(f"{FEATURE}-{chart_id}", partial(chart_file, lib, router, chart_id), token,
                            [router.stats_chart(chart_id)]) for chart_id, token in charts),
                *(Generated(f"{FEATURE}-{notice_key(period)}", partial(notice_file, lib, router, period),
                            tokens.get(notice_key(period)), [router.stats_notice_docx(period)]) for period in notices)]

    def nav_items(self, router: Router) -> list[NavItem]:
        return [NavItem("统计", router.stats_index, "menu")]

    def unit_extras(self, lib: Library, unit: Unit) -> list[PageExtra]:
        tokens = self._tokens(lib)
        inputs = [statistics_inputs(lib) if tokens is None else tokens[unit_key(unit)]]
        context = cache(partial(_unit_context, lib, unit))  # one computation for both extras
        return [PageExtra("figures", "stats/unit_charts.html", inputs, context),
                PageExtra("after", "stats/unit_history.html", inputs, context)]


def _unit_context(lib: Library, unit: Unit) -> dict:
    return {"unit_stats": unit_stats(lib, unit)}


def page_tokens(lib: Library) -> dict[str, str]:
    """The figures each period page, 通报 page and unit page shows, as fingerprints."""
    stats = campaign_stats(lib)
    kinds = [kind for kind in PERIOD_PAGES if stats.rankings[kind]]
    frame = fingerprint(kinds, csv_files(lib), [repr(u) for u in lib.units])
    return figure_tokens(lib, kinds, NOTICE_PAGES, frame, partial(remembered_notice, lib))


def remembered_notice(lib: Library, ranking: Ranking) -> NoticeContent:
    """A period's 通报, made once per build for its page, its .docx and its fingerprint."""
    return per_library(lib, f"notice:{ranking.period.kind}:{ranking.period.key}",
                       lambda: notice_content(lib, ranking))


def plan(lib: Library, router: Router, tokens: dict[str, str] | None = None) -> list[PageSpec]:
    """The pages and their paths need only the periods; rankings and charts are made
    (once, see stats/cache.py) when a page is rendered, which an edit that leaves the
    statistics alone never asks for. With ``tokens`` (stats/tokens.py) a period's page and
    its 通报 are fingerprinted by their own figures, else by all the statistics' inputs."""
    inputs = [statistics_inputs(lib)]
    pages = [PageSpec(router.stats_index, "stats/index.html", {}, inputs, lazy=partial(index_context, lib)),
             PageSpec(router.stats_figures, "stats/figures.html", {}, inputs,
                      lazy=partial(figures_page_context, lib))]
    by_kind = {kind: periods(lib, kind) for kind in PERIOD_PAGES}  # one ranking per period: stats.rankings[kind]
    kinds = [kind for kind in PERIOD_PAGES if by_kind[kind]]  # the menu: period_kinds
    for kind in kinds:
        kind_periods = by_kind[kind]
        pages.append(PageSpec(router.stats_periods(kind), "stats/periods.html", {}, inputs,
                              lazy=partial(periods_context, lib, kind)))
        for i, period in enumerate(kind_periods):
            previous = kind_periods[i - 1] if i > 0 else None
            following = kind_periods[i + 1] if i + 1 < len(kind_periods) else None
            period_input = period_inputs(lib, period, previous, following, kinds)
            shown = [period_input] if tokens is None else [tokens[period_key(period)]]
            pages.append(PageSpec(router.stats_period(period), "stats/period.html", {}, shown,
                                  lazy=partial(period_context, lib, kind, i)))
            if kind in NOTICE_PAGES:
                shown = [period_input] if tokens is None else [tokens[notice_key(period)]]
                pages.append(PageSpec(router.stats_notice(period), "stats/notice.html", {}, shown,
                                      lazy=partial(notice_page_context, lib, kind, i)))
    return pages


def common_context(lib: Library) -> dict:
    """What every statistics page shows."""
    def make() -> dict:
        stats = campaign_stats(lib)
        return {"stats": stats, "period_kinds": [k for k in PERIOD_PAGES if stats.rankings[k]],
                "notice_kinds": NOTICE_PAGES,
                "period_labels": PERIOD_LABELS, "csv_files": csv_files(lib),
                "unit_names": {u.id: u.name for u in lib.units}}
    return per_library(lib, "page-context", make)


def index_context(lib: Library) -> dict:
    stats = campaign_stats(lib)
    latest = {kind: stats.rankings[kind][-1] for kind in PERIOD_PAGES if stats.rankings[kind]}
    # 至…刊发: the dates of the issues that carried the articles, not the articles' own dates
    issued = (lib.issues[0].date, lib.issues[-1].date) if lib.issues else None
    return {**common_context(lib), "ranking": stats.overall, "latest": latest, "group_charts": group_charts(lib),
            "issued": issued}


def group_charts(lib: Library) -> list[tuple[str, list]]:
    """Per group (系统): its adoption and 采用率 per month, as charts."""
    charts = all_charts(lib)
    found = []
    for group in dict.fromkeys(group_of(u) for u in lib.units):
        drawn = [charts[c] for c in (group_chart_id(group, "adopted"), group_chart_id(group, "rate")) if c in charts]
        if drawn:
            found.append((group, drawn))
    return found


def figures_page_context(lib: Library) -> dict:
    return {**common_context(lib), **figures_context(lib)}


def periods_context(lib: Library, kind: str) -> dict:
    all_rankings = campaign_stats(lib).rankings[kind]
    return {**common_context(lib), "kind": kind, "rankings": all_rankings,
            "matrix": period_matrix(lib, all_rankings)}


def period_context(lib: Library, kind: str, i: int) -> dict:
    all_rankings = campaign_stats(lib).rankings[kind]
    return {**common_context(lib), "kind": kind, "ranking": all_rankings[i],
            "previous": all_rankings[i - 1].period if i > 0 else None,
            "next": all_rankings[i + 1].period if i + 1 < len(all_rankings) else None}


def notice_page_context(lib: Library, kind: str, i: int) -> dict:
    ranking = campaign_stats(lib).rankings[kind][i]
    return {**common_context(lib), "kind": kind, "ranking": ranking, "notice": remembered_notice(lib, ranking)}


def figures_context(lib: Library) -> dict:
    stats = campaign_stats(lib)
    charts = all_charts(lib)
    return {
        "comparisons": [(c, charts[latest_chart_id(c.metric.id)]) for c in stats.comparisons],
        "totals": [(t, charts.get(total_chart_id(t.metric.id))) for t in stats.totals],
    }


def period_matrix(lib: Library, all_rankings: list[Ranking]) -> list[tuple[str, list]]:
    """Units (grouped by 系统) × periods: each unit's standing in every period, and its totals."""
    groups: dict[str, list] = {}
    for unit in lib.units:
        row = [r.of(unit.id) for r in all_rankings]
        totals = {"submitted": sum(s.submitted for s in row if s.status == "joined"),
                  "adopted": sum(s.adopted for s in row if s.status == "joined")}
        groups.setdefault(group_of(unit), []).append((unit, row, totals))
    return list(groups.items())


def chart_file(lib: Library, router: Router, chart_id: str, memo: Memo | None = None) -> list[OutputFile]:
    return [_chart_output(router, all_charts(lib)[chart_id])]


def _chart_output(router: Router, chart: Chart) -> OutputFile:
    return OutputFile(router.stats_chart(chart.id), (SVG_HEADER + chart.svg + "\n").encode("utf-8"))


def notice_file(lib: Library, router: Router, period: Period, memo: Memo | None = None) -> list[OutputFile]:
    """One period's 通报 as .docx."""
    ranking = next(r for r in campaign_stats(lib).rankings[period.kind] if r.period == period)
    return [OutputFile(router.stats_notice_docx(period), _remembered_docx(lib, [ranking], memo)[0])]


def outputs(lib: Library, router: Router, memo: Memo | None = None, with_charts: bool = True,
            with_notices: bool = True) -> list[OutputFile]:
    """The CSV files, (``with_notices``) every 通报 .docx and (``with_charts``) every chart's SVG file."""
    stats = campaign_stats(lib)
    files = [OutputFile(router.stats_csv(f"rankings-{kind}"), rankings_csv(lib, stats.rankings[kind]))
             for kind in PAGE_PERIODS if stats.rankings[kind]]
    if stats.comparisons:
        files.append(OutputFile(router.stats_csv("figures"), figures_csv(lib, stats.series)))
        files.append(OutputFile(router.stats_csv("totals"), totals_csv(stats.totals)))
    if with_charts:
        files += [_chart_output(router, chart) for chart in all_charts(lib).values()]
    notices = [(router.stats_notice_docx(r.period), r) for kind in NOTICE_PAGES for r in stats.rankings[kind]
               if with_notices]
    documents = _remembered_docx(lib, [ranking for _, ranking in notices], memo)
    files += [OutputFile(path, data) for (path, _), data in zip(notices, documents, strict=True)]
    return files


def _remembered_docx(lib: Library, rankings: list[Ranking], memo: Memo | None) -> list[bytes]:
    """Each 通报 as .docx; one whose content is unchanged comes from the build cache: python-docx is slow.
    (A new python-docx empties the whole cache, cache/store.py library_versions: asking its version
    here would import importlib.metadata on every build that makes the statistics files.)"""
    keys = [_docx_key(lib, ranking) for ranking in rankings]
    found = [memo.get("notice-docx", key) if memo is not None else None for key in keys]
    missing = [i for i, data in enumerate(found) if data is None]
    contents = [remembered_notice(lib, rankings[i]) for i in missing]
    for i, data in zip(missing, _make_docx(lib, contents, memo), strict=True):
        found[i] = data
        if memo is not None:
            memo.put("notice-docx", keys[i], data)
    return [data for data in found if data is not None]


def _docx_key(lib: Library, ranking: Ranking) -> str:
    """A 通报's .docx by what it is made from: its ranking's inputs when the build cache counted it
    (stats/ranking_cache.py: site.yaml, units, items and issues; the 通报 need not be made to
    know it is unchanged), else its content."""
    made_from = ranking.made_from
    shown = ("ranking", made_from) if made_from else remembered_notice(lib, ranking)
    return hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()


def _make_docx(lib: Library, contents: list[NoticeContent], memo: Memo | None) -> list[bytes]:
    """The documents, in order, from the prepared template's frozen form, which the build cache keeps:
    a build that has it does not import python-docx (stats/notice_frozen.py)."""
    if not contents:
        return []
    frozen = per_library(lib, "notice-template", lambda: remembered_template(memo))  # read once per build
    return [frozen.docx(content) for content in contents]
