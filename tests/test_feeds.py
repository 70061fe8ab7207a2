"""Atom feeds (all articles, per unit, per kind) checked against the Atom rules
(RFC 4287) that feed readers rely on, with and without site.yaml base_url."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urljoin
from xml.etree import ElementTree

import pytest

from bulletin.pipeline import BuildOptions, build
from bulletin.render.feeds import FEED_SIZE

ATOM = "{http://www.w3.org/2005/Atom}"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
IRI_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$")
BASE_URL = "http://intranet.example/jianbao/"
UNTITLED = b"<entry><id>urn:x:4</id><updated>2010-01-01T00:00:00Z</updated></entry>"


def _date(text: str | None) -> datetime:
    assert text and RFC3339.match(text), f"not an RFC 3339 date: {text!r}"
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _one(element: ElementTree.Element, name: str) -> ElementTree.Element:
    found = element.findall(ATOM + name)
    assert len(found) == 1, f"{element.tag} must have exactly one {name}, has {len(found)}"
    return found[0]


def validate_atom(data: bytes) -> ElementTree.Element:
    """The rules of RFC 4287 that readers depend on; raises AssertionError with the broken rule."""
    feed = ElementTree.fromstring(data)
    assert feed.tag == ATOM + "feed"
    assert IRI_SCHEME.match(_one(feed, "id").text or "")
    assert (_one(feed, "title").text or "").strip()
    feed_updated = _date(_one(feed, "updated").text)
    feed_has_author = bool(feed.findall(ATOM + "author"))
    for link in feed.findall(ATOM + "link"):
        assert link.get("href"), "link without href"
    assert len([lk for lk in feed.findall(ATOM + "link") if lk.get("rel") == "alternate"]) <= 1
    ids = []
    for entry in feed.findall(ATOM + "entry"):
        entry_id = _one(entry, "id").text or ""
        assert IRI_SCHEME.match(entry_id), entry_id
        ids.append(entry_id)
        assert (_one(entry, "title").text or "").strip()
        updated = _date(_one(entry, "updated").text)
        assert updated <= feed_updated, "feed updated must not be older than its entries"
        for published in entry.findall(ATOM + "published"):
            assert _date(published.text) <= updated
        assert feed_has_author or entry.findall(ATOM + "author"), "entry without author"
        for author in entry.findall(ATOM + "author"):
            assert (_one(author, "name").text or "").strip()
        alternates = [lk for lk in entry.findall(ATOM + "link") if lk.get("rel", "alternate") == "alternate"]
        assert alternates or entry.findall(ATOM + "content"), "entry needs a link or content"
        for content in entry.findall(ATOM + "content"):
            assert content.get("type") in ("text", "html", "xhtml")
    assert len(ids) == len(set(ids)), "entry ids must be unique"
    return feed


def _feeds(site: Path) -> list[Path]:
    return [site / "feed.xml", *sorted((site / "feeds").rglob("*.xml"))]


def test_every_feed_is_valid_atom(example_site: Path) -> None:
    feeds = _feeds(example_site)
    assert len(feeds) == 1 + 10 + 3 + 2  # all, ten units, three kinds, the example's two series
    for path in feeds:
        validate_atom(path.read_bytes())


def test_validator_rejects_broken_feeds() -> None:
    good = (b'<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:x:1</id><title>t</title>'
            b'<updated>2011-01-01T00:00:00+08:00</updated><author><name>a</name></author>{entries}</feed>')
    entry = b'<entry><id>urn:x:{n}</id><title>e</title><updated>{d}</updated><link href="a.html"/></entry>'
    validate_atom(good.replace(b"{entries}", entry.replace(b"{n}", b"2").replace(b"{d}", b"2010-12-31T00:00:00Z")))
    broken = [
        good.replace(b"<id>urn:x:1</id>", b""),  # no feed id
        good.replace(b"2011-01-01T00:00:00+08:00", b"2011-01-01"),  # not RFC 3339
        good.replace(b"{entries}", entry.replace(b"{n}", b"2").replace(b"{d}", b"2010-12-31T00:00:00Z") * 2),  # dup ids
        good.replace(b"{entries}", entry.replace(b"{n}", b"3").replace(b"{d}", b"2012-01-01T00:00:00Z")),  # newer entry
        good.replace(b"{entries}", UNTITLED),  # no title
        good.replace(b"<id>urn:x:1</id>", b"<id>no scheme</id>"),
    ]
    for data in broken:
        with pytest.raises(AssertionError):
            validate_atom(data.replace(b"{entries}", b""))


def _entry_links(feed_path: Path, site: Path) -> list[str]:
    feed = ElementTree.fromstring(feed_path.read_bytes())
    return [link.get("href") for entry in feed.iter(ATOM + "entry") for link in entry.findall(ATOM + "link")]


def test_links_without_base_url_are_relative_to_the_feed_and_reach_real_pages(example_site: Path) -> None:
    for feed_path in _feeds(example_site):
        rel = feed_path.relative_to(example_site).as_posix()
        feed = ElementTree.fromstring(feed_path.read_bytes())
        hrefs = [link.get("href") for link in feed.iter(ATOM + "link")]
        assert hrefs
        for href in hrefs:
            assert not IRI_SCHEME.match(href)
            target = unquote(urljoin("http://x/" + rel, href)[len("http://x/"):])
            assert (example_site / target).is_file(), (rel, href)
        self_links = [lk.get("href") for lk in feed.findall(ATOM + "link") if lk.get("rel") == "self"]
        assert len(self_links) == 1 and urljoin("http://x/" + rel, self_links[0]) == "http://x/" + rel


def test_unit_and_kind_feeds_hold_their_own_articles(example_site: Path) -> None:
    yudong = ElementTree.fromstring((example_site / "feeds/units/yudong.xml").read_bytes())
    units = [{c.get("term") for c in e.findall(ATOM + "category")} for e in yudong.iter(ATOM + "entry")]
    assert units and all("yudong" in terms for terms in units)
    cases = ElementTree.fromstring((example_site / "feeds/kinds/case.xml").read_bytes())
    kinds = [{c.get("term") for c in e.findall(ATOM + "category")} for e in cases.iter(ATOM + "entry")]
    assert kinds and all("case" in terms and not terms & {"briefing", "progress"} for terms in kinds)
    assert _one(cases, "title").text == "典型案例 - 学习型领导班子建设工作简报"
    everything = ElementTree.fromstring((example_site / "feed.xml").read_bytes())
    assert len(everything.findall(ATOM + "entry")) == FEED_SIZE  # newest 50 of 57


def test_same_article_has_the_same_id_in_every_feed_and_build(example_site: Path, tmp_path: Path) -> None:
    def ids(site: Path, rel: str) -> dict[str, str]:
        feed = ElementTree.fromstring((site / rel).read_bytes())
        return {_one(e, "title").text: _one(e, "id").text for e in feed.iter(ATOM + "entry")}

    everything, unit = ids(example_site, "feed.xml"), ids(example_site, "feeds/units/yudong.xml")
    shared = everything.keys() & unit.keys()
    assert shared and all(everything[t] == unit[t] for t in shared)
    build(BuildOptions(content=Path(__file__).parent.parent / "content", out=tmp_path / "again"))
    assert ids(tmp_path / "again", "feed.xml") == everything


def test_drafts_are_in_no_feed(example_site: Path) -> None:
    for feed_path in _feeds(example_site):
        assert "松岭县召开行动学习课题推进会" not in feed_path.read_text(encoding="utf-8")


def test_base_url_gives_absolute_links_and_self(example_copy: Path, tmp_path: Path) -> None:
    site_yaml = example_copy / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + f"base_url: {BASE_URL}\n", encoding="utf-8")
    out = tmp_path / "site"
    build(BuildOptions(content=example_copy, out=out))
    for feed_path in _feeds(out):
        feed = validate_atom(feed_path.read_bytes())
        rel = feed_path.relative_to(out).as_posix()
        self_links = [lk.get("href") for lk in feed.findall(ATOM + "link") if lk.get("rel") == "self"]
        assert self_links == [BASE_URL + rel]
        assert _one(feed, "id").text == BASE_URL + rel
        for link in feed.iter(ATOM + "link"):
            assert link.get("href").startswith(BASE_URL)
        for entry in feed.iter(ATOM + "entry"):
            assert _one(entry, "id").text.startswith((BASE_URL + "issues/", BASE_URL + "series/"))
            content = _one(entry, "content")
            # images resolve beside the article
            assert content.get(XML_BASE).startswith((BASE_URL + "issues/", BASE_URL + "series/"))
