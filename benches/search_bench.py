#!/usr/bin/env python3
"""Search benchmark: styrdok's sharded index against Pagefind on the same built site.

For each site (the bundled one, and a generated 1,000-document corpus) it prints:
  - index size on disk (styrdok: search/ + static/search.js; Pagefind: pagefind/
    without its optional UI bundles),
  - bytes a browser downloads for a one-word query, counted by the local HTTP server
    (so requests from workers count too) with a cold cache, once with a plain server
    and once with a server that gzips text responses as most hosts do,
  - query latency measured in the browser (performance.now()), cold (first query on
    the page, data files not loaded yet) and warm (the same query again), median of
    --runs fresh browser sessions,
and the styrdok/Pagefind ratio of bytes per query (the goal is at most 0.5).

What one query means on each side: styrdok's search page shows its first 10 hits
with snippets (search.js + manifest + shards + vocabulary files + text chunks; a
misspelt or diacritic-free word loads the vocabulary file of its first letter and the
shard of the word it is corrected to); Pagefind runs
`search(word)` and loads `data()` of its first 10 results (pagefind.js, its worker,
wasm, entry, meta, index chunks, fragments) - Pagefind's UI bundle is not counted.
Pagefind indexes the same document pages styrdok indexes (--glob */YYYY/index.html).

Standard library only; needs chromium + chromedriver. Everything stays on 127.0.0.1.
Run through benches/search_bench.sh, which builds styrdok and the corpus first.
"""
import argparse
import gzip
import http.server
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

CHROMIUM = "/usr/bin/chromium"
DRIVER = "/usr/bin/chromedriver"
PAGEFIND_UI = ("pagefind-ui.", "pagefind-component-ui.", "pagefind-modular-ui.", "pagefind-highlight.")
TEXT_TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
              ".css": "text/css; charset=utf-8", ".json": "application/json", ".xml": "application/xml"}


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------- HTTP server

class Server:
    """Serves a folder on 127.0.0.1, counting the bytes of every response."""

    def __init__(self, root):
        self.root, self.gzip, self.log, self.lock = root, False, [], threading.Lock()
        bench = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def do_GET(self):
                path = urllib.request.unquote(self.path.split("?")[0])
                if path == "/__bench/reset":
                    with bench.lock:
                        bench.log.clear()
                    return self.reply(200, b"ok", "text/plain", count=False)
                rel = path.lstrip("/")
                if rel == "" or rel.endswith("/"):
                    rel += "index.html"
                full = os.path.realpath(os.path.join(bench.root, rel))
                if not full.startswith(os.path.realpath(bench.root) + os.sep) or not os.path.isfile(full):
                    return self.reply(404, b"not found", "text/plain")
                with open(full, "rb") as f:
                    body = f.read()
                ext = os.path.splitext(full)[1]
                ctype = TEXT_TYPES.get(ext, "application/wasm" if ext == ".wasm" else "application/octet-stream")
                self.reply(200, body, ctype, compress=ext in TEXT_TYPES)

            def reply(self, code, body, ctype, compress=False, count=True):
                headers = {"Content-Type": ctype, "Cache-Control": "no-store"}
                if compress and bench.gzip and "gzip" in self.headers.get("Accept-Encoding", ""):
                    body = gzip.compress(body, 6, mtime=0)
                    headers["Content-Encoding"] = "gzip"
                headers["Content-Length"] = str(len(body))
                self.send_response(code)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)
                if count:
                    with bench.lock:
                        bench.log.append((self.path.split("?")[0], len(body)))

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = "http://127.0.0.1:%d/" % self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def reset(self):
        with self.lock:
            self.log.clear()

    def taken(self, prefixes):
        with self.lock:
            return [(p, n) for p, n in self.log if p.startswith(prefixes)]

    def close(self):
        self.httpd.shutdown()


# ---------------------------------------------------------------- WebDriver

class Browser:
    """A headless Chromium session through chromedriver (fresh profile: cold cache)."""

    def __init__(self, driver_base):
        self.profile = tempfile.mkdtemp(prefix="search-bench-profile-")
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
                     "--user-data-dir=" + self.profile]}}}}
        self.base = driver_base
        self.session = self.post("/session", caps, session=False)["sessionId"]
        self.post("/timeouts", {"script": 120000})

    def post(self, path, body, session=True):
        url = self.base + ("/session/" + self.session if session else "") + path
        req = urllib.request.Request(url, json.dumps(body).encode(), {"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=180) as r:
            return json.load(r)["value"]

    def goto(self, url):
        self.post("/url", {"url": url})

    def run(self, script):
        return self.post("/execute/async", {"script": script, "args": []})

    def close(self):
        try:
            urllib.request.urlopen(urllib.request.Request(self.base + "/session/" + self.session, method="DELETE"), timeout=30)
        except OSError:
            pass
        shutil.rmtree(self.profile, ignore_errors=True)


def start_driver():
    port = free_port()
    proc = subprocess.Popen([DRIVER, "--port=%d" % port], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = "http://127.0.0.1:%d" % port
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/status", timeout=1)
            return proc, base
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit("chromedriver did not start")


STYRDOK_QUERY = """
const done = arguments[arguments.length - 1];
(async () => {
  for (let i = 0; i < 400 && !window.styrdokSearch; i++) await new Promise(r => setTimeout(r, 25));
  const q = document.getElementById('q');
  q.value = %s;
  let t0 = performance.now(); await window.styrdokSearch.run(); const cold = performance.now() - t0;
  t0 = performance.now(); await window.styrdokSearch.run(); const warm = performance.now() - t0;
  done({cold, warm, status: document.getElementById('search-status').textContent,
        shown: document.querySelectorAll('.search-hit').length});
})().catch(e => done({error: String(e)}));
"""

PAGEFIND_QUERY = """
const done = arguments[arguments.length - 1];
(async () => {
  const word = %s;
  let t0 = performance.now();
  const pf = await import('/pagefind/pagefind.js');
  let r = await pf.search(word);
  let data = await Promise.all(r.results.slice(0, 10).map(x => x.data()));
  const cold = performance.now() - t0;
  t0 = performance.now();
  r = await pf.search(word);
  data = await Promise.all(r.results.slice(0, 10).map(x => x.data()));
  const warm = performance.now() - t0;
  done({cold, warm, status: r.results.length + ' results', shown: data.length});
})().catch(e => done({error: String(e)}));
"""


def measure(driver, server, engine, word, gz):
    """One cold-cache query in a fresh session: (bytes, requests, cold ms, warm ms, info)."""
    server.gzip = gz
    b = Browser(driver)
    try:
        if engine == "styrdok":
            server.reset()
            b.goto(server.base + "sok/index.html")
            res = b.run(STYRDOK_QUERY % json.dumps(word))
            taken = server.taken(("/search/", "/static/search.js"))
        else:
            b.goto(server.base + "tillganglighet/index.html")
            server.reset()
            res = b.run(PAGEFIND_QUERY % json.dumps(word))
            taken = server.taken(("/pagefind/",))
    finally:
        b.close()
    if "error" in res:
        raise SystemExit("%s query %r failed: %s" % (engine, word, res["error"]))
    return sum(n for _, n in taken), len(taken), res["cold"], res["warm"], res, breakdown(taken)


def breakdown(taken):
    """Bytes per kind of file: "search.js 15.1 KB, manifest 1.0 KB, 1 shard 3.2 KB, ..."."""
    kinds = {}
    for path, n in taken:
        name = path.rsplit("/", 1)[-1]
        if "/search/i/" in path:
            kind = "shard"
        elif "/search/v/" in path:
            kind = "vocabulary"
        elif "/search/t/" in path:
            kind = "text chunk"
        elif "/pagefind/index/" in path:
            kind = "index chunk"
        elif "/pagefind/fragment/" in path:
            kind = "fragment"
        elif name.endswith(".pf_meta"):
            kind = "meta"
        elif name.startswith("wasm."):
            kind = "wasm"
        else:
            kind = name
        c, b = kinds.get(kind, (0, 0))
        kinds[kind] = (c + 1, b + n)
    return ", ".join("%s%s %s" % ("%d× " % c if c > 1 else "", k, fmt_bytes(b)) for k, (c, b) in kinds.items())


# ---------------------------------------------------------------- sizes, builds

def du(path, skip=()):
    total = files = 0
    for root, _, names in os.walk(path):
        for n in names:
            if not n.startswith(skip):
                total += os.path.getsize(os.path.join(root, n))
                files += 1
    return total, files


def pagefind_binary(explicit):
    if explicit:
        return [explicit]
    for name in ("pagefind_extended", "pagefind"):
        if shutil.which(name):
            return [shutil.which(name)]
    import importlib.util
    for mod, exe in (("pagefind_bin_extended", "pagefind_extended"), ("pagefind_bin", "pagefind")):
        spec = importlib.util.find_spec(mod)
        if spec and spec.origin and os.access(os.path.join(os.path.dirname(spec.origin), exe), os.X_OK):
            return [os.path.join(os.path.dirname(spec.origin), exe)]
    return None


def fmt_bytes(n):
    return "%.1f KB" % (n / 1000) if n < 1e6 else "%.2f MB" % (n / 1e6)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--styrdok", required=True, help="the styrdok binary")
    ap.add_argument("--site", action="append", required=True, help="NAME=ROOT (a styrdok site root)")
    ap.add_argument("--word", action="append",
                    help="query word (default: arbetsträning, arbetstraning without diacritics, arbetstraening misspelt)")
    ap.add_argument("--runs", type=int, default=5, help="fresh browser sessions per measurement")
    ap.add_argument("--pagefind", help="Pagefind binary (default: on PATH or from pip's pagefind[extended])")
    ap.add_argument("--no-pagefind", action="store_true", help="measure styrdok only")
    ap.add_argument("--work", help="work folder (default: a temp dir, removed after)")
    ap.add_argument("--json", help="also write the figures here")
    args = ap.parse_args()
    words = args.word or ["arbetsträning", "arbetstraning", "arbetstraening"]
    work = args.work or tempfile.mkdtemp(prefix="search-bench-")
    pagefind = None if args.no_pagefind else pagefind_binary(args.pagefind)
    if not pagefind and not args.no_pagefind:
        log("Pagefind not found: pip install 'pagefind[extended]' (or --pagefind PATH); comparing nothing")
    driver_proc, driver = start_driver()
    results = []
    try:
        for spec in args.site:
            name, root = spec.split("=", 1)
            out = os.path.join(work, name)
            shutil.rmtree(out, ignore_errors=True)
            t0 = time.perf_counter()
            subprocess.run([args.styrdok, "build", "--quiet", "--root", root, "--output", out], check=True)
            build_s = time.perf_counter() - t0
            ours_disk = du(os.path.join(out, "search"))
            js = os.path.getsize(os.path.join(out, "static", "search.js"))
            row = {"site": name, "build_s": round(build_s, 2),
                   "styrdok": {"disk": ours_disk[0] + js, "files": ours_disk[1] + 1, "search_js": js}}
            if pagefind:
                t0 = time.perf_counter()
                subprocess.run(pagefind + ["--site", out, "--glob", "*/[0-9][0-9][0-9][0-9]/index.html"],
                               check=True, stdout=subprocess.DEVNULL)
                pf_disk = du(os.path.join(out, "pagefind"), PAGEFIND_UI)
                row["pagefind"] = {"disk": pf_disk[0], "files": pf_disk[1], "index_s": round(time.perf_counter() - t0, 2)}
            server = Server(out)
            try:
                for word in words:
                    for engine in ["styrdok"] + (["pagefind"] if pagefind else []):
                        for gz in (False, True):
                            runs = [measure(driver, server, engine, word, gz) for _ in range(args.runs)]
                            key = "%s|%s" % (word, "gzip" if gz else "plain")
                            row[engine][key] = {
                                "bytes": statistics.median(r[0] for r in runs),
                                "requests": statistics.median(r[1] for r in runs),
                                "cold_ms": round(statistics.median(r[2] for r in runs), 1),
                                "warm_ms": round(statistics.median(r[3] for r in runs), 1),
                                "result": runs[0][4]["status"],
                                "files": runs[0][5],
                            }
                            log("%s %s %s %s: %s" % (name, engine, word, key.split("|")[1], row[engine][key]))
            finally:
                server.close()
            results.append(row)
    finally:
        driver_proc.kill()
        driver_proc.wait()
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)

    print()
    print("Search benchmark (median of %d cold-cache browser sessions per figure)" % args.runs)
    for row in results:
        print()
        print("== %s (styrdok build incl. index: %.2f s) ==" % (row["site"], row["build_s"]))
        for engine in ("styrdok", "pagefind"):
            if engine in row:
                e = row[engine]
                print("  %-9s index on disk %10s in %5d files" % (engine, fmt_bytes(e["disk"]), e["files"]))
        for word in words:
            print("  query %r:" % word)
            print("    %-9s %12s %12s %9s %11s %11s  %s" % ("engine", "bytes plain", "bytes gzip", "requests", "cold ms", "warm ms", "result"))
            for engine in ("styrdok", "pagefind"):
                if engine not in row:
                    continue
                p, g = row[engine][word + "|plain"], row[engine][word + "|gzip"]
                print("    %-9s %12s %12s %9d %11.1f %11.1f  %s" % (engine, fmt_bytes(p["bytes"]), fmt_bytes(g["bytes"]),
                                                               p["requests"], p["cold_ms"], p["warm_ms"], p["result"]))
            for engine in ("styrdok", "pagefind"):
                if engine in row:
                    print("      %s, plain: %s" % (engine, row[engine][word + "|plain"]["files"]))
            if "pagefind" in row:
                for mode in ("plain", "gzip"):
                    ratio = row["styrdok"][word + "|" + mode]["bytes"] / row["pagefind"][word + "|" + mode]["bytes"]
                    row.setdefault("ratio", {})[word + "|" + mode] = round(ratio, 3)
                    print("    bytes per query styrdok/Pagefind (%s): %.2f %s" % (mode, ratio, "(goal <= 0.50: met)" if ratio <= 0.5 else "(goal <= 0.50: NOT met)"))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2, ensure_ascii=False)


if __name__ == "__main__":
    main()
