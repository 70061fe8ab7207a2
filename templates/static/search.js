/* 学习简报 full-text search: runs the query in the page address (?q=行动学习&kind=&unit=&year=).
   ES5 only (IE11, old Chromium, 360 compatibility mode): no fetch, no Promise,
   no Intl.Segmenter. The index (bulletin/search/) is a set of plain scripts
   loaded with <script> tags, so it works over HTTP and from file:// alike.
   Queries are cut into character pairs exactly as the index was; see
   bulletin/search/terms.py, which this file must agree with. */
(function () {
  "use strict";

  var PAGE_SIZE = 10;
  /* The index format this script reads (meta.js "version", bulletin/search/shards.py INDEX_VERSION):
     a browser may keep an older copy of this script after the site is rebuilt by a newer version. */
  var INDEX_VERSION = 3;
  var WEIGHT_BITS = 32; /* 2^5: postings are delta * 32 + weight */
  var TITLE_FLAG = 16;
  var EXCERPT_BEFORE = 30;
  var EXCERPT_LENGTH = 140;
  var CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;

  var loaded = {};   /* script name → data */
  var waiting = {};  /* script name → callbacks */

  /* The index scripts call this. */
  window.bulletinSearch = {
    add: function (name, data) {
      loaded[name] = data;
    }
  };

  var hook = document.getElementById("search-script");
  var indexBase = hook.getAttribute("data-index");
  var rootBase = hook.getAttribute("data-root");
  var statusBox = document.getElementById("search-status");
  var resultList = document.getElementById("search-results");
  var moreButton = document.getElementById("search-more");

  function load(name, done) {
    if (loaded.hasOwnProperty(name)) { done(loaded[name]); return; }
    if (waiting.hasOwnProperty(name)) { waiting[name].push(done); return; }
    waiting[name] = [done];
    var tag = document.createElement("script");
    tag.charset = "utf-8";
    tag.src = indexBase + name + ".js";
    function finish() {
      var callbacks = waiting[name];
      delete waiting[name];
      if (!loaded.hasOwnProperty(name)) { loaded[name] = null; }
      for (var i = 0; i < callbacks.length; i++) { callbacks[i](loaded[name]); }
    }
    tag.onload = finish;
    tag.onerror = finish;
    document.getElementsByTagName("head")[0].appendChild(tag);
  }

  function loadAll(names, done) {
    var results = {};
    var left = names.length;
    if (!left) { done(results); return; }
    for (var i = 0; i < names.length; i++) {
      (function (name) {
        load(name, function (data) {
          results[name] = data;
          left -= 1;
          if (!left) { done(results); }
        });
      })(names[i]);
    }
  }

  /* ---- the query, cut as the index was (terms.py) ---- */

  function fold(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var code = text.charCodeAt(i);
      if (code >= 0xFF01 && code <= 0xFF5E) { code -= 0xFEE0; }
      else if (code === 0x3000) { code = 32; }
      if (code >= 65 && code <= 90) { code += 32; }
      out += String.fromCharCode(code);
    }
    return out;
  }

  function keyHash(key) {
    var value = 0;
    for (var i = 0; i < key.length; i++) { value = (value * 31 + key.charCodeAt(i)) % 65521; }
    return value;
  }

  function pad3(n) { return n < 10 ? "00" + n : n < 100 ? "0" + n : String(n); }

  /* Splits a folded query into segments: runs of Chinese and runs of letters/digits. */
  function segments(query) {
    var found = [];
    var current = "";
    var currentIsCjk = false;
    for (var i = 0; i <= query.length; i++) {
      var ch = i < query.length ? query.charAt(i) : " ";
      var isCjk = CJK.test(ch);
      var isWord = /[a-z0-9]/.test(ch);
      if ((isCjk || isWord) && (current === "" || isCjk === currentIsCjk)) {
        current += ch;
        currentIsCjk = isCjk;
        continue;
      }
      if (current) { found.push({ text: current, cjk: currentIsCjk }); }
      current = (isCjk || isWord) ? ch : "";
      currentIsCjk = isCjk;
    }
    return found;
  }

  /* Index keys of a query: [{key, family}] with family "b" (pairs, words) or "c" (single characters). */
  function queryKeys(parts) {
    var keys = [];
    var seen = {};
    function add(key, family) {
      if (seen.hasOwnProperty(family + key)) { return; }
      seen[family + key] = true;
      keys.push({ key: key, family: family });
    }
    for (var i = 0; i < parts.length; i++) {
      var text = parts[i].text;
      if (!parts[i].cjk) { add(text, "b"); }
      else if (text.length === 1) { add(text, "c"); }
      else { for (var j = 0; j + 1 < text.length; j++) { add(text.substr(j, 2), "b"); } }
    }
    return keys;
  }

  /* The key's shard in every segment (bulletin/search/shards.py): meta.segments[s] is
     [pair shards, character shards, number of the segment's first article]. */
  function shardNames(item, meta) {
    var names = [];
    var hash = keyHash(item.key);
    for (var s = 0; s < meta.segments.length; s++) {
      var count = meta.segments[s][item.family === "b" ? 0 : 1];
      names.push("index-" + item.family + "-" + pad3(s) + "-" + pad3(hash % count));
    }
    return names;
  }

  /* A key's postings over all segments: {article number: weight} and how many. */
  function postingsOf(item, shards, meta) {
    var list = {};
    var size = 0;
    var names = shardNames(item, meta);
    for (var s = 0; s < names.length; s++) {
      var shard = shards[names[s]];
      var encoded = shard && shard.hasOwnProperty(item.key) ? shard[item.key] : null;
      if (!encoded) { continue; }
      var doc = meta.segments[s][2];
      for (var i = 0; i < encoded.length; i++) {
        doc += Math.floor(encoded[i] / WEIGHT_BITS);
        list[doc] = encoded[i] % WEIGHT_BITS;
      }
      size += encoded.length;
    }
    return { size: size, postings: list };
  }

  function passesFilters(id, facet, filters, meta) {
    /* meta.series / meta.articleSeries exist only on a site with several series */
    if (filters.series && meta.series && meta.series[meta.articleSeries[id]][0] !== filters.series) { return false; }
    if (filters.kind && meta.kinds[facet[0]][0] !== filters.kind) { return false; }
    if (filters.year && String(facet[1]) !== filters.year) { return false; }
    if (filters.unit) {
      for (var i = 2; i < facet.length; i++) {
        if (meta.units[facet[i]][0] === filters.unit) { return true; }
      }
      return false;
    }
    return true;
  }

  /* Articles holding every key; title hits first, then by occurrences, then newest. */
  function rank(keys, shards, meta, filters) {
    var lists = [];
    for (var i = 0; i < keys.length; i++) {
      var found = postingsOf(keys[i], shards, meta);
      if (!found.size) { return []; }
      lists.push(found);
    }
    lists.sort(function (a, b) { return a.size - b.size; });
    var hits = [];
    for (var doc in lists[0].postings) {
      if (!lists[0].postings.hasOwnProperty(doc)) { continue; }
      var titleKeys = 0;
      var occurrences = 0;
      var everywhere = true;
      for (var k = 0; k < lists.length; k++) {
        var weight = lists[k].postings[doc];
        if (weight === undefined) { everywhere = false; break; }
        if (weight & TITLE_FLAG) { titleKeys += 1; }
        occurrences += weight & 15;
      }
      var id = Number(doc);
      if (everywhere && passesFilters(id, meta.facets[id], filters, meta)) {
        var score = (titleKeys === lists.length ? 100000 : 0) + titleKeys * 100 + occurrences;
        hits.push({ id: id, score: score });
      }
    }
    hits.sort(function (a, b) { return b.score - a.score || b.id - a.id; });
    return hits;
  }

  /* ---- showing results ---- */

  function escapeRegExp(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  /* Appends text to node, with every query segment wrapped in <mark>. */
  function appendHighlighted(node, text, parts) {
    if (!parts.length) { node.appendChild(document.createTextNode(text)); return; }
    var words = [];
    for (var i = 0; i < parts.length; i++) { words.push(escapeRegExp(parts[i].text)); }
    words.sort(function (a, b) { return b.length - a.length; });
    var pattern = new RegExp(words.join("|"), "g");
    var folded = fold(text); /* same length as text, so positions carry over */
    var last = 0;
    var match;
    while ((match = pattern.exec(folded)) !== null) {
      if (!match[0].length) { pattern.lastIndex += 1; continue; }
      node.appendChild(document.createTextNode(text.substring(last, match.index)));
      var mark = document.createElement("mark");
      mark.appendChild(document.createTextNode(text.substr(match.index, match[0].length)));
      node.appendChild(mark);
      last = match.index + match[0].length;
    }
    node.appendChild(document.createTextNode(text.substring(last)));
  }

  function excerpt(text, parts) {
    var folded = fold(text);
    var at = -1;
    var byLength = parts.slice().sort(function (a, b) { return b.text.length - a.text.length; });
    for (var i = 0; i < byLength.length && at < 0; i++) { at = folded.indexOf(byLength[i].text); }
    var start = Math.max(0, at - EXCERPT_BEFORE);
    var piece = text.substr(start, EXCERPT_LENGTH);
    return (start > 0 ? "…" : "") + piece + (start + EXCERPT_LENGTH < text.length ? "…" : "");
  }

  function dateLabel(iso) {
    var p = iso.split("-");
    return p[0] + "年" + Number(p[1]) + "月" + Number(p[2]) + "日";
  }

  function renderHit(id, row, meta, parts) {
    var facet = meta.facets[id];
    var item = document.createElement("li");
    var heading = document.createElement("h2");
    var link = document.createElement("a");
    link.href = rootBase + row[1];
    appendHighlighted(link, row[0], parts);
    heading.appendChild(link);
    item.appendChild(heading);
    var line = document.createElement("p");
    line.className = "meta";
    var kind = document.createElement("span");
    kind.className = "kind kind-" + meta.kinds[facet[0]][0];
    kind.appendChild(document.createTextNode(meta.kinds[facet[0]][1]));
    line.appendChild(kind);
    var names = [];
    for (var u = 2; u < facet.length; u++) { names.push(meta.units[facet[u]][1]); }
    line.appendChild(document.createTextNode(" " + names.join("、") + " · " + dateLabel(row[2]) + " · " + row[3]));
    item.appendChild(line);
    var text = document.createElement("p");
    text.className = "excerpt";
    appendHighlighted(text, excerpt(row[4], parts), parts);
    item.appendChild(text);
    return item;
  }

  function showPage(hits, from, meta, parts) {
    var page = hits.slice(from, from + PAGE_SIZE);
    var chunkNames = [];
    for (var i = 0; i < page.length; i++) {
      var name = "docs-" + pad3(Math.floor(page[i].id / meta.docsPerChunk));
      if (chunkNames.indexOf(name) < 0) { chunkNames.push(name); }
    }
    loadAll(chunkNames, function (chunks) {
      for (var j = 0; j < page.length; j++) {
        var id = page[j].id;
        var chunk = chunks["docs-" + pad3(Math.floor(id / meta.docsPerChunk))];
        if (chunk) { resultList.appendChild(renderHit(id, chunk[id % meta.docsPerChunk], meta, parts)); }
      }
      var shown = from + page.length;
      moreButton.hidden = shown >= hits.length;
      moreButton.onclick = function () { showPage(hits, shown, meta, parts); };
      finished();
    });
  }

  function say(text) {
    statusBox.innerHTML = "";
    statusBox.appendChild(document.createTextNode(text));
  }

  /* ---- the page address ---- */

  function params() {
    var found = {};
    var query = window.location.search.replace(/^\?/, "");
    var pairs = query ? query.split("&") : [];
    for (var i = 0; i < pairs.length; i++) {
      var at = pairs[i].indexOf("=");
      var name = at < 0 ? pairs[i] : pairs[i].substring(0, at);
      var value = at < 0 ? "" : pairs[i].substring(at + 1);
      try { found[name] = decodeURIComponent(value.replace(/\+/g, " ")); } catch (e) { found[name] = value; }
    }
    return found;
  }

  function setField(id, value) {
    var field = document.getElementById(id);
    if (field && value !== undefined) { field.value = value; }
  }

  var started = new Date().getTime();

  function finished() {
    resultList.setAttribute("aria-busy", "false");
    document.body.setAttribute("data-search-ms", String(new Date().getTime() - started));
    document.body.setAttribute("data-search-state", "done");
  }

  function run() {
    var given = params();
    var query = given.q || "";
    var filters = { kind: given.kind || "", unit: given.unit || "", year: given.year || "", series: given.series || "" };
    setField("search-q", query);
    setField("search-kind", filters.kind);
    setField("search-unit", filters.unit);
    setField("search-year", filters.year);
    setField("search-series", filters.series);
    var parts = segments(fold(query));
    var keys = queryKeys(parts);
    if (!keys.length) {
      say(query ? "请输入汉字、字母或数字作为关键词。" : "请输入关键词，例如：行动学习、参学率、单位名称。");
      finished();
      return;
    }
    say("正在检索“" + query + "”……");
    resultList.setAttribute("aria-busy", "true");
    load("meta", function (meta) {
      if (!meta) { say("检索索引加载失败，请确认站点文件完整。"); finished(); return; }
      if (meta.version !== INDEX_VERSION) {
        say("检索索引已更新，与浏览器保存的检索程序不一致。请刷新本页（按 Ctrl+F5）后再检索。");
        finished();
        return;
      }
      var names = [];
      var seen = {};
      for (var i = 0; i < keys.length; i++) {
        var wanted = shardNames(keys[i], meta);
        for (var j = 0; j < wanted.length; j++) {
          if (!seen.hasOwnProperty(wanted[j])) { seen[wanted[j]] = true; names.push(wanted[j]); }
        }
      }
      loadAll(names, function (shards) {
        var hits = rank(keys, shards, meta, filters);
        if (!hits.length) {
          say("没有找到包含“" + query + "”的文章。请换用更短的关键词，或取消筛选条件。");
          finished();
          return;
        }
        say("找到 " + hits.length + " 篇包含“" + query + "”的文章。");
        showPage(hits, 0, meta, parts);
      });
    });
  }

  /* A changed filter runs the search again through the form, so the address stays bookmarkable. */
  function submitOnChange(id) {
    var field = document.getElementById(id);
    if (field) {
      field.onchange = function () { document.getElementById("search-form").submit(); };
    }
  }

  submitOnChange("search-kind");
  submitOnChange("search-unit");
  submitOnChange("search-year");
  submitOnChange("search-series");
  run();
})();
