"""publish and rollback: escaped log fields, foreign links refused, nothing created for a missing target,
and a publish killed between its steps repaired by the next one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bulletin.commands import main
from bulletin.errors import BuildError
from bulletin.pipeline import check
from bulletin.publish import Releases, deploy, publish


def _retitle(tree, title: str) -> None:
    tree.article("issues/2010/001/01-yudong.md", f"title: {title}\nkind: briefing\nunits: [yudong]\n")


def _log_lines(target: Path) -> list[list[str]]:
    return [line.split("\t") for line in Releases(target).log_path.read_text(encoding="utf-8").splitlines()]


def test_a_newline_in_logname_cannot_forge_a_log_line(tree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOGNAME", "alice\n2026-01-01T00:00:00+08:00\tpublish\t0099-000000000000\tmallory")
    monkeypatch.setenv("USER", "alice\nx")
    target = tmp_path / "www" / "jianbao"
    publish(tree.root, target)
    (line,) = _log_lines(target)
    assert len(line) == 4 and line[1] == "publish" and line[3].startswith("alice\\n")


def test_a_link_to_a_foreign_folder_is_not_replaced(tree, tmp_path: Path, capsys) -> None:
    other = tmp_path / "another-site"
    other.mkdir()
    (other / "index.html").write_text("别的网站", encoding="utf-8")
    target = tmp_path / "www" / "jianbao"
    target.parent.mkdir()
    target.symlink_to(other, target_is_directory=True)
    assert main(["publish", "--content", str(tree.root), "--to", str(target)]) == 1
    assert "错误 E318" in capsys.readouterr().err
    assert os.readlink(target) == str(other) and (target / "index.html").read_text(encoding="utf-8") == "别的网站"
    assert sorted(p.name for p in target.parent.iterdir()) == ["jianbao"]


def test_rollback_of_a_missing_target_creates_nothing(tmp_path: Path, capsys) -> None:
    target = tmp_path / "nonexistent" / "x"
    assert main(["rollback", "--to", str(target)]) == 1
    assert "错误 E323" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_switch_without_its_log_line_is_logged_by_the_next_run(tree, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "www" / "jianbao"
    publish(tree.root, target)
    _retitle(tree, "第二版标题")

    def killed(self, action, release):
        raise KeyboardInterrupt  # the process dies after the switch, before the log line

    with monkeypatch.context() as patch:
        patch.setattr(Releases, "log", killed)
        with pytest.raises(KeyboardInterrupt):
            publish(tree.root, target)
    live = Releases(target).live()
    assert live is not None and live.number == 2 and len(_log_lines(target)) == 1
    _retitle(tree, "第三版标题")
    publish(tree.root, target)
    assert [(line[1], line[2][:4]) for line in _log_lines(target)] == [
        ("publish", "0001"), ("publish-recorded-late", "0002"), ("publish", "0003")]


def test_a_release_never_made_live_is_removed_by_the_next_run(tree, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "www" / "jianbao"
    publish(tree.root, target)
    _retitle(tree, "第二版标题")

    def killed(releases, release):
        raise KeyboardInterrupt  # killed after the release was added, before the switch

    with monkeypatch.context() as patch:
        patch.setattr(deploy, "_switch", killed)
        with pytest.raises(KeyboardInterrupt):
            publish(tree.root, target)
    assert [r.number for r in Releases(target).all()] == [1, 2] and Releases(target).live().number == 1
    assert main(["rollback", "--to", str(target)]) == 1  # nothing older than the live one; the stray is gone
    assert [r.number for r in Releases(target).all()] == [1]
    publish(tree.root, target)
    assert [r.number for r in Releases(target).all()] == [1, 2] and Releases(target).live().number == 2
    assert [line[2][:4] for line in _log_lines(target)] == ["0001", "0002"]


def test_a_file_name_with_a_newline_cannot_inject_a_message(tree, capsys) -> None:
    tree.write("issues/2010/001/x\nissues/2010/001/01-yudong.md:1: 错误 E301: 伪造.png", b"\x89PNG")
    assert main(["check", "--content", str(tree.root)]) == 0
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if "W411" in line]
    assert len(lines) == 1 and "x\\nissues/2010/001/01-yudong.md:1" in lines[0]
    assert not any(line.startswith("issues/2010/001/01-yudong.md:1: 错误 E301") for line in err.splitlines())


def test_publish_refuses_what_build_refuses(tree, tmp_path: Path) -> None:
    """One marking rule: a variant build catches is caught by publish too, and the reverse."""
    tree.article("issues/2010/001/02-x.md", "title: 某文\nkind: briefing\nunits: [yudong]\n", "機\u200b密＊1年\n")
    _, diags = check(tree.root)
    assert [d.code for d in diags.errors] == ["E303"]
    with pytest.raises(BuildError) as failure:
        publish(tree.root, tmp_path / "www" / "jianbao")
    assert [d.code for d in failure.value.diagnostics.errors] == ["E303"]


def test_a_draft_issue_and_its_articles_are_not_published(tree, tmp_path: Path) -> None:
    from bulletin.pipeline import BuildOptions, build
    tree.issue(2010, "002", "date: 2010-07-01\ndraft: true\n")
    tree.article("issues/2010/002/01-secret-plan.md", "title: 尚未定稿的第二期文章\nkind: briefing\nunits: [yudong]\n")
    tree.write("issues/2010/002/图.png", b"\x89PNG")
    tree.article("issues/2010/002/02-pic.md", "title: 图片稿\nkind: briefing\nunits: [yudong]\n", "![图](图.png)\n")
    out = tmp_path / "site"
    result = build(BuildOptions(content=tree.root, out=out))
    assert ("W403", "issues/2010/002/issue.md", 3) in {(d.code, d.path, d.line) for d in result.diagnostics.items}
    assert not (out / "issues/2010/002").exists()
    assert not any("尚未定稿" in p.read_text(encoding="utf-8", errors="replace")
                   for p in out.rglob("*") if p.is_file() and p.suffix in (".html", ".xml", ".json"))
    preview = build(BuildOptions(content=tree.root, out=tmp_path / "preview", drafts=True))
    assert (tmp_path / "preview/issues/2010/002/01-secret-plan.html").is_file()
    assert preview.library is not None and [i.number for i in preview.library.issues] == [1, 2]


@pytest.mark.parametrize("front", ["draft: true\n", "publish_after: 2999-01-01\n", "定时发布: 2999-01-01\n"])
def test_a_withheld_page_is_not_published(tree, tmp_path: Path, front: str) -> None:
    from bulletin.pipeline import BuildOptions, build
    tree.write("pages/plan.md", f"---\ntitle: 下一阶段工作计划\n{front}---\n计划正文。\n")
    out = tmp_path / "site"
    result = build(BuildOptions(content=tree.root, out=out))
    assert {d.code for d in result.diagnostics.items} & {"W403", "W421"}
    assert "W402" not in {d.code for d in result.diagnostics.items}
    assert not (out / "pages/plan.html").exists()
    assert not any("下一阶段工作计划" in p.read_text(encoding="utf-8", errors="replace")
                   for p in out.rglob("*.html"))


def test_a_scheduled_issue_is_withheld_until_its_day(tree, tmp_path: Path) -> None:
    from bulletin.pipeline import BuildOptions, build
    tree.issue(2010, "002", "date: 2010-07-01\npublish_after: 2999-01-01\n")
    tree.article("issues/2010/002/01-later.md", "title: 定时发布的一篇文章\nkind: briefing\nunits: [yudong]\n")
    out = tmp_path / "site"
    result = build(BuildOptions(content=tree.root, out=out))
    assert "W421" in {d.code for d in result.diagnostics.items}
    assert not (out / "issues/2010/002").exists()
