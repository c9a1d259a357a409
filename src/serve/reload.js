// styrdok serve: live reload. Added to pages only by `styrdok serve`, never by `build`.
// Listens to the server's event stream: reloads the page (keeping the scroll position),
// swaps stylesheets when only CSS changed, and shows build errors over the last good page.
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

  // The page's stylesheets, ignoring the version a stylesheet swap added.
  function sheets(doc) {
    return Array.prototype.map.call(doc.querySelectorAll('link[rel~="stylesheet"]'), function (l) {
      return (l.getAttribute("href") || "").replace(/[?&]styrdok=[^&]*$/, "");
    }).join("|");
  }
  // Scripts other than this one: such pages get a real reload (their state is theirs),
  // unless a script says it survives a new <body> (the citation copy buttons do; the
  // header search listens on document).
  function ownScripts(doc) {
    return doc.querySelector("script:not([data-events]):not([data-survives-reload]):not([data-keep-on-swap])") !== null;
  }

  // A soft reload: fetch the page again and put its body in place. Faster than a
  // reload (nothing else is fetched, styles stay), and the scroll position stays.
  var wanted = 0;
  function reload() {
    if (ownScripts(document) || !window.DOMParser || !window.fetch) return hardReload();
    var ticket = ++wanted;
    fetch(location.href, { cache: "no-store", redirect: "manual" }).then(function (r) {
      if (!r.ok) throw new Error("status " + r.status);
      return r.text();
    }).then(function (html) {
      if (ticket !== wanted) return; // a newer change is on its way
      var doc = new DOMParser().parseFromString(html, "text/html");
      if (ownScripts(doc) || !doc.body || sheets(doc) !== sheets(document)) return hardReload();
      var fresh = doc.querySelector("script[data-events]");
      if (fresh) version = fresh.getAttribute("data-version");
      var x = window.scrollX, y = window.scrollY;
      hideError();
      document.title = doc.title;
      document.documentElement.replaceChild(document.adoptNode(doc.body), document.body);
      window.scrollTo(x, y);
      document.documentElement.setAttribute("data-styrdok-updated", String(Date.now()));
    }).catch(hardReload);
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
      if (parse(ev).version !== version) reload();
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
      if (usesAny(d.paths || [])) reload(); else version = d.version;
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
