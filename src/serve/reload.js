// styrdok serve: live reload. Added to pages only by `styrdok serve`, never by `build`.
// Listens to the server's event stream. When pages change, the event names them: this
// page, if among them, fetches itself again and patches only the nodes that differ
// (scroll position, focus and other nodes stay); structural changes (theme, other
// stylesheets or scripts, a removed page) reload it. Swaps stylesheets when only CSS
// changed, and shows build errors over the last good page.
(function () {
  "use strict";
  var me = document.currentScript;
  var version = me ? me.getAttribute("data-version") : "";
  var events = me ? me.getAttribute("data-events") : "/__styrdok/events";
  var scrollKey = "styrdok-scroll:" + location.pathname + location.search;

  function store(key, value) {
    try { if (value === null) sessionStorage.removeItem(key); else sessionStorage.setItem(key, value); } catch (e) { /* private mode */ }
  }
  function stored(key) {
    try { return sessionStorage.getItem(key); } catch (e) { return null; }
  }

  var saved = stored(scrollKey);
  if (saved) {
    store(scrollKey, null);
    var xy = saved.split(",");
    var restore = function () { window.scrollTo(+xy[0] || 0, +xy[1] || 0); };
    restore();
    window.addEventListener("load", restore);
  }

  function hardReload() {
    store(scrollKey, window.scrollX + "," + window.scrollY);
    location.reload();
  }

  // This page's file in the site ("a/2025/index.html"), as the server names pages.
  function sitePath() {
    var p = location.pathname.slice(1);
    try { p = decodeURIComponent(p); } catch (e) { /* as is */ }
    return p === "" || p.slice(-1) === "/" ? p + "index.html" : p;
  }

  // What a patch cannot carry over: stylesheets and scripts (the page's own scripts
  // keep state a patch would not match, unless they say they survive).
  function head(doc) {
    return Array.prototype.map.call(doc.querySelectorAll('link[rel~="stylesheet"], script:not([data-events])'), function (n) {
      return n.tagName + (n.getAttribute("href") || "").replace(/[?&]styrdok=[^&]*$/, "") + (n.getAttribute("src") || "");
    }).join("|");
  }
  function ownScripts(doc) {
    return doc.querySelector("script:not([data-events]):not([data-survives-reload]):not([data-keep-on-swap])") !== null;
  }
  // The body's parts outside <main> as the server sent them (scripts may change them
  // later, e.g. the search box): a part is replaced only when the server's changes.
  function parts(body) {
    return Array.prototype.filter.call(body.children, function (n) {
      return n.tagName !== "SCRIPT" && n.id !== "styrdok-overlay";
    });
  }
  var sent = parts(document.body).map(function (n) { return n.tagName === "MAIN" ? "" : n.outerHTML; });

  // Morphs `from` (in this page) into `to` (parsed), touching only what differs.
  function sameKind(a, b) {
    return a.nodeType === b.nodeType && a.nodeName === b.nodeName &&
      (a.nodeType !== 1 || a.id === b.id);
  }
  function morphAttributes(from, to) {
    var i, a;
    for (i = from.attributes.length - 1; i >= 0; i--) {
      a = from.attributes[i];
      if (!to.hasAttribute(a.name)) from.removeAttribute(a.name);
    }
    for (i = 0; i < to.attributes.length; i++) {
      a = to.attributes[i];
      if (from.getAttribute(a.name) !== a.value) from.setAttribute(a.name, a.value);
    }
  }
  function morph(from, to) {
    if (from.nodeType !== 1) {
      if (from.nodeValue !== to.nodeValue) from.nodeValue = to.nodeValue;
      return;
    }
    morphAttributes(from, to);
    var a = from.firstChild, b = to.firstChild, next;
    while (b) {
      next = b.nextSibling;
      if (!a) {
        from.appendChild(document.adoptNode(b));
      } else if (a.isEqualNode(b)) {
        a = a.nextSibling;
      } else if (a.nextSibling && a.nextSibling.isEqualNode(b)) {
        // `a` was removed.
        var gone = a;
        a = a.nextSibling;
        from.removeChild(gone);
        continue;
      } else if (next && next.isEqualNode(a) || !sameKind(a, b)) {
        // `b` was inserted (or cannot become `a`).
        var byId = b.nodeType === 1 && b.id ? document.getElementById(b.id) : null;
        if (byId && byId.parentNode === from && byId !== a) {
          from.insertBefore(byId, a);
          morph(byId, b);
        } else {
          from.insertBefore(document.adoptNode(b), a);
        }
      } else {
        morph(a, b);
        a = a.nextSibling;
      }
      b = next;
    }
    while (a) {
      next = a.nextSibling;
      from.removeChild(a);
      a = next;
    }
  }

  // Brings this page up to date with the server's copy, in place.
  var wanted = 0;
  function patch() {
    if (ownScripts(document) || !window.DOMParser || !window.fetch) return hardReload();
    var ticket = ++wanted;
    fetch(location.href, { cache: "no-store", redirect: "manual" }).then(function (r) {
      if (!r.ok) throw new Error("status " + r.status);
      return r.text();
    }).then(function (html) {
      if (ticket !== wanted) return; // a newer change is on its way
      var doc = new DOMParser().parseFromString(html, "text/html");
      var mine = parts(document.body), theirs = doc.body ? parts(doc.body) : [];
      var shape = function (list) { return list.map(function (n) { return n.tagName + "#" + n.id + "." + n.className; }).join(); };
      if (ownScripts(doc) || head(doc) !== head(document) || shape(mine) !== shape(theirs)) return hardReload();
      var fresh = doc.querySelector("script[data-events]");
      if (fresh) version = fresh.getAttribute("data-version");
      hideError();
      if (document.title !== doc.title) document.title = doc.title;
      theirs.forEach(function (n, i) {
        if (n.tagName === "MAIN") return morph(mine[i], n);
        if (n.outerHTML === sent[i]) return;
        sent[i] = n.outerHTML;
        mine[i].replaceWith(document.adoptNode(n));
      });
      morphAttributes(document.body, doc.body);
      var when = Date.now();
      document.documentElement.setAttribute("data-styrdok-updated", String(when));
      // When the patched page was next drawn (the live-reload benchmark reads it).
      requestAnimationFrame(function () {
        setTimeout(function () { document.documentElement.setAttribute("data-styrdok-drawn", String(Date.now())); }, 0);
      });
    }).catch(hardReload);
  }

  // An event about changed pages: is this one of them, and can it be patched?
  function pagesChanged(d) {
    if (d.full) return hardReload();
    if (d.pages && d.pages.indexOf(sitePath()) < 0) {
      version = d.version;
      return;
    }
    patch();
  }

  function swapStylesheets(v) {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin) return;
      url.searchParams.set("styrdok", v);
      var fresh = link.cloneNode(false);
      fresh.href = url.href;
      var done = function () { link.remove(); };
      fresh.addEventListener("load", done);
      fresh.addEventListener("error", done);
      link.after(fresh);
    });
  }

  // True when this page loaded one of `paths` (site-relative; folders end in "/").
  function usesAny(paths) {
    var used = performance.getEntriesByType("resource").map(function (r) {
      try { return new URL(r.name).pathname; } catch (e) { return ""; }
    });
    return paths.some(function (p) {
      var abs = "/" + p;
      return used.some(function (u) { return p.slice(-1) === "/" ? u.indexOf(abs) === 0 : u === abs; });
    });
  }

  var overlay = null;
  function hideError() {
    if (overlay) overlay.remove();
    overlay = null;
  }
  function showError(e) {
    hideError();
    overlay = document.createElement("div");
    overlay.id = "styrdok-overlay";
    overlay.setAttribute("role", "alert");
    Object.assign(overlay.style, {
      position: "fixed", left: "0", right: "0", bottom: "0", zIndex: "2147483647",
      maxHeight: "60vh", overflow: "auto", margin: "0", padding: "1rem 1.25rem",
      background: "#fff4f4", color: "#5c0000", borderTop: "4px solid #c00",
      font: "15px/1.45 system-ui, sans-serif", boxShadow: "0 -2px 12px rgba(0,0,0,.25)"
    });
    var title = document.createElement("strong");
    title.textContent = e.title;
    title.style.display = "block";
    var where = document.createElement("code");
    where.className = "styrdok-location";
    where.textContent = e.location;
    Object.assign(where.style, { display: "block", margin: ".5rem 0", fontSize: "16px", fontWeight: "bold" });
    var message = document.createElement("pre");
    message.className = "styrdok-message";
    message.textContent = e.message;
    Object.assign(message.style, { whiteSpace: "pre-wrap", margin: "0 0 .5rem", font: "14px/1.4 ui-monospace, monospace" });
    var note = document.createElement("p");
    note.textContent = e.note;
    note.style.margin = "0";
    overlay.appendChild(title);
    if (e.location) overlay.appendChild(where);
    overlay.appendChild(message);
    overlay.appendChild(note);
    document.body.appendChild(overlay);
  }

  function parse(ev) {
    try { return JSON.parse(ev.data); } catch (e) { return {}; }
  }

  var source = null;
  function connect() {
    source = new EventSource(events);
    source.addEventListener("hello", function (ev) {
      var d = parse(ev);
      // The server restarted (or a build finished while this page was loading).
      if (d.version !== version) return hardReload();
      if (d.error) showError(d.error); else hideError();
    });
    source.addEventListener("reload", function (ev) {
      // A page that opened its stream after this build already shows it.
      var d = parse(ev);
      if (d.version !== version) pagesChanged(d);
    });
    source.addEventListener("css", function (ev) {
      version = parse(ev).version;
      hideError();
      swapStylesheets(version);
    });
    source.addEventListener("assets", function (ev) {
      // No page changed, only files some pages use (scripts, data, the search index).
      var d = parse(ev);
      hideError();
      if (usesAny(d.paths || [])) patch(); else version = d.version;
    });
    source.addEventListener("failed", function (ev) { showError(parse(ev)); });
    source.addEventListener("fixed", hideError);
    source.onerror = function () {
      // The browser retries by itself unless the stream was closed for good.
      if (source.readyState === EventSource.CLOSED) {
        source = null;
        setTimeout(connect, 500);
      }
    };
  }
  connect();
})();
