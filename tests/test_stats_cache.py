"""``stats`` reads front matter only, through the build cache, and never serves stale figures."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

from bulletin.commands import main
from tests.stats_fixture import write_stats_site


def pilot_points(target: Path) -> list[tuple[str, str, str]]:
    rows = list(csv.DictReader(io.StringIO(target.read_bytes().decode("utf-8-sig"), newline="")))
    return [(r["单位代码"], r["积分"], r["名次"]) for r in rows if r["期间代码"] == "pilot" and r["名次"]]


def stats_csv(content: Path, target: Path, *extra: str) -> list[tuple[str, str, str]]:
    assert main(["stats", "--content", str(content), "--period", "stage", "--format", "csv",
                 "--output", str(target), *extra]) == 0
    return pilot_points(target)


def cached_spaces(cache: Path) -> set[str]:
    with sqlite3.connect(cache / "build.sqlite") as db:
        return {row[0] for row in db.execute("SELECT DISTINCT space FROM entries")}


def test_stats_uses_the_build_cache_and_sees_every_edit(tree, tmp_path: Path) -> None:
    content = write_stats_site(tree)
    cache = tmp_path / "cache"
    assert main(["build", "--content", str(content), "--out", str(tmp_path / "site"), "--cache", str(cache)]) == 0
    before = {"markdown", "validate"} & cached_spaces(cache)
    assert before == {"markdown", "validate"}
    expected = [("yudong", "7", "1"), ("gongxin", "3", "2"), ("pinghe", "2", "3"), ("weisheng", "0", "4")]
    assert stats_csv(content, tmp_path / "cached.csv", "--cache", str(cache)) == expected
    assert stats_csv(content, tmp_path / "clean.csv", "--no-cache") == expected
    assert (tmp_path / "cached.csv").read_bytes() == (tmp_path / "clean.csv").read_bytes()
    # stats asked only for front matter: the build's rendered Markdown is still in the cache.
    assert {"markdown", "validate"} <= cached_spaces(cache)

    # A briefing becomes a case (3 points instead of 1): the cached figures must not be served.
    article = content / "issues/2010/001/02-pinghe.md"
    article.write_text(article.read_text(encoding="utf-8").replace("kind: briefing", "kind: case"), encoding="utf-8")
    assert stats_csv(content, tmp_path / "edited.csv", "--cache", str(cache)) == [
        ("yudong", "7", "1"), ("pinghe", "4", "2"), ("gongxin", "3", "3"), ("weisheng", "0", "4")]
    assert stats_csv(content, tmp_path / "edited-clean.csv", "--no-cache") == pilot_points(tmp_path / "edited.csv")


def test_stats_without_a_usable_cache_folder_still_answers(tree, tmp_path: Path) -> None:
    content = write_stats_site(tree)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be\n", encoding="utf-8")
    assert stats_csv(content, tmp_path / "out.csv", "--cache", str(blocked)) == [
        ("yudong", "7", "1"), ("gongxin", "3", "2"), ("pinghe", "2", "3"), ("weisheng", "0", "4")]


def test_register_titles_compare_without_spaces_and_punctuation() -> None:
    import unicodedata

    from bulletin.validate.register import title_key

    def by_category(title: str) -> str:
        return "".join(ch for ch in unicodedata.normalize("NFKC", title) if unicodedata.category(ch)[0] in "LN")

    titles = ["玉东新区 召开“行动学习”动员会！", "Ｑ３季度：GDP增长８％（初稿）", "第Ⅻ批·试点〇一号",
              "ｓｅｃｔｉｏｎ_2、④"]
    assert [title_key(t) for t in titles] == [by_category(t) for t in titles]
    assert title_key("玉东新区 召开“行动学习”动员会！") == title_key("玉东新区召开行动学习动员会")
