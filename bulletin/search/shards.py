"""Assembling the search index into plain JavaScript files, segment by segment.

The index is written as scripts (``bulletinSearch.add(...)``) rather than JSON
because a page opened from disk (file://) may load a <script> but may not
fetch a local file. Articles are numbered oldest first and cut into SEGMENTS
of ``SEGMENT_SIZE`` articles, the last, unfinished block into smaller ones
(``segments_of``); each segment is a small index of its own, so an edited
article rewrites one segment and a new issue only the last, small ones. Within a
segment an edit changes the weights of a few keys only (one article's ~1,000
keys touch nearly every key-hash shard, but an added sentence changes about a
tenth of them): ``updated_shard_scripts`` rewrites just the shards holding those. Files:

- ``meta.js``: per segment its shard counts and first article; per article its kind, year and units (filters);
- ``index-b-SSS-HHH.js``: postings of character pairs and words of segment SSS, by key hash;
- ``index-c-SSS-HHH.js``: postings of single characters, for one-character queries;
- ``docs-NNN.js``: title, address, date and text of ``DOCS_PER_CHUNK`` articles,
  loaded only for the results on screen (a segment holds whole chunks).

A query loads, for each of its keys, the shard of that key in every segment.
A posting list is one array of numbers, each ``delta << 5 | weight``: the
article's number within its segment minus the previous one, and the weight of
``terms.py``. Everything is sorted, so the same articles give the same bytes.
"""

from __future__ import annotations

import json
from bisect import bisect_left, insort
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, repeat
from operator import and_, lshift, or_, rshift, sub
from typing import Any

from bulletin.search.terms import CompactTerms

DOCS_PER_CHUNK = 16
# Measured at 10,000 articles (docs/readers.md): a segment of 1,024 articles re-assembles in
# about 0.25 s; 10 segments × (128 + 32) shards keep what one key loads near 200 KB.
# A key loads 1/128 of all pair postings whatever the segment size; smaller segments
# would need more, smaller shards (more files) for the same.
SEGMENT_SIZE = 1024  # DOCS_PER_CHUNK times a power of two (segments_of halves it)
ARTICLES_PER_PAIR_SHARD = 8
ARTICLES_PER_CHAR_SHARD = 32
MAX_SHARDS = 4096
WEIGHT_BITS = 5
SCRIPT_CALL = "bulletinSearch.add"
# meta.js's "version": the index format, which templates/static/search.js checks (INDEX_VERSION
# there) before reading it. 3: segments of several sizes, each with the number of its first article.
INDEX_VERSION = 3


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


def shard_count(articles: int, per_shard: int) -> int:
    """A power of two near ``articles / per_shard``: known from the article count alone,
    so ``meta.js`` can name every segment's shards without assembling them."""
    count = 1
    while articles > count * per_shard and count < MAX_SHARDS:
        count *= 2
    return count


def segment_shards(articles: int) -> tuple[int, int]:
    """Pair and character shard counts of a segment of ``articles`` articles."""
    return shard_count(articles, ARTICLES_PER_PAIR_SHARD), shard_count(articles, ARTICLES_PER_CHAR_SHARD)


def segments_of(total: int) -> list[range]:
    """Article numbers of each segment, oldest first: whole segments of ``SEGMENT_SIZE``, then
    the last, unfinished block cut as a binary number is, into a half, a quarter… down to
    ``DOCS_PER_CHUNK`` articles, and a last segment of the few left. A new issue then makes a
    small segment, or joins a few small ones into the next size up, instead of rewriting the
    160 shards of a block of up to 1,023 articles; a reader's query loads a few more, small
    files. Every segment but the last holds whole docs chunks, as every size is a multiple."""
    full = total - total % SEGMENT_SIZE
    spans = [range(start, start + SEGMENT_SIZE) for start in range(0, full, SEGMENT_SIZE)]
    start, size = full, SEGMENT_SIZE // 2
    while size >= DOCS_PER_CHUNK and size % DOCS_PER_CHUNK == 0:
        if total - start >= size:
            spans.append(range(start, start + size))
            start += size
        size //= 2
    if start < total:
        spans.append(range(start, total))
    return spans


def block_of(number: int) -> int:
    """The block of ``SEGMENT_SIZE`` articles that article ``number`` lies in: a whole segment,
    or the unfinished last block's small segments (its cache space, search/__init__.py)."""
    return number // SEGMENT_SIZE


def encode_postings(postings: Sequence[tuple[int, int]]) -> list[int]:
    return _delta([(doc_id << WEIGHT_BITS) | weight for doc_id, weight in postings])


_DOC_MASK = ~((1 << WEIGHT_BITS) - 1)
_WEIGHT_MASK = (1 << WEIGHT_BITS) - 1
# _delta and _undelta run for every key of a segment: chains of C iterators (map, accumulate)
# instead of a loop in Python, several times faster on long posting lists.


def _delta(packed: list[int]) -> list[int]:
    """``doc << 5 | weight`` values, ascending by doc → the same with each doc made relative to the previous."""
    return list(map(sub, packed, map(and_, chain((0,), packed), repeat(_DOC_MASK))))


def _replaced(deltas: list[int], gone: set[int], fresh: list[int]) -> list[int]:
    """A key's postings (``_delta`` of them) without those of the articles ``gone``, with the
    packed postings ``fresh`` (ascending) in their place: the few changes found by bisection
    in the articles' numbers, so a long list is never walked in Python."""
    docs = list(accumulate(map(rshift, deltas, repeat(WEIGHT_BITS))))
    if not docs:
        return _delta(fresh)
    if min(gone) > docs[-1]:  # only articles after the last one (a new issue): appended
        return deltas + _delta([docs[-1] << WEIGHT_BITS, *fresh])[1:]
    packed = list(map(or_, map(lshift, docs, repeat(WEIGHT_BITS)), map(and_, deltas, repeat(_WEIGHT_MASK))))
    for doc in sorted(gone, reverse=True):  # from the end: the positions of earlier ones stay
        at = bisect_left(docs, doc)
        if at < len(docs) and docs[at] == doc:
            del packed[at]
    for value in fresh:
        insort(packed, value)
    return _delta(packed)


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
# (A chain of str.replace: str.translate walks a large text many times slower.)
_SCRIPT_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                   ("\u2029", "\\u2029"))


def script(name: str, payload: object, escape: bool = True) -> bytes:
    """``name.js``: registers ``payload`` under its own file name, which is how search.js asks for it.
    ``escape=False`` for postings, whose keys are made of Chinese characters, letters and digits only."""
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    if escape:
        for raw, escaped in _SCRIPT_ESCAPES:
            data = data.replace(raw, escaped)
    return f'{SCRIPT_CALL}("{name}",{data});\n'.encode()


def shard_scripts(prefix: str, count: int, keyed: Iterable[tuple[Sequence[str], bytes]]) -> dict[str, bytes]:
    """``{file name: bytes}`` of one key family of one segment; ``keyed`` gives, per
    article in order, its keys and their weights (one byte each)."""
    postings = _postings(enumerate(keyed))
    shards: list[dict[str, list[int]]] = [{} for _ in range(count)]
    for key, packed_ids in postings.items():
        shards[key_hash(key) % count][key] = _delta(packed_ids)
    del postings
    names = [f"{prefix}-{number:03d}" for number in range(count)]
    return {f"{name}.js": script(name, shard, escape=False) for name, shard in zip(names, shards, strict=True)}


def _postings(numbered: Iterable[tuple[int, Keyed]]) -> dict[str, list[int]]:
    """Key → packed postings (ascending) of articles given with their numbers, in order."""
    postings: dict[str, list[int]] = defaultdict(list)
    for doc_id, (keys, weights) in numbered:
        for key, packed in zip(keys, map((doc_id << WEIGHT_BITS).__or__, weights), strict=True):
            postings[key].append(packed)
    return postings


def _by_shard(keys: Iterable[str], count: int) -> list[tuple[int, list[str]]]:
    """``keys`` grouped by the shard that holds them, by shard number."""
    touched: dict[int, list[str]] = defaultdict(list)
    for key in keys:
        touched[key_hash(key) % count].append(key)
    return sorted(touched.items())


Keyed = tuple[Sequence[str], bytes]  # an article's keys of one family and their weights (one byte each)
# An article of a segment whose keys change: its number in the segment, its keys before and after (None: absent).
KeyedChange = tuple[int, Keyed | None, Keyed | None]


def shard_prefixes(segment: int) -> tuple[str, str]:
    """File name prefixes of a segment's pair shards and character shards."""
    return f"index-b-{segment:03d}", f"index-c-{segment:03d}"


def pair_keyed(terms: CompactTerms) -> Keyed:
    return terms.pair_keys(), terms.pair_weights


def char_keyed(terms: CompactTerms) -> Keyed:
    return terms.char_keys, terms.char_weights


def updated_shard_scripts(prefix: str, count: int, files: Mapping[str, bytes],
                          changes: Iterable[KeyedChange]) -> dict[str, bytes]:
    """The files among ``files`` (one key family of one segment, as ``shard_scripts`` made them)
    that ``changes`` alter, remade: only the keys whose weight for a changed article differs are
    touched, so an edited article rewrites the few shards holding those keys and the other
    shards are not even parsed. The bytes equal ``shard_scripts`` of the new articles."""
    dropped: dict[str, set[int]] = defaultdict(set)  # key → articles whose posting goes (or is replaced)
    added: dict[str, list[int]] = defaultdict(list)  # key → new packed postings
    for doc_id, old, new in changes:
        before = dict(zip(*old, strict=True)) if old else {}
        after = dict(zip(*new, strict=True)) if new else {}
        for key, weight in before.items():
            if after.get(key) != weight:
                dropped[key].add(doc_id)
        for key, weight in after.items():
            if before.get(key) != weight:
                dropped[key].add(doc_id)
                added[key].append((doc_id << WEIGHT_BITS) | weight)
    remade = {}
    for number, keys in _by_shard(dropped, count):
        name = f"{prefix}-{number:03d}"
        shard = _script_payload(name, files[f"{name}.js"])
        for key in keys:
            postings = _replaced(shard.get(key, []), dropped[key], sorted(added.get(key, ())))
            if postings:
                shard[key] = postings
            else:
                shard.pop(key, None)
        remade[f"{name}.js"] = script(name, shard, escape=False)
    return remade


def _script_payload(name: str, data: bytes) -> Any:
    """What ``script(name, payload, escape=False)`` wrote."""
    head = f'{SCRIPT_CALL}("{name}",'.encode()
    return json.loads(data[len(head):-len(b");\n")])


def segment_scripts(segment: int, start: int, terms: Sequence[CompactTerms],
                    docs: Sequence[ResultDoc]) -> dict[str, bytes]:
    """Every file of one segment: its shards and its articles' ``docs`` chunks."""
    pair_count, char_count = segment_shards(len(terms))
    pairs, chars = shard_prefixes(segment)
    files = shard_scripts(pairs, pair_count, (pair_keyed(t) for t in terms))
    files.update(shard_scripts(chars, char_count, (char_keyed(t) for t in terms)))
    files.update(doc_scripts(start, docs))
    return files


def chunks_of(span: range) -> range:
    """Numbers of the ``docs`` chunks of the articles ``span`` (a segment's: whole chunks)."""
    return range(span.start // DOCS_PER_CHUNK, -(-span.stop // DOCS_PER_CHUNK))


def docs_name(chunk: int) -> str:
    return f"docs-{chunk:03d}"


def doc_scripts(start: int, docs: Sequence[ResultDoc]) -> dict[str, bytes]:
    """``docs`` chunks of the articles numbered from ``start`` (a multiple of ``DOCS_PER_CHUNK``)."""
    files = {}
    for offset in range(0, len(docs), DOCS_PER_CHUNK):
        name = docs_name((start + offset) // DOCS_PER_CHUNK)
        rows = [[d.title, d.path, d.date, d.issue, d.text] for d in docs[offset:offset + DOCS_PER_CHUNK]]
        files[f"{name}.js"] = script(name, rows)
    return files


def meta_script(total: int, facets: Sequence[list], labels: dict) -> bytes:
    """``meta.js``; ``facets[i]`` is ``[kind, year, unit…]`` of article i."""
    # Per segment [pair shards, character shards, number of its first article].
    meta = {"version": INDEX_VERSION, "docsPerChunk": DOCS_PER_CHUNK, "count": total,
            "segments": [[*segment_shards(len(r)), r.start] for r in segments_of(total)], "facets": list(facets),
            **labels}
    return script("meta", meta)
