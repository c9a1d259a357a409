/* styrdok: compares any two years of a series. Pairs without a page of their own are
   assembled from the change logs' data (jamfor.js, loaded as a <script>, so this works
   over http(s), under a sub-path and from file://): per section, the redlines of
   every step in between, as the change logs show them. Nothing is diffed here; the
   redlines are made by styrdok's Rust diff. Pairs with a page of their own are
   opened directly. */
(function () {
  "use strict";
  var out = document.getElementById("compare-result");
  if (!out) return;
  var status = document.getElementById("compare-status");
  var T = function (k) { return out.getAttribute("data-t-" + k) || ""; };
  var params = new URLSearchParams(location.search);
  var from = parseInt(params.get("fran"), 10), to = parseInt(params.get("till"), 10);
  if (isNaN(from) || isNaN(to)) return;
  if (from > to) { var x = from; from = to; to = x; }
  var selFrom = document.getElementById("fran"), selTo = document.getElementById("till");
  if (selFrom) selFrom.value = String(from);
  if (selTo) selTo.value = String(to);
  if (from === to) { status.textContent = T("same"); return; }
  var own = document.querySelector('a[data-pair="' + from + "-" + to + '"]');
  if (own) { location.replace(own.href); return; }

  status.textContent = T("loading");
  // The data is raw-deflated JSON in base 64 (a third of the bytes of plain JSON).
  window.styrdokJamfor = function (b64) {
    unpack(b64).then(render).catch(function () { status.textContent = T("error"); });
  };
  function unpack(b64) {
    var bin = atob(b64), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
    return new Response(stream).text().then(JSON.parse);
  }
  var s = document.createElement("script");
  s.src = out.getAttribute("data-src");
  s.onerror = function () { status.textContent = T("error"); };
  document.head.appendChild(s);

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text != null) e.textContent = text;
    return e;
  }
  function link(url, text) { return el("a", { href: url }, text); }

  function render(data) {
    var years = data.years.map(function (y) { return y.year; });
    var a = years.indexOf(from), c = years.indexOf(to);
    if (a < 0 || c < 0) { status.textContent = T("error"); return; }
    var inA = {};
    data.years[a].sections.forEach(function (s) { inA[s[0]] = s[1]; });
    var inC = {};
    data.years[c].sections.forEach(function (s) { inC[s[0]] = s[1]; });
    // Per section key: the steps (year e-1 → e, a < e ≤ c) whose change log lists it.
    var steps = {}, removedAt = {};
    for (var e = a + 1; e <= c; e++) {
      var st = data.steps[e - 1];
      st.changed.concat(st.added).forEach(function (it) {
        (steps[it.key] = steps[it.key] || []).push({ step: st, entry: it.e });
      });
      st.removed.forEach(function (it) { removedAt[it.key] = { step: st, entry: it.e }; });
    }
    var title = T("compare") + " " + from + " " + T("with") + " " + to;
    document.getElementById("compare-title").textContent = title;
    document.title = title + " – " + document.title;
    out.textContent = "";
    var lead = el("p", { "class": "lead" });
    lead.appendChild(link(data.years[a].url, String(from)));
    lead.appendChild(document.createTextNode(" → "));
    lead.appendChild(link(data.years[c].url, String(to)));
    out.appendChild(lead);
    var how = el("p", {}, T("assembled") + " ");
    for (e = a + 1; e <= c; e++) {
      how.appendChild(link(data.steps[e - 1].url, T("changes") + " " + years[e - 1] + "–" + years[e]));
      if (e < c) how.appendChild(document.createTextNode(", "));
    }
    out.appendChild(how);
    out.appendChild(el("p", { "class": "legend" }, T("legend")));

    var changed = [], added = [], unchanged = [], removed = [];
    data.years[c].sections.forEach(function (s) {
      var key = s[0];
      if (!(key in inA)) added.push(s);
      else if (steps[key]) changed.push(s);
      else unchanged.push(s);
    });
    data.years[a].sections.forEach(function (s) { if (!(s[0] in inC)) removed.push(s); });

    var sum = el("ul", { "class": "summary" });
    [[changed, "count-changed", "changed"], [added, "count-added", "added"],
     [removed, "count-removed", "removed"], [unchanged, "count-unchanged", "unchanged"]]
      .forEach(function (r) {
        if (!r[0].length) return;
        var li = el("li", { "class": "sum-" + r[2] });
        li.appendChild(el("span", { "class": "count" }, String(r[0].length)));
        li.appendChild(document.createTextNode(" " + T(r[1])));
        sum.appendChild(li);
      });
    var sumSec = el("section", { "aria-labelledby": "sammanfattning" });
    sumSec.appendChild(el("h2", { id: "sammanfattning" }, T("summary")));
    sumSec.appendChild(sum);
    out.appendChild(sumSec);

    function article(s, cls, idPrefix) {
      var key = s[0], art = el("article", { "class": "change" + cls, "aria-labelledby": idPrefix + key });
      var h = el("h3", { id: idPrefix + key });
      h.appendChild(key in inC ? link(data.years[c].url + "#" + key, s[1]) : link(data.years[a].url + "#" + key, s[1]));
      art.appendChild(h);
      var list = (steps[key] || []).slice();
      if (removedAt[key]) list.push(removedAt[key]);
      if (!list.length) art.appendChild(el("p", {}, T("none")));
      list.forEach(function (x) { art.appendChild(step(x.step, x.entry, key)); });
      return art;
    }
    function step(st, en, key) {
      var box = el("section", { "class": "step", "aria-label": T("changes") + " " + st.year });
      var h = el("h4");
      var i = years.indexOf(st.year);
      h.appendChild(link(st.url + "#" + en.id, T("changes") + " " + years[i - 1] + "–" + st.year));
      box.appendChild(h);
      var meta = el("p", { "class": "change-meta" });
      en.tags.forEach(function (t) { meta.appendChild(el("span", { "class": "badge" }, t)); meta.appendChild(document.createTextNode(" ")); });
      if (en.old_title && en.old_title !== en.title && en.url) {
        var was = el("span", { "class": "was" }, T("was") + " (" + years[i - 1] + "): ");
        en.old_urls.forEach(function (l, j) {
          if (j) was.appendChild(document.createTextNode(", "));
          was.appendChild(link(l.url, l.label));
        });
        meta.appendChild(was);
      }
      if (meta.childNodes.length) box.appendChild(meta);
      if (en.figures && en.figures.length) {
        var ul = el("ul", { "class": "figure-list" });
        en.figures.forEach(function (f) {
          var li = el("li", {}, f.context ? f.context + ": " : "");
          li.appendChild(el("del", {}, f.old));
          li.appendChild(document.createTextNode(" → "));
          li.appendChild(el("ins", {}, f.new));
          ul.appendChild(li);
        });
        box.appendChild(ul);
      }
      var cls = en.url ? (key in inA || i - 1 > a ? "diff" : "diff inserted") : "diff deleted";
      var diff = el("div", { "class": cls });
      // Made by styrdok's Rust diff from escaped text (the change log shows the same HTML).
      diff.innerHTML = en.html;
      box.appendChild(diff);
      return box;
    }
    function group(list, id, label, cls, idPrefix) {
      if (!list.length) return;
      var sec = el("section", { "aria-labelledby": id });
      sec.appendChild(el("h2", { id: id }, label + " (" + list.length + ")"));
      list.forEach(function (s) { sec.appendChild(article(s, cls, idPrefix)); });
      out.appendChild(sec);
    }
    group(changed, "andrade", T("changed"), "", "");
    group(added, "nya", T("added"), " added", "");
    group(removed, "borttagna", T("removed"), " removed", "borttaget-");
    if (unchanged.length) {
      var sec = el("section", { "aria-labelledby": "oforandrade" });
      sec.appendChild(el("h2", { id: "oforandrade" }, T("unchanged") + " (" + unchanged.length + ")"));
      var det = el("details");
      det.appendChild(el("summary", {}, T("unchanged")));
      var ul = el("ul");
      unchanged.forEach(function (s) {
        var li = el("li");
        li.appendChild(link(data.years[c].url + "#" + s[0], s[1]));
        ul.appendChild(li);
      });
      det.appendChild(ul);
      sec.appendChild(det);
      out.appendChild(sec);
    }
    status.textContent = title;
  }
})();
