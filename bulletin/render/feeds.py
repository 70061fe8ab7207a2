"""Machine-readable outputs: the Atom feed and sitemap.xml.

Both want absolute URLs; they use site.yaml ``base_url`` when it is given and
fall back to paths relative to the site root otherwise.
"""

from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape, quoteattr

from bulletin.model.library import Library, newest_first
from bulletin.render.inputs import PageInputs
from bulletin.render.outputs import OutputFile
from bulletin.router import Router, relative

FEED_SIZE = 50


def absolute(lib: Library, path: str) -> str:
    return lib.site.base_url + relative("", path) if lib.site.base_url else relative("", path)


def _timestamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00+08:00"


def render_feeds(lib: Library, router: Router) -> list[OutputFile]:
    return [OutputFile(router.feed, atom_feed(lib, router)), OutputFile(router.sitemap, sitemap(lib, router))]


def feed_inputs(lib: Library, router: Router, track: PageInputs) -> list:
    """What the feed and the sitemap show: the newest articles in full, every page's address."""
    return [[track.article(a) for a in newest_first(lib.articles)[:FEED_SIZE]], sitemap_paths(lib, router)]


def atom_feed(lib: Library, router: Router) -> bytes:
    site = lib.site
    articles = newest_first(lib.articles)[:FEED_SIZE]
    updated = _timestamp(articles[0].date if articles else date(2000, 1, 1))
    feed_id = absolute(lib, router.feed) if site.base_url else f"urn:bulletin:{escape(site.title)}"
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
        f"<title>{escape(site.title)}</title>",
        f"<subtitle>{escape(site.description or site.publisher)}</subtitle>",
        f"<id>{escape(feed_id)}</id>",
        f"<updated>{updated}</updated>",
        f"<author><name>{escape(site.publisher)}</name></author>",
        f"<link rel=\"alternate\" href={quoteattr(absolute(lib, router.home))}/>",
    ]
    if site.base_url:
        parts.append(f"<link rel=\"self\" href={quoteattr(absolute(lib, router.feed))}/>")
    for article in articles:
        url = absolute(lib, router.article(article))
        entry_id = url if site.base_url else f"urn:bulletin:{escape(article.source)}"
        labels = " ".join(lib.unit_by_id[u].name for u in article.unit_ids)
        parts += [
            "<entry>",
            f"<title>{escape(article.title)}</title>",
            f"<id>{escape(entry_id)}</id>",
            f"<link rel=\"alternate\" href={quoteattr(url)}/>",
            f"<updated>{_timestamp(article.date)}</updated>",
            f"<author><name>{escape(article.author or site.publisher)}</name></author>",
            f"<category term={quoteattr(article.kind)} label={quoteattr(site.kinds[article.kind])}/>",
            f"<summary>{escape(article.summary or labels)}</summary>",
            f"<content type=\"html\">{escape(article.html)}</content>",
            "</entry>",
        ]
    parts.append("</feed>\n")
    return "\n".join(parts).encode("utf-8")


def sitemap_paths(lib: Library, router: Router) -> list[str]:
    paths = [router.home, router.archive, router.units_index]
    paths += [router.issue(i) for i in lib.issues]
    paths += [router.article(a) for a in lib.articles]
    paths += [router.unit(u) for u in lib.units]
    return paths


def sitemap(lib: Library, router: Router) -> bytes:
    paths = sitemap_paths(lib, router)
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"<url><loc>{escape(absolute(lib, p))}</loc></url>" for p in paths]
    lines.append("</urlset>\n")
    return "\n".join(lines).encode("utf-8")
