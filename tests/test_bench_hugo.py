"""The benchmark's Hugo reference site: the same articles, really built by Hugo.

The benchmark measures; these tests only check that what it measures is the
same content on both sides, and that it still runs without Hugo.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from bulletin.bench.corpus import generate
from bulletin.bench.hugo import HugoSite, find_hugo, hugo_text, issue_index_text
from bulletin.bench.runner import main as bench_main


def test_articles_keep_their_front_matter_with_kind_as_a_taxonomy() -> None:
    source = "---\ntitle: 某县开展集中研讨\nkind: case\nunits: [county-01]\n---\n正文，kind: briefing 不改。\n"
    assert hugo_text(source) == ("---\ntitle: 某县开展集中研讨\nkinds: [case]\nunits: [county-01]\n---\n"
                                 "正文，kind: briefing 不改。\n")
    assert issue_index_text("---\ndate: 2010-01-04\neditor: 王晓\n---\n编者按。\n", "2010", "003") == \
        "---\ntitle: 2010年第3期\ndate: 2010-01-04\neditor: 王晓\n---\n编者按。\n"


def test_hugo_builds_a_page_for_every_article_and_sync_writes_only_changes(tmp_path: Path) -> None:
    hugo = find_hugo()
    assert hugo, "Hugo is needed for this test: apt-get install hugo (.ci/run installs it)"
    content = tmp_path / "content"
    corpus = generate(content, 25)
    site = HugoSite(tmp_path / "hugo")
    site.write_skeleton()
    assert site.sync(content) == 25 + corpus.issues + 2 + 1  # articles, issues, years/issues index, about
    run = site.build(hugo)
    articles = sorted(content.glob("issues/*/*/0*.md"))
    built = [site.public / "issues" / a.parent.parent.name / a.parent.name / a.stem / "index.html" for a in articles]
    assert all(page.is_file() for page in built)
    first = built[0].read_text(encoding="utf-8")
    title = articles[0].read_text(encoding="utf-8").split("title: ", 1)[1].split("\n", 1)[0]
    assert f"<h1>{title}</h1>" in first and 'href="../../../../units/' in first
    assert run.pages > len(articles) and run.cpu_seconds > 0 and run.peak_rss_mb > 0
    unit = articles[0].stem.split("-", 1)[1]  # 01-county-12.md: its first unit
    assert title in (site.public / "units" / unit / "index.html").read_text(encoding="utf-8")

    assert site.sync(content) == 0
    with open(articles[3], "a", encoding="utf-8") as stream:
        stream.write("\n补充一句。\n")
    assert site.sync(content) == 1
    shutil.rmtree(content / "issues" / articles[-1].parent.parent.name / articles[-1].parent.name)
    site.sync(content)
    assert not (site.content / "issues" / articles[-1].parent.parent.name / articles[-1].parent.name
                / articles[-1].name).exists()


def test_without_hugo_the_bench_says_so_and_measures_our_side(tmp_path: Path, capsys) -> None:
    results = tmp_path / "bench.json"
    assert bench_main(["--articles", "20", "--runs", "1", "--workdir", str(tmp_path / "work"),
                       "--results", str(results), "--hugo", str(tmp_path / "no-hugo-here")]) == 0
    out = capsys.readouterr().out
    assert "未找到 Hugo" in out and "Hugo not found" in out
    report = json.loads(results.read_text(encoding="utf-8"))
    (size,) = report["sizes"]
    assert size["ratios"] == {} and size["identical_to_clean_build"] is True
    assert {"cold", "noop", "edit", "new_issue", "template", "stats"} <= set(size["scenarios"])
    assert "hugo_cold" not in size["scenarios"]
    assert size["scenarios"]["noop"]["rendered_pages"] == 0
