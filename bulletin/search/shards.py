"""Assembling the search index into plain JavaScript files.

The index is written as scripts (``bulletinSearch.add(...)``) rather than JSON
because a page opened from disk (file://) may load a <script> but may not
fetch a local file. It is split so that a query loads only what it needs:

- ``meta.js``: shard counts and, per article, its kind, year and units (for filters);
- ``index-b-NNN.js``: postings of character pairs and words, by key hash;
- ``index-c-NNN.js``: postings of single characters, for one-character queries;
- ``docs-NNN.js``: title, address, date and text of ``DOCS_PER_CHUNK`` articles,
  loaded only for the results on screen.

A posting list is one array of numbers, each ``delta << 5 | weight``: the
article number minus the previous one, and the weight of ``terms.py``.
Everything is sorted, so the same articles always give the same bytes, and a
shard whose keys did not change keeps its bytes.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from bulletin.search.terms import DocumentTerms

POSTINGS_PER_SHARD = 20000  # about 100 KB of script per shard
DOCS_PER_CHUNK = 16
WEIGHT_BITS = 5
SCRIPT_CALL = "bulletinSearch.add"


@dataclass(frozen=True)
class ResultDoc:
    """What a result shows: the article's title, site-root path, date, issue label and text."""

    title: str
    path: str
    date: str
    issue: str
    text: str


def key_hash(key: str) -> int:
    """A small hash that search.js computes identically (UTF-16 code units, no overflow in ES5)."""
    data = key.encode("utf-16-le")
    value = 0
    for i in range(0, len(data), 2):
        value = (value * 31 + data[i] + (data[i + 1] << 8)) % 65521
    return value


def shard_count(total_postings: int) -> int:
    """A power of two, so that shards stay near ``POSTINGS_PER_SHARD``; it changes only when the corpus doubles."""
    count = 1
    while total_postings > count * POSTINGS_PER_SHARD and count < 4096:
        count *= 2
    return count


def encode_postings(postings: Sequence[tuple[int, int]]) -> list[int]:
    return _delta([(doc_id << WEIGHT_BITS) | weight for doc_id, weight in postings])


def _delta(packed: list[int]) -> list[int]:
    """``doc << 5 | weight`` values, ascending by doc → the same with each doc made relative to the previous."""
    mask = ~((1 << WEIGHT_BITS) - 1)
    return [value - (previous & mask) for value, previous in zip(packed, [0, *packed[:-1]], strict=True)]


def decode_postings(encoded: Sequence[int]) -> list[tuple[int, int]]:
    """The inverse of ``encode_postings`` (search.js does the same)."""
    decoded, doc_id = [], 0
    for value in encoded:
        doc_id += value >> WEIGHT_BITS
        decoded.append((doc_id, value & ((1 << WEIGHT_BITS) - 1)))
    return decoded


# Written as escapes inside the JSON strings: "<", ">" and "&" so that article text
# such as "<script>" never stands raw in a script file (defence in depth: search.js
# only ever inserts it as text), U+2028/U+2029 because ES5 forbids them raw in strings.
_SCRIPT_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                                 "\u2028": "\\u2028", "\u2029": "\\u2029"})


def script(name: str, payload: object) -> bytes:
    """``name.js``: registers ``payload`` under its own file name, which is how search.js asks for it."""
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return f'{SCRIPT_CALL}("{name}",{data.translate(_SCRIPT_ESCAPES)});\n'.encode()


def shard_scripts(prefix: str, terms: Sequence[dict[str, int]]) -> tuple[int, dict[str, bytes]]:
    """Shards of one key family: their count and ``{file name: bytes}``."""
    postings: dict[str, list[int]] = defaultdict(list)
    for doc_id, weights in enumerate(terms):
        base = doc_id << WEIGHT_BITS
        for key, weight in weights.items():
            postings[key].append(base | weight)
    count = shard_count(sum(len(p) for p in postings.values()))
    shards: list[dict[str, list[int]]] = [{} for _ in range(count)]
    for key, packed in postings.items():
        shards[key_hash(key) % count][key] = _delta(packed)
    files = {}
    for number, shard in enumerate(shards):
        name = f"index-{prefix}-{number:03d}"
        files[f"{name}.js"] = script(name, shard)
    return count, files


def doc_scripts(docs: Sequence[ResultDoc]) -> dict[str, bytes]:
    files = {}
    for start in range(0, len(docs), DOCS_PER_CHUNK):
        name = f"docs-{start // DOCS_PER_CHUNK:03d}"
        rows = [[d.title, d.path, d.date, d.issue, d.text] for d in docs[start:start + DOCS_PER_CHUNK]]
        files[f"{name}.js"] = script(name, rows)
    return files


def index_scripts(terms: Sequence[DocumentTerms], docs: Sequence[ResultDoc], facets: Sequence[list],
                  labels: dict) -> dict[str, bytes]:
    """Every file of the index, by file name; ``facets[i]`` is ``[kind, year, unit…]`` of article i."""
    pair_count, pair_files = shard_scripts("b", [t.pairs for t in terms])
    char_count, char_files = shard_scripts("c", [t.chars for t in terms])
    meta = {"version": 1, "pairShards": pair_count, "charShards": char_count, "docsPerChunk": DOCS_PER_CHUNK,
            "count": len(docs), "facets": list(facets), **labels}
    return {"meta.js": script("meta", meta), **pair_files, **char_files, **doc_scripts(docs)}
