"""Small readers of built output used by several tests."""

from __future__ import annotations

import os
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append(value)


def links_of(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.links


def external_references(site: Path) -> list[tuple[str, str]]:
    """(page, link) for every href/src that points at another host."""
    found = []
    for page in sorted(site.rglob("*.html")):
        for link in links_of(page.read_text(encoding="utf-8")):
            parts = urlsplit(link)
            if parts.netloc or link.startswith("//") or parts.scheme in ("http", "https", "ftp"):
                found.append((page.relative_to(site).as_posix(), link))
    return found


def windows_like() -> bool:
    """True in the Windows-like test mode (pytest --windows-like, tests/windows_like/)."""
    return os.environ.get("BULLETIN_WINDOWS_LIKE") == "1"


def make_symlink(link: Path, target: Path | str, target_is_directory: bool = False) -> None:
    """A symbolic link as a test's starting point, also in the Windows-like mode (where an
    administrator would have made it); the code under test still cannot make links there."""
    make = getattr(os, "bulletin_real_symlink", os.symlink)
    make(target, link, target_is_directory=target_is_directory)
