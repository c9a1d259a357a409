/* styrdok search: loads the manifest, then only the index shards, vocabulary files and
   document texts a query needs, as <script> files (works over http(s), under a sub-path
   and from file://); each holds its JSON deflated and in base 64 (src/search/encode.rs). Tokenizing, stemming, folding, correction and ranking mirror
   src/search/ (query.rs, resolve.rs, rank.rs). Two front ends: the search page
   (#search-page-form) and the header box on every other page (a combobox). */
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var pageForm = $("search-page-form");
  var headerForm = document.querySelector("form.search-form[data-manifest]");
  var host = pageForm || headerForm;
  if (!host || window.styrdokSearch) return;
  var manifestUrl = host.getAttribute("data-manifest");
  var base = manifestUrl.slice(0, manifestUrl.lastIndexOf("/") + 1);
  var root = host.getAttribute("data-root") || "";
  // Relative links (site opened from disk) name index.html explicitly.
  var index = /^([a-z][a-z0-9+.-]*:|\/)/i.test(root) ? "" : "index.html";
  var T = function (k) { return host.getAttribute("data-t-" + k) || ""; };
  var PAGE = 10, FIRST = 4, PREFIX_SHARDS = 2, PREFIX_MIN = 3, VARIANT_SHARDS = 2, SPLIT_MIN = 6, PART_MIN = 3, SUGGESTIONS = 3, LONGEST = 48;

  /* ---- loading data files ---- */
  var cache = {}, loading = {}, packed = {};
  window.styrdokSok = function (key, data) { packed[key] = data; };
  // Base 64 → raw deflate → JSON.
  function unpack(b64) {
    var bin = atob(b64), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
    return new Response(stream).text().then(JSON.parse);
  }
  function load(key) {
    if (key in cache) return Promise.resolve(cache[key]);
    if (!loading[key]) loading[key] = new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      // A stalled download fails after a while (and may be tried again), not never.
      var timer = setTimeout(function () { fail(); }, 20000);
      function fail() { clearTimeout(timer); s.remove(); delete loading[key]; reject(new Error(key)); }
      s.src = base + key + ".js";
      s.onload = function () {
        clearTimeout(timer); s.remove();
        if (!(key in packed)) return fail();
        var data = packed[key];
        delete packed[key];
        unpack(data).then(function (v) { cache[key] = v; resolve(v); }, fail);
      };
      s.onerror = fail;
      document.head.appendChild(s);
    });
    return loading[key];
  }
  function loadAll(keys) { return Promise.all(keys.map(load)); }

  /* ---- Snowball Swedish stemmer (as rust-stemmers) ---- */
  var VOWELS = "aeiouyäåö", S_END = "bcdfghjklmnoprtvy";
  var STEP1 = "heterna hetens anden heten heter arnas ernas ornas andes arens andet arna erna orna ande arne aste aren ades erns ade are ern ens het ast ad en ar er or as es at a e s".split(" ");
  var STEP3 = ["fullt", "löst", "lig", "els", "ig"];
  function isV(c) { return VOWELS.indexOf(c) >= 0; }
  function r1(w) {
    if (w.length < 3) return w.length;
    var i = 0;
    while (i < w.length && !isV(w[i])) i++;
    while (i < w.length && isV(w[i])) i++;
    return i >= w.length ? w.length : Math.max(i + 1, 3);
  }
  function suffix(w, list, p1) {
    for (var i = 0; i < list.length; i++) {
      var s = list[i];
      if (w.length - s.length >= p1 && w.slice(-s.length) === s) return s;
    }
    return null;
  }
  function stem(w) {
    var p1 = r1(w), s = suffix(w, STEP1, p1);
    if (s === "s") { if (S_END.indexOf(w.charAt(w.length - 2)) >= 0 && w.length >= 2) w = w.slice(0, -1); }
    else if (s) w = w.slice(0, -s.length);
    if (suffix(w, ["dd", "gd", "nn", "dt", "gt", "kt", "tt"], p1)) w = w.slice(0, -1);
    s = suffix(w, STEP3, p1);
    if (s === "löst") w = w.slice(0, -1);
    else if (s === "fullt") w = w.slice(0, -1);
    else if (s) w = w.slice(0, -s.length);
    return w;
  }

  /* ---- tokenizer (as tokenize.rs) ---- */
  var ALNUM = /[\p{Alphabetic}\p{N}]/u, DIGIT = /\p{N}/u, MARK = /[\u0300-\u036f]/;
  var CONNECT = "-/.:,", NUMSPACE = " \u00a0\u202f\u2009";
  function normalize(t) {
    return t.replace(/([aAoO])([\u030a\u0308])/g, function (m, c, d) {
      c = c.toLowerCase();
      return d === "\u030a" ? (c === "a" ? "å" : m) : (c === "a" ? "ä" : "ö");
    }).toLowerCase();
  }
  function runs(text) {
    var out = [], cur = null;
    for (var i = 0; i < text.length; i++) {
      var c = text[i];
      if (ALNUM.test(c) || (cur && MARK.test(c))) {
        if (!cur) cur = { start: i, end: i, digit: false, all: true };
        var d = DIGIT.test(c);
        cur.end = i + 1; cur.digit = cur.digit || d; cur.all = cur.all && d;
      } else if (cur) { out.push(cur); cur = null; }
    }
    if (cur) out.push(cur);
    return out;
  }
  function between(text, a, b, set) {
    return b.start - a.end === 1 && set.indexOf(text[a.end]) >= 0;
  }
  function codeLink(text, a, b) { return (a.digit || b.digit) && between(text, a, b, CONNECT); }
  function numLink(text, a, b) { return b.all && b.end - b.start === 3 && between(text, a, b, NUMSPACE); }
  // Tokens {text, start, end, kind: "w" word | "a" atom | "j" joined}; parts too when withParts.
  function tokens(text, withParts) {
    var r = runs(text), out = [], i = 0;
    while (i < r.length) {
      var j = i;
      while (j + 1 < r.length && codeLink(text, r[j], r[j + 1])) j++;
      var code = j > i;
      if (!code && r[i].all && r[i].end - r[i].start <= 3) {
        while (j + 1 < r.length && numLink(text, r[j], r[j + 1]) && !(j + 2 < r.length && codeLink(text, r[j + 1], r[j + 2]))) j++;
      }
      if (j === i || withParts) {
        for (var k = i; k <= j; k++) {
          out.push({ text: normalize(text.slice(r[k].start, r[k].end)), start: r[k].start, end: r[k].end, kind: r[k].digit ? "a" : "w" });
        }
      }
      if (j > i) {
        var joined = "";
        if (code) joined = normalize(text.slice(r[i].start, r[j].end));
        else for (k = i; k <= j; k++) joined += text.slice(r[k].start, r[k].end);
        out.push({ text: joined, start: r[i].start, end: r[j].end, kind: "j" });
      }
      i = j + 1;
    }
    return out;
  }
  function parse(q, stop) {
    var terms = tokens(q, false).filter(function (t) {
      return t.kind !== "w" || (t.text.length > 1 && !stop[t.text]);
    }).map(function (t) {
      return { key: t.kind === "w" ? stem(t.text) : t.text, prefix: t.text, text: t.text, word: t.kind === "w", start: t.start, end: t.end };
    });
    var open = !/\s$/.test(q);
    terms.forEach(function (t, i) {
      if (!(open && i === terms.length - 1 && t.prefix.length >= PREFIX_MIN)) t.prefix = null;
    });
    return terms;
  }

  /* ---- folding and edit distance (as fuzzy.rs) ---- */
  var FOLD = { "å": "a", "ä": "a", "à": "a", "á": "a", "â": "a", "ã": "a", "ö": "o", "ø": "o", "ò": "o", "ó": "o", "ô": "o", "õ": "o",
    "é": "e", "è": "e", "ê": "e", "ë": "e", "ü": "u", "ú": "u", "ù": "u", "û": "u", "í": "i", "ì": "i", "î": "i", "ï": "i",
    "ý": "y", "ÿ": "y", "ç": "c", "ñ": "n" };
  function fold(w) {
    var out = "";
    for (var i = 0; i < w.length; i++) out += FOLD[w[i]] || w[i];
    return out;
  }
  function allowance(n) { return n <= 2 ? 0 : n <= 5 ? 1 : 2; }
  // Optimal string alignment distance, or -1 when above max.
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return -1;
    var before = [], prev = [], row = [], j;
    for (j = 0; j <= b.length; j++) { before.push(0); prev.push(j); row.push(0); }
    for (var i = 1; i <= a.length; i++) {
      row[0] = i;
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var v = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, before[j - 2] + 1);
        row[j] = v;
        if (v < best) best = v;
      }
      if (best > max) return -1;
      var t = before; before = prev; prev = row; row = t;
    }
    return prev[b.length] <= max ? prev[b.length] : -1;
  }

  /* ---- manifest, shards, vocabulary, postings ---- */
  var M = null;
  function ranges(list) {
    return list ? list.split(" ").map(function (s) { s = s.split("|"); return { first: s[0], hash: s[1] }; }) : [];
  }
  function manifest() {
    return load("manifest").then(function (m) {
      if (M) return M;
      var stop = {}, docs = [], first = 0;
      m.stop.split(" ").forEach(function (w) { stop[w] = 1; });
      m.series.split(" ").filter(Boolean).forEach(function (line) {
        var p = line.split("|");
        for (var i = 2; i < p.length; i++) {
          var yc = p[i].split(":");
          docs.push({ series: p[0], hash: p[1], year: +yc[0], first: first });
          first += +yc[1];
        }
      });
      M = { n: m.n, stop: stop, shards: ranges(m.shards), vocab: ranges(m.vocab), docs: docs };
      return M;
    });
  }
  function lastAtMost(list, x, get) {
    var lo = 0, hi = list.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (get(list[mid]) <= x) lo = mid + 1; else hi = mid; }
    return Math.max(lo - 1, 0);
  }
  function first(s) { return s.first; }
  function shardOf(t) { return lastAtMost(M.shards, t, first); }
  function shardKey(i) { return "i/" + M.shards[i].hash; }
  function partOf(c) { return c && M.vocab.length ? lastAtMost(M.vocab, c, first) : -1; }
  function partKey(i) { return "v/" + M.vocab[i].hash; }
  function docOf(e) { return M.docs[lastAtMost(M.docs, e, function (d) { return d.first; })]; }
  function prefixShards(p) {
    var a = shardOf(p), b = shardOf(p + "\uffff");
    return b - a < PREFIX_SHARDS ? [a, b] : null;
  }
  var A = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", DIG = {};
  for (var a = 0; a < 64; a++) DIG[A[a]] = a;
  var decoded = {};
  function has(key) {
    var data = cache[shardKey(shardOf(key))];
    return Object.prototype.hasOwnProperty.call(data, key);
  }
  function postings(key) {
    var hash = M.shards[shardOf(key)].hash, id = hash + " " + key;
    if (decoded[id]) return decoded[id];
    var data = cache["i/" + hash];
    if (!Object.prototype.hasOwnProperty.call(data, key)) return null;
    var s = data[key], nums = [], v = 0, mul = 1;
    for (var i = 0; i < s.length; i++) {
      var d = DIG[s[i]];
      v += (d & 31) * mul;
      if (d < 32) { nums.push(v); v = 0; mul = 1; } else mul *= 32;
    }
    var out = [], next = 0;
    for (i = 0; i + 1 < nums.length; i += 2) {
      var e = next + nums[i], x = nums[i + 1];
      out.push({ entry: e, weight: x >> 1, part: x & 1 });
      next = e + 1;
    }
    return (decoded[id] = out);
  }
  function prefixTerms(p, key) {
    var r = prefixShards(p), out = [];
    for (var i = r[0]; i <= r[1]; i++) {
      Object.keys(cache[shardKey(i)]).sort().forEach(function (t) {
        if (t !== key && t.lastIndexOf(p, 0) === 0) out.push(t);
      });
    }
    return out;
  }
  var words = {};
  // The words of vocabulary file i: [{key, folded, freq, surface}] in folded order.
  function vocabWords(i) {
    if (i < 0) return [];
    if (words[i]) return words[i];
    return (words[i] = cache[partKey(i)].split(" ").filter(Boolean).map(function (e) {
      var at = e.search(/[0-9]/), key = e.slice(0, at);
      return { key: key, folded: fold(key), freq: +e[at], surface: key + e.slice(at + 1) };
    }));
  }

  /* ---- resolving a term (as resolve.rs) ---- */
  function ending(text) { var s = stem(text); return text.lastIndexOf(s, 0) === 0 ? text.slice(s.length) : ""; }
  function nearness(stemFolded, wordFolded, w, max) {
    var k = distance(stemFolded, w.folded, max), f = distance(wordFolded, fold(w.surface), max);
    if (k >= 0 && f >= 0 && f < k) return [f, true];
    if (k >= 0) return [k, false];
    if (f >= 0) return [f, true];
    return null;
  }
  function nearest(stemFolded, wordFolded, list, max) {
    var best = null;
    list.forEach(function (w) {
      var n = nearness(stemFolded, wordFolded, w, max);
      if (n && (!best || n[0] < best[0] || (n[0] === best[0] && w.freq > best[2].freq))) best = [n[0], n[1], w];
    });
    return best;
  }
  function variant(key, prefix, exact) { return { key: key, prefix: prefix, exact: exact }; }
  // Loads what `keys` name (shards by term, vocabulary files by index), then runs f.
  function withShards(terms, f) {
    var need = {};
    terms.forEach(function (t) { need[shardKey(shardOf(t))] = 1; });
    return loadAll(Object.keys(need)).then(f);
  }
  function withParts(parts, f) {
    return loadAll(parts.filter(function (i) { return i >= 0; }).map(partKey)).then(f);
  }
  function diacriticVariants(t) {
    var key = t.key, list = vocabWords(partOf(key[0])), shards = [shardOf(key)], added = 0, out = [];
    if (t.prefix) { var r = prefixShards(t.prefix); for (var i = r[0]; i <= r[1]; i++) shards.push(i); }
    var cands = list.filter(function (w) { return w.folded === key && w.key !== key; }).map(function (w) { return [w, false]; });
    if (t.prefix) {
      var p = t.prefix;
      list.forEach(function (w) {
        if (w.folded.lastIndexOf(p, 0) === 0 && w.folded !== key && w.key !== w.folded && w.key.lastIndexOf(p, 0) !== 0) cands.push([w, true]);
      });
    }
    cands.forEach(function (c) {
      var s = shardOf(c[0].key);
      if (shards.indexOf(s) < 0) {
        if (added === VARIANT_SHARDS) return;
        shards.push(s); added++;
      }
      out.push(variant(c[0].key, c[1], false));
    });
    return out;
  }
  function correction(t) {
    var fk = fold(t.key), fw = fold(t.text), max = allowance(fk.length);
    if (max === 0) return Promise.resolve(null);
    var p1 = partOf(fk[0]), p2 = partOf(fk[1]);
    function tryPart(i) {
      var list = vocabWords(i), n = nearest(fk, fw, list, max);
      if (!n) return null;
      var w = n[2], shard = shardOf(w.key), also = list.filter(function (o) {
        if (o.key === w.key || shardOf(o.key) !== shard) return false;
        var m = nearness(fk, fw, o, n[0]);
        return m && m[0] === n[0];
      });
      return [w, w.surface, also];
    }
    return withParts([p1], function () {
      var r = tryPart(p1);
      if (r || p2 < 0 || p2 === p1) return r;
      return withParts([p2], function () { return tryPart(p2); });
    });
  }
  function split(t) {
    var fw = fold(t.text);
    if (fw.length < SPLIT_MIN || fw.length > LONGEST) return Promise.resolve(null);
    var p0 = partOf(fw[0]);
    return withParts([p0], function () {
      var firsts = vocabWords(p0).filter(function (w) {
        var n = w.folded.length;
        return n >= PART_MIN && fw.length - Math.min(n, fw.length) >= PART_MIN && fw.lastIndexOf(w.folded, 0) === 0;
      });
      firsts.sort(function (a, b) { return b.folded.length - a.folded.length || b.freq - a.freq; });
      var plans = [];
      firsts.slice(0, 2).forEach(function (f) {
        var rest = fw.slice(f.folded.length), rests = [rest];
        if (rest[0] === "s" && f.folded.slice(-1) !== "s" && rest.length > PART_MIN) rests.push(rest.slice(1));
        rests.forEach(function (r) { plans.push([f, r]); });
      });
      return withParts(plans.map(function (p) { return partOf(p[1][0]); }), function () {
        var best = null;
        plans.forEach(function (p) {
          var r = p[1], n = nearest(fold(stem(r)), r, vocabWords(partOf(r[0])), allowance(r.length));
          if (n && (!best || n[0] < best[0])) {
            best = [n[0], p[0], n[2], p[0].surface + " " + n[2].surface];
          }
        });
        return best && best.slice(1);
      });
    });
  }
  function suggest(t) {
    var fk = fold(t.key), fw = fold(t.text);
    if (fk.length < 3 || fk.length > LONGEST) return [];
    var max = (fk.length >> 1) + 1, near = [], out = [];
    vocabWords(partOf(fk[0])).forEach(function (w) {
      var n = nearness(fk, fw, w, max);
      if (n) near.push([n[0], w.freq, w]);
    });
    near.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    for (var i = 0; i < near.length && out.length < SUGGESTIONS; i++) {
      if (out.indexOf(near[i][2].surface) < 0) out.push(near[i][2].surface);
    }
    return out;
  }
  // What a term searches for: {groups: [[variant]], display, suggestions}; the data it
  // needs is loaded on the way.
  function resolve(t, literal) {
    var variants = [];
    if (has(t.key)) variants.push(variant(t.key, false, true));
    if (t.prefix) prefixTerms(t.prefix, t.key).forEach(function (k) { variants.push(variant(k, true, true)); });
    var done = function (groups, display, suggestions) {
      var keys = [];
      groups.forEach(function (g) { g.forEach(function (v) { keys.push(v.key); }); });
      return withShards(keys, function () { return { groups: groups, display: display || null, suggestions: suggestions || [] }; });
    };
    if (!t.word || literal) return done([variants]);
    var asTyped = variants.length > 0;
    var step = Promise.resolve();
    if (fold(t.text) === t.text) {
      step = withParts([partOf(t.key[0])], function () {
        var alts = diacriticVariants(t), display = null;
        if (!asTyped && alts.length) {
          var v = alts[0];
          display = v.prefix ? v.key.slice(0, t.text.length) : v.key + ending(t.text);
        }
        variants = variants.concat(alts);
        return display;
      });
    }
    return step.then(function (display) {
      if (variants.length) return done([variants], display);
      return correction(t).then(function (c) {
        if (c) {
          // A word still being typed also finds the longer words the correction starts.
          var key = c[0].key, r = t.prefix ? prefixShards(key) : null, shards = [];
          if (r) for (var i = r[0]; i <= r[1]; i++) shards.push(shardKey(i));
          return loadAll(shards).then(function () {
            var group = [variant(key, false, false)].concat(c[2].map(function (w) { return variant(w.key, false, false); }));
            if (r) prefixTerms(key, key).forEach(function (k) { group.push(variant(k, true, false)); });
            return done([group], c[1]);
          });
        }
        return split(t).then(function (s) {
          if (s) return done([[variant(s[0].key, false, false)], [variant(s[1].key, false, false)]], s[2]);
          return withParts([partOf(fold(t.key)[0])], function () { return done([[]], null, suggest(t)); });
        });
      });
    });
  }

  /* ---- matching and order (as query.rs, rank.rs) ---- */
  function idf(df) { return Math.round(Math.log(1 + (M.n - df + 0.5) / (df + 0.5)) * 100); }
  function matches(group) {
    var out = new Map();
    group.forEach(function (v) {
      var list = postings(v.key);
      if (!list) return;
      var w = idf(list.length);
      list.forEach(function (p) {
        var tier = (p.part ? 0 : v.prefix ? 1 : 2) * 2 + (v.exact ? 1 : 0);
        var m = [tier, w * p.weight], b = out.get(p.entry);
        if (!b || m[0] > b[0] || (m[0] === b[0] && m[1] > b[1])) out.set(p.entry, m);
      });
    });
    return out;
  }
  function clearlyBetter(a, b) { return a.tier > b.tier || (a.tier === b.tier && 2 * a.score > 3 * b.score); }
  function order(hits) {
    hits.sort(function (x, y) {
      return y.tier - x.tier || y.score - x.score || y.doc.year - x.doc.year || x.entry - y.entry;
    });
    var docs = [], at = new Map();
    hits.forEach(function (h) {
      if (!at.has(h.doc)) { at.set(h.doc, docs.length); docs.push([]); }
      docs[at.get(h.doc)].push(h);
    });
    var placed = docs.slice(), out = new Array(docs.length);
    for (var i = 0; i < placed.length; i++) {
      if (!placed[i]) continue;
      var series = placed[i][0].doc.series, places = [], remaining = [];
      for (var j = i; j < placed.length; j++) {
        if (placed[j] && placed[j][0].doc.series === series) { places.push(j); remaining.push(placed[j]); placed[j] = null; }
      }
      remaining.sort(function (a, b) { return b[0].doc.year - a[0].doc.year; });
      places.forEach(function (slot) {
        var best = 0;
        for (var k = 1; k < remaining.length; k++) {
          var a = remaining[k][0], b = remaining[best][0];
          if (a.tier > b.tier || (a.tier === b.tier && (a.score > b.score || (a.score === b.score && a.doc.year > b.doc.year)))) best = k;
        }
        var pick = clearlyBetter(remaining[best][0], remaining[0][0]) ? best : 0;
        out[slot] = remaining.splice(pick, 1)[0];
      });
    }
    return [].concat.apply([], out);
  }
  function correctedQuery(q, terms, resolved) {
    if (resolved.every(function (r) { return r.display === null; })) return null;
    var out = "", at = 0;
    terms.forEach(function (t, i) {
      var d = resolved[i].display;
      if (d !== null) { out += q.slice(at, t.start) + d; at = t.end; }
    });
    return (out + q.slice(at)).trim();
  }
  // {terms, hits: [{entry, doc, tier, score}], corrected, suggestions}, best first.
  function search(q, filter) {
    return manifest().then(function () {
      var terms = parse(q, M.stop);
      if (!terms.length || !M.shards.length) return { terms: terms, hits: [], corrected: null, suggestions: [] };
      var need = {};
      terms.forEach(function (t) {
        need[shardKey(shardOf(t.key))] = 1;
        if (t.prefix) {
          var r = prefixShards(t.prefix);
          if (!r) t.prefix = null;
          else for (var i = r[0]; i <= r[1]; i++) need[shardKey(i)] = 1;
        }
        if (t.word && !filter.literal && fold(t.text) === t.text && M.vocab.length) need[partKey(partOf(t.key[0]))] = 1;
      });
      return loadAll(Object.keys(need)).then(function () {
        return Promise.all(terms.map(function (t) { return resolve(t, filter.literal); }));
      }).then(function (resolved) {
        var acc = null;
        resolved.forEach(function (r) {
          r.groups.forEach(function (g) {
            var m = matches(g);
            if (!acc) { acc = m; return; }
            acc.forEach(function (v, e) {
              var o = m.get(e);
              if (!o) acc.delete(e);
              else { v[0] = Math.min(v[0], o[0]); v[1] += o[1]; }
            });
          });
        });
        var hits = [];
        acc.forEach(function (v, e) {
          var d = docOf(e);
          if ((!filter.series || filter.series === d.series) && (!filter.year || filter.year === d.year)) {
            hits.push({ entry: e, doc: d, tier: v[0], score: v[1] });
          }
        });
        hits = order(hits);
        var sugg = [];
        if (!hits.length) resolved.some(function (r) { return r.suggestions.length && (sugg = r.suggestions); });
        // Terms as searched, for highlighting: corrected keys count as typed.
        var marks = terms.slice();
        resolved.forEach(function (r) {
          r.groups.forEach(function (g) { g.forEach(function (v) { if (!v.exact) marks.push({ key: v.key, prefix: v.prefix ? v.key : null, word: true }); }); });
        });
        return { terms: marks, hits: hits, corrected: correctedQuery(q, terms, resolved), suggestions: sugg };
      });
    });
  }

  /* ---- snippets ---- */
  function isMatch(tok, terms) {
    return terms.some(function (t) {
      if (tok.kind !== "w") return tok.text === t.key;
      return stem(tok.text) === t.key || (t.prefix && tok.text.lastIndexOf(t.prefix, 0) === 0) ||
        (t.key.length >= 3 && tok.text.indexOf(t.key) >= 0);
    });
  }
  // Appends text[from, to) to el, with the words matching the query in <mark>.
  function marked(el, text, terms, from, to) {
    var at = from;
    tokens(text, true).forEach(function (m) {
      if (m.start < at || m.end > to || !isMatch(m, terms)) return;
      el.appendChild(document.createTextNode(text.slice(at, m.start)));
      var mk = document.createElement("mark");
      mk.textContent = text.slice(m.start, m.end);
      el.appendChild(mk);
      at = m.end;
    });
    el.appendChild(document.createTextNode(text.slice(at, to)));
    return el;
  }
  // About 220 characters around the first match.
  function snippet(text, terms) {
    var first = tokens(text, true).filter(function (t) { return isMatch(t, terms); })[0];
    var from = 0, to;
    if (first && first.start > 70) {
      from = text.indexOf(" ", first.start - 70) + 1;
      if (from <= 0 || from > first.start) from = first.start;
    }
    to = Math.min(text.length, from + 220);
    if (to < text.length) {
      var cut = text.lastIndexOf(" ", to);
      if (cut > (first ? first.end : from)) to = cut;
    }
    var p = document.createElement("p");
    if (from > 0) p.appendChild(document.createTextNode("… "));
    marked(p, text, terms, from, to);
    if (to < text.length) p.appendChild(document.createTextNode(" …"));
    return p;
  }

  /* ---- shared rendering ---- */
  function count(n, docs) {
    return n + " " + (n === 1 ? T("hit") : T("hits")) + " " + T("in-documents").replace("{n}", docs);
  }
  function docCount(hits) { return new Set(hits.map(function (h) { return h.doc; })).size; }
  function textKey(h) { return "t/" + h.doc.hash + "-" + h.doc.year; }
  // The text item [anchor, heading, text] of a hit (its document's text loaded).
  function itemOf(h) { return cache[textKey(h)].e[h.entry - h.doc.first] || null; }
  function hrefOf(h, item) { var data = cache[textKey(h)]; return root + data.u + index + (item[0] ? "#" + item[0] : ""); }
  function searchHref(q, literal) {
    var p = new URLSearchParams();
    p.set("q", q);
    if (literal) p.set("exakt", "1");
    return (pageForm ? "" : host.getAttribute("action")) + "?" + p.toString();
  }
  function em(text, href) {
    var e = document.createElement("em");
    e.textContent = text;
    if (!href) return e;
    var a = document.createElement("a");
    a.href = href;
    a.appendChild(e);
    return a;
  }
  // "Visar träffar för X. Sök i stället på Y." / "Menade du: a, b?" into el.
  function explain(el, q, r, withLink) {
    el.textContent = "";
    if (r.corrected) {
      el.appendChild(document.createTextNode(T("showing") + " "));
      el.appendChild(em(r.corrected));
      el.appendChild(document.createTextNode(". "));
      if (withLink) {
        el.appendChild(document.createTextNode(T("instead") + " "));
        el.appendChild(em(q.trim(), searchHref(q.trim(), true)));
        el.appendChild(document.createTextNode("."));
      }
    } else if (r.suggestions.length && withLink) {
      el.appendChild(document.createTextNode(T("did-you-mean") + " "));
      r.suggestions.forEach(function (s, i) {
        if (i) el.appendChild(document.createTextNode(", "));
        el.appendChild(em(s, searchHref(s, false)));
      });
      el.appendChild(document.createTextNode("?"));
    }
    el.hidden = !el.firstChild;
  }

  /* ---- the search page ---- */
  function searchPage() {
    var input = $("q"), status = $("search-status"), out = $("search-results"), note = $("search-correction");
    var selSeries = $("filter-series"), selYear = $("filter-year");
    var seq = 0, state = null, timer = null, literal = false;
    function say(text) { status.textContent = text; }
    function render(focusFrom) {
      var my = seq, shown = state.hits.slice(0, state.shown);
      return loadAll(shown.map(textKey)).then(function () {
        if (my !== seq) return;
        var groups = [], byDoc = new Map();
        shown.forEach(function (h) {
          var g = byDoc.get(h.doc);
          if (!g) { g = { doc: h.doc, hits: [] }; byDoc.set(h.doc, g); groups.push(g); }
          g.hits.push(h);
        });
        var ol = document.createElement("ol");
        ol.className = "search-groups";
        groups.forEach(function (g) {
          var c = cache[textKey(g.hits[0])], li = document.createElement("li"), h2 = document.createElement("h2");
          li.className = "search-group";
          var a = document.createElement("a");
          a.href = root + c.u + index;
          a.textContent = c.d;
          var y = document.createElement("span");
          y.className = "search-year";
          y.textContent = " (" + g.doc.year + ")";
          h2.appendChild(a); h2.appendChild(y); li.appendChild(h2);
          var list = document.createElement("ol");
          g.hits.forEach(function (h) {
            var item = itemOf(h);
            if (!item) return;
            var hl = document.createElement("li"), link = document.createElement("a");
            hl.className = "search-hit";
            link.href = hrefOf(h, item);
            marked(link, item[1], state.terms, 0, item[1].length);
            link.setAttribute("data-rank", state.hits.indexOf(h));
            hl.appendChild(link);
            hl.appendChild(snippet(item[2], state.terms));
            list.appendChild(hl);
          });
          li.appendChild(list);
          ol.appendChild(li);
        });
        out.textContent = "";
        out.appendChild(ol);
        if (state.hits.length > state.shown && !state.partial) {
          var more = document.createElement("button");
          more.type = "button"; more.id = "search-more"; more.textContent = T("more");
          more.addEventListener("click", function () {
            var from = state.shown;
            state.shown += PAGE;
            render(from).catch(function () { say(T("error")); });
          });
          out.appendChild(more);
        }
        if (focusFrom !== undefined) {
          var next = out.querySelector('a[data-rank="' + focusFrom + '"]');
          if (next) next.focus();
        }
      });
    }
    function filters() {
      return { series: selSeries ? selSeries.value : "", year: selYear && selYear.value ? +selYear.value : 0, literal: literal };
    }
    function remember(q, f) {
      try {
        var p = new URLSearchParams();
        if (q) p.set("q", q);
        if (f.series) p.set("serie", f.series);
        if (f.year) p.set("ar", f.year);
        if (f.literal) p.set("exakt", "1");
        var s = p.toString();
        history.replaceState(null, "", location.pathname + (s ? "?" + s : ""));
      } catch (e) { /* file:// may refuse; the search still works */ }
    }
    function run() {
      clearTimeout(timer);
      var q = input.value, f = filters(), my = ++seq;
      remember(q, f);
      if (!q.trim()) { out.textContent = ""; say(""); explain(note, q, { suggestions: [] }, true); return Promise.resolve(); }
      say(T("loading"));
      return search(q, f).then(function (r) {
        if (my !== seq) return;
        // The first few hits as soon as their text is in, then the whole first page.
        state = { terms: r.terms, hits: r.hits, shown: FIRST, partial: r.hits.length > FIRST };
        explain(note, q, r, true);
        if (!r.hits.length) { out.textContent = ""; say(T("none")); return; }
        return render().then(function () {
          if (my !== seq || !state.partial) return;
          state.shown = PAGE; state.partial = false;
          return render();
        }).then(function () { if (my === seq) say(count(r.hits.length, docCount(r.hits))); });
      }).catch(function () { if (my === seq) say(T("error")); });
    }
    // Typing drops the "as typed" mode of the link that asked for it.
    input.addEventListener("input", function () { literal = false; clearTimeout(timer); timer = setTimeout(run, 25); });
    pageForm.addEventListener("submit", function (e) { e.preventDefault(); run(); });
    input.addEventListener("focus", function () { manifest().catch(function () {}); });
    [selSeries, selYear].forEach(function (s) { if (s) s.addEventListener("change", run); });
    // Arrow keys move between the field and the result links; Escape goes back.
    pageForm.addEventListener("keydown", function (e) {
      if (e.target === input && e.key === "ArrowDown") {
        var firstHit = out.querySelector(".search-hit a");
        if (firstHit) { e.preventDefault(); firstHit.focus(); }
      }
    });
    out.addEventListener("keydown", function (e) {
      var links = Array.prototype.slice.call(out.querySelectorAll(".search-hit a")), i = links.indexOf(document.activeElement);
      if (i < 0) return;
      if (e.key === "ArrowDown" && i + 1 < links.length) { e.preventDefault(); links[i + 1].focus(); }
      else if (e.key === "ArrowUp") { e.preventDefault(); (i > 0 ? links[i - 1] : input).focus(); }
      else if (e.key === "Escape") { e.preventDefault(); input.focus(); }
    });
    var params = new URLSearchParams(location.search);
    if (params.get("serie") && selSeries) selSeries.value = params.get("serie");
    if (params.get("ar") && selYear) selYear.value = params.get("ar");
    literal = params.get("exakt") === "1";
    if (params.get("q")) { input.value = params.get("q"); run(); }
    return run;
  }

  /* ---- the header box: a combobox with a listbox of the first hits ---- */
  var POPUP = 6;
  // Set up on first use (and again after a live-reload body swap: listeners sit on document).
  function combobox(form, input) {
    if (input.getAttribute("data-combobox")) return input._combo;
    var id = input.id + "-list", popup = document.createElement("div"), note = document.createElement("p");
    var list = document.createElement("ul"), live = document.createElement("div");
    popup.className = "search-popup";
    popup.hidden = true;
    note.className = "search-popup-note";
    note.hidden = true;
    list.id = id;
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", T("results"));
    live.className = "visually-hidden";
    live.setAttribute("role", "status");
    live.setAttribute("aria-live", "polite");
    popup.appendChild(note);
    popup.appendChild(list);
    form.appendChild(popup);
    form.appendChild(live);
    input.setAttribute("data-combobox", "1");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id);
    var seq = 0, timer = null, active = -1;
    function options() { return Array.prototype.slice.call(list.querySelectorAll("[role=option]")); }
    function open(yes) {
      popup.hidden = !yes;
      input.setAttribute("aria-expanded", yes ? "true" : "false");
      if (!yes) activate(-1);
    }
    function activate(i) {
      var opts = options();
      active = i;
      opts.forEach(function (o, k) { o.setAttribute("aria-selected", k === i ? "true" : "false"); });
      if (i >= 0 && opts[i]) {
        input.setAttribute("aria-activedescendant", opts[i].id);
        if (opts[i].scrollIntoView) opts[i].scrollIntoView({ block: "nearest" });
      } else input.removeAttribute("aria-activedescendant");
    }
    function option(k, main, sub, action) {
      var li = document.createElement("li");
      li.id = id + "-" + k;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.className = "search-option";
      li.appendChild(main);
      if (sub) {
        var s = document.createElement("span");
        s.className = "search-option-doc";
        s.textContent = sub;
        li.appendChild(s);
      }
      li._action = action;
      li.addEventListener("mousedown", function (e) { e.preventDefault(); });
      li.addEventListener("click", function () { action(); });
      return li;
    }
    function go(href) { location.href = href; }
    function submit() {
      if (form.requestSubmit) form.requestSubmit(); else form.submit();
    }
    function run() {
      clearTimeout(timer);
      var q = input.value, my = ++seq;
      if (!q.trim()) { open(false); live.textContent = ""; return Promise.resolve(); }
      return search(q, {}).then(function (r) {
        var top = r.hits.slice(0, POPUP);
        return loadAll(top.map(textKey)).then(function () {
          if (my !== seq) return;
          list.textContent = "";
          explain(note, q, r, false);
          top.forEach(function (h, k) {
            var item = itemOf(h);
            if (!item) return;
            var title = item[1] || cache[textKey(h)].d;
            var main = marked(document.createElement("span"), title, r.terms, 0, title.length);
            main.className = "search-option-title";
            var href = hrefOf(h, item);
            var o = option(k, main, cache[textKey(h)].d + " (" + h.doc.year + ")", function () { go(href); });
            o.setAttribute("data-href", href);
            list.appendChild(o);
          });
          if (r.hits.length) {
            var all = document.createElement("span");
            all.className = "search-option-all";
            all.textContent = T("all").replace("{n}", r.hits.length);
            list.appendChild(option("all", all, "", submit));
          } else {
            var none = document.createElement("span");
            none.textContent = T("none");
            note.hidden = false;
            note.textContent = T("none") + (r.suggestions.length ? " " + T("did-you-mean") : "");
            r.suggestions.forEach(function (s, k) {
              var w = document.createElement("span");
              w.textContent = s;
              list.appendChild(option("s" + k, w, "", function () { input.value = s; input.focus(); run(); }));
            });
          }
          active = -1;
          input.removeAttribute("aria-activedescendant");
          open(true);
          live.textContent = r.hits.length ? count(r.hits.length, docCount(r.hits)) : T("none");
        });
      }).catch(function () { if (my === seq) live.textContent = T("error"); });
    }
    function keydown(e) {
      var opts = options(), expanded = !popup.hidden;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (!opts.length) return;
        e.preventDefault();
        if (!expanded) { open(true); activate(e.key === "ArrowDown" ? 0 : opts.length - 1); return; }
        var n = opts.length, i = active;
        i = e.key === "ArrowDown" ? (i + 1 >= n ? -1 : i + 1) : (i < 0 ? n - 1 : i - 1);
        activate(i);
      } else if (e.key === "Enter") {
        if (expanded && active >= 0 && opts[active]) { e.preventDefault(); opts[active]._action(); }
      } else if (e.key === "Escape") {
        if (expanded) { e.preventDefault(); open(false); }
        else if (input.value) { e.preventDefault(); input.value = ""; live.textContent = ""; }
      } else if (e.key === "Tab") open(false);
    }
    input._combo = {
      input: function () { clearTimeout(timer); activate(-1); timer = setTimeout(run, 25); },
      keydown: keydown,
      close: function () { open(false); },
      run: run,
      popup: popup
    };
    return input._combo;
  }
  function boxOf(target) {
    if (!target || !target.matches || !target.matches("form.search-form[data-manifest] input[type=search]")) return null;
    return combobox(target.form, target);
  }
  function setupHeader() {
    document.addEventListener("focusin", function (e) {
      if (boxOf(e.target)) manifest().catch(function () {});
    });
    document.addEventListener("input", function (e) { var c = boxOf(e.target); if (c) c.input(); });
    document.addEventListener("keydown", function (e) { var c = boxOf(e.target); if (c) c.keydown(e); });
    document.addEventListener("focusout", function (e) {
      var c = boxOf(e.target);
      if (c && !(e.relatedTarget && c.popup.contains(e.relatedTarget))) c.close();
    });
    document.addEventListener("click", function (e) {
      var form = document.querySelector("form.search-form[data-manifest]"), input = form && form.querySelector("input[type=search]");
      if (input && input._combo && !form.contains(e.target)) input._combo.close();
    });
  }

  // After live reload swapped the page in place, the index may be a new one.
  if (window.MutationObserver) new MutationObserver(function () {
    M = null; words = {}; decoded = {}; delete cache.manifest;
  }).observe(document.documentElement, { attributes: true, attributeFilter: ["data-styrdok-updated"] });

  var pageRun = pageForm ? searchPage() : null;
  if (headerForm) {
    setupHeader();
    // Loaded on first use (static/search-box.js): take over the box as it is now.
    var box = boxOf(document.activeElement);
    if (box) {
      manifest().catch(function () {});
      if (document.activeElement.value) box.input();
    }
  }

  // For tests and tools: the same search without the page.
  window.styrdokSearch = { stem: stem, tokens: tokens, parse: parse, fold: fold, distance: distance, run: pageRun,
    search: function (q, f) { return search(q, f || {}); } };
})();
