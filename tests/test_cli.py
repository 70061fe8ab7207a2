"""The command line as the office and CI use it: real processes, exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


def test_build_writes_the_site_and_a_summary(tree, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("build.py", "build", "--content", str(tree.root), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "完成：" in result.stdout and "(done:" in result.stdout and " 秒" in result.stdout
    assert (out / "issues/2010/001/index.html").is_file()


def test_default_command_is_build(tree, tmp_path: Path) -> None:
    result = run("build.py", "--content", str(tree.root), "--out", str(tmp_path / "o"))
    assert result.returncode == 0 and (tmp_path / "o/index.html").is_file()


def test_python_dash_m_bulletin_is_the_same_cli(tree) -> None:
    result = run("-m", "bulletin", "check", "--content", str(tree.root))
    assert result.returncode == 0 and "检查通过" in result.stdout


def test_check_on_broken_content_exits_1_and_names_file_and_line(tree) -> None:
    tree.article("issues/2010/001/02-x.md", "title: 标题\nkind: case\nunits: [yudongg]\n")
    tree.write("issues/2010/001/03-y.md", "---\ntitle: [unclosed\n---\n")
    result = run("build.py", "check", "--content", str(tree.root))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "issues/2010/001/02-x.md:4: 错误 E204" in result.stderr
    assert "issues/2010/001/03-y.md:2: 错误 E119" in result.stderr  # the unclosed "[" on its line
    assert "检查未通过：2 个错误" in result.stdout


def test_failed_build_leaves_the_previous_site_untouched(tree, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("build.py", "build", "--content", str(tree.root), "--out", str(out)).returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    tree.article("issues/2010/001/01-yudong.md", "title: 改了\nkind: case\nunits: [nobody]\n")
    result = run("build.py", "build", "--content", str(tree.root), "--out", str(out))
    assert result.returncode == 1 and "站点未改动" in result.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("build.py", "build", "--no-such-option").returncode == 2
    assert run("build.py", "frobnicate").returncode == 2


def test_missing_content_folder_is_a_content_error(tmp_path: Path) -> None:
    result = run("build.py", "check", "--content", str(tmp_path / "nothing"))
    assert result.returncode == 1 and "E222" in result.stderr


def test_refuses_to_empty_a_folder_it_did_not_write(tree, tmp_path: Path) -> None:
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "报告.docx").write_bytes(b"keep me")
    result = run("build.py", "build", "--content", str(tree.root), "--out", str(precious))
    assert result.returncode == 2 and "E226" in result.stderr
    assert (precious / "报告.docx").read_bytes() == b"keep me"


def test_missing_templates_folder_is_named(tree, tmp_path: Path) -> None:
    missing = tmp_path / "no-theme"
    result = run("build.py", "build", "--content", str(tree.root), "--out", str(tmp_path / "o"),
                 "--templates", str(missing))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{missing}: 错误 E224: 找不到模板文件夹“{missing}”" in result.stderr
    assert not (tmp_path / "o").exists()


# Reports, as the very last atexit handler, how many objects the interpreter's final collection skips.
FROZEN_AT_EXIT = ("import atexit, gc, runpy, sys; "
                  "atexit.register(lambda: print('frozen at exit:', gc.get_freeze_count(), file=sys.stderr)); "
                  "sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')")


def test_the_process_leaves_its_objects_to_the_system_and_keeps_its_exit_code(tree, tmp_path: Path) -> None:
    """build.py freezes what is alive before exiting (process.exit_process); atexit still runs,
    the exit code is kept and nothing the build wrote is lost."""
    out = tmp_path / "out"
    first = run("-c", FROZEN_AT_EXIT, "build.py", "build", "--content", str(tree.root), "--out", str(out))
    assert first.returncode == 0, first.stderr
    frozen = int(first.stderr.split("frozen at exit:")[1].split()[0])
    assert frozen > 10_000  # the whole model and the modules, not left for the last collection
    again = run("build.py", "build", "--content", str(tree.root), "--out", str(out))
    # the cache and the build state were kept: nothing to render again
    assert again.returncode == 0 and "重新生成页面 0 个" in again.stdout, again.stdout
    (tree.root / "site.yaml").write_text("title: [\n", encoding="utf-8")
    failed = run("-c", FROZEN_AT_EXIT, "build.py", "check", "--content", str(tree.root))
    assert failed.returncode == 1 and "frozen at exit:" in failed.stderr
