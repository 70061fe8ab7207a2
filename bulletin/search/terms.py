"""What one article contributes to the search index, as a pure function of the article.

Chinese has no spaces, and a word list (jieba) at index time never agrees
exactly with whatever splits the reader's query in the browser. So the index
knows no words: every run of Chinese characters is cut into overlapping
character pairs (行动学习 → 行动 动学 学习), and a query is cut the same way in
``templates/static/search.js``; an article matches when it holds every pair.
Single characters are indexed separately, for one-character queries. Runs of
Latin letters and digits (GDP, 2011, 800) are indexed as whole words.

``extract_terms`` depends only on the ``SearchDocument`` it is given, so a
build cache may key its result on ``SearchDocument.fingerprint()``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from html import unescape
from itertools import chain
from operator import add
from typing import NamedTuple

from bulletin.model.entities import Article
from bulletin.model.library import Library
from bulletin.patterns import HAN_TEXT, HTML_TAG, SPACES

# Kept in step with search.js: the same characters count as Chinese there.
_CJK_RUN = re.compile(rf"[{HAN_TEXT}]+")
# Words are runs of [a-z0-9] after fold(): ASCII letters and digits, and full-width ones, before it.
_UNFOLDED_WORD = re.compile(r"[a-zA-Z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|tr|td|th|div|table|blockquote|pre)>", re.I)

TITLE_FLAG = 16  # weight bit: the term occurs in the title
MAX_COUNT = 15  # weight bits 0-3: occurrences in the text, capped
MARKER_BOOST = 5  # a unit name or tag of the article counts as this many occurrences
TEXT_LIMIT = 3000  # characters of body text kept for excerpts


@dataclass(frozen=True)
class SearchDocument:
    """The searchable parts of one article, free of the library."""

    title: str
    text: str  # plain text of the body
    markers: tuple[str, ...] = field(default_factory=tuple)  # unit names, short names and tags

    def fingerprint(self) -> str:
        """A content hash: equal fingerprints give equal terms."""
        payload = json.dumps(asdict(self), ensure_ascii=False, sort_keys=True).encode("utf-8")
        return hashlib.blake2b(payload, digest_size=16).hexdigest()


@dataclass(frozen=True)
class DocumentTerms:
    """Index keys of one document: ``pairs`` (pairs and words) and ``chars``, each key → weight."""

    pairs: dict[str, int]
    chars: dict[str, int]


# Full-width ASCII (Ａ１！) and the ideographic space to their half-width forms,
# capitals to small letters: one character for one, so positions are kept.
_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = ord(" ")
_FOLD.update({code: code + 32 for code in range(ord("A"), ord("Z") + 1)})
_FOLD.update({code: code - 0xFEE0 + 32 for code in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ straight to a-z


def fold(text: str) -> str:
    """Full-width ASCII to half-width and lower case, character for character
    (lengths are kept, so search.js can highlight the original text)."""
    return text.translate(_FOLD)


def plain_text(html: str) -> str:
    """Readable text of rendered HTML: blocks separated by spaces, tags dropped."""
    spaced = _BLOCK_END.sub(" ", html)
    return SPACES.sub(" ", unescape(HTML_TAG.sub("", spaced))).strip()


def markers_of(article: Article, lib: Library) -> tuple[str, ...]:
    """The article's unit names, short names and tags: indexed as if the text said them."""
    units = [lib.unit_by_id[u] for u in article.unit_ids]
    names = [name for u in units for name in (u.name, u.short) if name]
    return tuple(dict.fromkeys(names)) + tuple(article.tags)


def search_document(article: Article, lib: Library) -> SearchDocument:
    return SearchDocument(article.title, plain_text(article.html), markers_of(article, lib))


def keys_of(text: str) -> tuple[Counter[str], Counter[str]]:
    """Pair-and-word keys and single-character keys of a text, with counts."""
    # The same keys as cutting fold(text), without folding the whole text: folding never
    # touches Chinese characters, and only the characters of _UNFOLDED_WORD fold into word characters.
    runs = _CJK_RUN.findall(text)
    pairs = Counter(chain.from_iterable(map(add, run, run[1:]) for run in runs))
    pairs.update(map(fold, _UNFOLDED_WORD.findall(text)))
    return pairs, Counter(chain.from_iterable(runs))


def extract_terms(doc: SearchDocument) -> DocumentTerms:
    title_pairs, title_chars = keys_of(doc.title)
    text_pairs, text_chars = keys_of(doc.text)
    for marker in doc.markers:
        marker_pairs, marker_chars = keys_of(marker)
        for key in marker_pairs:
            text_pairs[key] += MARKER_BOOST
        for key in marker_chars:
            text_chars[key] += MARKER_BOOST
    return DocumentTerms(_weights(title_pairs, text_pairs), _weights(title_chars, text_chars))


class CompactTerms(NamedTuple):
    """``DocumentTerms`` as a few flat strings, cheap to keep in the build cache and to read
    back: pair keys joined by spaces (keys never hold one) and single characters side by
    side, each with one weight byte per key."""

    pair_text: str
    pair_weights: bytes
    char_keys: str
    char_weights: bytes

    def pair_keys(self) -> list[str]:
        return self.pair_text.split(" ") if self.pair_text else []


def compact(terms: DocumentTerms) -> CompactTerms:
    return CompactTerms(" ".join(terms.pairs), bytes(terms.pairs.values()),
                        "".join(terms.chars), bytes(terms.chars.values()))


def _weights(title: Counter[str], text: Counter[str]) -> dict[str, int]:
    weights = {key: count if count < MAX_COUNT else MAX_COUNT for key, count in text.items()}
    for key, count in title.items():
        weights[key] = min(weights.get(key, 0) + count, MAX_COUNT) | TITLE_FLAG
    return weights
