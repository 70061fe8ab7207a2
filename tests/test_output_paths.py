"""The router owns every output path: links between files go where the target is
really written, and no two sources ever share one output file."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin.commands import main
from bulletin.pipeline import check
from bulletin.publish.verify import verify_site
from bulletin.router import Router, distinct_tag_names, reserved_name


def built(tree, tmp_path: Path, *flags: str) -> tuple[int, Path]:
    out = tmp_path / "site"
    return main(["build", "--content", str(tree.root), "--out", str(out), "--no-cache", *flags]), out


def test_link_to_an_article_whose_name_the_router_changes_points_to_its_real_page(tree, tmp_path: Path) -> None:
    tree.article("issues/2010/001/09-玉东（扩大）.md", "title: 扩大会议\nkind: briefing\nunits: [yudong]\n")
    tree.article("issues/2010/001/02-link.md", "title: 参见\nkind: briefing\nunits: [yudong]\n",
                 "详见[扩大会议](09-玉东（扩大）.md#会议)，[本期](issue.md)。\n")
    code, out = built(tree, tmp_path)
    assert code == 0
    page = (out / "issues/2010/001/02-link.html").read_text(encoding="utf-8")
    written = Router().article(next(a for a in check(tree.root)[0].articles if a.title == "扩大会议"))
    assert written == "issues/2010/001/09-玉东-扩大.html" and (out / written).is_file()
    assert 'href="09-%E7%8E%89%E4%B8%9C-%E6%89%A9%E5%A4%A7.html#会议"' in page
    assert 'href="index.html"' in page
    lib, _ = check(tree.root)
    assert [d.format() for d in verify_site(out, lib, Router()).items] == []  # publish would accept it


def test_tags_that_make_the_same_file_name_each_keep_their_own_page(tree, tmp_path: Path) -> None:
    pairs = [("行动学习（试点）", "行动学习(试点)"), ("统筹/城乡", "统筹-城乡"), ("AI", "ai")]
    for n, (first, second) in enumerate(pairs):
        tree.article(f"issues/2010/001/1{n}-a.md", f"title: 甲{n}\nkind: case\nunits: [yudong]\ntags: ['{first}']\n")
        tree.article(f"issues/2010/001/2{n}-b.md", f"title: 乙{n}\nkind: case\nunits: [lanxi]\ntags: ['{second}']\n")
    code, out = built(tree, tmp_path)
    assert code == 0
    for n, (first, second) in enumerate(pairs):
        lib, _ = check(tree.root)
        router = Router(tags=lib.by_tag)
        one, other = router.tag(first), router.tag(second)
        assert one.casefold() != other.casefold()
        assert f"甲{n}" in (out / one).read_text(encoding="utf-8")
        assert f"乙{n}" in (out / other).read_text(encoding="utf-8")
        assert f"乙{n}" not in (out / one).read_text(encoding="utf-8")
    lib, _ = check(tree.root)
    assert [d.format() for d in verify_site(out, lib, Router()).items] == []


def test_tag_names_depend_on_the_set_of_tags_not_their_order() -> None:
    tags = ["统筹/城乡", "统筹-城乡", "行动学习"]
    assert distinct_tag_names(tags) == distinct_tag_names(list(reversed(tags)))
    names = distinct_tag_names(tags)
    assert names["统筹-城乡"] == "统筹-城乡" and names["行动学习"] == "行动学习"  # already safe: kept
    assert names["统筹/城乡"].startswith("统筹-城乡-")


def test_attachment_named_index_html_is_an_error_naming_both_files(tree, tmp_path: Path, capsys) -> None:
    tree.write("issues/2010/001/index.html", "<p>附件</p>")
    code, out = built(tree, tmp_path)
    assert code == 1 and not out.exists()
    err = capsys.readouterr().err
    assert "issues/2010/001/index.html: 错误 E230" in err and "issues/2010/001/issue.md" in err


def test_articles_whose_names_slug_alike_are_an_error_naming_both(tree, tmp_path: Path, capsys) -> None:
    tree.article("issues/2010/001/05-会议（一）.md", "title: 一\nkind: case\nunits: [yudong]\n")
    tree.article("issues/2010/001/05-会议(一).md", "title: 二\nkind: case\nunits: [yudong]\n")
    code, out = built(tree, tmp_path)
    assert code == 1 and not out.exists()
    err = capsys.readouterr().err
    assert "E230" in err and "05-会议（一）.md" in err and "05-会议(一).md" in err
    assert "Traceback" not in err


def test_names_that_differ_only_in_case_are_an_error(tree, tmp_path: Path, capsys) -> None:
    tree.article("issues/2010/001/03-Report.md", "title: 一\nkind: case\nunits: [yudong]\n")
    tree.article("issues/2010/001/03-report.md", "title: 二\nkind: case\nunits: [yudong]\n")
    code, _ = built(tree, tmp_path)
    assert code == 1
    err = capsys.readouterr().err
    assert "E231" in err and "03-Report.md" in err and "03-report.md" in err


@pytest.mark.parametrize("name", ["con.md", "AUX.md", "nul.txt", "com1.png", "Lpt9.md"])
def test_windows_reserved_names_are_an_error_naming_the_file(tree, tmp_path: Path, capsys, name: str) -> None:
    if name.endswith(".md"):
        tree.article(f"issues/2010/001/{name}", "title: 一\nkind: case\nunits: [yudong]\n")
    else:
        tree.write(f"issues/2010/001/{name}", b"data")
    code, _ = built(tree, tmp_path)
    assert code == 1
    err = capsys.readouterr().err
    assert f"issues/2010/001/{name}: 错误 E232" in err


def test_reserved_name_looks_at_every_part_and_ignores_the_extension() -> None:
    assert reserved_name("issues/2010/001/con.html") == "con.html"
    assert reserved_name("units/aux/2010.html") == "aux"
    assert reserved_name("issues/2010/001/console.html") is None
    assert reserved_name("tags/com10.html") is None



def test_check_finds_output_collisions_without_building(tree, capsys) -> None:
    tree.write("issues/2010/001/index.html", "<p>附件</p>")
    assert main(["check", "--content", str(tree.root)]) == 1
    assert "issues/2010/001/index.html: 错误 E230" in capsys.readouterr().err


def test_a_collision_found_on_a_rebuild_names_the_pages_own_file(tree, tmp_path: Path, capsys) -> None:
    """A rebuild takes an unchanged issue's page paths from the last build's record
    (render/plan.py PageBundle); a clash with one of them still names the article's own file."""
    tree.article("issues/2010/001/02-report.md", "title: 汇报\nkind: briefing\nunits: [yudong]\n")
    out, cache = tmp_path / "site", tmp_path / "cache"
    command = ["build", "--content", str(tree.root), "--out", str(out), "--cache", str(cache)]
    assert main(command) == 0
    capsys.readouterr()
    tree.write("issues/2010/001/02-report.html", "<p>附件</p>")  # where that article's page goes
    assert main(command) == 1
    err = capsys.readouterr().err
    assert "issues/2010/001/02-report.html: 错误 E230" in err
    assert "issues/2010/001/02-report.md" in err and "Traceback" not in err


def test_links_are_quoted_exactly_as_urllib_does() -> None:
    """router._quoted passes paths that need no quoting through as they are (most of them,
    12,000 in a large sitemap); every other path is quoted by urllib, as before."""
    import random
    import string
    from urllib.parse import quote

    from bulletin.router import _quoted

    rng = random.Random(17)
    alphabet = string.printable + "中文（）【】 %é\u3000"
    paths = ["issues/2019/061/01-county-12.html", "units/县/index.html", "a b.html", "x%20y", "tags/统筹-城乡.html"]
    paths += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(5000)]
    assert [_quoted(p) for p in paths] == [quote(p, safe="/#?=&.-_~") for p in paths]
