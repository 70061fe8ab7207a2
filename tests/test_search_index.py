"""The search index as the build writes it: terms, shards, determinism, --no-search."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from bulletin.commands import main
from bulletin.pipeline import BuildOptions, build
from bulletin.search import shards
from bulletin.search.shards import (
    char_keyed,
    decode_postings,
    encode_postings,
    key_hash,
    pair_keyed,
    segments_of,
    shard_count,
    shard_scripts,
    updated_shard_scripts,
)
from bulletin.search.terms import MAX_COUNT, TITLE_FLAG, SearchDocument, compact, extract_terms, fold, plain_text

ROOT = Path(__file__).resolve().parent.parent
SEARCH_JS = ROOT / "templates" / "static" / "search.js"
_CALL = re.compile(r'^bulletinSearch\.add\("([\w-]+)",(.*)\);\n$', re.S)


def load_script(path: Path) -> tuple[str, object]:
    """The name and data an index script registers, read the way the browser would get them."""
    match = _CALL.match(path.read_text(encoding="utf-8"))
    assert match, path
    return match.group(1), json.loads(match.group(2))


def test_chinese_is_cut_into_pairs_and_single_characters() -> None:
    terms = extract_terms(SearchDocument("推进行动学习", "各单位开展行动学习。参学率达到98%，GDP增长", ("玉东新区",)))
    assert {"行动", "动学", "学习", "推进", "进行"} <= terms.pairs.keys()
    assert terms.pairs["行动"] & TITLE_FLAG and not terms.pairs["参学"] & TITLE_FLAG
    assert terms.pairs["行动"] & MAX_COUNT == 2  # once in the title, once in the text
    assert {"98", "gdp"} <= terms.pairs.keys()
    assert "习。" not in terms.pairs and "。参" not in terms.pairs  # punctuation breaks a run
    assert {"行", "率", "玉"} <= terms.chars.keys()
    assert terms.pairs["玉东"] == 5  # unit names count as several mentions


def test_counts_are_capped_and_fold_keeps_lengths() -> None:
    terms = extract_terms(SearchDocument("标题", "学习" * 40))
    assert terms.pairs["学习"] == MAX_COUNT
    text = "ＧＤＰ增长　Ａ级"
    assert fold(text) == "gdp增长 a级" and len(fold(text)) == len(text)


def test_plain_text_separates_blocks() -> None:
    assert plain_text("<h2>一、做法</h2><p>开展&amp;推进</p><table><tr><td>甲</td><td>乙</td></tr></table>") \
        == "一、做法 开展&推进 甲 乙"


def test_terms_depend_only_on_the_document() -> None:
    one = SearchDocument("标题", "正文内容", ("玉东新区", "行动学习"))
    same = SearchDocument("标题", "正文内容", ("玉东新区", "行动学习"))
    assert extract_terms(one) == extract_terms(same) and one.fingerprint() == same.fingerprint()
    assert SearchDocument("标题", "正文内容。", one.markers).fingerprint() != one.fingerprint()


def test_postings_round_trip() -> None:
    postings = [(0, 17), (3, 1), (4, 31), (900, 15)]
    assert decode_postings(encode_postings(postings)) == postings


def test_shard_count_grows_in_powers_of_two() -> None:
    assert shard_count(0, 8) == 1 and shard_count(8, 8) == 1 and shard_count(9, 8) == 2
    assert shard_count(1024, 8) == 128 and shard_count(10**9, 8) == shards.MAX_SHARDS


def test_segments_are_fixed_ranges_of_article_numbers(monkeypatch) -> None:
    monkeypatch.setattr(shards, "SEGMENT_SIZE", 16)  # one docs chunk: the last block is not cut smaller
    assert segments_of(0) == [] and segments_of(16) == [range(0, 16)]
    assert segments_of(40) == [range(0, 16), range(16, 32), range(32, 40)]


def test_the_unfinished_last_block_is_cut_in_halves() -> None:
    """10,000 articles: nine blocks of 1,024, then 784 = 512 + 256 + 16; ten more make a segment
    of their own, ten more again join the 16 into 32 and leave 4."""
    whole = [range(start, start + 1024) for start in range(0, 9216, 1024)]
    assert segments_of(10000) == [*whole, range(9216, 9728), range(9728, 9984), range(9984, 10000)]
    assert segments_of(10010)[9:] == [range(9216, 9728), range(9728, 9984), range(9984, 10000), range(10000, 10010)]
    assert segments_of(10020)[9:] == [range(9216, 9728), range(9728, 9984), range(9984, 10016), range(10016, 10020)]
    assert segments_of(10240) == [range(start, start + 1024) for start in range(0, 10240, 1024)]
    for total in range(0, 3000, 7):  # consecutive, whole docs chunks but the last, at most 7 in a block
        spans = segments_of(total)
        assert [n for span in spans for n in span] == list(range(total))
        assert all(span.start % shards.DOCS_PER_CHUNK == 0 for span in spans)
        assert len([s for s in spans if s.start >= total - total % 1024]) <= 7


def test_python_and_javascript_hash_keys_alike(tmp_path: Path) -> None:
    source = SEARCH_JS.read_text(encoding="utf-8")
    function = re.search(r"function keyHash\(key\) \{.*?\n  \}", source, re.S).group(0)
    keys = ["行动", "学习", "gdp", "800", "𠀋x", "率"]
    script = tmp_path / "hash.js"
    script.write_text(function + f"\nconsole.log(JSON.stringify({json.dumps(keys)}.map(keyHash)));\n",
                      encoding="utf-8")
    result = subprocess.run(["node", str(script)], check=True, capture_output=True, text=True).stdout
    assert json.loads(result) == [key_hash(k) for k in keys]


def small_segments(monkeypatch) -> None:
    """The example's 61 articles in four segments of many shards each."""
    monkeypatch.setattr(shards, "SEGMENT_SIZE", 16)
    monkeypatch.setattr(shards, "ARTICLES_PER_PAIR_SHARD", 2)
    monkeypatch.setattr(shards, "ARTICLES_PER_CHAR_SHARD", 4)


def test_every_key_sits_in_the_shard_its_hash_names(tmp_path: Path, monkeypatch) -> None:
    small_segments(monkeypatch)
    out = tmp_path / "site"
    build(BuildOptions(content=ROOT / "content", out=out))
    _, meta = load_script(out / "search/meta.js")
    assert meta["count"] == 61 and meta["version"] == 3
    assert meta["segments"] == [[8, 4, 0], [8, 4, 16], [8, 4, 32], [8, 4, 48]]  # the last holds 13 articles
    for segment, (*counts, _) in enumerate(meta["segments"]):
        for family, count in zip("bc", counts, strict=True):
            files = sorted((out / "search").glob(f"index-{family}-{segment:03d}-*.js"))
            assert len(files) == count
            for path in files:
                name, shard = load_script(path)
                assert name == path.stem
                assert all(key_hash(key) % count == int(name[-3:]) for key in shard)
                size = min(16, 61 - segment * 16)
                assert all(doc < size for postings in shard.values() for doc, _ in decode_postings(postings))


def articles_with(site: Path, key: str) -> list[str]:
    """Titles of the articles whose postings hold ``key``, found the way search.js finds them."""
    _, meta = load_script(site / "search/meta.js")
    titles = []
    for segment, (pair_shards, _, first) in enumerate(meta["segments"]):
        _, shard = load_script(site / f"search/index-b-{segment:03d}-{key_hash(key) % pair_shards:03d}.js")
        for local, _weight in decode_postings(shard.get(key, [])):
            doc = first + local
            _, rows = load_script(site / f"search/docs-{doc // meta['docsPerChunk']:03d}.js")
            titles.append(rows[doc % meta["docsPerChunk"]][0])
    return titles


def test_index_finds_an_article_by_its_phrase(example_site: Path) -> None:
    assert "平河区建立中心组学习考勤通报制度" in articles_with(example_site, "考勤")


def test_every_segment_answers_a_common_key(tmp_path: Path, monkeypatch) -> None:
    small_segments(monkeypatch)
    build(BuildOptions(content=ROOT / "content", out=tmp_path / "site"))
    found = articles_with(tmp_path / "site", "学习")
    assert len(found) > 40 and "平河区建立中心组学习考勤通报制度" in found


def test_the_last_blocks_small_segments_find_what_whole_segments_find(example_site: Path, tmp_path: Path,
                                                                       monkeypatch) -> None:
    """Blocks of 32 articles in docs chunks of 4: the example's 61 articles are one whole
    segment, then 16 + 8 + 4 + 1, each numbering its articles from its own first one."""
    small_segments(monkeypatch)
    monkeypatch.setattr(shards, "SEGMENT_SIZE", 32)
    monkeypatch.setattr(shards, "DOCS_PER_CHUNK", 4)
    build(BuildOptions(content=ROOT / "content", out=tmp_path / "site"))
    _, meta = load_script(tmp_path / "site/search/meta.js")
    assert [first for _, _, first in meta["segments"]] == [0, 32, 48, 56, 60]
    assert meta["segments"][-1][:2] == [1, 1]  # one article: one shard of each family
    for key in ("学习", "考勤", "调研", "制度"):
        assert sorted(articles_with(tmp_path / "site", key)) == sorted(articles_with(example_site, key))
    assert len(articles_with(tmp_path / "site", "学习")) > 40


def test_drafts_are_not_indexed(example_site: Path) -> None:
    for path in (example_site / "search").glob("docs-*.js"):
        assert "松岭县召开行动学习课题推进会" not in path.read_text(encoding="utf-8")


def test_index_bytes_are_the_same_on_every_build(example_site: Path, tmp_path: Path) -> None:
    build(BuildOptions(content=ROOT / "content", out=tmp_path / "again"))
    first = {p.name: p.read_bytes() for p in (example_site / "search").iterdir()}
    second = {p.name: p.read_bytes() for p in (tmp_path / "again/search").iterdir()}
    assert first == second


def test_a_new_issue_leaves_earlier_article_chunks_alone(example_copy: Path, tmp_path: Path) -> None:
    build(BuildOptions(content=example_copy, out=tmp_path / "before"))
    folder = example_copy / "issues/2012/001"
    folder.mkdir(parents=True)
    (folder / "issue.md").write_text("---\ndate: 2012-01-10\n---\n", encoding="utf-8")
    (folder / "01-new.md").write_text("---\ntitle: 兰溪市开展新春走访\nkind: briefing\nunits: [lanxi]\n---\n"
                                      "兰溪市领导班子开展新春走访。\n", encoding="utf-8")
    build(BuildOptions(content=example_copy, out=tmp_path / "after"))
    before = sorted((tmp_path / "before/search").glob("docs-*.js"))
    after = {p.name: p.read_bytes() for p in (tmp_path / "after/search").glob("docs-*.js")}
    assert [after[p.name] == p.read_bytes() for p in before[:-1]] == [True] * (len(before) - 1)
    assert "新春走访" in (tmp_path / "after/search" / before[-1].name).read_text(encoding="utf-8")


def test_build_without_search(tmp_path: Path, capsys) -> None:
    out = tmp_path / "site"
    assert main(["build", "--content", str(ROOT / "content"), "--out", str(out), "--no-search"]) == 0
    assert not (out / "search").exists()
    home = (out / "index.html").read_text(encoding="utf-8")
    assert 'class="site-search"' not in home and "大字" in home
    assert main(["build", "--content", str(ROOT / "content"), "--out", str(out)]) == 0
    assert (out / "search/index.html").is_file()
    assert 'action="search/index.html"' in (out / "index.html").read_text(encoding="utf-8")
    capsys.readouterr()


def test_search_page_is_part_of_the_normal_build(example_site: Path) -> None:
    page = (example_site / "search/index.html").read_text(encoding="utf-8")
    assert 'name="q"' in page and 'data-index="../search/"' in page and 'data-root="../"' in page


def test_index_scripts_escape_markup_and_es5_line_separators() -> None:
    data = shards.script("docs-000", [["标题<script>alert(1)</script>", "a.html", "2010-06-01", "第1期",
                                       "正文\u2028第二行 & <img src=x onerror=alert(1)>"]])
    text = data.decode("utf-8")
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    match = _CALL.match(text)
    assert match and json.loads(match.group(2))[0][4] == "正文\u2028第二行 & <img src=x onerror=alert(1)>"


def test_updating_shards_gives_the_bytes_of_assembling_them_afresh() -> None:
    """Articles edited, added at the end and taken away: the few shards rewritten in place
    equal those of the whole segment assembled again, and the others are not touched."""
    texts = [f"第{i}篇：推进行动学习，开展调查研究，破解发展难题{i % 7}。" + "学习型机关" * (i % 4) for i in range(40)]
    docs = [compact(extract_terms(SearchDocument(f"标题{i}", text))) for i, text in enumerate(texts)]
    edited = [*docs[:38]]
    edited[5] = compact(extract_terms(SearchDocument("标题5", texts[5] + "新增一句：量子计算与GDP。")))
    edited[20] = compact(extract_terms(SearchDocument("新的标题", texts[20])))
    edited.append(compact(extract_terms(SearchDocument("新增", "新增文章的正文。"))))
    for family, count in ((pair_keyed, 16), (char_keyed, 8)):
        before = shard_scripts("index-b-000", count, map(family, docs))
        after = shard_scripts("index-b-000", count, map(family, edited))
        changes = [(at, family(docs[at]) if at < len(docs) else None, family(edited[at]) if at < len(edited) else None)
                   for at in (5, 20, 38, 39)]
        remade = updated_shard_scripts("index-b-000", count, before, changes)
        assert {**before, **remade} == after
        assert all(before[name] != data for name, data in remade.items())
        appended = [*docs, *edited[-2:]]  # a new issue: articles after the last one only
        remade = updated_shard_scripts("index-b-000", count, before, [(at, None, family(appended[at]))
                                                                       for at in (40, 41)])
        assert {**before, **remade} == shard_scripts("index-b-000", count, map(family, appended))
