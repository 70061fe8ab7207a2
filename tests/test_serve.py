"""``serve``: the server serves the output folder only, saves in bursts cause
one rebuild, build errors become an overlay, and an open tab in a real
headless Chromium follows edits by itself."""

from __future__ import annotations

import json
import os
import queue
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bulletin.commands import main
from bulletin.pipeline import BuildOptions
from bulletin.serve import LiveSite, Preview
from bulletin.serve.server import EVENTS, SCRIPT, inject, resolve
from bulletin.serve.watcher import Debouncer, watch
from tests.helpers import make_symlink

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "issues/2010/001/01-mobilization.md"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def eventually(condition, limit: float = 10.0, step: float = 0.05) -> bool:
    """Poll ``condition`` until it holds or ``limit`` seconds pass (a bound, not a speed test)."""
    ends = time.monotonic() + limit
    while time.monotonic() < ends:
        if condition():
            return True
        time.sleep(step)
    return bool(condition())


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# -- serving only the output folder ----------------------------------------------

def test_resolve_refuses_everything_outside_the_folder(tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / "issues").mkdir(parents=True)
    (root / "index.html").write_text("home", encoding="utf-8")
    (root / "issues/index.html").write_text("archive", encoding="utf-8")
    (root / ".bulletin-site").write_text("marker", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    make_symlink(root / "link.txt", tmp_path / "secret.txt")
    root = root.resolve()
    assert resolve(root, "/") == root / "index.html"
    assert resolve(root, "/issues/") == root / "issues/index.html"
    assert resolve(root, "/index.html?x=1#top") == root / "index.html"
    for bad in ["/../secret.txt", "/%2e%2e/secret.txt", "/issues/..%2f..%2fsecret.txt", "/..\\secret.txt",
                "/.bulletin-site", "/link.txt", "/%ff%fe", "/index.html%00.txt", "/missing.html"]:
        assert resolve(root, bad) is None, bad


def test_inject_puts_the_script_before_the_end_of_body() -> None:
    page = b"<html><body><p>\xe6\xad\xa3\xe6\x96\x87</p></body></html>"
    injected = inject(page, "v1")
    assert injected.startswith(b"<html><body><p>") and injected.endswith(b"</script>\n</body></html>")
    assert f'src="{SCRIPT}" data-events="{EVENTS}" data-version="v1"'.encode() in injected


def test_a_normal_build_has_nothing_of_the_live_reload(example_site: Path) -> None:
    for path in example_site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"__bulletin__" not in data and b"EventSource" not in data, path


@pytest.fixture
def preview(example_copy: Path, tmp_path: Path):
    running = Preview(BuildOptions(content=example_copy, out=tmp_path / "site"), port=0, quiet=0.1)
    running.start()
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    yield running
    running.close()
    thread.join(timeout=5)


def raw_get(url: str, target: str, host_header: str = "127.0.0.1") -> bytes:
    """Send a request line as written (urllib would clean up ``..``)."""
    host, port = url.split("//")[1].rstrip("/").rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=5) as conn:
        conn.sendall(f"GET {target} HTTP/1.0\r\nHost: {host_header}\r\n\r\n".encode())
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_server_serves_pages_with_the_script_and_nothing_else(preview: Preview) -> None:
    url = preview.url
    assert url.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(url + "issues/2010/001/01-mobilization.html") as response:
        assert response.headers["Content-Type"] == "text/html; charset=utf-8"
        assert response.headers["Cache-Control"] == "no-store"
        page = response.read().decode()
    assert "玉东" in page or "动员" in page
    assert f'<script src="{SCRIPT}"' in page
    with urllib.request.urlopen(url + "static/style.css") as response:
        assert SCRIPT.encode() not in response.read()
    with urllib.request.urlopen(url + "issues/2010/005/%E5%8F%82%E5%AD%A6%E7%BB%9F%E8%AE%A1%E8%A1%A8.csv") as response:
        assert response.headers["Content-Type"] == "text/csv"  # an attachment keeps its own encoding
        assert response.read() == (preview.options.content / "issues/2010/005/参学统计表.csv").read_bytes()
    with urllib.request.urlopen(url + "issues/2010") as response:  # redirected to the folder's index
        assert response.url.endswith("/issues/2010/") and "2010" in response.read().decode()
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(url + "no-such-page.html")
    assert missing.value.code == 404 and "<script" in missing.value.read().decode()
    for target in ["/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/.bulletin-site"]:
        assert raw_get(url, target).startswith(b"HTTP/1.0 404"), target


def test_only_the_bound_host_names_are_answered(preview: Preview) -> None:
    """DNS rebinding: a page on evil.example resolving to 127.0.0.1 must not read the preview."""
    url = preview.url
    port = url.rstrip("/").rsplit(":", 1)[1]
    for host in ["127.0.0.1", f"127.0.0.1:{port}", f"localhost:{port}", "LOCALHOST", f"[::1]:{port}"]:
        assert raw_get(url, "/index.html", host).startswith(b"HTTP/1.0 200"), host
    for host in ["evil.example", f"evil.example:{port}", "localhost.evil.example", ""]:
        assert raw_get(url, "/index.html", host).startswith(b"HTTP/1.0 400"), host


def test_a_very_long_path_is_414_or_404_not_a_traceback(preview: Preview, capfd) -> None:
    url = preview.url
    assert raw_get(url, "/" + "a" * 5000).startswith(b"HTTP/1.0 414")
    assert raw_get(url, "/" + "字" * 600).startswith(b"HTTP/1.0 404")  # 1800 bytes: a name too long for the disk
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.parametrize("port", ["99999", "-1"])
def test_an_impossible_port_is_a_message(example_copy: Path, capsys, port: str) -> None:
    assert main(["serve", "--content", str(example_copy), "--port", port]) == 2
    err = capsys.readouterr().err
    assert "错误 E117" in err and "0 到 65535" in err and "Traceback" not in err


def first_event(url: str) -> dict:
    with urllib.request.urlopen(url + EVENTS.lstrip("/"), timeout=5) as stream:
        for raw in stream:
            if raw.startswith(b"data: "):
                return json.loads(raw[6:])
    raise AssertionError("no event")


def test_broken_file_is_reported_to_the_browser_and_recovers(preview: Preview, example_copy: Path) -> None:
    before = first_event(preview.url)
    assert before["ok"] and before["problems"] == []
    article = example_copy / ARTICLE
    good = article.read_bytes()
    article.write_bytes(good.replace(b"title: ", "title：".encode(), 1))
    assert eventually(lambda: not preview.live.status.ok)
    broken = first_event(preview.url)
    assert broken["version"] == before["version"]  # the last good site stays
    assert broken["problems"] == [{"path": ARTICLE, "line": 2, "code": "E108", "text":
                                   "第2行使用了全角冒号“：”，请改为半角冒号“:” (line 2 uses a full-width colon '：'; "
                                   "use ':' instead) 提示：把“：”改为英文半角“:”，并在其后加一个空格。"}]
    article.write_bytes(good)
    assert eventually(lambda: preview.live.status.ok)
    fixed = first_event(preview.url)
    assert fixed["ok"] and fixed["version"] != before["version"]


def test_drafts_are_served_and_marked(example_copy: Path, tmp_path: Path) -> None:
    live = LiveSite(BuildOptions(content=example_copy, out=tmp_path / "site", drafts=True))
    assert live.rebuild().ok
    page = (tmp_path / "site/issues/2011/007/04-songling-draft.html").read_text(encoding="utf-8")
    assert '<span class="badge draft">草稿</span>' in page and "预览模式" in page


def test_a_theme_that_crashes_is_reported_and_the_preview_goes_on(example_copy: Path, tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "templates", theme)
    replace_in(theme / "article.html", "{{ article.title }}</h1>", "{{ lib.issue_of(None) }}</h1>")
    live = LiveSite(BuildOptions(content=example_copy, out=tmp_path / "site", templates=theme), lang="zh")
    status = live.rebuild()
    assert not status.ok
    assert [(p.code, p.text.split("：")[0]) for p in status.problems] == [("E118", "生成时发生意外错误")]
    assert "AttributeError" in status.problems[0].text
    replace_in(theme / "article.html", "{{ lib.issue_of(None) }}</h1>", "{{ article.title }}</h1>")
    assert live.rebuild().ok


# -- one rebuild per save --------------------------------------------------------------

def test_debouncer_turns_a_burst_into_one_call() -> None:
    calls: list[float] = []
    debouncer = Debouncer(lambda: calls.append(time.monotonic()), quiet=0.1)
    try:
        for _ in range(30):
            debouncer.poke()
        assert eventually(lambda: len(calls) == 1)
        time.sleep(0.4)  # well past the quiet period: nothing more may come
        assert len(calls) == 1
        debouncer.poke()
        assert eventually(lambda: len(calls) == 2)
    finally:
        debouncer.close()


def test_editor_save_patterns_cause_one_rebuild_each(example_copy: Path, tmp_path: Path) -> None:
    builds: list[int] = []
    live = LiveSite(BuildOptions(content=example_copy, out=tmp_path / "site"),
                    report=lambda diags, result, seconds: builds.append(len(diags.errors)))
    live.rebuild()
    debouncer = Debouncer(live.rebuild, quiet=0.3)
    observer = watch([example_copy], debouncer.poke)
    folder = example_copy / "issues/2010/001"
    article = folder / "01-mobilization.md"
    try:
        # Notepad++/WPS style: backup, temporary file, rename over the original, touch again.
        (folder / ".01-mobilization.md.swp").write_text("x", encoding="utf-8")
        temporary = folder / "01-mobilization.md.tmp"
        temporary.write_bytes(article.read_bytes().replace(b"title: ", "title: 【更新】".encode(), 1))
        os.replace(temporary, article)
        article.touch()
        (folder / ".01-mobilization.md.swp").unlink()
        assert eventually(lambda: len(builds) == 2)
        time.sleep(1.0)  # several quiet periods: a storm would show up here
        assert builds == [0, 0]
        # Reading files (the build does, an editor does) is no reason to rebuild.
        for path in folder.iterdir():
            path.read_bytes()
        time.sleep(1.0)
        assert len(builds) == 2
    finally:
        observer.stop()
        observer.join(timeout=5)
        debouncer.close()
    assert "【更新】" in (tmp_path / "site/issues/2010/001/01-mobilization.html").read_text(encoding="utf-8")


def test_a_taken_port_is_a_clear_error(example_copy: Path, capsys) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--content", str(example_copy), "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert main(["serve", "--content", str(example_copy / "nowhere"), "--port", "0"]) == 2
    assert "错误 E222: 找不到内容文件夹" in capsys.readouterr().err
    assert f"错误 E117: 无法在 127.0.0.1:{port} 上启动预览服务" in err and "请用 --port 换一个端口" in err


# -- end to end: the CLI, a real browser, edits on disk -------------------------------------

class ServeProcess:
    def __init__(self, content: Path) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "serve", "--content", str(content), "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
        self.lines: queue.Queue[str] = queue.Queue()
        self.log: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for raw in self.process.stdout:  # type: ignore[union-attr]
            self.lines.put(raw.decode("utf-8", "replace"))

    def url(self) -> str:
        ends = time.monotonic() + 30
        while time.monotonic() < ends:
            line = self.lines.get(timeout=max(0.1, ends - time.monotonic()))
            self.log.append(line)
            if "http://" in line:
                return line.split("http://", 1)[1].split()[0].join(["http://", ""])
        raise AssertionError("serve did not start: " + "".join(self.log))

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.mark.browser
def test_open_tab_follows_edits_and_shows_errors(example_copy: Path, capsys) -> None:
    from playwright.sync_api import sync_playwright

    server = ServeProcess(example_copy)
    article = example_copy / ARTICLE
    try:
        url = server.url() + "issues/2010/001/01-mobilization.html"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            try:
                page = browser.new_page()
                page.goto(url)
                old_title = page.inner_text("h1")
                page.wait_for_function("() => !!document.querySelector('script[data-events]')")
                page.evaluate("() => { window.stillTheSamePage = true; }")

                # 1. A new title appears in the open tab without the test reloading it.
                started = time.monotonic()
                replace_in(article, f"title: {old_title}", "title: 云州市召开行动学习动员大会（修订）")
                page.wait_for_function("() => document.querySelector('h1').textContent"
                                       ".includes('云州市召开行动学习动员大会（修订）')", timeout=10_000)
                latency = time.monotonic() - started
                assert page.evaluate("() => window.stillTheSamePage === undefined")  # the script reloaded it

                # 2. A broken file shows the overlay with file, line and the Chinese message.
                page.evaluate("() => { window.stillTheSamePage = true; }")
                replace_in(article, "kind: ", "kind：")
                overlay = page.wait_for_selector("#bulletin-error-overlay", timeout=10_000)
                text = overlay.inner_text()
                assert f"文件 {ARTICLE}，第 3 行（E108）" in text
                assert "第3行使用了全角冒号“：”，请改为半角冒号“:”" in text
                assert page.inner_text("h1") == "云州市召开行动学习动员大会（修订）"  # the last good page stays

                # 3. Fixing the file removes the overlay and shows the fix.
                replace_in(article, "kind：", "kind: ")
                replace_in(article, "（修订）", "（定稿）")
                page.wait_for_function("() => !document.querySelector('#bulletin-error-overlay') && "
                                       "document.querySelector('h1').textContent.includes('（定稿）')",
                                       timeout=10_000)
            finally:
                browser.close()
    finally:
        server.stop()
    with capsys.disabled():
        print(f"\n[serve] edit → new title in the open tab: {latency:.2f} s")
    output = "".join(server.log) + "".join(iter_queue(server.lines))
    assert "错误 E108" in output and "已生成" in output


def iter_queue(lines: queue.Queue[str]):
    while not lines.empty():
        yield lines.get_nowait()
