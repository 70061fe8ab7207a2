"""Full-text search for readers: a character-pair index built with the site.

A feature of ``render/pages.py`` ``FEATURES``: ``plan`` adds the search page,
``outputs`` writes the index scripts beside it. The browser side is
``templates/static/search.js`` with ``templates/search.html``; the design and
its measurements are in docs/readers.md.
"""

from __future__ import annotations

from bulletin.cache.store import Memo
from bulletin.model.entities import KINDS, Article
from bulletin.model.library import Library
from bulletin.render.inputs import fingerprint as fingerprint_of
from bulletin.render.outputs import OutputFile
from bulletin.render.pages import PageSpec
from bulletin.router import Router
from bulletin.search.shards import ResultDoc, index_scripts
from bulletin.search.terms import TEXT_LIMIT, DocumentTerms, SearchDocument, extract_terms, search_document

FEATURE = "bulletin.search"


def plan(lib: Library, router: Router) -> list[PageSpec]:
    return [PageSpec(router.search, "search.html", {"years": lib.years},
                     [lib.years, [(u.id, u.name) for u in lib.units]])]  # what search.html shows


def fingerprint(lib: Library, router: Router) -> str:
    """Everything the index reads (docs/architecture.md, "Incremental builds"): unchanged, the
    index files of the last build are kept and ``outputs`` is not even called."""
    return fingerprint_of(repr(lib.site.kinds), [(u.id, u.name, u.short) for u in lib.units],
                          [(a.source, a.digest, a.title, a.kind, a.date, a.issue_key, a.unit_ids, a.tags)
                           for a in lib.articles])


def outputs(lib: Library, router: Router, memo: Memo | None = None) -> list[OutputFile]:
    files = index_files(lib, router, memo)
    return [OutputFile(router.search_file(name), data) for name, data in sorted(files.items())]


def index_files(lib: Library, router: Router, memo: Memo | None = None) -> dict[str, bytes]:
    """The index of every published article, oldest first (new articles append).

    With the build cache's ``memo`` each article's terms are kept under its content
    digest and unit names, so a rebuild only tokenises the articles that changed."""
    documents = [search_document(a, lib) for a in lib.articles]
    terms = [_terms(a, d, memo) for a, d in zip(lib.articles, documents, strict=True)]
    docs = [ResultDoc(a.title, router.article(a), a.date.isoformat(), f"{lib.issue_of(a).year}年第"
                      f"{lib.issue_of(a).number}期", d.text[:TEXT_LIMIT])
            for a, d in zip(lib.articles, documents, strict=True)]
    unit_index = {u.id: i for i, u in enumerate(lib.units)}
    facets = [[KINDS.index(a.kind), a.date.year, *(unit_index[u] for u in a.unit_ids)] for a in lib.articles]
    labels = {"kinds": [[k, lib.site.kinds[k]] for k in KINDS], "units": [[u.id, u.name] for u in lib.units]}
    return index_scripts(terms, docs, facets, labels)


def _terms(article: Article, document: SearchDocument, memo: Memo | None) -> DocumentTerms:
    if memo is None or not article.digest:
        return extract_terms(document)
    key = fingerprint_of(article.digest, document.title, document.markers)
    terms = memo.get(FEATURE, key)
    if terms is None:
        terms = extract_terms(document)
        memo.put(FEATURE, key, terms)
    return terms
