/* styrdok search: loads the manifest, then only the index shards and text chunks a
   query needs, as <script> files (works over http(s), under a sub-path and from
   file://). Tokenizing, stemming and ranking mirror src/search/ (query.rs). */
(function () {
  "use strict";
  var form = document.getElementById("search-page-form");
  if (!form) return;
  var $ = function (id) { return document.getElementById(id); };
  var input = $("q"), status = $("search-status"), out = $("search-results");
  var selSeries = $("filter-series"), selYear = $("filter-year");
  var manifestUrl = form.getAttribute("data-manifest");
  var base = manifestUrl.slice(0, manifestUrl.lastIndexOf("/") + 1);
  var root = form.getAttribute("data-root") || "";
  // Relative links (site opened from disk) name index.html explicitly.
  var index = /^([a-z][a-z0-9+.-]*:|\/)/i.test(root) ? "" : "index.html";
  var T = function (k) { return form.getAttribute("data-t-" + k) || ""; };
  var PAGE = 10, PREFIX_SHARDS = 2, PREFIX_MIN = 3;

  /* ---- loading data files ---- */
  var cache = {}, loading = {};
  window.styrdokSok = function (key, data) { cache[key] = data; };
  function load(key) {
    if (key in cache) return Promise.resolve(cache[key]);
    if (!loading[key]) loading[key] = new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      // A stalled download fails after a while (and may be tried again), not never.
      var timer = setTimeout(function () { fail(); }, 20000);
      function fail() { clearTimeout(timer); s.remove(); delete loading[key]; reject(new Error(key)); }
      s.src = base + key + ".js";
      s.onload = function () { clearTimeout(timer); s.remove(); key in cache ? resolve(cache[key]) : fail(); };
      s.onerror = fail;
      document.head.appendChild(s);
    });
    return loading[key];
  }

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
      return { key: t.kind === "w" ? stem(t.text) : t.text, prefix: t.text };
    });
    var open = !/\s$/.test(q);
    terms.forEach(function (t, i) {
      if (!(open && i === terms.length - 1 && t.prefix.length >= PREFIX_MIN)) t.prefix = null;
    });
    return terms;
  }

  /* ---- manifest, shards, postings ---- */
  var M = null;
  function manifest() {
    return load("manifest").then(function (m) {
      if (M) return M;
      var stop = {}, docs = [], first = 0;
      m.stop.split(" ").forEach(function (w) { stop[w] = 1; });
      var shards = m.shards ? m.shards.split(" ").map(function (s) { s = s.split("|"); return { first: s[0], hash: s[1] }; }) : [];
      m.series.split(" ").filter(Boolean).forEach(function (line) {
        var p = line.split("|");
        for (var i = 2; i < p.length; i++) {
          var yc = p[i].split(":");
          docs.push({ series: p[0], hash: p[1], year: +yc[0], first: first });
          first += +yc[1];
        }
      });
      M = { n: m.n, stop: stop, shards: shards, docs: docs };
      return M;
    });
  }
  function lastAtMost(list, x, get) {
    var lo = 0, hi = list.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (get(list[mid]) <= x) lo = mid + 1; else hi = mid; }
    return Math.max(lo - 1, 0);
  }
  function shardOf(t) { return lastAtMost(M.shards, t, function (s) { return s.first; }); }
  function docOf(e) { return M.docs[lastAtMost(M.docs, e, function (d) { return d.first; })]; }
  var A = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", DIG = {};
  for (var a = 0; a < 64; a++) DIG[A[a]] = a;
  var decoded = {};
  function postings(shard, term) {
    var id = shard.hash + " " + term;
    if (decoded[id]) return decoded[id];
    var s = cache["i/" + shard.hash][term], nums = [], v = 0, mul = 1;
    for (var i = 0; i < s.length; i++) {
      var d = DIG[s[i]];
      v += (d & 31) * mul;
      if (d < 32) { nums.push(v); v = 0; mul = 1; } else mul *= 32;
    }
    var out = [], next = 0;
    for (i = 0; i + 1 < nums.length; i += 2) {
      var e = next + nums[i], x = nums[i + 1];
      out.push({ entry: e, weight: (x >> 1) & 15, part: x & 1, chunk: Math.floor(x / 32) });
      next = e + 1;
    }
    return (decoded[id] = out);
  }
  function shardsFor(t) {
    var need = [shardOf(t.key)];
    if (t.prefix) {
      var a = shardOf(t.prefix), b = shardOf(t.prefix + "\uffff");
      if (b - a < PREFIX_SHARDS) for (var i = a; i <= b; i++) need.push(i);
      else t.prefix = null;
    }
    return need;
  }
  function idf(df) { return Math.round(Math.log(1 + (M.n - df + 0.5) / (df + 0.5)) * 100); }
  function matches(t) {
    var out = new Map();
    function add(list, exact) {
      var w = idf(list.length);
      list.forEach(function (p) {
        var m = [p.part ? 0 : exact ? 2 : 1, w * p.weight, p.chunk], b = out.get(p.entry);
        if (!b || m[0] > b[0] || (m[0] === b[0] && m[1] > b[1])) out.set(p.entry, m);
      });
    }
    var s = M.shards[shardOf(t.key)], data = cache["i/" + s.hash];
    if (Object.prototype.hasOwnProperty.call(data, t.key)) add(postings(s, t.key), true);
    if (t.prefix) {
      var a = shardOf(t.prefix), b = shardOf(t.prefix + "\uffff");
      for (var i = a; i <= b; i++) {
        var sh = M.shards[i], terms = cache["i/" + sh.hash];
        for (var term in terms) {
          if (term !== t.key && term.lastIndexOf(t.prefix, 0) === 0) add(postings(sh, term), false);
        }
      }
    }
    return out;
  }
  // Results [{entry, doc, tier, score, chunk}], best first.
  function search(q, filter) {
    return manifest().then(function () {
      var terms = parse(q, M.stop);
      if (!terms.length || !M.shards.length) return { terms: terms, hits: [] };
      var need = {};
      terms.forEach(function (t) { shardsFor(t).forEach(function (i) { need[M.shards[i].hash] = 1; }); });
      return Promise.all(Object.keys(need).map(function (h) { return load("i/" + h); })).then(function () {
        var acc = matches(terms[0]);
        terms.slice(1).forEach(function (t) {
          var m = matches(t);
          acc.forEach(function (v, e) {
            var o = m.get(e);
            if (!o) acc.delete(e);
            else { v[0] = Math.min(v[0], o[0]); v[1] += o[1]; }
          });
        });
        var hits = [];
        acc.forEach(function (v, e) {
          var d = docOf(e);
          if ((!filter.series || filter.series === d.series) && (!filter.year || filter.year === d.year)) {
            hits.push({ entry: e, doc: d, tier: v[0], score: v[1], chunk: v[2] });
          }
        });
        hits.sort(function (x, y) {
          return y.tier - x.tier || y.score - x.score || y.doc.year - x.doc.year || x.entry - y.entry;
        });
        return { terms: terms, hits: hits };
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

  /* ---- UI ---- */
  var seq = 0, state = null, timer = null;
  function say(text) { status.textContent = text; }
  function count(n, docs) {
    return n + " " + (n === 1 ? T("hit") : T("hits")) + " " + T("in-documents").replace("{n}", docs);
  }
  function chunkKey(h) { return "t/" + h.doc.hash + "-" + h.doc.year + "-" + h.chunk; }
  function render(focusFrom) {
    var my = seq, shown = state.hits.slice(0, state.shown);
    return Promise.all(shown.map(function (h) { return load(chunkKey(h)); })).then(function () {
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
        var c = cache[chunkKey(g.hits[0])], li = document.createElement("li"), h2 = document.createElement("h2");
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
          var data = cache[chunkKey(h)], local = h.entry - h.doc.first, item = null;
          data.e.forEach(function (it) { if (it[0] === local && !item) item = it; });
          if (!item) return;
          var hl = document.createElement("li"), link = document.createElement("a");
          hl.className = "search-hit";
          link.href = root + data.u + index + (item[1] ? "#" + item[1] : "");
          marked(link, item[2], state.terms, 0, item[2].length);
          link.setAttribute("data-rank", state.hits.indexOf(h));
          hl.appendChild(link);
          hl.appendChild(snippet(item[3], state.terms));
          list.appendChild(hl);
        });
        li.appendChild(list);
        ol.appendChild(li);
      });
      out.textContent = "";
      out.appendChild(ol);
      if (state.hits.length > state.shown) {
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
    return { series: selSeries ? selSeries.value : "", year: selYear && selYear.value ? +selYear.value : 0 };
  }
  function remember(q, f) {
    try {
      var p = new URLSearchParams();
      if (q) p.set("q", q);
      if (f.series) p.set("serie", f.series);
      if (f.year) p.set("ar", f.year);
      var s = p.toString();
      history.replaceState(null, "", location.pathname + (s ? "?" + s : ""));
    } catch (e) { /* file:// may refuse; the search still works */ }
  }
  function run() {
    clearTimeout(timer);
    var q = input.value, f = filters(), my = ++seq;
    remember(q, f);
    if (!q.trim()) { out.textContent = ""; say(""); return Promise.resolve(); }
    say(T("loading"));
    return search(q, f).then(function (r) {
      if (my !== seq) return;
      state = { terms: r.terms, hits: r.hits, shown: PAGE };
      if (!r.hits.length) { out.textContent = ""; say(T("none")); return; }
      var docs = new Set(r.hits.map(function (h) { return h.doc; })).size;
      return render().then(function () { if (my === seq) say(count(r.hits.length, docs)); });
    }).catch(function () { if (my === seq) say(T("error")); });
  }
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 150); });
  form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
  [selSeries, selYear].forEach(function (s) { if (s) s.addEventListener("change", run); });
  // Arrow keys move between the field and the result links; Escape goes back.
  form.addEventListener("keydown", function (e) {
    if (e.target === input && e.key === "ArrowDown") {
      var first = out.querySelector(".search-hit a");
      if (first) { e.preventDefault(); first.focus(); }
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
  if (params.get("q")) { input.value = params.get("q"); run(); }

  // For tests and tools: the same search without the page.
  window.styrdokSearch = { stem: stem, tokens: tokens, parse: parse, run: run,
    search: function (q, f) { return search(q, f || {}); } };
})();
