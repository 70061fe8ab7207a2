"""A full disk, a build killed half-way, two builds at once: the site is never half written,
nothing is left behind, and the next build goes on as if nothing had happened."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from bulletin.errors import BuildError
from bulletin.pipeline import BuildOptions, build
from bulletin.write import lock as build_lock_module
from bulletin.write import writer as writer_module
from bulletin.write.lock import build_lock

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "title: 附件\nkind: briefing\nunits: [yudong]\n"


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _no_leftovers(folder: Path) -> None:
    names = [p.name for p in folder.rglob("*")] + [p.name for p in folder.parent.iterdir()]
    assert not [n for n in names if ".tmp" in n or ".staging" in n], names


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 2 MB tmpfs where the machine allows mounting one (root), else an honest skip."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_leaves_the_site_byte_identical(tree, small_disk: Path) -> None:
    out = small_disk / "site"
    build(BuildOptions(content=tree.root, out=out, use_cache=False))
    before = _files(out)
    tree.write("issues/2010/001/录像.zip", os.urandom(3 * 1024 * 1024))
    tree.article("issues/2010/001/02-big.md", ARTICLE, "[录像](录像.zip)\n")
    with pytest.raises(BuildError) as failure:
        build(BuildOptions(content=tree.root, out=out, use_cache=False))
    (problem,) = failure.value.diagnostics.errors
    assert problem.code == "E335" and "ENOSPC" in problem.text("zh")
    assert _files(out) == before
    _no_leftovers(out)


def test_a_first_build_onto_a_full_disk_leaves_nothing(tree, small_disk: Path) -> None:
    tree.write("issues/2010/001/录像.zip", os.urandom(3 * 1024 * 1024))
    tree.article("issues/2010/001/02-big.md", ARTICLE, "[录像](录像.zip)\n")
    with pytest.raises(BuildError) as failure:
        build(BuildOptions(content=tree.root, out=small_disk / "site", use_cache=False))
    assert [d.code for d in failure.value.diagnostics.errors] == ["E335"]
    assert list(small_disk.iterdir()) == []


def test_a_simulated_full_disk_midway_leaves_the_site_byte_identical(
        tree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same without root: the tenth file written runs out of space after half its bytes."""
    out = tmp_path / "site"
    build(BuildOptions(content=tree.root, out=out))
    before = _files(out)
    tree.write("site.yaml", (tree.root / "site.yaml").read_text(encoding="utf-8").replace("学习型", "学习型党组织"))
    real = writer_module.write_chunks
    calls = []

    def filling_up(path: Path, chunks):
        calls.append(path)
        if len(calls) == 10:
            data = b"".join(chunks)
            with open(path, "wb") as handle:
                handle.write(data[: len(data) // 2])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(path, chunks)

    monkeypatch.setattr(writer_module, "write_chunks", filling_up)
    with pytest.raises(BuildError) as failure:
        build(BuildOptions(content=tree.root, out=out))
    assert [d.code for d in failure.value.diagnostics.errors] == ["E335"]
    assert _files(out) == before
    _no_leftovers(out)
    monkeypatch.setattr(writer_module, "write_chunks", real)
    build(BuildOptions(content=tree.root, out=out))  # and the next build just works
    clean = tmp_path / "clean"
    build(BuildOptions(content=tree.root, out=clean, use_cache=False))
    assert _files(out) == _files(clean)


KILLER = """
import os, signal, sys
from pathlib import Path
from bulletin.write import writer
from bulletin.pipeline import BuildOptions, build
real, count = writer.write_chunks, [0]
def dying(path, chunks):
    count[0] += 1
    if count[0] == int(sys.argv[3]):
        os.kill(os.getpid(), signal.SIGKILL)
    return real(path, chunks)
writer.write_chunks = dying
build(BuildOptions(content=Path(sys.argv[1]), out=Path(sys.argv[2]), use_cache=False))
"""


def _killed_build(content: Path, out: Path, at: int) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(KILLER), str(content), str(out), str(at)],
                          env=env, capture_output=True, timeout=300)
    assert done.returncode == -signal.SIGKILL, done.stderr.decode(errors="replace")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="no SIGKILL on this platform")
def test_the_next_build_cleans_up_after_a_killed_one(tree, tmp_path: Path) -> None:
    out = tmp_path / "site"
    _killed_build(tree.root, out, 20)  # a first build: killed while filling its staging folder
    assert [p.name for p in tmp_path.iterdir() if ".staging" in p.name]
    build(BuildOptions(content=tree.root, out=out, use_cache=False))
    _no_leftovers(out)
    tree.write("site.yaml", (tree.root / "site.yaml").read_text(encoding="utf-8").replace("学习型", "学习型党组织"))
    _killed_build(tree.root, out, 5)  # an incremental build: killed with temporary files beside their targets
    assert [p for p in out.rglob(".*.tmp*")]
    build(BuildOptions(content=tree.root, out=out, use_cache=False))
    _no_leftovers(out)
    clean = tmp_path / "clean"
    build(BuildOptions(content=tree.root, out=clean, use_cache=False))
    assert _files(out) == _files(clean)


def test_builds_into_one_folder_wait_for_each_other(tree, tmp_path: Path) -> None:
    out = tmp_path / "site"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with build_lock(out):
        # --no-pdf: like the in-process build below (tests not marked pdf build no PDFs, tests/conftest.py)
        waiting = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "build", "--content", str(tree.root),
                                    "--out", str(out), "--no-pdf"], env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE)
        time.sleep(1.0)  # time to reach the lock; what is checked is only that it has not gone past it
        assert waiting.poll() is None and not out.exists()
    assert waiting.wait(timeout=300) == 0
    clean = tmp_path / "clean"
    build(BuildOptions(content=tree.root, out=clean, use_cache=False))
    assert _files(out) == _files(clean)


def test_two_builds_at_once_give_one_clean_site(tree, tmp_path: Path) -> None:
    out = tmp_path / "site"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, str(ROOT / "build.py"), "build", "--content", str(tree.root), "--out", str(out),
               "--no-pdf"]  # like the in-process build below (tests not marked pdf build no PDFs)
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    assert [run.wait(timeout=300) for run in runs] == [0, 0]
    clean = tmp_path / "clean"
    build(BuildOptions(content=tree.root, out=clean, use_cache=False))
    assert _files(out) == _files(clean)
    _no_leftovers(out)


def test_a_build_waiting_too_long_is_e334(tree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    monkeypatch.setattr(build_lock_module, "WAIT_SECONDS", 0.2)
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time\nfrom pathlib import Path\n"
                               "from bulletin.write.lock import build_lock\n"
                               "with build_lock(Path(sys.argv[1])):\n    print('held', flush=True)\n"
                               "    time.sleep(60)\n", str(out)],
                              env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE)
    try:
        assert holder.stdout.readline().strip() == b"held"  # type: ignore[union-attr]
        with pytest.raises(BuildError) as failure:
            build(BuildOptions(content=tree.root, out=out))
        assert [d.code for d in failure.value.diagnostics.errors] == ["E334"]
        assert not out.exists()
    finally:
        holder.kill()
        holder.wait()


def test_a_read_only_cache_home_is_a_message_not_a_traceback(tree, tmp_path: Path, capsys,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A CI runner whose home cannot be written: the lock moves to the temporary folder, the cache is E250."""
    from bulletin.cache import seal
    from bulletin.commands import main
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache home would be", encoding="utf-8")
    monkeypatch.setenv("BULLETIN_CACHE_HOME", str(blocked / "home"))
    seal._key.cache_clear()
    try:
        assert main(["build", "--content", str(tree.root), "--out", str(tmp_path / "site")]) == 1
        err = capsys.readouterr().err
        assert "错误 E250" in err and "Traceback" not in err
        assert main(["build", "--content", str(tree.root), "--out", str(tmp_path / "site"), "--no-cache"]) == 0
    finally:
        seal._key.cache_clear()
