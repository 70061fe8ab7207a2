from pathlib import Path

from bulletin.commands import main


def test_example_builds_every_kind_of_page(example_site: Path) -> None:
    for rel in ["index.html", "issues/index.html", "issues/2010/index.html", "issues/2010/001/index.html",
                "units/index.html", "units/yudong.html", "kinds/case.html", "tags/index.html",
                "stages/index.html", "pages/about.html", "feed.xml", "sitemap.xml", "404.html"]:
        assert (example_site / rel).is_file(), rel


def test_check_passes_on_example(capsys) -> None:
    assert main(["check", "--content", str(Path(__file__).parent.parent / "content")]) == 0
    assert "检查通过" in capsys.readouterr().out
