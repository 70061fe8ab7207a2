"""Full-text search for readers: a character-pair index built with the site.

The feature ``search`` (render/feature.py): ``plan`` adds the search page,
``generated`` the index files, as one group per segment of articles (its
shards), one per docs chunk and ``meta.js`` (shards.py), each with its own
fingerprint: an edited article remakes its own segment and chunk only, and the
other segments are not even read from the cache. A segment remade for a few
changed articles is not assembled again from all its articles: the files the
last build assembled (kept in the cache with the entries they came from) have
those articles' postings replaced, and only the shards that change are
rewritten. The browser side is ``templates/static/search.js``
with ``templates/search.html``; the design and its measurements are in docs/readers.md.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import partial
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from bulletin.cache.store import Memo
from bulletin.digest import plain_digest
from bulletin.model.entities import KINDS
from bulletin.model.library import Library
from bulletin.render.feature import Feature
from bulletin.render.outputs import OutputFile
from bulletin.render.plan import Generated, NavItem, PageSpec
from bulletin.router import Router
from bulletin.search import shards
from bulletin.search.shards import (
    block_of,
    char_keyed,
    chunks_of,
    doc_scripts,
    docs_name,
    meta_script,
    pair_keyed,
    segment_shards,
    segments_of,
    shard_prefixes,
    updated_shard_scripts,
)
from bulletin.search.terms import markers_of
from bulletin.search.workers import (
    POOL_THRESHOLD,
    Entry,
    Made,
    SegmentWorkers,
    article_entry,
    make_segment,
    result_doc,
)

if TYPE_CHECKING:  # concurrent.futures (and logging) only when a build starts workers
    from concurrent.futures import Future

FEATURE = "search"
ENTRY_FORMAT = 2  # of the cached per-article entry; a new format never meets an old entry
AHEAD = 3  # segments under way in the workers beyond the one being written (two workers stay busy)
ASSEMBLED = "assembled"  # with the segment's place in its block: the key of its index files as last made
# Changed articles of a segment beyond which assembling it afresh costs less than updating its shards.
UPDATE_LIMIT = 32
_DIGEST = attrgetter("digest")


@dataclass
class SegmentWork:
    """A segment to make: its articles' cache keys by number, the entries the cache has, the
    articles to tokenise, and the worker making it (None: made in this process)."""

    keys: dict[int, str]
    found: dict[int, Entry]
    missing: list[int]
    future: Future[Made] | None = None


class Assembled(NamedTuple):
    """A segment's index files as last made, with the cache keys of the entries they were
    assembled from, by position in the segment. It is only ever the base of an update: the
    articles whose keys differ now are taken out of the shards and put back in as they are
    now, so what is written is a function of the current entries alone (whichever build
    left this record), and the files equal those of assembling the segment afresh."""

    shape: tuple[int, int, int]  # ENTRY_FORMAT and the segment's shard counts: another shape is no base
    keys: tuple[str, ...]
    files: dict[str, bytes]


class SearchFeature(Feature):
    """The search page, its index files and the footer link (the header's search box is
    markup, not a link: base.html shows it when ``"search" in features``)."""

    name = FEATURE

    def __init__(self) -> None:
        self._memo: Memo | None = None

    def use_cache(self, memo: Memo | None) -> None:
        self._memo = memo  # to see, when the build starts making files, whether a segment must be tokenised

    def plan(self, lib: Library, router: Router) -> list[PageSpec]:
        years = sorted({i.year for i in lib.issues}, reverse=True)  # of every series
        return [PageSpec(router.search, "search.html", {"years": years},
                         [years, [(u.id, u.name) for u in lib.units]], origin=FEATURE)]  # what search.html shows

    def generated(self, lib: Library, router: Router, root: Path) -> list[Generated]:
        """The index as groups of files that are kept or remade each on their own fingerprint."""
        index = SearchIndex(lib, router, self._memo)
        groups = []
        for number, span in enumerate(index.segments):
            groups.append(Generated(f"{FEATURE}/segment-{number:03d}", partial(index.segment_files, number),
                                    index.segment_fingerprint(number), prefetch=partial(index.want, number)))
            # Each docs chunk on its own (after its segment, which may hand it over made): an edit
            # rewrites one chunk, and the segment's other chunks are kept without being made.
            groups += [Generated(f"{FEATURE}/{docs_name(chunk)}", partial(index.docs_files, chunk),
                                 index.docs_fingerprint(chunk), [router.search_file(f"{docs_name(chunk)}.js")],
                                 prefetch=partial(index.want_docs, chunk))
                       for chunk in chunks_of(span)]
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

    def __init__(self, lib: Library, router: Router, memo: Memo | None = None) -> None:
        self.lib = lib
        self.router = router
        self.memo = memo
        self.segments = segments_of(len(lib.articles))
        self.allow_html = lib.site.allow_html  # shapes the HTML, so the text, of every article
        self.unit_names = [(u.id, u.name, u.short) for u in lib.units]  # indexed with their articles
        # Results name the series of each article when there are several (workers.result_doc).
        self.series_titles = [(s.id, s.title) for s in lib.series] if lib.site.has_several_series else []
        self._workers = SegmentWorkers(lib, router)
        self._wanted: list[int] = []  # segments this build makes (the incremental engine says which)
        self._wanted_docs: set[int] = set()  # docs chunks this build makes
        self._started: dict[int, SegmentWork] = {}  # later segments looked up, the workers making some
        self._docs_made: dict[int, bytes] = {}  # docs chunks made with their segment, until written
        self._kept_blocks: set[int] = set()

    def segment_fingerprint(self, number: int) -> str | None:
        """Everything the segment's index files show; None (remade every build) if an article has no digest."""
        span = self.segments[number]
        articles = self.lib.articles[span.start:span.stop]
        if not all(map(_DIGEST, articles)):
            return None
        # The fields _inputs is made of (title, text, names), plain attributes only, hashed by
        # marshal (a quarter of repr's time): this runs for every segment on every build.
        return plain_digest(ENTRY_FORMAT, self.allow_html, number, span.start, segment_shards(len(span)),
                            self.unit_names,
                            [(a.source, a.digest, a.title, a.unit_ids, a.tags) for a in articles])

    def docs_fingerprint(self, chunk: int) -> str | None:
        """Everything a docs chunk shows (result_doc: title, text; address, date, issue)."""
        articles = self.lib.articles[chunk * shards.DOCS_PER_CHUNK:(chunk + 1) * shards.DOCS_PER_CHUNK]
        if not all(map(_DIGEST, articles)):
            return None
        return plain_digest(ENTRY_FORMAT, self.allow_html, chunk, self.series_titles,  # plain values only
                            [(a.source, a.digest, a.title, a.slug, *a.issue_key, a.date.toordinal())
                             for a in articles])

    def want(self, number: int) -> None:
        """Segment ``number`` will be made this build (the incremental engine's prefetch, called
        for every group before the first is made). When its articles must be tokenised (a cold
        build), the first few such segments start in the workers now, so that they run while this
        process makes the groups before them (the statistics) instead of after."""
        self._wanted.append(number)
        if len(self._started) <= AHEAD and self._untokenised(number):
            work = self._started[number] = self._look_up(number, self.memo)
            if len(work.missing) >= POOL_THRESHOLD:
                work.future = self._workers.submit(number, work.missing, work.found)

    def _untokenised(self, number: int, sample: int = 8) -> bool:
        """Whether the cache lacks the segment's first articles' entries (then it lacks the rest)."""
        if self.memo is None:
            return True
        space = self._space(number)
        keys = list(self._entry_keys(number, limit=sample).values())
        return bool(keys) and all(self.memo.get(space, key) is None for key in keys)

    def want_docs(self, chunk: int) -> None:
        self._wanted_docs.add(chunk)

    def segment_files(self, number: int, memo: Memo | None) -> list[OutputFile]:
        if memo is not None:  # (every segment this build makes is known by now: the prefetches ran)
            self._keep_block(block_of(self.segments[number].start), memo)
        work = self._started.pop(number, None)
        if work is None or work.future is None:
            updated = self._updated(number, memo)
            if updated is not None:  # a few articles changed: their postings replaced in the last files
                if not self._started:
                    self._workers.close()
                return self._index_outputs(updated)
        work = work or self._look_up(number, memo)
        if work.future is None and len(work.missing) >= POOL_THRESHOLD:
            work.future = self._workers.submit(number, work.missing, work.found)
        if work.future is not None:  # many to tokenise (a cold build): so have the next segments
            self._start_ahead(number, memo)
            made, files = work.future.result()
        else:
            made, files = make_segment(self.lib, self.router, number, work.missing, work.found)
        span = self.segments[number]
        if memo is not None:
            space = self._space(number)
            for i, entry in zip(work.missing, made, strict=True):
                if i in work.keys:
                    memo.put(space, work.keys[i], entry)
        for chunk in chunks_of(span):  # handed to their own groups, made right after this one
            if chunk in self._wanted_docs:
                self._docs_made[chunk] = files[f"{docs_name(chunk)}.js"]
        index_files = {name: data for name, data in files.items() if not name.startswith("docs-")}
        if memo is not None and len(work.keys) == len(span):
            memo.put(self._space(number), self._assembled_key(number),
                     Assembled(self._shape(number), tuple(work.keys[i] for i in span), index_files))
        if not self._started:
            self._workers.close()
        return self._index_outputs(index_files)

    def docs_files(self, chunk: int, memo: Memo | None) -> list[OutputFile]:
        data = self._docs_made.pop(chunk, None)
        if data is None:  # its segment was kept, or updated in place: the chunk's 16 excerpts
            size = shards.DOCS_PER_CHUNK
            numbers = range(chunk * size, min((chunk + 1) * size, len(self.lib.articles)))
            docs = [result_doc(self.lib, self.router, i, self._excerpt(i, memo)) for i in numbers]
            data = doc_scripts(numbers.start, docs)[f"{docs_name(chunk)}.js"]
        return [OutputFile(self.router.search_file(f"{docs_name(chunk)}.js"), data)]

    def _index_outputs(self, files: dict[str, bytes]) -> list[OutputFile]:
        return [OutputFile(self.router.search_file(name), data) for name, data in sorted(files.items())]

    def _excerpt(self, number: int, memo: Memo | None) -> str:
        """An article's excerpt, from its cached entry when there is one."""
        article = self.lib.articles[number]
        if memo is not None and article.digest:
            self._keep_block(block_of(number), memo)
            entry = memo.get(self._block_space(block_of(number)), self._entry_key(number))
            if entry is not None:
                return entry[0]
        return article_entry(article, self.lib)[0]

    def _keep_block(self, block: int, memo: Memo) -> None:
        """Using a block's cache space: what its segments that this build does not remake hold
        there is kept, or the cache would forget the entries and the assembled files not read
        (the small segments of the last block share its space, so that joining them into a
        larger one finds their entries)."""
        if block in self._kept_blocks:
            return
        self._kept_blocks.add(block)
        space = self._block_space(block)
        for number, span in enumerate(self.segments):
            if block_of(span.start) == block and number not in self._wanted:
                for key in [self._assembled_key(number), *self._entry_keys(number).values()]:
                    memo.keep(space, key)

    def _updated(self, number: int, memo: Memo | None) -> dict[str, bytes] | None:
        """The segment's index files as the last build assembled them, with the postings of
        the articles changed since replaced; None when there is no such base to start from
        (no cache, an article without digest, another shape) or too much has changed."""
        span = self.segments[number]
        keys = self._entry_keys(number)
        if memo is None or len(keys) < len(span):
            return None
        space = self._space(number)
        base = memo.get(space, self._assembled_key(number))
        if not isinstance(base, Assembled) or base.shape != self._shape(number):
            return None
        now = [keys[i] for i in span]
        changed = [at for at in range(max(len(now), len(base.keys)))
                   if at >= len(now) or at >= len(base.keys) or now[at] != base.keys[at]]
        if len(changed) > UPDATE_LIMIT:
            return None
        before = {at: base.keys[at] for at in changed if at < len(base.keys)}
        old: dict[int, Entry] = {}
        for at, key in before.items():
            if (entry := memo.get(space, key)) is None:  # pruned since: no base after all
                return None
            old[at] = entry
        new = {at: self._entry(span.start + at, now[at], memo) for at in changed if at < len(now)}
        for key in now:
            memo.keep(space, key)
        if not changed:
            memo.keep(space, self._assembled_key(number))
            return base.files
        files = dict(base.files)
        counts = self._shape(number)[1:]
        for prefix, count, keyed in zip(shard_prefixes(number), counts, (pair_keyed, char_keyed), strict=True):
            files.update(updated_shard_scripts(prefix, count, base.files, [
                (at, keyed(old[at][1]) if at in old else None, keyed(new[at][1]) if at in new else None)
                for at in changed]))
        memo.put(space, self._assembled_key(number), Assembled(base.shape, tuple(now), files))
        return files

    def _entry(self, number: int, key: str, memo: Memo) -> Entry:
        """An article's entry from the cache, or tokenised now (and cached)."""
        space = self._block_space(block_of(number))
        entry = memo.get(space, key)
        if entry is None:
            entry = article_entry(self.lib.articles[number], self.lib)
            memo.put(space, key, entry)
        return entry

    def _shape(self, number: int) -> tuple[int, int, int]:
        return (ENTRY_FORMAT, *segment_shards(len(self.segments[number])))

    def meta(self) -> bytes:
        lib = self.lib
        unit_index = {u.id: i for i, u in enumerate(lib.units)}.__getitem__
        kind_index = {k: i for i, k in enumerate(KINDS)}.__getitem__
        facets = [[kind_index(a.kind), a.date.year, *map(unit_index, a.unit_ids)] for a in lib.articles]
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

    def _entry_keys(self, number: int, limit: int | None = None) -> dict[int, str]:
        """Cache keys of the entries of the segment's articles (those with a digest), by number;
        of its first ``limit`` articles only, when given."""
        span = self.segments[number]
        numbers = span if limit is None else span[:limit]
        return {i: self._entry_key(i) for i in numbers if self.lib.articles[i].digest}

    def _entry_key(self, number: int) -> str:
        """The cache key of an article's entry: what it is tokenised from (``_inputs``)."""
        return plain_digest(ENTRY_FORMAT, self.allow_html, self._inputs(number))

    def _look_up(self, number: int, memo: Memo | None) -> SegmentWork:
        span = self.segments[number]
        keys = self._entry_keys(number)
        found: dict[int, Entry] = {}
        if memo is not None:
            space = self._space(number)
            for i, key in keys.items():
                entry = memo.get(space, key)
                if entry is not None:
                    found[i] = entry
        return SegmentWork(keys, found, [i for i in span if i not in found])

    def _space(self, number: int) -> str:
        """A segment's space in the cache: that of its block (``_block_space``)."""
        return self._block_space(block_of(self.segments[number].start))

    @staticmethod
    def _block_space(block: int) -> str:
        """Each block of ``SEGMENT_SIZE`` articles has its own space in the cache: the cache
        forgets what a build did not ask for within a space it used, and a build asks only for
        the segments it remakes (``_keep_block`` keeps the rest of a block it uses)."""
        return f"{FEATURE}/segment-{block:03d}"

    def _assembled_key(self, number: int) -> str:
        """The cache key of a segment's files as last made, by its place in its block: the
        last segment of a block keeps its key while a new issue's articles are appended to it."""
        return f"{ASSEMBLED}-{self.segments[number].start % shards.SEGMENT_SIZE}"

    def close(self) -> None:
        self._workers.close()
