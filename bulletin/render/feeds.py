"""Machine-readable outputs: Atom feeds (all articles, per unit, per kind) and sitemap.xml.

Both want absolute URLs; they use site.yaml ``base_url`` when it is given. Without
it, feed links are relative to the feed's own address (which Atom allows) and
ids are ``urn:uuid:`` names derived from the site and the page, so they stay
the same from build to build.
"""

from __future__ import annotations

import html
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial

from bulletin import __version__
from bulletin.cache.store import Memo
from bulletin.model.entities import KINDS, Article
from bulletin.model.library import Library, newest_first
from bulletin.render.inputs import PageInputs, fingerprint
from bulletin.render.outputs import OutputFile
from bulletin.render.plan import Generated
from bulletin.router import Router, relative

FEED_SIZE = 50


# xml.sax.saxutils' escape and quoteattr, to the byte, without importing it: it imports
# urllib.request, http.client, ssl and email (~7 ms of every build that plans the feeds).
_ATTRIBUTE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def escape(text: str) -> str:
    return html.escape(text, quote=False)


def quoteattr(text: str) -> str:
    """The value quoted for an attribute: in double quotes, or in single ones when it holds only
    double ones."""
    text = text.translate(_ATTRIBUTE)
    if '"' not in text:
        return f'"{text}"'
    return f"'{text}'" if "'" not in text else '"' + text.replace('"', "&quot;") + '"'


def absolute(lib: Library, path: str) -> str:
    return lib.site.base_url + relative("", path) if lib.site.base_url else relative("", path)


def _timestamp(day: date) -> str:
    """RFC 3339, at midnight Beijing time: the bulletins carry dates, not times."""
    return f"{day.isoformat()}T00:00:00+08:00"


@dataclass(frozen=True)
class FeedSpec:
    """One Atom feed: where it is written, its title, the page it follows, its articles."""

    path: str
    title: str
    page: str
    articles: list[Article]


def feed_specs(lib: Library, router: Router) -> list[FeedSpec]:
    """The feed of all articles, one per unit and one per kind."""
    site = lib.site
    specs = [FeedSpec(router.feed, site.title, router.home, lib.articles)]
    specs += [FeedSpec(router.unit_feed(u), f"{u.name} - {site.title}", router.unit(u), lib.by_unit.get(u.id, []))
              for u in lib.units]
    specs += [FeedSpec(router.kind_feed(k), f"{site.kinds[k]} - {site.title}", router.kind(k), lib.by_kind[k])
              for k in KINDS]
    if site.has_several_series:  # one feed per series, each following its own archive
        specs += [FeedSpec(router.series_feed(s), s.title, router.series_archive(s),
                           [a for i in lib.issues_of(s) for a in i.articles]) for s in lib.series]
    return specs


def feed_groups(lib: Library, router: Router, track: PageInputs) -> list[Generated]:
    """Each feed, and the sitemap, as a group of its own with its own fingerprint: a new issue
    remakes the feeds it appears in (all articles, its kinds, its units), not all of them."""
    common = track.common()
    specs = feed_specs(lib, router)
    newest = [_newest(spec.articles) for spec in specs]
    entries = FeedEntries(lib, router, track, common, newest)
    groups = [Generated("feeds:" + spec.path, partial(_one_feed, lib, spec, articles, entries),
                        fingerprint(common, feed_inputs(lib, spec, track, articles)), paths=[spec.path])
              for spec, articles in zip(specs, newest, strict=True)]
    paths = sitemap_paths(lib, router)
    groups.append(Generated("feeds:" + router.sitemap, partial(_sitemap_file, lib, router, paths),
                            fingerprint(common, paths), paths=[router.sitemap]))
    return groups


def _newest(articles: list[Article]) -> list[Article]:
    """The articles a feed carries."""
    return newest_first(articles)[:FEED_SIZE]


def _one_feed(lib: Library, spec: FeedSpec, articles: list[Article], entries: FeedEntries,
              memo: Memo | None) -> list[OutputFile]:
    return [OutputFile(spec.path, _atom(lib, spec, articles, entries.for_feed(spec.path, memo)))]


def _sitemap_file(lib: Library, router: Router, paths: list[str], memo: Memo | None) -> list[OutputFile]:
    return [OutputFile(router.sitemap, sitemap(lib, router, paths))]


def _href(lib: Library, feed_path: str, target: str) -> str:
    """Absolute from ``base_url`` when given, else relative to the feed's own address."""
    return absolute(lib, target) if lib.site.base_url else relative(feed_path, target)


def _urn(lib: Library, path: str) -> str:
    """A stable id when there is no base_url: the same article has the same id in every feed."""
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"bulletin:{lib.site.publisher}:{lib.site.title}:{path}"))


def atom_feed(lib: Library, router: Router, spec: FeedSpec | None = None) -> bytes:
    """One feed, made without the build cache."""
    spec = spec or feed_specs(lib, router)[0]
    articles = _newest(spec.articles)
    return _atom(lib, spec, articles, FeedEntries(lib, router, None, "", [articles]).for_feed(spec.path, None))


def _atom(lib: Library, spec: FeedSpec, articles: list[Article], entry: Callable[[Article], bytes]) -> bytes:
    site = lib.site
    newest = max((_updated(lib, a) for a in articles), default=None)
    newest = newest or (lib.latest_issue.date if lib.latest_issue else date(2000, 1, 1))
    feed_id = absolute(lib, spec.path) if site.base_url else _urn(lib, spec.path)
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
        f"<title>{escape(spec.title)}</title>",
        f"<subtitle>{escape(site.description or site.publisher)}</subtitle>",
        f"<id>{escape(feed_id)}</id>",
        f"<updated>{_timestamp(newest)}</updated>",
        f"<author><name>{escape(site.publisher)}</name></author>",
        f"<generator>bulletin {__version__}</generator>",
        f"<link rel=\"alternate\" type=\"text/html\" href={quoteattr(_href(lib, spec.path, spec.page))}/>",
        f"<link rel=\"self\" type=\"application/atom+xml\" href={quoteattr(_href(lib, spec.path, spec.path))}/>",
    ]
    lines = [line.encode("utf-8") for line in parts]
    lines += [entry(article) for article in articles]
    lines.append(b"</feed>\n")
    return b"\n".join(lines)


def _updated(lib: Library, article: Article) -> date:
    """An article is out when its issue is printed, which may be days after the article's own date."""
    return max(article.date, lib.issue_of(article).date)


# The build cache's space for finished feed entries (FeedEntries).
ENTRIES = "feed-entries"

# An entry's text around its link, which is written twice (link and xml:base) and is the only
# part that depends on the feed it is in: before, between and after the link.
# In UTF-8: an entry is mostly the article's HTML, which is neither decoded nor encoded again.
EntryParts = tuple[bytes, bytes, bytes]


class FeedEntries:
    """Each article's ``<entry>``, made once per build and kept in the build cache.

    An entry shows the article in full: a remade feed of 50 entries would otherwise read 50
    articles' HTML back from the cache (a new issue remakes some 16 feeds: 800 entries). The key
    holds everything an entry shows: what every page shows (site.yaml: publisher, title,
    base_url, kind labels), the article's page, its full token (render/inputs.py: title, date,
    summary, units' names, source file: body and author) and the date its issue was printed.
    Only the link differs between feeds; it is put in when the entry is written."""

    def __init__(self, lib: Library, router: Router, track: PageInputs | None, common: str,
                 carried: list[list[Article]]) -> None:
        self.lib, self.router, self.track = lib, router, track
        self.prefix = fingerprint(common, "feed entry")
        self.carried = carried  # every feed's articles: their entries are kept while a feed is remade
        self.made: dict[str, EntryParts] = {}
        self.keys: dict[str, str] = {}  # page path → its entry's key
        self.kept = False

    def for_feed(self, feed_path: str, memo: Memo | None) -> Callable[[Article], bytes]:
        if memo is not None and not self.kept:
            self.kept = True
            self._keep(memo)
        return partial(self.entry, feed_path, memo)

    def entry(self, feed_path: str, memo: Memo | None, article: Article) -> bytes:
        target = self.router.article(article)
        key = self._key(article, target)
        parts = self.made.get(key)
        if parts is None:
            parts = self.made[key] = self._remembered(key, article, target, memo)
        link = quoteattr(_href(self.lib, feed_path, target)).encode("utf-8")
        return parts[0] + link + parts[1] + link + parts[2]

    def _key(self, article: Article, target: str) -> str:
        if self.track is None:  # no build cache: entries are made for this build only
            return target
        key = self.keys.get(target)  # an article is in several feeds, and every feed's entries are kept
        if key is None:
            key = self.keys[target] = (f"{self.prefix}|{target}|{self.track.article(article)}|"
                                       f"{_updated(self.lib, article)}")
        return key

    def _remembered(self, key: str, article: Article, target: str, memo: Memo | None) -> EntryParts:
        found = memo.get(ENTRIES, key) if memo is not None else None
        if isinstance(found, tuple) and len(found) == 3 and all(isinstance(part, bytes) for part in found):
            return found
        parts = _entry_parts(self.lib, article, target)
        if memo is not None:
            memo.put(ENTRIES, key, parts)
        return parts

    def _keep(self, memo: Memo) -> None:
        """Entries of the feeds this build keeps unmade are kept too: the cache forgets entries a
        build did not ask for, and the next issue will remake other units' feeds."""
        for articles in self.carried:
            for article in articles:
                memo.keep(ENTRIES, self._key(article, self.router.article(article)))


def _entry_parts(lib: Library, article: Article, target: str) -> EntryParts:
    site = lib.site
    entry_id = absolute(lib, target) if site.base_url else _urn(lib, target)
    units = lib.units_of(article)
    summary = article.summary or "、".join(u.name for u in units)
    before = ["<entry>",
              f"<title>{escape(article.title)}</title>",
              f"<id>{escape(entry_id)}</id>",
              "<link rel=\"alternate\" type=\"text/html\" href="]
    between = ["/>",
               f"<published>{_timestamp(article.date)}</published>",
               f"<updated>{_timestamp(_updated(lib, article))}</updated>",
               f"<author><name>{escape(article.author or site.publisher)}</name></author>",
               f"<category term={quoteattr(article.kind)} label={quoteattr(site.kinds[article.kind])}/>",
               *[f"<category term={quoteattr(u.id)} label={quoteattr(u.name)}/>" for u in units],
               f"<summary>{escape(summary)}</summary>",
               # Images in the body are relative to the article page; xml:base makes readers resolve them there.
               "<content type=\"html\" xml:base="]
    after = f">{escape(article.html)}</content>\n</entry>"
    return "\n".join(before).encode("utf-8"), "\n".join(between).encode("utf-8"), after.encode("utf-8")


def feed_inputs(lib: Library, spec: FeedSpec, track: PageInputs, newest: list[Article]) -> list:
    """What one feed shows (render/inputs.py): its newest articles in full, with their issues,
    its title and page; an empty feed is dated by the latest issue (atom_feed)."""
    latest = lib.latest_issue.date if lib.latest_issue and not newest else None
    return [spec.path, spec.title, spec.page, [track.article(a) for a in newest],
            [track.issue(lib.issue_of(a)) for a in newest], latest]


def sitemap_paths(lib: Library, router: Router) -> list[str]:
    paths = [router.home, router.archive, router.units_index]
    for series in lib.series if lib.site.has_several_series else []:  # each series' archive and years
        if not series.main:
            paths.append(router.series_archive(series))
        paths += [router.year(year, series) for year in lib.years_of(series)]
    paths += [router.issue(i) for i in lib.issues]
    paths += [router.article(a) for a in lib.articles]
    paths += [router.unit(u) for u in lib.units]
    return paths


def sitemap(lib: Library, router: Router, paths: list[str] | None = None) -> bytes:
    paths = sitemap_paths(lib, router) if paths is None else paths
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"<url><loc>{escape(absolute(lib, p))}</loc></url>" for p in paths]
    lines.append("</urlset>\n")
    return "\n".join(lines).encode("utf-8")
