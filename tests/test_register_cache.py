"""The checked register rows come from the build cache only while the register, site.yaml and
units.yaml are unchanged; shares of joint items are summed exactly in whole scaled points."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from fractions import Fraction
from pathlib import Path

from bulletin.cache import CacheStore
from bulletin.errors import Diagnostics
from bulletin.pipeline import check
from bulletin.stats.adoption import events, point_scale
from bulletin.stats.rankings import rankings
from tests.register_fixture import write_register_site


def checked(content: Path, cache: Path):
    store = CacheStore(cache)
    try:
        lib, diags = check(content, memo=store, markdown=False)
        store.commit(prune=False)
        return lib, diags
    finally:
        store.close()


def cached_spaces(cache: Path) -> set[str]:
    with sqlite3.connect(cache / "build.sqlite") as db:
        return {row[0] for row in db.execute("SELECT DISTINCT space FROM entries")}


def codes(diags: Diagnostics) -> list[tuple[str, str, int]]:
    return sorted((d.code, d.path, d.line) for d in diags.items)


def test_an_unchanged_register_comes_from_the_cache_with_its_messages(tree, tmp_path: Path) -> None:
    content = write_register_site(tree)
    register = content / "submissions/2011上半年.csv"
    register.write_bytes(register.read_bytes() + "X-9,2011-03-02,无此单位,一条有错的登记,,,,,\r\n".encode("gbk"))
    first, first_diags = checked(content, tmp_path / "cache")
    assert first is None and ("E504", "submissions/2011上半年.csv", 6) in codes(first_diags)
    assert "register" in cached_spaces(tmp_path / "cache")
    again, again_diags = checked(content, tmp_path / "cache")
    assert codes(again_diags) == codes(first_diags)

    register.write_bytes(register.read_bytes().replace("无此单位".encode("gbk"), "平河区".encode("gbk")))
    fixed, fixed_diags = checked(content, tmp_path / "cache")
    assert fixed is not None, codes(fixed_diags)
    assert "X-9" in [s.key for s in fixed.submissions]
    clean, _ = check(content, markdown=False)
    assert clean is not None and fixed.submissions == clean.submissions


def test_a_units_yaml_or_site_yaml_edit_checks_the_rows_again(tree, tmp_path: Path) -> None:
    content = write_register_site(tree)
    lib, _ = checked(content, tmp_path / "cache")
    assert lib is not None
    # X-2 names 平河 by its short name: without it the row names an unknown unit.
    units = content / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8").replace("short: 平河, ", ""), encoding="utf-8")
    lib, diags = checked(content, tmp_path / "cache")
    assert lib is None and ("E504", "submissions/2011上半年.csv", 3) in codes(diags)
    units.write_text(units.read_text(encoding="utf-8").replace("name: 平河区,", "name: 平河区, short: 平河,"),
                     encoding="utf-8")
    assert checked(content, tmp_path / "cache")[0] is not None
    # X-6 was adopted by 市委办《每日要情》: an outlet site.yaml no longer lists is E506.
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("市委办《每日要情》: 10, ", ""), encoding="utf-8")
    lib, diags = checked(content, tmp_path / "cache")
    assert lib is None and "E506" in {code for code, _, _ in codes(diags)}


def test_thirds_of_half_points_add_up_exactly_and_tie(tree) -> None:
    content = write_register_site(tree)
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("briefing: 1,", "briefing: 0.5,"), encoding="utf-8")
    for n in (1, 2, 3):  # three joint briefings of three units: 0.5 / 3 each, three times = 0.5
        tree.article(f"issues/2011/002/0{n + 2}-trio.md", f"""
            title: 三地联合信息之{n}
            kind: briefing
            units: [gongxin, weisheng, lanxi]
        """)
    tree.article("issues/2011/002/06-pinghe.md", """
        title: 平河区单独一条
        kind: briefing
        units: [pinghe]
    """)
    lib, diags = check(content)
    assert lib is not None, [d.format() for d in diags.errors]
    scale = point_scale(lib)
    assert scale % 6 == 0  # halves, shared by two and by three units
    assert all(isinstance(e.amount, int) for e in events(lib))
    march = next(r for r in rankings(lib, "month") if r.period.key == "2011-03")
    # in March: gongxin only the three sixths, pinghe its single half: tied at exactly 0.5, one rank
    # shared; lanxi the three sixths and X-5 (0.5): exactly 1
    figures = {s.unit_id: (s.points, s.rank) for s in march.standings}
    assert figures["gongxin"] == figures["pinghe"] == (0.5, 3)
    assert figures["lanxi"] == (1, 2)
    pinghe = [e for e in events(lib) if e.unit_id == "pinghe" and e.field == "points" and e.day.month == 3]
    assert Fraction(sum(e.amount for e in pinghe), scale) == Fraction(1, 2)


def test_matches_come_from_the_cache_until_an_article_title_changes(tree, tmp_path: Path) -> None:
    content = write_register_site(tree)

    def adopted(lib) -> dict[str, str]:
        return {a.source: a.adopts for a in lib.articles}

    first, _ = checked(content, tmp_path / "cache")
    assert first is not None and adopted(first)["issues/2011/001/01-yudong.md"] == "X-1"
    assert "register-matches" in cached_spaces(tmp_path / "cache")
    again, _ = checked(content, tmp_path / "cache")
    assert again is not None and adopted(again) == adopted(first)

    # a new title: the article no longer matches X-1 by title and counts as an item of its own
    article = content / "issues/2011/001/01-yudong.md"
    article.write_text(article.read_text(encoding="utf-8").replace("玉东新区开展集中学习", "玉东新区集中学习再部署"),
                       encoding="utf-8")
    edited, _ = checked(content, tmp_path / "cache")
    clean, _ = check(content, markdown=False)
    assert edited is not None and clean is not None
    assert adopted(edited)["issues/2011/001/01-yudong.md"] == ""
    assert adopted(edited) == adopted(clean)


def test_title_keys_come_from_the_cache_and_a_new_title_is_folded(tree, tmp_path: Path, monkeypatch) -> None:
    """The titles' folded keys are kept in the build cache (a title's key depends on it alone): a
    new article folds its own title only, and still adopts the row whose title it matches."""
    from bulletin.validate import register

    content = write_register_site(tree)
    first, _ = checked(content, tmp_path / "cache")
    assert first is not None and "register-title-keys" in cached_spaces(tmp_path / "cache")
    folded: list[str] = []
    title_key = register.title_key
    monkeypatch.setattr(register, "title_key", lambda title: folded.append(title) or title_key(title))
    tree.issue(2011, "003", "date: 2011-04-12\n")
    tree.article("issues/2011/003/01-yudong.md", """
        title: 玉东新区 二月学习动态！
        kind: briefing
        units: [yudong]
        date: 2011-04-08
    """)
    again, _ = checked(content, tmp_path / "cache")
    assert folded == ["玉东新区 二月学习动态！"]
    clean, _ = check(content, markdown=False)
    assert again is not None and clean is not None
    assert {a.source: a.adopts for a in again.articles} == {a.source: a.adopts for a in clean.articles}
    assert {a.source: a.adopts for a in again.articles}["issues/2011/003/01-yudong.md"] == "X-7"


def test_an_unchanged_xlsx_is_not_parsed_again_and_a_changed_one_is(tree, tmp_path: Path, monkeypatch) -> None:
    """openpyxl reads a register file once per content (load/register.py GRID_SPACE): a 10,000-row
    .xlsx costs about 0.4 s to read, on every build otherwise."""
    import openpyxl

    from tests.register_fixture import XLSX_HEADER, XLSX_ROWS, write_xlsx

    content = write_register_site(tree)
    opened: list[object] = []
    load_workbook = openpyxl.load_workbook

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(args)
        return load_workbook(*args, **kwargs)
    monkeypatch.setattr(openpyxl, "load_workbook", counted)
    first, _ = checked(content, tmp_path / "cache")
    again, _ = checked(content, tmp_path / "cache")
    assert len(opened) == 1 and first is not None and again is not None
    assert again.submissions == first.submissions
    changed = [row[:2] + [datetime(2011, 2, 20)] + row[3:] if row[3] == "X-7" else row for row in XLSX_ROWS]
    write_xlsx(content / "submissions/2011补充.xlsx", XLSX_HEADER, changed)
    third, _ = checked(content, tmp_path / "cache")
    assert len(opened) == 2 and third is not None
    assert next(s.day for s in third.submissions if s.key == "X-7") == date(2011, 2, 20)
    clean, _ = check(content, markdown=False)
    assert clean is not None and third.submissions == clean.submissions


def _spaces_read(monkeypatch) -> list[str]:
    """The build cache's spaces read from now on."""
    read: list[str] = []
    get = CacheStore.get
    monkeypatch.setattr(CacheStore, "get", lambda self, space, key: read.append(space) or get(self, space, key))
    return read


def test_the_cells_of_an_unchanged_register_are_read_only_when_its_rows_are_checked_again(
        tree, tmp_path: Path, monkeypatch) -> None:
    """A rebuild whose register checks come from the cache does not unpickle the cells of its
    10,000 rows; when site.yaml changes, the rows are checked again from the cached cells (not
    parsed again) and give what a clean check gives."""
    content = write_register_site(tree)
    first, _ = checked(content, tmp_path / "cache")
    read = _spaces_read(monkeypatch)
    again, _ = checked(content, tmp_path / "cache")
    assert first is not None and again is not None
    assert "register" in read and "register-grid" not in read
    assert again.submissions == first.submissions
    import openpyxl
    opened: list[object] = []
    load_workbook = openpyxl.load_workbook
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: opened.append(a) or load_workbook(*a, **k))
    read.clear()
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("briefing: 1,", "briefing: 0.5,"), encoding="utf-8")
    third, _ = checked(content, tmp_path / "cache")
    assert read.count("register-grid") == 2 and not opened  # the .csv's and the .xlsx's, from the cache
    clean, _ = check(content, markdown=False)
    assert third is not None and clean is not None and third.submissions == clean.submissions


def test_an_empty_register_is_reported_on_every_build(tree, tmp_path: Path) -> None:
    content = write_register_site(tree)
    (content / "submissions/2011上半年.csv").write_bytes(b"\xef\xbb\xbf\r\n,,,\r\n")
    for _ in range(2):
        _, diags = checked(content, tmp_path / "cache")
        assert ("W460", "submissions/2011上半年.csv", 0) in codes(diags)


def _adopting(lib) -> dict[str, str]:
    return {a.source: a.adopts for a in lib.articles}


def _matched_articles(monkeypatch) -> list[str]:
    """The articles matching looks at (not those whose match is restored from the last build)."""
    from bulletin.validate import register

    looked: list[str] = []
    match_one = register._match_one
    monkeypatch.setattr(register, "_match_one", lambda article, *rest: looked.append(article.source)
                        or match_one(article, *rest))
    return looked


def _add_april_issue(tree, title: str) -> None:
    """Issue 2011/003 with one article of 玉东新区 titled ``title``: after every other article."""
    tree.issue(2011, "003", "date: 2011-04-12\n")
    tree.article("issues/2011/003/01-yudong.md", f"""
        title: {title}
        kind: briefing
        units: [yudong]
        date: 2011-04-09
    """)


def test_a_new_issue_is_matched_on_from_where_the_last_build_stopped(tree, tmp_path: Path, monkeypatch) -> None:
    """An article's match depends on the rows and on the articles before it alone: a new issue after
    the others matches its own articles, the earlier matches and the rows they took as the last
    build left them, exactly as a clean check."""
    content = write_register_site(tree)
    checked(content, tmp_path / "cache")
    looked = _matched_articles(monkeypatch)
    _add_april_issue(tree, "玉东新区二月学习动态")
    again, _ = checked(content, tmp_path / "cache")
    assert looked == ["issues/2011/003/01-yudong.md"]
    clean, _ = check(content, markdown=False)
    assert again is not None and clean is not None
    assert _adopting(again) == _adopting(clean)
    assert _adopting(again)["issues/2011/003/01-yudong.md"] == "X-7"
    assert _adopting(again)["issues/2011/001/01-yudong.md"] == "X-1"


def test_messages_of_earlier_articles_are_kept_and_a_taken_row_is_still_taken(tree, tmp_path: Path,
                                                                             monkeypatch) -> None:
    """Going on from the last build keeps its messages (an earlier article's E511) and the rows its
    articles took: a new article matching the title of a row the first issue adopted is E510."""
    content = write_register_site(tree)
    tree.article("issues/2011/002/09-pinghe.md", """
        title: 平河区的一篇稿件
        kind: briefing
        units: [pinghe]
        submission: X-99
    """)
    _, first = checked(content, tmp_path / "cache")
    assert ("E511", "issues/2011/002/09-pinghe.md") in {(d.code, d.path) for d in first.items}
    looked = _matched_articles(monkeypatch)
    _add_april_issue(tree, "玉东新区开展集中学习")
    _, diags = checked(content, tmp_path / "cache")
    assert looked == ["issues/2011/003/01-yudong.md"]
    _, clean = check(content, markdown=False)
    assert codes(diags) == codes(clean)
    found = {(code, path) for code, path, _ in codes(diags)}
    assert {("E511", "issues/2011/002/09-pinghe.md"), ("E510", "issues/2011/003/01-yudong.md")} <= found


def test_an_edit_before_the_last_article_matches_every_article_again(tree, tmp_path: Path, monkeypatch) -> None:
    """A change of what matching reads of an earlier article (its title) is no prefix of the last
    build's articles: all are matched again, as a clean check."""
    content = write_register_site(tree)
    checked(content, tmp_path / "cache")
    _add_april_issue(tree, "玉东新区开展集中学习")
    article = content / "issues/2011/001/01-yudong.md"
    article.write_text(article.read_text(encoding="utf-8").replace("玉东新区开展集中学习", "玉东新区集中学习再部署"),
                       encoding="utf-8")
    looked = _matched_articles(monkeypatch)
    again, diags = checked(content, tmp_path / "cache")
    matched = list(looked)
    clean, clean_diags = check(content, markdown=False)
    assert again is not None and clean is not None
    assert sorted(matched) == sorted(a.source for a in clean.articles)
    assert _adopting(again) == _adopting(clean)
    assert _adopting(again)["issues/2011/003/01-yudong.md"] == "X-1"  # the edited article gave X-1 up
    assert codes(diags) == codes(clean_diags)


def test_a_register_edit_with_a_new_issue_matches_against_the_new_rows(tree, tmp_path: Path) -> None:
    """The last matching and the rows' title index are kept per register: a new row and a new issue
    whose article has its title are matched against the new rows (X-9), as a clean check."""
    content = write_register_site(tree)
    checked(content, tmp_path / "cache")
    register = content / "submissions/2011上半年.csv"
    register.write_bytes(register.read_bytes() + "X-9,2011-04-01,玉东新区,玉东新区四月学习动态,,,,,\r\n".encode("gbk"))
    _add_april_issue(tree, "玉东新区四月学习动态")
    again, _ = checked(content, tmp_path / "cache")
    clean, _ = check(content, markdown=False)
    assert again is not None and clean is not None
    assert _adopting(again)["issues/2011/003/01-yudong.md"] == "X-9"
    assert _adopting(again) == _adopting(clean)
