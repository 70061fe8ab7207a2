"""The submissions register (报送登记): rows → ``Submission``s, and which article adopts which row.

Every problem names the file, the row, the column and the value, and all are
reported in one run. Adoption is matched here because it needs every article
and every row: an article adopts the row named by its ``submission:``, otherwise
the row with the same title (compared without spaces and punctuation) that
shares a unit with it; two articles adopting one row is an error.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date, datetime
from typing import TYPE_CHECKING

from bulletin.cache.store import Memo
from bulletin.errors import Diagnostic, Diagnostics
from bulletin.load.register import RegisterFile, RegisterRow
from bulletin.model.entities import KINDS, Article, SiteConfig, Submission
from bulletin.validate import fields
from bulletin.validate.secrecy import first_marking

if TYPE_CHECKING:
    from bulletin.validate.documents import UnitLookup

# Column headers the office may write, Chinese or English → the field.
COLUMNS = {
    "编号": "id", "id": "id", "信息编号": "id", "稿件编号": "id",
    "报送日期": "date", "date": "date", "日期": "date", "报送时间": "date",
    "单位": "units", "units": "units", "unit": "units", "报送单位": "units",
    "标题": "title", "title": "title", "题目": "title", "信息标题": "title",
    "类型": "kind", "kind": "kind", "类别": "kind", "栏目": "kind",
    "约稿": "request", "request": "request", "约稿编号": "request",
    "外部采用": "outlets", "adopted_elsewhere": "outlets",
    "批示": "instructions", "instructions": "instructions", "领导批示": "instructions",
    "退稿原因": "returned", "returned": "returned", "退稿": "returned",
}
# The header each field is shown under in messages.
COLUMN_NAMES = {"id": "编号", "date": "报送日期", "units": "单位", "title": "标题", "kind": "类型",
                "request": "约稿", "outlets": "外部采用", "instructions": "批示", "returned": "退稿原因"}
REQUIRED_COLUMNS = ("date", "units", "title")
# Columns offices commonly keep beside the register's own: ignored without a warning.
QUIET_COLUMNS = {"序号", "备注", "报送人", "联系人", "联系电话", "审核人", "签发人", "签发", "note", "remarks"}

UNIT_SEPARATORS = re.compile(r"[、，,;；/\n]")
LIST_SEPARATORS = re.compile(r"[、;；\n]")


def validate_registers(files: list[RegisterFile], site: SiteConfig, lookup: UnitLookup,
                       diags: Diagnostics, memo: Memo | None = None, settings: str | None = None) -> list[Submission]:
    """The register's rows, checked. With a ``memo`` (the build cache) and ``settings`` (the digest
    of site.yaml and units.yaml, all the rows are checked against), an unchanged register costs
    one cache read: 10,000 rows take about half a second to check."""
    key = register_key(files, settings)
    if memo is not None and key is not None:
        cached = memo.get("register", key)
        if cached is not None:
            rows, found = cached
            diags.extend(found)
            return rows
    local = Diagnostics()
    rows = _validated_rows(files, site, lookup, local)
    diags.extend(local.items)
    if memo is not None and key is not None:
        memo.put("register", key, (rows, local.items))
    return rows


def register_key(files: list[RegisterFile], settings: str | None) -> str | None:
    """Every register file's name and content digest, and the settings: None when one is unknown."""
    if settings is None or any(not f.digest for f in files):
        return None
    return settings + "|" + "|".join(f"{f.rel}={f.digest}" for f in files)


def _validated_rows(files: list[RegisterFile], site: SiteConfig, lookup: UnitLookup,
                    diags: Diagnostics) -> list[Submission]:
    rows: list[Submission] = []
    seen_ids: dict[str, str] = {}
    for file in files:
        columns = _columns(file, diags)
        if columns is None:
            continue
        for raw in file.rows:
            submission = _row(file, raw, columns, site, lookup, diags)
            if submission is None:
                continue
            if submission.id:
                where = f"{file.rel}:{raw.row}"
                if submission.id in seen_ids:
                    diags.add("E509", file.rel, raw.row, value=submission.id, other=seen_ids[submission.id])
                    continue
                seen_ids[submission.id] = where
            rows.append(submission)
    return rows


def _columns(file: RegisterFile, diags: Diagnostics) -> dict[str, int] | None:
    """field → column index; None (and E502) when a required column is missing."""
    columns: dict[str, int] = {}
    for index, header in enumerate(file.header):
        name = COLUMNS.get(header) or COLUMNS.get(header.lower())
        if name is None:
            if header and header not in QUIET_COLUMNS:
                diags.add("W461", file.rel, 1, column=header)
            continue
        columns.setdefault(name, index)
    missing = [COLUMN_NAMES[c] for c in REQUIRED_COLUMNS if c not in columns]
    for column in missing:
        diags.add("E502", file.rel, 1, column=column)
    return None if missing else columns


def _row(file: RegisterFile, raw: RegisterRow, columns: dict[str, int], site: SiteConfig,
         lookup: UnitLookup, diags: Diagnostics) -> Submission | None:
    def cell(name: str) -> object:
        index = columns.get(name)
        return raw.cells[index] if index is not None and index < len(raw.cells) else None

    def text(name: str) -> str:
        value = cell(name)
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # an 编号 typed as a number in Excel
        return "" if value is None else fields.strip_control(str(value))

    def problem(code: str, name: str, **args: object) -> None:
        diags.add(code, file.rel, raw.row, column=COLUMN_NAMES[name], **args)

    ok = True
    for name in REQUIRED_COLUMNS:
        if not text(name):
            problem("E512", name)
            ok = False
    day = _date(cell("date"))
    if text("date") and day is None:
        problem("E505", "date", value=_shown(cell("date")))
        ok = False
    unit_ids = _units(text("units"), lookup, lambda value, zh, en: problem(
        "E504", "units", value=value, suggestion=zh, suggestion_en=en))
    kind = ""
    if text("kind"):
        kind = fields.KIND_ALIASES.get(text("kind")) or fields.KIND_ALIASES.get(text("kind").lower()) or ""
        if kind not in KINDS:
            problem("E513", "kind", value=text("kind"))
            ok = False
    request = text("request")
    if request and request not in {r.id for r in site.requests}:
        zh, en = fields.suggestion(request, [r.id for r in site.requests])
        problem("E508", "request", value=request, suggestion=zh, suggestion_en=en)
        ok = False
    outlets = split_list(text("outlets"))
    instructions = split_list(text("instructions"))
    ok &= check_outlets(outlets, site, lambda value, zh, en: problem(
        "E506", "outlets", value=value, suggestion=zh, suggestion_en=en))
    ok &= check_instructions(instructions, site, lambda value, zh, en: problem(
        "E507", "instructions", value=value, suggestion=zh, suggestion_en=en))
    if not ok or unit_ids is None or day is None:
        return None
    marking = first_marking(text("title")) or first_marking(text("returned"))
    if marking:  # 涉密信息不得进入内网站点: not even as a title on a unit page
        problem("E517", "title", value=marking)
        return None
    row_id = text("id")
    return Submission(key=row_id or f"{file.rel}:{raw.row}", id=row_id, day=day, unit_ids=tuple(unit_ids),
                      title=text("title"), kind=kind, request=request, outlets=tuple(outlets),
                      instructions=tuple(instructions), returned=text("returned"), source=file.rel, row=raw.row)


def _date(value: object) -> date | None:
    if isinstance(value, datetime):  # an Excel date cell
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        # "2011-03-05 00:00:00": a date cell that went through text on its way here
        return fields.parse_date(value.strip().removesuffix(" 00:00:00"))
    return None


def _units(words: str, lookup: UnitLookup, unknown) -> list[str] | None:
    resolved: list[str] = []
    bad = False
    for word in (w.strip() for w in UNIT_SEPARATORS.split(words)):
        if not word:
            continue
        unit_id = lookup.resolve(word)
        if unit_id is None:
            zh, en = fields.suggestion(word, lookup.ids + list(lookup.by_word))
            unknown(word, zh, en)
            bad = True
        elif unit_id not in resolved:
            resolved.append(unit_id)
    return None if bad or not resolved else resolved


def split_list(value: str) -> list[str]:
    return [part.strip() for part in LIST_SEPARATORS.split(value) if part.strip()]


def check_outlets(outlets: list[str], site: SiteConfig, unknown) -> bool:
    return _known(outlets, list(site.adoption.outlets), unknown)


def check_instructions(levels: list[str], site: SiteConfig, unknown) -> bool:
    return _known(levels, list(site.adoption.instructions), unknown)


def _known(words: list[str], choices: list[str], unknown) -> bool:
    ok = True
    for word in words:
        if word not in choices:
            zh, en = fields.suggestion(word, choices)
            if not choices:
                zh, en = "（site.yaml 的 scoring 中没有设定）", " (none set in site.yaml scoring)"
            unknown(word, zh, en)
            ok = False
    return ok


def _shown(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else str(value).strip()


# -- adoption: which article adopts which row ---------------------------------------


def title_key(title: str) -> str:
    """A title compared without spaces and punctuation (full- or half-width)."""
    folded = unicodedata.normalize("NFKC", title)
    # str.isalnum is exactly "Unicode category L* or N*" (checked for every code point),
    # and runs in C: matching a 10,000-row register calls this 20,000 times.
    return "".join(filter(str.isalnum, folded))


def match_adoptions(articles: list[Article], rows: list[Submission], diags: Diagnostics,
                    memo: Memo | None = None, register: str | None = None) -> None:
    """Set each article's ``adopts`` to the key of the row it adopts (E510, E511, E514).

    An article's match depends on the rows and on the articles before it alone. With a ``memo``
    and ``register`` (``register_key``: what the rows were made from) the last build's matching of
    these rows is kept (``_last_matching``): while the articles are those it matched, and in the
    same order, with the same titles, units and ``submission:``, its matches and messages stand;
    when articles were only added after them (a new issue), matching goes on from where it
    stopped, with the rows they took. Comparing 20,000 titles was most of the work of a new issue."""
    local = Diagnostics()
    owners: list[int] = []  # the place of the article each of local's messages is about
    taken: dict[str, Article] = {}
    reads = _match_reads(articles)
    last = _last_matching(memo, register)
    done = _restore(articles, reads, last, taken, local, owners) if last is not None else 0
    if done < len(articles) or last is None:
        index, keys = _title_lookup(rows, articles, done, memo, register)
        _match(articles, rows, local, index, keys, done, taken, owners)
    diags.extend(local.items)
    if memo is None or register is None:
        return
    if last is not None and done == len(articles) == last[0]:  # exactly as the last build: nothing to write
        for space, key in ((MATCHES_SPACE, _register_digest(register)), (INDEX_SPACE, _register_digest(register)),
                           (TITLES_SPACE, TITLES_KEY)):
            memo.keep(space, key)  # the next new issue still finds them
    else:
        memo.put(MATCHES_SPACE, _register_digest(register),
                 (len(articles), _reads_digest(reads), [a.adopts for a in articles],
                  list(zip(owners, local.items, strict=True))))


def _match_reads(articles: list[Article]) -> list[str]:
    """What matching reads of each article, joined by control characters (validation strips them
    from every text: a third of the cost of repr)."""
    return [f"{a.source}\x1f{a.title}\x1f{UNITS_SEPARATOR.join(a.unit_ids)}\x1f{a.submission}\x1f{a.submission_line}"
            for a in articles]


def _reads_digest(reads: list[str]) -> str:
    return hashlib.blake2b("\x1e".join(reads).encode(), digest_size=16).hexdigest()


# The last matching of each register (by ``_register_digest``): how many articles, the digest of
# their reads, their matches and the messages with the place of the article each is about.
MATCHES_SPACE = "register-matches"
LastMatching = tuple[int, str, list[str], list[tuple[int, Diagnostic]]]


def _register_digest(register: str) -> str:
    return hashlib.blake2b(register.encode(), digest_size=16).hexdigest()


def _last_matching(memo: Memo | None, register: str | None) -> LastMatching | None:
    found = memo.get(MATCHES_SPACE, _register_digest(register)) if memo is not None and register is not None else None
    return found if isinstance(found, tuple) and len(found) == 4 else None


def _restore(articles: list[Article], reads: list[str], last: LastMatching, taken: dict[str, Article],
             local: Diagnostics, owners: list[int]) -> int:
    """How many leading articles are those the last build matched (all of them, same reads, same
    order), with their matches, the rows they took and their messages restored; 0 when the
    articles changed otherwise."""
    count, digest, adopts, messages = last
    if count > len(articles) or _reads_digest(reads[:count]) != digest:
        return 0
    for article, row_key in zip(articles[:count], adopts, strict=True):
        article.adopts = row_key
        if row_key:
            taken[row_key] = article
    for owner, message in messages:
        owners.append(owner)
        local.items.append(message)
    return count


UNITS_SEPARATOR = "\x1d"


# Each title's ``title_key``, kept in the build cache: a title's key depends on the title alone, and
# a new issue would otherwise fold 20,000 titles (the register's and the articles') again.
TITLES_SPACE, TITLES_KEY = "register-title-keys", "1"
# The rows' places by their titles' keys, kept per register: what matching an article looks up.
INDEX_SPACE = "register-title-index"


def _title_lookup(rows: list[Submission], articles: list[Article], done: int, memo: Memo | None,
                  register: str | None) -> tuple[dict[str, list[int]], dict[str, str]]:
    """The rows' places by title key and the title keys of the articles from ``done`` on. Going on
    from the last build with the register's index in the cache, only the new articles' titles are
    folded; otherwise every title, from the cache of titles (``_title_keys``)."""
    if not rows:
        return {}, {}
    index_key = _register_digest(register) if register is not None else None
    found = memo.get(INDEX_SPACE, index_key) if done and memo is not None and index_key is not None else None
    if isinstance(found, dict):
        if memo is not None:
            memo.keep(TITLES_SPACE, TITLES_KEY)  # a later full matching still finds the titles' keys
        return found, {a.title: title_key(a.title) for a in articles[done:]}
    keys = _title_keys([r.title for r in rows] + [a.title for a in articles], memo)
    index: dict[str, list[int]] = {}
    for place, row in enumerate(rows):
        index.setdefault(keys[row.title], []).append(place)
    if memo is not None and index_key is not None:
        memo.put(INDEX_SPACE, index_key, index)
    return index, keys


def _title_keys(titles: list[str], memo: Memo | None) -> dict[str, str]:
    """``title_key`` of every title; those the last build folded come from the build cache."""
    found = memo.get(TITLES_SPACE, TITLES_KEY) if memo is not None else None
    known: dict[str, str] = found if isinstance(found, dict) else {}
    keys = {title: known.get(title) or title_key(title) for title in titles}
    if memo is not None and keys != known:
        memo.put(TITLES_SPACE, TITLES_KEY, keys)  # only the titles in use: deleted ones are not kept
    return keys


def _match(articles: list[Article], rows: list[Submission], diags: Diagnostics, index: dict[str, list[int]],
           keys: dict[str, str], start: int = 0, taken: dict[str, Article] | None = None,
           owners: list[int] | None = None) -> None:
    """``index``: the rows' places by their titles' ``title_key``; ``keys``: the articles' titles'
    (none are needed without rows). From ``start`` on (the articles before it matched already, taking
    the rows ``taken``); each message's article's place is added to ``owners``."""
    to_match = articles[start:]
    by_key: dict[str, Submission] = {}
    by_id: dict[str, Submission] = {}
    if any(a.submission for a in to_match):  # a new issue's articles seldom name their row
        by_key = {row.key: row for row in rows}
        by_id = {row.id: row for row in rows if row.id}
    taken = {} if taken is None else taken
    for place, article in enumerate(to_match, start):
        before = len(diags.items)
        _match_one(article, rows, by_key, by_id, index, keys, taken, diags)
        if owners is not None:
            owners += [place] * (len(diags.items) - before)


def _match_one(article: Article, rows: list[Submission], by_key: dict[str, Submission],
               by_id: dict[str, Submission], index: dict[str, list[int]], keys: dict[str, str],
               taken: dict[str, Article], diags: Diagnostics) -> None:
    article.adopts = ""
    row: Submission | None
    if article.submission:
        row = by_id.get(article.submission) or by_key.get(article.submission)
        if row is None:
            zh, en = fields.suggestion(article.submission, list(by_id))
            diags.add("E511", article.source, article.submission_line, value=article.submission,
                      suggestion=zh, suggestion_en=en)
            return
        if row.returned:
            diags.add("E514", article.source, article.submission_line, value=article.submission,
                      where=f"{row.source}:{row.row}", reason=row.returned)
            return
    else:
        units = set(article.unit_ids)
        candidates = [r for r in (rows[place] for place in index.get(keys.get(article.title, ""), ()))
                      if not r.returned and not units.isdisjoint(r.unit_ids)]
        free = [r for r in candidates if r.key not in taken]
        if not candidates:
            return
        row = (free or candidates)[0]
    if row.key in taken:
        diags.add("E510", article.source, article.submission_line, where=f"{row.source}:{row.row}",
                  other=taken[row.key].source)
        return
    taken[row.key] = article
    article.adopts = row.key
