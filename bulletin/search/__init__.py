"""Full-text search for readers: a character-pair index built with the site.

A feature of ``render/pages.py`` ``FEATURES``: ``plan`` adds the search page,
``generated`` the index files, as one group per segment of articles plus
``meta.js`` (shards.py), each with its own fingerprint: an edited article
re-assembles and rewrites its own segment only, and the other segments are not
even read from the cache. The browser side is ``templates/static/search.js``
with ``templates/search.html``; the design and its measurements are in docs/readers.md.
"""

from __future__ import annotations

import hashlib
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from functools import partial

from bulletin.cache.store import Memo
from bulletin.model.entities import KINDS, Article
from bulletin.model.library import Library
from bulletin.render.inputs import fingerprint as fingerprint_of
from bulletin.render.outputs import OutputFile
from bulletin.render.pages import Generated, PageSpec
from bulletin.router import Router
from bulletin.search.shards import ResultDoc, meta_script, segment_scripts, segment_shards, segments_of
from bulletin.search.terms import TEXT_LIMIT, CompactTerms, compact, extract_terms, markers_of, search_document

FEATURE = "bulletin.search"
ENTRY_FORMAT = 2  # of the cached per-article entry; a new format never meets an old entry
POOL_THRESHOLD = 200  # articles to tokenise below which forking workers costs more than it saves

Entry = tuple[str, CompactTerms]  # an article's text excerpt and its index keys

_job: Library | None = None  # the library, shared with forked workers copy-on-write


def plan(lib: Library, router: Router) -> list[PageSpec]:
    return [PageSpec(router.search, "search.html", {"years": lib.years},
                     [lib.years, [(u.id, u.name) for u in lib.units]])]  # what search.html shows


def generated(lib: Library, router: Router) -> list[Generated]:
    """The index as groups of files that are kept or remade each on their own fingerprint."""
    index = SearchIndex(lib, router)
    groups = [Generated(f"{FEATURE}/segment-{number:03d}", partial(index.segment_files, number),
                        index.segment_fingerprint(number)) for number in range(len(index.segments))]
    meta = index.meta()
    groups.append(Generated(FEATURE, lambda memo: [OutputFile(router.search_file("meta.js"), meta)],
                            hashlib.blake2b(meta, digest_size=16).hexdigest()))
    return groups


def outputs(lib: Library, router: Router, memo: Memo | None = None) -> list[OutputFile]:
    """Every file of the index at once (a build without the incremental engine)."""
    return [item for group in generated(lib, router) for item in group.make(memo)]


class SearchIndex:
    """The index of every published article, numbered oldest first (new articles append)."""

    def __init__(self, lib: Library, router: Router) -> None:
        self.lib = lib
        self.router = router
        self.segments = segments_of(len(lib.articles))
        self.allow_html = lib.site.allow_html  # shapes the HTML, so the text, of every article
        self.unit_names = [(u.id, u.name, u.short) for u in lib.units]  # indexed with their articles

    def segment_fingerprint(self, number: int) -> str | None:
        """Everything the segment's files show; None (remade every build) if an article has no digest."""
        span = self.segments[number]
        articles = self.lib.articles[span.start:span.stop]
        if not all(a.digest for a in articles):
            return None
        # The fields _inputs and _place are made of (title, text, names; address, date, issue),
        # plain attributes only: this runs for every segment on every build.
        return fingerprint_of(ENTRY_FORMAT, self.allow_html, number, segment_shards(len(span)), self.unit_names,
                              [(a.source, a.digest, a.title, a.slug, a.issue_key, a.date, a.unit_ids, a.tags)
                               for a in articles])

    def segment_files(self, number: int, memo: Memo | None) -> list[OutputFile]:
        span = self.segments[number]
        entries = self._entries(number, memo)
        docs = [self._result(i, excerpt) for i, (excerpt, _) in zip(span, entries, strict=True)]
        files = segment_scripts(number, span.start, [terms for _, terms in entries], docs)
        return [OutputFile(self.router.search_file(name), data) for name, data in sorted(files.items())]

    def meta(self) -> bytes:
        lib = self.lib
        unit_index = {u.id: i for i, u in enumerate(lib.units)}
        facets = [[KINDS.index(a.kind), a.date.year, *(unit_index[u] for u in a.unit_ids)] for a in lib.articles]
        labels = {"kinds": [[k, lib.site.kinds[k]] for k in KINDS], "units": [[u.id, u.name] for u in lib.units]}
        return meta_script(len(lib.articles), facets, labels)

    def _result(self, number: int, excerpt: str) -> ResultDoc:
        return ResultDoc(self.lib.articles[number].title, *self._place(number), excerpt)

    def _place(self, number: int) -> tuple[str, str, str]:
        """What a result shows besides the title and text: address, date, issue."""
        article = self.lib.articles[number]
        issue = self.lib.issue_of(article)
        return self.router.article(article), article.date.isoformat(), f"{issue.year}年第{issue.number}期"

    def _inputs(self, number: int) -> tuple:
        """What an article's entry is computed from: its source file and the names it is indexed under."""
        article = self.lib.articles[number]
        return article.source, article.digest, article.title, markers_of(article, self.lib)

    def _entries(self, number: int, memo: Memo | None) -> list[Entry]:
        """Each article's entry: from the cache, else tokenised (in workers when many). Every
        segment has its own space in the cache: the cache forgets what a build did not ask
        for within a space it used, and a build asks only for the segments it remakes."""
        span = self.segments[number]
        space = f"{FEATURE}/segment-{number:03d}"
        keys = {i: fingerprint_of(ENTRY_FORMAT, self.allow_html, self._inputs(i))
                for i in span if self.lib.articles[i].digest}
        found: dict[int, Entry] = {}
        if memo is not None:
            for i, key in keys.items():
                entry = memo.get(space, key)
                if entry is not None:
                    found[i] = entry
        missing = [i for i in span if i not in found]
        for i, entry in zip(missing, _tokenise(self.lib, missing), strict=True):
            found[i] = entry
            if memo is not None and i in keys:
                memo.put(space, keys[i], entry)
        return [found[i] for i in span]


def article_entry(article: Article, lib: Library) -> Entry:
    document = search_document(article, lib)
    return document.text[:TEXT_LIMIT], compact(extract_terms(document))


def _tokenise(lib: Library, numbers: list[int]) -> list[Entry]:
    """Entries of the articles ``numbers``; a cold build's ten thousand are spread over all cores."""
    from bulletin.markdown.parallel import default_jobs

    jobs = default_jobs()
    if len(numbers) < POOL_THRESHOLD or jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [article_entry(lib.articles[i], lib) for i in numbers]
    global _job
    _job = lib
    try:
        size = -(-len(numbers) // (jobs * 2))
        slices = [numbers[start:start + size] for start in range(0, len(numbers), size)]
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            return [entry for part in pool.map(_tokenise_slice, slices) for entry in part]
    finally:
        _job = None


def _tokenise_slice(numbers: list[int]) -> list[Entry]:
    assert _job is not None
    return [article_entry(_job.articles[i], _job) for i in numbers]
