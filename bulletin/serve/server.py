"""A small HTTP server for the preview: the output folder and nothing else.

The live-reload script is added to HTML pages as they are sent, so the files
on disk stay exactly what ``build`` writes. ``/__bulletin__/events`` is a
server-sent-events stream of build statuses; the script reloads the tab when
the site changed and shows an overlay when the build failed.
"""

from __future__ import annotations

import ipaddress
import json
import mimetypes
import posixpath
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from bulletin.serve.live import LiveSite

PREFIX = "/__bulletin__/"
EVENTS = PREFIX + "events"
SCRIPT = PREFIX + "livereload.js"
SCRIPT_FILE = Path(__file__).with_name("livereload.js")
HEARTBEAT_SECONDS = 10.0
MAX_PATH = 2048  # longer request paths get 414; no page of the site has one
# What the generator writes, always as UTF-8; attachments (a GBK .csv from Excel) are left to the browser.
_UTF8_TYPES = {".html": "text/html", ".css": "text/css", ".js": "text/javascript", ".xml": "application/xml",
               ".json": "application/json", ".svg": "image/svg+xml"}
# Shown when the very first build failed, so there is no page yet to put the overlay on.
_NOTHING_YET = ("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>尚未生成</title></head>"
                "<body><p>站点尚未生成：请按提示修改文件，保存后本页会自动刷新。</p></body></html>")


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], root: Path, live: LiveSite) -> None:
        self.root = Path(root).resolve()
        self.live = live
        self.host_names = {"localhost", str(address[0]).strip("[]").lower()}
        super().__init__(address, PreviewHandler)

    def answers(self, host_header: str | None) -> bool:
        """Whether a request's Host names this server: ``localhost``, the ``--host`` given, or an IP
        address. A web page on some other name that resolves here (DNS rebinding) would otherwise
        read the preview, drafts included, from the office PC's browser."""
        if not host_header:
            return False
        host = _host_name(host_header)
        if host in self.host_names:
            return True
        try:
            ipaddress.ip_address(host)
        except ValueError:
            return False
        return True

    @property
    def url(self) -> str:
        host, port = (str(part) for part in self.server_address[:2])  # str: the address is never bytes here
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/"


def _host_name(header: str) -> str:
    """``name:8000`` → ``name``, ``[::1]:8000`` → ``::1``."""
    host = header.strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    if host.count(":") == 1:
        return host.partition(":")[0]
    return host  # a name without port, or a bare IPv6 address


def resolve(root: Path, url_path: str) -> Path | None:
    """The file under ``root`` that ``url_path`` names, or None.

    ``..``, hidden names (the ``.bulletin-site`` marker, temporary files) and
    symbolic links leading out of the folder are refused.
    """
    try:
        path = unquote(urlsplit(url_path).path, errors="strict")
    except UnicodeDecodeError:
        return None
    parts = [p for p in path.split("/") if p]
    if any(p in ("..", ".") or p.startswith(".") or "\\" in p or "\x00" in p for p in parts):
        return None
    try:
        target = root.joinpath(*parts).resolve()
        if not target.is_relative_to(root):
            return None
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None
    except (OSError, ValueError):  # a name too long for the file system, or otherwise impossible
        return None


def inject(html: bytes, version: str) -> bytes:
    """Add the live-reload script before ``</body>`` (or at the end)."""
    tag = (f'<script src="{SCRIPT}" data-events="{EVENTS}" data-version="{escape(version)}"></script>\n'
           .encode())
    at = html.lower().rfind(b"</body>")
    return html + tag if at < 0 else html[:at] + tag + html[at:]


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "bulletin-preview"

    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        self._respond(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802 (http.server API)
        self._respond(send_body=False)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (http.server API)
        """Quiet: the terminal is for the office's messages, not access logs."""

    def _respond(self, send_body: bool) -> None:
        if len(self.path) > MAX_PATH:
            self._send(HTTPStatus.REQUEST_URI_TOO_LONG, "text/plain", b"URI too long", send_body)
            return
        if not self.server.answers(self.headers.get("Host")):
            self._send(HTTPStatus.BAD_REQUEST, "text/plain", b"Unknown host name", send_body)
            return
        path = urlsplit(self.path).path
        if path == EVENTS:
            self._stream_events()
        elif path == SCRIPT:
            self._send(HTTPStatus.OK, "text/javascript", SCRIPT_FILE.read_bytes(), send_body)
        else:
            self._send_file(path, send_body)

    def _send_file(self, path: str, send_body: bool) -> None:
        target = resolve(self.server.root, path)
        if target is not None and target.name == "index.html" and not path.endswith(("/", ".html")):
            # A folder without its slash: relative links on its index page need the slash.
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", quote(path + "/", safe="/%"))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status = HTTPStatus.OK
        if target is None:
            status = HTTPStatus.NOT_FOUND
            target = resolve(self.server.root, "/404.html")
        if target is None:
            body = _NOTHING_YET.encode() if not self.server.live.status.ok else b"Not found"
            self._send(status, "text/html", inject(body, self.server.live.status.version), send_body)
            return
        data = target.read_bytes()
        kind = content_type(target)
        if kind == "text/html":
            data = inject(data, self.server.live.status.version)
        self._send(status, kind, data, send_body)

    def _send(self, status: HTTPStatus, kind: str, data: bytes, send_body: bool) -> None:
        self.send_response(status)
        charset = "; charset=utf-8" if kind in _UTF8_TYPES.values() else ""
        self.send_header("Content-Type", kind + charset)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if send_body:
            self.wfile.write(data)

    def _stream_events(self) -> None:
        """Send the current status at once, then every new one (and a heartbeat)."""
        live = self.server.live
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = -1
        try:
            while not live.closed:
                status = live.wait(seen, HEARTBEAT_SECONDS)
                if live.closed:
                    return
                if status.serial == seen:
                    self.wfile.write(b": heartbeat\n\n")
                else:
                    seen = status.serial
                    payload = json.dumps(status.as_dict(), ensure_ascii=False)
                    self.wfile.write(f"data: {payload}\n\n".encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            return  # the tab was closed


def content_type(path: Path) -> str:
    suffix = path.suffix.lower()
    return _UTF8_TYPES.get(suffix) or mimetypes.guess_type(posixpath.basename(str(path)))[0] or \
        "application/octet-stream"
