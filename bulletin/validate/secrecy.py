"""Classification (密级) rules: nothing classified may ever reach readers.

The ``classification`` field is checked with the other article fields
(E301). This module finds classification *markings* written in the text of
any file — front matter, body, YAML comments — and in file names, because a
classified document pasted into an article keeps its masthead marking:

- the 密级★保密期限 form anywhere: ``机密★1年``, ``秘密★6个月``, ``绝密★长期``;
- a level standing as a marking: alone on a line (``机密``), or in brackets
  (``【涉密】``, ``（秘密）``).

Ordinary sentences that merely mention the words ("涉密内容一律不得报送")
are not markings and pass.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator

from bulletin.errors import Diagnostics
from bulletin.load.sources import Document, RawContent, YamlFile

LEVELS = "绝密|机密|秘密|涉密"
_PERIOD = r"(?:长期|\d+(?:年|个月|月|天|日))"
# On normalised text (``normalise``): no spaces, emphasis or zero-width characters are left.
_STAR = re.compile(rf"(?:{LEVELS})★{_PERIOD}?")
_ALONE = re.compile(rf"^[#>\-]*[【\[〔(]?({LEVELS})[】\]〕)]?$")
_BRACKETED = re.compile(rf"[【\[〔(](?:{LEVELS})[】\]〕)]")
# The classification field itself is judged by validation (E301/E302), once.
_FIELD = re.compile(r"^[ \t]*(?:classification|密级)[ \t]*:", re.I)

# --- the normalisation (docs/publishing.md, "密级标志") --------------------------------------
# Invisible characters that split a word without showing: zero-width space/joiners, word joiner,
# soft hyphen, BOM, Mongolian vowel separator, bidi marks and isolates.
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# Traditional (and variant) forms of the characters of a marking; a short table rather than a
# converter library: only these characters matter, and the table is easy to review.
_TRADITIONAL = str.maketrans({"機": "机", "絕": "绝", "祕": "秘", "級": "级", "長": "长", "個": "个", "渉": "涉"})
# Every star an IME, a font or a paste offers in place of ★ (after NFKC: ＊ has become *).
_STARS = re.compile("[★☆⭐✩✪✫✬✭✮✯✰✱✲✳✴✵✶✷✸✹✺✻✼✽✾✡⋆⍟⚝🟉🟊🌟]")
_SPACES = re.compile(r"\s+")
_EMPHASIS = re.compile(r"[_~`]+")
# An asterisk that is not followed by a period is Markdown emphasis (机**密**), one before a
# period (机密*1年, 机密＊长期) stands for the star.
_ASTERISKS = re.compile(rf"\*+(?={_PERIOD})")


def normalise(line: str) -> str:
    """One line as the marking rule sees it: NFKC (full-width forms, ㊙ → 秘), HTML entities
    decoded, invisible characters and all spaces (ideographic too) removed, traditional forms
    simplified, Markdown emphasis and inline tags removed, every star variant made ★."""
    return _normalised(line)[0]


def _normalised(line: str) -> tuple[str, list[tuple[int, int]]]:
    """``normalise(line)`` and, for each of its characters, the span of ``line`` it came from
    (so that a message shows the marking as written)."""
    chars: list[str] = []
    spans: list[tuple[int, int]] = []
    for token in _TOKEN.finditer(line):
        plain = _plain(token.group())
        chars += plain
        spans += [token.span()] * len(plain)
    text = "".join(chars)
    # Length-preserving, so that the spans still fit: a run of asterisks before a period ends in ★.
    text = _ASTERISKS.sub(lambda m: "*" * (len(m.group()) - 1) + "★", _STARS.sub("★", text))
    keep = [i for i, char in enumerate(text) if char != "*"]
    return "".join(text[i] for i in keep), [spans[i] for i in keep]


_TOKEN = re.compile(r"<[^>]*>|&#?[0-9a-zA-Z]+;|.", re.S)


def _plain(token: str) -> str:
    if token.startswith("<") and len(token) > 1:
        return ""  # an inline tag: 机<b>密</b>
    text = unicodedata.normalize("NFKC", html.unescape(token))
    return _EMPHASIS.sub("", _SPACES.sub("", _INVISIBLE.sub("", text).translate(_TRADITIONAL)))


def find_markings(text: str) -> Iterator[tuple[int, str]]:
    """Yield (0-based line index, marking as written) for every marking in ``text``."""
    if not _MAYBE.search(text):
        return  # no line can hold one (most files): not split into lines at all
    for index, line in enumerate(text.split("\n")):
        if not _MAYBE.search(line):
            continue  # most lines hold none of the characters: skip the normalisation
        plain, spans = _normalised(line)
        match = _STAR.search(plain) or _BRACKETED.search(plain)
        if match is None:
            match = _ALONE.match(plain)
            if match is None:
                continue
            start, end = match.span(1)
        else:
            start, end = match.span()
        yield index, line[spans[start][0]:spans[end - 1][1]].strip()


# A line can hold a marking only if it has one of these (in any of the forms normalise accepts).
# (& for entities; compatibility ideographs, which NFKC maps to the ordinary ones.)
_MAYBE = re.compile("[密秘祕㊙&\uf900-\ufaff\U0002f800-\U0002fa1f]")


# Words of an unknown front-matter key that make it look like a classification key (E327).
_KEY_WORDS = ("密级", "保密", "涉密", "机密", "绝密", "秘密", "密等", "classif", "secret", "confidential")


def looks_like_classification_key(key: object) -> bool:
    """An unknown key such as 密級, 保密等级, 密级程度, 密\u200b级 or ｃｌａｓｓｉｆｉｃａｔｉｏｎ: read as a
    warning, it would let a classified article through; it is an error instead."""
    plain = normalise(str(key)).lower()
    return any(word in plain for word in _KEY_WORDS)


def first_marking(text: str) -> str | None:
    """The first marking in ``text`` (a register's cell), or None."""
    return next((mark for _, mark in find_markings(text)), None)


def scan_content(raw: RawContent, diags: Diagnostics) -> None:
    """Report every marking in every content file (E303) and file name (E304)."""
    yaml_files: list[YamlFile | None] = [raw.site, raw.units]
    documents: list[Document] = [*raw.profiles, *raw.pages]
    for folder in raw.issues:
        if folder.issue is not None:
            documents.append(folder.issue)
        documents += folder.articles
        for asset in folder.assets:
            _scan_name(asset, diags)
    for item in yaml_files:
        if item is not None:
            _scan_text(item.source.text, item.source.rel, diags)
    for doc in documents:
        _scan_name(doc.rel, diags)
        _scan_text(doc.source.text, doc.rel, diags)


def _scan_text(text: str, path: str, diags: Diagnostics) -> None:
    lines = text.split("\n")
    for index, mark in find_markings(text):
        if not _FIELD.match(lines[index]):
            diags.add("E303", path, index + 1, mark=mark)


def _scan_name(rel: str, diags: Diagnostics) -> None:
    mark = marking_in_name(rel.rpartition("/")[2])  # the name, as PurePosixPath(rel).name
    if mark:
        diags.add("E304", rel, mark=mark)


def marking_in_name(name: str) -> str | None:
    """A classification level anywhere in a file name (names carry no sentences), normalised as
    text is; the marking as written, or None. Also used by ``import`` before a document is read."""
    if not _MAYBE.search(name):
        return None  # every level has 密 or 秘, and only these characters normalise to them
    plain, spans = _normalised(name)
    match = _STAR.search(plain) or _BRACKETED.search(plain) or re.search(LEVELS, plain)
    return name[spans[match.start()][0]:spans[match.end() - 1][1]] if match else None
