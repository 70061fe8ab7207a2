"""Full-text search for readers: a character-pair index built with the site.

The feature ``search`` (render/feature.py): ``plan`` adds the search page,
``generated`` the index files, as one group per segment of articles plus
``meta.js`` (shards.py), each with its own fingerprint: an edited article
re-assembles and rewrites its own segment only, and the other segments are not
even read from the cache. The browser side is ``templates/static/search.js``
with ``templates/search.html``; the design and its measurements are in docs/readers.md.
"""

from __future__ import annotations

import hashlib
from concurrent.futures import Future
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from bulletin.cache.store import Memo
from bulletin.model.entities import KINDS
from bulletin.model.library import Library
from bulletin.render.feature import Feature
from bulletin.render.inputs import fingerprint as fingerprint_of
from bulletin.render.outputs import OutputFile
from bulletin.render.plan import Generated, NavItem, PageSpec
from bulletin.router import Router
from bulletin.search.shards import meta_script, segment_shards, segments_of
from bulletin.search.terms import markers_of
from bulletin.search.workers import POOL_THRESHOLD, Entry, Made, SegmentWorkers, make_segment

FEATURE = "search"
ENTRY_FORMAT = 2  # of the cached per-article entry; a new format never meets an old entry
AHEAD = 3  # segments under way in the workers beyond the one being written (two workers stay busy)



@dataclass
class SegmentWork:
    """A segment to make: its articles' cache keys by number, the entries the cache has, the
    articles to tokenise, and the worker making it (None: made in this process)."""

    keys: dict[int, str]
    found: dict[int, Entry]
    missing: list[int]
    future: Future[Made] | None = None


class SearchFeature(Feature):
    """The search page, its index files and the footer link (the header's search box is
    markup, not a link: base.html shows it when ``"search" in features``)."""

    name = FEATURE

    def plan(self, lib: Library, router: Router) -> list[PageSpec]:
        years = sorted({i.year for i in lib.issues}, reverse=True)  # of every series
        return [PageSpec(router.search, "search.html", {"years": years},
                         [years, [(u.id, u.name) for u in lib.units]], origin=FEATURE)]  # what search.html shows

    def generated(self, lib: Library, router: Router, root: Path) -> list[Generated]:
        """The index as groups of files that are kept or remade each on their own fingerprint."""
        index = SearchIndex(lib, router)
        groups = [Generated(f"{FEATURE}/segment-{number:03d}", partial(index.segment_files, number),
                            index.segment_fingerprint(number), prefetch=partial(index.want, number))
                  for number in range(len(index.segments))]
        meta = index.meta()
        meta_path = router.search_file("meta.js")
        groups.append(Generated(FEATURE, partial(_meta_files, index, meta_path, meta),
                                hashlib.blake2b(meta, digest_size=16).hexdigest(), [meta_path]))
        return groups

    def nav_items(self, router: Router) -> list[NavItem]:
        return [NavItem("全文检索", router.search, "footer")]


def _meta_files(index: SearchIndex, path: str, meta: bytes, memo: Memo | None) -> list[OutputFile]:
    index.close()  # made after the segments: no more tokenising
    return [OutputFile(path, meta)]


class SearchIndex:
    """The index of every published article, numbered oldest first (new articles append)."""

    def __init__(self, lib: Library, router: Router) -> None:
        self.lib = lib
        self.router = router
        self.segments = segments_of(len(lib.articles))
        self.allow_html = lib.site.allow_html  # shapes the HTML, so the text, of every article
        self.unit_names = [(u.id, u.name, u.short) for u in lib.units]  # indexed with their articles
        # Results name the series of each article when there are several (workers.result_doc).
        self.series_titles = [(s.id, s.title) for s in lib.series] if lib.site.has_several_series else []
        self._workers = SegmentWorkers(lib, router)
        self._wanted: list[int] = []  # segments this build makes (the incremental engine says which)
        self._started: dict[int, SegmentWork] = {}  # later segments looked up, the workers making some

    def segment_fingerprint(self, number: int) -> str | None:
        """Everything the segment's files show; None (remade every build) if an article has no digest."""
        span = self.segments[number]
        articles = self.lib.articles[span.start:span.stop]
        if not all(a.digest for a in articles):
            return None
        # The fields _inputs and result_doc are made of (title, text, names; address, date, issue),
        # plain attributes only: this runs for every segment on every build.
        return fingerprint_of(ENTRY_FORMAT, self.allow_html, number, segment_shards(len(span)), self.unit_names,
                              self.series_titles,
                              [(a.source, a.digest, a.title, a.slug, a.issue_key, a.date, a.unit_ids, a.tags)
                               for a in articles])

    def want(self, number: int) -> None:
        """Segment ``number`` will be made this build (the incremental engine's prefetch)."""
        self._wanted.append(number)

    def segment_files(self, number: int, memo: Memo | None) -> list[OutputFile]:
        work = self._started.pop(number, None) or self._look_up(number, memo)
        if work.future is None and len(work.missing) >= POOL_THRESHOLD:
            work.future = self._workers.submit(number, work.missing, work.found)
        if work.future is not None:  # many to tokenise (a cold build): so have the next segments
            self._start_ahead(number, memo)
            made, files = work.future.result()
        else:
            made, files = make_segment(self.lib, self.router, number, work.missing, work.found)
        if memo is not None:
            space = self._space(number)
            for i, entry in zip(work.missing, made, strict=True):
                if i in work.keys:
                    memo.put(space, work.keys[i], entry)
        if not self._started:
            self._workers.close()
        return [OutputFile(self.router.search_file(name), data) for name, data in sorted(files.items())]

    def meta(self) -> bytes:
        lib = self.lib
        unit_index = {u.id: i for i, u in enumerate(lib.units)}
        facets = [[KINDS.index(a.kind), a.date.year, *(unit_index[u] for u in a.unit_ids)] for a in lib.articles]
        labels: dict = {"kinds": [[k, lib.site.kinds[k]] for k in KINDS], "units": [[u.id, u.name] for u in lib.units]}
        if lib.site.has_several_series:  # the search page can filter by series
            series_index = {s.id: i for i, s in enumerate(lib.series)}
            labels["series"] = [[s.id, s.title] for s in lib.series]
            labels["articleSeries"] = [series_index[a.issue_key.series] for a in lib.articles]
        return meta_script(len(lib.articles), facets, labels)

    def _inputs(self, number: int) -> tuple:
        """What an article's entry is computed from: its source file and the names it is indexed under."""
        article = self.lib.articles[number]
        return article.source, article.digest, article.title, markers_of(article, self.lib)

    def _start_ahead(self, number: int, memo: Memo | None) -> None:
        """The next ``AHEAD`` segments this build makes, looked up in the cache and, when many of
        their articles are missing, started in the workers: the workers never wait for the main
        process, and no more than a few made segments wait in memory to be written."""
        for later in sorted(n for n in set(self._wanted) if n > number)[:AHEAD]:
            if later not in self._started:
                ahead = self._started[later] = self._look_up(later, memo)
                if len(ahead.missing) >= POOL_THRESHOLD:
                    ahead.future = self._workers.submit(later, ahead.missing, ahead.found)

    def _look_up(self, number: int, memo: Memo | None) -> SegmentWork:
        span = self.segments[number]
        keys = {i: fingerprint_of(ENTRY_FORMAT, self.allow_html, self._inputs(i))
                for i in span if self.lib.articles[i].digest}
        found: dict[int, Entry] = {}
        if memo is not None:
            space = self._space(number)
            for i, key in keys.items():
                entry = memo.get(space, key)
                if entry is not None:
                    found[i] = entry
        return SegmentWork(keys, found, [i for i in span if i not in found])

    @staticmethod
    def _space(number: int) -> str:
        """Each segment has its own space in the cache: the cache forgets what a build did not
        ask for within a space it used, and a build asks only for the segments it remakes."""
        return f"{FEATURE}/segment-{number:03d}"

    def close(self) -> None:
        self._workers.close()
