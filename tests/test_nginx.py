"""A published site served by a real nginx under a sub-path.

nginx (Debian's package; .ci/run installs it) is started by the test on a
free loopback port with a configuration written to tmp_path, the one that
docs/publishing.md recommends. The test crawls the whole site, checks content
types and the 404 page, then publishes a new version while threads keep
requesting pages, and checks that every response came whole from one release
and that no client went back to the old release once it had seen the new one.
"""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import threading
import time
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

import pytest

from bulletin.publish import Releases, publish

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PREFIX = "/jianbao/"

CONFIG = """\
daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
{user}
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    charset utf-8;
    charset_types text/html text/css text/xml text/plain application/javascript application/json
                  application/atom+xml application/xml image/svg+xml;
    access_log off;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location {prefix} {{
            alias {site}/;
            index index.html;
            error_page 404 {prefix}404.html;
        }}
        location ~ /\\. {{ deny all; }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def nginx(tmp_path: Path):
    """Start nginx serving ``tmp_path/www/jianbao`` at /jianbao/; yields (port, target)."""
    if not os.access(NGINX, os.X_OK):
        pytest.skip(f"nginx is not installed ({NGINX}); .ci/run installs the Debian package")
    run = tmp_path / "nginx"
    run.mkdir()
    target = tmp_path / "www" / "jianbao"
    target.parent.mkdir()
    user = "user root;" if os.geteuid() == 0 else ""  # workers must read tmp_path, which is private to us
    for _attempt in range(3):
        port = free_port()
        conf = run / "nginx.conf"
        conf.write_text(CONFIG.format(tmp=run, user=user, port=port, prefix=PREFIX, site=target), encoding="utf-8")
        process = subprocess.Popen([NGINX, "-p", str(run), "-c", str(conf), "-e", str(run / "error.log")],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if _wait_for_port(port, process):
            break
        process.kill()
        process.wait()
    else:
        pytest.fail("nginx did not start: " + (run / "error.log").read_text(errors="replace")[-2000:])
    try:
        yield port, target
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for_port(port: int, process: subprocess.Popen) -> bool:
    for _ in range(200):
        if process.poll() is not None:
            return False
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return True
        except OSError:
            time.sleep(0.025)
    return False


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def get(connection: http.client.HTTPConnection, path: str) -> tuple[int, str, bytes]:
    connection.request("GET", path)
    response = connection.getresponse()
    return response.status, response.getheader("Content-Type", ""), response.read()


def crawl(port: int) -> dict[str, tuple[int, str]]:
    """Every page reachable from the home page: path → (status, content type)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    seen: dict[str, tuple[int, str]] = {}
    queue = deque([PREFIX])
    while queue:
        path = queue.popleft()
        if path in seen:
            continue
        status, ctype, body = get(connection, path)
        seen[path] = (status, ctype)
        if status == 200 and ctype.startswith("text/html"):
            parser = _Links()
            parser.feed(body.decode("utf-8"))
            for link in parser.links:
                url = urlsplit(urljoin(f"http://127.0.0.1:{port}{path}", link))
                if url.netloc == f"127.0.0.1:{port}" and url.path.startswith(PREFIX):
                    queue.append(quote(unquote(url.path)))  # one spelling per page, as sent on the wire
    connection.close()
    return seen


def test_the_published_site_is_served_whole_under_a_sub_path(content_copy: Path, nginx) -> None:
    port, target = nginx
    publish(content_copy, target)
    seen = crawl(port)
    broken = {p: s for p, (s, _) in seen.items() if s != 200}
    assert broken == {}
    served = {unquote(p[len(PREFIX):]) or "index.html" for p in seen}
    pages = {p.relative_to(target.resolve()).as_posix() for p in target.resolve().rglob("*.html")}
    assert pages - served - {"404.html"} == set(), "every page is reachable by following links"
    types = {p.rsplit(".", 1)[-1]: t for p, (_, t) in seen.items() if "." in p.rsplit("/", 1)[-1]}
    assert types["html"] == "text/html; charset=utf-8"
    assert types["css"] == "text/css; charset=utf-8"
    assert types["xml"] == "text/xml; charset=utf-8"
    assert len(seen) > 100

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    status, ctype, body = get(connection, PREFIX + "issues/2010/no-such-issue.html")
    assert status == 404 and ctype == "text/html; charset=utf-8"
    assert "页面不存在" in body.decode("utf-8")
    status, _, _ = get(connection, PREFIX + ".bulletin-site")
    assert status == 403  # the generator's marker file is not served
    connection.close()


@pytest.fixture
def content_copy(example_copy: Path) -> Path:
    return example_copy


def test_publishing_under_load_never_serves_an_error_or_a_mix(content_copy: Path, nginx) -> None:
    port, target = nginx
    publish(content_copy, target)
    old_release = Releases(target).live()
    # A change that touches many pages: the latest issue's first article gets a new title.
    article = sorted((content_copy / "issues/2011").rglob("01-*.md"))[-1]
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("title: ", "title: （更新）", 1), encoding="utf-8")

    paths = sorted(p.relative_to(old_release.path).as_posix() for p in old_release.path.rglob("*")
                   if p.is_file() and p.suffix in (".html", ".xml", ".css"))
    old = {p: (old_release.path / p).read_bytes() for p in paths}
    results: list[list[tuple[str, int, bytes]]] = [[] for _ in range(4)]
    started = [threading.Event() for _ in results]
    published = threading.Event()

    def reader(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        after = 0
        deadline = time.monotonic() + 120  # bounded in time and count: reads go on until the switch is seen
        for round_number in range(200_000):
            if time.monotonic() > deadline:
                break
            path = paths[(round_number * 7 + index * 13) % len(paths)]
            status, _, body = get(connection, PREFIX + quote(path))
            results[index].append((path, status, body))
            if round_number >= 10:
                started[index].set()
            if published.is_set():
                after += 1
                if after >= 40:
                    break
        started[index].set()
        connection.close()

    threads = [threading.Thread(target=reader, args=(i,)) for i in range(len(results))]
    for thread in threads:
        thread.start()
    for event in started:
        event.wait(30)
    new_release = publish(content_copy, target).release
    published.set()
    for thread in threads:
        thread.join(60)
    assert new_release != old_release
    new = {p: (new_release.path / p).read_bytes() for p in paths}
    changed = {p for p in paths if old[p] != new[p]}
    assert len(changed) > 5

    saw_old = saw_new = 0
    for sequence in results:
        state = "old"
        for path, status, body in sequence:
            assert status == 200, path
            assert body in (old[path], new[path]), f"{path}: a response that is neither release"
            if path not in changed:
                continue
            if body == new[path]:
                state, saw_new = "new", saw_new + 1
            else:
                assert state == "old", f"{path}: the old release came back after the new one was seen"
                saw_old += 1
    assert saw_old > 0 and saw_new > 0, "the switch happened while requests were running"
