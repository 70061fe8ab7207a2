"""Working where Windows differs: no fork, no symlink privilege, and the
quick start on a stock Debian python3 (PEP 668, no venv until python3-venv).

The Windows-like processes here are real subprocesses started with
tests/windows_like/ on PYTHONPATH and BULLETIN_WINDOWS_LIKE=1, whatever mode
this test process runs in."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bulletin import bootstrap
from bulletin.bench.corpus import generate
from bulletin.pipeline import BuildOptions, build

ROOT = Path(__file__).resolve().parent.parent
WINDOWS_LIKE_DIR = ROOT / "tests" / "windows_like"
DEBIAN_PYTHON = Path("/usr/bin/python3")


def windows_like_env() -> dict[str, str]:
    env = dict(os.environ)
    env["BULLETIN_WINDOWS_LIKE"] = "1"
    env["PYTHONPATH"] = os.pathsep.join([str(WINDOWS_LIKE_DIR), str(ROOT)])
    return env


def run_windows_like(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=cwd, env=windows_like_env(),
                          capture_output=True, text=True, encoding="utf-8", timeout=600)


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def links_under(root: Path) -> list[str]:
    return [str(p) for p in root.rglob("*") if p.is_symlink()] + ([str(root)] if root.is_symlink() else [])


def test_the_windows_like_mode_has_no_fork_and_no_symlink_privilege(tmp_path: Path) -> None:
    probe = """
import multiprocessing, os, sys
print(multiprocessing.get_all_start_methods(), multiprocessing.get_start_method(), hasattr(os, "fork"))
try:
    multiprocessing.get_context("fork")
except ValueError as e:
    print("no fork context")
try:
    os.symlink(".", sys.argv[1])
except OSError as e:
    print("symlink", e.winerror)
"""
    result = run_windows_like("-c", probe, str(tmp_path / "link"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["['spawn'] spawn False", "no fork context", "symlink 1314"]
    assert not (tmp_path / "link").exists()


def test_markdown_workers_started_by_spawn_give_the_same_html() -> None:
    script = """
import json, sys
from bulletin.markdown.parallel import render_texts
texts = [f"## 第{i}节\\n\\n**行动学习**第{i}段，[链接](a{i}.md)。\\n\\n- 一\\n- 二\\n" for i in range(260)]
spawned = render_texts(texts, jobs=2)
serial = render_texts(texts, jobs=1)
print(json.dumps([spawned == serial, len(spawned), spawned[7][0].html]))
"""
    result = run_windows_like("-c", script)
    assert result.returncode == 0, result.stderr
    same, count, html = __import__("json").loads(result.stdout)
    assert same and count == 260 and "第7节" in html


def test_search_workers_started_by_spawn_give_the_same_segment(tmp_path: Path) -> None:
    generate(tmp_path / "content", 240)
    script = """
import sys
from pathlib import Path
from bulletin.markdown import parallel
from bulletin.pipeline import check
from bulletin.router import Router
from bulletin.search.workers import SegmentWorkers, make_segment
parallel.default_jobs = lambda: 2
lib, _ = check(Path(sys.argv[1]))
router = Router(tags=lib.by_tag)
numbers = list(range(len(lib.articles)))
workers = SegmentWorkers(lib, router)
spawned = workers.submit(0, numbers, {}).result()
pool = workers._pool
print(type(pool).__name__, pool._mp_context.get_start_method(), len(spawned[0]))
print(spawned == make_segment(lib, router, 0, numbers, {}))
workers.close()
"""
    result = run_windows_like("-c", script, str(tmp_path / "content"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["ProcessPoolExecutor spawn 240", "True"]


def test_a_build_without_fork_is_byte_identical_to_the_normal_build(tmp_path: Path) -> None:
    content = tmp_path / "content"
    generate(content, 320)  # enough for every worker pool to start (Markdown, pages, search)
    normal = tmp_path / "normal"
    result = build(BuildOptions(content=content, out=normal, jobs=2, use_cache=False))
    assert not result.diagnostics.errors
    spawned = run_windows_like("build.py", "build", "--content", str(content), "--out", str(tmp_path / "spawn"),
                               "--jobs", "2", "--no-cache", "--lang", "en",
                               "--no-pdf")  # as the build above: tests build PDFs only when marked pdf
    assert spawned.returncode == 0, spawned.stderr
    normal_files, spawned_files = tree_bytes(normal), tree_bytes(tmp_path / "spawn")
    assert len(normal_files) > 600
    assert normal_files.keys() == spawned_files.keys()
    assert [name for name in normal_files if normal_files[name] != spawned_files[name]] == []


def test_publish_twice_and_rollback_without_symbolic_links(example_copy: Path, tmp_path: Path) -> None:
    target = tmp_path / "www" / "jianbao"
    first = run_windows_like("build.py", "publish", "--content", str(example_copy), "--to", str(target))
    assert first.returncode == 0, first.stderr
    assert "已发布" in first.stdout
    page = next(target.glob("issues/2011/001/*.html"))
    relative = page.relative_to(target)
    original = page.read_text(encoding="utf-8")
    article = sorted((example_copy / "issues/2011/001").glob("0*.md"))[0]
    article.write_text(article.read_text(encoding="utf-8").replace("\n---\n", "\n---\n增补的一段。\n\n", 1),
                       encoding="utf-8")
    second = run_windows_like("build.py", "publish", "--content", str(example_copy), "--to", str(target))
    assert second.returncode == 0, second.stderr
    assert "0002-" in second.stdout
    assert links_under(target.parent) == []
    assert target.is_dir() and (target / ".bulletin-release").read_text(encoding="utf-8").startswith("0002-")
    changed = target / article.relative_to(example_copy).with_suffix(".html")
    assert "增补的一段" in changed.read_text(encoding="utf-8")
    back = run_windows_like("build.py", "rollback", "--to", str(target))
    assert back.returncode == 0, back.stderr
    assert "0001-" in back.stdout
    assert links_under(target.parent) == []
    assert "增补的一段" not in changed.read_text(encoding="utf-8")
    assert (target / relative).read_text(encoding="utf-8") == original
    listed = run_windows_like("build.py", "rollback", "--to", str(target), "--list")
    assert listed.returncode == 0 and "0001-" in listed.stdout and "0002-" in listed.stdout


# -- the quick start on Debian's own python3 ----------------------------------------


def checkout_copy(destination: Path) -> Path:
    """The project's files as a fresh clone would have them (tracked and new, never ignored ones)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode("utf-8").split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)
    return destination


def debian_env() -> dict[str, str]:
    """Debian's own python3 first on PATH, nothing of ours on PYTHONPATH."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["PATH"] = "/usr/bin:/bin:/usr/sbin:/sbin"
    return env


def test_the_readme_quick_start_works_with_debians_own_python3(tmp_path: Path) -> None:
    assert DEBIAN_PYTHON.is_file(), "the quick start is checked with Debian's own /usr/bin/python3"
    refused = subprocess.run([str(DEBIAN_PYTHON), "-m", "pip", "install", "--dry-run", "jinja2"],
                             env=debian_env(), capture_output=True, text=True)
    assert refused.returncode != 0, "Debian's python3 refuses pip install (PEP 668) or has no pip"
    project = checkout_copy(tmp_path / "bulletin")
    readme = (project / "README.md").read_text(encoding="utf-8")
    first_command = "python3 build.py setup && python3 build.py"
    assert first_command in readme
    not_set_up = subprocess.run(["python3", "build.py"], cwd=project, env=debian_env(), capture_output=True,
                                text=True, encoding="utf-8")
    assert not_set_up.returncode == 1 and "E804" in not_set_up.stderr and "Traceback" not in not_set_up.stderr
    assert "python3 build.py setup" in not_set_up.stderr
    quick = subprocess.run(["bash", "-c", first_command], cwd=project, env=debian_env(), capture_output=True,
                           text=True, encoding="utf-8", timeout=900)
    assert quick.returncode == 0, quick.stdout + quick.stderr
    assert (project / ".venv" / "bin" / "python").is_file()
    assert (project / "site" / "index.html").is_file()
    assert "学习型领导班子" in (project / "site" / "index.html").read_text(encoding="utf-8")
    again = subprocess.run(["python3", "build.py", "check"], cwd=project, env=debian_env(), capture_output=True,
                           text=True, encoding="utf-8")
    assert again.returncode == 0, again.stderr


def test_a_python_without_ensurepip_is_told_what_to_install(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    real_find_spec = bootstrap.importlib.util.find_spec
    monkeypatch.setattr(bootstrap.importlib.util, "find_spec",
                        lambda name, *a: None if name == "ensurepip" else real_find_spec(name, *a))
    monkeypatch.setattr(bootstrap.shutil, "which", lambda name: None)  # no apt-get here
    monkeypatch.setattr(bootstrap, "venv_python", lambda root=None: Path("/nonexistent/.venv/bin/python"))
    assert bootstrap.setup(["--lang", "both"]) == 1
    err = capsys.readouterr().err
    package = f"python3.{sys.version_info.minor}-venv"
    assert "E801" in err and "ensurepip" in err and f"sudo apt-get install {package}" in err
    assert "Traceback" not in err


def test_an_old_python_is_refused_with_the_version_needed(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setattr(bootstrap.sys, "version_info", (3, 9, 2, "final", 0))
    assert bootstrap.setup([]) == 1
    err = capsys.readouterr().err
    assert "E800" in err and "需要 Python 3.11 或更高版本，这里是 Python 3.9.2" in err


# -- paths Windows cannot take --------------------------------------------------------


def test_a_backslash_in_a_link_or_image_names_the_file_and_line(tree, tmp_path: Path, capsys) -> None:
    from bulletin.commands import main

    tree.write("issues/2010/001/图片/照片.png", b"\x89PNG\r\n\x1a\n")
    tree.article("issues/2010/001/02-lanxi.md", """
        title: 兰溪市开展读书活动
        kind: briefing
        units: [lanxi]
    """, "第一段。\n\n![现场](图片\\照片.png)\n")
    out = tmp_path / "site"
    assert main(["build", "--content", str(tree.root), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "issues/2010/001/02-lanxi.md:8: 错误 E805: 路径中有反斜杠“\\”：图片\\照片.png" in err
    assert "images/图1.png" in err and not out.exists()


def test_long_output_paths_warn_and_stop_a_build_on_windows(tree, tmp_path: Path, capsys,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from bulletin.commands import main
    from bulletin.write import portable

    # article names are cut by the router; an attachment keeps its folders and name
    name = "meeting-materials-" + "b" * 120 + "/" + "report-" + "c" * 60 + ".zip"
    tree.write(f"issues/2010/001/{name}", b"PK\x05\x06" + b"\x00" * 18)  # an empty ZIP (a fake PDF would be E329)
    tree.article("issues/2010/001/02-lanxi.md", """
        title: 兰溪市开展读书活动
        kind: briefing
        units: [lanxi]
    """, f"会议材料见[附件]({name})。\n")
    out = tmp_path / "site"
    assert main(["build", "--content", str(tree.root), "--out", str(out)]) == 0
    said = capsys.readouterr()
    assert f"issues/2010/001/{name}: 警告 W490: 输出路径 {16 + len(name)} 个字符" in said.out + said.err
    assert (out / f"issues/2010/001/{name}").is_file()
    monkeypatch.setattr(portable, "ON_WINDOWS", True)
    deep = tmp_path / ("d" * 40) / "site"
    assert main(["build", "--content", str(tree.root), "--out", str(deep)]) == 1
    err = capsys.readouterr().err
    full = len(str(deep)) + 1 + 16 + len(name)
    assert f"issues/2010/001/{name}: 错误 E806: 路径长度 {full} 个字符，超过 Windows 的 260 字符限制" in err
    assert not deep.exists()
