"""Untrusted text stays text: clean the HTML that Markdown produces.

Articles come from many units' 通讯员, pasted from Word, web pages and WeChat.
Markdown passes raw HTML through, so the HTML it produces is cleaned with nh3
(the Rust ``ammonia`` allow-list sanitiser): only the tags and attributes
Markdown itself writes survive; scripts, event handlers, ``javascript:``
URLs, iframes and styles do not. ``allow_html: true`` in site.yaml trusts the
authors and skips the allow-list (control characters are still removed).

``references`` lists every URL the cleaned HTML points at, so the markdown
stage can refuse files outside the content folder and images from other hosts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

import nh3

from bulletin.patterns import CONTROL

TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code",
    "em", "strong", "b", "i", "u", "s", "del", "ins", "sub", "sup", "mark", "small", "abbr", "cite", "q",
    "kbd", "samp", "var", "a", "img", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody",
    "tfoot", "tr", "th", "td", "caption", "colgroup", "col", "div", "span", "figure", "figcaption",
}
ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "type"},
    "li": {"value"},
    "th": {"colspan", "rowspan", "align", "style"},
    "td": {"colspan", "rowspan", "align", "style"},
    "col": {"span"},
    "colgroup": {"span"},
    "abbr": {"title"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# The tables extension aligns columns with ``style="text-align: …"``; nothing
# else may be styled (``background: url(…)`` would load from another host).
STYLE_PROPERTIES = {"text-align"}
# Removed together with their content, not just unwrapped.
DROP_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math"}

_CLEANER = nh3.Cleaner(
    tags=TAGS, clean_content_tags=DROP_WITH_CONTENT, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
    link_rel=None, strip_comments=True, filter_style_properties=STYLE_PROPERTIES,
)
# Attributes whose URL is fetched by the browser when the page loads.
_LOADING = {("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"), ("video", "src"),
            ("video", "poster"), ("audio", "src"), ("iframe", "src"), ("embed", "src"), ("object", "data"),
            ("script", "src"), ("link", "href"), ("input", "src"), ("track", "src")}
_URL_ATTRIBUTES = {"href", "src", "srcset", "poster", "data", "action", "formaction", "background"}
# The parser lower-cases attribute names, so it can find one of them only in HTML whose lower-cased
# text contains the name (srcset and formaction contain src and action); substring tests, because
# a case-insensitive regular expression costs two thirds of the sanitising.
_URL_NAME_PARTS = ("href", "src", "poster", "data", "action", "background")


@dataclass
class Reference:
    url: str
    loads: bool  # fetched when the page loads (an image) rather than followed (a link)
    tag: str = ""
    attribute: str = ""


@dataclass
class Cleaned:
    html: str
    removed: list[str] = field(default_factory=list)  # what the sanitiser took out, for W422
    references: list[Reference] = field(default_factory=list)


def sanitize(html: str, allow_html: bool = False) -> Cleaned:
    """Clean ``html`` (unless trusted) and list what was removed and referenced."""
    html = CONTROL.sub("", html)
    cleaned = html if allow_html else _CLEANER.clean(html)
    if cleaned == html and not _may_hold_url(html):
        # Nothing removed and no URL anywhere (most articles): the inventory, a pure-Python
        # parse costing about a third of rendering, would find nothing to report.
        return Cleaned(html)
    before = _inventory(html)
    if allow_html:
        return Cleaned(html, [], before.references)
    removed = _removed(before, _inventory(cleaned)) if cleaned != html else []
    # URLs are judged as written, before nh3 drops a ``C:\…`` or ``file:`` href,
    # so that the author hears why the link vanished; only links and images count.
    kept = [ref for ref in before.references if ref.attribute in ATTRIBUTES.get(ref.tag, ())]
    return Cleaned(cleaned, removed, kept)


def _may_hold_url(html: str) -> bool:
    """Whether the inventory could find a URL attribute in ``html`` (it finds none otherwise)."""
    lowered = html.lower()
    return any(part in lowered for part in _URL_NAME_PARTS)


class _Inventory(HTMLParser):
    """Counts tags and attributes, and collects URLs, of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.attributes: Counter[str] = Counter()
        self.references: list[Reference] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        for name, value in attrs:
            value = value or ""
            shown = "javascript: 链接" if value.strip().lower().startswith("javascript:") else name
            self.attributes[f"{tag} {shown}"] += 1
            if name in _URL_ATTRIBUTES and value.strip():
                self.references.append(Reference(value.strip(), (tag, name) in _LOADING, tag, name))

    handle_startendtag = handle_starttag


def _inventory(html: str) -> _Inventory:
    parser = _Inventory()
    parser.feed(html)
    parser.close()
    return parser


def _removed(before: _Inventory, after: _Inventory) -> list[str]:
    tags = sorted(before.tags - after.tags)
    gone = [f"<{tag}>" for tag in tags]
    gone += [name.split(" ", 1)[1] for name in sorted(before.attributes - after.attributes)
             if name.split(" ", 1)[0] not in tags]
    return list(dict.fromkeys(gone))
