"""Full-text search for readers: a character-pair index built with the site.

A feature of ``render/pages.py`` ``FEATURES``: ``plan`` adds the search page,
``outputs`` writes the index scripts beside it. The browser side is
``templates/static/search.js`` with ``templates/search.html``; the design and
its measurements are in docs/readers.md.
"""

from __future__ import annotations

from bulletin.model.entities import KINDS
from bulletin.model.library import Library
from bulletin.render.outputs import OutputFile
from bulletin.render.pages import PageSpec
from bulletin.router import Router
from bulletin.search.shards import ResultDoc, index_scripts
from bulletin.search.terms import TEXT_LIMIT, extract_terms, search_document

FEATURE = "bulletin.search"


def plan(lib: Library, router: Router) -> list[PageSpec]:
    return [PageSpec(router.search, "search.html", {"years": lib.years})]


def outputs(lib: Library, router: Router) -> list[OutputFile]:
    files = index_files(lib, router)
    return [OutputFile(router.search_file(name), data) for name, data in sorted(files.items())]


def index_files(lib: Library, router: Router) -> dict[str, bytes]:
    """The index of every published article, oldest first (new articles append)."""
    documents = [search_document(a, lib) for a in lib.articles]
    terms = [extract_terms(d) for d in documents]
    docs = [ResultDoc(a.title, router.article(a), a.date.isoformat(), f"{lib.issue_of(a).year}年第"
                      f"{lib.issue_of(a).number}期", d.text[:TEXT_LIMIT])
            for a, d in zip(lib.articles, documents, strict=True)]
    unit_index = {u.id: i for i, u in enumerate(lib.units)}
    facets = [[KINDS.index(a.kind), a.date.year, *(unit_index[u] for u in a.unit_ids)] for a in lib.articles]
    labels = {"kinds": [[k, lib.site.kinds[k]] for k in KINDS], "units": [[u.id, u.name] for u in lib.units]}
    return index_scripts(terms, docs, facets, labels)
