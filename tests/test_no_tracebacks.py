"""Every input that used to end in a traceback now ends in a message, exit code 1 or 2, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin.commands import main

PROGRESS = "title: 进展\nkind: progress\nunits: [yudong]\nmetrics:\n  yudong: {participants: %s}\n"


def _run(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


@pytest.mark.parametrize("value, code", [("1e999", "E330"), ("-1e999", "E330"), ("9" * 4000, "E330"),
                                         (".inf", "E207")], ids=["1e999", "-1e999", "4000-digits", "inf"])
def test_metric_values_out_of_range_are_messages(tree, tmp_path: Path, capsys, value: str, code: str) -> None:
    tree.article("issues/2010/001/02-p.md", PROGRESS % value)
    out = tmp_path / "site"
    status, err = _run(capsys, "build", "--content", str(tree.root), "--out", str(out))
    assert status == 1 and f"issues/2010/001/02-p.md:6: 错误 {code}" in err
    assert not out.exists()


def test_infinite_or_huge_scoring_is_e330(tree, tmp_path: Path, capsys) -> None:
    site = (tree.root / "site.yaml").read_text(encoding="utf-8")
    tree.write("site.yaml", site + f"scoring: {{briefing: 1e999, case: {'9' * 4000}, progress: 2}}\n")
    code, err = _run(capsys, "check", "--content", str(tree.root))
    assert code == 1 and err.count("错误 E330") == 2


def test_a_percent_sign_is_accepted_for_a_rate(tree, capsys) -> None:
    tree.article("issues/2010/001/02-p.md", PROGRESS.replace("participants", "participation_rate") % '"98.6%"')
    from bulletin.pipeline import check
    lib, diags = check(tree.root)
    assert lib is not None and not diags.errors
    (article,) = [a for a in lib.articles if a.source.endswith("02-p.md")]
    assert article.metrics == {"yudong": {"participation_rate": 98.6}}


def test_out_pointing_at_a_file_is_e331(tree, tmp_path: Path, capsys) -> None:
    target = tmp_path / "site"
    target.write_text("not a folder", encoding="utf-8")
    code, err = _run(capsys, "build", "--content", str(tree.root), "--out", str(target))
    assert code == 2 and "错误 E331" in err
    assert target.read_text(encoding="utf-8") == "not a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"]


@pytest.mark.parametrize("inside", ["site", "issues/site", "."])
def test_out_inside_the_content_folder_is_a_usage_error(tree, capsys, inside: str) -> None:
    before = sorted(p.relative_to(tree.root) for p in tree.root.rglob("*"))
    code, err = _run(capsys, "build", "--content", str(tree.root), "--out", str(tree.root / inside))
    assert code == 2 and "错误 E332" in err
    assert sorted(p.relative_to(tree.root) for p in tree.root.rglob("*")) == before


def test_templates_without_the_theme_are_e333(tree, tmp_path: Path, capsys) -> None:
    theme = tmp_path / "theme"
    (theme / "static").mkdir(parents=True)
    (theme / "base.html").write_text("<html>{% block body %}{% endblock %}</html>", encoding="utf-8")
    out = tmp_path / "site"
    code, err = _run(capsys, "build", "--content", str(tree.root), "--out", str(out), "--templates", str(theme))
    assert code == 2 and "错误 E333" in err and "home.html" in err
    assert not out.exists()


@pytest.mark.parametrize("html", ["<div>" * 100_000, "<div><span>" * 150_000 + "x", "<b><i>" * 60_000])
def test_deep_raw_html_is_refused_before_the_sanitiser(tree, tmp_path: Path, capsys, html: str) -> None:
    """nh3 is quadratic in depth and cannot be interrupted: the depth is measured first (E324)."""
    tree.article("issues/2010/001/02-deep.md", "title: 深\nkind: briefing\nunits: [yudong]\n", html + "\n")
    code, err = _run(capsys, "check", "--content", str(tree.root))
    assert code == 1 and "issues/2010/001/02-deep.md:6: 错误 E324" in err and "HTML 标签嵌套超过 100 层" in err


def test_ordinary_raw_html_is_not_counted_as_deep(tree, capsys) -> None:
    body = "<p>段落<br><img src=a.png>\n" * 300 + "<table><tr><td>1<td>2</table>\n"
    tree.article("issues/2010/001/02-flat.md", "title: 平\nkind: briefing\nunits: [yudong]\n", body)
    code, err = _run(capsys, "check", "--content", str(tree.root))
    assert "E324" not in err
