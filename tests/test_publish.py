"""publish and rollback: releases beside the target, atomic switch, keep N,
verification before the switch, the lock, and a live site left byte-identical
by every failure."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bulletin.commands import main
from bulletin.errors import BuildError
from bulletin.publish import Releases, deploy, publish, rollback
from bulletin.publish.lock import exclusive
from bulletin.render.environment import DEFAULT_TEMPLATES
from bulletin.stats.notice import docx_text
from tests.helpers import windows_like

ROOT = Path(__file__).resolve().parent.parent


def snapshot(target: Path) -> dict:
    """Everything a reader or an operator could observe of a published target."""
    releases = Releases(target)
    files = {}
    if target.exists():
        for path in sorted(target.resolve().rglob("*")):
            if path.is_file():
                files[path.relative_to(target.resolve()).as_posix()] = path.read_bytes()
    return {
        "link": os.readlink(target) if target.is_symlink() else None,
        "files": files,
        "releases": sorted(p.name for p in releases.folder.iterdir()) if releases.folder.exists() else [],
        "log": releases.log_path.read_text(encoding="utf-8") if releases.log_path.exists() else "",
    }


def retitle(tree, title: str) -> None:
    tree.article("issues/2010/001/01-yudong.md", f"""
        title: {title}
        kind: briefing
        units: [yudong]
    """)


def test_publish_makes_a_release_and_links_the_target_to_it(tree, tmp_path: Path, capsys) -> None:
    target = tmp_path / "www" / "jianbao"
    assert main(["publish", "--content", str(tree.root), "--to", str(target)]) == 0
    assert "已发布" in capsys.readouterr().out
    live = Releases(target).live()
    assert live is not None and live.number == 1
    if windows_like():  # no symlink privilege: the release folder itself was renamed into place
        assert not target.is_symlink() and live.path == target
        assert (target / ".bulletin-release").read_text(encoding="utf-8") == live.name
    else:
        assert target.is_symlink()
        assert not os.path.isabs(os.readlink(target)), "a relative link survives moving the tree"
        assert live.path.parent == tmp_path / "www" / "jianbao.releases"
    page = (target / "issues/2010/001/01-yudong.html").read_text(encoding="utf-8")
    assert "玉东新区召开行动学习动员会" in page
    assert "publish\t0001-" in Releases(target).log_path.read_text(encoding="utf-8")


def test_same_content_publishes_nothing_new(tree, tmp_path: Path) -> None:
    target = tmp_path / "jianbao"
    first = publish(tree.root, target)
    before = snapshot(target)
    second = publish(tree.root, target)
    assert first.changed and not second.changed
    assert second.release == first.release
    assert snapshot(target) == before


def test_release_names_come_from_the_content_not_the_clock(tree, tmp_path: Path) -> None:
    a = publish(tree.root, tmp_path / "a" / "jianbao").release
    b = publish(tree.root, tmp_path / "b" / "jianbao").release
    assert a.name == b.name


def test_new_content_switches_and_rollback_returns(tree, tmp_path: Path, capsys) -> None:
    target = tmp_path / "jianbao"
    publish(tree.root, target)
    old_page = (target / "issues/2010/001/01-yudong.html").read_bytes()
    retitle(tree, "玉东新区召开行动学习推进会")
    second = publish(tree.root, target)
    assert second.changed and second.release.number == 2
    assert "推进会" in (target / "issues/2010/001/01-yudong.html").read_text(encoding="utf-8")

    assert main(["rollback", "--to", str(target)]) == 0
    assert (target / "issues/2010/001/01-yudong.html").read_bytes() == old_page
    assert Releases(target).live().number == 1
    assert main(["rollback", "--to", str(target)]) == 1  # nothing older than release 1
    assert "E321" in capsys.readouterr().err

    assert main(["rollback", "--to", str(target), "--release", "2"]) == 0
    assert Releases(target).live().number == 2
    main(["rollback", "--to", str(target), "--list"])
    listing = capsys.readouterr().out
    assert listing.index("0002-") < listing.index("0001-") and "当前" in listing.splitlines()[-2]
    assert "rollback\t0001-" in Releases(target).log_path.read_text(encoding="utf-8")


def test_keep_n_prunes_old_releases_but_never_the_live_one(tree, tmp_path: Path) -> None:
    target = tmp_path / "jianbao"
    for n in range(4):
        retitle(tree, f"玉东新区召开第{n + 1}次行动学习推进会")
        publish(tree.root, target, keep=2)
    assert [r.number for r in Releases(target).all()] == [3, 4]
    rollback(target)  # live is now 3
    retitle(tree, "玉东新区召开第五次行动学习推进会")
    result = publish(tree.root, target, keep=1)
    assert [r.number for r in Releases(target).all()] == [5]
    assert [r.number for r in result.removed] == [3, 4]


def test_a_failed_build_leaves_the_live_site_byte_identical(tree, tmp_path: Path, capsys) -> None:
    target = tmp_path / "jianbao"
    publish(tree.root, target)
    before = snapshot(target)
    tree.article("issues/2010/001/02-bad.md", "title: 缺少类型\nunits: [yudong]\n")
    assert main(["publish", "--content", str(tree.root), "--to", str(target)]) == 1
    err = capsys.readouterr().err
    assert "E201" in err and "已发布的站点未改动" in err
    assert snapshot(target) == before


def test_a_failed_verification_leaves_the_live_site_byte_identical(tree, tmp_path: Path) -> None:
    target = tmp_path / "jianbao"
    publish(tree.root, target)
    before = snapshot(target)
    theme = tmp_path / "theme"
    import shutil
    shutil.copytree(DEFAULT_TEMPLATES, theme)
    base = theme / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace(
        "</head>", '<link rel="stylesheet" href="https://cdn.example.com/x.css">\n</head>'), encoding="utf-8")
    retitle(tree, "玉东新区召开行动学习推进会")
    with pytest.raises(BuildError) as failure:
        publish(tree.root, target, templates=theme)
    assert {d.code for d in failure.value.diagnostics.errors} == {"E314"}
    assert snapshot(target) == before


def test_verification_catches_what_a_theme_leaks(tree, tmp_path: Path) -> None:
    """Withheld titles, markings, broken links and handlers put in by a theme."""
    import shutil
    theme = tmp_path / "theme"
    shutil.copytree(DEFAULT_TEMPLATES, theme)
    base = theme / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("<main id=\"main\" class=\"wrap\" tabindex=\"-1\">", (
        '<main id="main" class="wrap" tabindex="-1">'
        '{% for a in lib.withheld %}<p>{{ a.title }}</p>{% endfor %}'
        '<p>【内部】<span>秘密</span></p><p>机密★1年</p>'
        '<a href="nowhere.html" onclick="go()">x</a>')), encoding="utf-8")
    tree.article("issues/2010/001/02-draft.md", "title: 兰溪市行动学习课题结题评审会\nkind: case\nunits: [lanxi]\n"
                                                "draft: true\n")
    with pytest.raises(BuildError) as failure:
        publish(tree.root, tmp_path / "jianbao", templates=theme)
    found = {(d.code, d.path) for d in failure.value.diagnostics.errors}
    assert ("E316", "index.html") in found
    assert ("E315", "index.html") in found
    assert ("E313", "index.html") in found
    assert ("E317", "index.html") in found
    assert not (tmp_path / "jianbao").exists()


def test_drafts_and_future_articles_stay_out(tree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BULLETIN_TODAY", "2010-06-15")
    tree.article("issues/2010/001/02-draft.md",
                 "title: 兰溪市草稿文章标题\nkind: briefing\nunits: [lanxi]\ndraft: true\n")
    tree.article("issues/2010/001/03-later.md",
                 "title: 市工信委定时发布的文章\nkind: briefing\nunits: [gongxin]\n发布日期: 2010-07-01\n")
    tree.article("issues/2010/001/04-due.md",
                 "title: 市工信委已到期的文章\nkind: briefing\nunits: [gongxin]\npublish_after: 2010-06-15\n")
    target = tmp_path / "jianbao"
    result = publish(tree.root, target)
    assert {d.code for d in result.diagnostics.warnings} == {"W403", "W421"}
    everything = "".join(docx_text(p.read_bytes()) if p.suffix == ".docx"
                         else p.read_bytes().decode(errors="replace")  # the favicon is binary
                         for p in target.resolve().rglob("*") if p.is_file())
    assert "兰溪市草稿文章标题" not in everything and "市工信委定时发布的文章" not in everything
    assert "市工信委已到期的文章" in everything
    assert not (target / "issues/2010/001/03-later.html").exists()
    monkeypatch.setenv("BULLETIN_TODAY", "2010-07-01")  # the day comes: it is published
    publish(tree.root, target)
    assert (target / "issues/2010/001/03-later.html").is_file()


def test_review_sign_off_is_required_before_publishing(tree, tmp_path: Path) -> None:
    tree.write("site.yaml", (tree.root / "site.yaml").read_text(encoding="utf-8") + "review_required: true\n")
    target = tmp_path / "jianbao"
    assert main(["check", "--content", str(tree.root)]) == 0  # check and build only warn (W420)
    with pytest.raises(BuildError) as failure:
        publish(tree.root, target)
    assert [(d.code, d.path) for d in failure.value.diagnostics.errors] == [("E305", "issues/2010/001/issue.md")]
    assert not target.exists()
    tree.issue(2010, "001", "date: 2010-06-01\n保密审查: {审查人: 王晓, 日期: 2010-05-31}\n")
    assert publish(tree.root, target).changed


def test_incomplete_review_is_an_error(tree) -> None:
    tree.issue(2010, "001", "date: 2010-06-01\nreview: {by: 王晓}\n")
    from bulletin.pipeline import check
    lib, diags = check(tree.root)
    assert [(d.code, d.line) for d in diags.errors] == [("E306", 3)]


def test_public_edition_refuses_internal_material(tree) -> None:
    from bulletin.pipeline import check
    site = (tree.root / "site.yaml").read_text(encoding="utf-8")
    tree.write("site.yaml", site + "edition: public\n")
    _, diags = check(tree.root)
    assert [(d.code, d.path, d.line) for d in diags.errors] == [("E307", "site.yaml", 3)]  # marking: 内部资料
    tree.write("site.yaml", site.replace("marking: 内部资料 注意保存\n", "") + "edition: 公开版\n")
    tree.article("issues/2010/001/02-internal.md", "title: 内部文章\nkind: briefing\nunits: [yudong]\n密级: 内部\n")
    tree.issue(2010, "002", "date: 2010-07-01\nclassification: 内部\n")
    _, diags = check(tree.root)
    assert sorted((d.code, d.path, d.line) for d in diags.errors) == [
        ("E307", "issues/2010/001/02-internal.md", 5), ("E307", "issues/2010/002/issue.md", 3)]


def test_a_folder_not_made_by_bulletin_is_never_replaced(tree, tmp_path: Path, capsys) -> None:
    target = tmp_path / "jianbao"
    target.mkdir()
    (target / "工资表.xlsx").write_bytes(b"precious")
    assert main(["publish", "--content", str(tree.root), "--to", str(target)]) == 1
    assert "E318" in capsys.readouterr().err
    assert (target / "工资表.xlsx").read_bytes() == b"precious" and not target.is_symlink()


def test_a_folder_from_an_earlier_build_is_adopted_as_release_zero(tree, tmp_path: Path) -> None:
    target = tmp_path / "jianbao"
    assert main(["build", "--content", str(tree.root), "--out", str(target)]) == 0
    retitle(tree, "玉东新区召开行动学习推进会")
    publish(tree.root, target)
    assert target.is_symlink() != windows_like()
    assert [r.number for r in Releases(target).all()] == [0, 1]
    rollback(target)
    assert "动员会" in (target / "issues/2010/001/01-yudong.html").read_text(encoding="utf-8")


def refuse_symlinks(*args, **kwargs):
    error = OSError(1, "A required privilege is not held by the client")
    error.winerror = 1314
    raise error


def test_without_symlinks_publish_and_rollback_swap_folders_by_rename(
        tree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "jianbao"
    publish(tree.root, target)  # a symlink where the platform allows one
    monkeypatch.setattr(os, "symlink", refuse_symlinks)
    retitle(tree, "玉东新区召开行动学习推进会")
    second = publish(tree.root, target).release
    assert not target.is_symlink() and target.is_dir()
    assert (target / ".bulletin-release").read_text(encoding="utf-8") == second.name
    assert "推进会" in (target / "issues/2010/001/01-yudong.html").read_text(encoding="utf-8")
    releases = Releases(target)
    assert releases.live().name == second.name and [r.number for r in releases.all()] == [1, 2]
    assert sorted(p.name for p in releases.folder.iterdir() if p.name[0].isdigit()) == [releases.all()[0].name]
    retitle(tree, "玉东新区召开行动学习总结会")
    third = publish(tree.root, target).release
    assert third.number == 3 and Releases(target).live().name == third.name
    assert "总结会" in (target / "issues/2010/001/01-yudong.html").read_text(encoding="utf-8")
    assert rollback(target).number == 2
    assert "推进会" in (target / "issues/2010/001/01-yudong.html").read_text(encoding="utf-8")
    assert rollback(target, "1").number == 1
    assert "动员会" in (target / "issues/2010/001/01-yudong.html").read_text(encoding="utf-8")
    log = releases.log_path.read_text(encoding="utf-8")
    assert [line.split("\t")[1:3] for line in log.splitlines()] == [
        ["publish", "0001-" + log.split("0001-")[1][:12]], ["publish", second.name], ["publish", third.name],
        ["rollback", second.name], ["rollback", releases.find("1").name]]
    monkeypatch.undo()  # links work again: the swapped-in folder goes back and a link takes its place
    assert rollback(target, "3").number == 3
    assert target.is_symlink() != windows_like()
    assert [r.number for r in Releases(target).all()] == [1, 2, 3]


def test_prune_never_removes_a_release_renamed_into_place(tree, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "symlink", refuse_symlinks)
    target = tmp_path / "jianbao"
    for title in ("动员会", "推进会", "总结会"):
        retitle(tree, f"玉东新区召开行动学习{title}")
        publish(tree.root, target, keep=1)
    releases = Releases(target)
    assert [r.number for r in releases.all()] == [3] and releases.live().path == target
    assert "总结会" in (target / "issues/2010/001/01-yudong.html").read_text(encoding="utf-8")


def test_a_failed_swap_leaves_the_live_site_in_place(tree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "jianbao"
    monkeypatch.setattr(os, "symlink", refuse_symlinks)
    publish(tree.root, target)
    before = snapshot(target)
    real_replace = os.replace

    def busy(source, destination):  # a reader on Windows holds a file of the new release open
        if Path(destination) == target and Path(source).name.startswith("0002-"):
            raise PermissionError(13, "The process cannot access the file because it is being used", str(source))
        return real_replace(source, destination)

    monkeypatch.setattr(os, "replace", busy)
    retitle(tree, "玉东新区召开行动学习推进会")
    with pytest.raises(BuildError) as failure:
        publish(tree.root, target)
    assert [d.code for d in failure.value.diagnostics.errors] == ["E320"]
    monkeypatch.setattr(os, "replace", real_replace)
    after = snapshot(target)
    assert after["files"] == before["files"] and Releases(target).live().number == 1


def test_a_publish_waits_for_the_lock(tree, tmp_path: Path) -> None:
    target = tmp_path / "jianbao"
    releases = Releases(target)
    holding, release_it, events = threading.Event(), threading.Event(), []

    def hold() -> None:
        with exclusive(releases.lock_path, 5):
            holding.set()
            release_it.wait(5)
            events.append("holder done")

    holder = threading.Thread(target=hold)
    holder.start()
    holding.wait(5)

    def waiting() -> None:
        events.append("waiting")
        release_it.set()

    publish(tree.root, target, on_wait=waiting)
    events.append("published")
    holder.join()
    assert events == ["waiting", "holder done", "published"]


def test_a_lock_held_too_long_is_reported(tree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "jianbao"
    monkeypatch.setattr(deploy, "LOCK_WAIT_SECONDS", 0.2)
    with exclusive(Releases(target).lock_path, 1), pytest.raises(BuildError) as failure:
        publish(tree.root, target)
    assert [d.code for d in failure.value.diagnostics.errors] == ["E319"]
    assert not target.exists()


def test_concurrent_publishes_from_two_processes_are_serialised(tree, tmp_path: Path) -> None:
    target = tmp_path / "jianbao"
    other = tmp_path / "other"
    import shutil
    shutil.copytree(tree.root, other)
    (other / "issues/2010/001/01-yudong.md").write_text(
        "---\ntitle: 另一版本的标题\nkind: briefing\nunits: [yudong]\n---\n正文。\n", encoding="utf-8")
    command = [sys.executable, str(ROOT / "build.py"), "publish", "--to", str(target), "--content"]
    runs = [subprocess.Popen([*command, str(c)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for c in (tree.root, other)]
    outputs = [run.communicate(timeout=60) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert [r.number for r in Releases(target).all()] == [1, 2]
    assert len({r.digest for r in Releases(target).all()}) == 2
    assert not list(Releases(target).folder.glob(".staging-*"))
    assert Releases(target).live().number == 2
